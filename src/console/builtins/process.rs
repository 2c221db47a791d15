//! `Process` and `GenServer`.

use super::kernel::destination;
use super::{atom_arg, bad_arg, call_failed, int_arg, pid_arg, timeout_arg, Entry};
use crate::console::error::EvalError;
use crate::console::eval::Eval;
use crate::kernel::MS;
use crate::otp::call::{call, receive};
use crate::otp::name;
use crate::term::{Atom, Term};

pub(super) const ENTRIES: &[Entry] = &[
    ("Process", "exit", 2, exit),
    ("Process", "alive?", 1, |ev, a| {
        Ok(Term::boolean(ev.world.is_alive(pid_arg(&a, 0)?)))
    }),
    ("Process", "sleep", 1, sleep),
    ("Process", "monitor", 1, monitor),
    ("Process", "demonitor", 1, demonitor),
    ("Process", "link", 1, |ev, a| {
        let pid = pid_arg(&a, 0)?;
        ev.world.link(ev.shell, pid);
        Ok(Term::boolean(true))
    }),
    ("Process", "unlink", 1, |ev, a| {
        let pid = pid_arg(&a, 0)?;
        ev.world.unlink(ev.shell, pid);
        Ok(Term::boolean(true))
    }),
    ("Process", "whereis", 1, |ev, a| {
        let name = Atom::new(atom_arg(&a, 0)?);
        Ok(ev
            .world
            .whereis(ev.shell.node, &name)
            .map_or_else(Term::nil, Term::Pid))
    }),
    ("Process", "register", 2, register),
    ("Process", "unregister", 1, |ev, a| {
        let name = Atom::new(atom_arg(&a, 0)?);
        if ev.world.unregister_name(ev.shell.node, &name) {
            Ok(Term::boolean(true))
        } else {
            Err(bad_arg(0, "not a registered name"))
        }
    }),
    ("Process", "registered", 0, |ev, _| {
        Ok(Term::list(
            ev.world
                .registered(ev.shell.node)
                .into_iter()
                .map(|(n, _)| Term::Atom(n))
                .collect(),
        ))
    }),
    ("Process", "list", 0, |ev, _| {
        Ok(Term::list(
            ev.world
                .pids(ev.shell.node)
                .into_iter()
                .map(Term::Pid)
                .collect(),
        ))
    }),
    ("Process", "info", 1, info),
    ("Process", "flag", 2, flag),
    ("Process", "send", 3, |ev, a| {
        let to = destination(ev, &a[0])?;
        ev.world.send(ev.shell, to, a[1].clone());
        Ok(Term::ok())
    }),
    ("Process", "send_after", 3, send_after),
    ("Process", "cancel_timer", 1, |ev, a| match &a[0] {
        Term::Ref(r) => Ok(ev
            .world
            .cancel_timer(*r)
            .map_or(Term::boolean(false), |ms| Term::Int(ms as i64))),
        _ => Err(bad_arg(0, "not a reference")),
    }),
    ("Process", "read_timer", 1, |ev, a| match &a[0] {
        Term::Ref(r) => Ok(ev
            .world
            .read_timer(*r)
            .map_or(Term::boolean(false), |ms| Term::Int(ms as i64))),
        _ => Err(bad_arg(0, "not a reference")),
    }),
    ("GenServer", "call", 2, gen_call),
    ("GenServer", "call", 3, gen_call),
    ("GenServer", "cast", 2, gen_cast),
    ("GenServer", "stop", 1, gen_stop),
    ("GenServer", "stop", 2, gen_stop),
    ("GenServer", "whereis", 1, |ev, a| {
        Ok(name::whereis(ev.world, ev.shell.node, &a[0])
            .filter(|p| ev.world.is_alive(*p))
            .map_or_else(Term::nil, Term::Pid))
    }),
    (":sys", "get_state", 1, |ev, a| {
        let pid = name::whereis(ev.world, ev.shell.node, &a[0])
            .filter(|p| ev.world.is_alive(*p))
            .ok_or_else(|| EvalError::Exit(Term::atom("noproc")))?;
        Ok(ev
            .world
            .behaviour(pid)
            .map_or_else(Term::nil, |b| b.state()))
    }),
];

fn exit(ev: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    let pid = pid_arg(&a, 0)?;
    ev.world.exit_signal(ev.shell, pid, a[1].clone());
    Ok(Term::boolean(true))
}

fn sleep(ev: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    let ms = match &a[0] {
        Term::Int(ms) if *ms >= 0 => *ms as u64,
        t if t.is_atom("infinity") => {
            return Err(EvalError::Budget(
                "Process.sleep(:infinity) would never return".into(),
            ))
        }
        _ => return Err(bad_arg(0, "not a valid timeout")),
    };
    let deadline = ev.world.now().saturating_add(ms.saturating_mul(MS));
    receive(ev.world, ev.shell, |_| false, Some(deadline), ev.budget).map_err(call_failed)?;
    Ok(Term::ok())
}

