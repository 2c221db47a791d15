//! What the web app's first render costs natively, phase by phase: the
//! prelude's compilation, a fresh console, and each built-in scenario's
//! script (as a scenario link runs it). A profile aid for the first-render
//! time that `e2e/app.mjs` prints.
//!
//! `cargo run -p otpsim-bench --release --example boot`

use otpsim::console::session::Session;
use std::time::Instant;

fn main() {
    let t = Instant::now();
    let s = Session::new(0);
    println!("first session (compiles what it loads): {:?}", t.elapsed());
    drop(s);
    let t = Instant::now();
    let s = Session::new(0);
    println!("second session: {:?}", t.elapsed());
    drop(s);
    for scenario in otpsim::scenarios::ALL {
        let t = Instant::now();
        let mut s = Session::new(scenario.seed);
        let boot = t.elapsed();
        for chunk in scenario.lines() {
            s.eval(&chunk);
        }
        println!(
            "{:<28} boot {boot:>10.2?}  script {:>10.2?}",
            scenario.name,
            t.elapsed() - boot
        );
    }
    let t = Instant::now();
    let n = otpsim::console::builtins::catalog().len();
    println!("completion catalog ({n}): {:?}", t.elapsed());
}
