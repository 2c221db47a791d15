//! `Phoenix.PubSub`, and seed 002's `Hermes` API and `Hermes.Client`.
//!
//! Everything runs as the shell: subscribing registers the shell (or, under
//! `:rpc.call`, the process on the other node) in its node's registry, and a
//! broadcast's sends come from it.

use super::{call_failed, pid_arg, Entry};
use crate::apps::{hermes, pubsub};
use crate::console::error::EvalError;
use crate::kernel::Ctx;
use crate::otp::call::call;
use crate::otp::gen_server::keyword_get;
use crate::otp::registry::RegistryError;
use crate::term::{inspect, Atom, Term};

pub(super) const ENTRIES: &[Entry] = &[
    ("Phoenix.PubSub", "subscribe", 2, |ev, a| {
        let name = pubsub_arg(&a, "subscribe")?;
        pubsub::subscribe(ev.world, ev.shell, &name, &a[1], Term::nil()).map_err(unknown)
    }),
    ("Phoenix.PubSub", "subscribe", 3, |ev, a| {
        let name = pubsub_arg(&a, "subscribe")?;
        let value = keyword_get(&a[2], "metadata").unwrap_or_else(Term::nil);
        pubsub::subscribe(ev.world, ev.shell, &name, &a[1], value).map_err(unknown)
    }),
    ("Phoenix.PubSub", "unsubscribe", 2, |ev, a| {
        let name = pubsub_arg(&a, "unsubscribe")?;
        pubsub::unsubscribe(ev.world, ev.shell, &name, &a[1]).map_err(unknown)?;
        Ok(Term::ok())
    }),
    ("Phoenix.PubSub", "broadcast", 3, |ev, a| {
        let name = pubsub_arg(&a, "broadcast")?;
        pubsub::broadcast(ev.world, ev.shell, &name, &a[1], &a[2], None).map_err(unknown)?;
        Ok(Term::ok())
    }),
    ("Phoenix.PubSub", "broadcast_from", 4, |ev, a| {
        let name = pubsub_arg(&a, "broadcast_from")?;
        let from = from_arg(&a, "broadcast_from")?;
        pubsub::broadcast(ev.world, ev.shell, &name, &a[2], &a[3], Some(from)).map_err(unknown)?;
        Ok(Term::ok())
    }),
    ("Phoenix.PubSub", "local_broadcast", 3, |ev, a| {
        let name = pubsub_arg(&a, "local_broadcast")?;
        pubsub::local_broadcast(ev.world, ev.shell, &name, &a[1], &a[2], None).map_err(unknown)?;
        Ok(Term::ok())
    }),
    ("Phoenix.PubSub", "local_broadcast_from", 4, |ev, a| {
        let name = pubsub_arg(&a, "local_broadcast_from")?;
        let from = from_arg(&a, "local_broadcast_from")?;
        pubsub::local_broadcast(ev.world, ev.shell, &name, &a[2], &a[3], Some(from))
            .map_err(unknown)?;
        Ok(Term::ok())
    }),
    ("Phoenix.PubSub", "direct_broadcast", 4, |ev, a| {
        let Some(Term::Atom(node)) = a.first() else {
            return Err(no_clause("direct_broadcast", &a));
        };
        let name = match a.get(1) {
            Some(Term::Atom(name)) => *name,
            _ => return Err(no_clause("direct_broadcast", &a)),
        };
        pubsub::direct_broadcast(ev.world, ev.shell, node, &name, &a[2], &a[3]).map_err(unknown)?;
        Ok(Term::ok())
    }),
    ("Phoenix.PubSub", "node_name", 1, |ev, a| {
        pubsub_arg(&a, "node_name")?;
        Ok(ev
            .world
            .node_name(ev.shell.node)
            .cloned()
            .map_or_else(Term::nil, Term::Atom))
    }),
    ("Phoenix.PubSub", "child_spec", 1, |ev, a| {
        let mut ctx = Ctx::new(ev.world, ev.shell);
        crate::kernel::apply(
            &mut ctx,
            &Atom::new(pubsub::PUBSUB),
            &Atom::new("child_spec"),
            &a,
        )
        .map_err(EvalError::Exit)
    }),
    ("Hermes", "subscribe", 1, |ev, a| {
        hermes::subscribe(ev.world, ev.shell, &a[0]).map_err(unknown)
    }),
    ("Hermes", "publish", 2, |ev, a| {
        hermes::publish(ev.world, ev.shell, &a[0], &a[1]).map_err(unknown)?;
        Ok(Term::ok())
    }),
    ("Hermes.Client", "start", 1, |ev, a| {
        let topic = a[0].clone();
        Ok(hermes::start_client(
            &mut Ctx::new(ev.world, ev.shell),
            topic,
            false,
        ))
    }),
    ("Hermes.Client", "start_link", 1, |ev, a| {
        let topic = a[0].clone();
        Ok(hermes::start_client(
            &mut Ctx::new(ev.world, ev.shell),
            topic,
            true,
        ))
    }),
    ("Hermes.Client", "received", 1, |ev, a| {
        call(
            ev.world,
            ev.shell,
            &a[0],
            Term::atom("received"),
            Some(5_000),
            ev.budget,
        )
        .map_err(call_failed)
    }),
];

/// `FunctionClauseError` for `Phoenix.PubSub.function/arity`.
fn no_clause(function: &str, args: &[Term]) -> EvalError {
    EvalError::function_clause(&format!("Phoenix.PubSub.{function}/{}", args.len()), args)
}

/// The pubsub name: Phoenix's guards take only atoms.
fn pubsub_arg(a: &[Term], function: &str) -> Result<Atom, EvalError> {
    match a.first() {
        Some(Term::Atom(name)) => Ok(*name),
        _ => Err(no_clause(function, a)),
    }
}

fn from_arg(a: &[Term], function: &str) -> Result<crate::term::Pid, EvalError> {
    pid_arg(a, 1).map_err(|_| no_clause(function, a))
}

/// An unknown pubsub is an unknown registry, as `Registry.meta/2` raises.
fn unknown(e: RegistryError) -> EvalError {
    match e {
        RegistryError::Unknown(name) => {
            EvalError::argument(format!("unknown registry: {}", inspect(&Term::Atom(name))))
        }
        RegistryError::NotUnique(what) => EvalError::argument(format!(
            "Registry.{what} is not supported for duplicate registries"
        )),
    }
}
