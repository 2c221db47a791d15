//! Serializable views of a world, for the UI and the JS API.
//!
//! The UI draws these structs and never reads the kernel's tables, so the
//! kernel can change shape without the pictures breaking. Here: supervision
//! trees, the cluster picture, the event log (and which of its lines are
//! the system's routine traffic). Beside it:
//!
//! | module | view |
//! |--------|------|
//! | `names` | `:global`, `:pg` and Registry names as each node sees them |
//! | `services` | PubSub, KV routes, the to-do load |
//! | `sequence` | the message sequence chart |
//! | `export` | the trace as JSON, a Mermaid sequence diagram and a ShiViz log |
//! | `invariants` | the live invariants, with the spans each was red |
//! | `code` | the applications' source and the console's modules |
//! | `process` | the process inspector: one process, everything about it |
//! | `processes` | one node's processes, sortable and searchable |
//! | `pids` | pids inside printed text, to link them to the inspector |
//! | `log` | the event log: its lines and kinds, which are routine traffic |
//! | `highlight`, `editor_text` | the editor's highlighting, brackets, indentation, positions |
//! | `api`, `term_value` | what the JS API returns: `eval` results, the snapshot, terms as JS data |
//!
//! The types the JS API hands out derive `Serialize` (the JS shape: camelCase
//! keys, enums as their kebab-case names, times in ms) and `ts_rs::TS` (the
//! same shape as TypeScript, checked in as `js/views.d.ts`; see
//! [`api::typescript`]). No web types here: `src/web` turns them into JS.

pub mod api;
pub mod code;
pub mod editor_text;
pub mod export;
pub mod highlight;
pub mod invariants;
pub mod log;
pub mod names;
pub mod pids;
pub mod process;
pub mod processes;
pub mod sequence;
pub mod services;
pub mod term_value;

pub use code::{code, CodeFile, CodeModule, CodeView};
pub use invariants::{invariants, Broke, InvariantTrack, RedSpan};
pub use log::{log_since, log_tail, EventKind, LogLine};
pub use names::{names, NameRow, NameTable, NamesView};
pub use process::{process, ProcessView};
pub use processes::{processes, ProcessRow, SortBy};
pub use sequence::{sequence, Arrow, Lane, SequenceView};
pub use services::{services, Broadcast, KvRoute, ServicesView, TopicRow};

use crate::kernel::{NodeId, ProcessKind, World};
use crate::otp::{dynamic_supervisor, registry, supervisor};
use crate::term::{inspect, Pid, Term};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::rc::Rc;
use ts_rs::TS;

/// Serializes virtual µs as JS milliseconds (`serialize_with`).
pub(crate) fn ms<S: Serializer>(us: &u64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(us_to_ms(*us))
}

/// Virtual µs as milliseconds, fractions kept.
pub fn us_to_ms(us: u64) -> f64 {
    us as f64 / 1000.0
}

/// What a process in a supervision tree is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ProcessRole {
    /// A supervisor (static or dynamic, native or a user module).
    Supervisor,
    /// Anything else.
    Worker,
}

impl ProcessRole {
    /// `"supervisor"` or `"worker"`, as CSS classes and tests name it.
    pub fn as_str(self) -> &'static str {
        match self {
            ProcessRole::Supervisor => "supervisor",
            ProcessRole::Worker => "worker",
        }
    }
}

/// A supervisor's restart intensity: more than `max_restarts` restarts in
/// `max_seconds` and it gives up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Intensity {
    /// Restarts allowed in the window.
    pub max_restarts: u32,
    /// The window, in seconds.
    pub max_seconds: u64,
}

/// One process in a supervision tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "TreeSnapshot")]
pub struct TreeNode {
    /// The pid as iex prints it (`#PID<0.105.0>`).
    pub pid: String,
    /// The raw pid.
    #[serde(skip)]
    pub raw: Pid,
    /// Locally registered name (`Fleet.Dynamic`), if any.
    pub name: Option<String>,
    /// Registry keys it holds, as via names would print them (`Fleet.Registry 3`).
    pub keys: Vec<String>,
    /// Module it runs.
    pub module: String,
    /// Supervisor or worker.
    pub kind: ProcessRole,
    /// Children in start order (supervisors only).
    pub children: Vec<TreeNode>,
    /// Messages waiting in its mailbox.
    pub mailbox: usize,
    /// Restart times inside the supervisor's intensity window (seconds).
    pub restarts: Vec<u64>,
    /// Its restart intensity (supervisors only).
    pub intensity: Option<Intensity>,
}

