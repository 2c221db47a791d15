//! Rendezvous hashing (highest random weight; Thaler & Ravishankar, 1996):
//! a key goes to the shard `s` in `0..k` with the largest
//! `:erlang.phash2({key, s})`, the first one on a tie — exactly seed 000's
//! `Fleet.pick_shard`, as Elixir's `Enum.max_by(0..k-1, &:erlang.phash2({key, &1}))`.
//!
//! Why it moves so little: a key's weights for the old shards do not change
//! when a shard is added, so a key moves only if the new shard outbids them
//! all (probability `1 / (k + 1)`), and then only to the new shard. Removing
//! a shard moves only the keys it held.
//!
//! What the benchmark found: under `phash2` the weights of neighbouring
//! shard numbers are not quite independent (a key's hash and `s` meet in a
//! single Jenkins mix), so a shard's share of the keys differs from `1 / k`
//! by up to about 1.3% (k = 5), well beyond sampling noise, and a change of
//! K moves up to about 1% more or fewer keys than the minimum. It is the
//! BEAM's hash, so a real cluster routes the same way.
//!
//! Why it is fast despite hashing `k` tuples per key: `phash2` reads
//! `{key, s}` as one left-to-right fold into a 32-bit running hash — the
//! tuple's arity, then `key`, then `s`. The part up to and including `key`
//! is computed once per key ([`Rendezvous::key_state`]); each shard then
//! adds one Jenkins mix of its word, which for a small integer is the
//! integer itself, so no `Term` is built and nothing needs looking up. The
//! mixes are independent, so they run in blocks of [`BLOCK`] shards with no
//! branch: each weight is packed with its lane as `weight << 5 | (31 −
//! lane)` (a weight has 27 bits, so this is exactly 32), and one maximum
//! over the block gives both the largest weight and, on a tie, the first
//! shard. Compilers vectorize that loop at `opt-level` 2 and up (the
//! wasm bundle's `"s"` runs it one lane at a time); on x86-64 it is built
//! for AVX-512, AVX2 and SSE2 and the CPU picks. Tests check the weights
//! bit for bit against `phash2` of the built tuple.
//!
//! Speed: 31 ns per lookup at 64 shards on a 2-core AMD EPYC (AVX-512),
//! just over the 30 ns aim. 64 nine-round Jenkins mixes are about 2,300
//! integer operations per key; that is what a bit-exact `phash2` costs.

use super::Strategy;
use crate::term::{hash_after, hash_after_small, tuple_start, Term, PHASH2_MASK};
use std::num::NonZeroU32;

/// Shards weighed side by side; a lane number fits in the 5 bits a
/// weight leaves free.
const BLOCK: u32 = 32;

/// Shard numbers below this are small integers to `phash2`, hashed with
/// one mix; larger ones take the general path.
const SMALL: u32 = 1 << 27;

/// The running hash once `phash2` has read "a tuple of two".
const PAIR_START: u32 = tuple_start(2);

/// Rendezvous hashing over `k` shards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rendezvous {
    k: NonZeroU32,
}

impl Rendezvous {
    /// Rendezvous hashing over shards `0..k`.
    pub fn new(k: NonZeroU32) -> Rendezvous {
        Rendezvous { k }
    }

    /// The running hash of `{key, _}` once `key` is read: everything of a
    /// key's weights that does not depend on the shard.
    pub fn key_state(key: &Term) -> u32 {
        hash_after(PAIR_START, key)
    }

    /// The weight of shard `s` for the key whose [`Rendezvous::key_state`]
    /// is `state`: `:erlang.phash2({key, s})`.
    pub fn weight(state: u32, s: u32) -> u32 {
        let hash = if s < SMALL {
            hash_after_small(state, s)
        } else {
            hash_after(state, &Term::Int(i64::from(s)))
        };
        hash & PHASH2_MASK
    }

    /// The shard for the key whose [`Rendezvous::key_state`] is `state`.
    ///
    /// On x86-64 the block loop is compiled three times — for AVX-512, AVX2
    /// and the SSE2 baseline — and the widest the CPU has is picked at run
    /// time (the check is one cached load), so a lookup gets 16 lanes without
    /// building for one machine. Elsewhere (wasm) the portable body runs.
    pub fn shard_of_state(&self, state: u32) -> u32 {
        let k = self.k.get();
        match Lanes::detect() {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: `detect` found AVX-512F on this CPU.
            Lanes::Avx512 => unsafe { pick_avx512(k, state) },
            #[cfg(target_arch = "x86_64")]
            // SAFETY: `detect` found AVX2 on this CPU.
            Lanes::Avx2 => unsafe { pick_avx2(k, state) },
            Lanes::Portable => pick(k, state),
        }
    }

