//! `Exception` (`message/1`, `format/2,3`, `format_banner/2,3`,
//! `format_exit/1`, `exception?/1`, `normalize/3`, `format_mfa/3`,
//! `format_stacktrace_entry/1`) and `exception/1` of every built-in
//! exception module, with Elixir 1.14's fields and defaults.
//!
//! The words themselves (`format_exit`, stacktrace entries) are
//! [`crate::vm::exception`]'s, which iex's banners use too (a
//! `{exception, stacktrace}` needs a non-empty stacktrace; supervisor
//! and `gen_server` reasons have their own words). Stacktrace entries
//! print without the `(app vsn)` prefix a BEAM adds for OTP modules.

use super::support::{args, no_clause};
use super::Bif;
use crate::term::{builtin_struct, inspect, Atom, Term};
use crate::vm::exception::{
    exception_name, format_exit, is_exception, message, mfa_call, normalize, stacktrace_entry,
    Exception, Res,
};
use crate::vm::ops::Class;

const M: &str = "Elixir.Exception";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure(M, "message", 1, message1),
    Bif::pure(M, "format", 2, format),
    Bif::pure(M, "format", 3, format),
    Bif::pure(M, "format_banner", 2, format_banner),
    Bif::pure(M, "format_banner", 3, format_banner),
    Bif::pure(M, "format_exit", 1, format_exit1),
    Bif::pure(M, "exception?", 1, exception_q),
    Bif::pure(M, "normalize", 2, normalize2),
    Bif::pure(M, "normalize", 3, normalize2),
    Bif::pure(M, "format_mfa", 3, format_mfa),
    Bif::pure(M, "format_stacktrace_entry", 1, format_entry),
    Bif::pure(M, "format_stacktrace", 1, format_stacktrace),
];

macro_rules! exception_fns {
    ($($f:ident => $i:expr),* $(,)?) => {
        $(fn $f(a: &[Term]) -> Res { build(MODULES[$i], a) })*
        /// `exception/1` of the built-in exception modules.
        pub(super) const EXCEPTION_BIFS: &[Bif] = &[
            $(Bif::pure(MODULES[$i], "exception", 1, $f)),*
        ];
    };
}

/// The built-in exception modules (as stored); their fields and defaults
/// are [`crate::term::builtin_struct`]'s.
const MODULES: &[&str] = &[
    "Elixir.RuntimeError",
    "Elixir.ArgumentError",
    "Elixir.ArithmeticError",
    "Elixir.SystemLimitError",
    "Elixir.CondClauseError",
    "Elixir.Enum.EmptyError",
    "Elixir.Enum.OutOfBoundsError",
    "Elixir.Regex.CompileError",
    "Elixir.KeyError",
    "Elixir.MatchError",
    "Elixir.CaseClauseError",
    "Elixir.WithClauseError",
    "Elixir.TryClauseError",
    "Elixir.BadMapError",
    "Elixir.BadFunctionError",
    "Elixir.BadStructError",
    "Elixir.BadBooleanError",
    "Elixir.BadArityError",
    "Elixir.FunctionClauseError",
    "Elixir.UndefinedFunctionError",
    "Elixir.Protocol.UndefinedError",
    "Elixir.File.Error",
    "Elixir.ErlangError",
    "Elixir.UnicodeConversionError",
];

exception_fns! {
    runtime_error => 0, argument_error => 1, arithmetic_error => 2, system_limit_error => 3,
    cond_clause_error => 4, empty_error => 5, out_of_bounds_error => 6, regex_compile_error => 7,
    key_error => 8, match_error => 9, case_clause_error => 10, with_clause_error => 11,
    try_clause_error => 12, bad_map_error => 13, bad_function_error => 14,
    bad_struct_error => 15, bad_boolean_error => 16, bad_arity_error => 17,
    function_clause_error => 18, undefined_function_error => 19, protocol_undefined_error => 20,
    file_error => 21, erlang_error => 22, unicode_conversion_error => 23,
}

/// `Mod.exception(message)` or `Mod.exception(fields)`: the struct with
/// Elixir's defaults; a string is the message (for those with one).
fn build(module: &str, args: &[Term]) -> Res {
    args!(args, attrs);
    let Some(defaults) = builtin_struct(Atom::new(module)) else {
        return Err(no_clause(module, "exception", args));
    };
    let has_message = defaults.iter().any(|(k, _)| k.as_str() == "message");
    let given: Vec<(Term, Term)> = if attrs.as_binary().is_some() && has_message {
        vec![(Term::atom("message"), attrs.clone())]
    } else if attrs.is_proper_list() {
        let mut pairs = Vec::new();
        for item in attrs.list_iter() {
            match item.as_tuple() {
                Some([k, v]) if k.as_atom().is_some() => pairs.push((k.clone(), v.clone())),
                _ => return Err(no_clause(module, "exception", args)),
            }
        }
        pairs
    } else {
        return Err(no_clause(module, "exception", args));
    };
    let mut fields = defaults;
    for (k, v) in given {
        if let Some(slot) = fields.iter_mut().find(|(name, _)| k.is_atom(name.as_str())) {
            slot.1 = v;
        }
    }
    let mut pairs = vec![(Term::atom("__struct__"), Term::atom(module))];
    pairs.extend(fields.into_iter().map(|(k, v)| (Term::Atom(k), v)));
    Ok(Term::map(pairs))
}