/// The supervision trees on `node`: one root per application top supervisor,
/// plus every other process not under a supervisor (shells, loose spawns).
pub fn trees(world: &World, node: NodeId) -> Vec<TreeNode> {
    trees_within(world, node, usize::MAX).0
}

/// [`trees`], with at most `loose_max` of the processes no supervisor
/// holds (a shell can spawn ten thousand), and how many more there are.
pub fn trees_within(world: &World, node: NodeId, loose_max: usize) -> (Vec<TreeNode>, usize) {
    let keys = registry_keys(world, node);
    let mut roots = Vec::new();
    let mut placed = std::collections::BTreeSet::new();
    let pids = world.pids(node);
    for &pid in &pids {
        if world
            .module_of(pid)
            .is_some_and(|m| m.as_str() == "application_master")
        {
            for child in world.process_info(pid).map(|i| i.links).unwrap_or_default() {
                if world.kind_of(child) == Some(ProcessKind::Supervisor) {
                    roots.push(build(world, child, &keys, &mut placed, 0));
                }
            }
        }
    }
    let (mut loose, mut more) = (0, 0);
    for pid in pids {
        if placed.contains(&pid) {
            continue;
        }
        if world
            .module_of(pid)
            .is_some_and(|m| matches!(m.as_str(), "application_master" | "application_controller"))
        {
            continue;
        }
        if loose >= loose_max {
            more += 1;
            continue;
        }
        loose += 1;
        roots.push(build(world, pid, &keys, &mut placed, 0));
    }
    (roots, more)
}

/// Each process's registry keys, as via names print them.
fn registry_keys(world: &World, node: NodeId) -> BTreeMap<Pid, Vec<String>> {
    let mut out: BTreeMap<Pid, Vec<String>> = BTreeMap::new();
    for reg in registry::registries(world, node) {
        for (key, pid, _) in registry::all(world, node, &reg) {
            out.entry(pid).or_default().push(format!(
                "{} {}",
                inspect(&Term::Atom(reg)),
                inspect(&key)
            ));
        }
    }
    out
}

/// Supervision levels one tree is drawn to. Building, serializing and
/// drawing a tree each recurse once per level, and a learner can nest
/// supervisors as deep as a line's budget allows: the processes below this
/// depth are drawn as trees of their own instead (with the other loose
/// processes), so no stack grows with the user's nesting.
pub const MAX_TREE_DEPTH: usize = 48;

fn build(
    world: &World,
    pid: Pid,
    keys: &BTreeMap<Pid, Vec<String>>,
    placed: &mut std::collections::BTreeSet<Pid>,
    depth: usize,
) -> TreeNode {
    placed.insert(pid);
    let info = world.process_info(pid);
    let kind = world.kind_of(pid);
    let mut node = TreeNode {
        pid: inspect(&Term::Pid(pid)),
        raw: pid,
        name: info.as_ref().and_then(|i| i.name.clone()),
        keys: keys.get(&pid).cloned().unwrap_or_default(),
        module: info.as_ref().map(|i| i.module.clone()).unwrap_or_default(),
        kind: if kind == Some(ProcessKind::Supervisor) {
            ProcessRole::Supervisor
        } else {
            ProcessRole::Worker
        },
        children: Vec::new(),
        mailbox: info.as_ref().map_or(0, |i| i.message_queue_len),
        restarts: Vec::new(),
        intensity: None,
    };
    let behaviour = world.behaviour(pid);
    if let Some(sup) = behaviour.and_then(|b| b.as_any().downcast_ref::<supervisor::Supervisor>()) {
        node.restarts = sup.restart_times().to_vec();
        let flags = sup.flags();
        node.intensity = Some(Intensity {
            max_restarts: flags.max_restarts,
            max_seconds: flags.max_seconds,
        });
    }
    if let Some(sup) = behaviour.and_then(|b| {
        b.as_any()
            .downcast_ref::<dynamic_supervisor::DynamicSupervisor>()
    }) {
        node.restarts = sup.restart_times().to_vec();
        let (max_restarts, max_seconds) = sup.intensity_limits();
        node.intensity = Some(Intensity {
            max_restarts,
            max_seconds,
        });
    }
    let card = world.supervisor_card(pid);
    if let Some(card) = card {
        node.restarts = card.restarts.clone();
        node.intensity = Some(Intensity {
            max_restarts: card.max_restarts,
            max_seconds: card.max_seconds,
        });
    }
    let children: Vec<Pid> = if let Some(list) = supervisor::children_of(world, pid) {
        list.into_iter().filter_map(|(_, p)| p).collect()
    } else if let Some(list) = dynamic_supervisor::children_of(world, pid) {
        list
    } else if card.is_some() {
        world.started_children(pid)
    } else {
        Vec::new()
    };
    if depth + 1 < MAX_TREE_DEPTH {
        for child in children {
            if world.is_alive(child) {
                node.children
                    .push(build(world, child, keys, placed, depth + 1));
            }
        }
    }
    node
}

