//! Rust values to plain JS data: terms, snapshots, trace events.

use crate::kernel::{TraceEvent, World};
use crate::term::{inspect, Term};
use crate::view::{self, TreeNode};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

/// Largest integer a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
pub(crate) const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Nesting deeper than this is given as the inspected string, so a very deep
/// term cannot overflow the stack here.
const MAX_DEPTH: usize = 100;

/// Trace events the snapshot's `log` holds.
const LOG_LINES: usize = 200;

/// Sets `object[key] = value`. `Reflect.set` only fails on frozen objects or
/// non-objects, and the objects here are fresh, so the result is ignored.
pub(crate) fn set(object: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(object, &JsValue::from_str(key), &value.into());
}

/// Virtual microseconds as JS milliseconds.
pub(crate) fn ms(us: u64) -> f64 {
    us as f64 / 1000.0
}

/// A term as plain JS data: integers as numbers when exact (else decimal
/// strings), `true`/`false` as booleans and `nil` as null, other atoms and
/// UTF-8 binaries as strings, lists and tuples as
/// arrays, maps as objects keyed by the inspected keys, anything else as
/// its inspected string.
pub(crate) fn term(term: &Term) -> JsValue {
    term_at(term, 0)
}

fn term_at(value: &Term, depth: usize) -> JsValue {
    if depth > MAX_DEPTH {
        return JsValue::from_str(&inspect(value));
    }
    match value {
        Term::Int(n) if (n.unsigned_abs() as f64) <= MAX_SAFE_INTEGER => {
            JsValue::from_f64(*n as f64)
        }
        Term::Int(n) => JsValue::from_str(&n.to_string()),
        Term::BigInt(n) => JsValue::from_str(&n.to_string()),
        Term::Atom(atom) => match atom.as_str() {
            "true" => JsValue::TRUE,
            "false" => JsValue::FALSE,
            "nil" => JsValue::NULL,
            other => JsValue::from_str(other),
        },
        Term::Binary(bytes) => match std::str::from_utf8(bytes) {
            Ok(text) => JsValue::from_str(text),
            Err(_) => JsValue::from_str(&inspect(value)),
        },
        Term::Tuple(items, _) => items
            .iter()
            .map(|item| term_at(item, depth + 1))
            .collect::<Array>()
            .into(),
        Term::List(_) if value.is_proper_list() => value
            .list_iter()
            .map(|item| term_at(item, depth + 1))
            .collect::<Array>()
            .into(),
        Term::Float(f) => JsValue::from_f64(*f),
        Term::List(_) => JsValue::from_str(&inspect(value)),
        Term::Map(map) => {
            let object = Object::new();
            for (key, item) in map.iter() {
                set(&object, &inspect(key), term_at(item, depth + 1));
            }
            object.into()
        }
        Term::Pid(_) | Term::Ref(_) | Term::Fun(_) => JsValue::from_str(&inspect(value)),
    }
}

/// `{ time, kind, text }` for one trace event (`time` in ms).
pub(crate) fn event(event: &TraceEvent) -> JsValue {
    let object = Object::new();
    set(&object, "time", ms(event.time));
    set(&object, "kind", event.kind_name());
    set(&object, "text", event.describe());
    object.into()
}

fn strings<'a, S: AsRef<str> + 'a>(items: impl IntoIterator<Item = &'a S>) -> Array {
    items
        .into_iter()
        .map(|s| JsValue::from_str(s.as_ref()))
        .collect()
}

