//! `Registry`.

use super::{atom_arg, bad_arg, pid_arg, Entry};
use crate::console::error::EvalError;
use crate::kernel::{apply, Ctx};
use crate::otp::registry::{self as reg, RegistryError};
use crate::term::{Atom, Term};

pub(super) const ENTRIES: &[Entry] = &[
    ("Registry", "start_link", 1, |ev, a| {
        let mut ctx = Ctx::new(ev.world, ev.shell);
        apply(
            &mut ctx,
            &Atom::new("Elixir.Registry"),
            &Atom::new("start_link"),
            &a,
        )
        .map_err(EvalError::Exit)
    }),
    ("Registry", "register", 3, |ev, a| {
        let name = registry_arg(&a)?;
        reg::register(ev.world, ev.shell, &name, &a[1], a[2].clone()).map_err(unknown)
    }),
    ("Registry", "unregister", 2, |ev, a| {
        let name = registry_arg(&a)?;
        reg::unregister(ev.world, ev.shell, &name, &a[1]).map_err(unknown)?;
        Ok(Term::ok())
    }),
    ("Registry", "lookup", 2, |ev, a| {
        let name = registry_arg(&a)?;
        let found = reg::lookup(ev.world, ev.shell.node, &name, &a[1]).map_err(unknown)?;
        Ok(entries(found))
    }),
    ("Registry", "dispatch", 3, |ev, a| {
        let name = registry_arg(&a)?;
        let found = reg::lookup(ev.world, ev.shell.node, &name, &a[1]).map_err(unknown)?;
        if !found.is_empty() {
            ev.apply(&a[2], vec![entries(found)])?;
        }
        Ok(Term::ok())
    }),
    ("Registry", "count", 1, |ev, a| {
        let name = registry_arg(&a)?;
        Ok(Term::Int(
            reg::count(ev.world, ev.shell.node, &name).map_err(unknown)? as i64,
        ))
    }),
    ("Registry", "keys", 2, |ev, a| {
        let name = registry_arg(&a)?;
        let pid = pid_arg(&a, 1)?;
        Ok(Term::list(
            reg::keys(ev.world, ev.shell.node, &name, pid).map_err(unknown)?,
        ))
    }),
    ("Registry", "values", 3, |ev, a| {
        let name = registry_arg(&a)?;
        let pid = pid_arg(&a, 2)?;
        let found = reg::lookup(ev.world, ev.shell.node, &name, &a[1]).map_err(unknown)?;
        Ok(Term::list(
            found
                .into_iter()
                .filter(|(p, _)| *p == pid)
                .map(|(_, v)| v)
                .collect(),
        ))
    }),
    ("Registry", "match", 3, |ev, a| {
        let name = registry_arg(&a)?;
        let found = reg::lookup(ev.world, ev.shell.node, &name, &a[1]).map_err(unknown)?;
        Ok(entries(
            found
                .into_iter()
                .filter(|(_, v)| spec_matches(&a[2], v))
                .collect(),
        ))
    }),
    ("Registry", "update_value", 3, |ev, a| {
        let name = registry_arg(&a)?;
        if reg::is_unique(ev.world, ev.shell.node, &name) == Some(false) {
            return Err(unknown(RegistryError::NotUnique("update_value/3")));
        }
        let current = reg::lookup(ev.world, ev.shell.node, &name, &a[1]).map_err(unknown)?;
        let Some((_, old)) = current.into_iter().find(|(p, _)| *p == ev.shell) else {
            return Ok(Term::atom("error"));
        };
        let new = ev.apply(&a[2], vec![old])?;
        match reg::update_value(ev.world, ev.shell, &name, &a[1], |_| new).map_err(unknown)? {
            Some((new, old)) => Ok(Term::tuple(vec![new, old])),
            None => Ok(Term::atom("error")),
        }
    }),
    ("Registry", "meta", 2, |ev, a| {
        let name = registry_arg(&a)?;
        Ok(
            match reg::meta(ev.world, ev.shell.node, &name, &a[1]).map_err(unknown)? {
                Some(v) => Term::tuple(vec![Term::ok(), v]),
                None => Term::atom("error"),
            },
        )
    }),
    ("Registry", "put_meta", 3, |ev, a| {
        let name = registry_arg(&a)?;
        reg::put_meta(ev.world, ev.shell.node, &name, a[1].clone(), a[2].clone())
            .map_err(unknown)?;
        Ok(Term::ok())
    }),
];

fn registry_arg(a: &[Term]) -> Result<Atom, EvalError> {
    atom_arg(a, 0)
        .map(Atom::new)
        .map_err(|_| bad_arg(0, "not a registry name"))
}

fn unknown(e: RegistryError) -> EvalError {
    match e {
        RegistryError::Unknown(name) => EvalError::argument(format!(
            "unknown registry: {}",
            crate::term::inspect(&Term::Atom(name))
        )),
        RegistryError::NotUnique(what) => EvalError::argument(format!(
            "Registry.{what} is not supported for duplicate registries"
        )),
    }
}

fn entries(found: Vec<(crate::term::Pid, Term)>) -> Term {
    Term::list(
        found
            .into_iter()
            .map(|(p, v)| Term::tuple(vec![Term::Pid(p), v]))
            .collect(),
    )
}

/// A match-spec head as `Registry.match/3` takes it: `:_` matches anything,
/// `:"$1"`-style atoms are variables, tuples, lists and maps match by shape,
/// anything else by equality.
fn spec_matches(pattern: &Term, value: &Term) -> bool {
    if let Some(a) = pattern.as_atom() {
        if a == "_" || (a.starts_with('$') && a[1..].parse::<u32>().is_ok()) {
            return true;
        }
    }
    match (pattern, value) {
        (Term::Tuple(p, _), Term::Tuple(v, _)) => {
            p.len() == v.len() && p.iter().zip(v.iter()).all(|(p, v)| spec_matches(p, v))
        }
        (Term::List(_), Term::List(_)) => match (pattern.list_to_vec(), value.list_to_vec()) {
            (Some(p), Some(v)) => {
                p.len() == v.len() && p.iter().zip(v.iter()).all(|(p, v)| spec_matches(p, v))
            }
            _ => pattern == value,
        },
        (Term::Map(p), Term::Map(v)) => p
            .iter()
            .all(|(k, pv)| v.get(k).is_some_and(|vv| spec_matches(pv, vv))),
        _ => pattern == value,
    }
}
