//! The parts of the `otpsim` command line with I/O (the core has none):
//!
//! - `tcp` — seed 003's KV protocol over stdin/stdout and real TCP sockets,
//!   one thread polling non-blocking sockets in turn.
//! - `proc_status` — this process's memory, for the soak and fuzz scripts
//!   (`cli/examples/`).
//!
//! The binary (`main.rs`) parses the command line with clap and drives
//! the core's console, shard tables and KV session.

pub mod proc_status;
#[cfg(not(target_arch = "wasm32"))]
pub mod tcp;
