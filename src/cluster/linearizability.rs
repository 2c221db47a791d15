//! Is a key-value history linearizable? Every client operation on the
//! store is an interval, from when it was invoked to when it completed
//! (virtual time), and the history is linearizable when each operation can
//! be given one instant inside its interval so that, in instant order, the
//! operations make sense on a single copy of the store: each read returns
//! the last value written before it.
//!
//! The check is Wing and Gong's search with Lowe's memo: take, in turn,
//! each operation that may come next (no operation left to place
//! completed before it was invoked), apply it to the model, and go on;
//! back up when nothing fits; never explore the same set of placed
//! operations with the same stored value twice. A key's history is checked
//! on its own (linearizability is compositional), so a long history of
//! many keys costs the sum of small searches.
//!
//! An operation that never completed (its client crashed or timed out)
//! may take effect at any instant after its invocation, or never: a write
//! is kept for the search to place or leave out, and a read, whose answer
//! nobody saw, is dropped.
//!
//! When a key fails, [`check`] also gives a smallest failing part of its
//! history: operations are taken out one at a time as long as what is
//! left still fails, so every operation in what remains is needed.

use crate::kernel::Time;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;

/// What a client did to a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Wrote a value.
    Put(String),
    /// Read; the value it got (`None`: the key was absent).
    Get(Option<String>),
    /// Deleted the key.
    Delete,
}

/// One client operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Op {
    /// Who did it (operations of one client never overlap).
    pub client: u64,
    /// The key.
    pub key: String,
    /// What it did, with what it read.
    pub action: Action,
    /// When it was invoked.
    pub invoke: Time,
    /// When it completed; `None` if it never did.
    pub complete: Option<Time>,
}

/// The outcome of [`check`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every key's history is linearizable.
    Linearizable,
    /// This key's is not; `ops` is a smallest failing part of it, in
    /// invocation order.
    Violation {
        /// The key.
        key: String,
        /// The operations that cannot be ordered.
        ops: Vec<Op>,
    },
}

/// Histories of one key longer than this are reported whole when they
/// fail rather than shrunk (shrinking re-runs the search once per operation).
pub const SHRINK_LIMIT: usize = 400;

/// Checks `history`; keys are looked at in key order, and the first that
/// fails is reported.
pub fn check(history: &[Op]) -> Verdict {
    let mut by_key: BTreeMap<&str, Vec<Op>> = BTreeMap::new();
    for op in history {
        if op.complete.is_none() && matches!(op.action, Action::Get(_)) {
            continue; // a read nobody saw the answer of constrains nothing
        }
        by_key.entry(op.key.as_str()).or_default().push(op.clone());
    }
    for (key, mut ops) in by_key {
        ops.sort_by_key(|o| (o.invoke, o.complete.unwrap_or(Time::MAX)));
        if !linearizable(&ops) {
            return Verdict::Violation {
                key: key.to_string(),
                ops: shrink(ops),
            };
        }
    }
    Verdict::Linearizable
}

/// Takes operations out while what is left still fails, until none can
/// go. A write whose value a remaining read returns stays: without it the
/// read would fail alone, as a read of a value never written, which says
/// less than the writes it contradicts.
fn shrink(mut ops: Vec<Op>) -> Vec<Op> {
    if ops.len() > SHRINK_LIMIT {
        return ops;
    }
    loop {
        let before = ops.len();
        let mut i = ops.len();
        while i > 0 {
            i -= 1;
            let read_back = match &ops[i].action {
                Action::Put(v) => ops
                    .iter()
                    .any(|o| matches!(&o.action, Action::Get(Some(r)) if r == v)),
                _ => false,
            };
            if read_back {
                continue;
            }
            let removed = ops.remove(i);
            if linearizable(&ops) {
                ops.insert(i, removed);
            }
        }
        if ops.len() == before {
            return ops;
        }
    }
}

