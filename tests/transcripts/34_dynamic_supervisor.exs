# DynamicSupervisor: children started on demand.
{:ok, dyn} = DynamicSupervisor.start_link(strategy: :one_for_one, name: Pool)
DynamicSupervisor.count_children(Pool)
DynamicSupervisor.which_children(Pool)
{:ok, first} = DynamicSupervisor.start_child(Pool, {Agent, fn -> :one end})
{:ok, second} = DynamicSupervisor.start_child(Pool, {Agent, fn -> :two end})
Agent.get(first, & &1)
DynamicSupervisor.count_children(Pool)
DynamicSupervisor.which_children(Pool) |> length()
DynamicSupervisor.which_children(Pool) |> hd() |> elem(0)
Process.exit(second, :kill); Process.sleep(50)
DynamicSupervisor.count_children(Pool).active
Process.alive?(second)
DynamicSupervisor.terminate_child(Pool, first)
DynamicSupervisor.terminate_child(Pool, first)
DynamicSupervisor.count_children(Pool)
defmodule Worker do
  use GenServer, restart: :temporary

  def start_link(name), do: GenServer.start_link(__MODULE__, name)

  @impl true
  def init(name), do: {:ok, name}

  @impl true
  def handle_call(:name, _from, name), do: {:reply, name, name}
end
Worker.child_spec("w")
{:ok, w} = DynamicSupervisor.start_child(Pool, {Worker, "w1"})
GenServer.call(w, :name)
Process.exit(w, :kill); Process.sleep(50)
DynamicSupervisor.count_children(Pool)
DynamicSupervisor.start_child(Pool, {NoSuchWorker, :arg})
DynamicSupervisor.start_child(Pool, :not_a_spec)
{:ok, small} = DynamicSupervisor.start_link(strategy: :one_for_one, max_children: 1)
DynamicSupervisor.start_child(small, {Agent, fn -> 1 end}) |> elem(0)
DynamicSupervisor.start_child(small, {Agent, fn -> 2 end})
DynamicSupervisor.stop(small)
Process.alive?(dyn)
