//! The `Fleet` application's API (seed 000).

use super::{bad_arg, int_arg, Entry};
use crate::apps::{fleet, ownership};
use crate::console::host::to_list;
use crate::term::Term;

pub(super) const ENTRIES: &[Entry] = &[
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
