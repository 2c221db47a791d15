//! `Todo.load/2`, the to-do system's load metric: it drives the world
//! from outside, so only the shell can run it. The app itself is Elixir.

use super::{bad_arg, call_failed, int_arg, Entry};
use crate::apps::todo::metric;
use crate::console::error::EvalError;
use crate::console::host::Eval;
use crate::term::Term;

pub(super) const ENTRIES: &[Entry] = &[("Todo", "load", 2, load)];

/// `Todo.load(clients, requests)`.
fn load(ev: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    let clients = u64::try_from(int_arg(&a, 0)?)
        .ok()
        .filter(|n| (1..=metric::MAX_CLIENTS).contains(n))
        .ok_or_else(|| {
            bad_arg(
                0,
                &format!("the client count must be in 1..{}", metric::MAX_CLIENTS),
            )
        })?;
    let requests = u64::try_from(int_arg(&a, 1)?)
        .ok()
        .filter(|n| *n >= 1 && clients.saturating_mul(*n) <= metric::MAX_REQUESTS)
        .ok_or_else(|| {
            bad_arg(
                1,
                &format!(
                    "the request count must be at least 1, and clients × requests at most {}",
                    metric::MAX_REQUESTS
                ),
            )
        })?;
    metric::load(ev.world, ev.shell, clients, requests, ev.budget).map_err(call_failed)
}
