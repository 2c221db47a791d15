//! Seed 000's fleet, as the Rust layer names it. The application itself
//! (`Fleet.Supervisor`, `Fleet.UserWorker` and the client API) is Elixir
//! source, `ex/fleet.ex`; what stays here is what Rust code needs to reach
//! it, and the rendezvous hash (`Fleet.pick_shard/2`), native for speed.

use crate::shard::{Rendezvous, Strategy};
use crate::term::Term;
use std::num::NonZeroU32;

/// `Fleet.Registry`.
pub const REGISTRY: &str = "Elixir.Fleet.Registry";
/// `Fleet.Dynamic`.
pub const DYNAMIC: &str = "Elixir.Fleet.Dynamic";
/// `Fleet.UserWorker`.
pub const WORKER: &str = "Elixir.Fleet.UserWorker";

/// `Fleet.pick_shard(id, k)`: the shard in `0..k-1` whose `phash2({id, shard})`
/// is largest, the first one on a tie (as `Enum.max_by/2`): rendezvous
/// hashing, [`crate::shard::Rendezvous`]. `None` for `k < 1` (or `k` past
/// `u32::MAX`).
pub fn pick_shard(id: &Term, k: i64) -> Option<i64> {
    let k = NonZeroU32::new(u32::try_from(k).ok()?)?;
    Some(i64::from(Rendezvous::new(k).shard(id)))
}
