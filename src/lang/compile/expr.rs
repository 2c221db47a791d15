//! Expressions: literals, data structures, variables, operators, blocks
//! and `=`. Everything else is dispatched from [`FnCx::node`] to its file.

use super::{CResult, CompileError, FnCx};
use crate::lang::ast::{Ast, Head};
use crate::term::{inspect, Atom, Term};
use crate::vm::code::{Label, Reg};
use crate::vm::ops::{ArithOp, Class, CmpOp, Op};

/// A literal's term, when the whole expression is one (folded to a constant).
pub(crate) fn literal(ast: &Ast) -> Option<Term> {
    match ast {
        Ast::Int(i) => Some(Term::Int(*i)),
        Ast::BigInt(b) => Some(Term::from_bigint((**b).clone())),
        Ast::Float(f) => Some(Term::Float(*f)),
        Ast::Atom(a) => Some(Term::atom(a)),
        Ast::Bin(b) => Some(Term::bytes(b)),
        Ast::Pair(a, b) => Some(Term::tuple([literal(a)?, literal(b)?])),
        Ast::List(items) => {
            let (init, tail) = split_tail(items);
            let tail = match tail {
                Some(t) => literal(t)?,
                None => Term::EMPTY_LIST,
            };
            let init: Option<Vec<Term>> = init.iter().map(|a| literal(a)).collect();
            Some(Term::improper_list(init?, tail))
        }
        Ast::Node(_) => match ast.as_call()? {
            ("{}", items, _) => Some(Term::tuple(
                items.iter().map(literal).collect::<Option<Vec<_>>>()?,
            )),
            ("%{}", pairs, _) => {
                let mut out = Vec::new();
                for p in pairs {
                    let Ast::Pair(k, v) = p else { return None };
                    out.push((literal(k)?, literal(v)?));
                }
                Some(Term::map(out))
            }
            ("-", [Ast::Int(i)], _) => i.checked_neg().map(Term::Int),
            ("-", [Ast::Float(f)], _) => Some(Term::Float(-f)),
            ("+", [x @ (Ast::Int(_) | Ast::Float(_))], _) => literal(x),
            ("<<>>", parts, _) => {
                // A plain string literal split by the parser (no interpolation).
                let mut bytes = Vec::new();
                for p in parts {
                    let Ast::Bin(b) = p else { return None };
                    bytes.extend_from_slice(b);
                }
                Some(Term::bytes_vec(bytes))
            }
            _ => None,
        },
    }
}

/// A list's elements and its `| tail`, if written.
pub(crate) fn split_tail(items: &[Ast]) -> (Vec<&Ast>, Option<&Ast>) {
    let mut init: Vec<&Ast> = items.iter().collect();
    if let Some(last) = init.pop() {
        if let Some(("|", [head, tail], _)) = last.as_call() {
            init.push(head);
            return (init, Some(tail));
        }
        init.push(last);
    }
    (init, None)
}

impl FnCx<'_, '_> {
    /// Compiles `ast` and gives the register holding its value.
    pub(crate) fn value(&mut self, ast: &Ast) -> CResult<Reg> {
        match self.compile(ast, false)? {
            Some(r) => Ok(r),
            None => self.b.alloc(),
        }
    }

    /// Compiles `ast` in tail position: its value is returned.
    pub(crate) fn tail(&mut self, ast: &Ast) -> CResult<()> {
        self.compile(ast, true).map(|_| ())
    }

    /// Compiles `ast` as the value of the function (`tail`) or into a register.
    pub(crate) fn compile(&mut self, ast: &Ast, tail: bool) -> CResult<Option<Reg>> {
        self.unit.enter(ast.line())?;
        let r = self.compile_node(ast, tail);
        self.unit.depth -= 1;
        r
    }

    fn compile_node(&mut self, ast: &Ast, tail: bool) -> CResult<Option<Reg>> {
        self.b.set_line(ast.line());
        if let Some(term) = literal(ast) {
            let r = self.b.alloc()?;
            self.load_const(r, term);
            return self.done(r, tail);
        }
        match ast {
            Ast::List(items) => {
                let r = self.list(items)?;
                self.done(r, tail)
            }
            Ast::Pair(a, b) => {
                let r = self.tuple(&[a, b])?;
                self.done(r, tail)
            }
            Ast::Node(n) => match &n.head {
                Head::Atom(name) => match &n.args {
                    None => {
                        let r = self.variable(name, ast)?;
                        self.done(r, tail)
                    }
                    Some(args) => self.node(name, args, ast, tail),
                },
                Head::Ast(_) => self.dotted(ast, tail),
            },
            _ => Err(CompileError::new(ast.line(), "invalid expression")),
        }
    }

