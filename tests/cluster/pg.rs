//! `:pg` scopes across nodes: joins, leaves, sync on nodeup, cleanup on
//! death and disconnection, `monitor_scope`, and the split view of a partition.

use super::ok;
use otpsim::console::Console;

/// Nodes `a`, `b`, `c`, connected only when a test says so.
fn nodes() -> Console {
    let mut c = Console::new(11);
    ok(&mut c, "Sim.discovery(:none)");
    ok(&mut c, "Sim.add_node(:\"b@sim\")");
    ok(&mut c, "Sim.add_node(:\"c@sim\")");
    c
}

/// `nodes()`, connected in a full mesh.
fn connected() -> Console {
    let mut c = nodes();
    ok(&mut c, "Node.connect(:\"b@sim\")");
    ok(&mut c, "Node.connect(:\"c@sim\")");
    ok(&mut c, "Process.sleep(10)");
    c
}

/// Runs `line` on `node`'s shell, then comes back to `a`.
fn on(c: &mut Console, node: &str, line: &str) -> String {
    ok(c, &format!("Sim.attach(:\"{node}\")"));
    let out = ok(c, line);
    ok(c, "Sim.attach(:\"a@sim\")");
    out
}

#[test]
fn the_default_scope_runs_on_every_node() {
    let mut c = nodes();
    assert!(ok(&mut c, "Process.whereis(:pg)").starts_with("#PID<0."));
    assert!(on(&mut c, "c@sim", "Process.whereis(:pg)").starts_with("#PID<2."));
    assert_eq!(
        ok(&mut c, ":pg.start_link()"),
        ok(&mut c, "{:error, {:already_started, Process.whereis(:pg)}}")
    );
}

#[test]
fn joins_and_leaves_are_seen_on_every_connected_node() {
    let mut c = connected();
    ok(&mut c, "a = self()");
    assert_eq!(ok(&mut c, ":pg.join(:workers, self())"), ":ok");
    on(&mut c, "b@sim", "b = self()");
    on(&mut c, "b@sim", ":pg.join(:workers, b)");
    ok(&mut c, "Process.sleep(5)");
    // Newest first, as pg prepends.
    assert_eq!(ok(&mut c, ":pg.get_members(:workers) == [b, a]"), "true");
    assert_eq!(ok(&mut c, ":pg.get_local_members(:workers) == [a]"), "true");
    assert_eq!(
        ok(
            &mut c,
            ":rpc.call(:\"c@sim\", :pg, :get_members, [:workers]) == [b, a]"
        ),
        "true"
    );
    assert_eq!(
        ok(&mut c, ":pg.which_groups()"),
        "[:workers, {:hermes, Hermes.PubSub}]"
    );
    assert_eq!(ok(&mut c, ":pg.leave(:workers, self())"), ":ok");
    assert_eq!(ok(&mut c, ":pg.leave(:workers, self())"), ":not_joined");
    ok(&mut c, "Process.sleep(5)");
    assert_eq!(
        ok(
            &mut c,
            ":rpc.call(:\"c@sim\", :pg, :get_members, [:workers]) == [b]"
        ),
        "true"
    );
}

#[test]
fn members_joined_before_a_connection_appear_after_node_connect() {
    let mut c = nodes();
    ok(&mut c, ":pg.join(:early, self())");
    on(&mut c, "b@sim", ":pg.join(:early, [self(), self()])");
    assert_eq!(ok(&mut c, ":pg.get_members(:early) |> length()"), "1");
    ok(&mut c, "Node.connect(:\"b@sim\")");
    ok(&mut c, "Process.sleep(5)");
    assert_eq!(ok(&mut c, ":pg.get_members(:early) |> length()"), "3");
    assert_eq!(
        ok(
            &mut c,
            ":rpc.call(:\"b@sim\", :pg, :get_members, [:early]) |> length()"
        ),
        "3"
    );
    // c is connected to nobody: it sees only itself.
    assert_eq!(
        ok(&mut c, ":rpc.call(:\"c@sim\", :pg, :get_members, [:early])"),
        "[]"
    );
}

#[test]
fn a_member_that_dies_leaves_every_view() {
    let mut c = connected();
    ok(
        &mut c,
        "{:ok, pid} = :rpc.call(:\"b@sim\", Agent, :start, [fn -> 0 end])",
    );
    ok(&mut c, ":rpc.call(:\"b@sim\", :pg, :join, [:agents, pid])");
    ok(&mut c, "Process.sleep(5)");
    assert_eq!(ok(&mut c, ":pg.get_members(:agents) == [pid]"), "true");
    ok(&mut c, "Process.exit(pid, :kill)");
    ok(&mut c, "Process.sleep(5)");
    assert_eq!(ok(&mut c, ":pg.get_members(:agents)"), "[]");
    assert_eq!(ok(&mut c, ":pg.which_groups()"), "[hermes: Hermes.PubSub]");
}

