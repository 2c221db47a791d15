//! What the shard fleet's client (`Shards.get/put` in `src/apps/ex/shards.ex`)
//! and the KV store's hash router need from the native fleet: where a key
//! goes now, a write's version,
//! and the ledger of acknowledged writes that `Sim.check()` reads.

use super::{Bif, Native};
use crate::apps::shards::{client, ledger, worker};
use crate::term::Term;
use crate::vm::exception::Res;

/// `:otpsim.shard_primary(key)`: `{shard, worker}`, the key's shard and its
/// primary's worker as the caller's node sees it (`nil` while there is none).
fn shard_primary(n: &mut Native, args: &[Term]) -> Res {
    let (shard, node) = client::route(n.world, n.me.node, &args[0]);
    let pid = node
        .and_then(|node| worker::worker_on(n.world, node, shard))
        .map_or_else(Term::nil, Term::Pid);
    Ok(Term::tuple(vec![Term::Int(shard), pid]))
}

/// `:otpsim.shard_owner(key)`: the node of the key's shard's primary as
/// the caller's node sees it (the caller's own node while none is known).
fn shard_owner(n: &mut Native, args: &[Term]) -> Res {
    let here = n.me.node;
    let node = client::route(n.world, here, &args[0]).1.unwrap_or(here);
    Ok(n.world
        .node_name(node)
        .cloned()
        .map_or_else(Term::nil, Term::Atom))
}

/// `:otpsim.shard_stamp()`: a new write's version, unique and increasing.
fn shard_stamp(n: &mut Native, _args: &[Term]) -> Res {
    Ok(worker::stamp(n.world, n.me.node))
}

/// `:otpsim.shard_acked(key, version)`: the write was acknowledged.
fn shard_acked(n: &mut Native, args: &[Term]) -> Res {
    ledger::record(n.world, args[0].clone(), args[1].clone());
    Ok(Term::ok())
}

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::world("otpsim", "shard_primary", 1, shard_primary),
    Bif::world("otpsim", "shard_owner", 1, shard_owner),
    Bif::world("otpsim", "shard_stamp", 0, shard_stamp),
    Bif::world("otpsim", "shard_acked", 2, shard_acked),
];
