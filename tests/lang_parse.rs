#![cfg(not(target_arch = "wasm32"))]
//! `otpsim::lang::parse` against real Elixir 1.14.
//!
//! `tests/data/parse/cases.txt` holds snippets (separated by `#---` lines);
//! `tests/data/parse/expected.txt` has, for each, what
//! `Code.string_to_quoted(snippet, columns: true)` gave in Elixir 1.14
//! (written by `tests/data/parse/gen.exs`, see there for the format). Every
//! case must match; all mismatches are reported at once.
//!
//! Then property tests: no input panics, hangs or overflows the stack, and
//! every error has a line and column of at least 1; long inputs are fast.

use otpsim::lang::{parse, Ast, ParseError};

fn cases() -> Vec<String> {
    let text = include_str!("data/parse/cases.txt");
    let text = text.strip_suffix('\n').unwrap_or(text);
    text.split("\n#---\n").map(str::to_string).collect()
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
        "ERR {}:{} {} {}",
        e.line,
        e.column,
        message,
        inspect_string(&e.token)
    )
}

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
