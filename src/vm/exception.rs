//! Exceptions as the BEAM raises them, and as Elixir names and words them.
//!
//! Code raises Erlang reasons (`:badarg`, `{:badmatch, v}`, ...) or
//! Elixir exception structs (`%RuntimeError{}`), exactly as on the BEAM;
//! `rescue` and iex turn Erlang reasons into Elixir exceptions with
//! [`normalize`], as `Exception.normalize/3` does, and [`message`] words
//! them as `Exception.message/1` does.
//!
//! A native function's `:badarg` carries the OTP 25 "error info" (which
//! argument was wrong and why), so the message reads as iex prints it:
//! "errors were found at the given arguments: * 1st argument: not a list".

use super::ops::Class;
use crate::term::{inspect, Term};
use std::rc::Rc;

/// A raised exception: class, reason and stacktrace.
#[derive(Clone, Debug)]
pub struct Exception {
    /// `:error`, `:exit` or `:throw`.
    pub class: Class,
    /// The reason, as raised.
    pub reason: Term,
    /// The stacktrace (`[{module, fun, arity, location}]`), filled in by
    /// the VM where the exception was raised.
    pub stack: Term,
    /// Extra words for the message: for `:badarg`, the error info lines
    /// (`* 1st argument: not a list`); for `:badarith`, the expression
    /// (`1 + :a`).
    pub detail: Option<Rc<str>>,
}

/// Shorthand for a native function's result.
pub type Res<T = Term> = Result<T, Exception>;

impl Exception {
    /// The failure of a kernel native (which reports only a reason): an
    /// exception struct was raised, anything else is an exit.
    pub fn from_kernel(reason: Term) -> Exception {
        let raised = reason
            .as_map()
            .and_then(|m| m.get(&Term::atom("__exception__")))
            .is_some_and(|v| v.is_atom("true"));
        if raised {
            Exception::new(Class::Error, reason)
        } else {
            Exception::new(Class::Exit, reason)
        }
    }

    /// An exception of `class` with `reason`.
    pub fn new(class: Class, reason: Term) -> Exception {
        Exception {
            class,
            reason,
            stack: Term::EMPTY_LIST,
            detail: None,
        }
    }

    /// `:erlang.error(reason)`.
    pub fn error(reason: Term) -> Exception {
        Exception::new(Class::Error, reason)
    }

    /// `exit(reason)`.
    pub fn exit(reason: Term) -> Exception {
        Exception::new(Class::Exit, reason)
    }

    /// `throw(value)`.
    pub fn throw(value: Term) -> Exception {
        Exception::new(Class::Throw, value)
    }

    /// Adds detail words to the message (see [`Exception::detail`]).
    pub fn with_detail(mut self, detail: impl Into<String>) -> Exception {
        self.detail = Some(Rc::from(detail.into()));
        self
    }

    /// `:badarg` with OTP's error info: argument `n` (1-based) was wrong because `why`.
    pub fn badarg_at(n: usize, why: &str) -> Exception {
        Exception::error(Term::atom("badarg"))
            .with_detail(format!("  * {} argument: {why}", ordinal(n)))
    }

    /// `:badarg` without error info ("argument error").
    pub fn badarg() -> Exception {
        Exception::error(Term::atom("badarg"))
    }

    /// `:badarith`, with the expression that failed (`1 + :a`), if known.
    pub fn badarith(expr: Option<String>) -> Exception {
        let e = Exception::error(Term::atom("badarith"));
        match expr {
            Some(text) => e.with_detail(text),
            None => e,
        }
    }

    /// An Elixir exception struct `%Elixir.<name>{fields}` raised as `:error`.
    pub fn elixir(name: &str, fields: Vec<(&str, Term)>) -> Exception {
        Exception::error(exception_struct(name, fields))
    }

    /// `%ArgumentError{message: message}`.
    pub fn argument(message: impl Into<String>) -> Exception {
        Exception::elixir("ArgumentError", vec![("message", text(message.into()))])
    }

    /// `%RuntimeError{message: message}`.
    pub fn runtime(message: impl Into<String>) -> Exception {
        Exception::elixir("RuntimeError", vec![("message", text(message.into()))])
    }

    /// `{:badmatch, value}`.
    pub fn badmatch(value: Term) -> Exception {
        Exception::error(Term::tuple([Term::atom("badmatch"), value]))
    }

