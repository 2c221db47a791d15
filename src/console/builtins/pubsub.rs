//! What of `Phoenix.PubSub` and seed 002's `Hermes` only the shell does:
//! `Phoenix.PubSub.child_spec/1` and `Hermes.Client.received/1`, a call
//! that waits. Subscribing and broadcasting are natives (`vm/bif/pubsub.rs`)
//! that every process uses.

use super::{call_failed, Entry};
use crate::apps::pubsub;
use crate::console::error::EvalError;
use crate::kernel::Ctx;
use crate::otp::call::call;
use crate::term::{Atom, Term};

pub(super) const ENTRIES: &[Entry] = &[
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
