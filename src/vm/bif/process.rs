//! Processes, as the BEAM's BIFs and Elixir's `Process`/`Node` functions
//! see them: spawning compiled code, sending, links, monitors, exit
//! signals, `trap_exit`, registered names, timers, the process dictionary
//! and `Process.info/2`.

use super::support::{atom_at, pid_at};
use super::{Bif, Native};
use crate::kernel::{NodeId, MS};
use crate::term::{inspect, Atom, Fun, Pid, Ref, Term};
use crate::vm::behaviour::VmBehaviour;
use crate::vm::exception::{Exception, Res};
use crate::vm::proc::{exit_reason, VmProc};

fn node_at(n: &Native, args: &[Term], i: usize) -> Res<NodeId> {
    let name = atom_at(args, i)?;
    n.world
        .node_by_atom(&name)
        .ok_or_else(|| Exception::badarg_at(i + 1, "not a node"))
}

/// What a new process runs.
enum Start {
    Fun(Term),
    Mfa(Atom, Atom, Vec<Term>),
}

/// Spawns a process of compiled code on `node`; links and monitors as asked.
fn spawn_on(
    n: &mut Native,
    node: NodeId,
    start: Start,
    link: bool,
    monitor: bool,
) -> Res<(Pid, Option<Ref>)> {
    let me = n.me;
    if node != me.node && !n.world.ensure_connected(me.node, node) {
        // The BEAM hands back a pid whose process is already gone.
        let ghost = Pid {
            node,
            id: 0,
            serial: 0,
        };
        if link {
            n.world.link(me, ghost);
        }
        let r = monitor.then(|| n.world.monitor(me, ghost));
        return Ok((ghost, r));
    }
    let (prepared, module) = match &start {
        Start::Fun(f) => (
            VmProc::applying(n.world, f, Vec::new()),
            f.as_fun().map_or(Atom::new("erlang"), Fun::module),
        ),
        Start::Mfa(m, f, a) => (VmProc::mfa(n.world, *m, *f, a.clone()), *m),
    };
    let Some(pid) = n.world.spawn(
        node,
        Some(me),
        link,
        module,
        crate::kernel::ProcessKind::Worker,
    ) else {
        return Err(Exception::system_limit(if n.world.node_alive(node) {
            "every process slot of the node is taken (its process limit)"
        } else {
            "cannot spawn a process on a node that is down"
        }));
    };
    let r = monitor.then(|| n.world.monitor(me, pid));
    match prepared {
        Ok(mut p) => {
            if p.state.initial_call.is_none() {
                p.state.initial_call = Some((module, Atom::new("-fun-"), 0));
            }
            n.world.install(pid, Box::new(VmBehaviour::new(p, module)));
        }
        // A fun of the wrong arity crashes the new process, not the caller.
        Err(e) => n.world.die(pid, exit_reason(&e)),
    }
    Ok((pid, r))
}

fn start_of(args: &[Term], at: usize) -> Res<Start> {
    match args.len() - at {
        1 => {
            let f = &args[at];
            if !matches!(f, Term::Fun(_)) {
                return Err(Exception::badarg_at(at + 1, "not a fun"));
            }
            Ok(Start::Fun(f.clone()))
        }
        _ => {
            let m = atom_at(args, at)?;
            let f = atom_at(args, at + 1)?;
            let a = args
                .get(at + 2)
                .and_then(Term::list_to_vec)
                .ok_or_else(|| Exception::badarg_at(at + 3, "not a list"))?;
            Ok(Start::Mfa(m, f, a))
        }
    }
}

fn spawn(n: &mut Native, args: &[Term]) -> Res {
    let start = start_of(args, 0)?;
    let node = n.me.node;
    Ok(Term::Pid(spawn_on(n, node, start, false, false)?.0))
}

fn spawn_link(n: &mut Native, args: &[Term]) -> Res {
    let start = start_of(args, 0)?;
    let node = n.me.node;
    Ok(Term::Pid(spawn_on(n, node, start, true, false)?.0))
}

fn spawn_monitor(n: &mut Native, args: &[Term]) -> Res {
    let start = start_of(args, 0)?;
    let node = n.me.node;
    let (pid, r) = spawn_on(n, node, start, false, true)?;
    Ok(Term::tuple([
        Term::Pid(pid),
        r.map_or_else(Term::nil, Term::Ref),
    ]))
}

fn node_spawn(n: &mut Native, args: &[Term]) -> Res {
    let node = node_at(n, args, 0)?;
    let start = start_of(args, 1)?;
    Ok(Term::Pid(spawn_on(n, node, start, false, false)?.0))
}

fn node_spawn_link(n: &mut Native, args: &[Term]) -> Res {
    let node = node_at(n, args, 0)?;
    let start = start_of(args, 1)?;
    Ok(Term::Pid(spawn_on(n, node, start, true, false)?.0))
}

