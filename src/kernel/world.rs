//! The [`World`]: all state of one simulated cluster, moved only by [`World::step`].

use super::code::Code;
use super::event::{Event, EventQueue};
use super::net::Net;
use super::process::{Behaviour, Letter, Process, ProcessInfo, ProcessKind, Relation};
use super::tables::{node_tables, Table, TableKey, TableName};
use super::timer::Timers;
use super::trace::{Trace, TraceKind};
use super::{Ctx, SimRng, Time};
use crate::term::{inspect, Atom, Pid, Ref, Term};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Index of a node in the world (0 is the first node, `:"a@sim"`).
pub type NodeId = u32;

/// The first process number on every node, so early pids look like the BEAM's.
const FIRST_PID: u32 = 100;

/// Process slots per node by default: the BEAM's default process limit
/// (`erl +P`). Past it, dead processes' slots are reused, so a node that
/// spawns forever keeps a table of bounded size.
pub const PROCESS_LIMIT: usize = 262_144;

/// The most bytes of printed output the world holds until the console
/// takes it; past it the oldest lines are dropped and counted.
pub const STDOUT_KEPT: usize = 1 << 20;

/// Virtual microseconds one full slice of compiled code takes (see
/// `crate::vm`: a slice is a fixed number of reductions).
pub const SLICE_COST: Time = 100;

/// How a world is built.
#[derive(Clone, Debug)]
pub struct WorldConfig {
    /// Seed of the world's one random number generator.
    pub seed: u64,
    /// Record a trace (off only for benchmarks).
    pub trace: bool,
}

impl Default for WorldConfig {
    fn default() -> Self {
        WorldConfig {
            seed: 0,
            trace: true,
        }
    }
}

/// One node: its name, its process table and its registered names.
#[derive(Clone)]
pub(crate) struct Node {
    pub(crate) name: Atom,
    /// Slot `i` holds the process numbered `FIRST_PID + i`, or `None` once
    /// dead. Shared with snapshots until written to ([`Rc::make_mut`]), so
    /// a snapshot of the world copies pointers, and only the processes that
    /// run afterwards pay for a copy of their own.
    pub(crate) procs: Vec<Option<Rc<Process>>>,
    pub(crate) names: BTreeMap<Atom, Pid>,
    pub(crate) live: usize,
    /// False while the node is crashed.
    pub(crate) alive: bool,
    /// Processes that asked for `{:nodeup, _}` / `{:nodedown, _}` messages.
    pub(crate) watchers: Rc<[Pid]>,
    /// What `Logger` printed on this node.
    pub(crate) log: super::env::NodeLog,
    /// Processes the node cannot live without: the kernel's (its
    /// supervisor allows no restarts), so when one dies the node goes down.
    pub(crate) vital: Vec<Pid>,
    /// Where the search for a free slot goes on from, once the table is full.
    pub(crate) reuse_at: usize,
    /// The serial of each slot used more than once (absent: 0).
    pub(crate) serials: BTreeMap<u32, u32>,
    /// While later than now, the node is paused (see `pause.rs`); 0 when not.
    pub(crate) paused_until: Time,
    /// How far the node's OS clock is off (µs, either way): what
    /// `System.os_time/0` and `:os.system_time/0` read; timers and
    /// `System.monotonic_time/0` stay on the one virtual clock.
    pub(crate) clock_skew: i64,
}

impl Node {
    /// A slot for a new process and the serial its pid gets: a new slot
    /// while the table is below `limit`, then the next free one after the
    /// last reused (as the BEAM wraps its pid numbers), its serial one up
    /// so an old pid never names the new process. None when all are live.
    fn free_slot(&mut self, limit: usize) -> Option<(usize, u32)> {
        let len = self.procs.len();
        if len < limit {
            return Some((len, 0));
        }
        let slot = (0..len)
            .map(|i| (self.reuse_at + i) % len)
            .find(|&s| self.procs[s].is_none())?;
        self.reuse_at = (slot + 1) % len;
        let serial = self.serials.entry(slot as u32).or_insert(0);
        *serial = serial.wrapping_add(1);
        Some((slot, *serial))
    }
}

/// All state of one simulated cluster.
#[derive(Clone)]
pub struct World {
    pub(crate) now: Time,
    pub(crate) queue: EventQueue,
    pub(crate) rng: SimRng,
    pub(crate) nodes: Vec<Node>,
    /// Node index by name, so a name finds its node in log time.
    /// Node index by name. Looked up on every send by name and every
    /// heartbeat read, never iterated: a hash map, so a lookup costs the
    /// same among a thousand nodes as among three.
    pub(crate) node_index: rustc_hash::FxHashMap<Box<str>, NodeId>,
    /// `node_index` by the name's atom: a send to `{name, node}` or a pg
    /// scope's `:nodeup` has the atom, and finds it by pointer and its
    /// precomputed hash, without hashing the text.
    pub(crate) node_atoms: rustc_hash::FxHashMap<Atom, NodeId>,
    pub(crate) trace: Trace,
    pub(crate) timers: Timers,
    pub(crate) tables: BTreeMap<TableKey, Table>,
    pub(crate) disks: super::disk::Disks,
    pub(crate) code: Code,
    pub(crate) net: Net,
    /// Open UDP ports and the processes holding them.
    pub(crate) udp: BTreeMap<u16, super::datagram::UdpPort>,
    /// `Application` environment, by `(app, key)`.
    pub(crate) env: BTreeMap<(Atom, Atom), Term>,
    pub(crate) connect_hooks: Vec<super::distribution::NetHook>,
    pub(crate) disconnect_hooks: Vec<super::distribution::NetHook>,
    /// How names other than atoms are taken ([`World::set_registrar`]).
    pub(crate) registrar: Option<super::names::Registrar>,
    /// Faults scheduled by `Sim.nemesis/1`, and who applies them.
    pub(crate) faults: super::fault::Faults,
    /// Invariants checked after events (`Sim.invariant/2`).
    pub(crate) watches: super::watch::Watches,
    /// Counts changes to what the time track draws (faults scheduled or
    /// fired, invariants added or changing colour): see [`World::track_version`].
    pub(crate) track_changes: u64,
    /// No node is paused at or after this time (see `pause.rs`): what an
    /// event is checked against first, so no pause costs one compare.
    pub(crate) pause_horizon: Time,
    pub(crate) hook_queue: std::collections::VecDeque<super::distribution::HookCall>,
    pub(crate) in_hooks: bool,
    next_ref: u64,
    /// Active process aliases and their owners (`kernel/alias.rs`).
    pub(crate) aliases: BTreeMap<Ref, Pid>,
    events_run: u64,
    /// State of the layers above, by type (the VM's code server).
    pub(crate) ext: super::ext::Exts,
    /// Reductions run by compiled code so far (the console's budget reads it).
    pub(crate) reductions: u64,
    /// Words of memory the big terms made so far took (binaries, lists,
    /// maps and tuples built by natives; see `vm::bif::cost`).
    pub(crate) words: u64,
    /// Past this many `words`, making a big term fails: the console sets
    /// it for each line from [`crate::console::Limits::heap_words`].
    pub(crate) words_ceiling: u64,
    /// Past this many `reductions`, a native whose cost would pass it is
    /// refused before it runs: the console sets it for each line from
    /// [`crate::console::Limits::reductions`].
    pub(crate) reductions_ceiling: u64,
    /// Text printed by `IO.puts` and friends, not yet taken by the console
    /// (at most [`STDOUT_KEPT`] bytes).
    pub(crate) stdout: String,
    /// Lines dropped from `stdout` since it was last taken.
    pub(crate) stdout_dropped: u64,
    /// On whose behalf the work being done now happens: set from each
    /// event as it runs, and by the console for its lines.
    pub(crate) cause: super::Cause,
    /// Process slots per node ([`World::set_process_limit`]).
    process_limit: usize,
}

