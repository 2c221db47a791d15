defmodule Fleet do
  @moduledoc """
  The fleet's client API (seed 000): each user is a `Fleet.UserWorker`
  started under `Fleet.Dynamic` and named through `Fleet.Registry`, so
  any process on the node can reach it by id.
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
