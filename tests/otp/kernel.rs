//! Links, monitors, exit signals, trap_exit and timers.

use super::{console, err, ok, without_pids};

#[test]
fn monitor_delivers_down_with_the_exit_reason() {
    let mut c = console();
    ok(&mut c, "{:ok, pid} = Agent.start_link(fn -> 0 end)");
    ok(&mut c, "Process.unlink(pid)");
    ok(&mut c, "ref = Process.monitor(pid)");
    ok(&mut c, "Process.exit(pid, :kill)");
    let out = c.eval_line("flush()");
    assert_eq!(out.text, ":ok");
    assert_eq!(out.printed.len(), 1);
    assert!(
        out.printed[0].starts_with("{:DOWN, #Reference<"),
        "{:?}",
        out.printed
    );
    assert!(
        out.printed[0].ends_with(":process, #PID<0.113.0>, :killed}")
            || out.printed[0].contains(":killed}")
    );
    // Monitoring a dead process gives :noproc at once.
    ok(&mut c, "Process.monitor(pid)");
    let out = c.eval_line("flush()");
    assert!(out.printed[0].ends_with(":noproc}"), "{:?}", out.printed);
}

#[test]
fn trapped_exits_arrive_as_messages() {
    let mut c = console();
    assert_eq!(ok(&mut c, "Process.flag(:trap_exit, true)"), "false");
    ok(&mut c, "{:ok, pid} = Agent.start_link(fn -> 0 end)");
    ok(&mut c, "Process.exit(pid, :kill)");
    let out = c.eval_line("flush()");
    assert_eq!(
        without_pids(&out.printed.join("\n")),
        "{:EXIT, #PID<…>, :killed}"
    );
    assert_eq!(ok(&mut c, "Process.alive?(self())"), "true");
}

#[test]
fn normal_exit_signals_do_not_kill() {
    let mut c = console();
    ok(&mut c, "{:ok, pid} = Agent.start_link(fn -> 0 end)");
    ok(&mut c, "Process.unlink(pid)");
    ok(&mut c, "Process.exit(pid, :normal)");
    assert_eq!(ok(&mut c, "Process.alive?(pid)"), "true");
    ok(&mut c, "Process.exit(pid, :shutdown)");
    assert_eq!(ok(&mut c, "Process.alive?(pid)"), "false");
}

#[test]
fn a_linked_crash_takes_the_shell_down_and_a_new_shell_goes_on() {
    let mut c = console();
    ok(&mut c, "x = 41");
    let old = ok(&mut c, "self()");
    ok(&mut c, "{:ok, pid} = Agent.start_link(fn -> 0 end)");
    let out = err(&mut c, "Process.exit(pid, :boom)");
    assert_eq!(
        out.text,
        format!("** (EXIT from {old}) shell process exited with reason: :boom")
    );
    assert_ne!(ok(&mut c, "self()"), old);
    // The new shell starts afresh, as iex 1.14 does: the bindings are gone
    // and the prompt counts from 1 again (`self()` above was iex(1)).
    let out = err(&mut c, "x + 1");
    assert_eq!(
        out.text,
        "** (CompileError) iex:2: undefined function x/0 (there is no such import)"
    );
}

#[test]
fn send_after_fires_at_its_virtual_time() {
    let mut c = console();
    ok(&mut c, "ref = Process.send_after(self(), :tick, 100)");
    ok(&mut c, "Process.sleep(50)");
    assert!(c.eval_line("flush()").printed.is_empty());
    let left = ok(&mut c, "Process.read_timer(ref)");
    assert_eq!(left, "50");
    ok(&mut c, "Process.sleep(60)");
    assert_eq!(c.eval_line("flush()").printed, vec![":tick".to_string()]);
    assert_eq!(ok(&mut c, "Process.cancel_timer(ref)"), "false");
}

#[test]
fn messages_between_a_pair_keep_their_order() {
    let mut c = console();
    ok(&mut c, "Enum.each(1..20, fn i -> send(self(), i) end)");
    let out = c.eval_line("flush()");
    let expected: Vec<String> = (1..=20).map(|i| i.to_string()).collect();
    assert_eq!(out.printed, expected);
}

#[test]
fn genserver_stop_runs_to_completion() {
    let mut c = console();
    ok(&mut c, "{:ok, pid} = Agent.start_link(fn -> 0 end)");
    ok(&mut c, "Process.unlink(pid)");
    assert_eq!(ok(&mut c, "GenServer.stop(pid)"), ":ok");
    assert_eq!(ok(&mut c, "Process.alive?(pid)"), "false");
    let out = err(&mut c, "GenServer.stop(pid)");
    assert!(
        out.text.starts_with("** (exit) exited in: GenServer.stop("),
        "{}",
        out.text
    );
}

