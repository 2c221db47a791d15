//! Distribution: what crosses between nodes, and what happens when a
//! connection or a node goes away.

use super::event::Event;
use super::net::{LinkParams, RETRANSMIT};
use super::process::Relation;
use super::world::World;
use super::{NodeId, TraceKind};
use crate::term::{Atom, Pid, Term};

/// A pending run of the connect or disconnect hooks.
#[derive(Clone, Copy, Debug)]
pub(crate) enum HookCall {
    /// `a` and `b` connected.
    Connect(NodeId, NodeId),
    /// `a` and `b` disconnected.
    Disconnect(NodeId, NodeId),
}

/// A function run when two nodes connect or disconnect.
pub type NetHook = fn(&mut World, NodeId, NodeId);

/// At most this many retransmissions delay one packet on a lossy link.
const MAX_RETRIES: u32 = 8;

impl World {
    /// Puts a message or signal from `from` to `to` on its way: at once on
    /// one node, after the link's delay across nodes, never overtaking an
    /// earlier packet of the same pair.
    pub(crate) fn transmit(&mut self, from: Pid, to: Pid, event: Event) {
        let now = self.now;
        if from.node == to.node {
            self.queue.push(self.cause, now, event);
            return;
        }
        if !self.ensure_connected(from.node, to.node) {
            self.drop_packet(to, event);
            return;
        }
        let link = self.net.link(from.node, to.node);
        if link.cut {
            // Written to a connection that no longer reaches the peer.
            self.drop_packet(to, event);
            return;
        }
        let mut delay = link.latency;
        if link.jitter > 0 {
            delay += self.rng.next_u64() % (link.jitter + 1);
        }
        let mut retries = 0;
        while link.loss > 0.0 && retries < MAX_RETRIES && self.rng.chance(link.loss) {
            delay += RETRANSMIT;
            retries += 1;
        }
        let at = self.net.arrival(from.node, to.node, now + delay);
        self.queue.push(self.cause, at, event);
    }

    fn drop_packet(&mut self, to: Pid, event: Event) {
        if let Event::Deliver { msg, .. } = event {
            let now = self.now;
            self.trace
                .record(self.cause, now, TraceKind::Drop { to, msg });
        }
    }

    /// An exit signal that does not travel (a local verdict such as
    /// `:noconnection` when a link cannot be made).
    pub(crate) fn signal_local(&mut self, from: Pid, to: Pid, reason: Term) {
        self.queue.push(
            self.cause,
            self.now,
            Event::Exit {
                from,
                to,
                reason,
                linked: false,
            },
        );
    }

    /// True when `a` and `b` are connected, connecting them first if they
    /// can reach each other (as a send or `Node.connect/1` does).
    pub fn ensure_connected(&mut self, a: NodeId, b: NodeId) -> bool {
        if self.net.is_connected(a, b) {
            return true;
        }
        self.connect(a, b)
    }

    /// `Node.connect/1` from `a` to `b`: false when `b` is down or unreachable.
    pub fn connect(&mut self, a: NodeId, b: NodeId) -> bool {
        match self.open_connection(a, b) {
            None => false,
            Some(false) => true,
            Some(true) => {
                self.connect_transitively(a, b);
                true
            }
        }
    }

    /// The connection itself, without global's full mesh: `None` when `a`
    /// and `b` cannot connect, `Some(false)` when they already are,
    /// `Some(true)` when it is new (traced, `:nodeup` sent, hooks run).
    fn open_connection(&mut self, a: NodeId, b: NodeId) -> Option<bool> {
        if a == b {
            return Some(false);
        }
        if !self.node_alive(a) || !self.node_alive(b) || self.net.is_cut(a, b) {
            return None;
        }
        // A paused node never finishes the handshake (net_setuptime).
        let now = self.now;
        if self.paused_until(a, now).is_some() || self.paused_until(b, now).is_some() {
            return None;
        }
        if !self.net.add_connection(a, b) {
            return Some(false);
        }
        // The labels are two strings: a forming mesh of a thousand nodes
        // opens half a million connections, mostly with the trace off.
        if self.tracing() {
            self.record(TraceKind::NodeUp {
                a: self.node_label(a),
                b: self.node_label(b),
            });
        }
        self.tell_watchers(a, Atom::NODEUP, b);
        self.tell_watchers(b, Atom::NODEUP, a);
        self.run_hooks(HookCall::Connect(a, b));
        Some(true)
    }

