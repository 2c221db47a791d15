//! Seed 003's distributed key-value store (the Mix & OTP guide's `KV`).
//!
//! Every node runs the `kv` application:
//!
//! ```text
//! KV.Supervisor (one_for_all)
//! ├─ KV.BucketSupervisor (DynamicSupervisor; buckets are :temporary)
//! │  └─ KV.Bucket*       an Agent holding one bucket's map
//! ├─ KV.Registry         bucket name → bucket pid, monitored
//! └─ KV.RouterTasks      where routed requests from other nodes run
//! ```
//!
//! - `bucket` — `KV.Bucket`: an Agent per bucket (`get/2`, `put/3`, `delete/2`).
//! - `registry` — `KV.Registry`: creates buckets under `KV.BucketSupervisor`
//!   and forgets them when they exit.
//! - `router` — `KV.Router`: which node owns a bucket (the guide's routing
//!   table, or rendezvous hashing) and running a request there.
//! - `protocol` — `KVServer.Command`'s text protocol: parsing and replies.
//! - `command` — running a parsed command through the router.
//! - `store` — the hash router's buckets, kept in the shard fleet.
//! - `lines` — splitting a byte stream into bounded lines.
//! - `session` — a cluster serving the protocol to many clients, without I/O.
//! - `tcp` — the CLI's stdin/stdout and TCP front ends (native only).

pub mod bucket;
pub mod command;
pub mod lines;
pub mod protocol;
pub mod registry;
pub mod router;
pub mod session;
pub mod store;
#[cfg(not(target_arch = "wasm32"))]
pub mod tcp;

use crate::kernel::{Ctx, World};
use crate::otp::child_spec;
use crate::otp::supervisor::{self, Flags, Strategy};
use crate::term::Term;

/// `KV.Supervisor`, the application's top supervisor.
pub const SUPERVISOR: &str = "Elixir.KV.Supervisor";
/// `KV.BucketSupervisor`, the DynamicSupervisor buckets run under.
pub const BUCKET_SUPERVISOR: &str = "Elixir.KV.BucketSupervisor";
/// `KV.RouterTasks`, the supervisor routed requests run under.
pub const ROUTER_TASKS: &str = "Elixir.KV.RouterTasks";

/// `KV.Supervisor.start_link()`: bucket supervisor, registry and router
/// tasks, `:one_for_all` because a registry that restarts has lost every
/// name and the buckets it knew must go with it.
fn supervisor_start_link(ctx: &mut Ctx, _args: &[Term]) -> Result<Term, Term> {
    let registry = Term::tuple(vec![
        Term::atom(registry::MODULE),
        Term::keyword(vec![("name", Term::atom(registry::MODULE))]),
    ]);
    let children = [
        child_spec::dynamic_supervisor_child(BUCKET_SUPERVISOR),
        registry,
        child_spec::dynamic_supervisor_child(ROUTER_TASKS),
    ];
    let flags = Flags {
        strategy: Strategy::OneForAll,
        ..Flags::default()
    };
    supervisor::start_top(ctx, SUPERVISOR, &children, flags)
}

/// Loads `KV.Supervisor`, `KV.Registry` and `KV.Bucket` into a world.
pub fn load(world: &mut World) {
    world.load(SUPERVISOR, "start_link", 0, supervisor_start_link);
    registry::load(world);
    bucket::load(world);
}