/// Where a `send/2` destination is: a pid, a local name, `{name, node}`.
fn destination(n: &Native, dest: &Term) -> Res<Option<Pid>> {
    match dest {
        Term::Pid(p) => Ok(Some(*p)),
        Term::Atom(name) => match n.world.whereis(n.me.node, name) {
            Some(p) => Ok(Some(p)),
            None => Err(Exception::badarg_at(1, "invalid destination")),
        },
        Term::Tuple(parts, _) => match &parts[..] {
            [Term::Atom(name), Term::Atom(node)] => Ok(n
                .world
                .node_by_atom(node)
                .and_then(|id| n.world.whereis(id, name))),
            _ => Err(Exception::badarg_at(1, "invalid destination")),
        },
        _ => Err(Exception::badarg_at(1, "invalid destination")),
    }
}

fn send(n: &mut Native, args: &[Term]) -> Res {
    let msg = args[1].clone();
    // An alias delivers to its owner while active; after, the message is
    // dropped, as the BEAM drops it.
    if let Term::Ref(r) = &args[0] {
        if let Some(to) = n.world.alias_owner(*r) {
            n.world.send(n.me, to, msg.clone());
        }
        return Ok(msg);
    }
    if let Some(to) = destination(n, &args[0])? {
        n.world.send(n.me, to, msg.clone());
    }
    Ok(msg)
}

fn exit2(n: &mut Native, args: &[Term]) -> Res {
    let pid = pid_at(args, 0)?;
    n.world.exit_signal(n.me, pid, args[1].clone());
    Ok(Term::boolean(true))
}

fn link(n: &mut Native, args: &[Term]) -> Res {
    let pid = pid_at(args, 0)?;
    n.world.link(n.me, pid);
    Ok(Term::boolean(true))
}

fn unlink(n: &mut Native, args: &[Term]) -> Res {
    let pid = pid_at(args, 0)?;
    n.world.unlink(n.me, pid);
    Ok(Term::boolean(true))
}

fn monitor_target(n: &Native, target: &Term) -> Res<Pid> {
    match destination(n, target) {
        Ok(Some(p)) => Ok(p),
        _ => match target {
            Term::Atom(_) => Ok(Pid {
                node: n.me.node,
                id: 0,
                serial: 0,
            }),
            _ => Err(Exception::badarg_at(2, "not a pid")),
        },
    }
}

fn monitor1(n: &mut Native, args: &[Term]) -> Res {
    let pid = monitor_target(n, &args[0])?;
    Ok(Term::Ref(n.world.monitor(n.me, pid)))
}

fn monitor2(n: &mut Native, args: &[Term]) -> Res {
    if !args[0].is_atom("process") {
        return Err(Exception::badarg_at(1, "invalid monitor type"));
    }
    let pid = monitor_target(n, &args[1])?;
    Ok(Term::Ref(n.world.monitor(n.me, pid)))
}

/// `:erlang.monitor(:process, pid, opts)`: `alias: :demonitor` (or
/// `{:alias, :demonitor}`) makes the reference an alias of the caller
/// too, deactivated with the monitor; other options are not taken.
fn monitor3(n: &mut Native, args: &[Term]) -> Res {
    if !args[0].is_atom("process") {
        return Err(Exception::badarg_at(1, "invalid monitor type"));
    }
    let pid = monitor_target(n, &args[1])?;
    let mut alias = false;
    for opt in args[2].list_iter() {
        match opt.as_tuple() {
            Some([k, v]) if k.is_atom("alias") && v.is_atom("demonitor") => alias = true,
            _ => return Err(Exception::badarg_at(3, "invalid option")),
        }
    }
    let r = if alias {
        n.world.monitor_alias(n.me, pid)
    } else {
        n.world.monitor(n.me, pid)
    };
    Ok(Term::Ref(r))
}

/// `:erlang.alias/0`: a new alias of the caller.
fn alias0(n: &mut Native, _args: &[Term]) -> Res {
    Ok(Term::Ref(n.world.alias(n.me)))
}

/// `:erlang.unalias/1`: deactivates one of the caller's aliases.
fn unalias(n: &mut Native, args: &[Term]) -> Res {
    let Some(Term::Ref(r)) = args.first() else {
        return Err(Exception::badarg_at(1, "not a reference"));
    };
    Ok(Term::boolean(n.world.unalias(n.me, *r)))
}

fn demonitor(n: &mut Native, args: &[Term]) -> Res {
    let Some(Term::Ref(r)) = args.first() else {
        return Err(Exception::badarg_at(1, "not a reference"));
    };
    let flush = args
        .get(1)
        .is_some_and(|opts| opts.list_iter().any(|o| o.is_atom("flush")));
    if flush {
        crate::otp::call::demonitor_flush(n.world, n.me, *r);
    } else {
        n.world.demonitor(n.me, *r);
    }
    Ok(Term::boolean(true))
}

