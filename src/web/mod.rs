//! The JS API: a [`Cluster`] class for pages that drive a simulated cluster
//! from JavaScript (wasm32 only). This is the only module with
//! `#[wasm_bindgen]` exports.
//!
//! ```js
//! const c = new Cluster({ seed: 1, nodes: 2 });
//! const log = (e) => console.log(e.text);
//! c.on("restart", log); // c.off("restart", log) stops it
//! c.eval("Fleet.start_users(1..3) |> length()"); // { ok: true, value: 3, text: "3", printed: [] }
//! c.run(1000);
//! c.snapshot().nodes.map((n) => n.name); // ["a@sim", "b@sim", "c@sim"]
//! c.seekTo(0);
//! c.free();
//! ```
//!
//! Every bad argument throws a JS `Error` with a message, never a wasm
//! panic, and the cluster stays usable afterwards. A line the console
//! rejects (a syntax error, a raise) is not a bad argument: `eval` returns
//! `{ ok: false, text: <the error> }`.

mod js;
mod widget;

pub use widget::{mount_widget, scenario_names, Widget};

use crate::console::session::Session;
use crate::console::Limits;
use crate::kernel::MS;
use crate::scenarios;
use crate::view::api::EvalResult;
use crate::view::term_value::MAX_SAFE_INTEGER;
use crate::view::{us_to_ms, EventKind, LogLine};
use js::to_js;
use js_sys::Function;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The data types (`EvalResult`, `ClusterSnapshot`, `TraceEventInfo`, ...),
/// generated from the Rust types that serialize them; see
/// [`crate::view::api::typescript`].
#[wasm_bindgen(typescript_custom_section)]
const TS_VIEWS: &'static str = include_str!("../../js/views.d.ts");

/// What only the JS API's inputs need (the data types are above).
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Options for `new Cluster(options)`; every field is optional. */
export interface ClusterOptions {
  /** RNG seed, an integer from 0 to 2^53 - 1. Default: the scenario's seed, else 0. */
  seed?: number;
  /** Nodes to add besides a@sim (b@sim, c@sim, ...), 0 to 25. Added after the scenario's lines. */
  nodes?: number;
  /** A built-in scenario whose script is run first (e.g. "fleet-bootstrap"). */
  scenario?: string;
}

/** Trace event kinds `cluster.on` accepts; "*" is every kind. */
export type TraceKindName = "*" | TraceKind;
"#;

/// Largest `ms` argument accepted by `run` and `seekTo`.
const MAX_MS: f64 = 1e12;

/// What `step` advances at most, in virtual µs.
const STEP_US: u64 = 100 * MS;

/// `run` stops after this many world events even when short of its target,
/// so one call on a busy world cannot freeze the page.
const RUN_EVENTS: u64 = 2_000_000;

/// Nodes `nodes` may add: b@sim to z@sim.
const MAX_NODES: f64 = 25.0;

/// A simulated cluster driven from JavaScript.
#[wasm_bindgen]
pub struct Cluster {
    /// Behind a `RefCell` so that methods take `&self`: a callback run by
    /// `on` may call back into the cluster (the state is not borrowed while
    /// callbacks run).
    inner: RefCell<Inner>,
}

struct Inner {
    session: Session,
    /// Trace events already handed to callbacks.
    seen: usize,
    /// Callbacks and the kind each wants (`None`: every kind, `"*"`).
    handlers: Vec<(Option<EventKind>, Function)>,
}

fn error(message: impl AsRef<str>) -> JsError {
    JsError::new(message.as_ref())
}

/// `typeof value`, with `null` told apart.
fn type_of(value: &JsValue) -> String {
    if value.is_null() {
        return "null".to_string();
    }
    value
        .js_typeof()
        .as_string()
        .unwrap_or_else(|| "unknown".to_string())
}

/// A number argument: finite, not negative, at most `max`.
fn number(value: &JsValue, what: &str, max: f64) -> Result<f64, JsError> {
    let Some(n) = value.as_f64() else {
        return Err(error(format!(
            "{what} must be a number, got {}",
            type_of(value)
        )));
    };
    if !n.is_finite() {
        return Err(error(format!("{what} must be a finite number, got {n}")));
    }
    if n < 0.0 {
        return Err(error(format!("{what} must not be negative, got {n}")));
    }
    if n > max {
        return Err(error(format!("{what} must be at most {max}, got {n}")));
    }
    Ok(n)
}

