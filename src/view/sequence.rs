//! The message sequence chart (a Lamport diagram): the most recently active
//! processes as lanes, each send an arrow from the sender's lane to
//! the receiver's, drawn from when it was sent to when it was received.
//!
//! The trace records a receive with the receiver and the message, not the
//! sender, so a receive is matched to the oldest unmatched send of an
//! equal message to that process — exact for the FIFO order the BEAM
//! keeps between a pair of processes.

use crate::kernel::{TraceKind, World};
use crate::term::{inspect, inspect_brief, Pid, Term};
use serde::Serialize;
use std::collections::{BTreeMap, VecDeque};

/// One process lane.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Lane {
    /// The pid as iex prints it, without `#PID`: `<0.151.0>`.
    pub pid: String,
    /// Its registered name or module, for the lane's heading.
    pub label: String,
}

/// One message between two lanes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Arrow {
    /// Sender's lane.
    pub from: usize,
    /// Receiver's lane.
    pub to: usize,
    /// The row (event index in the window) it was sent at.
    pub sent: usize,
    /// The row it was received at; `None` while in flight or when dropped.
    pub received: Option<usize>,
    /// Virtual time of the send (µs).
    pub time: u64,
    /// The message, inspected and cut short.
    pub label: String,
}

/// The chart of the last events.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Default)]
pub struct SequenceView {
    /// The lanes, in pid order.
    pub lanes: Vec<Lane>,
    /// Rows in the window (events looked at).
    pub rows: usize,
    /// Virtual time of the first and last row (µs).
    pub span: (u64, u64),
    /// The arrows, in send order.
    pub arrows: Vec<Arrow>,
}

/// Matches receives to sends: the oldest unmatched send of an equal
/// message to that process (see the module doc), each carrying `K`.
#[derive(Debug)]
pub(crate) struct SendMatcher<'t, K> {
    pending: BTreeMap<Pid, VecDeque<(&'t Term, K)>>,
}

impl<K> Default for SendMatcher<'_, K> {
    fn default() -> Self {
        SendMatcher {
            pending: BTreeMap::new(),
        }
    }
}

impl<'t, K> SendMatcher<'t, K> {
    /// `msg` was sent to `to`.
    pub(crate) fn sent(&mut self, to: Pid, msg: &'t Term, key: K) {
        self.pending.entry(to).or_default().push_back((msg, key));
    }

    /// `pid` received `msg`: the key of the send it came from, if seen.
    pub(crate) fn received(&mut self, pid: Pid, msg: &Term) -> Option<K> {
        let queue = self.pending.get_mut(&pid)?;
        let i = queue.iter().position(|(m, _)| *m == msg)?;
        queue.remove(i).map(|(_, key)| key)
    }
}

/// Longest message label.
const LABEL: usize = 22;

/// The message as a short label; GenServer envelopes are unwrapped
/// (`call :ping`, `cast {:put, 1}`, `reply :pong`), since the envelope is the same on
/// every request and the request is what a reader wants.
fn label(msg: &Term) -> String {
    let text = match msg.as_tuple() {
        Some([tag, _from, request]) if tag.is_atom("$gen_call") => {
            format!("call {}", inspect_brief(request))
        }
        Some([tag, request]) if tag.is_atom("$gen_cast") => {
            format!("cast {}", inspect_brief(request))
        }
        Some([Term::Ref(_), value]) => format!("reply {}", inspect_brief(value)),
        _ => inspect_brief(msg),
    };
    if text.chars().count() <= LABEL {
        return text;
    }
    let cut: String = text.chars().take(LABEL - 1).collect();
    format!("{cut}…")
}

/// The chart of the last `window` trace events, with at most `max_lanes`
/// lanes (the processes that sent or received most recently).
pub fn sequence(world: &World, window: usize, max_lanes: usize) -> SequenceView {
    let trace = world.trace();
    let events = trace.from(trace.len().saturating_sub(window));
    // The processes that sent or received most recently, so the chart
    // always shows what just happened.
    let mut recent: Vec<Pid> = Vec::new();
    for e in events.iter().rev() {
        let pids = match &e.kind {
            TraceKind::Send { from, to, .. } => [Some(*from), Some(*to)],
            TraceKind::Receive { pid, .. } => [Some(*pid), None],
            _ => [None, None],
        };
        for pid in pids.into_iter().flatten() {
            if recent.len() < max_lanes && !recent.contains(&pid) {
                recent.push(pid);
            }
        }
        if recent.len() == max_lanes {
            break;
        }
    }
    // Lanes in pid order (node, then age), so a node's processes sit together.
    let mut pids = recent;
    pids.sort();
    let lane_of: BTreeMap<Pid, usize> = pids.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let lanes = pids
        .iter()
        .map(|&pid| {
            let info = world.process_info(pid);
            let name = info.as_ref().and_then(|i| i.name.clone());
            let module = info.map(|i| i.module).unwrap_or_default();
            Lane {
                pid: inspect(&Term::Pid(pid))
                    .trim_start_matches("#PID")
                    .to_string(),
                label: name.unwrap_or(module),
            }
        })
        .collect();
    let mut arrows: Vec<Arrow> = Vec::new();
    let mut pending = SendMatcher::default();
    for (row, e) in events.iter().enumerate() {
        match &e.kind {
            TraceKind::Send { from, to, msg } => {
                if let (Some(&f), Some(&t)) = (lane_of.get(from), lane_of.get(to)) {
                    pending.sent(*to, msg, arrows.len());
                    arrows.push(Arrow {
                        from: f,
                        to: t,
                        sent: row,
                        received: None,
                        time: e.time,
                        label: label(msg),
                    });
                }
            }
            TraceKind::Receive { pid, msg } => {
                if let Some(arrow) = pending.received(*pid, msg) {
                    arrows[arrow].received = Some(row);
                }
            }
            _ => {}
        }
    }
    let span = (
        events.first().map_or(0, |e| e.time),
        events.last().map_or(0, |e| e.time),
    );
    SequenceView {
        lanes,
        rows: events.len(),
        span,
        arrows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::Console;

    #[test]
    fn a_call_is_a_request_arrow_and_a_reply_arrow() {
        let mut c = Console::new(1);
        assert!(c.eval_line("Fleet.start_users(1..2)").ok);
        assert!(c.eval_line("Fleet.ping(1)").ok);
        let view = sequence(c.world(), 200, 8);
        assert!(view.lanes.len() >= 2 && view.lanes.len() <= 8);
        let last_two: Vec<&Arrow> = view.arrows.iter().rev().take(2).collect();
        let (reply, request) = (last_two[0], last_two[1]);
        assert_eq!((request.from, request.to), (reply.to, reply.from));
        assert!(request.label.contains(":ping"), "{request:?}");
        let received = request.received.expect("the worker received the call");
        assert!(received > request.sent);
        assert!(reply.sent > received);
        assert!(view.lanes.iter().any(|l| l.label.contains("UserWorker")));
    }

    #[test]
    fn lanes_are_capped_and_labels_cut_short() {
        let mut c = Console::new(2);
        assert!(c.eval_line("Fleet.start_users(1..20)").ok);
        assert!(
            c.eval_line("Enum.each(1..20, fn i -> Fleet.ping(i) end)")
                .ok
        );
        let view = sequence(c.world(), 1_000, 5);
        assert_eq!(view.lanes.len(), 5);
        assert!(view.arrows.iter().all(|a| a.label.chars().count() <= LABEL));
        assert!(view.arrows.iter().all(|a| a.from < 5 && a.to < 5));
    }
}
