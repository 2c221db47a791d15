//! How many keys change shard when `k` changes: the number that tells a
//! ripple from a flood.
//!
//! The keys are the integers `1..=n` (as terms, as a user id would be).
//! The floor is `n × |k_to − k_from| / max(k_from, k_to)`: growing, the new
//! shards must end up with their share of the keys; shrinking, the removed
//! shards' keys must go somewhere. Integer division rounds it down.

use super::{Jump, Kind, Modulo, Rendezvous, Ring, Strategy};
use crate::term::Term;
use std::num::NonZeroU32;

/// Keys that moved between two shard counts, beside the least that must.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Movement {
    /// Keys placed: `1..=keys`.
    pub keys: u64,
    /// The least any balanced placement must move:
    /// `keys × |k_to − k_from| / max(k_from, k_to)`, rounded down.
    pub minimum: u64,
    /// Keys whose shard differs between `k_from` and `k_to`.
    pub moved: u64,
}

impl Movement {
    /// `moved / minimum` (1.0 is perfect; 1.0 also when nothing must move
    /// and nothing did).
    pub fn ratio(&self) -> f64 {
        if self.minimum == 0 {
            if self.moved == 0 {
                1.0
            } else {
                f64::INFINITY
            }
        } else {
            self.moved as f64 / self.minimum as f64
        }
    }
}

/// The least number of `n` keys that must move from `k_from` to `k_to`
/// shards (rounded down).
pub fn minimum(k_from: NonZeroU32, k_to: NonZeroU32, n: u64) -> u64 {
    let (from, to) = (u128::from(k_from.get()), u128::from(k_to.get()));
    let moved = u128::from(n) * from.abs_diff(to) / from.max(to);
    // moved <= n.
    moved as u64
}

/// Places the keys `1..=n_keys` with `strategy` on `k_from` and on `k_to`
/// shards and counts those that land on different shards.
pub fn movement(strategy: Kind, k_from: NonZeroU32, k_to: NonZeroU32, n_keys: u32) -> Movement {
    let moved = match strategy {
        Kind::Rendezvous => moved(&Rendezvous::new(k_from), &Rendezvous::new(k_to), n_keys),
        Kind::Jump => moved(&Jump::new(k_from), &Jump::new(k_to), n_keys),
        Kind::Ring => moved(&Ring::new(k_from), &Ring::new(k_to), n_keys),
        Kind::Modulo => moved(&Modulo::new(k_from), &Modulo::new(k_to), n_keys),
    };
    let keys = u64::from(n_keys);
    Movement {
        keys,
        minimum: minimum(k_from, k_to, keys),
        moved,
    }
}

/// Keys in `1..=n` that `from` and `to` place differently.
fn moved<S: Strategy>(from: &S, to: &S, n: u32) -> u64 {
    (1..=i64::from(n))
        .map(Term::Int)
        .filter(|key| from.shard(key) != to.shard(key))
        .count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(n: u32) -> NonZeroU32 {
        NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN)
    }

    #[test]
    fn minimum_is_the_share_of_the_added_or_removed_shards() {
        assert_eq!(minimum(k(4), k(5), 1_000_000), 200_000);
        assert_eq!(minimum(k(5), k(4), 1_000_000), 200_000);
        assert_eq!(minimum(k(3), k(3), 1_000), 0);
        assert_eq!(minimum(k(2), k(3), 10), 3);
        // (2^64 − 1)(2^32 − 2) / (2^32 − 1) = 2^64 − 1 − (2^32 + 1): no overflow.
        assert_eq!(
            minimum(k(1), k(u32::MAX), u64::MAX),
            u64::MAX - (1 << 32) - 1
        );
    }

    #[test]
    fn nothing_moves_when_k_stays() {
        for kind in Kind::ALL {
            let m = movement(kind, k(7), k(7), 1_000);
            assert_eq!((m.keys, m.minimum, m.moved), (1_000, 0, 0), "{kind:?}");
            assert_eq!(m.ratio(), 1.0);
        }
    }
}
