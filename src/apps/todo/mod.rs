//! Seed 001: Elixir in Action's to-do system (chapter 7), with a switch to
//! seed 000's Registry + DynamicSupervisor, and a load metric to compare them.
//!
//! ```text
//! Todo.System (one_for_one)
//! ├─ Todo.ServerRegistry   (Registry, keys: :unique)
//! ├─ Todo.Database         ── Todo.DatabaseWorker ×3, chosen by :erlang.phash2(key, 3)
//! ├─ Todo.Cache            ── Todo.Server(name)*, started on demand (cache design)
//! └─ Todo.ServerSupervisor (DynamicSupervisor)
//!    └─ Todo.Server(name)*, started on demand (registry design)
//! ```
//!
//! - `list` — `Todo.List`, the to-do list as data.
//! - `server` — `Todo.Server`, one process per list, persisting each change.
//! - `cache` — `Todo.Cache`, the central name → server map (the bottleneck).
//! - `database` — `Todo.Database` and its three `Todo.DatabaseWorker`s,
//!   writing to the node's simulated disk.
//! - `pending` — a `GenServer.call` made from inside a process.
//! - `metric` — `Todo.load/2`: concurrent clients against either design.
//!
//! [`server()`] (`Todo.server/1` in the console) finds a list's server through
//! the current [`Design`]: a call to `Todo.Cache` in the seed's design, or a
//! `Registry` lookup (no process involved) and, on a miss,
//! `DynamicSupervisor.start_child(Todo.ServerSupervisor, {Todo.Server, name})`
//! in seed 000's. Either way the server is registered as
//! `{:via, Registry, {Todo.ServerRegistry, name}}`, so switching designs
//! finds the same server and the same list.
//!
//! Departures from the seed, each for the simulation's sake: `Todo.System`
//! (the book's chapter 8 name) starts the database beside the cache instead
//! of from `Todo.Cache.init/1`, so both designs share it; the pieces are
//! started linked under it as in chapter 8; the cache forgets dead servers
//! (see `cache`).

pub mod cache;
pub mod database;
pub mod list;
pub mod metric;
pub mod pending;
pub mod server;

use crate::kernel::{Ctx, World};
use crate::otp::call::{call, Budget, CallError};
use crate::otp::child_spec::{self, ChildSpec};
use crate::otp::dynamic_supervisor::start_child_request;
use crate::otp::registry;
use crate::otp::supervisor::{self, Flags};
use crate::term::{Atom, Pid, Term};

/// `Todo.System`, the application's top supervisor.
pub const SYSTEM: &str = "Elixir.Todo.System";
/// `Todo.ServerRegistry`, where every `Todo.Server` registers its list name.
pub const REGISTRY: &str = "Elixir.Todo.ServerRegistry";
/// `Todo.ServerSupervisor`, the DynamicSupervisor of the registry design.
pub const SUPERVISOR: &str = "Elixir.Todo.ServerSupervisor";

/// How a list's server is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Design {
    /// The seed's: a call to `Todo.Cache`.
    Cache,
    /// Seed 000's: `Registry` lookup, `DynamicSupervisor` on a miss.
    Registry,
}

impl Design {
    /// `:cache` or `:registry`.
    pub fn to_term(self) -> Term {
        Term::atom(match self {
            Design::Cache => "cache",
            Design::Registry => "registry",
        })
    }
}

/// The current design, for the whole simulation (`Application` env
/// `:todo, :use_registry`).
pub fn design(world: &World) -> Design {
    match world.get_env("todo", "use_registry") {
        Some(flag) if flag.is_atom("true") => Design::Registry,
        _ => Design::Cache,
    }
}

/// `Todo.use_registry(on)`: switches every node's design.
pub fn use_registry(world: &mut World, on: bool) {
    world.put_env("todo", "use_registry", Term::boolean(on));
}

/// `Todo.server(name)` from a shell: the list's server through the current
/// design, started if needed.
pub fn server(
    world: &mut World,
    caller: Pid,
    name: &Term,
    budget: &mut Budget,
) -> Result<Pid, CallError> {
    match design(world) {
        Design::Cache => {
            cache_server_process(world, caller, &Term::atom(cache::CACHE), name, budget)
        }
        Design::Registry => {
            if let Some(pid) = registry::whereis(world, caller.node, &Atom::new(REGISTRY), name) {
                return Ok(pid);
            }
            let request = start_child_request(&server::child_spec(name));
            let result = call(
                world,
                caller,
                &Term::atom(SUPERVISOR),
                request,
                Some(5_000),
                budget,
            )?;
            server::started_or_existing(&result).ok_or_else(|| {
                // `{:ok, pid} = DynamicSupervisor.start_child(...)` did not match.
                CallError::Exit(Term::tuple(vec![
                    crate::otp::reasons::exception("MatchError", vec![("term", result)]),
                    Term::list(vec![]),
                ]))
            })
        }
    }
}

/// `Todo.Cache.server_process(cache, name)` from a shell.
pub fn cache_server_process(
    world: &mut World,
    caller: Pid,
    cache: &Term,
    name: &Term,
    budget: &mut Budget,
) -> Result<Pid, CallError> {
    let reply = call(
        world,
        caller,
        cache,
        cache::server_process_request(name),
        Some(5_000),
        budget,
    )?;
    reply
        .as_pid()
        .ok_or_else(|| CallError::Exit(Term::tuple(vec![Term::atom("badpid"), reply.clone()])))
}

/// `Todo.System.start_link()`: registry, database, cache, server supervisor.
fn system_start_link(ctx: &mut Ctx, _args: &[Term]) -> Result<Term, Term> {
    let registry = child_spec::registry_child("unique", REGISTRY);
    let dynamic = child_spec::dynamic_supervisor_child(SUPERVISOR);
    let worker = |module: &str| ChildSpec {
        id: Term::atom(module),
        start: (Atom::new(module), Atom::new("start_link"), vec![]),
        ..ChildSpec::worker_default()
    };
    let children = vec![
        child_spec::normalize(ctx, &registry)?,
        worker(database::DATABASE),
        worker(cache::CACHE),
        child_spec::normalize(ctx, &dynamic)?,
    ];
    Ok(supervisor::start(
        ctx,
        Atom::new(SYSTEM),
        children,
        Flags::default(),
        Some(Term::atom(SYSTEM)),
    ))
}

/// Loads the application's modules into a world.
pub fn load(world: &mut World) {
    world.load(SYSTEM, "start_link", 0, system_start_link);
    world.load(database::DATABASE, "start_link", 0, database::start_link);
    world.load(cache::CACHE, "start_link", 0, cache::start_link);
    world.load(server::SERVER, "start_link", 1, server::start_link);
    world.load(server::SERVER, "child_spec", 1, server::child_spec_fn);
}
