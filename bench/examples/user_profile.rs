//! One user-code workload of the summary, run again and again on otpsim
//! alone (no BEAM), for a profiler:
//!
//! `cargo run -p otpsim-bench --release --example user_profile -- user-fib 50`
//!
//! The first argument names the workload (as `--only` does, default
//! `user-fib`), the second how many timed runs to make (default 20).

use otpsim_bench::user;

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "user-fib".into());
    let runs: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let workloads = user::workloads(1.0);
    let Some(w) = workloads
        .iter()
        .find(|w| w.name == name && w.kind == user::Kind::Time)
    else {
        let names: Vec<&str> = workloads.iter().map(|w| w.name).collect();
        panic!("no timed workload {name:?}; try one of {names:?}");
    };
    let mut console = user::console();
    let mut best = 0.0f64;
    for _ in 0..runs {
        let run = user::time(&mut console, w);
        best = best.max(run.rate());
        println!(
            "{}: {} ops in {:.1} ms, {:.2}M/s",
            w.name,
            w.ops,
            run.elapsed.as_secs_f64() * 1e3,
            run.rate() / 1e6
        );
    }
    println!("best: {:.2}M/s", best / 1e6);
}
