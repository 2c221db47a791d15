//! Calls: local functions of the module, imports, `Kernel`'s functions,
//! `Module.fun(args)`, `module.fun(args)` with a module in a variable,
//! `map.field`, `fun.(args)`, and `apply`.
//!
//! Arguments go into consecutive registers at the top of the window, where
//! the callee's window starts, and the result comes back in the first of
//! them. A call in tail position replaces the caller's frame.

use super::kernel;
use super::{CResult, CompileError, FnCx};
use crate::lang::ast::Ast;
use crate::term::{Atom, Term};
use crate::vm::bif;
use crate::vm::code::Reg;
use crate::vm::ops::Op;

impl FnCx<'_, '_> {
    /// Puts the values of `args` into consecutive registers at the top;
    /// returns the first.
    pub(crate) fn call_args(&mut self, args: &[Ast]) -> CResult<Reg> {
        let n = args.len();
        let base = self.b.alloc_n(n.max(1))?;
        self.each_sibling(args, |cx, i, a| {
            let r = cx.value(a)?;
            cx.place(base + i as Reg, r, usize::from(base) + n.max(1));
            Ok(())
        })?;
        self.settle_block(base, n.max(1))
    }

    /// Everything that looks like a call `name(args)`: macros first, then
    /// local functions, imports and `Kernel`.
    pub(crate) fn special_or_call(
        &mut self,
        name: &str,
        args: &[Ast],
        ast: &Ast,
        tail: bool,
    ) -> CResult<Option<Reg>> {
        let line = ast.line();
        match (name, args) {
            ("if", _) | ("unless", _) => return self.if_expr(name, args, line, tail),
            ("case", [subject, clauses]) => return self.case_expr(subject, clauses, line, tail),
            ("cond", [clauses]) => return self.cond_expr(clauses, line, tail),
            ("receive", [clauses]) => return self.receive_expr(clauses, line, tail),
            ("try", [clauses]) => return self.try_expr(clauses, line, tail),
            ("with", _) => {
                let rewritten = self.with_rewrite(args, line)?;
                return self.compile(&rewritten, tail);
            }
            ("for", _) => {
                let rewritten = self.for_rewrite(args, line)?;
                return self.compile(&rewritten, tail);
            }
            ("fn", clauses) => {
                let r = self.fn_expr(clauses, line)?;
                return self.done(r, tail);
            }
            ("&", [inner]) => {
                let r = self.capture(inner, line)?;
                return self.done(r, tail);
            }
            ("|>", [left, right]) => {
                let rewritten = self.pipe(left, right, line)?;
                return self.compile(&rewritten, tail);
            }
            ("match?", [pattern, value]) => {
                let rewritten = Ast::call(
                    "case",
                    vec![
                        value.clone(),
                        Ast::keyword(vec![(
                            "do",
                            Ast::List(vec![
                                Ast::clause(vec![pattern.clone()], Ast::atom("true"), ast.meta()),
                                Ast::clause(
                                    vec![Ast::var("_", ast.meta())],
                                    Ast::atom("false"),
                                    ast.meta(),
                                ),
                            ]),
                        )]),
                    ],
                    ast.meta(),
                );
                return self.compile(&rewritten, tail);
            }
            ("apply", [f, list]) => return self.apply_list(f, None, list, line, tail),
            ("apply", [m, f, list]) => return self.apply_list(m, Some(f), list, line, tail),
            ("then", [value, f]) => {
                let call = Ast::anon_call(f.clone(), vec![value.clone()], ast.meta());
                return self.compile(&call, tail);
            }
            ("put_in" | "update_in" | "get_in" | "pop_in" | "get_and_update_in", _)
                if self.path_form(name, args) =>
            {
                let rewritten = self.path_rewrite(name, args, line)?;
                return self.compile(&rewritten, tail);
            }
            (n, [x]) if self.is_type_test(n) => {
                let ty = type_of(n).unwrap_or(crate::vm::ops::Ty::Atom);
                let r = self.type_test_value(x, ty)?;
                return self.done(r, tail);
            }
            ("is_function", [x, Ast::Int(arity)]) => {
                let v = self.value(x)?;
                let dst = self.b.alloc()?;
                let no = self.b.label();
                self.load_const(dst, Term::boolean(false));
                let arity = u8::try_from(*arity).unwrap_or(u8::MAX);
                self.b.emit(Op::IsFunctionArity {
                    src: v,
                    arity,
                    fail: no,
                });
                self.load_const(dst, Term::boolean(true));
                self.b.place(no);
                return self.done(dst, tail);
            }
            (n, _) if n.starts_with("sigil_") => {
                let r = self.sigil(n, args, line)?;
                return self.done(r, tail);
            }
            _ => {}
        }
        self.local_call(name, args, line, tail)
    }