    /// `{:case_clause, value}`.
    pub fn case_clause(value: Term) -> Exception {
        Exception::error(Term::tuple([Term::atom("case_clause"), value]))
    }

    /// `{:badmap, value}`.
    pub fn badmap(value: Term) -> Exception {
        Exception::error(Term::tuple([Term::atom("badmap"), value]))
    }

    /// `{:badkey, key, map}`.
    pub fn badkey(key: Term, map: Term) -> Exception {
        Exception::error(Term::tuple([Term::atom("badkey"), key, map]))
    }

    /// `{:badfun, value}`.
    pub fn badfun(value: Term) -> Exception {
        Exception::error(Term::tuple([Term::atom("badfun"), value]))
    }

    /// `{:badarity, {fun, args}}`.
    pub fn badarity(fun: Term, args: Vec<Term>) -> Exception {
        Exception::error(Term::tuple([
            Term::atom("badarity"),
            Term::tuple([fun, Term::list(args)]),
        ]))
    }

    /// `:function_clause` in `module.function(args)`: the VM puts the call
    /// at the top of the stacktrace, which is where Elixir finds the
    /// function and its arguments.
    pub fn function_clause(module: &str, function: &str, args: Vec<Term>) -> Exception {
        let mut e = Exception::error(Term::atom("function_clause"));
        e.stack = Term::list(vec![Term::tuple([
            Term::atom(module),
            Term::atom(function),
            Term::list(args),
            Term::EMPTY_LIST,
        ])]);
        e
    }

    /// `:undef` for `module.function/arity`.
    pub fn undef(module: &str, function: &str, args: Vec<Term>) -> Exception {
        let mut e = Exception::error(Term::atom("undef"));
        e.stack = Term::list(vec![Term::tuple([
            Term::atom(module),
            Term::atom(function),
            Term::list(args),
            Term::EMPTY_LIST,
        ])]);
        e
    }

    /// `:system_limit` (a value too big or too deep for the simulation).
    pub fn system_limit(why: &str) -> Exception {
        Exception::error(Term::atom("system_limit")).with_detail(why.to_string())
    }

    /// The class as an atom (`:error`, `:exit`, `:throw`).
    pub fn class_atom(&self) -> Term {
        class_atom(self.class)
    }
}

/// `:error`, `:exit` or `:throw`.
pub fn class_atom(class: Class) -> Term {
    Term::atom(match class {
        Class::Error => "error",
        Class::Exit => "exit",
        Class::Throw => "throw",
    })
}

/// `1st`, `2nd`, `3rd`, `4th` ...
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn text(s: String) -> Term {
    Term::bytes_vec(s.into_bytes())
}

/// An Elixir exception struct: `%Elixir.<name>{__exception__: true, fields...}`.
pub fn exception_struct(name: &str, fields: Vec<(&str, Term)>) -> Term {
    let mut pairs = vec![
        (
            Term::atom("__struct__"),
            Term::atom(&format!("Elixir.{name}")),
        ),
        (Term::atom("__exception__"), Term::boolean(true)),
    ];
    pairs.extend(fields.into_iter().map(|(k, v)| (Term::atom(k), v)));
    Term::map(pairs)
}

/// True when `term` is an Elixir exception struct.
pub fn is_exception(term: &Term) -> bool {
    term.as_map()
        .and_then(|m| m.get(&Term::atom("__exception__")))
        .is_some_and(|v| v.is_atom("true"))
}

/// The struct module of an exception (`ArgumentError`, as written).
pub fn exception_name(term: &Term) -> String {
    term.as_map()
        .and_then(|m| m.get(&Term::atom("__struct__")))
        .map(inspect)
        .unwrap_or_default()
}

fn field(term: &Term, key: &str) -> Term {
    term.as_map()
        .and_then(|m| m.get(&Term::atom(key)))
        .cloned()
        .unwrap_or_else(Term::nil)
}

/// The `{module, function, args_or_arity}` at the top of a stacktrace.
fn top_call(stack: &Term) -> Option<(Term, Term, Term)> {
    let (first, _) = stack.head_tail()?;
    match first.as_tuple()? {
        [m, f, a, ..] => Some((m.clone(), f.clone(), a.clone())),
        _ => None,
    }
}