#[test]
fn a_crashed_node_takes_its_members_away() {
    let mut c = connected();
    on(&mut c, "c@sim", ":pg.join(:g, self())");
    ok(&mut c, "Process.sleep(5)");
    assert_eq!(ok(&mut c, ":pg.get_members(:g) |> length()"), "1");
    ok(&mut c, "Sim.crash_node(:\"c@sim\")");
    assert_eq!(ok(&mut c, ":pg.get_members(:g)"), "[]");
    let adapters = ":pg.get_members({:hermes, Hermes.PubSub}) |> Enum.map(&node/1)";
    assert_eq!(
        ok(&mut c, &format!("{adapters} |> Enum.member?(:\"c@sim\")")),
        "false"
    );
    // Restarted, c runs a fresh, empty scope that syncs on reconnection.
    ok(&mut c, "Sim.restart_node(:\"c@sim\")");
    ok(&mut c, "Node.connect(:\"c@sim\")");
    ok(&mut c, "Process.sleep(5)");
    assert_eq!(
        ok(&mut c, &format!("{adapters} |> Enum.sort()")),
        "[:a@sim, :b@sim, :c@sim]"
    );
    assert_eq!(ok(&mut c, ":pg.get_members(:g)"), "[]");
}

#[test]
fn monitor_scope_returns_the_groups_and_reports_changes() {
    let mut c = connected();
    ok(&mut c, ":pg.join(:g, self())");
    ok(&mut c, "{ref, groups} = :pg.monitor_scope()");
    assert_eq!(ok(&mut c, "groups[:g] == [self()]"), "true");
    assert_eq!(
        ok(&mut c, "groups[{:hermes, Hermes.PubSub}] |> length()"),
        "3"
    );
    on(&mut c, "b@sim", ":pg.join(:g, self())");
    ok(&mut c, "Process.sleep(5)");
    ok(&mut c, ":pg.leave(:g, self())");
    let printed = c.eval_line("flush()").printed;
    assert_eq!(printed.len(), 2, "{printed:?}");
    assert!(
        printed[0].starts_with("{#Reference<") && printed[0].contains(", :join, :g, [#PID<1."),
        "{printed:?}"
    );
    assert!(printed[1].contains(", :leave, :g, [#PID<0."), "{printed:?}");
    // After demonitor no more updates arrive.
    assert_eq!(ok(&mut c, ":pg.demonitor(ref)"), ":ok");
    assert_eq!(ok(&mut c, ":pg.demonitor(ref)"), "false");
    ok(&mut c, ":pg.join(:g, self())");
    assert!(c.eval_line("flush()").printed.is_empty());
}

#[test]
fn a_partition_splits_the_view_and_a_reconnection_merges_it() {
    let mut c = connected();
    ok(&mut c, "Sim.net_tick(1_000)");
    ok(&mut c, ":pg.join(:g, self())");
    on(&mut c, "b@sim", ":pg.join(:g, self())");
    on(&mut c, "c@sim", ":pg.join(:g, self())");
    ok(&mut c, "Process.sleep(5)");
    assert_eq!(ok(&mut c, ":pg.get_members(:g) |> length()"), "3");
    ok(
        &mut c,
        "Sim.partition([[:\"a@sim\"], [:\"b@sim\", :\"c@sim\"]])",
    );
    ok(&mut c, "Process.sleep(1_500)");
    // Each node sees the members of the nodes it is still connected to.
    assert_eq!(ok(&mut c, ":pg.get_members(:g) == [self()]"), "true");
    let own_side = "Enum.map(:pg.get_members(:g), &node/1) |> Enum.sort() == \
                    Enum.sort([node() | Node.list()])";
    assert_eq!(on(&mut c, "b@sim", own_side), "true");
    assert_eq!(on(&mut c, "c@sim", own_side), "true");
    assert_eq!(
        on(&mut c, "b@sim", "Node.list() |> Enum.member?(:\"a@sim\")"),
        "false"
    );
    assert_eq!(
        ok(
            &mut c,
            ":pg.get_members({:hermes, Hermes.PubSub}) |> length()"
        ),
        "1"
    );
    // A join on one side stays there while the split lasts.
    ok(&mut c, ":pg.join(:only_a, self())");
    ok(&mut c, "Process.sleep(5)");
    assert_eq!(on(&mut c, "b@sim", ":pg.get_members(:only_a)"), "[]");
    ok(&mut c, "Sim.heal()");
    ok(&mut c, "Node.connect(:\"b@sim\")");
    ok(&mut c, "Node.connect(:\"c@sim\")");
    ok(&mut c, "Process.sleep(10)");
    assert_eq!(ok(&mut c, "Node.list()"), "[:b@sim, :c@sim]");
    assert_eq!(ok(&mut c, ":pg.get_members(:g) |> length()"), "3");
    assert_eq!(
        ok(
            &mut c,
            ":rpc.call(:\"c@sim\", :pg, :get_members, [:only_a]) == [self()]"
        ),
        "true"
    );
}

