//! What one play tick of the web app costs on a 100-node cluster, natively:
//! advancing the world in slices of 2,000 events (as the page does), and
//! taking each snapshot the views draw. Prints the slow slices. A profile
//! aid for the frame-time script (e2e/fps.mjs).
//!
//! `cargo run -p otpsim-bench --release --example ui_tick [-- NODES]`

use otpsim::console::session::Session;
use std::time::{Duration, Instant};

fn main() {
    let nodes: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100);
    let mut s = Session::new(0);
    let line = format!(
        "Enum.each(1..{}, fn i -> Sim.add_node(:\"n#{{i}}@sim\") end)",
        nodes - 1
    );
    let t = Instant::now();
    let out = s.eval(&line);
    println!("{line}: {} ({:?})", out.text, t.elapsed());
    let mut worst = (Duration::ZERO, 0u64, 0usize);
    let mut total = Duration::ZERO;
    for _tick in 0..100 {
        let target = s.time() + 100_000;
        while s.time() < target {
            let trace = s.console().world().trace().len();
            let t = Instant::now();
            let done = s.advance_us_capped(target - s.time(), 2_000);
            let took = t.elapsed();
            total += took;
            let events = s.console().world().trace().len() - trace;
            if took > worst.0 {
                worst = (took, s.time() / 1000, events);
            }
            if took > Duration::from_millis(5) {
                println!(
                    "slow slice at {} ms: {took:?}, {events} trace events",
                    s.time() / 1000
                );
            }
            if done {
                break;
            }
        }
        let world = s.console().world();
        let t = Instant::now();
        let _ = otpsim::view::cluster(world);
        let _ = otpsim::view::trees(world, 0);
        let _ = otpsim::view::log_tail(world, 1_000);
        let views = t.elapsed();
        if views > Duration::from_millis(5) {
            println!("slow views at {} ms: {views:?}", world.now() / 1000);
        }
    }
    println!(
        "10 s of virtual time: {total:?} simulating; worst slice {:?} at {} ms ({} trace events)",
        worst.0, worst.1, worst.2
    );
}
