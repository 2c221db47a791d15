//! The merges of OTP's `lists:sort/1` (`merge3_*`, `merge2_*`,
//! `rmerge2_*`; `rmerge3_*` is in `lists_rmerge`), ported one for one:
//! each family of mutually tail-calling Erlang functions is one loop over
//! its states.

use crate::term::{compare, Term};
use std::cmp::Ordering;

pub(super) fn le(a: &Term, b: &Term) -> bool {
    compare(a, b) != Ordering::Greater
}

pub(super) fn cons(h: Term, t: Term) -> Term {
    Term::cons(h, t)
}

pub(super) fn split(list: &Term) -> Option<(Term, Term)> {
    list.head_tail().map(|(h, t)| (h.clone(), t.clone()))
}

pub(super) fn rev(list: &Term, acc: Term) -> Term {
    list.list_iter().fold(acc, |acc, x| cons(x.clone(), acc))
}

fn two(a: Term, b: Term, rest: Term) -> Term {
    cons(a, cons(b, rest))
}

/// `merge3_1/6` and the functions it calls, ascending.
pub(super) fn merge3(t1: Term, m: Term, h2: Term, t2: Term, h3: Term, t3: Term) -> Term {
    enum S {
        M1 {
            t1: Term,
            m: Term,
            h2: Term,
            t2: Term,
            h3: Term,
            t3: Term,
        },
        M2 {
            t1: Term,
            h1: Term,
            m: Term,
            t2: Term,
            h3: Term,
            t3: Term,
        },
        M12 {
            t1: Term,
            h1: Term,
            h2: Term,
            t2: Term,
            h3: Term,
            t3: Term,
            m: Term,
        },
        M123 {
            t1: Term,
            h1: Term,
            h2: Term,
            t2: Term,
            m: Term,
            t3: Term,
        },
        M21 {
            t1: Term,
            h1: Term,
            h2: Term,
            t2: Term,
            h3: Term,
            t3: Term,
            m: Term,
        },
        M213 {
            t1: Term,
            h1: Term,
            h2: Term,
            t2: Term,
            m: Term,
            t3: Term,
        },
    }
    let mut s = S::M1 {
        t1,
        m,
        h2,
        t2,
        h3,
        t3,
    };
    loop {
        s = match s {
            S::M1 {
                t1,
                m,
                h2,
                t2,
                h3,
                t3,
            } => match split(&t1) {
                Some((h1, t1)) if le(&h1, &h2) => S::M12 {
                    t1,
                    h1,
                    h2,
                    t2,
                    h3,
                    t3,
                    m,
                },
                Some((h1, t1)) => S::M21 {
                    t1,
                    h1,
                    h2,
                    t2,
                    h3,
                    t3,
                    m,
                },
                None if le(&h2, &h3) => return merge2_1(t2, h3, t3, cons(h2, m)),
                None => return merge2_2(t2, h3, t3, m, h2),
            },
            S::M2 {
                t1,
                h1,
                m,
                t2,
                h3,
                t3,
            } => match split(&t2) {
                Some((h2, t2)) if le(&h1, &h2) => S::M12 {
                    t1,
                    h1,
                    h2,
                    t2,
                    h3,
                    t3,
                    m,
                },
                Some((h2, t2)) => S::M21 {
                    t1,
                    h1,
                    h2,
                    t2,
                    h3,
                    t3,
                    m,
                },
                None if le(&h1, &h3) => return merge2_1(t1, h3, t3, cons(h1, m)),
                None => return merge2_2(t1, h3, t3, m, h1),
            },
            S::M12 {
                t1,
                h1,
                h2,
                t2,
                h3,
                t3,
                m,
            } => {
                if le(&h1, &h3) {
                    S::M1 {
                        t1,
                        m: cons(h1, m),
                        h2,
                        t2,
                        h3,
                        t3,
                    }
                } else {
                    S::M123 {
                        t1,
                        h1,
                        h2,
                        t2,
                        m: cons(h3, m),
                        t3,
                    }
                }
            }
            S::M123 {
                t1,
                h1,
                h2,
                t2,
                m,
                t3,
            } => match split(&t3) {
                Some((h3, t3)) if le(&h1, &h3) => S::M1 {
                    t1,
                    m: cons(h1, m),
                    h2,
                    t2,
                    h3,
                    t3,
                },
                Some((h3, t3)) => S::M123 {
                    t1,
                    h1,
                    h2,
                    t2,
                    m: cons(h3, m),
                    t3,
                },
                None => return merge2_1(t1, h2, t2, cons(h1, m)),
            },
            S::M21 {
                t1,
                h1,
                h2,
                t2,
                h3,
                t3,
                m,
            } => {
                if le(&h2, &h3) {
                    S::M2 {
                        t1,
                        h1,
                        m: cons(h2, m),
                        t2,
                        h3,
                        t3,
                    }
                } else {
                    S::M213 {
                        t1,
                        h1,
                        h2,
                        t2,
                        m: cons(h3, m),
                        t3,
                    }
                }
            }
            S::M213 {
                t1,
                h1,
                h2,
                t2,
                m,
                t3,
            } => match split(&t3) {
                Some((h3, t3)) if le(&h2, &h3) => S::M2 {
                    t1,
                    h1,
                    m: cons(h2, m),
                    t2,
                    h3,
                    t3,
                },
                Some((h3, t3)) => S::M213 {
                    t1,
                    h1,
                    h2,
                    t2,
                    m: cons(h3, m),
                    t3,
                },
                None => return merge2_2(t1, h2, t2, m, h1),
            },
        };
    }
}

