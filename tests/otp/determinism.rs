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

#[test]
fn rand_draws_from_the_worlds_seed_and_stays_in_range() {
    let draws = |seed: u64| {
        let mut c = Console::new(seed);
        let out = c.eval_line(
            "{Enum.map(1..20, fn _ -> :rand.uniform(6) end), :rand.uniform(), Enum.random([:a, :b]), Enum.shuffle(1..5)}",
        );
        assert!(out.ok, "{}", out.full);
        out.text
    };
    assert_eq!(draws(5), draws(5));
    assert_ne!(draws(5), draws(6));
    let mut c = Console::new(1);
    let ok = |c: &mut Console, line: &str| {
        let out = c.eval_line(line);
        assert!(out.ok, "{line}: {}", out.full);
        out.text
    };
    assert_eq!(
        ok(
            &mut c,
            "Enum.all?(1..500, fn _ -> :rand.uniform(3) in 1..3 end)"
        ),
        "true"
    );
    assert_eq!(
        ok(
            &mut c,
            "Enum.all?(1..500, fn _ -> x = :rand.uniform(); x >= 0.0 and x < 1.0 end)"
        ),
        "true"
    );
    assert_eq!(
        ok(&mut c, "Enum.sort(Enum.shuffle(1..9))"),
        "[1, 2, 3, 4, 5, 6, 7, 8, 9]"
    );
    let bad = c.eval_line(":rand.uniform(0)");
    assert!(
        !bad.ok && bad.full.contains("FunctionClauseError"),
        "{}",
        bad.full
    );
}
