//! The upper bound: the same work as bare loops over std collections.

use crate::{Run, Timer};
use otpsim::term::{Pid, Term};
use std::collections::{BTreeMap, VecDeque};
use std::hint::black_box;

/// Ping-pong through one `VecDeque` run queue.
pub fn ping_pong(deliveries: u64) -> Run {
    let replies = deliveries.saturating_sub(1) / 2;
    let mut left = [replies; 2];
    let mut handled = [0u64; 2];
    let mut queue: VecDeque<(usize, i64)> = VecDeque::new();
    let timer = Timer::start();
    queue.push_back((0, 0));
    while let Some((to, n)) = queue.pop_front() {
        handled[to] += 1;
        if left[to] > 0 {
            left[to] -= 1;
            queue.push_back((1 - to, black_box(n) + 1));
        }
    }
    let timed = timer.stop(0);
    let done = handled[0] + handled[1];
    assert_eq!(done, 1 + 2 * replies);
    Run { ops: done, ..timed }
}

/// 1 → `n` fan-out through one `VecDeque`, `rounds` times.
pub fn fan_out(n: usize, rounds: u64) -> Run {
    let mut handled = vec![0u64; n];
    let mut queue: VecDeque<(usize, i64)> = VecDeque::new();
    let timer = Timer::start();
    for _ in 0..rounds {
        for to in 0..n {
            queue.push_back((to, 1));
        }
        while let Some((to, m)) = queue.pop_front() {
            handled[to] += black_box(m) as u64;
        }
    }
    let timed = timer.stop(0);
    let done: u64 = handled.iter().sum();
    assert_eq!(done, n as u64 * rounds);
    Run { ops: done, ..timed }
}

/// A process record of the bare minimum: an id, a mailbox, a counter.
pub struct RawProcess {
    /// Its number.
    pub id: u32,
    /// Its mailbox.
    pub mailbox: VecDeque<i64>,
    /// Messages handled.
    pub handled: u64,
}

/// Pushes `count` boxed process records into `table`.
pub fn spawn_into(table: &mut Vec<Box<RawProcess>>, count: u64) {
    for _ in 0..count {
        let id = table.len() as u32;
        table.push(Box::new(RawProcess {
            id,
            mailbox: VecDeque::new(),
            handled: 0,
        }));
    }
}

/// `count` boxed process records pushed into a table.
pub fn spawn(count: u64) -> Run {
    let mut table = Vec::new();
    let timer = Timer::start();
    spawn_into(&mut table, count);
    let timed = timer.stop(0);
    drop(black_box(table));
    Run {
        ops: count,
        ..timed
    }
}

/// `BTreeMap<Term, (Pid, Term)>` insert then get, same keys as otpsim's.
pub fn registry(ops: u64) -> Run {
    let keys: Vec<Term> = (0..ops as i64).map(Term::Int).collect();
    let value = Term::nil();
    let mut map: BTreeMap<Term, (Pid, Term)> = BTreeMap::new();
    let timer = Timer::start();
    for (i, key) in keys.iter().enumerate() {
        let pid = Pid {
            node: 0,
            id: 100 + i as u32,
            serial: 0,
        };
        map.insert(key.clone(), (pid, value.clone()));
        black_box(map.get(key));
    }
    let timed = timer.stop(0);
    assert_eq!(map.len() as u64, ops);
    drop(black_box(map));
    Run { ops, ..timed }
}
