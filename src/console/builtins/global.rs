//! The two `:global` resolvers of ours, `Sim.keep_oldest/3` and
//! `Sim.keep_newest/3`, called directly. `:global` itself is natives
//! (`vm/bif/global.rs`), the same for the shell and every process.

use super::{pid_arg, Entry};
use crate::console::error::EvalError;
use crate::console::host::Eval;
use crate::otp::global::{self, Resolver};
use crate::term::{Pid, Term};

pub(super) const ENTRIES: &[Entry] = &[
    ("Sim", "keep_oldest", 3, |ev, a| {
        resolve_now(ev, &a, Resolver::KeepOldest)
    }),
    ("Sim", "keep_newest", 3, |ev, a| {
        resolve_now(ev, &a, Resolver::KeepNewest)
    }),
];

/// Calling a resolver directly, as the name server would: it acts on the
/// two pids and returns the one to keep, or `:none`.
fn resolve_now(ev: &mut Eval, a: &[Term], resolver: Resolver) -> Result<Term, EvalError> {
    let p1: Pid = pid_arg(a, 1)?;
    let p2: Pid = pid_arg(a, 2)?;
    let kept = global::resolve(ev.world, ev.shell.node, resolver, &a[0], p1, p2);
    Ok(kept.map_or(Term::atom("none"), Term::Pid))
}
