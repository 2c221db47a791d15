//! Seed sweeps (`otpsim sweep`): the same console script, optionally
//! after a `Sim.nemesis/1` schedule, run on many seeds, with the cluster's
//! invariants ([`super::invariants::check`], what `Sim.check()` judges)
//! and the linearizability of the KV store's client history (what
//! `Sim.linearizable()` judges) checked after every chunk, and the live
//! invariants the script watches (`Sim.invariant/2`) after every event
//! they ask for. A seed that breaks one is reported with the
//! first chunk after which it was broken and a share link that replays the
//! run up to there in the page.
//!
//! Every seed runs in its own world, so seeds are spread over threads
//! natively (each thread builds its own worlds; nothing is shared but the
//! atom table) and run one after another in the browser. The report is in
//! seed order whatever the threads did.

use crate::console::session::Input;
use crate::console::{Console, Reader};
use crate::page::share::{self, Shared};

/// What one seed did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeedRun {
    /// The seed.
    pub seed: u64,
    /// The first break, if any.
    pub broken: Option<Broken>,
}

/// The first chunk after which an invariant did not hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broken {
    /// Its number in the run, from 1 (the nemesis schedule, when given,
    /// is chunk 2).
    pub chunk: usize,
    /// The chunk's text.
    pub text: String,
    /// What `Sim.check()` would say.
    pub violations: Vec<String>,
    /// A share link fragment (`#seed=…&in=…`) that replays the run to there.
    pub link: String,
}

/// The chunks a run evaluates: the script's, as iex would read them, with
/// `Sim.nemesis(<schedule>)` after the first when a schedule is given (the
/// first chunk is expected to build the cluster the schedule names; its
/// times count from there). A script that wants its faults elsewhere calls
/// `Sim.nemesis/1` itself.
pub fn chunks(script: &str, nemesis: Option<&str>) -> Vec<String> {
    with_schedule(Reader::chunks(script), nemesis.map(str::trim))
}

/// `chunks` with `Sim.nemesis(<schedule>)` after the first, if any.
fn with_schedule(mut chunks: Vec<String>, schedule: Option<&str>) -> Vec<String> {
    if let Some(schedule) = schedule {
        let at = chunks.len().min(1);
        chunks.insert(at, format!("Sim.nemesis({schedule})"));
    }
    chunks
}

/// A run's input taken apart for shrinking: the script's chunks and the
/// schedule's faults, each an Elixir term in source form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The script's chunks.
    pub script: Vec<String>,
    /// The schedule's entries (`{after_ms, fault}`), empty when none.
    pub faults: Vec<String>,
}

impl Plan {
    /// Reads `script` and the schedule text (an Elixir list, evaluated in a
    /// bare console to take it apart; a bad one is an error).
    pub fn new(script: &str, nemesis: Option<&str>) -> Result<Plan, String> {
        let faults = match nemesis {
            None => Vec::new(),
            Some(text) => {
                let mut c = Console::bare(0);
                let out = c.eval_line(text);
                let entries = out
                    .value
                    .filter(|_| out.ok)
                    .and_then(|v| v.list_to_vec())
                    .ok_or_else(|| format!("the schedule is not a list: {}", out.full))?;
                entries.iter().map(crate::term::inspect).collect()
            }
        };
        Ok(Plan {
            script: Reader::chunks(script),
            faults,
        })
    }

    /// The chunks a run evaluates (as [`chunks`] makes them).
    pub fn chunks(&self) -> Vec<String> {
        let schedule = format!("[{}]", self.faults.join(", "));
        with_schedule(
            self.script.clone(),
            (!self.faults.is_empty()).then_some(schedule.as_str()),
        )
    }
}

/// A smaller plan that still breaks something on `seed`: faults, then
/// chunks, are taken out one at a time while the run still breaks, until
/// none can go (the first chunk, which builds the cluster, stays while
/// faults remain). `plan` itself when it does not break.
pub fn shrink(plan: &Plan, seed: u64) -> Plan {
    let mut shrinker = Shrinker::new(plan.clone(), seed);
    while !shrinker.step(u64::MAX) {}
    shrinker.best().clone()
}

