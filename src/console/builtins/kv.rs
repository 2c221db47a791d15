//! The `KV` application's API (seed 003): the guide's `KV.Registry` and
//! `KV.Bucket` functions, `KV.command/1` for the text protocol, and the
//! router's switch and route.

use super::{bad_arg, call_failed, Entry};
use crate::apps::kv::router::{self, RouteError, Router};
use crate::apps::kv::{bucket, command, registry};
use crate::console::error::EvalError;
use crate::term::Term;

pub(super) const ENTRIES: &[Entry] = &[
    ("KV", "command", 1, |ev, a| {
        let line = a[0].as_binary().ok_or_else(|| bad_arg(0, "not a binary"))?;
        let line = line.to_vec();
        command::execute(ev.world, ev.shell, &line, ev.budget)
            .map(Term::bytes_vec)
            .map_err(route_failed)
    }),
    ("KV", "router", 0, |ev, _| {
        Ok(router::current(ev.world).to_term())
    }),
    ("KV", "router", 1, |ev, a| {
        let choice = match a[0].as_atom() {
            Some("table") => Router::Table,
            Some("hash") => Router::Hash,
            _ => return Err(bad_arg(0, "expected :table or :hash")),
        };
        router::set_current(ev.world, choice);
        Ok(Term::ok())
    }),
    ("KV", "route", 1, |ev, a| {
        let route = router::pick(ev.world, ev.shell.node, &a[0]).map_err(route_failed)?;
        Ok(route.to_term(ev.world))
    }),
    ("KV.Registry", "create", 2, |ev, a| {
        Ok(registry::create(ev.world, ev.shell, &a[0], &a[1]))
    }),
    ("KV.Registry", "lookup", 2, |ev, a| {
        registry::lookup(ev.world, ev.shell, &a[0], &a[1], ev.budget).map_err(call_failed)
    }),
    ("KV.Bucket", "get", 2, |ev, a| {
        bucket::get(ev.world, ev.shell, &a[0], &a[1], ev.budget).map_err(call_failed)
    }),
    ("KV.Bucket", "put", 3, |ev, a| {
        bucket::put(ev.world, ev.shell, &a[0], &a[1], &a[2], ev.budget).map_err(call_failed)
    }),
    ("KV.Bucket", "delete", 2, |ev, a| {
        bucket::delete(ev.world, ev.shell, &a[0], &a[1], ev.budget).map_err(call_failed)
    }),
];

/// How a routing failure surfaces in iex: the guide's `RuntimeError` for a
/// name outside the table, `:binary.first/1`'s `ArgumentError` for an
/// empty or non-binary name, an exit for a node that cannot be reached.
fn route_failed(e: RouteError) -> EvalError {
    match e {
        RouteError::NoEntry(message) => EvalError::raise("RuntimeError", message),
        RouteError::BadName(name) if name.as_binary().is_some() => {
            bad_arg(0, "a zero-sized binary is not allowed")
        }
        RouteError::BadName(_) => bad_arg(0, "not a binary"),
        RouteError::NodeDown(node) => {
            EvalError::Exit(Term::tuple(vec![Term::atom("nodedown"), node]))
        }
        RouteError::Call(e) => call_failed(e),
    }
}
