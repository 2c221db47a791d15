//! Runs one cluster size for profiling:
//! `cargo run -p otpsim-bench --release --example cluster_profile -- 500 100 4`.
//! Prints how long the warm-up took, so a profiler can skip it. Runs on
//! the benchmarks' allocator, so its figures are the summary's.

#[global_allocator]
static ALLOCATOR: otpsim_bench::alloc::Counting = otpsim_bench::alloc::Counting;

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let (nodes, procs, secs) = match args[..] {
        [n, p, s] => (n as u32, p as u32, s),
        _ => (500, 100, 4),
    };
    let start = std::time::Instant::now();
    let r = otpsim_bench::cluster::run(nodes, procs, 10, secs);
    println!(
        "{} nodes: {} events, {:.0}x, {:.1} ns/event; boot {:.2} s, warm-up {:.2} s, whole run {:.2} s",
        r.nodes,
        r.events,
        r.speedup(),
        r.ns_per_event(),
        r.boot.as_secs_f64(),
        r.warmup.as_secs_f64(),
        start.elapsed().as_secs_f64()
    );
}
