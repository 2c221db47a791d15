//! `if`/`unless`, `case`, `cond`, `receive` and `try`.
//!
//! Clauses compile in order: each tests its pattern and guard and jumps to
//! the next clause when they fail; the body's value goes to one result
//! register, or is returned when the whole form is in tail position.
//! Variables a clause binds are gone after it.

use super::{CResult, CompileError, FnCx};
use crate::lang::ast::Ast;
use crate::term::Term;
use crate::vm::code::{Label, Reg};
use crate::vm::ops::{Class, Op};

/// One `pattern when guard -> body` clause, taken apart.
pub(crate) struct Clause<'a> {
    pub(crate) pats: Vec<&'a Ast>,
    pub(crate) guard: Option<&'a Ast>,
    pub(crate) body: &'a Ast,
}

/// Takes a `->` clause apart.
pub(crate) fn clause_parts(clause: &Ast) -> CResult<Clause<'_>> {
    let Some(("->", [Ast::List(head), body], _)) = clause.as_call() else {
        return Err(CompileError::new(clause.line(), "expected -> clauses"));
    };
    if let [single] = head.as_slice() {
        if let Some(("when", parts, _)) = single.as_call() {
            if let Some((guard, pats)) = parts.split_last() {
                return Ok(Clause {
                    pats: pats.iter().collect(),
                    guard: Some(guard),
                    body,
                });
            }
        }
    }
    Ok(Clause {
        pats: head.iter().collect(),
        guard: None,
        body,
    })
}

/// The `->` clauses under `key` of a `do` keyword list.
pub(crate) fn clauses_of<'a>(kw: &'a Ast, key: &str) -> Vec<&'a Ast> {
    match kw.keyword_get(key) {
        Some(Ast::List(items)) => items.iter().collect(),
        _ => Vec::new(),
    }
}

impl FnCx<'_, '_> {
    /// Compiles `clauses` against `subjects`. Each body's value goes to
    /// `dst` (or is returned when `tail`); when none matches, `no_match`
    /// is emitted. `on_match` runs right after a clause's head matched.
    pub(crate) fn clauses(
        &mut self,
        clauses: &[&Ast],
        subjects: &[Reg],
        dst: Reg,
        tail: bool,
        on_match: Option<Op>,
        no_match: &mut dyn FnMut(&mut Self) -> CResult<()>,
    ) -> CResult<()> {
        let end = self.b.label();
        let mark = self.b.top;
        for clause in clauses {
            let c = clause_parts(clause)?;
            if c.pats.len() != subjects.len() {
                return Err(CompileError::new(
                    clause.line(),
                    "wrong number of arguments in a clause",
                ));
            }
            let next = self.b.label();
            self.scopes.push();
            self.b.set_line(clause.line());
            self.patterns(&c.pats, subjects, next)?;
            if let Some(g) = c.guard {
                self.guard(g, next)?;
            }
            if let Some(op) = &on_match {
                self.b.emit(op.clone());
            }
            if tail {
                self.tail(c.body)?;
            } else {
                let r = self.value(c.body)?;
                self.mov(dst, r);
                self.jump(end);
            }
            self.scopes.pop();
            self.release(mark);
            self.b.place(next);
        }
        no_match(self)?;
        self.b.place(end);
        Ok(())
    }

    /// `if`/`unless` with `do:` and `else:`.
    pub(crate) fn if_expr(
        &mut self,
        name: &str,
        args: &[Ast],
        line: u32,
        tail: bool,
    ) -> CResult<Option<Reg>> {
        let [cond, kw] = args else {
            return Err(CompileError::new(
                line,
                format!("invalid arguments for {name}"),
            ));
        };
        let Some(then_branch) = kw.keyword_get("do") else {
            return Err(CompileError::new(
                line,
                format!("missing :do option in \"{name}\""),
            ));
        };
        let else_branch = kw.keyword_get("else");
        let (yes, no) = if name == "if" {
            (Some(then_branch), else_branch)
        } else {
            (else_branch, Some(then_branch))
        };
        let dst = self.b.alloc()?;
        let c = self.value(cond)?;
        let other = self.b.label();
        let end = self.b.label();
        self.b.emit(Op::JumpIfFalsy { src: c, to: other });
        self.branch(yes, dst, tail)?;
        self.jump(end);
        self.b.place(other);
        self.branch(no, dst, tail)?;
        self.b.place(end);
        self.release(usize::from(dst) + 1);
        if tail {
            Ok(None)
        } else {
            Ok(Some(dst))
        }
    }

