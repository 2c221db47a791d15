//! `Sim.nemesis/1`: each kind of fault happens at its time, is traced,
//! and has the effect its console line has; a bad schedule schedules nothing.

use super::{ok, trio};
use otpsim::console::Console;
use otpsim::kernel::{TraceKind, MS};

/// The virtual times (µs) and texts of the faults traced so far.
fn faults(c: &Console) -> Vec<(u64, String)> {
    c.world()
        .trace()
        .iter()
        .filter_map(|e| match &e.kind {
            TraceKind::Fault { fault } => Some((e.time, fault.clone())),
            _ => None,
        })
        .collect()
}

/// The nodes `node` is connected to, by index (a = 0, b = 1, c = 2),
/// read from the world: no message can cross a split to ask.
fn peers(c: &Console, node: u32) -> Vec<u32> {
    c.world().connected_nodes(node)
}

/// A connected trio with a 1 s net tick, and the time the schedule starts.
fn setup() -> (Console, u64) {
    let mut c = trio(11, true);
    ok(&mut c, "Sim.net_tick(1_000)");
    let now = c.world().now();
    (c, now)
}

#[test]
fn a_partition_happens_at_its_time_and_splits_the_cluster_after_the_tick() {
    let (mut c, t0) = setup();
    let scheduled = ok(
        &mut c,
        "Sim.nemesis([{500, {:partition, [[:\"a@sim\"], [:\"b@sim\", :\"c@sim\"]]}}])",
    );
    assert_eq!(scheduled, "{:ok, 1}");
    ok(&mut c, "Process.sleep(400)");
    assert!(faults(&c).is_empty(), "nothing before its time");
    assert_eq!(ok(&mut c, "Node.list()"), "[:b@sim, :c@sim]");
    ok(&mut c, "Process.sleep(3_000)");
    let fired = faults(&c);
    assert_eq!(fired.len(), 1);
    assert_eq!(fired[0].0, t0 + 500 * MS);
    assert!(fired[0].1.starts_with("{:partition,"), "{fired:?}");
    assert_eq!(ok(&mut c, "Node.list()"), "[]");
    assert_eq!(peers(&c, 1), vec![2]);
    assert_eq!(c.world().faults_pending(), 0);
}

#[test]
fn a_bridge_does_not_last_on_otp_25_global_splits_it_cleanly() {
    // The bridge node keeps its links to both sides, but OTP 25's global
    // (prevent_overlapping_partitions) has a node that loses a peer make
    // the others drop it too: the bridge ends up on one side only.
    let (mut c, _) = setup();
    assert_eq!(peers(&c, 1), vec![0, 2]);
    ok(
        &mut c,
        "Sim.nemesis([{0, {:bridge, [:\"a@sim\"], :\"b@sim\", [:\"c@sim\"]}}])",
    );
    ok(&mut c, "Process.sleep(3_000)");
    let (a, b, cc) = (peers(&c, 0), peers(&c, 1), peers(&c, 2));
    assert!(!a.contains(&2) && !cc.contains(&0), "{a:?} {cc:?}");
    assert_eq!(b.len(), 1, "the bridge keeps one side: {b:?}");
    let side = b[0];
    assert_eq!(peers(&c, side), vec![1]);
}

#[test]
fn a_one_way_cut_takes_the_connection_down_on_both_sides() {
    let (mut c, _) = setup();
    ok(
        &mut c,
        "Sim.nemesis([{100, {:cut, :\"a@sim\", :\"b@sim\"}}])",
    );
    ok(&mut c, "Process.sleep(50)");
    assert_eq!(ok(&mut c, "Node.list()"), "[:b@sim, :c@sim]");
    ok(&mut c, "Process.sleep(3_000)");
    // The tick a sends is lost, so the connection times out, as on the BEAM.
    assert_eq!(ok(&mut c, "Node.list()"), "[:c@sim]");
    assert!(!peers(&c, 1).contains(&0));
}

#[test]
fn heal_lets_the_split_nodes_connect_again() {
    let (mut c, _) = setup();
    ok(
        &mut c,
        "Sim.nemesis([{0, {:partition, [[:\"a@sim\"], [:\"b@sim\", :\"c@sim\"]]}}, {5_000, :heal}])",
    );
    ok(&mut c, "Process.sleep(3_000)");
    assert_eq!(ok(&mut c, "Node.connect(:\"b@sim\")"), "false");
    ok(&mut c, "Process.sleep(2_500)");
    assert_eq!(ok(&mut c, "Node.connect(:\"b@sim\")"), "true");
    let kinds: Vec<String> = faults(&c).into_iter().map(|(_, f)| f).collect();
    assert_eq!(kinds.last().map(String::as_str), Some(":heal"));
}

