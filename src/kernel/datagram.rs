//! UDP on a simulated broadcast domain: what gossip discovery speaks.
//!
//! A process opens a port; a broadcast to that port reaches every process
//! with it open on every live node, the sender's own node included (as a
//! real broadcast loops back). Datagrams need no connection, so they cross
//! links whose distribution connection is down, but a cut link stops them
//! and a lossy link drops them (no retransmission, unlike distribution).

use super::event::Event;
use super::world::World;
use super::{NodeId, TraceKind};
use crate::term::{Pid, Term};

/// The address a node's datagrams come from: `{10, 0, 0, node + 1}`.
pub fn node_ip(node: NodeId) -> Term {
    Term::tuple(vec![
        Term::Int(10),
        Term::Int(0),
        Term::Int(i64::from(node / 250)),
        Term::Int(i64::from(node % 250) + 1),
    ])
}

impl World {
    /// `:gen_udp.open(port)` by `pid`: its socket term, `{:udp_socket, port}`.
    pub fn udp_open(&mut self, pid: Pid, port: u16) -> Term {
        let sockets = self.udp.entry(port).or_default();
        if !sockets.contains(&pid) {
            sockets.push(pid);
        }
        socket_term(port)
    }

    /// Closes every socket `pid` holds (also done when it dies).
    pub fn udp_close(&mut self, pid: Pid) {
        for sockets in self.udp.values_mut() {
            sockets.retain(|p| *p != pid);
        }
        self.udp.retain(|_, s| !s.is_empty());
    }

    /// Broadcasts `payload` from `from`'s node to `port` everywhere.
    /// Each receiver gets `{:udp, socket, ip, src_port, payload}`.
    pub fn udp_broadcast(&mut self, from: Pid, port: u16, payload: Term) {
        let Some(receivers) = self.udp.get(&port).cloned() else {
            return;
        };
        let now = self.now;
        // One message for every receiver: they share it, as the payload is the same.
        let msg = Term::tuple(vec![
            Term::atom("udp"),
            socket_term(port),
            node_ip(from.node),
            Term::Int(i64::from(port)),
            payload,
        ]);
        for to in receivers {
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
            self.queue.push(
                self.cause,
                at,
                Event::Deliver {
                    from,
                    to,
                    msg: msg.clone(),
                },
            );
        }
    }
}

/// The term standing for a UDP socket on `port`.
fn socket_term(port: u16) -> Term {
    Term::tuple(vec![Term::atom("udp_socket"), Term::Int(i64::from(port))])
}
