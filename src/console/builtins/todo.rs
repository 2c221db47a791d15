//! The to-do system's API (seed 001): `Todo`, `Todo.Cache`, `Todo.Server`,
//! `Todo.Database`.

use super::{bad_arg, call_failed, int_arg, Entry};
use crate::apps::todo::{self, cache, database, metric, server};
use crate::console::error::EvalError;
use crate::console::host::Eval;
use crate::otp::call::call;
use crate::otp::name;
use crate::term::Term;

pub(super) const ENTRIES: &[Entry] = &[
    ("Todo", "use_registry", 1, |ev, a| {
        let on = match a[0].as_atom() {
            Some("true") => true,
            Some("false") => false,
            _ => return Err(bad_arg(0, "not a boolean")),
        };
        todo::use_registry(ev.world, on);
        Ok(Term::ok())
    }),
    ("Todo", "design", 0, |ev, _| {
        Ok(todo::design(ev.world).to_term())
    }),
    ("Todo", "server", 1, |ev, a| {
        todo::server(ev.world, ev.shell, &a[0], ev.budget)
            .map(Term::Pid)
            .map_err(call_failed)
    }),
    ("Todo", "load", 2, load),
    ("Todo.Cache", "server_process", 1, |ev, a| {
        let cache = Term::atom(cache::CACHE);
        todo::cache_server_process(ev.world, ev.shell, &cache, &a[0], ev.budget)
            .map(Term::Pid)
            .map_err(call_failed)
    }),
    ("Todo.Cache", "server_process", 2, |ev, a| {
        todo::cache_server_process(ev.world, ev.shell, &a[0], &a[1], ev.budget)
            .map(Term::Pid)
            .map_err(call_failed)
    }),
    ("Todo.Server", "add_entry", 2, |ev, a| {
        // `GenServer.cast/2`: never fails, even to a dead server.
        if let Some(pid) = name::whereis(ev.world, ev.shell.node, &a[0]) {
            let msg = Term::tuple(vec![
                Term::atom("$gen_cast"),
                server::add_entry_request(&a[1]),
            ]);
            ev.world.send(ev.shell, pid, msg);
        }
        Ok(Term::ok())
    }),
    ("Todo.Server", "entries", 2, |ev, a| {
        call(
            ev.world,
            ev.shell,
            &a[0],
            server::entries_request(&a[1]),
            Some(5_000),
            ev.budget,
        )
        .map_err(call_failed)
    }),
    ("Todo.Database", "store", 2, |ev, a| {
        database::store(ev.world, ev.shell, &a[0], a[1].clone(), ev.budget).map_err(call_failed)
    }),
    ("Todo.Database", "get", 1, |ev, a| {
        database::get(ev.world, ev.shell, &a[0], ev.budget).map_err(call_failed)
    }),
];

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
