//! `Sim` (the simulation's controls), `Node`, `:net_kernel` and `:rpc`.

use super::{atom_arg, bad_arg, int_arg, Entry};
use crate::cluster::{self, network};
use crate::console::error::EvalError;
use crate::console::host::to_list;
use crate::console::host::Eval;
use crate::kernel::{NodeId, ProcessKind, MS};
use crate::otp::call::receive;
use crate::otp::gen_server::keyword_get;
use crate::term::{inspect, Atom, Term};

pub(super) const ENTRIES: &[Entry] = &[
    ("Sim", "add_node", 1, |ev, a| {
        let name = atom_arg(&a, 0)?.to_string();
        cluster::add_node(ev.world, &name).map_err(EvalError::argument)?;
        Ok(Term::tuple([Term::ok(), a[0].clone()]))
    }),
    ("Sim", "nodes", 0, |ev, _| {
        let n = ev.world.node_count() as NodeId;
        Ok(Term::list(
            (0..n)
                .filter(|i| ev.world.node_alive(*i))
                .filter_map(|i| ev.world.node_name(i).cloned().map(Term::Atom))
                .collect(),
        ))
    }),
    ("Sim", "attach", 1, |ev, a| {
        let node = node_arg(ev, &a, 0)?;
        if !ev.world.node_alive(node) {
            return Err(EvalError::argument(format!(
                "node {} is down",
                inspect(&a[0])
            )));
        }
        ev.attach = Some(node);
        Ok(Term::ok())
    }),
    ("Sim", "crash_node", 1, |ev, a| {
        let node = node_arg(ev, &a, 0)?;
        ev.world.crash_node(node);
        Ok(Term::ok())
    }),
    ("Sim", "power_loss", 1, |ev, a| {
        // The machine loses power: a crash that keeps the disk, minus the
        // writes the page cache had not written back.
        let node = node_arg(ev, &a, 0)?;
        ev.world.power_loss(node);
        Ok(Term::ok())
    }),
    ("Sim", "disk", 2, |ev, a| {
        let node = node_arg(ev, &a, 0)?;
        let percent = match keyword_get(&a[1], "fail") {
            Some(Term::Int(p)) if (0..=100).contains(&p) => p as u8,
            _ => return Err(bad_arg(1, "expected fail: percent (0..100)")),
        };
        ev.world.set_disk_failures(node, percent);
        Ok(Term::ok())
    }),
    ("Sim", "restart_node", 1, |ev, a| {
        let node = node_arg(ev, &a, 0)?;
        if !cluster::restart_node(ev.world, node) {
            return Err(EvalError::argument(format!(
                "node {} is not down",
                inspect(&a[0])
            )));
        }
        Ok(Term::ok())
    }),
    ("Sim", "partition", 1, |ev, a| {
        let mut groups = Vec::new();
        for group in to_list(&a[0])? {
            let mut nodes = Vec::new();
            for n in to_list(&group)? {
                nodes.push(node_arg(ev, &[n], 0)?);
            }
            groups.push(nodes);
        }
        network::partition(
            ev.world,
            &groups,
            format!("Sim.partition({})", inspect(&a[0])),
        );
        Ok(Term::ok())
    }),
    ("Sim", "cut", 2, |ev, a| {
        let from = node_arg(ev, &a, 0)?;
        let to = node_arg(ev, &a, 1)?;
        let what = format!("Sim.cut({}, {})", inspect(&a[0]), inspect(&a[1]));
        network::cut(ev.world, from, to, what);
        Ok(Term::ok())
    }),
    ("Sim", "nemesis", 1, |ev, a| {
        let count =
            crate::cluster::nemesis::schedule(ev.world, &a[0]).map_err(EvalError::argument)?;
        Ok(Term::tuple([Term::ok(), Term::Int(count as i64)]))
    }),
    ("Sim", "heal", 0, |ev, _| {
        network::heal(ev.world, "Sim.heal()".into());
        Ok(Term::ok())
    }),
    ("Sim", "set_link", 3, |ev, a| {
        let x = node_arg(ev, &a, 0)?;
        let y = node_arg(ev, &a, 1)?;
        let opt = |key: &str| -> Result<Option<u64>, EvalError> {
            match keyword_get(&a[2], key) {
                None => Ok(None),
                Some(Term::Int(v)) if v >= 0 => Ok(Some(v as u64)),
                Some(_) => Err(bad_arg(
                    2,
                    &format!(":{key} must be a non-negative integer"),
                )),
            }
        };
        let (latency, jitter, loss) = (opt("latency")?, opt("jitter")?, opt("loss")?);
        let what = format!(
            "Sim.set_link({}, {}, {})",
            inspect(&a[0]),
            inspect(&a[1]),
            inspect(&a[2])
        );
        network::set_link(ev.world, x, y, latency, jitter, loss, what);
        Ok(Term::ok())
    }),
    ("Sim", "connect_all", 1, |ev, a| {
        // The BEAM's `-connect_all false`: connecting to a node no longer
        // connects to the nodes it knows.
        let on = match a[0].as_atom() {
            Some("true") => true,
            Some("false") => false,
            _ => return Err(bad_arg(0, "not a boolean")),
        };
        ev.world.net_mut().transitive = on;
        Ok(Term::ok())
    }),
    ("Sim", "net_tick", 1, |ev, a| {
        let ms = int_arg(&a, 0)?;
        let ms = u64::try_from(ms)
            .ok()
            .filter(|m| *m > 0)
            .ok_or_else(|| bad_arg(0, "not a positive integer"))?;
        ev.world.net_mut().net_tick = ms * MS;
        Ok(Term::ok())
    }),
    ("Sim", "log", 1, |ev, a| {
        let node = node_arg(ev, &a, 0)?;
        Ok(Term::list(
            ev.world
                .node_log(node)
                .iter()
                .map(|e| Term::string(&e.text))
                .collect(),
        ))
    }),
    ("Sim", "broadcast_junk", 1, |ev, a| {
        // A datagram without the `node::` prefix, as `echo Test | nc -u` sends.
        let node = node_arg(ev, &a, 0)?;
        let Some(sender) = ev
            .world
            .spawn(node, None, false, Atom::new("nc"), ProcessKind::Shell)
        else {
            return Err(EvalError::argument(format!(
                "node {} is down",
                inspect(&a[0])
            )));
        };
        ev.world
            .udp_broadcast(sender, crate::apps::discovery::PORT, Term::string("Test\n"));
        ev.world.die(sender, Term::atom("normal"));
        Ok(Term::ok())
    }),
    ("Sim", "discovery", 1, |ev, a| {
        set_discovery(ev, &a[0], None)
    }),
    ("Sim", "discovery", 2, |ev, a| {
        let interval = match keyword_get(&a[1], "interval") {
            None => None,
            Some(Term::Int(ms)) if ms > 0 => Some(ms),
            Some(_) => return Err(bad_arg(1, ":interval must be a positive integer (ms)")),
        };
        set_discovery(ev, &a[0], interval)
    }),
    ("Sim", "check", 0, |ev, _| {
        // Judge the world as it stands once everything due now has happened.
        ev.settle()?;
        let violations = crate::cluster::invariants::check(ev.world, true);
        if violations.is_empty() {
            Ok(Term::ok())
        } else {
            Ok(Term::tuple([
                Term::atom("error"),
                Term::list(violations.iter().map(|v| Term::string(v)).collect()),
            ]))
        }
    }),
    ("Sim", "invariant", 1, |ev, a| {
        watch_builtins(ev, &a[0], &Term::nil())
    }),
    ("Sim", "invariant", 2, |ev, a| match a[1].as_fun() {
        Some(_) => watch_fun(ev, &a[0], &a[1], &Term::nil()),
        None => watch_builtins(ev, &a[0], &a[1]),
    }),
    ("Sim", "invariant", 3, |ev, a| {
        watch_fun(ev, &a[0], &a[1], &a[2])
    }),
    ("Sim", "drop_invariant", 1, |ev, a| {
        let name = invariant_name(&a[0])?;
        Ok(Term::atom(if ev.world.unwatch(&name) {
            "ok"
        } else {
            "error"
        }))
    }),
    ("Sim", "invariants", 0, |ev, _| {
        ev.settle()?;
        Ok(Term::list(
            ev.world
                .invariants()
                .into_iter()
                .map(|s| {
                    let first = s.first_broke.map_or_else(Term::nil, |(at, why)| {
                        Term::tuple([Term::Int((at / MS) as i64), Term::string(&why)])
                    });
                    Term::map([
                        (Term::atom("name"), Term::string(&s.name)),
                        (Term::atom("holds"), Term::boolean(!s.red)),
                        (Term::atom("first_broke"), first),
                    ])
                })
                .collect(),
        ))
    }),
    ("Sim", "linearizable", 0, |ev, _| {
        ev.settle()?;
        Ok(match crate::apps::kv::history::check(ev.world) {
            Ok(n) => Term::tuple([Term::ok(), Term::Int(n as i64)]),
            Err((key, ops)) => Term::tuple([
                Term::atom("error"),
                Term::string(&key),
                Term::list(ops.iter().map(|o| Term::string(o)).collect()),
            ]),
        })
    }),
    (":otpsim", "host_rpc", 4, |ev, a| {
        let host = super::find_host(
            atom_arg(&a, 1)?,
            atom_arg(&a, 2)?,
            a[3].list_len().unwrap_or(usize::MAX),
        )
        .is_some();
        if !host {
            return Ok(Term::atom("not_host"));
        }
        let value = rpc_call(ev, a)?;
        Ok(Term::tuple([Term::atom("host"), value]))
    }),
];