impl World {
    /// A world with one node, `:"a@sim"`, and nothing running.
    pub fn new(config: WorldConfig) -> World {
        let mut world = World {
            now: 0,
            queue: EventQueue::default(),
            rng: SimRng::new(config.seed),
            nodes: Vec::new(),
            node_index: Default::default(),
            node_atoms: Default::default(),
            trace: Trace {
                enabled: config.trace,
                ..Trace::default()
            },
            timers: Timers::default(),
            tables: BTreeMap::new(),
            disks: super::disk::Disks::default(),
            code: Code::default(),
            net: Net::default(),
            udp: BTreeMap::new(),
            env: BTreeMap::new(),
            connect_hooks: Vec::new(),
            disconnect_hooks: Vec::new(),
            registrar: None,
            faults: Default::default(),
            watches: Default::default(),
            track_changes: 0,
            pause_horizon: 0,
            hook_queue: std::collections::VecDeque::new(),
            in_hooks: false,
            next_ref: 0,
            aliases: BTreeMap::new(),
            events_run: 0,
            ext: super::ext::Exts::default(),
            reductions: 0,
            words: 0,
            words_ceiling: u64::MAX,
            reductions_ceiling: u64::MAX,
            stdout: String::new(),
            stdout_dropped: 0,
            cause: 0,
            process_limit: PROCESS_LIMIT,
        };
        world.add_node("a@sim");
        world
    }

    /// Adds a node named `name` (e.g. `"b@sim"`) and returns its index.
    pub fn add_node(&mut self, name: &str) -> NodeId {
        let id = self.nodes.len() as NodeId;
        self.node_index.entry(name.into()).or_insert(id);
        self.node_atoms.entry(Atom::new(name)).or_insert(id);
        self.nodes.push(Node {
            name: Atom::new(name),
            procs: Vec::new(),
            names: BTreeMap::new(),
            live: 0,
            alive: true,
            watchers: Rc::new([]),
            log: Default::default(),
            vital: Vec::new(),
            reuse_at: 0,
            serials: BTreeMap::new(),
            paused_until: 0,
            clock_skew: 0,
        });
        id
    }

    /// The node's name atom.
    pub fn node_name(&self, node: NodeId) -> Option<&Atom> {
        self.nodes.get(node as usize).map(|n| &n.name)
    }

    /// The index of the node called `name`.
    pub fn node_id(&self, name: &str) -> Option<NodeId> {
        self.node_index.get(name).copied()
    }

    /// How many nodes exist.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Current virtual time in microseconds.
    pub fn now(&self) -> Time {
        self.now
    }

    /// Sets how many process slots each node has (the BEAM's `+P`): past
    /// it slots are reused, and a spawn with every slot live fails.
    pub fn set_process_limit(&mut self, limit: usize) {
        self.process_limit = limit.max(1);
    }

    /// Sets how far `node`'s OS clock is off, in µs (see `Node::clock_skew`).
    pub fn set_clock_skew(&mut self, node: NodeId, skew_us: i64) {
        if let Some(n) = self.nodes.get_mut(node as usize) {
            n.clock_skew = skew_us;
        }
    }

    /// How far `node`'s OS clock is off, in µs.
    pub fn clock_skew(&self, node: NodeId) -> i64 {
        self.nodes.get(node as usize).map_or(0, |n| n.clock_skew)
    }

    /// True when `pid` is one of its node's kernel processes (see `Node::vital`).
    pub fn is_vital(&self, pid: Pid) -> bool {
        self.nodes
            .get(pid.node as usize)
            .is_some_and(|n| n.vital.contains(&pid))
    }

    /// Marks `pid` as one of its node's kernel processes (see `Node::vital`).
    pub fn mark_vital(&mut self, pid: Pid) {
        if let Some(n) = self.nodes.get_mut(pid.node as usize) {
            n.vital.push(pid);
        }
    }

    /// Marks `pid` as a console's shell: it and every process it spawns,
    /// and they spawn, are the user's (see `Process::user`).
    pub fn mark_user(&mut self, pid: Pid) {
        if let Some(p) = self.process_mut(pid) {
            p.user = true;
        }
    }

    /// Makes what happens next work for `cause` (a console line's counter;
    /// 0: the system's), until the next event sets its own.
    pub fn set_cause(&mut self, cause: super::Cause) {
        self.cause = cause;
    }