fn process_flag(n: &mut Native, args: &[Term]) -> Res {
    match args[0].as_atom() {
        Some("trap_exit") => {
            let on = match args[1].as_atom() {
                Some("true") => true,
                Some("false") => false,
                _ => return Err(Exception::badarg_at(2, "invalid value for trap_exit")),
            };
            let old = n.world.traps_exit(n.me);
            n.world.set_trap_exit(n.me, on);
            Ok(Term::boolean(old))
        }
        _ => Err(Exception::badarg_at(1, "invalid process flag")),
    }
}

/// `:erlang.list_to_pid('<0.152.0>')`.
fn list_to_pid(args: &[Term]) -> Res {
    let bad = || Exception::badarg_at(1, "not a textual representation of a pid");
    let text = args[0]
        .list_to_vec()
        .and_then(|cs| {
            cs.iter()
                .map(|c| {
                    c.as_int()
                        .and_then(|i| u32::try_from(i).ok())
                        .and_then(char::from_u32)
                })
                .collect::<Option<String>>()
        })
        .ok_or_else(bad)?;
    let inner = text
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .ok_or_else(bad)?;
    let parts: Vec<u32> = inner
        .split('.')
        .map(|p| p.parse::<u32>().ok())
        .collect::<Option<_>>()
        .ok_or_else(bad)?;
    match parts[..] {
        [node, id, serial] => Ok(Term::Pid(Pid { node, id, serial })),
        _ => Err(bad()),
    }
}

/// `IEx.Helpers.pid("0.152.0")`, `pid(name)` and `pid(0, 152, 0)`.
fn iex_pid(n: &mut Native, args: &[Term]) -> Res {
    match args {
        [Term::Binary(b)] => {
            let text = format!("<{}>", String::from_utf8_lossy(b));
            let chars = text
                .chars()
                .map(|c| Term::Int(i64::from(u32::from(c))))
                .collect();
            list_to_pid(&[Term::list(chars)])
        }
        [Term::Atom(name)] => Ok(n
            .world
            .whereis(n.me.node, name)
            .map_or_else(Term::nil, Term::Pid)),
        [a, b, c] => match (a.as_int(), b.as_int(), c.as_int()) {
            (Some(node), Some(id), Some(serial)) => Ok(Term::Pid(Pid {
                node: u32::try_from(node).map_err(|_| Exception::badarg())?,
                id: u32::try_from(id).map_err(|_| Exception::badarg())?,
                serial: u32::try_from(serial).map_err(|_| Exception::badarg())?,
            })),
            _ => Err(Exception::function_clause(
                "Elixir.IEx.Helpers",
                "pid",
                args.to_vec(),
            )),
        },
        _ => Err(Exception::function_clause(
            "Elixir.IEx.Helpers",
            "pid",
            args.to_vec(),
        )),
    }
}

fn register(n: &mut Native, args: &[Term]) -> Res {
    let name = atom_at(args, 0)?;
    let pid = pid_at(args, 1)?;
    match n.world.register_name(&name, pid) {
        Ok(()) => Ok(Term::boolean(true)),
        Err(Some(_)) => Err(Exception::badarg_at(1, "this name is already in use")),
        Err(None) => Err(Exception::badarg_at(2, "not an existing process")),
    }
}

/// `Process.register(pid, name)`: the arguments the other way round from
/// `:erlang.register/2`, and one message for every refusal.
fn process_register(n: &mut Native, args: &[Term]) -> Res {
    let (pid_term, name_term) = (&args[0], &args[1]);
    let name = match name_term {
        Term::Atom(a) if !matches!(a.as_str(), "nil" | "false" | "true" | "undefined") => *a,
        _ => {
            return Err(Exception::function_clause(
                "Elixir.Process",
                "register",
                args.to_vec(),
            ))
        }
    };
    let pid = match pid_term {
        Term::Pid(p) => *p,
        _ => return Err(Exception::badarg_at(2, "not a pid or port")),
    };
    if pid.node != n.me.node {
        return Err(Exception::argument(format!(
            "could not register {} because it belongs to another node",
            inspect(pid_term)
        )));
    }
    match n.world.register_name(&name, pid) {
        Ok(()) => Ok(Term::boolean(true)),
        Err(_) => Err(Exception::argument(format!(
            "could not register {} with name {} because it is not alive, the name is already taken, or it has already been given another name",
            inspect(pid_term),
            inspect(name_term)
        ))),
    }
}

fn unregister(n: &mut Native, args: &[Term]) -> Res {
    let name = atom_at(args, 0)?;
    if n.world.unregister_name(n.me.node, &name) {
        Ok(Term::boolean(true))
    } else {
        Err(Exception::badarg_at(1, "not a registered name"))
    }
}

fn whereis(n: &mut Native, args: &[Term]) -> Res {
    let name = atom_at(args, 0)?;
    Ok(n.world
        .whereis(n.me.node, &name)
        .map_or_else(|| Term::atom("undefined"), Term::Pid))
}

fn process_whereis(n: &mut Native, args: &[Term]) -> Res {
    let name = atom_at(args, 0)?;
    Ok(n.world
        .whereis(n.me.node, &name)
        .map_or_else(Term::nil, Term::Pid))
}