/// A shell, a process a shell spawned (or one of those did, and so on), or
/// one running a module typed into the console. (A process gone by the
/// time the log describes the event counts as the system's.) `typed`:
/// [`code::typed_modules`].
pub(crate) fn is_users(
    world: &World,
    typed: &std::collections::BTreeSet<crate::term::Atom>,
    pid: Pid,
) -> bool {
    let Some(p) = world.process(pid) else {
        return false;
    };
    p.user || p.module.is_some_and(|m| typed.contains(&m))
}

/// One node of the cluster, for the cluster picture and the snapshot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "NodeSnapshot")]
pub struct NodeView {
    /// Its name (`a@sim`).
    pub name: String,
    /// False while crashed.
    pub alive: bool,
    /// Live processes on it.
    pub processes: usize,
    /// Nodes it is connected to.
    pub peers: Vec<Rc<str>>,
    /// The first [`DOTS`] processes, supervision tree order (each
    /// supervisor before its children), for the picture's dots; empty when
    /// the cluster has more than [`DOTS_NODES`] nodes.
    #[serde(skip)]
    pub dots: Vec<ProcDot>,
}

/// One process as a dot in the cluster picture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcDot {
    /// The pid as iex prints it.
    pub pid: String,
    /// Registered name or Registry key, else the module: the hover text.
    pub label: String,
    /// Supervisors are drawn apart from workers.
    pub supervisor: bool,
    /// The user's (a shell's, spawned by one, or running a module typed
    /// into the console): drawn apart from the system's.
    pub user: bool,
}

/// Dots drawn per node at most.
pub const DOTS: usize = 40;
/// Above this many nodes the picture shows counts only, no dots.
pub const DOTS_NODES: usize = 8;

/// `node`'s processes as dots: supervision trees depth first, then the
/// processes no supervisor holds (shells, tasks), oldest first. `typed`:
/// the modules typed into the console ([`code::typed_modules`]).
fn dots(
    world: &World,
    node: NodeId,
    typed: &std::collections::BTreeSet<crate::term::Atom>,
) -> Vec<ProcDot> {
    let user = |pid: Pid| is_users(world, typed, pid);
    fn walk(
        t: &TreeNode,
        out: &mut Vec<ProcDot>,
        seen: &mut std::collections::BTreeSet<Pid>,
        user: &dyn Fn(Pid) -> bool,
    ) {
        if out.len() >= DOTS {
            return;
        }
        seen.insert(t.raw);
        let label = t
            .name
            .clone()
            .or_else(|| t.keys.first().cloned())
            .unwrap_or_else(|| t.module.clone());
        out.push(ProcDot {
            pid: t.pid.clone(),
            label,
            supervisor: t.kind == ProcessRole::Supervisor,
            user: user(t.raw),
        });
        for c in &t.children {
            walk(c, out, seen, user);
        }
    }
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for t in trees_within(world, node, DOTS).0 {
        walk(&t, &mut out, &mut seen, &user);
    }
    for pid in world.pids(node) {
        if out.len() >= DOTS {
            break;
        }
        if seen.contains(&pid) {
            continue;
        }
        let info = world.process_info(pid);
        out.push(ProcDot {
            pid: inspect(&Term::Pid(pid)),
            label: info.map(|i| i.name.unwrap_or(i.module)).unwrap_or_default(),
            supervisor: false,
            user: user(pid),
        });
    }
    out
}

