//! `Phoenix.PubSub` as natives: subscribing
//! registers the caller in its node's registry and a broadcast's sends come
//! from the caller, so the shell and every other process use the same code.

use super::{Bif, Native};
use crate::apps::pubsub;
use crate::otp::gen_server::keyword_get;
use crate::otp::registry::RegistryError;
use crate::term::{inspect, Atom, Pid, Term};
use crate::vm::exception::{Exception, Res};

const PUBSUB: &str = "Elixir.Phoenix.PubSub";

/// `FunctionClauseError` for `Phoenix.PubSub.function(args)`.
fn no_clause(function: &str, args: &[Term]) -> Exception {
    Exception::function_clause(PUBSUB, function, args.to_vec())
}

/// The pubsub name at `at`: Phoenix's guards take only atoms.
fn name_at(args: &[Term], at: usize, function: &str) -> Res<Atom> {
    match args.get(at) {
        Some(Term::Atom(name)) => Ok(*name),
        _ => Err(no_clause(function, args)),
    }
}

fn pid_at(args: &[Term], at: usize, function: &str) -> Res<Pid> {
    match args.get(at) {
        Some(Term::Pid(p)) => Ok(*p),
        _ => Err(no_clause(function, args)),
    }
}

/// An unknown pubsub is an unknown registry, as `Registry.meta/2` raises.
fn unknown(e: RegistryError) -> Exception {
    match e {
        RegistryError::Unknown(name) => {
            Exception::argument(format!("unknown registry: {}", inspect(&Term::Atom(name))))
        }
        RegistryError::NotUnique(what) => Exception::argument(format!(
            "Registry.{what} is not supported for duplicate registries"
        )),
    }
}

fn subscribe(n: &mut Native, a: &[Term]) -> Res {
    let name = name_at(a, 0, "subscribe")?;
    let value = a
        .get(2)
        .and_then(|opts| keyword_get(opts, "metadata"))
        .unwrap_or_else(Term::nil);
    pubsub::subscribe(n.world, n.me, &name, &a[1], value).map_err(unknown)
}

fn unsubscribe(n: &mut Native, a: &[Term]) -> Res {
    let name = name_at(a, 0, "unsubscribe")?;
    pubsub::unsubscribe(n.world, n.me, &name, &a[1]).map_err(unknown)?;
    Ok(Term::ok())
}

fn broadcast(n: &mut Native, a: &[Term], local: bool, from: bool) -> Res {
    let function = match (local, from) {
        (false, false) => "broadcast",
        (false, true) => "broadcast_from",
        (true, false) => "local_broadcast",
        (true, true) => "local_broadcast_from",
    };
    let name = name_at(a, 0, function)?;
    let (skip, topic, message) = if from {
        (Some(pid_at(a, 1, function)?), &a[2], &a[3])
    } else {
        (None, &a[1], &a[2])
    };
    let sent = if local {
        pubsub::local_broadcast(n.world, n.me, &name, topic, message, skip)
    } else {
        pubsub::broadcast(n.world, n.me, &name, topic, message, skip)
    };
    sent.map_err(unknown)?;
    Ok(Term::ok())
}

fn direct_broadcast(n: &mut Native, a: &[Term]) -> Res {
    let Some(Term::Atom(node)) = a.first() else {
        return Err(no_clause("direct_broadcast", a));
    };
    let name = name_at(a, 1, "direct_broadcast")?;
    pubsub::direct_broadcast(n.world, n.me, node, &name, &a[2], &a[3]).map_err(unknown)?;
    Ok(Term::ok())
}

fn node_name(n: &mut Native, a: &[Term]) -> Res {
    name_at(a, 0, "node_name")?;
    Ok(super::support::node_term(n.world, n.me.node))
}

pub(super) const BIFS: &[Bif] = &[
    Bif::world(PUBSUB, "subscribe", 2, subscribe),
    Bif::world(PUBSUB, "subscribe", 3, subscribe),
    Bif::world(PUBSUB, "unsubscribe", 2, unsubscribe),
    Bif::world(PUBSUB, "broadcast", 3, |n, a| broadcast(n, a, false, false)),
    Bif::world(PUBSUB, "broadcast_from", 4, |n, a| {
        broadcast(n, a, false, true)
    }),
    Bif::world(PUBSUB, "local_broadcast", 3, |n, a| {
        broadcast(n, a, true, false)
    }),
    Bif::world(PUBSUB, "local_broadcast_from", 4, |n, a| {
        broadcast(n, a, true, true)
    }),
    Bif::world(PUBSUB, "direct_broadcast", 4, direct_broadcast),
    Bif::world(PUBSUB, "node_name", 1, node_name),
];