fn registered(n: &mut Native, _: &[Term]) -> Res {
    Ok(Term::list(
        n.world
            .registered(n.me.node)
            .into_iter()
            .map(|(a, _)| Term::Atom(a))
            .collect(),
    ))
}

fn is_alive(n: &mut Native, args: &[Term]) -> Res {
    let pid = pid_at(args, 0)?;
    Ok(Term::boolean(n.world.is_alive(pid)))
}

fn self_pid(n: &mut Native, _: &[Term]) -> Res {
    Ok(Term::Pid(n.me))
}

fn node0(n: &mut Native, _: &[Term]) -> Res {
    Ok(super::support::node_term(n.world, n.me.node))
}

fn node1(n: &mut Native, args: &[Term]) -> Res {
    let node = match &args[0] {
        Term::Pid(p) => p.node,
        Term::Ref(r) => r.node,
        _ => return Err(Exception::badarg_at(1, "not a pid, port or reference")),
    };
    Ok(n.world
        .node_name(node)
        .map_or_else(Term::nil, |a| Term::Atom(*a)))
}

fn nodes(n: &mut Native, _: &[Term]) -> Res {
    let me = n.me.node;
    Ok(Term::list(
        n.world
            .connected_nodes(me)
            .into_iter()
            .filter_map(|id| n.world.node_name(id).map(|a| Term::Atom(*a)))
            .collect(),
    ))
}

fn make_ref(n: &mut Native, _: &[Term]) -> Res {
    Ok(Term::Ref(n.world.make_ref_of(n.me)))
}

fn timeout_ms(t: &Term, at: usize) -> Res<u64> {
    match t {
        Term::Int(ms) if *ms >= 0 => Ok(*ms as u64),
        _ => Err(Exception::badarg_at(at, "not a valid time")),
    }
}

/// `Process.send_after(dest, msg, ms)`.
fn send_after(n: &mut Native, args: &[Term]) -> Res {
    let ms = timeout_ms(&args[2], 3)?;
    let Some(to) = destination(n, &args[0])? else {
        return Ok(Term::Ref(n.world.make_ref(n.me.node)));
    };
    Ok(Term::Ref(n.world.send_after(n.me, to, args[1].clone(), ms)))
}

/// `:erlang.send_after(ms, dest, msg)`.
fn erlang_send_after(n: &mut Native, args: &[Term]) -> Res {
    send_after(n, &[args[1].clone(), args[2].clone(), args[0].clone()])
}

fn cancel_timer(n: &mut Native, args: &[Term]) -> Res {
    let Some(Term::Ref(r)) = args.first() else {
        return Err(Exception::badarg_at(1, "not a reference"));
    };
    Ok(n.world
        .cancel_timer(*r)
        .map_or(Term::boolean(false), |ms| Term::Int(ms as i64)))
}

fn read_timer(n: &mut Native, args: &[Term]) -> Res {
    let Some(Term::Ref(r)) = args.first() else {
        return Err(Exception::badarg_at(1, "not a reference"));
    };
    Ok(n.world
        .read_timer(*r)
        .map_or(Term::boolean(false), |ms| Term::Int(ms as i64)))
}

fn put(n: &mut Native, args: &[Term]) -> Res {
    Ok(n.state
        .dict
        .insert(args[0].clone(), args[1].clone())
        .unwrap_or_else(|| Term::atom("undefined")))
}

fn erlang_get1(n: &mut Native, args: &[Term]) -> Res {
    Ok(n.state
        .dict
        .get(&args[0])
        .cloned()
        .unwrap_or_else(|| Term::atom("undefined")))
}

fn process_get(n: &mut Native, args: &[Term]) -> Res {
    let default = args.get(1).cloned().unwrap_or_else(Term::nil);
    Ok(n.state.dict.get(&args[0]).cloned().unwrap_or(default))
}

fn process_put(n: &mut Native, args: &[Term]) -> Res {
    Ok(n.state
        .dict
        .insert(args[0].clone(), args[1].clone())
        .unwrap_or_else(Term::nil))
}

fn get0(n: &mut Native, _: &[Term]) -> Res {
    Ok(dictionary(&n.state.dict))
}

fn get_keys(n: &mut Native, _: &[Term]) -> Res {
    Ok(Term::list(n.state.dict.keys().cloned().collect()))
}

fn erase1(n: &mut Native, args: &[Term]) -> Res {
    Ok(n.state
        .dict
        .remove(&args[0])
        .unwrap_or_else(|| Term::atom("undefined")))
}

fn process_delete(n: &mut Native, args: &[Term]) -> Res {
    Ok(n.state.dict.remove(&args[0]).unwrap_or_else(Term::nil))
}

fn erase0(n: &mut Native, _: &[Term]) -> Res {
    let all = get0(n, &[])?;
    n.state.dict.clear();
    Ok(all)
}

