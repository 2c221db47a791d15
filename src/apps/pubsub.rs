//! `Phoenix.PubSub` with its `:pg` adapter, the design seed 002's Hermes
//! rebuilds ("Distributed PubSub in Elixir").
//!
//! ```text
//! Hermes.PubSub.Supervisor (Phoenix.PubSub.Supervisor, rest_for_one)
//! ├─ Hermes.PubSub          Registry, keys: :duplicate — the local subscribers
//! └─ Hermes.PubSub.Adapter  Phoenix.PubSub.PG2Worker — member of the :pg group
//!                           {:hermes, Hermes.PubSub} in the default scope
//! ```
//!
//! Why this shape: subscribers never leave their node. Subscribing is a
//! local `Registry.register/3`; only the one adapter per node joins a
//! cluster-wide `:pg` group. A broadcast therefore costs one message per
//! remote node, whatever the number of subscribers there:
//!
//! 1. the caller reads the group's members from its node's `:pg` view;
//! 2. it sends `{:forward_to_local, topic, message, Phoenix.PubSub}` to each
//!    member on another node;
//! 3. it dispatches to its own node's subscribers from the local registry;
//! 4. each remote adapter does step 3 on its node when the forward arrives.
//!
//! Because step 1 reads the local `:pg` view, a node cut off by a partition
//! simply stops receiving (its adapter left the view) until the nodes
//! reconnect and the scopes sync again.
//!
//! Differences from phoenix_pubsub 2.1: topics may be any term (the seed uses
//! atoms such as `:"user.created"`), there is no pool (one adapter process,
//! no `Adapter_supervisor` level), the group lives in the default `:pg`
//! scope under the seed's name `{:hermes, pubsub}`, and the adapter's
//! `:pg.join` is not awaited in `init` (a process here cannot block on a call).

use crate::kernel::{Ctx, NodeId, World};
use crate::otp::child_spec::{self, ChildKind, ChildSpec, Shutdown};
use crate::otp::gen_server::{self, keyword_get, GenServer, Init, Next, StartOpts};
use crate::otp::pg;
use crate::otp::registry::{self, RegistryError};
use crate::otp::supervisor::{self, Flags, Strategy};
use crate::term::{Atom, Pid, Term};
use std::any::Any;

/// `Phoenix.PubSub`, also the dispatcher named in forwarded messages.
pub const PUBSUB: &str = "Elixir.Phoenix.PubSub";
/// `Phoenix.PubSub.Supervisor`.
pub const SUPERVISOR: &str = "Elixir.Phoenix.PubSub.Supervisor";
/// `Phoenix.PubSub.PG2`, the adapter recorded in the registry's meta.
pub const ADAPTER: &str = "Elixir.Phoenix.PubSub.PG2";
/// `Phoenix.PubSub.PG2Worker`, the per-node adapter process.
pub const WORKER: &str = "Elixir.Phoenix.PubSub.PG2Worker";

/// `Module.concat(name, suffix)`: `Hermes.PubSub` + `"Adapter"` →
/// `Hermes.PubSub.Adapter`.
pub fn concat(name: &Atom, suffix: &str) -> Atom {
    let base = name.as_str();
    let base = base.strip_prefix("Elixir.").unwrap_or(base);
    Atom::new(&format!("Elixir.{base}.{suffix}"))
}

/// The `:pg` group the adapters of `pubsub` join: `{:hermes, pubsub}`.
pub fn group(pubsub: &Atom) -> Term {
    Term::tuple([Term::atom("hermes"), Term::Atom(*pubsub)])
}

/// The adapter's registered name, from the registry's `:pubsub` meta
/// (`{Phoenix.PubSub.PG2, adapter_name}`); an unknown pubsub is an unknown registry.
fn adapter_name(world: &World, node: NodeId, pubsub: &Atom) -> Result<Atom, RegistryError> {
    let meta = registry::meta(world, node, pubsub, &Term::atom("pubsub"))?;
    match meta.as_ref().and_then(Term::as_tuple) {
        Some([_, Term::Atom(name)]) => Ok(*name),
        _ => Err(RegistryError::Unknown(*pubsub)),
    }
}

