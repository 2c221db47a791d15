//! Elixir's `Keyword` (the functions without a fun argument). Keys must
//! be atoms (a clause error in `Keyword.fun/arity` otherwise); lookups
//! find the first entry, `put`/`delete` handle every duplicate.

use super::erlang_terms::Counts;
use super::lists::sort_terms;
use super::lists_keys::keyfind;
use super::map::key_error;
use super::support::{args, check_items, is_keyword, no_clause, ok, pair};
use super::Bif;
use crate::term::{inspect, Term};
use crate::vm::exception::{Exception, Res};
use std::collections::HashSet;

const M: &str = "Elixir.Keyword";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure(M, "get", 2, get2),
    Bif::pure(M, "get", 3, get3),
    Bif::pure(M, "put", 3, put),
    Bif::pure(M, "delete", 2, delete),
    Bif::pure(M, "delete_first", 2, delete_first),
    Bif::pure(M, "fetch", 2, fetch),
    Bif::pure(M, "fetch!", 2, fetch_bang),
    Bif::pure(M, "has_key?", 2, has_key),
    Bif::pure(M, "keys", 1, keys),
    Bif::pure(M, "values", 1, values),
    Bif::pure(M, "merge", 2, merge),
    Bif::pure(M, "take", 2, take),
    Bif::pure(M, "drop", 2, drop),
    Bif::pure(M, "new", 0, new0),
    Bif::pure(M, "new", 1, new1),
    Bif::pure(M, "put_new", 3, put_new),
    Bif::pure(M, "pop", 2, pop2),
    Bif::pure(M, "pop", 3, pop3),
    Bif::pure(M, "pop!", 2, pop_bang),
    Bif::pure(M, "pop_first", 2, pop_first2),
    Bif::pure(M, "pop_first", 3, pop_first3),
    Bif::pure(M, "get_values", 2, get_values),
    Bif::pure(M, "keyword?", 1, keyword),
    Bif::pure(M, "to_list", 1, to_list),
    Bif::pure(M, "split", 2, split),
    Bif::pure(M, "replace", 3, replace),
    Bif::pure(M, "replace!", 3, replace_bang),
    Bif::pure(M, "equal?", 2, equal),
];

/// The entries, after the guard `is_list(keywords) and is_atom(key)`.
fn entries(keywords: &Term, key: &Term, name: &str, args: &[Term]) -> Res<Vec<Term>> {
    if key.as_atom().is_none() || !keywords.is_list() {
        return Err(no_clause(M, name, args));
    }
    keywords
        .list_to_vec()
        .ok_or_else(|| no_clause(M, name, args))
}

/// The value of the first `{key, value}` entry (`:lists.keyfind/3`).
fn first(keywords: &Term, key: &Term) -> Res<Option<Term>> {
    let found = keyfind(&[key.clone(), Term::Int(1), keywords.clone()])?;
    Ok(match found.as_tuple() {
        Some([_, v]) => Some(v.clone()),
        _ => None,
    })
}

fn key_of(entry: &Term) -> Option<&Term> {
    match entry.as_tuple() {
        Some([k, _]) => Some(k),
        _ => None,
    }
}

fn get2(args: &[Term]) -> Res {
    args!(args, keywords, key);
    get3(&[keywords.clone(), key.clone(), Term::nil()])
}

fn get3(args: &[Term]) -> Res {
    args!(args, keywords, key, default);
    if key.as_atom().is_none() || !keywords.is_list() {
        return Err(no_clause(M, "get", args));
    }
    Ok(first(keywords, key)?.unwrap_or_else(|| default.clone()))
}

/// Every entry but those keyed `key` (Elixir's `delete_key/2`).
fn without(items: Vec<Term>, key: &Term) -> Res<Vec<Term>> {
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match key_of(item) {
            Some(k) if k == key => {}
            Some(_) => out.push(item.clone()),
            None => {
                let rest = Term::list(items.get(i..).unwrap_or_default().to_vec());
                return Err(no_clause(M, "delete_key", &[rest, key.clone()]));
            }
        }
    }
    Ok(out)
}

fn put(args: &[Term]) -> Res {
    args!(args, keywords, key, value);
    let items = entries(keywords, key, "put", args)?;
    let mut out = vec![pair(key.clone(), value.clone())];
    let has = items.iter().any(|i| key_of(i) == Some(key));
    out.extend(if has { without(items, key)? } else { items });
    Ok(Term::list(out))
}

fn delete(args: &[Term]) -> Res {
    args!(args, keywords, key);
    let items = entries(keywords, key, "delete", args)?;
    if !items.iter().any(|i| key_of(i) == Some(key)) {
        return Ok(keywords.clone());
    }
    Ok(Term::list(without(items, key)?))
}

fn delete_first(args: &[Term]) -> Res {
    args!(args, keywords, key);
    let mut items = entries(keywords, key, "delete_first", args)?;
    if let Some(i) = items.iter().position(|i| key_of(i) == Some(key)) {
        items.remove(i);
    }
    Ok(Term::list(items))
}

