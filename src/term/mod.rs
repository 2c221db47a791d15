//! Erlang terms: the values that flow through every mailbox, registry and console.
//!
//! - [`Term`] — the value type: integers of any size, floats, atoms,
//!   binaries, tuples, lists, maps, pids, references and functions.
//! - `atom` — the interned atom table.
//! - `list` — cons cells (proper and improper lists).
//! - `map` — small sorted maps and persistent trees for big ones.
//! - `binary` — binaries sharing their bytes.
//! - `fun` — captures and closures.
//! - `order` — Erlang's total term order (`number < atom < reference < fun < pid <
//!   tuple < map < list < binary`), exact (`===`, map keys) and arithmetic (`==`).
//! - `inspect` — printing exactly as Elixir 1.14's `Kernel.inspect/1` prints.
//! - `phash2` — `:erlang.phash2/1,2`, bit-compatible with the BEAM so routing
//!   decisions match a real cluster's.
//!
//! Terms are immutable and cheap to clone (compound terms share their payload
//! through `Rc`), because a message is copied into every mailbox it reaches.

mod atom;
mod binary;
mod fun;
mod inspect;
mod list;
mod map;
mod order;
mod phash2;
mod size;
#[cfg(test)]
mod testing;

pub(crate) use atom::Fnv;
pub use atom::{Atom, AtomError, MAX_ATOMS, MAX_ATOM_CHARS};
pub use binary::{Bin, MAX_BINARY};
pub use fun::{Closure, Fun, Lambda, LambdaInfo};
pub use inspect::{
    builtin_struct, float_to_string, inspect, inspect_atom, inspect_brief, inspect_float,
    inspect_function_name, inspect_width, inspect_with, register_struct, InspectOpts,
};
pub use list::{Cons, List, ListIter};
pub use map::{Map, MapIter, FLAT_LIMIT};
pub use order::compare;
pub(crate) use phash2::{hash_after, hash_after_small, tuple_start, PHASH2_MASK};
pub use phash2::{phash2, phash2_range};
pub use size::flat_size;

use num_bigint::BigInt;
use std::rc::Rc;

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

/// The deepest a term may nest (tuples, lists in lists, maps, closures).
/// Printing, comparing and dropping terms recurse once per level, and a
/// stack overflow in a browser tab kills the page, so the VM refuses to
/// build anything deeper (see [`Term::depth`]). Long lists are not deep:
/// walking a list's tail is a loop.
pub const MAX_DEPTH: u32 = 512;

/// An Erlang term.
///
/// Integers that fit in `i64` are always `Int`; `BigInt` holds only values
/// outside that range (construct through [`Term::from_bigint`] to keep this).
/// Floats are always finite, as on the BEAM. Map keys are kept in Erlang's
/// exact term order, which is also the order in which the BEAM prints maps
/// of up to 32 keys.
///
/// `Eq`, `Ord` and `Hash` are the *exact* relations (`===`, map keys:
/// `1` and `1.0` differ); [`compare`] is the order of `==` and `<`.
#[derive(Clone)]
pub enum Term {
    /// A small integer.
    Int(i64),
    /// An integer outside `i64`.
    BigInt(Rc<BigInt>),
    /// A float (never NaN or infinite).
    Float(f64),
    /// An atom, including `true`, `false` and `nil`.
    Atom(Atom),
    /// A binary; Elixir strings are UTF-8 binaries.
    Binary(Bin),
    /// A tuple, with its nesting depth (see [`Term::depth`]).
    Tuple(Rc<[Term]>, u32),
    /// A list: `[]` or a cons cell (proper or improper).
    List(List),
    /// A map.
    Map(Map),
    /// A process identifier.
    Pid(Pid),
    /// A reference.
    Ref(Ref),
    /// A function value.
    Fun(Rc<Fun>),
}

/// The nesting depth of a tuple of `elements` (see [`Term::depth`]).
fn tuple_depth(elements: &[Term]) -> u32 {
    elements
        .iter()
        .map(Term::depth)
        .max()
        .unwrap_or(0)
        .saturating_add(1)
}

impl std::fmt::Debug for Term {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&inspect(self))
    }
}

impl Term {
    /// The atom with the given text.
    pub fn atom(text: &str) -> Term {
        Term::Atom(Atom::new(text))
    }

    /// `:ok`.
    pub fn ok() -> Term {
        Term::Atom(Atom::OK)
    }