    /// Returns `r` when in tail position, else hands it on.
    pub(crate) fn done(&mut self, r: Reg, tail: bool) -> CResult<Option<Reg>> {
        if tail {
            self.b.emit(Op::Return { src: r });
            Ok(None)
        } else {
            Ok(Some(r))
        }
    }

    /// Frees temporaries down to `mark`, never below a live variable.
    pub(crate) fn release(&mut self, mark: usize) {
        self.b.top = mark.max(self.scopes.floor()).max(self.b.params);
    }

    /// A variable (or a call without parentheses, when nothing is bound).
    fn variable(&mut self, name: &str, ast: &Ast) -> CResult<Reg> {
        if let Some(r) = self.scopes.lookup(name) {
            return Ok(r);
        }
        let line = ast.line();
        match name {
            "__MODULE__" => {
                let r = self.b.alloc()?;
                let t = if self.unit.shell {
                    Term::nil()
                } else {
                    Term::Atom(self.unit.name)
                };
                self.load_const(r, t);
                return Ok(r);
            }
            "__STACKTRACE__" => {
                return Err(CompileError::new(
                    line,
                    "__STACKTRACE__ is available only inside catch and rescue clauses of try expressions",
                ))
            }
            "__ENV__" | "__CALLER__" | "__DIR__" => {
                return Err(CompileError::new(
                    line,
                    format!("{name} is not supported by otpsim"),
                ))
            }
            _ => {}
        }
        if name.starts_with('_') {
            return Err(CompileError::new(
                line,
                format!("invalid use of _. \"{name}\" represents a value to be ignored in a pattern and cannot be used in expressions"),
            ));
        }
        // Elixir expands an unbound name to a call of `name/0`, with a warning.
        self.unit.warn(
            &format!("variable \"{name}\" does not exist and is being expanded to \"{name}()\", please use parentheses to remove the ambiguity or change the variable name"),
            line,
        );
        if self.function_available(name, 0) {
            let call = Ast::call(name, Vec::new(), ast.meta());
            return self.value(&call);
        }
        Err(self.undefined_function(name, 0, line))
    }

    /// `{a, b, ...}`.
    pub(crate) fn tuple(&mut self, items: &[&Ast]) -> CResult<Reg> {
        let start = self.b.alloc_n(items.len())?;
        self.each_sibling(items, |cx, i, item| {
            let r = cx.value(item)?;
            cx.place(start + i as Reg, r, usize::from(start) + items.len());
            Ok(())
        })?;
        let start = self.settle_block(start, items.len())?;
        self.b.emit(Op::Tuple {
            dst: start,
            start,
            n: items.len() as u16,
        });
        self.release(usize::from(start) + 1);
        Ok(start)
    }

    /// Moves a block of values above any variable bound while they were
    /// computed (a call's window must not cover a live variable).
    pub(crate) fn settle_block(&mut self, start: Reg, n: usize) -> CResult<Reg> {
        if self.scopes.floor() <= usize::from(start) {
            return Ok(start);
        }
        let moved = self.b.alloc_n(n)?;
        for i in 0..n {
            self.mov(moved + i as Reg, start + i as Reg);
        }
        Ok(moved)
    }

    /// `[a, b | tail]`.
    fn list(&mut self, items: &[Ast]) -> CResult<Reg> {
        let (init, tail) = split_tail(items);
        let start = self.b.alloc_n(init.len() + 1)?;
        let acc = start + init.len() as Reg;
        // The tail is a sibling of the elements.
        let all: Vec<&Ast> = init.iter().copied().chain(tail).collect();
        self.each_sibling(&all, |cx, i, item| {
            let r = cx.value(item)?;
            if i < init.len() {
                cx.place(start + i as Reg, r, usize::from(start) + init.len() + 1);
            } else {
                cx.mov(acc, r);
                cx.release(usize::from(acc) + 1);
            }
            Ok(())
        })?;
        if tail.is_none() {
            self.load_const(acc, Term::EMPTY_LIST);
        }
        for i in (0..init.len()).rev() {
            self.b.emit(Op::Cons {
                dst: acc,
                head: start + i as Reg,
                tail: acc,
            });
        }
        self.mov(start, acc);
        self.release(usize::from(start) + 1);
        Ok(start)
    }

