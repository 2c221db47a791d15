//! Erlang's `:lists` (the functions without a fun argument). Most of
//! `:lists` is Erlang code, so bad arguments raise a `FunctionClauseError`
//! in the clause that gave up, as on the BEAM; `member/2` and `keyfind/3`
//! are BIFs with OTP's error info.

use super::erlang_arith::add;
use super::erlang_convert::{charlist, int_text};
use super::erlang_float::scientific;
use super::erlang_terms::{append, subtract};
use super::support::{args, check_items, no_clause, pair};
use super::Bif;
use crate::term::{compare, Term};
use crate::vm::exception::{Exception, Res};
use std::cmp::Ordering;

const M: &str = "lists";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure(M, "reverse", 1, reverse1),
    Bif::pure(M, "reverse", 2, reverse2),
    Bif::pure(M, "sort", 1, sort),
    Bif::pure(M, "usort", 1, usort),
    Bif::pure(M, "nth", 2, nth),
    Bif::pure(M, "nthtail", 2, nthtail),
    Bif::pure(M, "member", 2, member),
    Bif::pure(M, "append", 1, append1),
    Bif::pure(M, "append", 2, append),
    Bif::pure(M, "flatten", 1, flatten1),
    Bif::pure(M, "flatten", 2, flatten2),
    Bif::pure(M, "seq", 2, seq2),
    Bif::pure(M, "seq", 3, seq3),
    Bif::pure(M, "sum", 1, sum),
    Bif::pure(M, "max", 1, max),
    Bif::pure(M, "min", 1, min),
    Bif::pure(M, "last", 1, last),
    Bif::pure(M, "droplast", 1, droplast),
    Bif::pure(M, "duplicate", 2, duplicate),
    Bif::pure(M, "zip", 2, zip),
    Bif::pure(M, "unzip", 1, unzip),
    Bif::pure(M, "delete", 2, delete),
    Bif::pure(M, "subtract", 2, subtract),
    Bif::pure(M, "split", 2, split),
    Bif::pure(M, "sublist", 2, sublist2),
    Bif::pure(M, "sublist", 3, sublist3),
    Bif::pure(M, "prefix", 2, prefix),
    Bif::pure(M, "suffix", 2, suffix),
    Bif::pure(M, "concat", 1, concat),
    Bif::pure(M, "merge", 2, merge),
];

fn clause(name: &str, args: &[Term]) -> Exception {
    no_clause(M, name, args)
}

/// The elements of a proper list, or a clause error in `name`.
fn proper(list: &Term, name: &str, args: &[Term]) -> Res<Vec<Term>> {
    list.list_to_vec().ok_or_else(|| clause(name, args))
}

fn reverse1(args: &[Term]) -> Res {
    args!(args, list);
    let mut items = proper(list, "reverse", args)?;
    items.reverse();
    Ok(Term::list(items))
}

/// `:lists.reverse/2`: the first list reversed onto the second.
pub(super) fn reverse2(args: &[Term]) -> Res {
    args!(args, list, tail);
    let mut items = list.list_to_vec().ok_or_else(Exception::badarg)?;
    items.reverse();
    Ok(Term::improper_list(items, tail.clone()))
}

/// Sorts by `==` order, keeping equal elements in their order.
pub(super) fn sort_terms(items: &mut [Term]) {
    items.sort_by(compare);
}

/// `:lists.sort/1` (`Enum.sort/1`), OTP's own algorithm.
pub(super) fn sort(args: &[Term]) -> Res {
    args!(args, list);
    proper(list, "sort", args)?;
    Ok(super::lists_sort::sort(list))
}

/// Sorted, with `==`-equal elements kept once (the first).
pub(super) fn usort_terms(mut items: Vec<Term>) -> Vec<Term> {
    sort_terms(&mut items);
    items.dedup_by(|b, a| compare(a, b) == Ordering::Equal);
    items
}

fn usort(args: &[Term]) -> Res {
    args!(args, list);
    Ok(Term::list(usort_terms(proper(list, "usort", args)?)))
}

