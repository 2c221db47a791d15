//! UDP on a simulated broadcast domain: what gossip discovery speaks.
//!
//! A process opens a port; a broadcast to that port reaches every process
//! with it open on every live node, the sender's own node included (as a
//! real broadcast loops back). Datagrams need no connection, so they cross
//! links whose distribution connection is down, but a cut link stops them
//! and a lossy link drops them (no retransmission, unlike distribution).
//!
//! A socket may also drop, unread, the heartbeats it would ignore: a
//! heartbeat (`prefix <> :erlang.term_to_binary(node)`) naming its own node
//! or a node its node is connected to. Gossip discovery is most of a big
//! cluster's traffic and almost all of it is such heartbeats, so this is
//! what keeps a thousand nodes cheap: a broadcast finds the few nodes still
//! strangers to the sender in the connection bit rows and delivers only to
//! them. The filter is applied again when a heartbeat arrives: when every
//! node of a forming mesh broadcasts at once, the first heartbeats read
//! connect everyone, and the rest, sent to strangers, land on peers. Those
//! are dropped on arrival (traced as drops). Heartbeats filtered out at the
//! broadcast leave no trace; either way the receiver pays nothing — the
//! one place the simulation is cheaper than the BEAM, where every node
//! manager reads every heartbeat and throws it away.

use super::event::Event;
use super::world::World;
use super::{NodeId, TraceKind};
use crate::term::{Bin, Pid, Term};
use std::collections::BTreeMap;
use std::rc::Rc;

/// The address a node's datagrams come from: `{10, 0, 0, node + 1}`.
pub fn node_ip(node: NodeId) -> Term {
    Term::tuple([
        Term::Int(10),
        Term::Int(0),
        Term::Int(i64::from(node / 250)),
        Term::Int(i64::from(node % 250) + 1),
    ])
}

/// `:erlang.term_to_binary(atom)` for an atom: `<<131, 119, len, utf8...>>`.
pub fn atom_to_binary(atom: &str) -> Vec<u8> {
    let bytes = atom.as_bytes();
    let mut out = vec![131, 119, bytes.len().min(255) as u8];
    out.extend_from_slice(&bytes[..bytes.len().min(255)]);
    out
}

/// The inverse of [`atom_to_binary`]; `None` for anything else.
pub fn binary_to_atom(bin: &[u8]) -> Option<&str> {
    match bin {
        [131, 119, len, rest @ ..] if usize::from(*len) == rest.len() => {
            std::str::from_utf8(rest).ok()
        }
        _ => None,
    }
}

/// Heartbeats of one broadcast gathered for one event: all due at `at`,
/// all naming `sender`.
#[derive(Default)]
struct HeartbeatBatch {
    at: super::Time,
    sender: NodeId,
    to: Vec<Pid>,
}

impl HeartbeatBatch {
    /// True when a heartbeat due at `at` naming `sender` can join.
    fn takes(&self, at: super::Time, sender: NodeId) -> bool {
        !self.to.is_empty() && self.at == at && self.sender == sender
    }

    fn start(&mut self, at: super::Time, sender: NodeId) {
        self.at = at;
        self.sender = sender;
    }
}

/// A heartbeat prefix and the sockets dropping its known heartbeats, by node.
#[derive(Clone)]
struct KnownDropped {
    prefix: Rc<[u8]>,
    by_node: BTreeMap<NodeId, Vec<Pid>>,
    /// The node the last heartbeat each node broadcast named, with that
    /// payload: a node manager sends the same binary every time, so a
    /// settled cluster's heartbeat is matched by identity instead of being
    /// read and looked up again (cold memory, among a thousand nodes).
    /// Only found names are kept: a name's node never changes.
    named: Vec<Option<(Bin, NodeId)>>,
}

impl KnownDropped {
    /// The node `payload`, broadcast from `from`, names, if any.
    fn named_by(
        &mut self,
        node_id: &impl Fn(&str) -> Option<NodeId>,
        from: NodeId,
        payload: &Bin,
    ) -> Option<NodeId> {
        let slot = from as usize;
        if let Some(Some((seen, node))) = self.named.get(slot) {
            if seen.same(payload) {
                return Some(*node);
            }
        }
        let node = payload
            .strip_prefix(self.prefix.as_ref())
            .and_then(binary_to_atom)
            .and_then(node_id)?;
        if self.named.len() <= slot {
            self.named.resize(slot + 1, None);
        }
        self.named[slot] = Some((payload.clone(), node));
        Some(node)
    }
}

