//! Erlang's `:maps` (the functions without a fun argument): a non-map is
//! `{:badmap, term}` (`BadMapError`), a missing key `{:badkey, key, map}`
//! (`KeyError`), a bad key list OTP's "1st argument: not a list".

use super::support::{args, ok, pair};
use super::Bif;
use crate::term::{Map, Term};
use crate::vm::exception::{Exception, Res};

const M: &str = "maps";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure(M, "get", 2, get2),
    Bif::pure(M, "get", 3, get3),
    Bif::pure(M, "put", 3, put),
    Bif::pure(M, "remove", 2, remove),
    Bif::pure(M, "keys", 1, keys),
    Bif::pure(M, "values", 1, values),
    Bif::pure(M, "from_list", 1, from_list),
    Bif::pure(M, "to_list", 1, to_list),
    Bif::pure(M, "size", 1, size),
    Bif::pure(M, "is_key", 2, is_key),
    Bif::pure(M, "find", 2, find),
    Bif::pure(M, "merge", 2, merge),
    Bif::pure(M, "update", 3, update),
    Bif::pure(M, "with", 2, with),
    Bif::pure(M, "without", 2, without),
    Bif::pure(M, "new", 0, new),
    Bif::pure(M, "take", 2, take),
    Bif::pure(M, "from_keys", 2, from_keys),
];

/// The map, or `{:badmap, term}`.
pub(super) fn map_arg(term: &Term) -> Res<&Map> {
    term.as_map().ok_or_else(|| Exception::badmap(term.clone()))
}

/// `:maps.get/2` (`Map.fetch!/2`).
pub(super) fn get2(args: &[Term]) -> Res {
    args!(args, key, map);
    map_arg(map)?
        .get(key)
        .cloned()
        .ok_or_else(|| Exception::badkey(key.clone(), map.clone()))
}

fn get3(args: &[Term]) -> Res {
    args!(args, key, map, default);
    Ok(map_arg(map)?
        .get(key)
        .cloned()
        .unwrap_or_else(|| default.clone()))
}

/// `:maps.put/3`.
pub(super) fn put(args: &[Term]) -> Res {
    args!(args, key, value, map);
    Ok(Term::Map(map_arg(map)?.put(key.clone(), value.clone())))
}

/// `:maps.remove/2`.
pub(super) fn remove(args: &[Term]) -> Res {
    args!(args, key, map);
    Ok(Term::Map(map_arg(map)?.remove(key)))
}

/// `:maps.keys/1`.
pub(super) fn keys(args: &[Term]) -> Res {
    args!(args, map);
    Ok(Term::list(map_arg(map)?.keys().cloned().collect()))
}

/// `:maps.values/1`.
pub(super) fn values(args: &[Term]) -> Res {
    args!(args, map);
    Ok(Term::list(map_arg(map)?.values().cloned().collect()))
}

/// A map from `{key, value}` pairs, or `None` if one is not a pair.
pub(super) fn pairs_to_map<'a>(items: impl IntoIterator<Item = &'a Term>) -> Option<Map> {
    let mut map = Map::new();
    for item in items {
        match item.as_tuple() {
            Some([k, v]) => map.insert(k.clone(), v.clone()),
            _ => return None,
        }
    }
    Some(map)
}

/// `:maps.from_list/1`.
pub(super) fn from_list(args: &[Term]) -> Res {
    args!(args, list);
    if !list.is_list() {
        return Err(Exception::badarg_at(1, "not a list"));
    }
    if !list.is_proper_list() {
        return Err(Exception::badarg_at(1, "not a proper list"));
    }
    let map = pairs_to_map(list.list_iter()).ok_or_else(Exception::badarg)?;
    Ok(Term::Map(map))
}

/// `:maps.to_list/1`.
pub(super) fn to_list(args: &[Term]) -> Res {
    args!(args, map);
    Ok(Term::list(
        map_arg(map)?
            .iter()
            .map(|(k, v)| pair(k.clone(), v.clone()))
            .collect(),
    ))
}

fn size(args: &[Term]) -> Res {
    args!(args, map);
    Ok(Term::Int(map_arg(map)?.len() as i64))
}

/// `:maps.is_key/2`.
pub(super) fn is_key(args: &[Term]) -> Res {
    args!(args, key, map);
    Ok(Term::boolean(map_arg(map)?.contains_key(key)))
}

/// `:maps.find/2`.
pub(super) fn find(args: &[Term]) -> Res {
    args!(args, key, map);
    Ok(match map_arg(map)?.get(key) {
        Some(v) => ok(v.clone()),
        None => Term::atom("error"),
    })
}

/// `:maps.merge/2`: the second map's values win.
pub(super) fn merge(args: &[Term]) -> Res {
    args!(args, a, b);
    let (x, y) = (map_arg(a)?, map_arg(b)?);
    let (mut base, extra, right_wins) = if x.len() >= y.len() {
        (x.clone(), y, true)
    } else {
        (y.clone(), x, false)
    };
    for (k, v) in extra.iter() {
        if right_wins || !base.contains_key(k) {
            base.insert(k.clone(), v.clone());
        }
    }
    Ok(Term::Map(base))
}

/// `:maps.update/3` (`Map.replace!/3`).
pub(super) fn update(args: &[Term]) -> Res {
    args!(args, key, value, map);
    let m = map_arg(map)?;
    if !m.contains_key(key) {
        return Err(Exception::badkey(key.clone(), map.clone()));
    }
    Ok(Term::Map(m.put(key.clone(), value.clone())))
}

fn key_list(keys: &Term) -> Res<Vec<Term>> {
    keys.list_to_vec()
        .ok_or_else(|| Exception::badarg_at(1, "not a list"))
}

/// `:maps.with/2`.
pub(super) fn with(args: &[Term]) -> Res {
    args!(args, keys, map);
    let keys = key_list(keys)?;
    let m = map_arg(map)?;
    let mut out = Map::new();
    for k in keys {
        if let Some(v) = m.get(&k) {
            out.insert(k, v.clone());
        }
    }
    Ok(Term::Map(out))
}

/// `:maps.without/2`.
pub(super) fn without(args: &[Term]) -> Res {
    args!(args, keys, map);
    let keys = key_list(keys)?;
    let mut m = map_arg(map)?.clone();
    for k in &keys {
        m.remove_in_place(k);
    }
    Ok(Term::Map(m))
}

fn new(_: &[Term]) -> Res {
    Ok(Term::Map(Map::new()))
}

/// `:maps.take/2`: `{value, map without key}` or `:error`.
pub(super) fn take(args: &[Term]) -> Res {
    args!(args, key, map);
    let mut m = map_arg(map)?.clone();
    Ok(match m.remove_in_place(key) {
        Some(v) => pair(v, Term::Map(m)),
        None => Term::atom("error"),
    })
}

/// `:maps.from_keys/2`.
pub(super) fn from_keys(args: &[Term]) -> Res {
    args!(args, keys, value);
    let keys = key_list(keys)?;
    Ok(Term::Map(Map::from_pairs(
        keys.into_iter().map(|k| (k, value.clone())),
    )))
}