    /// global's full mesh after the new connection `a`–`b`: `a` connects to
    /// `b`'s peers it does not know, then `b` to `a`'s, each new connection
    /// doing the same before the next is made (depth first). A worklist,
    /// not recursion: a chain of new peers as long as the cluster is big
    /// must not grow the stack (in wasm, an overflow kills the page).
    fn connect_transitively(&mut self, a: NodeId, b: NodeId) {
        /// One connection whose peers are being met: `side` 0 has not
        /// taken them yet, 1 walks `b`'s peers for `a`, 2 `a`'s for `b`.
        /// `peers` are those as they were when the side began (connections
        /// are only added meanwhile, so a peer met since is skipped), and
        /// `next` is where the walk goes on.
        struct Step {
            a: NodeId,
            b: NodeId,
            side: u8,
            peers: Box<[u64]>,
            next: NodeId,
        }
        let step = |a, b| Step {
            a,
            b,
            side: 0,
            peers: Box::default(),
            next: 0,
        };
        let mut work = vec![step(a, b)];
        while let Some(top) = work.last_mut() {
            let from = if top.side == 1 { top.a } else { top.b };
            if top.side > 0 {
                if let Some(peer) = self.net.next_unknown(&top.peers, from, top.next) {
                    top.next = peer + 1;
                    if self.open_connection(from, peer) == Some(true) {
                        work.push(step(from, peer));
                    }
                    continue;
                }
            }
            match top.side {
                0 if self.net.transitive => {
                    top.peers = self.net.peers_now(top.b);
                    (top.side, top.next) = (1, 0);
                }
                1 => {
                    top.peers = self.net.peers_now(top.a);
                    (top.side, top.next) = (2, 0);
                }
                _ => {
                    work.pop();
                }
            }
        }
    }

    /// Takes the connection between `a` and `b` down: `:nodedown` on both
    /// sides, `:noconnection` for every link and monitor across it.
    pub fn disconnect(&mut self, a: NodeId, b: NodeId) -> bool {
        if !self.net.remove_connection(a, b) {
            return false;
        }
        self.net.forget_arrivals(a, b);
        if self.tracing() {
            self.record(TraceKind::NodeDown {
                a: self.node_label(a),
                b: self.node_label(b),
            });
        }
        self.sever(a, b);
        self.sever(b, a);
        self.tell_watchers(a, Atom::NODEDOWN, b);
        self.tell_watchers(b, Atom::NODEDOWN, a);
        self.run_hooks(HookCall::Disconnect(a, b));
        true
    }

    /// Runs the connect or disconnect hooks for a pair. A hook that itself
    /// connects or disconnects nodes (a kill signal crossing the network,
    /// say) does not re-enter the hooks: those calls queue and run, in
    /// order, once the current hook has finished with the tables.
    fn run_hooks(&mut self, call: HookCall) {
        self.hook_queue.push_back(call);
        if self.in_hooks {
            return;
        }
        self.in_hooks = true;
        while let Some(call) = self.hook_queue.pop_front() {
            // By index, not over a copy of the list: hooks are only ever
            // added, so the first `count` are those there when the call came.
            let (connect, a, b) = match call {
                HookCall::Connect(a, b) => (true, a, b),
                HookCall::Disconnect(a, b) => (false, a, b),
            };
            fn hooks(w: &World, connect: bool) -> &[NetHook] {
                if connect {
                    &w.connect_hooks
                } else {
                    &w.disconnect_hooks
                }
            }
            let count = hooks(self, connect).len();
            for i in 0..count {
                if let Some(&hook) = hooks(self, connect).get(i) {
                    hook(self, a, b);
                }
            }
        }
        self.in_hooks = false;
    }

