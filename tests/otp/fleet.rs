//! Seed 000's exercises 1–3, line by line, against what iex prints.

use super::{console, err, ok, without_pids};
use otpsim::view::{Intensity, ProcessRole};

#[test]
fn bootstrap_starts_n_registered_workers() {
    let mut c = console();
    let started = ok(&mut c, "Fleet.start_users(1..5)");
    assert_eq!(
        without_pids(&started),
        "[\n  ok: #PID<…>,\n  ok: #PID<…>,\n  ok: #PID<…>,\n  ok: #PID<…>,\n  ok: #PID<…>\n]"
    );
    assert_eq!(
        ok(&mut c, "Supervisor.count_children(Fleet.Dynamic)"),
        "%{active: 5, specs: 5, supervisors: 0, workers: 5}"
    );
    assert_eq!(
        ok(&mut c, "Supervisor.count_children(Fleet.Supervisor)"),
        "%{active: 2, specs: 2, supervisors: 2, workers: 0}"
    );
    assert_eq!(
        without_pids(&ok(&mut c, "Supervisor.which_children(Fleet.Supervisor)")),
        "[\n  {Fleet.Dynamic, #PID<…>, :supervisor, [DynamicSupervisor]},\n  {Fleet.Registry, #PID<…>, :supervisor, [Registry]}\n]"
    );
    assert_eq!(ok(&mut c, "Registry.count(Fleet.Registry)"), "5");
    assert_eq!(
        without_pids(&ok(&mut c, "Supervisor.which_children(Fleet.Registry)")),
        "[{Fleet.Registry.PIDPartition0, #PID<…>, :worker, [Registry.Partition]}]"
    );
}

#[test]
fn via_routing_reaches_workers_without_pids() {
    let mut c = console();
    ok(&mut c, "Fleet.start_users([1, 2, 3])");
    assert_eq!(ok(&mut c, "Fleet.ping(3)"), ":pong");
    assert_eq!(
        ok(&mut c, "GenServer.call(Fleet.via(2), {:put, :a, 1})"),
        ":ok"
    );
    assert_eq!(ok(&mut c, "GenServer.call(Fleet.via(2), {:get, :a})"), "1");
    assert_eq!(
        ok(&mut c, "GenServer.call(Fleet.via(2), {:get, :b})"),
        "nil"
    );
    assert_eq!(
        ok(&mut c, "Fleet.via(2)"),
        "{:via, Registry, {Fleet.Registry, 2}}"
    );
}

#[test]
fn duplicate_start_reports_already_started_with_the_owner() {
    let mut c = console();
    ok(&mut c, "[_, _, {:ok, three}] = Fleet.start_users(1..3)");
    let owner = ok(&mut c, "three");
    let dup = ok(
        &mut c,
        "DynamicSupervisor.start_child(Fleet.Dynamic, {Fleet.UserWorker, 3})",
    );
    assert_eq!(dup, format!("{{:error, {{:already_started, {owner}}}}}"));
    assert_eq!(
        ok(&mut c, "Supervisor.count_children(Fleet.Dynamic)"),
        "%{active: 3, specs: 3, supervisors: 0, workers: 3}"
    );
}

#[test]
fn missing_names_exit_with_noproc() {
    let mut c = console();
    let out = err(&mut c, "Fleet.ping(99)");
    assert_eq!(
        out.text,
        "** (exit) exited in: GenServer.call({:via, Registry, {Fleet.Registry, 99}}, :ping, 5000)"
    );
    assert!(out
        .full
        .contains("** (EXIT) no process: the process is not alive"));
    assert_eq!(ok(&mut c, "Registry.lookup(Fleet.Registry, 99)"), "[]");
}

#[test]
fn restart_cleans_names_and_loses_state() {
    let mut c = console();
    ok(&mut c, "Fleet.start_users(1..5)");
    ok(&mut c, "GenServer.call(Fleet.via(2), {:put, :a, 1})");
    ok(&mut c, "[{pid, _}] = Registry.lookup(Fleet.Registry, 2)");
    assert_eq!(ok(&mut c, "Process.exit(pid, :kill)"), "true");
    ok(&mut c, "Process.sleep(50)");
    assert_eq!(ok(&mut c, "Process.alive?(pid)"), "false");
    ok(&mut c, "[{pid2, _}] = Registry.lookup(Fleet.Registry, 2)");
    assert_eq!(ok(&mut c, "pid == pid2"), "false");
    assert_eq!(
        ok(&mut c, "GenServer.call(Fleet.via(2), {:get, :a})"),
        "nil"
    );
    assert_eq!(
        ok(&mut c, "Supervisor.count_children(Fleet.Dynamic)"),
        "%{active: 5, specs: 5, supervisors: 0, workers: 5}"
    );
    assert_eq!(ok(&mut c, "Registry.count(Fleet.Registry)"), "5");
}

#[test]
fn lookup_never_returns_a_dead_pid_even_before_cleanup() {
    let mut c = console();
    ok(&mut c, "Fleet.start_users([7])");
    ok(&mut c, "[{pid, _}] = Registry.lookup(Fleet.Registry, 7)");
    // Kill and look up on the same line: the registry has not seen the :EXIT yet.
    let after = ok(&mut c, "Process.exit(pid, :kill); Registry.lookup(Fleet.Registry, 7) |> Enum.map(fn {p, _} -> Process.alive?(p) end)");
    assert!(after == "[]" || after == "[true]", "got {after}");
}

