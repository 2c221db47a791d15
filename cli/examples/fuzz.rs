//! The fuzz script's driver (`scripts/fuzz`): feeds generated and mutated
//! console input to fresh consoles with the default limits, batch after
//! batch, and counts what must never happen.
//!
//! ```text
//! cargo run --release --example fuzz -- [--seconds 420] [--seed 1] [--slow-ms 3000]
//! ```
//!
//! Each batch runs in a fresh console: the known reproducers (lines that
//! once ran for seconds, took gigabytes or panicked), a fragment soup, a
//! generated program, or a mutated learner program (the generators of
//! `tests/common/gen.rs`, shared with the fuzz tests). A panic is caught
//! with `catch_unwind` and counted; a line that takes longer than
//! `--slow-ms` of wall time counts as past its budget. Prints lines fed,
//! panics, lines past budget, the slowest line and the peak RSS; exits
//! non-zero when a panic or a slow line was seen.

#[cfg(not(target_arch = "wasm32"))]
#[path = "../../tests/common/gen.rs"]
mod gen;

#[cfg(not(target_arch = "wasm32"))]
mod driver {
    use super::gen;
    use otpsim::console::{Console, Reader};
    use proptest::strategy::{Strategy, ValueTree};
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    use std::panic::{catch_unwind, AssertUnwindSafe};
    use std::time::{Duration, Instant};

    /// Lines that once ran for seconds, took gigabytes or panicked.
    const REPRODUCERS: &[&[&str]] = &[
        &[
            "Application.put_env(:shards, :k, 9223372036854775807); Shards.put(1, 1)",
            "Process.sleep(4294967296)",
        ],
        &["Sim.crash_node(:\"a@sim\")", "KV.command(\"CREATE x\")"],
        &[
            "Application.put_env(:kv, :routing_table, [{1, 2}])",
            "KV.router(:table); KV.command(\"CREATE x\")",
        ],
        &["Enum.to_list(1..200_000) -- Enum.to_list(1..200_000)"],
        &["Enum.reduce(1..40, \"x\", fn _, a -> a <> a end)"],
        &["l = Enum.to_list(1..1_000_000); for _ <- 1..10, do: length(Enum.sort(l))"],
        &["for _ <- 1..10, do: Shards.movement(:ring, 10000, 10000, 2_000_000)"],
        &["l = Enum.to_list(1..5_000_000); length(l ++ l ++ l ++ l ++ l)"],
        &["m = Map.new(Enum.zip(1..2_000_000, 1..2_000_000)); map_size(Map.merge(m, m))"],
        &["Enum.reduce(1..100, [], fn _, a -> List.duplicate(1, 1_000_000) ++ a end) |> length()"],
    ];

    struct Args {
        seconds: u64,
        seed: u64,
        slow: Duration,
    }

    fn args() -> Args {
        let mut a = Args {
            seconds: 420,
            seed: 1,
            slow: Duration::from_millis(3_000),
        };
        let argv: Vec<String> = std::env::args().skip(1).collect();
        for pair in argv.chunks(2) {
            let value = pair.get(1).and_then(|v| v.parse::<u64>().ok());
            match (pair[0].as_str(), value) {
                ("--seconds", Some(v)) => a.seconds = v,
                ("--seed", Some(v)) => a.seed = v,
                ("--slow-ms", Some(v)) => a.slow = Duration::from_millis(v),
                _ => {
                    eprintln!("usage: fuzz [--seconds N] [--seed N] [--slow-ms N]");
                    std::process::exit(2);
                }
            }
        }
        a
    }

    pub(crate) use otpsim_cli::proc_status::status_kib;

    #[derive(Default)]
    struct Counts {
        batches: u64,
        lines: u64,
        panics: u64,
        slow: u64,
        slowest: Duration,
        slowest_line: String,
    }

    fn sample<S: Strategy>(runner: &mut TestRunner, s: &S) -> Option<S::Value> {
        s.new_tree(runner).ok().map(|t| t.current())
    }

    fn batch(runner: &mut TestRunner, i: u64) -> Vec<String> {
        let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        match i % 4 {
            0 => owned(REPRODUCERS[(i / 4) as usize % REPRODUCERS.len()]),
            1 => sample(runner, &proptest::collection::vec(gen::line(), 1..8)).unwrap_or_default(),
            2 => sample(runner, &gen::program()).unwrap_or_default(),
            _ => sample(runner, &gen::mutated())
                .map(|(_, text)| Reader::chunks(&text))
                .unwrap_or_default(),
        }
    }

    fn run_batch(lines: &[String], seed: u64, slow: Duration, counts: &mut Counts) {
        let mut fed = 0;
        let mut times = Vec::new();
        let ran = catch_unwind(AssertUnwindSafe(|| {
            let mut c = Console::new(seed);
            for line in lines.iter().map(String::as_str).chain(["1 + 1"]) {
                let start = Instant::now();
                let _ = c.eval_line(line);
                times.push((start.elapsed(), line.to_string()));
                fed += 1;
            }
        }));
        counts.batches += 1;
        counts.lines += fed;
        if ran.is_err() {
            counts.panics += 1;
            eprintln!("fuzz: PANIC in batch {lines:?}");
        }
        for (took, line) in times {
            if took > slow {
                counts.slow += 1;
                eprintln!("fuzz: slow line ({took:?}): {line}");
            }
            if took > counts.slowest {
                counts.slowest = took;
                counts.slowest_line = line;
            }
        }
    }

    pub(crate) fn main() {
        let a = args();
        let mut runner = TestRunner::new_with_rng(
            Config::default(),
            TestRng::from_seed(RngAlgorithm::ChaCha, &{
                let mut seed = [0u8; 32];
                seed[..8].copy_from_slice(&a.seed.to_le_bytes());
                seed
            }),
        );
        let started = Instant::now();
        let deadline = Duration::from_secs(a.seconds);
        let mut counts = Counts::default();
        let mut i = 0;
        let mut last_report = Instant::now();
        while started.elapsed() < deadline {
            let lines = batch(&mut runner, i);
            run_batch(&lines, a.seed.wrapping_add(i), a.slow, &mut counts);
            i += 1;
            if last_report.elapsed() > Duration::from_secs(30) {
                last_report = Instant::now();
                println!(
                    "fuzz: {:>4}s batches {} lines {} panics {} past-budget {} rss {} MiB",
                    started.elapsed().as_secs(),
                    counts.batches,
                    counts.lines,
                    counts.panics,
                    counts.slow,
                    status_kib("VmRSS:") / 1024
                );
            }
        }
        println!("fuzz: seconds          {}", started.elapsed().as_secs());
        println!("fuzz: batches          {}", counts.batches);
        println!("fuzz: lines fed        {}", counts.lines);
        println!("fuzz: panics           {}", counts.panics);
        println!(
            "fuzz: past budget      {} (lines over {} ms of wall time)",
            counts.slow,
            a.slow.as_millis()
        );
        println!(
            "fuzz: slowest line     {} ms: {}",
            counts.slowest.as_millis(),
            counts.slowest_line.chars().take(100).collect::<String>()
        );
        println!("fuzz: peak RSS         {} MiB", status_kib("VmHWM:") / 1024);
        if counts.panics > 0 || counts.slow > 0 {
            std::process::exit(1);
        }
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    driver::main();
}
