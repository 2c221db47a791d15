//! `otpsim` — the command line: a console on a simulated cluster.
//!
//! ```text
//! otpsim console [--seed N]     read lines from stdin, print one result per line
//! otpsim eval 'EXPR' [--seed N] evaluate one line and print its result
//! otpsim hash --from K --to K2 [--strategy S|all] [--keys N] [--csv]
//!                               how many keys move when K changes
//! otpsim kv [--nodes N] [--listen ADDR] [--seed N] [--verbose]
//!                               serve the KV protocol on stdin/stdout or TCP
//! ```

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use clap::{Parser, Subcommand, ValueEnum};
    use otpsim::console::{reader::Read, Console, Output, Reader};
    use otpsim::shard::{self, Kind};
    use std::io::{BufRead, IsTerminal, Read as _, Write};
    use std::num::NonZeroU32;

    /// An Erlang/OTP cluster simulation you can type at.
    #[derive(Parser)]
    #[command(name = "otpsim", version, about)]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Read console lines from stdin and print each result.
        Console {
            /// Seed of the world's random number generator.
            #[arg(long, default_value_t = 0)]
            seed: u64,
        },
        /// Evaluate one line and print its result.
        Eval {
            /// The line, e.g. 'Fleet.start_users(1..3)'.
            expr: String,
            /// Seed of the world's random number generator.
            #[arg(long, default_value_t = 0)]
            seed: u64,
        },
        /// Run a console script from stdin (or a built-in scenario) and print
        /// its trace as JSON, a Mermaid sequence diagram or a ShiViz log.
        Export {
            /// Output format.
            #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
            format: ExportFormat,
            /// Run this built-in scenario instead of reading stdin.
            #[arg(long)]
            scenario: Option<String>,
            /// Seed of the world's random number generator (a scenario has its own).
            #[arg(long, default_value_t = 0)]
            seed: u64,
            /// Export the last N events only.
            #[arg(long, default_value_t = 10_000)]
            last: usize,
        },
        /// Run a console script on many seeds, checking the cluster's invariants
        /// after every chunk; print the seeds that break one, with share links.
        Sweep {
            /// The console script (a file of chunks, as `console` reads them).
            script: std::path::PathBuf,
            /// Seeds to run, `FIRST..LAST` (both included).
            #[arg(long, default_value = "1..100", value_parser = seed_range)]
            seeds: (u64, u64),
            /// A file holding a `Sim.nemesis/1` schedule, given after the first chunk.
            #[arg(long)]
            nemesis: Option<std::path::PathBuf>,
            /// Threads (default: one per core).
            #[arg(long)]
            jobs: Option<usize>,
            /// The page's address, put before each share link's `#...`.
            #[arg(long, default_value = "")]
            base: String,
            /// Shrink the first breaking seed's run: drop faults and chunks
            /// while it still breaks, and print what is left.
            #[arg(long)]
            shrink: bool,
        },
        /// Count the keys 1..=N that change shard when K goes from --from to --to.
        Hash {
            /// Placement strategy, or `all` for the four side by side.
            #[arg(long, value_enum, default_value_t = StrategyArg::All)]
            strategy: StrategyArg,
            /// Shard count before (1..=100000).
            #[arg(long, value_parser = shard_count)]
            from: NonZeroU32,
            /// Shard count after (1..=100000).
            #[arg(long, value_parser = shard_count)]
            to: NonZeroU32,
            /// Number of keys (the integers 1..=N).
            #[arg(long, default_value_t = 1_000_000)]
            keys: u32,
            /// Print a CSV header and one row per strategy.
            #[arg(long)]
            csv: bool,
        },
        /// Serve the KV store's text protocol (seed 003) on stdin/stdout or TCP.
        Kv {
            /// Nodes in the cluster: a@sim, b@sim, ..., all connected.
            #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=256))]
            nodes: u16,
            /// Listen on this TCP address (e.g. 127.0.0.1:4040) instead of stdin.
            #[arg(long)]
            listen: Option<String>,
            /// Seed of the world's random number generator.
            #[arg(long, default_value_t = 0)]
            seed: u64,
            /// Print each request's route to stderr.
            #[arg(long)]
            verbose: bool,
        },
    }

    /// `--seeds FIRST..LAST`: at most a million seeds.
    fn seed_range(text: &str) -> Result<(u64, u64), String> {
        let (a, b) = text
            .split_once("..")
            .ok_or_else(|| "expected FIRST..LAST, e.g. 1..500".to_string())?;
        let a: u64 = a.trim().parse().map_err(|_| format!("not a seed: {a:?}"))?;
        let b: u64 = b.trim().parse().map_err(|_| format!("not a seed: {b:?}"))?;
        if b < a || b - a >= 1_000_000 {
            return Err("expected FIRST <= LAST and at most 1000000 seeds".into());
        }
        Ok((a, b))
    }

    /// What `otpsim sweep` was asked to do.
    struct SweepArgs<'a> {
        script: &'a std::path::Path,
        seeds: (u64, u64),
        nemesis: Option<&'a std::path::Path>,
        jobs: Option<usize>,
        base: &'a str,
        shrink: bool,
    }

    /// `otpsim sweep`: true when no seed broke an invariant.
    fn sweep(out: &mut impl Write, args: &SweepArgs<'_>) -> Result<bool, String> {
        let SweepArgs {
            script,
            seeds,
            nemesis,
            jobs,
            base,
            shrink,
        } = *args;
        use otpsim::cluster::sweep;
        let read = |p: &std::path::Path| {
            std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))
        };
        let script = read(script)?;
        let schedule = nemesis.map(read).transpose()?;
        let plan = sweep::Plan::new(&script, schedule.as_deref())?;
        let chunks = plan.chunks();
        let jobs = jobs.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        });
        let start = std::time::Instant::now();
        let runs = sweep::sweep(&chunks, seeds.0..=seeds.1, jobs);
        let took = start.elapsed().as_secs_f64();
        let mut broken = 0;
        for run in &runs {
            let Some(b) = &run.broken else { continue };
            broken += 1;
            let w = |e: std::io::Error| e.to_string();
            writeln!(
                out,
                "seed {}: broken after chunk {} ({}):",
                run.seed,
                b.chunk,
                b.text.lines().next().unwrap_or("")
            )
            .map_err(w)?;
            for v in &b.violations {
                writeln!(out, "  {v}").map_err(w)?;
            }
            writeln!(out, "  {base}{}", b.link).map_err(w)?;
        }
        if let (true, Some(first)) = (shrink, runs.iter().find(|r| r.broken.is_some())) {
            let small = sweep::shrink(&plan, first.seed);
            let w = |e: std::io::Error| e.to_string();
            writeln!(
                out,
                "seed {} shrunk to {} chunk(s) and {} fault(s):",
                first.seed,
                small.script.len(),
                small.faults.len()
            )
            .map_err(w)?;
            let again = sweep::run_seed(&small.chunks(), first.seed);
            for chunk in small.chunks() {
                writeln!(out, "  {}", chunk.replace('\n', "\n  ")).map_err(w)?;
            }
            if let Some(b) = again.broken {
                writeln!(out, "  {base}{}", b.link).map_err(w)?;
            }
        }
        writeln!(
            out,
            "{broken} of {} seeds broke an invariant ({:.1} seeds/s on {} threads)",
            runs.len(),
            runs.len() as f64 / took.max(1e-9),
            jobs.min(runs.len()).max(1)
        )
        .map_err(|e| e.to_string())?;
        Ok(broken == 0)
    }

    /// `otpsim export --format`.
    #[derive(Clone, Copy, ValueEnum)]
    enum ExportFormat {
        /// `otpsim-trace/1` JSON (schema in `src/view/export.rs`).
        Json,
        /// A Mermaid `sequenceDiagram`.
        Mermaid,
        /// A ShiViz log (regex line, delimiter line, then the events).
        Shiviz,
    }

    /// `otpsim export`: runs the script, then writes the trace. A line that
    /// fails is reported on stderr and the rest still run, as in a console.
    fn export(
        out: &mut impl Write,
        format: ExportFormat,
        scenario: Option<&str>,
        seed: u64,
        last: usize,
    ) -> Result<(), String> {
        use otpsim::view::export;
        let (seed, script) = match scenario {
            Some(name) => {
                let s = otpsim::scenarios::find(name).ok_or_else(|| {
                    let names: Vec<&str> = otpsim::scenarios::ALL.iter().map(|s| s.name).collect();
                    format!("no scenario {name:?}; try one of {}", names.join(", "))
                })?;
                (s.seed, s.script.to_string())
            }
            None => {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut bytes)
                    .map_err(|e| format!("cannot read input: {e}"))?;
                let text =
                    String::from_utf8(bytes).map_err(|_| "invalid UTF-8 in input".to_string())?;
                (seed, text)
            }
        };
        let mut console = Console::new(seed);
        for (i, chunk) in Reader::chunks(&script).iter().enumerate() {
            let output = console.eval_line(chunk);
            if !output.ok {
                eprintln!("** (otpsim) chunk {}: {}", i + 1, output.full);
            }
        }
        let world = console.world();
        let text = match format {
            ExportFormat::Json => serde_json::to_string_pretty(&export::json(world, last))
                .map_err(|e| e.to_string())?,
            ExportFormat::Mermaid => export::mermaid(world, last),
            ExportFormat::Shiviz => export::shiviz(world, last),
        };
        writeln!(out, "{text}").map_err(|e| e.to_string())
    }

    /// `--strategy`: one of [`Kind`], or all of them.
    #[derive(Clone, Copy, ValueEnum)]
    enum StrategyArg {
        Rendezvous,
        Jump,
        Ring,
        Modulo,
        All,
    }

    impl StrategyArg {
        fn kinds(self) -> Vec<Kind> {
            match self {
                StrategyArg::Rendezvous => vec![Kind::Rendezvous],
                StrategyArg::Jump => vec![Kind::Jump],
                StrategyArg::Ring => vec![Kind::Ring],
                StrategyArg::Modulo => vec![Kind::Modulo],
                StrategyArg::All => Kind::ALL.to_vec(),
            }
        }
    }

    /// The most shards `otpsim hash` places keys on (a ring of 100000
    /// shards already holds 10 million points).
    const MAX_SHARDS: u32 = 100_000;

    /// `--from` and `--to`: a shard count in `1..=MAX_SHARDS`.
    fn shard_count(text: &str) -> Result<NonZeroU32, String> {
        text.parse::<u32>()
            .ok()
            .filter(|k| *k <= MAX_SHARDS)
            .and_then(NonZeroU32::new)
            .ok_or_else(|| format!("a shard count is a whole number in 1..={MAX_SHARDS}"))
    }

    /// `otpsim hash`: one line (or CSV row) per strategy.
    fn hash(
        out: &mut impl Write,
        kinds: &[Kind],
        from: NonZeroU32,
        to: NonZeroU32,
        keys: u32,
        csv: bool,
    ) -> std::io::Result<()> {
        if csv {
            writeln!(out, "strategy,from,to,keys,minimum,moved")?;
        }
        for &kind in kinds {
            let m = shard::movement(kind, from, to, keys);
            let name = kind.name();
            if csv {
                writeln!(
                    out,
                    "{name},{from},{to},{},{},{}",
                    m.keys, m.minimum, m.moved
                )?;
            } else {
                writeln!(
                    out,
                    "{name:<10} {from} -> {to} shards, {} keys: moved {} (minimum {}, {:.4}x)",
                    m.keys,
                    m.moved,
                    m.minimum,
                    m.ratio()
                )?;
            }
        }
        Ok(())
    }

    fn print(out: &mut impl Write, output: &Output, full: bool) -> std::io::Result<()> {
        for line in &output.printed {
            writeln!(out, "{line}")?;
        }
        writeln!(out, "{}", if full { &output.full } else { &output.text })
    }

    /// The exit code of a command that either worked or failed with a
    /// message (printed to stderr, named after the command).
    fn finished(
        command: &str,
        result: Result<(), impl std::fmt::Display>,
    ) -> std::process::ExitCode {
        match result {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("** (otpsim) {command}: {e}");
                std::process::ExitCode::FAILURE
            }
        }
    }

    /// Runs the CLI; the exit code is 1 when `eval` fails.
    pub(crate) fn main() -> std::process::ExitCode {
        let cli = Cli::parse();
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        match cli.command {
            Command::Kv {
                nodes,
                listen,
                seed,
                verbose,
            } => finished(
                "kv",
                otpsim_cli::tcp::main(nodes.into(), listen.as_deref(), seed, verbose),
            ),
            Command::Export {
                format,
                scenario,
                seed,
                last,
            } => finished(
                "export",
                export(&mut out, format, scenario.as_deref(), seed, last),
            ),
            Command::Sweep {
                script,
                seeds,
                nemesis,
                jobs,
                base,
                shrink,
            } => match sweep(
                &mut out,
                &SweepArgs {
                    script: &script,
                    seeds,
                    nemesis: nemesis.as_deref(),
                    jobs,
                    base: &base,
                    shrink,
                },
            ) {
                Ok(true) => std::process::ExitCode::SUCCESS,
                Ok(false) => std::process::ExitCode::FAILURE,
                Err(e) => {
                    eprintln!("** (otpsim) sweep: {e}");
                    std::process::ExitCode::from(2)
                }
            },
            Command::Hash {
                strategy,
                from,
                to,
                keys,
                csv,
            } => match hash(&mut out, &strategy.kinds(), from, to, keys, csv) {
                Ok(()) => std::process::ExitCode::SUCCESS,
                Err(_) => std::process::ExitCode::FAILURE,
            },
            Command::Eval { expr, seed } => {
                let mut console = Console::new(seed);
                let output = console.eval_line(&expr);
                let _ = print(&mut out, &output, false);
                if output.ok {
                    std::process::ExitCode::SUCCESS
                } else {
                    std::process::ExitCode::FAILURE
                }
            }
            Command::Console { seed } => {
                let mut console = Console::new(seed);
                // A console left running keeps the newest events only, as
                // the page does: the trace would otherwise grow with every
                // virtual hour of gossip.
                console
                    .world_mut()
                    .set_trace_limit(Some(otpsim::kernel::CONSOLE_TRACE_LIMIT));
                let interactive = std::io::stdin().is_terminal();
                let stdin = std::io::stdin();
                let mut reader = stdin.lock();
                let mut count = 1;
                let mut buf = Vec::new();
                let mut chunks = Reader::new();
                loop {
                    if interactive {
                        let prompt = if chunks.is_pending() { "..." } else { "iex" };
                        let _ = write!(out, "{prompt}({count})> ");
                        let _ = out.flush();
                    }
                    buf.clear();
                    // Read bytes, not a String: invalid UTF-8 is an error line, not a crash.
                    match reader.read_until(b'\n', &mut buf) {
                        Ok(0) => {
                            // End of input with an unfinished expression: report it.
                            if let Some(pending) = chunks.take_pending() {
                                let output = console.eval_line(&pending);
                                let _ = print(&mut out, &output, interactive);
                            }
                            break;
                        }
                        Ok(_) => {}
                        Err(e) => {
                            let _ = writeln!(out, "** (otpsim) cannot read input: {e}");
                            break;
                        }
                    }
                    let line = match std::str::from_utf8(&buf) {
                        Ok(text) => text.trim_end_matches(['\n', '\r']).to_string(),
                        Err(_) => {
                            let _ = writeln!(
                                out,
                                "** (SyntaxError) iex:{count}: invalid UTF-8 in input"
                            );
                            count += 1;
                            continue;
                        }
                    };
                    if line.trim().is_empty() && !chunks.is_pending() {
                        continue;
                    }
                    // An unfinished expression waits for the next line, as iex does.
                    let Read::Chunk(chunk) = chunks.feed(&line) else {
                        continue;
                    };
                    let output = console.eval_line(&chunk);
                    if print(&mut out, &output, interactive).is_err() {
                        break;
                    }
                    count += 1;
                }
                std::process::ExitCode::SUCCESS
            }
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
