//! `:lists.sort/1` (and so `Enum.sort/1`) as OTP 25 writes it: runs are
//! split off ascending and descending, then merged three and two at a
//! time. Any correct sort orders distinct terms alike; this one also puts
//! terms that are `==` but not `===` (`1` and `1.0`) where the BEAM does,
//! which a stable sort does not.
//!
//! The Erlang functions are ported one for one, on cons lists, each a
//! state of a loop (they call each other in tail position); the merges
//! run in O(n log n).

use super::lists_merge::{merge2_1, merge3, rmerge2_1};
use super::lists_rmerge::rmerge3;
use crate::term::{compare, Term};
use std::cmp::Ordering;

fn le(a: &Term, b: &Term) -> bool {
    compare(a, b) != Ordering::Greater
}

fn lt(a: &Term, b: &Term) -> bool {
    compare(a, b) == Ordering::Less
}

fn eq(a: &Term, b: &Term) -> bool {
    compare(a, b) == Ordering::Equal
}

fn cons(h: Term, t: Term) -> Term {
    Term::cons(h, t)
}

/// `[h | t]` of a list, cloned.
fn split(list: &Term) -> Option<(Term, Term)> {
    list.head_tail().map(|(h, t)| (h.clone(), t.clone()))
}

/// `lists:reverse(list, acc)`.
fn rev(list: &Term, acc: Term) -> Term {
    list.list_iter().fold(acc, |acc, x| cons(x.clone(), acc))
}

/// `[a, b | rest]`.
fn two(a: Term, b: Term, rest: Term) -> Term {
    cons(a, cons(b, rest))
}

/// `lists:sort/1` on a proper list.
pub(super) fn sort(list: &Term) -> Term {
    let Some((x, rest)) = split(list) else {
        return list.clone();
    };
    let Some((y, l)) = split(&rest) else {
        return list.clone();
    };
    let single = split(&l).filter(|(_, t)| t.is_empty_list()).map(|(z, _)| z);
    if le(&x, &y) {
        if l.is_empty_list() {
            return list.clone();
        }
        if let Some(z) = single {
            return if le(&y, &z) {
                list.clone()
            } else if le(&x, &z) {
                Term::list(vec![x, z, y])
            } else {
                Term::list(vec![z, x, y])
            };
        }
        if eq(&x, &y) {
            return run(State::Sort1 {
                x: y,
                l,
                r: Term::list(vec![x]),
            });
        }
        run(State::Split1 {
            x,
            y,
            l,
            r: Term::EMPTY_LIST,
            rs: Term::EMPTY_LIST,
        })
    } else {
        if l.is_empty_list() {
            return Term::list(vec![y, x]);
        }
        if let Some(z) = single {
            return if le(&x, &z) {
                two(y, x, l)
            } else if le(&y, &z) {
                Term::list(vec![y, z, x])
            } else {
                Term::list(vec![z, y, x])
            };
        }
        run(State::Split2 {
            x,
            y,
            l,
            r: Term::EMPTY_LIST,
            rs: Term::EMPTY_LIST,
        })
    }
}

/// The splitting and list-of-runs merging functions of `lists.erl`.
enum State {
    Sort1 {
        x: Term,
        l: Term,
        r: Term,
    },
    Split1 {
        x: Term,
        y: Term,
        l: Term,
        r: Term,
        rs: Term,
    },
    Split11 {
        x: Term,
        y: Term,
        l: Term,
        r: Term,
        rs: Term,
        s: Term,
    },
    Split2 {
        x: Term,
        y: Term,
        l: Term,
        r: Term,
        rs: Term,
    },
    Split21 {
        x: Term,
        y: Term,
        l: Term,
        r: Term,
        rs: Term,
        s: Term,
    },
    Mergel {
        l: Term,
        acc: Term,
    },
    Rmergel {
        l: Term,
        acc: Term,
    },
    Done(Term),
}