/// [`shrink`] run a little at a time (the page's, within its frames):
/// each trial is a [`Sweeper`] of the one seed.
pub struct Shrinker {
    seed: u64,
    best: Plan,
    /// The candidates left in this pass, next last: `(true, i)` drops
    /// fault `i`, `(false, i)` drops chunk `i`.
    todo: Vec<(bool, usize)>,
    /// Whether this pass's chunk candidates were queued (after its faults).
    chunks_queued: bool,
    /// Whether this pass took anything out.
    changed: bool,
    /// The trial under way.
    trial: Option<Trial>,
    /// How many runs were made.
    trials: usize,
    /// False until the whole plan was seen to break.
    breaks: bool,
    done: bool,
}

/// One run of a [`Shrinker`]: the whole plan (first) or a candidate.
struct Trial {
    whole: bool,
    plan: Plan,
    run: Sweeper,
}

impl Shrinker {
    /// A shrink of `plan` on `seed`; its first trial runs `plan` whole.
    pub fn new(plan: Plan, seed: u64) -> Shrinker {
        let whole = Sweeper::new(plan.chunks(), seed, seed);
        Shrinker {
            seed,
            trial: Some(Trial {
                whole: true,
                plan: plan.clone(),
                run: whole,
            }),
            best: plan,
            todo: Vec::new(),
            chunks_queued: false,
            changed: false,
            trials: 0,
            breaks: false,
            done: false,
        }
    }

    /// The smallest plan found so far.
    pub fn best(&self) -> &Plan {
        &self.best
    }

    /// The seed it runs on.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// How many runs were made so far.
    pub fn trials(&self) -> usize {
        self.trials
    }

    /// True once no candidate is left (or the whole plan did not break).
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Whether the whole plan broke something (known after its run).
    pub fn breaks(&self) -> bool {
        self.breaks
    }

    /// Runs at most `steps` steps of the trial under way, starting the
    /// next when one ends. True when the shrink is done.
    pub fn step(&mut self, steps: u64) -> bool {
        if self.done {
            return true;
        }
        let Some(trial) = self.trial.as_mut() else {
            self.next_trial();
            return self.done;
        };
        if !trial.run.step(steps) {
            return false;
        }
        self.trials += 1;
        let broke = trial.run.runs().first().is_some_and(|r| r.broken.is_some());
        let Some(trial) = self.trial.take() else {
            return self.done;
        };
        match (trial.whole, broke) {
            (true, false) => self.done = true,
            (true, true) => {
                self.breaks = true;
                self.start_pass();
            }
            (false, true) => {
                self.best = trial.plan;
                self.changed = true;
            }
            (false, false) => {}
        }
        self.done
    }

    /// A pass over `best`: its faults from the last; then (see
    /// [`Shrinker::next_trial`]) its chunks from the last.
    fn start_pass(&mut self) {
        self.changed = false;
        self.chunks_queued = false;
        // Popped from the end: the last fault first.
        self.todo = (0..self.best.faults.len()).map(|i| (true, i)).collect();
    }

    /// Starts the next candidate's run, or a new pass, or ends.
    fn next_trial(&mut self) {
        loop {
            let Some((fault, i)) = self.todo.pop() else {
                if !self.chunks_queued {
                    // The chunks, from the last; the first stays while
                    // faults remain (it builds the cluster they name).
                    self.chunks_queued = true;
                    let keep_first = usize::from(!self.best.faults.is_empty());
                    self.todo = (keep_first..self.best.script.len())
                        .map(|i| (false, i))
                        .collect();
                    continue;
                }
                if self.changed {
                    self.start_pass();
                    continue;
                }
                self.done = true;
                return;
            };
            let mut plan = self.best.clone();
            let list = if fault {
                &mut plan.faults
            } else {
                &mut plan.script
            };
            if i >= list.len() {
                continue;
            }
            list.remove(i);
            let run = Sweeper::new(plan.chunks(), self.seed, self.seed);
            self.trial = Some(Trial {
                whole: false,
                plan,
                run,
            });
            return;
        }
    }
}

