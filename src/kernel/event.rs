//! The event queue: what happens next, in a platform-independent order.
//!
//! Events are ordered by virtual time, then by the sequence number they were
//! scheduled with. Two sends at the same instant are therefore delivered in the
//! order they were made, which is also what keeps per-pair message order.
//!
//! Events for the same instant wait in one FIFO bucket: local sends land on
//! the instant being processed, and a broadcast lands hundreds of packets on
//! the same future instant, so buckets are few and cheap to find.

use super::{Cause, Time};
use crate::term::{Pid, Term};
use rustc_hash::FxHashMap;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

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
    /// A monitor's `:DOWN` message reaches its watcher, unless the watcher
    /// has demonitored since.
    Down {
        /// The process that died.
        from: Pid,
        /// The watcher.
        to: Pid,
        /// The monitor.
        r: crate::term::Ref,
        /// `{:DOWN, ref, :process, pid, reason}`.
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
    /// A UDP heartbeat naming `sender` reaches sockets that drop the
    /// heartbeats of their node's peers, in order, as if each had its own
    /// event: whether it is read is decided on arrival (see
    /// `datagram.rs`). The sockets are those one broadcast reaches at the
    /// same instant: a forming mesh of a thousand nodes is a million
    /// heartbeats, nearly all dropped on arrival, and one entry each cost
    /// more than the drop.
    Heartbeat {
        /// Sender.
        from: Pid,
        /// The sockets' owners.
        to: std::rc::Rc<[Pid]>,
        /// `{:udp, socket, ip, port, payload}`.
        msg: Term,
        /// The node the heartbeat names.
        sender: u32,
    },
    /// The same message reaches every process in `to`, in order, as if
    /// each had its own `Deliver`: `{:nodeup, node}` for a node's
    /// `monitor_nodes` subscribers. A mesh forming is a million of these,
    /// so they share one entry and one list (taken when the event happened).
    DeliverAll {
        /// The receivers.
        to: std::rc::Rc<[Pid]>,
        /// The message.
        msg: Term,
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
    /// A process waiting in `receive ... after` reaches its timeout.
    Wake {
        /// The waiting process.
        pid: Pid,
    },
    /// The net tick time since `node` was paused has passed (see `pause.rs`).
    PauseTick {
        /// The paused node.
        node: u32,
    },
    /// A paused node's pause ends (see `pause.rs`).
    Resume {
        /// The node.
        node: u32,
    },
    /// A scheduled fault's time has come (see `fault.rs`).
    Fault {
        /// Its index in the world's schedule.
        index: u32,
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

/// A queue of events by `(time, sequence)`: one FIFO bucket per distinct
/// time. Pushes to a time always carry a larger sequence number than the
/// ones already there, so each bucket stays in sequence order without
/// sorting. A push to a pending time is one hash lookup; only a new time
/// goes into the heap of distinct pending times, far fewer than the events
/// when a broadcast lands hundreds of packets at the same instant. (The
/// hash map is never iterated in its own order, so none leaks.)
///
/// The bucket being worked through (the current instant) is held apart, so
/// the commonest push of all — a local send, due now — is a plain append.
/// Nothing is ever scheduled before the current instant, so it always comes
/// out first.
#[derive(Clone, Debug, Default)]
pub(crate) struct EventQueue {
    /// The instant being worked through, and what is left of it.
    front_time: Time,
    front: Bucket,
    /// Later instants, and the heap of their times, earliest on top.
    buckets: FxHashMap<Time, Bucket>,
    times: BinaryHeap<Reverse<Time>>,
    len: usize,
    /// Emptied chunks and buckets kept for reuse, so steady traffic does
    /// not allocate.
    spare: Spare,
}

/// One waiting event and the cause it works for.
type Entry = (Event, Cause);

/// How many events a chunk holds.
const CHUNK: usize = 1024;

/// The most emptied chunks kept for reuse (about 48 MiB of events).
const SPARE_CHUNKS: usize = 1024;

/// The events of one instant, in order, in fixed-size chunks. A forming
/// mesh of a thousand nodes queues millions of events on a few instants:
/// one growing array would be copied into a fresh one twice its size at
/// every doubling, touching new memory each time, where chunks are filled
/// in place and the ones emptied at the front are filled again at the back.
#[derive(Clone, Debug, Default)]
struct Bucket {
    chunks: VecDeque<VecDeque<Entry>>,
}

/// Emptied chunks, and emptied buckets' chunk lists.
#[derive(Clone, Debug, Default)]
struct Spare {
    chunks: Vec<VecDeque<Entry>>,
    buckets: Vec<Bucket>,
}

impl Spare {
    fn chunk(&mut self) -> VecDeque<Entry> {
        self.chunks
            .pop()
            .unwrap_or_else(|| VecDeque::with_capacity(CHUNK))
    }

    fn keep(&mut self, chunk: VecDeque<Entry>) {
        if self.chunks.len() < SPARE_CHUNKS && chunk.capacity() >= CHUNK {
            self.chunks.push(chunk);
        }
    }
}

impl Bucket {
    fn is_empty(&self) -> bool {
        self.chunks.front().is_none_or(|c| c.is_empty())
    }

    fn push(&mut self, entry: Entry, spare: &mut Spare) {
        match self.chunks.back_mut() {
            Some(chunk) if chunk.len() < CHUNK => chunk.push_back(entry),
            _ => {
                let mut chunk = spare.chunk();
                chunk.push_back(entry);
                self.chunks.push_back(chunk);
            }
        }
    }

    fn pop(&mut self, spare: &mut Spare) -> Option<Entry> {
        let chunk = self.chunks.front_mut()?;
        let entry = chunk.pop_front();
        if chunk.is_empty() && self.chunks.len() > 1 {
            if let Some(done) = self.chunks.pop_front() {
                spare.keep(done);
            }
        }
        entry
    }

    fn get(&self, mut n: usize) -> Option<&Entry> {
        for chunk in &self.chunks {
            if n < chunk.len() {
                return chunk.get(n);
            }
            n -= chunk.len();
        }
        None
    }

    fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.chunks.iter().flatten()
    }

    /// Gives its (empty) chunks back and keeps the list for reuse.
    fn recycle(mut self, spare: &mut Spare) {
        for chunk in self.chunks.drain(..) {
            spare.keep(chunk);
        }
        if spare.buckets.len() < 64 {
            spare.buckets.push(self);
        }
    }
}

impl EventQueue {
    /// Schedules `event` at `at`, on behalf of `cause` (it comes out with
    /// it); later calls at the same time come out later.
    pub(crate) fn push(&mut self, cause: Cause, at: Time, event: Event) {
        let entry = (event, cause);
        self.len += 1;
        if at == self.front_time && (!self.front.is_empty() || !self.buckets.contains_key(&at)) {
            self.front.push(entry, &mut self.spare);
            return;
        }
        if let Some(bucket) = self.buckets.get_mut(&at) {
            bucket.push(entry, &mut self.spare);
            return;
        }
        let mut bucket = self.spare.buckets.pop().unwrap_or_default();
        bucket.push(entry, &mut self.spare);
        self.buckets.insert(at, bucket);
        self.times.push(Reverse(at));
    }

    /// The time of the next event, if any.
    pub(crate) fn peek_time(&self) -> Option<Time> {
        if self.front.is_empty() {
            self.times.peek().map(|Reverse(t)| *t)
        } else {
            Some(self.front_time)
        }
    }

    /// Removes and returns the next event.
    pub(crate) fn pop(&mut self) -> Option<(Time, Event, Cause)> {
        if self.front.is_empty() {
            let Reverse(at) = self.times.pop()?;
            let bucket = self.buckets.remove(&at)?;
            let done = std::mem::replace(&mut self.front, bucket);
            done.recycle(&mut self.spare);
            self.front_time = at;
        }
        let (event, cause) = self.front.pop(&mut self.spare)?;
        self.len -= 1;
        Some((self.front_time, event, cause))
    }

    /// The `n`th next event of the current instant (see `prefetch.rs`).
    pub(crate) fn event_at(&self, n: usize) -> Option<&Event> {
        self.front.get(n).map(|(event, _)| event)
    }

    /// How many events are waiting.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Every waiting event with its time, earliest first (for views).
    pub(crate) fn iter(&self) -> impl Iterator<Item = (Time, &Event)> {
        let front_time = self.front_time;
        let mut later: Vec<Time> = self.buckets.keys().copied().collect();
        later.sort_unstable();
        self.front
            .iter()
            .map(move |(e, _)| (front_time, e))
            .chain(later.into_iter().flat_map(move |t| {
                self.buckets
                    .get(&t)
                    .into_iter()
                    .flat_map(move |b| b.iter().map(move |(e, _)| (t, e)))
            }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(q: &mut EventQueue) -> Vec<u64> {
        std::iter::from_fn(|| q.pop())
            .map(|(_, e, _)| match e {
                Event::Timer { id } => id,
                _ => 0,
            })
            .collect()
    }

    #[test]
    fn same_time_pushes_keep_order_with_earlier_ones() {
        let mut q = EventQueue::default();
        q.push(0, 10, Event::Timer { id: 1 });
        q.push(0, 10, Event::Timer { id: 2 });
        q.push(0, 20, Event::Timer { id: 9 });
        assert_eq!(q.pop().map(|(t, _, _)| t), Some(10));
        // Pushed at the current time: after id 2, which was queued earlier.
        q.push(0, 10, Event::Timer { id: 3 });
        q.push(0, 10, Event::Timer { id: 4 });
        assert_eq!(ids(&mut q), vec![2, 3, 4, 9]);
    }

    #[test]
    fn order_holds_across_chunks_and_instants() {
        let mut q = EventQueue::default();
        let n = 3 * CHUNK as u64 + 7;
        for id in 0..n {
            q.push(0, 10 + id % 2, Event::Timer { id });
        }
        // Half of them at the current instant, pushed while it is worked through.
        assert_eq!(q.pop().map(|(t, _, _)| t), Some(10));
        for id in n..2 * n {
            q.push(0, 10, Event::Timer { id });
        }
        assert_eq!(q.len() as u64, 2 * n - 1);
        assert!(matches!(q.event_at(CHUNK), Some(Event::Timer { .. })));
        let ids = ids(&mut q);
        let evens: Vec<u64> = (2..n).step_by(2).chain(n..2 * n).collect();
        let odds: Vec<u64> = (1..n).step_by(2).collect();
        assert_eq!(ids, [evens, odds].concat());
        assert_eq!(q.len(), 0);
    }

    #[test]
    fn ties_break_by_insertion_order() {
        let mut q = EventQueue::default();
        for id in [3, 1, 2] {
            q.push(0, 10, Event::Timer { id });
        }
        q.push(0, 5, Event::Timer { id: 9 });
        assert_eq!(ids(&mut q), vec![9, 3, 1, 2]);
    }
}
