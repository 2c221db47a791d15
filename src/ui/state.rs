//! The app's one source of truth: the console (and through it the world) plus
//! the snapshots the views draw, changed only by [`Action`]s.
//!
//! Snapshots ([`view::trees`], [`view::log_tail`], the clock) are taken in the
//! reducer, once per change, so components get plain data as props and Yew
//! skips the ones whose data did not change.

use crate::console::Console;
use crate::kernel::{NodeId, MS};
use crate::view::{self, ClusterView, LogLine, TreeNode};
use std::cell::RefCell;
use std::rc::Rc;
use yew::Reducible;

/// Seed of the world the page boots: every visit starts the same world.
pub const SEED: u64 = 0;
/// The node whose supervision tree is drawn first (`a@sim`).
pub const NODE: NodeId = 0;
/// The name of [`NODE`], as the tree's title shows it.
pub const NODE_NAME: &str = "a@sim";
/// Wall-clock milliseconds between play ticks.
pub const TICK_MS: u32 = 100;
/// Most world events one tick may run, so a busy world cannot freeze the page.
pub const TICK_EVENTS: u64 = 50_000;
/// Trace events kept for the event log (its filter looks through all of them).
pub const LOG_WINDOW: usize = 1_000;
/// Transcript entries kept; older ones scroll away for good.
pub const TRANSCRIPT_MAX: usize = 500;
/// Speeds offered by the speed select, in percent of real time.
pub const SPEEDS: [u32; 5] = [25, 100, 400, 1_000, 6_000];

/// One evaluated console line, as the transcript shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The prompt number: `iex(n)>`.
    pub n: u64,
    /// The line as typed.
    pub line: String,
    /// Lines printed while it ran (`IO.puts/1`, `flush/0`).
    pub printed: Vec<String>,
    /// False when the line raised (drawn in red).
    pub ok: bool,
    /// Exactly [`crate::console::Output::full`] (equal to `text` when ok).
    pub result: String,
}

/// Everything that can change the state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Evaluate one console line.
    Eval(String),
    /// Wall-clock milliseconds passed while playing; virtual time moves by
    /// this times the speed.
    Tick(u64),
    /// Start the play loop.
    Play,
    /// Stop the play loop.
    Pause,
    /// Pause, then run until the next scheduled event (or [`TICK_MS`] of
    /// virtual time when nothing is scheduled).
    Step,
    /// Set the speed, in percent of real time.
    SetSpeed(u32),
    /// Show this node's supervision tree.
    ShowNode(NodeId),
}

/// Keys held by one shard worker, as `Shards.counts()` lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardCount {
    /// The shard.
    pub shard: i64,
    /// The node its worker runs on.
    pub node: String,
    /// Keys it holds.
    pub keys: usize,
}

/// The shard fleet as the shards tab draws it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ShardsView {
    /// The shard count K.
    pub k: i64,
    /// Keys per shard per node, by shard then node.
    pub counts: Vec<ShardCount>,
}

/// The shard fleet of `world`: K and what `Shards.counts()` would return,
/// read without evaluating anything.
pub fn shards_view(world: &crate::kernel::World) -> ShardsView {
    use crate::apps::shards;
    let registry = crate::term::Atom::new(shards::REGISTRY);
    let mut counts = Vec::new();
    for node in 0..world.node_count() as NodeId {
        let Some(name) = world.node_name(node) else {
            continue;
        };
        if !world.node_alive(node) {
            continue;
        }
        for (key, pid, _) in crate::otp::registry::all(world, node, &registry) {
            if let Some(shard) = key.as_int() {
                counts.push(ShardCount {
                    shard,
                    node: name.as_str().to_string(),
                    keys: shards::worker::key_count(world, pid).unwrap_or(0),
                });
            }
        }
    }
    counts.sort_by(|x, y| (x.shard, &x.node).cmp(&(y.shard, &y.node)));
    ShardsView {
        k: shards::k(world),
        counts,
    }
}

/// The app state. Cloning is cheap: the console and snapshots are shared.
#[derive(Clone)]
pub struct State {
    /// Shared, not cloned: the world is big and has one true copy.
    console: Rc<RefCell<Console>>,
    /// Evaluated lines, oldest first (at most [`TRANSCRIPT_MAX`]).
    pub transcript: Rc<Vec<Entry>>,
    /// The number the next prompt shows.
    pub next_n: u64,
    /// Whether the play loop runs.
    pub playing: bool,
    /// Speed in percent of real time (100 = 1×).
    pub speed: u32,
    /// Virtual time in microseconds.
    pub now: u64,
    /// The node whose supervision tree is shown.
    pub node: NodeId,
    /// Supervision trees of [`State::node`].
    pub trees: Rc<Vec<TreeNode>>,
    /// The cluster picture: nodes, links, packets in flight.
    pub cluster: Rc<ClusterView>,
    /// The shard fleet: K and keys per shard.
    pub shards: Rc<ShardsView>,
    /// The last [`LOG_WINDOW`] trace events.
    pub log: Rc<Vec<LogLine>>,
    /// Trace length at the last snapshot: the log is rebuilt only when it grew.
    trace_len: usize,
}

impl Default for State {
    fn default() -> Self {
        State::new(SEED)
    }
}

