//! The caller's side: route a key to its shard's primary and call it,
//! retrying while shards move (a worker not started yet, one that is no
//! longer the owner, a node that went away).

use super::placement::{holders, shard_of};
use super::worker::worker_on;
use super::{copies, k};
use crate::kernel::{NodeId, World, MS};
use crate::otp::call::{call, receive, Budget, CallError};
use crate::term::{Pid, Term};

/// How long a caller keeps retrying before giving up, in milliseconds.
pub const RETRY_FOR_MS: u64 = 10_000;
/// The pause between tries, in milliseconds.
pub const RETRY_EVERY_MS: u64 = 50;

/// Where `key` goes, seen from `node`: its shard and that shard's primary.
pub fn route(world: &World, node: NodeId, key: &Term) -> (i64, Option<NodeId>) {
    let shard = shard_of(key, k(world));
    (
        shard,
        holders(world, node, shard, copies(world)).first().copied(),
    )
}

/// Calls `request` on the primary of `key`'s shard as `caller`, retrying
/// until it answers or [`RETRY_FOR_MS`] pass. A write is acknowledged only
/// when this returns `Ok`.
pub fn request(
    world: &mut World,
    caller: Pid,
    key: &Term,
    request: Term,
    budget: &mut Budget,
) -> Result<Term, CallError> {
    let deadline = world.now() + RETRY_FOR_MS * MS;
    loop {
        let (shard, primary) = route(world, caller.node, key);
        let target = primary.and_then(|p| worker_on(world, p, shard));
        if let Some(pid) = target {
            match call(
                world,
                caller,
                &Term::Pid(pid),
                request.clone(),
                Some(1_000),
                budget,
            ) {
                Ok(answer) if !is_not_owner(&answer) => return Ok(answer),
                Ok(_) | Err(CallError::Exit(_)) => {}
                Err(e @ CallError::Budget(_)) => return Err(e),
            }
        }
        if world.now() >= deadline {
            return Err(CallError::Exit(Term::tuple(vec![
                Term::atom("shard_unavailable"),
                Term::Int(shard),
            ])));
        }
        let pause = world.now() + RETRY_EVERY_MS * MS;
        receive(world, caller, |_| false, Some(pause), budget)?;
    }
}

/// `Shards.put(key, value)` as `caller`: a write stamped now, acknowledged
/// once the primary (and, with replication, every copy) has it.
pub fn put(
    world: &mut World,
    caller: Pid,
    key: &Term,
    value: Term,
    budget: &mut Budget,
) -> Result<Term, CallError> {
    let version = super::worker::stamp(world, caller.node);
    let message = super::worker::put_request(key.clone(), value, version.clone());
    let answer = request(world, caller, key, message, budget)?;
    if answer.is_atom("ok") {
        super::ledger::record(world, key.clone(), version);
    }
    Ok(answer)
}

/// `Shards.get(key)` as `caller`: the value, or `nil`.
pub fn get(
    world: &mut World,
    caller: Pid,
    key: &Term,
    budget: &mut Budget,
) -> Result<Term, CallError> {
    let message = Term::tuple(vec![Term::atom("get"), key.clone()]);
    request(world, caller, key, message, budget)
}

/// `{:error, :not_owner}` (the shard moved) or `{:error, :not_ready}` (a
/// new worker still gathering its keys): ask again.
fn is_not_owner(answer: &Term) -> bool {
    matches!(answer.as_tuple(), Some([e, r])
        if e.is_atom("error") && (r.is_atom("not_owner") || r.is_atom("not_ready")))
}
