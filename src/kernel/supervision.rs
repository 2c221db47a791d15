//! What the views know about a supervisor written in Elixir. A Rust
//! supervisor can be asked directly (its behaviour is a Rust value); a
//! supervisor that runs compiled code keeps its state in its own frames, so
//! it tells the kernel the little the supervision view draws: that it is a
//! supervisor, its callback module, its restart intensity and the restarts
//! inside its window. Its children are the live processes it linked to and
//! started ([`World::started_children`]).

use super::process::ProcessKind;
use super::world::World;
use crate::term::{Atom, Pid};

/// A supervisor's restart intensity and recent restarts, as the
/// supervision view shows them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SupervisorCard {
    /// `max_restarts`.
    pub max_restarts: u32,
    /// `max_seconds`.
    pub max_seconds: u64,
    /// Restart times in whole virtual seconds, newest first.
    pub restarts: Vec<u64>,
}

impl World {
    /// Marks `pid` as a supervisor running `module`'s callbacks, with the
    /// given restart intensity.
    pub fn set_supervisor(&mut self, pid: Pid, module: Atom, max_restarts: u32, max_seconds: u64) {
        if let Some(p) = self.process_mut(pid) {
            p.kind = ProcessKind::Supervisor;
            p.module = Some(module);
            p.card = Some(Box::new(SupervisorCard {
                max_restarts,
                max_seconds,
                restarts: Vec::new(),
            }));
        }
    }

    /// Records the restart times inside `pid`'s intensity window.
    pub fn set_restarts(&mut self, pid: Pid, restarts: Vec<u64>) {
        if let Some(card) = self.process_mut(pid).and_then(|p| p.card.as_mut()) {
            card.restarts = restarts;
        }
    }

    /// Names the callback module a behaviour process runs (a GenServer's
    /// module rather than the generic loop's), for the views.
    pub fn set_module(&mut self, pid: Pid, module: Atom) {
        if let Some(p) = self.process_mut(pid) {
            p.module = Some(module);
        }
    }

    /// The card of a supervisor written in Elixir.
    pub fn supervisor_card(&self, pid: Pid) -> Option<&SupervisorCard> {
        self.process(pid)?.card.as_deref()
    }

    /// The live processes `pid` spawned and is still linked to, in the
    /// order they were spawned: a compiled supervisor's children.
    pub fn started_children(&self, pid: Pid) -> Vec<Pid> {
        let Some(p) = self.process(pid) else {
            return Vec::new();
        };
        let mut out: Vec<Pid> = p
            .links()
            .filter(|c| self.process(*c).is_some_and(|p| p.parent == Some(pid)))
            .collect();
        out.sort();
        out
    }
}
