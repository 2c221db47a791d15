//! Seed 003's distributed key-value store, as the CLI serves it. The store
//! itself is Elixir source (`ex/kv.ex`: `KV`, `KV.Supervisor`,
//! `KV.Registry`, `KV.Bucket`, `KV.Router`, `KV.Store`, `KVServer`); what
//! stays here is the part with I/O:
//!
//! - `history` — the clients' operations, for the linearizability check.
//! - `lines` — splitting a byte stream into bounded lines.
//! - `session` — a cluster serving the protocol to many clients, without I/O:
//!   each line runs in `KVServer.serve_line/2` on the first node.
//!
//! The CLI's stdin/stdout and TCP front ends live with the CLI
//! (`cli/src/tcp.rs`): the core has no sockets.

pub mod history;
pub mod lines;
pub mod session;

/// `KV.Supervisor`, the application's top supervisor.
pub const SUPERVISOR: &str = "Elixir.KV.Supervisor";
