//! Term order against the BEAM's, and the laws `BTreeMap` and `HashMap`
//! rely on.

use crate::term::testing::*;
use crate::term::Term;
use std::cmp::Ordering;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

/// Distinct terms of every kind, in the order `Enum.sort/1` gives on OTP 25.
fn sorted_by_the_beam() -> Vec<Term> {
    include!("cases.rs")
}

fn hash_of(term: &Term) -> u64 {
    let mut hasher = DefaultHasher::new();
    term.hash(&mut hasher);
    hasher.finish()
}

#[test]
fn sorts_like_the_beam() {
    let expected = sorted_by_the_beam();
    let mut sorted = expected.clone();
    sorted.reverse();
    sorted.rotate_left(expected.len() / 3);
    sorted.sort();
    assert_eq!(sorted, expected);
    for pair in expected.windows(2) {
        assert_eq!(
            pair[0].cmp(&pair[1]),
            Ordering::Less,
            "{:?} < {:?}",
            pair[0],
            pair[1]
        );
    }
}

#[test]
fn integers_compare_by_value_whatever_their_form() {
    let wide = |value: i64| Term::BigInt(Rc::new(value.into()));
    assert_eq!(i(5), wide(5));
    assert_eq!(hash_of(&i(5)), hash_of(&wide(5)));
    assert!(wide(-3) < i(2));
    assert!(big("-100000000000000000000") < i(i64::MIN));
    assert!(i(i64::MAX) < big("100000000000000000000"));
    assert!(big("100000000000000000000") < a(""));
}

#[test]
fn maps_compare_by_size_then_keys_then_values() {
    let small = m(vec![(a("z"), i(9))]);
    let keys = m(vec![(a("a"), i(9)), (a("b"), i(0))]);
    let values = m(vec![(a("a"), i(9)), (a("c"), i(0))]);
    assert!(small < keys);
    assert!(keys < values);
    assert!(m(vec![(a("a"), i(1))]) < m(vec![(a("a"), i(2))]));
}

#[cfg(not(target_arch = "wasm32"))]
mod laws {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn is_a_total_order(x in any_term(), y in any_term(), z in any_term()) {
            prop_assert_eq!(x.cmp(&y), y.cmp(&x).reverse());
            prop_assert_eq!(x.cmp(&x), Ordering::Equal);
            let mut three = [x, y, z];
            three.sort();
            prop_assert!(three[0] <= three[2]);
            prop_assert!(three[0] <= three[1] && three[1] <= three[2]);
        }

        #[test]
        fn equal_terms_hash_alike(x in any_term()) {
            let copy = x.clone();
            prop_assert_eq!(&x, &copy);
            prop_assert_eq!(hash_of(&x), hash_of(&copy));
        }

        #[test]
        fn integers_equal_whatever_their_form(value in any::<i64>()) {
            let wide = Term::BigInt(Rc::new(value.into()));
            prop_assert_eq!(&i(value), &wide);
            prop_assert_eq!(hash_of(&i(value)), hash_of(&wide));
        }
    }
}

#[test]
fn integers_and_floats_equal_by_value_but_not_exactly() {
    use crate::term::compare;
    let f = Term::Float;
    assert_eq!(compare(&i(1), &f(1.0)), Ordering::Equal);
    assert_ne!(i(1), f(1.0));
    assert_eq!(compare(&i(2), &f(1.5)), Ordering::Greater);
    // Exact order (map keys): every integer before every float.
    assert!(i(2) < f(1.5));
    assert_eq!(f(0.0), f(-0.0));
    assert_eq!(hash_of(&f(0.0)), hash_of(&f(-0.0)));
    // Big integers against floats, without rounding the integer.
    assert_eq!(
        compare(&big("9007199254740993"), &f(9007199254740992.0)),
        Ordering::Greater
    );
    assert_eq!(
        compare(&big("-100000000000000000000"), &f(-1.0e20)),
        Ordering::Equal
    );
    // Lists with improper tails, as `Enum.sort/1` orders them.
    let mut lists = vec![
        l(vec![i(1), i(2)]),
        Term::improper_list(vec![i(1)], i(2)),
        Term::improper_list(vec![i(1)], i(1)),
    ];
    lists.sort_by(compare);
    assert_eq!(
        lists,
        vec![
            Term::improper_list(vec![i(1)], i(1)),
            Term::improper_list(vec![i(1)], i(2)),
            l(vec![i(1), i(2)]),
        ]
    );
}