    /// One branch of an `if`, in its own scope (`nil` when absent).
    fn branch(&mut self, body: Option<&Ast>, dst: Reg, tail: bool) -> CResult<()> {
        let mark = self.b.top;
        self.scopes.push();
        let nil = Ast::Atom(std::rc::Rc::from("nil"));
        let body = body.unwrap_or(&nil);
        if tail {
            self.tail(body)?;
        } else {
            let r = self.value(body)?;
            self.mov(dst, r);
        }
        self.scopes.pop();
        self.release(mark.max(usize::from(dst) + 1));
        Ok(())
    }

    /// `case subject do clauses end`.
    pub(crate) fn case_expr(
        &mut self,
        subject: &Ast,
        kw: &Ast,
        line: u32,
        tail: bool,
    ) -> CResult<Option<Reg>> {
        let clauses = clauses_of(kw, "do");
        if clauses.is_empty() {
            return Err(CompileError::new(
                line,
                "expected -> clauses for :do in \"case\"",
            ));
        }
        let s = self.value(subject)?;
        let dst = self.b.alloc()?;
        self.clauses(&clauses, &[s], dst, tail, None, &mut |cx: &mut Self| {
            cx.raise_tagged("case_clause", s)
        })?;
        self.release(usize::from(dst) + 1);
        Ok(if tail { None } else { Some(dst) })
    }

    /// `cond do c1 -> a; c2 -> b end`.
    pub(crate) fn cond_expr(&mut self, kw: &Ast, line: u32, tail: bool) -> CResult<Option<Reg>> {
        let clauses = clauses_of(kw, "do");
        if clauses.is_empty() {
            return Err(CompileError::new(
                line,
                "expected -> clauses for :do in \"cond\"",
            ));
        }
        let dst = self.b.alloc()?;
        let end = self.b.label();
        for clause in clauses {
            let c = clause_parts(clause)?;
            let [cond] = c.pats.as_slice() else {
                return Err(CompileError::new(
                    clause.line(),
                    "cond clauses take one condition",
                ));
            };
            let next = self.b.label();
            let mark = self.b.top;
            self.scopes.push();
            let r = self.value(cond)?;
            self.b.emit(Op::JumpIfFalsy { src: r, to: next });
            if tail {
                self.tail(c.body)?;
            } else {
                let v = self.value(c.body)?;
                self.mov(dst, v);
                self.jump(end);
            }
            self.scopes.pop();
            self.release(mark);
            self.b.place(next);
        }
        self.raise_atom("cond_clause")?;
        self.b.place(end);
        self.release(usize::from(dst) + 1);
        Ok(if tail { None } else { Some(dst) })
    }

    /// For a `receive` whose every clause pins a bound variable in its
    /// pattern (`{^ref, reply}`), each clause's pinned registers, so the
    /// scan may skip messages older than a reference they hold (see
    /// [`Op::RecvStartMarked`]); None when some clause pins nothing.
    fn receive_pins(&self, clauses: &[&Ast]) -> Option<Box<[Box<[Reg]>]>> {
        fn walk(pat: &Ast, out: &mut Vec<String>) {
            match pat {
                Ast::List(items) => items.iter().for_each(|i| walk(i, out)),
                Ast::Pair(a, b) => {
                    walk(a, out);
                    walk(b, out);
                }
                _ => match pat.as_call() {
                    Some(("^", [inner], _)) => {
                        if let Some((var, _)) = inner.as_var() {
                            out.push(var.to_string());
                        }
                    }
                    // Structure only: a pin in a binary's size or a guard
                    // does not make the message hold the value.
                    Some(("{}" | "=" | "|" | "%{}", args, _)) => {
                        args.iter().for_each(|a| walk(a, out));
                    }
                    _ => {}
                },
            }
        }
        if clauses.is_empty() {
            return None;
        }
        let mut pins = Vec::new();
        for clause in clauses {
            let parts = clause_parts(clause).ok()?;
            let mut names = Vec::new();
            for pat in &parts.pats {
                walk(pat, &mut names);
            }
            let regs: Vec<Reg> = names.iter().filter_map(|n| self.scopes.lookup(n)).collect();
            if regs.is_empty() {
                return None;
            }
            pins.push(regs.into_boxed_slice());
        }
        Some(pins.into_boxed_slice())
    }

