//! The kinds of trace event by name (`"send"`, `"exit"`, ...): what the
//! event log filters on, `cluster.on` subscribes to and the JS API's
//! `TraceKind` type lists. The one place those names are written.

use super::trace::TraceKind;
use serde::Serialize;
use ts_rs::TS;

/// The kind of a trace event, as filters and `cluster.on` name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename = "TraceKind")]
#[allow(missing_docs)]
pub enum EventKind {
    Spawn,
    Send,
    Receive,
    Drop,
    Exit,
    Signal,
    Link,
    Unlink,
    Monitor,
    Register,
    Unregister,
    Restart,
    Shutdown,
    Timer,
    Nodeup,
    Nodedown,
    Node,
    Network,
    Fault,
    Invariant,
    Ownership,
    Console,
}

impl EventKind {
    /// Every kind, in declaration order (the log filter's order).
    pub const ALL: [EventKind; 22] = {
        use EventKind::*;
        [
            Spawn, Send, Receive, Drop, Exit, Signal, Link, Unlink, Monitor, Register, Unregister,
            Restart, Shutdown, Timer, Nodeup, Nodedown, Node, Network, Fault, Invariant, Ownership,
            Console,
        ]
    };

    /// The kind of `kind` (timer starts and fires are both `Timer`).
    pub fn of(kind: &TraceKind) -> EventKind {
        use TraceKind as K;
        match kind {
            K::Spawn { .. } => EventKind::Spawn,
            K::Send { .. } => EventKind::Send,
            K::Receive { .. } => EventKind::Receive,
            K::Drop { .. } => EventKind::Drop,
            K::Exit { .. } => EventKind::Exit,
            K::Signal { .. } => EventKind::Signal,
            K::Link { .. } => EventKind::Link,
            K::Unlink { .. } => EventKind::Unlink,
            K::Monitor { .. } => EventKind::Monitor,
            K::Register { .. } => EventKind::Register,
            K::Unregister { .. } => EventKind::Unregister,
            K::Restart { .. } => EventKind::Restart,
            K::Shutdown { .. } => EventKind::Shutdown,
            K::TimerStart { .. } | K::TimerFire { .. } => EventKind::Timer,
            K::NodeUp { .. } => EventKind::Nodeup,
            K::NodeDown { .. } => EventKind::Nodedown,
            K::NodeState { .. } => EventKind::Node,
            K::Network { .. } => EventKind::Network,
            K::Fault { .. } => EventKind::Fault,
            K::Invariant { .. } => EventKind::Invariant,
            K::Ownership { .. } => EventKind::Ownership,
            K::Console { .. } => EventKind::Console,
        }
    }

    /// Its name (`"send"`, `"exit"`, ...), as it serializes.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Spawn => "spawn",
            EventKind::Send => "send",
            EventKind::Receive => "receive",
            EventKind::Drop => "drop",
            EventKind::Exit => "exit",
            EventKind::Signal => "signal",
            EventKind::Link => "link",
            EventKind::Unlink => "unlink",
            EventKind::Monitor => "monitor",
            EventKind::Register => "register",
            EventKind::Unregister => "unregister",
            EventKind::Restart => "restart",
            EventKind::Shutdown => "shutdown",
            EventKind::Timer => "timer",
            EventKind::Nodeup => "nodeup",
            EventKind::Nodedown => "nodedown",
            EventKind::Node => "node",
            EventKind::Network => "network",
            EventKind::Fault => "fault",
            EventKind::Invariant => "invariant",
            EventKind::Ownership => "ownership",
            EventKind::Console => "console",
        }
    }

    /// The kind called `name`, if any.
    pub fn named(name: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}
