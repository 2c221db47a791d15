//! `Shards.Worker`: one shard's data on one node.
//!
//! Every value carries a version, stamped by the writer when it makes the
//! write; merging keeps the higher one, so copies can arrive in any order,
//! twice, or late. A version is the virtual time of the write and the
//! world's event number at that moment: clocks in
//! the simulation are perfectly synchronized, so last-writer-wins by this
//! version is the real order of the writes. (A real cluster would need a
//! hybrid logical clock here; the tie-break by event number is what one
//! buys.)

use super::placement::{holders, shard_of};
use super::{copies, k, record_move, REGISTRY};
use crate::kernel::{Ctx, NodeId, World};
use crate::otp::child_spec::ChildSpec;
use crate::otp::gen_server::{self, reply, CallReply, From, GenServer, Init, Next, StartOpts};
use crate::otp::registry;
use crate::term::{Atom, Pid, Term};
use std::any::Any;
use std::collections::BTreeMap;

/// `Shards.Worker`.
pub const MODULE: &str = "Elixir.Shards.Worker";

/// A version: later wins (virtual time, then event number, then node).
type Version = (u64, u64, u32);

/// A handoff sent and not yet confirmed: which keys, at which versions.
#[derive(Clone)]
struct Pending {
    keys: Vec<(Term, Version)>,
    whole: bool,
    sent_at: u64,
}

/// A handoff unconfirmed this long (virtual µs) is sent again: its message
/// or its confirmation may have been lost on a cut link.
const RESEND_AFTER: u64 = 3_000_000;

/// One shard's data on one node.
#[derive(Clone)]
pub struct Worker {
    shard: i64,
    data: BTreeMap<Term, (Term, Version)>,
    /// Writes waiting for replica confirmations: tag → (caller, confirmations left).
    replicating: BTreeMap<Term, (From, usize)>,
    /// Handoffs waiting for the new primary's confirmation, by tag.
    handoffs: BTreeMap<Term, Pending>,
    /// The holders this worker last knew, with the worker each ran, to
    /// notice a change: a holder whose worker is new (its node crashed
    /// and came back between two checks) starts empty and needs a copy
    /// as much as a holder that was not there before.
    known: Vec<(NodeId, Option<Pid>)>,
    /// A new worker pulls its shard's keys from every reachable worker
    /// before it answers reads (a restarted node's worker starts empty;
    /// after a K change the keys are still with the old shards): the
    /// workers not answered yet, and when to stop waiting (virtual µs).
    pulling: Option<(Vec<Pid>, u64)>,
}

/// How long a new worker waits for the others' keys (virtual µs) before
/// it answers reads anyway: a worker on a node that went away never
/// answers.
const PULL_FOR: u64 = 1_000_000;

/// Every shard worker on `node` and the nodes it is connected to.
fn reachable_workers(world: &World, node: NodeId) -> Vec<Pid> {
    let mut nodes = world.connected_nodes(node);
    nodes.push(node);
    nodes.sort_unstable();
    workers_on(world, nodes)
}

/// Every live shard worker on `nodes`, in their order.
fn workers_on(world: &World, nodes: impl IntoIterator<Item = NodeId>) -> Vec<Pid> {
    nodes
        .into_iter()
        .flat_map(|n| registry::all(world, n, &Atom::new(REGISTRY)))
        .map(|(_, pid, _)| pid)
        .collect()
}

/// Each of `nodes` with the worker of `shard` it runs now.
fn with_workers(world: &World, nodes: &[NodeId], shard: i64) -> Vec<(NodeId, Option<Pid>)> {
    nodes
        .iter()
        .map(|n| (*n, worker_on(world, *n, shard)))
        .collect()
}

/// The worker of `shard` on `node`, if one runs there.
pub fn worker_on(world: &World, node: NodeId, shard: i64) -> Option<Pid> {
    registry::whereis(world, node, &Atom::new(REGISTRY), &Term::Int(shard))
}

/// Merges a `[{key, value, version}]` list of another worker's.
fn merge_entries(data: &mut BTreeMap<Term, (Term, Version)>, entries: &Term) {
    for e in entries.list_iter() {
        if let Some([key, value, ver]) = e.as_tuple() {
            if let Some(ver) = version_of(ver) {
                merge(data, key.clone(), value.clone(), ver);
            }
        }
    }
}

fn merge(data: &mut BTreeMap<Term, (Term, Version)>, key: Term, value: Term, version: Version) {
    match data.get(&key) {
        Some((_, have)) if *have >= version => {}
        _ => {
            data.insert(key, (value, version));
        }
    }
}

