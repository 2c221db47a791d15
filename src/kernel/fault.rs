//! Scheduled faults (`Sim.nemesis/1`): a fault is data, a term the kernel
//! keeps until its time and then hands to the fault handler the cluster
//! layer installed, which knows what a partition or a node restart means.
//! The kernel only keeps the schedule, so faults land in the same event
//! order as everything else and replay exactly; each is traced as it fires.

use super::event::Event;
use super::world::World;
use super::{Time, TraceKind};
use crate::term::{inspect_brief, Term};
use std::rc::Rc;

/// Applies one fault when its time comes (the cluster layer's; see
/// [`World::set_fault_handler`]).
pub type FaultHandler = fn(&mut World, &Term);

/// Faults waiting for their time, by the index their event carries, and
/// the ones that fired (for the page's time track).
#[derive(Clone, Debug, Default)]
pub(crate) struct Faults {
    handler: Option<FaultHandler>,
    /// Taken out as each one fires; the slot stays so indexes hold.
    pending: Vec<Option<Scheduled>>,
    /// How many of `pending` have not fired.
    left: usize,
    /// When each fired and what it was, the newest [`FIRED_KEPT`].
    fired: std::collections::VecDeque<(Time, Rc<str>)>,
}

/// A fault waiting for its time, printed once when it is scheduled: the
/// page reads the marks every frame.
#[derive(Clone, Debug)]
struct Scheduled {
    at: Time,
    fault: Term,
    text: Rc<str>,
}

/// How many fired faults the world remembers for the time track.
pub const FIRED_KEPT: usize = 1_000;

/// A fault on the time track: when, what, and whether it has fired.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultMark {
    /// Virtual time (µs).
    pub time: Time,
    /// The fault, as it was scheduled.
    pub fault: Rc<str>,
    /// False while it is still to come.
    pub fired: bool,
}

impl World {
    /// Makes scheduled faults apply through `handler`.
    pub fn set_fault_handler(&mut self, handler: FaultHandler) {
        self.faults.handler = Some(handler);
    }

    /// Schedules `fault` for the virtual time `at` (not before now), on
    /// behalf of the current cause: it is traced as a `fault` event and
    /// then applied by the fault handler.
    pub fn schedule_fault(&mut self, at: Time, fault: Term) {
        let index = self.faults.pending.len() as u32;
        let at = at.max(self.now);
        let text = inspect_brief(&fault).into();
        self.faults
            .pending
            .push(Some(Scheduled { at, fault, text }));
        self.faults.left += 1;
        self.track_changes += 1;
        self.queue.push(self.cause, at, Event::Fault { index });
    }

    /// Every fault on the time track, fired and still to come, by time.
    pub fn fault_marks(&self) -> Vec<FaultMark> {
        let fired = self.faults.fired.iter().map(|(time, fault)| FaultMark {
            time: *time,
            fault: Rc::clone(fault),
            fired: true,
        });
        let to_come = self.faults.pending.iter().flatten().map(|s| FaultMark {
            time: s.at,
            fault: Rc::clone(&s.text),
            fired: false,
        });
        let mut marks: Vec<FaultMark> = fired.chain(to_come).collect();
        marks.sort_by_key(|m| m.time);
        marks
    }

    /// How many scheduled faults have not fired yet.
    pub fn faults_pending(&self) -> usize {
        self.faults.left
    }

    pub(crate) fn fire_fault(&mut self, index: u32) {
        let Some(Scheduled { fault, text, .. }) = self
            .faults
            .pending
            .get_mut(index as usize)
            .and_then(Option::take)
        else {
            return;
        };
        self.faults.left -= 1;
        self.track_changes += 1;
        if self.faults.fired.len() == FIRED_KEPT {
            self.faults.fired.pop_front();
        }
        self.faults.fired.push_back((self.now, Rc::clone(&text)));
        self.record(TraceKind::Fault {
            fault: text.to_string(),
        });
        if let Some(handler) = self.faults.handler {
            handler(self, &fault);
        }
        // Every fault has fired: the schedule's memory goes with it.
        if self.faults.left == 0 {
            self.faults.pending.clear();
        }
    }
}