fn tree(node: &TreeNode, depth: usize) -> JsValue {
    let object = Object::new();
    set(&object, "pid", node.pid.as_str());
    set(
        &object,
        "name",
        node.name
            .as_deref()
            .map_or(JsValue::NULL, JsValue::from_str),
    );
    set(&object, "keys", strings(&node.keys));
    set(&object, "module", node.module.as_str());
    set(&object, "kind", node.kind);
    let children: Array = if depth < MAX_DEPTH {
        node.children.iter().map(|c| tree(c, depth + 1)).collect()
    } else {
        Array::new()
    };
    set(&object, "children", children);
    set(&object, "mailbox", node.mailbox as f64);
    let restarts: Array = node
        .restarts
        .iter()
        .map(|&t| JsValue::from_f64(t as f64))
        .collect();
    set(&object, "restarts", restarts);
    let intensity = match node.intensity {
        Some((max_restarts, max_seconds)) => {
            let limits = Object::new();
            set(&limits, "maxRestarts", max_restarts);
            set(&limits, "maxSeconds", max_seconds as f64);
            limits.into()
        }
        None => JsValue::NULL,
    };
    set(&object, "intensity", intensity);
    object.into()
}

/// The whole picture: `{ time, nodes, links, inFlight, trees, log, names,
/// groups, shards }`.
pub(crate) fn snapshot(world: &World) -> JsValue {
    let cluster = view::cluster(world);
    let out = Object::new();
    set(&out, "time", ms(cluster.time));
    let nodes: Array = cluster
        .nodes
        .iter()
        .map(|n| {
            let object = Object::new();
            set(&object, "name", n.name.as_str());
            set(&object, "alive", n.alive);
            set(&object, "processes", n.processes as f64);
            set(&object, "peers", strings(&n.peers));
            JsValue::from(object)
        })
        .collect();
    set(&out, "nodes", nodes);
    let links: Array = cluster
        .links
        .iter()
        .map(|l| {
            let object = Object::new();
            set(&object, "a", &*l.a);
            set(&object, "b", &*l.b);
            set(&object, "state", l.state);
            set(&object, "lossy", l.lossy);
            set(&object, "latencyMs", l.latency_ms as f64);
            JsValue::from(object)
        })
        .collect();
    set(&out, "links", links);
    let in_flight: Array = cluster
        .in_flight
        .iter()
        .map(|f| {
            let object = Object::new();
            set(&object, "from", f.from.as_str());
            set(&object, "to", f.to.as_str());
            set(&object, "arrivesAt", ms(f.arrives_at));
            JsValue::from(object)
        })
        .collect();
    set(&out, "inFlight", in_flight);
    let trees = Object::new();
    for (index, node) in cluster.nodes.iter().enumerate() {
        let Ok(id) = index.try_into() else { break };
        let roots: Array = view::trees(world, id).iter().map(|t| tree(t, 0)).collect();
        set(&trees, &node.name, roots);
    }
    set(&out, "trees", trees);
    let log: Array = view::log_tail(world, LOG_LINES)
        .iter()
        .map(|line| {
            let object = Object::new();
            set(&object, "time", ms(line.time));
            set(&object, "kind", line.kind);
            set(&object, "text", &*line.text);
            JsValue::from(object)
        })
        .collect();
    set(&out, "log", log);
    let names = view::names(world);
    let rows = |pg: bool| -> Array {
        names
            .rows
            .iter()
            .filter(|r| (r.table == "pg") == pg)
            .map(|r| {
                let object = Object::new();
                set(&object, "table", r.table);
                set(&object, "key", r.key.as_str());
                let cells = Object::new();
                for (node, cell) in names.nodes.iter().zip(&r.cells) {
                    let value = cell.as_deref().map_or(JsValue::NULL, JsValue::from);
                    set(&cells, node, value);
                }
                set(&object, "cells", cells);
                set(&object, "divergent", r.divergent);
                JsValue::from(object)
            })
            .collect()
    };
    set(&out, "names", rows(false));
    set(&out, "groups", rows(true));
    let fleet = crate::ui::state::shards_view(world);
    let shards = Object::new();
    set(&shards, "k", fleet.k as f64);
    let counts: Array = fleet
        .counts
        .iter()
        .map(|c| {
            let object = Object::new();
            set(&object, "shard", c.shard as f64);
            set(&object, "node", c.node.as_str());
            set(&object, "keys", c.keys as f64);
            JsValue::from(object)
        })
        .collect();
    set(&shards, "counts", counts);
    set(&out, "shards", shards);
    out.into()
}
