//! Jump consistent hash (Lamping & Veach, "A Fast, Minimal Memory, Consistent
//! Hash Algorithm", 2014): a key walks forward through the shard numbers in
//! pseudo-random jumps drawn from a generator seeded by the key, and lands on
//! the last shard below `k` it reaches.
//!
//! Why: it moves the minimum number of keys, only to the new shard on
//! growth, with no memory and `O(log k)` steps per key. The price is that
//! shards can only be added or removed at the end (`k − 1`), which is
//! exactly what a shard count K does.
//!
//! The 64-bit key the walk starts from is the first output of SplitMix64
//! (Steele, Lea & Flood, 2014) seeded with the full 32-bit `phash2` of the
//! key (`:erlang.phash2(key, 4294967296)`): `phash2` keeps routing tied to
//! the BEAM's hash, and SplitMix64 spreads its 32 bits over the 64 the
//! walk's generator consumes. The paper's step
//! `j = floor((b + 1) · 2^31 / ((key >> 33) + 1))` is computed exactly in
//! integers instead of doubles, so every platform (x86, ARM, wasm) walks the
//! same path.

use super::Strategy;
use crate::term::{hash_after, Term};
use std::num::NonZeroU32;

/// Jump consistent hash over `k` shards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Jump {
    k: NonZeroU32,
}

impl Jump {
    /// Jump consistent hash over shards `0..k`.
    pub fn new(k: NonZeroU32) -> Jump {
        Jump { k }
    }

    /// The 64-bit key the walk starts from: SplitMix64's first output for
    /// the seed `:erlang.phash2(key, 4294967296)`.
    pub fn seed(key: &Term) -> u64 {
        let mut z = u64::from(hash_after(0, key)).wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// The paper's `JumpConsistentHash(key, num_buckets)`.
    pub fn walk(mut key: u64, k: NonZeroU32) -> u32 {
        let k = u64::from(k.get());
        let (mut b, mut j) = (0u64, 0u64);
        while j < k {
            b = j;
            key = key.wrapping_mul(2_862_933_555_777_941_757).wrapping_add(1);
            // b + 1 <= 2^32, so (b + 1) << 31 fits in 64 bits.
            j = ((b + 1) << 31) / ((key >> 33) + 1);
        }
        // b < k <= u32::MAX.
        b as u32
    }
}

impl Strategy for Jump {
    fn shard(&self, key: &Term) -> u32 {
        Jump::walk(Jump::seed(key), self.k)
    }

    fn shards(&self) -> NonZeroU32 {
        self.k
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The paper's floating-point step, for comparison.
    fn walk_f64(mut key: u64, k: u32) -> u32 {
        let (mut b, mut j) = (-1i64, 0i64);
        while j < i64::from(k) {
            b = j;
            key = key.wrapping_mul(2_862_933_555_777_941_757).wrapping_add(1);
            j = ((b + 1) as f64 * ((1u64 << 31) as f64 / ((key >> 33) + 1) as f64)) as i64;
        }
        b as u32
    }

    #[test]
    fn integer_steps_walk_as_the_papers_doubles_do() {
        let mut differ = 0;
        for i in 0..20_000u64 {
            let key = Jump::seed(&Term::Int(i as i64));
            for k in [1, 2, 3, 10, 64, 1000, 1 << 20] {
                let nz = NonZeroU32::new(k).unwrap_or(NonZeroU32::MIN);
                if Jump::walk(key, nz) != walk_f64(key, k) {
                    differ += 1;
                }
            }
        }
        // Rounding can tip a step over a boundary; it must be rare.
        assert!(differ <= 2, "{differ} walks differ");
    }
}
