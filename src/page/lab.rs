//! The fault lab tab: a seed sweep of the session's own lines, run a
//! little per frame, listing the seeds that break an invariant with a link
//! to open each; and the KV store's client history, with the smallest
//! non-linearizable part drawn as one row of operations per client.

use crate::apps::kv::history;
use crate::cluster::linearizability::Verdict;
use crate::cluster::sweep::{Plan, Shrinker, Sweeper};
use crate::console::session::Input;
use crate::kernel::{Time, World};
use crate::page::share::{self, Shared};
use std::rc::Rc;

/// The most seeds one sweep in the page may cover.
pub const MAX_SEEDS: u64 = 1_000;

/// Steps of a seed's line run between two looks at the wall clock.
pub const SWEEP_STEPS: u64 = 8;

/// A sweep as the tab shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SweepView {
    /// Seeds covered: `1..=seeds`.
    pub seeds: u64,
    /// Seeds done.
    pub done: u64,
    /// Still running.
    pub running: bool,
    /// Stopped before the end.
    pub stopped: bool,
    /// The seeds that broke something, in seed order.
    pub failing: Vec<SweepFailure>,
}

/// One seed that broke an invariant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SweepFailure {
    /// The seed.
    pub seed: u64,
    /// The line after which it was broken (from 1).
    pub chunk: usize,
    /// The first violation.
    pub violation: Rc<str>,
    /// How many violations there were.
    pub count: usize,
    /// The share link (`#...`) that replays the run up to that line.
    pub link: Rc<str>,
}

/// Work the tab runs a little per frame (a sweep or a shrink), and what
/// it shows of it.
pub trait LabJob {
    /// What the tab shows.
    type View: PartialEq;

    /// Runs at most `steps` steps.
    fn step(&mut self, steps: u64);

    /// True while there is work left and it was not stopped.
    fn running(&self) -> bool;

    /// Stops where it is; what is done stays shown.
    fn stop(&mut self);

    /// What the tab shows now.
    fn view(&self) -> Self::View;

    /// Runs until `clock` (wall ms) passes `deadline`, a few steps at a time.
    fn run_until(&mut self, clock: &dyn Fn() -> f64, deadline: f64) {
        while self.running() && clock() < deadline {
            self.step(SWEEP_STEPS);
        }
    }
}

/// A sweep under way: the sweeper and what the tab shows of it.
pub struct SweepJob {
    sweeper: Sweeper,
    stopped: bool,
}

impl SweepJob {
    /// A sweep of `lines` over the seeds `1..=seeds` (at most [`MAX_SEEDS`]).
    pub fn new(lines: Vec<String>, seeds: u64) -> SweepJob {
        let seeds = seeds.clamp(1, MAX_SEEDS);
        SweepJob {
            sweeper: Sweeper::new(lines, 1, seeds),
            stopped: false,
        }
    }
}

impl LabJob for SweepJob {
    type View = SweepView;

    fn step(&mut self, steps: u64) {
        self.sweeper.step(steps);
    }

    fn running(&self) -> bool {
        !self.stopped && !self.sweeper.is_done()
    }

    fn stop(&mut self) {
        self.stopped = true;
    }

    fn view(&self) -> SweepView {
        let failing = self
            .sweeper
            .runs()
            .iter()
            .filter_map(|r| {
                let b = r.broken.as_ref()?;
                Some(SweepFailure {
                    seed: r.seed,
                    chunk: b.chunk,
                    violation: b.violations.first().map_or("", String::as_str).into(),
                    count: b.violations.len(),
                    link: b.link.as_str().into(),
                })
            })
            .collect();
        SweepView {
            seeds: self.sweeper.total(),
            done: self.sweeper.runs().len() as u64,
            running: self.running(),
            stopped: self.stopped,
            failing,
        }
    }
}

/// A shrink as the tab shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShrinkView {
    /// The seed whose run is shrunk.
    pub seed: u64,
    /// Still running.
    pub running: bool,
    /// Runs made so far.
    pub trials: usize,
    /// Lines the run had.
    pub before: usize,
    /// The fewest lines found so far that still break something.
    pub kept: Vec<Rc<str>>,
    /// The share link (`#...`) that replays the kept lines on the seed.
    pub link: Rc<str>,
    /// False when the whole run did not break (nothing to shrink).
    pub breaks: bool,
}

