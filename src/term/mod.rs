//! Erlang terms: the values that flow through every mailbox, registry and console.
//!
//! - [`Term`] — the value type (integers of any size, atoms, binaries, tuples,
//!   proper lists, maps, pids, references, and captures of built-in functions).
//! - `order` — Erlang's total term order (`number < atom < reference < fun < pid <
//!   tuple < map < list < binary`), which maps and sorting rely on.
//! - `inspect` — printing exactly as Elixir 1.14's `Kernel.inspect/1` prints.
//! - `phash2` — `:erlang.phash2/1,2`, bit-compatible with the BEAM so routing
//!   decisions match a real cluster's.
//!
//! Terms are immutable and cheap to clone (compound terms share their payload
//! through `Rc`), because a message is copied into every mailbox it reaches.

mod inspect;
mod order;
mod phash2;
#[cfg(test)]
mod testing;

pub use inspect::{inspect, inspect_atom, inspect_width};
pub(crate) use phash2::{hash_after, hash_after_small, tuple_start, PHASH2_MASK};
pub use phash2::{phash2, phash2_range};

use num_bigint::BigInt;
use std::collections::BTreeMap;
use std::rc::Rc;

/// An atom such as `:ok` or `Fleet.Registry` (stored with its `Elixir.` prefix).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Atom(Rc<str>);

impl Atom {
    /// Makes an atom from its text, exactly as the BEAM stores it
    /// (`Atom::new("Elixir.Fleet")` is the alias `Fleet`).
    pub fn new(text: &str) -> Atom {
        Atom(Rc::from(text))
    }

    /// The atom's text as the BEAM stores it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A process identifier: which node it lives on and its number there.
///
/// `node` is the index of the node in the world (0 is `:"a@sim"`); `id` and
/// `serial` are the two numbers the BEAM prints after it, as in `#PID<0.120.0>`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Pid {
    /// Index of the owning node in the world (0 = first node).
    pub node: u32,
    /// Process number on that node.
    pub id: u32,
    /// Serial, bumped when `id` wraps (always 0 in practice).
    pub serial: u32,
}

/// A unique reference, as returned by `make_ref/0` or `Process.monitor/1`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Ref {
    /// Index of the node that made it.
    pub node: u32,
    /// World-unique sequence number.
    pub id: u64,
}

impl Ref {
    /// The three numbers printed after the node in `#Reference<node.a.b.c>`.
    ///
    /// A BEAM reference carries three such words, the last one 18 bits wide;
    /// they are spread from `id` so that printing, ordering and
    /// `:erlang.phash2` (which hashes only the last one) all agree with a
    /// real reference of that printed form.
    pub fn printed_numbers(&self) -> [u32; 3] {
        [
            (self.id >> 50) as u32,
            (self.id >> 18) as u32,
            (self.id & 0x3_FFFF) as u32,
        ]
    }
}

/// A capture of a built-in function, `&Mod.fun/arity`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fun {
    /// The module atom (`Elixir.Sim`, `global`, ...).
    pub module: Atom,
    /// The function name.
    pub function: Atom,
    /// The number of arguments it takes.
    pub arity: u8,
}

/// An Erlang term.
///
/// Integers that fit in `i64` are always `Int`; `BigInt` holds only values
/// outside that range (construct through [`Term::from_bigint`] to keep this).
/// Map keys are kept in Erlang term order, which is also the order in which
/// the BEAM prints maps of up to 32 keys.
#[derive(Clone, Debug)]
pub enum Term {
    /// A small integer.
    Int(i64),
    /// An integer outside `i64`.
    BigInt(Rc<BigInt>),
    /// An atom, including `true`, `false` and `nil`.
    Atom(Atom),
    /// A binary; Elixir strings are UTF-8 binaries.
    Binary(Rc<[u8]>),
    /// A tuple.
    Tuple(Rc<[Term]>),
    /// A proper list (Elixir lists, keyword lists, charlists).
    List(Rc<[Term]>),
    /// A map, keys in term order.
    Map(Rc<BTreeMap<Term, Term>>),
    /// A process identifier.
    Pid(Pid),
    /// A reference.
    Ref(Ref),
    /// A capture of a built-in function.
    Fun(Rc<Fun>),
}

