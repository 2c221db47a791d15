//! The event queue: what happens next, in a platform-independent order.
//!
//! Events are ordered by virtual time, then by the sequence number they were
//! scheduled with. Two sends at the same instant are therefore delivered in the
//! order they were made, which is also what keeps per-pair message order.
//!
//! Most events are scheduled for the very instant being processed (local
//! sends); those skip the heap and wait in a FIFO lane, which pops in the
//! same `(time, sequence)` order for a fraction of the cost.

use super::Time;
use crate::term::{Pid, Term};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Something that will happen at a virtual time.
#[derive(Clone, Debug)]
pub enum Event {
    /// A message arrives in `to`'s mailbox.
    Deliver {
        /// Sender.
        from: Pid,
        /// Receiver.
        to: Pid,
        /// The message.
        msg: Term,
    },
    /// An exit signal from `from` reaches `to`.
    Exit {
        /// The process the signal is from (the dying one, or the caller of `Process.exit/2`).
        from: Pid,
        /// Receiver.
        to: Pid,
        /// The exit reason.
        reason: Term,
        /// True when the signal comes from a link (the sender died), false for `Process.exit/2`.
        linked: bool,
    },
    /// `to` has messages waiting and is free to handle the next one.
    Run {
        /// The process to run.
        to: Pid,
    },
    /// A `send_after` timer fires.
    Timer {
        /// The timer's reference id.
        id: u64,
    },
    /// The net tick time after a cut has passed: if the pair is still cut,
    /// its connection goes down.
    NetTick {
        /// One node of the pair.
        a: u32,
        /// The other.
        b: u32,
    },
}

/// An event with the time it is due and its tie-breaking sequence number.
#[derive(Debug)]
struct Scheduled {
    at: Time,
    seq: u64,
    event: Event,
}

impl PartialEq for Scheduled {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for Scheduled {}
impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Scheduled {
    /// Reversed, so the std max-heap pops the earliest event first.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
}

/// A min-queue of events by `(time, sequence)`.
#[derive(Debug, Default)]
pub(crate) struct EventQueue {
    heap: BinaryHeap<Scheduled>,
    /// Events pushed for the time of the last pop, in sequence order.
    lane: std::collections::VecDeque<Scheduled>,
    /// Time of the last popped event.
    now: Time,
    next_seq: u64,
}

impl EventQueue {
    /// Schedules `event` at `at`; later calls at the same time come out later.
    pub(crate) fn push(&mut self, at: Time, event: Event) {
        let seq = self.next_seq;
        self.next_seq += 1;
        let s = Scheduled { at, seq, event };
        if at == self.now {
            self.lane.push_back(s);
        } else {
            self.heap.push(s);
        }
    }

    fn heap_first(&self) -> bool {
        match (self.heap.peek(), self.lane.front()) {
            (Some(h), Some(l)) => (h.at, h.seq) < (l.at, l.seq),
            (Some(_), None) => true,
            _ => false,
        }
    }

    /// The time of the next event, if any.
    pub(crate) fn peek_time(&self) -> Option<Time> {
        if self.heap_first() {
            self.heap.peek().map(|s| s.at)
        } else {
            self.lane.front().map(|s| s.at)
        }
    }

    /// Removes and returns the next event.
    pub(crate) fn pop(&mut self) -> Option<(Time, Event)> {
        let s = if self.heap_first() {
            self.heap.pop()
        } else {
            self.lane.pop_front()
        }?;
        self.now = s.at;
        Some((s.at, s.event))
    }

    /// How many events are waiting.
    pub(crate) fn len(&self) -> usize {
        self.heap.len() + self.lane.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(q: &mut EventQueue) -> Vec<u64> {
        std::iter::from_fn(|| q.pop())
            .map(|(_, e)| match e {
                Event::Timer { id } => id,
                _ => 0,
            })
            .collect()
    }

    #[test]
    fn same_time_pushes_keep_order_with_earlier_ones() {
        let mut q = EventQueue::default();
        q.push(10, Event::Timer { id: 1 });
        q.push(10, Event::Timer { id: 2 });
        q.push(20, Event::Timer { id: 9 });
        assert_eq!(q.pop().map(|(t, _)| t), Some(10));
        // Pushed at the current time: after id 2, which was queued earlier.
        q.push(10, Event::Timer { id: 3 });
        q.push(10, Event::Timer { id: 4 });
        assert_eq!(ids(&mut q), vec![2, 3, 4, 9]);
    }

    #[test]
    fn ties_break_by_insertion_order() {
        let mut q = EventQueue::default();
        for id in [3, 1, 2] {
            q.push(10, Event::Timer { id });
        }
        q.push(5, Event::Timer { id: 9 });
        assert_eq!(ids(&mut q), vec![9, 3, 1, 2]);
    }
}