    /// `receive do clauses after t -> body end`.
    pub(crate) fn receive_expr(&mut self, kw: &Ast, line: u32, tail: bool) -> CResult<Option<Reg>> {
        let clauses = clauses_of(kw, "do");
        let after = clauses_of(kw, "after");
        if clauses.is_empty() && after.is_empty() {
            return Err(CompileError::new(line, "missing :do option in \"receive\""));
        }
        let dst = self.b.alloc()?;
        let msg = self.b.alloc()?;
        let end = self.b.label();
        let wait = self.b.label();
        let looping = self.b.label();
        match self.receive_pins(&clauses) {
            Some(pins) => self.b.emit(Op::RecvStartMarked { pins }),
            None => self.b.emit(Op::RecvStart),
        }
        self.b.place(looping);
        self.b.emit(Op::LoopRec { dst: msg, wait });
        let after_clause = match after.as_slice() {
            [] => None,
            [one] => Some(clause_parts(one)?),
            _ => {
                return Err(CompileError::new(
                    line,
                    "expected a single -> clause for :after in \"receive\"",
                ))
            }
        };
        let mut no_match = |cx: &mut Self| -> CResult<()> {
            cx.b.emit(Op::LoopRecEnd { to: looping });
            Ok(())
        };
        self.clauses(
            &clauses,
            &[msg],
            dst,
            tail,
            Some(Op::RemoveMessage),
            &mut no_match,
        )?;
        // The clauses jump to their own end label; tie it to ours.
        self.jump(end);
        self.b.place(wait);
        match after_clause {
            None => self.b.emit(Op::Wait { to: looping }),
            Some(c) => {
                let [timeout] = c.pats.as_slice() else {
                    return Err(CompileError::new(line, "expected a timeout in \"after\""));
                };
                let t = self.value(timeout)?;
                self.b.emit(Op::WaitTimeout {
                    timeout: t,
                    to: looping,
                });
                let mark = self.b.top;
                self.scopes.push();
                if tail {
                    self.tail(c.body)?;
                } else {
                    let r = self.value(c.body)?;
                    self.mov(dst, r);
                }
                self.scopes.pop();
                self.release(mark);
            }
        }
        self.b.place(end);
        self.release(usize::from(dst) + 1);
        Ok(if tail { None } else { Some(dst) })
    }

