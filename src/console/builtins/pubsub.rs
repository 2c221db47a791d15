//! What of `Phoenix.PubSub` only the shell does: `child_spec/1`.
//! Subscribing and broadcasting are natives (`vm/bif/pubsub.rs`) that
//! every process uses; seed 002's Hermes is Elixir (`apps/ex/hermes.ex`).

use super::Entry;
use crate::apps::pubsub;
use crate::console::error::EvalError;
use crate::kernel::Ctx;
use crate::term::Atom;

pub(super) const ENTRIES: &[Entry] = &[("Phoenix.PubSub", "child_spec", 1, |ev, a| {
    let mut ctx = Ctx::new(ev.world, ev.shell);
    crate::kernel::apply(
        &mut ctx,
        &Atom::new(pubsub::PUBSUB),
        &Atom::new("child_spec"),
        &a,
    )
    .map_err(EvalError::Exit)
})];
