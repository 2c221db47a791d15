//! Seed 003's distributed key-value store, as the CLI serves it. The store
//! itself is Elixir source (`ex/kv.ex`: `KV`, `KV.Supervisor`,
//! `KV.Registry`, `KV.Bucket`, `KV.Router`, `KV.Store`, `KVServer`); what
//! stays here is the part with I/O:
//!
//! - `lines` — splitting a byte stream into bounded lines.
//! - `session` — a cluster serving the protocol to many clients, without I/O:
//!   each line runs in `KVServer.serve_line/2` on the first node.
//! - `tcp` — the CLI's stdin/stdout and TCP front ends (native only).

pub mod lines;
pub mod session;
#[cfg(not(target_arch = "wasm32"))]
pub mod tcp;

/// `KV.Supervisor`, the application's top supervisor.
pub const SUPERVISOR: &str = "Elixir.KV.Supervisor";
