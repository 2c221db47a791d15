//! `Registry` (the OTP layer's, shared with the built-in apps) and name
//! registration as `GenServer` and `send/2` use it: atoms, `{:global, n}`,
//! `{:via, Registry, {r, k}}`, `{:via, :global, n}`. Functions that take
//! a callback (`dispatch/3`, `update_value/3`) are in the prelude, on top
//! of these.

use super::{Bif, Native};
use crate::otp::name::{self, RegisterError};
use crate::otp::registry::{self as reg, RegistryError};
use crate::term::{inspect, Atom, Pid, Term};
use crate::vm::exception::{Exception, Res};

fn registry(args: &[Term]) -> Res<Atom> {
    match args.first() {
        Some(Term::Atom(a)) => Ok(*a),
        _ => Err(Exception::argument(format!(
            "unknown registry: {}",
            args.first().map(inspect).unwrap_or_default()
        ))),
    }
}

fn failed(e: RegistryError) -> Exception {
    match e {
        RegistryError::Unknown(name) => {
            Exception::argument(format!("unknown registry: {}", inspect(&Term::Atom(name))))
        }
        RegistryError::NotUnique(what) => Exception::argument(format!(
            "Registry.{what} is not supported for duplicate registries"
        )),
    }
}

fn entries(found: Vec<(Pid, Term)>) -> Term {
    Term::list(
        found
            .into_iter()
            .map(|(p, v)| Term::tuple([Term::Pid(p), v]))
            .collect(),
    )
}

fn register(n: &mut Native, a: &[Term]) -> Res {
    let r = registry(a)?;
    reg::register(n.world, n.me, &r, &a[1], a[2].clone()).map_err(failed)
}

fn unregister(n: &mut Native, a: &[Term]) -> Res {
    let r = registry(a)?;
    reg::unregister(n.world, n.me, &r, &a[1]).map_err(failed)?;
    Ok(Term::ok())
}

/// `Registry.__unregister_values__(registry, key, values)`: drops the
/// caller's entries under `key` whose value is one of `values`.
fn unregister_values(n: &mut Native, a: &[Term]) -> Res {
    let r = registry(a)?;
    let values = a[2].list_to_vec().unwrap_or_default();
    reg::unregister_where(n.world, n.me, &r, &a[1], |v| values.contains(v)).map_err(failed)?;
    Ok(Term::ok())
}

fn lookup(n: &mut Native, a: &[Term]) -> Res {
    let r = registry(a)?;
    Ok(entries(
        reg::lookup(n.world, n.me.node, &r, &a[1]).map_err(failed)?,
    ))
}

fn count(n: &mut Native, a: &[Term]) -> Res {
    let r = registry(a)?;
    Ok(Term::Int(
        reg::count(n.world, n.me.node, &r).map_err(failed)? as i64,
    ))
}

fn keys(n: &mut Native, a: &[Term]) -> Res {
    let r = registry(a)?;
    let pid = a[1]
        .as_pid()
        .ok_or_else(|| Exception::badarg_at(2, "not a pid"))?;
    Ok(Term::list(
        reg::keys(n.world, n.me.node, &r, pid).map_err(failed)?,
    ))
}

fn values(n: &mut Native, a: &[Term]) -> Res {
    let r = registry(a)?;
    let pid = a[2]
        .as_pid()
        .ok_or_else(|| Exception::badarg_at(3, "not a pid"))?;
    let found = reg::lookup(n.world, n.me.node, &r, &a[1]).map_err(failed)?;
    Ok(Term::list(
        found
            .into_iter()
            .filter(|(p, _)| *p == pid)
            .map(|(_, v)| v)
            .collect(),
    ))
}

/// The value `me` registered under `key`, for the prelude's `update_value/3`.
fn own_value(n: &mut Native, a: &[Term]) -> Res {
    let r = registry(a)?;
    if reg::is_unique(n.world, n.me.node, &r) == Some(false) {
        return Err(failed(RegistryError::NotUnique("update_value/3")));
    }
    let found = reg::lookup(n.world, n.me.node, &r, &a[1]).map_err(failed)?;
    Ok(found.into_iter().find(|(p, _)| *p == n.me).map_or_else(
        || Term::atom("error"),
        |(_, v)| Term::tuple([Term::ok(), v]),
    ))
}

fn set_value(n: &mut Native, a: &[Term]) -> Res {
    let r = registry(a)?;
    let new = a[2].clone();
    match reg::update_value(n.world, n.me, &r, &a[1], |_| new).map_err(failed)? {
        Some((new, old)) => Ok(Term::tuple([new, old])),
        None => Ok(Term::atom("error")),
    }
}

fn meta(n: &mut Native, a: &[Term]) -> Res {
    let r = registry(a)?;
    Ok(
        match reg::meta(n.world, n.me.node, &r, &a[1]).map_err(failed)? {
            Some(v) => Term::tuple([Term::ok(), v]),
            None => Term::atom("error"),
        },
    )
}

fn put_meta(n: &mut Native, a: &[Term]) -> Res {
    let r = registry(a)?;
    reg::put_meta(n.world, n.me.node, &r, a[1].clone(), a[2].clone()).map_err(failed)?;
    Ok(Term::ok())
}

