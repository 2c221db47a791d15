//! `rmerge3_1/6` of OTP's `lists:sort/1` and the functions it calls:
//! the three-way merge of runs kept in descending order.

use super::lists_merge::{cons, le, rmerge2_1, rmerge2_2, split};
use crate::term::Term;

/// `rmerge3_1/6` and the functions it calls (runs in descending order).
pub(super) fn rmerge3(t1: Term, m: Term, h2: Term, t2: Term, h3: Term, t3: Term) -> Term {
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
                None if le(&h2, &h3) => return rmerge2_2(t2, h3, t3, m, h2),
                None => return rmerge2_1(t2, h3, t3, cons(h2, m)),
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
                None if le(&h1, &h3) => return rmerge2_2(t1, h3, t3, m, h1),
                None => return rmerge2_1(t1, h3, t3, cons(h1, m)),
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
                if le(&h2, &h3) {
                    S::M123 {
                        t1,
                        h1,
                        h2,
                        t2,
                        m: cons(h3, m),
                        t3,
                    }
                } else {
                    S::M2 {
                        t1,
                        h1,
                        m: cons(h2, m),
                        t2,
                        h3,
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
                Some((h3, t3)) if le(&h2, &h3) => S::M123 {
                    t1,
                    h1,
                    h2,
                    t2,
                    m: cons(h3, m),
                    t3,
                },
                Some((h3, t3)) => S::M2 {
                    t1,
                    h1,
                    m: cons(h2, m),
                    t2,
                    h3,
                    t3,
                },
                None => return rmerge2_2(t1, h2, t2, m, h1),
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
                if le(&h1, &h3) {
                    S::M213 {
                        t1,
                        h1,
                        h2,
                        t2,
                        m: cons(h3, m),
                        t3,
                    }
                } else {
                    S::M1 {
                        t1,
                        m: cons(h1, m),
                        h2,
                        t2,
                        h3,
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
                Some((h3, t3)) if le(&h1, &h3) => S::M213 {
                    t1,
                    h1,
                    h2,
                    t2,
                    m: cons(h3, m),
                    t3,
                },
                Some((h3, t3)) => S::M1 {
                    t1,
                    m: cons(h1, m),
                    h2,
                    t2,
                    h3,
                    t3,
                },
                None => return rmerge2_1(t1, h2, t2, cons(h1, m)),
            },
        };
    }
}
