//! Application environment and per-node logs: the small pieces of node
//! state that are not processes.

use super::world::World;
use super::{NodeId, Time};
use crate::term::{Atom, Term};

/// One line of a node's log (what `Logger` would print there).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct LogEntry {
    /// Virtual time in microseconds.
    pub time: Time,
    /// `"info"`, `"warning"`, `"error"`.
    pub level: &'static str,
    /// The message.
    pub text: String,
}

impl World {
    /// `Application.get_env(app, key)` — one environment for the whole
    /// simulation, as if every node had the same config files.
    pub fn get_env(&self, app: &str, key: &str) -> Option<Term> {
        self.env.get(&(Atom::new(app), Atom::new(key))).cloned()
    }

    /// `Application.put_env(app, key, value)`.
    pub fn put_env(&mut self, app: &str, key: &str, value: Term) {
        self.env.insert((Atom::new(app), Atom::new(key)), value);
    }

    /// `Application.delete_env(app, key)`.
    pub fn delete_env(&mut self, app: &str, key: &str) {
        self.env.remove(&(Atom::new(app), Atom::new(key)));
    }

    /// `Application.get_all_env(app)`: the app's keys and values, by key.
    pub fn app_env(&self, app: &str) -> Vec<(Atom, Term)> {
        let app = Atom::new(app);
        self.env
            .iter()
            .filter(|((a, _), _)| *a == app)
            .map(|((_, k), v)| (*k, v.clone()))
            .collect()
    }

    /// Appends a line to `node`'s log.
    pub fn log(&mut self, node: NodeId, level: &'static str, text: String) {
        let time = self.now;
        if let Some(n) = self.nodes.get_mut(node as usize) {
            n.log.push(LogEntry { time, level, text });
        }
    }

    /// The last [`LOG_KEPT`] lines of `node`'s log, oldest first.
    pub fn node_log(&self, node: NodeId) -> &[LogEntry] {
        self.nodes
            .get(node as usize)
            .map_or(&[], |n| n.log.recent())
    }

    /// The lines `node` logged after the first `seen` it ever logged (as
    /// many of them as are still kept), and how many it has logged in all:
    /// the count to pass next time.
    pub fn node_log_since(&self, node: NodeId, seen: u64) -> (&[LogEntry], u64) {
        let Some(n) = self.nodes.get(node as usize) else {
            return (&[], seen);
        };
        let recent = n.log.recent();
        let total = n.log.total;
        let new = total.saturating_sub(seen).min(recent.len() as u64) as usize;
        (&recent[recent.len() - new..], total)
    }
}

/// Lines of a node's log kept for reading (`Sim.log/1`, the views): a
/// thousand-node mesh logs a greeting per pair, and a node left running
/// logs forever, so older lines go.
pub const LOG_KEPT: usize = 500;

/// A node's log: its last lines, and how many it has logged in all.
#[derive(Clone, Debug, Default)]
pub(crate) struct NodeLog {
    /// Between [`LOG_KEPT`] and twice that many lines once it is full:
    /// the older half is dropped at once, so a line costs O(1) amortized.
    entries: Vec<LogEntry>,
    total: u64,
}

impl NodeLog {
    pub(crate) fn push(&mut self, entry: LogEntry) {
        if self.entries.len() >= 2 * LOG_KEPT {
            self.entries.drain(..LOG_KEPT);
        }
        self.entries.push(entry);
        self.total += 1;
    }

    fn recent(&self) -> &[LogEntry] {
        &self.entries[self.entries.len().saturating_sub(LOG_KEPT)..]
    }
}