/// The sockets open on one port.
#[derive(Clone, Default)]
pub(crate) struct UdpPort {
    /// Sockets that read every datagram, in the order they were opened.
    open: Vec<Pid>,
    /// Sockets that drop their peers' heartbeats: by heartbeat prefix,
    /// then by node, so a broadcast can go straight to the strangers.
    known_dropped: Vec<KnownDropped>,
}

impl UdpPort {
    fn remove(&mut self, keep: impl Fn(Pid) -> bool) {
        self.open.retain(|p| keep(*p));
        for group in &mut self.known_dropped {
            for pids in group.by_node.values_mut() {
                pids.retain(|p| keep(*p));
            }
            group.by_node.retain(|_, pids| !pids.is_empty());
        }
        self.known_dropped.retain(|g| !g.by_node.is_empty());
    }

    /// Closes `pid`'s sockets: only its node's entries are looked at, as a
    /// process dies far more often than a node.
    fn close(&mut self, pid: Pid) {
        self.open.retain(|p| *p != pid);
        for group in &mut self.known_dropped {
            if let Some(pids) = group.by_node.get_mut(&pid.node) {
                pids.retain(|p| *p != pid);
                if pids.is_empty() {
                    group.by_node.remove(&pid.node);
                }
            }
        }
        self.known_dropped.retain(|g| !g.by_node.is_empty());
    }

    /// Drops the sockets of `node` (it crashed).
    pub(crate) fn close_node(&mut self, node: NodeId) {
        self.remove(|p| p.node != node);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.open.is_empty() && self.known_dropped.is_empty()
    }
}

impl World {
    /// `:gen_udp.open(port)` by `pid`: its socket term, `{:udp_socket, port}`.
    pub fn udp_open(&mut self, pid: Pid, port: u16) -> Term {
        let sockets = self.udp.entry(port).or_default();
        let held = sockets.open.contains(&pid)
            || sockets.known_dropped.iter().any(|g| {
                g.by_node
                    .get(&pid.node)
                    .is_some_and(|pids| pids.contains(&pid))
            });
        if !held {
            sockets.open.push(pid);
        }
        socket_term(port)
    }

    /// Makes `pid`'s socket on `port` (opening it if need be) drop, unread,
    /// every heartbeat `prefix <> term_to_binary(node)` naming its own node
    /// or a node its node is connected to (see the module doc).
    pub fn udp_drop_known_heartbeats(&mut self, pid: Pid, port: u16, prefix: &[u8]) -> Term {
        let sockets = self.udp.entry(port).or_default();
        sockets.remove(|p| p != pid);
        let group = match sockets
            .known_dropped
            .iter()
            .position(|g| g.prefix.as_ref() == prefix)
        {
            Some(i) => i,
            None => {
                sockets.known_dropped.push(KnownDropped {
                    prefix: Rc::from(prefix),
                    by_node: BTreeMap::new(),
                    named: Vec::new(),
                });
                sockets.known_dropped.len() - 1
            }
        };
        sockets.known_dropped[group]
            .by_node
            .entry(pid.node)
            .or_default()
            .push(pid);
        socket_term(port)
    }

    /// Closes every socket `pid` holds (also done when it dies).
    pub fn udp_close(&mut self, pid: Pid) {
        for sockets in self.udp.values_mut() {
            sockets.close(pid);
        }
        self.udp.retain(|_, s| !s.is_empty());
    }

    /// Who reads a broadcast of `payload` to `port`: every plain socket,
    /// then the filtering sockets on nodes that are strangers to the node
    /// the payload names (all of them when it names none), each with the
    /// node its heartbeat names, to be looked at again on arrival.
    fn udp_receivers(
        &mut self,
        from: NodeId,
        port: u16,
        payload: &Term,
    ) -> Vec<(Pid, Option<NodeId>)> {
        let count = self.node_count() as NodeId;
        let World {
            udp,
            net,
            node_index,
            ..
        } = self;
        let Some(sockets) = udp.get_mut(&port) else {
            return Vec::new();
        };
        let node_id = |name: &str| node_index.get(name).copied();
        let mut out: Vec<(Pid, Option<NodeId>)> = sockets.open.iter().map(|p| (*p, None)).collect();
        for group in &mut sockets.known_dropped {
            let named = match payload {
                Term::Binary(data) => group.named_by(&node_id, from, data),
                _ => None,
            };
            match named {
                Some(sender) => {
                    for node in net.strangers(sender, count) {
                        if let Some(pids) = group.by_node.get(&node) {
                            out.extend(pids.iter().map(|p| (*p, Some(sender))));
                        }
                    }
                }
                None => out.extend(group.by_node.values().flatten().map(|p| (*p, None))),
            }
        }
        out
    }