/// A new version for a write made now by a process on `node`.
pub fn stamp(world: &World, node: NodeId) -> Term {
    version_term((world.now(), world.events_run(), node))
}

/// `{:put, key, value, version}`: the write a worker's primary accepts
/// (`version` from [`stamp`]).
pub fn put_request(key: Term, value: Term, version: Term) -> Term {
    Term::tuple(vec![Term::atom("put"), key, value, version])
}

fn version_term(v: Version) -> Term {
    Term::tuple(vec![
        Term::Int(v.0 as i64),
        Term::Int(v.1 as i64),
        Term::Int(i64::from(v.2)),
    ])
}

fn version_of(t: &Term) -> Option<Version> {
    match t.as_tuple()? {
        [Term::Int(a), Term::Int(b), Term::Int(c)] => Some((*a as u64, *b as u64, *c as u32)),
        _ => None,
    }
}

fn entries_term(entries: &[(Term, Term, Version)]) -> Term {
    Term::list(
        entries
            .iter()
            .map(|(k, v, ver)| Term::tuple(vec![k.clone(), v.clone(), version_term(*ver)]))
            .collect(),
    )
}

impl Worker {
    /// The keys held here that belong to `shard` when there are `kk` shards.
    fn entries_of(&self, shard: i64, kk: i64) -> Vec<(Term, Term, Version)> {
        self.data
            .iter()
            .filter(|(key, _)| shard_of(key, kk) == shard)
            .map(|(k, (v, ver))| (k.clone(), v.clone(), *ver))
            .collect()
    }

    fn is_primary(&self, world: &World, node: NodeId) -> bool {
        self.shard < k(world)
            && holders(world, node, self.shard, copies(world)).first() == Some(&node)
    }

    /// Re-checks where this shard's keys belong and hands off what no
    /// longer belongs here. Returns true when the worker should stop.
    fn check(&mut self, ctx: &mut Ctx) -> bool {
        let node = ctx.node();
        let me = ctx.me();
        let now = ctx.now();
        self.handoffs
            .retain(|_, p| now.saturating_sub(p.sent_at) < RESEND_AFTER);
        let world = ctx.world_ref();
        let kk = k(world);
        let n = copies(world);
        let mine = if self.shard < kk {
            holders(world, node, self.shard, n)
        } else {
            Vec::new()
        };
        let staying = mine.contains(&node);
        // Group the keys by the shard and holders they belong to now.
        let mut groups: BTreeMap<i64, Vec<(Term, Term, Version)>> = BTreeMap::new();
        for (key, (value, ver)) in &self.data {
            let target = shard_of(key, kk);
            if target != self.shard || !staying {
                groups
                    .entry(target)
                    .or_default()
                    .push((key.clone(), value.clone(), *ver));
            }
        }
        // Holders (or their workers) changed while we stay: copy everything
        // to the new ones (and remember them only once every one of them
        // got it).
        let now_known = with_workers(world, &mine, self.shard);
        let mut reached_all = true;
        if staying && now_known != self.known && !self.data.is_empty() {
            let all = self.entries_of(self.shard, kk);
            let fresh: Vec<&(NodeId, Option<Pid>)> = now_known
                .iter()
                .filter(|h| h.0 != node && !self.known.contains(h))
                .collect();
            reached_all = fresh.iter().all(|h| h.1.is_some());
            for pid in fresh.iter().filter_map(|h| h.1) {
                ctx.send(pid, sync_message(self.shard, &all, None, me));
            }
        }
        if reached_all {
            self.known = now_known;
        }
        let from_name = ctx
            .world_ref()
            .node_name(node)
            .cloned()
            .map_or_else(Term::nil, Term::Atom);
        for (target, entries) in groups {
            let dest = holders(ctx.world_ref(), node, target, n);
            let Some(primary) = dest
                .first()
                .and_then(|p| worker_on(ctx.world_ref(), *p, target))
            else {
                continue; // not started yet: try again at the next check
            };
            if self.handoffs.values().any(|p| {
                p.keys
                    .iter()
                    .any(|(k, _)| entries.iter().any(|e| e.0 == *k))
            }) {
                continue; // already on its way
            }
            let tag = Term::Ref(ctx.make_ref());
            for holder in &dest {
                if let Some(pid) = worker_on(ctx.world_ref(), *holder, target) {
                    let ack = (pid == primary).then(|| tag.clone());
                    ctx.send(pid, sync_message(target, &entries, ack, me));
                }
            }
            let to: Vec<Term> = dest
                .iter()
                .filter_map(|d| ctx.world_ref().node_name(*d).cloned().map(Term::Atom))
                .collect();
            record_move(ctx.world(), target, from_name.clone(), to, entries.len());
            self.handoffs.insert(
                tag,
                Pending {
                    keys: entries.iter().map(|(k, _, v)| (k.clone(), *v)).collect(),
                    whole: !staying,
                    sent_at: now,
                },
            );
        }
        !staying && self.data.is_empty() && self.handoffs.is_empty()
    }

