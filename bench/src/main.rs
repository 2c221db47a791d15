//! `cargo run -p otpsim-bench --release [-- --scale F]`: runs every workload
//! for a fixed count on otpsim, ractor (tokio current-thread) and a raw std
//! loop, best of three, and prints one table with the ratios and the targets;
//! then bytes per idle process, measured by a counting global allocator.

use otpsim_bench::{actors, raw, sim, Run, FAN_OUT};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicU64, Ordering};

/// `System`, counting live bytes and allocations while `COUNTING` is on (it
/// is off during timed runs, so the counters cost them one relaxed load).
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() && COUNTING.load(Ordering::Relaxed) {
            LIVE_BYTES.fetch_add(layout.size() as isize, Ordering::Relaxed);
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() && COUNTING.load(Ordering::Relaxed) {
            LIVE_BYTES.fetch_add(layout.size() as isize, Ordering::Relaxed);
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        if COUNTING.load(Ordering::Relaxed) {
            LIVE_BYTES.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() && COUNTING.load(Ordering::Relaxed) {
            LIVE_BYTES.fetch_add(
                new_size as isize - layout.size() as isize,
                Ordering::Relaxed,
            );
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Net bytes allocated while `f` runs (what it returns stays alive until
/// after the measurement).
fn measure<R>(f: impl FnOnce() -> R) -> (R, isize) {
    let bytes = LIVE_BYTES.load(Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    let result = f();
    COUNTING.store(false, Ordering::Relaxed);
    (result, LIVE_BYTES.load(Ordering::Relaxed) - bytes)
}

/// Heap allocations per operation in the timed part of a run (counted in a
/// separate, untimed run).
fn allocs_per_op(f: impl FnOnce() -> Run) -> f64 {
    let (run, _) = measure(f);
    run.allocs as f64 / run.ops as f64
}

/// Best rate of three runs.
fn best(mut f: impl FnMut() -> Run) -> f64 {
    (0..3).map(|_| f().rate()).fold(0.0, f64::max)
}

fn human(rate: f64) -> String {
    if rate >= 1e9 {
        format!("{:.2}G", rate / 1e9)
    } else if rate >= 1e6 {
        format!("{:.2}M", rate / 1e6)
    } else if rate >= 1e3 {
        format!("{:.1}k", rate / 1e3)
    } else {
        format!("{rate:.0}")
    }
}

struct Row {
    name: String,
    sim: f64,
    ractor: f64,
    raw: f64,
    target: &'static str,
    pass: Option<bool>,
    allocs: f64,
}

fn scaled(count: u64, scale: f64) -> u64 {
    ((count as f64 * scale) as u64).max(1)
}

fn main() {
    let mut scale = 1.0;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--scale" => {
                scale = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .expect("--scale takes a number")
            }
            "-h" | "--help" => {
                println!("usage: otpsim-bench [--scale F]  (F multiplies every count; default 1)");
                return;
            }
            // `cargo bench` passes `--bench` to every target.
            "--bench" => {}
            other => panic!("unknown argument {other:?} (try --help)"),
        }
    }

    let rt = actors::runtime();
    let pp = scaled(2_000_001, scale);
    let pp_ractor = scaled(200_001, scale);
    let rounds = scaled(1_000, scale);
    let rounds_ractor = scaled(100, scale);
    let spawns = scaled(1_000_000, scale);
    let spawns_ractor = scaled(100_000, scale);
    let reg = scaled(20_000, scale);
    let reg_ractor = scaled(20_000, scale);

    println!(
        "otpsim-bench: otpsim (trace off) vs ractor 0.16 (tokio current-thread) vs raw std loop"
    );
    println!(
        "(best of 3 runs each; ops/s = deliveries, spawns or register+lookup pairs per second)"
    );
    println!();

    let mut rows = Vec::new();

    let sim_pp = best(|| sim::ping_pong(pp));
    let ractor_pp = best(|| actors::ping_pong(&rt, pp_ractor));
    rows.push(Row {
        name: "ping-pong deliveries".into(),
        sim: sim_pp,
        ractor: ractor_pp,
        raw: best(|| raw::ping_pong(pp)),
        target: ">= 3x ractor",
        pass: Some(sim_pp >= 3.0 * ractor_pp),
        allocs: allocs_per_op(|| sim::ping_pong(10_001)),
    });

    let sim_fo = best(|| sim::fan_out(FAN_OUT, rounds));
    let ractor_fo = best(|| actors::fan_out(&rt, FAN_OUT, rounds_ractor));
    rows.push(Row {
        name: format!("fan-out 1->{FAN_OUT} deliveries"),
        sim: sim_fo,
        ractor: ractor_fo,
        raw: best(|| raw::fan_out(FAN_OUT, rounds)),
        target: ">= 3x ractor",
        pass: Some(sim_fo >= 3.0 * ractor_fo),
        allocs: allocs_per_op(|| sim::fan_out(FAN_OUT, 10)),
    });

    let ractor_spawn = best(|| actors::spawn(&rt, spawns_ractor));
    let raw_spawn = best(|| raw::spawn(spawns));
    let sim_spawn = best(|| sim::spawn(spawns));
    rows.push(Row {
        name: "spawn (World::spawn+install)".into(),
        sim: sim_spawn,
        ractor: ractor_spawn,
        raw: raw_spawn,
        target: ">= 5M/s",
        pass: Some(sim_spawn >= 5e6),
        allocs: allocs_per_op(|| sim::spawn(10_000)),
    });
    rows.push(Row {
        name: "spawn (gen_server::start)".into(),
        sim: best(|| sim::spawn_gen_server(spawns)),
        ractor: ractor_spawn,
        raw: raw_spawn,
        target: "-",
        pass: None,
        allocs: allocs_per_op(|| sim::spawn_gen_server(10_000)),
    });

    rows.push(Row {
        name: format!("registry reg+lookup ({}k pids)", reg / 1000),
        sim: best(|| sim::registry(reg)),
        ractor: best(|| actors::registry(&rt, reg_ractor)),
        raw: best(|| raw::registry(reg)),
        target: "-",
        pass: None,
        allocs: allocs_per_op(|| sim::registry(2_000)),
    });
    rows.push(Row {
        name: format!("registry reg+lookup (1 pid, {}k keys)", reg / 1000),
        sim: best(|| sim::registry_one_pid(reg)),
        ractor: best(|| actors::registry_one_pid(&rt, reg_ractor)),
        raw: best(|| raw::registry(reg)),
        target: "-",
        pass: None,
        allocs: allocs_per_op(|| sim::registry_one_pid(2_000)),
    });

    println!(
        "{:<38} {:>10} {:>10} {:>10} {:>9} {:>9} {:>13} {:>6} {:>10}",
        "workload", "otpsim/s", "ractor/s", "raw/s", "x ractor", "x raw", "target", "", "allocs/op"
    );
    for r in &rows {
        println!(
            "{:<38} {:>10} {:>10} {:>10} {:>9.2} {:>9.3} {:>13} {:>6} {:>10.2}",
            r.name,
            human(r.sim),
            human(r.ractor),
            human(r.raw),
            r.sim / r.ractor,
            r.sim / r.raw,
            r.target,
            match r.pass {
                Some(true) => "PASS",
                Some(false) => "MISS",
                None => "",
            },
            r.allocs,
        );
    }
    println!("(allocs/op: heap allocations per operation on the otpsim side)");
    println!();

    // ---- bytes per idle process ------------------------------------------
    let idle = scaled(1_000_000, scale);
    let idle_ractor = scaled(100_000, scale);

    let mut world = sim::world();
    let ((), sim_bytes, _) = measure(|| sim::spawn_idle(&mut world, idle));
    assert_eq!(world.process_count(0) as u64, idle);
    drop(black_box(world));

    let mut world = sim::world();
    let parent = sim::shell(&mut world);
    let ((), gs_bytes, _) = measure(|| sim::start_idle_servers(&mut world, parent, idle));
    drop(black_box(world));

    let mut table = Vec::new();
    let ((), raw_bytes, _) = measure(|| raw::spawn_into(&mut table, idle));
    drop(black_box(table));

    let mut refs = Vec::with_capacity(idle_ractor as usize);
    let ((), ractor_bytes, _) = measure(|| {
        rt.block_on(async {
            actors::spawn_idle(idle_ractor, &mut refs).await;
            // Let every actor's loop start and park.
            for _ in 0..4 {
                tokio::task::yield_now().await;
            }
        })
    });
    actors::stop(&rt, refs);

    let per = |bytes: isize, n: u64| bytes as f64 / n as f64;
    let sim_per = per(sim_bytes, idle);
    println!(
        "{:<38} {:>12} {:>14} {:>13} {:>6}",
        "bytes per idle process", "processes", "bytes/process", "target", ""
    );
    let mem_rows = [
        (
            "otpsim (World::spawn+install)",
            idle,
            sim_per,
            "<= 256",
            Some(sim_per <= 256.0),
        ),
        (
            "otpsim (gen_server::start)",
            idle,
            per(gs_bytes, idle),
            "-",
            None,
        ),
        (
            "ractor actor (tokio current-thread)",
            idle_ractor,
            per(ractor_bytes, idle_ractor),
            "-",
            None,
        ),
        ("raw boxed record", idle, per(raw_bytes, idle), "-", None),
    ];
    for (name, n, bytes, target, pass) in mem_rows {
        println!(
            "{:<38} {:>12} {:>14.1} {:>13} {:>6}",
            name,
            n,
            bytes,
            target,
            match pass {
                Some(true) => "PASS",
                Some(false) => "MISS",
                None => "",
            }
        );
    }
    println!(
        "(otpsim/ractor memory ratio: {:.3})",
        sim_per / per(ractor_bytes, idle_ractor)
    );
}