    /// Broadcasts `payload` from `from`'s node to `port` everywhere.
    /// Each receiver gets `{:udp, socket, ip, src_port, payload}`.
    pub fn udp_broadcast(&mut self, from: Pid, port: u16, payload: Term) {
        let receivers = self.udp_receivers(from.node, port, &payload);
        if receivers.is_empty() {
            return;
        }
        let now = self.now;
        // One message for every receiver: they share it, as the payload is the same.
        let msg = Term::tuple([
            Term::atom("udp"),
            socket_term(port),
            node_ip(from.node),
            Term::Int(i64::from(port)),
            payload,
        ]);
        // Heartbeats due at the same instant to consecutive receivers share
        // one event; anything else pushed in between ends the batch, so the
        // queue's order is the one separate events would have had.
        let mut batch = HeartbeatBatch::default();
        for (to, names) in receivers {
            if !self.node_alive(to.node) {
                continue;
            }
            let at = if to.node == from.node {
                now
            } else {
                let link = self.net.link(from.node, to.node);
                if link.cut || (link.loss > 0.0 && self.rng.chance(link.loss)) {
                    if self.trace.enabled {
                        self.trace.record(
                            self.cause,
                            now,
                            TraceKind::Drop {
                                to,
                                msg: msg.clone(),
                            },
                        );
                    }
                    continue;
                }
                let jitter = if link.jitter > 0 {
                    self.rng.next_u64() % (link.jitter + 1)
                } else {
                    0
                };
                now + link.latency + jitter
            };
            // Datagram faults (`{:udp, ...}` in `Sim.nemesis/1`): UDP may
            // reorder and duplicate, which distribution's TCP never does.
            let remote = to.node != from.node;
            let copies = if remote
                && self.net.udp_duplicate > 0.0
                && self.rng.chance(self.net.udp_duplicate)
            {
                2
            } else {
                1
            };
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
            for _ in 0..copies {
                let late = if remote && self.net.udp_reorder > 0 {
                    self.rng.uniform(self.net.udp_reorder + 1) - 1
                } else {
                    0
                };
                match names {
                    Some(sender) if copies == 1 && late == 0 => {
                        if !batch.takes(at, sender) {
                            self.push_heartbeats(from, &msg, &mut batch);
                            batch.start(at, sender);
                        }
                        batch.to.push(to);
                    }
                    Some(sender) => {
                        self.push_heartbeats(from, &msg, &mut batch);
                        let event = Event::Heartbeat {
                            from,
                            to: Rc::from([to]),
                            msg: msg.clone(),
                            sender,
                        };
                        self.queue.push(self.cause, at + late, event);
                    }
                    None => {
                        self.push_heartbeats(from, &msg, &mut batch);
                        let msg = msg.clone();
                        self.queue
                            .push(self.cause, at + late, Event::Deliver { from, to, msg });
                    }
                }
            }
        }
        self.push_heartbeats(from, &msg, &mut batch);
    }

    /// Queues the heartbeats gathered in `batch` as one event, if any.
    fn push_heartbeats(&mut self, from: Pid, msg: &Term, batch: &mut HeartbeatBatch) {
        if batch.to.is_empty() {
            return;
        }
        let event = Event::Heartbeat {
            from,
            to: Rc::from(std::mem::take(&mut batch.to)),
            msg: msg.clone(),
            sender: batch.sender,
        };
        self.queue.push(self.cause, batch.at, event);
    }

    /// A heartbeat naming `sender` reaches a socket that drops known
    /// heartbeats: read if `sender` is still a stranger to its node, else
    /// dropped unread. (Every node of a forming mesh broadcasts before any
    /// connection is made; most of those heartbeats arrive after the mesh
    /// has formed.)
    pub(crate) fn arrive_heartbeat(&mut self, to: Pid, msg: Term, sender: NodeId) {
        if self.net.is_connected(to.node, sender) {
            if self.trace.enabled {
                let now = self.now;
                self.trace
                    .record(self.cause, now, TraceKind::Drop { to, msg });
            }
            return;
        }
        self.deliver(to, msg);
    }
}

