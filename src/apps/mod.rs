//! Built-in applications, booted on every node.
//!
//! - `application` — the application master that owns an app's top supervisor.
//! - `fleet` — seed 000's fleet as Rust names it (the app is `ex/fleet.ex`),
//!   and its rendezvous sharding (`Fleet.pick_shard/2`).
//! - `discovery` — seed 002's `NodeManager`: gossip heartbeats over UDP,
//!   native for speed under the hello world's Elixir supervisor.
//! - `ownership` — where `Fleet` users run, seen from outside (the
//!   reconciler, `Fleet.Cluster`, is `ex/fleet.ex`).
//! - `shards` — the shard fleet's hashing, and its workers seen from
//!   outside (the fleet itself is `ex/shards.ex`).
//! - `pubsub` — `Phoenix.PubSub` over `:pg`, native; seed 002's Hermes is
//!   Elixir on it (`ex/hermes.ex`).
//! - `kv` — seed 003's key-value store as the CLI serves it (the store is `ex/kv.ex`).
//! - `settings` — the apps' `Application` settings, checked as they are set.
//! - `todo` — seed 001's to-do load metric (`Todo.load/2`); the app is `ex/todo.ex`.
//! - `ex/` — the applications written in Elixir (`Fleet`, the distributed
//!   hello world, Hermes, the to-do system, the KV store, the
//!   shard fleet, `:pg`), compiled on first use like the prelude.

pub mod application;
pub mod discovery;
pub mod fleet;
pub mod kv;
pub mod ownership;
pub mod pubsub;
pub mod settings;
pub mod shards;
pub mod todo;

use crate::kernel::{NodeId, World};

/// The applications' client APIs written in Elixir: what a learner reads,
/// and what any process (not only the console) can call.
pub static LIBRARY: crate::vm::prelude::Library = crate::vm::prelude::Library {
    name: "apps",
    sources: &[
        ("fleet.ex", include_str!("ex/fleet.ex")),
        ("hello.ex", include_str!("ex/hello.ex")),
        ("hermes.ex", include_str!("ex/hermes.ex")),
        ("todo.ex", include_str!("ex/todo.ex")),
        ("shards.ex", include_str!("ex/shards.ex")),
        ("kv.ex", include_str!("ex/kv.ex")),
        ("pg.ex", include_str!("ex/pg.ex")),
    ],
};

/// Loads every module (OTP and applications) into a fresh world.
pub fn load(world: &mut World) {
    // The applications are written on the prelude's OTP (GenServer,
    // Supervisor, ...), so a world with them has the prelude too.
    crate::vm::prelude::load(world);
    crate::vm::prelude::install(world, &LIBRARY);
    crate::otp::load(world);
    discovery::load(world);
    crate::otp::pg::load(world);
    pubsub::load(world);
}

/// Starts the built-in applications on `node`, in dependency order.
pub fn boot(world: &mut World, node: NodeId) {
    application::start(
        world,
        node,
        "fleet",
        "Elixir.Fleet.Supervisor",
        "start_link",
    );
    application::start(
        world,
        node,
        "distributed_hello_world",
        "Elixir.DistributedHelloWorld.Supervisor",
        "start_link",
    );
    application::start(
        world,
        node,
        "pg",
        crate::otp::pg::DEFAULT_SCOPE,
        "start_link",
    );
    application::start(
        world,
        node,
        "hermes",
        "Elixir.Hermes.Supervisor",
        "start_link",
    );
    application::start(
        world,
        node,
        "fleet_cluster",
        ownership::MODULE,
        "start_link",
    );
    application::start(
        world,
        node,
        "shards",
        "Elixir.Shards.Application",
        "start_link",
    );
    application::start(world, node, "kv", kv::SUPERVISOR, "start_link");
    application::start(world, node, "todo", todo::SYSTEM, "start_link");
}