/// The state of a link between two nodes, as the picture colours it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum LinkState {
    /// Connected.
    Up,
    /// Reachable, not connected.
    Idle,
    /// Cut both ways.
    Cut,
    /// One direction cut.
    OneWay,
    /// A node is crashed.
    Down,
}

impl LinkState {
    /// `"up"`, `"idle"`, `"cut"`, `"one-way"` or `"down"` (CSS classes).
    pub fn as_str(self) -> &'static str {
        match self {
            LinkState::Up => "up",
            LinkState::Idle => "idle",
            LinkState::Cut => "cut",
            LinkState::OneWay => "one-way",
            LinkState::Down => "down",
        }
    }
}

/// The state of the link between two nodes, as the picture colours it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "LinkSnapshot")]
pub struct LinkView {
    /// One end.
    // Shared with every other link of the node: a hundred nodes have five
    // thousand links, refreshed ten times a second.
    pub a: Rc<str>,
    /// The other end.
    pub b: Rc<str>,
    /// Its state.
    pub state: LinkState,
    /// True when either direction loses packets.
    pub lossy: bool,
    /// One-way latency a → b in milliseconds.
    pub latency_ms: u64,
}

/// A message or signal on the wire between two nodes.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "FlightSnapshot")]
pub struct FlightView {
    /// Sending node.
    pub from: String,
    /// Receiving node.
    pub to: String,
    /// When it arrives, in virtual time: µs in Rust, milliseconds in JS.
    #[serde(serialize_with = "ms")]
    #[ts(type = "number")]
    pub arrives_at: u64,
    /// How far along its link it is, in thousandths (by the link's
    /// latency), so the picture need not look the link up.
    #[serde(skip)]
    pub progress: u16,
}

/// The whole cluster: nodes, the links between every pair, what is in flight.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterView {
    /// Virtual time (µs).
    pub time: u64,
    /// Every node, in index order (shared: unchanged between frames
    /// while only packets move).
    pub nodes: std::rc::Rc<Vec<NodeView>>,
    /// Every pair of nodes once.
    pub links: std::rc::Rc<Vec<LinkView>>,
    /// Up to 200 packets on the wire.
    pub in_flight: Vec<FlightView>,
}

/// A node's name as text (`a@sim`), empty for an unknown node: what every
/// view labels nodes with.
pub(crate) fn node_name(world: &World, node: NodeId) -> String {
    world
        .node_name(node)
        .map_or_else(String::new, |a| a.as_str().to_string())
}

/// Up to 200 messages on the wire between nodes, with how far along their
/// link each is: the part of the picture that changes every frame.
pub fn in_flight(world: &World) -> Vec<FlightView> {
    let name = |n: NodeId| node_name(world, n);
    let now = world.now();
    world
        .in_flight(200)
        .into_iter()
        .map(|(from, to, at)| {
            let latency = world.net().link(from.node, to.node).latency.max(1);
            let left = at.saturating_sub(now).min(latency);
            FlightView {
                from: name(from.node),
                to: name(to.node),
                arrives_at: at,
                // `left <= latency`, so this is at most 1000.
                progress: (1000 - left * 1000 / latency) as u16,
            }
        })
        .collect()
}

