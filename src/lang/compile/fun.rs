//! `fn ... end` and captures (`&Mod.fun/2`, `&fun/1`, `&(&1 + 1)`).
//!
//! A `fn` becomes a lambda body in the module, taking its arguments and
//! then the variables it uses from around it: the closure carries those
//! values, so nothing is looked up when it runs.

use super::control::clause_parts;
use super::kernel;
use super::{CResult, CompileError, FnCx};
use crate::lang::ast::{Ast, Head, Node};
use crate::term::{Atom, Term};
use crate::vm::code::Reg;
use crate::vm::ops::Op;
use std::collections::BTreeSet;

/// Every variable name an expression mentions (including pinned ones).
pub(crate) fn mentioned(ast: &Ast, out: &mut BTreeSet<String>) {
    let mut stack = vec![ast];
    while let Some(a) = stack.pop() {
        match a {
            Ast::List(items) => stack.extend(items.iter()),
            Ast::Pair(x, y) => {
                stack.push(x);
                stack.push(y);
            }
            Ast::Node(n) => {
                let Node { head, args, .. } = &**n;
                match (head, args) {
                    (Head::Atom(name), None) => {
                        out.insert(name.to_string());
                    }
                    (Head::Atom(_), Some(args)) => stack.extend(args.iter()),
                    (Head::Ast(h), args) => {
                        stack.push(h);
                        if let Some(args) = args {
                            stack.extend(args.iter());
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

impl FnCx<'_, '_> {
    /// `fn clauses end` as a closure value.
    pub(crate) fn fn_expr(&mut self, clauses: &[Ast], line: u32) -> CResult<Reg> {
        let refs: Vec<&Ast> = clauses.iter().collect();
        let Some(first) = refs.first() else {
            return Err(CompileError::new(line, "expected -> clauses in fn"));
        };
        let arity = clause_parts(first)?.pats.len();
        for c in &refs {
            if clause_parts(c)?.pats.len() != arity {
                return Err(CompileError::new(
                    c.line(),
                    "cannot mix clauses with different arities in anonymous functions",
                ));
            }
        }
        // The variables it uses that are bound here are captured.
        let mut names = BTreeSet::new();
        for c in &refs {
            mentioned(c, &mut names);
        }
        let captures: Vec<(String, Reg)> = names
            .into_iter()
            .filter_map(|n| self.scopes.lookup(&n).map(|r| (n, r)))
            .collect();
        let index = self.lambda(&refs, arity, &captures, line)?;
        let start = self.b.alloc_n(captures.len().max(1))?;
        for (i, (_, r)) in captures.iter().enumerate() {
            self.mov(start + i as Reg, *r);
        }
        self.b.emit(Op::Closure {
            dst: start,
            lambda: index,
            start,
            n: captures.len() as u16,
        });
        self.release(usize::from(start) + 1);
        Ok(start)
    }

    /// Compiles a lambda body with `clauses`; returns its function index.
    fn lambda(
        &mut self,
        clauses: &[&Ast],
        arity: usize,
        captures: &[(String, Reg)],
        line: u32,
    ) -> CResult<u32> {
        let index = self.unit.reserve();
        let number = self.unit.lambdas;
        self.unit.lambdas += 1;
        let context = self.unit.context.clone();
        let total = arity + captures.len();
        let (Ok(total8), Ok(free8)) = (u8::try_from(total), u8::try_from(captures.len())) else {
            return Err(CompileError::new(line, "too many variables captured by fn"));
        };
        let function = {
            let mut inner = FnCx::new(&mut *self.unit, total);
            inner.function = ("fn".into(), arity as u8);
            inner.scopes.push_quiet();
            for (i, (name, _)) in captures.iter().enumerate() {
                inner.scopes.bind(name, (arity + i) as Reg);
            }
            let args: Vec<Reg> = (0..arity as Reg).collect();
            inner.function_clauses(clauses, &args)?;
            inner.finish(
                Atom::new(&format!("-{context}-fun-{number}-")),
                total8,
                free8,
                Some((context, number)),
            )
        };
        if let Some(slot) = self.unit.functions.get_mut(index as usize) {
            *slot = Some(function);
        }
        Ok(index)
    }

    /// The clauses of a function or lambda over the argument registers;
    /// no match raises `FunctionClauseError`.
    pub(crate) fn function_clauses(&mut self, clauses: &[&Ast], args: &[Reg]) -> CResult<()> {
        let mark = self.b.top;
        for clause in clauses {
            let c = clause_parts(clause)?;
            let next = self.b.label();
            self.scopes.push();
            self.b.set_line(clause.line());
            self.patterns(&c.pats, args, next)?;
            if let Some(g) = c.guard {
                self.guard(g, next)?;
            }
            self.tail(c.body)?;
            self.scopes.pop();
            self.release(mark);
            self.b.place(next);
        }
        self.b.emit(Op::FunctionClause);
        Ok(())
    }

    /// `&...`: a capture.
    pub(crate) fn capture(&mut self, inner: &Ast, line: u32) -> CResult<Reg> {
        // `&name/arity` and `&Mod.name/arity`.
        if let Some(("/", [target, Ast::Int(arity)], _)) = inner.as_call() {
            let arity =
                u8::try_from(*arity).map_err(|_| CompileError::new(line, "invalid arity"))?;
            if let Some((module_ast, f, [], meta)) = target.as_remote() {
                if let Some(m) = self.static_module(module_ast)? {
                    if super::macros::is_macro(m, f, usize::from(arity)) {
                        if let Some(r) = self.macro_capture(m, f, arity, meta)? {
                            return Ok(r);
                        }
                    }
                    let r = self.b.alloc()?;
                    self.load_const(r, Term::export(m, Atom::new(f), arity));
                    return Ok(r);
                }
                let args = [module_ast.clone(), Ast::atom(f), Ast::Int(i64::from(arity))];
                let refs: Vec<&Ast> = args.iter().collect();
                return self.remote_value("erlang", "make_fun", &refs, line);
            }
            if let Some((name, _)) = target.as_var().or_else(|| {
                target
                    .as_call()
                    .filter(|(_, args, _)| args.is_empty())
                    .map(|(n, _, m)| (n, m))
            }) {
                return self.capture_local(name, arity, line);
            }
        }
        if let Some(r) = self.capture_call(inner)? {
            return Ok(r);
        }
        // `&(expr)` with `&1`, `&2` ...
        let mut highest = 0;
        let body = replace_placeholders(inner, &mut highest);
        if highest == 0 {
            return Err(CompileError::new(
                line,
                "invalid args for &, expected one of:\n\n  * &Mod.fun/arity to capture a remote function, such as &Enum.map/2\n  * &fun/arity to capture a local or imported function, such as &is_atom/1\n  * &some_code(&1, ...) containing at least one argument as &1, such as &List.flatten(&1)",
            ));
        }
        let meta = inner.meta();
        let params: Vec<Ast> = (1..=highest)
            .map(|i| Ast::var(&format!("%cap{i}"), meta))
            .collect();
        let clause = Ast::clause(params, body, meta);
        self.fn_expr(&[clause], line)
    }

    /// `&f(&1, &2)` and `&Mod.f(&1)`: a call of exactly the arguments in
    /// order is the function itself, as Elixir makes it (`&(&1 * &2)` is
    /// `&:erlang.*/2`). `None` when the capture needs a fn.
    fn capture_call(&mut self, inner: &Ast) -> CResult<Option<Reg>> {
        let (module, name, args) = match (inner.as_remote(), inner.as_call()) {
            (Some((m, f, args, _)), _) => (Some(m), f, args),
            (None, Some((name, args, _))) => (None, name, args),
            _ => return Ok(None),
        };
        let in_order = !args.is_empty()
            && args.iter().enumerate().all(
                |(i, a)| matches!(a.as_call(), Some(("&", [Ast::Int(n)], _)) if *n == i as i64 + 1),
            );
        let Ok(arity) = u8::try_from(args.len()) else {
            return Ok(None);
        };
        if !in_order {
            return Ok(None);
        }
        let target = match module {
            Some(m) => self.static_module(m)?.map(|m| (m, Atom::new(name))),
            None if !self.unit.shell && self.unit.defs.contains_key(&(name.to_string(), arity)) => {
                match self.unit.defs.get(&(name.to_string(), arity)) {
                    Some(d) if d.public => Some((self.unit.name, Atom::new(name))),
                    _ => None,
                }
            }
            None => self
                .imported(name, arity)
                .map(|m| (m, Atom::new(name)))
                .or_else(|| operator(name, arity).map(|f| (Atom::new("erlang"), Atom::new(f))))
                .or_else(|| {
                    kernel::target(name, usize::from(arity), self.unit.shell)
                        .map(|(m, f)| (Atom::new(m), Atom::new(f)))
                }),
        };
        let Some((m, f)) = target else {
            return Ok(None);
        };
        let r = self.b.alloc()?;
        self.load_const(r, Term::export(m, f, arity));
        Ok(Some(r))
    }

    /// `&fun/arity` for a function called unqualified.
    fn capture_local(&mut self, name: &str, arity: u8, line: u32) -> CResult<Reg> {
        if !self.unit.shell {
            if let Some(def) = self.unit.defs.get(&(name.to_string(), arity)).copied() {
                if def.public {
                    let r = self.b.alloc()?;
                    self.load_const(r, Term::export(self.unit.name, Atom::new(name), arity));
                    return Ok(r);
                }
                let meta = Default::default();
                let params: Vec<Ast> = (1..=arity)
                    .map(|i| Ast::var(&format!("%cap{i}"), meta))
                    .collect();
                let body = Ast::call(name, params.clone(), meta);
                return self.fn_expr(&[Ast::clause(params, body, meta)], line);
            }
        }
        let target = self
            .imported(name, arity)
            .map(|m| (m, Atom::new(name)))
            .or_else(|| {
                kernel::target(name, usize::from(arity), self.unit.shell)
                    .map(|(m, f)| (Atom::new(m), Atom::new(f)))
            })
            .or_else(|| operator(name, arity).map(|f| (Atom::new("erlang"), Atom::new(f))));
        match target {
            Some((m, f)) => {
                let r = self.b.alloc()?;
                self.load_const(r, Term::export(m, f, arity));
                Ok(r)
            }
            None => Err(self.undefined_function(name, usize::from(arity), line)),
        }
    }
}

/// Operators that capture as `:erlang` functions (`&+/2`).
fn operator(name: &str, arity: u8) -> Option<&'static str> {
    Some(match (name, arity) {
        ("+", 1 | 2) => "+",
        ("-", 1 | 2) => "-",
        ("*", 2) => "*",
        ("/", 2) => "/",
        ("==", 2) => "==",
        ("!=", 2) => "/=",
        ("===", 2) => "=:=",
        ("!==", 2) => "=/=",
        ("<", 2) => "<",
        (">", 2) => ">",
        ("<=", 2) => "=<",
        (">=", 2) => ">=",
        ("++", 2) => "++",
        ("--", 2) => "--",
        ("not", 1) => "not",
        _ => return None,
    })
}

/// `&1`, `&2` ... replaced by variables `%cap1` ...; `highest` is the largest N.
fn replace_placeholders(ast: &Ast, highest: &mut usize) -> Ast {
    if let Some(("&", [Ast::Int(n)], meta)) = ast.as_call() {
        let n = usize::try_from(*n).unwrap_or(0);
        *highest = (*highest).max(n);
        return Ast::var(&format!("%cap{n}"), meta);
    }
    match ast {
        Ast::List(items) => Ast::List(
            items
                .iter()
                .map(|i| replace_placeholders(i, highest))
                .collect(),
        ),
        Ast::Pair(a, b) => Ast::Pair(
            Box::new(replace_placeholders(a, highest)),
            Box::new(replace_placeholders(b, highest)),
        ),
        Ast::Node(n) => {
            // A nested `&(...)` has placeholders of its own.
            if matches!(ast.as_call(), Some(("&", _, _))) {
                return ast.clone();
            }
            let head = match &n.head {
                Head::Ast(h) => Head::Ast(Box::new(replace_placeholders(h, highest))),
                h => h.clone(),
            };
            Ast::Node(Box::new(Node {
                head,
                meta: n.meta,
                args: n.args.as_ref().map(|args| {
                    args.iter()
                        .map(|a| replace_placeholders(a, highest))
                        .collect()
                }),
            }))
        }
        other => other.clone(),
    }
}
