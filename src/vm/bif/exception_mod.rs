//! `Exception` (`message/1`, `format/2,3`, `format_banner/2,3`,
//! `format_exit/1`, `exception?/1`, `normalize/3`, `format_mfa/3`,
//! `format_stacktrace_entry/1`) and `exception/1` of every built-in
//! exception module, with Elixir 1.14's fields and defaults.
//!
//! [`format_exit`] follows `Exception.format_exit/1` case by case (a
//! `{exception, stacktrace}` needs a non-empty stacktrace; supervisor
//! and `gen_server` reasons have their own words). Stacktrace entries
//! print without the `(app vsn)` prefix a BEAM adds for OTP modules.

use super::support::{args, no_clause};
use super::Bif;
use crate::term::{inspect, Term};
use crate::vm::exception::{
    exception_name, exception_struct, is_exception, message, mfa_text, normalize, Exception, Res,
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

/// A built-in exception: its name and fields with their defaults.
struct Builtin {
    name: &'static str,
    fields: &'static [(&'static str, Init)],
}

/// A field's default value.
#[derive(Clone, Copy)]
enum Init {
    Nil,
    Text(&'static str),
}

impl Init {
    fn term(self) -> Term {
        match self {
            Init::Nil => Term::nil(),
            Init::Text(t) => Term::string(t),
        }
    }
}

use Init::{Nil, Text};

const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "RuntimeError",
        fields: &[("message", Text("runtime error"))],
    },
    Builtin {
        name: "ArgumentError",
        fields: &[("message", Text("argument error"))],
    },
    Builtin {
        name: "ArithmeticError",
        fields: &[("message", Text("bad argument in arithmetic expression"))],
    },
    Builtin {
        name: "SystemLimitError",
        fields: &[("message", Text("a system limit has been reached"))],
    },
    Builtin {
        name: "CondClauseError",
        fields: &[(
            "message",
            Text("no cond clause evaluated to a truthy value"),
        )],
    },
    Builtin {
        name: "Enum.EmptyError",
        fields: &[("message", Text("empty error"))],
    },
    Builtin {
        name: "Enum.OutOfBoundsError",
        fields: &[("message", Text("out of bounds error"))],
    },
    Builtin {
        name: "Regex.CompileError",
        fields: &[("message", Text("regex could not be compiled"))],
    },
    Builtin {
        name: "KeyError",
        fields: &[("key", Nil), ("term", Nil), ("message", Nil)],
    },
    Builtin {
        name: "MatchError",
        fields: &[("term", Nil)],
    },
    Builtin {
        name: "CaseClauseError",
        fields: &[("term", Nil)],
    },
    Builtin {
        name: "WithClauseError",
        fields: &[("term", Nil)],
    },
    Builtin {
        name: "TryClauseError",
        fields: &[("term", Nil)],
    },
    Builtin {
        name: "BadMapError",
        fields: &[("term", Nil)],
    },
    Builtin {
        name: "BadFunctionError",
        fields: &[("term", Nil)],
    },
    Builtin {
        name: "BadStructError",
        fields: &[("struct", Nil), ("term", Nil)],
    },
    Builtin {
        name: "BadBooleanError",
        fields: &[("term", Nil), ("operator", Nil)],
    },
    Builtin {
        name: "BadArityError",
        fields: &[("function", Nil), ("args", Nil)],
    },
    Builtin {
        name: "FunctionClauseError",
        fields: &[
            ("module", Nil),
            ("function", Nil),
            ("arity", Nil),
            ("kind", Nil),
            ("args", Nil),
            ("clauses", Nil),
        ],
    },
    Builtin {
        name: "UndefinedFunctionError",
        fields: &[
            ("module", Nil),
            ("function", Nil),
            ("arity", Nil),
            ("reason", Nil),
            ("message", Nil),
        ],
    },
    Builtin {
        name: "Protocol.UndefinedError",
        fields: &[("protocol", Nil), ("value", Nil), ("description", Text(""))],
    },
    Builtin {
        name: "File.Error",
        fields: &[("reason", Nil), ("path", Nil), ("action", Text(""))],
    },
    Builtin {
        name: "ErlangError",
        fields: &[("original", Nil), ("reason", Nil)],
    },
    Builtin {
        name: "UnicodeConversionError",
        fields: &[("encoded", Nil), ("message", Nil)],
    },
];

macro_rules! exception_fns {
    ($($f:ident => $i:expr),* $(,)?) => {
        $(fn $f(a: &[Term]) -> Res { build(&BUILTINS[$i], a) })*
        /// `exception/1` of the built-in exception modules.
        pub(super) const EXCEPTION_BIFS: &[Bif] = &[
            $(Bif::pure(concat_name($i), "exception", 1, $f)),*
        ];
    };
}