    /// `nil`.
    pub fn nil() -> Term {
        Term::Atom(Atom::NIL)
    }

    /// `true` or `false`.
    pub fn boolean(value: bool) -> Term {
        Term::Atom(if value { Atom::TRUE } else { Atom::FALSE })
    }

    /// A UTF-8 string (an Elixir binary).
    pub fn string(text: &str) -> Term {
        Term::Binary(Bin::new(text.as_bytes()))
    }

    /// A binary holding a copy of `bytes`.
    pub fn bytes(bytes: &[u8]) -> Term {
        Term::Binary(Bin::new(bytes))
    }

    /// A binary that takes over `bytes`.
    pub fn bytes_vec(bytes: Vec<u8>) -> Term {
        Term::Binary(Bin::from_vec(bytes))
    }

    /// A tuple of the given elements: a `Vec`, or an array (`[a, b]`),
    /// which takes one allocation where a `Vec` takes two and a copy.
    pub fn tuple(elements: impl Into<Rc<[Term]>>) -> Term {
        let elements = elements.into();
        let depth = tuple_depth(&elements);
        Term::Tuple(elements, depth)
    }

    /// A tuple of clones of `elements`, in one allocation (the
    /// interpreter builds a tuple from its registers at every `{...}`).
    pub fn tuple_of(elements: &[Term]) -> Term {
        // Written in place: collecting a cloning iterator into an `Rc`
        // called the iterator's `next` once per element, out of line.
        let mut rc = Rc::<[Term]>::new_uninit_slice(elements.len());
        let Some(slots) = Rc::get_mut(&mut rc) else {
            return Term::Tuple(elements.iter().cloned().collect(), tuple_depth(elements));
        };
        let mut depth = 0;
        for (slot, element) in slots.iter_mut().zip(elements) {
            depth = depth.max(element.depth());
            slot.write(element.clone());
        }
        // SAFETY: the slice has `elements.len()` slots and the loop wrote
        // every one of them.
        let rc = unsafe { rc.assume_init() };
        Term::Tuple(rc, depth.saturating_add(1))
    }

    /// A map from the given pairs (later duplicates win, as in `%{}`).
    pub fn map(pairs: impl IntoIterator<Item = (Term, Term)>) -> Term {
        Term::Map(Map::from_pairs(pairs))
    }

    /// A keyword list `[key: value, ...]`.
    pub fn keyword(pairs: Vec<(&str, Term)>) -> Term {
        Term::list(
            pairs
                .into_iter()
                .map(|(k, v)| Term::tuple([Term::atom(k), v]))
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

    /// How deeply the term nests: 0 for numbers, atoms, binaries, pids and
    /// references; one more than its deepest element for a tuple, map or
    /// closure; a list counts one level for its elements however long it
    /// is. Known in constant time, so the VM can refuse values deeper than
    /// [`MAX_DEPTH`] as it builds them.
    pub fn depth(&self) -> u32 {
        match self {
            Term::Tuple(_, d) => *d,
            Term::List(l) => l.depth(),
            Term::Map(m) => m.depth(),
            Term::Fun(f) => f.depth(),
            _ => 0,
        }
    }

    /// The atom's text, if this is an atom.
    pub fn as_atom(&self) -> Option<&'static str> {
        match self {
            Term::Atom(a) => Some(a.as_str()),
            _ => None,
        }
    }

    /// True when this is `atom`: a pointer compare, for hot tags such as
    /// [`Atom::GEN_CAST`] (see [`Term::is_atom`] for any text).
    pub fn is(&self, atom: Atom) -> bool {
        matches!(self, Term::Atom(a) if *a == atom)
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
            Term::Tuple(t, _) => Some(t),
            _ => None,
        }
    }

    /// The map, if this is one.
    pub fn as_map(&self) -> Option<&Map> {
        match self {
            Term::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The module of a struct (`%Mod{}`: the atom under `:__struct__`).
    pub fn struct_name(&self) -> Option<Atom> {
        match self.as_map()?.get(&Term::atom("__struct__"))? {
            Term::Atom(a) => Some(*a),
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
        matches!(self, Term::Atom(a) if *a == Atom::FALSE || *a == Atom::NIL)
    }

    /// True for integers and floats.
    pub fn is_number(&self) -> bool {
        matches!(self, Term::Int(_) | Term::BigInt(_) | Term::Float(_))
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
