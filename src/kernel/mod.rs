//! The kernel: one [`World`] that owns every process of a simulated cluster.
//!
//! - `world` — the [`World`]: nodes, process tables, the event loop (`step`,
//!   `run_until`), spawning and killing.
//! - `event` — the event queue, ordered by virtual time then sequence number,
//!   so ties break the same way on every platform.
//! - `process` — a process: mailbox, links, monitors, flags, and the
//!   [`Behaviour`] that handles its messages ([`Slice`]: what the
//!   interpreter, the one selective behaviour, runs a time slice with).
//! - `ctx` — [`Ctx`], what a behaviour may do while handling a message.
//! - `effect` — [`Effect`], what a behaviour asks the kernel to do, as
//!   data, and the one place the kernel applies it.
//! - `code` — loaded modules: native functions callable by `{module, function, args}`.
//! - `timer` — `send_after` timers.
//! - `trace` — [`TraceEvent`], the record of everything that happened, each
//!   with its [`Cause`]: the console line whose work it is, if any.
//! - `event_kind` — [`EventKind`], trace events' kinds by name (`"send"`,
//!   `"exit"`), for filters, subscriptions and the JS API.
//! - `trace_store` — where the trace keeps its events: chunks a snapshot
//!   shares instead of copying ([`TraceEvents`] reads them).
//! - `rng` — the one seeded, platform-independent random number generator.
//! - `names` — locally registered names (`Process.register/2`), and the
//!   [`Registrar`] through which the OTP layer takes via names for behaviours.
//! - `net` — links between nodes (latency, jitter, loss, cuts) and connections.
//! - `distribution` — sending across nodes, connecting, nodeup/nodedown,
//!   `:noconnection`, node crashes and restarts.
//! - `pause` — pausing a node: its events wait until it resumes, and its
//!   peers drop it after the net tick time.
//! - `datagram` — UDP broadcast on the simulated network (gossip discovery).
//! - `env` — application environment and per-node logs.
//! - `tables` — ETS-like tables owned by processes (the Registry's storage).
//! - `disk` — per-node disks that survive process crashes, not node crashes;
//!   writes reach the disk itself after the page cache's write-back time,
//!   so a power loss undoes the newer ones; a disk fault fails writes.
//! - `supervision` — what supervisors written in Elixir tell the views.
//! - `fault` — scheduled faults (`Sim.nemesis/1`): kept until their time,
//!   traced, and applied by the [`FaultHandler`] the cluster layer installs.
//! - `watch` — live invariants (`Sim.invariant/2`): checks run after
//!   events through the [`CheckRunner`] the layers above install, traced
//!   when one changes colour.
//! - `ext` — state the layers above keep in the world (the VM's loaded code).
//!
//! Virtual time is in microseconds. Nothing here reads a wall clock.

mod alias;
mod code;
mod ctx;
mod datagram;
mod disk;
mod distribution;
mod effect;
mod env;
mod event;
mod event_kind;
mod ext;
mod fault;
mod names;
mod net;
mod pause;
mod prefetch;
pub use prefetch::prefetch_term;
mod process;
mod rng;
mod supervision;
mod tables;
mod timer;
mod trace;
mod trace_store;
mod watch;
mod world;

pub use code::{apply, NativeFn};
pub use ctx::Ctx;
pub use datagram::{atom_to_binary, binary_to_atom, node_ip};
pub use disk::{Disk, WRITEBACK};
pub use distribution::NetHook;
pub use effect::Effect;
pub use env::{LogEntry, LOG_KEPT};
pub use event::Event;
pub use event_kind::EventKind;
pub use ext::Ext;
pub use fault::{FaultHandler, FaultMark, FIRED_KEPT};
pub use names::Registrar;
pub use net::{LinkParams, Net, RETRANSMIT};
pub use process::{Behaviour, Flow, ProcessInfo, ProcessKind, Resume, Slice};
pub use rng::SimRng;
pub use supervision::SupervisorCard;
pub use tables::{Table, TableName};
pub use trace::{invariant_text, TraceEvent, TraceKind};
pub use trace_store::TraceEvents;
pub use watch::{broke_text, CheckRunner, InvariantMark, InvariantStatus, CHECK_CAUSE, MARKS_KEPT};
pub use world::{NodeId, World, WorldConfig, PROCESS_LIMIT, SLICE_COST, STDOUT_KEPT};

/// Virtual time in microseconds since the world began.
pub type Time = u64;

/// The console line (its iex counter) on whose behalf work happens, or 0
/// for the system's own. It travels like a trace context: every event and
/// mailbox message carries the cause of the work that made it, a process
/// takes the cause of the message it receives (and a spawned one its
/// parent's), and every trace record carries the cause current when it was
/// made — so the log can mark what a line set off, however far it spread.
pub type Cause = u32;

/// Trace events a long-running console (the CLI's, the page's) keeps at
/// least: the newest ones, in shared chunks a little past it.
pub const CONSOLE_TRACE_LIMIT: usize = 100_000;

/// Microseconds in a millisecond, for converting console input.
pub const MS: Time = 1_000;
