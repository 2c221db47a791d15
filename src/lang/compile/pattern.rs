//! Patterns and guards.
//!
//! A pattern compiles to tests that jump to `fail` when the value does not
//! fit, and extractions that bind variables to registers. A variable seen
//! twice in one pattern must match the same value; `^x` matches the value
//! `x` already has. Guards compile like expressions, except that anything
//! that would raise makes the guard fail instead.

use super::expr::{literal, split_tail};
use super::{CResult, CompileError, FnCx};
use crate::lang::ast::Ast;
use crate::term::{inspect, Term};
use crate::vm::code::{Label, Reg};
use crate::vm::ops::Op;
use std::collections::BTreeMap;

impl FnCx<'_, '_> {
    /// Matches the value in `v` against `pat`, binding its variables into
    /// the current scope; jumps to `fail` when it does not match.
    pub(crate) fn pattern(&mut self, pat: &Ast, v: Reg, fail: Label) -> CResult<()> {
        let mut bound = BTreeMap::new();
        self.pat(pat, v, fail, &mut bound)?;
        let mut lines = BTreeMap::new();
        var_lines(pat, &mut lines);
        for (name, reg) in bound {
            self.bind_pattern_var(&name, reg, &lines);
        }
        Ok(())
    }

    /// Matches several values (a clause's arguments) at once, so a
    /// variable repeated across them must be equal.
    pub(crate) fn patterns(&mut self, pats: &[&Ast], vs: &[Reg], fail: Label) -> CResult<()> {
        let mut bound = BTreeMap::new();
        let mut lines = BTreeMap::new();
        for (p, v) in pats.iter().zip(vs) {
            self.pat(p, *v, fail, &mut bound)?;
            var_lines(p, &mut lines);
        }
        for (name, reg) in bound {
            self.bind_pattern_var(&name, reg, &lines);
        }
        Ok(())
    }

    /// Binds a variable a pattern matched; one that appears twice in the
    /// pattern (`fn x, x -> ...`) is used by the pattern itself.
    fn bind_pattern_var(&mut self, name: &str, reg: Reg, lines: &BTreeMap<String, (u32, u32)>) {
        match lines.get(name) {
            Some((line, 1)) => self.scopes.bind_at(name, reg, *line),
            _ => self.scopes.bind(name, reg),
        }
    }

    fn pat(
        &mut self,
        pat: &Ast,
        v: Reg,
        fail: Label,
        bound: &mut BTreeMap<String, Reg>,
    ) -> CResult<()> {
        self.unit.enter(pat.line())?;
        let r = self.pat_node(pat, v, fail, bound);
        self.unit.depth -= 1;
        r
    }

