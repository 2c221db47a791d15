//! `:queue`, OTP's functional double-ended queue, in OTP's own
//! representation `{rear_list, front_list}` (the front list in queue
//! order, the rear list reversed) and with OTP 25's rebalancing, so queues
//! built here equal those a BEAM builds. `filter/2` and `fold/3` take
//! functions and are not natives.

use super::support::{args, check_items, pair};
use super::Bif;
use crate::term::Term;
use crate::vm::exception::{Exception, Res};

const M: &str = "queue";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure(M, "new", 0, new),
    Bif::pure(M, "is_queue", 1, is_queue),
    Bif::pure(M, "is_empty", 1, is_empty),
    Bif::pure(M, "len", 1, len),
    Bif::pure(M, "to_list", 1, to_list),
    Bif::pure(M, "from_list", 1, from_list),
    Bif::pure(M, "member", 2, member),
    Bif::pure(M, "in", 2, in2),
    Bif::pure(M, "in_r", 2, in_r),
    Bif::pure(M, "out", 1, out),
    Bif::pure(M, "out_r", 1, out_r),
    Bif::pure(M, "get", 1, get),
    Bif::pure(M, "get_r", 1, get_r),
    Bif::pure(M, "peek", 1, peek),
    Bif::pure(M, "peek_r", 1, peek_r),
    Bif::pure(M, "drop", 1, drop),
    Bif::pure(M, "drop_r", 1, drop_r),
    Bif::pure(M, "reverse", 1, reverse),
    Bif::pure(M, "join", 2, join),
    Bif::pure(M, "split", 2, split),
    Bif::pure(M, "cons", 2, in_r),
    Bif::pure(M, "head", 1, get),
    Bif::pure(M, "tail", 1, drop),
    Bif::pure(M, "snoc", 2, snoc),
    Bif::pure(M, "last", 1, get_r),
    Bif::pure(M, "daeh", 1, get_r),
    Bif::pure(M, "init", 1, drop_r),
    Bif::pure(M, "liat", 1, drop_r),
];

/// A queue's two lists (rear reversed, front in order).
struct Q {
    rear: Vec<Term>,
    front: Vec<Term>,
}

impl Q {
    fn term(self) -> Term {
        pair(Term::list(self.rear), Term::list(self.front))
    }

    fn empty() -> Q {
        Q {
            rear: Vec::new(),
            front: Vec::new(),
        }
    }

    /// The same elements in the opposite order (`reverse/1`: the two
    /// lists trade places). Every operation at the rear is its twin at
    /// the front on the reversed queue.
    fn reversed(self) -> Q {
        Q {
            rear: self.front,
            front: self.rear,
        }
    }
}

/// The queue, or `badarg` (as `erlang:error(badarg, Args)`).
fn queue(t: &Term) -> Res<Q> {
    match t.as_tuple() {
        Some([r, f]) => match (r.list_to_vec(), f.list_to_vec()) {
            (Some(rear), Some(front)) => Ok(Q { rear, front }),
            _ => Err(Exception::badarg()),
        },
        _ => Err(Exception::badarg()),
    }
}

fn empty_error() -> Exception {
    Exception::error(Term::atom("empty"))
}

/// `r2f/1`: half of a rear list moved to the front.
fn r2f(mut list: Vec<Term>) -> Q {
    match list.len() {
        0 | 1 => Q {
            rear: Vec::new(),
            front: list,
        },
        2 => {
            let y = list.pop().unwrap_or_else(Term::nil);
            Q {
                rear: list,
                front: vec![y],
            }
        }
        n => {
            let rr = list.split_off(n / 2);
            Q {
                rear: list,
                front: rr.into_iter().rev().collect(),
            }
        }
    }
}

/// `f2r/1`: half of a front list moved to the rear.
fn f2r(list: Vec<Term>) -> Q {
    r2f(list).reversed()
}

fn new(_: &[Term]) -> Res {
    Ok(Q::empty().term())
}

fn is_queue(args: &[Term]) -> Res {
    args!(args, q);
    Ok(Term::boolean(
        matches!(q.as_tuple(), Some([r, f]) if r.is_list() && f.is_list()),
    ))
}

fn is_empty(args: &[Term]) -> Res {
    args!(args, q);
    let q = queue(q)?;
    Ok(Term::boolean(q.rear.is_empty() && q.front.is_empty()))
}

fn len(args: &[Term]) -> Res {
    args!(args, q);
    let q = queue(q)?;
    Ok(Term::Int((q.rear.len() + q.front.len()) as i64))
}

