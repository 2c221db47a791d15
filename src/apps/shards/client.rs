//! The caller's side: where a key goes. Reads and writes, with their
//! retries while shards move, are Elixir (`Shards` in `apps/ex/shards.ex`).

use super::placement::{holders, shard_of};
use super::{copies, k};
use crate::kernel::{NodeId, World};
use crate::term::Term;

/// Where `key` goes, seen from `node`: its shard and that shard's primary.
pub fn route(world: &World, node: NodeId, key: &Term) -> (i64, Option<NodeId>) {
    let shard = shard_of(key, k(world));
    (
        shard,
        holders(world, node, shard, copies(world)).first().copied(),
    )
}
