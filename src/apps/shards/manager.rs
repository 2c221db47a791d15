//! `Shards.Manager`: makes its node hold the shards it should.

use super::placement::holders;
use super::worker::{child_spec, worker_on};
use super::{copies, k, REGISTRY, SUPERVISOR};
use crate::kernel::{Ctx, World};
use crate::otp::dynamic_supervisor::start_child_request;
use crate::otp::registry;
use crate::term::{Atom, Term};

/// `Shards.Manager`.
pub const MODULE: &str = "Elixir.Shards.Manager";
/// How often a manager looks again, in milliseconds.
pub const TICK_MS: u64 = 1_000;

/// After a change, workers are checked on this many looks in a row (a
/// handoff whose destination was not started yet is retried); in quiet
/// times only every this-many looks, to keep the event log readable.
const QUIET_EVERY: u32 = 5;

/// What the placement depends on: K, the copies, the nodes this node sees.
type Generation = (i64, usize, Vec<crate::kernel::NodeId>);

/// The per-node manager, remembering the placement it last acted on.
#[derive(Clone, Default)]
struct Manager {
    seen: Option<Generation>,
    /// Looks since the placement last changed.
    quiet: u32,
    /// The shards this node holds under `seen`: placement hashes every
    /// node for every shard, so it is redone only when `seen` changes.
    mine: Vec<i64>,
}

impl crate::apps::periodic::Reconcile for Manager {
    fn module(&self) -> Atom {
        Atom::new(MODULE)
    }

    fn every_ms(&self) -> u64 {
        TICK_MS
    }

    /// Starts missing workers for shards this node holds, then asks every
    /// local worker to re-check where its keys belong.
    fn reconcile(&mut self, ctx: &mut Ctx) {
        let node = ctx.node();
        let me = ctx.me();
        let world = ctx.world_ref();
        let Some(sup) = world.whereis(node, &Atom::new(SUPERVISOR)) else {
            return;
        };
        let (kk, n) = (k(world), copies(world));
        let generation = (kk, n, crate::apps::ownership::view(world, node));
        let changed = self.seen.as_ref() != Some(&generation);
        if changed {
            self.mine = (0..kk)
                .filter(|s| holders(world, node, *s, n).contains(&node))
                .collect();
        }
        let missing: Vec<i64> = self
            .mine
            .iter()
            .copied()
            .filter(|s| worker_on(world, node, *s).is_none())
            .collect();
        for shard in missing {
            let tag = Term::Ref(ctx.make_ref());
            let from = Term::tuple(vec![Term::Pid(me), tag]);
            let call = start_child_request(&child_spec(shard));
            ctx.send(sup, Term::tuple(vec![Term::atom("$gen_call"), from, call]));
        }
        if changed {
            self.seen = Some(generation);
            self.quiet = 0;
        } else {
            self.quiet = self.quiet.saturating_add(1);
        }
        if self.quiet >= QUIET_EVERY && self.quiet % QUIET_EVERY != 0 {
            return;
        }
        let local: Vec<crate::term::Pid> =
            registry::all(ctx.world_ref(), node, &Atom::new(REGISTRY))
                .into_iter()
                .map(|(_, pid, _)| pid)
                .collect();
        for pid in local {
            ctx.send(pid, Term::atom("check"));
        }
    }
}

fn manager_start_link(ctx: &mut Ctx, _args: &[Term]) -> Result<Term, Term> {
    Ok(crate::apps::periodic::start_link(ctx, Manager::default()))
}

/// Asks every live node's manager to reconcile now (after a change of K).
pub fn nudge_all(world: &mut World) {
    let manager = Atom::new(MODULE);
    for node in 0..world.node_count() as u32 {
        if let Some(pid) = world.whereis(node, &manager) {
            world.send(pid, pid, Term::atom("reconcile"));
        }
    }
}

pub(super) fn load(world: &mut World) {
    world.load(MODULE, "start_link", 1, manager_start_link);
}