    fn confirmed(&mut self, tag: &Term, world: &World, node: NodeId) -> bool {
        if let Some(pending) = self.handoffs.remove(tag) {
            // K or the nodes may have changed back since the handoff left:
            // a key that belongs here again stays (its new holders may
            // already have handed it back and dropped their copy).
            let kk = k(world);
            let staying =
                self.shard < kk && holders(world, node, self.shard, copies(world)).contains(&node);
            for (key, ver) in pending.keys {
                if staying && shard_of(&key, kk) == self.shard {
                    continue;
                }
                // Only what was sent: a newer write made since stays.
                if self.data.get(&key).is_some_and(|(_, have)| *have == ver) {
                    self.data.remove(&key);
                }
            }
            return pending.whole && self.data.is_empty() && self.handoffs.is_empty();
        }
        false
    }
}

/// `{:shard_sync, shard, entries, ack_tag_or_nil, from}`.
fn sync_message(
    shard: i64,
    entries: &[(Term, Term, Version)],
    ack: Option<Term>,
    from: Pid,
) -> Term {
    Term::tuple(vec![
        Term::atom("shard_sync"),
        Term::Int(shard),
        entries_term(entries),
        ack.unwrap_or_else(Term::nil),
        Term::Pid(from),
    ])
}

impl GenServer for Worker {
    fn module(&self) -> Atom {
        Atom::new(MODULE)
    }

    fn init(&mut self, ctx: &mut Ctx) -> Init {
        let node = ctx.node();
        let me = ctx.me();
        let world = ctx.world_ref();
        let mine = holders(world, node, self.shard, copies(world));
        self.known = with_workers(world, &mine, self.shard);
        let peers: Vec<Pid> = reachable_workers(world, node)
            .into_iter()
            .filter(|p| *p != me)
            .collect();
        if !peers.is_empty() {
            let ask = Term::tuple(vec![
                Term::atom("shard_pull"),
                Term::Int(self.shard),
                Term::Pid(me),
            ]);
            for p in &peers {
                ctx.send(*p, ask.clone());
            }
            self.pulling = Some((peers, ctx.now() + PULL_FOR));
        }
        Init::Ok
    }

    fn handle_call(&mut self, request: &Term, from: &From, ctx: &mut Ctx) -> CallReply {
        let node = ctx.node();
        if !self.is_primary(ctx.world_ref(), node) {
            return CallReply::Reply(gen_server::error(Term::atom("not_owner")));
        }
        if let Some((_, until)) = &self.pulling {
            if ctx.now() >= *until {
                self.pulling = None;
            }
        }
        match request.as_tuple() {
            // Not before the keys it should have arrived: the caller retries.
            Some([tag, _]) if tag.is_atom("get") && self.pulling.is_some() => {
                CallReply::Reply(gen_server::error(Term::atom("not_ready")))
            }
            Some([tag, key]) if tag.is_atom("get") => CallReply::Reply(
                self.data
                    .get(key)
                    .map_or_else(Term::nil, |(v, _)| v.clone()),
            ),
            Some([tag, key, value, version]) if tag.is_atom("put") => {
                // The writer stamps its write when it makes it, so a copy of
                // an old write that arrives late can never beat a newer one.
                let Some(version) = version_of(version) else {
                    return CallReply::Reply(gen_server::error(Term::atom("bad_request")));
                };
                merge(&mut self.data, key.clone(), value.clone(), version);
                let world = ctx.world_ref();
                let replicas: Vec<Pid> = holders(world, node, self.shard, copies(world))
                    .into_iter()
                    .skip(1)
                    .filter_map(|n| worker_on(world, n, self.shard))
                    .collect();
                if replicas.is_empty() {
                    return CallReply::Reply(Term::ok());
                }
                let tag = Term::Ref(ctx.make_ref());
                let me = ctx.me();
                let entry = [(key.clone(), value.clone(), version)];
                for r in &replicas {
                    ctx.send(*r, sync_message(self.shard, &entry, Some(tag.clone()), me));
                }
                self.replicating.insert(tag, (from.clone(), replicas.len()));
                CallReply::NoReply
            }
            _ => CallReply::Reply(gen_server::error(Term::atom("bad_request"))),
        }
    }