/// `Exception.normalize(:error, reason, stacktrace)`: an Elixir exception
/// struct for an Erlang error reason (structs pass through).
pub fn normalize(e: &Exception) -> Term {
    let reason = &e.reason;
    if is_exception(reason) {
        return reason.clone();
    }
    let msg = |s: String| vec![("message", text(s))];
    if let Some(atom) = reason.as_atom() {
        match atom {
            "badarg" => {
                let message = match &e.detail {
                    Some(info) => format!("errors were found at the given arguments:\n\n{info}\n"),
                    None => "argument error".into(),
                };
                return exception_struct("ArgumentError", msg(message));
            }
            "badarith" => {
                // The failing expression is not part of the message: iex's
                // blame adds it (see `banner`).
                return exception_struct(
                    "ArithmeticError",
                    msg("bad argument in arithmetic expression".into()),
                );
            }
            "system_limit" => {
                let message = match &e.detail {
                    Some(why) => format!("a system limit has been reached: {why}"),
                    None => "a system limit has been reached".into(),
                };
                return exception_struct("SystemLimitError", msg(message));
            }
            "cond_clause" => {
                return exception_struct(
                    "CondClauseError",
                    msg("no cond clause evaluated to a truthy value".into()),
                )
            }
            "undef" | "function_clause" => {
                let (m, f, a) =
                    top_call(&e.stack).unwrap_or((Term::nil(), Term::nil(), Term::Int(0)));
                let (arity, args) = match a.list_len() {
                    Some(n) => (Term::Int(n as i64), a.clone()),
                    None => (a.clone(), Term::nil()),
                };
                let name = if atom == "undef" {
                    "UndefinedFunctionError"
                } else {
                    "FunctionClauseError"
                };
                let mut fields = vec![("module", m), ("function", f), ("arity", arity)];
                if atom == "undef" {
                    // The VM sets a detail (the "Did you mean" hint, maybe
                    // empty) when the module exists.
                    let exported = e.detail.is_some();
                    let reason = if exported {
                        Term::atom("function_not_exported")
                    } else {
                        Term::nil()
                    };
                    fields.push(("reason", reason));
                    fields.push(("message", Term::nil()));
                } else {
                    fields.push(("kind", Term::nil()));
                    fields.push(("args", args));
                    fields.push(("clauses", Term::nil()));
                }
                return exception_struct(name, fields);
            }
            "timeout_value" => {
                return exception_struct("ArgumentError", msg("argument error".into()))
            }
            _ => {}
        }
    }
    if let Some(parts) = reason.as_tuple() {
        let tag = parts.first().and_then(Term::as_atom).unwrap_or("");
        match (tag, parts) {
            ("badmatch", [_, v]) => {
                return exception_struct("MatchError", vec![("term", v.clone())])
            }
            ("case_clause", [_, v]) => {
                return exception_struct("CaseClauseError", vec![("term", v.clone())])
            }
            ("with_clause", [_, v]) => {
                return exception_struct("WithClauseError", vec![("term", v.clone())])
            }
            ("try_clause", [_, v]) => {
                return exception_struct("TryClauseError", vec![("term", v.clone())])
            }
            ("badmap", [_, v]) => {
                return exception_struct("BadMapError", vec![("term", v.clone())])
            }
            ("badbool", [_, op, v]) => {
                return exception_struct(
                    "BadBooleanError",
                    vec![("term", v.clone()), ("operator", op.clone())],
                )
            }
            ("badkey", [_, k]) => {
                return exception_struct(
                    "KeyError",
                    vec![
                        ("key", k.clone()),
                        ("term", Term::nil()),
                        ("message", Term::nil()),
                    ],
                )
            }
            ("badkey", [_, k, m]) => {
                return exception_struct(
                    "KeyError",
                    vec![
                        ("key", k.clone()),
                        ("term", m.clone()),
                        ("message", Term::nil()),
                    ],
                )
            }
            ("badfun", [_, f]) => {
                return exception_struct("BadFunctionError", vec![("term", f.clone())])
            }
            ("badarity", [_, pair]) => {
                if let Some([f, args]) = pair.as_tuple() {
                    return exception_struct(
                        "BadArityError",
                        vec![("function", f.clone()), ("args", args.clone())],
                    );
                }
            }
            ("badstruct", [_, s, t]) => {
                return exception_struct(
                    "BadStructError",
                    vec![("struct", s.clone()), ("term", t.clone())],
                )
            }
            _ => {}
        }
    }
    exception_struct(
        "ErlangError",
        vec![("original", reason.clone()), ("reason", Term::nil())],
    )
}

