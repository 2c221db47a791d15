//! The cluster workload: many nodes gossiping over 1 ms links, each with
//! idle processes, run for a stretch of virtual time. Reports how much
//! faster than real time the simulation runs, and what one event costs,
//! so the cost can be compared across cluster sizes.

use crate::sim::Idle;
use otpsim::kernel::{ProcessKind, World, WorldConfig, MS};
use otpsim::term::Atom;
use std::time::{Duration, Instant};

/// One measured run of the cluster workload.
#[derive(Clone, Copy, Debug)]
pub struct ClusterRun {
    /// Nodes in the cluster.
    pub nodes: u32,
    /// Events applied in the measured stretch.
    pub events: u64,
    /// Virtual time simulated in the measured stretch.
    pub virtual_time: Duration,
    /// Wall-clock time it took.
    pub wall: Duration,
    /// Wall-clock time to boot the nodes and processes.
    pub boot: Duration,
    /// Wall-clock time for the mesh to form (the warm-up's virtual time).
    pub warmup: Duration,
}

impl ClusterRun {
    /// Virtual seconds per wall second.
    pub fn speedup(&self) -> f64 {
        self.virtual_time.as_secs_f64() / self.wall.as_secs_f64().max(1e-9)
    }

    /// Wall nanoseconds per event.
    pub fn ns_per_event(&self) -> f64 {
        self.wall.as_nanos() as f64 / self.events.max(1) as f64
    }
}

/// Builds `nodes` nodes (default apps, gossip discovery, 1 ms links), each
/// with `procs` idle processes; lets the mesh form for `warmup_s` virtual
/// seconds, then measures three stretches of `run_s` virtual seconds and
/// returns the fastest.
pub fn run(nodes: u32, procs: u32, warmup_s: u64, run_s: u64) -> ClusterRun {
    let setup = Instant::now();
    let mut world = World::new(WorldConfig {
        seed: 1,
        trace: false,
    });
    otpsim::apps::load(&mut world);
    otpsim::cluster::boot_node(&mut world, 0);
    for i in 1..nodes {
        let name = format!("n{i}@sim");
        let _ = otpsim::cluster::add_node(&mut world, &name);
    }
    let idle = Atom::new("Elixir.Bench.Idle");
    for node in 0..nodes {
        for _ in 0..procs {
            if let Some(pid) = world.spawn(node, None, false, idle, ProcessKind::Worker) {
                world.install(pid, Box::new(Idle));
            }
        }
    }
    let boot = setup.elapsed();
    let warm = world.now() + warmup_s * 1_000 * MS;
    world.run_until(warm);
    let warmup = setup.elapsed() - boot;
    let connected = world.connected_nodes(0).len() as u32 + 1;
    assert_eq!(connected, nodes, "gossip should connect the whole cluster");
    // Best of WINDOWS consecutive stretches of the same world, as the
    // other workloads take the best of three runs: one stretch is tens of
    // milliseconds of wall time, and a busy machine swings it by a third.
    (0..WINDOWS)
        .map(|_| {
            let events_before = world.events_run();
            let start = Instant::now();
            let until = world.now() + run_s * 1_000 * MS;
            world.run_until(until);
            ClusterRun {
                nodes,
                events: world.events_run() - events_before,
                virtual_time: Duration::from_secs(run_s),
                wall: start.elapsed(),
                boot,
                warmup,
            }
        })
        .max_by(|a, b| a.speedup().total_cmp(&b.speedup()))
        .expect("at least one window")
}

/// How many stretches [`run`] measures.
const WINDOWS: usize = 3;
