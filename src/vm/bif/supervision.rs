//! What the OTP behaviours written in Elixir (the prelude's `GenServer`,
//! `Supervisor` and `DynamicSupervisor`) tell the kernel, so that the
//! supervision view and the trace show them as they show the Rust ones:
//! the callback module a process runs, a supervisor's restart intensity and
//! recent restarts, each restart, the moment a supervisor gives up and
//! the moment an application stops.

use super::support::{atom_at, pid_at};
use super::{Bif, Native};
use crate::kernel::TraceKind;
use crate::term::Term;
use crate::vm::exception::{Exception, Res};

/// A non-negative integer argument, saturated to `u64`.
fn count_at(args: &[Term], i: usize) -> Res<u64> {
    match args.get(i) {
        Some(Term::Int(n)) if *n >= 0 => Ok(u64::try_from(*n).unwrap_or(u64::MAX)),
        Some(Term::BigInt(b)) if b.sign() == num_bigint::Sign::Plus => Ok(u64::MAX),
        _ => Err(Exception::badarg_at(i + 1, "not a non-negative integer")),
    }
}

/// `:otpsim.behaviour_module(module)`: the caller runs `module`'s callbacks.
fn behaviour_module(n: &mut Native, args: &[Term]) -> Res {
    let module = atom_at(args, 0)?;
    n.world.set_module(n.me, module);
    Ok(Term::ok())
}

/// `:otpsim.supervising(module, max_restarts, max_seconds)`: the caller
/// is a supervisor.
fn supervising(n: &mut Native, args: &[Term]) -> Res {
    let module = atom_at(args, 0)?;
    let max_restarts = u32::try_from(count_at(args, 1)?).unwrap_or(u32::MAX);
    let max_seconds = count_at(args, 2)?;
    n.world
        .set_supervisor(n.me, module, max_restarts, max_seconds);
    Ok(Term::ok())
}

/// `:otpsim.restarts(times)`: the restart times (whole seconds, newest
/// first) inside the caller's intensity window.
fn restarts(n: &mut Native, args: &[Term]) -> Res {
    let times = args[0]
        .list_to_vec()
        .ok_or_else(|| Exception::badarg_at(1, "not a list"))?
        .iter()
        .filter_map(|t| t.as_int().and_then(|i| u64::try_from(i).ok()))
        .collect();
    n.world.set_restarts(n.me, times);
    Ok(Term::ok())
}

/// `:otpsim.restarted(child_id, pid)`: the caller restarted a child.
fn restarted(n: &mut Native, args: &[Term]) -> Res {
    let pid = pid_at(args, 1)?;
    n.world.record(TraceKind::Restart {
        supervisor: n.me,
        child: args[0].clone(),
        pid,
    });
    Ok(Term::ok())
}

/// `:otpsim.gave_up()`: the caller reached its restart intensity.
fn gave_up(n: &mut Native, _args: &[Term]) -> Res {
    n.world.record(TraceKind::Shutdown {
        supervisor: n.me,
        reason: Term::atom("reached_max_restart_intensity"),
    });
    Ok(Term::ok())
}

/// `:otpsim.application_stopped(app, reason)`: the caller, an
/// application master, saw its application's top supervisor exit.
fn application_stopped(n: &mut Native, args: &[Term]) -> Res {
    let (text, record) = stop_report(n.me, &args[0], &args[1]);
    n.world.log(n.me.node, "notice", text);
    n.world.record(record);
    Ok(Term::ok())
}

/// How application `app`, whose master is `master`, stopping for `reason`
/// is reported: the node's log line, as OTP's application controller
/// reports a temporary application's exit (a notice, as Elixir's Logger
/// words it), and the trace's record. Both application masters (the
/// prelude's, through the native above, and the Rust one in
/// `apps/application.rs`) report with it.
pub(crate) fn stop_report(
    master: crate::term::Pid,
    app: &Term,
    reason: &Term,
) -> (String, TraceKind) {
    let name = app.as_atom().unwrap_or("?");
    let why = crate::vm::exception::format_exit(reason);
    let record = TraceKind::Shutdown {
        supervisor: master,
        reason: Term::tuple([
            Term::atom("application_stopped"),
            app.clone(),
            reason.clone(),
        ]),
    };
    (format!("Application {name} exited: {why}"), record)
}

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::world("otpsim", "behaviour_module", 1, behaviour_module),
    Bif::world("otpsim", "supervising", 3, supervising),
    Bif::world("otpsim", "restarts", 1, restarts),
    Bif::world("otpsim", "restarted", 2, restarted),
    Bif::world("otpsim", "gave_up", 0, gave_up),
    Bif::world("otpsim", "application_stopped", 2, application_stopped),
];
