//! `inspect` against what Elixir 1.14 on OTP 25 prints.

use super::{inspect, inspect_atom, inspect_width};
use crate::term::testing::*;
use crate::term::Term;

/// `(term, inspect(term), inspect(term, pretty: true, width: 80))`.
fn cases() -> Vec<(Term, &'static str, &'static str)> {
    include!("cases.rs")
}

/// `(term, width, inspect(term, pretty: true, width: width))`.
fn width_cases() -> Vec<(Term, usize, &'static str)> {
    include!("width_cases.rs")
}

/// Collects every mismatch so one run shows them all.
fn check(wrong: Vec<String>, total: usize) {
    assert!(
        wrong.is_empty(),
        "{} of {total} differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn matches_elixir() {
    let cases = cases();
    let mut wrong = Vec::new();
    for (term, plain, pretty) in &cases {
        let got = inspect(term);
        if got != *plain {
            wrong.push(format!("inspect\n  got    {got}\n  elixir {plain}"));
        }
        let got = inspect_width(term, 80);
        if got != *pretty {
            wrong.push(format!("pretty\n  got    {got}\n  elixir {pretty}"));
        }
    }
    check(wrong, cases.len() * 2);
}

#[test]
fn matches_elixir_at_other_widths() {
    let cases = width_cases();
    let mut wrong = Vec::new();
    for (term, width, expected) in &cases {
        let got = inspect_width(term, *width);
        if got != *expected {
            wrong.push(format!(
                "width {width}\n  got    {got}\n  elixir {expected}"
            ));
        }
    }
    check(wrong, cases.len());
}

#[test]
fn examples_from_the_console() {
    let pid = pid(0, 130, 0);
    let error = t(vec![a("error"), t(vec![a("already_started"), pid])]);
    assert_eq!(
        inspect(&error),
        "{:error, {:already_started, #PID<0.130.0>}}"
    );
    let counts = Term::map([
        (a("active"), i(5)),
        (a("specs"), i(5)),
        (a("supervisors"), i(0)),
        (a("workers"), i(5)),
    ]);
    assert_eq!(
        inspect(&counts),
        "%{active: 5, specs: 5, supervisors: 0, workers: 5}"
    );
    assert_eq!(
        inspect(&Term::keyword(vec![("keys", a("unique"))])),
        "[keys: :unique]"
    );
    assert_eq!(inspect_atom("Elixir.Fleet.Registry"), "Fleet.Registry");
    assert_eq!(inspect_atom("foo bar"), ":\"foo bar\"");
    assert_eq!(
        inspect(&fun("Elixir.Sim", "keep_oldest", 3)),
        "&Sim.keep_oldest/3"
    );
}

/// Strings and charlists show 4096 characters (values checked in Elixir).
#[test]
fn printable_limit() {
    let long = "a".repeat(4096);
    assert_eq!(inspect(&s(&long)), format!("\"{long}\""));
    assert_eq!(inspect(&s(&"a".repeat(4097))), format!("\"{long}\" <> ..."));
    // Past the limit nothing is checked, not even UTF-8 validity.
    let mut bytes = long.clone().into_bytes();
    bytes.push(255);
    assert_eq!(inspect(&b(&bytes)), format!("\"{long}\" <> ..."));
    // Within the limit a bad byte makes it a binary.
    bytes.remove(0);
    assert!(inspect(&b(&bytes)).starts_with("<<97, 97, "));

    let chars: Vec<Term> = (0..4097).map(|_| i(97)).collect();
    assert_eq!(inspect(&l(chars)), format!("'{long}' ++ ..."));
}

#[test]
fn charlist_that_elixir_cannot_convert_prints_as_a_list() {
    // Elixir raises here; the simulation must not, so it falls back.
    let mut items: Vec<Term> = (0..4096).map(|_| i(97)).collect();
    items.push(a("x"));
    let printed = inspect(&l(items));
    assert!(printed.starts_with("[97, 97, "), "{printed}");
    assert!(printed.ends_with(", ...]"), "{printed}");
}

#[test]
fn terms_no_inspect_can_break() {
    // Bytes above the printable limit, an empty atom, odd Range and
    // struct fields: all must print without panicking.
    let odd = [
        Term::map([(a("__struct__"), a("Elixir.Range"))]),
        Term::map([(a("__struct__"), a("Elixir.MapSet")), (a("map"), i(1))]),
        Term::map([(a("__struct__"), a("Elixir.Foo")), (i(1), i(2))]),
        Term::map([(a("__struct__"), i(3))]),
        b(&[0xC3]),
        b(&[0xF0, 0x9F, 0x98]),
        l(vec![i(-1)]),
        l(vec![i(0x11_0000)]),
        a(""),
        pid(u32::MAX, u32::MAX, u32::MAX),
        rf(u32::MAX, u64::MAX),
        fun("", "", 0),
    ];
    for term in &odd {
        let _ = inspect(term);
        for width in [0, 1, 80, usize::MAX] {
            let _ = inspect_width(term, width);
        }
    }
}

#[test]
fn structs_print_with_their_name() {
    // Elixir prints this form for structs it knows, fields in definition
    // order; the simulation assumes the struct exists and sorts fields.
    let user = Term::map([
        (a("__struct__"), a("Elixir.Fleet.User")),
        (a("id"), i(7)),
        (a("name"), s("ann")),
    ]);
    assert_eq!(inspect(&user), "%Fleet.User{id: 7, name: \"ann\"}");
    // Not an alias: Elixir cannot treat it as a struct.
    let plain = Term::map([(a("__struct__"), a("foo")), (a("a"), i(1))]);
    assert_eq!(inspect(&plain), "%{__struct__: :foo, a: 1}");
}

#[cfg(not(target_arch = "wasm32"))]
mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn on_any_term(x in any_term(), width in 0usize..120) {
            let plain = inspect(&x);
            prop_assert!(!plain.contains('\n'));
            let _ = inspect_width(&x, width);
        }
    }
}

