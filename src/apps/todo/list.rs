//! `Todo.List`: one to-do list as plain data, the seed's pure module.
//!
//! ```elixir
//! defstruct auto_id: 1, entries: %{}
//!
//! def add_entry(todo_list, entry) do
//!   entry = Map.put(entry, :id, todo_list.auto_id)
//!   new_entries = Map.put(todo_list.entries, todo_list.auto_id, entry)
//!   %Todo.List{todo_list | entries: new_entries, auto_id: todo_list.auto_id + 1}
//! end
//!
//! def entries(todo_list, date) do
//!   todo_list.entries |> Map.values() |> Enum.filter(fn entry -> entry.date == date end)
//! end
//! ```
//!
//! Entries are maps such as `%{date: "2023-12-19", title: "Dentist"}`; the
//! console has no `~D` sigil, so a date is whatever term the caller uses.
//! `Map.values/1` is taken in id order (the BEAM's order for up to 32 keys).
//! What Elixir would raise — `BadMapError` for an entry that is not a map,
//! `KeyError` for an entry without `:date` — comes back as the exit reason
//! of the process that ran it.

use crate::otp::reasons::exception;
use crate::term::Term;
use std::collections::BTreeMap;

/// The struct's module, `Todo.List`.
pub const MODULE: &str = "Elixir.Todo.List";

/// A to-do list: entries by id, and the next id to give.
#[derive(Clone, Debug, PartialEq)]
pub struct TodoList {
    auto_id: i64,
    entries: BTreeMap<i64, Term>,
}

impl Default for TodoList {
    fn default() -> Self {
        TodoList::new()
    }
}

impl TodoList {
    /// `Todo.List.new()`.
    pub fn new() -> TodoList {
        TodoList {
            auto_id: 1,
            entries: BTreeMap::new(),
        }
    }

    /// `Todo.List.add_entry(list, entry)`: the entry gets the next id.
    pub fn add_entry(&self, entry: &Term) -> Result<TodoList, Term> {
        let Term::Map(fields) = entry else {
            return Err(crash("BadMapError", vec![("term", entry.clone())]));
        };
        let fields = fields.put(Term::atom("id"), Term::Int(self.auto_id));
        let mut next = self.clone();
        next.entries.insert(self.auto_id, Term::Map(fields));
        next.auto_id = self.auto_id.saturating_add(1);
        Ok(next)
    }

    /// `Todo.List.entries(list, date)`: the entries on `date`, in id order.
    pub fn entries(&self, date: &Term) -> Result<Vec<Term>, Term> {
        let mut found = Vec::new();
        for entry in self.entries.values() {
            let Some(entry_date) = field(entry, "date") else {
                return Err(crash(
                    "KeyError",
                    vec![
                        ("key", Term::atom("date")),
                        ("term", entry.clone()),
                        ("message", Term::nil()),
                    ],
                ));
            };
            if entry_date == date {
                found.push(entry.clone());
            }
        }
        Ok(found)
    }

    /// How many entries the list holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the list has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// `%Todo.List{auto_id: n, entries: %{id => entry}}`.
    pub fn to_term(&self) -> Term {
        Term::map([
            (Term::atom("__struct__"), Term::atom(MODULE)),
            (Term::atom("auto_id"), Term::Int(self.auto_id)),
            (
                Term::atom("entries"),
                Term::map(
                    self.entries
                        .iter()
                        .map(|(id, entry)| (Term::Int(*id), entry.clone())),
                ),
            ),
        ])
    }

    /// Reads back what [`TodoList::to_term`] wrote; `None` for anything else.
    pub fn from_term(term: &Term) -> Option<TodoList> {
        if !field(term, "__struct__")?.is_atom(MODULE) {
            return None;
        }
        let auto_id = field(term, "auto_id")?.as_int()?;
        let Term::Map(entries) = field(term, "entries")? else {
            return None;
        };
        let entries = entries
            .iter()
            .map(|(id, entry)| Some((id.as_int()?, entry.clone())))
            .collect::<Option<BTreeMap<i64, Term>>>()?;
        Some(TodoList { auto_id, entries })
    }
}

/// `map.key` for an atom key.
fn field<'t>(map: &'t Term, key: &str) -> Option<&'t Term> {
    match map {
        Term::Map(m) => m.get(&Term::atom(key)),
        _ => None,
    }
}

/// The exit reason of a process that raised `name` with `fields`.
fn crash(name: &str, fields: Vec<(&str, Term)>) -> Term {
    Term::tuple(vec![exception(name, fields), Term::list(vec![])])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(date: &str, title: &str) -> Term {
        Term::map([
            (Term::atom("date"), Term::string(date)),
            (Term::atom("title"), Term::string(title)),
        ])
    }

    #[test]
    fn entries_get_ids_and_filter_by_date() {
        let list = TodoList::new()
            .add_entry(&entry("d1", "Dentist"))
            .and_then(|l| l.add_entry(&entry("d2", "Shopping")))
            .and_then(|l| l.add_entry(&entry("d1", "Movies")));
        let Ok(list) = list else {
            panic!("entries are maps");
        };
        let found = list.entries(&Term::string("d1"));
        let text: Vec<String> = found
            .unwrap_or_default()
            .iter()
            .map(crate::term::inspect)
            .collect();
        assert_eq!(
            text,
            vec![
                "%{date: \"d1\", id: 1, title: \"Dentist\"}",
                "%{date: \"d1\", id: 3, title: \"Movies\"}"
            ]
        );
        assert_eq!(TodoList::from_term(&list.to_term()), Some(list));
    }

    #[test]
    fn what_elixir_raises_becomes_an_exit_reason() {
        let bad = TodoList::new().add_entry(&Term::string("x"));
        assert!(bad.is_err());
        let Ok(list) = TodoList::new().add_entry(&Term::map([])) else {
            panic!("an empty map is a map");
        };
        assert!(list.entries(&Term::nil()).is_err());
        assert_eq!(TodoList::from_term(&Term::Int(1)), None);
    }
}
