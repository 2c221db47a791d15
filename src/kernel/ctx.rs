//! [`Ctx`]: what a behaviour may do while it handles a message.
//!
//! Every effect goes through the world's event queue (sends, signals,
//! timers), except spawning: a child's `init` runs to completion inside the
//! parent's handler, as `proc_lib` makes a parent wait for its child's ack.

use super::{NodeId, Time, World};
use crate::term::{Atom, Pid, Ref, Term};

/// The running process's handle on the world.
pub struct Ctx<'w> {
    world: &'w mut World,
    me: Pid,
}

impl<'w> Ctx<'w> {
    /// A context acting as `me`.
    pub fn new(world: &'w mut World, me: Pid) -> Ctx<'w> {
        Ctx { world, me }
    }

    /// `self()`.
    pub fn me(&self) -> Pid {
        self.me
    }

    /// `node()` as an index.
    pub fn node(&self) -> NodeId {
        self.me.node
    }

    /// Current virtual time in microseconds.
    pub fn now(&self) -> Time {
        self.world.now()
    }

    /// The whole world, for the OTP layer's own bookkeeping (tables, spawning).
    pub fn world(&mut self) -> &mut World {
        self.world
    }

    /// Read-only view of the world.
    pub fn world_ref(&self) -> &World {
        self.world
    }

    /// Runs `f` acting as another process (a child during its `init`).
    pub fn as_process<R>(&mut self, pid: Pid, f: impl FnOnce(&mut Ctx) -> R) -> R {
        f(&mut Ctx::new(self.world, pid))
    }

    /// `send(to, msg)`.
    pub fn send(&mut self, to: Pid, msg: Term) {
        self.world.send(self.me, to, msg);
    }

    /// Sends to a locally registered name; false when nobody has it.
    pub fn send_named(&mut self, name: &Atom, msg: Term) -> bool {
        match self.world.whereis(self.me.node, name) {
            Some(pid) => {
                self.send(pid, msg);
                true
            }
            None => false,
        }
    }

    /// `Process.exit(target, reason)`.
    pub fn exit(&mut self, target: Pid, reason: Term) {
        self.world.exit_signal(self.me, target, reason);
    }

    /// `Process.link(other)`.
    pub fn link(&mut self, other: Pid) {
        self.world.link(self.me, other);
    }

    /// `Process.unlink(other)`.
    pub fn unlink(&mut self, other: Pid) {
        self.world.unlink(self.me, other);
    }

    /// `Process.monitor(target)`.
    pub fn monitor(&mut self, target: Pid) -> Ref {
        self.world.monitor(self.me, target)
    }

    /// `Process.demonitor(ref)`.
    pub fn demonitor(&mut self, r: Ref) -> bool {
        self.world.demonitor(self.me, r)
    }

    /// `Process.flag(:trap_exit, on)`.
    pub fn trap_exit(&mut self, on: bool) {
        self.world.set_trap_exit(self.me, on);
    }

    /// `Process.send_after(to, msg, ms)`.
    pub fn send_after(&mut self, to: Pid, msg: Term, after_ms: u64) -> Ref {
        self.world.send_after(self.me, to, msg, after_ms)
    }

    /// `Process.cancel_timer(ref)`.
    pub fn cancel_timer(&mut self, r: Ref) -> Option<u64> {
        self.world.cancel_timer(r)
    }

    /// `make_ref()`.
    pub fn make_ref(&mut self) -> Ref {
        self.world.make_ref(self.me.node)
    }

    /// Spends virtual time: the next message starts no earlier than `now + duration`.
    pub fn consume(&mut self, duration: Time) {
        self.world.consume(self.me, duration);
    }
}