/// `Phoenix.PubSub.subscribe(pubsub, topic, metadata: value)` made by `pid`.
pub fn subscribe(
    world: &mut World,
    pid: Pid,
    pubsub: &Atom,
    topic: &Term,
    value: Term,
) -> Result<Term, RegistryError> {
    let result = registry::register(world, pid, pubsub, topic, value)?;
    Ok(match result.as_tuple() {
        Some([ok, _]) if ok.is_atom("ok") => Term::ok(),
        _ => result,
    })
}

/// `Phoenix.PubSub.unsubscribe(pubsub, topic)` made by `pid`.
pub fn unsubscribe(
    world: &mut World,
    pid: Pid,
    pubsub: &Atom,
    topic: &Term,
) -> Result<(), RegistryError> {
    registry::unregister(world, pid, pubsub, topic)
}

/// `{:forward_to_local, topic, message, Phoenix.PubSub}`.
fn forward(topic: &Term, message: &Term) -> Term {
    Term::tuple([
        Term::atom("forward_to_local"),
        topic.clone(),
        message.clone(),
        Term::atom(PUBSUB),
    ])
}

/// `Phoenix.PubSub.broadcast/3` (`skip` `None`) and `broadcast_from/4`
/// (`skip` the sender) made by `from`: one forward per remote adapter in
/// `from`'s `:pg` view, then the local subscribers.
pub fn broadcast(
    world: &mut World,
    from: Pid,
    pubsub: &Atom,
    topic: &Term,
    message: &Term,
    skip: Option<Pid>,
) -> Result<(), RegistryError> {
    let node = from.node;
    adapter_name(world, node, pubsub)?;
    let scope = Atom::new(pg::DEFAULT_SCOPE);
    let msg = forward(topic, message);
    for adapter in pg::get_members(world, node, &scope, &group(pubsub)) {
        if adapter.node != node {
            world.send(from, adapter, msg.clone());
        }
    }
    local_broadcast(world, from, pubsub, topic, message, skip)
}

/// `Phoenix.PubSub.local_broadcast/3` (and `local_broadcast_from/4`) made
/// by `from`: every subscriber on `from`'s node but `skip`.
pub fn local_broadcast(
    world: &mut World,
    from: Pid,
    pubsub: &Atom,
    topic: &Term,
    message: &Term,
    skip: Option<Pid>,
) -> Result<(), RegistryError> {
    for (pid, _) in registry::lookup(world, from.node, pubsub, topic)? {
        if Some(pid) != skip {
            world.send(from, pid, message.clone());
        }
    }
    Ok(())
}

/// `Phoenix.PubSub.direct_broadcast(node, pubsub, topic, message)` made by
/// `from`: one forward to `node`'s adapter (a no-op when it is unknown, as a
/// send to a name on an unreachable node is).
pub fn direct_broadcast(
    world: &mut World,
    from: Pid,
    node: &Atom,
    pubsub: &Atom,
    topic: &Term,
    message: &Term,
) -> Result<(), RegistryError> {
    let adapter = adapter_name(world, from.node, pubsub)?;
    let target = world
        .node_by_atom(node)
        .and_then(|n| world.whereis(n, &adapter));
    if let Some(target) = target {
        world.send(from, target, forward(topic, message));
    }
    Ok(())
}

// ---- the processes ------------------------------------------------------

/// The adapter process on each node: forwards arrive here and go out to the
/// local subscribers.
#[derive(Clone)]
struct Worker {
    pubsub: Atom,
}

impl GenServer for Worker {
    fn module(&self) -> Atom {
        Atom::new(WORKER)
    }

    fn init(&mut self, ctx: &mut Ctx) -> Init {
        let scope = Atom::new(pg::DEFAULT_SCOPE);
        let me = Term::Pid(ctx.me());
        if pg::join_async(ctx, &scope, group(&self.pubsub), me) {
            Init::Ok
        } else {
            // `:ok = :pg.join(...)` exits when the scope is not running.
            Init::Stop(Term::tuple([
                Term::atom("noproc"),
                Term::tuple([
                    Term::atom("gen_server"),
                    Term::atom("call"),
                    Term::list(vec![Term::Atom(scope), Term::atom("join_local")]),
                ]),
            ]))
        }
    }

