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
