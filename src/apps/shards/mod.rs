//! The shard fleet: K shard workers spread over the nodes, whose data moves
//! with them when K changes or nodes come and go. The workers, the
//! per-node manager and the load writers are Elixir (`Shards.Worker`,
//! `Shards.Manager`, `Shards.Writer` in `apps/ex/shards.ex`); what stays
//! here is what they call natively or what the simulation reads from
//! outside:
//!
//! - `placement` — hashing: key → shard (rendezvous over `0..K`, as seed
//!   000's `pick_shard`) and shard → nodes (rendezvous over the nodes a
//!   node can see; the first is the primary, the next `N − 1` hold copies).
//! - `client` — where a key goes from a node (`Shards.get/put` route by it).
//! - `workers` — where workers run and what each holds, read from their
//!   state for the views and the ledger.
//! - `ledger` — every acknowledged write, so `Sim.check()` reports a key
//!   that no live worker holds any more.
//!
//! K and the number of copies are the `:shards` application's environment;
//! every move is in the trace and in `Shards.moves/0` with its key count.

pub mod client;
pub mod ledger;
pub mod placement;
pub mod workers;

use crate::kernel::World;
use crate::term::Term;

/// The `Registry` shard workers are named in, on every node.
pub const REGISTRY: &str = "Elixir.Shards.Registry";
/// The `DynamicSupervisor` shard workers run under, on every node.
pub const SUPERVISOR: &str = "Elixir.Shards.Supervisor";

/// The shard count K (default 8).
pub fn k(world: &World) -> i64 {
    world
        .get_env("shards", "k")
        .and_then(|t| t.as_int())
        .filter(|k| *k >= 1)
        .unwrap_or(8)
}

/// How many nodes hold each shard (1 = no replication).
pub fn copies(world: &World) -> usize {
    world
        .get_env("shards", "copies")
        .and_then(|t| t.as_int())
        .and_then(|n| usize::try_from(n).ok())
        .filter(|n| *n >= 1)
        .unwrap_or(1)
}

/// Every move so far, oldest first, as maps
/// `%{shard: s, from: node, to: [nodes], keys: n, at_ms: t}`.
pub fn moves(world: &World) -> Vec<Term> {
    world
        .get_env("shards", "moves")
        .and_then(|t| t.list_to_vec())
        .unwrap_or_default()
}

/// Appends a move to the log and the trace.
pub(crate) fn record_move(world: &mut World, shard: i64, from: Term, to: Vec<Term>, keys: usize) {
    let at_ms = (world.now() / crate::kernel::MS) as i64;
    let entry = Term::map([
        (Term::atom("shard"), Term::Int(shard)),
        (Term::atom("from"), from.clone()),
        (Term::atom("to"), Term::list(to.clone())),
        (Term::atom("keys"), Term::Int(keys as i64)),
        (Term::atom("at_ms"), Term::Int(at_ms)),
    ]);
    let mut all = moves(world);
    all.push(entry);
    world.put_env("shards", "moves", Term::list(all));
    world.record(crate::kernel::TraceKind::Ownership {
        key: Term::tuple([
            Term::atom("shard"),
            Term::Int(shard),
            Term::Int(keys as i64),
        ]),
        node: Term::list(to),
        action: "move",
    });
}

/// `Shards.Manager`, one per node.
const MANAGER: &str = "Elixir.Shards.Manager";

/// Asks every live node's manager to look again now (after a change of K
/// or of the copies).
pub fn nudge_all(world: &mut World) {
    let manager = crate::term::Atom::new(MANAGER);
    for node in 0..world.node_count() as u32 {
        if let Some(pid) = world.whereis(node, &manager) {
            world.send(pid, pid, Term::atom("reconcile"));
        }
    }
}
