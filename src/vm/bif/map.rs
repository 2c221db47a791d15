//! Elixir's `Map` (the functions without a fun argument). Several are
//! `:maps` under another name (`Map.fetch!/2` is `:maps.get/2`), so they
//! raise its errors; the rest raise `BadMapError` or `KeyError` as
//! Elixir's own code does.

use super::enumerable::{struct_name, to_vec};
use super::maps::{self, map_arg};
use super::support::{args, no_clause, pair};
use super::Bif;
use crate::term::{Map, Term};
use crate::vm::exception::{Exception, Res};

const M: &str = "Elixir.Map";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure(M, "get", 2, get2),
    Bif::pure(M, "get", 3, get3),
    Bif::pure(M, "put", 3, put),
    Bif::pure(M, "delete", 2, delete),
    Bif::pure(M, "keys", 1, maps::keys),
    Bif::pure(M, "values", 1, maps::values),
    Bif::pure(M, "merge", 2, maps::merge),
    Bif::pure(M, "to_list", 1, maps::to_list),
    Bif::pure(M, "has_key?", 2, has_key),
    Bif::pure(M, "fetch", 2, fetch),
    Bif::pure(M, "fetch!", 2, fetch_bang),
    Bif::pure(M, "replace!", 3, replace_bang),
    Bif::pure(M, "replace", 3, replace),
    Bif::pure(M, "put_new", 3, put_new),
    Bif::pure(M, "pop", 2, pop2),
    Bif::pure(M, "pop", 3, pop3),
    Bif::pure(M, "pop!", 2, pop_bang),
    Bif::pure(M, "take", 2, take),
    Bif::pure(M, "drop", 2, drop),
    Bif::pure(M, "split", 2, split),
    Bif::pure(M, "from_struct", 1, from_struct),
    Bif::pure(M, "new", 0, new0),
    Bif::pure(M, "new", 1, new1),
    Bif::pure(M, "equal?", 2, equal),
    Bif::pure(M, "from_keys", 2, maps::from_keys),
];

fn get2(args: &[Term]) -> Res {
    args!(args, map, key);
    get3(&[map.clone(), key.clone(), Term::nil()])
}

fn get3(args: &[Term]) -> Res {
    args!(args, map, key, default);
    Ok(map_arg(map)?
        .get(key)
        .cloned()
        .unwrap_or_else(|| default.clone()))
}

fn put(args: &[Term]) -> Res {
    args!(args, map, key, value);
    maps::put(&[key.clone(), value.clone(), map.clone()])
}

fn delete(args: &[Term]) -> Res {
    args!(args, map, key);
    maps::remove(&[key.clone(), map.clone()])
}

fn has_key(args: &[Term]) -> Res {
    args!(args, map, key);
    maps::is_key(&[key.clone(), map.clone()])
}

fn fetch(args: &[Term]) -> Res {
    args!(args, map, key);
    maps::find(&[key.clone(), map.clone()])
}

fn fetch_bang(args: &[Term]) -> Res {
    args!(args, map, key);
    maps::get2(&[key.clone(), map.clone()])
}

fn replace_bang(args: &[Term]) -> Res {
    args!(args, map, key, value);
    maps::update(&[key.clone(), value.clone(), map.clone()])
}

fn replace(args: &[Term]) -> Res {
    args!(args, map, key, value);
    let m = map_arg(map)?;
    Ok(if m.contains_key(key) {
        Term::Map(m.put(key.clone(), value.clone()))
    } else {
        map.clone()
    })
}

fn put_new(args: &[Term]) -> Res {
    args!(args, map, key, value);
    let m = map_arg(map)?;
    Ok(if m.contains_key(key) {
        map.clone()
    } else {
        Term::Map(m.put(key.clone(), value.clone()))
    })
}

fn pop2(args: &[Term]) -> Res {
    args!(args, map, key);
    pop3(&[map.clone(), key.clone(), Term::nil()])
}

fn pop3(args: &[Term]) -> Res {
    args!(args, map, key, default);
    let taken = maps::take(&[key.clone(), map.clone()])?;
    Ok(if taken.is_atom("error") {
        pair(default.clone(), map.clone())
    } else {
        taken
    })
}

fn pop_bang(args: &[Term]) -> Res {
    args!(args, map, key);
    let taken = maps::take(&[key.clone(), map.clone()])?;
    if taken.is_atom("error") {
        return Err(key_error(key, map));
    }
    Ok(taken)
}

/// `KeyError` with `key` and `term`, as `KeyError.exception/1` builds it.
pub(super) fn key_error(key: &Term, term: &Term) -> Exception {
    Exception::elixir(
        "KeyError",
        vec![
            ("key", key.clone()),
            ("term", term.clone()),
            ("message", Term::nil()),
        ],
    )
}

/// The keys argument of `take`/`drop`/`split`: a list, or (deprecated)
/// any enumerable.
fn keys_of(keys: &Term) -> Res<Vec<Term>> {
    match keys.list_to_vec() {
        Some(keys) => Ok(keys),
        None => to_vec(keys),
    }
}

fn take(args: &[Term]) -> Res {
    args!(args, map, keys);
    let m = map_arg(map)?;
    let keys = keys_of(keys)?;
    let mut out = Map::new();
    for k in keys {
        if let Some(v) = m.get(&k) {
            out.insert(k, v.clone());
        }
    }
    Ok(Term::Map(out))
}

fn drop(args: &[Term]) -> Res {
    args!(args, map, keys);
    let mut m = map_arg(map)?.clone();
    for k in keys_of(keys)? {
        m.remove_in_place(&k);
    }
    Ok(Term::Map(m))
}

fn split(args: &[Term]) -> Res {
    args!(args, map, keys);
    let mut rest = map_arg(map)?.clone();
    let mut taken = Map::new();
    for k in keys_of(keys)? {
        if let Some(v) = rest.remove_in_place(&k) {
            taken.insert(k, v);
        }
    }
    Ok(pair(Term::Map(taken), Term::Map(rest)))
}

fn from_struct(args: &[Term]) -> Res {
    args!(args, s);
    match (struct_name(s), s.as_map()) {
        (Some(_), Some(m)) => Ok(Term::Map(m.remove(&Term::atom("__struct__")))),
        _ => Err(no_clause(M, "from_struct", args)),
    }
}

fn new0(_: &[Term]) -> Res {
    Ok(Term::Map(Map::new()))
}

fn new1(args: &[Term]) -> Res {
    args!(args, enumerable);
    if enumerable.is_list() {
        return maps::from_list(args);
    }
    if enumerable.as_map().is_some() && struct_name(enumerable).is_none() {
        return Ok(enumerable.clone());
    }
    let items = to_vec(enumerable)?;
    maps::pairs_to_map(&items)
        .map(Term::Map)
        .ok_or_else(Exception::badarg)
}

fn equal(args: &[Term]) -> Res {
    args!(args, a, b);
    map_arg(a)?;
    map_arg(b)?;
    Ok(Term::boolean(a == b))
}
