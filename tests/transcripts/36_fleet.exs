# A fleet: workers under a DynamicSupervisor, found by id in a Registry.
defmodule Fleet.Worker do
  use GenServer

  def start_link(id), do: GenServer.start_link(__MODULE__, id, name: via(id))
  def via(id), do: {:via, Registry, {Fleet.Registry, id}}

  def ping(id), do: GenServer.call(via(id), :ping)
  def bump(id), do: GenServer.call(via(id), :bump)
  def crash(id), do: GenServer.cast(via(id), :crash)

  @impl true
  def init(id), do: {:ok, %{id: id, count: 0}}

  @impl true
  def handle_call(:ping, _from, state), do: {:reply, {:pong, state.id, state.count}, state}
  def handle_call(:bump, _from, state), do: {:reply, state.count + 1, %{state | count: state.count + 1}}

  @impl true
  def handle_cast(:crash, state), do: raise("worker #{state.id} crashed")
end
defmodule Fleet do
  def start do
    {:ok, _} = Registry.start_link(keys: :unique, name: Fleet.Registry)
    {:ok, _} = DynamicSupervisor.start_link(strategy: :one_for_one, name: Fleet.Supervisor)
    :ok
  end

  def launch(id), do: DynamicSupervisor.start_child(Fleet.Supervisor, {Fleet.Worker, id})

  def whereis(id) do
    case Registry.lookup(Fleet.Registry, id) do
      [{pid, _}] -> pid
      [] -> nil
    end
  end

  def ids, do: Registry.select(Fleet.Registry, [{{:"$1", :_, :_}, [], [:"$1"]}]) |> Enum.sort()
end
Fleet.start()
for id <- ["w1", "w2", "w3"], do: Fleet.launch(id) |> elem(0)
Fleet.ids()
Registry.count(Fleet.Registry)
Fleet.launch("w2")
Fleet.Worker.bump("w2")
Fleet.Worker.bump("w2")
Fleet.Worker.ping("w2")
Fleet.Worker.ping("w1")
old = Fleet.whereis("w2")
Fleet.Worker.crash("w2"); Process.sleep(100)
new = Fleet.whereis("w2")
is_pid(new) and new != old
Fleet.Worker.ping("w2")
Fleet.ids()
Process.exit(Fleet.whereis("w3"), :kill); Process.sleep(50)
Fleet.Worker.ping("w3")
Fleet.Worker.ping("w9")
DynamicSupervisor.terminate_child(Fleet.Supervisor, Fleet.whereis("w1"))
Process.sleep(20); Fleet.ids()
DynamicSupervisor.count_children(Fleet.Supervisor)
Fleet.whereis("w1")