    /// Runs `hook(world, a, b)` whenever `a` and `b` connect — the moment a
    /// replicated service (such as `:global`) exchanges its state, modelled
    /// as part of the connection handshake so no half-synced state is seen.
    pub fn on_connect(&mut self, hook: NetHook) {
        if !self.connect_hooks.contains(&hook) {
            self.connect_hooks.push(hook);
        }
    }

    /// Runs `hook(world, a, b)` whenever the connection between `a` and `b` goes down.
    pub fn on_disconnect(&mut self, hook: NetHook) {
        if !self.disconnect_hooks.contains(&hook) {
            self.disconnect_hooks.push(hook);
        }
    }

    /// The nodes reachable from `node` through live connections, itself
    /// included, in index order (its partition of the cluster).
    pub fn component(&self, node: NodeId) -> Vec<NodeId> {
        let mut seen = std::collections::BTreeSet::from([node]);
        let mut todo = vec![node];
        while let Some(n) = todo.pop() {
            for peer in self.net.peers(n) {
                if seen.insert(peer) {
                    todo.push(peer);
                }
            }
        }
        seen.into_iter().filter(|n| self.node_alive(*n)).collect()
    }

    /// Every process on `here` loses its links and monitors to `there`.
    fn sever(&mut self, here: NodeId, there: NodeId) {
        let reason = Term::atom("noconnection");
        let mut signals = Vec::new();
        if let Some(node) = self.nodes.get_mut(here as usize) {
            // Only the processes with a tie to `there` are written to (and
            // so copied away from any snapshot sharing them).
            let tied = |rel: &Relation| match *rel {
                Relation::Link(o) | Relation::MonitoredBy(_, o) | Relation::Monitoring(_, o) => {
                    o.node == there
                }
            };
            for p in node.procs.iter_mut().flatten() {
                if !p.relations.iter().any(tied) {
                    continue;
                }
                let p = std::rc::Rc::make_mut(p);
                let me = p.pid;
                p.relations.retain(|rel| match *rel {
                    Relation::Link(other) if other.node == there => {
                        signals.push((other, me, None));
                        false
                    }
                    Relation::Monitoring(r, target) if target.node == there => {
                        signals.push((target, me, Some(r)));
                        false
                    }
                    Relation::MonitoredBy(_, watcher) => watcher.node != there,
                    _ => true,
                });
            }
        }
        let now = self.now;
        for (from, to, monitor) in signals {
            match monitor {
                None => self.queue.push(
                    self.cause,
                    now,
                    Event::Exit {
                        from,
                        to,
                        reason: reason.clone(),
                        linked: false,
                    },
                ),
                Some(r) => {
                    let msg = Term::tuple([
                        Term::Atom(Atom::DOWN),
                        Term::Ref(r),
                        Term::Atom(Atom::PROCESS),
                        Term::Pid(from),
                        reason.clone(),
                    ]);
                    self.queue
                        .push(self.cause, now, Event::Deliver { from, to, msg });
                }
            }
        }
    }

    fn tell_watchers(&mut self, node: NodeId, what: Atom, other: NodeId) {
        let Some(other_name) = self.node_name(other).cloned() else {
            return;
        };
        let Some(watchers) = self.nodes.get(node as usize).map(|n| n.watchers.clone()) else {
            return;
        };
        if watchers.is_empty() {
            return;
        }
        let msg = Term::tuple([Term::Atom(what), Term::Atom(other_name)]);
        self.queue.push(
            self.cause,
            self.now,
            Event::DeliverAll { to: watchers, msg },
        );
    }

    /// `:net_kernel.monitor_nodes(on)` for `pid`.
    pub fn monitor_nodes(&mut self, pid: Pid, on: bool) {
        if let Some(node) = self.nodes.get_mut(pid.node as usize) {
            let mut watchers: Vec<Pid> = node
                .watchers
                .iter()
                .copied()
                .filter(|w| *w != pid)
                .collect();
            if on {
                watchers.push(pid);
            }
            node.watchers = watchers.into();
        }
    }

