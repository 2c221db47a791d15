//! `:erlang`'s natives for tuples, lists, maps, booleans, comparisons and
//! type tests, with OTP 25's error info ("* 1st argument: not a tuple").

use super::support::{args, boolean, check_items, is_integer};
use super::Bif;
use crate::term::{compare, phash2, phash2_range, Fnv, Term};
use crate::vm::exception::{Exception, Res};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

const M: &str = "erlang";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::guard(M, "element", 2, element),
    Bif::pure(M, "setelement", 3, setelement),
    Bif::guard(M, "tuple_size", 1, tuple_size),
    Bif::guard(M, "size", 1, size),
    Bif::pure(M, "make_tuple", 2, make_tuple),
    Bif::pure(M, "make_tuple", 3, make_tuple3),
    Bif::pure(M, "append_element", 2, append_element),
    Bif::pure(M, "delete_element", 2, delete_element),
    Bif::pure(M, "insert_element", 3, insert_element),
    Bif::pure(M, "tuple_to_list", 1, tuple_to_list),
    Bif::pure(M, "list_to_tuple", 1, list_to_tuple),
    Bif::guard(M, "length", 1, length),
    Bif::guard(M, "hd", 1, hd),
    Bif::guard(M, "tl", 1, tl),
    Bif::pure(M, "++", 2, append),
    Bif::pure(M, "append", 2, append),
    Bif::pure(M, "--", 2, subtract),
    Bif::pure(M, "subtract", 2, subtract),
    Bif::guard(M, "is_map_key", 2, is_map_key),
    Bif::guard(M, "map_get", 2, map_get),
    Bif::guard(M, "map_size", 1, map_size),
    Bif::guard(M, "not", 1, not),
    Bif::guard(M, "and", 2, and),
    Bif::guard(M, "or", 2, or),
    Bif::guard(M, "xor", 2, xor),
    Bif::guard(M, "==", 2, eq),
    Bif::guard(M, "/=", 2, ne),
    Bif::guard(M, "=:=", 2, exact_eq),
    Bif::guard(M, "=/=", 2, exact_ne),
    Bif::guard(M, "<", 2, lt),
    Bif::guard(M, ">", 2, gt),
    Bif::guard(M, "=<", 2, le),
    Bif::guard(M, ">=", 2, ge),
    Bif::guard(M, "is_atom", 1, is_atom),
    Bif::guard(M, "is_binary", 1, is_binary),
    Bif::guard(M, "is_bitstring", 1, is_binary),
    Bif::guard(M, "is_boolean", 1, is_boolean),
    Bif::guard(M, "is_float", 1, is_float),
    Bif::guard(M, "is_function", 1, is_function),
    Bif::guard(M, "is_function", 2, is_function2),
    Bif::guard(M, "is_integer", 1, is_integer1),
    Bif::guard(M, "is_list", 1, is_list),
    Bif::guard(M, "is_map", 1, is_map),
    Bif::guard(M, "is_number", 1, is_number),
    Bif::guard(M, "is_pid", 1, is_pid),
    Bif::guard(M, "is_port", 1, is_port),
    Bif::guard(M, "is_reference", 1, is_reference),
    Bif::guard(M, "is_tuple", 1, is_tuple),
    Bif::guard(M, "is_record", 2, is_record2),
    Bif::guard(M, "is_record", 3, is_record3),
    Bif::pure(M, "phash2", 1, phash2_1),
    Bif::pure(M, "phash2", 2, phash2_2),
];

fn tuple_arg(term: &Term, n: usize) -> Res<&[Term]> {
    term.as_tuple()
        .ok_or_else(|| Exception::badarg_at(n, "not a tuple"))
}

/// A 1-based position in `1..=len`: "not an integer" or "out of range".
fn position(index: &Term, len: usize) -> Res<usize> {
    match index {
        Term::Int(i) if *i >= 1 && (*i as u64) <= len as u64 => Ok(*i as usize),
        Term::Int(_) | Term::BigInt(_) => Err(Exception::badarg_at(1, "out of range")),
        _ => Err(Exception::badarg_at(1, "not an integer")),
    }
}

/// `:erlang.element/2`.
pub(super) fn element(args: &[Term]) -> Res {
    args!(args, index, tuple);
    let items = tuple_arg(tuple, 2)?;
    let i = position(index, items.len())?;
    items
        .get(i - 1)
        .cloned()
        .ok_or_else(|| Exception::badarg_at(1, "out of range"))
}

