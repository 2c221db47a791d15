//! Data modules (`Enum`, `Map`, `List`, `Keyword`, `IO`, `Integer`) and the
//! console side of `Agent`.

use super::{bad_arg, call_failed, int_arg, Entry};
use crate::console::error::EvalError;
use crate::console::eval::Eval;
use crate::console::value::to_list;
use crate::kernel::Ctx;
use crate::otp::call::call;
use crate::otp::gen_server::{name_option, StartOpts};
use crate::term::{inspect, Term};

pub(super) const ENTRIES: &[Entry] = &[
    ("Enum", "map", 2, |ev, a| {
        let items = to_list(&a[0])?;
        let mut out = Vec::with_capacity(items.len());
        for x in items {
            out.push(ev.apply(&a[1], vec![x])?);
        }
        Ok(Term::list(out))
    }),
    ("Enum", "each", 2, |ev, a| {
        for x in to_list(&a[0])? {
            ev.apply(&a[1], vec![x])?;
        }
        Ok(Term::ok())
    }),
    ("Enum", "filter", 2, |ev, a| {
        let mut out = Vec::new();
        for x in to_list(&a[0])? {
            if !ev.apply(&a[1], vec![x.clone()])?.is_falsy() {
                out.push(x);
            }
        }
        Ok(Term::list(out))
    }),
    ("Enum", "reject", 2, |ev, a| {
        let mut out = Vec::new();
        for x in to_list(&a[0])? {
            if ev.apply(&a[1], vec![x.clone()])?.is_falsy() {
                out.push(x);
            }
        }
        Ok(Term::list(out))
    }),
    ("Enum", "reduce", 3, |ev, a| {
        let mut acc = a[1].clone();
        for x in to_list(&a[0])? {
            acc = ev.apply(&a[2], vec![x, acc])?;
        }
        Ok(acc)
    }),
    ("Enum", "find", 2, |ev, a| {
        for x in to_list(&a[0])? {
            if !ev.apply(&a[1], vec![x.clone()])?.is_falsy() {
                return Ok(x);
            }
        }
        Ok(Term::nil())
    }),
    ("Enum", "all?", 2, |ev, a| {
        for x in to_list(&a[0])? {
            if ev.apply(&a[1], vec![x])?.is_falsy() {
                return Ok(Term::boolean(false));
            }
        }
        Ok(Term::boolean(true))
    }),
    ("Enum", "any?", 2, |ev, a| {
        for x in to_list(&a[0])? {
            if !ev.apply(&a[1], vec![x])?.is_falsy() {
                return Ok(Term::boolean(true));
            }
        }
        Ok(Term::boolean(false))
    }),
    ("Enum", "to_list", 1, |_, a| Ok(Term::list(to_list(&a[0])?))),
    ("Enum", "count", 1, |_, a| {
        Ok(Term::Int(to_list(&a[0])?.len() as i64))
    }),
    ("Enum", "count", 2, |ev, a| {
        let mut n = 0;
        for x in to_list(&a[0])? {
            if !ev.apply(&a[1], vec![x])?.is_falsy() {
                n += 1;
            }
        }
        Ok(Term::Int(n))
    }),
    ("Enum", "sum", 1, |_, a| {
        let mut acc = Term::Int(0);
        for x in to_list(&a[0])? {
            acc = crate::console::eval::binop_values(crate::console::ast::BinOp::Add, acc, x)?;
        }
        Ok(acc)
    }),
    ("Enum", "max", 1, |_, a| extreme(&a[0], |x, best| x > best)),
    ("Enum", "min", 1, |_, a| extreme(&a[0], |x, best| x < best)),
    ("Enum", "max_by", 2, |ev, a| {
        extreme_by(ev, &a, |k, best| k > best)
    }),
    ("Enum", "min_by", 2, |ev, a| {
        extreme_by(ev, &a, |k, best| k < best)
    }),
    ("Enum", "at", 2, |_, a| {
        let items = to_list(&a[0])?;
        let i = int_arg(&a, 1)?;
        let at = if i < 0 { items.len() as i64 + i } else { i };
        Ok(usize::try_from(at)
            .ok()
            .and_then(|i| items.get(i).cloned())
            .unwrap_or_else(Term::nil))
    }),
    ("Enum", "member?", 2, |_, a| {
        Ok(Term::boolean(to_list(&a[0])?.contains(&a[1])))
    }),
    ("Enum", "sort", 1, |_, a| {
        let mut items = to_list(&a[0])?;
        items.sort();
        Ok(Term::list(items))
    }),
    ("Enum", "reverse", 1, |_, a| {
        let mut items = to_list(&a[0])?;
        items.reverse();
        Ok(Term::list(items))
    }),
    ("Enum", "uniq", 1, |_, a| {
        let mut seen = std::collections::BTreeSet::new();
        Ok(Term::list(
            to_list(&a[0])?
                .into_iter()
                .filter(|x| seen.insert(x.clone()))
                .collect(),
        ))
    }),
    ("Enum", "take", 2, |_, a| {
        let items = to_list(&a[0])?;
        let n = int_arg(&a, 1)?;
        let kept = if n >= 0 {
            items.into_iter().take(n as usize).collect()
        } else {
            let skip = items.len().saturating_sub(n.unsigned_abs() as usize);
            items.into_iter().skip(skip).collect()
        };
        Ok(Term::list(kept))
    }),
    ("Enum", "with_index", 1, |_, a| {
        Ok(Term::list(
            to_list(&a[0])?
                .into_iter()
                .enumerate()
                .map(|(i, x)| Term::tuple(vec![x, Term::Int(i as i64)]))
                .collect(),
        ))
    }),
    ("Enum", "zip", 2, |_, a| {
        let (l, r) = (to_list(&a[0])?, to_list(&a[1])?);
        Ok(Term::list(
            l.into_iter()
                .zip(r)
                .map(|(x, y)| Term::tuple(vec![x, y]))
                .collect(),
        ))
    }),
    ("Enum", "frequencies", 1, |_, a| {
        let mut counts = std::collections::BTreeMap::new();
        for x in to_list(&a[0])? {
            *counts.entry(x).or_insert(0i64) += 1;
        }
        Ok(Term::map(
            counts.into_iter().map(|(k, v)| (k, Term::Int(v))),
        ))
    }),
    ("Enum", "group_by", 2, |ev, a| {
        let mut groups: std::collections::BTreeMap<Term, Vec<Term>> = Default::default();
        for x in to_list(&a[0])? {
            let k = ev.apply(&a[1], vec![x.clone()])?;
            groups.entry(k).or_default().push(x);
        }
        Ok(Term::map(
            groups.into_iter().map(|(k, v)| (k, Term::list(v))),
        ))
    }),
    ("Access", "get", 2, |_, a| {
        match &a[0] {
        Term::Map(m) => Ok(m.get(&a[1]).cloned().unwrap_or_else(Term::nil)),
        Term::List(_) => {
            let key = a[1].as_atom().ok_or_else(|| bad_arg(1, "not an atom"))?;
            Ok(crate::otp::gen_server::keyword_get(&a[0], key).unwrap_or_else(Term::nil))
        }
        t if t.is_atom("nil") => Ok(Term::nil()),
        other => Err(EvalError::argument(format!(
            "the Access calls for keywords expect the key to be an atom and the data a map or keyword list, got: {}",
            inspect(other)
        ))),
    }
    }),
    ("List", "to_charlist", 1, |_, a| match &a[0] {
        Term::Binary(b) => Ok(Term::list(
            String::from_utf8_lossy(b)
                .chars()
                .map(|c| Term::Int(c as i64))
                .collect(),
        )),
        Term::List(_) => Ok(a[0].clone()),
        _ => Err(bad_arg(0, "not a list")),
    }),
    (":erlang", "binary_to_atom", 2, |_, a| match &a[0] {
        Term::Binary(b) if b.len() <= 255 => match std::str::from_utf8(b) {
            Ok(text) => Ok(Term::atom(text)),
            Err(_) => Err(bad_arg(0, "invalid UTF-8")),
        },
        _ => Err(bad_arg(0, "not a binary of at most 255 characters")),
    }),
    ("Map", "new", 0, |_, _| Ok(Term::map([]))),
    ("Map", "get", 2, |_, a| map_get(&a, Term::nil())),
    ("Map", "get", 3, |_, a| map_get(&a, a[2].clone())),
    ("Map", "put", 3, |_, a| {
        Ok(Term::Map(map_arg(&a)?.put(a[1].clone(), a[2].clone())))
    }),
    ("Map", "delete", 2, |_, a| {
        Ok(Term::Map(map_arg(&a)?.remove(&a[1])))
    }),
    ("Map", "to_list", 1, |_, a| {
        Ok(Term::list(to_list(&Term::Map(map_arg(&a)?.clone()))?))
    }),
    ("Enum", "flat_map", 2, |ev, a| {
        let mut out = Vec::new();
        for x in to_list(&a[0])? {
            let part = ev.apply(&a[1], vec![x])?;
            out.extend(to_list(&part)?);
        }
        Ok(Term::list(out))
    }),
    ("Map", "keys", 1, |_, a| {
        Ok(Term::list(map_arg(&a)?.keys().cloned().collect()))
    }),
    ("Map", "values", 1, |_, a| {
        Ok(Term::list(map_arg(&a)?.values().cloned().collect()))
    }),
    ("Map", "has_key?", 2, |_, a| {
        Ok(Term::boolean(map_arg(&a)?.contains_key(&a[1])))
    }),
    ("List", "first", 1, |_, a| {
        Ok(to_list(&a[0])?.first().cloned().unwrap_or_else(Term::nil))
    }),
    ("List", "last", 1, |_, a| {
        Ok(to_list(&a[0])?.last().cloned().unwrap_or_else(Term::nil))
    }),
    ("Keyword", "get", 2, |_, a| {
        let key = a[1].as_atom().ok_or_else(|| bad_arg(1, "not an atom"))?;
        Ok(crate::otp::gen_server::keyword_get(&a[0], key).unwrap_or_else(Term::nil))
    }),
    ("IO", "puts", 1, |ev, a| {
        let text = match &a[0] {
            Term::Binary(b) => String::from_utf8_lossy(b).into_owned(),
            other => {
                let s = super::kernel::to_string(ev, vec![other.clone()])?;
                String::from_utf8_lossy(s.as_binary().unwrap_or_default()).into_owned()
            }
        };
        ev.printed.push(text);
        Ok(Term::ok())
    }),
    ("IO", "inspect", 1, |ev, a| {
        ev.printed.push(inspect(&a[0]));
        Ok(a[0].clone())
    }),
    ("Integer", "to_string", 1, |_, a| {
        int_arg(&a, 0)?;
        Ok(Term::string(&inspect(&a[0])))
    }),
];

