//! `:pg` — process groups. Joins, leaves and monitors are calls to the scope
//! process on the shell's node; reads come from that node's table, as pg's
//! ETS reads do.

use super::{call_failed, Entry};
use crate::cluster::pg;
use crate::console::error::EvalError;
use crate::console::host::Eval;
use crate::kernel::{apply, Ctx};
use crate::otp::call::{call, CallError};
use crate::term::{inspect, Atom, Term};

pub(super) const ENTRIES: &[Entry] = &[
    (":pg", "start_link", 0, |ev, _| {
        start(ev, "start_link", vec![])
    }),
    (":pg", "start_link", 1, |ev, a| start(ev, "start_link", a)),
    (":pg", "start", 1, |ev, a| start(ev, "start", a)),
    (":pg", "join", 2, |ev, a| {
        join_or_leave(ev, "join", default_scope(), &a[0], &a[1])
    }),
    (":pg", "join", 3, |ev, a| {
        let scope = scope_arg(&a, "join")?;
        join_or_leave(ev, "join", scope, &a[1], &a[2])
    }),
    (":pg", "leave", 2, |ev, a| {
        join_or_leave(ev, "leave", default_scope(), &a[0], &a[1])
    }),
    (":pg", "leave", 3, |ev, a| {
        let scope = scope_arg(&a, "leave")?;
        join_or_leave(ev, "leave", scope, &a[1], &a[2])
    }),
    (":pg", "get_members", 1, |ev, a| {
        members(ev, default_scope(), &a[0], false)
    }),
    (":pg", "get_members", 2, |ev, a| {
        let scope = scope_arg(&a, "get_members")?;
        members(ev, scope, &a[1], false)
    }),
    (":pg", "get_local_members", 1, |ev, a| {
        members(ev, default_scope(), &a[0], true)
    }),
    (":pg", "get_local_members", 2, |ev, a| {
        let scope = scope_arg(&a, "get_local_members")?;
        members(ev, scope, &a[1], true)
    }),
    (":pg", "which_groups", 0, |ev, _| {
        which_groups(ev, default_scope())
    }),
    (":pg", "which_groups", 1, |ev, a| {
        let scope = scope_arg(&a, "which_groups")?;
        which_groups(ev, scope)
    }),
    (":pg", "monitor_scope", 0, |ev, _| {
        scope_call(ev, default_scope(), Term::atom("monitor"))
    }),
    (":pg", "monitor_scope", 1, |ev, a| {
        let scope = scope_arg(&a, "monitor_scope")?;
        scope_call(ev, scope, Term::atom("monitor"))
    }),
    (":pg", "monitor", 1, |ev, a| {
        let request = Term::tuple(vec![Term::atom("monitor"), a[0].clone()]);
        scope_call(ev, default_scope(), request)
    }),
    (":pg", "monitor", 2, |ev, a| {
        let scope = scope_arg(&a, "monitor")?;
        let request = Term::tuple(vec![Term::atom("monitor"), a[1].clone()]);
        scope_call(ev, scope, request)
    }),
    (":pg", "demonitor", 1, |ev, a| {
        demonitor(ev, default_scope(), &a[0])
    }),
    (":pg", "demonitor", 2, |ev, a| {
        let scope = scope_arg(&a, "demonitor")?;
        demonitor(ev, scope, &a[1])
    }),
];

fn default_scope() -> Atom {
    Atom::new(pg::DEFAULT_SCOPE)
}

/// `FunctionClauseError` for `:pg.function/arity`, listing the arguments.
fn no_clause(function: &str, args: &[Term]) -> EvalError {
    EvalError::function_clause(&format!(":pg.{function}/{}", args.len()), args)
}

/// The scope argument: pg's functions take only atoms there.
fn scope_arg(a: &[Term], function: &str) -> Result<Atom, EvalError> {
    match a.first() {
        Some(Term::Atom(scope)) => Ok(*scope),
        _ => Err(no_clause(function, a)),
    }
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

/// `GenServer.call(scope, request, :infinity)` from the shell, failing as
/// `:gen_server.call/3` exits (`{:noproc, {:gen_server, :call, ...}}`).
fn scope_call(ev: &mut Eval, scope: Atom, request: Term) -> Result<Term, EvalError> {
    let dest = Term::Atom(scope);
    call(ev.world, ev.shell, &dest, request.clone(), None, ev.budget).map_err(|e| match e {
        CallError::Exit(reason) => {
            let inner = reason
                .as_tuple()
                .and_then(|t| t.first().cloned())
                .unwrap_or_else(|| reason.clone());
            EvalError::Exit(Term::tuple(vec![
                inner,
                Term::tuple(vec![
                    Term::atom("gen_server"),
                    Term::atom("call"),
                    Term::list(vec![dest, request, Term::atom("infinity")]),
                ]),
            ]))
        }
        other => call_failed(other),
    })
}

/// `:pg.join/3` and `:pg.leave/3`: local pids only, then a call to the scope.
fn join_or_leave(
    ev: &mut Eval,
    function: &str,
    scope: Atom,
    group: &Term,
    pids: &Term,
) -> Result<Term, EvalError> {
    if !matches!(pids, Term::Pid(_) | Term::List(_)) {
        let args = [Term::Atom(scope), group.clone(), pids.clone()];
        return Err(no_clause(function, &args));
    }
    if let Some(bad) = pg::first_not_local(ev.shell.node, pids) {
        let reason = Term::tuple(vec![Term::atom("nolocal"), bad]);
        return Err(EvalError::raise(
            "ErlangError",
            format!("Erlang error: {}", inspect(&reason)),
        ));
    }
    let request = if function == "join" {
        pg::join_request(group.clone(), pids.clone())
    } else {
        pg::leave_request(group.clone(), pids.clone())
    };
    scope_call(ev, scope, request)
}

fn members(ev: &mut Eval, scope: Atom, group: &Term, local: bool) -> Result<Term, EvalError> {
    let node = ev.shell.node;
    let pids = if local {
        pg::get_local_members(ev.world, node, &scope, group)
    } else {
        pg::get_members(ev.world, node, &scope, group)
    };
    Ok(Term::list(pids.into_iter().map(Term::Pid).collect()))
}

fn which_groups(ev: &mut Eval, scope: Atom) -> Result<Term, EvalError> {
    match pg::which_groups(ev.world, ev.shell.node, &scope) {
        Some(groups) => Ok(Term::list(groups)),
        None => Err(super::bad_arg(
            0,
            "the table identifier does not refer to an existing ETS table",
        )),
    }
}

/// `:pg.demonitor/2`: stops the monitor and flushes its pending updates.
fn demonitor(ev: &mut Eval, scope: Atom, r: &Term) -> Result<Term, EvalError> {
    let request = Term::tuple(vec![Term::atom("demonitor"), r.clone()]);
    let answer = scope_call(ev, scope, request)?;
    if !answer.is_atom("ok") {
        return Ok(answer);
    }
    let update = |m: &Term| {
        matches!(m.as_tuple(), Some([t, verb, _, _])
            if t == r && (verb.is_atom("join") || verb.is_atom("leave")))
    };
    while ev.world.take_message(ev.shell, update).is_some() {}
    Ok(Term::ok())
}
