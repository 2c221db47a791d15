//! `send_after` timers: a message that arrives after a virtual delay.

use super::event::Event;
use super::world::World;
use super::{Time, TraceKind, MS};
use crate::term::{Pid, Ref, Term};
use rustc_hash::FxHashMap;

/// A timer waiting to fire.
#[derive(Clone, Debug)]
pub(crate) struct TimerEntry {
    from: Pid,
    to: Pid,
    msg: Term,
    at: Time,
}

/// Active timers by reference id. Only ever looked up by id, never
/// iterated, so a hash map leaks no order; a cluster keeps a heartbeat
/// timer per node, and each fires and is set again every few seconds.
#[derive(Clone, Debug, Default)]
pub(crate) struct Timers {
    active: FxHashMap<u64, TimerEntry>,
}

impl World {
    /// Sends `msg` to `to` after `after_ms` virtual milliseconds, as
    /// `Process.send_after/3`. Returns the timer's reference.
    pub fn send_after(&mut self, from: Pid, to: Pid, msg: Term, after_ms: u64) -> Ref {
        let r = self.make_ref(from.node);
        self.start_timer(r, from, to, msg, after_ms);
        r
    }

    /// [`World::send_after`] under a reference made beforehand.
    pub(crate) fn start_timer(&mut self, r: Ref, from: Pid, to: Pid, msg: Term, after_ms: u64) {
        let at = self.now.saturating_add(after_ms.saturating_mul(MS));
        self.timers
            .active
            .insert(r.id, TimerEntry { from, to, msg, at });
        self.queue.push(self.cause, at, Event::Timer { id: r.id });
        self.record(TraceKind::TimerStart { pid: to, after_ms });
    }

    /// Cancels a timer; returns the milliseconds it had left, or `None`
    /// when it had already fired or never existed (`false` in Elixir).
    pub fn cancel_timer(&mut self, r: Ref) -> Option<u64> {
        let entry = self.timers.active.remove(&r.id)?;
        Some(entry.at.saturating_sub(self.now) / MS)
    }

    /// Milliseconds left on a timer, as `Process.read_timer/1`.
    pub fn read_timer(&self, r: Ref) -> Option<u64> {
        let entry = self.timers.active.get(&r.id)?;
        Some(entry.at.saturating_sub(self.now) / MS)
    }

    /// The process a pending timer is for.
    pub(crate) fn timer_target(&self, id: u64) -> Option<Pid> {
        self.timers.active.get(&id).map(|e| e.to)
    }

    pub(crate) fn fire_timer(&mut self, id: u64) {
        if let Some(entry) = self.timers.active.remove(&id) {
            if !self.is_alive(entry.to) {
                return; // its process (or its node) is gone: nothing fires
            }
            // See `Process::user`: only the user's processes' timers keep
            // the cause they were set with.
            if !self.process(entry.to).is_some_and(|p| p.user) {
                self.cause = 0;
            }
            self.record(TraceKind::TimerFire { pid: entry.to });
            self.send(entry.from, entry.to, entry.msg);
        }
    }
}