    fn handle_info(&mut self, msg: &Term, ctx: &mut Ctx) -> Next {
        match msg.as_tuple() {
            Some([tag, _shard, entries @ Term::List(_), ack, Term::Pid(from)])
                if tag.is_atom("shard_sync") =>
            {
                merge_entries(&mut self.data, entries);
                if !ack.is_atom("nil") {
                    ctx.send(
                        *from,
                        Term::tuple(vec![Term::atom("shard_synced"), ack.clone()]),
                    );
                }
                Next::NoReply
            }
            // A new worker of `shard` asks for the keys that are its now.
            Some([tag, Term::Int(shard), Term::Pid(asker)]) if tag.is_atom("shard_pull") => {
                let kk = k(ctx.world_ref());
                let entries = self.entries_of(*shard, kk);
                let me = ctx.me();
                ctx.send(
                    *asker,
                    Term::tuple(vec![
                        Term::atom("shard_pulled"),
                        entries_term(&entries),
                        Term::Pid(me),
                    ]),
                );
                Next::NoReply
            }
            Some([tag, entries @ Term::List(_), Term::Pid(from)])
                if tag.is_atom("shard_pulled") =>
            {
                merge_entries(&mut self.data, entries);
                if let Some((waiting, _)) = &mut self.pulling {
                    waiting.retain(|p| p != from);
                    if waiting.is_empty() {
                        self.pulling = None;
                    }
                }
                Next::NoReply
            }
            Some([tag, ack]) if tag.is_atom("shard_synced") => {
                if let Some((caller, left)) = self.replicating.get_mut(ack) {
                    *left -= 1;
                    if *left == 0 {
                        let caller = caller.clone();
                        self.replicating.remove(ack);
                        reply(ctx, &caller, Term::ok());
                    }
                    return Next::NoReply;
                }
                let node = ctx.node();
                if self.confirmed(ack, ctx.world_ref(), node) {
                    return Next::Stop(Term::atom("normal"));
                }
                Next::NoReply
            }
            _ if msg.is_atom("check") => {
                if self.check(ctx) {
                    Next::Stop(Term::atom("normal"))
                } else {
                    Next::NoReply
                }
            }
            _ => Next::NoReply,
        }
    }

    fn state(&self) -> Term {
        Term::map([
            (Term::atom("shard"), Term::Int(self.shard)),
            (Term::atom("keys"), Term::Int(self.data.len() as i64)),
        ])
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Every live shard worker on every live node.
pub fn worker_pids(world: &World) -> Vec<Pid> {
    workers_on(
        world,
        (0..world.node_count() as NodeId).filter(|n| world.node_alive(*n)),
    )
}

/// True when the worker at `pid` holds `key` at `version` or later.
pub fn holds_at_least(world: &World, pid: Pid, key: &Term, version: &Term) -> bool {
    let Some(want) = version_of(version) else {
        return false;
    };
    world
        .behaviour(pid)
        .and_then(|b| b.as_any().downcast_ref::<Worker>())
        .and_then(|w| w.data.get(key))
        .is_some_and(|(_, have)| *have >= want)
}

/// How many keys the worker at `pid` holds.
pub fn key_count(world: &World, pid: Pid) -> Option<usize> {
    Some(
        world
            .behaviour(pid)?
            .as_any()
            .downcast_ref::<Worker>()?
            .data
            .len(),
    )
}

/// `Shards.Worker.start_link(shard)`: registers under the shard number.
fn start_link(ctx: &mut Ctx, args: &[Term]) -> Result<Term, Term> {
    let Some(shard) = args.first().and_then(Term::as_int) else {
        return Err(Term::atom("badarg"));
    };
    let worker = Worker {
        shard,
        data: BTreeMap::new(),
        replicating: BTreeMap::new(),
        handoffs: BTreeMap::new(),
        known: Vec::new(),
        pulling: None,
    };
    let name = crate::otp::registry::via_name(&Atom::new(REGISTRY), &Term::Int(shard));
    Ok(gen_server::start(
        ctx,
        worker,
        StartOpts {
            name: Some(name),
            link: true,
        },
    ))
}

/// The child spec the manager starts workers with (temporary: the manager
/// decides when a shard needs a worker).
pub fn child_spec(shard: i64) -> ChildSpec {
    ChildSpec {
        id: Term::atom(MODULE),
        start: (
            Atom::new(MODULE),
            Atom::new("start_link"),
            vec![Term::Int(shard)],
        ),
        restart: crate::otp::child_spec::Restart::Temporary,
        ..ChildSpec::worker_default()
    }
}

pub(super) fn load(world: &mut World) {
    world.load(MODULE, "start_link", 1, start_link);
}