    /// `try do ... rescue ... catch ... else ... after ... end`.
    pub(crate) fn try_expr(&mut self, kw: &Ast, line: u32, tail: bool) -> CResult<Option<Reg>> {
        let Some(body) = kw.keyword_get("do") else {
            return Err(CompileError::new(line, "missing :do option in \"try\""));
        };
        let rescue = clauses_of(kw, "rescue");
        let catch = clauses_of(kw, "catch");
        let else_clauses = clauses_of(kw, "else");
        let after = kw.keyword_get("after");
        if rescue.is_empty() && catch.is_empty() && after.is_none() && else_clauses.is_empty() {
            return Err(CompileError::new(
                line,
                "missing :catch/:rescue/:after option in \"try\"",
            ));
        }
        let dst = self.b.alloc()?;
        let end = self.b.label();
        // An `after` block guards everything else with an outer handler.
        let after_handler = self.b.label();
        if after.is_some() {
            self.b.emit(Op::Try {
                handler: after_handler,
            });
        }
        let handler = self.b.label();
        let has_handlers = !rescue.is_empty() || !catch.is_empty();
        self.in_try += 1;
        if has_handlers {
            self.b.emit(Op::Try { handler });
        }
        let mark = self.b.top;
        self.scopes.push();
        let v = self.value(body)?;
        self.mov(dst, v);
        self.scopes.pop();
        self.release(usize::from(dst) + 1);
        if has_handlers {
            self.b.emit(Op::TryEnd);
        }
        let done = self.b.label();
        if !else_clauses.is_empty() {
            let subject = self.b.alloc()?;
            self.mov(subject, dst);
            self.clauses(
                &else_clauses,
                &[subject],
                dst,
                false,
                None,
                &mut |cx: &mut Self| cx.raise_tagged("try_clause", subject),
            )?;
        }
        self.jump(done);
        if has_handlers {
            self.b.place(handler);
            let class = self.b.alloc()?;
            let reason = self.b.alloc()?;
            let stack = self.b.alloc()?;
            self.b.emit(Op::TryCatch {
                class,
                reason,
                stack,
            });
            let reraise = self.b.label();
            for clause in &rescue {
                self.rescue_clause(clause, class, reason, stack, dst, done, line)?;
            }
            for clause in &catch {
                self.catch_clause(clause, class, reason, stack, dst, done)?;
            }
            self.b.place(reraise);
            self.b.emit(Op::Reraise {
                class,
                reason,
                stack,
            });
        }
        self.b.place(done);
        self.in_try -= 1;
        if let Some(after_body) = after {
            self.b.emit(Op::TryEnd);
            let m = self.b.top;
            self.scopes.push();
            self.value(after_body)?;
            self.scopes.pop();
            self.release(m);
            self.jump(end);
            // Raised anywhere above: run `after`, then raise it again.
            self.b.place(after_handler);
            let class = self.b.alloc()?;
            let reason = self.b.alloc()?;
            let stack = self.b.alloc()?;
            self.b.emit(Op::TryCatch {
                class,
                reason,
                stack,
            });
            self.scopes.push();
            self.value(after_body)?;
            self.scopes.pop();
            self.b.emit(Op::Reraise {
                class,
                reason,
                stack,
            });
        }
        self.b.place(end);
        self.release(mark.max(usize::from(dst) + 1));
        if tail {
            self.b.emit(Op::Return { src: dst });
            return Ok(None);
        }
        Ok(Some(dst))
    }

    /// `rescue e in [A, B] -> body`, `rescue A -> body`, `rescue e -> body`.
    #[allow(clippy::too_many_arguments)]
    fn rescue_clause(
        &mut self,
        clause: &Ast,
        class: Reg,
        reason: Reg,
        stack: Reg,
        dst: Reg,
        done: Label,
        line: u32,
    ) -> CResult<()> {
        let c = clause_parts(clause)?;
        let [head] = c.pats.as_slice() else {
            return Err(CompileError::new(line, "invalid rescue clause"));
        };
        let next = self.b.label();
        let mark = self.b.top;
        self.scopes.push();
        self.scopes.bind("__STACKTRACE__", stack);
        // Only errors are rescued.
        let k = self.b.constant(Term::atom("error"));
        self.b.emit(Op::IsEqConst {
            src: class,
            k,
            fail: next,
        });
        let exception = self.b.alloc()?;
        self.b.emit(Op::Caught { dst: exception });
        let _ = reason;
        let (var, modules): (Option<&Ast>, Vec<&Ast>) = match head.as_call() {
            Some(("in", [var, mods], _)) => match mods {
                Ast::List(items) => (Some(var), items.iter().collect()),
                other => (Some(var), vec![other]),
            },
            Some(("__aliases__", _, _)) => (None, vec![head]),
            _ => (Some(head), Vec::new()),
        };
        if !modules.is_empty() {
            let key = self.b.alloc()?;
            self.load_const(key, Term::atom("__struct__"));
            let name = self.b.alloc()?;
            self.b.emit(Op::GetMapKey {
                dst: name,
                map: exception,
                key,
                fail: next,
            });
            let matched = self.b.label();
            for m in modules {
                let module = self.static_module(m)?.ok_or_else(|| {
                    CompileError::new(line, "invalid rescue clause: expected an exception module")
                })?;
                let skip = self.b.label();
                let k = self.b.constant(Term::Atom(module));
                self.b.emit(Op::IsEqConst {
                    src: name,
                    k,
                    fail: skip,
                });
                self.jump(matched);
                self.b.place(skip);
            }
            self.jump(next);
            self.b.place(matched);
        }
        if let Some(var) = var {
            self.pattern(var, exception, next)?;
        }
        let r = self.value(c.body)?;
        self.mov(dst, r);
        self.jump(done);
        self.scopes.pop();
        self.release(mark);
        self.b.place(next);
        Ok(())
    }

