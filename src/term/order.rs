//! Erlang's total term order, so maps, sorting and `==` behave as on the BEAM.
//!
//! Kinds rank `number < atom < reference < fun < port < pid < tuple < map <
//! list < binary` (`[]` is the smallest list). Within a kind:
//!
//! - integers by value, whether stored as `Int` or `BigInt`;
//! - atoms by their UTF-8 text, byte by byte;
//! - references by node, then `id`: the BEAM compares node names first, then
//!   the numbers it prints (most significant first), which `inspect` derives
//!   from `id` in increasing order;
//! - funs by module, then function, then arity (as `&:a.b/1 < &:a.b/2`);
//! - pids by `(serial, id)`, then node, as the BEAM orders `#PID<N.id.serial>`
//!   (for pids it compares node names last).
//!
//! Node `n` is named `a@sim`, `b@sim`, ... so, for the first 26 nodes,
//! comparing indices is comparing names.
//! - tuples by size, then element by element;
//! - maps by size, then keys in key order, then values in that same order;
//! - lists element by element, a proper prefix first;
//! - binaries byte by byte, a proper prefix first.
//!
//! `==` is exact equality (there are no floats, so `1 == 1.0` never arises),
//! and `Hash` agrees with it: an `Int` and an equal `BigInt` hash alike.
//!
//! Comparison recurses into nested terms; terms deep enough to exhaust the
//! stack would already do so when dropped.

use super::{Fun, Pid, Ref, Term};
use num_bigint::BigInt;
use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

#[cfg(test)]
mod tests;

/// Position of the term's kind in Erlang's order (4 is the port, which the
/// simulation does not model).
fn rank(term: &Term) -> u8 {
    match term {
        Term::Int(_) | Term::BigInt(_) => 0,
        Term::Atom(_) => 1,
        Term::Ref(_) => 2,
        Term::Fun(_) => 3,
        Term::Pid(_) => 5,
        Term::Tuple(_) => 6,
        Term::Map(_) => 7,
        Term::List(_) => 8,
        Term::Binary(_) => 9,
    }
}

fn cmp_pid(a: &Pid, b: &Pid) -> Ordering {
    (a.serial, a.id, a.node).cmp(&(b.serial, b.id, b.node))
}

fn cmp_ref(a: &Ref, b: &Ref) -> Ordering {
    (a.node, a.id).cmp(&(b.node, b.id))
}

fn cmp_fun(a: &Fun, b: &Fun) -> Ordering {
    a.module
        .as_str()
        .cmp(b.module.as_str())
        .then_with(|| a.function.as_str().cmp(b.function.as_str()))
        .then_with(|| a.arity.cmp(&b.arity))
}

impl Ord for Term {
    fn cmp(&self, other: &Term) -> Ordering {
        match (self, other) {
            (Term::Int(a), Term::Int(b)) => a.cmp(b),
            (Term::Int(a), Term::BigInt(b)) => BigInt::from(*a).cmp(b),
            (Term::BigInt(a), Term::Int(b)) => (**a).cmp(&BigInt::from(*b)),
            (Term::BigInt(a), Term::BigInt(b)) => a.cmp(b),
            // `str` ordering is byte-wise, which is what the BEAM does.
            (Term::Atom(a), Term::Atom(b)) => a.as_str().cmp(b.as_str()),
            (Term::Ref(a), Term::Ref(b)) => cmp_ref(a, b),
            (Term::Fun(a), Term::Fun(b)) => cmp_fun(a, b),
            (Term::Pid(a), Term::Pid(b)) => cmp_pid(a, b),
            (Term::Tuple(a), Term::Tuple(b)) => {
                a.len().cmp(&b.len()).then_with(|| a.iter().cmp(b.iter()))
            }
            (Term::Map(a), Term::Map(b)) => a
                .len()
                .cmp(&b.len())
                .then_with(|| a.keys().cmp(b.keys()))
                .then_with(|| a.values().cmp(b.values())),
            (Term::List(a), Term::List(b)) => a.iter().cmp(b.iter()),
            (Term::Binary(a), Term::Binary(b)) => a.cmp(b),
            _ => rank(self).cmp(&rank(other)),
        }
    }
}

impl PartialOrd for Term {
    fn partial_cmp(&self, other: &Term) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Term {
    fn eq(&self, other: &Term) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Term {}

impl Hash for Term {
    fn hash<H: Hasher>(&self, state: &mut H) {
        rank(self).hash(state);
        match self {
            Term::Int(i) => i.hash(state),
            // An unnormalised BigInt must hash like the equal Int.
            Term::BigInt(b) => match i64::try_from(&**b) {
                Ok(i) => i.hash(state),
                Err(_) => b.hash(state),
            },
            Term::Atom(a) => a.as_str().hash(state),
            Term::Binary(b) => b.hash(state),
            Term::Tuple(elements) | Term::List(elements) => elements.hash(state),
            Term::Map(map) => {
                map.len().hash(state);
                for (key, value) in map.iter() {
                    key.hash(state);
                    value.hash(state);
                }
            }
            Term::Pid(p) => p.hash(state),
            Term::Ref(r) => r.hash(state),
            Term::Fun(f) => f.hash(state),
        }
    }
}