/// `Exception.message/1` for the exceptions the runtime raises.
pub fn message(exception: &Term) -> String {
    let name = exception_name(exception);
    let m = field(exception, "message");
    let shown = |key: &str| inspect(&field(exception, key));
    match name.as_str() {
        "MatchError" => format!("no match of right hand side value: {}", shown("term")),
        "CaseClauseError" => format!("no case clause matching: {}", shown("term")),
        "WithClauseError" => format!("no with clause matching: {}", shown("term")),
        "TryClauseError" => format!("no try clause matching: {}", shown("term")),
        "BadMapError" => format!("expected a map, got: {}", shown("term")),
        "BadFunctionError" => format!("expected a function, got: {}", shown("term")),
        "BadStructError" => format!(
            "expected a struct named {}, got: {}",
            shown("struct"),
            shown("term")
        ),
        "BadBooleanError" => format!(
            "expected a boolean on left-side of \"{}\", got: {}",
            field(exception, "operator").as_atom().unwrap_or(""),
            shown("term")
        ),
        "BadArityError" => {
            let args = field(exception, "args");
            let n = args.list_len().unwrap_or(0);
            let f = field(exception, "function");
            let arity = f.as_fun().map_or(0, |f| f.arity());
            let listed: Vec<String> = args.list_iter().map(inspect).collect();
            format!(
                "{} with arity {arity} called with {} ({})",
                inspect(&f),
                count(n, "argument"),
                listed.join(", ")
            )
        }
        "KeyError" if m.is_atom("nil") => {
            let term = field(exception, "term");
            if term.is_atom("nil") {
                format!("key {} not found", shown("key"))
            } else {
                format!("key {} not found in: {}", shown("key"), inspect(&term))
            }
        }
        "UndefinedFunctionError" => undefined_message(exception),
        "FunctionClauseError"
            if field(exception, "module").is_atom("nil") && m.as_binary().is_some() =>
        {
            String::from_utf8_lossy(m.as_binary().unwrap_or_default()).into_owned()
        }
        "FunctionClauseError" => format!(
            "no function clause matching in {}",
            mfa_text(
                &field(exception, "module"),
                &field(exception, "function"),
                &field(exception, "arity")
            )
        ),
        "ErlangError" if m.is_atom("nil") => format!("Erlang error: {}", shown("original")),
        "Protocol.UndefinedError" if m.is_atom("nil") => {
            let description = field(exception, "description");
            let extra = match description.as_binary() {
                Some(d) if !d.is_empty() => format!(", {}", String::from_utf8_lossy(d)),
                _ => String::new(),
            };
            let value = field(exception, "value");
            format!(
                "protocol {} not implemented for {} of type {}{extra}",
                shown("protocol"),
                inspect(&value),
                value_type(&value)
            )
        }
        "File.Error" => {
            let action = field(exception, "action");
            let action =
                String::from_utf8_lossy(action.as_binary().unwrap_or_default()).into_owned();
            format!(
                "could not {action} {}: {}",
                shown("path"),
                file_reason(&field(exception, "reason"))
            )
        }
        _ => match m.as_binary() {
            Some(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            None => inspect(&m),
        },
    }
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `Mod.fun/2` as Elixir writes it (`:lists.nth/2`, `Foo.bar/0`); a
/// lambda's own name (`-start/0-fun-0-`) reads `anonymous fn/1 in Mod.start/0`.
pub fn mfa_text(module: &Term, function: &Term, arity: &Term) -> String {
    let f = function.as_atom().unwrap_or("");
    if let Some(context) = f
        .strip_prefix('-')
        .and_then(|rest| rest.split_once("-fun-"))
        .map(|(context, _)| context)
        .filter(|c| c.contains('/'))
    {
        return format!(
            "anonymous fn/{} in {}.{context}",
            inspect(arity),
            inspect(module)
        );
    }
    format!(
        "{}.{}/{}",
        inspect(module),
        crate::term::inspect_atom(f).trim_start_matches(':'),
        inspect(arity)
    )
}

fn undefined_message(exception: &Term) -> String {
    let module = field(exception, "module");
    let mfa = mfa_text(
        &module,
        &field(exception, "function"),
        &field(exception, "arity"),
    );
    let reason = field(exception, "reason");
    if let Some(why) = reason.as_binary() {
        return format!(
            "function {mfa} is undefined ({})",
            String::from_utf8_lossy(why)
        );
    }
    match reason.as_atom() {
        Some("module_not_available") | Some("nil") | None
            if !field(exception, "message").is_atom("nil") =>
        {
            String::from_utf8_lossy(field(exception, "message").as_binary().unwrap_or_default())
                .into_owned()
        }
        Some("function_not_exported") => format!("function {mfa} is undefined or private"),
        _ => format!(
            "function {mfa} is undefined (module {} is not available)",
            inspect(&module)
        ),
    }
}

/// `Exception.format_banner/3`: `** (Name) message`, `** (exit) reason`,
/// `** (throw) value`.
pub fn format_banner(e: &Exception) -> String {
    match e.class {
        Class::Error => {
            let ex = normalize(e);
            format!("** ({}) {}", exception_name(&ex), message(&ex))
        }
        Class::Exit => format!("** (exit) {}", format_exit(&e.reason)),
        Class::Throw => format!("** (throw) {}", inspect(&e.reason)),
    }
}

/// How iex prints an uncaught exception's first part: the banner with
/// what `Exception.blame/3` adds (a `FunctionClauseError`'s arguments,
/// "Did you mean" hints).
pub fn banner(e: &Exception) -> String {
    match e.class {
        Class::Error => {
            let ex = normalize(e);
            let name = exception_name(&ex);
            let blame = match e.detail.as_deref() {
                Some(hint) if name == "UndefinedFunctionError" => hint.to_string(),
                Some(expr) if name == "ArithmeticError" && e.reason.is_atom("badarith") => {
                    format!(": {expr}")
                }
                _ => String::new(),
            };
            format!(
                "** ({}) {}{}{}{}",
                exception_name(&ex),
                message(&ex),
                key_hint(&ex),
                clause_args(&ex),
                blame
            )
        }
        Class::Exit => format!("** (exit) {}", format_exit(&e.reason)),
        Class::Throw => format!("** (throw) {}", inspect(&e.reason)),
    }
}

/// What iex adds to a `FunctionClauseError` (`FunctionClauseError.blame/2`):
/// the arguments given, each numbered and printed as `inspect` would.
fn clause_args(ex: &Term) -> String {
    if exception_name(ex) != "FunctionClauseError" {
        return String::new();
    }
    let args = field(ex, "args");
    if !args.is_list() {
        return String::new();
    }
    let mfa = mfa_text(
        &field(ex, "module"),
        &field(ex, "function"),
        &field(ex, "arity"),
    );
    let mut out = format!("    \n\n    The following arguments were given to {mfa}:\n");
    for (i, a) in args.list_iter().enumerate() {
        let shown = crate::term::inspect_width(a, 80 - 8).replace('\n', "\n        ");
        out.push_str(&format!("\n        # {}\n        {shown}\n", i + 1));
    }
    out
}

/// What iex adds to a `KeyError` (`KeyError.blame/2`): for an atom key
/// missing from a map of atom keys or a keyword list, the keys within a
/// Jaro distance of 0.77, best five in key order.
fn key_hint(ex: &Term) -> String {
    if exception_name(ex) != "KeyError" || !field(ex, "message").is_atom("nil") {
        return String::new();
    }
    let key = field(ex, "key");
    let term = field(ex, "term");
    let Some(missing) = key.as_atom() else {
        return String::new();
    };
    let keys: Vec<Term> = match (term.as_map(), term.list_to_vec()) {
        (Some(map), _) if map.keys().all(|k| k.as_atom().is_some()) => {
            map.keys().cloned().collect()
        }
        (_, Some(items))
            if items
                .iter()
                .all(|i| matches!(i.as_tuple(), Some([k, _]) if k.as_atom().is_some())) =>
        {
            items
                .iter()
                .filter_map(|i| i.as_tuple().and_then(|t| t.first()).cloned())
                .collect()
        }
        _ => return String::new(),
    };
    let jaro = super::bif::lookup("Elixir.String", "jaro_distance", 2)
        .and_then(super::bif::get)
        .and_then(|bif| match bif.call {
            super::bif::Call::Pure(f) => Some(f),
            super::bif::Call::World(_) => None,
        });
    let Some(jaro) = jaro else {
        return String::new();
    };
    let mut found: Vec<(f64, Term)> = keys
        .into_iter()
        .filter_map(|k| {
            let text = Term::string(k.as_atom()?);
            match jaro(&[Term::string(missing), text]) {
                Ok(Term::Float(d)) if d >= 0.77 => Some((d, k)),
                _ => None,
            }
        })
        .collect();
    if found.is_empty() {
        return String::new();
    }
    found.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
    found.truncate(5);
    found.sort_by(|a, b| a.1.cmp(&b.1));
    let lines: String = found
        .iter()
        .map(|(_, k)| format!("      * {}\n", inspect(k)))
        .collect();
    format!(". Did you mean:\n\n{lines}")
}

/// The text after `** (exit) `, as `Exception.format_exit/1` gives it.
pub fn format_exit(reason: &Term) -> String {
    format_exit_with(reason, "\n    ")
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
        Some("eio") => "I/O error",
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
            let file = crate::vm::bif::chardata(&file).unwrap_or_default();
            match line {
                Some(Term::Int(l)) if l > 0 => format!("{file}:{l}: "),
                _ => format!("{file}: "),
            }
        }
        _ => String::new(),
    }
}

