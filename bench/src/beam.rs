//! The BEAM side of the user-code workloads: the module of `user.ex` and
//! the same chunks, run by real Elixir when `elixir` is on PATH.
//!
//! [`run`] writes `user.ex`, the driver `user_beam.exs` and the workloads
//! (one tab-separated line each) into a temporary directory, runs
//! `elixir --erl "+S 1" user_beam.exs` there (one scheduler, as the
//! simulation runs on one thread) and reads the numbers it prints.

use crate::user::{Workload, MODULE};
use crate::Run;
use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::process::Command;
use std::time::Duration;

const DRIVER: &str = include_str!("user_beam.exs");

/// What the BEAM measured.
#[derive(Clone, Debug, Default)]
pub struct Beam {
    /// Elixir's version, e.g. `1.14.0`.
    pub elixir: String,
    /// The OTP release, e.g. `25`.
    pub otp: String,
    /// Timed runs, by workload name.
    pub runs: BTreeMap<String, Vec<Run>>,
    /// Bytes per operation, by workload name (memory workloads).
    pub bytes_per_op: BTreeMap<String, f64>,
}

impl Beam {
    /// The best rate of a workload's runs.
    pub fn best_rate(&self, name: &str) -> Option<f64> {
        let runs = self.runs.get(name)?;
        runs.iter().map(Run::rate).reduce(f64::max)
    }
}

/// Runs `workloads` (`runs` times each) on the BEAM. `Err` says why not:
/// `elixir` is not on PATH, or the run failed.
pub fn run(workloads: &[Workload], runs: u32) -> Result<Beam, String> {
    match Command::new("elixir").arg("--version").output() {
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return Err("`elixir` is not on PATH".into());
        }
        Err(e) => return Err(format!("`elixir --version` failed: {e}")),
        Ok(_) => {}
    }
    let dir = std::env::temp_dir().join(format!("otpsim-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let result = run_in(&dir, workloads, runs);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn run_in(dir: &std::path::Path, workloads: &[Workload], runs: u32) -> Result<Beam, String> {
    let tsv: String = workloads
        .iter()
        .map(|w| {
            let fields = [
                w.kind.word(),
                w.name,
                &w.ops.to_string(),
                &runs.to_string(),
                &w.setup,
                &w.call,
                &w.teardown,
                &w.expect,
            ];
            assert!(fields.iter().all(|f| !f.contains(['\t', '\n'])));
            fields.join("\t") + "\n"
        })
        .collect();
    for (name, text) in [
        ("user.ex", MODULE),
        ("user_beam.exs", DRIVER),
        ("workloads.tsv", tsv.as_str()),
    ] {
        std::fs::write(dir.join(name), text).map_err(|e| format!("writing {name}: {e}"))?;
    }
    let out = Command::new("elixir")
        .args(["--erl", "+S 1", "user_beam.exs"])
        .current_dir(dir)
        .output()
        .map_err(|e| format!("running elixir: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "elixir exited with {}:\n{stdout}{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    parse(&stdout)
}

/// Reads the driver's lines (see `user_beam.exs`).
fn parse(stdout: &str) -> Result<Beam, String> {
    let mut beam = Beam::default();
    for line in stdout.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let number = |i: usize| -> Result<u64, String> {
            words
                .get(i)
                .and_then(|w| w.parse().ok())
                .ok_or_else(|| format!("unexpected line from elixir: {line:?}"))
        };
        match words.first() {
            Some(&"version") if words.len() == 3 => {
                beam.elixir = words[1].into();
                beam.otp = words[2].into();
            }
            Some(&"time") => {
                let (ops, micros) = (number(2)?, number(3)?);
                beam.runs.entry(words[1].into()).or_default().push(Run {
                    ops,
                    elapsed: Duration::from_micros(micros.max(1)),
                    allocs: 0,
                });
            }
            Some(&"memory") => {
                let ops = number(2)?;
                let bytes: i64 = words
                    .get(3)
                    .and_then(|w| w.parse().ok())
                    .ok_or_else(|| format!("unexpected line from elixir: {line:?}"))?;
                beam.bytes_per_op
                    .insert(words[1].into(), bytes as f64 / ops.max(1) as f64);
            }
            // Anything else the workloads print.
            _ => {}
        }
    }
    Ok(beam)
}