    /// The world's random number generator.
    pub fn rng(&mut self) -> &mut SimRng {
        &mut self.rng
    }

    /// How many events have been applied since the world began.
    pub fn events_run(&self) -> u64 {
        self.events_run
    }

    /// How many events are waiting.
    pub fn pending(&self) -> usize {
        self.queue.len()
    }

    /// Messages and exit signals travelling between nodes right now:
    /// `(from, to, arrives_at)`, earliest first, at most `limit` of them.
    pub fn in_flight(&self, limit: usize) -> Vec<(Pid, Pid, Time)> {
        self.queue
            .iter()
            .filter_map(|(t, e)| match e {
                Event::Deliver { from, to, .. }
                | Event::Exit { from, to, .. }
                | Event::Down { from, to, .. } => Some((t, *from, std::slice::from_ref(to))),
                Event::Heartbeat { from, to, .. } => Some((t, *from, &to[..])),
                _ => None,
            })
            .flat_map(|(t, from, to)| {
                to.iter()
                    .filter(move |to| from.node != to.node)
                    .map(move |to| (from, *to, t))
            })
            .take(limit)
            .collect()
    }

    /// When the next event is due.
    pub fn next_event_time(&self) -> Option<Time> {
        self.queue.peek_time()
    }

    /// A fresh reference made on `node`.
    pub fn make_ref(&mut self, node: NodeId) -> Ref {
        self.next_ref += 1;
        Ref {
            node,
            id: self.next_ref,
        }
    }

    // ---- process table -------------------------------------------------

    pub(crate) fn process(&self, pid: Pid) -> Option<&Process> {
        let node = self.nodes.get(pid.node as usize)?;
        let slot = pid.id.checked_sub(FIRST_PID)? as usize;
        node.procs.get(slot)?.as_deref().filter(|p| p.pid == pid)
    }

    pub(crate) fn process_mut(&mut self, pid: Pid) -> Option<&mut Process> {
        let node = self.nodes.get_mut(pid.node as usize)?;
        let slot = pid.id.checked_sub(FIRST_PID)? as usize;
        let p = node.procs.get_mut(slot)?.as_mut()?;
        if p.pid != pid {
            return None;
        }
        Some(Rc::make_mut(p))
    }

    /// The process table slot `pid` would be in, whoever is in it now.
    pub(crate) fn slot_of(&self, pid: Pid) -> Option<&Option<Rc<Process>>> {
        let node = self.nodes.get(pid.node as usize)?;
        node.procs.get(pid.id.checked_sub(FIRST_PID)? as usize)
    }

    fn take_process(&mut self, pid: Pid) -> Option<Rc<Process>> {
        let node = self.nodes.get_mut(pid.node as usize)?;
        let slot = pid.id.checked_sub(FIRST_PID)? as usize;
        let process = node.procs.get_mut(slot)?.take()?;
        node.live -= 1;
        Some(process)
    }

    /// True while `pid` is alive.
    pub fn is_alive(&self, pid: Pid) -> bool {
        self.process(pid).is_some()
    }

    /// How many process slots `node`'s table has (live or free): at most
    /// the process limit.
    pub fn process_slots(&self, node: NodeId) -> usize {
        self.nodes.get(node as usize).map_or(0, |n| n.procs.len())
    }

    /// How many processes are alive on `node`.
    pub fn process_count(&self, node: NodeId) -> usize {
        self.nodes.get(node as usize).map_or(0, |n| n.live)
    }

    /// Every live pid on `node`, oldest first.
    pub fn pids(&self, node: NodeId) -> Vec<Pid> {
        self.nodes
            .get(node as usize)
            .map(|n| n.procs.iter().flatten().map(|p| p.pid).collect())
            .unwrap_or_default()
    }

    /// A summary of a live process.
    pub fn process_info(&self, pid: Pid) -> Option<ProcessInfo> {
        let p = self.process(pid)?;
        Some(ProcessInfo {
            pid,
            name: p.name.as_ref().map(|a| inspect(&Term::Atom(*a))),
            module: p
                .module
                .as_ref()
                .map(|a| inspect(&Term::Atom(*a)))
                .unwrap_or_default(),
            kind: p.kind,
            parent: p.parent,
            links: p.links().collect(),
            message_queue_len: p.mailbox.len(),
            trap_exit: p.trap_exit,
            spawned_at: p.spawned_at,
        })
    }

    /// The behaviour a process runs, for the OTP layer's introspection.
    /// `None` for shells, dead pids, and a process in the middle of a handler.
    pub fn behaviour(&self, pid: Pid) -> Option<&dyn Behaviour> {
        self.process(pid)?.behaviour.as_deref()
    }

    /// The module a process runs.
    pub fn module_of(&self, pid: Pid) -> Option<Atom> {
        self.process(pid)?.module
    }

    /// The kind of a process (supervisor, worker, shell).
    pub fn kind_of(&self, pid: Pid) -> Option<ProcessKind> {
        Some(self.process(pid)?.kind)
    }

    /// Creates a process on `node` with no behaviour yet; `parent` is linked
    /// to it when `link` is true. Install its code with [`World::install`].
    /// None when the node is down.
    pub fn spawn(
        &mut self,
        node: NodeId,
        parent: Option<Pid>,
        link: bool,
        module: Atom,
        kind: ProcessKind,
    ) -> Option<Pid> {
        if !self.node_alive(node) {
            return None;
        }
        self.spawn_anyway(node, parent, link, module, kind)
    }

    /// A console's shell on `node` even while it is down: with every node
    /// down, the console still evaluates lines (as an `iex` started outside
    /// the cluster would) until `Sim.restart_node/1` brings one back. A
    /// down node connects to no one, so nothing it sends leaves it.
    pub fn spawn_outside(&mut self, node: NodeId, module: Atom) -> Option<Pid> {
        self.spawn_anyway(node, None, false, module, ProcessKind::Shell)
    }

