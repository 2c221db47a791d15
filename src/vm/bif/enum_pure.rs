//! Elixir's `Enum`, the functions without a fun argument, over any
//! enumerable the natives know (lists, ranges, maps, MapSets; see
//! `enumerable`). Slicing (`take`, `drop`, `slice`, `chunk_every`, ...)
//! is in `enum_slice`.

use super::enumerable::{
    map_set, map_set_members, protocol_undefined, range_parts, struct_name, to_vec,
};
use super::erlang_arith::{add, mul};
use super::erlang_terms::{length, Counts};
use super::kernel_pure;
use super::lists::{self, sort_terms};
use super::support::{args, check_bytes, check_items, no_clause, ok, pair};
use super::Bif;
use crate::term::{compare, Map, Term};
use crate::vm::exception::{Exception, Res};
use std::cmp::Ordering;

const M: &str = "Elixir.Enum";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure(M, "count", 1, count),
    Bif::pure(M, "sum", 1, sum),
    Bif::pure(M, "product", 1, product),
    Bif::pure(M, "max", 1, max),
    Bif::pure(M, "min", 1, min),
    Bif::pure(M, "min_max", 1, min_max),
    Bif::pure(M, "sort", 1, sort),
    Bif::pure(M, "sort", 2, sort2),
    Bif::pure(M, "reverse", 1, reverse),
    Bif::pure(M, "reverse", 2, reverse2),
    Bif::pure(M, "member?", 2, member),
    Bif::pure(M, "at", 2, at2),
    Bif::pure(M, "at", 3, at3),
    Bif::pure(M, "fetch", 2, fetch),
    Bif::pure(M, "fetch!", 2, fetch_bang),
    Bif::pure(M, "uniq", 1, uniq),
    Bif::pure(M, "dedup", 1, dedup),
    Bif::pure(M, "zip", 1, zip1),
    Bif::pure(M, "zip", 2, zip2),
    Bif::pure(M, "unzip", 1, unzip),
    Bif::pure(M, "concat", 1, concat1),
    Bif::pure(M, "concat", 2, concat2),
    Bif::pure(M, "join", 1, join1),
    Bif::pure(M, "join", 2, join2),
    Bif::pure(M, "into", 2, into),
    Bif::pure(M, "with_index", 1, with_index1),
    Bif::pure(M, "with_index", 2, with_index2),
    Bif::pure(M, "frequencies", 1, frequencies),
    Bif::pure(M, "to_list", 1, to_list),
    Bif::pure(M, "empty?", 1, empty),
];

/// Where Elixir's code gives up on an improper list: the function whose
/// clause fails (module, name, arity).
pub(super) type Site = (&'static str, &'static str, usize);

/// The generic place: `Enumerable.List.reduce/3`.
pub(super) const REDUCE: Site = ("Elixir.Enumerable.List", "reduce", 3);

/// The elements of an enumerable; an improper list fails where Elixir's
/// generic `reduce` does.
pub(super) fn elements(term: &Term) -> Res<Vec<Term>> {
    elements_at(term, REDUCE)
}

/// The elements of an enumerable; an improper list raises a
/// `FunctionClauseError` in `site`, as the Elixir function does.
pub(super) fn elements_at(term: &Term, site: Site) -> Res<Vec<Term>> {
    if term.is_list() && !term.is_proper_list() {
        let (module, fun, arity) = site;
        return Err(no_clause(module, fun, &vec![Term::nil(); arity]));
    }
    to_vec(term)
}

fn count(args: &[Term]) -> Res {
    args!(args, e);
    if e.is_list() {
        return length(args);
    }
    if let Some((first, last, step)) = range_parts(e) {
        return Ok(Term::from_i128(super::enumerable::range_len(
            first, last, step,
        )));
    }
    if let Some(members) = map_set_members(e) {
        return Ok(Term::Int(members.len() as i64));
    }
    match e.as_map() {
        Some(m) if struct_name(e).is_none() => Ok(Term::Int(m.len() as i64)),
        _ => Err(protocol_undefined("Enumerable", e)),
    }
}

/// Folds `op(element, acc)` from `init`, as Elixir's `Enum.sum/1` does.
fn fold(args: &[Term], init: i64, op: fn(&[Term]) -> Res, site: Site) -> Res {
    args!(args, e);
    let mut acc = Term::Int(init);
    for item in elements_at(e, site)? {
        acc = op(&[item, acc])?;
    }
    Ok(acc)
}

