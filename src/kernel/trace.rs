//! The trace: every event with its virtual time, in the order it happened.
//!
//! Two runs with the same seed and input produce the same trace; tests compare
//! [`Trace::digest`] values to prove it. The UI's event log and sequence chart
//! read these records, never the kernel's tables.

use super::event_kind::EventKind;
use super::trace_store::Store;
use super::{Cause, Time};
use crate::term::{inspect, inspect_brief, Pid, Term};

/// What happened.
#[derive(Clone, Debug, PartialEq)]
pub enum TraceKind {
    /// A process was spawned by `parent` to run `module`.
    Spawn {
        /// The new process.
        pid: Pid,
        /// Who spawned it.
        parent: Option<Pid>,
        /// The module it runs.
        module: Term,
    },
    /// A message was sent.
    Send {
        /// Sender.
        from: Pid,
        /// Receiver.
        to: Pid,
        /// The message.
        msg: Term,
    },
    /// A message was taken from the mailbox and handled.
    Receive {
        /// Receiver.
        pid: Pid,
        /// The message.
        msg: Term,
    },
    /// A message reached a process that no longer exists and was dropped.
    Drop {
        /// Intended receiver.
        to: Pid,
        /// The message.
        msg: Term,
    },
    /// A process exited.
    Exit {
        /// The process.
        pid: Pid,
        /// Its exit reason.
        reason: Term,
    },
    /// An exit signal was sent (by a link or `Process.exit/2`).
    Signal {
        /// Sender.
        from: Pid,
        /// Receiver.
        to: Pid,
        /// The reason carried.
        reason: Term,
    },
    /// Two processes were linked.
    Link {
        /// One end.
        a: Pid,
        /// The other end.
        b: Pid,
    },
    /// Two processes were unlinked.
    Unlink {
        /// One end.
        a: Pid,
        /// The other end.
        b: Pid,
    },
    /// `watcher` started monitoring `target`.
    Monitor {
        /// Who watches.
        watcher: Pid,
        /// Who is watched.
        target: Pid,
    },
    /// A name was registered (`name` is the name term: an atom or a via tuple).
    Register {
        /// The name.
        name: Term,
        /// Its owner.
        pid: Pid,
    },
    /// A name was released.
    Unregister {
        /// The name.
        name: Term,
        /// Its former owner.
        pid: Pid,
    },
    /// A supervisor restarted a child.
    Restart {
        /// The supervisor.
        supervisor: Pid,
        /// The child's id.
        child: Term,
        /// The new pid.
        pid: Pid,
    },
    /// A supervisor gave up: too many restarts in its window.
    Shutdown {
        /// The supervisor.
        supervisor: Pid,
        /// Why.
        reason: Term,
    },
    /// A timer was started.
    TimerStart {
        /// Owner of the timer (the receiver).
        pid: Pid,
        /// Milliseconds until it fires.
        after_ms: u64,
    },
    /// A timer fired and delivered its message.
    TimerFire {
        /// The receiver.
        pid: Pid,
    },
    /// Two nodes connected.
    NodeUp {
        /// One node.
        a: String,
        /// The other.
        b: String,
    },
    /// A connection between two nodes went down.
    NodeDown {
        /// One node.
        a: String,
        /// The other.
        b: String,
    },
    /// A node crashed or was restarted.
    NodeState {
        /// The node.
        node: String,
        /// `"crashed"` or `"restarted"` or `"added"`.
        state: &'static str,
    },
    /// The network changed (a partition, a heal, link settings).
    Network {
        /// What changed, as a console line would say it.
        change: String,
    },
    /// A scheduled fault fired (`Sim.nemesis/1`); its effects follow.
    Fault {
        /// The fault, as it was scheduled.
        fault: String,
    },
    /// A watched invariant (`Sim.invariant/2`) broke or holds again.
    Invariant {
        /// The invariant's name.
        name: String,
        /// True when it holds again, false when it broke.
        holds: bool,
        /// Why it broke (empty when it holds).
        why: String,
    },
    /// A node took up or gave up a sharded key (a `Fleet` user).
    Ownership {
        /// The key.
        key: Term,
        /// The node, as an atom.
        node: Term,
        /// `"start"` or `"stop"`.
        action: &'static str,
    },
    /// A line was typed into the console.
    Console {
        /// The line.
        line: String,
    },
}

/// One trace record.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceEvent {
    /// When it happened (virtual µs).
    pub time: Time,
    /// What happened.
    pub kind: TraceKind,
    /// The console line it was work for (0: the system's own).
    pub cause: Cause,
}

/// How a change of an invariant's colour reads in the log and exports.
pub fn invariant_text(name: &str, holds: bool, why: &str) -> String {
    match holds {
        true => format!("invariant {name} holds"),
        false => format!("invariant {name} broke: {why}"),
    }
}