/// Walks `n - 1` cells (for `nth`/`nthtail`); the clause error carries
/// the arguments of the call that gave up, as the BEAM's does.
fn walk<'a>(n: &Term, list: &'a Term, name: &str, args: &[Term]) -> Res<&'a Term> {
    let Term::Int(k) = n else {
        return Err(clause(name, args));
    };
    let mut k = *k;
    let mut rest = list;
    while k > 1 {
        match rest.head_tail() {
            Some((_, tail)) => rest = tail,
            None => return Err(clause(name, &[Term::Int(k), rest.clone()])),
        }
        k -= 1;
    }
    if k < 1 || rest.head_tail().is_none() {
        return Err(clause(name, &[Term::Int(k), rest.clone()]));
    }
    Ok(rest)
}

fn nth(args: &[Term]) -> Res {
    args!(args, n, list);
    let cell = walk(n, list, "nth", args)?;
    Ok(cell
        .head_tail()
        .map(|(h, _)| h.clone())
        .unwrap_or_else(Term::nil))
}

fn nthtail(args: &[Term]) -> Res {
    args!(args, n, list);
    if *n == Term::Int(0) && list.is_list() {
        return Ok(list.clone());
    }
    let cell = walk(n, list, "nthtail", args)?;
    Ok(cell
        .head_tail()
        .map(|(_, t)| t.clone())
        .unwrap_or_else(Term::nil))
}

/// `:lists.member/2`: exact equality.
pub(super) fn member(args: &[Term]) -> Res {
    args!(args, x, list);
    if !list.is_list() {
        return Err(Exception::badarg_at(2, "not a list"));
    }
    let mut iter = list.list_iter();
    if iter.by_ref().any(|item| item == x) {
        return Ok(Term::boolean(true));
    }
    if !iter.tail().is_empty_list() {
        return Err(Exception::badarg_at(2, "not a proper list"));
    }
    Ok(Term::boolean(false))
}

/// `:lists.append/1`: the lists joined; the last may be any term.
pub(super) fn append1(args: &[Term]) -> Res {
    args!(args, lists);
    let items = proper(lists, "append", args)?;
    let Some((last, init)) = items.split_last() else {
        return Ok(Term::EMPTY_LIST);
    };
    let mut out = Vec::new();
    for list in init {
        out.extend(list.list_to_vec().ok_or_else(Exception::badarg)?);
        check_items(out.len() as u128)?;
    }
    Ok(Term::improper_list(out, last.clone()))
}

/// Appends the elements of a deep list; `false` if some list in it is
/// improper. Recursion follows nesting only.
pub(super) fn flatten_into(list: &Term, out: &mut Vec<Term>) -> Res<bool> {
    let mut iter = list.list_iter();
    for item in iter.by_ref() {
        if item.is_list() {
            if !flatten_into(item, out)? {
                return Ok(false);
            }
        } else {
            out.push(item.clone());
            if out.len() > super::support::MAX_ITEMS {
                check_items(out.len() as u128)?;
            }
        }
    }
    Ok(iter.tail().is_empty_list())
}

fn flatten_with(list: &Term, tail: &Term, args: &[Term]) -> Res {
    if !list.is_list() || !tail.is_list() {
        return Err(clause("flatten", args));
    }
    let mut out = Vec::new();
    if !flatten_into(list, &mut out)? {
        return Err(clause("do_flatten", &[list.clone(), tail.clone()]));
    }
    Ok(Term::improper_list(out, tail.clone()))
}

/// `:lists.flatten/1` (`List.flatten/1`).
pub(super) fn flatten1(args: &[Term]) -> Res {
    args!(args, list);
    flatten_with(list, &Term::EMPTY_LIST, args)
}

/// `:lists.flatten/2` (`List.flatten/2`).
pub(super) fn flatten2(args: &[Term]) -> Res {
    args!(args, list, tail);
    flatten_with(list, tail, args)
}

fn seq_list(first: i64, count: i128, step: i64) -> Res {
    check_items(u128::try_from(count).unwrap_or(0))?;
    let (first, step) = (i128::from(first), i128::from(step));
    Ok(Term::list(
        (0..count)
            .map(|i| Term::from_i128(first + i * step))
            .collect(),
    ))
}