    fn spawn_anyway(
        &mut self,
        node: NodeId,
        parent: Option<Pid>,
        link: bool,
        module: Atom,
        kind: ProcessKind,
    ) -> Option<Pid> {
        let now = self.now;
        let users_child = parent.and_then(|p| self.process(p)).is_some_and(|p| p.user);
        let limit = self.process_limit;
        let n = self.nodes.get_mut(node as usize)?;
        let (slot, serial) = n.free_slot(limit)?;
        let id = FIRST_PID.checked_add(u32::try_from(slot).ok()?)?;
        let pid = Pid { node, id, serial };
        let mut process = Process::new(pid, parent, now, self.cause);
        process.user = users_child;
        process.kind = kind;
        process.module = Some(module);
        let process = Some(Rc::new(process));
        match n.procs.get_mut(slot) {
            Some(reused) => *reused = process,
            None => n.procs.push(process),
        }
        n.live += 1;
        self.trace.record(
            self.cause,
            now,
            TraceKind::Spawn {
                pid,
                parent,
                module: Term::Atom(module),
            },
        );
        if let (true, Some(parent)) = (link, parent) {
            self.link(parent, pid);
        }
        Some(pid)
    }

    /// Gives a process its code and lets it start on any waiting messages.
    /// A process that reads its own mailbox ([`Behaviour::selective`])
    /// starts running at once, in turn with the others due now.
    pub fn install(&mut self, pid: Pid, behaviour: Box<dyn Behaviour>) {
        if let Some(p) = self.process_mut(pid) {
            p.kind = behaviour.kind();
            p.module = Some(behaviour.module());
            p.selective = behaviour.selective();
            p.behaviour = Some(behaviour);
            if p.selective {
                self.wake(pid);
            } else if !p.mailbox.is_empty() {
                self.schedule(pid);
            }
        }
    }

    /// Queues a run of a selective process now (new messages, a start).
    pub fn wake(&mut self, pid: Pid) {
        let now = self.now;
        let Some(p) = self.process_mut(pid) else {
            return;
        };
        if p.scheduled || p.kind == ProcessKind::Shell {
            return;
        }
        p.scheduled = true;
        let at = p.busy_until.max(now);
        self.queue.push(self.cause, at, Event::Run { to: pid });
    }

    /// Counts reductions run by compiled code.
    pub fn add_reductions(&mut self, n: u64) {
        self.reductions = self.reductions.saturating_add(n);
    }

    /// Reductions run by compiled code since the world began.
    pub fn reductions(&self) -> u64 {
        self.reductions
    }

    /// Sets the reduction count past which a native is refused rather than
    /// run (`u64::MAX`: none): the end of the console line's budget.
    pub fn set_reductions_ceiling(&mut self, ceiling: u64) {
        self.reductions_ceiling = ceiling;
    }

    /// How many more reductions may run before the ceiling.
    pub fn reductions_left(&self) -> u64 {
        self.reductions_ceiling.saturating_sub(self.reductions)
    }

    /// Counts `n` words of memory taken by a new big term. False (and
    /// nothing counted) when that would pass the ceiling set by
    /// [`World::set_words_ceiling`]: the caller then fails instead of making it.
    pub fn add_words(&mut self, n: u64) -> bool {
        let total = self.words.saturating_add(n);
        if total > self.words_ceiling {
            return false;
        }
        self.words = total;
        true
    }

    /// Words taken by big terms since the world began.
    pub fn words(&self) -> u64 {
        self.words
    }

    /// Sets the word count past which big terms are refused (`u64::MAX`:
    /// none). The console sets its line's heap limit past the count the
    /// line started at, for each piece of the line it runs.
    pub fn set_words_ceiling(&mut self, ceiling: u64) {
        self.words_ceiling = ceiling;
    }

    /// How many more words big terms may take before the ceiling.
    pub fn words_left(&self) -> u64 {
        self.words_ceiling.saturating_sub(self.words)
    }

    /// Prints a line to the console (`IO.puts/1` from any process).
    pub fn print(&mut self, text: String) {
        self.stdout.push_str(&text);
        self.stdout.push('\n');
        self.bound_stdout();
    }

    /// Prints the concatenation of `parts` (newlines included), without
    /// building it first: a thousand-node mesh logs a million greetings.
    pub fn print_parts(&mut self, parts: &[&str]) {
        for part in parts {
            self.stdout.push_str(part);
        }
        self.bound_stdout();
    }

    /// Prints text without ending the line (`IO.write/1`).
    pub fn print_partial(&mut self, text: String) {
        self.stdout.push_str(&text);
        self.bound_stdout();
    }