#[test]
fn fourth_restart_in_five_seconds_takes_the_dynamic_supervisor_down_and_back_up_empty() {
    let mut c = console();
    ok(&mut c, "Fleet.start_users(1..5)");
    ok(&mut c, "dyn = Process.whereis(Fleet.Dynamic)");
    ok(&mut c, "reg = Process.whereis(Fleet.Registry)");
    for id in 1..=3 {
        ok(
            &mut c,
            &format!("[{{p, _}}] = Registry.lookup(Fleet.Registry, {id}); Process.exit(p, :kill)"),
        );
        ok(&mut c, "Process.sleep(10)");
    }
    assert_eq!(ok(&mut c, "Process.whereis(Fleet.Dynamic) == dyn"), "true");
    assert_eq!(
        ok(&mut c, "Supervisor.count_children(Fleet.Dynamic)"),
        "%{active: 5, specs: 5, supervisors: 0, workers: 5}"
    );
    ok(
        &mut c,
        "[{p, _}] = Registry.lookup(Fleet.Registry, 4); Process.exit(p, :kill)",
    );
    ok(&mut c, "Process.sleep(10)");
    assert_eq!(ok(&mut c, "Process.whereis(Fleet.Dynamic) == dyn"), "false");
    assert_eq!(ok(&mut c, "Process.alive?(dyn)"), "false");
    assert_eq!(ok(&mut c, "Process.whereis(Fleet.Registry) == reg"), "true");
    assert_eq!(
        ok(&mut c, "Supervisor.count_children(Fleet.Dynamic)"),
        "%{active: 0, specs: 0, supervisors: 0, workers: 0}"
    );
    assert_eq!(ok(&mut c, "Registry.count(Fleet.Registry)"), "0");
    assert_eq!(ok(&mut c, "Registry.lookup(Fleet.Registry, 5)"), "[]");
    err(&mut c, "Fleet.ping(5)");
}

#[test]
fn restarts_spread_over_more_than_five_seconds_are_tolerated() {
    let mut c = console();
    ok(&mut c, "Fleet.start_users(1..5)");
    ok(&mut c, "dyn = Process.whereis(Fleet.Dynamic)");
    for id in 1..=5 {
        ok(
            &mut c,
            &format!("[{{p, _}}] = Registry.lookup(Fleet.Registry, {id}); Process.exit(p, :kill)"),
        );
        ok(&mut c, "Process.sleep(2_000)");
    }
    assert_eq!(ok(&mut c, "Process.whereis(Fleet.Dynamic) == dyn"), "true");
    assert_eq!(ok(&mut c, "Registry.count(Fleet.Registry)"), "5");
}

#[test]
fn pick_shard_matches_the_beam() {
    let mut c = console();
    // Values from `Enum.max_by(0..3, &:erlang.phash2({id, &1}))` in Elixir 1.14.
    assert_eq!(
        ok(
            &mut c,
            "Enum.map(1..10, fn id -> Fleet.pick_shard(id, 4) end)"
        ),
        "[3, 1, 2, 3, 2, 1, 0, 2, 2, 0]"
    );
    assert_eq!(ok(&mut c, ":erlang.phash2({42, 3})"), "35429637");
    assert_eq!(ok(&mut c, "Fleet.pick_shard(42, 4)"), "1");
    err(&mut c, "Fleet.pick_shard(1, 0)");
}

/// The fleet is Elixir source a learner can read and change: its source is
/// there, the supervision view shows its Elixir supervisors, and a new
/// `Fleet.UserWorker` typed in is what running workers answer with next.
#[test]
fn the_fleet_is_source_that_can_be_read_and_changed() {
    let mut c = console();
    assert_eq!(
        ok(
            &mut c,
            "Sim.source(Fleet.UserWorker) |> String.split(\"\\n\") |> hd()"
        ),
        "\"defmodule Fleet.UserWorker do\""
    );
    ok(&mut c, "Fleet.start_users(1..3)");
    let trees = otpsim::view::trees(c.world(), 0);
    let top = trees
        .iter()
        .find(|t| t.name.as_deref() == Some("Fleet.Supervisor"))
        .expect("the fleet's tree");
    assert_eq!(top.kind, ProcessRole::Supervisor);
    let dynamic = top
        .children
        .iter()
        .find(|t| t.name.as_deref() == Some("Fleet.Dynamic"))
        .expect("Fleet.Dynamic under Fleet.Supervisor");
    assert_eq!(dynamic.kind, ProcessRole::Supervisor);
    assert_eq!(
        dynamic.intensity,
        Some(Intensity {
            max_restarts: 3,
            max_seconds: 5
        })
    );
    let workers: Vec<&str> = dynamic.children.iter().map(|t| t.module.as_str()).collect();
    assert_eq!(workers, ["Fleet.UserWorker"; 3]);
    assert_eq!(ok(&mut c, "Fleet.ping(1)"), ":pong");
    ok(
        &mut c,
        "defmodule Fleet.UserWorker do
           use GenServer
           def start_link(id), do: GenServer.start_link(__MODULE__, id, name: Fleet.via(id))
           def init(id), do: {:ok, %{id: id, data: %{}}}
           def handle_call(:ping, _from, state), do: {:reply, :pang, state}
         end",
    );
    assert_eq!(
        ok(&mut c, "Fleet.ping(1)"),
        ":pang",
        "a worker started before"
    );
    ok(&mut c, "Fleet.start_user(4)");
    assert_eq!(
        ok(&mut c, "Fleet.ping(4)"),
        ":pang",
        "a worker started after"
    );
}
