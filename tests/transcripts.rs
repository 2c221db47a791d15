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

#[path = "common/transcript.rs"]
mod transcript;

use std::collections::BTreeMap;
use std::path::Path;
use transcript::{run, Normalizer};

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