fn to_list(args: &[Term]) -> Res {
    args!(args, q);
    let Q { rear, mut front } = queue(q)?;
    front.extend(rear.into_iter().rev());
    Ok(Term::list(front))
}

fn from_list(args: &[Term]) -> Res {
    args!(args, l);
    let items = l.list_to_vec().ok_or_else(Exception::badarg)?;
    Ok(f2r(items).term())
}

fn member(args: &[Term]) -> Res {
    args!(args, x, q);
    let q = queue(q)?;
    Ok(Term::boolean(
        q.rear.iter().chain(q.front.iter()).any(|y| y == x),
    ))
}

/// The two lists of a queue, unconverted (`badarg` unless both are lists).
fn lists(t: &Term) -> Res<(&Term, &Term)> {
    match t.as_tuple() {
        Some([r, f]) if r.is_list() && f.is_list() => Ok((r, f)),
        _ => Err(Exception::badarg()),
    }
}

/// True for a list of exactly one element.
fn single(l: &Term) -> bool {
    matches!(l.head_tail(), Some((_, t)) if t.is_empty_list())
}

/// `in/2`: the element goes onto the rear list (in constant time).
fn in2(args: &[Term]) -> Res {
    args!(args, x, q);
    let (rear, front) = lists(q)?;
    if front.is_empty_list() && single(rear) {
        return Ok(pair(Term::list(vec![x.clone()]), rear.clone()));
    }
    Ok(pair(Term::cons(x.clone(), rear.clone()), front.clone()))
}

fn snoc(args: &[Term]) -> Res {
    args!(args, q, x);
    in2(&[x.clone(), q.clone()])
}

/// `in_r/2`: the element goes onto the front list (in constant time).
fn in_r(args: &[Term]) -> Res {
    args!(args, x, q);
    let (rear, front) = lists(q)?;
    if rear.is_empty_list() && single(front) {
        return Ok(pair(front.clone(), Term::list(vec![x.clone()])));
    }
    Ok(pair(rear.clone(), Term::cons(x.clone(), front.clone())))
}

/// The common case of `out/1` and `drop/1`: a front list of two or more
/// elements loses its head, in constant time.
fn quick_front(q: &Term) -> Res<Option<(Term, Term)>> {
    let (rear, front) = lists(q)?;
    Ok(match front.head_tail() {
        Some((v, rest)) if !rest.is_empty_list() && rest.is_list() => {
            Some((v.clone(), pair(rear.clone(), rest.clone())))
        }
        _ => None,
    })
}

/// The same at the rear (`out_r/1`, `drop_r/1`).
fn quick_rear(q: &Term) -> Res<Option<(Term, Term)>> {
    let (rear, front) = lists(q)?;
    Ok(match rear.head_tail() {
        Some((v, rest)) if !rest.is_empty_list() && rest.is_list() => {
            Some((v.clone(), pair(rest.clone(), front.clone())))
        }
        _ => None,
    })
}

fn value(v: Term) -> Term {
    pair(Term::atom("value"), v)
}

/// The first element and the rest, as `out/1` rebalances.
fn take_front(q: Q) -> Option<(Term, Q)> {
    let Q { rear, mut front } = q;
    if front.is_empty() {
        let mut rest = rear.into_iter();
        let y = rest.next()?;
        let mut reversed: Vec<Term> = rest.collect();
        if reversed.is_empty() {
            return Some((y, Q::empty()));
        }
        reversed.reverse();
        let v = reversed.remove(0);
        return Some((
            v,
            Q {
                rear: vec![y],
                front: reversed,
            },
        ));
    }
    let v = front.remove(0);
    if front.is_empty() {
        return Some((v, r2f(rear)));
    }
    Some((v, Q { rear, front }))
}

/// The last element and the rest, as `out_r/1` rebalances.
fn take_rear(q: Q) -> Option<(Term, Q)> {
    take_front(q.reversed()).map(|(v, rest)| (v, rest.reversed()))
}

fn out(args: &[Term]) -> Res {
    args!(args, q);
    if let Some((v, rest)) = quick_front(q)? {
        return Ok(pair(value(v), rest));
    }
    Ok(match take_front(queue(q)?) {
        Some((v, rest)) => pair(value(v), rest.term()),
        None => pair(Term::atom("empty"), q.clone()),
    })
}

fn out_r(args: &[Term]) -> Res {
    args!(args, q);
    if let Some((v, rest)) = quick_rear(q)? {
        return Ok(pair(value(v), rest));
    }
    Ok(match take_rear(queue(q)?) {
        Some((v, rest)) => pair(value(v), rest.term()),
        None => pair(Term::atom("empty"), q.clone()),
    })
}