    /// `is_integer(x)` and friends: a type test, as a boolean.
    fn type_test_value(&mut self, x: &Ast, ty: crate::vm::ops::Ty) -> CResult<Reg> {
        let v = self.value(x)?;
        let dst = self.b.alloc()?;
        let no = self.b.label();
        self.load_const(dst, Term::boolean(false));
        self.b.emit(Op::TypeTest {
            src: v,
            ty,
            fail: no,
        });
        self.load_const(dst, Term::boolean(true));
        self.b.place(no);
        Ok(dst)
    }

    /// True when `name/1` is Kernel's `is_*` type test here (not shadowed
    /// by a function of the module's own).
    pub(super) fn is_type_test(&self, name: &str) -> bool {
        type_of(name).is_some() && !self.function_available_locally(name, 1)
    }

    /// True when the module itself defines `name/arity` (it then shadows Kernel's).
    fn function_available_locally(&self, name: &str, arity: u8) -> bool {
        !self.unit.shell && self.unit.defs.contains_key(&(name.to_string(), arity))
    }

    /// `name(args)` resolved as Elixir does: the module's own functions,
    /// then imports, then `Kernel`.
    pub(crate) fn local_call(
        &mut self,
        name: &str,
        args: &[Ast],
        line: u32,
        tail: bool,
    ) -> CResult<Option<Reg>> {
        let arity = args.len();
        let Ok(arity8) = u8::try_from(arity) else {
            return Err(CompileError::new(line, "too many arguments"));
        };
        if let Some((params, body)) = self.unit.guards.get(&(name.to_string(), arity)) {
            let bindings: Vec<(String, Ast)> =
                params.iter().cloned().zip(args.iter().cloned()).collect();
            let expanded = super::uses::substitute(body, &bindings);
            return self.compile(&expanded, tail);
        }
        if !self.unit.shell {
            if let Some(def) = self.unit.defs.get(&(name.to_string(), arity8)).copied() {
                if self.guard_fail.is_some() {
                    return Err(CompileError::new(
                        line,
                        format!("cannot invoke local {name}/{arity} inside guards"),
                    ));
                }
                let base = self.call_args(args)?;
                if tail && self.in_try == 0 {
                    self.b.emit(Op::TailCall {
                        fun: def.index,
                        args: base,
                        n: arity8,
                    });
                    return Ok(None);
                }
                self.b.emit(Op::Call {
                    dst: base,
                    fun: def.index,
                    args: base,
                    n: arity8,
                });
                self.release(usize::from(base) + 1);
                return self.done(base, tail);
            }
        }
        // A module whose other functions are natives (the prelude's `Enum`
        // beside the Rust `Enum` functions) calls them unqualified.
        if !self.unit.shell && bif::lookup(self.unit.name.as_str(), name, arity8).is_some() {
            let m = self.unit.name;
            return self.remote_call(m, Atom::new(name), args, line, tail);
        }
        if let Some(module) = self.imported(name, arity8) {
            let f = Atom::new(name);
            return self.remote_call(module, f, args, line, tail);
        }
        if let Some((m, f)) = kernel::target(name, arity, self.unit.shell) {
            return self.remote_call(Atom::new(m), Atom::new(f), args, line, tail);
        }
        Err(self.undefined_function(name, arity, line))
    }

    /// The module an `import` brings `name/arity` from.
    pub(crate) fn imported(&self, name: &str, arity: u8) -> Option<Atom> {
        for import in self.unit.env.imports.iter().rev() {
            if let Some(only) = &import.only {
                if !only.iter().any(|(n, a)| n == name && *a == arity) {
                    continue;
                }
            }
            if import.except.iter().any(|(n, a)| n == name && *a == arity) {
                continue;
            }
            let exists = self
                .unit
                .module(import.module)
                .is_some_and(|m| m.export(Atom::new(name), arity).is_some())
                || bif::lookup(import.module.as_str(), name, arity).is_some();
            if exists {
                return Some(import.module);
            }
        }
        None
    }