impl Term {
    /// The atom with the given text.
    pub fn atom(text: &str) -> Term {
        Term::Atom(Atom::new(text))
    }

    /// `:ok`.
    pub fn ok() -> Term {
        Term::atom("ok")
    }

    /// `nil`.
    pub fn nil() -> Term {
        Term::atom("nil")
    }

    /// `true` or `false`.
    pub fn boolean(value: bool) -> Term {
        Term::atom(if value { "true" } else { "false" })
    }

    /// A UTF-8 string (an Elixir binary).
    pub fn string(text: &str) -> Term {
        Term::Binary(Rc::from(text.as_bytes()))
    }

    /// A tuple of the given elements.
    pub fn tuple(elements: Vec<Term>) -> Term {
        Term::Tuple(Rc::from(elements))
    }

    /// A proper list of the given elements.
    pub fn list(elements: Vec<Term>) -> Term {
        Term::List(Rc::from(elements))
    }

    /// A map from the given pairs (later duplicates win, as in `%{}`).
    pub fn map(pairs: impl IntoIterator<Item = (Term, Term)>) -> Term {
        Term::Map(Rc::new(pairs.into_iter().collect()))
    }

    /// A keyword list `[key: value, ...]`.
    pub fn keyword(pairs: Vec<(&str, Term)>) -> Term {
        Term::list(
            pairs
                .into_iter()
                .map(|(k, v)| Term::tuple(vec![Term::atom(k), v]))
                .collect(),
        )
    }

    /// An integer of any size, normalised to `Int` when it fits in `i64`.
    pub fn from_bigint(value: BigInt) -> Term {
        match i64::try_from(&value) {
            Ok(small) => Term::Int(small),
            Err(_) => Term::BigInt(Rc::new(value)),
        }
    }

    /// An integer from an `i128`.
    pub fn from_i128(value: i128) -> Term {
        match i64::try_from(value) {
            Ok(small) => Term::Int(small),
            Err(_) => Term::BigInt(Rc::new(BigInt::from(value))),
        }
    }

    /// The atom's text, if this is an atom.
    pub fn as_atom(&self) -> Option<&str> {
        match self {
            Term::Atom(a) => Some(a.as_str()),
            _ => None,
        }
    }

    /// True when this is the atom with the given text.
    pub fn is_atom(&self, text: &str) -> bool {
        self.as_atom() == Some(text)
    }

    /// The integer, if it is a small one.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Term::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The pid, if this is one.
    pub fn as_pid(&self) -> Option<Pid> {
        match self {
            Term::Pid(p) => Some(*p),
            _ => None,
        }
    }

    /// The elements, if this is a tuple.
    pub fn as_tuple(&self) -> Option<&[Term]> {
        match self {
            Term::Tuple(t) => Some(t),
            _ => None,
        }
    }

    /// The elements, if this is a list.
    pub fn as_list(&self) -> Option<&[Term]> {
        match self {
            Term::List(l) => Some(l),
            _ => None,
        }
    }

    /// The bytes, if this is a binary.
    pub fn as_binary(&self) -> Option<&[u8]> {
        match self {
            Term::Binary(b) => Some(b),
            _ => None,
        }
    }

    /// True for `false` and `nil`, the two falsy values of Elixir.
    pub fn is_falsy(&self) -> bool {
        self.is_atom("false") || self.is_atom("nil")
    }
}

impl From<i64> for Term {
    fn from(value: i64) -> Term {
        Term::Int(value)
    }
}

impl From<Pid> for Term {
    fn from(value: Pid) -> Term {
        Term::Pid(value)
    }
}

impl From<Ref> for Term {
    fn from(value: Ref) -> Term {
        Term::Ref(value)
    }
}

impl std::fmt::Display for Term {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&inspect(self))
    }
}
