//! `:global` and the two resolvers of ours, `Sim.keep_oldest/3` and
//! `Sim.keep_newest/3`.

use super::{bad_arg, pid_arg, Entry};
use crate::console::error::EvalError;
use crate::console::host::Eval;
use crate::otp::global::{self, Resolver};
use crate::term::{Pid, Term};

pub(super) const ENTRIES: &[Entry] = &[
    (":global", "register_name", 2, |ev, a| {
        register(ev, &a, Resolver::RandomExit)
    }),
    (":global", "register_name", 3, |ev, a| {
        let resolver = resolver_arg(&a[2])?;
        register(ev, &a, resolver)
    }),
    (":global", "re_register_name", 2, |ev, a| {
        global::unregister(ev.world, ev.shell.node, &a[0]);
        register(ev, &a, Resolver::RandomExit)
    }),
    (":global", "whereis_name", 1, |ev, a| {
        Ok(global::whereis(ev.world, ev.shell.node, &a[0])
            .map_or(Term::atom("undefined"), Term::Pid))
    }),
    (":global", "unregister_name", 1, |ev, a| {
        global::unregister(ev.world, ev.shell.node, &a[0]);
        Ok(Term::ok())
    }),
    (":global", "registered_names", 0, |ev, _| {
        Ok(Term::list(global::registered_names(
            ev.world,
            ev.shell.node,
        )))
    }),
    (":global", "send", 2, |ev, a| {
        match global::whereis(ev.world, ev.shell.node, &a[0]) {
            Some(pid) => {
                ev.world.send(ev.shell, pid, a[1].clone());
                Ok(Term::Pid(pid))
            }
            None => Err(EvalError::Exit(Term::tuple(vec![
                Term::atom("badarg"),
                Term::tuple(vec![a[0].clone(), a[1].clone()]),
            ]))),
        }
    }),
    (":global", "sync", 0, |_, _| Ok(Term::ok())),
    (":global", "random_exit_name", 3, |ev, a| {
        resolve_now(ev, &a, Resolver::RandomExit)
    }),
    (":global", "random_notify_name", 3, |ev, a| {
        resolve_now(ev, &a, Resolver::RandomNotify)
    }),
    (":global", "notify_all_name", 3, |ev, a| {
        resolve_now(ev, &a, Resolver::NotifyAll)
    }),
    ("Sim", "keep_oldest", 3, |ev, a| {
        resolve_now(ev, &a, Resolver::KeepOldest)
    }),
    ("Sim", "keep_newest", 3, |ev, a| {
        resolve_now(ev, &a, Resolver::KeepNewest)
    }),
];

fn register(ev: &mut Eval, a: &[Term], resolver: Resolver) -> Result<Term, EvalError> {
    let pid = pid_arg(a, 1)?;
    let yes = global::register(ev.world, ev.shell.node, &a[0], pid, resolver);
    Ok(Term::atom(if yes { "yes" } else { "no" }))
}

fn resolver_arg(term: &Term) -> Result<Resolver, EvalError> {
    match term {
        Term::Fun(f) => match &**f {
            crate::term::Fun::Export {
                module,
                function,
                arity: 3,
            } => Resolver::from_fun(module.as_str(), function.as_str()),
            _ => None,
        },
        _ => None,
    }
    .ok_or_else(|| {
        bad_arg(
            2,
            "otpsim resolves name conflicts with &:global.random_exit_name/3, \
             &:global.random_notify_name/3, &:global.notify_all_name/3, \
             &Sim.keep_oldest/3 or &Sim.keep_newest/3",
        )
    })
}

/// Calling a resolver directly, as the name server would: it acts on the
/// two pids and returns the one to keep, or `:none`.
fn resolve_now(ev: &mut Eval, a: &[Term], resolver: Resolver) -> Result<Term, EvalError> {
    let p1: Pid = pid_arg(a, 1)?;
    let p2: Pid = pid_arg(a, 2)?;
    let kept = global::resolve(ev.world, ev.shell.node, resolver, &a[0], p1, p2);
    Ok(kept.map_or(Term::atom("none"), Term::Pid))
}
