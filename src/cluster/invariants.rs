//! Invariants the cluster must keep, checked by `Sim.check()` and by the
//! chaos tests after every step.
//!
//! - Within each partition (nodes joined by live connections), every node
//!   agrees on each `:global` name: at most one owner per name.
//! - Every unique `Registry` key on a node has at most one live owner.
//! - Once the world has settled, every name resolves to a live process, and
//!   every wanted `Fleet` user runs on exactly one node of each partition.
//! - Every write the shard fleet acknowledged is still on a live worker.

use crate::kernel::{NodeId, World};
use crate::otp::{global, registry};
use crate::term::{inspect, Term};
use std::collections::BTreeMap;

/// Every violation found, as readable sentences; empty when all hold.
/// `settled` also requires that no name points at a dead process.
pub fn check(world: &World, settled: bool) -> Vec<String> {
    let mut violations = Vec::new();
    let nodes: Vec<NodeId> = (0..world.node_count() as NodeId)
        .filter(|n| world.node_alive(*n))
        .collect();
    let label = |n: NodeId| {
        world
            .node_name(n)
            .map_or_else(String::new, |a| inspect(&Term::Atom(*a)))
    };
    // :global — one view per partition.
    let mut seen = std::collections::BTreeSet::new();
    for &node in &nodes {
        if !seen.insert(node) {
            continue;
        }
        let partition = world.component(node);
        seen.extend(partition.iter().copied());
        let mut owners: BTreeMap<Term, BTreeMap<NodeId, Term>> = BTreeMap::new();
        for &n in &partition {
            if let Some(names) = global::names(world, n) {
                for (name, entry) in &names.0 {
                    owners
                        .entry(name.clone())
                        .or_default()
                        .insert(n, Term::Pid(entry.pid));
                }
            }
        }
        for (name, by_node) in owners {
            let mut live: Vec<&Term> = by_node
                .values()
                .filter(|p| p.as_pid().is_some_and(|p| world.is_alive(p)))
                .collect();
            live.sort();
            live.dedup();
            // A dead owner lingers until each node's monitor fires; in a
            // settled world every node must name the same live owner.
            let disagree = if settled {
                live.len() != 1
                    || by_node.len() != partition.len()
                    || by_node.values().any(|p| Some(p) != live.first().copied())
            } else {
                live.len() > 1
            };
            if disagree {
                let views: Vec<String> = partition
                    .iter()
                    .map(|n| {
                        format!(
                            "{} sees {}",
                            label(*n),
                            by_node.get(n).map_or("nothing".into(), inspect)
                        )
                    })
                    .collect();
                violations.push(format!(
                    "global name {} has {} live owners in one partition: {}",
                    inspect(&name),
                    live.len(),
                    views.join(", ")
                ));
            }
        }
    }
    // Fleet users — once settled, each wanted user runs on exactly one node
    // of each partition (its rendezvous owner there).
    if settled {
        let mut done = std::collections::BTreeSet::new();
        for &node in &nodes {
            if done.contains(&node) {
                continue;
            }
            let partition = world.component(node);
            done.extend(partition.iter().copied());
            for id in crate::apps::ownership::wanted(world) {
                let running: Vec<NodeId> = crate::apps::ownership::running_on(world, &id)
                    .into_iter()
                    .filter(|n| partition.contains(n))
                    .collect();
                if running.len() != 1 {
                    let names: Vec<String> = running.iter().map(|n| label(*n)).collect();
                    violations.push(format!(
                        "Fleet user {} runs on {} nodes of one partition: [{}]",
                        inspect(&id),
                        running.len(),
                        names.join(", ")
                    ));
                }
            }
        }
    }
    // Registry — unique keys have one live owner on each node.
    for &n in &nodes {
        for reg in registry::registries(world, n) {
            if registry::is_unique(world, n, &reg) != Some(true) {
                continue;
            }
            let mut live: BTreeMap<Term, usize> = BTreeMap::new();
            for (key, _, _) in registry::all(world, n, &reg) {
                *live.entry(key).or_default() += 1;
            }
            for (key, count) in live.into_iter().filter(|(_, c)| *c > 1) {
                violations.push(format!(
                    "{} key {} on {} has {count} live owners",
                    inspect(&Term::Atom(reg)),
                    inspect(&key),
                    label(n)
                ));
            }
        }
    }
    violations.extend(crate::apps::shards::ledger::violations(world));
    violations
}