#[test]
fn only_local_pids_may_join() {
    let mut c = connected();
    ok(
        &mut c,
        "remote = :rpc.call(:\"b@sim\", Process, :whereis, [:pg])",
    );
    let out = c.eval_line(":pg.join(:g, remote)");
    assert!(!out.ok);
    assert!(
        out.text
            .starts_with("** (ErlangError) Erlang error: {:nolocal, #PID<1."),
        "{}",
        out.text
    );
    let out = c.eval_line(":pg.join(:g, [self(), remote])");
    assert!(out.text.contains("{:nolocal, #PID<1."), "{}", out.text);
    let out = c.eval_line(":pg.join(:g, :not_a_pid)");
    // iex ends the line with four spaces before the arguments block.
    assert_eq!(
        out.text.trim_end(),
        "** (FunctionClauseError) no function clause matching in :pg.join/3"
    );
    assert_eq!(ok(&mut c, ":pg.get_members(:g)"), "[]");
}

#[test]
fn extra_scopes_are_independent_overlays() {
    let mut c = connected();
    assert!(ok(&mut c, ":pg.start_link(:chat)").starts_with("{:ok, #PID<0."));
    assert!(on(&mut c, "b@sim", ":pg.start(:chat)").starts_with("{:ok, #PID<1."));
    ok(&mut c, ":pg.join(:chat, :room, self())");
    ok(&mut c, "Process.sleep(5)");
    assert_eq!(
        ok(
            &mut c,
            ":rpc.call(:\"b@sim\", :pg, :get_members, [:chat, :room]) == [self()]"
        ),
        "true"
    );
    assert_eq!(ok(&mut c, ":pg.get_members(:room)"), "[]");
    // c runs no :chat scope: it knows nothing of the group.
    assert_eq!(
        ok(
            &mut c,
            ":rpc.call(:\"c@sim\", :pg, :get_members, [:chat, :room])"
        ),
        "[]"
    );
    let out = c.eval_line(":pg.which_groups(:nosuch)");
    assert!(out.text.starts_with("** (ArgumentError)"), "{}", out.text);
    let out = c.eval_line(":pg.join(:nosuch, :g, self())");
    assert_eq!(
        out.text,
        "** (exit) exited in: :gen_server.call(:nosuch, {:join_local, :g, self()}, :infinity)"
            .replace("self()", &ok(&mut c, "self()"))
    );
}

/// Members read newest first, and a leave takes the newest occurrence of a
/// pid joined twice, as OTP 25's pg does (checked against real Elixir 1.14).
#[test]
fn members_read_newest_first_and_a_leave_takes_the_newest_join() {
    let mut c = Console::new(3);
    ok(
        &mut c,
        "s = fn -> spawn(fn -> Process.sleep(:infinity) end) end",
    );
    ok(&mut c, "[a, b, c, d] = for _ <- 1..4, do: s.()");
    ok(&mut c, "names = %{a => :a, b => :b, c => :c, d => :d}");
    ok(
        &mut c,
        "show = fn -> Enum.map(:pg.get_members(:g), &names[&1]) end",
    );
    ok(
        &mut c,
        ":pg.join(:g, a); :pg.join(:g, b); :pg.join(:g, [c, d])",
    );
    assert_eq!(ok(&mut c, "show.()"), "[:c, :d, :b, :a]");
    ok(&mut c, ":pg.leave(:g, b)");
    assert_eq!(ok(&mut c, "show.()"), "[:c, :d, :a]");
    ok(&mut c, ":pg.join(:g, a)");
    assert_eq!(ok(&mut c, "show.()"), "[:a, :c, :d, :a]");
    ok(&mut c, ":pg.leave(:g, a)");
    assert_eq!(ok(&mut c, "show.()"), "[:c, :d, :a]");
    assert_eq!(
        ok(&mut c, "Enum.map(:pg.get_local_members(:g), &names[&1])"),
        "[:c, :d, :a]"
    );
}