    /// A `{name, meta, args}` node: special forms, operators, macros, calls.
    fn node(&mut self, name: &str, args: &[Ast], ast: &Ast, tail: bool) -> CResult<Option<Reg>> {
        let line = ast.line();
        let r = match (name, args) {
            ("__block__", items) => return self.block(items, tail),
            ("=", [pattern, value]) => self.match_expr(pattern, value)?,
            ("{}", items) => {
                let items: Vec<&Ast> = items.iter().collect();
                self.tuple(&items)?
            }
            ("%{}", pairs) => self.map(pairs, line)?,
            ("%", [name, fields]) => self.make_struct(name, fields, line)?,
            ("<<>>", segments) => self.binary(segments, line)?,
            ("__aliases__", _) => {
                let module = self.alias_atom(ast)?;
                let r = self.b.alloc()?;
                self.load_const(r, Term::Atom(module));
                r
            }
            ("^", [inner]) => {
                let shown = inner
                    .as_var()
                    .map_or("x".to_string(), |(n, _)| n.to_string());
                return Err(CompileError::new(
                    line,
                    format!("cannot use ^{shown} outside of match clauses"),
                ));
            }
            ("@", [attr]) => self.attribute(attr, line)?,
            ("+" | "-" | "*" | "/", [a, b]) => {
                let op = match name {
                    "+" => ArithOp::Add,
                    "-" => ArithOp::Sub,
                    "*" => ArithOp::Mul,
                    _ => ArithOp::Div,
                };
                self.arith(op, name, a, b)?
            }
            ("-", [a]) => self.bif_call("erlang", "-", &[a], line)?,
            ("+", [a]) => self.bif_call("erlang", "+", &[a], line)?,
            ("==" | "!=" | "===" | "!==" | "<" | ">" | "<=" | ">=", [a, b]) => {
                let op = match name {
                    "==" => CmpOp::Eq,
                    "!=" => CmpOp::Ne,
                    "===" => CmpOp::ExactEq,
                    "!==" => CmpOp::ExactNe,
                    "<" => CmpOp::Lt,
                    ">" => CmpOp::Gt,
                    "<=" => CmpOp::Le,
                    _ => CmpOp::Ge,
                };
                let mark = self.b.top;
                let (ra, rb) = self.sibling_values(a, b)?;
                self.release(mark);
                let dst = self.b.alloc()?;
                self.b.emit(Op::Cmp {
                    dst,
                    op,
                    a: ra,
                    b: rb,
                });
                dst
            }
            ("and" | "or", [a, b]) => self.strict_bool(name, a, b)?,
            ("&&" | "||", [a, b]) => self.truthy_bool(name, a, b)?,
            ("!", [a]) => {
                let v = self.value(a)?;
                let dst = self.b.alloc()?;
                let falsy = self.b.label();
                let end = self.b.label();
                self.b.emit(Op::JumpIfFalsy { src: v, to: falsy });
                self.load_const(dst, Term::boolean(false));
                self.b.emit(Op::Jump { to: end });
                self.b.place(falsy);
                self.load_const(dst, Term::boolean(true));
                self.b.place(end);
                dst
            }
            ("not", [a]) => self.bif_call("erlang", "not", &[a], line)?,
            ("<>", [a, b]) => self.concat(a, b, line)?,
            ("++", [a, b]) => self.bif_call("erlang", "++", &[a, b], line)?,
            ("--", [a, b]) => self.bif_call("erlang", "--", &[a, b], line)?,
            ("..", [a, b]) => self.range(a, b, None, line)?,
            ("..//", [a, b, c]) => self.range(a, b, Some(c), line)?,
            ("..", []) => {
                let r = self.b.alloc()?;
                self.load_const(r, crate::vm::bif::enumerable::range(0, -1, 1));
                r
            }
            ("in", [x, coll]) => self.membership(x, coll, line)?,
            ("=~", [a, b]) => self.remote_value("Elixir.Kernel", "=~", &[a, b], line)?,
            ("is_nil", [x]) => {
                let v = self.value(x)?;
                let nil = self.b.alloc()?;
                self.load_const(nil, Term::nil());
                let dst = self.b.alloc()?;
                self.b.emit(Op::Cmp {
                    dst,
                    op: CmpOp::ExactEq,
                    a: v,
                    b: nil,
                });
                dst
            }
            ("raise", _) | ("reraise", _) => return self.raise(name, args, line),
            ("defmodule", [alias, body]) => self.defmodule(alias, body, line)?,
            ("alias" | "import" | "require", _) => self.directive(name, args, line)?,
            (
                "def" | "defp" | "defmacro" | "defmacrop" | "defstruct" | "defexception" | "use",
                _,
            ) => {
                return Err(CompileError::new(
                    line,
                    format!("cannot invoke {name}/{} outside module", args.len()),
                ))
            }
            ("quote" | "unquote" | "unquote_splicing", _) => {
                return Err(CompileError::new(
                    line,
                    format!("{name} is not supported by otpsim (no macros)"),
                ))
            }
            ("binding", []) => self.binding()?,
            _ => return self.special_or_call(name, args, ast, tail),
        };
        self.done(r, tail)
    }

