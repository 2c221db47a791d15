defmodule DistributedHelloWorld.Supervisor do
  @moduledoc """
  Seed 002's distributed hello world: a greeter, and the node manager
  that finds other nodes by UDP gossip and connects to them.

      DistributedHelloWorld.Supervisor (one_for_one)
      ├─ DistributedHelloWorld.Greeter
      └─ DistributedHelloWorld.NodeManager

  The node manager is written in Rust (`src/apps/discovery.rs`): every
  node broadcasts a heartbeat every two seconds. On the BEAM every node
  manager reads every heartbeat and ignores those of nodes it is already
  connected to; here its socket drops those unread (see
  `src/kernel/datagram.rs`), which is what lets a thousand nodes run
  faster than real time.
  """
  use Supervisor

  def start_link(opts \\ []), do: Supervisor.start_link(__MODULE__, opts, name: __MODULE__)

  @impl true
  def init(_opts) do
    children = [
      DistributedHelloWorld.Greeter,
      {DistributedHelloWorld.NodeManager, []}
    ]

    Supervisor.init(children, strategy: :one_for_one)
  end
end

defmodule DistributedHelloWorld.Greeter do
  @moduledoc """
  Greets every node that connects: on `{:nodeup, node}` it casts
  `{:greet, node()}` to the greeter of that node, which logs where the
  greeting came from. Each side sees the other's nodeup, so every pair
  of nodes greets once in each direction per connection.
  """
  use GenServer
  require Logger

  def start_link(_opts), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)

  @impl true
  def init(nil) do
    :ok = :net_kernel.monitor_nodes(true)
    {:ok, nil}
  end

  @impl true
  def handle_info({:nodeup, node}, state) do
    GenServer.cast({__MODULE__, node}, {:greet, node()})
    {:noreply, state}
  end

  def handle_info({:nodedown, _node}, state), do: {:noreply, state}

  @impl true
  def handle_cast({:greet, from}, state) do
    Logger.info("Hello world from #{inspect(from)}")
    {:noreply, state}
  end
end
