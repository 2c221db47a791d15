//! The shard workload: what one key → shard lookup costs at [`SHARDS`]
//! shards, otpsim's strategies beside the `rendezvous_hash` and `jumphash`
//! crates, and how many of 1M keys each otpsim strategy moves as K changes.
//!
//! Every lookup places an integer key `1..=n` and folds the shards into a
//! checksum so the work cannot be optimised away. otpsim's rendezvous is
//! `:erlang.phash2({key, s})`-exact: the per-key part of the tuple hash is
//! computed once per key and each shard adds one mix of its precomputed
//! word. The crates hash with SipHash: `rendezvous_hash` hashes every
//! `(key, node)` pair and sorts the candidates, `jumphash` hashes the key
//! once and walks.

use crate::{Run, Timer};
use jumphash::JumpHasher;
use otpsim::shard::{movement, Jump, Kind, Movement, Rendezvous, Strategy};
use otpsim::term::Term;
use rendezvous_hash::{DefaultNodeHasher, IdNode, RendezvousNodes};
use std::hint::black_box;
use std::num::NonZeroU32;

/// Shards in the lookup workloads.
pub const SHARDS: u32 = 64;

fn shards() -> NonZeroU32 {
    NonZeroU32::new(SHARDS).unwrap_or(NonZeroU32::MIN)
}

/// Looks up the keys `1..=n` with `shard_of`, timed.
fn lookups(n: u64, mut shard_of: impl FnMut(u64) -> u32) -> Run {
    let timer = Timer::start();
    let mut sum = 0u64;
    for key in 1..=n {
        sum = sum.wrapping_add(u64::from(shard_of(black_box(key))));
    }
    black_box(sum);
    timer.stop(n)
}

/// otpsim rendezvous (phash2-exact) over [`SHARDS`] shards.
pub fn otpsim_rendezvous(n: u64) -> Run {
    let r = Rendezvous::new(shards());
    lookups(n, |key| r.shard(&Term::Int(key as i64)))
}

/// otpsim jump consistent hash over [`SHARDS`] shards.
pub fn otpsim_jump(n: u64) -> Run {
    let j = Jump::new(shards());
    lookups(n, |key| j.shard(&Term::Int(key as i64)))
}

/// The `rendezvous_hash` crate over [`SHARDS`] nodes: its best candidate.
pub fn rendezvous_hash_crate(n: u64) -> Run {
    let mut nodes = RendezvousNodes::<IdNode<u32>, DefaultNodeHasher>::default();
    for s in 0..SHARDS {
        nodes.insert(IdNode::new(s));
    }
    lookups(n, |key| {
        nodes.calc_candidates(&key).next().map_or(0, |node| **node)
    })
}

/// The `jumphash` crate over [`SHARDS`] slots (fixed SipHash keys).
pub fn jumphash_crate(n: u64) -> Run {
    let j = JumpHasher::new_with_keys(0, 0);
    lookups(n, |key| j.slot(&key, SHARDS))
}

/// One row of the movement table.
#[derive(Clone, Copy, Debug)]
pub struct MovementRow {
    /// The strategy.
    pub kind: Kind,
    /// Shards before.
    pub from: u32,
    /// Shards after.
    pub to: u32,
    /// The counts.
    pub movement: Movement,
    /// Wall time of the whole count (both placements of every key).
    pub millis: f64,
}

impl MovementRow {
    /// `|moved − minimum| / minimum`, as a fraction.
    pub fn deviation(&self) -> f64 {
        (self.movement.ratio() - 1.0).abs()
    }

    /// Keys moved beyond (or short of) the minimum, as a share of all keys:
    /// the "within 1% of the minimum", read as 1% of the keys.
    pub fn excess(&self) -> f64 {
        let m = &self.movement;
        (m.moved as f64 - m.minimum as f64).abs() / m.keys.max(1) as f64
    }

    /// One standard deviation of `moved / minimum` if every key moved
    /// independently with probability `minimum / keys`: how far from 1.0
    /// sampling alone puts an ideal strategy.
    pub fn sampling_sd(&self) -> f64 {
        let n = self.movement.keys as f64;
        let p = self.movement.minimum as f64 / n.max(1.0);
        if p <= 0.0 {
            return 0.0;
        }
        (n * p * (1.0 - p)).sqrt() / (n * p)
    }
}

/// Counts the keys `1..=keys` that `kind` moves from `from` to `to` shards.
pub fn movement_row(kind: Kind, from: u32, to: u32, keys: u32) -> MovementRow {
    let nz = |k| NonZeroU32::new(k).unwrap_or(NonZeroU32::MIN);
    let timer = Timer::start();
    let movement = movement(kind, nz(from), nz(to), keys);
    let run = timer.stop(u64::from(keys));
    MovementRow {
        kind,
        from,
        to,
        movement,
        millis: run.elapsed.as_secs_f64() * 1e3,
    }
}
