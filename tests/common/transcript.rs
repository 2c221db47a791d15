//! The transcript harness, shared by `tests/transcripts.rs` (natively,
//! every file) and `tests/browser.rs` (in the browser, the OTP ones): a
//! `.out` file made by real iex is split into chunks, each chunk is typed
//! into a fresh console, and what the console prints is normalized as
//! `gen.exs` normalized iex's output (identities and stacktraces aside).

use otpsim::console::Console;
use regex::Regex;
use std::fmt::Write as _;

/// One chunk as iex read it, and what it printed.
pub(crate) struct Block {
    pub(crate) chunk: String,
    pub(crate) expected: Vec<String>,
}

pub(crate) fn blocks(out: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut in_chunk = false;
    for line in out.lines() {
        if let Some(code) = line.strip_prefix("#> ") {
            if in_chunk {
                if let Some(b) = blocks.last_mut() {
                    b.chunk.push('\n');
                    b.chunk.push_str(code);
                }
            } else {
                blocks.push(Block {
                    chunk: code.to_string(),
                    expected: Vec::new(),
                });
            }
            in_chunk = true;
        } else {
            in_chunk = false;
            if let Some(b) = blocks.last_mut() {
                b.expected.push(line.to_string());
            }
        }
    }
    blocks
}

/// The normalization `gen.exs` applies, for our own output.
pub(crate) struct Normalizer {
    pid: Regex,
    bare_pid: Regex,
    reference: Regex,
    fun: Regex,
    beam: Regex,
    module: Regex,
    stack_indent: Regex,
    stack_app: Regex,
    stack_loc: Regex,
    stack_call: Regex,
    error_line: Regex,
}

impl Normalizer {
    pub(crate) fn new() -> Normalizer {
        let re = |s: &str| Regex::new(s).expect("test regex");
        Normalizer {
            pid: re(r"#PID<\d+\.\d+\.\d+>"),
            bare_pid: re(r"(^|[^\w#])<\d+\.\d+\.\d+>"),
            reference: re(r"#Reference<[\d.]+>"),
            fun: re(r"#Function<(\d+)\.\d+/(\d+) in "),
            beam: re(r"<<70, 79, 82, 49,[\d,\s]*(\.\.\.)?>>"),
            module: re(r"\{:module, ([^,\s]+),\s+<<…>>,\s+"),
            stack_indent: re(r"^((?:    )+)(\S.*)$"),
            stack_app: re(r"^\([a-z][a-z0-9_]* [0-9][^)]*\) "),
            stack_loc: re(r"^[^\s:]+:\d+: "),
            stack_call: re(
                r#"^(anonymous fn/\d+ in |expanding [a-z]+: )?:?"?[A-Za-z_][\w.@$"-]*\.("[^"]*"|[^\s(]+?)(/\d+|\(.*\))$"#,
            ),
            error_line: re(r"^\*\* \("),
        }
    }

    pub(crate) fn apply(&self, text: &str) -> String {
        let t = self.beam.replace_all(text, "<<…>>");
        let t = self.module.replace_all(&t, "{:module, $1, <<…>>, ");
        let t = self.pid.replace_all(&t, "#PID<…>");
        let t = self.bare_pid.replace_all(&t, "$1<…>");
        let t = self.reference.replace_all(&t, "#Reference<…>");
        let t = self.fun.replace_all(&t, "#Function<$1.…/$2 in ");
        let lines: Vec<&str> = t.lines().map(str::trim_end).collect();
        // Stacktraces go, as gen.exs drops them from what iex printed.
        let mut kept = Vec::new();
        let (mut prev, mut in_stack) = ("", false);
        for line in &lines {
            let opens = prev.is_empty() || self.error_line.is_match(prev.trim_start());
            let flag = self.stack_entry(line) && (in_stack || opens);
            if !flag {
                kept.push(*line);
            }
            prev = line;
            in_stack = flag;
        }
        kept.join("\n")
    }

    /// A line shaped as `Exception.format_stacktrace_entry/1` shapes one,
    /// indented by a multiple of four spaces (gen.exs's rule).
    fn stack_entry(&self, line: &str) -> bool {
        match self.stack_indent.captures(line) {
            Some(c) => {
                let rest = c.get(2).map_or("", |m| m.as_str());
                self.stack_app.is_match(rest)
                    || self.stack_loc.is_match(rest)
                    || self.stack_call.is_match(rest)
            }
            None => false,
        }
    }
}

/// Runs one transcript; returns how many chunks matched, the total, and a
/// report of the differences.
pub(crate) fn run(name: &str, out: &str, norm: &Normalizer) -> (usize, usize, String) {
    let mut console = Console::bare(0);
    let mut matched = 0;
    let mut report = String::new();
    let all = blocks(out);
    let trace = cfg!(not(target_arch = "wasm32")) && std::env::var("TRANSCRIPT_TRACE").is_ok();
    for b in &all {
        if trace {
            eprintln!("#> {}", b.chunk);
        }
        let output = console.eval_line(&b.chunk);
        let mut got: Vec<String> = output.printed.clone();
        got.push(output.full.clone());
        let got = norm.apply(&got.join("\n"));
        let got: Vec<String> = got.lines().map(str::to_string).collect();
        let want: Vec<String> = b
            .expected
            .iter()
            .map(|l| l.trim_end().to_string())
            .collect();
        // iex prints nothing for an empty stacktrace's blank line at the end.
        let trim = |v: &[String]| -> Vec<String> {
            let mut v = v.to_vec();
            while v.last().is_some_and(|l| l.is_empty()) {
                v.pop();
            }
            v
        };
        if trim(&got) == trim(&want) {
            matched += 1;
        } else {
            let _ = writeln!(
                report,
                "--- {name}: {}\n    want: {}\n    got:  {}",
                b.chunk.replace('\n', "\n          "),
                want.join("\n          "),
                got.join("\n          ")
            );
        }
    }
    (matched, all.len(), report)
}