/// A shrink under way: drops lines of a failing seed's run while it still
/// breaks (the page's lines; a `Sim.nemesis/1` line goes whole or stays).
pub struct ShrinkJob {
    shrinker: Shrinker,
    before: usize,
    stopped: bool,
}

impl ShrinkJob {
    /// A shrink of `lines` on `seed`.
    pub fn new(lines: Vec<String>, seed: u64) -> ShrinkJob {
        let before = lines.len();
        let plan = Plan {
            script: lines,
            faults: Vec::new(),
        };
        ShrinkJob {
            shrinker: Shrinker::new(plan, seed),
            before,
            stopped: false,
        }
    }
}

impl LabJob for ShrinkJob {
    type View = ShrinkView;

    fn step(&mut self, steps: u64) {
        self.shrinker.step(steps);
    }

    fn running(&self) -> bool {
        !self.stopped && !self.shrinker.is_done()
    }

    fn stop(&mut self) {
        self.stopped = true;
    }

    fn view(&self) -> ShrinkView {
        let best = self.shrinker.best();
        let seed = self.shrinker.seed();
        let shared = Shared {
            scenario: None,
            seed,
            inputs: best.script.iter().cloned().map(Input::Line).collect(),
            time: None,
        };
        ShrinkView {
            seed,
            running: self.running(),
            trials: self.shrinker.trials(),
            before: self.before,
            kept: best.script.iter().map(|l| Rc::from(l.as_str())).collect(),
            link: format!("#{}", share::to_hash(&shared)).into(),
            // Not known yet to break or not: shown as breaking.
            breaks: self.shrinker.breaks() || !self.shrinker.is_done(),
        }
    }
}

/// The KV history as the tab shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryView {
    /// Operations checked.
    pub checked: usize,
    /// Recording stopped at its cap.
    pub full: bool,
    /// The key whose history is not linearizable, if one is not.
    pub key: Option<Rc<str>>,
    /// Its smallest failing part, one row per client.
    pub clients: Vec<ClientRow>,
    /// The time span the rows cover (µs): the first invocation and the
    /// last answer (or invocation, for one never answered).
    pub span: (Time, Time),
}

/// One client's operations in a failing history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientRow {
    /// The client process, printed.
    pub client: Rc<str>,
    /// Its operations, in invocation order.
    pub ops: Vec<HistoryOp>,
}

/// One operation on the timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryOp {
    /// What it did: `PUT 1`, `GET -> 1`, `GET -> (absent)`, `DELETE`.
    pub what: Rc<str>,
    /// When it was invoked (µs).
    pub invoke: Time,
    /// When it was answered; `None` if it never was.
    pub complete: Option<Time>,
}

/// The KV history's check now.
pub fn history(world: &World) -> HistoryView {
    let (checked, verdict) = history::verdict(world);
    let full = history::full(world);
    let Verdict::Violation { key, ops } = verdict else {
        return HistoryView {
            checked,
            full,
            ..HistoryView::default()
        };
    };
    // Clients in the order of their first operation.
    let mut clients: Vec<(u64, ClientRow)> = Vec::new();
    for op in &ops {
        if !clients.iter().any(|(c, _)| *c == op.client) {
            clients.push((
                op.client,
                ClientRow {
                    client: history::client_text(op.client).into(),
                    ops: Vec::new(),
                },
            ));
        }
    }
    for op in &ops {
        let Some((_, row)) = clients.iter_mut().find(|(c, _)| *c == op.client) else {
            continue;
        };
        row.ops.push(HistoryOp {
            what: history::action_text(&op.action).into(),
            invoke: op.invoke,
            complete: op.complete,
        });
    }
    let start = ops.iter().map(|o| o.invoke).min().unwrap_or(0);
    let end = ops
        .iter()
        .map(|o| o.complete.unwrap_or(o.invoke))
        .max()
        .unwrap_or(start);
    HistoryView {
        checked,
        full,
        key: Some(key.into()),
        clients: clients.into_iter().map(|(_, row)| row).collect(),
        span: (start, end.max(start)),
    }
}