fn monitor(ev: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    let pid = match &a[0] {
        Term::Pid(p) => *p,
        other => {
            name::whereis(ev.world, ev.shell.node, other).ok_or_else(|| bad_arg(0, "not a pid"))?
        }
    };
    Ok(Term::Ref(ev.world.monitor(ev.shell, pid)))
}

fn demonitor(ev: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    match &a[0] {
        Term::Ref(r) => {
            ev.world.demonitor(ev.shell, *r);
            Ok(Term::boolean(true))
        }
        _ => Err(bad_arg(0, "not a reference")),
    }
}

fn register(ev: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    let pid = pid_arg(&a, 0)?;
    let name = Atom::new(atom_arg(&a, 1)?);
    if name.as_str() == "undefined" {
        return Err(bad_arg(1, "the name is not allowed"));
    }
    match ev.world.register_name(&name, pid) {
        Ok(()) => Ok(Term::boolean(true)),
        Err(_) => Err(EvalError::argument(format!(
            "could not register {} with name {}: the name is already registered or the process is not alive",
            crate::term::inspect(&a[0]),
            crate::term::inspect(&a[1])
        ))),
    }
}

fn info(ev: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    let pid = pid_arg(&a, 0)?;
    let Some(info) = ev.world.process_info(pid) else {
        return Ok(Term::nil());
    };
    let mut pairs = Vec::new();
    if let Some(name) = ev.world.process(pid).and_then(|p| p.name) {
        pairs.push(("registered_name", Term::Atom(name)));
    }
    let module = ev.world.module_of(pid).map_or_else(Term::nil, Term::Atom);
    pairs.push(("current_module", module));
    pairs.push((
        "message_queue_len",
        Term::Int(info.message_queue_len as i64),
    ));
    pairs.push((
        "links",
        Term::list(info.links.iter().map(|p| Term::Pid(*p)).collect()),
    ));
    pairs.push(("trap_exit", Term::boolean(info.trap_exit)));
    Ok(Term::keyword(pairs))
}

fn flag(ev: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    if atom_arg(&a, 0)? != "trap_exit" {
        return Err(bad_arg(0, "otpsim supports only the :trap_exit flag"));
    }
    let on = match a[1].as_atom() {
        Some("true") => true,
        Some("false") => false,
        _ => return Err(bad_arg(1, "not a boolean")),
    };
    let old = ev.world.traps_exit(ev.shell);
    ev.world.set_trap_exit(ev.shell, on);
    Ok(Term::boolean(old))
}

fn send_after(ev: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    let to = destination(ev, &a[0])?;
    let ms = int_arg(&a, 2)?;
    let ms = u64::try_from(ms).map_err(|_| bad_arg(2, "not a non-negative integer"))?;
    Ok(Term::Ref(ev.world.send_after(
        ev.shell,
        to,
        a[1].clone(),
        ms,
    )))
}

fn gen_call(ev: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    let timeout = timeout_arg(&a, 2)?;
    call(ev.world, ev.shell, &a[0], a[1].clone(), timeout, ev.budget).map_err(call_failed)
}

fn gen_cast(ev: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    // A cast never fails, even to a name nobody has.
    if let Some(pid) = name::whereis(ev.world, ev.shell.node, &a[0]) {
        let msg = Term::tuple(vec![Term::atom("$gen_cast"), a[1].clone()]);
        ev.world.send(ev.shell, pid, msg);
    }
    Ok(Term::ok())
}

fn gen_stop(ev: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    let reason = a.get(1).cloned().unwrap_or_else(|| Term::atom("normal"));
    let Some(pid) = name::whereis(ev.world, ev.shell.node, &a[0]).filter(|p| ev.world.is_alive(*p))
    else {
        // Elixir reports this as `exited in: GenServer.stop(server, reason, :infinity)`.
        return Err(EvalError::Exit(Term::tuple(vec![
            Term::atom("noproc"),
            Term::tuple(vec![
                Term::atom("Elixir.GenServer"),
                Term::atom("stop"),
                Term::list(vec![a[0].clone(), reason, Term::atom("infinity")]),
            ]),
        ])));
    };
    // proc_lib:stop/3 asks the process to terminate and waits for it to go.
    let mref = ev.world.monitor(ev.shell, pid);
    let tag = Term::Ref(mref);
    let from = Term::tuple(vec![Term::Pid(ev.shell), tag.clone()]);
    let request = Term::tuple(vec![Term::atom("terminate"), reason]);
    let system = Term::tuple(vec![Term::atom("system"), from, request]);
    ev.world.send(ev.shell, pid, system);
    receive(
        ev.world,
        ev.shell,
        |m| matches!(m.as_tuple(), Some([d, t, ..]) if d.is_atom("DOWN") && *t == tag),
        None,
        ev.budget,
    )
    .map_err(call_failed)?;
    Ok(Term::ok())
}
