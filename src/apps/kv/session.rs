//! A simulated cluster serving the KV protocol to clients, with no I/O:
//! the CLI's stdin and TCP front ends feed it lines and write its replies.
//!
//! Each client is a process on the first node (as each connection is a task
//! in the guide's `KVServer`), so requests for buckets elsewhere cross the
//! simulated network. The world records no trace and, unless asked, logs no
//! routes, so a long-running server does not grow with the requests it
//! serves (each routed request still leaves one empty process slot behind).

use super::command;
use super::lines::Line;
use super::protocol::ERROR;
use crate::kernel::{ProcessKind, World, WorldConfig, MS};
use crate::otp::call::Budget;
use crate::term::{Atom, Pid, Term};

/// Events one line may cause.
const LINE_EVENTS: u64 = 2_000_000;
/// Virtual time one line may take, in milliseconds.
const LINE_MS: u64 = 60 * 60 * 1_000;

/// The name of node `i`: `a@sim` … `z@sim`, then `n26@sim`, ….
pub fn node_name(i: usize) -> String {
    match u8::try_from(i) {
        Ok(k) if k < 26 => format!("{}@sim", char::from(b'a' + k)),
        _ => format!("n{i}@sim"),
    }
}

/// A cluster of connected nodes, each running the `kv` application.
pub struct Service {
    world: World,
    /// How many of node 0's log lines have been handed out.
    log_seen: usize,
}

impl Service {
    /// `nodes` nodes (at least one), all connected, built from `seed`.
    /// With `log_routes`, every routed request is logged on node 0.
    pub fn new(nodes: usize, seed: u64, log_routes: bool) -> Service {
        let mut world = World::new(WorldConfig { seed, trace: false });
        crate::apps::load(&mut world);
        crate::cluster::boot_node(&mut world, 0);
        for i in 1..nodes.max(1) {
            if let Ok(node) = crate::cluster::add_node(&mut world, &node_name(i)) {
                world.ensure_connected(0, node);
            }
        }
        world.put_env("kv", "log_routes", Term::boolean(log_routes));
        world.settle(u64::MAX);
        Service { world, log_seen: 0 }
    }

    /// The world, for inspection.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// The world, mutably (to set the router, the table, the network).
    pub fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }

    /// A new client process on the first node; `None` if it cannot be made.
    pub fn open(&mut self) -> Option<Pid> {
        let module = Atom::new("Elixir.KVServer");
        self.world.spawn(0, None, false, module, ProcessKind::Shell)
    }

    /// The client has gone.
    pub fn close(&mut self, client: Pid) {
        self.world.die(client, Term::atom("normal"));
    }

    /// Answers one line from `client`.
    pub fn handle(&mut self, client: Pid, line: &Line) -> Vec<u8> {
        let Line::Text(bytes) = line else {
            return ERROR.to_vec();
        };
        if !self.world.is_alive(client) {
            return ERROR.to_vec();
        }
        let mut budget = Budget {
            events: LINE_EVENTS,
            until: self.world.now().saturating_add(LINE_MS * MS),
        };
        let reply = command::execute(&mut self.world, client, bytes, &mut budget)
            .unwrap_or_else(|_| ERROR.to_vec());
        self.world.settle(LINE_EVENTS);
        // Late replies to timed-out calls would pile up in a long session.
        self.world.drain_mailbox(client);
        reply
    }

    /// Lines node 0 logged since the last call (routes, when logged).
    pub fn take_log(&mut self) -> Vec<String> {
        let log = self.world.node_log(0);
        let new = log
            .get(self.log_seen..)
            .unwrap_or_default()
            .iter()
            .map(|e| e.text.clone())
            .collect();
        self.log_seen = log.len();
        new
    }
}
