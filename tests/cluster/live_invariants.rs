//! `Sim.invariant/1,2,3`: checks run after events, so an invariant turns
//! red at the event that broke it, is traced and printed once per change
//! of colour, and a sweep reports it.

use super::{ok, trio};
use otpsim::console::Console;
use otpsim::kernel::{InvariantMark, TraceKind, MS};

/// The KV lesson's cluster with `copies` per shard, one acknowledged
/// write, the `:kv` set watched, and a crash of the bucket's node 500 ms
/// after the returned time.
fn lost_write(copies: u32) -> (Console, u64) {
    let mut c = Console::new(3);
    ok(&mut c, "Sim.add_node(:\"b@sim\"); Sim.add_node(:\"c@sim\")");
    ok(&mut c, "Process.sleep(3_000)");
    ok(&mut c, &format!("Shards.replication({copies})"));
    ok(&mut c, "Sim.invariant(:kv)");
    ok(&mut c, "KV.command(\"CREATE shop\")");
    ok(&mut c, "KV.command(\"PUT shop milk 1\")");
    ok(&mut c, "{:hash, owner} = KV.route(\"shop\")");
    let t0 = c.world().now();
    ok(&mut c, "Sim.nemesis([{500, {:crash, owner}}])");
    (c, t0)
}

fn marks(c: &Console) -> Vec<InvariantMark> {
    c.world().invariant_marks()
}

#[test]
fn the_kv_set_turns_red_at_the_crash_that_loses_an_acknowledged_write() {
    let (mut c, t0) = lost_write(1);
    let out = c.eval_line("Process.sleep(1_000)");
    let m = marks(&c);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(&*m[0].name, "kv");
    assert!(!m[0].holds);
    assert_eq!(m[0].time, t0 + 500 * MS, "red at the crash itself");
    assert!(m[0].why.contains("acknowledged"), "{}", m[0].why);
    // Printed once, with the line during which it broke.
    let printed: Vec<&String> = out
        .printed
        .iter()
        .filter(|l| l.starts_with("** invariant kv broke at"))
        .collect();
    assert_eq!(printed.len(), 1, "{:?}", out.printed);
    let traced = c
        .world()
        .trace()
        .iter()
        .filter(
            |e| matches!(&e.kind, TraceKind::Invariant { name, holds: false, .. } if name == "kv"),
        )
        .map(|e| e.time)
        .collect::<Vec<_>>();
    assert_eq!(traced, vec![t0 + 500 * MS]);
    let status = ok(&mut c, "Sim.invariants()");
    assert!(status.contains("holds: false"), "{status}");
}

#[test]
fn with_two_copies_the_kv_set_stays_green_through_the_crash() {
    let (mut c, _) = lost_write(2);
    ok(&mut c, "Process.sleep(10_000)");
    assert_eq!(marks(&c), vec![]);
    assert_eq!(
        ok(&mut c, "KV.command(\"GET shop milk\")"),
        "\"1\\r\\nOK\\r\\n\""
    );
}

#[test]
fn a_check_of_ones_own_breaks_at_the_event_not_at_the_next_line() {
    let mut c = trio(4, true);
    ok(&mut c, ":ets.new(:seen, [:named_table, :public])");
    ok(
        &mut c,
        "Sim.invariant(\"few rows\", fn -> :ets.info(:seen, :size) < 2 end)",
    );
    let t0 = c.world().now();
    // A process fills the table later, while the shell sleeps.
    ok(
        &mut c,
        "spawn(fn -> for i <- 1..3 do Process.sleep(100); :ets.insert(:seen, {i}) end end)",
    );
    ok(&mut c, "Process.sleep(1_000)");
    let m = marks(&c);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].time, t0 + 200 * MS, "the second insert broke it");
    assert_eq!(&*m[0].why, "returned false");
    // Deleting rows in the shell turns it green at the end of that line.
    ok(&mut c, ":ets.delete_all_objects(:seen)");
    let m = marks(&c);
    assert_eq!(m.len(), 2);
    assert!(m[1].holds);
    assert_eq!(m[1].time, c.world().now());
}

#[test]
fn every_n_events_checks_less_often_and_grace_forgives_a_short_break() {
    let run = |opts: &str| {
        let mut c = trio(4, true);
        ok(&mut c, ":ets.new(:seen, [:named_table, :public])");
        ok(
            &mut c,
            &format!("Sim.invariant(:few, fn -> :ets.info(:seen, :size) < 2 end{opts})"),
        );
        ok(
            &mut c,
            "spawn(fn -> :ets.insert(:seen, {1}); :ets.insert(:seen, {2}); Process.sleep(300); :ets.delete(:seen, 2) end)",
        );
        ok(&mut c, "Process.sleep(1_000)");
        marks(&c)
    };
    let strict = run("");
    assert_eq!(
        strict.iter().map(|m| m.holds).collect::<Vec<_>>(),
        [false, true]
    );
    assert_eq!(strict[1].time - strict[0].time, 300 * MS);
    assert_eq!(
        run(", grace: 500"),
        vec![],
        "300 ms of failure is within grace"
    );
    let wide = run(", grace: 200");
    assert_eq!(wide.len(), 2, "{wide:?}");
    assert_eq!(
        wide[0].time, strict[0].time,
        "red from when it first failed"
    );
}