    fn pat_node(
        &mut self,
        pat: &Ast,
        v: Reg,
        fail: Label,
        bound: &mut BTreeMap<String, Reg>,
    ) -> CResult<()> {
        let line = pat.line();
        // A map pattern matches any map holding those keys: never a literal.
        let map_pattern = matches!(pat.as_call(), Some(("%{}", _, _)));
        if let Some(t) = literal(pat).filter(|_| !map_pattern && !contains_map(pat)) {
            let k = self.b.constant(t);
            self.b.emit(Op::IsEqConst { src: v, k, fail });
            return Ok(());
        }
        match pat {
            Ast::Pair(a, b) => return self.pat_tuple(&[a, b], v, fail, bound),
            Ast::List(items) => return self.pat_list(items, v, fail, bound),
            _ => {}
        }
        if let Some((name, _)) = pat.as_var() {
            if name.starts_with('_') {
                return Ok(());
            }
            if name == "__MODULE__" {
                let k = self.b.constant(Term::Atom(self.unit.name));
                self.b.emit(Op::IsEqConst { src: v, k, fail });
                return Ok(());
            }
            match bound.get(name) {
                Some(prev) => {
                    let prev = *prev;
                    self.b.emit(Op::IsEq {
                        a: v,
                        b: prev,
                        fail,
                    });
                }
                None => {
                    bound.insert(name.to_string(), v);
                }
            }
            return Ok(());
        }
        let Some((name, args, _)) = pat.as_call() else {
            return Err(self.invalid_pattern(pat));
        };
        match (name, args) {
            ("^", [inner]) => {
                let Some((var, _)) = inner.as_var() else {
                    return Err(CompileError::new(
                        line,
                        "invalid argument for unary operator ^",
                    ));
                };
                let Some(r) = self.scopes.lookup(var) else {
                    return Err(CompileError::new(
                        line,
                        format!("undefined variable ^{var}"),
                    ));
                };
                self.b.emit(Op::IsEq { a: v, b: r, fail });
            }
            ("=", [a, b]) => {
                self.pat(a, v, fail, bound)?;
                self.pat(b, v, fail, bound)?;
            }
            ("{}", items) => {
                let items: Vec<&Ast> = items.iter().collect();
                self.pat_tuple(&items, v, fail, bound)?;
            }
            ("%{}", pairs) => {
                self.b.emit(Op::IsMap { src: v, fail });
                self.pat_pairs(pairs, v, fail, bound, line)?;
            }
            ("%", [name_ast, fields]) => {
                self.b.emit(Op::IsMap { src: v, fail });
                let key = self.b.alloc()?;
                self.load_const(key, Term::atom("__struct__"));
                let s = self.b.alloc()?;
                self.b.emit(Op::GetMapKey {
                    dst: s,
                    map: v,
                    key,
                    fail,
                });
                match self.static_module(name_ast)? {
                    Some(module) => {
                        let k = self.b.constant(Term::Atom(module));
                        self.b.emit(Op::IsEqConst { src: s, k, fail });
                    }
                    None => self.pat(name_ast, s, fail, bound)?,
                }
                let Some(("%{}", pairs, _)) = fields.as_call() else {
                    return Err(self.invalid_pattern(pat));
                };
                self.pat_pairs(pairs, v, fail, bound, line)?;
            }
            ("<<>>", segments) => self.pat_binary(segments, v, fail, bound, line)?,
            ("<>", [prefix, rest]) => {
                let Some(Term::Binary(_)) = literal(prefix) else {
                    return Err(CompileError::new(
                        line,
                        "the left argument of <> operator inside a match should always be a literal binary because its size can't be verified",
                    ));
                };
                let segs = vec![
                    Ast::call(
                        "::",
                        vec![prefix.clone(), Ast::var("binary", prefix.meta())],
                        prefix.meta(),
                    ),
                    Ast::call(
                        "::",
                        vec![rest.clone(), Ast::var("binary", rest.meta())],
                        rest.meta(),
                    ),
                ];
                self.pat_binary(&segs, v, fail, bound, line)?;
            }
            ("++", [Ast::List(prefix), rest]) => {
                let mut items = prefix.clone();
                let Some(last) = items.pop() else {
                    return self.pat(rest, v, fail, bound);
                };
                items.push(Ast::call("|", vec![last, rest.clone()], pat.meta()));
                self.pat_list(&items, v, fail, bound)?;
            }
            // A module name (`{Agent, pid}`), after `alias` expansion.
            ("__aliases__", _) => {
                let module = self.alias_atom(pat)?;
                let k = self.b.constant(Term::Atom(module));
                self.b.emit(Op::IsEqConst { src: v, k, fail });
            }
            ("@", [attr]) => {
                let Some((name, _)) = attr.as_var() else {
                    return Err(self.invalid_pattern(pat));
                };
                let value = self
                    .unit
                    .attributes
                    .get(name)
                    .cloned()
                    .unwrap_or_else(Term::nil);
                let k = self.b.constant(value);
                self.b.emit(Op::IsEqConst { src: v, k, fail });
            }
            _ => return Err(self.invalid_pattern(pat)),
        }
        Ok(())
    }

    fn invalid_pattern(&self, pat: &Ast) -> Box<CompileError> {
        let remote = |module: &str, f: &str, n: usize| {
            CompileError::new(
                pat.line(),
                format!(
                    "cannot invoke remote function {}.{}/{n} inside a match",
                    inspect(&Term::atom(module)),
                    crate::term::inspect_atom(f).trim_start_matches(':')
                ),
            )
        };
        if let Some((name, args, _)) = pat.as_call() {
            let n = args.len();
            return match super::kernel::target(name, n, self.unit.shell) {
                Some(("Elixir.Kernel", "to_string")) => remote("Elixir.String.Chars", name, n),
                Some((module, f)) => remote(module, f, n),
                None => CompileError::new(
                    pat.line(),
                    format!("undefined function {name}/{n} (there is no such import)"),
                ),
            };
        }
        if let Some((module, f, args, _)) = pat.as_remote() {
            if let Ok(Some(m)) = self.static_module(module) {
                return remote(m.as_str(), f, args.len());
            }
        }
        CompileError::new(pat.line(), "invalid pattern in match")
    }