/// Runs `chunks` on `seed`, checking the invariants after each.
pub fn run_seed(chunks: &[String], seed: u64) -> SeedRun {
    // A sweep of the one seed, each line run to its end at once.
    let mut one = Sweeper::new(chunks.to_vec(), seed, seed);
    while !one.step(u64::MAX) {}
    one.runs.pop().unwrap_or(SeedRun { seed, broken: None })
}

/// What broke after chunk `i` of `chunks` ran on `seed`, if anything:
/// the invariants `Sim.check()` judges, the KV history's linearizability,
/// and the live invariants the script watches.
fn judge(console: &Console, chunks: &[String], i: usize, seed: u64) -> Option<Broken> {
    let mut violations = super::invariants::check(console.world(), true);
    // Live invariants the script watches broke at an event of this chunk.
    for inv in console.world().invariants() {
        if let Some((at, why)) = inv.first_broke {
            violations.push(crate::kernel::broke_text(&inv.name, at, &why));
        }
    }
    if let Err((key, ops)) = crate::apps::kv::history::check(console.world()) {
        violations.push(format!(
            "the KV store's history is not linearizable on {key}: {}",
            ops.join("; ")
        ));
    }
    if violations.is_empty() {
        return None;
    }
    let shared = Shared {
        scenario: None,
        seed,
        inputs: chunks[..=i].iter().cloned().map(Input::Line).collect(),
        time: None,
    };
    Some(Broken {
        chunk: i + 1,
        text: chunks[i].clone(),
        violations,
        link: format!("#{}", share::to_hash(&shared)),
    })
}

/// A sweep run a little at a time, as the page runs one within its
/// frames: each [`Sweeper::step`] runs at most so many steps of the
/// current seed's line, so no frame waits for a whole seed. Seeds run in
/// order; [`run_seed`] is a sweep of one seed stepped a whole line at a
/// time, and steps of any size give the same results.
pub struct Sweeper {
    chunks: Vec<String>,
    seeds: std::ops::RangeInclusive<u64>,
    total: u64,
    current: Option<Current>,
    runs: Vec<SeedRun>,
}

/// The seed under way: its world and the chunk it is in.
struct Current {
    seed: u64,
    console: Console,
    chunk: usize,
    started: bool,
}

impl Sweeper {
    /// A sweep of `chunks` over the seeds `first..=last`.
    pub fn new(chunks: Vec<String>, first: u64, last: u64) -> Sweeper {
        let seeds = first..=last;
        Sweeper {
            chunks,
            total: if first <= last {
                (last - first).saturating_add(1)
            } else {
                0
            },
            seeds,
            current: None,
            runs: Vec::new(),
        }
    }

    /// Every seed done so far, in order.
    pub fn runs(&self) -> &[SeedRun] {
        &self.runs
    }

    /// How many seeds the sweep covers.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// True when every seed has run.
    pub fn is_done(&self) -> bool {
        // With no lines there is nothing to run on any seed.
        self.chunks.is_empty() || self.current.is_none() && self.seeds.is_empty()
    }

