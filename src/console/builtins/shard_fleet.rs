//! `Shards`: the shard fleet's controls from the console (K, routes, the
//! move log, replication). Reads, writes and load writers (`Shards.get/1`,
//! `Shards.put/2`, `Shards.load/3`) are Elixir, `apps/ex/shards.ex`,
//! callable by any process.

use super::{bad_arg, int_arg, Entry};
use crate::apps::shards::{self, client, workers};
use crate::term::{Atom, Term};

pub(super) const ENTRIES: &[Entry] = &[
    ("Shards", "set_k", 1, |ev, a| {
        let k = int_arg(&a, 0)?;
        if !(1..=4096).contains(&k) {
            return Err(bad_arg(0, "K must be between 1 and 4096"));
        }
        ev.world.put_env("shards", "k", Term::Int(k));
        shards::nudge_all(ev.world);
        Ok(Term::ok())
    }),
    ("Shards", "k", 0, |ev, _| Ok(Term::Int(shards::k(ev.world)))),
    ("Shards", "replication", 1, |ev, a| {
        let n = int_arg(&a, 0)?;
        if !(1..=16).contains(&n) {
            return Err(bad_arg(0, "the number of copies must be between 1 and 16"));
        }
        ev.world.put_env("shards", "copies", Term::Int(n));
        shards::nudge_all(ev.world);
        Ok(Term::ok())
    }),
    ("Shards", "route", 1, |ev, a| {
        let (shard, node) = client::route(ev.world, ev.shell.node, &a[0]);
        let node = node
            .and_then(|n| ev.world.node_name(n).cloned())
            .map_or_else(Term::nil, Term::Atom);
        let pid = client::route(ev.world, ev.shell.node, &a[0])
            .1
            .and_then(|n| workers::worker_on(ev.world, n, shard))
            .map_or_else(Term::nil, Term::Pid);
        Ok(Term::tuple([Term::Int(shard), node, pid]))
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
                let keys = workers::key_count(ev.world, pid).unwrap_or(0) as i64;
                pairs.push((Term::tuple([key, Term::Atom(name)]), Term::Int(keys)));
            }
        }
        Ok(Term::map(pairs))
    }),
];
