//! Where the trace keeps its events: fixed-size chunks behind [`Rc`]s.
//!
//! A snapshot of the world (the session takes one every so many events, to
//! make seeking cheap) copies the chunk pointers, not a hundred thousand
//! events; only the chunk being filled is copied, once, on the next record.
//! Dropping the oldest events (a trace limit) drops whole chunks.

use super::TraceEvent;
use std::rc::Rc;

/// Events per chunk.
pub(crate) const CHUNK: usize = 1024;

/// The kept events, oldest first: every chunk but the last holds exactly
/// `chunk` events, so event `i` is found by division.
#[derive(Clone, Debug)]
pub(crate) struct Store {
    chunks: Vec<Rc<Vec<TraceEvent>>>,
    len: usize,
    chunk: usize,
}

impl Default for Store {
    fn default() -> Self {
        Store::with_chunk(CHUNK)
    }
}

impl Store {
    /// A store of chunks of `chunk` events (small ones in tests).
    pub(crate) fn with_chunk(chunk: usize) -> Store {
        Store {
            chunks: Vec::new(),
            len: 0,
            chunk: chunk.max(1),
        }
    }

    pub(crate) fn push(&mut self, event: TraceEvent) {
        match self.chunks.last_mut() {
            Some(last) if last.len() < self.chunk => Rc::make_mut(last).push(event),
            _ => {
                let mut fresh = Vec::with_capacity(self.chunk);
                fresh.push(event);
                self.chunks.push(Rc::new(fresh));
            }
        }
        self.len += 1;
    }

    /// Drops the oldest chunks while at least `keep` events would remain;
    /// returns how many events went.
    pub(crate) fn drop_oldest(&mut self, keep: usize) -> usize {
        let mut whole = 0;
        while whole + 1 < self.chunks.len() && self.len - (whole + 1) * self.chunk >= keep {
            whole += 1;
        }
        self.chunks.drain(..whole);
        self.len -= whole * self.chunk;
        whole * self.chunk
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Events per chunk: the most a limit lets the trace run over it.
    pub(crate) fn chunk(&self) -> usize {
        self.chunk
    }

    pub(crate) fn events(&self) -> TraceEvents<'_> {
        TraceEvents {
            store: self,
            start: 0,
            end: self.len,
        }
    }
}

/// A run of kept trace events, oldest first: what
/// [`crate::kernel::World::trace`] gives. Read with `get`, `range` and
/// `iter` (no panicking `[i]`).
#[derive(Clone, Copy, Debug)]
pub struct TraceEvents<'a> {
    store: &'a Store,
    start: usize,
    end: usize,
}

impl<'a> TraceEvents<'a> {
    /// How many events.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The event at `i`.
    pub fn get(&self, i: usize) -> Option<&'a TraceEvent> {
        if i >= self.len() {
            return None;
        }
        let at = self.start + i;
        let store = self.store;
        store.chunks.get(at / store.chunk)?.get(at % store.chunk)
    }

    /// The oldest event.
    pub fn first(&self) -> Option<&'a TraceEvent> {
        self.get(0)
    }

    /// The newest event.
    pub fn last(&self) -> Option<&'a TraceEvent> {
        self.get(self.len().checked_sub(1)?)
    }

    /// The events from `from` (clamped) to the end.
    pub fn from(&self, from: usize) -> TraceEvents<'a> {
        self.range(from, self.len())
    }

    /// The events from `from` up to, not including, `to` (both clamped).
    pub fn range(&self, from: usize, to: usize) -> TraceEvents<'a> {
        let end = self.start + to.min(self.len());
        TraceEvents {
            store: self.store,
            start: (self.start + from).min(end),
            end,
        }
    }

    /// The events, oldest first.
    pub fn iter(&self) -> Iter<'a> {
        Iter {
            events: *self,
            front: 0,
            back: self.len(),
        }
    }
}

impl<'a> IntoIterator for TraceEvents<'a> {
    type Item = &'a TraceEvent;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// An iterator over [`TraceEvents`], both ways.
#[derive(Clone, Debug)]
pub struct Iter<'a> {
    events: TraceEvents<'a>,
    front: usize,
    back: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a TraceEvent;

    fn next(&mut self) -> Option<&'a TraceEvent> {
        if self.front == self.back {
            return None;
        }
        self.front += 1;
        self.events.get(self.front - 1)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }

    fn nth(&mut self, n: usize) -> Option<&'a TraceEvent> {
        self.front = self.front.saturating_add(n).min(self.back);
        self.next()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front == self.back {
            return None;
        }
        self.back -= 1;
        self.events.get(self.back)
    }
}

impl ExactSizeIterator for Iter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::TraceKind;

    fn event(i: u64) -> TraceEvent {
        TraceEvent {
            time: i,
            kind: TraceKind::Console {
                line: i.to_string(),
            },
            cause: 0,
        }
    }

    #[test]
    fn indexes_slices_and_iterates_across_chunks() {
        let mut store = Store::with_chunk(4);
        for i in 0..11 {
            store.push(event(i));
        }
        let all = store.events();
        assert_eq!(all.len(), 11);
        assert_eq!(all.get(9).map(|e| e.time), Some(9));
        let times = |e: TraceEvents<'_>| e.iter().map(|e| e.time).collect::<Vec<_>>();
        assert_eq!(times(all.from(7)), [7, 8, 9, 10]);
        assert_eq!(times(all.range(2, 6).from(1)), [3, 4, 5]);
        assert_eq!(all.iter().rev().nth(1).map(|e| e.time), Some(9));
        assert_eq!(all.iter().rposition(|e| e.time == 4), Some(4));
        assert!(all.from(99).is_empty());
    }

    #[test]
    fn a_copy_shares_the_full_chunks_and_each_side_then_goes_its_own_way() {
        let mut store = Store::with_chunk(4);
        for i in 0..6 {
            store.push(event(i));
        }
        let mut copy = store.clone();
        assert!(Rc::ptr_eq(&store.chunks[0], &copy.chunks[0]));
        copy.push(event(100));
        store.push(event(6));
        assert_eq!(copy.events().get(6).map(|e| e.time), Some(100));
        assert_eq!(store.events().get(6).map(|e| e.time), Some(6));
        assert!(Rc::ptr_eq(&store.chunks[0], &copy.chunks[0]));
    }

    #[test]
    fn dropping_the_oldest_keeps_at_least_what_was_asked() {
        let mut store = Store::with_chunk(4);
        for i in 0..14 {
            store.push(event(i));
        }
        assert_eq!(store.drop_oldest(5), 8);
        assert_eq!(store.len(), 6);
        assert_eq!(store.events().first().map(|e| e.time), Some(8));
        assert_eq!(store.drop_oldest(5), 0, "a chunk more would leave 2");
    }
}