pub(super) fn setelement(args: &[Term]) -> Res {
    args!(args, index, tuple, value);
    let items = tuple_arg(tuple, 2)?;
    let i = position(index, items.len())?;
    let mut items = items.to_vec();
    if let Some(slot) = items.get_mut(i - 1) {
        *slot = value.clone();
    }
    Ok(Term::tuple(items))
}

pub(super) fn tuple_size(args: &[Term]) -> Res {
    args!(args, tuple);
    Ok(Term::Int(tuple_arg(tuple, 1)?.len() as i64))
}

pub(super) fn size(args: &[Term]) -> Res {
    args!(args, term);
    match term {
        Term::Tuple(items, _) => Ok(Term::Int(items.len() as i64)),
        Term::Binary(b) => Ok(Term::Int(b.len() as i64)),
        _ => Err(Exception::badarg_at(1, "not tuple or binary")),
    }
}

/// The size argument of `make_tuple`: any non-integer or negative size is
/// "out of range", as OTP words it.
fn tuple_len(size: &Term) -> Res<usize> {
    match size {
        Term::Int(n) if *n >= 0 => {
            check_items(*n as u128)?;
            Ok(*n as usize)
        }
        _ => Err(Exception::badarg_at(1, "out of range")),
    }
}

/// `:erlang.make_tuple/2`.
pub(super) fn make_tuple(args: &[Term]) -> Res {
    args!(args, size, value);
    let n = tuple_len(size)?;
    Ok(Term::tuple(vec![value.clone(); n]))
}

pub(super) fn make_tuple3(args: &[Term]) -> Res {
    args!(args, size, value, init);
    let n = tuple_len(size)?;
    if !init.is_list() {
        return Err(Exception::badarg_at(3, "not a list"));
    }
    let mut items = vec![value.clone(); n];
    let mut iter = init.list_iter();
    for entry in iter.by_ref() {
        let slot = match entry.as_tuple() {
            Some([Term::Int(i), v]) if *i >= 1 => items.get_mut(*i as usize - 1).map(|s| (s, v)),
            _ => None,
        };
        match slot {
            Some((slot, v)) => *slot = v.clone(),
            None => return Err(Exception::badarg_at(3, "invalid option in list")),
        }
    }
    if !iter.tail().is_empty_list() {
        return Err(Exception::badarg_at(3, "not a proper list"));
    }
    Ok(Term::tuple(items))
}

/// `:erlang.append_element/2`.
pub(super) fn append_element(args: &[Term]) -> Res {
    args!(args, tuple, value);
    let mut items = tuple_arg(tuple, 1)?.to_vec();
    items.push(value.clone());
    Ok(Term::tuple(items))
}

/// `:erlang.delete_element/2`.
pub(super) fn delete_element(args: &[Term]) -> Res {
    args!(args, index, tuple);
    let items = tuple_arg(tuple, 2)?;
    let i = position(index, items.len())?;
    let mut items = items.to_vec();
    items.remove(i - 1);
    Ok(Term::tuple(items))
}

/// `:erlang.insert_element/3`.
pub(super) fn insert_element(args: &[Term]) -> Res {
    args!(args, index, tuple, value);
    let items = tuple_arg(tuple, 2)?;
    let i = position(index, items.len() + 1)?;
    let mut items = items.to_vec();
    items.insert(i - 1, value.clone());
    Ok(Term::tuple(items))
}

/// `:erlang.tuple_to_list/1`.
pub(super) fn tuple_to_list(args: &[Term]) -> Res {
    args!(args, tuple);
    Ok(Term::list(tuple_arg(tuple, 1)?.to_vec()))
}

/// `:erlang.list_to_tuple/1`.
pub(super) fn list_to_tuple(args: &[Term]) -> Res {
    args!(args, list);
    list.list_to_vec()
        .map(Term::tuple)
        .ok_or_else(|| Exception::badarg_at(1, "not a list"))
}

/// `:erlang.length/1`.
pub(super) fn length(args: &[Term]) -> Res {
    args!(args, list);
    list.list_len()
        .map(|n| Term::Int(n as i64))
        .ok_or_else(|| Exception::badarg_at(1, "not a list"))
}