impl State {
    /// A state on a fresh console seeded with `seed`, playing at 1×.
    pub fn new(seed: u64) -> State {
        let console = Rc::new(RefCell::new(Console::new(seed)));
        let mut state = State {
            console: Rc::clone(&console),
            transcript: Rc::new(Vec::new()),
            next_n: 1,
            playing: true,
            speed: 100,
            now: 0,
            node: NODE,
            trees: Rc::new(Vec::new()),
            cluster: Rc::new(ClusterView {
                time: 0,
                nodes: Vec::new(),
                links: Vec::new(),
                in_flight: Vec::new(),
            }),
            shards: Rc::new(ShardsView::default()),
            log: Rc::new(Vec::new()),
            trace_len: usize::MAX,
        };
        // Nothing else holds the console yet, so this borrow cannot fail.
        if let Ok(console) = console.try_borrow() {
            state.snapshot(&console);
        }
        state
    }

    /// Retakes the snapshots the views draw.
    fn snapshot(&mut self, console: &Console) {
        let world = console.world();
        self.now = world.now();
        let trees = view::trees(world, self.node);
        if *self.trees != trees {
            self.trees = Rc::new(trees);
        }
        let cluster = view::cluster(world);
        if *self.cluster != cluster {
            self.cluster = Rc::new(cluster);
        }
        let shards = shards_view(world);
        if *self.shards != shards {
            self.shards = Rc::new(shards);
        }
        let trace_len = world.trace().len();
        if trace_len != self.trace_len {
            self.trace_len = trace_len;
            self.log = Rc::new(view::log_tail(world, LOG_WINDOW));
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Play => next.playing = true,
            Action::Pause => next.playing = false,
            Action::SetSpeed(speed) => next.speed = speed.clamp(1, 100_000),
            Action::ShowNode(node) => {
                let Ok(console) = self.console.try_borrow() else {
                    return self;
                };
                if (node as usize) < console.world().node_count() {
                    next.node = node;
                    next.snapshot(&console);
                }
            }
            Action::Eval(line) => {
                let Ok(mut console) = self.console.try_borrow_mut() else {
                    return self;
                };
                let out = console.eval_line(&line);
                let transcript = Rc::make_mut(&mut next.transcript);
                transcript.push(Entry {
                    n: next.next_n,
                    line,
                    printed: out.printed,
                    ok: out.ok,
                    result: out.full,
                });
                let excess = transcript.len().saturating_sub(TRANSCRIPT_MAX);
                transcript.drain(..excess);
                next.next_n += 1;
                next.snapshot(&console);
            }
            Action::Tick(wall_ms) => {
                let Ok(mut console) = self.console.try_borrow_mut() else {
                    return self;
                };
                let virtual_ms = wall_ms.saturating_mul(u64::from(next.speed)) / 100;
                console.advance(virtual_ms, TICK_EVENTS);
                next.snapshot(&console);
            }
            Action::Step => {
                let Ok(mut console) = self.console.try_borrow_mut() else {
                    return self;
                };
                next.playing = false;
                let now = console.world().now();
                let ms = match console.world().next_event_time() {
                    Some(at) => at.saturating_sub(now).div_ceil(MS),
                    None => u64::from(TICK_MS),
                };
                console.advance(ms, TICK_EVENTS);
                next.snapshot(&console);
            }
        }
        Rc::new(next)
    }
}

/// The console line that kills the process printed as `pid_text`
/// (`#PID<0.107.0>` → `Process.exit(pid("0.107.0"), :kill)`).
pub fn kill_line(pid_text: &str) -> Option<String> {
    let inner = pid_text.strip_prefix("#PID<")?.strip_suffix('>')?;
    Some(format!("Process.exit(pid(\"{inner}\"), :kill)"))
}

/// The first `x@sim` name (`a`..`z`) no node in `names` has yet.
pub fn next_node_name(names: &[&str]) -> Option<String> {
    (b'a'..=b'z')
        .map(|c| format!("{}@sim", char::from(c)))
        .find(|n| !names.contains(&n.as_str()))
}

/// A node name as an atom literal: `a@sim` → `:"a@sim"`.
pub fn node_atom(name: &str) -> String {
    format!(":{name:?}")
}

/// The console line that splits `live` nodes into a first and second half
/// (`Sim.partition([[:"a@sim"], [:"b@sim"]])`); `None` under two nodes.
pub fn split_line(live: &[&str]) -> Option<String> {
    if live.len() < 2 {
        return None;
    }
    let (first, second) = live.split_at(live.len().div_ceil(2));
    let group = |g: &[&str]| {
        g.iter()
            .map(|n| node_atom(n))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Some(format!(
        "Sim.partition([[{}], [{}]])",
        group(first),
        group(second)
    ))
}

/// Virtual microseconds as the clock shows them: `mm:ss.mmm` (minutes keep
/// counting past 59).
pub fn clock_text(now_us: u64) -> String {
    let ms = now_us / MS;
    format!(
        "{:02}:{:02}.{:03}",
        ms / 60_000,
        (ms / 1_000) % 60,
        ms % 1_000
    )
}

/// A speed in percent as the select shows it (`25` → `0.25×`).
pub fn speed_text(percent: u32) -> String {
    if percent % 100 == 0 {
        format!("{}×", percent / 100)
    } else {
        format!("{}×", f64::from(percent) / 100.0)
    }
}
