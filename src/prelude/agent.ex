defmodule Agent do
  @moduledoc """
  State behind a process, read and changed with functions that run in
  the agent: Elixir 1.14's `Agent`, a `GenServer` running `Agent.Server`.
  """

  @doc "The child spec of an agent started with `start_link(arg)`."
  def child_spec(arg) do
    %{id: Agent, start: {Agent, :start_link, [arg]}}
  end

  @doc "Starts an agent linked to the caller; `fun` (run in the agent) gives the state."
  def start_link(fun, options \\ []) when is_function(fun, 0) do
    GenServer.start_link(Agent.Server, fun, options)
  end

  @doc "Starts a linked agent whose state is `apply(module, fun, args)`."
  def start_link(module, fun, args, options \\ []) do
    GenServer.start_link(Agent.Server, {module, fun, args}, options)
  end

  @doc "Starts an agent without a link."
  def start(fun, options \\ []) when is_function(fun, 0) do
    GenServer.start(Agent.Server, fun, options)
  end

  @doc "Starts an agent without a link, its state from `apply(module, fun, args)`."
  def start(module, fun, args, options \\ []) do
    GenServer.start(Agent.Server, {module, fun, args}, options)
  end

  @doc "`fun.(state)`, computed in the agent."
  def get(agent, fun, timeout \\ 5000) when is_function(fun, 1) do
    case GenServer.call(agent, {:get, fun}, timeout) do
      {:"$otpsim_native_agent", state} -> fun.(state)
      reply -> reply
    end
  end

  def get(agent, module, fun, args, timeout \\ 5000) do
    GenServer.call(agent, {:get, {module, fun, args}}, timeout)
  end

  # The built-in applications' agents (KV buckets) are Rust processes that
  # cannot run a function: they answer `{:"$otpsim_native_agent", state}`,
  # and the function runs here (an update is then a get and a put).

  @doc "`fun.(state)` returns `{reply, new_state}`; gives `reply`."
  def get_and_update(agent, fun, timeout \\ 5000) when is_function(fun, 1) do
    case GenServer.call(agent, {:get_and_update, fun}, timeout) do
      {:"$otpsim_native_agent", state} ->
        {reply, new_state} = fun.(state)
        GenServer.call(agent, {:put, new_state}, timeout)
        reply

      reply ->
        reply
    end
  end

  def get_and_update(agent, module, fun, args, timeout \\ 5000) do
    GenServer.call(agent, {:get_and_update, {module, fun, args}}, timeout)
  end

  @doc "Replaces the state with `fun.(state)`; waits until done."
  def update(agent, fun, timeout \\ 5000) when is_function(fun, 1) do
    case GenServer.call(agent, {:update, fun}, timeout) do
      {:"$otpsim_native_agent", state} -> GenServer.call(agent, {:put, fun.(state)}, timeout)
      reply -> reply
    end
  end

  def update(agent, module, fun, args, timeout \\ 5000) do
    GenServer.call(agent, {:update, {module, fun, args}}, timeout)
  end

  @doc "Replaces the state with `fun.(state)` without waiting. Always `:ok`."
  def cast(agent, fun) when is_function(fun, 1) do
    GenServer.cast(agent, {:cast, fun})
  end

  def cast(agent, module, fun, args) do
    GenServer.cast(agent, {:cast, {module, fun, args}})
  end

  @doc "Stops the agent with `reason`."
  def stop(agent, reason \\ :normal, timeout \\ :infinity) do
    GenServer.stop(agent, reason, timeout)
  end
end

defmodule Agent.Server do
  @moduledoc false
  use GenServer

  def init(fun) do
    initial_call(fun)
    {:ok, run(fun, [])}
  end

  def handle_call({:get, fun}, _from, state) do
    {:reply, run(fun, [state]), state}
  end

  def handle_call({:get_and_update, fun}, _from, state) do
    case run(fun, [state]) do
      {reply, state} -> {:reply, reply, state}
      other -> {:stop, {:bad_return_value, other}, state}
    end
  end

  def handle_call({:update, fun}, _from, state) do
    {:reply, :ok, run(fun, [state])}
  end

  def handle_cast({:cast, fun}, state) do
    {:noreply, run(fun, [state])}
  end

  def code_change(_old, state, fun) do
    {:ok, run(fun, [state])}
  end

  defp initial_call({mod, fun, args}) do
    Process.put(:"$initial_call", {mod, fun, length(args)})
    :ok
  end

  defp initial_call(fun), do: Process.put(:"$initial_call", :otpsim.fun_initial_call(fun))

  defp run({m, f, a}, extra), do: apply(m, f, extra ++ a)
  defp run(fun, extra), do: apply(fun, extra)
end
