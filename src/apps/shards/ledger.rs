//! Every write the shard fleet acknowledged, world-wide, at its version:
//! what `Sim.check()` holds the fleet to. An acknowledged write must stay
//! on at least one live worker; a key whose every copy is gone (its nodes
//! crashed before it was copied, or a handoff dropped it) is reported.

use super::workers::{data, worker_pids};
use crate::kernel::World;
use crate::term::{inspect, Term};
use std::collections::BTreeMap;

/// Acknowledged writes: key → the version of the last acknowledged one.
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    acked: BTreeMap<Term, Term>,
}

/// Notes that the write of `key` at `version` was acknowledged.
pub fn record(world: &mut World, key: Term, version: Term) {
    let ledger = world.ext_mut::<Ledger>();
    match ledger.acked.get(&key) {
        Some(have) if *have >= version => {}
        _ => {
            ledger.acked.insert(key, version);
        }
    }
}

/// One sentence per acknowledged key that no live worker holds (at its
/// acknowledged version or later).
pub fn violations(world: &World) -> Vec<String> {
    let Some(ledger) = world.ext::<Ledger>() else {
        return Vec::new();
    };
    if ledger.acked.is_empty() {
        return Vec::new();
    }
    let held: Vec<Term> = worker_pids(world)
        .into_iter()
        .filter_map(|w| data(world, w))
        .collect();
    let holds = |data: &Term, key: &Term, version: &Term| {
        data.as_map()
            .and_then(|d| d.get(key))
            .and_then(Term::as_tuple)
            .is_some_and(|entry| matches!(entry, [_, have] if have >= version))
    };
    let mut lost: Vec<&Term> = ledger
        .acked
        .iter()
        .filter(|(key, version)| !held.iter().any(|d| holds(d, key, version)))
        .map(|(key, _)| key)
        .collect();
    if lost.is_empty() {
        return Vec::new();
    }
    let count = lost.len();
    lost.truncate(10);
    let shown: Vec<String> = lost.iter().map(|k| inspect(k)).collect();
    vec![format!(
        "{count} acknowledged shard key(s) have no live copy: {}{}",
        shown.join(", "),
        if count > shown.len() { ", ..." } else { "" }
    )]
}
