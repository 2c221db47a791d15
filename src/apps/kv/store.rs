//! The hash router's store: under `KV.router(:hash)` a bucket lives in the
//! shard fleet instead of in an Agent on one node, so it moves with its
//! shard — with its data — when K changes, a node joins or leaves, or a
//! split heals, and `Shards.replication/1` keeps copies of it.
//!
//! A bucket is a marker entry `{:kv, bucket}` (present once created) plus
//! one entry `{:kv, bucket, key}` per key. Both route by the bucket name
//! ([`crate::apps::shards::placement::routing_key`]), so a bucket's keys
//! share its shard. `DELETE` writes `nil`, a tombstone: with
//! last-writer-wins copies a removed key must outrank the older value
//! still on its way from a handoff.

use super::command::Failure;
use super::protocol::{self, Command, OK};
use super::router::{self, RouteError};
use crate::apps::shards::client;
use crate::kernel::World;
use crate::otp::call::{Budget, CallError};
use crate::term::{Pid, Term};

/// `{:kv, bucket}`: present when the bucket exists.
pub fn marker(bucket: &Term) -> Term {
    Term::tuple(vec![Term::atom("kv"), bucket.clone()])
}

/// `{:kv, bucket, key}`: one key of a bucket.
pub fn entry(bucket: &Term, key: &Term) -> Term {
    Term::tuple(vec![Term::atom("kv"), bucket.clone(), key.clone()])
}

/// Runs a parsed command against the shard fleet as `caller`.
pub fn run(
    world: &mut World,
    caller: Pid,
    command: &Command,
    budget: &mut Budget,
) -> Result<Vec<u8>, Failure> {
    let bucket = command.bucket();
    router::log_route(world, caller.node, bucket);
    let fail = |e: CallError| Failure::Route(RouteError::Call(e));
    if let Command::Create(_) = command {
        client::put(world, caller, &marker(bucket), Term::atom("true"), budget).map_err(fail)?;
        return Ok(OK.to_vec());
    }
    let exists = client::get(world, caller, &marker(bucket), budget).map_err(fail)?;
    if exists.is_atom("nil") {
        return Err(Failure::NotFound);
    }
    match command {
        Command::Get(_, key) => {
            let value = client::get(world, caller, &entry(bucket, key), budget).map_err(fail)?;
            Ok(protocol::value_reply(&value))
        }
        Command::Put(_, key, value) => {
            client::put(world, caller, &entry(bucket, key), value.clone(), budget).map_err(fail)?;
            Ok(OK.to_vec())
        }
        Command::Delete(_, key) => {
            client::put(world, caller, &entry(bucket, key), Term::nil(), budget).map_err(fail)?;
            Ok(OK.to_vec())
        }
        Command::Create(_) => Ok(OK.to_vec()),
    }
}
