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

    /// `node`'s log, oldest first.
    pub fn node_log(&self, node: NodeId) -> &[LogEntry] {
        self.nodes.get(node as usize).map_or(&[], |n| &n.log)
    }
}
