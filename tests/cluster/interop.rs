//! The learner's own modules beside the built-in servers, both ways: a
//! user worker under the built-in `Fleet.Dynamic`, user processes in a
//! `:pg` group and subscribed to `Phoenix.PubSub`, `:global` names for user
//! servers, and `:rpc.call` into user modules on other nodes.

use super::ok;
use otpsim::console::Console;

/// Nodes `a`, `b`, `c`, fully connected.
fn three() -> Console {
    super::trio(13, true)
}

#[test]
fn user_processes_join_pg_groups_across_nodes() {
    let mut c = three();
    ok(
        &mut c,
        "defmodule Member do
  def start(group), do: spawn(fn -> :ok = :pg.join(group, self()); loop() end)
  defp loop do
    receive do
      {:ping, from} -> send(from, {:pong, node()}); loop()
    end
  end
end",
    );
    ok(
        &mut c,
        "m1 = :rpc.call(:\"b@sim\", Member, :start, [:workers])",
    );
    ok(
        &mut c,
        "m2 = :rpc.call(:\"c@sim\", Member, :start, [:workers])",
    );
    ok(&mut c, "Process.sleep(10)");
    assert_eq!(
        ok(
            &mut c,
            "Enum.sort(:pg.get_members(:workers)) == Enum.sort([m1, m2])"
        ),
        "true"
    );
    assert_eq!(ok(&mut c, ":pg.get_local_members(:workers)"), "[]");
    ok(
        &mut c,
        "for m <- :pg.get_members(:workers), do: send(m, {:ping, self()})",
    );
    let replies = ok(
        &mut c,
        "for _ <- 1..2, do: (receive do {:pong, n} -> n after 100 -> :none end)",
    );
    let mut nodes: Vec<&str> = replies
        .trim_matches(|ch| ch == '[' || ch == ']')
        .split(", ")
        .collect();
    nodes.sort();
    assert_eq!(nodes, [":b@sim", ":c@sim"]);
    // A member that dies leaves its group everywhere.
    ok(&mut c, "Process.exit(m1, :kill)");
    ok(&mut c, "Process.sleep(10)");
    assert_eq!(ok(&mut c, ":pg.get_members(:workers) == [m2]"), "true");
}

#[test]
fn a_user_process_subscribed_to_phoenix_pubsub_gets_broadcasts_from_other_nodes() {
    let mut c = three();
    ok(
        &mut c,
        "defmodule Listener do
  def start(topic) do
    spawn(fn ->
      :ok = Phoenix.PubSub.subscribe(Hermes.PubSub, topic)
      collect([])
    end)
  end
  defp collect(seen) do
    receive do
      {:seen, from} -> send(from, {:seen, Enum.reverse(seen)}); collect(seen)
      msg -> collect([msg | seen])
    end
  end
end",
    );
    ok(
        &mut c,
        "l = :rpc.call(:\"c@sim\", Listener, :start, [\"news\"])",
    );
    ok(&mut c, "Process.sleep(10)");
    ok(
        &mut c,
        ":rpc.call(:\"b@sim\", Phoenix.PubSub, :broadcast, [Hermes.PubSub, \"news\", {:headline, 1}])",
    );
    ok(
        &mut c,
        "Phoenix.PubSub.broadcast(Hermes.PubSub, \"other\", :ignored)",
    );
    ok(&mut c, "Process.sleep(10)");
    ok(&mut c, "send(l, {:seen, self()})");
    assert_eq!(
        ok(
            &mut c,
            "receive do {:seen, s} -> s after 100 -> :timeout end"
        ),
        "[headline: 1]"
    );
}