/// `{m, f, arity}`.
fn mfa_term(m: Atom, f: Atom, arity: u8) -> Term {
    Term::tuple([Term::Atom(m), Term::Atom(f), Term::Int(i64::from(arity))])
}

/// A process dictionary as a list of pairs (`Process.get/0`,
/// `Process.info/2`).
fn dictionary(dict: &std::collections::BTreeMap<Term, Term>) -> Term {
    Term::list(
        dict.iter()
            .map(|(k, v)| Term::tuple([k.clone(), v.clone()]))
            .collect(),
    )
}

/// One `process_info/2` item, `{key, value}`; `None` for an unknown key.
fn info_item(n: &Native, pid: Pid, key: &str) -> Option<Term> {
    let p = n.world.process(pid)?;
    // Another process running compiled code, when it is not mid-handler.
    let vm = n
        .world
        .behaviour(pid)
        .and_then(|b| b.as_any().downcast_ref::<VmBehaviour>());
    let value = match key {
        "message_queue_len" => Term::Int(p.mailbox.len() as i64),
        "messages" => Term::list(p.mailbox.iter().map(|l| l.msg.clone()).collect()),
        "links" => Term::list(p.links().map(Term::Pid).collect()),
        "trap_exit" => Term::boolean(p.trap_exit),
        "registered_name" => match &p.name {
            Some(a) => Term::Atom(*a),
            None => {
                return Some(Term::tuple([
                    Term::atom("registered_name"),
                    Term::EMPTY_LIST,
                ]))
            }
        },
        "status" => Term::atom(if pid == n.me {
            "running"
        } else if p.scheduled {
            "runnable"
        } else {
            "waiting"
        }),
        "dictionary" if pid == n.me => dictionary(&n.state.dict),
        "dictionary" => vm.map_or(Term::EMPTY_LIST, |v| dictionary(&v.proc.state.dict)),
        "reductions" => Term::Int(0),
        "heap_size" | "total_heap_size" | "stack_size" | "memory" => Term::Int(233),
        "priority" => Term::atom("normal"),
        "group_leader" => Term::Pid(pid),
        // A process started by proc_lib (every OTP behaviour, tasks,
        // agents) has its real initial call in `$initial_call`; this is
        // proc_lib's own.
        "initial_call" => match vm {
            Some(v) if v.proc.state.dict.contains_key(&Term::atom("$initial_call")) => {
                mfa_term(Atom::new("proc_lib"), Atom::new("init_p"), 5)
            }
            Some(v) => match v.proc.state.initial_call {
                Some((m, f, a)) => mfa_term(m, f, a),
                None => mfa_term(Atom::new("erlang"), Atom::new("apply"), 2),
            },
            None => mfa_term(
                p.module.unwrap_or(Atom::new("erlang")),
                Atom::new("init"),
                1,
            ),
        },
        // Where the process is: a behaviour waiting for its next message
        // is in gen_server's loop, as on the BEAM.
        "current_function" => match vm.and_then(|v| v.proc.current_function()) {
            Some((m, f, _)) if m.as_str() == "Elixir.GenServer" && f.as_str() == "loop" => {
                mfa_term(Atom::new("gen_server"), Atom::new("loop"), 7)
            }
            // Code typed into the shell is interpreted on the BEAM: a
            // process waiting in one of its `receive`s is in prim_eval.
            Some((m, _, _)) if m.as_str().starts_with(crate::vm::code::SHELL_MODULE) => {
                if p.scheduled {
                    mfa_term(Atom::new("erl_eval"), Atom::new("do_apply"), 7)
                } else {
                    mfa_term(Atom::new("prim_eval"), Atom::new("receive"), 2)
                }
            }
            Some((m, f, a)) => mfa_term(m, f, a),
            None => mfa_term(
                p.module.unwrap_or(Atom::new("erlang")),
                Atom::new("loop"),
                1,
            ),
        },
        // Monitors by pid: `[{:process, pid}]`, and the pids watching.
        "monitors" => Term::list(
            n.world
                .monitors_of(pid)
                .0
                .into_iter()
                .map(|t| Term::tuple([Term::atom("process"), Term::Pid(t)]))
                .collect(),
        ),
        "monitored_by" => Term::list(
            n.world
                .monitors_of(pid)
                .1
                .into_iter()
                .map(Term::Pid)
                .collect(),
        ),
        _ => return None,
    };
    Some(Term::tuple([Term::atom(key), value]))
}

fn process_info2(n: &mut Native, args: &[Term]) -> Res {
    let pid = pid_at(args, 0)?;
    if !n.world.is_alive(pid) {
        return Ok(Term::nil());
    }
    match &args[1] {
        Term::Atom(key) => info_item(n, pid, key.as_str())
            .ok_or_else(|| Exception::badarg_at(2, "invalid item or item list")),
        list @ Term::List(_) => {
            let mut out = Vec::new();
            for k in list.list_iter() {
                let key = k
                    .as_atom()
                    .ok_or_else(|| Exception::badarg_at(2, "invalid item or item list"))?;
                out.push(
                    info_item(n, pid, key)
                        .ok_or_else(|| Exception::badarg_at(2, "invalid item or item list"))?,
                );
            }
            Ok(Term::list(out))
        }
        _ => Err(Exception::badarg_at(2, "invalid item or item list")),
    }
}

