//! A simulated cluster serving the KV protocol to clients, with no I/O:
//! the CLI's stdin and TCP front ends feed it lines and write its replies.
//!
//! Each client is a process on the first node (as each connection is a task
//! in the guide's `KVServer`), so requests for buckets elsewhere cross the
//! simulated network. The world records no trace and, unless asked, logs no
//! routes, so a long-running server does not grow with the requests it
//! serves (each routed request still leaves one empty process slot behind).

use super::lines::Line;
use crate::kernel::{ProcessKind, World, WorldConfig, MS};
use crate::otp::call::{receive, Budget};
use crate::term::{Atom, Pid, Term};

/// The reply to a line that cannot be answered.
pub const ERROR: &[u8] = b"ERROR\r\n";

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
    log_seen: u64,
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
            reductions: u64::MAX,
            until: self.world.now().saturating_add(LINE_MS * MS),
        };
        let reply = self.serve(client, bytes, &mut budget);
        self.world.settle(LINE_EVENTS);
        // Late replies to timed-out calls would pile up in a long session.
        self.world.drain_mailbox(client);
        reply
    }

    /// Runs `KVServer.serve_line(client, line)` in a process of its own on
    /// the first node and waits, as `client`, for its reply.
    fn serve(&mut self, client: Pid, line: &[u8], budget: &mut Budget) -> Vec<u8> {
        let args = vec![Term::Pid(client), Term::bytes(line)];
        let Some(task) = crate::vm::spawn::spawn_mfa(
            &mut self.world,
            0,
            Some(client),
            Atom::new("Elixir.KVServer"),
            Atom::new("serve_line"),
            args,
        ) else {
            return ERROR.to_vec();
        };
        let mref = self.world.monitor(client, task);
        let ours = |m: &Term| match m.as_tuple() {
            Some([tag, Term::Pid(from), _]) => tag.is_atom("kv_reply") && *from == task,
            Some([down, Term::Ref(r), ..]) => down.is_atom("DOWN") && *r == mref,
            _ => false,
        };
        let answer = receive(&mut self.world, client, ours, Some(budget.until), budget);
        self.world.demonitor(client, mref);
        match answer {
            Ok(Some(msg)) => match msg.as_tuple() {
                Some([_, _, Term::Binary(reply)]) => reply.to_vec(),
                _ => ERROR.to_vec(),
            },
            _ => ERROR.to_vec(),
        }
    }

    /// Lines node 0 logged since the last call (routes, when logged).
    pub fn take_log(&mut self) -> Vec<String> {
        let (new, seen) = self.world.node_log_since(0, self.log_seen);
        let new = new.iter().map(|e| e.text.clone()).collect();
        self.log_seen = seen;
        new
    }
}