    /// True when `name/arity` can be called unqualified here.
    pub(crate) fn function_available(&self, name: &str, arity: u8) -> bool {
        (!self.unit.shell && self.unit.defs.contains_key(&(name.to_string(), arity)))
            || self.imported(name, arity).is_some()
            || kernel::target(name, usize::from(arity), self.unit.shell).is_some()
    }

    /// Elixir's error for an unknown unqualified function.
    pub(crate) fn undefined_function(
        &self,
        name: &str,
        arity: usize,
        line: u32,
    ) -> Box<CompileError> {
        if self.unit.shell {
            CompileError::new(
                line,
                format!("undefined function {name}/{arity} (there is no such import)"),
            )
        } else {
            CompileError::new(
                line,
                format!(
                    "undefined function {name}/{arity} (expected {} to define such a function or for it to be imported, but none are available)",
                    crate::term::inspect(&Term::Atom(self.unit.name))
                ),
            )
        }
    }

    /// `module.f(args)` with both known when compiling.
    pub(crate) fn remote_call(
        &mut self,
        module: Atom,
        f: Atom,
        args: &[Ast],
        line: u32,
        tail: bool,
    ) -> CResult<Option<Reg>> {
        let n =
            u8::try_from(args.len()).map_err(|_| CompileError::new(line, "too many arguments"))?;
        // `Native.Enum.take(...)`: the prelude reaching the Rust native that
        // its own Elixir function of the same name wraps.
        if let Some(rest) = module.as_str().strip_prefix("Elixir.Native.") {
            let target = if rest.starts_with(char::is_lowercase) {
                rest.to_string()
            } else {
                format!("Elixir.{rest}")
            };
            let Some(index) = bif::lookup(&target, f.as_str(), n) else {
                return Err(CompileError::new(
                    line,
                    format!("no native {target}.{}/{n}", f.as_str()),
                ));
            };
            let base = self.call_args(args)?;
            self.b.emit(Op::Bif {
                dst: base,
                bif: index,
                args: base,
                n,
                fail: self.guard_fail,
            });
            self.release(usize::from(base) + 1);
            return self.done(base, tail);
        }
        let own = module == self.unit.name
            && self
                .unit
                .defs
                .get(&(f.as_str().to_string(), n))
                .is_some_and(|d| d.public);
        let callee = if own {
            super::Callee::Code
        } else {
            self.unit.callee(module, f, n)
        };
        let compiled = callee == super::Callee::Code;
        // A library module not compiled yet: the call finds its code or a
        // native when it runs (a guard can only call natives).
        let late = callee == super::Callee::Late && self.guard_fail.is_none();
        let native = if compiled || late {
            None
        } else {
            bif::lookup(module.as_str(), f.as_str(), n)
        };
        if self.guard_fail.is_some()
            && !(native.is_some() && kernel::guard_safe(module.as_str(), f.as_str()))
        {
            return Err(CompileError::new(
                line,
                format!(
                    "cannot invoke remote function {}.{}/{n} inside guards",
                    crate::term::inspect(&Term::Atom(module)),
                    f.as_str()
                ),
            ));
        }
        let base = self.call_args(args)?;
        match native {
            Some(index) => {
                self.b.emit(Op::Bif {
                    dst: base,
                    bif: index,
                    args: base,
                    n,
                    fail: self.guard_fail,
                });
                self.release(usize::from(base) + 1);
                self.done(base, tail)
            }
            None => {
                let k = self
                    .b
                    .constant(Term::tuple([Term::Atom(module), Term::Atom(f)]));
                let tail = tail && self.in_try == 0;
                self.b.emit(Op::CallExt {
                    dst: base,
                    k,
                    args: base,
                    n,
                    tail,
                });
                Ok(self.called(base, tail))
            }
        }
    }

    /// A native call's value (`Range.new/2` ...), never in tail position.
    pub(crate) fn remote_value(
        &mut self,
        module: &str,
        f: &str,
        args: &[&Ast],
        line: u32,
    ) -> CResult<Reg> {
        let args: Vec<Ast> = args.iter().map(|a| (*a).clone()).collect();
        let r = self.remote_call(Atom::new(module), Atom::new(f), &args, line, false)?;
        match r {
            Some(r) => Ok(r),
            None => self.b.alloc(),
        }
    }

    /// A call of a native known to exist (`:erlang.not/1` ...), into a register.
    pub(crate) fn bif_call(
        &mut self,
        module: &str,
        f: &str,
        args: &[&Ast],
        line: u32,
    ) -> CResult<Reg> {
        self.remote_value(module, f, args, line)
    }

