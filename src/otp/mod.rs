//! OTP behaviours on top of the kernel, named and behaving as in Elixir 1.14.
//!
//! - `gen_server` — the [`GenServer`] trait and `start`/`start_link`.
//! - `call` — blocking `GenServer.call/3` for shells driven from outside the world.
//! - `name` — name resolution: pids, atoms, `{name, node}`, `{:via, Registry, {reg, key}}`.
//! - `child_spec` — child specs as terms, as `Supervisor` and `DynamicSupervisor` take them.
//! - `supervisor` — `Supervisor` with the three strategies and restart intensity.
//! - `dynamic_supervisor` — `DynamicSupervisor`.
//! - `shutdown` — ordered, synchronous termination of a child.
//! - `registry` — `Registry` (unique and duplicate keys, via names, listeners).
//! - `global` — `:global` names across nodes, with conflict resolvers on heal.
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
pub mod reasons;
pub mod registry;
pub mod shutdown;
pub mod supervisor;
pub mod task;

pub use call::{call, CallError};
pub use gen_server::{reply, start, CallReply, From, GenServer, Init, Next, StartOpts};

use crate::kernel::World;

/// Loads the OTP modules (`Supervisor`, `DynamicSupervisor`, `Registry`,
/// `Agent`, `Task`) into a world so child specs can name them.
pub fn load(world: &mut World) {
    supervisor::load(world);
    dynamic_supervisor::load(world);
    registry::load(world);
    agent::load(world);
    task::load(world);
}
