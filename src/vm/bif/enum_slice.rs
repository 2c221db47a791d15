//! `Enum`'s slicing functions: `take`, `drop`, `split`, `slice/2,3`,
//! `take_every`, `drop_every` and `chunk_every/2,3,4`, with negative
//! indexes counted from the end as Elixir 1.14 counts them.

use super::enum_pure::{elements, elements_at};
use super::enumerable::{range_parts, slice_step};
use super::support::{args, check_items, no_clause, pair};
use super::Bif;
use crate::term::Term;
use crate::vm::exception::Res;
use std::collections::VecDeque;

const M: &str = "Elixir.Enum";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure(M, "take", 2, take),
    Bif::pure(M, "drop", 2, drop),
    Bif::pure(M, "split", 2, split),
    Bif::pure(M, "slice", 2, slice2),
    Bif::pure(M, "slice", 3, slice3),
    Bif::pure(M, "take_every", 2, take_every),
    Bif::pure(M, "drop_every", 2, drop_every),
    Bif::pure(M, "chunk_every", 2, chunk_every2),
    Bif::pure(M, "chunk_every", 3, chunk_every3),
    Bif::pure(M, "chunk_every", 4, chunk_every4),
];

fn amount(n: &Term, name: &str, args: &[Term]) -> Res<i64> {
    match n {
        Term::Int(i) => Ok(*i),
        _ => Err(no_clause(M, name, args)),
    }
}

/// Where `amount` splits `len` elements: from the front when
/// non-negative, from the back otherwise (clamped).
fn split_point(amount: i64, len: usize) -> usize {
    if amount >= 0 {
        usize::try_from(amount).unwrap_or(usize::MAX).min(len)
    } else {
        len.saturating_sub(usize::try_from(amount.unsigned_abs()).unwrap_or(usize::MAX))
    }
}

fn take(args: &[Term]) -> Res {
    args!(args, e, n);
    let n = amount(n, "take", args)?;
    let mut items = elements_at(e, (M, "take_list", 2))?;
    let at = split_point(n, items.len());
    Ok(Term::list(if n >= 0 {
        items.truncate(at);
        items
    } else {
        items.split_off(at)
    }))
}

/// The first `n` elements of an improper list and the rest; `None` when
/// the improper tail comes first (Elixir's walk then fails).
fn walk(list: &Term, n: i64) -> Option<(Vec<Term>, Term)> {
    let mut taken = Vec::new();
    let mut rest = list;
    for _ in 0..n {
        let (h, t) = rest.head_tail()?;
        taken.push(h.clone());
        rest = t;
    }
    Some((taken, rest.clone()))
}

fn drop(args: &[Term]) -> Res {
    args!(args, e, n);
    let n = amount(n, "drop", args)?;
    if e.is_list() && !e.is_proper_list() && n >= 0 {
        return walk(e, n)
            .map(|(_, rest)| rest)
            .ok_or_else(|| no_clause(M, "drop_list", &[Term::nil(), Term::nil()]));
    }
    let mut items = elements(e)?;
    let at = split_point(n, items.len());
    Ok(Term::list(if n >= 0 {
        items.split_off(at)
    } else {
        items.truncate(at);
        items
    }))
}

fn split(args: &[Term]) -> Res {
    args!(args, e, n);
    let n = amount(n, "split", args)?;
    if e.is_list() && !e.is_proper_list() && n >= 0 {
        return walk(e, n)
            .map(|(taken, rest)| pair(Term::list(taken), rest))
            .ok_or_else(|| no_clause(M, "split_list", &[Term::nil(), Term::nil(), Term::nil()]));
    }
    let mut items = elements(e)?;
    let at = split_point(n, items.len());
    let rest = items.split_off(at);
    Ok(pair(Term::list(items), Term::list(rest)))
}

/// Elements `first..=last` (negative ones counted from the end) every `step`.
fn slice_range(items: Vec<Term>, first: i64, last: i64, step: i64) -> Term {
    let count = items.len() as i64;
    let first = if first >= 0 {
        first
    } else {
        (first + count).max(0)
    };
    let last = if last >= 0 { last } else { last + count };
    if first >= count || last < first {
        return Term::EMPTY_LIST;
    }
    let last = last.min(count - 1);
    Term::list(
        items
            .into_iter()
            .skip(first as usize)
            .take(last.saturating_sub(first).saturating_add(1) as usize)
            .step_by(step.max(1) as usize)
            .collect(),
    )
}