fn run(mut state: State) -> Term {
    loop {
        state = match state {
            State::Done(result) => return result,
            State::Sort1 { x, l, r } => match split(&l) {
                Some((y, l)) if eq(&x, &y) => State::Sort1 {
                    x: y,
                    l,
                    r: cons(x, r),
                },
                Some((y, l)) if lt(&x, &y) => State::Split1 {
                    x,
                    y,
                    l,
                    r,
                    rs: Term::EMPTY_LIST,
                },
                Some((y, l)) => State::Split2 {
                    x,
                    y,
                    l,
                    r,
                    rs: Term::EMPTY_LIST,
                },
                None => State::Done(rev(&r, Term::list(vec![x]))),
            },
            State::Split1 { x, y, l, r, rs } => match split(&l) {
                Some((z, l)) if le(&y, &z) => State::Split1 {
                    x: y,
                    y: z,
                    l,
                    r: cons(x, r),
                    rs,
                },
                Some((z, l)) if le(&x, &z) => State::Split1 {
                    x: z,
                    y,
                    l,
                    r: cons(x, r),
                    rs,
                },
                Some((z, l)) if r.is_empty_list() => State::Split1 {
                    x,
                    y,
                    l,
                    r: Term::list(vec![z]),
                    rs,
                },
                Some((z, l)) => State::Split11 {
                    x,
                    y,
                    l,
                    r,
                    rs,
                    s: z,
                },
                None => State::Rmergel {
                    l: cons(two(y, x, r), rs),
                    acc: Term::EMPTY_LIST,
                },
            },
            State::Split11 { x, y, l, r, rs, s } => match split(&l) {
                Some((z, l)) if le(&y, &z) => State::Split11 {
                    x: y,
                    y: z,
                    l,
                    r: cons(x, r),
                    rs,
                    s,
                },
                Some((z, l)) if le(&x, &z) => State::Split11 {
                    x: z,
                    y,
                    l,
                    r: cons(x, r),
                    rs,
                    s,
                },
                Some((z, l)) if le(&s, &z) => State::Split1 {
                    x: s,
                    y: z,
                    l,
                    r: Term::EMPTY_LIST,
                    rs: cons(two(y, x, r), rs),
                },
                Some((z, l)) => State::Split1 {
                    x: z,
                    y: s,
                    l,
                    r: Term::EMPTY_LIST,
                    rs: cons(two(y, x, r), rs),
                },
                None => State::Rmergel {
                    l: two(Term::list(vec![s]), two(y, x, r), rs),
                    acc: Term::EMPTY_LIST,
                },
            },
            State::Split2 { x, y, l, r, rs } => match split(&l) {
                Some((z, l)) if le(&z, &y) => State::Split2 {
                    x: y,
                    y: z,
                    l,
                    r: cons(x, r),
                    rs,
                },
                Some((z, l)) if le(&z, &x) => State::Split2 {
                    x: z,
                    y,
                    l,
                    r: cons(x, r),
                    rs,
                },
                Some((z, l)) if r.is_empty_list() => State::Split2 {
                    x,
                    y,
                    l,
                    r: Term::list(vec![z]),
                    rs,
                },
                Some((z, l)) => State::Split21 {
                    x,
                    y,
                    l,
                    r,
                    rs,
                    s: z,
                },
                None => State::Mergel {
                    l: cons(two(y, x, r), rs),
                    acc: Term::EMPTY_LIST,
                },
            },
            State::Split21 { x, y, l, r, rs, s } => match split(&l) {
                Some((z, l)) if le(&z, &y) => State::Split21 {
                    x: y,
                    y: z,
                    l,
                    r: cons(x, r),
                    rs,
                    s,
                },
                Some((z, l)) if le(&z, &x) => State::Split21 {
                    x: z,
                    y,
                    l,
                    r: cons(x, r),
                    rs,
                    s,
                },
                Some((z, l)) if lt(&z, &s) => State::Split2 {
                    x: s,
                    y: z,
                    l,
                    r: Term::EMPTY_LIST,
                    rs: cons(two(y, x, r), rs),
                },
                Some((z, l)) => State::Split2 {
                    x: z,
                    y: s,
                    l,
                    r: Term::EMPTY_LIST,
                    rs: cons(two(y, x, r), rs),
                },
                None => State::Mergel {
                    l: two(Term::list(vec![s]), two(y, x, r), rs),
                    acc: Term::EMPTY_LIST,
                },
            },
            State::Mergel { l, acc } => mergel(l, acc),
            State::Rmergel { l, acc } => rmergel(l, acc),
        };
    }
}

