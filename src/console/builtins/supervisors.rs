//! `Supervisor` and `DynamicSupervisor`.

use super::{call_failed, Entry};
use crate::console::error::EvalError;
use crate::console::eval::Eval;
use crate::kernel::{apply, Ctx};
use crate::otp::call::call;
use crate::otp::child_spec;
use crate::otp::dynamic_supervisor::start_child_request;
use crate::term::{Atom, Term};

pub(super) const ENTRIES: &[Entry] = &[
    ("Supervisor", "start_link", 2, |ev, a| {
        start_as_shell(ev, "Elixir.Supervisor", a)
    }),
    ("Supervisor", "count_children", 1, |ev, a| {
        sup_call(ev, &a[0], Term::atom("count_children"))
    }),
    ("Supervisor", "which_children", 1, |ev, a| {
        sup_call(ev, &a[0], Term::atom("which_children"))
    }),
    ("DynamicSupervisor", "start_link", 1, |ev, a| {
        start_as_shell(ev, "Elixir.DynamicSupervisor", a)
    }),
    ("DynamicSupervisor", "start_child", 2, start_child),
    ("DynamicSupervisor", "terminate_child", 2, |ev, a| {
        let request = Term::tuple(vec![Term::atom("terminate_child"), a[1].clone()]);
        sup_call(ev, &a[0], request)
    }),
    ("DynamicSupervisor", "count_children", 1, |ev, a| {
        sup_call(ev, &a[0], Term::atom("count_children"))
    }),
    ("DynamicSupervisor", "which_children", 1, |ev, a| {
        sup_call(ev, &a[0], Term::atom("which_children"))
    }),
];

/// Applies `module.start_link(args)` as the shell (which becomes the parent).
fn start_as_shell(ev: &mut Eval, module: &str, args: Vec<Term>) -> Result<Term, EvalError> {
    let mut ctx = Ctx::new(ev.world, ev.shell);
    apply(
        &mut ctx,
        &Atom::new(module),
        &Atom::new("start_link"),
        &args,
    )
    .map_err(|reason| match reason.as_tuple() {
        Some(_) => EvalError::Exit(reason),
        None => EvalError::argument(crate::term::inspect(&reason)),
    })
}

/// A call to a supervisor with `:infinity` timeout, as the OTP API makes it.
fn sup_call(ev: &mut Eval, sup: &Term, request: Term) -> Result<Term, EvalError> {
    call(ev.world, ev.shell, sup, request, None, ev.budget).map_err(call_failed)
}

/// `DynamicSupervisor.start_child(sup, spec)`: the spec is normalised by the
/// caller, as Elixir does, then sent to the supervisor.
fn start_child(ev: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    let spec = child_spec::normalize(&mut Ctx::new(ev.world, ev.shell), &a[1]);
    match spec {
        Ok(spec) => sup_call(ev, &a[0], start_child_request(&spec)),
        Err(reason) => Ok(crate::otp::gen_server::error(reason)),
    }
}
