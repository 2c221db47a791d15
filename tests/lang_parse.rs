//! `otpsim::lang::parse` against real Elixir 1.14.
//!
//! `tests/data/parse/cases.txt` holds snippets (separated by `#---` lines);
//! `tests/data/parse/expected.txt` has, for each, what
//! `Code.string_to_quoted(snippet, columns: true)` gave in Elixir 1.14
//! (written by `tests/data/parse/gen.exs`, see there for the format). Every
//! case must match; all mismatches are reported at once.
//!
//! Known gaps (cases that still differ, checked to keep differing so the
//! list stays true) are in [`KNOWN_GAPS`] with the reason:
//!
//! - `((a; b))`: Elixir gives the block both parentheses' line and column
//!   (duplicate keys); `Meta` holds one of each.
//! - The raw `token` of an error at a string with interpolation: Elixir
//!   prints the interpolation's tokens as Erlang terms
//!   (`[<<"a">>,{{1,4,nil},{1,7,nil},[{identifier,...}]}]`), otpsim
//!   abbreviates them (`[<<"a">>,{{1,4,nil},...}]`); the message iex shows
//!   is the same (`syntax error before: "a"`). Found by random token soups
//!   (7 of 24,000 differed, all this way), so not among the cases here.
//! - Unicode identifiers: Elixir also refuses characters outside UTS 39's
//!   Recommended/Inclusion identifier types, non-NFC text and mixed scripts
//!   (`𝓍`, `foo‿bar`); otpsim accepts any XID_Start/XID_Continue character.
//!
//! Deliberate differences (limits Elixir does not have, so that a browser
//! tab never freezes or overflows its stack): brackets and `do`/`fn` nest
//! at most `MAX_NESTING` (128) deep, interpolations `MAX_INTERPOLATION`
//! (32), the quoted form `MAX_DEPTH` (256, so `a + b + ...` with 256
//! operators), and integer literals have at most 100,000 digits; past
//! them the error says "expression is nested too deeply" (or "integer
//! literal is too long"). Warnings Elixir prints while parsing are not
//! produced.
//!
//! `tests/data/parse/floats.txt` (written by `floats.exs`) checks float text
//! on thousands of values.
//!
//! Then property tests: no input panics, hangs or overflows the stack, and
//! every error has a line and column of at least 1; long inputs are fast.
#![cfg(not(target_arch = "wasm32"))]

use otpsim::lang::{parse, Ast, ParseError};

fn cases_of(text: &str) -> Vec<String> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    text.split("\n#---\n").map(str::to_string).collect()
}

fn cases() -> Vec<String> {
    cases_of(include_str!("data/parse/cases.txt"))
}

fn inspect_string(s: &str) -> String {
    Ast::Bin(s.as_bytes().into()).to_quoted_string()
}

/// One line in the format of `expected.txt`.
fn line(source: &str) -> String {
    match parse(source) {
        Ok(ast) => format!("OK {}", ast.to_quoted_string()),
        Err(e) => error_line(&e),
    }
}

fn error_line(e: &ParseError) -> String {
    let message = match &e.suffix {
        Some(suffix) => format!(
            "{{{}, {}}}",
            inspect_string(&e.message),
            inspect_string(suffix)
        ),
        None => inspect_string(&e.message),
    };
    format!(
        "ERR {}:{} {} {} {} {}",
        e.line,
        e.column,
        message,
        inspect_string(&e.token),
        e.kind().name(),
        inspect_string(&e.to_string())
    )
}

/// Cases whose quoted form this parser cannot give, and why.
const KNOWN_GAPS: &[(&str, &str)] = &[
    (
        "((a; b))",
        "Elixir gives the block the metadata of both parentheses ([line: 1, column: 2, \
         line: 1, column: 1]); `Meta` holds one line and column",
    ),
    (
        "𝓍",
        "Elixir refuses identifier characters outside UTS 39's Recommended/Inclusion \
         identifier types (and confusable or mixed scripts); otpsim accepts any XID character",
    ),
    (
        "foo‿bar",
        "as above: U+203F is XID_Continue but not in UTS 39's allowed set",
    ),
];

