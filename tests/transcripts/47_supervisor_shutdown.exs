# Supervisor shutdown: order, shutdown values, terminate/2, restart intensity.
defmodule Noisy do
  use GenServer

  def start_link({name, trap, delay}) do
    GenServer.start_link(__MODULE__, {name, trap, delay}, name: name)
  end

  @impl true
  def init({name, trap, delay}) do
    Process.flag(:trap_exit, trap)
    IO.puts("start #{name}")
    {:ok, {name, delay}}
  end

  @impl true
  def terminate(reason, {name, delay}) do
    Process.sleep(delay)
    IO.puts("terminate #{name} #{inspect(reason)}")
  end
end

child = fn name, trap, opts -> Supervisor.child_spec({Noisy, {name, trap, Keyword.get(opts, :delay, 0)}}, [id: name] ++ Keyword.delete(opts, :delay)) end
children = [child.(:first, true, []), child.(:second, true, []), child.(:third, false, [])]
{:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one)
Supervisor.stop(sup)
# Shutdown values: a trapping child that takes too long is killed.
slow = [child.(:quick, true, shutdown: 1000), child.(:slow, true, delay: 500, shutdown: 100)]
{:ok, sup} = Supervisor.start_link(slow, strategy: :one_for_one)
Supervisor.stop(sup)
brutal = [child.(:brutal, true, shutdown: :brutal_kill), child.(:patient, true, delay: 50, shutdown: :infinity)]
{:ok, sup} = Supervisor.start_link(brutal, strategy: :one_for_one)
Supervisor.stop(sup)
# one_for_all: one crash restarts all, in order.
{:ok, sup} = Supervisor.start_link([child.(:x, true, []), child.(:y, true, []), child.(:z, true, [])], strategy: :one_for_all)
Process.exit(Process.whereis(:y), :kill); Process.sleep(10)
Supervisor.stop(sup)
# max_restarts: 2 in 5 seconds; the third crash takes the supervisor down.
Process.flag(:trap_exit, true)
{:ok, sup} = Supervisor.start_link([child.(:fragile, false, [])], strategy: :one_for_one, max_restarts: 2, max_seconds: 5)
Process.exit(Process.whereis(:fragile), :kill)
Process.sleep(10)
Process.exit(Process.whereis(:fragile), :kill)
Process.sleep(10)
Process.alive?(sup)
Process.exit(Process.whereis(:fragile), :kill)
Process.sleep(10)
Process.alive?(sup)
receive do {:EXIT, ^sup, reason} -> reason after 100 -> :none end
# Restarts spread over time stay within the intensity.
{:ok, sup} = Supervisor.start_link([child.(:steady, false, [])], strategy: :one_for_one, max_restarts: 1, max_seconds: 1)
Process.exit(Process.whereis(:steady), :kill)
Process.sleep(1100)
Process.exit(Process.whereis(:steady), :kill)
Process.sleep(10)
Process.alive?(sup)
Supervisor.stop(sup)
