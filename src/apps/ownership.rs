//! Sharded ownership of `Fleet` users, as the simulation sees it from
//! outside: the users the cluster wants (`Fleet.Cluster.own/1` adds them to
//! the application environment), the nodes a node can see, and where a user
//! runs now on any live node (for `Fleet.Cluster.where/1` and `Sim.check()`).
//! The reconciler itself, `Fleet.Cluster`, is Elixir (`ex/fleet.ex`).

use super::fleet;
use crate::kernel::{NodeId, World};
use crate::otp::registry;
use crate::term::{Atom, Term};

/// `Fleet.Cluster`.
pub const MODULE: &str = "Elixir.Fleet.Cluster";

/// The users the cluster wants running, in term order.
pub fn wanted(world: &World) -> Vec<Term> {
    world
        .get_env("fleet", "users")
        .and_then(|t| t.list_to_vec())
        .unwrap_or_default()
}

/// The nodes `node` sees: itself and its connections, in index order.
pub fn view(world: &World, node: NodeId) -> Vec<NodeId> {
    let mut nodes = world.connected_nodes(node);
    nodes.push(node);
    nodes.sort_unstable();
    nodes
}

/// The nodes where `id` runs now (registered in their `Fleet.Registry`).
pub fn running_on(world: &World, id: &Term) -> Vec<NodeId> {
    let reg = Atom::new(fleet::REGISTRY);
    (0..world.node_count() as NodeId)
        .filter(|n| world.node_alive(*n))
        .filter(|n| registry::whereis(world, *n, &reg, id).is_some())
        .collect()
}