    /// `catch kind, value -> body` or `catch value -> body` (throws only).
    fn catch_clause(
        &mut self,
        clause: &Ast,
        class: Reg,
        reason: Reg,
        stack: Reg,
        dst: Reg,
        done: Label,
    ) -> CResult<()> {
        let c = clause_parts(clause)?;
        let next = self.b.label();
        let mark = self.b.top;
        self.scopes.push();
        self.scopes.bind("__STACKTRACE__", stack);
        match c.pats.as_slice() {
            [value] => {
                let k = self.b.constant(Term::atom("throw"));
                self.b.emit(Op::IsEqConst {
                    src: class,
                    k,
                    fail: next,
                });
                self.patterns(&[value], &[reason], next)?;
            }
            [kind, value] => self.patterns(&[kind, value], &[class, reason], next)?,
            _ => return Err(CompileError::new(clause.line(), "invalid catch clause")),
        }
        if let Some(g) = c.guard {
            self.guard(g, next)?;
        }
        let r = self.value(c.body)?;
        self.mov(dst, r);
        self.jump(done);
        self.scopes.pop();
        self.release(mark);
        self.b.place(next);
        Ok(())
    }

    /// `raise msg`, `raise Mod`, `raise Mod, attrs`, `reraise e, stack`.
    pub(crate) fn raise(&mut self, name: &str, args: &[Ast], line: u32) -> CResult<Option<Reg>> {
        let meta = args.first().map(Ast::meta).unwrap_or_default();
        let exception = match (name, args) {
            ("raise", [msg]) => match self.static_module(msg)? {
                Some(module) if matches!(msg.as_call(), Some(("__aliases__", _, _))) => {
                    Ast::remote(module.as_str(), "exception", vec![Ast::List(vec![])], meta)
                }
                _ => Ast::remote("Elixir.Kernel", "__exception__", vec![msg.clone()], meta),
            },
            ("raise", [module, attrs]) => match self.static_module(module)? {
                Some(m) => Ast::remote(m.as_str(), "exception", vec![attrs.clone()], meta),
                None => Ast::remote_on(module.clone(), "exception", vec![attrs.clone()], meta),
            },
            ("reraise", [e, stack]) => {
                let v = Ast::remote("Elixir.Kernel", "__exception__", vec![e.clone()], meta);
                return self.reraise(&v, stack);
            }
            ("reraise", [module, attrs, stack]) => {
                let m = self
                    .static_module(module)?
                    .ok_or_else(|| CompileError::new(line, "invalid reraise"))?;
                let v = Ast::remote(m.as_str(), "exception", vec![attrs.clone()], meta);
                return self.reraise(&v, stack);
            }
            _ => {
                return Err(CompileError::new(
                    line,
                    format!("invalid arguments for {name}"),
                ))
            }
        };
        let r = self.value(&exception)?;
        self.b.emit(Op::Raise {
            class: Class::Error,
            reason: r,
        });
        Ok(Some(r))
    }

    /// Raises the exception `exception` evaluates to again, as an error,
    /// with the stacktrace `stack` evaluates to.
    fn reraise(&mut self, exception: &Ast, stack: &Ast) -> CResult<Option<Reg>> {
        let r = self.value(exception)?;
        let s = self.value(stack)?;
        let class = self.b.alloc()?;
        self.load_const(class, Term::atom("error"));
        self.b.emit(Op::Reraise {
            class,
            reason: r,
            stack: s,
        });
        let dst = self.b.alloc()?;
        Ok(Some(dst))
    }
}
