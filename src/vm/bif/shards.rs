//! What the shard fleet (`Shards`, `Shards.Worker`, `Shards.Manager` in
//! `src/apps/ex/shards.ex`) and the KV store's hash router need from the
//! simulation: hashing (a key's shard, a shard's holders), where a node's
//! workers are, a write's version, the move log, and the ledger of
//! acknowledged writes that `Sim.check()` reads.

use super::support::{atom_at, node_term};
use super::{Bif, Native};
use crate::apps::shards::{self, client, ledger, placement, workers};
use crate::term::Term;
use crate::vm::exception::{Exception, Res};

/// `:otpsim.shard_primary(key)`: `{shard, worker}`, the key's shard and its
/// primary's worker as the caller's node sees it (`nil` while there is none).
fn shard_primary(n: &mut Native, args: &[Term]) -> Res {
    let (shard, node) = client::route(n.world, n.me.node, &args[0]);
    let pid = node
        .and_then(|node| workers::worker_on(n.world, node, shard))
        .map_or_else(Term::nil, Term::Pid);
    Ok(Term::tuple([Term::Int(shard), pid]))
}

/// `:otpsim.shard_owner(key)`: the node of the key's shard's primary as
/// the caller's node sees it (the caller's own node while none is known).
fn shard_owner(n: &mut Native, args: &[Term]) -> Res {
    let here = n.me.node;
    let node = client::route(n.world, here, &args[0]).1.unwrap_or(here);
    Ok(node_term(n.world, node))
}

/// `:otpsim.shard_stamp()`: a new write's version, unique and increasing.
fn shard_stamp(n: &mut Native, _args: &[Term]) -> Res {
    Ok(workers::stamp(n.world, n.me.node))
}

/// `:otpsim.shard_acked(key, version)`: the write was acknowledged.
fn shard_acked(n: &mut Native, args: &[Term]) -> Res {
    ledger::record(n.world, args[0].clone(), args[1].clone());
    Ok(Term::ok())
}

/// `:otpsim.shard_config()`: `{k, copies}`, the shard count and how many
/// nodes hold each shard (the `:shards` environment, or 8 and 1).
fn shard_config(n: &mut Native, _args: &[Term]) -> Res {
    Ok(Term::tuple([
        Term::Int(shards::k(n.world)),
        Term::Int(shards::copies(n.world) as i64),
    ]))
}

fn int_at(args: &[Term], i: usize, at_least: i64, what: &str) -> Res<i64> {
    match args[i] {
        Term::Int(v) if v >= at_least => Ok(v),
        _ => Err(Exception::badarg_at(i + 1, what)),
    }
}

/// `:otpsim.shard_of(key, k)`: the key's shard among `0..k-1`.
fn shard_of(args: &[Term]) -> Res {
    let k = int_at(
        args,
        1,
        1,
        "the shard count must be an integer of at least 1",
    )?;
    Ok(Term::Int(placement::shard_of(&args[0], k)))
}

/// `:otpsim.shard_holders(shard, copies)`: the nodes that hold `shard`
/// as the caller's node sees the cluster, primary first.
fn shard_holders(n: &mut Native, args: &[Term]) -> Res {
    let shard = int_at(args, 0, 0, "not a shard number")?;
    let copies = int_at(args, 1, 1, "the number of copies must be at least 1")?;
    let nodes = placement::holders(n.world, n.me.node, shard, copies as usize);
    Ok(Term::list(
        nodes
            .into_iter()
            .filter_map(|node| n.world.node_name(node).cloned().map(Term::Atom))
            .collect(),
    ))
}

/// `:otpsim.shards_held(k, copies)`: the shards of `0..k` the caller's
/// node holds (is among the first `copies` holders of), as the manager's
/// look asks: the node's view is taken once, not once a shard.
fn shards_held(n: &mut Native, args: &[Term]) -> Res {
    let k = int_at(args, 0, 1, "K must be at least 1")?;
    let max = crate::apps::settings::MAX_K;
    if k > max {
        return Err(Exception::badarg_at(1, &format!("K is at most {max}")));
    }
    let copies = int_at(args, 1, 1, "the number of copies must be at least 1")?;
    let me = n.me.node;
    let view = crate::apps::ownership::view(n.world, me);
    let held = (0..k)
        .filter(|&shard| {
            placement::holders_among(n.world, &view, shard, copies as usize).contains(&me)
        })
        .map(Term::Int)
        .collect();
    Ok(Term::list(held))
}

/// `:otpsim.shard_worker(node, shard)`: the worker of `shard` on `node`,
/// or `nil` (the simulation reads that node's `Shards.Registry`; a real
/// cluster would ask the node, or name workers in `:global`).
fn shard_worker(n: &mut Native, args: &[Term]) -> Res {
    let name = atom_at(args, 0)?;
    let shard = int_at(args, 1, 0, "not a shard number")?;
    let pid = n
        .world
        .node_id(name.as_str())
        .filter(|node| n.world.node_alive(*node))
        .and_then(|node| workers::worker_on(n.world, node, shard));
    Ok(pid.map_or_else(Term::nil, Term::Pid))
}

/// `:otpsim.shard_workers()`: every shard worker on the caller's node and
/// the nodes it is connected to.
fn shard_workers(n: &mut Native, _args: &[Term]) -> Res {
    let nodes = crate::apps::ownership::view(n.world, n.me.node);
    Ok(Term::list(
        workers::workers_on(n.world, nodes)
            .into_iter()
            .map(Term::Pid)
            .collect(),
    ))
}

/// `:otpsim.shard_moved(shard, to_nodes, keys)`: the caller handed `keys`
/// keys of `shard` to `to_nodes`; logged for `Shards.moves/0` and the trace.
fn shard_moved(n: &mut Native, args: &[Term]) -> Res {
    let shard = int_at(args, 0, 0, "not a shard number")?;
    let Some(to) = args[1].list_to_vec() else {
        return Err(Exception::badarg_at(2, "not a list of nodes"));
    };
    let keys = int_at(args, 2, 0, "not a key count")?;
    let from = node_term(n.world, n.me.node);
    shards::record_move(n.world, shard, from, to, keys as usize);
    Ok(Term::ok())
}

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::world("otpsim", "shard_primary", 1, shard_primary),
    Bif::world("otpsim", "shard_owner", 1, shard_owner),
    Bif::world("otpsim", "shard_stamp", 0, shard_stamp),
    Bif::world("otpsim", "shard_acked", 2, shard_acked),
    Bif::world("otpsim", "shard_config", 0, shard_config),
    Bif::pure("otpsim", "shard_of", 2, shard_of),
    Bif::world("otpsim", "shard_holders", 2, shard_holders),
    Bif::world("otpsim", "shards_held", 2, shards_held),
    Bif::world("otpsim", "shard_worker", 2, shard_worker),
    Bif::world("otpsim", "shard_workers", 0, shard_workers),
    Bif::world("otpsim", "shard_moved", 3, shard_moved),
];
