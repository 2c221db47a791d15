# A module-based supervisor watching two workers.
defmodule Counter do
  use GenServer

  def start_link(start), do: GenServer.start_link(__MODULE__, start, name: __MODULE__)
  def next, do: GenServer.call(__MODULE__, :next)

  @impl true
  def init(start), do: {:ok, start}

  @impl true
  def handle_call(:next, _from, n), do: {:reply, n, n + 1}

  @impl true
  def handle_cast(:crash, n), do: {:noreply, n / 0}
end
defmodule App.Supervisor do
  use Supervisor

  def start_link(arg), do: Supervisor.start_link(__MODULE__, arg, name: __MODULE__)

  @impl true
  def init(_arg) do
    children = [
      {Counter, 100},
      {Agent, fn -> %{} end},
      Supervisor.child_spec({Agent, fn -> [] end}, id: :history)
    ]

    Supervisor.init(children, strategy: :one_for_one)
  end
end
{:ok, sup} = App.Supervisor.start_link(:ok)
Supervisor.which_children(App.Supervisor)
Supervisor.count_children(sup)
Counter.next()
Counter.next()
old = Process.whereis(Counter)
Process.exit(old, :kill); Process.sleep(50)
new = Process.whereis(Counter)
is_pid(new) and new != old
Process.alive?(old)
Counter.next()
GenServer.cast(Counter, :crash); Process.sleep(100)
Counter.next()
Supervisor.terminate_child(sup, Counter)
Supervisor.which_children(sup) |> Enum.map(fn {id, pid, _, _} -> {id, is_pid(pid)} end)
Counter.next()
Supervisor.restart_child(sup, Counter)
Counter.next()
Supervisor.terminate_child(sup, :no_such_child)
Supervisor.stop(sup)
Process.whereis(Counter)
{:ok, sup} = App.Supervisor.start_link(:ok)
App.Supervisor.start_link(:ok)
for _ <- 1..4 do Process.exit(Process.whereis(Counter), :kill); Process.sleep(20) end; Process.sleep(50)
Process.whereis(App.Supervisor)