    /// `Mod.fun(args)`, `var.fun(args)`, `map.field`, `fun.(args)`.
    pub(crate) fn dotted(&mut self, ast: &Ast, tail: bool) -> CResult<Option<Reg>> {
        let line = ast.line();
        if let Some((module_ast, f, args, meta)) = ast.as_remote() {
            if self.guard_fail.is_some() {
                if let Some(module) = self.static_module(module_ast)? {
                    if super::macros::is_macro(module, f, args.len()) {
                        return self.macro_call(module, f, args, meta, tail);
                    }
                    return self.remote_call(module, Atom::new(f), args, line, tail);
                }
                return Err(CompileError::new(
                    line,
                    "cannot invoke remote function in guards",
                ));
            }
            if let Some(module) = self.static_module(module_ast)? {
                if super::macros::is_macro(module, f, args.len()) {
                    return self.macro_call(module, f, args, meta, tail);
                }
                if module.as_str() == "Elixir.Kernel" {
                    if let Ok(n) = u8::try_from(args.len()) {
                        if let Some((m, k)) = kernel::target(f, usize::from(n), false) {
                            return self.remote_call(Atom::new(m), Atom::new(k), args, line, tail);
                        }
                    }
                }
                return self.remote_call(module, Atom::new(f), args, line, tail);
            }
            // The module (or map) is only known at run time.
            let m = self.value(module_ast)?;
            let k = self.b.constant(Term::atom(f));
            if meta.no_parens && args.is_empty() {
                let dst = self.b.alloc()?;
                let tail = tail && self.in_try == 0;
                self.b.emit(Op::Field {
                    dst,
                    src: m,
                    k,
                    args: dst,
                    tail,
                });
                if tail {
                    return Ok(None);
                }
                return Ok(Some(dst));
            }
            let name = self.b.alloc()?;
            self.b.emit(Op::Const { dst: name, k });
            let base = self.call_args(args)?;
            let n = u8::try_from(args.len())
                .map_err(|_| CompileError::new(line, "too many arguments"))?;
            let tail = tail && self.in_try == 0;
            self.b.emit(Op::CallDyn {
                dst: base,
                module: m,
                name,
                args: base,
                n,
                tail,
            });
            return Ok(self.called(base, tail));
        }
        if let Some((fun, args, _)) = ast.as_anon_call() {
            if self.guard_fail.is_some() {
                return Err(CompileError::new(line, "invalid call in guard"));
            }
            let f = self.value(fun)?;
            let base = self.call_args(args)?;
            let n = u8::try_from(args.len())
                .map_err(|_| CompileError::new(line, "too many arguments"))?;
            let tail = tail && self.in_try == 0;
            self.b.emit(Op::Apply {
                dst: base,
                fun: f,
                args: base,
                n,
                tail,
            });
            return Ok(self.called(base, tail));
        }
        Err(CompileError::new(line, "invalid call"))
    }

    /// The module a call names, when known at compile time: an alias,
    /// an atom, `__MODULE__`.
    pub(crate) fn static_module(&self, ast: &Ast) -> CResult<Option<Atom>> {
        match ast {
            Ast::Atom(a) => Ok(Atom::try_new(a).ok()),
            _ => match ast.as_call() {
                Some(("__aliases__", _, _)) => Ok(Some(self.alias_atom(ast)?)),
                _ => match ast.as_var() {
                    Some(("__MODULE__", _)) if !self.unit.shell => Ok(Some(self.unit.name)),
                    _ => Ok(None),
                },
            },
        }
    }

    /// `apply(fun, args)` / `apply(module, name, args)`.
    fn apply_list(
        &mut self,
        first: &Ast,
        name: Option<&Ast>,
        list: &Ast,
        line: u32,
        tail: bool,
    ) -> CResult<Option<Reg>> {
        // A literal argument list: an ordinary call.
        if let Ast::List(items) = list {
            if super::expr::split_tail(items).1.is_none() {
                match name {
                    None => {
                        let call = Ast::anon_call(first.clone(), items.clone(), first.meta());
                        return self.compile(&call, tail);
                    }
                    Some(Ast::Atom(f)) => {
                        if let Some(m) = self.static_module(first)? {
                            return self.remote_call(m, Atom::new(f), items, line, tail);
                        }
                    }
                    Some(_) => {}
                }
            }
        }
        let f = self.value(first)?;
        let n = match name {
            Some(n) => Some(self.value(n)?),
            None => None,
        };
        let l = self.value(list)?;
        let base = self.b.alloc()?;
        let tail = tail && self.in_try == 0;
        self.b.emit(Op::ApplyList {
            dst: base,
            fun: f,
            name: n,
            list: l,
            args: base,
            tail,
        });
        Ok(self.called(base, tail))
    }

