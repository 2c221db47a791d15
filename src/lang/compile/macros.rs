//! The macros of Elixir's standard library outside `Kernel` that learners
//! call: `Integer.is_odd/1` and `Integer.is_even/1` (guards), and
//! `Logger.debug/info/notice/warning/warn/error` (which print as Logger's
//! console backend does). Like Elixir, they need a `require` first; a
//! capture of one (`&Integer.is_odd/1`) becomes a function of its own.

use super::{CResult, CompileError, FnCx};
use crate::lang::ast::{Ast, Meta};
use crate::term::{inspect, Atom, Term};
use crate::vm::code::Reg;

/// True when `module.name/arity` is a macro this compiler expands.
pub fn is_macro(module: Atom, name: &str, arity: usize) -> bool {
    match module.as_str() {
        "Elixir.Integer" => matches!((name, arity), ("is_odd" | "is_even", 1)),
        "Elixir.Logger" => {
            matches!(
                name,
                "debug" | "info" | "notice" | "warning" | "warn" | "error"
            ) && matches!(arity, 1 | 2)
        }
        _ => false,
    }
}

/// What each macro expands to, with `arg1`, `arg2` ... for the arguments.
fn template(module: &str, name: &str) -> Option<&'static str> {
    Some(match (module, name) {
        ("Elixir.Integer", "is_odd") => "is_integer(arg1) and :erlang.band(arg1, 1) == 1",
        ("Elixir.Integer", "is_even") => "is_integer(arg1) and :erlang.band(arg1, 1) == 0",
        // A function message is called only when the message is logged.
        ("Elixir.Logger", _) => {
            "case arg1 do\n  otpsim_fun when is_function(otpsim_fun, 0) -> :otpsim.log(:LEVEL, otpsim_fun.())\n  otpsim_text -> :otpsim.log(:LEVEL, otpsim_text)\nend"
        }
        _ => return None,
    })
}

/// The expression a macro call stands for.
fn expand(module: Atom, name: &str, args: &[Ast], line: u32) -> CResult<Ast> {
    let Some(text) = template(module.as_str(), name) else {
        return Err(CompileError::new(line, "invalid macro call"));
    };
    let level = if name == "warn" { "warning" } else { name };
    let text = text.replace("LEVEL", level);
    let ast = crate::lang::parse(&text)
        .map_err(|e| CompileError::new(line, format!("internal macro error: {e}")))?;
    let bindings: Vec<(String, Ast)> = args
        .iter()
        .take(1)
        .enumerate()
        .map(|(i, a)| (format!("arg{}", i + 1), a.clone()))
        .collect();
    Ok(super::uses::substitute(&ast, &bindings))
}

impl FnCx<'_, '_> {
    /// `Mod.macro(args)`: its expansion, or Elixir's error when `Mod` was
    /// not required.
    pub(crate) fn macro_call(
        &mut self,
        module: Atom,
        name: &str,
        args: &[Ast],
        meta: Meta,
        tail: bool,
    ) -> CResult<Option<Reg>> {
        if !self.unit.env.requires.contains(&module) {
            return Err(CompileError::new(
                meta.line,
                format!(
                    "you must require {} before invoking the macro {}.{name}/{}",
                    inspect(&Term::Atom(module)),
                    inspect(&Term::Atom(module)),
                    args.len()
                ),
            ));
        }
        let ast = expand(module, name, args, meta.line)?;
        self.compile(&ast, tail)
    }

    /// `&Mod.macro/arity` of a required module: `fn x -> Mod.macro(x) end`.
    pub(crate) fn macro_capture(
        &mut self,
        module: Atom,
        name: &str,
        arity: u8,
        meta: Meta,
    ) -> CResult<Option<Reg>> {
        if !self.unit.env.requires.contains(&module) {
            return Ok(None);
        }
        let params: Vec<Ast> = (1..=arity)
            .map(|i| Ast::var(&format!("%cap{i}"), meta))
            .collect();
        let body = expand(module, name, &params, meta.line)?;
        let clause = Ast::clause(params, body, meta);
        self.fn_expr(&[clause], meta.line).map(Some)
    }
}