    /// Keeps what was printed and not yet taken to [`STDOUT_KEPT`] bytes:
    /// past it, the oldest half goes, at a line's end, and is counted.
    /// Nothing takes the output while the page plays between lines, and
    /// chatty processes (a greeter logging each of a thousand nodeups)
    /// would otherwise grow it, and every snapshot's copy, without end.
    fn bound_stdout(&mut self) {
        if self.stdout.len() <= STDOUT_KEPT {
            return;
        }
        // Bytes, not a str slice: `from` may fall inside a character, and a
        // newline (one byte) is always a character's end.
        let bytes = self.stdout.as_bytes();
        let from = bytes.len() - STDOUT_KEPT / 2;
        let cut = bytes[from..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(bytes.len(), |i| from + i + 1);
        let dropped = bytes[..cut].iter().filter(|b| **b == b'\n').count() as u64;
        self.stdout.drain(..cut);
        self.stdout_dropped += dropped.max(1);
    }

    /// Takes the lines printed since the last call (an unfinished last
    /// line counts as a line).
    pub fn take_stdout(&mut self) -> Vec<String> {
        self.take_stdout_open().0
    }

    /// Like [`World::take_stdout`], and whether the last line was left
    /// unfinished (`IO.write("no newline")`), so iex's next output joins it.
    pub fn take_stdout_open(&mut self) -> (Vec<String>, bool) {
        let text = std::mem::take(&mut self.stdout);
        let dropped = std::mem::take(&mut self.stdout_dropped);
        let mut lines = Vec::new();
        if dropped > 0 {
            lines.push(format!(
                "(... {dropped} earlier lines of output dropped: at most {} KiB of output waits to be shown)",
                STDOUT_KEPT / 1024
            ));
        }
        if text.is_empty() {
            return (lines, false);
        }
        let open = !text.ends_with('\n');
        let text = text.strip_suffix('\n').unwrap_or(&text);
        lines.extend(text.split('\n').map(str::to_string));
        (lines, open)
    }

    /// Sets or clears `trap_exit` for a process.
    pub fn set_trap_exit(&mut self, pid: Pid, on: bool) {
        if let Some(p) = self.process_mut(pid) {
            p.trap_exit = on;
        }
    }

    /// Whether a process traps exits.
    pub fn traps_exit(&self, pid: Pid) -> bool {
        self.process(pid).is_some_and(|p| p.trap_exit)
    }

    // ---- messages and signals -------------------------------------------

    /// Sends `msg` from `from` to `to`; it arrives through the event queue.
    pub fn send(&mut self, from: Pid, to: Pid, msg: Term) {
        let now = self.now;
        if self.trace.enabled {
            self.trace.record(
                self.cause,
                now,
                TraceKind::Send {
                    from,
                    to,
                    msg: msg.clone(),
                },
            );
        }
        // On one node a message is in the receiver's mailbox when `send`
        // returns, as on the BEAM (a `receive ... after 0` right after a
        // send to self sees it). Processes of compiled code and the shell
        // only queue it; Rust behaviours, which handle a message at once,
        // get it as an event so that no handler runs inside another.
        if from.node == to.node {
            let queues = self
                .process(to)
                .is_some_and(|p| p.selective || p.kind == ProcessKind::Shell);
            if queues {
                self.deliver(to, msg);
                return;
            }
        }
        self.transmit(from, to, Event::Deliver { from, to, msg });
    }

    /// Sends an exit signal, as `Process.exit(to, reason)` from `from` does.
    pub fn exit_signal(&mut self, from: Pid, to: Pid, reason: Term) {
        self.signal(from, to, reason, false);
    }

    fn signal(&mut self, from: Pid, to: Pid, reason: Term, linked: bool) {
        let now = self.now;
        self.trace.record(
            self.cause,
            now,
            TraceKind::Signal {
                from,
                to,
                reason: reason.clone(),
            },
        );
        self.transmit(
            from,
            to,
            Event::Exit {
                from,
                to,
                reason,
                linked,
            },
        );
    }

    /// Links two processes. Linking to a dead process sends the caller a
    /// `:noproc` exit signal, as the BEAM does.
    pub fn link(&mut self, a: Pid, b: Pid) {
        if a == b {
            return;
        }
        if a.node != b.node && !self.ensure_connected(a.node, b.node) {
            self.signal_local(b, a, Term::atom("noconnection"));
            return;
        }
        if !self.is_alive(b) {
            self.signal(b, a, Term::atom("noproc"), true);
            if let Some(pa) = self.process_mut(a) {
                if !pa.is_linked(b) {
                    pa.relations.push(Relation::Link(b));
                }
            }
            return;
        }
        // Links between live processes are symmetric: scan the shorter list only.
        let len = |w: &World, p: Pid| w.process(p).map_or(0, |p| p.relations.len());
        let (small, other) = if len(self, a) <= len(self, b) {
            (a, b)
        } else {
            (b, a)
        };
        let linked = self.process(small).is_some_and(|p| p.is_linked(other));
        let mut added = false;
        if !linked {
            for (x, y) in [(a, b), (b, a)] {
                if let Some(p) = self.process_mut(x) {
                    p.relations.push(Relation::Link(y));
                    added = true;
                }
            }
        }
        if added {
            let now = self.now;
            self.trace.record(self.cause, now, TraceKind::Link { a, b });
        }
    }

    /// Removes the link between two processes, if any.
    pub fn unlink(&mut self, a: Pid, b: Pid) {
        let mut removed = false;
        for (x, y) in [(a, b), (b, a)] {
            if let Some(p) = self.process_mut(x) {
                if p.is_linked(y) {
                    p.remove_link(y);
                    removed = true;
                }
            }
        }
        if removed {
            let now = self.now;
            self.trace
                .record(self.cause, now, TraceKind::Unlink { a, b });
        }
    }

    /// `watcher` monitors `target`; a dead target gives an immediate `:noproc` `:DOWN`.
    pub fn monitor(&mut self, watcher: Pid, target: Pid) -> Ref {
        let r = self.make_ref_of(watcher);
        if watcher.node != target.node && !self.ensure_connected(watcher.node, target.node) {
            let down = down_message(r, target, Term::atom("noconnection"));
            self.queue.push(
                self.cause,
                self.now,
                Event::Deliver {
                    from: target,
                    to: watcher,
                    msg: down,
                },
            );
            return r;
        }
        if self.is_alive(target) {
            if let Some(t) = self.process_mut(target) {
                t.relations.push(Relation::MonitoredBy(r, watcher));
            }
            if let Some(w) = self.process_mut(watcher) {
                w.relations.push(Relation::Monitoring(r, target));
            }
            let now = self.now;
            self.trace
                .record(self.cause, now, TraceKind::Monitor { watcher, target });
        } else {
            let down = down_message(r, target, Term::atom("noproc"));
            self.queue.push(
                self.cause,
                self.now,
                Event::Deliver {
                    from: target,
                    to: watcher,
                    msg: down,
                },
            );
        }
        r
    }

    /// Stops a monitor; true when it was active.
    pub fn demonitor(&mut self, watcher: Pid, r: Ref) -> bool {
        self.unalias(watcher, r);
        let Some(w) = self.process_mut(watcher) else {
            return false;
        };
        let target = w.relations.iter().find_map(|rel| match rel {
            Relation::Monitoring(x, t) if *x == r => Some(*t),
            _ => None,
        });
        let Some(target) = target else {
            return false;
        };
        w.relations
            .retain(|rel| *rel != Relation::Monitoring(r, target));
        if let Some(t) = self.process_mut(target) {
            t.relations
                .retain(|rel| *rel != Relation::MonitoredBy(r, watcher));
        }
        true
    }

    // ---- mailboxes (for shells, which run outside the event loop) -------

    /// Removes and returns the first message in `pid`'s mailbox that `accept` takes.
    pub fn take_message(&mut self, pid: Pid, accept: impl Fn(&Term) -> bool) -> Option<Term> {
        let now = self.now;
        let p = self.process_mut(pid)?;
        let at = p.mailbox.iter().position(|l| accept(&l.msg))?;
        let msg = p.take_letter(at)?.msg;
        // A shell's receive is a receive too: the sequence chart pairs it
        // with its send.
        if self.trace.enabled {
            self.trace.record(
                self.cause,
                now,
                TraceKind::Receive {
                    pid,
                    msg: msg.clone(),
                },
            );
        }
        Some(msg)
    }

    /// Removes and returns every message in `pid`'s mailbox.
    pub fn drain_mailbox(&mut self, pid: Pid) -> Vec<Term> {
        self.process_mut(pid)
            .map(|p| {
                p.recv_mark = None;
                p.mailbox.drain(..).map(|l| l.msg).collect()
            })
            .unwrap_or_default()
    }

    /// A new reference made by `pid` (`make_ref/0`, a monitor, an alias),
    /// noted as its receive marker (see `Process::recv_mark`).
    pub fn make_ref_of(&mut self, pid: Pid) -> Ref {
        let r = self.make_ref(pid.node);
        if let Some(p) = self.process_mut(pid) {
            p.recv_mark = Some((r, p.mailbox.len()));
        }
        r
    }

    /// The reference `pid` made last, and how many messages were in its
    /// mailbox then: a `receive` for messages holding that reference may
    /// start past them.
    pub fn receive_mark(&self, pid: Pid) -> Option<(Ref, usize)> {
        self.process(pid).and_then(|p| p.recv_mark)
    }

    /// How many messages wait in `pid`'s mailbox.
    pub fn mailbox_len(&self, pid: Pid) -> usize {
        self.process(pid).map_or(0, |p| p.mailbox.len())
    }

    /// The messages in `pid`'s mailbox, oldest first (for the inspector).
    pub fn mailbox(&self, pid: Pid) -> impl Iterator<Item = &Term> + '_ {
        self.process(pid)
            .into_iter()
            .flat_map(|p| p.mailbox.iter().map(|l| &l.msg))
    }