#[test]
fn a_check_that_waits_or_raises_is_red_with_the_reason() {
    let mut c = Console::new(1);
    ok(
        &mut c,
        "Sim.invariant(:waits, fn -> receive do x -> x end end)",
    );
    ok(
        &mut c,
        "Sim.invariant(:raises, fn -> 1 / Enum.count([]) end)",
    );
    ok(
        &mut c,
        "Sim.invariant(:says, fn -> {:error, \"two leaders\"} end)",
    );
    let m = marks(&c);
    let why = |name: &str| {
        m.iter()
            .find(|m| &*m.name == name)
            .map(|m| m.why.to_string())
    };
    assert!(why("waits").unwrap().contains("may only read"));
    assert!(
        why("raises").unwrap().contains("ArithmeticError"),
        "{:?}",
        why("raises")
    );
    assert_eq!(why("says").as_deref(), Some("two leaders"));
    // A loop is stopped by the check's own slice, not the line's budget.
    ok(
        &mut c,
        "Sim.invariant(:spins, fn -> Enum.reduce(1..100_000_000, 0, &+/2) > 0 end)",
    );
    assert!(why_of(&c, "spins").contains("reductions"));
    assert_eq!(ok(&mut c, "1 + 1"), "2", "the console goes on");
}

fn why_of(c: &Console, name: &str) -> String {
    marks(c)
        .into_iter()
        .find(|m| &*m.name == name)
        .map(|m| m.why.to_string())
        .unwrap_or_default()
}

#[test]
fn bad_arguments_are_refused_with_the_reason() {
    let mut c = Console::new(1);
    for (line, says) in [
        ("Sim.invariant(:nope)", "no built-in invariant :nope"),
        ("Sim.invariant(:x, fn _ -> true end)", "no arguments"),
        ("Sim.invariant(:x, fn -> true end, every: 0)", ":every"),
        ("Sim.invariant(:x, fn -> true end, grace: -1)", ":grace"),
        ("Sim.invariant(\"\", fn -> true end)", "name"),
    ] {
        let out = c.eval_line(line);
        assert!(!out.ok && out.full.contains(says), "{line}: {}", out.full);
    }
    assert_eq!(ok(&mut c, "Sim.invariants()"), "[]");
}

#[test]
fn a_healed_clash_of_global_names_keeps_the_global_set_green() {
    let mut c = trio(7, true);
    ok(&mut c, "Sim.net_tick(1_000)");
    ok(&mut c, "Sim.invariant(:global, grace: 0)");
    ok(
        &mut c,
        "Sim.partition([[:\"a@sim\"], [:\"b@sim\", :\"c@sim\"]])",
    );
    ok(&mut c, "Process.sleep(5_000)");
    ok(
        &mut c,
        ":global.register_name(:boss, spawn(fn -> Process.sleep(:infinity) end))",
    );
    ok(&mut c, "Sim.attach(:\"b@sim\")");
    ok(
        &mut c,
        ":global.register_name(:boss, spawn(fn -> Process.sleep(:infinity) end))",
    );
    ok(&mut c, "Sim.attach(:\"a@sim\")");
    ok(
        &mut c,
        "Sim.heal(); Node.connect(:\"b@sim\"); Process.sleep(2_000)",
    );
    assert_eq!(ok(&mut c, "Node.list() |> length()"), "2");
    assert_eq!(marks(&c), vec![], "one owner the moment the sides meet");
    assert_eq!(ok(&mut c, "Sim.check()"), ":ok");
}

#[test]
fn the_same_seed_breaks_at_the_same_events() {
    let run = || {
        let (mut c, _) = lost_write(1);
        ok(&mut c, "Process.sleep(1_000)");
        (marks(&c), c.world().trace_digest())
    };
    assert_eq!(run(), run());
}

#[test]
fn a_sweep_reports_a_watched_invariant_that_broke_within_a_chunk() {
    // The table has two rows for 100 ms only: the chunk ends green, but
    // the invariant saw the break.
    let chunks: Vec<String> = [
        ":ets.new(:seen, [:named_table, :public])",
        "Sim.invariant(:few, fn -> :ets.info(:seen, :size) < 2 end)",
        "spawn(fn -> :ets.insert(:seen, {1}); :ets.insert(:seen, {2}); Process.sleep(100); :ets.delete(:seen, 2) end); Process.sleep(500)",
    ]
    .map(String::from)
    .to_vec();
    let run = otpsim::cluster::sweep::run_seed(&chunks, 9);
    let broken = run.broken.expect("the break is reported");
    assert_eq!(broken.chunk, 3);
    assert!(
        broken
            .violations
            .iter()
            .any(|v| v.starts_with("invariant few broke at")),
        "{:?}",
        broken.violations
    );
}

#[test]
fn a_check_with_side_effects_does_not_feed_itself() {
    let events_in_a_second = |check: Option<&str>| {
        let mut c = Console::new(1);
        if let Some(check) = check {
            ok(&mut c, check);
        }
        let before = c.world().events_run();
        ok(&mut c, "Process.sleep(1_000)");
        c.world().events_run() - before
    };
    let quiet = events_in_a_second(None);
    // Each check spawns a process, whose events run no check.
    let noisy = events_in_a_second(Some(
        "Sim.invariant(:spawns, fn -> spawn(fn -> :ok end); true end)",
    ));
    assert!(
        noisy > quiet && noisy < quiet * 10,
        "{quiet} then {noisy} events"
    );
    // A check that kills its own shell: the console goes on at once.
    let mut c = Console::new(1);
    let out = c.eval_line("Sim.invariant(:kills, fn -> Process.exit(self(), :kill) end)");
    assert!(!out.ok && out.text.contains("killed"), "{}", out.full);
    assert_eq!(ok(&mut c, "1 + 1"), "2");
    assert_eq!(ok(&mut c, "Process.sleep(100)"), ":ok");
}
