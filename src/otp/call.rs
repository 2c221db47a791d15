//! Blocking calls for processes driven from outside the world (shells).
//!
//! A shell waits the way a BEAM process waits in `receive`: the world runs,
//! event by event, until a matching message arrives or the deadline passes.
//! Every wait draws on a [`Budget`], so a call that can never be answered is
//! an error, never a hang.

use super::name;
use crate::kernel::{Time, World, MS};
use crate::term::{Pid, Term};

/// How much work one console line may cause.
#[derive(Clone, Debug)]
pub struct Budget {
    /// Events the world may still apply.
    pub events: u64,
    /// Reductions the line may still spend, built-in work included (see
    /// `Eval::charge`).
    pub reductions: u64,
    /// The virtual time the line may not run past.
    pub until: Time,
}

/// Why a wait ended without the message.
#[derive(Clone, Debug, PartialEq)]
pub enum CallError {
    /// The call exited with this reason (as `exit/1` would raise it).
    Exit(Term),
    /// The line ran out of budget.
    Budget(String),
}

/// Waits until `pid`'s mailbox has a message that `accept` takes, running
/// the world meanwhile. `Ok(None)` when `deadline` passed first.
pub fn receive(
    world: &mut World,
    pid: Pid,
    accept: impl Fn(&Term) -> bool,
    deadline: Option<Time>,
    budget: &mut Budget,
) -> Result<Option<Term>, CallError> {
    loop {
        if let Some(msg) = world.take_message(pid, &accept) {
            return Ok(Some(msg));
        }
        if !world.is_alive(pid) {
            return Ok(None);
        }
        let next = world.next_event_time();
        match (next, deadline) {
            (Some(t), d) if d.is_none_or(|d| t <= d) => {
                if budget.events == 0 {
                    return Err(CallError::Budget("event budget exhausted".into()));
                }
                if t > budget.until {
                    return Err(CallError::Budget("virtual time budget exhausted".into()));
                }
                budget.events -= 1;
                world.step();
            }
            (Some(_), Some(d)) | (None, Some(d)) => {
                if d > budget.until {
                    return Err(CallError::Budget("virtual time budget exhausted".into()));
                }
                world.run_until(d);
                return Ok(None);
            }
            (_, None) => {
                return Err(CallError::Budget(
                    "the process would wait forever: nothing else can happen".into(),
                ))
            }
        }
    }
}

/// `Process.demonitor(ref, [:flush])`: stops the monitor and drops a
/// `:DOWN` for it that may already wait in the mailbox.
pub fn demonitor_flush(world: &mut World, pid: Pid, mref: crate::term::Ref) {
    world.demonitor(pid, mref);
    let tag = Term::Ref(mref);
    while world
        .take_message(
            pid,
            |m| matches!(m.as_tuple(), Some([d, t, ..]) if d.is_atom("DOWN") && *t == tag),
        )
        .is_some()
    {}
}

/// `{reason, {GenServer, :call, [dest, request, timeout]}}`.
pub fn call_exit(reason: Term, dest: &Term, request: &Term, timeout: &Term) -> Term {
    Term::tuple([
        reason,
        Term::tuple([
            Term::atom("Elixir.GenServer"),
            Term::atom("call"),
            Term::list(vec![dest.clone(), request.clone(), timeout.clone()]),
        ]),
    ])
}

/// `GenServer.call(dest, request, timeout)` made by `caller`, a process
/// that is not run by events (a shell). `timeout_ms` `None` is `:infinity`.
pub fn call(
    world: &mut World,
    caller: Pid,
    dest: &Term,
    request: Term,
    timeout_ms: Option<u64>,
    budget: &mut Budget,
) -> Result<Term, CallError> {
    let timeout = timeout_ms.map_or(Term::atom("infinity"), |t| Term::Int(t as i64));
    let exit = |reason: Term| CallError::Exit(call_exit(reason, dest, &request, &timeout));
    let Some(target) = name::whereis(world, caller.node, dest) else {
        return Err(exit(Term::atom("noproc")));
    };
    if target == caller {
        return Err(exit(Term::atom("calling_self")));
    }
    let mref = world.monitor(caller, target);
    let tag = Term::Ref(mref);
    let from = Term::tuple([Term::Pid(caller), tag.clone()]);
    world.send(
        caller,
        target,
        Term::tuple([Term::atom("$gen_call"), from, request.clone()]),
    );
    let deadline = timeout_ms.map(|ms| world.now().saturating_add(ms.saturating_mul(MS)));
    let answer = receive(
        world,
        caller,
        |m| match m.as_tuple() {
            Some([t, _]) => *t == tag,
            Some([down, t, _, _, _]) => down.is_atom("DOWN") && *t == tag,
            _ => false,
        },
        deadline,
        budget,
    )?;
    demonitor_flush(world, caller, mref);
    match answer.as_ref().and_then(Term::as_tuple) {
        Some([_, value]) => Ok(value.clone()),
        Some([_, _, _, _, reason]) => Err(exit(reason.clone())),
        _ => Err(exit(Term::atom("timeout"))),
    }
}
