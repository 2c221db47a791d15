//! A run's trace in formats other tools read (`otpsim export`):
//!
//! - **JSON** (`otpsim-trace/1`): `{"format", "nodes", "events"}`, each
//!   event `{"seq", "time_us", "kind", "cause", "text"}` plus, where the
//!   kind has them, `"pid"` (the process it happened to), `"from"`/`"to"`
//!   (a send, a drop or an exit signal) and `"msg"` (the message or
//!   reason, as iex prints it). `kind` is one of the event log's kinds
//!   ([`EventKind`]); `cause` is the console line the event was work for
//!   (0: the system's own). Pids print as iex prints them: `#PID<0.151.0>`.
//! - **Mermaid** (`sequenceDiagram`): a participant per process that sent or
//!   received, an arrow per send (`-x` when it was dropped), and a note for
//!   each fault, network change, node crash or restart, and invariant
//!   turning red or green again.
//! - **ShiViz**: the parsing expression on the first line, an empty
//!   delimiter line, then two lines per event, its text and then its
//!   process with a vector clock; a receive merges the clock of the send
//!   it came from (matched as the sequence chart matches them), so ShiViz
//!   draws the same happened-before order.
//!
//! Each takes the last `last` events of the trace (all of them when it
//! holds fewer).

use super::log::EventKind;
use super::sequence::SendMatcher;
use crate::kernel::{TraceEvent, TraceKind, World};
use crate::term::{inspect, inspect_brief, Pid, Term};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The JSON export's `format` field.
pub const JSON_FORMAT: &str = "otpsim-trace/1";

/// ShiViz's expression for the lines [`shiviz`] writes.
pub const SHIVIZ_REGEX: &str = r"(?<event>.*)\n(?<host>\S*) (?<clock>{.*})";

/// The JSON export (see the module doc for its schema): serialize it with
/// any serde format (the CLI uses `serde_json`, the page the browser's).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TraceExport {
    /// [`JSON_FORMAT`].
    pub format: &'static str,
    /// Every node's name, by index.
    pub nodes: Vec<String>,
    /// The events, oldest first.
    pub events: Vec<ExportEvent>,
}

/// One event of a [`TraceExport`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExportEvent {
    /// Its number in the whole trace (the first event ever is 0).
    pub seq: usize,
    /// Virtual time, µs.
    pub time_us: u64,
    /// Its kind.
    pub kind: EventKind,
    /// The console line it was work for (0: the system's own).
    pub cause: u32,
    /// The event log's line for it.
    pub text: String,
    /// The process it happened to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pid: Option<String>,
    /// The sending process (a send, an exit signal, a spawn's parent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The receiving process.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The message or reason, as iex prints it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub msg: Option<String>,
}

fn pid(p: &Pid) -> String {
    inspect(&Term::Pid(*p))
}

/// The processes an event is about: `(pid, from, to, msg)`.
type Parties = (Option<Pid>, Option<Pid>, Option<Pid>, Option<String>);

fn parties(kind: &TraceKind) -> Parties {
    use TraceKind as K;
    match kind {
        K::Send { from, to, msg } => (None, Some(*from), Some(*to), Some(inspect_brief(msg))),
        K::Receive { pid, msg } => (Some(*pid), None, None, Some(inspect_brief(msg))),
        K::Drop { to, msg } => (None, None, Some(*to), Some(inspect_brief(msg))),
        K::Signal { from, to, reason } => {
            (None, Some(*from), Some(*to), Some(inspect_brief(reason)))
        }
        K::Exit { pid, reason } => (Some(*pid), None, None, Some(inspect_brief(reason))),
        K::Spawn { pid, parent, .. } => (Some(*pid), *parent, None, None),
        K::TimerStart { pid, .. }
        | K::TimerFire { pid }
        | K::Register { pid, .. }
        | K::Unregister { pid, .. } => (Some(*pid), None, None, None),
        K::Monitor { watcher, target } => (Some(*watcher), None, Some(*target), None),
        K::Link { a, b } | K::Unlink { a, b } => (Some(*a), None, Some(*b), None),
        K::Restart {
            supervisor, pid, ..
        } => (Some(*supervisor), None, Some(*pid), None),
        K::Shutdown { supervisor, reason } => {
            (Some(*supervisor), None, None, Some(inspect_brief(reason)))
        }
        _ => (None, None, None, None),
    }
}

/// The last `last` events of the trace (read in place, not copied), and
/// the number of the first in the whole trace.
fn window(world: &World, last: usize) -> (usize, Vec<&TraceEvent>) {
    let trace = world.trace();
    let first = trace.len().saturating_sub(last);
    let offset = world.trace_total().saturating_sub(trace.len());
    (offset + first, trace.from(first).iter().collect())
}

