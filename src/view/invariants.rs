//! The live invariants (`Sim.invariant/2`) as the time track draws them and
//! the JS API's snapshot hands them out: one row per watched invariant,
//! with the spans of virtual time it was red, built from the world's
//! changes of colour.

use super::ms;
use crate::kernel::{Time, World};
use serde::{Serialize, Serializer};
use std::rc::Rc;
use ts_rs::TS;

/// One invariant on the track.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InvariantTrack {
    /// Its name.
    pub name: Rc<str>,
    /// True while it is red.
    pub red: bool,
    /// When it first broke and why: where the page jumps to. Null if it
    /// never did.
    pub first_broke: Option<Broke>,
    /// Each red span, oldest first.
    pub spans: Vec<RedSpan>,
}

/// When an invariant first broke, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Broke {
    /// Virtual time: µs in Rust, milliseconds in JS.
    #[serde(serialize_with = "ms")]
    #[ts(type = "number")]
    pub time: Time,
    /// What the check said.
    pub why: Rc<str>,
}

/// A stretch of virtual time an invariant was red.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
pub struct RedSpan {
    /// When it broke: µs in Rust, milliseconds in JS.
    #[serde(serialize_with = "ms")]
    #[ts(type = "number")]
    pub from: Time,
    /// When it held again; null while it is still red.
    #[serde(serialize_with = "opt_ms")]
    #[ts(type = "number | null")]
    pub until: Option<Time>,
}

/// Serializes an optional virtual µs as JS milliseconds or null.
fn opt_ms<S: Serializer>(us: &Option<Time>, s: S) -> Result<S::Ok, S::Error> {
    match us {
        Some(us) => ms(us, s),
        None => s.serialize_none(),
    }
}

/// Every watched invariant, in the order they were added.
pub fn invariants(world: &World) -> Vec<InvariantTrack> {
    let marks = world.invariant_marks();
    world
        .invariants()
        .into_iter()
        .map(|status| {
            let mut spans: Vec<RedSpan> = Vec::new();
            for m in marks.iter().filter(|m| m.name == status.name) {
                match (m.holds, spans.last_mut()) {
                    (true, Some(span)) if span.until.is_none() => span.until = Some(m.time),
                    (false, _) => spans.push(RedSpan {
                        from: m.time,
                        until: None,
                    }),
                    _ => {}
                }
            }
            InvariantTrack {
                name: status.name,
                red: status.red,
                first_broke: status.first_broke.map(|(time, why)| Broke { time, why }),
                spans,
            }
        })
        .collect()
}
