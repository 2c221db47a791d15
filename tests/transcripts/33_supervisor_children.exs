# Supervisor.start_link with a list of children, and child specs.
children = [
  {Agent, fn -> :first end}
]
{:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one)
Supervisor.which_children(sup)
Agent.child_spec(fn -> :x end)
Supervisor.child_spec({Agent, fn -> :x end}, id: :named_agent)
Supervisor.child_spec({Agent, fn -> :x end}, id: :passing, restart: :transient)
{:ok, _} = Supervisor.start_child(sup, Supervisor.child_spec({Agent, fn -> :second end}, id: :second))
Supervisor.start_child(sup, Supervisor.child_spec({Agent, fn -> :again end}, id: :second))
Supervisor.count_children(sup)
spec = %{id: :transient_one, start: {Agent, :start_link, [fn -> 0 end]}, restart: :transient}
{:ok, transient} = Supervisor.start_child(sup, spec)
Agent.stop(transient); Process.sleep(50)
Supervisor.which_children(sup) |> Enum.map(fn {id, pid, _, _} -> {id, is_pid(pid)} end) |> Enum.sort()
Supervisor.restart_child(sup, :transient_one) |> elem(0)
transient = Supervisor.which_children(sup) |> Enum.find_value(fn {id, pid, _, _} -> id == :transient_one && pid end)
Process.exit(transient, :kill); Process.sleep(50)
Supervisor.which_children(sup) |> Enum.map(fn {id, pid, _, _} -> {id, is_pid(pid)} end) |> Enum.sort()
{:ok, temp} = Supervisor.start_child(sup, Supervisor.child_spec({Agent, fn -> 0 end}, id: :temp, restart: :temporary))
Process.exit(temp, :kill); Process.sleep(50)
Supervisor.which_children(sup) |> Enum.map(&elem(&1, 0)) |> Enum.sort()
Supervisor.delete_child(sup, :second)
Supervisor.terminate_child(sup, :second)
Supervisor.delete_child(sup, :second)
Supervisor.which_children(sup) |> Enum.map(&elem(&1, 0)) |> Enum.sort()
{:ok, all} = Supervisor.start_link([Supervisor.child_spec({Agent, fn -> :a end}, id: :a), Supervisor.child_spec({Agent, fn -> :b end}, id: :b)], strategy: :one_for_all)
[b_before, a_before] = Supervisor.which_children(all) |> Enum.map(&elem(&1, 1))
Process.exit(a_before, :kill); Process.sleep(50)
[b_after, a_after] = Supervisor.which_children(all) |> Enum.map(&elem(&1, 1))
{a_after != a_before, b_after != b_before}
Supervisor.stop(sup); Supervisor.stop(all)
Supervisor.start_link([{Agent, fn -> 1 end}], strategy: :one_for_everyone) |> IO.inspect(); Process.sleep(50)
:the_failed_start_link_took_the_shell_down
Supervisor.start_link([{Agent, fn -> 1 end}, {Agent, fn -> 2 end}], strategy: :one_for_one); Process.sleep(50)