/// `Mod.fun/2` or `Mod.fun(1, 2)`.
pub fn mfa_call(m: &Term, f: &Term, a: &Term) -> String {
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

/// One stacktrace entry as `Exception.format_stacktrace_entry/1` words it
/// (`file:line: Mod.fun/2`).
pub fn stacktrace_entry(entry: &Term) -> Option<String> {
    match entry.as_tuple()? {
        [m, f, a, loc] if m.as_atom().is_some() && f.as_atom().is_some() => {
            Some(format!("{}{}", location(loc), mfa_call(m, f, a)))
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

/// `Exception.format_exit/1`: an exit reason in words, nested reasons
/// on further lines joined by `joiner`.
pub fn format_exit_with(reason: &Term, joiner: &str) -> String {
    let deeper = format!("{joiner}    ");
    if let Some([ex, stack]) = reason.as_tuple() {
        if let Some(entries) = stack.list_to_vec().filter(|s| !s.is_empty()) {
            let lines: Option<Vec<String>> = entries.iter().map(stacktrace_entry).collect();
            if let Some(lines) = lines {
                let mut raised = Exception::error(ex.clone());
                raised.stack = stack.clone();
                let e = normalize(&raised);
                let mut out = format!(
                    "an exception was raised:{joiner}** ({}) {}",
                    exception_name(&e),
                    message(&e)
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
                            format_exit_with(&why, &deeper)
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
                        mfa_call(m, f, a),
                        format_exit_with(ex, &deeper)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_as_iex_prints_them() {
        let cases = [
            (
                Exception::badarg_at(1, "not a list"),
                "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: not a list\n",
            ),
            (
                Exception::badarith(Some("1 + :a".into())),
                "** (ArithmeticError) bad argument in arithmetic expression",
            ),
            (
                Exception::badmatch(Term::tuple([Term::atom("error"), Term::Int(1)])),
                "** (MatchError) no match of right hand side value: {:error, 1}",
            ),
            (Exception::case_clause(Term::Int(1)), "** (CaseClauseError) no case clause matching: 1"),
            (
                Exception::badkey(Term::atom("b"), Term::map([(Term::atom("a"), Term::Int(1))])),
                "** (KeyError) key :b not found in: %{a: 1}",
            ),
            (Exception::runtime("boom"), "** (RuntimeError) boom"),
            (Exception::throw(Term::atom("x")), "** (throw) :x"),
            (Exception::exit(Term::atom("bye")), "** (exit) :bye"),
            (
                Exception::undef("Elixir.Foo", "bar", vec![]),
                "** (UndefinedFunctionError) function Foo.bar/0 is undefined (module Foo is not available)",
            ),
            (
                Exception::function_clause("lists", "nth", vec![Term::Int(4), Term::EMPTY_LIST]),
                "** (FunctionClauseError) no function clause matching in :lists.nth/2",
            ),
            (Exception::badfun(Term::Int(1)), "** (BadFunctionError) expected a function, got: 1"),
        ];
        for (e, want) in cases {
            assert_eq!(format_banner(&e), want);
        }
        assert_eq!(ordinal(2), "2nd");
        assert_eq!(ordinal(11), "11th");
        assert_eq!(ordinal(23), "23rd");
    }
}