#[test]
fn calls_time_out_in_virtual_time() {
    let mut c = console();
    ok(&mut c, "Process.register(self(), :me)");
    // A call to the shell itself is refused, as on the BEAM.
    let out = err(&mut c, "GenServer.call(:me, :hi, 100)");
    assert!(
        out.full.contains("process attempted to call itself"),
        "{}",
        out.full
    );
    ok(&mut c, "{:ok, agent} = Agent.start_link(fn -> 0 end)");
    let before = c.world().now();
    // A worker that never answers an unknown call: the Agent replies with an error,
    // so time out against a registered name nobody serves instead.
    ok(&mut c, "Process.register(agent, :agent)");
    assert_eq!(ok(&mut c, "Agent.get(:agent, fn s -> s end)"), "0");
    assert_eq!(
        c.world().now(),
        before,
        "a local call takes no virtual time"
    );
}

#[test]
fn tasks_run_as_their_own_process_and_are_awaited() {
    let mut c = console();
    ok(&mut c, "t = Task.async(fn -> self() end)");
    assert_eq!(ok(&mut c, "Task.await(t) == t.pid"), "true");
    assert_eq!(ok(&mut c, "t.owner == self()"), "true");
    assert_eq!(ok(&mut c, "Process.alive?(t.pid)"), "false");
    ok(&mut c, "Fleet.start_users([1])");
    assert_eq!(
        ok(
            &mut c,
            "Task.async(fn -> Fleet.ping(1) end) |> Task.await()"
        ),
        ":pong"
    );
    // Awaiting a task twice waits for a reply that never comes.
    let out = err(&mut c, "Task.await(t, 100)");
    assert!(
        out.text
            .starts_with("** (exit) exited in: Task.await(%Task{"),
        "{}",
        out.text
    );
    assert!(out.full.contains("** (EXIT) time out"), "{}", out.full);
}

/// The kernel's supervisor allows no restarts: when `:global_name_server`
/// dies, the kernel application stops and the node with it, as on the BEAM.
#[test]
fn killing_the_global_name_server_takes_its_node_down() {
    let mut c = console();
    ok(&mut c, "Sim.add_node(:\"b@sim\")");
    ok(&mut c, "Process.sleep(1_000)");
    ok(
        &mut c,
        "Process.exit(:rpc.call(:\"b@sim\", Process, :whereis, [:global_name_server]), :kill)",
    );
    ok(&mut c, "Process.sleep(100)");
    assert_eq!(
        ok(&mut c, "Node.list()"),
        "[]",
        "b@sim is gone from a@sim's view"
    );
    let log = ok(&mut c, "Sim.log(:\"b@sim\") |> Enum.join(\"\\n\")");
    assert!(log.contains("Kernel pid terminated"), "{log}");
    assert_eq!(ok(&mut c, "Sim.check()"), ":ok");
}

/// An application's top supervisor killed: the (temporary) application
/// stops and says so; the node stays up.
#[test]
fn killing_an_apps_top_supervisor_stops_the_application() {
    let mut c = console();
    ok(
        &mut c,
        "Process.exit(Process.whereis(Fleet.Supervisor), :kill); Process.sleep(100)",
    );
    assert_eq!(ok(&mut c, "Process.whereis(Fleet.Supervisor)"), "nil");
    let log = ok(&mut c, "Sim.log(:\"a@sim\") |> Enum.join(\"\\n\")");
    assert!(log.contains("Application fleet exited: killed"), "{log}");
    assert_eq!(
        ok(
            &mut c,
            "Node.alive?() and is_pid(Process.whereis(:global_name_server))"
        ),
        "true"
    );
}

/// A `receive` that only takes messages holding a reference made after
/// the mailbox's older messages starts past them, as the BEAM's receive
/// marker does: a call from a process with a long mailbox costs what it
/// costs with an empty one, and the old messages are all still there.
#[test]
fn a_call_does_not_rescan_messages_older_than_its_reference() {
    let mut c = console();
    ok(&mut c, "{:ok, a} = Agent.start(fn -> 0 end)");
    let cost = |c: &mut otpsim::console::Console| {
        let before = c.world().reductions();
        ok(c, "for _ <- 1..50, do: Agent.get(a, & &1)");
        c.world().reductions() - before
    };
    let clean = cost(&mut c);
    ok(
        &mut c,
        "for i <- 1..20_000, do: send(self(), {:junk, i}); :ok",
    );
    let busy = cost(&mut c);
    assert!(
        busy < clean * 2,
        "{busy} reductions with 20,000 old messages, {clean} without"
    );
    assert_eq!(ok(&mut c, "receive do {:junk, n} -> n end"), "1");
    assert_eq!(
        ok(&mut c, "Process.info(self(), :message_queue_len)"),
        "{:message_queue_len, 19999}"
    );
    // Taking an older message keeps the marker on the right message.
    ok(&mut c, "r = make_ref(); send(self(), {r, :mine})");
    assert_eq!(ok(&mut c, "receive do {:junk, 7} -> :ok end"), ":ok");
    assert_eq!(
        ok(&mut c, "receive do {^r, x} -> x after 0 -> :missed end"),
        ":mine"
    );
}

