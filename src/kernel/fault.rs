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

/// Faults waiting for their time, by the index their event carries.
#[derive(Clone, Debug, Default)]
pub(crate) struct Faults {
    handler: Option<FaultHandler>,
    /// Taken out as each one fires; the slot stays so indexes hold.
    pending: Vec<Option<Term>>,
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
        self.faults.pending.push(Some(fault));
        let at = at.max(self.now);
        self.queue.push(self.cause, at, Event::Fault { index });
    }

    /// How many scheduled faults have not fired yet.
    pub fn faults_pending(&self) -> usize {
        self.faults.pending.iter().flatten().count()
    }

    pub(crate) fn fire_fault(&mut self, index: u32) {
        let Some(fault) = self
            .faults
            .pending
            .get_mut(index as usize)
            .and_then(Option::take)
        else {
            return;
        };
        self.record(TraceKind::Fault {
            fault: inspect_brief(&fault),
        });
        if let Some(handler) = self.faults.handler {
            handler(self, &fault);
        }
        // Every fault has fired: the schedule's memory goes with it.
        if self.faults.pending.iter().all(Option::is_none) {
            self.faults.pending.clear();
        }
    }
}
