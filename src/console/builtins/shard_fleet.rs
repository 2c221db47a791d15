//! `Shards`: the shard fleet's controls from the console (K, routes, the
//! move log, replication, load writers). Reads and writes (`Shards.get/1`,
//! `Shards.put/2`) are Elixir, `apps/ex/shards.ex`, callable by any process.

use super::{bad_arg, call_failed, int_arg, Entry};
use crate::apps::shards::{self, client, manager, worker, writer};
use crate::otp::call::call;
use crate::term::{Atom, Term};

pub(super) const ENTRIES: &[Entry] = &[
    ("Shards", "set_k", 1, |ev, a| {
        let k = int_arg(&a, 0)?;
        if !(1..=4096).contains(&k) {
            return Err(bad_arg(0, "K must be between 1 and 4096"));
        }
        ev.world.put_env("shards", "k", Term::Int(k));
        manager::nudge_all(ev.world);
        Ok(Term::ok())
    }),
    ("Shards", "k", 0, |ev, _| Ok(Term::Int(shards::k(ev.world)))),
    ("Shards", "replication", 1, |ev, a| {
        let n = int_arg(&a, 0)?;
        if !(1..=16).contains(&n) {
            return Err(bad_arg(0, "the number of copies must be between 1 and 16"));
        }
        ev.world.put_env("shards", "copies", Term::Int(n));
        manager::nudge_all(ev.world);
        Ok(Term::ok())
    }),
    ("Shards", "load", 3, |ev, a| {
        // Shards.load(writers, writes_each, keys_each): writer processes
        // spread over the live nodes, writing concurrently.
        let (writers, writes, keys) = (int_arg(&a, 0)?, int_arg(&a, 1)?, int_arg(&a, 2)?);
        if !(1..=1_000).contains(&writers) || !(0..=1_000_000).contains(&writes) || keys < 1 {
            return Err(bad_arg(
                0,
                "expected 1..1000 writers, 0..1000000 writes, at least 1 key",
            ));
        }
        let live: Vec<u32> = (0..ev.world.node_count() as u32)
            .filter(|n| ev.world.node_alive(*n))
            .collect();
        let mut started = Vec::new();
        for i in 0..writers {
            let Some(&node) = live.get(i as usize % live.len().max(1)) else {
                break;
            };
            started.push(writer::start(ev.world, node, i, writes as u64, keys));
        }
        Ok(Term::list(started))
    }),
    ("Shards", "acked", 1, |ev, a| {
        let pid = super::pid_arg(&a, 0)?;
        call(
            ev.world,
            ev.shell,
            &Term::Pid(pid),
            Term::atom("acked"),
            Some(5_000),
            ev.budget,
        )
        .map_err(call_failed)
    }),
    ("Shards", "done?", 1, |ev, a| {
        let pid = super::pid_arg(&a, 0)?;
        call(
            ev.world,
            ev.shell,
            &Term::Pid(pid),
            Term::atom("done?"),
            Some(5_000),
            ev.budget,
        )
        .map_err(call_failed)
    }),
    ("Shards", "route", 1, |ev, a| {
        let (shard, node) = client::route(ev.world, ev.shell.node, &a[0]);
        let node = node
            .and_then(|n| ev.world.node_name(n).cloned())
            .map_or_else(Term::nil, Term::Atom);
        let pid = client::route(ev.world, ev.shell.node, &a[0])
            .1
            .and_then(|n| worker::worker_on(ev.world, n, shard))
            .map_or_else(Term::nil, Term::Pid);
        Ok(Term::tuple(vec![Term::Int(shard), node, pid]))
    }),
    ("Shards", "moves", 0, |ev, _| {
        Ok(Term::list(shards::moves(ev.world)))
    }),
    ("Shards", "counts", 0, |ev, _| {
        // Keys held per shard per node: %{{shard, node} => keys}.
        let reg = Atom::new(shards::REGISTRY);
        let mut pairs = Vec::new();
        for node in 0..ev.world.node_count() as u32 {
            let Some(name) = ev.world.node_name(node).cloned() else {
                continue;
            };
            for (key, pid, _) in crate::otp::registry::all(ev.world, node, &reg) {
                let keys = worker::key_count(ev.world, pid).unwrap_or(0) as i64;
                pairs.push((Term::tuple(vec![key, Term::Atom(name)]), Term::Int(keys)));
            }
        }
        Ok(Term::map(pairs))
    }),
];
