//! The KV store's client history, for the linearizability check
//! ([`crate::cluster::linearizability`]): `KV.command/1` records each
//! `GET`, `PUT` and `DELETE` as it is invoked and again when it replies,
//! with the virtual times and the calling process, so `Sim.linearizable()`
//! and `otpsim sweep` can ask whether the store behaved as one copy would.
//!
//! A command that never replies (its process died, its node crashed) stays
//! pending, and so does one answered `ERROR` (it may or may not have taken
//! effect); a `PUT` or `DELETE` answered `NOT FOUND` (no such bucket) did
//! nothing and is dropped. A key is `bucket/key`; the protocol prints an
//! absent key as an empty value, so an empty value reads as absent.

use crate::cluster::linearizability::{Action, Op};
use crate::kernel::World;
use crate::term::Pid;
use std::collections::BTreeMap;

/// The most operations kept: past it recording stops (and says so), so a
/// long session's snapshots do not carry an ever longer history.
pub const MAX_OPS: usize = 20_000;

/// The history so far (kept in the world as an [`crate::kernel::Ext`]).
#[derive(Clone, Debug, Default)]
pub struct History {
    ops: Vec<Op>,
    /// Operations invoked and not yet answered, by the id `invoke` gave.
    open: BTreeMap<u64, usize>,
    next: u64,
    /// Recording stopped at [`MAX_OPS`].
    pub full: bool,
}

/// Records the invocation of a protocol line by `client`; the id to
/// complete it with, or `None` for a line that is not a key operation.
pub fn invoke(world: &mut World, client: Pid, line: &str) -> Option<u64> {
    let (key, action) = match line.split_whitespace().collect::<Vec<_>>()[..] {
        ["GET", bucket, key] => (format!("{bucket}/{key}"), Action::Get(None)),
        ["PUT", bucket, key, value] => (format!("{bucket}/{key}"), Action::Put(value.to_string())),
        ["DELETE", bucket, key] => (format!("{bucket}/{key}"), Action::Delete),
        _ => return None,
    };
    let now = world.now();
    let h = world.ext_mut::<History>();
    if h.ops.len() >= MAX_OPS {
        h.full = true;
        return None;
    }
    let id = h.next;
    h.next += 1;
    h.open.insert(id, h.ops.len());
    h.ops.push(Op {
        client: (u64::from(client.node) << 32) | u64::from(client.id),
        key,
        action,
        invoke: now,
        complete: None,
    });
    Some(id)
}

/// Records the reply to operation `id`.
pub fn complete(world: &mut World, id: u64, reply: &str) {
    let now = world.now();
    let h = world.ext_mut::<History>();
    let Some(at) = h.open.remove(&id) else {
        return;
    };
    let Some(op) = h.ops.get_mut(at) else {
        return;
    };
    if reply.starts_with("ERROR") {
        return; // unknown outcome: left pending
    }
    let not_found = reply.starts_with("NOT FOUND");
    match &mut op.action {
        Action::Get(seen) => {
            // "<value>\r\nOK\r\n"; a missing bucket holds no keys.
            let value = if not_found {
                ""
            } else {
                reply.split("\r\n").next().unwrap_or("")
            };
            *seen = (!value.is_empty()).then(|| value.to_string());
        }
        Action::Put(_) | Action::Delete if not_found => {
            // No such bucket: nothing happened. Marked so `ops` leaves it out.
            op.client = u64::MAX;
        }
        _ => {}
    }
    op.complete = Some(now);
}

/// The operations recorded so far, in invocation order.
pub fn ops(world: &World) -> Vec<Op> {
    world.ext::<History>().map_or_else(Vec::new, |h| {
        h.ops
            .iter()
            .filter(|o| o.client != u64::MAX)
            .cloned()
            .collect()
    })
}

/// A number that changes whenever an operation is invoked or answered,
/// so a view re-checks the history only then.
pub fn version(world: &World) -> u64 {
    world
        .ext::<History>()
        .map_or(0, |h| (h.next * 2).saturating_sub(h.open.len() as u64))
}

/// The linearizability check of the history so far, with the failing
/// operations themselves: how many were checked, and the verdict.
pub fn verdict(world: &World) -> (usize, crate::cluster::linearizability::Verdict) {
    let ops = ops(world);
    (ops.len(), crate::cluster::linearizability::check(&ops))
}

/// Whether recording stopped at [`MAX_OPS`].
pub fn full(world: &World) -> bool {
    world.ext::<History>().is_some_and(|h| h.full)
}

/// A client as its pid prints (`<0.151.0>`).
pub fn client_text(client: u64) -> String {
    format!("<{}.{}.0>", client >> 32, client & 0xffff_ffff)
}

/// What an operation did: `PUT 1`, `GET -> 1`, `GET -> (absent)`, `DELETE`.
pub fn action_text(action: &Action) -> String {
    match action {
        Action::Put(v) => format!("PUT {v}"),
        Action::Get(Some(v)) => format!("GET -> {v}"),
        Action::Get(None) => "GET -> (absent)".to_string(),
        Action::Delete => "DELETE".to_string(),
    }
}

/// One operation as a line of a report: who, what, on which key, when
/// (virtual ms, `…` for one that never answered).
pub fn describe(op: &Op) -> String {
    let who = client_text(op.client);
    let what = action_text(&op.action);
    let ms = |t: crate::kernel::Time| format!("{}.{:03}", t / 1_000_000, (t / 1_000) % 1_000);
    let done = op.complete.map_or_else(|| "…".to_string(), ms);
    format!("{who} {what} on {} [{} s, {done} s]", op.key, ms(op.invoke))
}

/// The linearizability check of the history so far: `Ok(ops checked)`,
/// or the failing key and its smallest failing operations, described.
pub fn check(world: &World) -> Result<usize, (String, Vec<String>)> {
    use crate::cluster::linearizability::Verdict;
    match verdict(world) {
        (n, Verdict::Linearizable) => Ok(n),
        (_, Verdict::Violation { key, ops }) => Err((key, ops.iter().map(describe).collect())),
    }
}
