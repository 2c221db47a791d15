//! Pausing a node (`{:pause, node, ms}` in `Sim.nemesis/1`), as a stopped
//! OS process or a long GC pause freezes a BEAM node: none of its
//! processes runs and nothing it was sent is handled until it resumes; it
//! sends no ticks, so once the net tick time passes its peers take the
//! connections down (`:nodedown` on both sides, the paused side reading
//! its own when it resumes), and no new connection to it can be set up.
//!
//! A paused node's events are not dropped but moved to the moment it
//! resumes, in the order they were due, so its mailboxes fill as a frozen
//! node's socket buffers would.

use super::event::Event;
use super::world::World;
use super::{NodeId, Time, TraceKind};

impl World {
    /// Pauses `node` until `until` (extending a pause already under way).
    /// False when the node is down.
    pub fn pause_node(&mut self, node: NodeId, until: Time) -> bool {
        if !self.node_alive(node) || until <= self.now {
            return false;
        }
        let Some(n) = self.nodes.get_mut(node as usize) else {
            return false;
        };
        n.paused_until = n.paused_until.max(until);
        self.pause_horizon = self.pause_horizon.max(until);
        self.record(TraceKind::NodeState {
            node: self.node_label(node),
            state: "paused",
        });
        let tick = self.now.saturating_add(self.net.net_tick);
        self.queue.push(self.cause, tick, Event::PauseTick { node });
        self.queue.push(self.cause, until, Event::Resume { node });
        true
    }

    /// When `node`, paused at `at`, resumes; `None` when it is not paused then.
    pub fn paused_until(&self, node: NodeId, at: Time) -> Option<Time> {
        if at >= self.pause_horizon {
            return None; // no node is paused (the common case: one compare)
        }
        let until = self.nodes.get(node as usize)?.paused_until;
        (until > at).then_some(until)
    }

    /// Moves `event`, due at `at`, to when its node resumes, if that node
    /// is paused; gives it back otherwise.
    pub(crate) fn defer_if_paused(
        &mut self,
        at: Time,
        event: Event,
        cause: super::Cause,
    ) -> Option<Event> {
        if at >= self.pause_horizon {
            return Some(event);
        }
        let node = match &event {
            Event::Deliver { to, .. }
            | Event::Down { to, .. }
            | Event::Exit { to, .. }
            | Event::Run { to } => Some(to.node),
            Event::Wake { pid } => Some(pid.node),
            Event::DeliverAll { to, .. } => to.first().map(|p| p.node),
            Event::Timer { id } => self.timer_target(*id).map(|p| p.node),
            // Each of a batch of heartbeats is deferred on its own, as it
            // arrives (in `World::step`).
            Event::Heartbeat { .. } => None,
            Event::NetTick { .. }
            | Event::Fault { .. }
            | Event::PauseTick { .. }
            | Event::Resume { .. } => None,
        };
        match node.and_then(|n| self.paused_until(n, at)) {
            Some(until) => {
                self.queue.push(cause, until, event);
                None
            }
            None => Some(event),
        }
    }

    /// The net tick time has passed since `node` was paused: if it still
    /// is, its peers have heard nothing and drop their connections.
    pub(crate) fn pause_tick(&mut self, node: NodeId) {
        if self.paused_until(node, self.now).is_some() {
            for peer in self.net.peers(node) {
                self.disconnect(node, peer);
            }
        }
    }

    /// The end of a pause (unless it was extended meanwhile).
    pub(crate) fn resume_node(&mut self, node: NodeId) {
        let Some(n) = self.nodes.get_mut(node as usize) else {
            return;
        };
        if n.paused_until == 0 || n.paused_until > self.now {
            return;
        }
        n.paused_until = 0;
        self.record(TraceKind::NodeState {
            node: self.node_label(node),
            state: "resumed",
        });
    }
}
