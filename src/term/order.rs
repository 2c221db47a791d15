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
//! Numbers compare by value. Two orders exist: the arithmetic one of `==`
//! and `<` ([`compare`]), where `1 == 1.0`, and the exact one of `===` and
//! of map keys (`Ord` on [`Term`]), where an integer never equals a float
//! and all integers come before all floats. `Hash` agrees with the exact
//! one: an `Int` and an equal `BigInt` hash alike.
//!
//! Comparison recurses into nested terms; terms deep enough to exhaust the
//! stack would already do so when dropped.

use super::{Fun, List, Map, Pid, Ref, Term};
use num_bigint::BigInt;
use num_traits::ToPrimitive;
use rustc_hash::FxHashSet;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

#[cfg(test)]
mod tests;

/// Position of the term's kind in Erlang's order (4 is the port, which the
/// simulation does not model).
fn rank(term: &Term) -> u8 {
    match term {
        Term::Int(_) | Term::BigInt(_) | Term::Float(_) => 0,
        Term::Atom(_) => 1,
        Term::Ref(_) => 2,
        Term::Fun(_) => 3,
        Term::Pid(_) => 5,
        Term::Tuple(..) => 6,
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

fn cmp_fun(a: &Fun, b: &Fun, exact: bool) -> Ordering {
    match (a, b) {
        (
            Fun::Export {
                module: m1,
                function: f1,
                arity: a1,
            },
            Fun::Export {
                module: m2,
                function: f2,
                arity: a2,
            },
        ) => m1.cmp(m2).then_with(|| f1.cmp(f2)).then_with(|| a1.cmp(a2)),
        // Local funs sort before external ones, as on the BEAM.
        (Fun::Closure(_), Fun::Export { .. }) => Ordering::Less,
        (Fun::Export { .. }, Fun::Closure(_)) => Ordering::Greater,
        (Fun::Closure(x), Fun::Closure(y)) => x
            .lambda
            .info()
            .cmp(&y.lambda.info())
            .then_with(|| x.env.len().cmp(&y.env.len()))
            .then_with(|| cmp_seq(x.env.iter(), y.env.iter(), exact)),
    }
}

/// Compares two floats as the BEAM does: `0.0` and `-0.0` are equal.
fn cmp_float(a: f64, b: f64) -> Ordering {
    a.partial_cmp(&b).unwrap_or(Ordering::Equal)
}

/// An integer against a float by value, without rounding the integer.
fn cmp_int_float(a: &BigInt, b: f64) -> Ordering {
    match a.to_f64() {
        Some(af) if af != b => cmp_float(af, b),
        // Equal as floats (or too big): decide on the exact integer part.
        _ => match BigInt::from_f64_exact(b) {
            Some(bi) => a.cmp(&bi),
            None => {
                let floor = b.floor();
                match BigInt::from_f64_exact(floor) {
                    Some(fi) if *a <= fi => Ordering::Less,
                    Some(_) => Ordering::Greater,
                    None => Ordering::Equal,
                }
            }
        },
    }
}

trait FromF64Exact: Sized {
    fn from_f64_exact(f: f64) -> Option<Self>;
}

impl FromF64Exact for BigInt {
    fn from_f64_exact(f: f64) -> Option<BigInt> {
        if f.fract() != 0.0 || !f.is_finite() {
            return None;
        }
        num_traits::FromPrimitive::from_f64(f)
    }
}

fn as_big(t: &Term) -> Option<BigInt> {
    match t {
        Term::Int(i) => Some(BigInt::from(*i)),
        Term::BigInt(b) => Some((**b).clone()),
        _ => None,
    }
}

/// Numbers by value. In exact order an integer and a float are never
/// equal, and every integer comes before every float (the BEAM's map key
/// order).
fn cmp_numbers(a: &Term, b: &Term, exact: bool) -> Ordering {
    match (a, b) {
        (Term::Int(x), Term::Int(y)) => x.cmp(y),
        (Term::Float(x), Term::Float(y)) => cmp_float(*x, *y),
        (Term::Int(x), Term::BigInt(y)) => BigInt::from(*x).cmp(y),
        (Term::BigInt(x), Term::Int(y)) => (**x).cmp(&BigInt::from(*y)),
        (Term::BigInt(x), Term::BigInt(y)) => x.cmp(y),
        (Term::Float(_), _) if exact => Ordering::Greater,
        (_, Term::Float(_)) if exact => Ordering::Less,
        (Term::Float(x), other) => {
            as_big(other).map_or(Ordering::Equal, |i| cmp_int_float(&i, *x).reverse())
        }
        (other, Term::Float(y)) => as_big(other).map_or(Ordering::Equal, |i| cmp_int_float(&i, *y)),
        _ => Ordering::Equal,
    }
}

fn cmp_seq<'a>(
    mut a: impl Iterator<Item = &'a Term>,
    mut b: impl Iterator<Item = &'a Term>,
    exact: bool,
) -> Ordering {
    loop {
        match (a.next(), b.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => match cmp_terms(x, y, exact) {
                Ordering::Equal => {}
                other => return other,
            },
        }
    }
}

fn cmp_maps(a: &Map, b: &Map, exact: bool) -> Ordering {
    if a.ptr_eq(b) {
        return Ordering::Equal;
    }
    a.len()
        .cmp(&b.len())
        .then_with(|| cmp_seq(a.keys(), b.keys(), exact))
        .then_with(|| cmp_seq(a.values(), b.values(), exact))
}

/// Lists element by element, walking tails in a loop; an improper tail is
/// compared as a term where the other list goes on.
fn cmp_lists(a: &Term, b: &Term, exact: bool) -> Ordering {
    let (mut x, mut y) = (a, b);
    loop {
        match (x.head_tail(), y.head_tail()) {
            (Some((hx, tx)), Some((hy, ty))) => {
                match cmp_terms(hx, hy, exact) {
                    Ordering::Equal => {}
                    other => return other,
                }
                if !(tx.is_list() && ty.is_list()) || same(tx, ty) {
                    return cmp_terms(tx, ty, exact);
                }
                x = tx;
                y = ty;
            }
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
        }
    }
}

/// True when `a` and `b` are the same term in memory. The BEAM's
/// comparison stops there too (`eq` checks the pointers first), which is
/// what keeps `x == x` instant for a term that shares its parts (`[x, x]`
/// forty times over is a trillion cells walked).
fn same(a: &Term, b: &Term) -> bool {
    match (a, b) {
        (Term::Tuple(x, _), Term::Tuple(y, _)) => Rc::ptr_eq(x, y),
        (Term::List(List(Some(x))), Term::List(List(Some(y)))) => Rc::ptr_eq(x, y),
        (Term::Map(x), Term::Map(y)) => x.ptr_eq(y),
        _ => false,
    }
}

/// Terms at least this deeply nested are compared remembering the pairs
/// of parts already found equal (see [`cmp_terms`]).
const REMEMBERED_DEPTH: u32 = 8;

/// Two compound parts' addresses, and whether the compare is exact.
type PairKey = (usize, usize, bool);

thread_local! {
    /// Pairs of compound parts (their addresses, and whether the compare
    /// is exact) found equal in the comparison under way, and how many
    /// remembering comparisons are under way: the set is emptied when the
    /// outermost one ends, before any of its terms can be freed.
    static EQUAL_PAIRS: RefCell<(FxHashSet<PairKey>, u32)> =
        RefCell::new((FxHashSet::default(), 0));
}

/// A compound term's address.
fn addr(t: &Term) -> Option<usize> {
    match t {
        Term::Tuple(x, _) => Some(Rc::as_ptr(x) as *const Term as usize),
        Term::List(List(Some(x))) => Some(Rc::as_ptr(x) as usize),
        Term::Map(m) => Some(m.addr()),
        _ => None,
    }
}

/// `a` against `b`. Two deeply nested terms that share their parts (`[x,
/// x]` forty times over, built twice) are a trillion pairs of cells apart
/// but only forty pairs of distinct parts: each pair found equal is
/// remembered for the rest of the comparison, so it is never walked twice.
fn cmp_terms(a: &Term, b: &Term, exact: bool) -> Ordering {
    if same(a, b) {
        return Ordering::Equal;
    }
    if a.depth() < REMEMBERED_DEPTH || b.depth() < REMEMBERED_DEPTH {
        return cmp_parts(a, b, exact);
    }
    let (Some(x), Some(y)) = (addr(a), addr(b)) else {
        return cmp_parts(a, b, exact);
    };
    let key = (x, y, exact);
    let _open = Remembering::open();
    if EQUAL_PAIRS.with(|p| p.borrow().0.contains(&key)) {
        return Ordering::Equal;
    }
    let order = cmp_parts(a, b, exact);
    if order == Ordering::Equal {
        EQUAL_PAIRS.with(|p| p.borrow_mut().0.insert(key));
    }
    order
}

/// One remembering comparison under way; the last to end (even by
/// unwinding) empties the set.
struct Remembering;

impl Remembering {
    fn open() -> Remembering {
        EQUAL_PAIRS.with(|p| p.borrow_mut().1 += 1);
        Remembering
    }
}

impl Drop for Remembering {
    fn drop(&mut self) {
        EQUAL_PAIRS.with(|p| {
            let mut p = p.borrow_mut();
            p.1 -= 1;
            if p.1 == 0 {
                p.0.clear();
            }
        });
    }
}

fn cmp_parts(a: &Term, b: &Term, exact: bool) -> Ordering {
    match (a, b) {
        (Term::Int(x), Term::Int(y)) => x.cmp(y),
        (Term::Atom(x), Term::Atom(y)) => x.cmp(y),
        (Term::Ref(x), Term::Ref(y)) => cmp_ref(x, y),
        (Term::Fun(x), Term::Fun(y)) => cmp_fun(x, y, exact),
        (Term::Pid(x), Term::Pid(y)) => cmp_pid(x, y),
        (Term::Tuple(x, _), Term::Tuple(y, _)) => x
            .len()
            .cmp(&y.len())
            .then_with(|| cmp_seq(x.iter(), y.iter(), exact)),
        (Term::Map(x), Term::Map(y)) => cmp_maps(x, y, exact),
        (Term::List(_), Term::List(_)) => cmp_lists(a, b, exact),
        // `[u8]` ordering is byte-wise, a proper prefix first, as the BEAM's.
        (Term::Binary(x), Term::Binary(y)) => x.as_slice().cmp(y.as_slice()),
        _ if rank(a) == 0 && rank(b) == 0 => cmp_numbers(a, b, exact),
        _ => rank(a).cmp(&rank(b)),
    }
}

/// The order of `==`, `<`, `Enum.sort/1`: numbers by value, so `1 == 1.0`.
pub fn compare(a: &Term, b: &Term) -> Ordering {
    cmp_terms(a, b, false)
}

/// Exact order: as [`compare`], but an integer never equals a float and
/// sorts before every float. This is `===` and the order of map keys.
impl Ord for Term {
    fn cmp(&self, other: &Term) -> Ordering {
        cmp_terms(self, other, true)
    }
}

impl PartialOrd for Term {
    fn partial_cmp(&self, other: &Term) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Term {
    /// Atoms are equal when they are the same entry of the atom table, and
    /// integers when their values are: the usual operands of a pattern's
    /// constant, which a comparison of atoms' names would make a `memcmp`.
    fn eq(&self, other: &Term) -> bool {
        match (self, other) {
            (Term::Atom(a), Term::Atom(b)) => a == b,
            (Term::Int(a), Term::Int(b)) => a == b,
            _ => self.cmp(other) == Ordering::Equal,
        }
    }
}

impl Eq for Term {}

/// Nodes of a term a hash looks at, in preorder: equal terms have equal
/// prefixes, so the hash stays consistent with `===`, and a term that
/// shares its parts (`[x, x]` forty times over, a trillion cells) hashes
/// in bounded time.
const HASHED_NODES: u32 = 4096;

impl Hash for Term {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_term(self, state, &mut { HASHED_NODES });
    }
}

fn hash_term<H: Hasher>(t: &Term, state: &mut H, left: &mut u32) {
    if *left == 0 {
        return;
    }
    *left -= 1;
    rank(t).hash(state);
    match t {
        Term::Int(i) => i.hash(state),
        // An unnormalised BigInt must hash like the equal Int.
        Term::BigInt(b) => match i64::try_from(&**b) {
            Ok(i) => i.hash(state),
            Err(_) => b.hash(state),
        },
        // `0.0 === -0.0` on OTP 25, so both hash as `0.0`.
        Term::Float(f) => (if *f == 0.0 { 0.0f64 } else { *f }).to_bits().hash(state),
        Term::Atom(a) => a.hash(state),
        Term::Binary(b) => b.as_slice().hash(state),
        Term::Tuple(elements, _) => {
            elements.len().hash(state);
            for e in elements.iter() {
                hash_term(e, state, left);
            }
        }
        Term::List(_) => {
            let mut iter = t.list_iter();
            for item in iter.by_ref() {
                if *left == 0 {
                    return;
                }
                hash_term(item, state, left);
            }
            let tail = iter.tail();
            if !tail.is_empty_list() {
                hash_term(tail, state, left);
            }
        }
        Term::Map(map) => {
            map.len().hash(state);
            for (key, value) in map.iter() {
                if *left == 0 {
                    return;
                }
                hash_term(key, state, left);
                hash_term(value, state, left);
            }
        }
        Term::Pid(p) => p.hash(state),
        Term::Ref(r) => r.hash(state),
        Term::Fun(f) => match &**f {
            Fun::Export {
                module,
                function,
                arity,
            } => (module, function, arity).hash(state),
            Fun::Closure(c) => {
                let info = c.lambda.info();
                (info.module, info.index, info.uniq).hash(state);
                c.env.len().hash(state);
                for e in c.env.iter() {
                    hash_term(e, state, left);
                }
            }
        },
    }
}