fn extreme(list: &Term, better: fn(&Term, &Term) -> bool) -> Result<Term, EvalError> {
    let items = to_list(list)?;
    let mut best: Option<Term> = None;
    for x in items {
        if best.as_ref().is_none_or(|b| better(&x, b)) {
            best = Some(x);
        }
    }
    best.ok_or_else(empty_error)
}

/// `Enum.max_by/2` and `min_by/2`: the first element with the extreme key.
fn extreme_by(
    ev: &mut Eval,
    a: &[Term],
    better: fn(&Term, &Term) -> bool,
) -> Result<Term, EvalError> {
    let mut best: Option<(Term, Term)> = None;
    for x in to_list(&a[0])? {
        let k = ev.apply(&a[1], vec![x.clone()])?;
        if best.as_ref().is_none_or(|(bk, _)| better(&k, bk)) {
            best = Some((k, x));
        }
    }
    best.map(|(_, x)| x).ok_or_else(empty_error)
}

fn empty_error() -> EvalError {
    EvalError::raise("Enum.EmptyError", "empty error")
}

fn map_arg(a: &[Term]) -> Result<&crate::term::Map, EvalError> {
    match &a[0] {
        Term::Map(m) => Ok(m),
        other => Err(EvalError::raise(
            "BadMapError",
            format!("expected a map, got: {}", inspect(other)),
        )),
    }
}

