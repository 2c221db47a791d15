//! Built-in scenarios: one per seed lesson, each a console script with a
//! title, a seed and a paragraph saying what to watch for.
//!
//! A scenario is data, not code: the web app's picker, the docs widgets and
//! the tests all run the same lines through the console, so the lesson a
//! reader sees is exactly what the tests check. Lines starting with `#` are
//! comments shown in the script and skipped when run.

use crate::console::session::Session;
use serde::Serialize;

/// A lesson as a script.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Scenario {
    /// Short stable name, used in URLs and `<otp-sim scenario="...">`.
    pub name: &'static str,
    /// Title shown in the picker.
    pub title: &'static str,
    /// Seed of the world.
    pub seed: u64,
    /// What the scenario shows and what to watch for.
    pub explanation: &'static str,
    /// Console input, read as iex reads it (a `defmodule` may span lines).
    pub script: &'static str,
    /// The module whose source the page's editor opens with (the one the
    /// lesson invites the reader to change), if any.
    pub editor: Option<&'static str>,
}

impl Scenario {
    /// The chunks to evaluate, as iex would read the script; comment-only
    /// and blank lines left out.
    pub fn lines(&self) -> Vec<String> {
        crate::console::Reader::chunks(self.script)
    }

    /// A session with the whole script run.
    pub fn run(&self) -> Session {
        let mut session = Session::new(self.seed);
        for chunk in self.lines() {
            session.eval(&chunk);
        }
        session
    }
}

/// Finds a scenario by name.
pub fn find(name: &str) -> Option<&'static Scenario> {
    ALL.iter().find(|s| s.name == name)
}

