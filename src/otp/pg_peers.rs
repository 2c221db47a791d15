//! The peer scopes a `:pg` scope knows, found by their node.
//!
//! A scope in a mesh of a thousand nodes looks a peer up for every
//! discovery and sync: four times per pair of nodes while the mesh forms,
//! each time after 999 other scopes ran, so the lookup misses the cache.
//! A hash map misses twice (its control bytes, then the entry); here the
//! entry sits at its node's index and is read with one miss.
//!
//! There is one scope of a name per node, so one slot per node holds
//! nearly every peer. A restarted scope can be known beside its old pid
//! until the old one's `:DOWN` arrives; the second pid of a node waits in
//! a short overflow list.

use crate::term::Pid;

/// Peers by pid, each with what the scope keeps about it (`V`).
#[derive(Clone, Debug)]
pub(crate) struct Peers<V> {
    /// Indexed by the peer's node.
    slots: Vec<Option<(Pid, V)>>,
    /// Peers whose node's slot holds another pid.
    overflow: Vec<(Pid, V)>,
}

impl<V> Default for Peers<V> {
    fn default() -> Self {
        Peers {
            slots: Vec::new(),
            overflow: Vec::new(),
        }
    }
}

impl<V> Peers<V> {
    pub(crate) fn get(&self, pid: &Pid) -> Option<&V> {
        match self.slots.get(pid.node as usize) {
            Some(Some((p, v))) if p == pid => Some(v),
            _ => self.overflow.iter().find(|(p, _)| p == pid).map(|(_, v)| v),
        }
    }

    pub(crate) fn get_mut(&mut self, pid: &Pid) -> Option<&mut V> {
        match self.slots.get_mut(pid.node as usize) {
            Some(Some((p, v))) if p == pid => Some(v),
            _ => self
                .overflow
                .iter_mut()
                .find(|(p, _)| p == pid)
                .map(|(_, v)| v),
        }
    }

    pub(crate) fn contains(&self, pid: &Pid) -> bool {
        self.get(pid).is_some()
    }

    /// Adds or replaces the peer `pid`.
    pub(crate) fn insert(&mut self, pid: Pid, value: V) {
        if let Some(v) = self.get_mut(&pid) {
            *v = value;
            return;
        }
        let node = pid.node as usize;
        if self.slots.len() <= node {
            self.slots.resize_with(node + 1, || None);
        }
        match &mut self.slots[node] {
            slot @ None => *slot = Some((pid, value)),
            Some(_) => self.overflow.push((pid, value)),
        }
    }

    pub(crate) fn remove(&mut self, pid: &Pid) -> Option<V> {
        if let Some(slot) = self.slots.get_mut(pid.node as usize) {
            if slot.as_ref().is_some_and(|(p, _)| p == pid) {
                return slot.take().map(|(_, v)| v);
            }
        }
        let i = self.overflow.iter().position(|(p, _)| p == pid)?;
        Some(self.overflow.remove(i).1)
    }

    /// Every peer, in pid order (node first).
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&Pid, &V)> {
        let mut all: Vec<(&Pid, &V)> = self
            .slots
            .iter()
            .flatten()
            .chain(&self.overflow)
            .map(|(p, v)| (p, v))
            .collect();
        if !self.overflow.is_empty() {
            all.sort_by_key(|(p, _)| **p);
        }
        all.into_iter()
    }

    /// Every peer's pid, in pid order.
    pub(crate) fn pids(&self) -> Vec<Pid> {
        self.iter().map(|(p, _)| *p).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pid(node: u32, id: u32) -> Pid {
        Pid {
            node,
            id,
            serial: 0,
        }
    }

    #[test]
    fn two_pids_of_one_node_are_both_kept_and_listed_in_pid_order() {
        let mut peers = Peers::default();
        peers.insert(pid(3, 9), "old");
        peers.insert(pid(1, 5), "one");
        peers.insert(pid(3, 2), "restarted");
        assert_eq!(peers.get(&pid(3, 9)), Some(&"old"));
        assert_eq!(peers.get(&pid(3, 2)), Some(&"restarted"));
        assert_eq!(peers.pids(), vec![pid(1, 5), pid(3, 2), pid(3, 9)]);
        assert_eq!(peers.remove(&pid(3, 9)), Some("old"));
        assert_eq!(peers.get(&pid(3, 2)), Some(&"restarted"));
        assert!(!peers.contains(&pid(3, 9)));
        assert_eq!(peers.remove(&pid(3, 9)), None);
        peers.insert(pid(3, 2), "again");
        assert_eq!(peers.pids(), vec![pid(1, 5), pid(3, 2)]);
        assert_eq!(peers.get(&pid(3, 2)), Some(&"again"));
        assert_eq!(peers.get(&pid(7, 2)), None);
    }
}
