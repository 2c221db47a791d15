//! Structs the compiler and `inspect` know without a `defstruct` in sight:
//! Elixir's own (its exceptions, `Range`, `MapSet`, `Task`, `Date` ...),
//! and the field order of every struct module loaded since.
//!
//! `Inspect.Any` prints a struct's fields in the order of its `defstruct`
//! (a map's own order is its key order), so modules register their fields
//! when they are loaded.

use crate::term::{Atom, Term};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

thread_local! {
    static ORDERS: RefCell<BTreeMap<Atom, Rc<[Atom]>>> = const { RefCell::new(BTreeMap::new()) };
}

/// Records `module`'s fields in definition order (the latest definition wins).
pub fn register_struct(module: Atom, fields: Vec<Atom>) {
    ORDERS.with(|o| o.borrow_mut().insert(module, Rc::from(fields)));
}

/// A default value in the table below.
#[derive(Clone, Copy)]
enum D {
    Nil,
    Text(&'static str),
    Atom(&'static str),
    Int(i64),
    EmptyMap,
}

impl D {
    fn term(self) -> Term {
        match self {
            D::Nil => Term::nil(),
            D::Text(t) => Term::string(t),
            D::Atom(a) => Term::atom(a),
            D::Int(i) => Term::Int(i),
            D::EmptyMap => Term::map(Vec::<(Term, Term)>::new()),
        }
    }
}

/// Elixir 1.14's built-in structs: fields with defaults, in definition
/// order, and whether the module is an exception.
fn builtin(module: &str) -> Option<(&'static [(&'static str, D)], bool)> {
    use D::*;
    Some(match module {
        "Elixir.RuntimeError" => (&[("message", Text("runtime error"))], true),
        "Elixir.ArgumentError" => (&[("message", Text("argument error"))], true),
        "Elixir.ArithmeticError" => (
            &[("message", Text("bad argument in arithmetic expression"))],
            true,
        ),
        "Elixir.SystemLimitError" => (
            &[("message", Text("a system limit has been reached"))],
            true,
        ),
        "Elixir.Enum.EmptyError" => (&[("message", Text("empty error"))], true),
        "Elixir.Enum.OutOfBoundsError" => (&[("message", Text("out of bounds error"))], true),
        "Elixir.KeyError" => (&[("key", Nil), ("term", Nil), ("message", Nil)], true),
        "Elixir.MatchError"
        | "Elixir.CaseClauseError"
        | "Elixir.WithClauseError"
        | "Elixir.TryClauseError"
        | "Elixir.BadMapError"
        | "Elixir.BadFunctionError" => (&[("term", Nil)], true),
        "Elixir.CondClauseError" => (
            &[(
                "message",
                Text("no cond clause evaluated to a truthy value"),
            )],
            true,
        ),
        "Elixir.Regex.CompileError" => (&[("message", Text("regex could not be compiled"))], true),
        "Elixir.UnicodeConversionError" => (&[("encoded", Nil), ("message", Nil)], true),
        "Elixir.BadBooleanError" => (&[("term", Nil), ("operator", Nil)], true),
        "Elixir.BadArityError" => (&[("function", Nil), ("args", Nil)], true),
        "Elixir.BadStructError" => (&[("struct", Nil), ("term", Nil)], true),
        "Elixir.FunctionClauseError" => (
            &[
                ("module", Nil),
                ("function", Nil),
                ("arity", Nil),
                ("kind", Nil),
                ("args", Nil),
                ("clauses", Nil),
            ],
            true,
        ),
        "Elixir.UndefinedFunctionError" => (
            &[
                ("module", Nil),
                ("function", Nil),
                ("arity", Nil),
                ("reason", Nil),
                ("message", Nil),
            ],
            true,
        ),
        "Elixir.Protocol.UndefinedError" => (
            &[("protocol", Nil), ("value", Nil), ("description", Text(""))],
            true,
        ),
        "Elixir.ErlangError" => (&[("original", Nil), ("reason", Nil)], true),
        "Elixir.File.Error" => (
            &[("reason", Nil), ("path", Nil), ("action", Text(""))],
            true,
        ),
        "Elixir.Range" => (&[("first", Nil), ("last", Nil), ("step", Nil)], false),
        "Elixir.MapSet" => (&[("map", EmptyMap), ("version", Int(2))], false),
        "Elixir.Task" => (
            &[("mfa", Nil), ("owner", Nil), ("pid", Nil), ("ref", Nil)],
            false,
        ),
        "Elixir.Date" => (
            &[
                ("year", Nil),
                ("month", Nil),
                ("day", Nil),
                ("calendar", Atom("Elixir.Calendar.ISO")),
            ],
            false,
        ),
        "Elixir.Time" => (
            &[
                ("hour", Nil),
                ("minute", Nil),
                ("second", Nil),
                ("microsecond", Nil),
                ("calendar", Atom("Elixir.Calendar.ISO")),
            ],
            false,
        ),
        "Elixir.Regex" => (
            &[
                ("re_pattern", Nil),
                ("source", Text("")),
                ("opts", Text("")),
                ("re_version", Text("")),
            ],
            false,
        ),
        _ => return None,
    })
}

/// A built-in struct's fields and defaults, in definition order (with
/// `__exception__: true` last for an exception), as `%Name{}` expands.
pub fn builtin_struct(module: Atom) -> Option<Vec<(Atom, Term)>> {
    let (fields, exception) = builtin(module.as_str())?;
    let mut out: Vec<(Atom, Term)> = fields
        .iter()
        .map(|(k, d)| (Atom::new(k), d.term()))
        .collect();
    if exception {
        out.push((Atom::new("__exception__"), Term::boolean(true)));
    }
    Some(out)
}

/// `module`'s fields in definition order, if known.
pub(crate) fn order(module: Atom) -> Option<Vec<Atom>> {
    if let Some(fields) = ORDERS.with(|o| o.borrow().get(&module).cloned()) {
        return Some(fields.to_vec());
    }
    builtin(module.as_str()).map(|(f, _)| f.iter().map(|(k, _)| Atom::new(k)).collect())
}