    /// The processes `pid` monitors, and those that monitor it.
    pub fn monitors_of(&self, pid: Pid) -> (Vec<Pid>, Vec<Pid>) {
        let (mut watching, mut watched_by) = (Vec::new(), Vec::new());
        for r in self.process(pid).iter().flat_map(|p| &p.relations) {
            match r {
                Relation::Monitoring(_, target) => watching.push(*target),
                Relation::MonitoredBy(_, watcher) => watched_by.push(*watcher),
                Relation::Link(_) => {}
            }
        }
        (watching, watched_by)
    }

    // ---- the event loop ---------------------------------------------------

    /// Applies the next event. Returns false when the queue is empty.
    pub fn step(&mut self) -> bool {
        let Some((at, event, cause)) = self.queue.pop() else {
            return false;
        };
        self.now = self.now.max(at);
        let Some(event) = self.defer_if_paused(at, event, cause) else {
            return true;
        };
        self.cause = cause;
        self.events_run += 1;
        self.prefetch_ahead();
        match event {
            Event::Deliver { from: _, to, msg } => self.deliver(to, msg),
            Event::Heartbeat {
                from,
                to,
                msg,
                sender,
            } => {
                // Each as the event it used to be: counted when it arrives,
                // and on a paused node put off until it resumes.
                self.events_run -= 1;
                for pid in to.iter() {
                    if let Some(until) = self.paused_until(pid.node, at) {
                        let event = Event::Heartbeat {
                            from,
                            to: Rc::from([*pid]),
                            msg: msg.clone(),
                            sender,
                        };
                        self.queue.push(cause, until, event);
                        continue;
                    }
                    self.cause = cause;
                    self.events_run += 1;
                    self.arrive_heartbeat(*pid, msg.clone(), sender);
                }
            }
            Event::DeliverAll { to, msg } => {
                // Each delivery counts as the event it used to be.
                self.prefetch_processes(to.get(1..).unwrap_or_default());
                for (i, pid) in to.iter().enumerate() {
                    if i > 0 {
                        self.cause = cause;
                        self.events_run += 1;
                    }
                    self.deliver(*pid, msg.clone());
                }
            }
            Event::Down { from, to, r, msg } => {
                let watching = self.process_mut(to).is_some_and(|w| {
                    let before = w.relations.len();
                    w.relations.retain(|x| *x != Relation::Monitoring(r, from));
                    w.relations.len() != before
                });
                if watching {
                    self.unalias(to, r);
                    self.deliver(to, msg);
                }
            }
            Event::Exit {
                from,
                to,
                reason,
                linked,
            } => self.receive_exit(from, to, reason, linked),
            Event::Run { to } => self.run(to),
            Event::Wake { pid } => self.fire_wake(pid),
            Event::Timer { id } => self.fire_timer(id),
            Event::NetTick { a, b } => self.net_tick(a, b),
            Event::Fault { index } => self.fire_fault(index),
            Event::PauseTick { node } => self.pause_tick(node),
            Event::Resume { node } => self.resume_node(node),
        }
        if self.watching() {
            self.check_invariants(false);
        }
        true
    }

    /// Applies every event due at or before `until`, then sets the clock to `until`.
    pub fn run_until(&mut self, until: Time) {
        while self.queue.peek_time().is_some_and(|t| t <= until) {
            self.step();
        }
        self.now = self.now.max(until);
    }

    /// Applies events due now or before, at most `budget` of them. Returns
    /// false when the budget ran out with work still due.
    pub fn settle(&mut self, budget: u64) -> bool {
        let mut left = budget;
        while self.queue.peek_time().is_some_and(|t| t <= self.now) {
            if left == 0 {
                return false;
            }
            left -= 1;
            self.step();
        }
        true
    }

