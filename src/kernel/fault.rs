//! Scheduled faults (`Sim.nemesis/1`): a fault is data, a term the kernel
//! keeps until its time and then hands to the fault handler the cluster
//! layer installed, which knows what a partition or a node restart means.
//! The kernel only keeps the schedule, so faults land in the same event
//! order as everything else and replay exactly; each is traced as it fires.

use super::event::Event;
use super::world::World;
use super::{Time, TraceKind};
use crate::term::{inspect_brief, Term};

/// Applies one fault when its time comes (the cluster layer's; see
/// [`World::set_fault_handler`]).
pub type FaultHandler = fn(&mut World, &Term);

/// Faults waiting for their time, by the index their event carries, and
/// the ones that fired (for the page's time track).
#[derive(Clone, Debug, Default)]
pub(crate) struct Faults {
    handler: Option<FaultHandler>,
    /// Taken out as each one fires; the slot stays so indexes hold.
    pending: Vec<Option<(Time, Term)>>,
    /// When each fired and what it was, the newest [`FIRED_KEPT`].
    fired: std::collections::VecDeque<(Time, String)>,
}

/// How many fired faults the world remembers for the time track.
pub const FIRED_KEPT: usize = 1_000;

/// A fault on the time track: when, what, and whether it has fired.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultMark {
    /// Virtual time (µs).
    pub time: Time,
    /// The fault, as it was scheduled.
    pub fault: String,
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
        self.faults.pending.push(Some((at, fault)));
        self.queue.push(self.cause, at, Event::Fault { index });
    }

    /// Every fault on the time track, fired and still to come, by time.
    pub fn fault_marks(&self) -> Vec<FaultMark> {
        let mut marks: Vec<FaultMark> = self
            .faults
            .fired
            .iter()
            .map(|(time, fault)| FaultMark {
                time: *time,
                fault: fault.clone(),
                fired: true,
            })
            .chain(
                self.faults
                    .pending
                    .iter()
                    .flatten()
                    .map(|(time, fault)| FaultMark {
                        time: *time,
                        fault: inspect_brief(fault),
                        fired: false,
                    }),
            )
            .collect();
        marks.sort_by_key(|m| m.time);
        marks
    }

    /// How many scheduled faults have not fired yet.
    pub fn faults_pending(&self) -> usize {
        self.faults.pending.iter().flatten().count()
    }

    pub(crate) fn fire_fault(&mut self, index: u32) {
        let Some((_, fault)) = self
            .faults
            .pending
            .get_mut(index as usize)
            .and_then(Option::take)
        else {
            return;
        };
        let text = inspect_brief(&fault);
        if self.faults.fired.len() == FIRED_KEPT {
            self.faults.fired.pop_front();
        }
        self.faults.fired.push_back((self.now, text.clone()));
        self.record(TraceKind::Fault { fault: text });
        if let Some(handler) = self.faults.handler {
            handler(self, &fault);
        }
        // Every fault has fired: the schedule's memory goes with it.
        if self.faults.pending.iter().all(Option::is_none) {
            self.faults.pending.clear();
        }
    }
}
