//! Sharded ownership of `Fleet` users across nodes (seed 000: "shard per
//! user_id by hash, route via Registry across nodes, reconcile ownership
//! after netsplit heal").
//!
//! The wanted users are cluster configuration (`Fleet.Cluster.own/1` adds
//! ids to it). Each user belongs to the node that wins rendezvous hashing
//! over the nodes a node can see — itself and `Node.list()` — the node
//! whose `:erlang.phash2({id, node})` is largest. Every node runs a
//! `Fleet.Cluster` reconciler that, on `:nodeup`, `:nodedown` and every
//! second, starts the users it owns but does not run and stops the ones it
//! runs but no longer owns. During a split each side owns a copy; after the
//! heal the views agree again and the extra copies stop. Each start and
//! stop is in the trace as an ownership move.

use super::fleet;
use crate::kernel::{Ctx, NodeId, TraceKind, World};
use crate::otp::child_spec::ChildSpec;
use crate::otp::dynamic_supervisor::start_child_request;
use crate::otp::registry;
use crate::term::{phash2, Atom, Term};

/// `Fleet.Cluster`.
pub const MODULE: &str = "Elixir.Fleet.Cluster";
/// How often a reconciler looks again, in milliseconds.
pub const TICK_MS: u64 = 1_000;

/// The users the cluster wants running, in term order.
pub fn wanted(world: &World) -> Vec<Term> {
    world
        .get_env("fleet", "users")
        .and_then(|t| t.list_to_vec())
        .unwrap_or_default()
}

/// Adds `ids` to the users the cluster wants running.
pub fn own(world: &mut World, ids: &[Term]) {
    let mut all = wanted(world);
    all.extend(ids.iter().cloned());
    all.sort();
    all.dedup();
    world.put_env("fleet", "users", Term::list(all));
}

/// The owner of `id` among `nodes`: the largest `phash2({id, node_name})`,
/// the first such node on a tie.
pub fn owner(world: &World, id: &Term, nodes: &[NodeId]) -> Option<NodeId> {
    let mut best: Option<(u32, NodeId)> = None;
    for &n in nodes {
        let Some(name) = world.node_name(n) else {
            continue;
        };
        let h = phash2(&Term::tuple(vec![id.clone(), Term::Atom(*name)]));
        if best.is_none_or(|(b, _)| h > b) {
            best = Some((h, n));
        }
    }
    best.map(|(_, n)| n)
}

/// The nodes `node` sees: itself and its connections, in index order.
pub fn view(world: &World, node: NodeId) -> Vec<NodeId> {
    let mut nodes = world.connected_nodes(node);
    nodes.push(node);
    nodes.sort_unstable();
    nodes
}

/// The nodes where `id` runs now (registered in their `Fleet.Registry`).
pub fn running_on(world: &World, id: &Term) -> Vec<NodeId> {
    let reg = Atom::new(fleet::REGISTRY);
    (0..world.node_count() as NodeId)
        .filter(|n| world.node_alive(*n))
        .filter(|n| registry::whereis(world, *n, &reg, id).is_some())
        .collect()
}

/// How long a request to `Fleet.Dynamic` may go unanswered before the
/// reconciler forgets it (the supervisor may have died meanwhile).
const IN_FLIGHT_US: u64 = 5_000_000;

/// The per-node reconciler, with its requests to `Fleet.Dynamic` still
/// waiting for a reply (call tag → user id and when asked), so it never
/// asks twice for the same user.
#[derive(Clone, Default)]
struct Reconciler {
    in_flight: std::collections::BTreeMap<Term, (Term, u64)>,
}

impl super::periodic::Reconcile for Reconciler {
    fn module(&self) -> Atom {
        Atom::new(MODULE)
    }

    fn every_ms(&self) -> u64 {
        TICK_MS
    }

    fn reconcile(&mut self, ctx: &mut Ctx) {
        let now = ctx.now();
        self.in_flight
            .retain(|_, (_, asked)| now.saturating_sub(*asked) < IN_FLIGHT_US);
        let node = ctx.node();
        let me = ctx.me();
        let world = ctx.world_ref();
        let users = wanted(world);
        if users.is_empty() && self.in_flight.is_empty() {
            return;
        }
        let nodes = view(world, node);
        let reg = Atom::new(fleet::REGISTRY);
        let Some(dynamic) = world.whereis(node, &Atom::new(fleet::DYNAMIC)) else {
            return;
        };
        let mut starts = Vec::new();
        let mut stops = Vec::new();
        for id in users {
            if self.in_flight.values().any(|(pending, _)| *pending == id) {
                continue;
            }
            let mine = owner(world, &id, &nodes) == Some(node);
            let running = registry::whereis(world, node, &reg, &id);
            match (mine, running) {
                (true, None) => starts.push(id),
                (false, Some(pid)) => stops.push((id, pid)),
                _ => {}
            }
        }
        let name = world
            .node_name(node)
            .cloned()
            .map_or_else(Term::nil, Term::Atom);
        for id in starts {
            let spec = ChildSpec {
                id: Term::atom(fleet::WORKER),
                start: (
                    Atom::new(fleet::WORKER),
                    Atom::new("start_link"),
                    vec![id.clone()],
                ),
                ..ChildSpec::worker_default()
            };
            let tag = Term::Ref(ctx.make_ref());
            self.in_flight.insert(tag.clone(), (id.clone(), now));
            let from = Term::tuple(vec![Term::Pid(me), tag]);
            let call = Term::tuple(vec![
                Term::atom("$gen_call"),
                from,
                start_child_request(&spec),
            ]);
            ctx.send(dynamic, call);
            ctx.world().record(TraceKind::Ownership {
                key: id,
                node: name.clone(),
                action: "start",
            });
        }
        for (id, pid) in stops {
            let tag = Term::Ref(ctx.make_ref());
            self.in_flight.insert(tag.clone(), (id.clone(), now));
            let from = Term::tuple(vec![Term::Pid(me), tag]);
            let request = Term::tuple(vec![Term::atom("terminate_child"), Term::Pid(pid)]);
            ctx.send(
                dynamic,
                Term::tuple(vec![Term::atom("$gen_call"), from, request]),
            );
            ctx.world().record(TraceKind::Ownership {
                key: id,
                node: name.clone(),
                action: "stop",
            });
        }
    }

    fn other(&mut self, msg: &Term, _ctx: &mut Ctx) {
        if let Some([tag, _reply]) = msg.as_tuple() {
            // Fleet.Dynamic answered; the next look sees the result.
            self.in_flight.remove(tag);
        }
    }
}

fn start_link(ctx: &mut Ctx, _args: &[Term]) -> Result<Term, Term> {
    Ok(super::periodic::start_link(ctx, Reconciler::default()))
}

pub(super) fn load(world: &mut World) {
    world.load(MODULE, "start_link", 0, start_link);
}
