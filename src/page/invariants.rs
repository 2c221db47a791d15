//! The live invariants as the time track draws them: one row per watched
//! invariant (`Sim.invariant/2`), with the spans of virtual time it was
//! red, built from the world's changes of colour.

use crate::kernel::{Time, World};
use std::rc::Rc;

/// One invariant on the track.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvariantTrack {
    /// Its name.
    pub name: Rc<str>,
    /// True while it is red.
    pub red: bool,
    /// When it first broke (µs) and why: where the page jumps to.
    pub first_broke: Option<(Time, Rc<str>)>,
    /// Each red span, `(from, until)`; `until` is `None` while it lasts.
    pub spans: Vec<(Time, Option<Time>)>,
}

/// Every watched invariant, in the order they were added.
pub fn tracks(world: &World) -> Vec<InvariantTrack> {
    let marks = world.invariant_marks();
    world
        .invariants()
        .into_iter()
        .map(|status| {
            let mut spans: Vec<(Time, Option<Time>)> = Vec::new();
            for m in marks.iter().filter(|m| m.name == status.name) {
                match (m.holds, spans.last_mut()) {
                    (true, Some((_, until @ None))) => *until = Some(m.time),
                    (false, _) => spans.push((m.time, None)),
                    _ => {}
                }
            }
            InvariantTrack {
                name: status.name,
                red: status.red,
                first_broke: status.first_broke,
                spans,
            }
        })
        .collect()
}
