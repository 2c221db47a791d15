//! Workloads shared by the criterion benches (`benches/kernel.rs`) and the
//! summary binary (`src/main.rs`).
//!
//! Every workload exists three times, doing the same work:
//!
//! - [`sim`] — otpsim, driven only through its public API (`World::spawn`,
//!   `World::install`, `World::send`, `World::step`, the Registry functions),
//!   with the trace disabled.
//! - [`actors`] — ractor actors on a tokio current-thread runtime.
//! - [`raw`] — a bare `VecDeque` / std-collections loop: the upper bound of
//!   what any single-threaded scheduler could do.
//!
//! Each function returns a [`Run`]: how many operations it did and how long
//! the timed part took. Setup and teardown are never timed.
//!
//! [`user`] and [`beam`] time Elixir code instead: a module typed into
//! otpsim's console and the same module on the BEAM, when `elixir` is on
//! PATH.
//!
//! [`shard`] is the exception: key → shard lookups, otpsim's strategies
//! beside the `rendezvous_hash` and `jumphash` crates, and the movement
//! table of `otpsim::shard`.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The result of one timed run.
#[derive(Clone, Copy, Debug)]
pub struct Run {
    /// Operations done (deliveries, spawns, register+lookup pairs).
    pub ops: u64,
    /// Wall-clock time of the timed part only.
    pub elapsed: Duration,
    /// Heap allocations made in the timed part (0 without an allocation probe).
    pub allocs: u64,
}

static ALLOC_PROBE: OnceLock<fn() -> u64> = OnceLock::new();

/// Lets workloads count allocations in their timed part: `probe` returns
/// the number of allocations made so far (by a counting global allocator).
pub fn set_alloc_probe(probe: fn() -> u64) {
    let _ = ALLOC_PROBE.set(probe);
}

fn allocs_now() -> u64 {
    ALLOC_PROBE.get().map_or(0, |probe| probe())
}

/// Times the part of a workload between `start` and `stop`.
pub struct Timer {
    start: Instant,
    allocs: u64,
}

impl Timer {
    /// Starts timing.
    pub fn start() -> Timer {
        let allocs = allocs_now();
        Timer {
            start: Instant::now(),
            allocs,
        }
    }

    /// Stops timing: `ops` operations were done.
    pub fn stop(self, ops: u64) -> Run {
        let elapsed = self.start.elapsed();
        Run {
            ops,
            elapsed,
            allocs: allocs_now() - self.allocs,
        }
    }
}

impl Run {
    /// Operations per second.
    pub fn rate(&self) -> f64 {
        self.ops as f64 / self.elapsed.as_secs_f64().max(1e-12)
    }
}

/// Fan-out width used everywhere (1 → N).
pub const FAN_OUT: usize = 1000;

pub mod actors;
pub mod alloc;
pub mod beam;
pub mod cluster;
pub mod raw;
pub mod shard;
pub mod sim;
pub mod summary;
pub mod user;