impl TraceEvent {
    /// A one-line description, as the event log prints it.
    pub fn describe(&self) -> String {
        let what = match &self.kind {
            TraceKind::Spawn {
                pid,
                parent,
                module,
            } => match parent {
                Some(p) => format!(
                    "spawn {} {} by {}",
                    ipid(pid),
                    inspect_brief(module),
                    ipid(p)
                ),
                None => format!("spawn {} {}", ipid(pid), inspect_brief(module)),
            },
            TraceKind::Send { from, to, msg } => {
                format!("send {} -> {} {}", ipid(from), ipid(to), inspect_brief(msg))
            }
            TraceKind::Receive { pid, msg } => {
                format!("receive {} {}", ipid(pid), inspect_brief(msg))
            }
            TraceKind::Drop { to, msg } => format!("drop {} {}", ipid(to), inspect_brief(msg)),
            TraceKind::Exit { pid, reason } => {
                format!("exit {} {}", ipid(pid), inspect_brief(reason))
            }
            TraceKind::Signal { from, to, reason } => {
                format!(
                    "signal {} -> {} {}",
                    ipid(from),
                    ipid(to),
                    inspect_brief(reason)
                )
            }
            TraceKind::Link { a, b } => format!("link {} {}", ipid(a), ipid(b)),
            TraceKind::Unlink { a, b } => format!("unlink {} {}", ipid(a), ipid(b)),
            TraceKind::Monitor { watcher, target } => {
                format!("monitor {} -> {}", ipid(watcher), ipid(target))
            }
            TraceKind::Register { name, pid } => {
                format!("register {} {}", inspect_brief(name), ipid(pid))
            }
            TraceKind::Unregister { name, pid } => {
                format!("unregister {} {}", inspect_brief(name), ipid(pid))
            }
            TraceKind::Restart {
                supervisor,
                child,
                pid,
            } => format!(
                "restart {} child {} as {}",
                ipid(supervisor),
                inspect_brief(child),
                ipid(pid)
            ),
            TraceKind::Shutdown { supervisor, reason } => {
                format!("shutdown {} {}", ipid(supervisor), inspect_brief(reason))
            }
            TraceKind::TimerStart { pid, after_ms } => {
                format!("timer {} in {} ms", ipid(pid), after_ms)
            }
            TraceKind::TimerFire { pid } => format!("timer fired {}", ipid(pid)),
            TraceKind::NodeUp { a, b } => format!("nodeup {a} <-> {b}"),
            TraceKind::NodeDown { a, b } => format!("nodedown {a} <-> {b}"),
            TraceKind::NodeState { node, state } => format!("node {node} {state}"),
            TraceKind::Network { change } => format!("network {change}"),
            TraceKind::Fault { fault } => format!("fault {fault}"),
            TraceKind::Invariant { name, holds, why } => invariant_text(name, *holds, why),
            TraceKind::Ownership { key, node, action } => {
                format!(
                    "ownership {action} {} on {}",
                    inspect_brief(key),
                    inspect_brief(node)
                )
            }
            TraceKind::Console { line } => format!("console {line}"),
        };
        format!("{}.{:03} {}", self.time / 1000, self.time % 1000, what)
    }

    /// The short name of the kind, for filters (`"send"`, `"exit"`, ...).
    pub fn kind_name(&self) -> &'static str {
        EventKind::of(&self.kind).as_str()
    }
}

fn ipid(pid: &Pid) -> String {
    inspect(&Term::Pid(*pid))
}

/// The recorded events, or nothing when tracing is off (benchmarks).
///
/// With a limit (the web page sets one) only the newest events are kept:
/// the oldest chunk goes as soon as the rest holds the limit, so a long run
/// neither grows without bound nor stalls on a huge move. Event numbers
/// stay absolute ([`Trace::total`]).
#[derive(Clone, Debug, Default)]
pub(crate) struct Trace {
    pub(crate) enabled: bool,
    pub(crate) events: Store,
    /// Events dropped from the front so far.
    pub(crate) dropped: usize,
    /// Keep at least this many of the newest events; `None`: keep all.
    pub(crate) limit: Option<usize>,
}

impl Trace {
    pub(crate) fn record(&mut self, cause: Cause, time: Time, kind: TraceKind) {
        if self.enabled {
            self.events.push(TraceEvent { time, kind, cause });
            if let Some(limit) = self.limit {
                if self.events.len() >= limit.saturating_add(self.events.chunk()) {
                    self.dropped += self.events.drop_oldest(limit);
                }
            }
        }
    }

    /// Every event recorded so far, dropped ones included.
    pub(crate) fn total(&self) -> usize {
        self.dropped + self.events.len()
    }

    /// A 64-bit FNV-1a digest of every kept event's time and description:
    /// equal digests mean equal traces, on any platform (natively and in
    /// wasm). Without a limit, every event is kept.
    pub(crate) fn digest(&self) -> u64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for event in self.events.events() {
            let line = format!("{} {}\n", event.time, event.describe());
            for byte in line.bytes() {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_keeps_the_newest_events_and_counts_them_all() {
        let mut trace = Trace {
            enabled: true,
            limit: Some(10),
            events: Store::with_chunk(4),
            ..Trace::default()
        };
        for i in 0..95u64 {
            trace.record(
                0,
                i,
                TraceKind::Console {
                    line: i.to_string(),
                },
            );
        }
        assert_eq!(trace.total(), 95);
        let kept = trace.events.events();
        assert!(kept.len() >= 10 && kept.len() < 20);
        assert_eq!(kept.last().map(|e| e.time), Some(94));
        let first = trace.total() - kept.len();
        assert_eq!(kept.first().map(|e| e.time), Some(first as u64));
    }
}