/// Every live `{key, pid, value}` entry, for the prelude's `match/3` and `select/2`.
fn all(n: &mut Native, a: &[Term]) -> Res {
    let r = registry(a)?;
    if reg::is_unique(n.world, n.me.node, &r).is_none() {
        return Err(failed(RegistryError::Unknown(r)));
    }
    Ok(Term::list(
        reg::all(n.world, n.me.node, &r)
            .into_iter()
            .map(|(k, p, v)| Term::tuple([k, Term::Pid(p), v]))
            .collect(),
    ))
}

fn via_key(a: &[Term]) -> Res<(Atom, Term)> {
    match a.first().and_then(Term::as_tuple) {
        Some([Term::Atom(r), key]) => Ok((*r, key.clone())),
        _ => Err(Exception::badarg_at(1, "not a {registry, key} tuple")),
    }
}

fn register_name(n: &mut Native, a: &[Term]) -> Res {
    let (r, key) = via_key(a)?;
    let pid = a[1]
        .as_pid()
        .ok_or_else(|| Exception::badarg_at(2, "not a pid"))?;
    Ok(Term::atom(
        match reg::register_name(n.world, &r, &key, pid) {
            Ok(()) => "yes",
            Err(_) => "no",
        },
    ))
}

fn unregister_name(n: &mut Native, a: &[Term]) -> Res {
    let (r, key) = via_key(a)?;
    let _ = reg::unregister(n.world, n.me, &r, &key);
    Ok(Term::ok())
}

fn whereis_name(n: &mut Native, a: &[Term]) -> Res {
    let (r, key) = via_key(a)?;
    Ok(reg::whereis(n.world, n.me.node, &r, &key)
        .map_or_else(|| Term::atom("undefined"), Term::Pid))
}

fn via_send(n: &mut Native, a: &[Term]) -> Res {
    let (r, key) = via_key(a)?;
    match reg::whereis(n.world, n.me.node, &r, &key) {
        Some(pid) => {
            n.world.send(n.me, pid, a[1].clone());
            Ok(Term::Pid(pid))
        }
        None => Err(Exception::argument(format!(
            "no process registered under {} in {}",
            inspect(&key),
            inspect(&Term::Atom(r))
        ))),
    }
}

/// `:otpsim.whereis(name)`: the pid behind any name form, or `nil`
/// (what `GenServer.whereis/1` answers).
fn whereis_any(n: &mut Native, a: &[Term]) -> Res {
    Ok(name::whereis(n.world, n.me.node, &a[0]).map_or_else(Term::nil, Term::Pid))
}

/// `:otpsim.register(name, pid)`: `:ok`, `{:error, {:already_started, pid}}`
/// or `{:error, {:bad_name, name}}`, as `GenServer.start_link/3` needs.
fn register_any(n: &mut Native, a: &[Term]) -> Res {
    let pid = a[1]
        .as_pid()
        .ok_or_else(|| Exception::badarg_at(2, "not a pid"))?;
    Ok(match name::register(n.world, &a[0], pid) {
        Ok(()) => Term::ok(),
        Err(RegisterError::Taken(owner)) => Term::tuple([
            Term::atom("error"),
            Term::tuple([Term::atom("already_started"), Term::Pid(owner)]),
        ]),
        Err(RegisterError::Invalid) => Term::tuple([
            Term::atom("error"),
            Term::tuple([Term::atom("bad_name"), a[0].clone()]),
        ]),
    })
}

/// `:otpsim.is_name(term)`: a well-formed process name.
fn is_name(a: &[Term]) -> Res {
    Ok(Term::boolean(name::is_name(&a[0])))
}

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::world("Elixir.Registry", "register", 3, register),
    Bif::world("Elixir.Registry", "unregister", 2, unregister),
    Bif::world(
        "Elixir.Registry",
        "__unregister_values__",
        3,
        unregister_values,
    ),
    Bif::world("Elixir.Registry", "lookup", 2, lookup),
    Bif::world("Elixir.Registry", "count", 1, count),
    Bif::world("Elixir.Registry", "keys", 2, keys),
    Bif::world("Elixir.Registry", "values", 3, values),
    Bif::world("Elixir.Registry", "meta", 2, meta),
    Bif::world("Elixir.Registry", "put_meta", 3, put_meta),
    Bif::world("Elixir.Registry", "register_name", 2, register_name),
    Bif::world("Elixir.Registry", "unregister_name", 1, unregister_name),
    Bif::world("Elixir.Registry", "whereis_name", 1, whereis_name),
    Bif::world("Elixir.Registry", "send", 2, via_send),
    Bif::world("Elixir.Registry", "__own_value__", 2, own_value),
    Bif::world("Elixir.Registry", "__set_value__", 3, set_value),
    Bif::world("Elixir.Registry", "__entries__", 1, all),
    Bif::world("otpsim", "whereis", 1, whereis_any),
    Bif::world("otpsim", "register", 2, register_any),
    Bif::pure("otpsim", "is_name", 1, is_name),
];
