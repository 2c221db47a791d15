//! Node discovery, as seed 002's `NodeManager`: gossip over UDP broadcast.
//!
//! Every node's `DistributedHelloWorld.NodeManager` opens UDP port 45826 and
//! broadcasts `"node::" <> :erlang.term_to_binary(node())` every interval
//! (2 s by default). A heartbeat from a node it is not connected to makes it
//! connect; any other datagram is ignored, so junk on the port crashes
//! nothing. The strategy is read from the application environment at each
//! tick, so it can be changed while running:
//!
//! - `:gossip` (default) — as above;
//! - `:epmd` — libcluster's LocalEpmd: connect to every node on the host;
//! - `:none` — nodes connect only when told to.

use crate::kernel::{atom_to_binary, binary_to_atom, Ctx, World};
use crate::otp::gen_server::{self, GenServer, Init, Next, StartOpts};
use crate::term::{Atom, Term};
use std::any::Any;

/// The UDP port heartbeats use.
pub const PORT: u16 = 45826;
/// `DistributedHelloWorld.NodeManager`.
pub const MODULE: &str = "Elixir.DistributedHelloWorld.NodeManager";
/// Default heartbeat interval in milliseconds.
pub const DEFAULT_INTERVAL_MS: u64 = 2_000;
/// The prefix that scopes heartbeats.
const PREFIX: &[u8] = b"node::";

/// The heartbeat payload for `node`.
pub fn heartbeat(node: &str) -> Term {
    let mut payload = PREFIX.to_vec();
    payload.extend(atom_to_binary(node));
    Term::bytes_vec(payload)
}

/// How nodes find each other (the `:discovery` `:strategy` setting).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Strategy {
    Gossip,
    Epmd,
    None,
}

fn strategy(world: &World) -> Strategy {
    match world.get_env("discovery", "strategy") {
        Some(Term::Atom(a)) if a.as_str() == "epmd" => Strategy::Epmd,
        Some(Term::Atom(a)) if a.as_str() == "gossip" => Strategy::Gossip,
        Some(Term::Atom(_)) => Strategy::None,
        _ => Strategy::Gossip,
    }
}

fn interval(world: &World) -> u64 {
    world
        .get_env("discovery", "interval")
        .and_then(|t| t.as_int())
        .and_then(|ms| u64::try_from(ms).ok())
        .filter(|ms| *ms > 0)
        .unwrap_or(DEFAULT_INTERVAL_MS)
}

/// The node manager's state: its socket, and its heartbeat (built once:
/// a node's name does not change).
#[derive(Clone)]
struct NodeManager {
    socket: Term,
    beat: Term,
}

impl GenServer for NodeManager {
    fn module(&self) -> Atom {
        Atom::new(MODULE)
    }

    fn init(&mut self, ctx: &mut Ctx) -> Init {
        let node = ctx.node();
        if let Some(name) = ctx.world_ref().node_name(node) {
            self.beat = heartbeat(name.as_str());
        }
        // The heartbeats this would ignore are dropped at the socket: see
        // `kernel/datagram.rs`.
        self.socket = ctx.udp_open_heartbeats(PORT, PREFIX);
        Init::Continue(Term::atom("heartbeat"))
    }

    fn handle_continue(&mut self, _arg: &Term, ctx: &mut Ctx) -> Next {
        let me = ctx.me();
        ctx.send(me, Term::atom("heartbeat"));
        Next::NoReply
    }

    fn handle_info(&mut self, msg: &Term, ctx: &mut Ctx) -> Next {
        if msg.is_atom("heartbeat") {
            let me = ctx.me();
            let node = ctx.node();
            match strategy(ctx.world_ref()) {
                Strategy::Gossip => {
                    ctx.udp_broadcast(PORT, self.beat.clone());
                }
                Strategy::Epmd => {
                    let count = ctx.world_ref().node_count() as u32;
                    for other in 0..count {
                        if other != node && ctx.world_ref().node_alive(other) {
                            ctx.connect(other);
                        }
                    }
                }
                Strategy::None => {}
            }
            let every = interval(ctx.world_ref());
            ctx.send_after(me, Term::atom("heartbeat"), every);
            return Next::NoReply;
        }
        if let Some([tag, _socket, _ip, _port, Term::Binary(data)]) = msg.as_tuple() {
            if tag.is_atom("udp") {
                if let Some(sender) = data.strip_prefix(PREFIX).and_then(binary_to_atom) {
                    let here = ctx.node();
                    let world = ctx.world_ref();
                    if let Some(there) = world.node_id(sender) {
                        if there != here && !world.net().is_connected(here, there) {
                            ctx.connect(there);
                        }
                    }
                }
                // Anything without the prefix is somebody else's traffic: ignored.
            }
        }
        Next::NoReply
    }

    fn state(&self) -> Term {
        Term::map([(Term::atom("socket"), self.socket.clone())])
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn start_link(ctx: &mut Ctx, _args: &[Term]) -> Result<Term, Term> {
    Ok(gen_server::start(
        ctx,
        NodeManager {
            socket: Term::nil(),
            beat: Term::nil(),
        },
        StartOpts {
            name: Some(Term::atom(MODULE)),
            link: true,
        },
    ))
}

pub(super) fn load(world: &mut World) {
    world.load(MODULE, "start_link", 1, start_link);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heartbeats_round_trip_and_junk_does_not() {
        assert_eq!(
            atom_to_binary("a@sim"),
            vec![131, 119, 5, b'a', b'@', b's', b'i', b'm']
        );
        assert_eq!(binary_to_atom(&atom_to_binary("b@sim")), Some("b@sim"));
        assert_eq!(binary_to_atom(b"Test\n"), None);
        assert_eq!(binary_to_atom(&[131, 119, 9, b'x']), None);
    }
}
