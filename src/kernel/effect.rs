//! [`Effect`]: what a behaviour asks the kernel to do, as data.
//!
//! A behaviour never holds the world. Everything it changes is one of the
//! effects below, made through [`super::Ctx`] and applied by
//! [`World::apply_effect`], the one place where a handler's wishes become changes
//! of the world — so the list here is the whole of what native code can do
//! to a cluster, and each kind is applied the same way for every behaviour.
//!
//! Effects are applied at once, in the order they are made, not gathered
//! until the handler returns. A handler interleaves them with the kernel's
//! few synchronous services (a reference, a monitor, a name, a child whose
//! `init` runs inside the parent's handler as `proc_lib` makes a parent
//! wait): a message sent before a child starts is queued before anything
//! the child sends, and the trace records both in that order. Applying each
//! effect as it comes is the one order that keeps this for every handler.
//!
//! What goes through the event queue (sends, exit signals, timers) still
//! does: an effect only puts it there.

use super::tables::TableData;
use super::{Behaviour, NodeId, Time, TraceKind, World};
use crate::term::{Atom, Pid, Ref, Term};

/// One thing a behaviour wants done, on behalf of the process it runs as.
pub enum Effect {
    /// `send(to, msg)`.
    Send {
        /// The receiver.
        to: Pid,
        /// The message.
        msg: Term,
    },
    /// `Process.exit(to, reason)`: an exit signal.
    Exit {
        /// The process signalled.
        to: Pid,
        /// Its reason.
        reason: Term,
    },
    /// `Process.link(pid)`.
    Link(Pid),
    /// `Process.unlink(pid)`.
    Unlink(Pid),
    /// `Process.demonitor(ref)`.
    Demonitor(Ref),
    /// `Process.flag(:trap_exit, on)`.
    TrapExit(bool),
    /// `Process.send_after(to, msg, after_ms)`, under a reference the
    /// process made beforehand (the answer it gets back).
    SendAfter {
        /// The timer's reference.
        timer: Ref,
        /// The receiver.
        to: Pid,
        /// The message.
        msg: Term,
        /// Virtual milliseconds until it is sent.
        after_ms: u64,
    },
    /// `Process.cancel_timer(ref)`.
    CancelTimer(Ref),
    /// Spends virtual time: the next message starts no earlier than
    /// `now + duration`.
    Consume(Time),
    /// An event the OTP layer observed (a restart, a shutdown, a name
    /// dropped), for the trace.
    Record(TraceKind),
    /// A line in the node's log (what `Logger` prints).
    Log {
        /// `"error"`, `"notice"` …
        level: &'static str,
        /// The text.
        text: String,
    },
    /// Ends `pid` now with `reason`, whatever it traps: a child that failed
    /// to start, or one a supervisor stops without waiting (`:brutal_kill`,
    /// a shutdown timeout).
    Die {
        /// The process ended.
        pid: Pid,
        /// Its exit reason.
        reason: Term,
    },
    /// Gives a process spawned by this one its code (the end of a start).
    Install {
        /// The new process.
        pid: Pid,
        /// Its code.
        behaviour: Box<dyn Behaviour>,
    },
    /// Creates (or replaces) a table on this process's node.
    CreateTable {
        /// Its name.
        name: Atom,
        /// The process whose death deletes it.
        owner: Pid,
        /// Its contents.
        data: Box<dyn TableData>,
    },
    /// `:net_kernel.monitor_nodes(on)`.
    MonitorNodes(bool),
    /// A UDP broadcast to `port` everywhere, from this process's node.
    UdpBroadcast {
        /// The port.
        port: u16,
        /// What every receiver reads.
        payload: Term,
    },
    /// Connects this process's node to the given node unless it already
    /// is (what a send across nodes or `Node.connect/1` does).
    Connect(NodeId),
}

impl World {
    /// Applies what `me` asked for (see the module doc).
    pub(crate) fn apply_effect(&mut self, me: Pid, effect: Effect) {
        match effect {
            Effect::Send { to, msg } => self.send(me, to, msg),
            Effect::Exit { to, reason } => self.exit_signal(me, to, reason),
            Effect::Link(other) => self.link(me, other),
            Effect::Unlink(other) => self.unlink(me, other),
            Effect::Demonitor(r) => {
                self.demonitor(me, r);
            }
            Effect::TrapExit(on) => self.set_trap_exit(me, on),
            Effect::SendAfter {
                timer,
                to,
                msg,
                after_ms,
            } => self.start_timer(timer, me, to, msg, after_ms),
            Effect::CancelTimer(r) => {
                self.cancel_timer(r);
            }
            Effect::Consume(duration) => self.consume(me, duration),
            Effect::Record(kind) => self.record(kind),
            Effect::Log { level, text } => self.log(me.node, level, text),
            Effect::Die { pid, reason } => self.die(pid, reason),
            Effect::Install { pid, behaviour } => self.install(pid, behaviour),
            Effect::CreateTable { name, owner, data } => {
                self.create_table(me.node, name, owner, data)
            }
            Effect::MonitorNodes(on) => self.monitor_nodes(me, on),
            Effect::UdpBroadcast { port, payload } => self.udp_broadcast(me, port, payload),
            Effect::Connect(node) => {
                self.ensure_connected(me.node, node);
            }
        }
    }
}
