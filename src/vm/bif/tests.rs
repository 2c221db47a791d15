//! The natives against real Elixir: every line of
//! `tests/data/bif/cases.txt` is evaluated here and compared with what
//! Elixir 1.14 on OTP 25 printed for it (`expected.txt`, written by
//! `gen.exs`). All mismatches are reported at once.

use super::testing::{eval_source, render};

const CASES: &str = include_str!("../../../tests/data/bif/cases.txt");
const EXPECTED: &str = include_str!("../../../tests/data/bif/expected.txt");

#[test]
fn natives_match_elixir() {
    let cases: Vec<&str> = CASES.lines().collect();
    let expected: Vec<&str> = EXPECTED.lines().collect();
    assert_eq!(
        cases.len(),
        expected.len(),
        "expected.txt is stale: run `elixir gen.exs` in tests/data/bif"
    );
    let mut failures = Vec::new();
    let mut count = 0;
    for (n, (case, want)) in cases.iter().zip(&expected).enumerate() {
        if case.trim().is_empty() || case.starts_with('#') {
            continue;
        }
        count += 1;
        let got = match eval_source(case) {
            Ok(result) => render(&result),
            Err(why) => format!("(cannot run: {})", why.0),
        };
        if got != *want {
            failures.push(format!(
                "line {}: {case}\n   want: {want}\n    got: {got}",
                n + 1
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} cases differ from Elixir:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Results past the simulation's size limits are refused with
/// `SystemLimitError`, never built.
#[test]
fn huge_results_are_refused() {
    let cases = [
        "String.duplicate(\"x\", 10_000_000_000)",
        ":binary.copy(\"abc\", 100_000_000)",
        "List.duplicate(:a, 20_000_000)",
        ":lists.seq(1, 100_000_000)",
        ":lists.seq(-9223372036854775808, 9223372036854775807, 1)",
        "Tuple.duplicate(:a, 20_000_000)",
        ":erlang.make_tuple(20_000_000, 0)",
        "Enum.to_list(1..100_000_000)",
        "Integer.pow(2, 1_000_000_000)",
        ":erlang.bsl(1, 1_000_000_000)",
        // Integers stop at a million bits, however they are made.
        "Integer.pow(7, 10_000_000)",
        "Bitwise.bsl(1, 100_000_000)",
        "Bitwise.bsl(Integer.pow(2, 1_000_000), 100_000)",
        ":erlang.*(Integer.pow(3, 600_000), Integer.pow(3, 600_000))",
        "String.pad_leading(\"\", 100_000_000)",
        "String.pad_trailing(\"a\", 100_000_000, \"abc\")",
    ];
    for case in cases {
        let got = match eval_source(case) {
            Ok(result) => render(&result),
            Err(why) => format!("(cannot run: {})", why.0),
        };
        assert!(
            got.starts_with("** (SystemLimitError)"),
            "{case} gave {got}"
        );
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::super::testing::call_native;
    use crate::term::{compare, Term};
    use proptest::prelude::*;

    fn small_term() -> impl Strategy<Value = Term> {
        prop_oneof![
            (-5i64..5).prop_map(Term::Int),
            (-5i64..5).prop_map(|i| Term::Float(i as f64)),
            "[ab]{1}".prop_map(|a| Term::atom(&a)),
            "[ab]{0,2}".prop_map(|s| Term::string(&s)),
        ]
    }

    fn string() -> impl Strategy<Value = String> {
        "[a-c ,é\u{301}🇺🇸\r\n\t]{0,12}"
    }

    proptest! {
        #[test]
        fn sort_is_a_stable_sort_by_term_order(items in proptest::collection::vec(small_term(), 0..20)) {
            let mut want = items.clone();
            want.sort_by(compare);
            let got = call_native("Elixir.Enum", "sort", &[Term::list(items), Term::atom("asc")]);
            prop_assert_eq!(got.ok().and_then(|t| t.list_to_vec()), Some(want));
        }

        #[test]
        fn subtract_removes_the_first_equal_element_of_each(
            left in proptest::collection::vec(small_term(), 0..12),
            right in proptest::collection::vec(small_term(), 0..12),
        ) {
            let mut want = left.clone();
            for r in &right {
                if let Some(i) = want.iter().position(|x| x == r) {
                    want.remove(i);
                }
            }
            let got = call_native("erlang", "--", &[Term::list(left), Term::list(right)]);
            prop_assert_eq!(got.ok().and_then(|t| t.list_to_vec()), Some(want));
        }

        #[test]
        fn usort_is_sorted_and_has_no_equal_neighbours(items in proptest::collection::vec(small_term(), 0..20)) {
            let got = call_native("lists", "usort", &[Term::list(items)]).ok().and_then(|t| t.list_to_vec()).unwrap_or_default();
            prop_assert!(got.windows(2).all(|w| compare(&w[0], &w[1]).is_lt()));
        }

        #[test]
        fn split_then_join_gives_the_string_back(s in string(), sep in "[,é]{1,2}") {
            let parts = call_native("Elixir.String", "split", &[Term::string(&s), Term::string(&sep)]);
            let parts = parts.map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            let joined = call_native("Elixir.Enum", "join", &[parts, Term::string(&sep)]);
            prop_assert_eq!(joined.ok(), Some(Term::string(&s)));
        }

        #[test]
        fn graphemes_rebuild_the_string_and_count_its_length(s in string()) {
            let parts = call_native("Elixir.String", "graphemes", &[Term::string(&s)]).ok().and_then(|t| t.list_to_vec()).unwrap_or_default();
            let rebuilt: Vec<u8> = parts.iter().flat_map(|p| p.as_binary().unwrap_or_default().to_vec()).collect();
            prop_assert_eq!(rebuilt, s.as_bytes().to_vec());
            let length = call_native("Elixir.String", "length", &[Term::string(&s)]);
            prop_assert_eq!(length.ok(), Some(Term::Int(parts.len() as i64)));
        }

        #[test]
        fn slices_of_a_string_are_its_graphemes(s in string(), start in -14i64..14, len in 0i64..14) {
            let parts = call_native("Elixir.String", "graphemes", &[Term::string(&s)]).ok().and_then(|t| t.list_to_vec()).unwrap_or_default();
            let want = call_native("Elixir.Enum", "slice", &[Term::list(parts), Term::Int(start), Term::Int(len)])
                .and_then(|l| call_native("Elixir.Enum", "join", &[l]));
            let got = call_native("Elixir.String", "slice", &[Term::string(&s), Term::Int(start), Term::Int(len)]);
            prop_assert_eq!(got.ok(), want.ok());
        }

        #[test]
        fn integers_print_and_parse_back(n in any::<i64>(), base in 2i64..=36) {
            let text = call_native("Elixir.Integer", "to_string", &[Term::Int(n), Term::Int(base)]);
            let text = text.map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            let back = call_native("Elixir.String", "to_integer", &[text, Term::Int(base)]);
            prop_assert_eq!(back.ok(), Some(Term::Int(n)));
        }

        #[test]
        fn map_set_union_is_commutative(a in proptest::collection::vec(small_term(), 0..8), b in proptest::collection::vec(small_term(), 0..8)) {
            let x = call_native("Elixir.MapSet", "new", &[Term::list(a)]).unwrap_or_else(|_| Term::nil());
            let y = call_native("Elixir.MapSet", "new", &[Term::list(b)]).unwrap_or_else(|_| Term::nil());
            let xy = call_native("Elixir.MapSet", "union", &[x.clone(), y.clone()]);
            let yx = call_native("Elixir.MapSet", "union", &[y, x]);
            prop_assert_eq!(xy.ok(), yx.ok());
        }
    }
}

/// Big inputs work (and, as nothing here is quadratic, in moments: a
/// quadratic `--` or pattern search would make this test take minutes;
/// speed itself is measured by the benchmarks, not asserted).
#[test]
#[cfg(not(target_arch = "wasm32"))]
fn big_inputs_work() {
    use super::testing::call_native;
    use crate::term::Term;
    let n = 200_000;
    let ints = |k: i64| Term::list((0..n).map(|i| Term::Int((i * 7919 + k) % n)).collect());
    let calls: Vec<(&str, &str, Vec<Term>)> = vec![
        ("erlang", "--", vec![ints(0), ints(1)]),
        ("lists", "sort", vec![ints(3)]),
        ("lists", "usort", vec![ints(3)]),
        ("Elixir.Enum", "uniq", vec![ints(5)]),
        ("Elixir.Enum", "frequencies", vec![ints(5)]),
        (
            "Elixir.Keyword",
            "take",
            vec![
                Term::list(
                    (0..n)
                        .map(|i| Term::tuple([Term::atom("k"), Term::Int(i)]))
                        .collect(),
                ),
                Term::list((0..n).map(|_| Term::atom("k")).collect()),
            ],
        ),
        (
            "Elixir.String",
            "replace",
            vec![
                Term::string(&"a".repeat(1_000_000)),
                Term::string(&format!("{}b", "a".repeat(1000))),
                Term::string("x"),
            ],
        ),
        (
            "Elixir.String",
            "split",
            vec![
                Term::string(&"ab,".repeat(300_000)),
                Term::list(vec![
                    Term::string(","),
                    Term::string("zz"),
                    Term::string("b,a"),
                ]),
            ],
        ),
        (
            "Elixir.String",
            "length",
            vec![Term::string(&"é👨‍👩‍👧".repeat(100_000))],
        ),
        (
            "Elixir.Enum",
            "chunk_every",
            vec![ints(0), Term::Int(3), Term::Int(2)],
        ),
    ];
    for (module, fun, args) in calls {
        let result = call_native(module, fun, &args);
        assert!(result.is_ok(), "{module}.{fun} failed: {result:?}");
    }
}

/// Every native is registered once: a second row for the same
/// `module.name/arity` would be silently shadowed by the first.
#[test]
fn each_native_is_registered_once() {
    let mut seen = std::collections::HashSet::new();
    for bif in super::table() {
        assert!(
            seen.insert((bif.module, bif.name, bif.arity)),
            "{}.{}/{} is registered twice",
            bif.module,
            bif.name,
            bif.arity
        );
    }
    assert!(seen.len() > 400);
}