fn map_get(a: &[Term], default: Term) -> Result<Term, EvalError> {
    Ok(map_arg(a)?.get(&a[1]).cloned().unwrap_or(default))
}

/// `Agent` from the console. The functions run in the shell against the
/// state fetched from the agent, then the new state is stored back.
pub(super) const AGENT_TASK: &[Entry] = &[
    ("Agent", "start_link", 1, |ev, a| {
        agent_start(ev, &a[0], &Term::list(vec![]), true)
    }),
    ("Agent", "start_link", 2, |ev, a| {
        agent_start(ev, &a[0], &a[1], true)
    }),
    ("Agent", "start", 1, |ev, a| {
        agent_start(ev, &a[0], &Term::list(vec![]), false)
    }),
    ("Agent", "start", 2, |ev, a| {
        agent_start(ev, &a[0], &a[1], false)
    }),
    ("Agent", "get", 2, |ev, a| {
        let state = agent_call(ev, &a[0], Term::tuple(vec![Term::atom("get")]))?;
        ev.apply(&a[1], vec![state])
    }),
    ("Agent", "update", 2, |ev, a| {
        let state = agent_call(ev, &a[0], Term::tuple(vec![Term::atom("get")]))?;
        let new = ev.apply(&a[1], vec![state])?;
        agent_call(ev, &a[0], Term::tuple(vec![Term::atom("put"), new]))
    }),
    ("Agent", "get_and_update", 2, |ev, a| {
        let state = agent_call(ev, &a[0], Term::tuple(vec![Term::atom("get")]))?;
        let result = ev.apply(&a[1], vec![state])?;
        match result.as_tuple() {
            Some([get, new]) => {
                agent_call(ev, &a[0], Term::tuple(vec![Term::atom("put"), new.clone()]))?;
                Ok(get.clone())
            }
            _ => Err(EvalError::argument(format!(
                "the function given to Agent.get_and_update/2 must return {{get, new_state}}, got: {}",
                inspect(&result)
            ))),
        }
    }),
    ("Task", "async", 1, task_async),
    ("Task", "await", 1, task_await),
    ("Task", "await", 2, task_await),
    ("Agent", "stop", 1, |ev, a| {
        super::call_remote(ev, "Elixir.GenServer", "stop", vec![a[0].clone()])
    }),
];