fn fetch(args: &[Term]) -> Res {
    args!(args, keywords, key);
    entries(keywords, key, "fetch", args)?;
    Ok(match first(keywords, key)? {
        Some(v) => ok(v),
        None => Term::atom("error"),
    })
}

fn fetch_bang(args: &[Term]) -> Res {
    args!(args, keywords, key);
    entries(keywords, key, "fetch!", args)?;
    first(keywords, key)?.ok_or_else(|| key_error(key, keywords))
}

fn has_key(args: &[Term]) -> Res {
    args!(args, keywords, key);
    entries(keywords, key, "has_key?", args)?;
    Ok(Term::boolean(first(keywords, key)?.is_some()))
}

fn not_keyword(element: &Term) -> Exception {
    Exception::argument(format!(
        "expected a keyword list, but an entry in the list is not a two-element tuple with an atom as its first element, got: {}",
        inspect(element)
    ))
}

fn keys(args: &[Term]) -> Res {
    args!(args, keywords);
    let items = keywords
        .list_to_vec()
        .ok_or_else(|| no_clause(M, "keys", args))?;
    let mut out = Vec::with_capacity(items.len());
    for item in &items {
        match key_of(item) {
            Some(k) if k.as_atom().is_some() => out.push(k.clone()),
            _ => return Err(not_keyword(item)),
        }
    }
    Ok(Term::list(out))
}

fn values(args: &[Term]) -> Res {
    args!(args, keywords);
    let items = keywords
        .list_to_vec()
        .ok_or_else(|| no_clause(M, "values", args))?;
    let mut out = Vec::with_capacity(items.len());
    for item in &items {
        match item.as_tuple() {
            Some([_, v]) => out.push(v.clone()),
            _ => return Err(no_clause(M, "-values/1-fun-0-", std::slice::from_ref(item))),
        }
    }
    Ok(Term::list(out))
}

/// The set of keys of a keyword list (exact equality).
fn key_set(items: &[Term]) -> HashSet<Term, std::hash::BuildHasherDefault<crate::term::Fnv>> {
    items.iter().filter_map(|i| key_of(i).cloned()).collect()
}

fn merge(args: &[Term]) -> Res {
    args!(args, a, b);
    let (Some(left), Some(right)) = (a.list_to_vec(), b.list_to_vec()) else {
        return Err(no_clause(M, "merge", args));
    };
    if right.is_empty() {
        return Ok(a.clone());
    }
    if left.is_empty() {
        return Ok(b.clone());
    }
    if !is_keyword(b) {
        return Err(Exception::argument(format!(
            "expected a keyword list as the second argument, got: {}",
            inspect(b)
        )));
    }
    let replaced = key_set(&right);
    let mut out = Vec::with_capacity(left.len() + right.len());
    for item in left {
        match key_of(&item) {
            Some(k) if k.as_atom().is_some() => {
                if !replaced.contains(k) {
                    out.push(item);
                }
            }
            _ => {
                return Err(Exception::argument(format!(
                    "expected a keyword list as the first argument, got: {}",
                    inspect(a)
                )))
            }
        }
    }
    out.extend(right);
    check_items(out.len() as u128)?;
    Ok(Term::list(out))
}

fn filter_keys(args: &[Term], name: &str, keep: bool) -> Res {
    args!(args, keywords, keys);
    let (Some(items), Some(keys)) = (keywords.list_to_vec(), keys.list_to_vec()) else {
        return Err(no_clause(M, name, args));
    };
    let wanted: HashSet<Term, std::hash::BuildHasherDefault<crate::term::Fnv>> =
        keys.into_iter().collect();
    let mut out = Vec::new();
    for item in items {
        let Some(k) = key_of(&item) else {
            return Err(no_clause(M, &format!("-{name}/2-fun-0-"), &[item]));
        };
        if wanted.contains(k) == keep {
            out.push(item);
        }
    }
    Ok(Term::list(out))
}

fn take(args: &[Term]) -> Res {
    filter_keys(args, "take", true)
}

fn drop(args: &[Term]) -> Res {
    filter_keys(args, "drop", false)
}

fn new0(_: &[Term]) -> Res {
    Ok(Term::EMPTY_LIST)
}

/// `Keyword.new/1`: the last entry of each key, in the order of last entries.
fn new1(args: &[Term]) -> Res {
    args!(args, pairs);
    let items = super::enumerable::to_vec(pairs)?;
    let mut seen: Counts = Counts::default();
    let mut out = Vec::new();
    for item in items.into_iter().rev() {
        let Some([k, v]) = item.as_tuple() else {
            return Err(Exception::badmatch(item));
        };
        if k.as_atom().is_none() {
            let acc = Term::list(out.iter().rev().cloned().collect());
            return Err(no_clause(M, "put_new", &[acc, k.clone(), v.clone()]));
        }
        if seen.insert(k.clone(), 1).is_none() {
            out.push(item.clone());
        }
    }
    out.reverse();
    Ok(Term::list(out))
}