    fn pat_tuple(
        &mut self,
        items: &[&Ast],
        v: Reg,
        fail: Label,
        bound: &mut BTreeMap<String, Reg>,
    ) -> CResult<()> {
        self.b.emit(Op::IsTuple {
            src: v,
            n: items.len() as u16,
            fail,
        });
        for (i, item) in items.iter().enumerate() {
            if is_wildcard(item) {
                continue;
            }
            let r = self.b.alloc()?;
            self.b.emit(Op::GetElem {
                dst: r,
                src: v,
                i: i as u16,
            });
            self.pat(item, r, fail, bound)?;
        }
        Ok(())
    }

    fn pat_list(
        &mut self,
        items: &[Ast],
        v: Reg,
        fail: Label,
        bound: &mut BTreeMap<String, Reg>,
    ) -> CResult<()> {
        let (init, tail) = split_tail(items);
        let mut cur = v;
        for item in init {
            let h = self.b.alloc()?;
            let t = self.b.alloc()?;
            self.b.emit(Op::GetList {
                src: cur,
                head: h,
                tail: t,
                fail,
            });
            self.pat(item, h, fail, bound)?;
            cur = t;
        }
        match tail {
            Some(t) => self.pat(t, cur, fail, bound),
            None => {
                self.b.emit(Op::IsNil { src: cur, fail });
                Ok(())
            }
        }
    }

    fn pat_pairs(
        &mut self,
        pairs: &[Ast],
        v: Reg,
        fail: Label,
        bound: &mut BTreeMap<String, Reg>,
        line: u32,
    ) -> CResult<()> {
        for p in pairs {
            let Ast::Pair(k, pv) = p else {
                return Err(CompileError::new(line, "invalid map pattern"));
            };
            let key = match literal(k) {
                Some(t) => {
                    let r = self.b.alloc()?;
                    self.load_const(r, t);
                    r
                }
                None => match k.as_call() {
                    Some(("^", [inner], _)) => {
                        let name = inner.as_var().map(|(n, _)| n).unwrap_or("");
                        self.scopes.lookup(name).ok_or_else(|| {
                            CompileError::new(line, format!("undefined variable ^{name}"))
                        })?
                    }
                    _ => {
                        return Err(CompileError::new(
                            line,
                            format!(
                                "cannot use variable {} as map key inside a pattern. Map keys in patterns can only be literals (such as atoms, strings, tuples, and the like) or an existing variable matched with the pin operator (such as ^some_var)",
                                k.as_var().map(|(n, _)| n.to_string()).unwrap_or_default()
                            ),
                        ))
                    }
                },
            };
            let r = self.b.alloc()?;
            self.b.emit(Op::GetMapKey {
                dst: r,
                map: v,
                key,
                fail,
            });
            self.pat(pv, r, fail, bound)?;
        }
        Ok(())
    }

    fn pat_binary(
        &mut self,
        segments: &[Ast],
        v: Reg,
        fail: Label,
        bound: &mut BTreeMap<String, Reg>,
        line: u32,
    ) -> CResult<()> {
        // Sizes may name variables bound earlier in the same pattern.
        let lookup: BTreeMap<String, Reg> = bound.clone();
        let (spec, values) = self.binary_spec(segments, line, Some(&lookup))?;
        let dst = self.b.alloc_n(values.len().max(1))?;
        let index = self.b.bins.len() as u32;
        self.b.bins.push(spec);
        self.b.emit(Op::BinMatch {
            src: v,
            dst,
            spec: index,
            fail,
        });
        for (i, value) in values.iter().enumerate() {
            self.pat(value, dst + i as Reg, fail, bound)?;
        }
        Ok(())
    }

    /// Compiles a guard; jumps to `fail` unless it is exactly `true`.
    pub(crate) fn guard(&mut self, guard: &Ast, fail: Label) -> CResult<()> {
        // `when a when b` means a or b.
        if let Some(("when", [a, b], _)) = guard.as_call() {
            let ok = self.b.label();
            let second = self.b.label();
            self.guard(a, second)?;
            self.jump(ok);
            self.b.place(second);
            self.guard(b, fail)?;
            self.b.place(ok);
            return Ok(());
        }
        let saved = self.guard_fail.replace(fail);
        let r = self.guard_test(guard, fail);
        self.guard_fail = saved;
        r
    }