    fn handle_info(&mut self, msg: &Term, ctx: &mut Ctx) -> Next {
        if let Some([tag, topic, message, _dispatcher]) = msg.as_tuple() {
            if tag.is_atom("forward_to_local") {
                // An unknown registry means our own supervisor is going down.
                let subscribers =
                    registry::lookup(ctx.world_ref(), ctx.node(), &self.pubsub, topic);
                for (pid, _) in subscribers.unwrap_or_default() {
                    ctx.send(pid, message.clone());
                }
            }
        }
        // Anything else (the `{ref, :ok}` reply of the join) is ignored, as in Phoenix.
        Next::NoReply
    }

    fn state(&self) -> Term {
        Term::Atom(self.pubsub)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `Phoenix.PubSub.PG2Worker.start_link({pubsub, adapter_name})`.
fn worker_start_link(ctx: &mut Ctx, args: &[Term]) -> Result<Term, Term> {
    let Some([Term::Atom(pubsub), Term::Atom(name)]) = args.first().and_then(Term::as_tuple) else {
        return Err(crate::otp::reasons::function_clause(
            WORKER,
            "start_link",
            1,
        ));
    };
    Ok(gen_server::start(
        ctx,
        Worker { pubsub: *pubsub },
        StartOpts {
            name: Some(Term::Atom(*name)),
            link: true,
        },
    ))
}

fn name_required() -> Term {
    crate::otp::reasons::argument_error("the :name option is required when starting Phoenix.PubSub")
}

/// `Phoenix.PubSub.Supervisor.start_link(opts)`: the registry, then the adapter.
fn supervisor_start_link(ctx: &mut Ctx, args: &[Term]) -> Result<Term, Term> {
    let opts = args.first().cloned().unwrap_or_else(|| Term::list(vec![]));
    let Some(Term::Atom(name)) = keyword_get(&opts, "name") else {
        return Err(name_required());
    };
    let adapter = concat(&name, "Adapter");
    let registry = Term::tuple([
        Term::atom("Elixir.Registry"),
        Term::keyword(vec![
            (
                "meta",
                Term::keyword(vec![(
                    "pubsub",
                    Term::tuple([Term::atom(ADAPTER), Term::Atom(adapter)]),
                )]),
            ),
            ("keys", Term::atom("duplicate")),
            ("name", Term::Atom(name)),
        ]),
    ]);
    let worker = ChildSpec {
        id: Term::Atom(adapter),
        start: (
            Atom::new(WORKER),
            Atom::new("start_link"),
            vec![Term::tuple([Term::Atom(name), Term::Atom(adapter)])],
        ),
        ..ChildSpec::worker_default()
    };
    let children = vec![child_spec::normalize(ctx, &registry)?, worker];
    Ok(supervisor::start(
        ctx,
        Atom::new(SUPERVISOR),
        children,
        Flags {
            strategy: Strategy::RestForOne,
            ..Flags::default()
        },
        Some(Term::Atom(concat(&name, "Supervisor"))),
    ))
}

/// `Phoenix.PubSub.child_spec(opts)`: a supervisor child whose id is the name.
fn child_spec_fn(_ctx: &mut Ctx, args: &[Term]) -> Result<Term, Term> {
    let opts = args.first().cloned().unwrap_or_else(|| Term::list(vec![]));
    let Some(name) = keyword_get(&opts, "name") else {
        return Err(name_required());
    };
    Ok(ChildSpec {
        id: name,
        start: (Atom::new(SUPERVISOR), Atom::new("start_link"), vec![opts]),
        kind: ChildKind::Supervisor,
        shutdown: Shutdown::Infinity,
        ..ChildSpec::worker_default()
    }
    .to_term())
}

pub(super) fn load(world: &mut World) {
    world.load(PUBSUB, "child_spec", 1, child_spec_fn);
    world.load(SUPERVISOR, "start_link", 1, supervisor_start_link);
    world.load(WORKER, "start_link", 1, worker_start_link);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_concatenate_as_module_concat() {
        let name = Atom::new("Elixir.Hermes.PubSub");
        assert_eq!(
            concat(&name, "Adapter").as_str(),
            "Elixir.Hermes.PubSub.Adapter"
        );
        assert_eq!(
            concat(&Atom::new("my_pubsub"), "Supervisor").as_str(),
            "Elixir.my_pubsub.Supervisor"
        );
    }
}