fn sum(args: &[Term]) -> Res {
    args!(args, e);
    if let Some((first, last, step)) = range_parts(e) {
        // n·first + step·n·(n−1)/2, as Elixir sums a range without walking it.
        let n = num_bigint::BigInt::from(super::enumerable::range_len(first, last, step));
        let total = &n * first + num_bigint::BigInt::from(step) * &n * (&n - 1) / 2;
        return Ok(Term::from_bigint(total));
    }
    fold(args, 0, add, (M, "-sum/1-lists^foldl/2-0-", 3))
}

fn product(args: &[Term]) -> Res {
    fold(args, 1, mul, (M, "-product/1-lists^foldl/2-0-", 3))
}

fn empty_error() -> Exception {
    Exception::elixir(
        "Enum.EmptyError",
        vec![("message", Term::string("empty error"))],
    )
}

fn out_of_bounds() -> Exception {
    Exception::elixir(
        "Enum.OutOfBoundsError",
        vec![("message", Term::string("out of bounds error"))],
    )
}

/// The first element that no later one beats (`better` order).
fn best(items: Vec<Term>, better: Ordering) -> Res {
    let mut iter = items.into_iter();
    let mut top = iter.next().ok_or_else(empty_error)?;
    for item in iter {
        if compare(&item, &top) == better {
            top = item;
        }
    }
    Ok(top)
}

/// The smallest and largest element of a non-empty range.
fn range_bounds(e: &Term) -> Option<Res<(Term, Term)>> {
    let (first, last, step) = range_parts(e)?;
    let len = super::enumerable::range_len(first, last, step);
    if len == 0 {
        return Some(Err(empty_error()));
    }
    let end = Term::from_i128(i128::from(first) + (len - 1) * i128::from(step));
    let start = Term::Int(first);
    Some(Ok(if step > 0 { (start, end) } else { (end, start) }))
}

fn max(args: &[Term]) -> Res {
    args!(args, e);
    if let Some(bounds) = range_bounds(e) {
        return bounds.map(|(_, hi)| hi);
    }
    best(elements_at(e, ("lists", "max", 2))?, Ordering::Greater)
}

fn min(args: &[Term]) -> Res {
    args!(args, e);
    if let Some(bounds) = range_bounds(e) {
        return bounds.map(|(lo, _)| lo);
    }
    best(elements_at(e, ("lists", "min", 2))?, Ordering::Less)
}

fn min_max(args: &[Term]) -> Res {
    args!(args, e);
    let items = elements_at(e, (M, "-min_max/2-lists^foldl/2-0-", 3))?;
    let lo = best(items.clone(), Ordering::Less)?;
    let hi = best(items, Ordering::Greater)?;
    Ok(pair(lo, hi))
}

fn sort(args: &[Term]) -> Res {
    args!(args, e);
    if e.is_list() {
        return lists::sort(args);
    }
    let mut items = elements(e)?;
    sort_terms(&mut items);
    Ok(Term::list(items))
}

/// `Enum.sort/2` with `:asc` or `:desc` (a sorting function is Elixir code).
fn sort2(args: &[Term]) -> Res {
    args!(args, e, order);
    let mut items = elements_at(e, ("lists", "sort", 2))?;
    match order.as_atom() {
        Some("asc") => items.sort_by(compare),
        Some("desc") => items.sort_by(|a, b| compare(b, a)),
        _ => return Err(no_clause(M, "sort", args)),
    }
    Ok(Term::list(items))
}

fn reverse(args: &[Term]) -> Res {
    args!(args, e);
    let mut items = elements_at(e, (M, "-reverse/1-lists^foldl/2-0-", 3))?;
    items.reverse();
    Ok(Term::list(items))
}

fn reverse2(args: &[Term]) -> Res {
    args!(args, e, tail);
    let mut items = elements(e)?;
    items.reverse();
    Ok(Term::improper_list(items, tail.clone()))
}

fn member(args: &[Term]) -> Res {
    args!(args, e, x);
    if e.is_list() {
        return lists::member(&[x.clone(), e.clone()]);
    }
    if let Some((first, last, step)) = range_parts(e) {
        let Term::Int(v) = x else {
            return Ok(Term::boolean(false));
        };
        let inside = if step > 0 {
            first <= *v && *v <= last
        } else {
            last <= *v && *v <= first
        };
        let on_step = step != 0 && (i128::from(*v) - i128::from(first)) % i128::from(step) == 0;
        return Ok(Term::boolean(inside && on_step));
    }
    if let Some(members) = map_set_members(e) {
        return Ok(Term::boolean(members.contains_key(x)));
    }
    match e.as_map() {
        Some(m) if struct_name(e).is_none() => Ok(Term::boolean(match x.as_tuple() {
            Some([k, v]) => m.get(k) == Some(v),
            _ => false,
        })),
        _ => Err(protocol_undefined("Enumerable", e)),
    }
}

