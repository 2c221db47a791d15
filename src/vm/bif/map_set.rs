//! Elixir's `MapSet`: the struct `%MapSet{map: %{member => []}, version:
//! 2}`. Functions given anything but a MapSet raise a clause error, as
//! Elixir's pattern `%MapSet{}` does.

use super::enumerable::{map_set, map_set_members, to_vec};
use super::support::{args, no_clause};
use super::Bif;
use crate::term::{Map, Term};
use crate::vm::exception::Res;

const M: &str = "Elixir.MapSet";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure(M, "new", 0, new0),
    Bif::pure(M, "new", 1, new1),
    Bif::pure(M, "put", 2, put),
    Bif::pure(M, "delete", 2, delete),
    Bif::pure(M, "member?", 2, member),
    Bif::pure(M, "union", 2, union),
    Bif::pure(M, "intersection", 2, intersection),
    Bif::pure(M, "difference", 2, difference),
    Bif::pure(M, "symmetric_difference", 2, symmetric_difference),
    Bif::pure(M, "size", 1, size),
    Bif::pure(M, "to_list", 1, to_list),
    Bif::pure(M, "subset?", 2, subset),
    Bif::pure(M, "disjoint?", 2, disjoint),
    Bif::pure(M, "equal?", 2, equal),
];

fn set<'a>(term: &'a Term, name: &str, args: &[Term]) -> Res<&'a Map> {
    map_set_members(term).ok_or_else(|| no_clause(M, name, args))
}

fn from_members(members: Map) -> Term {
    map_set(members.keys().cloned().collect::<Vec<_>>())
}

fn new0(_: &[Term]) -> Res {
    Ok(map_set(Vec::new()))
}

fn new1(args: &[Term]) -> Res {
    args!(args, enumerable);
    if map_set_members(enumerable).is_some() {
        return Ok(enumerable.clone());
    }
    Ok(map_set(to_vec(enumerable)?))
}

fn put(args: &[Term]) -> Res {
    args!(args, s, value);
    let members = set(s, "put", args)?;
    Ok(from_members(members.put(value.clone(), Term::EMPTY_LIST)))
}

fn delete(args: &[Term]) -> Res {
    args!(args, s, value);
    let members = set(s, "delete", args)?;
    Ok(from_members(members.remove(value)))
}

fn member(args: &[Term]) -> Res {
    args!(args, s, value);
    Ok(Term::boolean(set(s, "member?", args)?.contains_key(value)))
}

fn two<'a>(args: &'a [Term], name: &str) -> Res<(&'a Map, &'a Map)> {
    args!(args, a, b);
    match (map_set_members(a), map_set_members(b)) {
        (Some(x), Some(y)) => Ok((x, y)),
        _ => Err(no_clause(M, name, args)),
    }
}

fn union(args: &[Term]) -> Res {
    let (a, b) = two(args, "union")?;
    let (big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let mut out = big.clone();
    for k in small.keys() {
        out.insert(k.clone(), Term::EMPTY_LIST);
    }
    Ok(from_members(out))
}

fn intersection(args: &[Term]) -> Res {
    let (a, b) = two(args, "intersection")?;
    let (big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    Ok(map_set(
        small
            .keys()
            .filter(|k| big.contains_key(k))
            .cloned()
            .collect::<Vec<_>>(),
    ))
}

fn difference(args: &[Term]) -> Res {
    let (a, b) = two(args, "difference")?;
    Ok(map_set(
        a.keys()
            .filter(|k| !b.contains_key(k))
            .cloned()
            .collect::<Vec<_>>(),
    ))
}

fn symmetric_difference(args: &[Term]) -> Res {
    let (a, b) = two(args, "symmetric_difference")?;
    let left = a.keys().filter(|k| !b.contains_key(k));
    let right = b.keys().filter(|k| !a.contains_key(k));
    Ok(map_set(left.chain(right).cloned().collect::<Vec<_>>()))
}

fn size(args: &[Term]) -> Res {
    args!(args, s);
    Ok(Term::Int(set(s, "size", args)?.len() as i64))
}

fn to_list(args: &[Term]) -> Res {
    args!(args, s);
    Ok(Term::list(
        set(s, "to_list", args)?.keys().cloned().collect(),
    ))
}

fn subset(args: &[Term]) -> Res {
    let (a, b) = two(args, "subset?")?;
    Ok(Term::boolean(
        a.len() <= b.len() && a.keys().all(|k| b.contains_key(k)),
    ))
}

fn disjoint(args: &[Term]) -> Res {
    let (a, b) = two(args, "disjoint?")?;
    let (big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    Ok(Term::boolean(!small.keys().any(|k| big.contains_key(k))))
}

fn equal(args: &[Term]) -> Res {
    let (a, b) = two(args, "equal?")?;
    Ok(Term::boolean(
        a.len() == b.len() && a.keys().all(|k| b.contains_key(k)),
    ))
}