/// The two states of `merge2_1/4` / `merge2_2/5` (and of their
/// descending twins): one loop, so alternating runs never nest calls.
enum Two {
    One {
        t1: Term,
        h2: Term,
        t2: Term,
        m: Term,
    },
    Two {
        t1: Term,
        hdm: Term,
        t2: Term,
        m: Term,
        h1: Term,
    },
}

fn merge2(mut s: Two) -> Term {
    loop {
        s = match s {
            Two::One { t1, h2, t2, m } => match split(&t1) {
                Some((h1, t1)) if le(&h1, &h2) => Two::One {
                    t1,
                    h2,
                    t2,
                    m: cons(h1, m),
                },
                Some((h1, t1)) => Two::Two {
                    t1,
                    hdm: h2,
                    t2,
                    m,
                    h1,
                },
                None => return rev(&t2, cons(h2, m)),
            },
            Two::Two { t1, hdm, t2, m, h1 } => match split(&t2) {
                Some((h2, t2)) if le(&h1, &h2) => Two::One {
                    t1,
                    h2,
                    t2,
                    m: two(h1, hdm, m),
                },
                Some((h2, t2)) => Two::Two {
                    t1,
                    hdm: h2,
                    t2,
                    m: cons(hdm, m),
                    h1,
                },
                None => return rev(&t1, two(h1, hdm, m)),
            },
        };
    }
}

fn rmerge2(mut s: Two) -> Term {
    loop {
        s = match s {
            Two::One { t1, h2, t2, m } => match split(&t1) {
                Some((h1, t1)) if le(&h1, &h2) => Two::Two {
                    t1,
                    hdm: h2,
                    t2,
                    m,
                    h1,
                },
                Some((h1, t1)) => Two::One {
                    t1,
                    h2,
                    t2,
                    m: cons(h1, m),
                },
                None => return rev(&t2, cons(h2, m)),
            },
            Two::Two { t1, hdm, t2, m, h1 } => match split(&t2) {
                Some((h2, t2)) if le(&h1, &h2) => Two::Two {
                    t1,
                    hdm: h2,
                    t2,
                    m: cons(hdm, m),
                    h1,
                },
                Some((h2, t2)) => Two::One {
                    t1,
                    h2,
                    t2,
                    m: two(h1, hdm, m),
                },
                None => return rev(&t1, two(h1, hdm, m)),
            },
        };
    }
}

pub(super) fn merge2_1(t1: Term, h2: Term, t2: Term, m: Term) -> Term {
    merge2(Two::One { t1, h2, t2, m })
}

pub(super) fn merge2_2(t1: Term, hdm: Term, t2: Term, m: Term, h1: Term) -> Term {
    merge2(Two::Two { t1, hdm, t2, m, h1 })
}

pub(super) fn rmerge2_1(t1: Term, h2: Term, t2: Term, m: Term) -> Term {
    rmerge2(Two::One { t1, h2, t2, m })
}

pub(super) fn rmerge2_2(t1: Term, hdm: Term, t2: Term, m: Term, h1: Term) -> Term {
    rmerge2(Two::Two { t1, hdm, t2, m, h1 })
}