/// Element `index` of a range (negative counts from the end), without
/// expanding it; `None` when `e` is not a range.
fn range_nth(e: &Term, index: i64) -> Option<Option<Term>> {
    let (first, last, step) = range_parts(e)?;
    let len = super::enumerable::range_len(first, last, step);
    let i = if index < 0 {
        i128::from(index) + len
    } else {
        i128::from(index)
    };
    Some(
        (0..len)
            .contains(&i)
            .then(|| Term::from_i128(i128::from(first) + i * i128::from(step))),
    )
}

/// The element at `index` (negative counts from the end), if any.
fn nth(items: &[Term], index: i64) -> Option<&Term> {
    let i = if index < 0 {
        index.checked_add(items.len() as i64)?
    } else {
        index
    };
    items.get(usize::try_from(i).ok()?)
}

fn at2(args: &[Term]) -> Res {
    args!(args, e, index);
    at3(&[e.clone(), index.clone(), Term::nil()])
}

fn at3(args: &[Term]) -> Res {
    args!(args, e, index, default);
    let Term::Int(i) = index else {
        return Err(no_clause(M, "at", args));
    };
    if let Some(found) = range_nth(e, *i) {
        return Ok(found.unwrap_or_else(|| default.clone()));
    }
    Ok(nth(&elements_at(e, (M, "drop_list", 2))?, *i)
        .cloned()
        .unwrap_or_else(|| default.clone()))
}

fn fetch(args: &[Term]) -> Res {
    args!(args, e, index);
    let Term::Int(i) = index else {
        return Err(no_clause(M, "fetch", args));
    };
    if let Some(found) = range_nth(e, *i) {
        return Ok(found.map_or_else(|| Term::atom("error"), ok));
    }
    Ok(match nth(&elements_at(e, (M, "take_list", 2))?, *i) {
        Some(x) => ok(x.clone()),
        None => Term::atom("error"),
    })
}

fn fetch_bang(args: &[Term]) -> Res {
    args!(args, e, index);
    let Term::Int(i) = index else {
        return Err(no_clause(M, "fetch!", args));
    };
    if let Some(found) = range_nth(e, *i) {
        return found.ok_or_else(out_of_bounds);
    }
    nth(&elements_at(e, (M, "take_list", 2))?, *i)
        .cloned()
        .ok_or_else(out_of_bounds)
}

fn uniq(args: &[Term]) -> Res {
    args!(args, e);
    let mut seen = Counts::default();
    let items: Vec<Term> = elements_at(e, (M, "uniq_list", 3))?
        .into_iter()
        .filter(|x| seen.insert(x.clone(), 1).is_none())
        .collect();
    Ok(Term::list(items))
}

fn dedup(args: &[Term]) -> Res {
    args!(args, e);
    let mut items = elements_at(e, (M, "dedup_list", 2))?;
    items.dedup_by(|b, a| a == b);
    Ok(Term::list(items))
}

fn zip_lists(columns: Vec<Vec<Term>>) -> Term {
    let n = columns.iter().map(Vec::len).min().unwrap_or(0);
    let mut iters: Vec<_> = columns.into_iter().map(Vec::into_iter).collect();
    Term::list(
        (0..n)
            .map(|_| {
                Term::tuple(
                    iters
                        .iter_mut()
                        .filter_map(Iterator::next)
                        .collect::<Vec<_>>(),
                )
            })
            .collect(),
    )
}

fn zip1(args: &[Term]) -> Res {
    args!(args, e);
    let columns = elements(e)?
        .iter()
        .map(|c| elements_at(c, ("Elixir.Stream", "zip_list_heads_tails", 3)))
        .collect::<Res<Vec<_>>>()?;
    if columns.is_empty() {
        return Ok(Term::EMPTY_LIST);
    }
    Ok(zip_lists(columns))
}

fn zip2(args: &[Term]) -> Res {
    args!(args, a, b);
    Ok(zip_lists(vec![
        elements_at(a, (M, "zip_list", 3))?,
        elements_at(b, (M, "zip_list", 3))?,
    ]))
}

fn unzip(args: &[Term]) -> Res {
    args!(args, e);
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for item in elements_at(e, ("lists", "reverse", 1))? {
        match item.as_tuple() {
            Some([x, y]) => {
                xs.push(x.clone());
                ys.push(y.clone());
            }
            _ => {
                return Err(no_clause(
                    M,
                    "unzip",
                    &[
                        Term::list(vec![item.clone()]),
                        Term::list(xs),
                        Term::list(ys),
                    ],
                ))
            }
        }
    }
    Ok(pair(Term::list(xs), Term::list(ys)))
}

