//! OTP behaviours on top of the kernel, named and behaving as in Elixir 1.14.
//!
//! - `gen_server` — the [`GenServer`] trait and `start`/`start_link`.
//! - `call` — blocking `GenServer.call/3` for shells driven from outside the world.
//! - `name` — name resolution: pids, atoms, `{name, node}`, and via names through the
//!   resolvers `registry` and `global` register with the world (so neither is below it).
//! - `child_spec` — child specs as terms, as `Supervisor` and `DynamicSupervisor` take them.
//! - `supervisor` — `Supervisor` with the three strategies and restart intensity.
//! - `dynamic_supervisor` — `DynamicSupervisor`.
//! - `shutdown` — ordered, synchronous termination of a child.
//! - `registry` — `Registry` (unique and duplicate keys, via names, listeners).
//! - `global` — `:global` names across nodes, with conflict resolvers on heal.
//! - `pg` — `:pg` process groups: scopes, joins and leaves, sync between nodes;
//!   `pg_peers` — a scope's peer table, indexed by node.
//! - `agent` — `Agent`.
//! - `task` — `Task`.
//! - `reasons` — exit reasons and the exceptions iex prints for them.

pub mod agent;
pub mod call;
pub mod child_spec;
pub mod dynamic_supervisor;
pub mod gen_server;
pub mod global;
pub mod name;
pub mod pg;
mod pg_peers;
pub mod reasons;
pub mod registry;
pub mod shutdown;
pub mod supervisor;
pub mod task;

pub use call::{call, CallError};
pub use gen_server::{reply, start, CallReply, From, GenServer, Init, Next, StartOpts};

use crate::kernel::World;

/// Loads the OTP modules (`Supervisor`, `DynamicSupervisor`, `Registry`,
/// `Agent`, `Task`) into a world so child specs can name them, and the
/// name resolvers of `Registry` and `:global` (see [`name`]).
pub fn load(world: &mut World) {
    global::load(world);
    supervisor::load(world);
    dynamic_supervisor::load(world);
    registry::load(world);
    agent::load(world);
    task::load(world);
}