#[test]
fn a_user_server_named_globally_is_called_from_every_node() {
    let mut c = three();
    ok(
        &mut c,
        "defmodule Clock do
  use GenServer
  def init(n), do: {:ok, n}
  def handle_call(:tick, _from, n), do: {:reply, {node(), n + 1}, n + 1}
end",
    );
    let started = ok(
        &mut c,
        "{:ok, g} = :rpc.call(:\"b@sim\", GenServer, :start, [Clock, 0, [name: {:global, :clock}]])",
    );
    assert!(started.starts_with("{:ok, #PID<1."), "{started}");
    assert_eq!(
        ok(&mut c, "GenServer.call({:global, :clock}, :tick)"),
        "{:b@sim, 1}"
    );
    assert_eq!(
        ok(
            &mut c,
            ":rpc.call(:\"c@sim\", GenServer, :call, [{:global, :clock}, :tick])"
        ),
        "{:b@sim, 2}"
    );
    assert_eq!(ok(&mut c, ":global.whereis_name(:clock) == g"), "true");
    // A second start anywhere finds the name taken.
    assert_eq!(
        ok(
            &mut c,
            "{:error, {:already_started, ^g}} = :rpc.call(:\"c@sim\", GenServer, :start, [Clock, 0, [name: {:global, :clock}]]); :taken"
        ),
        ":taken"
    );
}

#[test]
fn rpc_calls_run_user_modules_on_the_other_node() {
    let mut c = three();
    ok(
        &mut c,
        "defmodule Where do
  def am_i, do: {node(), self() |> node()}
  def boom(x), do: 1 / x
end",
    );
    assert_eq!(
        ok(&mut c, ":rpc.call(:\"b@sim\", Where, :am_i, [])"),
        "{:b@sim, :b@sim}"
    );
    // The remote error comes back as `{:badrpc, {:EXIT, {reason, stacktrace}}}`.
    assert_eq!(
        ok(
            &mut c,
            "match?({:badrpc, {:EXIT, {:badarith, [{Where, :boom, 1, _} | _]}}}, :rpc.call(:\"c@sim\", Where, :boom, [0]))"
        ),
        "true"
    );
    assert_eq!(
        ok(
            &mut c,
            "match?({:badrpc, {:EXIT, {:undef, [{Where, :nope, [], []} | _]}}}, :rpc.call(:\"c@sim\", Where, :nope, []))"
        ),
        "true"
    );
}

/// A worker module the learner writes: a counter named through Fleet's
/// registry, so `Fleet.via/1` reaches it.
const COUNTER: &str = "defmodule MyCounter do
  use GenServer
  def start_link(id), do: GenServer.start_link(__MODULE__, id, name: Fleet.via(id))
  def init(id), do: {:ok, {id, 0}}
  def handle_call(:bump, _from, {id, n}), do: {:reply, n + 1, {id, n + 1}}
end";

#[test]
fn a_user_worker_runs_under_the_built_in_fleet_dynamic_and_is_restarted_by_it() {
    let mut c = Console::new(3);
    ok(&mut c, COUNTER);
    let started = ok(
        &mut c,
        "{:ok, pid} = DynamicSupervisor.start_child(Fleet.Dynamic, {MyCounter, 42})",
    );
    assert!(started.starts_with("{:ok, #PID<0."), "{started}");
    assert_eq!(ok(&mut c, "GenServer.call(Fleet.via(42), :bump)"), "1");
    assert_eq!(ok(&mut c, "GenServer.call(Fleet.via(42), :bump)"), "2");
    // Linked to Fleet.Dynamic (and, as Registry does, to its partition),
    // not to the process that ran its start function.
    assert_eq!(
        ok(&mut c, "{:links, links} = Process.info(pid, :links); Process.whereis(Fleet.Dynamic) in links and length(links) == 2"),
        "true"
    );
    assert_eq!(
        ok(
            &mut c,
            "DynamicSupervisor.count_children(Fleet.Dynamic).active"
        ),
        "1"
    );
    ok(&mut c, "Process.exit(pid, :kill)");
    ok(&mut c, "Process.sleep(10)");
    assert_eq!(
        ok(
            &mut c,
            "[{new, _}] = Registry.lookup(Fleet.Registry, 42); new != pid and Process.alive?(new)"
        ),
        "true"
    );
    // Restarted by Fleet.Dynamic with the state init/1 gives.
    assert_eq!(ok(&mut c, "GenServer.call(Fleet.via(42), :bump)"), "1");
    assert_eq!(
        ok(
            &mut c,
            "DynamicSupervisor.count_children(Fleet.Dynamic).active"
        ),
        "1"
    );
    // The built-in workers still start beside it.
    ok(&mut c, "Fleet.start_users(1..2)");
    assert_eq!(
        ok(
            &mut c,
            "DynamicSupervisor.count_children(Fleet.Dynamic).active"
        ),
        "3"
    );
}
