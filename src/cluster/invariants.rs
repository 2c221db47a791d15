//! Invariants the cluster must keep, checked by `Sim.check()`, by the
//! chaos tests after every step, and live as the built-in sets of
//! `Sim.invariant/1` (see `cluster::watch`).
//!
//! - Within each partition (nodes joined by live connections), every node
//!   agrees on each `:global` name: at most one owner per name.
//! - Every unique `Registry` key on a node has at most one live owner.
//! - Once the world has settled, every name resolves to a live process, and
//!   every wanted `Fleet` user runs on exactly one node of each partition.
//! - Every write the shard fleet acknowledged is still on a live worker.
//! - Live only: no `Registry` keeps an entry of a dead process, and while
//!   the cluster is connected every shard runs on as many nodes as it has
//!   copies.

use crate::kernel::{NodeId, World};
use crate::otp::{global, registry};
use crate::term::{inspect, Atom, Term};
use std::collections::BTreeMap;

/// Every violation found, as readable sentences; empty when all hold.
/// `settled` also requires that no name points at a dead process.
pub fn check(world: &World, settled: bool) -> Vec<String> {
    let mut violations = global_owners(world, settled);
    if settled {
        violations.extend(fleet_users(world));
    }
    violations.extend(registry_unique(world));
    violations.extend(crate::apps::shards::ledger::violations(world));
    violations
}

fn live_nodes(world: &World) -> Vec<NodeId> {
    (0..world.node_count() as NodeId)
        .filter(|n| world.node_alive(*n))
        .collect()
}

/// The live nodes grouped by partition (nodes joined by live connections),
/// each group once, in the order of its lowest node.
fn partitions(world: &World) -> Vec<Vec<NodeId>> {
    let mut seen = std::collections::BTreeSet::new();
    let mut groups = Vec::new();
    for node in live_nodes(world) {
        if seen.contains(&node) {
            continue;
        }
        let partition = world.component(node);
        seen.extend(partition.iter().copied());
        groups.push(partition);
    }
    groups
}

fn label(world: &World, n: NodeId) -> String {
    world
        .node_name(n)
        .map_or_else(String::new, |a| inspect(&Term::Atom(*a)))
}

/// `:global` — within each partition at most one live owner per name;
/// once `settled`, exactly one that every node of the partition names.
pub fn global_owners(world: &World, settled: bool) -> Vec<String> {
    let mut violations = Vec::new();
    let label = |n: NodeId| label(world, n);
    for partition in partitions(world) {
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
    violations
}

/// Fleet users — in a settled world, each wanted user runs on exactly one
/// node of each partition (its rendezvous owner there).
pub fn fleet_users(world: &World) -> Vec<String> {
    let mut violations = Vec::new();
    let label = |n: NodeId| label(world, n);
    for partition in partitions(world) {
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
    violations
}

/// Registry — unique keys have at most one live owner on each node.
pub fn registry_unique(world: &World) -> Vec<String> {
    let mut violations = Vec::new();
    let label = |n: NodeId| label(world, n);
    for n in live_nodes(world) {
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
    violations
}

/// Registry — no table keeps an entry of a dead process for long (each
/// registry's partition removes a process's keys when it exits).
pub fn registry_stale(world: &World) -> Vec<String> {
    let mut violations = Vec::new();
    for n in live_nodes(world) {
        for reg in registry::registries(world, n) {
            let Some(entries) = registry::entries(world, n, &reg) else {
                continue;
            };
            for (key, list) in &entries.by_key {
                for (pid, _) in list.iter().filter(|(p, _)| !world.is_alive(*p)) {
                    violations.push(format!(
                        "{} on {} still maps {} to the dead {}",
                        inspect(&Term::Atom(reg)),
                        label(world, n),
                        inspect(key),
                        inspect(&Term::Pid(*pid))
                    ));
                }
            }
        }
    }
    violations
}

/// Shards — while every live node is in one partition, each shard of
/// `0..K` runs on as many nodes as it has copies (one primary).
pub fn shards_placed(world: &World) -> Vec<String> {
    use crate::apps::shards;
    let nodes = live_nodes(world);
    let Some(&first) = nodes.first() else {
        return Vec::new();
    };
    if world.component(first).len() != nodes.len() {
        return Vec::new();
    }
    let reg = Atom::new(shards::REGISTRY);
    let hosts: Vec<NodeId> = nodes
        .into_iter()
        .filter(|n| registry::entries(world, *n, &reg).is_some())
        .collect();
    let mut count: BTreeMap<i64, Vec<NodeId>> = BTreeMap::new();
    for &n in &hosts {
        for (key, _, _) in registry::all(world, n, &reg) {
            if let Some(s) = key.as_int() {
                count.entry(s).or_default().push(n);
            }
        }
    }
    if count.is_empty() {
        return Vec::new();
    }
    let want = shards::copies(world).min(hosts.len());
    let mut violations = Vec::new();
    for shard in 0..shards::k(world) {
        let on = count.remove(&shard).unwrap_or_default();
        if on.len() != want {
            let names: Vec<String> = on.iter().map(|n| label(world, *n)).collect();
            violations.push(format!(
                "shard {shard} runs on {} nodes, not {want}: [{}]",
                on.len(),
                names.join(", ")
            ));
        }
    }
    for (shard, on) in count {
        violations.push(format!(
            "shard {shard} is past K and still runs on {} nodes",
            on.len()
        ));
    }
    violations
}