    /// After a call instruction whose arguments started at `base`: a tail
    /// call never comes back (no value); otherwise the result is in `base`
    /// and the registers above it are free again.
    fn called(&mut self, base: Reg, tail: bool) -> Option<Reg> {
        if tail {
            return None;
        }
        self.release(usize::from(base) + 1);
        Some(base)
    }

    /// `alias`, `import`, `require`: change what names mean from here on.
    pub(crate) fn directive(&mut self, name: &str, args: &[Ast], line: u32) -> CResult<Reg> {
        let Some(target) = args.first() else {
            return Err(CompileError::new(line, format!("invalid {name}")));
        };
        let opts = args.get(1);
        let mut result = Term::nil();
        // `alias Foo.{Bar, Baz}`
        if let Some((base, "{}", items, _)) = target.as_remote() {
            let prefix = self
                .static_module(base)?
                .ok_or_else(|| CompileError::new(line, "invalid alias"))?;
            for item in items {
                if let Some(("__aliases__", segs, _)) = item.as_call() {
                    let tail: Vec<String> = segs
                        .iter()
                        .filter_map(|s| s.as_atom().map(str::to_string))
                        .collect();
                    let full = Atom::new(&format!("{}.{}", prefix.as_str(), tail.join(".")));
                    if name == "alias" {
                        if let Some(last) = tail.last() {
                            self.unit.env.aliases.insert(last.clone(), full);
                        }
                    }
                    result = Term::Atom(full);
                }
            }
            let r = self.b.alloc()?;
            self.load_const(r, result);
            return Ok(r);
        }
        let module = self
            .static_module(target)?
            .ok_or_else(|| CompileError::new(line, format!("invalid argument for {name}")))?;
        result = Term::Atom(module);
        match name {
            "alias" => {
                let short = match opts.and_then(|o| o.keyword_get("as")) {
                    Some(alias) => match alias.as_call() {
                        Some(("__aliases__", [Ast::Atom(a)], _)) => a.to_string(),
                        _ => return Err(CompileError::new(line, "invalid :as for alias")),
                    },
                    None => module
                        .as_str()
                        .rsplit('.')
                        .next()
                        .unwrap_or(module.as_str())
                        .to_string(),
                };
                self.unit.env.aliases.insert(short, module);
            }
            "import" => {
                let pairs = |key: &str| -> Option<Vec<(String, u8)>> {
                    let list = opts?.keyword_get(key)?;
                    Some(
                        list.as_keyword()?
                            .into_iter()
                            .filter_map(|(n, a)| match a {
                                Ast::Int(a) => Some((n.to_string(), u8::try_from(*a).ok()?)),
                                _ => None,
                            })
                            .collect(),
                    )
                };
                let only = pairs("only");
                let except = pairs("except").unwrap_or_default();
                self.unit.env.imports.retain(|i| i.module != module);
                self.unit.env.imports.push(super::Import {
                    module,
                    only,
                    except,
                });
            }
            "require" => {
                self.unit.env.requires.insert(module);
                if let Some(Some(("__aliases__", [Ast::Atom(a)], _))) =
                    opts.and_then(|o| o.keyword_get("as")).map(Ast::as_call)
                {
                    self.unit.env.aliases.insert(a.to_string(), module);
                }
            }
            _ => {}
        }
        let r = self.b.alloc()?;
        self.load_const(r, result);
        Ok(r)
    }
}

/// The type test an `is_*` guard function performs.
pub(super) fn type_of(name: &str) -> Option<crate::vm::ops::Ty> {
    use crate::vm::ops::Ty;
    Some(match name {
        "is_integer" => Ty::Integer,
        "is_float" => Ty::Float,
        "is_number" => Ty::Number,
        "is_atom" => Ty::Atom,
        "is_boolean" => Ty::Boolean,
        "is_binary" => Ty::Binary,
        "is_bitstring" => Ty::Bitstring,
        "is_list" => Ty::List,
        "is_tuple" => Ty::Tuple,
        "is_map" => Ty::Map,
        "is_pid" => Ty::Pid,
        "is_reference" => Ty::Reference,
        "is_function" => Ty::Function,
        "is_port" => Ty::Port,
        _ => return None,
    })
}