/// A snapshot of the cluster for the picture.
pub fn cluster(world: &World) -> ClusterView {
    let count = world.node_count() as NodeId;
    let names: Vec<Rc<str>> = (0..count).map(|n| node_name(world, n).into()).collect();
    let name = |n: NodeId| Rc::clone(&names[n as usize]);
    let with_dots = count as usize <= DOTS_NODES;
    let typed = if with_dots {
        code::typed_modules(world)
    } else {
        Default::default()
    };
    let nodes = (0..count)
        .map(|n| NodeView {
            name: names[n as usize].to_string(),
            alive: world.node_alive(n),
            processes: world.process_count(n),
            peers: world.connected_nodes(n).into_iter().map(name).collect(),
            dots: if with_dots && world.node_alive(n) {
                dots(world, n, &typed)
            } else {
                Vec::new()
            },
        })
        .collect();
    let net = world.net();
    let mut links = Vec::new();
    for a in 0..count {
        for b in a + 1..count {
            let (ab, ba) = (net.link(a, b), net.link(b, a));
            let state = if !world.node_alive(a) || !world.node_alive(b) {
                LinkState::Down
            } else if ab.cut && ba.cut {
                LinkState::Cut
            } else if ab.cut || ba.cut {
                LinkState::OneWay
            } else if net.is_connected(a, b) {
                LinkState::Up
            } else {
                LinkState::Idle
            };
            links.push(LinkView {
                a: name(a),
                b: name(b),
                state,
                lossy: ab.loss > 0.0 || ba.loss > 0.0,
                latency_ms: ab.latency / crate::kernel::MS,
            });
        }
    }
    let in_flight = in_flight(world);
    ClusterView {
        time: world.now(),
        nodes: std::rc::Rc::new(nodes),
        links: std::rc::Rc::new(links),
        in_flight,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::Console;

    #[test]
    fn supervisors_nested_deeper_than_a_tree_is_drawn_start_trees_of_their_own() {
        let mut c = Console::new(1);
        let deep = "defmodule Deep do
          use Supervisor
          def start_link(n), do: Supervisor.start_link(__MODULE__, n)
          def init(0), do: Supervisor.init([], strategy: :one_for_one)
          def init(n) do
            child = %{id: :c, start: {Deep, :start_link, [n - 1]}, type: :supervisor}
            Supervisor.init([child], strategy: :one_for_one)
          end
        end";
        assert!(c.eval_line(deep).ok);
        let out = c.eval_line("{:ok, _} = Deep.start_link(120); :ok");
        assert!(out.ok, "{}", out.full);
        fn depth(t: &TreeNode) -> usize {
            1 + t.children.iter().map(depth).max().unwrap_or(0)
        }
        fn deep_ones(t: &TreeNode) -> usize {
            usize::from(t.module == "Deep") + t.children.iter().map(deep_ones).sum::<usize>()
        }
        let roots = trees(c.world(), 0);
        assert!(roots.iter().all(|t| depth(t) <= MAX_TREE_DEPTH));
        // Every one of the 121 is drawn, once.
        assert_eq!(roots.iter().map(deep_ones).sum::<usize>(), 121);
    }

    #[test]
    fn loose_processes_past_the_limit_are_counted_not_built() {
        let mut c = Console::new(1);
        assert!(
            c.eval_line("for _ <- 1..300, do: spawn(fn -> receive do :stop -> :ok end end); :ok")
                .ok
        );
        let (all, none) = trees_within(c.world(), 0, usize::MAX);
        assert_eq!(none, 0);
        let (some, more) = trees_within(c.world(), 0, 100);
        let (supervised, loose) = trees_within(c.world(), 0, 0);
        assert!(loose >= 300, "the spawns are outside any supervisor");
        assert_eq!(supervised.len() + loose, all.len());
        assert_eq!(some.len() + more, all.len());
        assert_eq!(more, loose - 100);
        assert_eq!(
            some[..],
            all[..some.len()],
            "the same trees, in the same order"
        );
    }

    /// Cause travels as a trace context: through a spawn, a mailbox, a
    /// timer, a supervisor's restart; the system's periodic work keeps its
    /// own (none), even while a line waits.
    #[test]
    fn the_log_marks_the_work_each_line_set_off() {
        let mut c = Console::new(1);
        let lines = [
            "me = self()",
            "p = spawn(fn -> receive do :go -> Process.send_after(self(), :tick, 500); receive do :tick -> send(me, :done) end end end)",
            "{:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one)",
            "{:ok, w} = DynamicSupervisor.start_child(sup, {Agent, fn -> 0 end})",
            "Process.sleep(3_000)",
            "send(p, :go); receive do :done -> :ok end",
            "Process.exit(w, :kill); Process.sleep(10)",
            "Sim.add_node(:\"b@sim\")",
            "Process.sleep(5_000)",
        ];
        let mut at = Vec::new();
        for line in lines {
            at.push(c.world().trace_total());
            assert!(c.eval_line(line).ok, "{line}");
            assert_eq!(c.lines() as usize, at.len());
        }
        let pid = |name: &str| match c.bindings().get(name) {
            Some(Term::Pid(p)) => *p,
            other => panic!("{name} = {other:?}"),
        };
        let (p, shell) = (pid("p"), c.shell());
        let trace = c.world().trace();
        use crate::kernel::TraceKind as K;
        let cause_of = |f: &dyn Fn(&K) -> bool| {
            trace
                .iter()
                .filter(|e| f(&e.kind))
                .map(|e| e.cause)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            cause_of(&|k| matches!(k, K::Spawn { pid, .. } if *pid == p)),
            [2]
        );
        assert_eq!(
            cause_of(&|k| matches!(k, K::TimerStart { pid, .. } if *pid == p)),
            [6]
        );
        assert_eq!(
            cause_of(&|k| matches!(k, K::TimerFire { pid, .. } if *pid == p)),
            [6]
        );
        assert_eq!(
            cause_of(&|k| matches!(k, K::Send { from, to, .. } if *from == p && *to == shell)),
            [6]
        );
        assert_eq!(cause_of(&|k| matches!(k, K::Restart { .. })), [7]);
        // While line 5 slept, the apps' own ticks and gossip ran for none.
        let during_sleep = trace.range(at[4], at[5]);
        assert!(during_sleep
            .iter()
            .any(|e| e.cause == 0 && matches!(e.kind, K::Send { .. })));
        assert!(during_sleep
            .iter()
            .filter(|e| matches!(e.kind, K::TimerFire { .. }))
            .all(|e| e.cause == 0));
        // A node a line added boots for that line, but its apps' ticks and
        // gossip after are the system's own, not the line's forever.
        let after_boot = trace.range(at[8], at[8] + 1).first().map_or(0, |e| e.time) + 2_000_000;
        let later = trace.from(at[8]);
        assert!(later.iter().any(|e| e.cause == 8));
        let kept: Vec<String> = later
            .iter()
            .filter(|e| e.time > after_boot && e.cause == 8)
            .map(|e| e.describe())
            .take(12)
            .collect();
        assert!(kept.is_empty(), "{kept:#?}");
        // The log shows caused work even where it would hide system traffic.
        let log = log_tail(c.world(), usize::MAX);
        assert!(log
            .iter()
            .any(|l| l.cause == 7 && l.kind == EventKind::Restart));
        assert!(log.iter().filter(|l| l.cause != 0).all(|l| !l.system));
        assert!(log.iter().any(|l| l.system));
    }

    #[test]
    fn the_cluster_view_shows_nodes_links_and_splits() {
        let mut c = Console::new(1);
        for line in [
            "Sim.add_node(:\"b@sim\")",
            "Sim.add_node(:\"c@sim\")",
            "Process.sleep(3_000)",
            "Sim.cut(:\"a@sim\", :\"c@sim\")",
            "Sim.crash_node(:\"b@sim\")",
        ] {
            assert!(c.eval_line(line).ok, "{line}");
        }
        let view = cluster(c.world());
        assert_eq!(view.nodes.len(), 3);
        assert!(!view.nodes[1].alive);
        let state = |a: &str, b: &str| {
            view.links
                .iter()
                .find(|l| &*l.a == a && &*l.b == b)
                .map(|l| l.state)
        };
        assert_eq!(state("a@sim", "b@sim"), Some(LinkState::Down));
        assert_eq!(state("a@sim", "c@sim"), Some(LinkState::OneWay));
        assert!(c.eval_line("spawn(fn -> receive do :x -> :ok end end)").ok);
        let view = cluster(c.world());
        let dots = &view.nodes[0].dots;
        assert!(
            dots.iter().any(|d| d.user),
            "the shell and its spawn are the user's"
        );
        assert!(
            dots.iter()
                .any(|d| !d.user && d.label == "Fleet.Supervisor"),
            "the apps' are not"
        );
        let log = log_tail(c.world(), 10_000);
        assert!(
            log.iter().any(|l| l.system && l.kind == EventKind::Send),
            "gossip and periodic checks are the system's"
        );
        assert!(log
            .iter()
            .any(|l| l.kind == EventKind::Nodedown && !l.system));
        assert!(c.eval_line("send(self(), :hello)").ok);
        let mine = log_tail(c.world(), 5);
        assert!(
            mine.iter()
                .any(|l| l.kind == EventKind::Send && l.text.contains(":hello") && !l.system),
            "the user's own message shows: {mine:?}"
        );
        let trees = trees(c.world(), 0);
        assert!(trees
            .iter()
            .any(|t| t.name.as_deref() == Some("Fleet.Supervisor")));
    }
}