fn seq2(args: &[Term]) -> Res {
    args!(args, first, last);
    match (first, last) {
        (Term::Int(f), Term::Int(l)) if f.saturating_sub(1) <= *l => {
            let count = i128::from(*l) - i128::from(*f) + 1;
            check_items(u128::try_from(count).unwrap_or(0))?;
            seq_list(*f, count, 1)
        }
        _ => Err(clause("seq", args)),
    }
}

fn seq3(args: &[Term]) -> Res {
    args!(args, first, last, step);
    let (Term::Int(f), Term::Int(l), Term::Int(s)) = (first, last, step) else {
        let n = [first, last, step]
            .iter()
            .position(|t| !matches!(t, Term::Int(_)))
            .unwrap_or(0);
        return Err(Exception::badarg_at(n + 1, "not an integer"));
    };
    let (first, step) = (*f, *s);
    let (f, l, s) = (i128::from(*f), i128::from(*l), i128::from(*s));
    if (s > 0 && f - s <= l) || (s < 0 && f - s >= l) {
        let n = (l - f + s) / s;
        return seq_list(first, n, step);
    }
    if s == 0 && f == l {
        return Ok(Term::list(vec![Term::Int(first)]));
    }
    if f <= l {
        Err(Exception::badarg_at(3, "not a positive increment"))
    } else {
        Err(Exception::badarg_at(3, "not a negative increment"))
    }
}

fn sum(args: &[Term]) -> Res {
    args!(args, list);
    let mut acc = Term::Int(0);
    let mut iter = list.list_iter();
    for item in iter.by_ref() {
        acc = add(&[acc, item.clone()])?;
    }
    if !iter.tail().is_empty_list() {
        return Err(clause("sum", &[iter.tail().clone(), acc]));
    }
    Ok(acc)
}

fn extreme(args: &[Term], name: &str, better: Ordering) -> Res {
    args!(args, list);
    let items = proper(list, name, args)?;
    let mut iter = items.into_iter();
    let mut best = iter.next().ok_or_else(|| clause(name, args))?;
    for item in iter {
        if compare(&item, &best) == better {
            best = item;
        }
    }
    Ok(best)
}

fn max(args: &[Term]) -> Res {
    extreme(args, "max", Ordering::Greater)
}

fn min(args: &[Term]) -> Res {
    extreme(args, "min", Ordering::Less)
}

fn last(args: &[Term]) -> Res {
    args!(args, list);
    let items = proper(list, "last", args)?;
    items.last().cloned().ok_or_else(|| clause("last", args))
}

fn droplast(args: &[Term]) -> Res {
    args!(args, list);
    let mut items = proper(list, "droplast", args)?;
    if items.pop().is_none() {
        return Err(clause("droplast", args));
    }
    Ok(Term::list(items))
}

/// `:lists.duplicate/2`.
pub(super) fn duplicate(args: &[Term]) -> Res {
    args!(args, n, x);
    match n {
        Term::Int(k) if *k >= 0 => {
            check_items(*k as u128)?;
            Ok(Term::list(vec![x.clone(); *k as usize]))
        }
        _ => Err(clause("duplicate", args)),
    }
}

fn zip(args: &[Term]) -> Res {
    args!(args, a, b);
    let (Some(xs), Some(ys)) = (a.list_to_vec(), b.list_to_vec()) else {
        return Err(clause("zip", args));
    };
    if xs.len() != ys.len() {
        return Err(clause("zip", args));
    }
    Ok(Term::list(
        xs.into_iter().zip(ys).map(|(x, y)| pair(x, y)).collect(),
    ))
}

fn unzip(args: &[Term]) -> Res {
    args!(args, list);
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    let mut rest = list;
    loop {
        match rest.head_tail() {
            Some((item, tail)) => match item.as_tuple() {
                Some([x, y]) => {
                    xs.push(x.clone());
                    ys.push(y.clone());
                    rest = tail;
                }
                _ => break,
            },
            None if rest.is_empty_list() => return Ok(pair(Term::list(xs), Term::list(ys))),
            None => break,
        }
    }
    xs.reverse();
    ys.reverse();
    Err(clause(
        "unzip",
        &[rest.clone(), Term::list(xs), Term::list(ys)],
    ))
}

