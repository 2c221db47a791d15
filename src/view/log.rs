//! The event log: one [`LogLine`] per trace event, with its [`EventKind`],
//! and which lines are the system's routine traffic.

use super::code;
use super::{is_users, ms};
pub use crate::kernel::EventKind;
use crate::kernel::World;
use crate::term::Pid;
use serde::Serialize;
use std::rc::Rc;
use ts_rs::TS;

/// One trace event: a line of the event log, what `cluster.on` callbacks
/// get and `snapshot().log` holds.
// Cheap to clone (the text is shared), and `Eq`, so an unchanged log
// compares by pointer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "TraceEventInfo")]
pub struct LogLine {
    /// Virtual time: µs in Rust, milliseconds in JS.
    #[serde(serialize_with = "ms")]
    #[ts(type = "number")]
    pub time: u64,
    /// Kind of event.
    pub kind: EventKind,
    /// The event log's line for it.
    pub text: Rc<str>,
    /// Routine traffic among the built-in applications' own processes
    /// (gossip, periodic checks and ticks, replication): hidden unless the
    /// log's "system" toggle is on. Never true for work a console line
    /// set off.
    #[serde(skip)]
    pub system: bool,
    /// The console line it was work for ([`crate::kernel::Cause`]; 0: none):
    /// the log marks what the user's lines caused.
    #[serde(skip)]
    pub cause: crate::kernel::Cause,
}

impl LogLine {
    /// `event` as a log line, not marked as system traffic (the JS API's
    /// `on` callbacks, which have no such toggle).
    pub fn of(event: &crate::kernel::TraceEvent) -> LogLine {
        LogLine {
            time: event.time,
            kind: EventKind::of(&event.kind),
            text: event.describe().into(),
            system: false,
            cause: event.cause,
        }
    }
}

/// The last `n` trace events, oldest first.
pub fn log_tail(world: &World, n: usize) -> Vec<LogLine> {
    log_since(world, 0, n)
}

/// The trace events from event number `from` on (counted from the start,
/// see [`World::trace_total`]), at most the last `n` of them: what a log
/// that already holds the events before `from` must add.
pub fn log_since(world: &World, from: usize, n: usize) -> Vec<LogLine> {
    let trace = world.trace();
    let first = world.trace_total() - trace.len();
    let from = from
        .saturating_sub(first)
        .min(trace.len())
        .max(trace.len().saturating_sub(n));
    let typed = code::typed_modules(world);
    trace
        .from(from)
        .iter()
        .map(|e| LogLine {
            time: e.time,
            kind: EventKind::of(&e.kind),
            text: e.describe().into(),
            system: e.cause == 0 && is_system(world, &typed, &e.kind),
            cause: e.cause,
        })
        .collect()
}

/// Whether a trace event is routine traffic among the built-in
/// applications' processes: a message, timer or monitor none of whose
/// processes is the user's. Lifecycle events (spawns, exits, restarts,
/// names, nodes, the network) always show.
fn is_system(
    world: &World,
    typed: &std::collections::BTreeSet<crate::term::Atom>,
    kind: &crate::kernel::TraceKind,
) -> bool {
    use crate::kernel::TraceKind as K;
    let pids: &[Pid] = match kind {
        K::Send { from, to, .. } => &[*from, *to],
        K::Receive { pid, .. } | K::TimerStart { pid, .. } | K::TimerFire { pid, .. } => &[*pid],
        K::Drop { to, .. } => &[*to],
        K::Monitor { watcher, target } => &[*watcher, *target],
        _ => return false,
    };
    !pids.iter().any(|pid| is_users(world, typed, *pid))
}