    /// Several expressions: the value is the last one's.
    fn block(&mut self, items: &[Ast], tail: bool) -> CResult<Option<Reg>> {
        let Some((last, init)) = items.split_last() else {
            let r = self.b.alloc()?;
            self.load_const(r, Term::nil());
            return self.done(r, tail);
        };
        for item in init {
            let mark = self.b.top;
            self.value(item)?;
            self.release(mark);
        }
        self.compile(last, tail)
    }

    /// `pattern = value`: a `MatchError` when it does not fit.
    fn match_expr(&mut self, pattern: &Ast, value: &Ast) -> CResult<Reg> {
        let v = self.value(value)?;
        let fail = self.b.label();
        let ok = self.b.label();
        self.pattern(pattern, v, fail)?;
        self.b.emit(Op::Jump { to: ok });
        self.b.place(fail);
        self.raise_tagged("badmatch", v)?;
        self.b.place(ok);
        Ok(v)
    }

    /// Raises `{tag, value}` as an error (`{:badmatch, v}`, `{:case_clause, v}`).
    pub(crate) fn raise_tagged(&mut self, tag: &str, v: Reg) -> CResult<()> {
        let t = self.b.alloc_n(2)?;
        self.load_const(t, Term::atom(tag));
        self.mov(t + 1, v);
        self.b.emit(Op::Tuple {
            dst: t,
            start: t,
            n: 2,
        });
        self.b.emit(Op::Raise {
            class: Class::Error,
            reason: t,
        });
        Ok(())
    }

    /// Raises an atom reason (`:cond_clause`).
    pub(crate) fn raise_atom(&mut self, reason: &str) -> CResult<()> {
        let t = self.b.alloc()?;
        self.load_const(t, Term::atom(reason));
        self.b.emit(Op::Raise {
            class: Class::Error,
            reason: t,
        });
        Ok(())
    }

    /// `%{k => v}` or `%{map | k => v}`.
    fn map(&mut self, pairs: &[Ast], line: u32) -> CResult<Reg> {
        if let [update] = pairs {
            if let Some(("|", [base, Ast::List(changes)], _)) = update.as_call() {
                let b = self.value(base)?;
                return self.map_put(b, changes, true, line);
            }
        }
        let start = self.b.alloc_n(pairs.len() * 2)?;
        let mut parts = Vec::with_capacity(pairs.len() * 2);
        for p in pairs {
            let Ast::Pair(k, v) = p else {
                return Err(CompileError::new(line, "expected key-value pairs in a map"));
            };
            parts.extend([&**k, &**v]);
        }
        let end = usize::from(start) + pairs.len() * 2;
        self.each_sibling(&parts, |cx, i, part| {
            let r = cx.value(part)?;
            cx.place(start + i as Reg, r, end);
            Ok(())
        })?;
        let start = self.settle_block(start, pairs.len() * 2)?;
        self.b.emit(Op::Map {
            dst: start,
            start,
            n: pairs.len() as u16,
        });
        self.release(usize::from(start) + 1);
        Ok(start)
    }

    /// `%{base | k => v}` (`exact`: keys must exist) or a plain put.
    pub(crate) fn map_put(
        &mut self,
        base: Reg,
        changes: &[Ast],
        exact: bool,
        line: u32,
    ) -> CResult<Reg> {
        let dst = self.b.alloc()?;
        self.mov(dst, base);
        let start = self.b.alloc_n(changes.len() * 2)?;
        for (i, p) in changes.iter().enumerate() {
            let Ast::Pair(k, v) = p else {
                return Err(CompileError::new(
                    line,
                    "expected key-value pairs in a map update",
                ));
            };
            let rk = self.value(k)?;
            self.mov(start + 2 * i as Reg, rk);
            let rv = self.value(v)?;
            self.mov(start + 2 * i as Reg + 1, rv);
            self.release(usize::from(start) + changes.len() * 2);
        }
        let start = self.settle_block(start, changes.len() * 2)?;
        self.b.emit(Op::MapPut {
            dst,
            map: dst,
            start,
            n: changes.len() as u16,
            exact,
        });
        self.release(usize::from(dst) + 1);
        Ok(dst)
    }