/// Every built-in scenario, in the order the seeds teach them.
pub const ALL: &[Scenario] = &[
    Scenario {
        name: "fleet-bootstrap",
        title: "Fleet bootstrap: Registry + DynamicSupervisor",
        seed: 1,
        explanation: "A unique Registry and a DynamicSupervisor under one supervisor. Workers start on demand, each named {:via, Registry, {Fleet.Registry, id}}, so callers reach them by id and never handle a pid. The Editor tab holds Fleet.UserWorker: make :ping answer :pang, load it, and ping again.",
        script: "\
Fleet.start_users(1..5)
Supervisor.count_children(Fleet.Dynamic)
Fleet.ping(3)
GenServer.call(Fleet.via(2), {:put, :color, :blue})
GenServer.call(Fleet.via(2), {:get, :color})
DynamicSupervisor.start_child(Fleet.Dynamic, {Fleet.UserWorker, 3})",
        editor: Some("Fleet.UserWorker"),
    },
    Scenario {
        name: "restart-cleans-names",
        title: "A restart cleans names",
        seed: 2,
        explanation: "Kill a worker: the Registry drops its name when the :EXIT arrives, the DynamicSupervisor restarts it, and the new process registers the same id. Lookups never return the dead pid; the state it held is gone.",
        script: "\
Fleet.start_users(1..3)
GenServer.call(Fleet.via(2), {:put, :a, 1})
[{pid, _}] = Registry.lookup(Fleet.Registry, 2)
Process.exit(pid, :kill)
Process.sleep(50)
[{new_pid, _}] = Registry.lookup(Fleet.Registry, 2)
new_pid == pid
GenServer.call(Fleet.via(2), {:get, :a})",
        editor: None,
    },
    Scenario {
        name: "restart-intensity",
        title: "Restart intensity: the fourth crash in five seconds",
        seed: 3,
        explanation: "Fleet.Dynamic allows 3 restarts in 5 seconds. The fourth crash inside the window takes it down with :shutdown; Fleet.Supervisor restarts it empty, while Fleet.Registry, its sibling, survives.",
        script: "\
Fleet.start_users(1..5)
dyn = Process.whereis(Fleet.Dynamic)
Enum.each(1..4, fn id -> Process.exit(GenServer.whereis(Fleet.via(id)), :kill); Process.sleep(10) end)
Process.whereis(Fleet.Dynamic) == dyn
Supervisor.count_children(Fleet.Dynamic)",
        editor: None,
    },
    Scenario {
        name: "rendezvous-vs-modulo",
        title: "Rendezvous vs modulo as K changes",
        seed: 4,
        explanation: "Going from 4 to 5 shards, rendezvous hashing moves only the keys the new shard wins, about 1/5 of them; naive modulo moves almost all. The shard fleet carries its data along when K changes.",
        script: "\
Shards.movement(:rendezvous, 4, 5, 100_000)
Shards.movement(:modulo, 4, 5, 100_000)
Shards.set_k(4)
Enum.each(1..200, fn i -> Shards.put(i, i) end)
Shards.set_k(5)
Process.sleep(2_000)
Shards.moves() |> Enum.map(fn m -> m.keys end) |> Enum.sum()
Enum.all?(1..200, fn i -> Shards.get(i) == i end)",
        editor: None,
    },
    Scenario {
        name: "hello-world-gossip",
        title: "Distributed hello world by gossip",
        seed: 5,
        explanation: "Each node's NodeManager broadcasts a node:: heartbeat every 2 s; a node that hears a stranger connects to it, and the Greeters greet each other on :nodeup, once per pair per join.",
        script: "\
Sim.add_node(:\"b@sim\")
Sim.add_node(:\"c@sim\")
Process.sleep(3_000)
Node.list()
Sim.log(:\"c@sim\")",
        editor: None,
    },
    Scenario {
        name: "hermes-pubsub",
        title: "Hermes PubSub across Alice, Bob and Carol",
        seed: 6,
        explanation: "A broadcast sends one message per remote node's PubSub server, whatever its subscriber count; each server dispatches to its local subscribers. Alice has 1+1 clients, Bob 5 on user.created, Carol 2 on user.updated.",
        script: "\
Sim.add_node(:\"b@sim\")
Sim.add_node(:\"c@sim\")
Process.sleep(3_000)
{:ok, a1} = Hermes.Client.start(:\"user.created\")
{:ok, a2} = Hermes.Client.start(:\"user.updated\")
bob = Enum.map(1..5, fn _ -> {:ok, p} = :rpc.call(:\"b@sim\", Hermes.Client, :start, [:\"user.created\"]); p end)
carol = Enum.map(1..2, fn _ -> {:ok, p} = :rpc.call(:\"c@sim\", Hermes.Client, :start, [:\"user.updated\"]); p end)
Hermes.publish(:\"user.created\", %{name: \"Jade\"})
:rpc.call(:\"b@sim\", Hermes, :publish, [:\"user.updated\", %{id: 1, name: \"Jadyline\"}])
Process.sleep(10)
Hermes.Client.received(a1)
Enum.map(bob, fn p -> length(Hermes.Client.received(p)) end)
Enum.map(carol, fn p -> length(Hermes.Client.received(p)) end)",
        editor: None,
    },
    Scenario {
        name: "kv-routing-table",
        title: "KV buckets and the routing table",
        seed: 7,
        explanation: "The Mix & OTP guide's key-value store: a text protocol, buckets as Agents, and a routing table that sends a bucket to a node by the first byte of its name.",
        script: "\
Sim.add_node(:\"b@sim\")
Process.sleep(3_000)
Application.put_env(:kv, :routing_table, [{?a..?m, :\"a@sim\"}, {?n..?z, :\"b@sim\"}])
KV.router(:table)
KV.command(\"CREATE shopping\")
KV.command(\"PUT shopping milk 1\")
KV.command(\"GET shopping milk\")
KV.route(\"shopping\")
KV.command(\"GET nothing milk\")",
        editor: None,
    },
    Scenario {
        name: "todo-cache-vs-registry",
        title: "To-do cache bottleneck vs Registry",
        seed: 8,
        explanation: "Every request in the cache design passes through one Todo.Cache process, whose mailbox grows under load; with Registry + DynamicSupervisor there is no central process and the queue stays short.",
        script: "\
Todo.load(100, 20)
Todo.use_registry(true)
Todo.load(100, 20)",
        editor: None,
    },
    Scenario {
        name: "netsplit-global",
        title: "Netsplit and heal under a :global resolver",
        seed: 9,
        explanation: "During a split each side may register the same global name. On heal the names merge and the resolver given at registration settles the conflict: here random_exit_name keeps the smaller pid and kills the other. Try notify_all_name or Sim.keep_oldest in the script.",
        script: "\
Sim.net_tick(2_000)
Sim.add_node(:\"b@sim\")
Process.sleep(3_000)
{:ok, p1} = Agent.start(fn -> :a_side end)
:global.register_name(:leader, p1, &:global.random_exit_name/3)
Sim.partition([[:\"a@sim\"], [:\"b@sim\"]])
Process.sleep(3_000)
Sim.attach(:\"b@sim\")
{:ok, p2} = Agent.start(fn -> :b_side end)
:global.register_name(:leader, p2, &:global.random_exit_name/3)
Sim.attach(:\"a@sim\")
Sim.heal()
Process.sleep(3_000)
:global.whereis_name(:leader) == p1
Process.alive?(p1)
Sim.check()",
        editor: None,
    },
    Scenario {
        name: "fault-lab-lost-write",
        title: "Fault lab: a crash loses an acknowledged write",
        seed: 3,
        explanation: "Sim.nemesis/1 schedules faults, and the marks on the time track show when each fires; Sim.invariant(:kv) watches for acknowledged writes without a live copy and turns red on the track at the event that loses one. With one copy per shard, the node holding the shop bucket crashes after its PUT was acknowledged: the GET that follows finds nothing, Sim.linearizable() names the two operations no single copy could have given, and Sim.check() counts the acknowledged keys with no live copy. Change Shards.replication(1) to 2 in the script and run it again: the copy survives the crash.",
        script: "\
Sim.add_node(:\"b@sim\"); Sim.add_node(:\"c@sim\")
Process.sleep(3_000)
Shards.replication(1)
Sim.invariant(:kv)
KV.command(\"CREATE shop\")
KV.command(\"PUT shop milk 1\")
{:hash, owner} = KV.route(\"shop\")
Sim.nemesis([{500, {:crash, owner}}, {4_000, {:restart, owner}}])
Process.sleep(1_000)
KV.command(\"GET shop milk\")
Sim.linearizable()
Process.sleep(3_500)
Sim.check()",
        editor: None,
    },
    Scenario {
        name: "fault-lab-pause",
        title: "Fault lab: a paused node is dropped after the tick",
        seed: 2,
        explanation: "{:pause, node, ms} stops a node from running, as a long garbage collection or a stopped VM would: what it is sent waits. Its peers keep it while the net tick allows, then drop it (:nodedown), and when it resumes gossip brings it back. The tick is 4 s here (Sim.net_tick); on the BEAM net_ticktime is 60 s.",
        script: "\
Sim.add_node(:\"b@sim\"); Sim.add_node(:\"c@sim\")
Process.sleep(3_000)
Sim.net_tick(4_000)
Sim.nemesis([{1_000, {:pause, :\"b@sim\", 9_000}}])
Process.sleep(2_000)
# paused for a second: still connected
Node.list()
Process.sleep(6_000)
# past the tick: dropped
Node.list()
Process.sleep(6_000)
# resumed, and found again by gossip
Node.list()",
        editor: None,
    },
    Scenario {
        name: "fault-lab-skew",
        title: "Fault lab: a node's clock is off",
        seed: 4,
        explanation: "{:skew, node, ms} moves a node's OS clock (System.os_time, :os.system_time) and nothing else: its timers and System.monotonic_time keep pace with every other node. Code that compares wall clocks across nodes (leases, last-write-wins by timestamp) sees the skew; code that measures durations with monotonic time does not.",
        script: "\
Sim.add_node(:\"b@sim\"); Process.sleep(3_000)
Sim.nemesis([{0, {:skew, :\"b@sim\", 5_000}}])
Process.sleep(1)
# b's wall clock against a's: about 5 s ahead (less the rpc's own time)
:rpc.call(:\"b@sim\", System, :os_time, [:millisecond]) - System.os_time(:millisecond)
# monotonic time is not skewed
:rpc.call(:\"b@sim\", System, :monotonic_time, [:millisecond]) - System.monotonic_time(:millisecond)",
        editor: None,
    },
    Scenario {
        name: "fault-lab-disk",
        title: "Fault lab: the to-do database on a failing disk",
        seed: 1,
        explanation: "Seed 001's database writes each list to a file. A write reaches the disk itself 30 s after it is made (the page cache), so {:power_loss, node} crashes the node and undoes the newer writes: after the restart, bob's list has the entry written long ago and not the recent one. Then {:disk, node, fail: 100} makes every write fail with :eio: the database worker's File.write! raises and the pool restarts. Writing with File.write(path, data, [:sync]) would have kept the recent entry.",
        script: "\
Sim.add_node(:\"b@sim\"); Process.sleep(3_000)
bob = :rpc.call(:\"b@sim\", Todo, :server, [\"bob\"])
Todo.Server.add_entry(bob, %{date: ~D[2026-12-02], title: \"Dentist\"})
Process.sleep(31_000)
Todo.Server.add_entry(bob, %{date: ~D[2026-12-02], title: \"Gym\"})
Process.sleep(1_000)
Todo.Server.entries(bob, ~D[2026-12-02])
Sim.nemesis([{0, {:power_loss, :\"b@sim\"}}, {1_000, {:restart, :\"b@sim\"}}])
Process.sleep(2_000)
bob = :rpc.call(:\"b@sim\", Todo, :server, [\"bob\"])
Todo.Server.entries(bob, ~D[2026-12-02])
Sim.nemesis([{0, {:disk, :\"b@sim\", fail: 100}}])
db = :rpc.call(:\"b@sim\", Process, :whereis, [Todo.Database])
Todo.Server.add_entry(bob, %{date: ~D[2026-12-02], title: \"Swim\"})
Process.sleep(100)
:rpc.call(:\"b@sim\", Process, :whereis, [Todo.Database]) == db",
        editor: None,
    },
    Scenario {
        name: "fault-lab-slow-link",
        title: "Fault lab: a slow link",
        seed: 5,
        explanation: "{:link, a, b, latency: ms, jitter: ms, loss: percent} shapes both directions of one link. With 150 ms each way, a round trip to an echo process on b takes 300 ms of virtual time; add jitter: to see it vary, or loss: to see the distribution's connection drop and come back.",
        script: "\
Sim.add_node(:\"b@sim\"); Process.sleep(3_000)
echo = Node.spawn(:\"b@sim\", fn -> receive do {from, x} -> send(from, x) end end)
Sim.nemesis([{0, {:link, :\"a@sim\", :\"b@sim\", latency: 150, jitter: 0}}])
Process.sleep(1)
t = System.monotonic_time(:millisecond); send(echo, {self(), :ping}); receive do :ping -> System.monotonic_time(:millisecond) - t end",
        editor: None,
    },
    Scenario {
        name: "fault-lab-one-way-cut",
        title: "Fault lab: a one-way cut drops the connection both ways",
        seed: 6,
        explanation: "{:cut, a, b} loses only what a sends to b. The distribution runs over TCP, which needs both directions: b stops hearing a's ticks and drops the connection, and a sees :nodedown too. Neither side can connect again until the cut heals.",
        script: "\
Sim.add_node(:\"b@sim\"); Process.sleep(3_000)
Sim.net_tick(2_000)
Sim.nemesis([{0, {:cut, :\"a@sim\", :\"b@sim\"}}, {8_000, :heal}])
Process.sleep(5_000)
Node.list()
:rpc.call(:\"b@sim\", Node, :list, [])
Process.sleep(6_000)
Node.list()",
        editor: None,
    },
    Scenario {
        name: "fault-lab-bridge",
        title: "Fault lab: a bridge node does not last on OTP 25",
        seed: 7,
        explanation: "{:bridge, [a], b, [c]} cuts a from c while b keeps its links to both. Since OTP 25, global's prevent_overlapping_partitions has a node that loses a peer ask its other peers to drop that peer too, so the bridge ends up on one side and the cluster splits cleanly. Gossip discovery is off here: it would keep connecting the bridge to the other side again.",
        script: "\
Sim.discovery(:none)
Sim.add_node(:\"b@sim\"); Sim.add_node(:\"c@sim\")
Node.connect(:\"b@sim\"); Node.connect(:\"c@sim\"); Process.sleep(10)
Sim.net_tick(2_000)
Sim.nemesis([{0, {:bridge, [:\"a@sim\"], :\"b@sim\", [:\"c@sim\"]}}])
Process.sleep(5_000)
Node.list()
:rpc.call(:\"b@sim\", Node, :list, [])",
        editor: None,
    },
    Scenario {
        name: "fault-lab-kill",
        title: "Fault lab: random workers killed",
        seed: 2,
        explanation: "{:kill, node, n} kills n of the node's workers, picked with the seeded generator (never the kernel's processes or an application master). Watch the event log: each supervisor restarts what it supervises, and a restart can take others with it (rest_for_one, one_for_all), such as the Fleet's users, which Fleet.Cluster.own brings back. Change the seed to kill others.",
        script: "\
Fleet.start_users(1..10)
Process.sleep(100)
count = length(Process.list())
Sim.nemesis([{0, {:kill, :\"a@sim\", 4}}])
Process.sleep(1_000)
length(Process.list()) - count
Fleet.Cluster.own(1..10)
Process.sleep(500)
DynamicSupervisor.count_children(Fleet.Dynamic).active
Sim.check()",
        editor: None,
    },
    Scenario {
        name: "fault-lab-udp",
        title: "Fault lab: gossip over a network that duplicates and reorders",
        seed: 8,
        explanation: "{:udp, duplicate: percent, reorder: ms} applies to datagrams only, here seed 002's discovery gossip: each heartbeat arrives twice and up to 1.5 s late, out of order. Discovery still converges and each greeter says hello once per peer, because connecting is idempotent. The distribution's own traffic runs over TCP and never has these faults.",
        script: "\
Sim.nemesis([{0, {:udp, duplicate: 100, reorder: 1_500}}])
Sim.add_node(:\"b@sim\"); Sim.add_node(:\"c@sim\")
Process.sleep(8_000)
Node.list()
Sim.log(:\"b@sim\")",
        editor: None,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_found() {
        for s in ALL {
            assert_eq!(find(s.name).map(|f| f.title), Some(s.title));
        }
        let mut names: Vec<&str> = ALL.iter().map(|s| s.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL.len());
    }
}
