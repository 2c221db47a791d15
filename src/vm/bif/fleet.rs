//! The fleet's natives: rendezvous hashing (`Fleet.pick_shard/2`), and what
//! `Fleet.Cluster` (Elixir, `apps/ex/fleet.ex`) needs from the simulation:
//! its ownership moves in the trace, and `Fleet.Cluster.where/1`, which
//! looks at every node's registry at once (no process can see across a
//! netsplit; the simulation can, to show the copies a split leaves).

use super::{Bif, Native};
use crate::apps::{fleet, ownership};
use crate::kernel::TraceKind;
use crate::term::Term;
use crate::vm::exception::{Exception, Res};

/// Most shards `Fleet.pick_shard/2` hashes over.
const MAX_SHARDS: i64 = 1_000_000;

/// `Fleet.pick_shard(id, k)`: the shard in `0..k-1` rendezvous hashing
/// gives `id`.
fn pick_shard(args: &[Term]) -> Res {
    let k = match &args[1] {
        Term::Int(k) if (1..=MAX_SHARDS).contains(k) => *k,
        Term::Int(k) if *k > MAX_SHARDS => {
            return Err(Exception::badarg_at(
                2,
                "more shards than the simulation hashes (1000000)",
            ))
        }
        _ => {
            return Err(Exception::badarg_at(
                2,
                "the shard count must be an integer of at least 1",
            ))
        }
    };
    fleet::pick_shard(&args[0], k)
        .map(Term::Int)
        .ok_or_else(|| Exception::badarg_at(2, "the shard count must be at least 1"))
}

/// `Fleet.Cluster.where(id)`: the live nodes whose `Fleet.Registry` has `id`.
fn where_running(n: &mut Native, args: &[Term]) -> Res {
    let nodes = ownership::running_on(n.world, &args[0]);
    Ok(Term::list(
        nodes
            .into_iter()
            .filter_map(|node| n.world.node_name(node).cloned().map(Term::Atom))
            .collect(),
    ))
}

/// `:otpsim.ownership(id, :start | :stop)`: the caller's node takes up or
/// gives up user `id`.
fn ownership_move(n: &mut Native, args: &[Term]) -> Res {
    let action = match args[1].as_atom() {
        Some("start") => "start",
        Some("stop") => "stop",
        _ => return Err(Exception::badarg_at(2, "not :start or :stop")),
    };
    let node = super::support::node_term(n.world, n.me.node);
    n.world.record(TraceKind::Ownership {
        key: args[0].clone(),
        node,
        action,
    });
    Ok(Term::ok())
}

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure("Elixir.Fleet", "pick_shard", 2, pick_shard),
    Bif::world("Elixir.Fleet.Cluster", "where", 1, where_running),
    Bif::world("otpsim", "ownership", 2, ownership_move),
];