/// An invariant's name: an atom or a string.
fn invariant_name(term: &Term) -> Result<String, EvalError> {
    match (term.as_atom(), term.as_binary()) {
        (Some(a), _) => Ok(a.to_string()),
        (_, Some(b)) if !b.is_empty() && b.len() <= 200 => {
            Ok(String::from_utf8_lossy(b).into_owned())
        }
        _ => Err(bad_arg(
            0,
            "an invariant's name is an atom or a non-empty string",
        )),
    }
}

/// `every:` and `grace:` from an invariant's options (`every` events, at
/// least 1; `grace` in ms).
fn watch_options(opts: &Term) -> Result<(u64, Option<crate::kernel::Time>), EvalError> {
    if !opts.is_atom("nil") && !opts.is_list() {
        return Err(bad_arg(2, "options are a keyword list (every:, grace:)"));
    }
    let every = match keyword_get(opts, "every") {
        None => 1,
        Some(Term::Int(n)) if (1..=1_000_000_000).contains(&n) => n as u64,
        Some(_) => return Err(bad_arg(2, ":every must be a positive integer (events)")),
    };
    let grace = match keyword_get(opts, "grace") {
        None => None,
        Some(Term::Int(ms)) if (0..=1_000_000_000).contains(&ms) => Some(ms as u64 * MS),
        Some(_) => return Err(bad_arg(2, ":grace must be a non-negative integer (ms)")),
    };
    Ok((every, grace))
}

