//! Shards that move as K changes: which shard in `0..k` a key goes to, by
//! four strategies from the literature, and how many keys move when `k`
//! changes.
//!
//! When a cluster grows from `k` to `k + 1` shards, at least `n / (k + 1)` of
//! `n` keys must move (the new shard has to get its share from somewhere).
//! How close a strategy comes to that minimum is what decides whether a
//! resize is a ripple or a flood:
//!
//! | strategy | file | a key's shard | on `k → k + 1` |
//! |----------|------|---------------|----------------|
//! | [`Rendezvous`] (highest random weight; Thaler & Ravishankar, 1996) | `rendezvous` | the `s` with the largest `:erlang.phash2({key, s})` — seed 000's `Fleet.pick_shard` | about the minimum (within ~1%), only to the new shard; `O(k)` per lookup |
//! | [`Jump`] (jump consistent hash; Lamping & Veach, 2014) | `jump` | a pseudo-random walk seeded by the key's `phash2` | the minimum up to sampling noise, only to the new shard; `O(log k)`, no memory |
//! | [`Ring`] (consistent hashing; Karger et al., 1997) | `ring` | the next of `100` virtual nodes per shard clockwise on a `2^32` ring | only to the new shard, but its share varies with where its points fall |
//! | [`Modulo`] | `modulo` | `rem(:erlang.phash2(key), k)` | almost every key (`k / (k + 1)` of them) |
//!
//! [`movement`] counts the keys `1..=n` that change shard between two `k`s.
//! Everything hashes with the BEAM-compatible `phash2`, so a real cluster
//! would route the same keys to the same shards, on every platform.
//!
//! ```
//! use otpsim::shard::{movement, Kind};
//! use std::num::NonZeroU32;
//!
//! let k = |n| NonZeroU32::new(n).unwrap();
//! let jump = movement(Kind::Jump, k(4), k(5), 10_000);
//! assert_eq!((jump.keys, jump.minimum), (10_000, 2_000));
//! assert!(jump.moved.abs_diff(2_000) < 100);
//! let modulo = movement(Kind::Modulo, k(4), k(5), 10_000);
//! assert!(modulo.moved > 7_000);
//! ```

mod jump;
mod modulo;
mod movement;
mod rendezvous;
mod ring;

pub use jump::Jump;
pub use modulo::Modulo;
pub use movement::{minimum, movement, Movement};
pub use rendezvous::Rendezvous;
pub use ring::{Ring, VNODES};

use crate::term::Term;
use std::num::NonZeroU32;

/// A placement of keys on `k` shards: which shard in `0..k` does a key go
/// to? Built for one `k` (see [`Kind::build`]), so per-`k` work such as a
/// ring's sorted points is done once.
pub trait Strategy {
    /// The shard in `0..k` that `key` goes to.
    fn shard(&self, key: &Term) -> u32;

    /// `k`: how many shards keys are placed on.
    fn shards(&self) -> NonZeroU32;
}

/// The four strategies, by the name the console and the CLI use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// [`Rendezvous`]: `:rendezvous`.
    Rendezvous,
    /// [`Jump`]: `:jump`.
    Jump,
    /// [`Ring`]: `:ring`.
    Ring,
    /// [`Modulo`]: `:modulo`.
    Modulo,
}

impl Kind {
    /// Every strategy, in the order tables list them.
    pub const ALL: [Kind; 4] = [Kind::Rendezvous, Kind::Jump, Kind::Ring, Kind::Modulo];

    /// The name (`"rendezvous"`, `"jump"`, `"ring"`, `"modulo"`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Rendezvous => "rendezvous",
            Kind::Jump => "jump",
            Kind::Ring => "ring",
            Kind::Modulo => "modulo",
        }
    }

    /// The strategy with this name, if there is one.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// This strategy, built for `k` shards.
    pub fn build(self, k: NonZeroU32) -> Box<dyn Strategy> {
        match self {
            Kind::Rendezvous => Box::new(Rendezvous::new(k)),
            Kind::Jump => Box::new(Jump::new(k)),
            Kind::Ring => Box::new(Ring::new(k)),
            Kind::Modulo => Box::new(Modulo::new(k)),
        }
    }
}

/// The shard in `0..k` that `key` goes to under `kind`. Builds the
/// strategy for this one lookup: to place many keys, build it once.
pub fn shard_for(kind: Kind, key: &Term, k: NonZeroU32) -> u32 {
    kind.build(k).shard(key)
}
