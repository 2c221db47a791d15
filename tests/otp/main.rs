//! Kernel, OTP and console behaviour, checked through the console as a user
//! would type it. Expected outputs come from Elixir 1.14 on OTP 25 (pids aside).

mod console;
mod determinism;
mod fleet;
mod kernel;
mod registry;
mod supervisor;

use otpsim::console::{Console, Output};

/// A console on a fixed seed.
pub fn console() -> Console {
    Console::new(7)
}

/// Evaluates `line` and returns its output, failing the test on an error.
pub fn ok(c: &mut Console, line: &str) -> String {
    let out = c.eval_line(line);
    assert!(out.ok, "`{line}` failed: {}", out.full);
    out.text
}

/// Evaluates `line`, expecting an error, and returns the error's first line.
pub fn err(c: &mut Console, line: &str) -> Output {
    let out = c.eval_line(line);
    assert!(!out.ok, "`{line}` should fail but gave {}", out.text);
    out
}

/// Replaces every `#PID<a.b.c>` with `#PID<…>` so outputs compare without pids.
pub fn without_pids(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("#PID<") {
        out.push_str(&rest[..i]);
        out.push_str("#PID<…>");
        rest = rest[i..].split_once('>').map_or("", |(_, r)| r);
    }
    out.push_str(rest);
    out
}