    /// `a op b` for `+ - * /`, folded when both sides are numbers.
    fn arith(&mut self, op: ArithOp, name: &str, a: &Ast, b: &Ast) -> CResult<Reg> {
        if self.guard_fail.is_some() {
            return self.bif_call("erlang", name, &[a, b], a.line());
        }
        let mark = self.b.top;
        let (ra, rb) = self.sibling_values(a, b)?;
        self.release(mark);
        let dst = self.b.alloc()?;
        self.b.emit(Op::Arith {
            dst,
            op,
            a: ra,
            b: rb,
        });
        Ok(dst)
    }

    /// `and`/`or`: the left side must be a boolean.
    fn strict_bool(&mut self, name: &str, a: &Ast, b: &Ast) -> CResult<Reg> {
        let dst = self.b.alloc()?;
        let l = self.value(a)?;
        if let Some(fail) = self.guard_fail {
            // In a guard, a non-boolean simply fails the guard.
            self.b.emit(Op::JumpUnlessBool { src: l, to: fail });
        } else {
            let ok = self.b.label();
            let bad = self.b.label();
            self.b.emit(Op::JumpUnlessBool { src: l, to: bad });
            self.b.emit(Op::Jump { to: ok });
            self.b.place(bad);
            let t = self.b.alloc_n(3)?;
            self.load_const(t, Term::atom("badbool"));
            self.load_const(t + 1, Term::atom(name));
            self.mov(t + 2, l);
            self.b.emit(Op::Tuple {
                dst: t,
                start: t,
                n: 3,
            });
            self.b.emit(Op::Raise {
                class: Class::Error,
                reason: t,
            });
            self.b.place(ok);
        }
        self.mov(dst, l);
        let unless_true = |src, to| Op::JumpUnlessTrue { src, to };
        self.short_circuit(dst, l, b, name == "and", unless_true)
    }

    /// `&&`/`||`: any value, `false` and `nil` being false.
    fn truthy_bool(&mut self, name: &str, a: &Ast, b: &Ast) -> CResult<Reg> {
        let dst = self.b.alloc()?;
        let l = self.value(a)?;
        self.mov(dst, l);
        let if_falsy = |src, to| Op::JumpIfFalsy { src, to };
        self.short_circuit(dst, l, b, name == "&&", if_falsy)
    }

    /// The right side `b` of a short-circuit operator whose left value `l`
    /// is already in `dst`; `if_false(l, label)` jumps when `l` counts as
    /// false. An `and`-like operator stops at a false left side
    /// (`false and _` is `false`), an `or`-like one at a true left side.
    fn short_circuit(
        &mut self,
        dst: Reg,
        l: Reg,
        b: &Ast,
        and_like: bool,
        if_false: fn(Reg, Label) -> Op,
    ) -> CResult<Reg> {
        let end = self.b.label();
        if and_like {
            self.b.emit(if_false(l, end));
        } else {
            let right = self.b.label();
            self.b.emit(if_false(l, right));
            self.b.emit(Op::Jump { to: end });
            self.b.place(right);
        }
        let r = self.value(b)?;
        self.mov(dst, r);
        self.b.place(end);
        self.release(usize::from(dst) + 1);
        Ok(dst)
    }

    /// `a <> b`: both must be binaries.
    fn concat(&mut self, a: &Ast, b: &Ast, line: u32) -> CResult<Reg> {
        for side in [a, b] {
            if let Some(t) = literal(side) {
                if t.as_binary().is_none() {
                    return Err(CompileError::raised(
                        "ArgumentError",
                        line,
                        format!(
                            "expected binary argument in <> operator but got: {}",
                            inspect(&t)
                        ),
                    ));
                }
            }
        }
        let seg = |x: &Ast| {
            Ast::call(
                "::",
                vec![x.clone(), Ast::var("binary", x.meta())],
                x.meta(),
            )
        };
        self.binary(&[seg(a), seg(b)], line)
    }