/// `:erlang.process_info/2` gives `undefined` for a dead process, Elixir's `nil`.
fn erlang_process_info2(n: &mut Native, args: &[Term]) -> Res {
    let r = process_info2(n, args)?;
    Ok(if r.is_atom("nil") {
        Term::atom("undefined")
    } else {
        r
    })
}

fn process_info1(n: &mut Native, args: &[Term]) -> Res {
    let pid = pid_at(args, 0)?;
    if !n.world.is_alive(pid) {
        return Ok(Term::nil());
    }
    let keys = [
        "registered_name",
        "current_function",
        "initial_call",
        "status",
        "message_queue_len",
        "links",
        "dictionary",
        "trap_exit",
        "priority",
        "group_leader",
        "reductions",
    ];
    Ok(Term::list(
        keys.iter()
            .filter_map(|k| info_item(n, pid, k))
            .filter(|t| !matches!(t.as_tuple(), Some([k, v]) if k.is_atom("registered_name") && v.is_empty_list()))
            .collect(),
    ))
}

fn process_list(n: &mut Native, _: &[Term]) -> Res {
    Ok(Term::list(
        n.world.pids(n.me.node).into_iter().map(Term::Pid).collect(),
    ))
}

fn monotonic_time(n: &mut Native, args: &[Term]) -> Res {
    let us = n.world.now() as i64;
    Ok(Term::Int(match args.first().and_then(Term::as_atom) {
        None | Some("native") | Some("microsecond") => us,
        Some("millisecond") => us / MS as i64,
        Some("second") => us / 1_000_000,
        Some("nanosecond") => us.saturating_mul(1000),
        _ => return Err(Exception::badarg_at(1, "invalid time unit")),
    }))
}

/// The simulated wall clock starts at 2026-01-01T00:00:00Z.
const EPOCH_US: i64 = 1_767_225_600_000_000;

/// `:erlang.system_info/1` for what a learner asks of the running node;
/// other items are `badarg`, as unknown items are on the BEAM.
fn system_info(n: &mut Native, args: &[Term]) -> Res {
    let count = |c: usize| Term::Int(i64::try_from(c).unwrap_or(i64::MAX));
    Ok(match args[0].as_atom() {
        Some("process_count") => count(n.world.process_count(n.me.node)),
        Some("process_limit") => Term::Int(262_144),
        // One scheduler: the simulation runs one process at a time.
        Some("schedulers" | "schedulers_online" | "logical_processors") => Term::Int(1),
        Some("otp_release") => Term::list(vec![Term::Int(50), Term::Int(53)]),
        _ => return Err(Exception::badarg_at(1, "invalid system info item")),
    })
}

/// The node's OS clock: the virtual clock plus the node's skew
/// (`{:skew, node, ms}` in `Sim.nemesis/1`).
fn system_time(n: &mut Native, args: &[Term]) -> Res {
    let us = (EPOCH_US + n.world.now() as i64).saturating_add(n.world.clock_skew(n.me.node));
    Ok(Term::Int(match args.first().and_then(Term::as_atom) {
        None | Some("native") | Some("microsecond") => us,
        Some("millisecond") => us / 1000,
        Some("second") => us / 1_000_000,
        Some("nanosecond") => us.saturating_mul(1000),
        _ => return Err(Exception::badarg_at(1, "invalid time unit")),
    }))
}

/// `:rand.uniform/0,1` (and so `Enum.random/1`, `Enum.shuffle/1`): drawn
/// from the world's one seeded generator, so a run repeats with its seed
/// (the BEAM keeps a generator per process, seeded from the clock).
fn rand_uniform(n: &mut Native, args: &[Term]) -> Res {
    match args {
        [] => {
            let bits = n.world.rng().next_u64() >> 11;
            Ok(Term::Float(bits as f64 / (1u64 << 53) as f64))
        }
        [Term::Int(k)] if *k >= 1 => Ok(Term::Int(n.world.rng().uniform(*k as u64) as i64)),
        _ => Err(Exception::function_clause("rand", "uniform", args.to_vec())),
    }
}

fn unique_integer(n: &mut Native, _: &[Term]) -> Res {
    Ok(Term::Int(n.world.make_ref(n.me.node).id as i64))
}

/// `Node.self/0`, `Node.list/0`, `Node.alive?/0`, `Node.connect/1`.
fn node_connect(n: &mut Native, args: &[Term]) -> Res {
    let Ok(node) = node_at(n, args, 0) else {
        return Ok(Term::boolean(false));
    };
    let me = n.me.node;
    Ok(Term::boolean(n.world.ensure_connected(me, node)))
}