/// `Sim.invariant(set, opts)`: a built-in set, or `:all` of them.
fn watch_builtins(ev: &mut Eval, set: &Term, opts: &Term) -> Result<Term, EvalError> {
    use crate::cluster::watch::{builtin, watch_builtin, BUILTINS};
    let (every, grace) = watch_options(opts)?;
    let chosen: Vec<_> = match set.as_atom() {
        Some("all") => BUILTINS.iter().collect(),
        Some(name) if builtin(name).is_some() => builtin(name).into_iter().collect(),
        _ => {
            let names: Vec<String> = BUILTINS.iter().map(|b| format!(":{}", b.name)).collect();
            return Err(EvalError::argument(format!(
                "no built-in invariant {}: the sets are {} and :all; a check of your own is Sim.invariant(name, fn -> ... end)",
                inspect(set),
                names.join(", ")
            )));
        }
    };
    for b in chosen {
        watch_builtin(ev.world, b, every, grace);
    }
    Ok(Term::ok())
}

/// `Sim.invariant(name, fun, opts)`: the user's check.
fn watch_fun(ev: &mut Eval, name: &Term, fun: &Term, opts: &Term) -> Result<Term, EvalError> {
    let name = invariant_name(name)?;
    match fun.as_fun() {
        Some(f) if f.arity() == 0 => {}
        _ => return Err(bad_arg(1, "a check is a function of no arguments")),
    }
    let (every, grace) = watch_options(opts)?;
    let shell = ev.shell;
    crate::cluster::watch::watch_fun(
        ev.world,
        &name,
        fun.clone(),
        shell,
        every,
        grace.unwrap_or(0),
    );
    Ok(Term::ok())
}

