defmodule :rpc do
  @moduledoc false
  # `:rpc.call/4,5`, `:rpc.cast/4`, `:rpc.multicall/4,5`: the function runs
  # in a new process on the node, as OTP 25's rpc (over erpc) runs it, and
  # its answer travels back as a message, so netsplits and dead nodes
  # give `{:badrpc, reason}` exactly where the BEAM would.

  def call(node, module, function, args), do: call(node, module, function, args, :infinity)

  def call(node, module, function, args, timeout) do
    case host_call(node, module, function, args) do
      {:host, result} -> result
      :not_host -> call_in_process(node, module, function, args, timeout)
    end
  end

  # The console's built-ins (the built-in apps' helpers) answer only in
  # the shell, which runs them on the node itself.
  defp host_call(node, module, function, args) do
    if function_exported?(module, function, length(args)) do
      :not_host
    else
      try do
        :otpsim.host_rpc(node, module, function, args)
      rescue
        UndefinedFunctionError -> :not_host
      end
    end
  end

  defp call_in_process(node, module, function, args, timeout) do
    caller = self()
    tag = make_ref()

    pid =
      Node.spawn(node, fn ->
        result =
          try do
            {:ok, apply(module, function, args)}
          catch
            :throw, value -> {:ok, value}
            :exit, reason -> {:badrpc, {:EXIT, reason}}
            :error, reason -> {:badrpc, {:EXIT, {reason, __STACKTRACE__}}}
          end

        send(caller, {tag, result})
      end)

    monitor = Process.monitor(pid)

    receive do
      {^tag, {:ok, value}} ->
        Process.demonitor(monitor, [:flush])
        value

      {^tag, badrpc} ->
        Process.demonitor(monitor, [:flush])
        badrpc

      {:DOWN, ^monitor, :process, _, :noconnection} ->
        {:badrpc, :nodedown}

      {:DOWN, ^monitor, :process, _, reason} ->
        {:badrpc, {:EXIT, reason}}
    after
      timeout ->
        Process.demonitor(monitor, [:flush])
        Process.exit(pid, :kill)
        {:badrpc, :timeout}
    end
  end

  def cast(node, module, function, args) do
    Node.spawn(node, module, function, args)
    true
  end

  def multicall(module, function, args), do: multicall([node() | Node.list()], module, function, args)

  def multicall(nodes, module, function, args) when is_list(nodes),
    do: multicall(nodes, module, function, args, :infinity)

  def multicall(module, function, args, timeout),
    do: multicall([node() | Node.list()], module, function, args, timeout)

  def multicall(nodes, module, function, args, timeout) do
    results = for node <- nodes, do: {node, call(node, module, function, args, timeout)}

    good = for {_, result} <- results, not match?({:badrpc, :nodedown}, result), do: result
    bad = for {node, {:badrpc, :nodedown}} <- results, do: node
    {good, bad}
  end
end