/// The term standing for a UDP socket on `port`.
fn socket_term(port: u16) -> Term {
    Term::tuple([Term::atom("udp_socket"), Term::Int(i64::from(port))])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::{ProcessKind, WorldConfig, MS};
    use crate::term::Atom;

    /// Shell processes (no behaviour) keep what they are sent in their
    /// mailboxes, so counting them shows who read which datagram.
    fn shell(world: &mut World, node: NodeId) -> Pid {
        let m = Atom::new("t");
        world
            .spawn(node, None, false, m, ProcessKind::Shell)
            .expect("node is up")
    }

    /// Nodes a, b and c, each with a shell: a's sends, b's socket drops
    /// known heartbeats (`hb::` + node), c's reads everything (port 9).
    fn three_nodes(trace: bool) -> (World, Pid, Pid, Pid) {
        let mut world = World::new(WorldConfig { seed: 1, trace });
        for name in ["a@sim", "b@sim", "c@sim"] {
            world.add_node(name);
        }
        let (sender, filtered, plain) = (
            shell(&mut world, 0),
            shell(&mut world, 1),
            shell(&mut world, 2),
        );
        world.udp_drop_known_heartbeats(filtered, 9, b"hb::");
        world.udp_open(plain, 9);
        (world, sender, filtered, plain)
    }

    /// a's heartbeat.
    fn heartbeat() -> Term {
        let mut payload = b"hb::".to_vec();
        payload.extend(atom_to_binary("a@sim"));
        Term::bytes_vec(payload)
    }

    #[test]
    fn known_heartbeats_are_dropped_at_the_socket_and_the_rest_read() {
        let (mut world, sender, filtered, plain) = three_nodes(false);
        let beat = |world: &mut World| {
            world.udp_broadcast(sender, 9, heartbeat());
            let until = world.now() + 10 * MS;
            world.run_until(until);
        };
        // Strangers: both read it.
        beat(&mut world);
        assert_eq!(
            (world.mailbox_len(filtered), world.mailbox_len(plain)),
            (1, 1)
        );
        // Connected to the sender: the filtering socket drops it unread.
        assert!(world.ensure_connected(0, 1) && world.ensure_connected(0, 2));
        beat(&mut world);
        assert_eq!(
            (world.mailbox_len(filtered), world.mailbox_len(plain)),
            (1, 2)
        );
        // Anything that is not a heartbeat of a known node is read.
        world.udp_broadcast(sender, 9, Term::string("Test\n"));
        let until = world.now() + 10 * MS;
        world.run_until(until);
        assert_eq!(
            (world.mailbox_len(filtered), world.mailbox_len(plain)),
            (2, 3)
        );
        // Disconnected again: heartbeats reach it once more.
        assert!(world.disconnect(0, 1));
        beat(&mut world);
        assert_eq!(world.mailbox_len(filtered), 3);
        // Closing forgets the socket.
        world.udp_close(filtered);
        beat(&mut world);
        assert_eq!(world.mailbox_len(filtered), 3);
    }

    #[test]
    fn a_heartbeat_that_lands_on_a_peer_is_dropped_on_arrival() {
        let (mut world, sender, filtered, plain) = three_nodes(true);
        // Sent to strangers; the nodes connect while it is on its way.
        world.udp_broadcast(sender, 9, heartbeat());
        assert!(world.ensure_connected(0, 1) && world.ensure_connected(0, 2));
        let until = world.now() + 10 * MS;
        world.run_until(until);
        assert_eq!(
            (world.mailbox_len(filtered), world.mailbox_len(plain)),
            (0, 1)
        );
        let dropped = world
            .trace()
            .iter()
            .filter(|e| matches!(&e.kind, TraceKind::Drop { to, .. } if *to == filtered))
            .count();
        assert_eq!(dropped, 1, "the drop is in the trace");
    }

    #[test]
    fn one_broadcasts_heartbeats_share_an_event_and_arrive_as_their_own() {
        let mut world = World::new(WorldConfig {
            seed: 1,
            trace: true,
        });
        for name in ["a@sim", "b@sim", "c@sim", "d@sim"] {
            world.add_node(name);
        }
        let sender = shell(&mut world, 0);
        let sockets: Vec<Pid> = (1..4).map(|n| shell(&mut world, n)).collect();
        for s in &sockets {
            world.udp_drop_known_heartbeats(*s, 9, b"hb::");
        }
        // c is paused past the heartbeats' arrival.
        assert!(world.pause_node(2, 50 * MS));
        let (pending, events) = (world.pending(), world.events_run());
        world.udp_broadcast(sender, 9, heartbeat());
        assert_eq!(world.pending(), pending + 1, "one entry in the queue");
        let flying: Vec<Pid> = world.in_flight(10).iter().map(|f| f.1).collect();
        assert_eq!(flying, sockets, "each heartbeat is shown in flight");
        world.run_until(10 * MS);
        let read = |world: &World| -> Vec<usize> {
            sockets.iter().map(|s| world.mailbox_len(*s)).collect()
        };
        assert_eq!(read(&world), [1, 0, 1]);
        assert_eq!(world.events_run(), events + 2, "counted as two events");
        world.run_until(60 * MS);
        assert_eq!(
            read(&world),
            [1, 1, 1],
            "the paused node reads it on resuming"
        );
    }
}
