//! Seed 001's to-do system as the Rust layer sees it. The application is
//! Elixir source (`ex/todo.ex`: `Todo`, `Todo.System`, `Todo.Cache`,
//! `Todo.Server`, `Todo.Database`, `Todo.DatabaseWorker`, `Todo.List`);
//! what stays here is `Todo.load/2`, a measurement that drives the world
//! from outside, as the console does:
//!
//! - `metric` — `Todo.load/2`: concurrent clients against either design,
//!   with the mailboxes on the request path sampled at every instant.
//! - `pending` — a `GenServer.call` made from inside a Rust process.
//!
//! The load clients speak the app's own messages: `{:server_process,
//! name}` to `Todo.Cache`, `DynamicSupervisor.start_child/2`'s request to
//! `Todo.ServerSupervisor`, `{:entries, date}` to a list's server.

pub mod metric;
pub mod pending;

use crate::kernel::World;
use crate::otp::call::{call, Budget, CallError};
use crate::otp::child_spec::{ChildSpec, Restart};
use crate::otp::dynamic_supervisor::start_child_request;
use crate::otp::registry;
use crate::term::{Atom, Pid, Term};

/// `Todo.System`, the application's top supervisor.
pub const SYSTEM: &str = "Elixir.Todo.System";
/// `Todo.Cache`, registered under this name on every node.
pub const CACHE: &str = "Elixir.Todo.Cache";
/// `Todo.Database`, registered under this name on every node.
pub const DATABASE: &str = "Elixir.Todo.Database";
/// `Todo.Server`.
pub const SERVER: &str = "Elixir.Todo.Server";
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

/// `Todo.server(name)` from a shell: the list's server through the current
/// design, started if needed.
pub fn server(
    world: &mut World,
    caller: Pid,
    name: &Term,
    budget: &mut Budget,
) -> Result<Pid, CallError> {
    match design(world) {
        Design::Cache => cache_server_process(world, caller, &Term::atom(CACHE), name, budget),
        Design::Registry => {
            if let Some(pid) = registry::whereis(world, caller.node, &Atom::new(REGISTRY), name) {
                return Ok(pid);
            }
            let request = start_child_request(&child_spec(name));
            let result = call(
                world,
                caller,
                &Term::atom(SUPERVISOR),
                request,
                Some(5_000),
                budget,
            )?;
            started_or_existing(&result).ok_or_else(|| {
                // `{:ok, pid} = DynamicSupervisor.start_child(...)` did not match.
                CallError::Exit(Term::tuple([
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
        server_process_request(name),
        Some(5_000),
        budget,
    )?;
    reply
        .as_pid()
        .ok_or_else(|| CallError::Exit(Term::tuple([Term::atom("badpid"), reply.clone()])))
}

/// `{:server_process, name}`, the call `Todo.Cache.server_process/1` makes.
pub fn server_process_request(name: &Term) -> Term {
    Term::tuple([Term::atom("server_process"), name.clone()])
}

/// `{:entries, date}`, the call `Todo.Server.entries/2` makes.
pub fn entries_request(date: &Term) -> Term {
    Term::tuple([Term::atom("entries"), date.clone()])
}

/// `Todo.Server.child_spec(name)`: a temporary worker started by
/// `start_link(name)`.
pub fn child_spec(name: &Term) -> ChildSpec {
    ChildSpec {
        id: Term::atom(SERVER),
        start: (
            Atom::new(SERVER),
            Atom::new("start_link"),
            vec![name.clone()],
        ),
        restart: Restart::Temporary,
        ..ChildSpec::worker_default()
    }
}

/// The pid of `{:ok, pid}` or of `{:error, {:already_started, pid}}`.
pub fn started_or_existing(result: &Term) -> Option<Pid> {
    crate::otp::gen_server::started_pid(result).or_else(|| match result.as_tuple()? {
        [error, reason] if error.is_atom("error") => match reason.as_tuple()? {
            [tag, pid] if tag.is_atom("already_started") => pid.as_pid(),
            _ => None,
        },
        _ => None,
    })
}
