//! A consistent-hash ring with virtual nodes (Karger et al., "Consistent
//! Hashing and Random Trees", 1997): every shard owns [`VNODES`] points on a
//! circle of `2^32` positions, and a key goes to the owner of the first point
//! at or after the key's own position, wrapping around past the top.
//!
//! Why: adding a shard only adds its points, so only keys that now fall just
//! before one of them move, and only to the new shard; removing a shard only
//! moves the keys its points held. But the new shard's share is the length
//! of the arcs its points happen to cut off, which varies from shard to
//! shard (with 100 points, by about a tenth), so a resize moves roughly, not
//! exactly, the minimum — that is what the virtual nodes are there to tame.
//!
//! Positions: point `v` of shard `s` is at `:erlang.phash2({s, v}, 4294967296)`
//! and key `key` at `:erlang.phash2(key, 4294967296)`. Points are sorted by
//! position, then shard, then point number, so two points on the same
//! position (rare) are resolved the same way everywhere. A lookup is a
//! binary search.

use super::Strategy;
use crate::term::{hash_after, tuple_start, Term};
use std::num::NonZeroU32;

/// Points on the ring per shard.
pub const VNODES: u32 = 100;

/// A consistent-hash ring over `k` shards.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ring {
    k: NonZeroU32,
    /// Point positions, ascending.
    positions: Vec<u32>,
    /// The shard owning each point, parallel to `positions`.
    owners: Vec<u32>,
}

impl Ring {
    /// The ring of shards `0..k`, [`VNODES`] points each (`12 × VNODES × k`
    /// bytes while it is sorted: callers bound `k`).
    pub fn new(k: NonZeroU32) -> Ring {
        let start = tuple_start(2);
        let mut points: Vec<(u32, u32, u32)> = (0..k.get())
            .flat_map(|s| {
                let after_shard = hash_after(start, &Term::Int(i64::from(s)));
                (0..VNODES).map(move |v| {
                    let position = hash_after(after_shard, &Term::Int(i64::from(v)));
                    (position, s, v)
                })
            })
            .collect();
        points.sort_unstable();
        Ring {
            k,
            positions: points.iter().map(|p| p.0).collect(),
            owners: points.iter().map(|p| p.1).collect(),
        }
    }

    /// The shard owning the first point at or after `position`.
    pub fn owner_at(&self, position: u32) -> u32 {
        let i = self.positions.partition_point(|&p| p < position);
        // Past the last point: wrap to the first.
        let i = if i == self.owners.len() { 0 } else { i };
        self.owners.get(i).copied().unwrap_or(0)
    }
}

impl Strategy for Ring {
    fn shard(&self, key: &Term) -> u32 {
        self.owner_at(hash_after(0, key))
    }

    fn shards(&self) -> NonZeroU32 {
        self.k
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::phash2_range;

    #[test]
    fn points_are_phash2_of_shard_and_point() {
        let ring = Ring::new(NonZeroU32::new(3).unwrap_or(NonZeroU32::MIN));
        assert_eq!(ring.positions.len(), 300);
        assert!(ring.positions.windows(2).all(|w| w[0] <= w[1]));
        let expected = |s: i64, v: i64| phash2_range(&Term::tuple([Term::Int(s), Term::Int(v)]), 0);
        for (s, v) in [(0, 0), (1, 57), (2, 99)] {
            let at = expected(s, v);
            let i = ring.positions.partition_point(|&p| p < at);
            assert_eq!(ring.positions.get(i), Some(&at));
            assert_eq!(ring.owners.get(i), Some(&(s as u32)));
        }
    }

    #[test]
    fn keys_past_the_last_point_wrap_to_the_first() {
        let ring = Ring::new(NonZeroU32::new(5).unwrap_or(NonZeroU32::MIN));
        let (Some(&first), Some(&last)) = (ring.owners.first(), ring.positions.last()) else {
            panic!("an empty ring");
        };
        if last < u32::MAX {
            assert_eq!(ring.owner_at(last + 1), first);
        }
        assert_eq!(ring.owner_at(0), first);
    }
}