/// The module (as stored) of built-in number `i`, at compile time.
const fn concat_name(i: usize) -> &'static str {
    MODULES[i]
}

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
fn build(b: &Builtin, args: &[Term]) -> Res {
    args!(args, attrs);
    let module = format!("Elixir.{}", b.name);
    let has_message = b.fields.iter().any(|(k, _)| *k == "message");
    let given: Vec<(Term, Term)> = if attrs.as_binary().is_some() && has_message {
        vec![(Term::atom("message"), attrs.clone())]
    } else if attrs.is_proper_list() {
        let mut pairs = Vec::new();
        for item in attrs.list_iter() {
            match item.as_tuple() {
                Some([k, v]) if k.as_atom().is_some() => pairs.push((k.clone(), v.clone())),
                _ => return Err(no_clause(&module, "exception", args)),
            }
        }
        pairs
    } else {
        return Err(no_clause(&module, "exception", args));
    };
    let mut fields: Vec<(&str, Term)> = b.fields.iter().map(|(k, d)| (*k, d.term())).collect();
    for (k, v) in given {
        if let Some(slot) = fields.iter_mut().find(|(name, _)| k.is_atom(name)) {
            slot.1 = v;
        }
    }
    Ok(exception_struct(b.name, fields))
}

fn field(t: &Term, key: &str) -> Term {
    t.as_map()
        .and_then(|m| m.get(&Term::atom(key)))
        .cloned()
        .unwrap_or_else(Term::nil)
}

/// Elixir's name of a value's type (`Protocol.UndefinedError`).
fn value_type(v: &Term) -> String {
    match v {
        Term::Int(_) | Term::BigInt(_) => "Integer".into(),
        Term::Float(_) => "Float".into(),
        Term::Atom(_) => "Atom".into(),
        Term::Binary(_) => "BitString".into(),
        Term::List(_) => "List".into(),
        Term::Tuple(..) => "Tuple".into(),
        Term::Pid(_) => "PID".into(),
        Term::Ref(_) => "Reference".into(),
        Term::Fun(_) => "Function".into(),
        Term::Map(m) => match m.get(&Term::atom("__struct__")) {
            Some(s @ Term::Atom(_)) => format!("{} (a struct)", inspect(s)),
            _ => "Map".into(),
        },
    }
}

/// `:file.format_error/1` for the common POSIX reasons.
fn file_reason(reason: &Term) -> String {
    let text = match reason.as_atom() {
        Some("enoent") => "no such file or directory",
        Some("eacces") => "permission denied",
        Some("eexist") => "file already exists",
        Some("eisdir") => "illegal operation on a directory",
        Some("enotdir") => "not a directory",
        Some("enospc") => "no space left on device",
        Some("enotempty") => "directory not empty",
        Some("ebadf") => "bad file number",
        Some("einval") => "invalid argument",
        Some("emfile") => "too many open files",
        Some("eperm") => "not owner",
        Some("erofs") => "read-only file system",
        _ => {
            return format!(
                "unknown POSIX error: {}",
                reason
                    .as_atom()
                    .map_or_else(|| inspect(reason), str::to_string)
            )
        }
    };
    text.into()
}

/// `Exception.message/1`.
pub(crate) fn exception_message(e: &Term) -> String {
    match exception_name(e).as_str() {
        "Protocol.UndefinedError" => {
            let description = field(e, "description");
            let extra = match description.as_binary() {
                Some(d) if !d.is_empty() => format!(", {}", String::from_utf8_lossy(d)),
                _ => String::new(),
            };
            let value = field(e, "value");
            format!(
                "protocol {} not implemented for {} of type {}{extra}",
                inspect(&field(e, "protocol")),
                inspect(&value),
                value_type(&value)
            )
        }
        "File.Error" => {
            let action = field(e, "action");
            let action =
                String::from_utf8_lossy(action.as_binary().unwrap_or_default()).into_owned();
            format!(
                "could not {action} {}: {}",
                inspect(&field(e, "path")),
                file_reason(&field(e, "reason"))
            )
        }
        _ => message(e),
    }
}