/// The last `last` events as an `otpsim-trace/1` export.
pub fn json(world: &World, last: usize) -> TraceExport {
    let (first, events) = window(world, last);
    let nodes = (0..world.node_count() as u32)
        .filter_map(|n| world.node_name(n).map(|a| a.as_str().to_string()))
        .collect();
    let events = events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let (p, from, to, msg) = parties(&e.kind);
            ExportEvent {
                seq: first + i,
                time_us: e.time,
                kind: EventKind::of(&e.kind),
                cause: e.cause,
                text: e.describe(),
                pid: p.as_ref().map(pid),
                from: from.as_ref().map(pid),
                to: to.as_ref().map(pid),
                msg,
            }
        })
        .collect();
    TraceExport {
        format: JSON_FORMAT,
        nodes,
        events,
    }
}

/// A participant's name in Mermaid: letters, digits and `_` only.
fn participant(p: &Pid) -> String {
    format!("P{}_{}_{}", p.node, p.id, p.serial)
}

/// Mermaid text may not hold `;`, `#` or line breaks unescaped.
fn mermaid_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            ';' => ',',
            '#' => '⋕',
            '\n' | '\r' => ' ',
            c => c,
        })
        .collect()
}

/// The last `last` events as a Mermaid sequence diagram.
pub fn mermaid(world: &World, last: usize) -> String {
    let (_, events) = window(world, last);
    let mut lanes: BTreeSet<Pid> = BTreeSet::new();
    for e in &events {
        match &e.kind {
            TraceKind::Send { from, to, .. } => {
                lanes.insert(*from);
                lanes.insert(*to);
            }
            TraceKind::Receive { pid, .. } => {
                lanes.insert(*pid);
            }
            _ => {}
        }
    }
    let mut out = String::from("sequenceDiagram\n");
    for p in &lanes {
        let label = world
            .process_info(*p)
            .and_then(|i| i.name)
            .unwrap_or_else(|| pid(p).trim_start_matches("#PID").to_string());
        out.push_str(&format!(
            "    participant {} as {}\n",
            participant(p),
            mermaid_text(&label)
        ));
    }
    let first_lane = lanes.first().copied();
    let last_lane = lanes.last().copied();
    // A send is drawn as dropped when a drop of an equal message to the
    // same process follows it before a receive does.
    let mut sends: SendMatcher<'_, usize> = SendMatcher::default();
    let mut dropped = vec![false; events.len()];
    for (i, e) in events.iter().enumerate() {
        match &e.kind {
            TraceKind::Send { to, msg, .. } => sends.sent(*to, msg, i),
            TraceKind::Receive { pid, msg } => {
                sends.received(*pid, msg);
            }
            TraceKind::Drop { to, msg } => {
                if let Some(send) = sends.received(*to, msg) {
                    dropped[send] = true;
                }
            }
            _ => {}
        }
    }
    for (i, e) in events.iter().enumerate() {
        let note = |text: &str| match (first_lane, last_lane) {
            (Some(a), Some(b)) if a != b => format!(
                "    Note over {},{}: {}\n",
                participant(&a),
                participant(&b),
                mermaid_text(text)
            ),
            (Some(a), _) => format!(
                "    Note over {}: {}\n",
                participant(&a),
                mermaid_text(text)
            ),
            _ => String::new(),
        };
        match &e.kind {
            TraceKind::Send { from, to, msg } => {
                let arrow = if dropped[i] { "-x" } else { "->>" };
                out.push_str(&format!(
                    "    {}{arrow}{}: {}\n",
                    participant(from),
                    participant(to),
                    mermaid_text(&inspect_brief(msg))
                ));
            }
            TraceKind::Fault { fault } => out.push_str(&note(&format!("fault {fault}"))),
            TraceKind::Invariant { name, holds, why } => {
                out.push_str(&note(&crate::kernel::invariant_text(name, *holds, why)))
            }
            TraceKind::Network { change } => out.push_str(&note(&format!("network {change}"))),
            TraceKind::NodeState { node, state } => {
                out.push_str(&note(&format!("node {node} {state}")))
            }
            _ => {}
        }
    }
    out
}