/// Past the process limit (the BEAM's `+P`) a node reuses dead processes'
/// slots with the next serial, so its table stays bounded and an old pid
/// never names the new process; with every slot live, spawn is a system
/// limit.
#[test]
fn process_slots_are_reused_past_the_limit() {
    let mut c = console();
    c.world_mut().set_process_limit(300);
    ok(&mut c, "first = spawn(fn -> :ok end); Process.sleep(1)");
    ok(
        &mut c,
        "for _ <- 1..1000 do pid = spawn(fn -> :ok end); ref = Process.monitor(pid); receive do {:DOWN, ^ref, _, _, _} -> :ok end end",
    );
    assert_eq!(c.world().process_slots(0), 300);
    let again = ok(
        &mut c,
        "again = spawn(fn -> receive do :stop -> :ok end end)",
    );
    assert!(
        !again.ends_with(".0>"),
        "a reused slot has a new serial: {again}"
    );
    assert_eq!(ok(&mut c, "Process.alive?(first)"), "false");
    assert_eq!(ok(&mut c, "Process.alive?(again)"), "true");
    let full = err(
        &mut c,
        "for _ <- 1..400, do: spawn(fn -> receive do :stop -> :ok end end)",
    )
    .full;
    assert!(
        full.contains("SystemLimitError") && full.contains("process slot"),
        "{full}"
    );
    assert_eq!(c.world().process_slots(0), 300);
}

#[test]
fn a_nodes_log_keeps_its_newest_lines() {
    use otpsim::kernel::{World, WorldConfig, LOG_KEPT};
    let mut world = World::new(WorldConfig::default());
    otpsim::cluster::boot_node(&mut world, 0);
    let before = world.node_log(0).len() as u64;
    let (_, mut seen) = world.node_log_since(0, 0);
    let lines = 3 * LOG_KEPT as u64 + 7;
    for i in 0..lines {
        world.log(0, "info", format!("line {i}"));
        if i == lines - 11 {
            seen = world.node_log_since(0, seen).1;
        }
    }
    let log = world.node_log(0);
    assert_eq!(log.len(), LOG_KEPT);
    assert_eq!(log[LOG_KEPT - 1].text, format!("line {}", lines - 1));
    assert_eq!(log[0].text, format!("line {}", lines - LOG_KEPT as u64));
    // Reading on from a count: the ten lines since, then nothing.
    let (new, total) = world.node_log_since(0, seen);
    let texts: Vec<&str> = new.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(texts.len(), 10, "{texts:?}");
    assert_eq!(texts[0], format!("line {}", lines - 10));
    assert_eq!(total, before + lines);
    assert!(world.node_log_since(0, total).0.is_empty());
    // Lines that were dropped are not handed out: only what is kept.
    assert_eq!(world.node_log_since(0, 0).0.len(), LOG_KEPT);
}

#[test]
fn an_ets_heir_must_be_a_local_process() {
    let mut c = console();
    ok(&mut c, "Sim.add_node(:\"b@sim\")");
    ok(
        &mut c,
        "far = Node.spawn(:\"b@sim\", fn -> Process.sleep(:infinity) end)",
    );
    let out = err(&mut c, ":ets.new(:t, [{:heir, far, :gift}])");
    assert!(out.full.contains("ArgumentError"), "{}", out.full);
    ok(&mut c, ":ets.new(:t, [{:heir, self(), :gift}])");
}

#[test]
fn a_long_chain_of_new_peers_connects_without_growing_the_stack() {
    use otpsim::kernel::{World, WorldConfig};
    // A line of nodes, each connected only to the next; then the two ends
    // connect with global's full mesh on: every node meets every other,
    // each new peer introducing the next, a chain as long as the line.
    // Run on a thread with a small stack, which recursion this deep
    // would overflow.
    let done = std::thread::Builder::new()
        .stack_size(64 * 1024)
        .spawn(|| {
            let mut w = World::new(WorldConfig {
                seed: 1,
                trace: false,
            });
            let n = 600;
            for i in 1..n {
                w.add_node(&format!("n{i}@sim"));
            }
            w.net_mut().transitive = false;
            for i in 0..n - 1 {
                assert!(w.connect(i, i + 1));
            }
            w.net_mut().transitive = true;
            assert!(w.connect(0, n - 1));
            (0..n).all(|i| w.connected_nodes(i).len() == n as usize - 1)
        })
        .expect("a thread")
        .join()
        .expect("no stack overflow");
    assert!(done, "the full mesh formed");
}
