# Supervisor: children added and removed at run time, error terms, strategies.
defmodule Echo do
  use GenServer
  def start_link(arg), do: GenServer.start_link(__MODULE__, arg)
  def init(arg), do: {:ok, arg}
  def handle_call(:get, _from, s), do: {:reply, s, s}
end

{:ok, sup} = Supervisor.start_link([], strategy: :one_for_one)
Supervisor.start_child(sup, {Echo, :one})
Supervisor.start_child(sup, {Echo, :again})
Supervisor.start_child(sup, Supervisor.child_spec({Echo, :two}, id: :two))
Supervisor.count_children(sup)
Supervisor.terminate_child(sup, :two)
Supervisor.which_children(sup) |> Enum.map(fn {id, pid, type, mods} -> {id, is_pid(pid), type, mods} end)
Supervisor.start_child(sup, Supervisor.child_spec({Echo, :two}, id: :two))
{:ok, p2} = Supervisor.restart_child(sup, :two)
GenServer.call(p2, :get)
Supervisor.restart_child(sup, :two)
Supervisor.delete_child(sup, :two)
Supervisor.terminate_child(sup, :two)
Supervisor.terminate_child(sup, :nope)
Supervisor.delete_child(sup, :nope)
Supervisor.restart_child(sup, :nope)
Supervisor.terminate_child(sup, Echo)
Supervisor.delete_child(sup, Echo)
Supervisor.count_children(sup)
# Bad specs.
Supervisor.start_child(sup, %{id: :bad})
Supervisor.start_child(sup, %{id: :bad, start: {Echo, :start_link}})
Supervisor.start_child(sup, %{id: :bad, start: {Echo, :start_link, [:x]}, restart: :sometimes})
Supervisor.start_child(sup, %{id: :bad, start: {Echo, :start_link, [:x]}, shutdown: -1})
Supervisor.start_child(sup, %{id: :bad, start: {Echo, :start_link, [:x]}, type: :thing})
Supervisor.start_child(sup, :not_a_spec)
Supervisor.child_spec({Echo, :x}, restart: :temporary, shutdown: 10)
Supervisor.child_spec(Echo, id: :e)
# Agent and Task children.
children = [
  {Agent, fn -> %{} end},
  Supervisor.child_spec({Task, fn -> :ok end}, id: :once)
]
{:ok, s2} = Supervisor.start_link(children, strategy: :one_for_one)
Supervisor.count_children(s2)
[{Agent, agent, :worker, [Agent]}] = Supervisor.which_children(s2) |> Enum.filter(fn {id, _, _, _} -> id == Agent end)
Agent.update(agent, &Map.put(&1, :k, 1))
Agent.get(agent, & &1)
Supervisor.stop(s2)
Process.alive?(agent)
# rest_for_one: the crashed child and those after it restart.
rest = [
  Supervisor.child_spec({Agent, fn -> :a end}, id: :a),
  Supervisor.child_spec({Agent, fn -> :b end}, id: :b),
  Supervisor.child_spec({Agent, fn -> :c end}, id: :c)
]
{:ok, s3} = Supervisor.start_link(rest, strategy: :rest_for_one)
before = Supervisor.which_children(s3) |> Map.new(fn {id, pid, _, _} -> {id, pid} end)
Process.exit(before[:b], :kill)
Process.sleep(10)
later = Supervisor.which_children(s3) |> Map.new(fn {id, pid, _, _} -> {id, pid} end)
{before[:a] == later[:a], before[:b] == later[:b], before[:c] == later[:c]}
Supervisor.stop(s3, :normal)