    /// `first..last` and `first..last//step`.
    fn range(&mut self, a: &Ast, b: &Ast, step: Option<&Ast>, line: u32) -> CResult<Reg> {
        if let (Some(Term::Int(x)), Some(Term::Int(y))) = (literal(a), literal(b)) {
            let s = match step.map(literal) {
                None => Some(if x <= y { 1 } else { -1 }),
                Some(Some(Term::Int(s))) if s != 0 => Some(s),
                _ => None,
            };
            if let Some(s) = s {
                let r = self.b.alloc()?;
                self.load_const(r, crate::vm::bif::enumerable::range(x, y, s));
                return Ok(r);
            }
        }
        match step {
            None => self.remote_value("Elixir.Range", "new", &[a, b], line),
            Some(s) => self.remote_value("Elixir.Range", "new", &[a, b, s], line),
        }
    }

    /// `@name`: a module attribute's value at compile time.
    fn attribute(&mut self, attr: &Ast, line: u32) -> CResult<Reg> {
        if self.unit.shell {
            return Err(CompileError::new(line, "cannot invoke @/1 outside module"));
        }
        let Some((name, _)) = attr.as_var() else {
            return Err(CompileError::new(line, "invalid module attribute"));
        };
        let value = match self.unit.attributes.get(name) {
            Some(v) => v.clone(),
            None => {
                self.unit.warnings.push(format!(
                    "warning: undefined module attribute @{name}, please remove access to @{name} or explicitly set it before access\n  iex:{}: {} (module)\n",
                    self.unit.iex_line(line),
                    inspect(&Term::Atom(self.unit.name))
                ));
                Term::nil()
            }
        };
        let r = self.b.alloc()?;
        self.load_const(r, value);
        Ok(r)
    }

    /// `binding()`: the visible variables as a keyword list.
    fn binding(&mut self) -> CResult<Reg> {
        let vars: Vec<(String, Reg)> = self
            .scopes
            .visible()
            .into_iter()
            .filter(|(n, _)| !n.starts_with('%') && !n.starts_with('_'))
            .collect();
        let start = self.b.alloc_n(vars.len() * 2 + 1)?;
        for (i, (name, reg)) in vars.iter().enumerate() {
            let pair = start + 2 * i as Reg;
            self.load_const(pair, Term::atom(name));
            self.mov(pair + 1, *reg);
            self.b.emit(Op::Tuple {
                dst: pair,
                start: pair,
                n: 2,
            });
        }
        let acc = start + 2 * vars.len() as Reg;
        self.load_const(acc, Term::EMPTY_LIST);
        for i in (0..vars.len()).rev() {
            self.b.emit(Op::Cons {
                dst: acc,
                head: start + 2 * i as Reg,
                tail: acc,
            });
        }
        self.mov(start, acc);
        self.release(usize::from(start) + 1);
        Ok(start)
    }

    /// The atom an alias stands for, with `alias` declarations applied.
    pub(crate) fn alias_atom(&self, ast: &Ast) -> CResult<Atom> {
        let Some(("__aliases__", segments, _)) = ast.as_call() else {
            return Err(CompileError::new(ast.line(), "expected an alias"));
        };
        let mut parts: Vec<String> = Vec::new();
        for (i, s) in segments.iter().enumerate() {
            match s {
                Ast::Atom(a) if i == 0 => match self.unit.env.aliases.get(&**a) {
                    Some(full) => parts.push(
                        full.as_str()
                            .strip_prefix("Elixir.")
                            .unwrap_or(full.as_str())
                            .to_string(),
                    ),
                    None => parts.push(a.to_string()),
                },
                Ast::Atom(a) => parts.push(a.to_string()),
                other if i == 0 => match other.as_var() {
                    Some(("__MODULE__", _)) if !self.unit.shell => parts.push(
                        self.unit
                            .name
                            .as_str()
                            .strip_prefix("Elixir.")
                            .unwrap_or(self.unit.name.as_str())
                            .to_string(),
                    ),
                    _ => {
                        return Err(CompileError::new(
                            ast.line(),
                            "an alias must start with a name or __MODULE__",
                        ))
                    }
                },
                _ => return Err(CompileError::new(ast.line(), "invalid alias")),
            }
        }
        let text = format!("Elixir.{}", parts.join("."));
        Atom::try_new(&text).map_err(|_| CompileError::new(ast.line(), "alias too long"))
    }

    /// Jumps to `to` (a helper for the control forms).
    pub(crate) fn jump(&mut self, to: Label) {
        self.b.emit(Op::Jump { to });
    }
}