fn message1(args: &[Term]) -> Res {
    args!(args, e);
    if !is_exception(e) {
        return Err(no_clause(M, "message", args));
    }
    Ok(Term::string(&message(e)))
}

fn class_of(kind: &Term) -> Option<Class> {
    match kind.as_atom()? {
        "error" => Some(Class::Error),
        "exit" => Some(Class::Exit),
        "throw" => Some(Class::Throw),
        _ => None,
    }
}

/// The exception struct for an `:error` reason (`Exception.normalize/3`).
fn normalized(reason: &Term, stack: &Term) -> Term {
    let mut e = Exception::error(reason.clone());
    e.stack = stack.clone();
    normalize(&e)
}

/// `Exception.format_banner(kind, reason, stacktrace)`.
fn banner_text(kind: &Term, reason: &Term, stack: &Term) -> Res<String> {
    match (class_of(kind), kind.as_tuple()) {
        (Some(Class::Error), _) => {
            let e = normalized(reason, stack);
            Ok(format!("** ({}) {}", exception_name(&e), message(&e)))
        }
        (Some(Class::Exit), _) => Ok(format!("** (exit) {}", format_exit(reason))),
        (Some(Class::Throw), _) => Ok(format!("** (throw) {}", inspect(reason))),
        (None, Some([tag, pid])) if tag.is_atom("EXIT") => Ok(format!(
            "** (EXIT from {}) {}",
            inspect(pid),
            format_exit(reason)
        )),
        _ => Err(no_clause(
            M,
            "format_banner",
            &[kind.clone(), reason.clone(), stack.clone()],
        )),
    }
}

fn format_banner(args: &[Term]) -> Res {
    let (Some(kind), Some(reason)) = (args.first(), args.get(1)) else {
        return Err(Exception::badarg());
    };
    let stack = args.get(2).cloned().unwrap_or(Term::EMPTY_LIST);
    Ok(Term::string(&banner_text(kind, reason, &stack)?))
}

fn format(args: &[Term]) -> Res {
    let (Some(kind), Some(reason)) = (args.first(), args.get(1)) else {
        return Err(Exception::badarg());
    };
    let stack = args.get(2).cloned().unwrap_or(Term::EMPTY_LIST);
    let mut text = banner_text(kind, reason, &stack)?;
    if stack.is_list() && !stack.is_empty_list() {
        text.push('\n');
        text.push_str(&stacktrace_text(&stack)?);
    }
    Ok(Term::string(&text))
}

/// `Exception.format_stacktrace/1`: each entry on its own indented line.
fn stacktrace_text(stack: &Term) -> Res<String> {
    let mut out = String::new();
    for entry in stack.list_iter() {
        out.push_str("    ");
        out.push_str(&stacktrace_entry(entry).ok_or_else(Exception::badarg)?);
        out.push('\n');
    }
    Ok(out)
}

fn format_stacktrace(args: &[Term]) -> Res {
    args!(args, stack);
    Ok(Term::string(&stacktrace_text(stack)?))
}

fn format_entry(args: &[Term]) -> Res {
    args!(args, entry);
    stacktrace_entry(entry)
        .map(|t| Term::string(&t))
        .ok_or_else(|| no_clause(M, "format_stacktrace_entry", args))
}

fn format_mfa(args: &[Term]) -> Res {
    args!(args, m, f, a);
    if m.as_atom().is_none() || f.as_atom().is_none() {
        return Err(no_clause(M, "format_mfa", args));
    }
    Ok(Term::string(&mfa_call(m, f, a)))
}

fn format_exit1(args: &[Term]) -> Res {
    args!(args, reason);
    Ok(Term::string(&format_exit(reason)))
}

fn exception_q(args: &[Term]) -> Res {
    args!(args, t);
    Ok(Term::boolean(is_exception(t)))
}

fn normalize2(args: &[Term]) -> Res {
    let (Some(kind), Some(reason)) = (args.first(), args.get(1)) else {
        return Err(Exception::badarg());
    };
    if !matches!(class_of(kind), Some(Class::Error)) {
        return Ok(reason.clone());
    }
    let stack = args.get(2).cloned().unwrap_or(Term::EMPTY_LIST);
    Ok(normalized(reason, &stack))
}
