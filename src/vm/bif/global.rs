//! `:global` (and our resolvers `Sim.keep_oldest/3`, `Sim.keep_newest/3`)
//! for every process, the shell included: registering, looking
//! up and sending by global name, against the caller's node's name server
//! (`otp/global.rs`), which runs the protocol with the other nodes. A
//! user's GenServer, or a live invariant (`Sim.invariant/2`), reads the
//! same names the console does.

use super::support::pid_at;
use super::{Bif, Native};
use crate::otp::global::{self, Resolver};
use crate::term::{Fun, Pid, Term};
use crate::vm::exception::{Exception, Res};

/// The resolver a `register_name/3` names: one of `:global`'s, or
/// `Sim.keep_oldest/3` / `Sim.keep_newest/3`.
fn resolver_at(args: &[Term], i: usize) -> Res<Resolver> {
    let resolver = match args.get(i).and_then(Term::as_fun) {
        Some(Fun::Export {
            module,
            function,
            arity: 3,
        }) => Resolver::from_fun(module.as_str(), function.as_str()),
        _ => None,
    };
    resolver.ok_or_else(|| {
        Exception::badarg_at(
            i + 1,
            "otpsim resolves name conflicts with &:global.random_exit_name/3, \
             &:global.random_notify_name/3, &:global.notify_all_name/3, \
             &Sim.keep_oldest/3 or &Sim.keep_newest/3",
        )
    })
}

fn register(n: &mut Native, a: &[Term], resolver: Resolver) -> Res {
    let pid = pid_at(a, 1)?;
    let yes = global::register(n.world, n.me.node, &a[0], pid, resolver);
    Ok(Term::atom(if yes { "yes" } else { "no" }))
}

/// Calling a resolver directly, as the name server would: it acts on the
/// two pids and returns the one to keep, or `:none`.
fn resolve_now(n: &mut Native, a: &[Term], resolver: Resolver) -> Res {
    let p1: Pid = pid_at(a, 1)?;
    let p2: Pid = pid_at(a, 2)?;
    let kept = global::resolve(n.world, n.me.node, resolver, &a[0], p1, p2);
    Ok(kept.map_or(Term::atom("none"), Term::Pid))
}

fn send(n: &mut Native, a: &[Term]) -> Res {
    match global::whereis(n.world, n.me.node, &a[0]) {
        Some(pid) => {
            n.world.send(n.me, pid, a[1].clone());
            Ok(Term::Pid(pid))
        }
        None => Err(Exception::exit(Term::tuple([
            Term::atom("badarg"),
            Term::tuple([a[0].clone(), a[1].clone()]),
        ]))),
    }
}

pub(super) const BIFS: &[Bif] = &[
    Bif::world("global", "register_name", 2, |n, a| {
        register(n, a, Resolver::RandomExit)
    }),
    Bif::world("global", "register_name", 3, |n, a| {
        let resolver = resolver_at(a, 2)?;
        register(n, a, resolver)
    }),
    Bif::world("global", "re_register_name", 2, |n, a| {
        global::unregister(n.world, n.me.node, &a[0]);
        register(n, a, Resolver::RandomExit)
    }),
    Bif::world("global", "whereis_name", 1, |n, a| {
        Ok(global::whereis(n.world, n.me.node, &a[0]).map_or(Term::atom("undefined"), Term::Pid))
    }),
    Bif::world("global", "unregister_name", 1, |n, a| {
        global::unregister(n.world, n.me.node, &a[0]);
        Ok(Term::ok())
    }),
    Bif::world("global", "registered_names", 0, |n, _| {
        Ok(Term::list(global::registered_names(n.world, n.me.node)))
    }),
    Bif::world("global", "send", 2, send),
    Bif::world("global", "sync", 0, |_, _| Ok(Term::ok())),
    Bif::world("global", "random_exit_name", 3, |n, a| {
        resolve_now(n, a, Resolver::RandomExit)
    }),
    Bif::world("global", "random_notify_name", 3, |n, a| {
        resolve_now(n, a, Resolver::RandomNotify)
    }),
    Bif::world("global", "notify_all_name", 3, |n, a| {
        resolve_now(n, a, Resolver::NotifyAll)
    }),
    // Our two resolvers (see `Resolver`), callable as `:global`'s are.
    Bif::world("Elixir.Sim", "keep_oldest", 3, |n, a| {
        resolve_now(n, a, Resolver::KeepOldest)
    }),
    Bif::world("Elixir.Sim", "keep_newest", 3, |n, a| {
        resolve_now(n, a, Resolver::KeepNewest)
    }),
];
