//! Per-node disks: storage that outlives every process on a node but not
//! the node itself.
//!
//! A disk is a map from a path (any term; the to-do database uses strings
//! like `"./persist/bob"`) to what was written there, kept by the world for
//! each node. A process crash leaves it untouched; [`World::crash_node`]
//! wipes the node's disk, as losing a machine loses its local files. Reading
//! and writing cost no virtual time here: a process that wants a slow disk
//! spends the time itself with [`Ctx::consume`](super::Ctx::consume).

use super::{NodeId, World};
use crate::term::Term;
use std::collections::BTreeMap;

/// One node's disk: path → contents, in term order.
pub type Disk = BTreeMap<Term, Term>;

/// Every node's disk, created on first write.
#[derive(Clone, Debug, Default)]
pub(crate) struct Disks {
    by_node: BTreeMap<NodeId, Disk>,
}

impl Disks {
    /// Forgets everything `node` stored (the node crashed).
    pub(crate) fn wipe(&mut self, node: NodeId) {
        self.by_node.remove(&node);
    }
}

impl World {
    /// `node`'s disk, or `None` when nothing was ever written there (or the
    /// node crashed since).
    pub fn disk(&self, node: NodeId) -> Option<&Disk> {
        self.disks.by_node.get(&node)
    }

    /// `node`'s disk for writing, created empty if needed. `None` for a node
    /// that does not exist or is down: a dead machine writes nothing.
    pub fn disk_mut(&mut self, node: NodeId) -> Option<&mut Disk> {
        if !self.node_alive(node) {
            return None;
        }
        Some(self.disks.by_node.entry(node).or_default())
    }
}
