//! Many nodes: adding, crashing and restarting them, and shaping the
//! network between them (partitions, one-way cuts, latency, loss), and
//! faults on a schedule (`nemesis`, for `Sim.nemesis/1`), and a
//! linearizability check of key-value histories (`linearizability`), and
//! seed sweeps that check the invariants after every chunk (`sweep`), and
//! live invariants, the built-in sets and users' checks (`watch`).
//!
//! The kernel carries messages between nodes (`kernel::net`,
//! `kernel::distribution`); this layer is what a person does to a cluster,
//! each operation recorded in the trace as the console line that would say it.

pub mod invariants;
pub mod linearizability;
pub mod nemesis;
pub mod network;
pub mod sweep;
pub mod watch;

use crate::kernel::{NodeId, TraceKind, World};

/// Adds a node called `name` and boots the built-in applications on it.
/// Fails when the name is taken or is not `name@host`.
pub fn add_node(world: &mut World, name: &str) -> Result<NodeId, String> {
    if world.node_id(name).is_some() {
        return Err(format!("node {name} already exists"));
    }
    let valid = name
        .split_once('@')
        .is_some_and(|(n, h)| !n.is_empty() && !h.is_empty() && !h.contains('@'));
    if !valid {
        return Err(format!("invalid node name {name}: expected name@host"));
    }
    let node = world.add_node(name);
    world.record(TraceKind::NodeState {
        node: name.to_string(),
        state: "added",
    });
    boot_node(world, node);
    Ok(node)
}

/// Restarts a crashed node and boots its applications again.
pub fn restart_node(world: &mut World, node: NodeId) -> bool {
    if !world.revive_node(node) {
        return false;
    }
    boot_node(world, node);
    true
}

/// Starts what every node runs: the kernel's services (`:global`), then
/// the built-in applications.
pub fn boot_node(world: &mut World, node: NodeId) {
    crate::otp::global::boot(world, node);
    crate::apps::boot(world, node);
}