fn message1(args: &[Term]) -> Res {
    args!(args, e);
    if !is_exception(e) {
        return Err(no_clause(M, "message", args));
    }
    Ok(Term::string(&exception_message(e)))
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
            Ok(format!(
                "** ({}) {}",
                exception_name(&e),
                exception_message(&e)
            ))
        }
        (Some(Class::Exit), _) => Ok(format!("** (exit) {}", format_exit(reason, "\n    "))),
        (Some(Class::Throw), _) => Ok(format!("** (throw) {}", inspect(reason))),
        (None, Some([tag, pid])) if tag.is_atom("EXIT") => Ok(format!(
            "** (EXIT from {}) {}",
            inspect(pid),
            format_exit(reason, "\n    ")
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
        out.push_str(&entry_text(entry).ok_or_else(Exception::badarg)?);
        out.push('\n');
    }
    Ok(out)
}

fn format_stacktrace(args: &[Term]) -> Res {
    args!(args, stack);
    Ok(Term::string(&stacktrace_text(stack)?))
}

/// `file:line: ` from a location keyword list.
fn location(loc: &Term) -> String {
    let get = |k: &str| {
        loc.list_iter().find_map(|p| match p.as_tuple() {
            Some([key, v]) if key.is_atom(k) => Some(v.clone()),
            _ => None,
        })
    };
    match (get("file"), get("line")) {
        (Some(file), line) => {
            let file = super::io::chardata(&file).unwrap_or_default();
            match line {
                Some(Term::Int(l)) if l > 0 => format!("{file}:{l}: "),
                _ => format!("{file}: "),
            }
        }
        _ => String::new(),
    }
}

/// `Mod.fun/2` or `Mod.fun(1, 2)`.
fn mfa(m: &Term, f: &Term, a: &Term) -> String {
    match a.list_to_vec() {
        Some(args) => {
            let shown: Vec<String> = args.iter().map(inspect).collect();
            let text = mfa_text(m, f, &Term::Int(0));
            let base = text.strip_suffix("/0").unwrap_or(&text);
            format!("{base}({})", shown.join(", "))
        }
        None => mfa_text(m, f, a),
    }
}

fn entry_text(entry: &Term) -> Option<String> {
    match entry.as_tuple()? {
        [m, f, a, loc] if m.as_atom().is_some() && f.as_atom().is_some() => {
            Some(format!("{}{}", location(loc), mfa(m, f, a)))
        }
        [fun, a, loc] => Some(format!(
            "{}{}{}",
            location(loc),
            inspect(fun),
            match a.list_to_vec() {
                Some(args) => format!(
                    "({})",
                    args.iter().map(inspect).collect::<Vec<_>>().join(", ")
                ),
                None => format!("/{}", inspect(a)),
            }
        )),
        _ => None,
    }
}

fn format_entry(args: &[Term]) -> Res {
    args!(args, entry);
    entry_text(entry)
        .map(|t| Term::string(&t))
        .ok_or_else(|| no_clause(M, "format_stacktrace_entry", args))
}

fn format_mfa(args: &[Term]) -> Res {
    args!(args, m, f, a);
    if m.as_atom().is_none() || f.as_atom().is_none() {
        return Err(no_clause(M, "format_mfa", args));
    }
    Ok(Term::string(&mfa(m, f, a)))
}

fn format_exit1(args: &[Term]) -> Res {
    args!(args, reason);
    Ok(Term::string(&format_exit(reason, "\n    ")))
}

/// `Exception.format_exit/1`: an exit reason in words, nested reasons
/// on further lines joined by `joiner`.
pub(crate) fn format_exit(reason: &Term, joiner: &str) -> String {
    let deeper = format!("{joiner}    ");
    if let Some([ex, stack]) = reason.as_tuple() {
        if let Some(entries) = stack.list_to_vec().filter(|s| !s.is_empty()) {
            let lines: Option<Vec<String>> = entries.iter().map(entry_text).collect();
            if let Some(lines) = lines {
                let e = normalized(ex, stack);
                let mut out = format!(
                    "an exception was raised:{joiner}** ({}) {}",
                    exception_name(&e),
                    exception_message(&e)
                );
                for line in lines {
                    out.push_str(&deeper);
                    out.push_str(&line);
                }
                return out;
            }
        }
        {
            if ex.is_atom("shutdown") {
                if let Some([t, child, why]) = stack.as_tuple() {
                    if t.is_atom("failed_to_start_child") {
                        let why = match why.as_tuple() {
                            Some([e, r]) if e.is_atom("EXIT") => r.clone(),
                            _ => why.clone(),
                        };
                        return format!(
                            "shutdown: failed to start child: {}{joiner}** (EXIT) {}",
                            inspect(child),
                            format_exit(&why, &deeper)
                        );
                    }
                }
            }
        }
        if let Some([m, f, a]) = stack.as_tuple() {
            if let (Some(_), Some(_), Some(n)) = (m.as_atom(), f.as_atom(), a.list_len()) {
                if n < 256 {
                    return format!(
                        "exited in: {}{joiner}** (EXIT) {}",
                        mfa(m, f, a),
                        format_exit(ex, &deeper)
                    );
                }
            }
        }
    }
    exit_reason(reason)
}