    pub(crate) fn deliver(&mut self, to: Pid, msg: Term) {
        let (now, cause) = (self.now, self.cause);
        let Some(p) = self.process_mut(to) else {
            self.trace
                .record(self.cause, now, TraceKind::Drop { to, msg });
            return;
        };
        if p.selective {
            p.mailbox.push_back(Letter { msg, cause });
            self.wake(to);
            return;
        }
        let idle =
            p.behaviour.is_some() && !p.scheduled && p.mailbox.is_empty() && p.busy_until <= now;
        if idle {
            // Nothing is ahead of this message: handle it at once.
            self.handle(to, msg);
        } else {
            p.mailbox.push_back(Letter { msg, cause });
            self.schedule(to);
        }
    }

    /// Queues a `Run` for a process that has a behaviour and waiting messages.
    fn schedule(&mut self, pid: Pid) {
        let now = self.now;
        let Some(p) = self.process_mut(pid) else {
            return;
        };
        if p.scheduled || p.kind == ProcessKind::Shell || p.mailbox.is_empty() {
            return;
        }
        p.scheduled = true;
        let at = p.busy_until.max(now);
        self.queue.push(self.cause, at, Event::Run { to: pid });
    }

    fn run(&mut self, pid: Pid) {
        let Some(p) = self.process_mut(pid) else {
            return;
        };
        p.scheduled = false;
        if p.behaviour.is_none() {
            return;
        }
        if p.selective {
            self.resume(pid);
            return;
        }
        let Some(letter) = p.mailbox.pop_front() else {
            return;
        };
        self.cause = letter.cause;
        self.handle(pid, letter.msg);
    }

    /// Runs `pid`'s behaviour on one message and applies what it asked for.
    fn handle(&mut self, pid: Pid, msg: Term) {
        let now = self.now;
        let Some(mut behaviour) = self.process_mut(pid).and_then(|p| p.behaviour.take()) else {
            return;
        };
        if self.trace.enabled {
            self.trace.record(
                self.cause,
                now,
                TraceKind::Receive {
                    pid,
                    msg: msg.clone(),
                },
            );
        }
        let flow = behaviour.handle(msg, &mut Ctx::new(self, pid));
        match self.process_mut(pid) {
            Some(p) => p.behaviour = Some(behaviour),
            None => return,
        }
        match flow {
            super::Flow::Stop(reason) => self.die(pid, reason),
            super::Flow::Continue => self.schedule(pid),
        }
    }

    /// Runs a selective process for one slice and acts on how it stopped.
    fn resume(&mut self, pid: Pid) {
        let Some((mut behaviour, cause)) = self
            .process_mut(pid)
            .and_then(|p| Some((p.behaviour.take()?, p.cause)))
        else {
            return;
        };
        self.cause = cause;
        let outcome = behaviour.resume(&mut super::Slice::new(self, pid));
        let now = self.now;
        let Some(p) = self.process_mut(pid) else {
            return;
        };
        p.behaviour = Some(behaviour);
        match outcome {
            super::Resume::Yield => {
                // A slice of compiled code costs virtual time, so a busy
                // process cannot hold the clock at one instant forever.
                p.busy_until = now + SLICE_COST;
                self.wake(pid);
            }
            super::Resume::Wait(None) => {}
            super::Resume::Wait(Some(at)) => {
                if p.wake_at != Some(at) {
                    p.wake_at = Some(at);
                    self.queue
                        .push(self.cause, at.max(now), Event::Wake { pid });
                }
            }
            super::Resume::Stop(reason) => self.die(pid, reason),
        }
    }

    fn fire_wake(&mut self, pid: Pid) {
        let now = self.now;
        if let Some(p) = self.process_mut(pid) {
            if p.wake_at.is_some_and(|at| at <= now) {
                p.wake_at = None;
                if !p.user {
                    p.cause = 0;
                }
                self.wake(pid);
            }
        }
    }

    /// Runs a handler-like closure as `pid` right now, outside any message
    /// (used to deliver a synchronous `:EXIT` during an ordered shutdown).
    pub(crate) fn handle_now(&mut self, pid: Pid, msg: Term) {
        self.handle(pid, msg);
    }

    fn receive_exit(&mut self, from: Pid, to: Pid, reason: Term, linked: bool) {
        let Some(p) = self.process_mut(to) else {
            return;
        };
        if linked {
            if !p.is_linked(from) {
                return;
            }
            p.remove_link(from);
        }
        if !linked && reason.is_atom("kill") {
            self.die(to, Term::atom("killed"));
        } else if p.trap_exit {
            let msg = Term::tuple([Term::Atom(Atom::EXIT), Term::Pid(from), reason]);
            self.deliver(to, msg);
        } else if reason.is_atom("normal") {
            if !linked && from == to {
                self.die(to, reason);
            }
        } else {
            self.die(to, reason);
        }
    }

    /// Ends a process now with `reason`: links get exit signals, monitors
    /// get `:DOWN`, its names and tables are released.
    pub fn die(&mut self, pid: Pid, reason: Term) {
        let Some(process) = self.take_process(pid) else {
            return;
        };
        let now = self.now;
        self.trace.record(
            self.cause,
            now,
            TraceKind::Exit {
                pid,
                reason: reason.clone(),
            },
        );
        if let Some(name) = &process.name {
            if let Some(node) = self.nodes.get_mut(pid.node as usize) {
                node.names.remove(name);
            }
            self.trace.record(
                self.cause,
                now,
                TraceKind::Unregister {
                    name: Term::Atom(*name),
                    pid,
                },
            );
        }
        self.release_tables(pid);
        self.drop_aliases_of(pid);
        if !self.udp.is_empty() {
            self.udp_close(pid);
        }
        for relation in &process.relations {
            match *relation {
                Relation::Link(other) => self.signal(pid, other, reason.clone(), true),
                Relation::MonitoredBy(r, watcher) => {
                    // The watcher keeps its monitor until the message
                    // arrives: a demonitor before then means no message.
                    let msg = down_message(r, pid, reason.clone());
                    if self.trace.enabled {
                        self.trace.record(
                            self.cause,
                            now,
                            TraceKind::Send {
                                from: pid,
                                to: watcher,
                                msg: msg.clone(),
                            },
                        );
                    }
                    self.transmit(
                        pid,
                        watcher,
                        Event::Down {
                            from: pid,
                            to: watcher,
                            r,
                            msg,
                        },
                    );
                }
                Relation::Monitoring(r, target) => {
                    if let Some(t) = self.process_mut(target) {
                        t.relations.retain(|x| *x != Relation::MonitoredBy(r, pid));
                    }
                }
            }
        }
        // The kernel's supervisor allows no restarts: the kernel
        // application stops, and with it the node.
        let vital = self
            .nodes
            .get(pid.node as usize)
            .is_some_and(|n| n.alive && n.vital.contains(&pid));
        if vital {
            self.log(
                pid.node,
                "error",
                "Kernel pid terminated (application_controller) ({application_terminated,kernel,shutdown})".into(),
            );
            self.crash_node(pid.node);
        }
    }

