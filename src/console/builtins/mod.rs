//! The built-in applications' Rust API, callable from the console's shell
//! (see [`super::host`]), named as in Elixir.
//!
//! - `pg` — `:pg` process groups; `pubsub` — `Phoenix.PubSub.child_spec/1`.
//! - `shard_fleet` — `Shards`: K, reads and writes through the shard fleet, moves.
//! - `shards` — `Shards.movement/4`, `Shards.shard_for/3`: strategies and movement.
//! - `todo` — the to-do system (seed 001): `Todo`, `Todo.Cache`, `Todo.Server`, `Todo.Database`.
//! - `cluster` — `Sim` (nodes and network), `Node`, `:net_kernel`, `:rpc`.
//!
//! [`catalog`] lists every entry, for completion in the web console.

mod cluster;
mod pg;
mod pubsub;
mod shard_fleet;
mod shards;
mod todo;

use super::error::EvalError;
use super::host::Eval;
use crate::otp::call::CallError;
use crate::term::Term;

/// A built-in: runs as the shell with evaluated arguments.
pub type Builtin = fn(&mut Eval, Vec<Term>) -> Result<Term, EvalError>;

/// One entry: module as Elixir writes it (`"Process"`, `":erlang"`, `""` for
/// local calls), function name, arity, code.
pub type Entry = (&'static str, &'static str, usize, Builtin);

fn tables() -> [&'static [Entry]; 6] {
    [
        shard_fleet::ENTRIES,
        shards::ENTRIES,
        pg::ENTRIES,
        pubsub::ENTRIES,
        cluster::ENTRIES,
        todo::ENTRIES,
    ]
}

/// Every function the console can call as `(module as written, function,
/// arity)`, for completion: the built-ins, the natives, and the public
/// functions of the prelude and the applications' Elixir.
pub fn catalog() -> Vec<(String, String, usize)> {
    let mut out: Vec<(String, String, usize)> = tables()
        .iter()
        .flat_map(|t| {
            t.iter()
                .map(|(m, f, a, _)| (m.to_string(), f.to_string(), *a))
        })
        .collect();
    let hidden = |f: &str| f.starts_with("__") || f.starts_with('-');
    for b in crate::vm::bif::table() {
        if !hidden(b.name) && b.module != "otpsim" {
            out.push((written(b.module), b.name.to_string(), usize::from(b.arity)));
        }
    }
    let libraries = [&crate::vm::prelude::PRELUDE, &crate::apps::LIBRARY];
    let modules = crate::vm::prelude::names(&libraries)
        .into_iter()
        .filter_map(|name| crate::vm::prelude::module(&libraries, name));
    for m in modules {
        let module = written(m.name.as_str());
        if module.starts_with("Otpsim") || module.starts_with("Native") {
            continue;
        }
        for (f, a) in m.exports.keys() {
            if !hidden(f.as_str()) {
                out.push((module.clone(), f.as_str().to_string(), usize::from(*a)));
            }
        }
    }
    // What the shell imports: written without a module.
    let imported: Vec<(String, String, usize)> = out
        .iter()
        .filter(|(m, f, a)| {
            matches!(m.as_str(), ":erlang" | "Kernel" | "IEx.Helpers")
                && crate::lang::compile::is_shell_import(f, *a)
        })
        .map(|(_, f, a)| (String::new(), f.clone(), *a))
        .collect();
    out.extend(imported);
    out.sort();
    out.dedup();
    out
}

fn find(module: &str, function: &str, arity: usize) -> Option<Builtin> {
    tables().iter().find_map(|t| {
        t.iter()
            .find(|(m, f, a, _)| *m == module && *f == function && *a == arity)
            .map(|e| e.3)
    })
}

/// True when some built-in belongs to `module` (as stored).
pub fn host_module(module: &str) -> bool {
    let written = written(module);
    tables()
        .iter()
        .any(|t| t.iter().any(|(m, _, _, _)| *m == written))
}

/// How a stored module atom is written in the console (`Elixir.Process` → `Process`).
fn written(module: &str) -> String {
    match module.strip_prefix("Elixir.") {
        Some(alias) => alias.to_string(),
        None => format!(":{module}"),
    }
}

/// The host function `module.function/arity` (module as stored, e.g.
/// `Elixir.Sim` or `pg`).
pub fn find_host(module: &str, function: &str, arity: usize) -> Option<Builtin> {
    find(&written(module), function, arity)
}

// ---- argument helpers shared by the tables --------------------------------

/// Maps a blocking call's failure to the console's error.
pub(crate) fn call_failed(e: CallError) -> EvalError {
    match e {
        CallError::Exit(reason) => EvalError::Exit(reason),
        CallError::Budget(why) => EvalError::Budget(why),
    }
}

/// The argument as an integer.
pub(crate) fn int_arg(args: &[Term], i: usize) -> Result<i64, EvalError> {
    args.get(i)
        .and_then(Term::as_int)
        .ok_or_else(|| bad_arg(i, "not an integer"))
}

/// The argument as an atom's text.
pub(crate) fn atom_arg(args: &[Term], i: usize) -> Result<&str, EvalError> {
    args.get(i)
        .and_then(Term::as_atom)
        .ok_or_else(|| bad_arg(i, "not an atom"))
}

/// `ArgumentError` in the BEAM's shape for argument `i`.
pub(crate) fn bad_arg(i: usize, why: &str) -> EvalError {
    let ordinal = match i {
        0 => "1st",
        1 => "2nd",
        2 => "3rd",
        _ => "nth",
    };
    EvalError::argument(format!(
        "errors were found at the given arguments:\n\n  * {ordinal} argument: {why}\n"
    ))
}