fn exit_reason(reason: &Term) -> String {
    if let Some(a) = reason.as_atom() {
        return match a {
            "normal" => "normal".into(),
            "shutdown" => "shutdown".into(),
            "calling_self" => "process attempted to call itself".into(),
            "timeout" => "time out".into(),
            "killed" => "killed".into(),
            "noconnection" => "no connection".into(),
            "noproc" => "no process: the process is not alive or there's no process currently associated with the given name, possibly because its application isn't started".into(),
            _ => inspect(reason),
        };
    }
    let Some([tag, v]) = reason.as_tuple() else {
        return inspect(reason);
    };
    match tag.as_atom() {
        Some("shutdown") => format!("shutdown: {}", inspect(v)),
        Some("nodedown") if v.as_atom().is_some() => {
            format!("no connection to {}", v.as_atom().unwrap_or(""))
        }
        Some("already_started") => format!("already started: {}", inspect(v)),
        Some("bad_return_value") => format!("bad return value: {}", inspect(v)),
        Some("bad_call") => format!("bad call: {}", inspect(v)),
        Some("bad_cast") => format!("bad cast: {}", inspect(v)),
        Some("bad_return") => match v.as_tuple() {
            Some([m, f, value]) if m.as_atom().is_some() && f.is_atom("init") => format!(
                "{} returned a bad value: {}",
                mfa_text(m, f, &Term::Int(1)),
                inspect(value)
            ),
            _ => inspect(reason),
        },
        Some("bad_start_spec") => {
            format!("bad child specification, invalid children: {}", inspect(v))
        }
        Some("start_spec") => format!("bad child specification, {}", sup_spec(v)),
        Some("supervisor_data") => format!("bad supervisor configuration, {}", sup_data(v)),
        _ => inspect(reason),
    }
}

fn sup_data(v: &Term) -> String {
    let what = match v.as_tuple() {
        Some([tag, x]) => match tag.as_atom() {
            Some("invalid_type") => Some(("invalid type: ", x)),
            Some("invalid_strategy") => Some(("invalid strategy: ", x)),
            Some("invalid_intensity") => Some(("invalid max_restarts (intensity): ", x)),
            Some("invalid_period") => Some(("invalid max_seconds (period): ", x)),
            Some("invalid_max_children") => Some(("invalid max_children: ", x)),
            Some("invalid_extra_arguments") => Some(("invalid extra_arguments: ", x)),
            _ => None,
        },
        _ => None,
    };
    match what {
        Some((text, x)) => format!("{text}{}", inspect(x)),
        None => format!("got: {}", inspect(v)),
    }
}

fn sup_spec(v: &Term) -> String {
    let Some([tag, x]) = v.as_tuple() else {
        return format!("got: {}", inspect(v));
    };
    let x_text = inspect(x);
    match tag.as_atom() {
        Some("duplicate_child_name") => format!(
            "more than one child specification has the id: {x_text}.\nIf using maps as child specifications, make sure the :id keys are unique.\nIf using a module or {{module, arg}} as child, use Supervisor.child_spec/2 to change the :id, for example:\n\n    children = [\n      Supervisor.child_spec({{MyWorker, arg}}, id: :my_worker_1),\n      Supervisor.child_spec({{MyWorker, arg}}, id: :my_worker_2)\n    ]\n"
        ),
        Some("invalid_child_spec") => format!("invalid child specification: {x_text}"),
        Some("invalid_child_type") => {
            format!("invalid child type: {x_text}. Must be :worker or :supervisor.")
        }
        Some("invalid_mfa") => format!("invalid mfa: {x_text}"),
        Some("invalid_restart_type") => format!(
            "invalid restart type: {x_text}. Must be :permanent, :transient or :temporary."
        ),
        Some("invalid_shutdown") => format!(
            "invalid shutdown: {x_text}. Must be an integer >= 0, :infinity or :brutal_kill."
        ),
        Some("invalid_module") => format!("invalid module: {x_text}. Must be an atom."),
        Some("invalid_modules") => {
            format!("invalid modules: {x_text}. Must be a list of atoms or :dynamic.")
        }
        _ => format!("got: {}", inspect(v)),
    }
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
