//! What a live invariant checks (`Sim.invariant/1,2,3`): the built-in
//! sets for the seeds' apps, and users' own functions, which the kernel
//! runs after events (`kernel/watch.rs` keeps them and their colours).
//!
//! A check is a term: `{:builtin, set}` or `{:fun, fun, as}` (a zero-arity
//! function run as the process `as`, the shell that registered it). A
//! user's function runs to its end at once, between two events, in the
//! interpreter with a fixed slice: it may read anything (ETS, the
//! Registry, `:global`, `Process.alive?/1`), but waiting for a message
//! breaks it, since nothing else runs while it does.

use super::invariants;
use crate::kernel::{Time, World, MS};
use crate::term::{inspect, Pid, Term};
use crate::vm::exception::format_banner;
use crate::vm::interp::NoHost;
use crate::vm::proc::{Outcome, VmProc};

/// A built-in invariant set: its name, how long it may fail before it
/// turns red, and the check (violations as sentences).
pub struct Builtin {
    /// Its name, as `Sim.invariant/1` takes it.
    pub name: &'static str,
    /// How long a violation may last before it counts (µs): what the
    /// protocol needs to repair it on its own.
    pub grace: Time,
    /// Every violation now.
    pub check: fn(&World) -> Vec<String>,
    /// What it promises, for the docs and errors.
    pub promise: &'static str,
}

/// The built-in sets, in the order `Sim.invariant(:all)` adds them.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "global",
        // After a heal, global's name servers meet and resolve clashes.
        grace: 1_000 * MS,
        check: |w| invariants::global_owners(w, false),
        promise: "at most one live :global owner per name in each partition",
    },
    Builtin {
        name: "registry",
        // A dead process's keys go when its registry partition hears of it.
        grace: 100 * MS,
        check: |w| {
            let mut v = invariants::registry_unique(w);
            v.extend(invariants::registry_stale(w));
            v
        },
        promise: "a Registry lookup never finds a dead process or two owners of a unique key",
    },
    Builtin {
        name: "shards",
        // Handoffs are confirmed or sent again within three seconds.
        grace: 5_000 * MS,
        check: invariants::shards_placed,
        promise:
            "while the cluster is connected, every shard runs on as many nodes as it has copies",
    },
    Builtin {
        name: "kv",
        grace: 0,
        check: crate::apps::shards::ledger::violations,
        promise: "no acknowledged write is lost",
    },
];

/// The built-in set called `name`.
pub fn builtin(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}

/// Reductions a user's check may take each time it runs: it runs after
/// every event it asks for, so a page playing time pays this per event.
pub const FUN_SLICE: i64 = 20_000;

/// The most violations a red invariant's reason lists.
const SHOWN: usize = 3;

/// Watches the built-in set `b`, every `every` events.
pub fn watch_builtin(world: &mut World, b: &Builtin, every: u64, grace: Option<Time>) {
    world.set_check_runner(run);
    let check = Term::tuple([Term::atom("builtin"), Term::atom(b.name)]);
    world.watch(b.name, check, every, grace.unwrap_or(b.grace));
}

/// Watches `fun` (no arguments) as `name`, run as `shell`.
pub fn watch_fun(world: &mut World, name: &str, fun: Term, shell: Pid, every: u64, grace: Time) {
    world.set_check_runner(run);
    let check = Term::tuple([Term::atom("fun"), fun, Term::Pid(shell)]);
    world.watch(name, check, every, grace);
}

/// The kernel's [`crate::kernel::CheckRunner`].
fn run(world: &mut World, check: &Term) -> Option<Result<(), String>> {
    match check.as_tuple()? {
        [_, set] => {
            let b = builtin(set.as_atom()?)?;
            let violations = (b.check)(world);
            Some(if violations.is_empty() {
                Ok(())
            } else {
                Err(summary(violations))
            })
        }
        [_, fun, as_] => run_fun(world, fun, as_.as_pid()?),
        _ => None,
    }
}

fn summary(mut violations: Vec<String>) -> String {
    let more = violations.len().saturating_sub(SHOWN);
    violations.truncate(SHOWN);
    let mut text = violations.join("; ");
    if more > 0 {
        text.push_str(&format!("; and {more} more"));
    }
    text
}

/// Runs a user's check to its end: `true` or `:ok` holds; `false`, `nil`
/// or `{:error, reason}` breaks it; so does anything else it returns or
/// raises, said as such.
fn run_fun(world: &mut World, fun: &Term, me: Pid) -> Option<Result<(), String>> {
    let mut proc = match VmProc::applying(world, fun, Vec::new()) {
        Ok(p) => p,
        Err(e) => return Some(Err(format_banner(&e))),
    };
    Some(match proc.run(world, me, &mut NoHost, FUN_SLICE) {
        Outcome::Done(v) => verdict(&v),
        Outcome::Wait(_) => Err(
            "the check waited for a message; an invariant may only read (no receive, no GenServer.call)"
                .into(),
        ),
        // The line's own budget ran out mid-check: no verdict this time.
        Outcome::Yield if world.reductions_left() == 0 => return None,
        Outcome::Yield => Err(format!("the check ran past {FUN_SLICE} reductions")),
        Outcome::Raised(e) => Err(format_banner(&e)),
    })
}

fn verdict(v: &Term) -> Result<(), String> {
    if v.is_atom("true") || v.is_atom("ok") {
        return Ok(());
    }
    if v.is_atom("false") || v.is_atom("nil") {
        return Err(format!("returned {}", inspect(v)));
    }
    match v.as_tuple() {
        Some([tag, reason]) if tag.is_atom("error") => Err(match reason.as_binary() {
            Some(text) => String::from_utf8_lossy(text).into_owned(),
            None => inspect(reason),
        }),
        _ => Err(format!(
            "returned {} (a check returns true, :ok, false or {{:error, reason}})",
            inspect(v)
        )),
    }
}
