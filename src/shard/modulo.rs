//! Naive modulo placement: `rem(:erlang.phash2(key), k)`.
//!
//! Why it is here: it is what most code does first, and it is the baseline
//! that shows what the other strategies buy. Changing `k` to `k + 1` keeps a
//! key in place only when its hash gives the same remainder for both, so
//! about `k / (k + 1)` of all keys move — nearly all of them, and between
//! old shards too, not just to the new one.

use super::Strategy;
use crate::term::{phash2, Term};
use std::num::NonZeroU32;

/// `rem(:erlang.phash2(key), k)` over `k` shards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Modulo {
    k: NonZeroU32,
}

impl Modulo {
    /// Modulo placement over shards `0..k`.
    pub fn new(k: NonZeroU32) -> Modulo {
        Modulo { k }
    }
}

impl Strategy for Modulo {
    fn shard(&self, key: &Term) -> u32 {
        phash2(key) % self.k
    }

    fn shards(&self) -> NonZeroU32 {
        self.k
    }
}