#[test]
fn a_crashed_node_restarts_with_its_applications() {
    let (mut c, t0) = setup();
    ok(
        &mut c,
        "Sim.nemesis([{1_000, {:crash, :\"c@sim\"}}, {2_000, {:restart, :\"c@sim\"}}])",
    );
    ok(&mut c, "Process.sleep(1_500)");
    assert_eq!(ok(&mut c, "Sim.nodes()"), "[:a@sim, :b@sim]");
    ok(&mut c, "Process.sleep(1_000)");
    assert_eq!(ok(&mut c, "Sim.nodes()"), "[:a@sim, :b@sim, :c@sim]");
    let alive = ok(
        &mut c,
        "is_pid(:rpc.call(:\"c@sim\", Process, :whereis, [Fleet.Supervisor]))",
    );
    assert_eq!(alive, "true");
    let times: Vec<u64> = faults(&c).into_iter().map(|(t, _)| t).collect();
    assert_eq!(times, vec![t0 + 1_000 * MS, t0 + 2_000 * MS]);
}

#[test]
fn a_slow_link_delays_a_round_trip_by_its_latency_both_ways() {
    let (mut c, _) = setup();
    ok(
        &mut c,
        "Sim.nemesis([{10, {:link, :\"a@sim\", :\"b@sim\", latency: 50}}])",
    );
    ok(&mut c, "Process.sleep(20)");
    ok(
        &mut c,
        "echo = Node.spawn(:\"b@sim\", fn -> receive do {:ping, from} -> send(from, :pong) end end)",
    );
    ok(&mut c, "Process.sleep(200)");
    ok(&mut c, "t = System.monotonic_time(:millisecond)");
    ok(
        &mut c,
        "send(echo, {:ping, self()}); receive do :pong -> :ok end",
    );
    let took: u64 = ok(&mut c, "System.monotonic_time(:millisecond) - t")
        .parse()
        .unwrap();
    assert!((100..110).contains(&took), "round trip took {took} ms");
}

#[test]
fn kill_takes_the_named_number_of_workers_the_same_ones_for_the_same_seed() {
    let victims = |seed: u64| {
        let mut c = trio(seed, true);
        let before = c.world().trace().len();
        ok(&mut c, "Sim.nemesis([{0, {:kill, :\"b@sim\", 3}}])");
        ok(&mut c, "Process.sleep(10)");
        // Victims die with reason :killed; processes linked to them get
        // the same signal and die too: the direct victims are the ones
        // no signal reached first.
        let mut signalled = Vec::new();
        let mut killed = Vec::new();
        for e in c.world().trace().iter().skip(before) {
            match &e.kind {
                TraceKind::Signal { to, .. } => signalled.push(*to),
                TraceKind::Exit { pid, reason }
                    if reason.is_atom("killed") && !signalled.contains(pid) =>
                {
                    killed.push(format!("{pid:?}"))
                }
                _ => {}
            }
        }
        let b_alive = ok(&mut c, "Sim.nodes()").contains("b@sim");
        (killed, b_alive)
    };
    let (first, alive) = victims(3);
    assert_eq!(first.len(), 3, "{first:?}");
    assert!(alive, "killing workers leaves the node up");
    assert_eq!(victims(3).0, first);
}

#[test]
fn a_bad_entry_is_named_and_nothing_is_scheduled() {
    let (mut c, _) = setup();
    let out = c.eval_line("Sim.nemesis([{10, :heal}, {20, {:crash, :\"zz@sim\"}}])");
    assert!(!out.ok);
    assert!(
        out.full.contains("fault 2") && out.full.contains("unknown node :zz@sim"),
        "{}",
        out.full
    );
    assert_eq!(c.world().faults_pending(), 0);
    for bad in [
        "Sim.nemesis(:soon)",
        "Sim.nemesis([{-5, :heal}])",
        "Sim.nemesis([{5, {:kill, :\"a@sim\", 0}}])",
        "Sim.nemesis([{5, {:link, :\"a@sim\", :\"b@sim\", loss: 101}}])",
        "Sim.nemesis([{5, {:bridge, [:\"a@sim\"], :\"a@sim\", [:\"b@sim\"]}}])",
        "Sim.nemesis([{5, {:meteor, :\"a@sim\"}}])",
    ] {
        let out = c.eval_line(bad);
        assert!(
            !out.ok && out.full.contains("ArgumentError"),
            "{bad}: {}",
            out.full
        );
    }
    assert_eq!(c.world().faults_pending(), 0);
}

