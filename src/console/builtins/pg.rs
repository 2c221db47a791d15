//! `:pg.start/1` and `start_link/0,1` from the shell, with pg's
//! FunctionClauseError for a scope that is not an atom. Everything else of
//! `:pg` is Elixir (`src/apps/ex/pg.ex`) and natives (`vm/bif/pg.rs`), the
//! same for the shell and every other process.

use super::Entry;
use crate::console::error::EvalError;
use crate::console::host::Eval;
use crate::kernel::{apply, Ctx};
use crate::otp::pg;
use crate::term::{Atom, Term};

pub(super) const ENTRIES: &[Entry] = &[
    (":pg", "start_link", 0, |ev, _| {
        start(ev, "start_link", vec![])
    }),
    (":pg", "start_link", 1, |ev, a| start(ev, "start_link", a)),
    (":pg", "start", 1, |ev, a| start(ev, "start", a)),
];

/// `FunctionClauseError` for `:pg.function/arity`, listing the arguments.
fn no_clause(function: &str, args: &[Term]) -> EvalError {
    EvalError::function_clause(&format!(":pg.{function}/{}", args.len()), args)
}

fn start(ev: &mut Eval, function: &str, args: Vec<Term>) -> Result<Term, EvalError> {
    if !args.iter().all(|a| matches!(a, Term::Atom(_))) {
        return Err(no_clause(function, &args));
    }
    let mut ctx = Ctx::new(ev.world, ev.shell);
    apply(
        &mut ctx,
        &Atom::new(pg::DEFAULT_SCOPE),
        &Atom::new(function),
        &args,
    )
    .map_err(EvalError::Exit)
}