pub(super) fn hd(args: &[Term]) -> Res {
    args!(args, list);
    list.head_tail()
        .map(|(h, _)| h.clone())
        .ok_or_else(|| Exception::badarg_at(1, "not a nonempty list"))
}

pub(super) fn tl(args: &[Term]) -> Res {
    args!(args, list);
    list.head_tail()
        .map(|(_, t)| t.clone())
        .ok_or_else(|| Exception::badarg_at(1, "not a nonempty list"))
}

/// `left ++ right`: the left side must be a proper list.
pub(super) fn append(args: &[Term]) -> Res {
    args!(args, left, right);
    let items = left.list_to_vec().ok_or_else(Exception::badarg)?;
    check_items(items.len() as u128)?;
    Ok(Term::improper_list(items, right.clone()))
}

/// Counts of each term (exact equality), for `--` without quadratic work.
pub(super) type Counts = HashMap<Term, usize, BuildHasherDefault<Fnv>>;

/// `left -- right`: for each element of `right`, the first equal (`===`)
/// element of `left` goes. Linear: the right side is counted first.
pub(super) fn subtract_vecs(left: Vec<Term>, right: &[Term]) -> Vec<Term> {
    if right.is_empty() {
        return left;
    }
    let mut counts = Counts::default();
    for item in right {
        *counts.entry(item.clone()).or_insert(0) += 1;
    }
    left.into_iter()
        .filter(|item| match counts.get_mut(item) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

/// `:erlang.--/2`.
pub(super) fn subtract(args: &[Term]) -> Res {
    args!(args, left, right);
    let (Some(l), Some(r)) = (left.list_to_vec(), right.list_to_vec()) else {
        return Err(Exception::badarg());
    };
    Ok(Term::list(subtract_vecs(l, &r)))
}

pub(super) fn is_map_key(args: &[Term]) -> Res {
    args!(args, key, map);
    let map = map.as_map().ok_or_else(|| Exception::badmap(map.clone()))?;
    Ok(boolean(map.contains_key(key)))
}

pub(super) fn map_get(args: &[Term]) -> Res {
    args!(args, key, map);
    let m = map.as_map().ok_or_else(|| Exception::badmap(map.clone()))?;
    m.get(key)
        .cloned()
        .ok_or_else(|| Exception::badkey(key.clone(), map.clone()))
}

pub(super) fn map_size(args: &[Term]) -> Res {
    args!(args, map);
    let m = map.as_map().ok_or_else(|| Exception::badmap(map.clone()))?;
    Ok(Term::Int(m.len() as i64))
}

fn bool_arg(term: &Term) -> Res<bool> {
    match term.as_atom() {
        Some("true") => Ok(true),
        Some("false") => Ok(false),
        _ => Err(Exception::badarg()),
    }
}

pub(super) fn not(args: &[Term]) -> Res {
    args!(args, a);
    Ok(boolean(!bool_arg(a)?))
}

pub(super) fn and(args: &[Term]) -> Res {
    args!(args, a, b);
    let (a, b) = (bool_arg(a)?, bool_arg(b)?);
    Ok(boolean(a && b))
}

pub(super) fn or(args: &[Term]) -> Res {
    args!(args, a, b);
    let (a, b) = (bool_arg(a)?, bool_arg(b)?);
    Ok(boolean(a || b))
}

pub(super) fn xor(args: &[Term]) -> Res {
    args!(args, a, b);
    let (a, b) = (bool_arg(a)?, bool_arg(b)?);
    Ok(boolean(a ^ b))
}

fn cmp_with(args: &[Term], test: fn(Ordering) -> bool) -> Res {
    args!(args, a, b);
    Ok(boolean(test(compare(a, b))))
}

pub(super) fn eq(args: &[Term]) -> Res {
    cmp_with(args, Ordering::is_eq)
}

pub(super) fn ne(args: &[Term]) -> Res {
    cmp_with(args, Ordering::is_ne)
}

pub(super) fn lt(args: &[Term]) -> Res {
    cmp_with(args, Ordering::is_lt)
}

pub(super) fn gt(args: &[Term]) -> Res {
    cmp_with(args, Ordering::is_gt)
}

pub(super) fn le(args: &[Term]) -> Res {
    cmp_with(args, Ordering::is_le)
}

pub(super) fn ge(args: &[Term]) -> Res {
    cmp_with(args, Ordering::is_ge)
}

pub(super) fn exact_eq(args: &[Term]) -> Res {
    args!(args, a, b);
    Ok(boolean(a == b))
}

pub(super) fn exact_ne(args: &[Term]) -> Res {
    args!(args, a, b);
    Ok(boolean(a != b))
}

fn test1(args: &[Term], test: fn(&Term) -> bool) -> Res {
    args!(args, a);
    Ok(boolean(test(a)))
}

pub(super) fn is_atom(args: &[Term]) -> Res {
    test1(args, |t| matches!(t, Term::Atom(_)))
}

pub(super) fn is_binary(args: &[Term]) -> Res {
    test1(args, |t| matches!(t, Term::Binary(_)))
}

pub(super) fn is_boolean(args: &[Term]) -> Res {
    test1(args, |t| t.is_atom("true") || t.is_atom("false"))
}

pub(super) fn is_float(args: &[Term]) -> Res {
    test1(args, |t| matches!(t, Term::Float(_)))
}

pub(super) fn is_function(args: &[Term]) -> Res {
    test1(args, |t| matches!(t, Term::Fun(_)))
}

pub(super) fn is_function2(args: &[Term]) -> Res {
    args!(args, f, arity);
    match arity {
        Term::Int(n) if *n >= 0 => Ok(boolean(
            f.as_fun().is_some_and(|f| i64::from(f.arity()) == *n),
        )),
        Term::Int(_) | Term::BigInt(_) => Err(Exception::badarg_at(2, "out of range")),
        _ => Err(Exception::badarg_at(2, "not an integer")),
    }
}

pub(super) fn is_integer1(args: &[Term]) -> Res {
    test1(args, is_integer)
}

pub(super) fn is_list(args: &[Term]) -> Res {
    test1(args, Term::is_list)
}

pub(super) fn is_map(args: &[Term]) -> Res {
    test1(args, |t| matches!(t, Term::Map(_)))
}

pub(super) fn is_number(args: &[Term]) -> Res {
    test1(args, Term::is_number)
}

pub(super) fn is_pid(args: &[Term]) -> Res {
    test1(args, |t| matches!(t, Term::Pid(_)))
}

pub(super) fn is_port(args: &[Term]) -> Res {
    test1(args, |_| false)
}

pub(super) fn is_reference(args: &[Term]) -> Res {
    test1(args, |t| matches!(t, Term::Ref(_)))
}

pub(super) fn is_tuple(args: &[Term]) -> Res {
    test1(args, |t| matches!(t, Term::Tuple(..)))
}

pub(super) fn is_record2(args: &[Term]) -> Res {
    args!(args, term, tag);
    if tag.as_atom().is_none() {
        return Err(Exception::badarg_at(1, "not an atom"));
    }
    Ok(boolean(
        matches!(term.as_tuple(), Some([first, ..]) if first == tag),
    ))
}

pub(super) fn is_record3(args: &[Term]) -> Res {
    args!(args, term, tag, size);
    if tag.as_atom().is_none() {
        return Err(Exception::badarg_at(1, "not an atom"));
    }
    let Term::Int(n) = size else {
        return Err(Exception::badarg_at(3, "not an integer"));
    };
    Ok(boolean(
        matches!(term.as_tuple(), Some(items @ [first, ..]) if first == tag && items.len() as i64 == *n),
    ))
}

pub(super) fn phash2_1(args: &[Term]) -> Res {
    args!(args, term);
    Ok(Term::Int(i64::from(phash2(term))))
}

pub(super) fn phash2_2(args: &[Term]) -> Res {
    args!(args, term, range);
    match range {
        Term::Int(n) if (1..=1 << 32).contains(n) => Ok(Term::Int(i64::from(phash2_range(
            term,
            u32::try_from(*n).unwrap_or(0),
        )))),
        Term::Int(n) if *n < 1 => Err(Exception::badarg_at(1, "out of range")),
        Term::BigInt(b) if b.sign() == num_bigint::Sign::Minus => {
            Err(Exception::badarg_at(1, "out of range"))
        }
        Term::Int(_) | Term::BigInt(_) => Err(Exception::badarg()),
        _ => Err(Exception::badarg_at(1, "not an integer")),
    }
}
