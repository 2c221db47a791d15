defmodule :pg do
  @moduledoc """
  Process groups, as OTP's `:pg`: joining and leaving are calls to the
  scope process on the caller's node, which tells the other nodes; reads
  (`get_members/1,2`, `get_local_members/1,2`, `which_groups/0,1`) come
  from the node's table and are natives, as pg's ETS reads are. The scope
  servers themselves (and `start_link/0,1`) are the simulation's own.
  """

  def join(group, pid_or_pids), do: join(:pg, group, pid_or_pids)

  def join(scope, group, pid_or_pids)
      when is_atom(scope) and (is_pid(pid_or_pids) or is_list(pid_or_pids)) do
    local!(pid_or_pids)
    call(scope, {:join_local, group, pid_or_pids})
  end

  def leave(group, pid_or_pids), do: leave(:pg, group, pid_or_pids)

  def leave(scope, group, pid_or_pids)
      when is_atom(scope) and (is_pid(pid_or_pids) or is_list(pid_or_pids)) do
    local!(pid_or_pids)
    call(scope, {:leave_local, group, pid_or_pids})
  end

  def monitor_scope, do: monitor_scope(:pg)
  def monitor_scope(scope) when is_atom(scope), do: call(scope, :monitor)

  def monitor(group), do: monitor(:pg, group)
  def monitor(scope, group) when is_atom(scope), do: call(scope, {:monitor, group})

  def demonitor(ref), do: demonitor(:pg, ref)

  def demonitor(scope, ref) when is_atom(scope) do
    case call(scope, {:demonitor, ref}) do
      :ok -> flush(ref)
      other -> other
    end
  end

  # Updates already sent for a monitor that is gone.
  defp flush(ref) do
    receive do
      {^ref, verb, _group, _pids} when verb in [:join, :leave] -> flush(ref)
    after
      0 -> :ok
    end
  end

  # pg joins only processes of its own node.
  defp local!(pid) when is_pid(pid) and node(pid) == node(), do: :ok
  defp local!([]), do: :ok
  defp local!([pid | pids]), do: (local!(pid); local!(pids))
  defp local!(other), do: :erlang.error({:nolocal, other})

  # As `:gen_server.call(scope, request, :infinity)` exits.
  defp call(scope, request) do
    case Process.whereis(scope) do
      nil ->
        exit({:noproc, {:gen_server, :call, [scope, request, :infinity]}})

      pid ->
        try do
          Otpsim.Gen.call(pid, :"$gen_call", request, :infinity)
        catch
          :exit, reason -> exit({reason, {:gen_server, :call, [scope, request, :infinity]}})
        else
          {:ok, reply} -> reply
        end
    end
  end
end
