//! Per-node disks: storage that outlives every process on a node.
//!
//! A disk is a map from a path (any term; the to-do database uses strings
//! like `"./persist/bob"`) to what was written there, kept by the world for
//! each node. A process crash leaves it untouched; [`World::crash_node`]
//! wipes the node's disk, as losing a machine loses its local files. Reading
//! and writing cost no virtual time here: a process that wants a slow disk
//! spends the time itself with [`Ctx::consume`](super::Ctx::consume).
//!
//! Disk faults (`Sim.nemesis/1`): a write reaches the disk itself only
//! [`WRITEBACK`] after it is made, as an operating system's page cache
//! holds it, unless it was made with `:sync` (`O_SYNC`). Until then it is
//! in a log of unsynced writes with what each path held before, and
//! [`World::power_loss`] crashes the node undoing the writes still in it,
//! newest first: the machine comes back with what was synced. And a node
//! can be made to fail a share of its writes with `:eio`.

use super::{NodeId, Time, World, MS};
use crate::term::Term;
use std::collections::{BTreeMap, VecDeque};

/// How long a write waits in the page cache before it is on the disk
/// itself: Linux's default `dirty_expire_centisecs`, 30 s.
pub const WRITEBACK: Time = 30_000 * MS;

/// One node's disk: path → contents, in term order.
pub type Disk = BTreeMap<Term, Term>;

/// Every node's disk, created on first write.
#[derive(Clone, Debug, Default)]
pub(crate) struct Disks {
    /// What reads see: the disk with the page cache over it.
    by_node: BTreeMap<NodeId, Disk>,
    /// Writes not yet on the disk itself, oldest first: when, the path,
    /// and what the path held before (`None`: nothing).
    unsynced: BTreeMap<NodeId, VecDeque<(Time, Term, Option<Term>)>>,
    /// Percent of writes that fail with `:eio`, per node.
    failing: BTreeMap<NodeId, u8>,
}

impl Disks {
    /// Forgets everything `node` stored (the node crashed).
    pub(crate) fn wipe(&mut self, node: NodeId) {
        self.by_node.remove(&node);
        self.unsynced.remove(&node);
    }

    /// Drops from `node`'s log the writes the page cache has written back by `now`.
    fn trim(&mut self, node: NodeId, now: Time) {
        if let Some(log) = self.unsynced.get_mut(&node) {
            while log.front().is_some_and(|(at, _, _)| at + WRITEBACK <= now) {
                log.pop_front();
            }
        }
    }
}

impl World {
    /// `node`'s disk, or `None` when nothing was ever written there (or the
    /// node crashed since).
    pub fn disk(&self, node: NodeId) -> Option<&Disk> {
        self.disks.by_node.get(&node)
    }

    /// Writes `value` at `path` on `node`'s disk (`None` removes it). It
    /// is read back at once, and reaches the disk itself [`WRITEBACK`]
    /// later unless `sync`. Fails with `"eio"` on a down node, or as the
    /// node's disk fault says.
    pub fn disk_write(
        &mut self,
        node: NodeId,
        path: Term,
        value: Option<Term>,
        sync: bool,
    ) -> Result<(), &'static str> {
        if !self.node_alive(node) {
            return Err("eio");
        }
        let percent = self.disks.failing.get(&node).copied().unwrap_or(0);
        // The generator is drawn only under a fault: runs without one
        // replay as they did before disk faults existed.
        if percent > 0 && self.rng.uniform(100) <= u64::from(percent) {
            return Err("eio");
        }
        let now = self.now;
        self.disks.trim(node, now);
        let disk = self.disks.by_node.entry(node).or_default();
        let before = match value {
            Some(v) => disk.insert(path.clone(), v),
            None => disk.remove(&path),
        };
        let log = self.disks.unsynced.entry(node).or_default();
        if sync {
            // O_SYNC: this path is on the disk as it is now.
            log.retain(|(_, p, _)| *p != path);
        } else {
            log.push_back((now, path, before));
        }
        Ok(())
    }

    /// Makes `percent` of `node`'s writes fail with `:eio` (0: none).
    pub fn set_disk_failures(&mut self, node: NodeId, percent: u8) {
        if percent == 0 {
            self.disks.failing.remove(&node);
        } else {
            self.disks.failing.insert(node, percent.min(100));
        }
    }

    /// How many of `node`'s writes are not on the disk itself yet.
    pub fn unsynced_writes(&self, node: NodeId) -> usize {
        let now = self.now;
        self.disks.unsynced.get(&node).map_or(0, |log| {
            log.iter().filter(|(at, _, _)| at + WRITEBACK > now).count()
        })
    }

    /// The machine under `node` loses power: the writes not yet written
    /// back are undone, newest first, and the node crashes, its disk
    /// kept. False when the node was not up.
    pub fn power_loss(&mut self, node: NodeId) -> bool {
        if !self.node_alive(node) {
            return false;
        }
        let now = self.now;
        self.disks.trim(node, now);
        let log = self.disks.unsynced.remove(&node).unwrap_or_default();
        if let Some(disk) = self.disks.by_node.get_mut(&node) {
            for (_, path, before) in log.into_iter().rev() {
                match before {
                    Some(v) => disk.insert(path, v),
                    None => disk.remove(&path),
                };
            }
        }
        self.crash_node_with(node, false)
    }
}
