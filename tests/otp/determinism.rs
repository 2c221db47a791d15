//! Same seed and input give the same trace.

use otpsim::console::Console;

const SCRIPT: &[&str] = &[
    "Fleet.start_users(1..20)",
    "[{p, _}] = Registry.lookup(Fleet.Registry, 3); Process.exit(p, :kill)",
    "Process.send_after(self(), :later, 250)",
    "Process.sleep(300)",
    "flush()",
    "Enum.map(1..5, fn i -> Fleet.ping(i) end)",
];

fn run(seed: u64) -> (u64, Vec<String>) {
    let mut c = Console::new(seed);
    let outputs = SCRIPT.iter().map(|l| c.eval_line(l).full).collect();
    (c.world().trace_digest(), outputs)
}

#[test]
fn same_seed_same_trace() {
    let (a, out_a) = run(11);
    let (b, out_b) = run(11);
    assert_eq!(a, b);
    assert_eq!(out_a, out_b);
}

#[test]
fn the_trace_records_every_kind_of_event() {
    let mut c = Console::new(1);
    for line in SCRIPT {
        c.eval_line(line);
    }
    let kinds: std::collections::BTreeSet<&str> =
        c.world().trace().iter().map(|e| e.kind_name()).collect();
    for kind in [
        "spawn", "send", "receive", "exit", "link", "monitor", "register", "restart", "timer",
    ] {
        assert!(kinds.contains(kind), "no {kind} event in {kinds:?}");
    }
}