/// The first three elements of a list of lists and the rest.
fn three(l: &Term) -> Option<(Term, Term, Term, Term)> {
    let (a, rest) = split(l)?;
    let (b, rest) = split(&rest)?;
    let (c, rest) = split(&rest)?;
    Some((a, b, c, rest))
}

fn mergel(l: Term, acc: Term) -> State {
    let Some((first, rest)) = split(&l) else {
        return if acc.is_empty_list() {
            State::Done(Term::EMPTY_LIST)
        } else {
            State::Rmergel {
                l: acc,
                acc: Term::EMPTY_LIST,
            }
        };
    };
    if first.is_empty_list() {
        return State::Mergel { l: rest, acc };
    }
    if let Some((t1, b, c, more)) = three(&l) {
        if let (Some((h2, t2)), Some((h3, t3))) = (split(&b), split(&c)) {
            let merged = merge3(t1, Term::EMPTY_LIST, h2, t2, h3, t3);
            return State::Mergel {
                l: more,
                acc: cons(merged, acc),
            };
        }
    }
    if let Some((b, none)) = split(&rest) {
        if none.is_empty_list() {
            if let Some((h2, t2)) = split(&b) {
                let merged = merge2_1(first, h2, t2, Term::EMPTY_LIST);
                return State::Rmergel {
                    l: Term::list(vec![merged]).concat(acc),
                    acc: Term::EMPTY_LIST,
                };
            }
        }
    }
    if rest.is_empty_list() {
        return if acc.is_empty_list() {
            State::Done(first)
        } else {
            State::Rmergel {
                l: cons(rev(&first, Term::EMPTY_LIST), acc),
                acc: Term::EMPTY_LIST,
            }
        };
    }
    match split(&rest) {
        Some((b, more)) if b.is_empty_list() => State::Mergel {
            l: cons(first, more),
            acc,
        },
        Some((b, more)) => match split(&more) {
            Some((c, more)) if c.is_empty_list() => State::Mergel {
                l: two(first, b, more),
                acc,
            },
            _ => State::Done(fallback(l, acc)),
        },
        None => State::Done(fallback(l, acc)),
    }
}

fn rmergel(l: Term, acc: Term) -> State {
    if let Some((a, b, t1, more)) = three(&l) {
        if let (Some((h3, t3)), Some((h2, t2))) = (split(&a), split(&b)) {
            let merged = rmerge3(t1, Term::EMPTY_LIST, h2, t2, h3, t3);
            return State::Rmergel {
                l: more,
                acc: cons(merged, acc),
            };
        }
    }
    match split(&l) {
        None => State::Mergel {
            l: acc,
            acc: Term::EMPTY_LIST,
        },
        Some((first, rest)) if rest.is_empty_list() => State::Mergel {
            l: cons(rev(&first, Term::EMPTY_LIST), acc),
            acc: Term::EMPTY_LIST,
        },
        Some((first, rest)) => match (split(&first), split(&rest)) {
            (Some((h2, t2)), Some((t1, none))) if none.is_empty_list() => {
                let merged = rmerge2_1(t1, h2, t2, Term::EMPTY_LIST);
                State::Mergel {
                    l: cons(merged, acc),
                    acc: Term::EMPTY_LIST,
                }
            }
            _ => State::Done(fallback(l, acc)),
        },
    }
}

/// Never reached for a proper list; sorts what is left rather than fail.
fn fallback(l: Term, acc: Term) -> Term {
    let mut items: Vec<Term> = l
        .list_iter()
        .chain(acc.list_iter())
        .flat_map(|run| run.list_iter().cloned().collect::<Vec<_>>())
        .collect();
    items.sort_by(compare);
    Term::list(items)
}

trait Concat {
    fn concat(self, tail: Term) -> Term;
}

impl Concat for Term {
    /// `self ++ tail` for a proper list.
    fn concat(self, tail: Term) -> Term {
        let items: Vec<Term> = self.list_iter().cloned().collect();
        Term::improper_list(items, tail)
    }
}