#[test]
fn a_paused_node_runs_nothing_and_its_peers_drop_it_after_the_tick() {
    let (mut c, t0) = setup();
    ok(
        &mut c,
        "me = self(); echo = Node.spawn(:\"b@sim\", fn -> receive do {:ping, from} -> send(from, :pong) end end)",
    );
    ok(&mut c, "Process.sleep(10)");
    let t0 = t0.max(c.world().now());
    ok(&mut c, "Sim.nemesis([{100, {:pause, :\"b@sim\", 3_000}}])");
    ok(&mut c, "Process.sleep(400)");
    // The ping waits in b's buffers: nothing on b runs while it is paused.
    let early = ok(
        &mut c,
        "send(echo, {:ping, me}); receive do :pong -> :early after 1_000 -> :timeout end",
    );
    assert_eq!(early, ":timeout");
    // The net tick (1 s) after the pause began, a and c dropped b; c kept a.
    assert_eq!(ok(&mut c, "Node.list()"), "[:c@sim]");
    assert!(peers(&c, 1).is_empty());
    assert_eq!(ok(&mut c, "Node.connect(:\"b@sim\")"), "false");
    // Resumed, b handles what waited for it.
    ok(&mut c, "Process.sleep(2_000)");
    assert_eq!(
        ok(&mut c, "receive do :pong -> :late after 100 -> :none end"),
        ":late"
    );
    let states: Vec<(u64, &str)> = c
        .world()
        .trace()
        .iter()
        .filter_map(|e| match &e.kind {
            TraceKind::NodeState { node, state } if node == "b@sim" => Some((e.time, *state)),
            _ => None,
        })
        .collect();
    let paused = states.iter().find(|(_, s)| *s == "paused").expect("paused");
    let resumed = states
        .iter()
        .find(|(_, s)| *s == "resumed")
        .expect("resumed");
    assert!(
        paused.0 >= t0 + 100 * MS && paused.0 < t0 + 110 * MS,
        "{states:?}"
    );
    assert_eq!(resumed.0 - paused.0, 3_000 * MS);
}

#[test]
fn a_skewed_node_reads_another_os_time_but_the_same_monotonic_time() {
    let (mut c, _) = setup();
    ok(&mut c, "Sim.nemesis([{0, {:skew, :\"c@sim\", -45_000}}])");
    ok(&mut c, "Process.sleep(1)");
    // The rpc reads c's clock 1 ms (one hop) before the shell reads a's.
    let os = ok(
        &mut c,
        ":rpc.call(:\"c@sim\", System, :os_time, [:millisecond]) - System.os_time(:millisecond)",
    );
    assert_eq!(os, "-45001");
    let erl = ok(
        &mut c,
        ":rpc.call(:\"c@sim\", :os, :system_time, [:millisecond]) - :os.system_time(:millisecond)",
    );
    assert_eq!(erl, "-45001");
    let mono = ok(
        &mut c,
        ":rpc.call(:\"c@sim\", System, :monotonic_time, [:millisecond]) - System.monotonic_time(:millisecond)",
    );
    assert_eq!(mono, "-1");
    // Timers on c keep the one clock: a 100 ms sleep there is 100 ms here.
    ok(&mut c, "t = System.monotonic_time(:millisecond)");
    ok(&mut c, ":rpc.call(:\"c@sim\", Process, :sleep, [100])");
    let took: u64 = ok(&mut c, "System.monotonic_time(:millisecond) - t")
        .parse()
        .unwrap();
    assert!((100..=102).contains(&took), "took {took} ms");
}