#[test]
fn floats_improper_lists_and_mixed_number_keys_print_as_elixir() {
    let f = Term::Float;
    let cases = [
        (
            m(vec![
                (i(2), a("a")),
                (f(1.5), a("b")),
                (i(1), a("c")),
                (f(3.0), a("d")),
                (a("x"), i(1)),
            ]),
            "%{1 => :c, 2 => :a, 1.5 => :b, 3.0 => :d, :x => 1}",
        ),
        (Term::improper_list(vec![i(1)], i(2)), "[1 | 2]"),
        (Term::improper_list(vec![i(1), i(2)], i(3)), "[1, 2 | 3]"),
        (Term::improper_list(vec![i(97)], i(98)), "[97 | 98]"),
        (Term::improper_list(vec![l(vec![i(1)])], a("x")), "[[1] | :x]"),
        (t(vec![f(1.0), f(-0.5), l(vec![f(2.5)])]), "{1.0, -0.5, [2.5]}"),
        (
            Term::improper_list((1..=60).map(i).collect(), i(61)),
            "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, ...]",
        ),
        (Term::keyword(vec![("a", f(1.5))]), "[a: 1.5]"),
    ];
    for (term, elixir) in cases {
        assert_eq!(inspect(&term), elixir);
    }
}

#[test]
fn the_flat_shortcut_prints_what_the_printer_prints() {
    let mut taken = 0;
    let mut terms: Vec<Term> = cases().into_iter().map(|(t, _, _)| t).collect();
    terms.push(Term::tuple([
        Term::atom("foo bar"),
        Term::Int(-7),
        Term::tuple([Term::atom("Elixir.Fleet.Worker"), Term::atom("nil")]),
    ]));
    let r = Term::Ref(crate::term::Ref { node: 0, id: 77 });
    terms.push(Term::improper_list(vec![Term::atom("alias")], r.clone()));
    terms.push(Term::list(vec![Term::atom("a"), r, Term::atom("b c")]));
    terms.push(Term::list(vec![]));
    let gossip: Vec<u8> = (0..90).map(|i| 131 + i).collect();
    for bytes in [
        &gossip[..],
        &gossip[..49],
        &gossip[..50],
        b"hello",
        b"a\"b\n#{c}",
        b"",
    ] {
        let ip = Term::tuple([Term::Int(10), Term::Int(0), Term::Int(0), Term::Int(12)]);
        let socket = Term::tuple([Term::atom("udp_socket"), Term::Int(45892)]);
        let bin = Term::Binary(crate::term::Bin::new(bytes));
        terms.push(Term::tuple([
            Term::atom("udp"),
            socket,
            ip,
            Term::Int(45892),
            bin.clone(),
        ]));
        terms.push(bin);
    }
    let wide: Vec<Term> = (0..60)
        .map(|i| Term::tuple([Term::Int(i), Term::atom("x")]))
        .collect();
    terms.push(Term::tuple(wide));
    for term in terms {
        let mut out = String::new();
        if super::flat(
            &term,
            &mut out,
            super::Opts::DEFAULT.limit,
            super::FLAT_DEPTH,
        ) {
            taken += 1;
            let printed = super::format(&super::to_doc(&term, super::Opts::DEFAULT).group(), None);
            assert_eq!(out, printed);
        }
    }
    assert!(taken >= 20, "only {taken} cases took the shortcut");
}

/// A term that shares its parts prints as a tree of a trillion nodes; one
/// print lays out at most `MAX_PRINTED_NODES` of them and ends with `...`.
#[test]
fn a_print_of_a_shared_term_stops_at_its_node_budget() {
    let mut x = Term::nil();
    for _ in 0..40 {
        x = Term::list(vec![x.clone(), x]);
    }
    let text = inspect(&x);
    assert!(text.starts_with("[[[[[["), "{}", &text[..40]);
    assert!(text.contains("..."));
    // Each node prints a few characters at most.
    assert!(
        text.len() < 8 * super::MAX_PRINTED_NODES as usize,
        "{}",
        text.len()
    );
    // A view's line stops much sooner.
    let brief = super::inspect_brief(&x);
    assert!(brief.starts_with("[[[[[[") && brief.contains("..."));
    assert!(
        brief.len() < 8 * super::BRIEF_NODES as usize,
        "{}",
        brief.len()
    );
    // Nothing is left over for the next print.
    assert_eq!(inspect(&Term::list(vec![Term::Int(1)])), "[1]");
}
