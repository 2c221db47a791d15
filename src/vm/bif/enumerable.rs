//! Enumerables as natives see them: lists, ranges (`%Range{}`), maps (as
//! `{key, value}` pairs, in key order) and MapSets (their members), turned
//! into element vectors, and the errors Elixir gives for anything else.

use crate::term::{inspect, Map, Term};
use crate::vm::exception::{exception_struct, Exception, Res};

/// The most elements a range or enumerable may expand to in one native
/// call (the BEAM would run out of memory long before a browser tab does).
pub const MAX_ELEMENTS: i128 = 10_000_000;

/// `first..last//step`.
pub fn range(first: i64, last: i64, step: i64) -> Term {
    Term::map([
        (Term::atom("__struct__"), Term::atom("Elixir.Range")),
        (Term::atom("first"), Term::Int(first)),
        (Term::atom("last"), Term::Int(last)),
        (Term::atom("step"), Term::Int(step)),
    ])
}

/// `(first, last, step)` of a range.
pub fn range_parts(term: &Term) -> Option<(i64, i64, i64)> {
    let map = term.as_map()?;
    if !map.get(&Term::atom("__struct__"))?.is_atom("Elixir.Range") {
        return None;
    }
    Some((
        map.get(&Term::atom("first"))?.as_int()?,
        map.get(&Term::atom("last"))?.as_int()?,
        map.get(&Term::atom("step"))?.as_int()?,
    ))
}

/// The step `Enum.slice/2` and `String.slice/2` (`who`) walk `range`
/// with: its own when positive, 1 for a decreasing range written without
/// a step (`5..1`, step -1); other negative steps are an `ArgumentError`.
pub fn slice_step(who: &str, range: &Term, (first, last, step): (i64, i64, i64)) -> Res<i64> {
    if step > 0 {
        Ok(step)
    } else if step == -1 && first > last {
        Ok(1)
    } else {
        Err(Exception::argument(format!(
            "{who} does not accept ranges with negative steps, got: {}",
            inspect(range)
        )))
    }
}

/// How many elements a range has.
pub fn range_len(first: i64, last: i64, step: i64) -> i128 {
    let (first, last, step) = (i128::from(first), i128::from(last), i128::from(step));
    if step == 0 || (step > 0 && first > last) || (step < 0 && first < last) {
        0
    } else {
        (last - first) / step + 1
    }
}

/// The struct module of a map, if it is a struct.
pub fn struct_name(term: &Term) -> Option<&'static str> {
    term.as_map()?.get(&Term::atom("__struct__"))?.as_atom()
}

/// The members of a MapSet (the keys of its `map` field).
pub fn map_set_members(term: &Term) -> Option<&Map> {
    if struct_name(term) != Some("Elixir.MapSet") {
        return None;
    }
    term.as_map()?.get(&Term::atom("map"))?.as_map()
}

/// A MapSet of `members`.
pub fn map_set(members: impl IntoIterator<Item = Term>) -> Term {
    let inner = Term::map(members.into_iter().map(|m| (m, Term::EMPTY_LIST)));
    Term::map([
        (Term::atom("__struct__"), Term::atom("Elixir.MapSet")),
        (Term::atom("map"), inner),
        (Term::atom("version"), Term::Int(2)),
    ])
}

/// The elements of an enumerable, in Elixir's order.
pub fn to_vec(term: &Term) -> Res<Vec<Term>> {
    if term.is_list() {
        return term.list_to_vec().ok_or_else(|| not_enumerable(term));
    }
    if let Some((first, last, step)) = range_parts(term) {
        let n = range_len(first, last, step);
        if n > MAX_ELEMENTS {
            return Err(Exception::system_limit(&format!(
                "the range {} has {n} elements, more than the simulation builds at once ({MAX_ELEMENTS})",
                inspect(term)
            )));
        }
        return Ok((0..n as i64).map(|i| Term::Int(first + i * step)).collect());
    }
    if let Some(members) = map_set_members(term) {
        return Ok(members.keys().cloned().collect());
    }
    if let Some(map) = term.as_map() {
        if struct_name(term).is_none() {
            return Ok(map
                .iter()
                .map(|(k, v)| Term::tuple([k.clone(), v.clone()]))
                .collect());
        }
    }
    Err(not_enumerable(term))
}

/// The type name Elixir uses in protocol errors.
pub fn type_name(term: &Term) -> &'static str {
    match term {
        Term::Int(_) | Term::BigInt(_) => "Integer",
        Term::Float(_) => "Float",
        Term::Atom(_) => "Atom",
        Term::Binary(_) => "BitString",
        Term::Tuple(..) => "Tuple",
        Term::List(_) => "List",
        Term::Map(_) => "Map",
        Term::Pid(_) => "PID",
        Term::Ref(_) => "Reference",
        Term::Fun(_) => "Function",
    }
}

/// `Protocol.UndefinedError` for `protocol` (`Enumerable`, `String.Chars`).
pub fn protocol_undefined(protocol: &str, value: &Term) -> Exception {
    let description = match struct_name(value) {
        Some(_) if value.as_map().is_some() => format!(
            "protocol {protocol} not implemented for {} of type {} (a struct)",
            inspect(value),
            inspect(&Term::atom(struct_name(value).unwrap_or("")))
        ),
        _ => format!(
            "protocol {protocol} not implemented for {} of type {}",
            inspect(value),
            type_name(value)
        ),
    };
    Exception::error(exception_struct(
        "Protocol.UndefinedError",
        vec![
            ("protocol", Term::atom(&format!("Elixir.{protocol}"))),
            ("value", value.clone()),
            ("description", Term::string("")),
            ("message", Term::string(&description)),
        ],
    ))
}

fn not_enumerable(term: &Term) -> Exception {
    protocol_undefined("Enumerable", term)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vm::exception::banner;

    #[test]
    fn enumerables_become_lists() {
        assert_eq!(
            to_vec(&range(1, 3, 1)).unwrap(),
            vec![Term::Int(1), Term::Int(2), Term::Int(3)]
        );
        assert_eq!(
            to_vec(&range(5, 1, -2)).unwrap(),
            vec![Term::Int(5), Term::Int(3), Term::Int(1)]
        );
        assert!(to_vec(&range(1, 0, 1)).unwrap().is_empty());
        let m = Term::map([
            (Term::atom("b"), Term::Int(2)),
            (Term::atom("a"), Term::Int(1)),
        ]);
        assert_eq!(
            to_vec(&m).unwrap(),
            vec![
                Term::tuple([Term::atom("a"), Term::Int(1)]),
                Term::tuple([Term::atom("b"), Term::Int(2)])
            ]
        );
        assert_eq!(
            to_vec(&map_set([Term::Int(2), Term::Int(1)])).unwrap(),
            vec![Term::Int(1), Term::Int(2)]
        );
        let err = to_vec(&Term::Int(1)).unwrap_err();
        assert_eq!(
            banner(&err),
            "** (Protocol.UndefinedError) protocol Enumerable not implemented for 1 of type Integer"
        );
    }
}