/// A whole-number argument from 0 to `max`.
fn integer(value: &JsValue, what: &str, max: f64) -> Result<u64, JsError> {
    let n = number(value, what, max)?;
    if n.fract() != 0.0 {
        return Err(error(format!("{what} must be a whole number, got {n}")));
    }
    Ok(n as u64)
}

/// Milliseconds (fractions allowed) to virtual µs.
fn micros(value: &JsValue, what: &str) -> Result<u64, JsError> {
    Ok((number(value, what, MAX_MS)? * MS as f64).round() as u64)
}

/// `options[key]`, or `undefined` when absent.
fn field(options: &JsValue, key: &str) -> Result<JsValue, JsError> {
    js_sys::Reflect::get(options, &JsValue::from_str(key))
        .map_err(|_| error(format!("could not read options.{key}")))
}

impl Inner {
    /// Evaluates `line`, turning a console error into a thrown one (for the
    /// constructor's own lines).
    fn must_eval(&mut self, line: &str) -> Result<(), JsError> {
        let out = self.session.eval(line);
        if out.ok {
            Ok(())
        } else {
            Err(error(format!("{line} failed: {}", out.full)))
        }
    }

    /// The callbacks due for the trace events since the last call, and the
    /// events' JS objects. Marks them seen.
    fn due(&mut self) -> Vec<(Function, JsValue)> {
        let world = self.session.console().world();
        let trace = world.trace();
        let total = world.trace_total();
        let first = total - trace.len();
        let new = trace.from(self.seen.saturating_sub(first));
        let mut calls = Vec::new();
        if !self.handlers.is_empty() {
            for event in new {
                let kind = EventKind::of(&event.kind);
                let mut object = None;
                for (want, callback) in &self.handlers {
                    if want.is_none_or(|w| w == kind) {
                        // A JS object per event, shared by its callbacks.
                        let object = match &object {
                            Some(object) => object,
                            None => match to_js(&LogLine::of(event)) {
                                Ok(value) => object.insert(value),
                                Err(_) => break,
                            },
                        };
                        calls.push((callback.clone(), object.clone()));
                    }
                }
            }
        }
        self.seen = total;
        calls
    }
}

/// The kinds `kind` names: `Some(None)` for `"*"` (every kind).
fn want(kind: &str) -> Option<Option<EventKind>> {
    if kind == "*" {
        Some(None)
    } else {
        EventKind::named(kind).map(Some)
    }
}

/// Calls each callback; one that throws is reported on the console (as a
/// DOM event listener's would be) and the rest still run.
fn deliver(calls: Vec<(Function, JsValue)>) {
    for (callback, event) in calls {
        if let Err(thrown) = callback.call1(&JsValue::UNDEFINED, &event) {
            web_sys::console::error_2(
                &JsValue::from_str("otpsim: a Cluster.on callback threw"),
                &thrown,
            );
        }
    }
}