    pub(crate) fn net_tick(&mut self, a: NodeId, b: NodeId) {
        if self.net.is_connected(a, b) && self.net.is_cut(a, b) {
            self.disconnect(a, b);
        }
    }

    /// Sets the link `from → to`. A newly cut link between connected nodes
    /// is noticed after the net tick time.
    pub fn set_link(&mut self, from: NodeId, to: NodeId, params: LinkParams) {
        let was_cut = self.net.is_cut(from, to);
        self.net.links.insert((from, to), params);
        if !was_cut && self.net.is_cut(from, to) && self.net.is_connected(from, to) {
            let at = self.now + self.net.net_tick;
            self.queue
                .push(self.cause, at, Event::NetTick { a: from, b: to });
        }
    }

    /// The network, for reading.
    pub fn net(&self) -> &super::Net {
        &self.net
    }

    /// The network, for settings that need no bookkeeping (defaults, tick).
    pub fn net_mut(&mut self) -> &mut super::Net {
        &mut self.net
    }

    /// Nodes `node` is connected to (`Node.list/0` there), in index order.
    pub fn connected_nodes(&self, node: NodeId) -> Vec<NodeId> {
        self.net.peers(node)
    }

    /// False while `node` is crashed (or does not exist).
    pub fn node_alive(&self, node: NodeId) -> bool {
        self.nodes.get(node as usize).is_some_and(|n| n.alive)
    }

    pub(crate) fn node_label(&self, node: NodeId) -> String {
        self.node_name(node)
            .map_or_else(|| format!("node{node}"), |a| a.as_str().to_string())
    }

    /// Crashes `node`: every process on it is gone at once, its peers see
    /// the connection drop (`:nodedown`, `:noconnection`).
    pub fn crash_node(&mut self, node: NodeId) -> bool {
        self.crash_node_with(node, true)
    }

    /// Crashes `node`; its disk goes with it when `wipe` (the machine is
    /// lost) and stays when not (it loses power; see `disk.rs`).
    pub(crate) fn crash_node_with(&mut self, node: NodeId, wipe: bool) -> bool {
        if !self.node_alive(node) {
            return false;
        }
        if let Some(n) = self.nodes.get_mut(node as usize) {
            n.alive = false;
            n.paused_until = 0;
        }
        for peer in self.net.peers(node) {
            self.disconnect(node, peer);
        }
        let now = self.now;
        if let Some(n) = self.nodes.get_mut(node as usize) {
            let dead: Vec<Pid> = n.procs.iter().flatten().map(|p| p.pid).collect();
            for slot in n.procs.iter_mut() {
                *slot = None;
            }
            n.live = 0;
            n.names.clear();
            n.watchers = std::rc::Rc::new([]);
            n.vital.clear();
            n.log.push(super::LogEntry {
                time: now,
                level: "error",
                text: "node crashed".into(),
            });
            for pid in dead {
                self.trace.record(
                    self.cause,
                    now,
                    TraceKind::Exit {
                        pid,
                        reason: Term::atom("killed"),
                    },
                );
            }
        }
        self.tables.retain(|(n, _), _| *n != node);
        if wipe {
            self.disks.wipe(node);
        }
        for sockets in self.udp.values_mut() {
            sockets.close_node(node);
        }
        self.record(TraceKind::NodeState {
            node: self.node_label(node),
            state: "crashed",
        });
        true
    }

    /// Brings a crashed node back, empty; the caller boots its applications.
    pub fn revive_node(&mut self, node: NodeId) -> bool {
        match self.nodes.get_mut(node as usize) {
            Some(n) if !n.alive => n.alive = true,
            _ => return false,
        }
        self.record(TraceKind::NodeState {
            node: self.node_label(node),
            state: "restarted",
        });
        true
    }

    /// The node called `name`, as an atom term's text.
    pub fn node_by_atom(&self, name: &Atom) -> Option<NodeId> {
        self.node_atoms.get(name).copied()
    }
}