fn put_new(args: &[Term]) -> Res {
    args!(args, keywords, key, value);
    entries(keywords, key, "put_new", args)?;
    Ok(match first(keywords, key)? {
        Some(_) => keywords.clone(),
        None => Term::cons(pair(key.clone(), value.clone()), keywords.clone()),
    })
}

fn pop2(args: &[Term]) -> Res {
    args!(args, keywords, key);
    pop3(&[keywords.clone(), key.clone(), Term::nil()])
}

fn pop3(args: &[Term]) -> Res {
    args!(args, keywords, key, default);
    let items = entries(keywords, key, "pop", args)?;
    Ok(match first(keywords, key)? {
        Some(v) => pair(v, Term::list(without(items, key)?)),
        None => pair(default.clone(), keywords.clone()),
    })
}

fn pop_bang(args: &[Term]) -> Res {
    args!(args, keywords, key);
    let items = entries(keywords, key, "pop!", args)?;
    match first(keywords, key)? {
        Some(v) => Ok(pair(v, Term::list(without(items, key)?))),
        None => Err(key_error(key, keywords)),
    }
}

fn pop_first2(args: &[Term]) -> Res {
    args!(args, keywords, key);
    pop_first3(&[keywords.clone(), key.clone(), Term::nil()])
}

fn pop_first3(args: &[Term]) -> Res {
    args!(args, keywords, key, default);
    let mut items = entries(keywords, key, "pop_first", args)?;
    let at = items
        .iter()
        .position(|i| matches!(i.as_tuple(), Some([k, _]) if crate::term::compare(k, key).is_eq()));
    Ok(match at {
        Some(i) => {
            let entry = items.remove(i);
            let value = entry
                .as_tuple()
                .and_then(|t| t.get(1))
                .cloned()
                .unwrap_or_else(Term::nil);
            pair(value, Term::list(items))
        }
        None => pair(default.clone(), keywords.clone()),
    })
}

fn get_values(args: &[Term]) -> Res {
    args!(args, keywords, key);
    let items = entries(keywords, key, "get_values", args)?;
    let mut out = Vec::new();
    for item in &items {
        match item.as_tuple() {
            Some([k, v]) if k == key => out.push(v.clone()),
            Some([_, _]) => {}
            _ => return Err(no_clause(M, "get_values", &[item.clone(), key.clone()])),
        }
    }
    Ok(Term::list(out))
}

fn keyword(args: &[Term]) -> Res {
    args!(args, term);
    Ok(Term::boolean(is_keyword(term)))
}

fn to_list(args: &[Term]) -> Res {
    args!(args, keywords);
    if keywords.is_list() {
        Ok(keywords.clone())
    } else {
        Err(no_clause(M, "to_list", args))
    }
}

fn split(args: &[Term]) -> Res {
    args!(args, keywords, keys);
    let (Some(items), Some(keys)) = (keywords.list_to_vec(), keys.list_to_vec()) else {
        return Err(no_clause(M, "split", args));
    };
    let wanted: HashSet<Term, std::hash::BuildHasherDefault<crate::term::Fnv>> =
        keys.into_iter().collect();
    let (mut taken, mut dropped) = (Vec::new(), Vec::new());
    for item in items {
        match key_of(&item) {
            Some(k) if wanted.contains(k) => taken.push(item),
            Some(_) => dropped.push(item),
            None => return Err(no_clause(M, "-split/2-fun-0-", &[item])),
        }
    }
    Ok(pair(Term::list(taken), Term::list(dropped)))
}

/// The entries with the first `key` replaced and later ones removed;
/// `None` when there is no such key.
fn replaced(items: Vec<Term>, key: &Term, value: &Term) -> Res<Option<Vec<Term>>> {
    let Some(at) = items.iter().position(|i| key_of(i) == Some(key)) else {
        return Ok(None);
    };
    let mut rest = items;
    let tail = rest.split_off(at + 1);
    rest.pop();
    rest.push(pair(key.clone(), value.clone()));
    rest.extend(without(tail, key)?);
    Ok(Some(rest))
}

fn replace(args: &[Term]) -> Res {
    args!(args, keywords, key, value);
    let items = entries(keywords, key, "replace", args)?;
    Ok(match replaced(items, key, value)? {
        Some(items) => Term::list(items),
        None => keywords.clone(),
    })
}

fn replace_bang(args: &[Term]) -> Res {
    args!(args, keywords, key, value);
    let items = entries(keywords, key, "replace!", args)?;
    match replaced(items, key, value)? {
        Some(items) => Ok(Term::list(items)),
        None => Err(key_error(key, keywords)),
    }
}

fn equal(args: &[Term]) -> Res {
    args!(args, a, b);
    let (Some(mut x), Some(mut y)) = (a.list_to_vec(), b.list_to_vec()) else {
        return Err(no_clause(M, "equal?", args));
    };
    sort_terms(&mut x);
    sort_terms(&mut y);
    Ok(Term::boolean(x == y))
}