fn slice2(args: &[Term]) -> Res {
    args!(args, e, range);
    let Some((first, last, step)) = range_parts(range) else {
        return Err(no_clause(M, "slice", args));
    };
    let step = slice_step("Enum.slice/2", range, (first, last, step))?;
    Ok(slice_range(
        elements_at(e, (M, "take_list", 2))?,
        first,
        last,
        step,
    ))
}

fn slice3(args: &[Term]) -> Res {
    args!(args, e, start, n);
    let (Term::Int(start), Term::Int(n)) = (start, n) else {
        return Err(no_clause(M, "slice", args));
    };
    if *n < 0 {
        return Err(no_clause(M, "slice", args));
    }
    if *n == 0 {
        return Ok(Term::EMPTY_LIST);
    }
    let items = elements_at(e, (M, "take_list", 2))?;
    let count = items.len() as i64;
    let start = if *start < 0 {
        (count + start).max(0)
    } else {
        *start
    };
    Ok(Term::list(
        items
            .into_iter()
            .skip(usize::try_from(start).unwrap_or(usize::MAX))
            .take(usize::try_from(*n).unwrap_or(usize::MAX))
            .collect(),
    ))
}

fn nth_arg(n: &Term, name: &str, args: &[Term]) -> Res<usize> {
    match n {
        Term::Int(k) if *k >= 0 => Ok(usize::try_from(*k).unwrap_or(usize::MAX)),
        _ => Err(no_clause(M, name, args)),
    }
}

fn take_every(args: &[Term]) -> Res {
    args!(args, e, n);
    let nth = nth_arg(n, "take_every", args)?;
    if nth == 0 {
        return Ok(Term::EMPTY_LIST);
    }
    if nth == 1 && e.is_list() {
        return Ok(e.clone());
    }
    Ok(Term::list(elements(e)?.into_iter().step_by(nth).collect()))
}

fn drop_every(args: &[Term]) -> Res {
    args!(args, e, n);
    let nth = nth_arg(n, "drop_every", args)?;
    if nth == 1 {
        return Ok(Term::EMPTY_LIST);
    }
    let items = elements(e)?;
    if nth == 0 {
        return Ok(Term::list(items));
    }
    Ok(Term::list(
        items
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % nth != 0)
            .map(|(_, x)| x)
            .collect(),
    ))
}

fn chunk_every2(args: &[Term]) -> Res {
    args!(args, e, count);
    chunk_every4(&[e.clone(), count.clone(), count.clone(), Term::EMPTY_LIST])
}

fn chunk_every3(args: &[Term]) -> Res {
    args!(args, e, count, step);
    chunk_every4(&[e.clone(), count.clone(), step.clone(), Term::EMPTY_LIST])
}

/// `Enum.chunk_every/4`, following Elixir's buffer: a chunk every
/// `count` elements kept, the buffer cut back by `step` past `max(count,
/// step)`, and a last short chunk padded from `leftover` (or dropped for
/// `:discard`).
fn chunk_every4(args: &[Term]) -> Res {
    args!(args, e, count, step, leftover);
    let (Term::Int(c @ 1..), Term::Int(s @ 1..)) = (count, step) else {
        return Err(no_clause(M, "chunk_every", args));
    };
    let (count, step) = (*c as usize, *s as usize);
    let limit = count.max(step);
    let mut buffer: VecDeque<Term> = VecDeque::new();
    let mut chunks = Vec::new();
    let mut total: u128 = 0;
    for item in elements(e)? {
        buffer.push_back(item);
        if buffer.len() == count {
            total += count as u128;
            check_items(total)?;
            chunks.push(Term::list(buffer.iter().cloned().collect()));
        }
        if buffer.len() >= limit {
            let remaining = buffer.len() - step;
            while buffer.len() > remaining {
                buffer.pop_front();
            }
        }
    }
    let discard = leftover.is_atom("discard");
    if !discard && !buffer.is_empty() && buffer.len() < count {
        let pad = super::enum_pure::elements(leftover)?;
        let mut last: Vec<Term> = buffer.into_iter().collect();
        let missing = count - last.len();
        last.extend(pad.into_iter().take(missing));
        chunks.push(Term::list(last));
    }
    Ok(Term::list(chunks))
}