#[test]
fn udp_faults_duplicate_and_delay_datagrams_between_nodes() {
    let (mut c, _) = setup();
    let junk_reads = |c: &Console, from: usize| {
        c.world()
            .trace()
            .iter()
            .skip(from)
            .filter_map(|e| match &e.kind {
                TraceKind::Receive { pid, msg } if format!("{msg:?}").contains("Test") => {
                    Some((pid.node, e.time))
                }
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    let before = c.world().trace().len();
    ok(&mut c, "Sim.broadcast_junk(:\"b@sim\"); Process.sleep(100)");
    let plain = junk_reads(&c, before);
    assert_eq!(
        plain.iter().filter(|(n, _)| *n != 1).count(),
        2,
        "{plain:?}"
    );
    ok(
        &mut c,
        "Sim.nemesis([{0, {:udp, duplicate: 100, reorder: 20}}]); Process.sleep(1)",
    );
    let before = c.world().trace().len();
    let sent = c.world().now();
    ok(&mut c, "Sim.broadcast_junk(:\"b@sim\"); Process.sleep(100)");
    let faulty = junk_reads(&c, before);
    let remote: Vec<_> = faulty.iter().filter(|(n, _)| *n != 1).collect();
    assert_eq!(
        remote.len(),
        4,
        "each remote socket reads it twice: {faulty:?}"
    );
    assert!(remote
        .iter()
        .all(|(_, t)| *t >= sent + MS && *t <= sent + 21 * MS));
    assert!(remote.iter().any(|(_, t)| *t > sent + MS), "some are late");
}

/// `path` on b@sim, as `File.read/1` there says.
fn read_on_b(c: &mut Console, path: &str) -> String {
    ok(
        c,
        &format!(":rpc.call(:\"b@sim\", File, :read, [\"{path}\"])"),
    )
}

#[test]
fn a_power_loss_keeps_what_was_written_back_or_synced_and_loses_the_rest() {
    let (mut c, t0) = setup();
    let write = |c: &mut Console, path: &str, v: &str, modes: &str| {
        let out = ok(
            c,
            &format!(":rpc.call(:\"b@sim\", File, :write, [\"{path}\", \"{v}\", {modes}])"),
        );
        assert_eq!(out, ":ok");
    };
    write(&mut c, "/old", "v1", "[]");
    // Past the page cache's write-back time, v1 is on the disk itself.
    ok(&mut c, "Process.sleep(31_000)");
    write(&mut c, "/old", "v2", "[]");
    write(&mut c, "/new", "n1", "[]");
    write(&mut c, "/synced", "s1", "[:sync]");
    assert_eq!(c.world().unsynced_writes(1), 2);
    let at = c.world().now();
    ok(
        &mut c,
        "Sim.nemesis([{100, {:power_loss, :\"b@sim\"}}, {500, {:restart, :\"b@sim\"}}])",
    );
    ok(&mut c, "Process.sleep(1_000)");
    let fired = faults(&c);
    assert_eq!(fired[0].0, at + 100 * MS);
    assert!(at > t0);
    assert!(fired[0].1.contains(":power_loss"));
    assert_eq!(
        read_on_b(&mut c, "/old"),
        "{:ok, \"v1\"}",
        "the newer write was lost"
    );
    assert_eq!(read_on_b(&mut c, "/new"), "{:error, :enoent}");
    assert_eq!(
        read_on_b(&mut c, "/synced"),
        "{:ok, \"s1\"}",
        ":sync reached the disk"
    );
    // A crash loses the machine, and the disk with it.
    ok(
        &mut c,
        "Sim.crash_node(:\"b@sim\"); Sim.restart_node(:\"b@sim\")",
    );
    assert_eq!(read_on_b(&mut c, "/old"), "{:error, :enoent}");
}

#[test]
fn a_failing_disk_fails_writes_with_eio_and_the_todo_database_worker_crashes_on_it() {
    let (mut c, _) = setup();
    ok(&mut c, "Sim.nemesis([{0, {:disk, :\"a@sim\", fail: 100}}])");
    ok(&mut c, "Process.sleep(1)");
    assert_eq!(ok(&mut c, "File.write(\"/f\", \"x\")"), "{:error, :eio}");
    let out = c.eval_line("File.write!(\"/f\", \"x\")");
    assert!(!out.ok);
    assert_eq!(
        out.text,
        "** (File.Error) could not write to file \"/f\": I/O error"
    );
    // The to-do database's worker uses File.write!: it crashes, and the
    // pool restarts whole (the workers are linked to the database).
    let db = ok(&mut c, "Process.whereis(Todo.Database)");
    ok(
        &mut c,
        "Todo.Server.add_entry(Todo.server(\"bob\"), %{date: \"2026-12-02\", title: \"Dentist\"}); Process.sleep(100)",
    );
    let again = ok(&mut c, "Process.whereis(Todo.Database)");
    assert_ne!(db, again, "the database was restarted");
    ok(&mut c, "Sim.disk(:\"a@sim\", fail: 0)");
    assert_eq!(ok(&mut c, "File.write(\"/f\", \"x\")"), ":ok");
}