    /// Which copy of the block loop [`Rendezvous::shard_of_state`] runs on
    /// this CPU, for the benchmark's report.
    pub fn vector_path() -> &'static str {
        match Lanes::detect() {
            #[cfg(target_arch = "x86_64")]
            Lanes::Avx512 => "AVX-512F (16 lanes)",
            #[cfg(target_arch = "x86_64")]
            Lanes::Avx2 => "AVX2 (8 lanes)",
            Lanes::Portable if cfg!(target_arch = "x86_64") => "SSE2 (4 lanes)",
            Lanes::Portable => "the portable loop",
        }
    }
}

/// The copies of the block loop, widest first.
enum Lanes {
    #[cfg(target_arch = "x86_64")]
    Avx512,
    #[cfg(target_arch = "x86_64")]
    Avx2,
    Portable,
}

impl Lanes {
    /// The widest copy this CPU can run (the check is one cached load).
    fn detect() -> Lanes {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx512f") {
                return Lanes::Avx512;
            }
            if std::arch::is_x86_feature_detected!("avx2") {
                return Lanes::Avx2;
            }
        }
        Lanes::Portable
    }
}

/// [`pick`] compiled for AVX-512F (16 lanes of `u32`).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn pick_avx512(k: u32, state: u32) -> u32 {
    pick(k, state)
}

/// [`pick`] compiled for AVX2 (8 lanes of `u32`).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn pick_avx2(k: u32, state: u32) -> u32 {
    pick(k, state)
}

/// The first shard in `0..k` with the largest weight. Always inlined, so
/// each `target_feature` wrapper above gets its own vectorized copy.
#[inline(always)]
fn pick(k: u32, state: u32) -> u32 {
    let small = k.min(SMALL);
    let (mut best_weight, mut best) = (0, 0);
    let mut base = 0;
    // Whole blocks, then the rest one shard at a time: masking a
    // partial block would weigh 32 shards even when k is 8, which costs
    // where nothing vectorizes (wasm).
    while small - base >= BLOCK {
        let top = (0..BLOCK)
            .map(|lane| (hash_after_small(state, base + lane) << 5) | (BLOCK - 1 - lane))
            .fold(0, u32::max);
        let weight = top >> 5;
        // Ties keep the earlier block's shard: only a larger weight wins.
        if weight > best_weight {
            best_weight = weight;
            best = base + (BLOCK - 1 - (top & (BLOCK - 1)));
        }
        base += BLOCK;
    }
    for s in base..k {
        let weight = Rendezvous::weight(state, s);
        if weight > best_weight {
            best_weight = weight;
            best = s;
        }
    }
    best
}

impl Strategy for Rendezvous {
    fn shard(&self, key: &Term) -> u32 {
        self.shard_of_state(Rendezvous::key_state(key))
    }

    fn shards(&self) -> NonZeroU32 {
        self.k
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::phash2;

    fn keys() -> Vec<Term> {
        vec![
            Term::Int(0),
            Term::Int(42),
            Term::Int(-7),
            Term::Int(1 << 40),
            Term::atom("user"),
            Term::string("alice"),
            Term::tuple([Term::atom("shard"), Term::Int(3)]),
            Term::list(vec![Term::Int(104), Term::Int(105)]),
            Term::map([(Term::atom("id"), Term::Int(9))]),
        ]
    }

    #[test]
    fn weights_are_phash2_of_the_built_tuple() {
        for key in keys() {
            let state = Rendezvous::key_state(&key);
            for s in (0..40).chain([SMALL - 1, SMALL, u32::MAX]) {
                let tuple = Term::tuple([key.clone(), Term::Int(i64::from(s))]);
                assert_eq!(Rendezvous::weight(state, s), phash2(&tuple), "{key} {s}");
            }
        }
    }

    #[test]
    fn lanes_and_remainder_agree_with_a_plain_max_by() {
        for key in keys() {
            for k in [1, 2, 31, 32, 33, 64, 100] {
                let plain = (0..k)
                    .map(|s| {
                        let tuple = Term::tuple([key.clone(), Term::Int(i64::from(s))]);
                        (phash2(&tuple), s)
                    })
                    .fold(
                        (0, 0),
                        |best, (w, s)| if w > best.0 { (w, s) } else { best },
                    );
                let r = Rendezvous::new(NonZeroU32::new(k).unwrap_or(NonZeroU32::MIN));
                assert_eq!(r.shard(&key), plain.1, "{key} k={k}");
            }
        }
    }
}