/// The last `last` events as a ShiViz log: each event is on the process it
/// happened to (a send on the sender), with a vector clock over processes.
/// Events about no process (faults, network changes) are on `cluster`.
pub fn shiviz(world: &World, last: usize) -> String {
    let (_, events) = window(world, last);
    let mut clocks: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    let mut sends: SendMatcher<'_, BTreeMap<String, u64>> = SendMatcher::default();
    let mut out = format!("{SHIVIZ_REGEX}\n\n");
    for e in &events {
        let host = match &e.kind {
            TraceKind::Send { from, .. } => Some(*from),
            TraceKind::Drop { .. } => None,
            other => match parties(other) {
                (Some(p), _, _, _) => Some(p),
                (None, Some(from), _, _) => Some(from),
                _ => None,
            },
        };
        let host = host.map_or_else(|| "cluster".to_string(), |p| pid(&p).replace(' ', ""));
        let mut clock = clocks.remove(&host).unwrap_or_default();
        if let TraceKind::Receive { pid, msg } = &e.kind {
            if let Some(sent) = sends.received(*pid, msg) {
                for (h, t) in sent {
                    let mine = clock.entry(h).or_insert(0);
                    *mine = (*mine).max(t);
                }
            }
        }
        *clock.entry(host.clone()).or_insert(0) += 1;
        if let TraceKind::Send { to, msg, .. } = &e.kind {
            sends.sent(*to, msg, clock.clone());
        }
        let text = e.describe().replace(['\n', '\r'], " ");
        let stamp = json_clock(&clock);
        out.push_str(&format!("{text}\n{host} {stamp}\n"));
        clocks.insert(host, clock);
    }
    out
}

/// A vector clock as a JSON object (hosts are pids or `cluster`: no
/// character in them needs escaping but `"` and `\\`, escaped anyway).
fn json_clock(clock: &BTreeMap<String, u64>) -> String {
    let entries: Vec<String> = clock
        .iter()
        .map(|(host, t)| {
            let host = host.replace('\\', "\\\\").replace('"', "\\\"");
            format!("\"{host}\":{t}")
        })
        .collect();
    format!("{{{}}}", entries.join(","))
}

// serde_json reads the output back: a native dev-dependency only.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::console::Console;

    fn pinged() -> Console {
        let mut c = Console::new(1);
        assert!(c.eval_line("Fleet.start_users(1..2)").ok);
        assert!(c.eval_line("Fleet.ping(1)").ok);
        c
    }

    #[test]
    fn json_names_its_format_and_numbers_events_in_order() {
        let c = pinged();
        let text = serde_json::to_string(&json(c.world(), 50)).expect("serializes");
        let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(v["format"], JSON_FORMAT);
        assert_eq!(v["nodes"][0], "a@sim");
        let events = v["events"].as_array().expect("events");
        assert_eq!(events.len(), 50);
        let seqs: Vec<u64> = events.iter().map(|e| e["seq"].as_u64().unwrap()).collect();
        assert!(seqs.windows(2).all(|w| w[1] == w[0] + 1));
        let send = events
            .iter()
            .rev()
            .find(|e| e["kind"] == "send")
            .expect("a send");
        assert!(send["from"].as_str().unwrap().starts_with("#PID<"));
        assert!(send["msg"].is_string());
    }

    #[test]
    fn mermaid_draws_the_ping_as_a_call_and_a_reply() {
        let c = pinged();
        let text = mermaid(c.world(), 40);
        assert!(text.starts_with("sequenceDiagram\n"));
        let arrows: Vec<&str> = text.lines().filter(|l| l.contains("->>")).collect();
        let call = arrows
            .iter()
            .rposition(|l| l.contains(":ping"))
            .expect("the call");
        assert!(arrows.len() > call + 1, "a reply follows the call");
        assert!(!text.contains('#') && !text.contains(';'));
    }

    #[test]
    fn shiviz_clocks_count_up_per_host_and_carry_sends_to_receives() {
        let c = pinged();
        let text = shiviz(c.world(), 200);
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some(SHIVIZ_REGEX));
        assert_eq!(lines.next(), Some(""));
        let rest: Vec<&str> = lines.collect();
        assert_eq!(rest.len() % 2, 0);
        let mut last: BTreeMap<String, u64> = BTreeMap::new();
        let mut merged = 0;
        for pair in rest.chunks(2) {
            let (host, clock) = pair[1].split_once(' ').expect("host and clock");
            let clock: BTreeMap<String, u64> = serde_json::from_str(clock).expect("clock");
            let mine = clock[host];
            assert_eq!(mine, last.get(host).copied().unwrap_or(0) + 1, "{pair:?}");
            last.insert(host.to_string(), mine);
            if pair[0].starts_with("0.") || pair[0].contains(" receive ") {
                merged += usize::from(clock.len() > 1);
            }
        }
        assert!(merged > 0, "some receive carries its sender's clock");
    }
}