fn node_disconnect(n: &mut Native, args: &[Term]) -> Res {
    let Ok(node) = node_at(n, args, 0) else {
        return Ok(Term::boolean(false));
    };
    let me = n.me.node;
    Ok(Term::boolean(n.world.disconnect(me, node)))
}

/// `Node.ping/1` and `:net_adm.ping/1`: `:pong` once connected, else `:pang`.
fn node_ping(n: &mut Native, args: &[Term]) -> Res {
    let connected = node_connect(n, args)?.is_atom("true");
    Ok(Term::atom(if connected { "pong" } else { "pang" }))
}

/// `:net_kernel.monitor_nodes(flag)` (and `/2`, whose options are not
/// taken): `{:nodeup, node}` / `{:nodedown, node}` messages on or off.
fn monitor_nodes(n: &mut Native, args: &[Term]) -> Res {
    let on = match args[0].as_atom() {
        Some("true") => true,
        Some("false") => false,
        _ => return Err(Exception::badarg_at(1, "not a boolean")),
    };
    n.world.monitor_nodes(n.me, on);
    Ok(Term::ok())
}

/// `:otpsim.adopt(supervisor, child)`: the child's link moves from the
/// caller (who started it) to `supervisor`, as if it had started it.
fn adopt(n: &mut Native, args: &[Term]) -> Res {
    let sup = pid_at(args, 0)?;
    let child = pid_at(args, 1)?;
    n.world.link(sup, child);
    n.world.unlink(n.me, child);
    Ok(Term::ok())
}