#[wasm_bindgen]
impl Cluster {
    /// `new Cluster({ seed, nodes, scenario })`; see `ClusterOptions`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "ClusterOptions")] options: JsValue,
    ) -> Result<Cluster, JsError> {
        let (mut seed, mut nodes, mut scenario) = (None, 0, None);
        if !options.is_undefined() && !options.is_null() {
            if !options.is_object() || options.is_function() || js_sys::Array::is_array(&options) {
                return Err(error(format!(
                    "Cluster options must be an object like {{ seed: 1, nodes: 2, scenario: \"fleet-bootstrap\" }}, got {}",
                    type_of(&options)
                )));
            }
            let value = field(&options, "seed")?;
            if !value.is_undefined() {
                seed = Some(integer(&value, "options.seed", MAX_SAFE_INTEGER as f64)?);
            }
            let value = field(&options, "nodes")?;
            if !value.is_undefined() {
                nodes = integer(&value, "options.nodes", MAX_NODES)?;
            }
            let value = field(&options, "scenario")?;
            if !value.is_undefined() {
                let Some(name) = value.as_string() else {
                    return Err(error(format!(
                        "options.scenario must be a string, got {}",
                        type_of(&value)
                    )));
                };
                let Some(found) = scenarios::find(&name) else {
                    let known: Vec<&str> = scenarios::ALL.iter().map(|s| s.name).collect();
                    return Err(error(format!(
                        "unknown scenario {name:?}; the built-in scenarios are: {}",
                        known.join(", ")
                    )));
                };
                scenario = Some(found);
            }
        }
        let seed = seed.or(scenario.map(|s| s.seed)).unwrap_or(0);
        let mut inner = Inner {
            session: {
                let mut session = Session::new(seed);
                session.set_trace_limit(Some(crate::ui::state::TRACE_LIMIT));
                session
            },
            seen: 0,
            handlers: Vec::new(),
        };
        if let Some(scenario) = scenario {
            for chunk in scenario.lines() {
                inner.session.eval(&chunk);
            }
        }
        let mut letters = 'b'..='z';
        for _ in 0..nodes {
            let world = inner.session.console().world();
            let Some(name) = letters
                .by_ref()
                .map(|l| format!("{l}@sim"))
                .find(|n| world.node_id(n).is_none())
            else {
                return Err(error(
                    "options.nodes: no free node names left (b@sim to z@sim)",
                ));
            };
            inner.must_eval(&format!("Sim.add_node(:\"{name}\")"))?;
        }
        inner.seen = inner.session.console().world().trace_total();
        Ok(Cluster {
            inner: RefCell::new(inner),
        })
    }

    fn inner(&self) -> Result<std::cell::RefMut<'_, Inner>, JsError> {
        self.inner
            .try_borrow_mut()
            .map_err(|_| error("the Cluster is busy (called from inside its own call)"))
    }

    /// Evaluates console input, as iex reads it (a `defmodule` may span
    /// lines; several expressions run in turn): `{ ok, value, text,
    /// printed }` of the last one.
    #[wasm_bindgen(unchecked_return_type = "EvalResult")]
    pub fn eval(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] line: JsValue,
    ) -> Result<JsValue, JsError> {
        let Some(line) = line.as_string() else {
            return Err(error(format!(
                "eval expects a string, got {}",
                type_of(&line)
            )));
        };
        let limit = Limits::default().line_bytes;
        if line.len() > limit {
            return Err(error(format!(
                "the line is {} bytes; the limit is {limit}",
                line.len()
            )));
        }
        // Read as iex reads typed input: each complete expression runs in
        // turn; the result is the last one's, and what the others printed
        // and returned comes first in `printed`.
        let (out, earlier, calls) = {
            let mut inner = self.inner()?;
            let mut chunks = crate::console::Reader::chunks(&line);
            let last = chunks.pop().unwrap_or_default();
            let mut earlier = Vec::new();
            for chunk in chunks {
                let out = inner.session.eval(&chunk);
                earlier.extend(out.printed);
                earlier.push(out.full);
            }
            let out = inner.session.eval(&last);
            (out, earlier, inner.due())
        };
        let printed = earlier
            .iter()
            .chain(out.printed.iter())
            .map(String::as_str)
            .collect();
        let result = to_js(&EvalResult::new(
            out.ok,
            out.value.as_ref(),
            &out.full,
            printed,
        ));
        deliver(calls);
        result
    }

    /// Advances virtual time by `ms` milliseconds (0 to 1e12, fractions
    /// allowed). A very busy world stops early, after 2,000,000 events;
    /// returns the virtual time reached (ms).
    pub fn run(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] ms: JsValue,
    ) -> Result<f64, JsError> {
        let us = micros(&ms, "run(ms): ms")?;
        let (now, calls) = {
            let mut inner = self.inner()?;
            let start = inner.session.time();
            let target = start.saturating_add(us);
            let first = inner.session.console().world().events_run();
            while inner.session.time() < target {
                let before = inner.session.time();
                inner.session.advance_us(target - before);
                let ran = inner
                    .session
                    .console()
                    .world()
                    .events_run()
                    .saturating_sub(first);
                if inner.session.time() <= before || ran >= RUN_EVENTS {
                    break;
                }
            }
            (inner.session.time(), inner.due())
        };
        deliver(calls);
        Ok(us_to_ms(now))
    }

    /// Advances to the next event, or by 100 ms when none is due sooner;
    /// returns the virtual time reached (ms).
    pub fn step(&self) -> Result<f64, JsError> {
        let (now, calls) = {
            let mut inner = self.inner()?;
            let now = inner.session.time();
            let next = inner.session.console().world().next_event_time();
            let us = next.map_or(STEP_US, |t| t.saturating_sub(now).clamp(1, STEP_US));
            inner.session.advance_us(us);
            (inner.session.time(), inner.due())
        };
        deliver(calls);
        Ok(us_to_ms(now))
    }

    /// Virtual time in milliseconds.
    #[wasm_bindgen(getter)]
    pub fn time(&self) -> Result<f64, JsError> {
        let inner = self
            .inner
            .try_borrow()
            .map_err(|_| error("the Cluster is busy (called from inside its own call)"))?;
        Ok(us_to_ms(inner.session.time()))
    }

    /// `{ time, nodes, links, inFlight, trees, log, names, groups, shards,
    /// invariants }`; see `ClusterSnapshot`.
    #[wasm_bindgen(unchecked_return_type = "ClusterSnapshot")]
    pub fn snapshot(&self) -> Result<JsValue, JsError> {
        let inner = self
            .inner
            .try_borrow()
            .map_err(|_| error("the Cluster is busy (called from inside its own call)"))?;
        let world = inner.session.console().world();
        to_js(&crate::view::api::snapshot(world))
    }

    /// Calls `callback({ time, kind, text })` for every new trace event of
    /// `kind` (or of any kind for `"*"`), after each `eval`, `run`, `step`.
    pub fn on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TraceKindName")] kind: JsValue,
        #[wasm_bindgen(unchecked_param_type = "(event: TraceEventInfo) => void")] callback: JsValue,
    ) -> Result<(), JsError> {
        let Some(name) = kind.as_string() else {
            return Err(error(format!(
                "on(kind, callback): kind must be a string, got {}",
                type_of(&kind)
            )));
        };
        // `*` or one of the trace's kind names.
        let Some(kind) = want(&name) else {
            let all: Vec<&str> = std::iter::once("*")
                .chain(EventKind::ALL.iter().map(|k| k.as_str()))
                .collect();
            return Err(error(format!(
                "on(kind, callback): unknown kind {name:?}; the kinds are: {}",
                all.join(", ")
            )));
        };
        let Ok(callback) = callback.dyn_into::<Function>() else {
            return Err(error("on(kind, callback): callback must be a function"));
        };
        self.inner()?.handlers.push((kind, callback));
        Ok(())
    }

    /// Stops `callback` being called for `kind` (every callback of `kind`
    /// when `callback` is left out), undoing [`Cluster::on`]; true when
    /// one was registered.
    pub fn off(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TraceKindName")] kind: JsValue,
        #[wasm_bindgen(unchecked_param_type = "((event: TraceEventInfo) => void) | undefined")]
        callback: JsValue,
    ) -> Result<bool, JsError> {
        let Some(name) = kind.as_string() else {
            return Err(error(format!(
                "off(kind, callback): kind must be a string, got {}",
                type_of(&kind)
            )));
        };
        let mut inner = self.inner()?;
        // An unknown kind has no callbacks to stop.
        let Some(kind) = want(&name) else {
            return Ok(false);
        };
        let before = inner.handlers.len();
        inner.handlers.retain(|(k, f)| {
            *k != kind || !(callback.is_undefined() || js_sys::Object::is(f, &callback))
        });
        Ok(inner.handlers.len() != before)
    }

    /// Puts the world back (or forward, up to the latest input) to virtual
    /// time `ms`, by replaying; returns the time reached (ms). Events
    /// replayed on the way are not given to `on` callbacks again. A new
    /// `eval`, `run` or `step` after going back drops what came later.
    #[wasm_bindgen(js_name = seekTo)]
    pub fn seek_to(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] ms: JsValue,
    ) -> Result<f64, JsError> {
        let us = micros(&ms, "seekTo(ms): ms")?;
        let mut inner = self.inner()?;
        inner.session.seek(us);
        inner.seen = inner.session.console().world().trace_total();
        Ok(us_to_ms(inner.session.time()))
    }
}