/// `:lists.delete/2`: the first exactly equal element goes.
pub(super) fn delete(args: &[Term]) -> Res {
    args!(args, x, list);
    let mut items = proper(list, "delete", args)?;
    if let Some(i) = items.iter().position(|item| item == x) {
        items.remove(i);
    }
    Ok(Term::list(items))
}

fn split(args: &[Term]) -> Res {
    args!(args, n, list);
    let (Term::Int(k), Some(mut items)) = (n, list.list_to_vec()) else {
        return Err(Exception::badarg());
    };
    if *k < 0 || *k as u64 > items.len() as u64 {
        return Err(Exception::badarg());
    }
    let rest = items.split_off(*k as usize);
    Ok(pair(Term::list(items), Term::list(rest)))
}

fn sublist2(args: &[Term]) -> Res {
    args!(args, list, len);
    let (Term::Int(n), Some(items)) = (len, list.list_to_vec()) else {
        return Err(clause("sublist", args));
    };
    let n = usize::try_from(*n).map_err(|_| clause("sublist_2", args))?;
    Ok(Term::list(items.into_iter().take(n).collect()))
}

fn sublist3(args: &[Term]) -> Res {
    args!(args, list, start, len);
    let (Term::Int(s), Term::Int(n), Some(items)) = (start, len, list.list_to_vec()) else {
        return Err(clause("sublist", args));
    };
    if *s < 1 || *n < 0 {
        return Err(clause("sublist", args));
    }
    Ok(Term::list(
        items
            .into_iter()
            .skip(*s as usize - 1)
            .take(*n as usize)
            .collect(),
    ))
}

fn prefix(args: &[Term]) -> Res {
    args!(args, pre, list);
    let (Some(p), Some(l)) = (pre.list_to_vec(), list.list_to_vec()) else {
        return Err(clause("prefix", args));
    };
    Ok(Term::boolean(
        l.len() >= p.len() && l.iter().zip(&p).all(|(a, b)| a == b),
    ))
}

fn suffix(args: &[Term]) -> Res {
    args!(args, suf, list);
    let (Some(s), Some(l)) = (suf.list_to_vec(), list.list_to_vec()) else {
        return Err(Exception::badarg_at(1, "not a list"));
    };
    Ok(Term::boolean(
        l.len() >= s.len()
            && l.get(l.len() - s.len()..)
                .is_some_and(|tail| tail == s.as_slice()),
    ))
}

fn concat(args: &[Term]) -> Res {
    args!(args, list);
    let items = proper(list, "concat", args)?;
    let mut out = Vec::new();
    for thing in &items {
        match thing {
            Term::Int(_) | Term::BigInt(_) => out.extend(
                charlist(&int_text(thing, 10).unwrap_or_default())
                    .list_to_vec()
                    .unwrap_or_default(),
            ),
            Term::Float(f) => out.extend(
                charlist(&scientific(*f, 20))
                    .list_to_vec()
                    .unwrap_or_default(),
            ),
            Term::Atom(a) => out.extend(charlist(a.as_str()).list_to_vec().unwrap_or_default()),
            Term::List(_) => out.extend(thing.list_to_vec().ok_or_else(Exception::badarg)?),
            _ => return Err(clause("thing_to_list", std::slice::from_ref(thing))),
        }
        check_items(out.len() as u128)?;
    }
    Ok(Term::list(out))
}

fn merge(args: &[Term]) -> Res {
    args!(args, a, b);
    let (Some(xs), Some(ys)) = (a.list_to_vec(), b.list_to_vec()) else {
        return Err(clause("merge", args));
    };
    let mut out = Vec::with_capacity(xs.len() + ys.len());
    let (mut i, mut j) = (xs.into_iter().peekable(), ys.into_iter().peekable());
    loop {
        let take_left = match (i.peek(), j.peek()) {
            (Some(x), Some(y)) => compare(x, y) != Ordering::Greater,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let next = if take_left { i.next() } else { j.next() };
        out.extend(next);
    }
    Ok(Term::list(out))
}