fn concat1(args: &[Term]) -> Res {
    args!(args, e);
    let mut out = Vec::new();
    for part in elements(e)? {
        if part.is_list() && !part.is_proper_list() {
            return Err(Exception::badarg());
        }
        out.extend(elements(&part)?);
        check_items(out.len() as u128)?;
    }
    Ok(Term::list(out))
}

fn concat2(args: &[Term]) -> Res {
    args!(args, a, b);
    if a.is_list() && !a.is_proper_list() {
        return Err(Exception::badarg());
    }
    let mut out = elements(a)?;
    out.extend(elements(b)?);
    check_items(out.len() as u128)?;
    Ok(Term::list(out))
}

fn join1(args: &[Term]) -> Res {
    args!(args, e);
    join2(&[e.clone(), Term::string("")])
}

fn join2(args: &[Term]) -> Res {
    args!(args, e, joiner);
    let Some(sep) = joiner.as_binary() else {
        return Err(no_clause(M, "join", args));
    };
    let mut out = Vec::new();
    for (i, item) in elements_at(e, (M, "-map/2-lists^map/1-0-", 2))?
        .iter()
        .enumerate()
    {
        if i > 0 {
            out.extend_from_slice(sep);
        }
        let text = kernel_pure::to_string(std::slice::from_ref(item))?;
        out.extend_from_slice(text.as_binary().unwrap_or_default());
        check_bytes(out.len() as u128)?;
    }
    Ok(Term::bytes_vec(out))
}

fn into(args: &[Term]) -> Res {
    args!(args, e, target);
    if target.is_empty_list() && e.is_list() {
        return Ok(e.clone());
    }
    if target.is_list() {
        let mut out = target
            .list_to_vec()
            .ok_or_else(|| protocol_undefined("Collectable", target))?;
        out.extend(elements(e)?);
        check_items(out.len() as u128)?;
        return Ok(Term::list(out));
    }
    if let Some(members) = map_set_members(target) {
        let mut out = members.clone();
        for x in elements(e)? {
            out.insert(x, Term::EMPTY_LIST);
        }
        return Ok(map_set(out.keys().cloned().collect::<Vec<_>>()));
    }
    if let Some(bytes) = target.as_binary() {
        let mut out = bytes.to_vec();
        for x in elements(e)? {
            match x.as_binary() {
                Some(b) => out.extend_from_slice(b),
                None => return Err(Exception::badarg()),
            }
            check_bytes(out.len() as u128)?;
        }
        return Ok(Term::bytes_vec(out));
    }
    match target.as_map() {
        Some(m) if struct_name(target).is_none() => {
            let mut out: Map = m.clone();
            for item in elements(e)? {
                match item.as_tuple() {
                    Some([k, v]) => out.insert(k.clone(), v.clone()),
                    _ => return Err(Exception::badarg()),
                }
            }
            Ok(Term::Map(out))
        }
        _ => Err(protocol_undefined("Collectable", target)),
    }
}

fn with_index1(args: &[Term]) -> Res {
    args!(args, e);
    with_index2(&[e.clone(), Term::Int(0)])
}

/// `Enum.with_index/2` with an integer offset (with a function it is
/// Elixir code).
fn with_index2(args: &[Term]) -> Res {
    args!(args, e, offset);
    let Term::Int(start) = offset else {
        return Err(no_clause(M, "with_index", args));
    };
    let items = elements_at(e, (M, "with_index_list", 2))?;
    Ok(Term::list(
        items
            .into_iter()
            .enumerate()
            .map(|(i, x)| pair(x, Term::from_i128(i128::from(*start) + i as i128)))
            .collect(),
    ))
}

fn frequencies(args: &[Term]) -> Res {
    args!(args, e);
    let mut counts = Map::new();
    for x in elements_at(e, (M, "-frequencies/1-lists^foldl/2-0-", 3))? {
        let n = counts.get(&x).and_then(Term::as_int).unwrap_or(0);
        counts.insert(x, Term::Int(n + 1));
    }
    Ok(Term::Map(counts))
}

fn to_list(args: &[Term]) -> Res {
    args!(args, e);
    if e.is_list() {
        return Ok(e.clone());
    }
    Ok(Term::list(elements(e)?))
}

fn empty(args: &[Term]) -> Res {
    args!(args, e);
    if e.is_list() {
        return Ok(Term::boolean(e.is_empty_list()));
    }
    let n = count(args)?;
    Ok(Term::boolean(n == Term::Int(0)))
}
