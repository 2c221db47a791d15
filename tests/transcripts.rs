//! The console against real iex: every program in `tests/transcripts/` is
//! typed into a fresh console chunk by chunk, and what it prints is
//! compared with what iex 1.14 printed (`NAME.out`, normalized as
//! `tests/transcripts/README.md` says: identities and stacktraces aside).
//!
//! Each file's count of matching chunks may only go up: the counts are
//! kept in `tests/data/transcripts_baseline.txt` (rewrite it with
//! `UPDATE_TRANSCRIPTS=1`). `TRANSCRIPT=NAME` prints that file's
//! differences; `TRANSCRIPT_TRACE=1` prints each chunk before it runs.
#![cfg(not(target_arch = "wasm32"))]

use otpsim::console::Console;
use regex::Regex;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// One chunk as iex read it, and what it printed.
struct Block {
    chunk: String,
    expected: Vec<String>,
}

fn blocks(out: &str) -> Vec<Block> {
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
struct Normalizer {
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
    fn new() -> Normalizer {
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

    fn apply(&self, text: &str) -> String {
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
fn run(name: &str, out: &str, norm: &Normalizer) -> (usize, usize, String) {
    let mut console = Console::bare(0);
    let mut matched = 0;
    let mut report = String::new();
    let all = blocks(out);
    let trace = std::env::var("TRANSCRIPT_TRACE").is_ok();
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

#[test]
fn transcripts_match_iex() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts");
    let baseline_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/transcripts_baseline.txt");
    let baseline: BTreeMap<String, usize> = std::fs::read_to_string(&baseline_path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let (name, n) = l.split_once(' ')?;
            Some((name.to_string(), n.parse().ok()?))
        })
        .collect();
    let only = std::env::var("TRANSCRIPT").ok();
    let norm = Normalizer::new();
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/transcripts")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "out"))
        .collect();
    names.sort();
    let mut results = BTreeMap::new();
    let mut regressions = Vec::new();
    let (mut total_matched, mut total) = (0, 0);
    for path in names {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        if only.as_ref().is_some_and(|o| !name.contains(o.as_str())) {
            continue;
        }
        let out = std::fs::read_to_string(&path).expect("transcript");
        let (matched, n, report) = run(&name, &out, &norm);
        total_matched += matched;
        total += n;
        println!("{name}: {matched}/{n}");
        if only.is_some() {
            println!("{report}");
        }
        if let Some(before) = baseline.get(&name) {
            if matched < *before {
                regressions.push(format!(
                    "{name}: {matched} chunks match, {before} did before\n{report}"
                ));
            }
        }
        results.insert(name, matched);
    }
    println!("all transcripts: {total_matched}/{total} chunks print what iex printed");
    if std::env::var("UPDATE_TRANSCRIPTS").is_ok() && only.is_none() {
        let text: String = results.iter().map(|(k, v)| format!("{k} {v}\n")).collect();
        std::fs::write(&baseline_path, text).expect("write baseline");
    }
    assert!(regressions.is_empty(), "{}", regressions.join("\n"));
}
