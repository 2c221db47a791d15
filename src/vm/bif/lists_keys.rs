//! The `key*` functions of `:lists` (`keyfind/3`, `keystore/4`,
//! `keysort/2`, ...): tuples looked up by one element, compared with `==`.

use super::support::{args, no_clause};
use super::Bif;
use crate::term::{compare, Term};
use crate::vm::exception::{Exception, Res};
use std::cmp::Ordering;

const M: &str = "lists";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure(M, "keyfind", 3, keyfind),
    Bif::pure(M, "keymember", 3, keymember),
    Bif::pure(M, "keystore", 4, keystore),
    Bif::pure(M, "keydelete", 3, keydelete),
    Bif::pure(M, "keyreplace", 4, keyreplace),
    Bif::pure(M, "keytake", 3, keytake),
    Bif::pure(M, "keysort", 2, keysort),
];

fn clause(name: &str, args: &[Term]) -> Exception {
    no_clause(M, name, args)
}

/// Element `n` (1-based) of a tuple, if it has one.
fn key_of(item: &Term, n: usize) -> Option<&Term> {
    item.as_tuple()?.get(n.checked_sub(1)?)
}

/// The position argument of the `key*` functions: a positive integer.
fn key_pos(n: &Term) -> Option<usize> {
    match n {
        Term::Int(i) if *i > 0 => usize::try_from(*i).ok(),
        _ => None,
    }
}

/// `:lists.keyfind/3`: the first tuple whose element `n` is `==` key.
pub(super) fn keyfind(args: &[Term]) -> Res {
    args!(args, key, n, list);
    let pos = match n {
        Term::Int(_) => key_pos(n).ok_or_else(|| Exception::badarg_at(2, "out of range"))?,
        _ => return Err(Exception::badarg_at(2, "not an integer")),
    };
    if !list.is_list() {
        return Err(Exception::badarg_at(3, "not a list"));
    }
    Ok(list
        .list_iter()
        .find(|item| key_of(item, pos).is_some_and(|k| compare(k, key).is_eq()))
        .cloned()
        .unwrap_or_else(|| Term::boolean(false)))
}

fn keymember(args: &[Term]) -> Res {
    let found = keyfind(args)?;
    Ok(Term::boolean(!found.is_atom("false")))
}

/// The index of the first tuple keyed `key` at `pos`, walking a proper
/// list (`None` when absent; `Err` when the list is improper).
fn key_index(list: &[Term], key: &Term, pos: usize) -> Option<usize> {
    list.iter()
        .position(|item| key_of(item, pos).is_some_and(|k| compare(k, key).is_eq()))
}

fn key_args(name: &str, n: &Term, list: &Term, args: &[Term]) -> Res<(usize, Vec<Term>)> {
    let pos = key_pos(n).ok_or_else(|| clause(name, args))?;
    let items = list.list_to_vec().ok_or_else(|| clause(name, args))?;
    Ok((pos, items))
}

/// `:lists.keystore/4`.
pub(super) fn keystore(args: &[Term]) -> Res {
    args!(args, key, n, list, new);
    if new.as_tuple().is_none() {
        return Err(clause("keystore", args));
    }
    let (pos, mut items) = key_args("keystore", n, list, args)?;
    match key_index(&items, key, pos) {
        Some(i) => {
            if let Some(slot) = items.get_mut(i) {
                *slot = new.clone();
            }
        }
        None => items.push(new.clone()),
    }
    Ok(Term::list(items))
}

/// `:lists.keydelete/3`.
pub(super) fn keydelete(args: &[Term]) -> Res {
    args!(args, key, n, list);
    let (pos, mut items) = key_args("keydelete", n, list, args)?;
    if let Some(i) = key_index(&items, key, pos) {
        items.remove(i);
    }
    Ok(Term::list(items))
}

/// `:lists.keyreplace/4`.
pub(super) fn keyreplace(args: &[Term]) -> Res {
    args!(args, key, n, list, new);
    if new.as_tuple().is_none() {
        return Err(clause("keyreplace", args));
    }
    let (pos, mut items) = key_args("keyreplace", n, list, args)?;
    if let Some(slot) = key_index(&items, key, pos).and_then(|i| items.get_mut(i)) {
        *slot = new.clone();
    }
    Ok(Term::list(items))
}

/// `:lists.keytake/3`: `{:value, tuple, rest}` or `false`.
pub(super) fn keytake(args: &[Term]) -> Res {
    args!(args, key, n, list);
    let (pos, mut items) = key_args("keytake", n, list, args)?;
    Ok(match key_index(&items, key, pos) {
        Some(i) => {
            let found = items.remove(i);
            Term::tuple([Term::atom("value"), found, Term::list(items)])
        }
        None => Term::boolean(false),
    })
}

/// `:lists.keysort/2`: stable, by element `n` in `==` order.
pub(super) fn keysort(args: &[Term]) -> Res {
    args!(args, n, list);
    let (pos, mut items) = key_args("keysort", n, list, args)?;
    if items.len() > 1 && items.iter().any(|t| key_of(t, pos).is_none()) {
        return Err(Exception::badarg());
    }
    items.sort_by(|a, b| match (key_of(a, pos), key_of(b, pos)) {
        (Some(x), Some(y)) => compare(x, y),
        _ => Ordering::Equal,
    });
    Ok(Term::list(items))
}