/// `:otpsim.fun_initial_call(fun)`: what a process started to run `fun`
/// (an agent's or a task's) keeps in `$initial_call`, as the BEAM names
/// the fun: `{:erl_eval, :"-expr/6-fun-2-", 0}` for one typed into the
/// shell, `{Mod, :"-context-fun-N-", arity}` for one in a module.
fn fun_initial_call(args: &[Term]) -> Res {
    let Term::Fun(fun) = &args[0] else {
        return Err(Exception::badarg_at(1, "not a fun"));
    };
    Ok(match fun.as_ref() {
        Fun::Export {
            module,
            function,
            arity,
        } => mfa_term(*module, *function, *arity),
        Fun::Closure(c) => {
            let info = c.lambda.info();
            let arity = c.lambda.arity();
            if info.module.as_str() == crate::vm::code::SHELL_MODULE {
                let name = format!("-expr/6-fun-{}-", u32::from(arity) + 2);
                mfa_term(info.module, Atom::new(&name), arity)
            } else {
                let name = format!("-{}-fun-{}-", info.context, info.index);
                mfa_term(info.module, Atom::new(&name), arity)
            }
        }
    })
}

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure("otpsim", "fun_initial_call", 1, fun_initial_call),
    Bif::world("otpsim", "adopt", 2, adopt),
    Bif::world("Elixir.Node", "disconnect", 1, node_disconnect),
    Bif::world("Elixir.Node", "ping", 1, node_ping),
    Bif::world("net_adm", "ping", 1, node_ping),
    Bif::pure("Elixir.Node", "alive?", 0, |_| Ok(Term::boolean(true))),
    Bif::world("net_kernel", "monitor_nodes", 1, monitor_nodes),
    Bif::world("net_kernel", "monitor_nodes", 2, monitor_nodes),
    Bif::world("erlang", "spawn", 1, spawn),
    Bif::world("erlang", "spawn", 3, spawn),
    Bif::world("erlang", "spawn_link", 1, spawn_link),
    Bif::world("erlang", "spawn_link", 3, spawn_link),
    Bif::world("erlang", "spawn_monitor", 1, spawn_monitor),
    Bif::world("erlang", "spawn_monitor", 3, spawn_monitor),
    Bif::world("erlang", "spawn", 2, node_spawn),
    Bif::world("erlang", "spawn", 4, node_spawn),
    Bif::world("erlang", "spawn_link", 2, node_spawn_link),
    Bif::world("erlang", "spawn_link", 4, node_spawn_link),
    Bif::world("Elixir.Node", "spawn", 2, node_spawn),
    Bif::world("Elixir.Node", "spawn", 4, node_spawn),
    Bif::world("Elixir.Node", "spawn_link", 2, node_spawn_link),
    Bif::world("Elixir.Node", "spawn_link", 4, node_spawn_link),
    Bif::world("erlang", "send", 2, send),
    Bif::world("erlang", "!", 2, send),
    Bif::world("Elixir.Process", "send", 3, |n, a| send(n, &a[..2])),
    Bif::world("erlang", "exit", 2, exit2),
    Bif::world("Elixir.Process", "exit", 2, exit2),
    Bif::world("erlang", "link", 1, link),
    Bif::world("Elixir.Process", "link", 1, link),
    Bif::world("erlang", "unlink", 1, unlink),
    Bif::world("Elixir.Process", "unlink", 1, unlink),
    Bif::world("erlang", "monitor", 2, monitor2),
    Bif::world("Elixir.Process", "monitor", 1, monitor1),
    Bif::world("erlang", "monitor", 3, monitor3),
    Bif::world("erlang", "alias", 0, alias0),
    Bif::world("erlang", "unalias", 1, unalias),
    Bif::world("erlang", "demonitor", 1, demonitor),
    Bif::world("erlang", "demonitor", 2, demonitor),
    Bif::world("Elixir.Process", "demonitor", 1, demonitor),
    Bif::world("Elixir.Process", "demonitor", 2, demonitor),
    Bif::world("erlang", "process_flag", 2, process_flag),
    Bif::world("Elixir.Process", "flag", 2, process_flag),
    Bif::world("erlang", "register", 2, register),
    Bif::pure("erlang", "list_to_pid", 1, list_to_pid),
    Bif::world("Elixir.IEx.Helpers", "pid", 1, iex_pid),
    Bif::world("Elixir.IEx.Helpers", "pid", 3, iex_pid),
    Bif::world("Elixir.Process", "register", 2, process_register),
    Bif::world("erlang", "unregister", 1, unregister),
    Bif::world("Elixir.Process", "unregister", 1, unregister),
    Bif::world("erlang", "whereis", 1, whereis),
    Bif::world("Elixir.Process", "whereis", 1, process_whereis),
    Bif::world("erlang", "registered", 0, registered),
    Bif::world("Elixir.Process", "registered", 0, registered),
    Bif::world("erlang", "is_process_alive", 1, is_alive),
    Bif::world("Elixir.Process", "alive?", 1, is_alive),
    Bif::world("erlang", "self", 0, self_pid),
    Bif::world("erlang", "node", 0, node0),
    Bif::world("erlang", "node", 1, node1),
    Bif::world("Elixir.Node", "self", 0, node0),
    Bif::world("erlang", "nodes", 0, nodes),
    Bif::world("Elixir.Node", "list", 0, nodes),
    Bif::world("Elixir.Node", "connect", 1, node_connect),
    Bif::world("erlang", "make_ref", 0, make_ref),
    Bif::world("Elixir.Process", "send_after", 3, send_after),
    Bif::world("erlang", "send_after", 3, erlang_send_after),
    Bif::world("erlang", "cancel_timer", 1, cancel_timer),
    Bif::world("Elixir.Process", "cancel_timer", 1, cancel_timer),
    Bif::world("erlang", "read_timer", 1, read_timer),
    Bif::world("Elixir.Process", "read_timer", 1, read_timer),
    Bif::world("erlang", "put", 2, put),
    Bif::world("erlang", "get", 1, erlang_get1),
    Bif::world("erlang", "get", 0, get0),
    Bif::world("erlang", "get_keys", 0, get_keys),
    Bif::world("erlang", "erase", 1, erase1),
    Bif::world("erlang", "erase", 0, erase0),
    Bif::world("Elixir.Process", "put", 2, process_put),
    Bif::world("Elixir.Process", "get", 1, process_get),
    Bif::world("Elixir.Process", "get", 2, process_get),
    Bif::world("Elixir.Process", "get", 0, get0),
    Bif::world("Elixir.Process", "get_keys", 0, get_keys),
    Bif::world("Elixir.Process", "delete", 1, process_delete),
    Bif::world("erlang", "process_info", 2, erlang_process_info2),
    Bif::world("erlang", "process_info", 1, process_info1),
    Bif::world("Elixir.Process", "info", 2, process_info2),
    Bif::world("Elixir.Process", "info", 1, process_info1),
    Bif::world("erlang", "processes", 0, process_list),
    Bif::world("Elixir.Process", "list", 0, process_list),
    Bif::world("erlang", "monotonic_time", 0, monotonic_time),
    Bif::world("erlang", "monotonic_time", 1, monotonic_time),
    Bif::world("Elixir.System", "monotonic_time", 0, monotonic_time),
    Bif::world("Elixir.System", "monotonic_time", 1, monotonic_time),
    Bif::world("erlang", "system_info", 1, system_info),
    Bif::world("erlang", "system_time", 0, system_time),
    Bif::world("erlang", "system_time", 1, system_time),
    Bif::world("Elixir.System", "system_time", 0, system_time),
    Bif::world("Elixir.System", "system_time", 1, system_time),
    Bif::world("Elixir.System", "os_time", 0, system_time),
    Bif::world("Elixir.System", "os_time", 1, system_time),
    Bif::world("os", "system_time", 0, system_time),
    Bif::world("os", "system_time", 1, system_time),
    Bif::world("rand", "uniform", 0, rand_uniform),
    Bif::world("rand", "uniform", 1, rand_uniform),
    Bif::world("erlang", "unique_integer", 0, unique_integer),
    Bif::world("erlang", "unique_integer", 1, unique_integer),
    Bif::world("Elixir.System", "unique_integer", 0, unique_integer),
    Bif::world("Elixir.System", "unique_integer", 1, unique_integer),
];