/// The first element without rebalancing.
fn first(q: &Q) -> Option<Term> {
    q.front.first().or_else(|| q.rear.last()).cloned()
}

/// The last element without rebalancing.
fn last(q: &Q) -> Option<Term> {
    q.rear.first().or_else(|| q.front.last()).cloned()
}

fn get(args: &[Term]) -> Res {
    args!(args, q);
    if let Some((v, _)) = lists(q)?.1.head_tail() {
        return Ok(v.clone());
    }
    first(&queue(q)?).ok_or_else(empty_error)
}

fn get_r(args: &[Term]) -> Res {
    args!(args, q);
    if let Some((v, _)) = lists(q)?.0.head_tail() {
        return Ok(v.clone());
    }
    last(&queue(q)?).ok_or_else(empty_error)
}

fn peek(args: &[Term]) -> Res {
    args!(args, q);
    if let Some((v, _)) = lists(q)?.1.head_tail() {
        return Ok(value(v.clone()));
    }
    Ok(first(&queue(q)?).map_or_else(|| Term::atom("empty"), value))
}

fn peek_r(args: &[Term]) -> Res {
    args!(args, q);
    if let Some((v, _)) = lists(q)?.0.head_tail() {
        return Ok(value(v.clone()));
    }
    Ok(last(&queue(q)?).map_or_else(|| Term::atom("empty"), value))
}

fn drop(args: &[Term]) -> Res {
    args!(args, q);
    if let Some((_, rest)) = quick_front(q)? {
        return Ok(rest);
    }
    take_front(queue(q)?)
        .map(|(_, rest)| rest.term())
        .ok_or_else(empty_error)
}

fn drop_r(args: &[Term]) -> Res {
    args!(args, q);
    if let Some((_, rest)) = quick_rear(q)? {
        return Ok(rest);
    }
    take_rear(queue(q)?)
        .map(|(_, rest)| rest.term())
        .ok_or_else(empty_error)
}

fn reverse(args: &[Term]) -> Res {
    args!(args, q);
    Ok(queue(q)?.reversed().term())
}

fn join(args: &[Term]) -> Res {
    args!(args, a, b);
    let (qa, qb) = (queue(a)?, queue(b)?);
    if qb.rear.is_empty() && qb.front.is_empty() {
        return Ok(a.clone());
    }
    if qa.rear.is_empty() && qa.front.is_empty() {
        return Ok(b.clone());
    }
    let mut front = qa.front;
    front.extend(qa.rear.into_iter().rev());
    front.extend(qb.front);
    check_items(front.len() as u128 + qb.rear.len() as u128)?;
    Ok(Q {
        rear: qb.rear,
        front,
    }
    .term())
}

fn split(args: &[Term]) -> Res {
    args!(args, n, q);
    let whole = queue(q)?;
    let n = match n {
        Term::Int(n) if *n >= 0 => *n as usize,
        _ => return Err(Exception::badarg()),
    };
    if n == 0 {
        return Ok(pair(Q::empty().term(), q.clone()));
    }
    let Q {
        mut rear,
        mut front,
    } = whole;
    let lf = front.len();
    if n < lf {
        // The first n of the front become the first queue (its rear is
        // built reversed, one element kept in its front).
        let rest = front.split_off(n);
        let mut moved = front.into_iter();
        let x = moved.next().unwrap_or_else(Term::nil);
        let mut r2: Vec<Term> = moved.collect();
        r2.reverse();
        return Ok(pair(
            Q {
                rear: r2,
                front: vec![x],
            }
            .term(),
            Q { rear, front: rest }.term(),
        ));
    }
    if n > lf {
        let lr = rear.len();
        let Some(m) = lr.checked_sub(n - lf) else {
            return Err(Exception::badarg());
        };
        if m == 0 {
            return Ok(pair(q.clone(), Q::empty().term()));
        }
        // The last m elements (the first m of the rear) become the second queue.
        let rest = rear.split_off(m);
        let mut moved = rear.into_iter();
        let x = moved.next().unwrap_or_else(Term::nil);
        let mut f2: Vec<Term> = moved.collect();
        f2.reverse();
        return Ok(pair(
            Q { rear: rest, front }.term(),
            Q {
                rear: vec![x],
                front: f2,
            }
            .term(),
        ));
    }
    Ok(pair(f2r(front).term(), r2f(rear).term()))
}