    /// One guard test that jumps to `fail` itself: `a and b` is `a`'s test
    /// then `b`'s (the guard fails unless both are exactly `true`), an
    /// `is_*` type test is one `TypeTest`, and `is_function(f, n)` with a
    /// literal arity one `IsFunctionArity`. Anything else is computed and
    /// must be `true`. A `when is_atom(name) and is_atom(node)` head thus
    /// runs two instructions, not a dozen making and testing booleans.
    fn guard_test(&mut self, guard: &Ast, fail: Label) -> CResult<()> {
        let mark = self.b.top;
        match guard.as_call() {
            Some(("and", [a, b], _)) => {
                self.guard_test(a, fail)?;
                return self.guard_test(b, fail);
            }
            Some((name, [x], _)) if self.is_type_test(name) => {
                if let Some(ty) = super::call::type_of(name) {
                    let v = self.value(x)?;
                    self.b.emit(Op::TypeTest { src: v, ty, fail });
                }
            }
            Some(("is_function", [x, Ast::Int(arity)], _)) => {
                let v = self.value(x)?;
                let arity = u8::try_from(*arity).unwrap_or(u8::MAX);
                self.b.emit(Op::IsFunctionArity {
                    src: v,
                    arity,
                    fail,
                });
            }
            _ => {
                let r = self.value(guard)?;
                self.b.emit(Op::JumpUnlessTrue { src: r, to: fail });
            }
        }
        self.release(mark);
        Ok(())
    }

    /// `x in coll`: literal lists and ranges expand to comparisons (and
    /// work in guards), anything else is `Enum.member?/2`.
    pub(crate) fn membership(&mut self, x: &Ast, coll: &Ast, line: u32) -> CResult<Reg> {
        let meta = x.meta();
        if let Some(Term::List(_)) = literal(coll) {
            let items: Vec<Term> = literal(coll)
                .and_then(|t| t.list_to_vec())
                .unwrap_or_default();
            let v = self.value(x)?;
            let dst = self.b.alloc()?;
            self.load_const(dst, Term::boolean(false));
            let end = self.b.label();
            for item in items {
                let next = self.b.label();
                let k = self.b.constant(item);
                self.b.emit(Op::IsEqConst {
                    src: v,
                    k,
                    fail: next,
                });
                self.load_const(dst, Term::boolean(true));
                self.jump(end);
                self.b.place(next);
            }
            self.b.place(end);
            return Ok(dst);
        }
        if let Some(("..", [a, b], _)) = coll.as_call() {
            let var = Ast::var("%in", meta);
            let cond = Ast::call(
                "and",
                vec![
                    Ast::call("is_integer", vec![var.clone()], meta),
                    Ast::call(
                        "and",
                        vec![
                            Ast::call(">=", vec![var.clone(), a.clone()], meta),
                            Ast::call("<=", vec![var.clone(), b.clone()], meta),
                        ],
                        meta,
                    ),
                ],
                meta,
            );
            let v = self.value(x)?;
            self.scopes.push();
            self.scopes.bind("%in", v);
            let r = self.value(&cond);
            self.scopes.pop();
            return r;
        }
        if self.guard_fail.is_some() {
            return Err(CompileError::new(
                line,
                format!(
                    "invalid right argument for operator \"in\", it expects a compile-time proper list or compile-time range on the right side when used in guard expressions, got: {}",
                    literal(coll).map(|t| inspect(&t)).unwrap_or_else(|| "an expression".into())
                ),
            ));
        }
        self.remote_value("Elixir.Enum", "member?", &[coll, x], line)
    }
}

/// `_` or `_name`: matches anything, binds nothing.
fn is_wildcard(ast: &Ast) -> bool {
    ast.as_var().is_some_and(|(n, _)| n.starts_with('_'))
}

/// True when a literal pattern holds a map somewhere (maps match by subset).
fn contains_map(ast: &Ast) -> bool {
    match ast {
        Ast::List(items) => items.iter().any(contains_map),
        Ast::Pair(a, b) => contains_map(a) || contains_map(b),
        _ => match ast.as_call() {
            Some(("%{}", _, _)) => true,
            Some(("{}" | "|", items, _)) => items.iter().any(contains_map),
            _ => false,
        },
    }
}

/// The line of each variable's first appearance in a pattern (not inside
/// `^`) and how often it appears, for "variable is unused" warnings.
fn var_lines(pat: &Ast, out: &mut BTreeMap<String, (u32, u32)>) {
    if let Some((name, meta)) = pat.as_var() {
        out.entry(name.to_string()).or_insert((meta.line, 0)).1 += 1;
        return;
    }
    match pat {
        Ast::List(items) => items.iter().for_each(|i| var_lines(i, out)),
        Ast::Pair(a, b) => {
            var_lines(a, out);
            var_lines(b, out);
        }
        Ast::Node(n) => {
            if matches!(pat.as_call(), Some(("^", _, _))) {
                return;
            }
            if let Some(args) = &n.args {
                args.iter().for_each(|a| var_lines(a, out));
            }
        }
        _ => {}
    }
}