    /// Runs at most `steps` steps of the current seed (a step is a slice
    /// of the shell or one event), starting the next seed when one ends.
    /// True when the sweep is done.
    pub fn step(&mut self, steps: u64) -> bool {
        if self.chunks.is_empty() {
            return true;
        }
        let Some(cur) = self.current.as_mut() else {
            let Some(seed) = self.seeds.next() else {
                return true;
            };
            self.current = Some(Current {
                seed,
                console: Console::new(seed),
                chunk: 0,
                started: false,
            });
            return false;
        };
        let progress = if cur.started {
            cur.console.resume(steps)
        } else {
            cur.started = true;
            cur.console.start_line(&self.chunks[cur.chunk])
        };
        if let crate::console::Progress::Running = progress {
            return false;
        }
        let broken = judge(&cur.console, &self.chunks, cur.chunk, cur.seed);
        cur.chunk += 1;
        cur.started = false;
        if broken.is_some() || cur.chunk == self.chunks.len() {
            self.runs.push(SeedRun {
                seed: cur.seed,
                broken,
            });
            self.current = None;
        }
        self.is_done()
    }
}

/// Runs every seed in `seeds` on up to `jobs` threads (one in wasm);
/// results in seed order.
pub fn sweep(chunks: &[String], seeds: std::ops::RangeInclusive<u64>, jobs: usize) -> Vec<SeedRun> {
    let seeds: Vec<u64> = seeds.collect();
    #[cfg(not(target_arch = "wasm32"))]
    {
        let jobs = jobs.clamp(1, seeds.len().max(1));
        if jobs > 1 {
            let mut runs: Vec<SeedRun> = std::thread::scope(|scope| {
                let workers: Vec<_> = (0..jobs)
                    .map(|j| {
                        let mine: Vec<u64> = seeds.iter().copied().skip(j).step_by(jobs).collect();
                        scope.spawn(move || {
                            mine.into_iter()
                                .map(|seed| run_seed(chunks, seed))
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                workers
                    .into_iter()
                    .flat_map(|w| w.join().unwrap_or_default())
                    .collect()
            });
            runs.sort_by_key(|r| r.seed);
            return runs;
        }
    }
    let _ = jobs;
    seeds
        .into_iter()
        .map(|seed| run_seed(chunks, seed))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A partition with a `:global` name registered on both sides and a
    /// heal: the resolver that keeps both breaks the one-owner invariant.
    const SPLIT: &str = "\
Sim.add_node(:\"b@sim\")
Process.sleep(3_000)
Sim.partition([[:\"a@sim\"], [:\"b@sim\"]])
Process.sleep(2_000)
";

    #[test]
    fn a_clean_run_breaks_nothing_and_the_report_is_in_seed_order() {
        let chunks = chunks(SPLIT, None);
        let runs = sweep(&chunks, 1..=4, 2);
        assert_eq!(
            runs.iter().map(|r| r.seed).collect::<Vec<_>>(),
            vec![1, 2, 3, 4]
        );
        assert!(runs.iter().all(|r| r.broken.is_none()), "{runs:?}");
    }

    #[test]
    fn a_nemesis_schedule_runs_first_and_threads_change_nothing() {
        let chunks = chunks(SPLIT, Some("[{100, {:crash, :\"b@sim\"}}]"));
        assert!(chunks[1].starts_with("Sim.nemesis("));
        let one = sweep(&chunks, 1..=3, 1);
        let two = sweep(&chunks, 1..=3, 2);
        assert_eq!(one, two);
    }

    #[test]
    fn a_sweep_run_a_little_at_a_time_finds_what_the_whole_one_does() {
        // A watched invariant that breaks on some seeds only: the random
        // pick of the node to crash.
        let script = "\
Sim.add_node(:\"b@sim\"); Sim.add_node(:\"c@sim\"); Process.sleep(3_000)
Sim.invariant(:b_alive, fn -> :\"b@sim\" in Node.list() end)
Sim.crash_node(Enum.random([:\"b@sim\", :\"c@sim\"])); Process.sleep(100)
";
        let chunks = chunks(script, None);
        let whole = sweep(&chunks, 1..=8, 1);
        let mut sliced = Sweeper::new(chunks.clone(), 1, 8);
        assert_eq!(sliced.total(), 8);
        let mut calls = 0;
        while !sliced.step(20) {
            calls += 1;
            assert!(calls < 100_000, "the sweep ends");
        }
        assert!(calls > 8 * 3, "it ran in many small steps: {calls}");
        assert_eq!(sliced.runs(), whole.as_slice());
        let broke = whole.iter().filter(|r| r.broken.is_some()).count();
        assert!(
            broke > 0 && broke < 8,
            "some seeds crash b, some c: {whole:?}"
        );
        assert!(Sweeper::new(Vec::new(), 1, 8).step(10), "nothing to run");
    }

    #[test]
    fn shrinking_keeps_only_what_the_break_needs() {
        let script = "\
Sim.add_node(:\"b@sim\"); Sim.add_node(:\"c@sim\")
Process.sleep(3_000)
KV.command(\"CREATE shop\")
Shards.replication(1)
Enum.each(1..30, fn i -> Shards.put(i, i) end)
Process.sleep(5_000)
";
        let schedule = "[{100, {:link, :\"a@sim\", :\"b@sim\", latency: 5}}, {4_000, {:crash, :\"c@sim\"}}, {9_000, :heal}]";
        let plan = Plan::new(script, Some(schedule)).expect("a plan");
        assert_eq!(plan.faults.len(), 3);
        let whole = plan.chunks();
        assert_eq!(whole.len(), chunks(script, Some(schedule)).len());
        assert!(whole[1].starts_with("Sim.nemesis([{100, {:link, :a@sim, :b@sim, [latency: 5]}}"));
        let small = shrink(&plan, 3);
        // Only the crash matters; of the script, less than all of it, and
        // every chunk left is needed (the first, which builds the cluster
        // the crash names, stays).
        assert_eq!(small.faults, vec!["{4000, {:crash, :c@sim}}".to_string()]);
        assert!(small.script.len() < plan.script.len(), "{small:?}");
        assert!(run_seed(&small.chunks(), 3).broken.is_some());
        for i in 1..small.script.len() {
            let mut less = small.clone();
            less.script.remove(i);
            assert!(
                run_seed(&less.chunks(), 3).broken.is_none(),
                "chunk {i} was not needed"
            );
        }
        let mut calm = small.clone();
        calm.faults.clear();
        assert!(run_seed(&calm.chunks(), 3).broken.is_none());
        // A plan that breaks nothing comes back as it was.
        let calm =
            Plan::new("Sim.add_node(:\"b@sim\")\nProcess.sleep(1_000)\n", None).expect("plan");
        assert_eq!(shrink(&calm, 3), calm);
        assert!(Plan::new(script, Some(":not_a_list")).is_err());
    }

    #[test]
    fn a_lost_acknowledged_write_names_the_chunk_and_links_to_it() {
        // One copy per shard, then the nemesis crashes a node at 5 s: the
        // writes it held were acknowledged and are gone.
        let script = "\
Sim.add_node(:\"b@sim\"); Sim.add_node(:\"c@sim\")
Process.sleep(3_000)
Shards.replication(1)
Enum.each(1..30, fn i -> Shards.put(i, i) end)
Process.sleep(3_000)
Process.sleep(1_000)
";
        let chunks = chunks(script, Some("[{5_000, {:crash, :\"c@sim\"}}]"));
        let run = run_seed(&chunks, 7);
        let broken = run.broken.expect("the crash loses acknowledged writes");
        // Chunk 6 (the nemesis is chunk 2) is the sleep during which the
        // crash happens, 5 s after the schedule was given.
        assert_eq!(broken.chunk, 6, "{broken:?}");
        assert_eq!(broken.text, chunks[5]);
        assert!(
            broken.violations.iter().any(|v| v.contains("acknowledged")),
            "{broken:?}"
        );
        assert!(broken.link.starts_with("#seed=7&in="), "{}", broken.link);
        let state = share::parse(&broken.link).shared.expect("the link parses");
        assert_eq!(state.inputs.len(), 6);
        assert_eq!(state.seed, 7);
    }
}
