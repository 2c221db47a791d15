//! The shard workers (`Shards.Worker`, Elixir, `apps/ex/shards.ex`) as the
//! simulation sees them from outside: where they run, and what each holds,
//! read from its `GenServer` state (`%{data: %{key => {value, version}}}`)
//! between events, for `Sim.check()` and the views.

use super::REGISTRY;
use crate::kernel::{NodeId, World};
use crate::otp::registry;
use crate::term::{Atom, Pid, Term};

/// The worker of `shard` on `node`, if one runs there.
pub fn worker_on(world: &World, node: NodeId, shard: i64) -> Option<Pid> {
    registry::whereis(world, node, &Atom::new(REGISTRY), &Term::Int(shard))
}

/// Every live shard worker on `nodes`, in their order.
pub fn workers_on(world: &World, nodes: impl IntoIterator<Item = NodeId>) -> Vec<Pid> {
    nodes
        .into_iter()
        .flat_map(|n| registry::all(world, n, &Atom::new(REGISTRY)))
        .map(|(_, pid, _)| pid)
        .collect()
}

/// Every live shard worker on every live node.
pub fn worker_pids(world: &World) -> Vec<Pid> {
    workers_on(
        world,
        (0..world.node_count() as NodeId).filter(|n| world.node_alive(*n)),
    )
}

/// The data map of the worker at `pid` (`%{key => {value, version}}`).
pub fn data(world: &World, pid: Pid) -> Option<Term> {
    let state = crate::vm::peek::gen_server_state(world, pid)?;
    state.as_map()?.get(&Term::atom("data")).cloned()
}

/// How many keys the worker at `pid` holds.
pub fn key_count(world: &World, pid: Pid) -> Option<usize> {
    Some(data(world, pid)?.as_map()?.len())
}

/// A new version for a write made now by a process on `node`: the
/// virtual time, then the world's event number, then the node. Later
/// wins, so copies can arrive in any order, twice, or late. (Clocks in
/// the simulation are perfectly synchronized, so this is the real order
/// of the writes; a real cluster would need a hybrid logical clock.)
pub fn stamp(world: &World, node: NodeId) -> Term {
    Term::tuple([
        Term::Int(world.now() as i64),
        Term::Int(world.events_run() as i64),
        Term::Int(i64::from(node)),
    ])
}
