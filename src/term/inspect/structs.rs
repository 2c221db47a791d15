//! The order a struct's fields print in: the order of its `defstruct`, as
//! Elixir's `Inspect.Any` prints them (a map's own order is its key order).
//!
//! Modules register their fields when they are loaded; Elixir's built-in
//! exception structs are known here.

use crate::term::Atom;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

thread_local! {
    static ORDERS: RefCell<BTreeMap<Atom, Rc<[Atom]>>> = RefCell::new(BTreeMap::new());
}

/// Records `module`'s fields in definition order (the latest definition wins).
pub fn register_struct(module: Atom, fields: Vec<Atom>) {
    ORDERS.with(|o| o.borrow_mut().insert(module, Rc::from(fields)));
}

fn builtin(module: &str) -> Option<&'static [&'static str]> {
    Some(match module {
        "Elixir.KeyError" => &["key", "term", "message"],
        "Elixir.FunctionClauseError" => &["module", "function", "arity", "kind", "args", "clauses"],
        "Elixir.UndefinedFunctionError" => &["module", "function", "arity", "reason", "message"],
        "Elixir.BadBooleanError" => &["term", "operator"],
        "Elixir.BadArityError" => &["function", "args"],
        "Elixir.BadStructError" => &["struct", "term"],
        "Elixir.Protocol.UndefinedError" => &["protocol", "value", "description"],
        "Elixir.ErlangError" => &["original", "reason"],
        "Elixir.Task" => &["mfa", "owner", "pid", "ref"],
        "Elixir.Date" => &["year", "month", "day", "calendar"],
        "Elixir.Time" => &["hour", "minute", "second", "microsecond", "calendar"],
        _ => return None,
    })
}

/// `module`'s fields in definition order, if known.
pub(crate) fn order(module: Atom) -> Option<Vec<Atom>> {
    if let Some(fields) = ORDERS.with(|o| o.borrow().get(&module).cloned()) {
        return Some(fields.to_vec());
    }
    builtin(module.as_str()).map(|f| f.iter().map(|s| Atom::new(s)).collect())
}
