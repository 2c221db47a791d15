defmodule Fleet do
  @moduledoc """
  The fleet's client API (seed 000): each user is a `Fleet.UserWorker`
  started under `Fleet.Dynamic` and named through `Fleet.Registry`, so
  any process on the node can reach it by id.

  `Fleet.pick_shard(id, k)`, the shard in `0..k-1` rendezvous hashing
  gives `id` (the largest `:erlang.phash2({id, shard})`), is native: it
  hashes `k` times.
  """

  @doc "The name a user's worker is registered under."
  def via(id), do: {:via, Registry, {Fleet.Registry, id}}

  @doc "Starts the worker of user `id`: `{:ok, pid}`, or why not."
  def start_user(id), do: DynamicSupervisor.start_child(Fleet.Dynamic, {Fleet.UserWorker, id})

  @doc "Starts a worker for each id."
  def start_users(ids), do: Enum.map(ids, &start_user/1)

  @doc "`:pong` from a running user."
  def ping(id), do: GenServer.call(via(id), :ping)

  @doc "Stores `value` under `key` in the user's worker."
  def put(id, key, value), do: GenServer.call(via(id), {:put, key, value})

  @doc "The value under `key` in the user's worker, or `nil`."
  def get(id, key), do: GenServer.call(via(id), {:get, key})
end

defmodule Fleet.Supervisor do
  @moduledoc """
  The fleet's top supervisor: the registry that names the workers first,
  then the dynamic supervisor that starts them on demand, so a worker
  can always register its name when it starts.

      Fleet.Supervisor (one_for_one)
      ├─ Fleet.Registry (Registry, unique keys)
      └─ Fleet.Dynamic  (DynamicSupervisor)
         └─ Fleet.UserWorker(id)*   named Fleet.via(id)
  """
  use Supervisor

  def start_link(opts \\ []), do: Supervisor.start_link(__MODULE__, opts, name: __MODULE__)

  @impl true
  def init(_opts) do
    children = [
      {Registry, keys: :unique, name: Fleet.Registry},
      {DynamicSupervisor, name: Fleet.Dynamic, strategy: :one_for_one}
    ]

    Supervisor.init(children, strategy: :one_for_one)
  end
end

defmodule Fleet.UserWorker do
  @moduledoc """
  One user's worker: a small key-value map held in the process, lost when
  the worker restarts (its supervisor starts it again with an empty map).
  Edit a clause here, load the module, and the next call to a running
  worker takes the new code.
  """
  use GenServer

  @doc "Starts the worker of user `id`, registered as `Fleet.via(id)`."
  def start_link(id), do: GenServer.start_link(__MODULE__, id, name: Fleet.via(id))

  @impl true
  def init(id), do: {:ok, %{id: id, data: %{}}}

  @impl true
  def handle_call(:ping, _from, state), do: {:reply, :pong, state}

  def handle_call({:put, key, value}, _from, state),
    do: {:reply, :ok, %{state | data: Map.put(state.data, key, value)}}

  def handle_call({:get, key}, _from, state), do: {:reply, Map.get(state.data, key), state}
end

defmodule Fleet.Cluster do
  @moduledoc """
  Users owned by the cluster rather than by a node: every user in
  `wanted/0` runs on exactly one node, its owner, picked by rendezvous
  hashing over the nodes a node can see (the highest
  `:erlang.phash2({id, node})` wins). One reconciler per node looks again
  whenever a node comes or goes, when `own/1` adds users, and every
  second while there are users: it starts the users it owns that are not
  running on it, and stops the ones running on it that it no longer owns.

  During a netsplit each side sees only its own nodes, so each side runs
  every user (two copies in all); when the split heals, the non-owners
  stop theirs. `Fleet.Cluster.where/1`, which looks at every node's
  registry at once, is the simulation's own (native): no process can see
  across a split.
  """
  use GenServer

  @tick_ms 1_000

  def start_link(_opts \\ []), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)

  @doc "Adds `ids` to the users the cluster runs, and has every node look again."
  def own(ids) do
    users = Enum.sort(Enum.uniq(wanted() ++ Enum.to_list(ids)))
    Application.put_env(:fleet, :users, users)
    for node <- [node() | Node.list()], do: send({__MODULE__, node}, :reconcile)
    :ok
  end

  @doc "The users the cluster runs, in term order."
  def wanted, do: Application.get_env(:fleet, :users, [])

  @doc "The node that owns `id`, as this node sees the cluster."
  def owner(id), do: owner(id, visible())

  defp owner(id, nodes), do: Enum.max_by(nodes, &:erlang.phash2({id, &1}))

  defp visible, do: Enum.sort([node() | Node.list()])

  @impl true
  def init(nil) do
    :ok = :net_kernel.monitor_nodes(true)
    {:ok, nil, {:continue, :reconcile}}
  end

  @impl true
  def handle_continue(:reconcile, state), do: {:noreply, reconcile(state)}

  @impl true
  def handle_info({:nodeup, _node}, state), do: {:noreply, reconcile(state)}
  def handle_info({:nodedown, _node}, state), do: {:noreply, reconcile(state)}
  def handle_info(:reconcile, state), do: {:noreply, reconcile(state)}
  def handle_info(:tick, _timer), do: {:noreply, reconcile(nil)}

  # One look; the next one in a second while there are users to keep. A
  # node whose fleet is not up (still booting, or restarting after a
  # crash) is left alone until the next look.
  defp reconcile(timer) do
    users = wanted()

    if users != [] and Process.whereis(Fleet.Registry) != nil and
         Process.whereis(Fleet.Dynamic) != nil do
      nodes = visible()
      Enum.each(users, &look(&1, nodes))
    end

    cond do
      users == [] -> timer
      timer != nil -> timer
      true -> Process.send_after(self(), :tick, @tick_ms)
    end
  end

  defp look(id, nodes) do
    mine? = owner(id, nodes) == node()

    case {mine?, Registry.lookup(Fleet.Registry, id)} do
      {true, []} ->
        :otpsim.ownership(id, :start)
        try do
          Fleet.start_user(id)
        catch
          :exit, _fleet_went_down -> :ok
        end

      {false, [{pid, _}]} ->
        :otpsim.ownership(id, :stop)
        try do
          DynamicSupervisor.terminate_child(Fleet.Dynamic, pid)
        catch
          :exit, _fleet_went_down -> :ok
        end

      _ ->
        :ok
    end
  end
end