    /// `node`'s tables, by name.
    pub(crate) fn tables_on(&self, node: NodeId) -> impl Iterator<Item = (&TableKey, &Table)> {
        self.tables.range(node_tables(node))
    }

    /// The tables of a process that died: each goes to its heir if it
    /// has a live one (other than the dead owner), else away.
    fn release_tables(&mut self, pid: Pid) {
        // A table's owner and heir are always on the table's node.
        let owned: Vec<TableKey> = self
            .tables_on(pid.node)
            .filter(|(_, t)| t.owner == pid)
            .map(|(k, _)| *k)
            .collect();
        for key in owned {
            let heir = self.tables.get(&key).and_then(|t| t.heir.clone());
            match heir {
                Some((heir, data)) if heir != pid && self.is_alive(heir) => {
                    if let Some(t) = self.tables.get_mut(&key) {
                        t.owner = heir;
                    }
                    let msg = Term::tuple([
                        Term::atom("ETS-TRANSFER"),
                        key.1.to_term(key.0),
                        Term::Pid(pid),
                        data,
                    ]);
                    self.send(pid, heir, msg);
                }
                _ => {
                    self.tables.remove(&key);
                }
            }
        }
    }

    /// Lets a process spend virtual time: it starts its next message no
    /// earlier than `now + duration` (models work and slow disks).
    pub fn consume(&mut self, pid: Pid, duration: Time) {
        let now = self.now;
        if let Some(p) = self.process_mut(pid) {
            p.busy_until = p.busy_until.max(now) + duration;
        }
    }

    // ---- tables -----------------------------------------------------------

    /// Creates (or replaces) the table `name` on `node`, owned by `owner`.
    pub fn create_table(
        &mut self,
        node: NodeId,
        name: Atom,
        owner: Pid,
        data: Box<dyn super::tables::TableData>,
    ) {
        self.create_table_as(node, TableName::Atom(name), owner, data);
    }

    /// The names of `node`'s named tables that hold a `T` (a registry's
    /// entries, a `:pg` scope's members), in name order.
    pub fn named_tables<T: 'static>(&self, node: NodeId) -> Vec<Atom> {
        self.tables_on(node)
            .filter(|(_, t)| t.get::<T>().is_some())
            .filter_map(|((_, name), _)| match name {
                TableName::Atom(name) => Some(*name),
                TableName::Id(_) => None,
            })
            .collect()
    }

    /// The table `name` on `node`.
    pub fn table(&self, node: NodeId, name: &Atom) -> Option<&Table> {
        self.table_as(node, TableName::Atom(*name))
    }

    /// The table `name` on `node`, mutably.
    pub fn table_mut(&mut self, node: NodeId, name: &Atom) -> Option<&mut Table> {
        self.table_as_mut(node, TableName::Atom(*name))
    }

    /// Creates (or replaces) a table under any kind of name.
    pub fn create_table_as(
        &mut self,
        node: NodeId,
        name: TableName,
        owner: Pid,
        data: Box<dyn super::tables::TableData>,
    ) {
        self.tables.insert(
            (node, name),
            Table {
                owner,
                heir: None,
                data: Rc::from(data),
            },
        );
    }

    /// The table called `name` on `node`.
    pub fn table_as(&self, node: NodeId, name: TableName) -> Option<&Table> {
        self.tables.get(&(node, name))
    }

    /// The table called `name` on `node`, mutably.
    pub fn table_as_mut(&mut self, node: NodeId, name: TableName) -> Option<&mut Table> {
        self.tables.get_mut(&(node, name))
    }

    /// Puts `table` (one [`World::drop_table`] handed back) under `name`.
    pub fn put_table(&mut self, node: NodeId, name: TableName, table: Table) {
        self.tables.insert((node, name), table);
    }

    /// Deletes the table called `name` on `node`, handing it back.
    pub fn drop_table(&mut self, node: NodeId, name: TableName) -> Option<Table> {
        self.tables.remove(&(node, name))
    }

    // ---- trace --------------------------------------------------------------

    /// Records an event that the OTP layer observed (a restart, a shutdown).
    pub fn record(&mut self, kind: TraceKind) {
        let now = self.now;
        self.trace.record(self.cause, now, kind);
    }

    /// The recorded events still kept (all of them without a trace limit).
    pub fn trace(&self) -> super::TraceEvents<'_> {
        self.trace.events.events()
    }

    /// How many trace events were ever recorded, including those a trace
    /// limit dropped: `trace()[i]` is event number `trace_total() -
    /// trace().len() + i`.
    pub fn trace_total(&self) -> usize {
        self.trace.total()
    }

    /// Keeps only about the newest `limit` trace events (`None`: all).
    /// Only what the trace remembers changes, never what happens.
    pub fn set_trace_limit(&mut self, limit: Option<usize>) {
        self.trace.limit = limit;
    }

    /// Whether the trace is being recorded.
    pub fn tracing(&self) -> bool {
        self.trace.enabled
    }

    /// A digest of the whole trace: equal for equal runs on any platform.
    pub fn trace_digest(&self) -> u64 {
        self.trace.digest()
    }
}

/// `{:DOWN, ref, :process, pid, reason}`.
fn down_message(r: Ref, pid: Pid, reason: Term) -> Term {
    Term::tuple([
        Term::Atom(Atom::DOWN),
        Term::Ref(r),
        Term::Atom(Atom::PROCESS),
        Term::Pid(pid),
        reason,
    ])
}
