//! `Application`'s environment: one for the whole simulation, as if every
//! node had read the same config files. The built-in applications read
//! their settings here (`:todo, :use_registry`, `:kv, :routing_table`, ...),
//! so any process can, not only the console.

use super::{Bif, Native};
use crate::term::{inspect, Atom, Term};
use crate::vm::exception::{Exception, Res};

/// The app and key, or the `FunctionClauseError` of Elixir's guarded
/// `function/arity` (which the shorter arities call with the defaults).
fn app_key(args: &[Term], function: &str, arity: usize) -> Res<(Atom, Atom)> {
    match args {
        [Term::Atom(app), Term::Atom(key), ..] => Ok((*app, *key)),
        _ => {
            let mut given = args.to_vec();
            given.resize(arity.max(given.len()), Term::nil());
            Err(Exception::function_clause(
                "Elixir.Application",
                function,
                given,
            ))
        }
    }
}

/// `Application.get_env(app, key, default \\ nil)`.
fn get_env(n: &mut Native, args: &[Term]) -> Res {
    let (app, key) = app_key(args, "get_env", 3)?;
    Ok(n.world
        .get_env(app.as_str(), key.as_str())
        .or_else(|| args.get(2).cloned())
        .unwrap_or_else(Term::nil))
}

/// `Application.fetch_env(app, key)`: `{:ok, value}` or `:error`.
fn fetch_env(n: &mut Native, args: &[Term]) -> Res {
    let (app, key) = app_key(args, "fetch_env", 2)?;
    Ok(match n.world.get_env(app.as_str(), key.as_str()) {
        Some(v) => Term::tuple([Term::ok(), v]),
        None => Term::atom("error"),
    })
}

/// `Application.fetch_env!(app, key)`, raising as Elixir 1.14 does.
fn fetch_env_bang(n: &mut Native, args: &[Term]) -> Res {
    let (app, key) = app_key(args, "fetch_env!", 2)?;
    n.world.get_env(app.as_str(), key.as_str()).ok_or_else(|| {
        Exception::argument(format!(
            "could not fetch application environment {} for application {} \
                 because the application was not loaded nor configured",
            inspect(&Term::Atom(key)),
            inspect(&Term::Atom(app))
        ))
    })
}

/// `Application.put_env(app, key, value, opts \\ [])`. A setting the
/// built-in applications read is checked first ([`crate::apps::settings`]):
/// a bad one raises and the old value stays.
fn put_env(n: &mut Native, args: &[Term]) -> Res {
    let (app, key) = app_key(args, "put_env", 4)?;
    if let Err(expected) = crate::apps::settings::check(app.as_str(), key.as_str(), &args[2]) {
        let old = n
            .world
            .get_env(app.as_str(), key.as_str())
            .map_or_else(|| "unset".to_string(), |v| inspect(&v));
        return Err(Exception::argument(format!(
            "Application.put_env({}, {}, {}): {expected}; it stays {old}",
            inspect(&Term::Atom(app)),
            inspect(&Term::Atom(key)),
            inspect(&args[2]),
        )));
    }
    n.world.put_env(app.as_str(), key.as_str(), args[2].clone());
    Ok(Term::ok())
}

/// `Application.delete_env(app, key, opts \\ [])`.
fn delete_env(n: &mut Native, args: &[Term]) -> Res {
    let (app, key) = app_key(args, "delete_env", 3)?;
    n.world.delete_env(app.as_str(), key.as_str());
    Ok(Term::ok())
}

/// `Application.get_all_env(app)`: a keyword list.
fn get_all_env(n: &mut Native, args: &[Term]) -> Res {
    let Some(Term::Atom(app)) = args.first() else {
        return Err(Exception::function_clause(
            "Elixir.Application",
            "get_all_env",
            args.to_vec(),
        ));
    };
    Ok(Term::list(
        n.world
            .app_env(app.as_str())
            .into_iter()
            .map(|(k, v)| Term::tuple([Term::Atom(k), v]))
            .collect(),
    ))
}

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::world("Elixir.Application", "get_env", 2, get_env),
    Bif::world("Elixir.Application", "get_env", 3, get_env),
    Bif::world("Elixir.Application", "fetch_env", 2, fetch_env),
    Bif::world("Elixir.Application", "fetch_env!", 2, fetch_env_bang),
    Bif::world("Elixir.Application", "put_env", 3, put_env),
    Bif::world("Elixir.Application", "put_env", 4, put_env),
    Bif::world("Elixir.Application", "delete_env", 2, delete_env),
    Bif::world("Elixir.Application", "delete_env", 3, delete_env),
    Bif::world("Elixir.Application", "get_all_env", 1, get_all_env),
];