/// `Sim.discovery(strategy, interval: ms)`: `:gossip`, `:epmd` or `:none`.
fn set_discovery(ev: &mut Eval, strategy: &Term, interval: Option<i64>) -> Result<Term, EvalError> {
    match strategy.as_atom() {
        Some("gossip" | "epmd" | "none") => {}
        _ => return Err(bad_arg(0, "expected :gossip, :epmd or :none")),
    }
    ev.world.put_env("discovery", "strategy", strategy.clone());
    if let Some(ms) = interval {
        ev.world.put_env("discovery", "interval", Term::Int(ms));
    }
    Ok(Term::ok())
}

/// The node named by an atom argument, or an `ArgumentError`.
fn node_arg(ev: &Eval, a: &[Term], i: usize) -> Result<NodeId, EvalError> {
    let name = atom_arg(a, i)?;
    ev.world
        .node_id(name)
        .ok_or_else(|| EvalError::argument(format!("unknown node {}", inspect(&a[i]))))
}

fn lookup_node(ev: &Eval, term: &Term) -> Option<NodeId> {
    ev.world.node_id(term.as_atom()?)
}

/// Waits the one-way delay from `from` to `to` (an rpc request or reply in flight).
fn travel(ev: &mut Eval, from: NodeId, to: NodeId) -> Result<(), EvalError> {
    let delay = ev.world.net().link(from, to).latency;
    let deadline = ev.world.now() + delay;
    receive(ev.world, ev.shell, |_| false, Some(deadline), ev.budget)
        .map_err(super::call_failed)?;
    Ok(())
}

/// `:otpsim.host_rpc(node, module, function, args)`, which `:rpc.call`
/// tries first from the shell: when the function is one of the console's
/// built-ins (the built-in apps' helpers), the request crosses the network,
/// a process on `node` runs it, and `{:host, reply}` comes back;
/// otherwise `:not_host`, and `:rpc` runs the function in a process.
fn rpc_call(ev: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    let badrpc = |why: Term| Term::tuple([Term::atom("badrpc"), why]);
    let Some(node) = lookup_node(ev, &a[0]) else {
        return Ok(badrpc(Term::atom("nodedown")));
    };
    let module = atom_arg(&a, 1)?.to_string();
    let function = atom_arg(&a, 2)?.to_string();
    let args = a[3].list_to_vec().ok_or_else(|| bad_arg(3, "not a list"))?;
    let Some(builtin) = super::find_host(&module, &function, args.len()) else {
        return Err(EvalError::argument("not a console built-in"));
    };
    let here = ev.shell.node;
    if node != here && !ev.world.ensure_connected(here, node) {
        return Ok(badrpc(Term::atom("nodedown")));
    }
    travel(ev, here, node)?;
    if !ev.world.node_alive(node) || !ev.world.net().is_connected(here, node) {
        return Ok(badrpc(Term::atom("nodedown")));
    }
    let Some(worker) = ev
        .world
        .spawn(node, None, false, Atom::new("erpc"), ProcessKind::Shell)
    else {
        return Ok(badrpc(Term::atom("nodedown")));
    };
    let caller = ev.shell;
    ev.shell = worker;
    let result = builtin(ev, args);
    ev.shell = caller;
    ev.world.die(worker, Term::atom("normal"));
    let value = match result {
        Ok(v) => v,
        Err(EvalError::Exit(reason)) => badrpc(Term::tuple([Term::atom("EXIT"), reason])),
        Err(EvalError::Raise { name, message }) => {
            let ex =
                crate::otp::reasons::exception(&name, vec![("message", Term::string(&message))]);
            badrpc(Term::tuple([
                Term::atom("EXIT"),
                Term::tuple([ex, Term::list(vec![])]),
            ]))
        }
        Err(other) => return Err(other),
    };
    if !ev.world.net().is_connected(here, node) {
        return Ok(badrpc(Term::atom("nodedown")));
    }
    travel(ev, node, here)?;
    Ok(value)
}
