//! Reading ahead in the event queue: while one event is handled, the
//! memory the next ones will read is already on its way to the cache.
//!
//! A big cluster's events take turns across its nodes, so each finds its
//! process cold: at 1,000 nodes the last visit to a node was hundreds of
//! events ago, and the first loads of its process table slot and of the
//! process itself were most of what an event cost over a 50-node one.
//! A prefetch is only a hint: it changes no result, and where the
//! architecture has none (wasm) it is nothing.

use super::world::World;
use crate::term::{Pid, Term};

/// Asks the CPU to bring the cache line at `p` closer.
#[inline(always)]
fn hint<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never faults and has no effect the program can
    // see, whatever the address; SSE is part of every x86_64 target.
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Prefetches the first cache line of the heap block a term points to (a
/// tuple's elements, a list's first cell, a map's body): where a message's
/// tag and first fields are.
#[inline(always)]
pub fn prefetch_term(t: &Term) {
    match t {
        Term::Tuple(elements, _) => hint(elements.as_ptr()),
        Term::List(list) => {
            if let Some(cell) = &list.0 {
                hint(std::rc::Rc::as_ptr(cell));
            }
        }
        _ => {}
    }
}

/// How many events ahead the queue's own memory is prefetched: far enough
/// for the line to arrive before the three nearer reads below need it.
const QUEUE_AHEAD: usize = 8;

impl World {
    /// Prefetches for the three events after the one being handled, one
    /// step of the chain each: the process table slot of the third, the
    /// process of the second (its slot was prefetched an event ago), and
    /// the behaviour of the next (its process was).
    #[inline]
    pub(crate) fn prefetch_ahead(&self) {
        // The queue itself: an instant's events were written a million
        // events ago in a forming mesh, and are read once, in order.
        if let Some(event) = self.queue.event_at(QUEUE_AHEAD) {
            hint(event as *const super::event::Event);
        }
        if let Some(slot) = self.target_of(2).and_then(|pid| self.slot_of(pid)) {
            hint(slot);
        }
        if let Some(Some(process)) = self.target_of(1).and_then(|pid| self.slot_of(pid)) {
            hint(std::rc::Rc::as_ptr(process));
        }
        if let Some(Some(process)) = self.target_of(0).and_then(|pid| self.slot_of(pid)) {
            if let Some(behaviour) = process.behaviour.as_deref() {
                hint(behaviour as *const dyn super::process::Behaviour as *const u8);
            }
        }
    }
}

impl World {
    /// Prefetches the processes of a delivery to several (a node's
    /// `:nodeup` watchers): the first handles the message while the
    /// others come in.
    #[inline]
    pub(crate) fn prefetch_processes(&self, pids: &[Pid]) {
        for pid in pids {
            if let Some(Some(process)) = self.slot_of(*pid) {
                hint(std::rc::Rc::as_ptr(process));
            }
        }
    }

    /// The process the `n`th next event is for: named in the event, or
    /// (a timer) in the timer it fires.
    fn target_of(&self, n: usize) -> Option<Pid> {
        match self.queue.event_at(n)? {
            super::event::Event::Timer { id } => self.timer_target(*id),
            event => target(event),
        }
    }
}

/// The process an event is for, when the event names it.
pub(crate) fn target(event: &super::event::Event) -> Option<Pid> {
    use super::event::Event;
    match event {
        Event::Deliver { to, .. }
        | Event::Down { to, .. }
        | Event::Exit { to, .. }
        | Event::Run { to } => Some(*to),
        Event::DeliverAll { to, .. } | Event::Heartbeat { to, .. } => to.first().copied(),
        Event::Wake { pid } => Some(*pid),
        _ => None,
    }
}

impl super::process::Process {
    /// Prefetches the messages after the one at `index`: a server taking a
    /// burst of messages reads them in turn, and each was made by its
    /// sender long before, on another node, so it is cold by the time it
    /// is read. Two messages ahead the tuple comes in; one ahead (its
    /// tuple prefetched a message ago), the terms it holds, such as a
    /// cast's request.
    #[inline]
    pub(crate) fn prefetch_letters_after(&self, index: usize) {
        if let Some(later) = self.mailbox.get(index + 2) {
            prefetch_term(&later.msg);
        }
        match self.mailbox.get(index + 1).map(|l| &l.msg) {
            Some(Term::Tuple(elements, _)) => elements.iter().for_each(prefetch_term),
            Some(next) => prefetch_term(next),
            None => {}
        }
    }
}
