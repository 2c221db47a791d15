//! Seed 002 typed in: the learner writes the distributed hello world's
//! greeter and a PubSub on `Registry` + `:pg` as the article builds them
//! (in this project's own code), starts them on three nodes, and sees what
//! the article shows: every node greeted by the others once they connect,
//! and one broadcast reaching the subscribers of every node.

use super::ok;
use otpsim::console::Console;

/// A greeter per node: on `{:nodeup, node}` it greets the greeter there,
/// and keeps the greetings it gets.
const GREETER: &str = "defmodule MyGreeter do
  use GenServer
  def start, do: GenServer.start(__MODULE__, [], name: __MODULE__)
  def greetings(node), do: GenServer.call({__MODULE__, node}, :greetings)
  @impl true
  def init(seen) do
    :ok = :net_kernel.monitor_nodes(true)
    {:ok, seen}
  end
  @impl true
  def handle_info({:nodeup, node}, seen) do
    GenServer.cast({__MODULE__, node}, {:greet, node()})
    {:noreply, seen}
  end
  def handle_info({:nodedown, _node}, seen), do: {:noreply, seen}
  @impl true
  def handle_cast({:greet, from}, seen), do: {:noreply, [from | seen]}
  @impl true
  def handle_call(:greetings, _from, seen), do: {:reply, Enum.sort(seen), seen}
end";

/// A PubSub as the article builds it: local subscribers in a duplicate
/// Registry, one server per node in a `:pg` group, a broadcast sent once
/// to each node's server, which dispatches to its local subscribers.
const PUBSUB: &str = "defmodule MyPubSub do
  use GenServer
  @group :my_pubsub
  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)
  def subscribe(topic) do
    {:ok, _} = Registry.register(MyPubSub.Registry, topic, nil)
    :ok
  end
  def broadcast(topic, message) do
    for server <- :pg.get_members(@group), do: send(server, {:forward, topic, message})
    :ok
  end
  @impl true
  def init(nil) do
    {:ok, _} = Registry.start_link(keys: :duplicate, name: MyPubSub.Registry)
    :ok = :pg.join(@group, self())
    {:ok, 0}
  end
  @impl true
  def handle_info({:forward, topic, message}, forwarded) do
    Registry.dispatch(MyPubSub.Registry, topic, fn entries ->
      for {pid, _} <- entries, do: send(pid, message)
    end)
    {:noreply, forwarded + 1}
  end
end";

/// A subscriber process that keeps what it receives.
const INBOX: &str = "defmodule Inbox do
  def start(topic), do: spawn(fn -> MyPubSub.subscribe(topic); loop([]) end)
  def read(pid) do
    send(pid, {:read, self()})
    receive do {:inbox, got} -> got after 1000 -> :timeout end
  end
  defp loop(got) do
    receive do
      {:read, from} -> send(from, {:inbox, Enum.reverse(got)}); loop(got)
      msg -> loop([msg | got])
    end
  end
end";

/// Three nodes that do not connect until told to.
fn alice_bob_carol() -> Console {
    super::trio(2, false)
}

#[test]
fn every_node_is_greeted_by_the_others_once_they_connect() {
    let mut c = alice_bob_carol();
    ok(&mut c, GREETER);
    // Each node starts its own greeter (an rpc would connect the nodes).
    for node in ["b@sim", "c@sim", "a@sim"] {
        ok(&mut c, &format!("Sim.attach(:\"{node}\")"));
        let started = ok(&mut c, "MyGreeter.start()");
        assert!(started.starts_with("{:ok, #PID<"), "{node}: {started}");
    }
    assert_eq!(ok(&mut c, "Node.list()"), "[]");
    // Nobody is connected yet: nobody was greeted.
    assert_eq!(ok(&mut c, "MyGreeter.greetings(node())"), "[]");
    ok(&mut c, "Node.connect(:\"b@sim\")");
    ok(&mut c, "Process.sleep(100)");
    assert_eq!(ok(&mut c, "MyGreeter.greetings(node())"), "[:b@sim]");
    // Carol joins through Alice; connections are transitive, so Bob greets her too.
    ok(&mut c, "Node.connect(:\"c@sim\")");
    ok(&mut c, "Process.sleep(100)");
    assert_eq!(
        ok(&mut c, "MyGreeter.greetings(node())"),
        "[:b@sim, :c@sim]"
    );
    assert_eq!(
        ok(&mut c, "MyGreeter.greetings(:\"b@sim\")"),
        "[:a@sim, :c@sim]"
    );
    assert_eq!(
        ok(&mut c, "MyGreeter.greetings(:\"c@sim\")"),
        "[:a@sim, :b@sim]"
    );
}

#[test]
fn a_pubsub_on_registry_and_pg_reaches_the_subscribers_of_every_node() {
    let mut c = alice_bob_carol();
    ok(&mut c, "Node.connect(:\"b@sim\"); Node.connect(:\"c@sim\")");
    ok(&mut c, "Process.sleep(100)");
    ok(&mut c, PUBSUB);
    ok(&mut c, INBOX);
    for node in ["a@sim", "b@sim", "c@sim"] {
        ok(
            &mut c,
            &format!(":rpc.call(:\"{node}\", MyPubSub, :start_link, [[]])"),
        );
    }
    ok(&mut c, "Process.sleep(100)");
    assert_eq!(ok(&mut c, "length(:pg.get_members(:my_pubsub))"), "3");
    ok(&mut c, "a1 = Inbox.start(\"user.created\")");
    ok(
        &mut c,
        "bob = for _ <- 1..5, do: :rpc.call(:\"b@sim\", Inbox, :start, [\"user.created\"])",
    );
    ok(
        &mut c,
        "carol = for _ <- 1..2, do: :rpc.call(:\"c@sim\", Inbox, :start, [\"user.updated\"])",
    );
    ok(&mut c, "Process.sleep(10)");
    ok(
        &mut c,
        "MyPubSub.broadcast(\"user.created\", {:created, \"Jade\"})",
    );
    ok(
        &mut c,
        ":rpc.call(:\"b@sim\", MyPubSub, :broadcast, [\"user.updated\", {:updated, 1}])",
    );
    ok(&mut c, "Process.sleep(100)");
    assert_eq!(ok(&mut c, "Inbox.read(a1)"), "[created: \"Jade\"]");
    assert_eq!(
        ok(&mut c, "Enum.map(bob, &Inbox.read/1) |> Enum.uniq()"),
        "[[created: \"Jade\"]]"
    );
    assert_eq!(
        ok(&mut c, "Enum.map(carol, &Inbox.read/1) |> Enum.uniq()"),
        "[[updated: 1]]"
    );
    // One forward per node's server per broadcast, whatever its subscriber count.
    assert_eq!(
        ok(
            &mut c,
            "for n <- [node() | Node.list()], do: :sys.get_state({MyPubSub, n})"
        ),
        "[2, 2, 2]"
    );
}