#[test]
fn every_case_matches_elixir() {
    let cases = cases();
    let expected: Vec<&str> = include_str!("data/parse/expected.txt").lines().collect();
    assert_eq!(
        cases.len(),
        expected.len(),
        "cases.txt and expected.txt disagree: run gen.exs"
    );
    let mut mismatches = Vec::new();
    for (i, (case, want)) in cases.iter().zip(&expected).enumerate() {
        let got = line(case);
        if KNOWN_GAPS.iter().any(|(gap, _)| gap == case) {
            assert_ne!(
                got, *want,
                "{case:?} now matches: remove it from KNOWN_GAPS"
            );
            continue;
        }
        if got != *want {
            mismatches.push(format!("case {i}: {case:?}\n  want: {want}\n  got:  {got}"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} cases differ from Elixir:\n{}",
        mismatches.len(),
        cases.len(),
        mismatches.join("\n")
    );
}

/// Parses on a thread with a 1 MiB stack (a browser tab's is about that),
/// so deep recursion would show up as a crash here.
fn parse_small_stack(source: String) -> Result<String, (u32, u32, bool)> {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || match parse(&source) {
            Ok(ast) => Ok(ast.to_quoted_string()),
            Err(e) => Err((e.line, e.column, e.is_incomplete())),
        })
        .and_then(|h| {
            h.join()
                .map_err(|_| std::io::Error::other("parser thread panicked"))
        })
        .unwrap_or_else(|e| panic!("{e}"))
}

fn check_any(source: &str) {
    if let Err(e) = parse(source) {
        assert!(
            e.line >= 1 && e.column >= 1,
            "bad position {e:?} for {source:?}"
        );
        assert!(!e.to_string().is_empty());
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for (open, close) in [
        ("[", "]"),
        ("(", ")"),
        ("{", "}"),
        ("<< ", " >>"),
        ("fn -> ", " end"),
        ("if a do ", " end"),
        ("\"#{", "}\""),
    ] {
        let deep = format!("{}x{}", open.repeat(5_000), close.repeat(5_000));
        let (line, column, incomplete) = parse_small_stack(deep).expect_err("too deep");
        assert!(line >= 1 && column >= 1 && !incomplete);
        let ok = format!("{}x{}", open.repeat(30), close.repeat(30));
        assert!(parse_small_stack(ok).is_ok(), "30 levels of {open}");
    }
    for prefix in ["!", "-", "@", "^", "&", "not "] {
        let deep = format!("{}x", prefix.repeat(100_000));
        assert!(parse_small_stack(deep).is_err());
    }
    for op in [" + ", " = ", " |> ", ".", " ++ ", " when ", " :: ", " -> "] {
        let chain = format!("x{}", format!("{op}x").repeat(100_000));
        assert!(parse_small_stack(chain).is_err(), "chain of {op}");
    }
    let calls = format!("{}x", "f ".repeat(100_000));
    assert!(parse_small_stack(calls).is_err());
    let unclosed = "[".repeat(100_000);
    assert!(parse_small_stack(unclosed).is_err());
}

#[test]
fn long_inputs_are_linear() {
    let list = format!("[{}]", "1, ".repeat(100_000));
    let ast = parse(&list).expect("list");
    assert!(matches!(ast, Ast::List(items) if items.len() == 100_000));
    let lines = "x = 1\n".repeat(50_000);
    assert!(parse(&lines).is_ok());
    let digits = "7".repeat(20_000);
    let big = parse(&digits).expect("big integer");
    assert!(matches!(big, Ast::BigInt(_)));
    let string = format!("\"{}\"", "abc #{x} ".repeat(20_000));
    assert!(parse(&string).is_ok());
    let map = format!(
        "%{{{}}}",
        (0..50_000)
            .map(|i| format!("k{i}: {i}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    assert!(parse(&map).is_ok());
    let huge = "9".repeat(1_000_000);
    assert!(parse(&huge).is_err());
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "foo",
        "Bar",
        "x",
        "_",
        "1",
        "2.5",
        ":a",
        "\"s\"",
        "'c'",
        "?a",
        "do",
        "end",
        "fn",
        "->",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "%{",
        "<<",
        ">>",
        ",",
        ";",
        "\n",
        ".",
        "|>",
        "+",
        "-",
        "=",
        "==",
        "&",
        "&1",
        "@",
        "|",
        "::",
        "when",
        "in",
        "not",
        "and",
        "a:",
        "\"k\":",
        "~s(x)",
        "\"\"\"\nh\n\"\"\"",
        "#c\n",
        "\\",
        "..",
        "//",
        "=>",
        "<-",
        "\\\\",
        "else",
        "after",
        "rescue",
        "catch",
        "true",
        "nil",
        "!",
        "^",
        "**",
        "<>",
        "...",
        "%",
        "Foo.",
        "a.",
        ".(",
        "#{",
        "\"a#{",
        "}\"",
        "if",
        "case",
        "cond",
        "...",
        "'''\n",
        "~",
        "?",
    ];

    fn soup() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            (0..WORDS.len(), prop_oneof![Just(""), Just(" "), Just("\n")]),
            0..40,
        )
        .prop_map(|parts| {
            parts
                .into_iter()
                .map(|(i, sep)| format!("{}{sep}", WORDS.get(i).unwrap_or(&"")))
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        #[test]
        fn random_text_never_panics(s in "[ -~\n\t\u{e9}\u{1F600}\u{202A}]{0,120}") {
            check_any(&s);
        }

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            check_any(&String::from_utf8_lossy(&bytes));
        }

        #[test]
        fn token_soups_never_panic(s in soup()) {
            check_any(&s);
        }

        #[test]
        fn random_brackets_never_overflow(s in "[\\[\\](){}<>#\"a, ]{0,400}") {
            check_any(&s);
        }

        #[test]
        fn floats_round_trip(f in any::<f64>().prop_filter("finite", |f| f.is_finite() && f.is_sign_positive())) {
            let text = otpsim::term::inspect_float(f);
            prop_assert_eq!(parse(&text).ok(), Some(Ast::Float(f)), "{}", text);
        }

        #[test]
        fn integers_round_trip(i in 0..i64::MAX) {
            prop_assert_eq!(parse(&i.to_string()).ok(), Some(Ast::Int(i)));
        }

        #[test]
        fn printed_strings_read_back(s in "[ -~\n\t\u{e9}\u{7f}\u{1b}]{0,40}") {
            let printed = Ast::Bin(s.as_bytes().into()).to_quoted_string();
            prop_assert_eq!(parse(&printed).ok(), Some(Ast::Bin(s.as_bytes().into())), "{}", printed);
        }
    }
}

#[test]
fn floats_are_written_as_elixir_writes_them() {
    let mut mismatches = Vec::new();
    let lines = include_str!("data/parse/floats.txt").lines();
    let mut count = 0;
    for line in lines {
        let mut fields = line.split(' ');
        let (Some(hex), Some(inspect), Some(short)) = (fields.next(), fields.next(), fields.next())
        else {
            panic!("bad line {line:?}");
        };
        let f = f64::from_bits(u64::from_str_radix(hex, 16).expect("hex bits"));
        let (got_inspect, got_short) = (
            otpsim::term::inspect_float(f),
            otpsim::term::float_to_string(f),
        );
        if got_inspect != inspect || got_short != short {
            mismatches.push(format!(
                "{f:e}: want {inspect} / {short}, got {got_inspect} / {got_short}"
            ));
        }
        count += 1;
    }
    assert!(count > 4000, "floats.txt has {count} lines");
    assert!(
        mismatches.is_empty(),
        "{} floats differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// Ad-hoc: `LANG_EXTRA_CASES=dir` compares `dir/cases.txt` with
/// `dir/expected.txt` (written by a copy of gen.exs), e.g. for random
/// token soups too many to keep in the repository.
#[test]
fn extra_cases_when_given() {
    let Ok(dir) = std::env::var("LANG_EXTRA_CASES") else {
        return;
    };
    let text = std::fs::read_to_string(format!("{dir}/cases.txt")).expect("cases.txt");
    let expected = std::fs::read_to_string(format!("{dir}/expected.txt")).expect("expected.txt");
    let cases = cases_of(&text);
    let mut bad = Vec::new();
    for (case, want) in cases.iter().zip(expected.lines()) {
        let got = line(case);
        if got != want {
            bad.push(format!("{case:?}\n  want: {want}\n  got:  {got}"));
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {} differ:\n{}",
        bad.len(),
        cases.len(),
        bad.join("\n")
    );
}

/// Ad-hoc: `LANG_REAL_SOURCES=dir` compares every `dir/*.ex` with its
/// `.expected` (written by Elixir the way gen.exs writes a case).
#[test]
fn real_sources_when_given() {
    let Ok(dir) = std::env::var("LANG_REAL_SOURCES") else {
        return;
    };
    let mut bad = Vec::new();
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("dir") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("ex") {
            continue;
        }
        let source = std::fs::read_to_string(&path).expect("source");
        let want = std::fs::read_to_string(path.with_extension("ex.expected")).expect("expected");
        let got = match parse(&source) {
            Ok(ast) => format!("OK {}", ast.to_quoted_string()),
            Err(e) => format!("ERR {e}"),
        };
        n += 1;
        if got != want {
            let at = got
                .bytes()
                .zip(want.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let lo = at.saturating_sub(150);
            bad.push(format!(
                "{}:\n  want …{}\n  got  …{}",
                path.display(),
                want.get(lo..(at + 150).min(want.len())).unwrap_or(""),
                got.get(lo..(at + 150).min(got.len())).unwrap_or("")
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {n} files differ:\n{}",
        bad.len(),
        bad.join("\n")
    );
}