/// A 64-bit mix of `x` (splitmix64's finaliser): the per-operation keys of
/// the memo's set hashes, the same on every platform.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A value as a small number, the same for equal values; 0 is "absent".
fn value_id<'a>(ids: &mut FxHashMap<&'a str, u32>, v: Option<&'a str>) -> u32 {
    match v {
        None => 0,
        Some(s) => {
            let next = ids.len() as u32 + 1;
            *ids.entry(s).or_insert(next)
        }
    }
}

/// One step of the search: the value before it and the operation it placed.
struct Frame {
    value: u32,
    placed: usize,
}

/// Whether one key's history (sorted by invocation) is linearizable.
fn linearizable(ops: &[Op]) -> bool {
    let n = ops.len();
    // Values as small numbers; 0 is "absent".
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    // (the value it needs to see, the value it leaves)
    let mut effects: Vec<(Option<u32>, Option<u32>)> = Vec::with_capacity(n);
    for o in ops {
        effects.push(match &o.action {
            Action::Put(v) => (None, Some(value_id(&mut ids, Some(v)))),
            Action::Get(v) => (Some(value_id(&mut ids, v.as_deref())), None),
            Action::Delete => (None, Some(0)),
        });
    }
    let ret: Vec<Time> = ops
        .iter()
        .map(|o| o.complete.unwrap_or(Time::MAX))
        .collect();
    let mut by_return: Vec<usize> = (0..n).collect();
    by_return.sort_by_key(|&i| ret[i]);
    let must_place = ops.iter().filter(|o| o.complete.is_some()).count();
    let keys: Vec<(u64, u64)> = (0..n as u64)
        .map(|i| (mix(2 * i), mix(2 * i + 1)))
        .collect();

    let mut placed = vec![false; n];
    let mut placed_done = 0usize;
    let mut hash = (0u64, 0u64);
    let mut value = 0u32;
    let mut seen: FxHashSet<(u64, u64, u32)> = FxHashSet::default();
    let mut stack: Vec<Frame> = Vec::new();
    // Where the next search for a candidate starts (invocation order).
    let mut cursor = 0usize;
    loop {
        if placed_done == must_place {
            return true;
        }
        // The earliest completion among what is left bounds what may come next.
        let deadline = by_return
            .iter()
            .find(|&&i| !placed[i])
            .map_or(Time::MAX, |&i| ret[i]);
        let mut next = None;
        let mut i = cursor;
        while i < n && ops[i].invoke <= deadline {
            if !placed[i] {
                let (needs, leaves) = effects[i];
                if needs.is_none_or(|v| v == value) {
                    let after = leaves.unwrap_or(value);
                    let h = (hash.0 ^ keys[i].0, hash.1 ^ keys[i].1);
                    if seen.insert((h.0, h.1, after)) {
                        next = Some((i, after, h));
                        break;
                    }
                }
            }
            i += 1;
        }
        match next {
            Some((i, after, h)) => {
                stack.push(Frame { value, placed: i });
                placed[i] = true;
                if ops[i].complete.is_some() {
                    placed_done += 1;
                }
                value = after;
                hash = h;
                cursor = 0;
            }
            None => {
                // Nothing fits: undo the last step and try what follows it.
                let Some(frame) = stack.pop() else {
                    return false;
                };
                let i = frame.placed;
                placed[i] = false;
                if ops[i].complete.is_some() {
                    placed_done -= 1;
                }
                value = frame.value;
                hash = (hash.0 ^ keys[i].0, hash.1 ^ keys[i].1);
                cursor = i + 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(client: u64, action: Action, invoke: Time, complete: Option<Time>) -> Op {
        Op {
            client,
            key: "k".into(),
            action,
            invoke,
            complete,
        }
    }

    fn put(v: &str) -> Action {
        Action::Put(v.into())
    }

    fn get(v: Option<&str>) -> Action {
        Action::Get(v.map(str::to_string))
    }

    #[test]
    fn a_sequential_history_that_reads_its_writes_passes() {
        let h = vec![
            op(1, put("1"), 0, Some(10)),
            op(1, get(Some("1")), 20, Some(30)),
            op(2, Action::Delete, 40, Some(50)),
            op(2, get(None), 60, Some(70)),
        ];
        assert_eq!(check(&h), Verdict::Linearizable);
    }

    #[test]
    fn a_read_overlapping_a_write_may_see_either_value() {
        for seen in [None, Some("1")] {
            let h = vec![
                op(1, put("1"), 0, Some(100)),
                op(2, get(seen), 50, Some(60)),
            ];
            assert_eq!(check(&h), Verdict::Linearizable, "{seen:?}");
        }
    }

    #[test]
    fn a_stale_read_after_an_acknowledged_write_fails_with_the_writes_it_contradicts() {
        let h = vec![
            op(3, put("0"), 0, Some(5)),
            op(1, put("1"), 10, Some(20)),
            op(2, get(Some("1")), 25, Some(28)),
            op(3, get(Some("0")), 30, Some(40)),
            op(4, put("9"), 100, Some(110)),
        ];
        match check(&h) {
            Verdict::Violation { key, ops } => {
                assert_eq!(key, "k");
                // The read of "0" after "1" was acknowledged, with the
                // writes it contradicts.
                let actions: Vec<&Action> = ops.iter().map(|o| &o.action).collect();
                assert_eq!(
                    actions,
                    vec![&put("0"), &put("1"), &get(Some("0"))],
                    "{ops:?}"
                );
            }
            other => panic!("expected a violation, got {other:?}"),
        }
    }

    #[test]
    fn a_lost_acknowledged_write_fails() {
        let h = vec![op(1, put("1"), 0, Some(10)), op(2, get(None), 20, Some(30))];
        assert!(matches!(check(&h), Verdict::Violation { .. }));
    }

    #[test]
    fn a_write_that_never_completed_may_take_effect_or_not_but_only_once_seen() {
        let ok = vec![
            op(1, put("1"), 0, None),
            op(2, get(None), 10, Some(20)),
            op(2, get(Some("1")), 30, Some(40)),
        ];
        assert_eq!(check(&ok), Verdict::Linearizable);
        let never = vec![op(1, put("1"), 0, None), op(2, get(None), 30, Some(40))];
        assert_eq!(check(&never), Verdict::Linearizable);
        let flicker = vec![
            op(1, put("1"), 0, None),
            op(2, get(Some("1")), 10, Some(20)),
            op(2, get(None), 30, Some(40)),
        ];
        assert!(matches!(check(&flicker), Verdict::Violation { .. }));
    }

    #[test]
    fn keys_are_checked_apart_and_the_failing_one_is_named() {
        let mut h = Vec::new();
        for (i, key) in ["a", "b"].iter().enumerate() {
            let t = i as u64 * 100;
            h.push(Op {
                key: key.to_string(),
                ..op(1, put("x"), t, Some(t + 10))
            });
            h.push(Op {
                key: key.to_string(),
                ..op(
                    1,
                    get(Some(if *key == "b" { "y" } else { "x" })),
                    t + 20,
                    Some(t + 30),
                )
            });
        }
        match check(&h) {
            Verdict::Violation { key, ops } => {
                assert_eq!(key, "b");
                assert_eq!(ops.len(), 1, "a read of a value never written fails alone");
                assert_eq!(ops[0].action, get(Some("y")));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_long_concurrent_history_of_one_key_is_checked_without_blowing_up() {
        // Four clients, each writing its own values and reading back,
        // overlapping with the others: 4,000 operations on one key.
        let mut h = Vec::new();
        let mut last = None;
        for round in 0..1_000u64 {
            let t = round * 100;
            let v = format!("{round}");
            h.push(op(1, put(&v), t, Some(t + 30)));
            h.push(op(2, get(last.as_deref()), t + 5, Some(t + 10)));
            h.push(op(3, get(Some(&v)), t + 40, Some(t + 60)));
            h.push(op(4, get(Some(&v)), t + 50, Some(t + 90)));
            last = Some(v);
        }
        assert_eq!(check(&h), Verdict::Linearizable);
        // The same with one read that went back in time.
        h[2_001].action = get(Some("3"));
        assert!(matches!(check(&h), Verdict::Violation { .. }));
    }
}
