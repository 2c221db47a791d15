//! The `Fleet` application's API (seed 000).

use super::{bad_arg, call_failed, int_arg, Entry};
use crate::apps::{fleet, ownership};
use crate::console::error::EvalError;
use crate::console::host::to_list;
use crate::console::host::Eval;
use crate::otp::call::call;
use crate::term::Term;

pub(super) const ENTRIES: &[Entry] = &[
    ("Fleet", "start_users", 1, |ev, a| {
        let mut results = Vec::new();
        for id in to_list(&a[0])? {
            ev.tick()?;
            results
                .push(fleet::start_user(ev.world, ev.shell, &id, ev.budget).map_err(call_failed)?);
        }
        Ok(Term::list(results))
    }),
    ("Fleet", "start_user", 1, |ev, a| {
        fleet::start_user(ev.world, ev.shell, &a[0], ev.budget).map_err(call_failed)
    }),
    ("Fleet", "via", 1, |_, a| Ok(fleet::via(&a[0]))),
    ("Fleet", "ping", 1, |ev, a| {
        fleet_call(ev, &a[0], Term::atom("ping"))
    }),
    ("Fleet", "put", 3, |ev, a| {
        let request = Term::tuple(vec![Term::atom("put"), a[1].clone(), a[2].clone()]);
        fleet_call(ev, &a[0], request)
    }),
    ("Fleet", "get", 2, |ev, a| {
        let request = Term::tuple(vec![Term::atom("get"), a[1].clone()]);
        fleet_call(ev, &a[0], request)
    }),
    ("Fleet.Cluster", "own", 1, |ev, a| {
        let ids = to_list(&a[0])?;
        ownership::own(ev.world, &ids);
        Ok(Term::ok())
    }),
    ("Fleet.Cluster", "wanted", 0, |ev, _| {
        Ok(Term::list(ownership::wanted(ev.world)))
    }),
    ("Fleet.Cluster", "owner", 1, |ev, a| {
        let node = ev.shell.node;
        let nodes = ownership::view(ev.world, node);
        let owner = ownership::owner(ev.world, &a[0], &nodes);
        Ok(owner
            .and_then(|n| ev.world.node_name(n).cloned())
            .map_or_else(Term::nil, Term::Atom))
    }),
    ("Fleet.Cluster", "where", 1, |ev, a| {
        let nodes = ownership::running_on(ev.world, &a[0]);
        Ok(Term::list(
            nodes
                .into_iter()
                .filter_map(|n| ev.world.node_name(n).cloned().map(Term::Atom))
                .collect(),
        ))
    }),
    ("Fleet", "pick_shard", 2, |_, a| {
        let k = int_arg(&a, 1)?;
        if k > crate::console::host::MAX_ELEMENTS {
            return Err(bad_arg(
                1,
                "more shards than the console will hash (1000000)",
            ));
        }
        fleet::pick_shard(&a[0], k)
            .map(Term::Int)
            .ok_or_else(|| bad_arg(1, "the shard count must be at least 1"))
    }),
];

/// `GenServer.call(Fleet.via(id), request)`.
fn fleet_call(ev: &mut Eval, id: &Term, request: Term) -> Result<Term, EvalError> {
    call(
        ev.world,
        ev.shell,
        &fleet::via(id),
        request,
        Some(5_000),
        ev.budget,
    )
    .map_err(call_failed)
}