/// `Task.async(fun)`: a linked, monitored process that runs `fun` (the
/// evaluator runs it as that process: `self()` inside is the task) and
/// sends `{ref, result}` to its owner.
fn task_async(ev: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    let owner = ev.shell;
    let Some(task) = ev.world.spawn(
        owner.node,
        Some(owner),
        true,
        crate::term::Atom::new("Elixir.Task.Supervised"),
        crate::kernel::ProcessKind::Shell,
    ) else {
        return Err(EvalError::argument("cannot spawn a task on a dead node"));
    };
    let mref = ev.world.monitor(owner, task);
    ev.shell = task;
    let result = ev.apply(&a[0], vec![]);
    ev.shell = owner;
    match result {
        Ok(value) => {
            ev.world
                .send(task, owner, Term::tuple(vec![Term::Ref(mref), value]));
            ev.world.die(task, Term::atom("normal"));
        }
        Err(EvalError::Exit(reason)) => ev.world.die(task, reason),
        Err(EvalError::Raise { name, message }) => {
            let ex =
                crate::otp::reasons::exception(&name, vec![("message", Term::string(&message))]);
            ev.world
                .die(task, Term::tuple(vec![ex, Term::list(vec![])]));
        }
        Err(other) => {
            ev.world.die(task, Term::atom("killed"));
            return Err(other);
        }
    }
    Ok(Term::map([
        (Term::atom("__struct__"), Term::atom("Elixir.Task")),
        (
            Term::atom("mfa"),
            Term::tuple(vec![
                Term::atom("erlang"),
                Term::atom("apply"),
                Term::Int(2),
            ]),
        ),
        (Term::atom("owner"), Term::Pid(owner)),
        (Term::atom("pid"), Term::Pid(task)),
        (Term::atom("ref"), Term::Ref(mref)),
    ]))
}

/// `Task.await(task, timeout)`.
fn task_await(ev: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    let timeout = super::timeout_arg(&a, 1)?;
    let field = |k: &str| match &a[0] {
        Term::Map(m) => m.get(&Term::atom(k)).cloned(),
        _ => None,
    };
    let (Some(tag @ Term::Ref(mref)), Some(_)) = (field("ref"), field("pid")) else {
        return Err(bad_arg(0, "not a %Task{}"));
    };
    let exit = |reason: Term| {
        EvalError::Exit(Term::tuple(vec![
            reason,
            Term::tuple(vec![
                Term::atom("Elixir.Task"),
                Term::atom("await"),
                Term::list(vec![
                    a[0].clone(),
                    timeout.map_or(Term::atom("infinity"), |t| Term::Int(t as i64)),
                ]),
            ]),
        ]))
    };
    let deadline = timeout.map(|ms| ev.world.now() + ms * crate::kernel::MS);
    let got = crate::otp::call::receive(
        ev.world,
        ev.shell,
        |m| match m.as_tuple() {
            Some([t, _]) => *t == tag,
            Some([d, t, _, _, _]) => d.is_atom("DOWN") && *t == tag,
            _ => false,
        },
        deadline,
        ev.budget,
    )
    .map_err(super::call_failed)?;
    match got.as_ref().and_then(Term::as_tuple) {
        Some([_, value]) => {
            crate::otp::call::demonitor_flush(ev.world, ev.shell, mref);
            Ok(value.clone())
        }
        Some([_, _, _, _, reason]) => Err(exit(reason.clone())),
        _ => Err(exit(Term::atom("timeout"))),
    }
}

fn agent_start(ev: &mut Eval, fun: &Term, opts: &Term, link: bool) -> Result<Term, EvalError> {
    let initial = ev.apply(fun, vec![])?;
    let mut ctx = Ctx::new(ev.world, ev.shell);
    Ok(crate::otp::agent::start(
        &mut ctx,
        initial,
        StartOpts {
            name: name_option(opts),
            link,
        },
    ))
}

fn agent_call(ev: &mut Eval, agent: &Term, request: Term) -> Result<Term, EvalError> {
    call(ev.world, ev.shell, agent, request, Some(5_000), ev.budget).map_err(call_failed)
}
