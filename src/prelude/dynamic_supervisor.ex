defmodule DynamicSupervisor do
  @moduledoc """
  A supervisor that starts children on demand: Elixir 1.14's
  `DynamicSupervisor` (itself a `GenServer`), with `max_children`,
  `extra_arguments` and restart intensity.
  """

  defstruct [
    :args,
    :extra_arguments,
    :mod,
    :name,
    :strategy,
    :max_children,
    :max_restarts,
    :max_seconds,
    children: %{},
    restarts: []
  ]

  @doc "The child spec of a dynamic supervisor started with `start_link(opts)`."
  def child_spec(opts) when is_list(opts) do
    id =
      case Keyword.get(opts, :name, DynamicSupervisor) do
        name when is_atom(name) -> name
        {:global, name} -> name
        {:via, _module, name} -> name
      end

    %{id: id, start: {DynamicSupervisor, :start_link, [opts]}, type: :supervisor}
  end

  @doc "Starts a dynamic supervisor (options: `name`, `strategy`, `max_children`, ...)."
  def start_link(options) when is_list(options) do
    keys = [:extra_arguments, :max_children, :max_seconds, :max_restarts, :strategy]
    {sup_opts, start_opts} = Keyword.split(options, keys)
    start_link(Supervisor.Default, init(sup_opts), start_opts)
  end

  @doc "Starts a module-based dynamic supervisor: `module.init(init_arg)` gives its flags."
  def start_link(module, init_arg, opts \\ []) do
    GenServer.start_link(__MODULE__, {module, init_arg, Keyword.get(opts, :name)}, opts)
  end

  @doc "Starts a child under the supervisor: `{:ok, pid}`, `:ignore` or `{:error, reason}`."
  def start_child(supervisor, {_, _, _, _, _, _} = child_spec) do
    validate_and_start_child(supervisor, child_spec)
  end

  def start_child(supervisor, child_spec) do
    validate_and_start_child(supervisor, Supervisor.child_spec(child_spec, []))
  end

  # The request carries the child spec as a map: what the built-in native
  # dynamic supervisors read too.
  defp validate_and_start_child(supervisor, child_spec) do
    case validate_child(child_spec) do
      {:ok, child} -> call(supervisor, {:start_child, to_spec(child)})
      error -> {:error, error}
    end
  end

  defp to_spec({{m, _, _} = start, restart, shutdown, type, modules}) do
    spec = %{id: m, start: start, restart: restart, shutdown: shutdown, type: type}
    if modules == [m], do: spec, else: Map.put(spec, :modules, modules)
  end

  @doc false
  def validate_child(%{id: _, start: start} = child) do
    restart = Map.get(child, :restart, :permanent)
    type = Map.get(child, :type, :worker)

    modules =
      case start do
        {mod, _, _} -> Map.get(child, :modules, [mod])
        _ -> Map.get(child, :modules, [])
      end

    shutdown =
      case type do
        :supervisor -> Map.get(child, :shutdown, :infinity)
        _ -> Map.get(child, :shutdown, 5_000)
      end

    validate_child(start, restart, shutdown, type, modules)
  end

  def validate_child({_, start, restart, shutdown, type, modules}) do
    validate_child(start, restart, shutdown, type, modules)
  end

  def validate_child(other), do: {:invalid_child_spec, other}

  defp validate_child(start, restart, shutdown, type, modules) do
    with :ok <- validate_start(start),
         :ok <- validate_restart(restart),
         :ok <- validate_shutdown(shutdown),
         :ok <- validate_type(type),
         :ok <- validate_modules(modules) do
      {:ok, {start, restart, shutdown, type, modules}}
    end
  end

  defp validate_start({m, f, args}) when is_atom(m) and is_atom(f) and is_list(args), do: :ok
  defp validate_start(mfa), do: {:invalid_mfa, mfa}

  defp validate_type(type) when type in [:supervisor, :worker], do: :ok
  defp validate_type(type), do: {:invalid_child_type, type}

  defp validate_restart(restart) when restart in [:permanent, :temporary, :transient], do: :ok
  defp validate_restart(restart), do: {:invalid_restart_type, restart}

  defp validate_shutdown(shutdown) when is_integer(shutdown) and shutdown > 0, do: :ok
  defp validate_shutdown(shutdown) when shutdown in [:infinity, :brutal_kill], do: :ok
  defp validate_shutdown(shutdown), do: {:invalid_shutdown, shutdown}

  defp validate_modules(:dynamic), do: :ok

  defp validate_modules(mods) do
    if is_list(mods) and all_atoms?(mods), do: :ok, else: {:invalid_modules, mods}
  end

  defp all_atoms?([]), do: true
  defp all_atoms?([m | rest]), do: is_atom(m) and all_atoms?(rest)

  @doc "Terminates the child `pid`: `:ok` or `{:error, :not_found}`."
  def terminate_child(supervisor, pid) when is_pid(pid) do
    call(supervisor, {:terminate_child, pid})
  end

  @doc "`[{:undefined, pid | :restarting, type, modules}]`."
  def which_children(supervisor), do: call(supervisor, :which_children)

  @doc "`%{specs: n, active: n, supervisors: n, workers: n}`."
  def count_children(supervisor), do: Supervisor.count_children(supervisor)

  @doc "Stops the supervisor (and its children)."
  def stop(supervisor, reason \\ :normal, timeout \\ :infinity) do
    GenServer.stop(supervisor, reason, timeout)
  end

  @doc "The flags `init/1` of a module-based dynamic supervisor returns."
  def init(options) when is_list(options) do
    flags = %{
      strategy: Keyword.get(options, :strategy, :one_for_one),
      intensity: Keyword.get(options, :max_restarts, 3),
      period: Keyword.get(options, :max_seconds, 5),
      max_children: Keyword.get(options, :max_children, :infinity),
      extra_arguments: Keyword.get(options, :extra_arguments, [])
    }

    {:ok, flags}
  end

  def init({mod, init_arg, name}) do
    Process.put(:"$initial_call", {:supervisor, mod, 1})
    Process.flag(:trap_exit, true)

    case mod.init(init_arg) do
      {:ok, flags} when is_map(flags) ->
        name =
          cond do
            is_nil(name) -> {self(), mod}
            is_atom(name) -> {:local, name}
            is_tuple(name) -> name
          end

        state = %DynamicSupervisor{mod: mod, args: init_arg, name: name}

        case init_flags(state, flags) do
          {:ok, state} -> {:ok, state}
          {:error, reason} -> {:stop, {:supervisor_data, reason}}
        end

      :ignore ->
        :ignore

      other ->
        {:stop, {:bad_return, {mod, :init, other}}}
    end
  end

  defp call(supervisor, req), do: GenServer.call(supervisor, req, :infinity)

  ## Callbacks

  defp init_flags(state, flags) do
    extra_arguments = Map.get(flags, :extra_arguments, [])
    max_children = Map.get(flags, :max_children, :infinity)
    max_restarts = Map.get(flags, :intensity, 1)
    max_seconds = Map.get(flags, :period, 5)
    strategy = Map.get(flags, :strategy, :one_for_one)

    with :ok <- validate_strategy(strategy),
         :ok <- validate_restarts(max_restarts),
         :ok <- validate_seconds(max_seconds),
         :ok <- validate_dynamic(max_children),
         :ok <- validate_extra_arguments(extra_arguments) do
      # The views name a supervisor by its callback module, or by its
      # kind when it has none of its own.
      shown = if state.mod == Supervisor.Default, do: DynamicSupervisor, else: state.mod
      :otpsim.supervising(shown, max_restarts, max_seconds)

      {:ok,
       %{
         state
         | extra_arguments: extra_arguments,
           max_children: max_children,
           max_restarts: max_restarts,
           max_seconds: max_seconds,
           strategy: strategy
       }}
    end
  end

  defp validate_strategy(strategy) when strategy in [:one_for_one], do: :ok
  defp validate_strategy(strategy), do: {:error, {:invalid_strategy, strategy}}

  defp validate_restarts(restart) when is_integer(restart) and restart >= 0, do: :ok
  defp validate_restarts(restart), do: {:error, {:invalid_intensity, restart}}

  defp validate_seconds(seconds) when is_integer(seconds) and seconds > 0, do: :ok
  defp validate_seconds(seconds), do: {:error, {:invalid_period, seconds}}

  defp validate_dynamic(:infinity), do: :ok
  defp validate_dynamic(dynamic) when is_integer(dynamic) and dynamic >= 0, do: :ok
  defp validate_dynamic(dynamic), do: {:error, {:invalid_max_children, dynamic}}

  defp validate_extra_arguments(list) when is_list(list), do: :ok
  defp validate_extra_arguments(extra), do: {:error, {:invalid_extra_arguments, extra}}

  @doc false
  def handle_call(:which_children, _from, state) do
    {:reply, which(Map.to_list(state.children)), state}
  end

  def handle_call(:count_children, _from, state) do
    children = state.children
    {active, workers, supervisors} = count(Map.values(children), {0, 0, 0})
    reply = [specs: map_size(children), active: active, supervisors: supervisors, workers: workers]
    {:reply, reply, state}
  end

  def handle_call({:terminate_child, pid}, _from, state) do
    case Map.fetch(state.children, pid) do
      {:ok, info} ->
        :ok = terminate_children(%{pid => info}, state)
        {:reply, :ok, delete_child(pid, state)}

      :error ->
        {:reply, {:error, :not_found}, state}
    end
  end

  def handle_call({:start_task, args, restart, shutdown}, from, state) do
    {init_restart, init_shutdown} = Process.get(Task.Supervisor)
    restart = restart || init_restart
    shutdown = shutdown || init_shutdown
    child = {{Task.Supervised, :start_link, args}, restart, shutdown, :worker, [Task.Supervised]}
    handle_call({:start_child, child}, from, state)
  end

  def handle_call({:start_child, child}, _from, state) do
    case child_tuple(child) do
      {:ok, child} ->
        if below_max?(map_size(state.children), state.max_children) do
          handle_start_child(child, state)
        else
          {:reply, {:error, :max_children}, state}
        end

      error ->
        {:reply, {:error, error}, state}
    end
  end

  defp handle_start_child({{m, f, args} = mfa, restart, shutdown, type, modules}, state) do
    case reply = start_child(m, f, state.extra_arguments ++ args) do
      {:ok, pid, _} ->
        {:reply, reply, save_child(pid, mfa, restart, shutdown, type, modules, state)}

      {:ok, pid} ->
        {:reply, reply, save_child(pid, mfa, restart, shutdown, type, modules, state)}

      _ ->
        {:reply, reply, state}
    end
  end

  # A request from a native client carries a spec map; ours too.
  defp child_tuple({_, _, _, _, _} = child), do: {:ok, child}
  defp child_tuple(spec), do: validate_child(spec)

  defp below_max?(_size, :infinity), do: true
  defp below_max?(size, max), do: size < max

  defp which([]), do: []

  defp which([{pid, args} | rest]) do
    entry =
      case args do
        {:restarting, {_, _, _, type, modules}} -> {:undefined, :restarting, type, modules}
        {_, _, _, type, modules} -> {:undefined, pid, type, modules}
      end

    [entry | which(rest)]
  end

  defp count([], acc), do: acc

  defp count([child | rest], {active, workers, supervisors}) do
    {running, {_, _, _, type, _}} =
      case child do
        {:restarting, c} -> {0, c}
        c -> {1, c}
      end

    case type do
      :supervisor -> count(rest, {active + running, workers, supervisors + 1})
      _ -> count(rest, {active + running, workers + 1, supervisors})
    end
  end

  defp start_child(m, f, a) do
    try do
      apply(m, f, a)
    catch
      kind, reason -> {:error, exit_reason(kind, reason, __STACKTRACE__)}
    else
      {:ok, pid, extra} when is_pid(pid) -> {:ok, pid, extra}
      {:ok, pid} when is_pid(pid) -> {:ok, pid}
      :ignore -> :ignore
      {:error, _} = error -> error
      other -> {:error, other}
    end
  end

  defp save_child(pid, mfa, restart, shutdown, type, modules, state) do
    mfa = mfa_for_restart(mfa, restart)
    %{state | children: Map.put(state.children, pid, {mfa, restart, shutdown, type, modules})}
  end

  defp mfa_for_restart({m, f, _}, :temporary), do: {m, f, :undefined}
  defp mfa_for_restart(mfa, _), do: mfa

  defp exit_reason(:exit, reason, _), do: reason
  defp exit_reason(:error, reason, stack), do: {reason, stack}
  defp exit_reason(:throw, value, stack), do: {{:nocatch, value}, stack}

  @doc false
  def handle_cast(_msg, state), do: {:noreply, state}

  @doc false
  def handle_info({:EXIT, pid, reason}, state) do
    case maybe_restart_child(pid, reason, state) do
      {:ok, state} -> {:noreply, state}
      {:shutdown, state} -> {:stop, :shutdown, state}
    end
  end

  def handle_info({:"$gen_restart", pid}, state) do
    case Map.fetch(state.children, pid) do
      {:ok, {:restarting, child}} ->
        case restart_child(pid, child, state) do
          {:ok, state} -> {:noreply, state}
          {:shutdown, state} -> {:stop, :shutdown, state}
        end

      _ ->
        {:noreply, state}
    end
  end

  def handle_info(msg, state) do
    :otpsim.log(:error, "DynamicSupervisor received unexpected message: #{inspect(msg)}\n")
    {:noreply, state}
  end

  @doc false
  def code_change(_, state, _), do: {:ok, state}

  @doc false
  def terminate(_, state) do
    :ok = terminate_children(state.children, state)
  end

  # Stops children all at once, as OTP: `:shutdown` (or `:kill`) to each,
  # then `:kill` to those still alive after their shutdown time.
  defp terminate_children(children, _state) do
    {pids, times} = monitor_children(Map.to_list(children), %{}, %{})
    timers = start_timers(Map.to_list(times), %{})
    wait_children(pids, map_size(pids), timers)
    :ok
  end

  defp monitor_children([], pids, times), do: {pids, times}

  defp monitor_children([{_pid, {:restarting, _}} | rest], pids, times),
    do: monitor_children(rest, pids, times)

  defp monitor_children([{pid, {_, restart, _, _, _} = child} | rest], pids, times) do
    case monitor_child(pid) do
      :ok ->
        monitor_children(rest, Map.put(pids, pid, child), exit_child(pid, child, times))

      {:error, :normal} when restart != :permanent ->
        monitor_children(rest, pids, times)

      {:error, _reason} ->
        monitor_children(rest, pids, times)
    end
  end

  defp monitor_child(pid) do
    ref = Process.monitor(pid)
    Process.unlink(pid)

    receive do
      {:EXIT, ^pid, reason} ->
        receive do
          {:DOWN, ^ref, :process, ^pid, _} -> {:error, reason}
        end
    after
      0 -> :ok
    end
  end

  defp exit_child(pid, {_, _, shutdown, _, _}, times) do
    case shutdown do
      :brutal_kill ->
        Process.exit(pid, :kill)
        times

      :infinity ->
        Process.exit(pid, :shutdown)
        times

      time ->
        Process.exit(pid, :shutdown)
        Map.put(times, time, [pid | Map.get(times, time, [])])
    end
  end

  defp start_timers([], timers), do: timers

  defp start_timers([{time, pids} | rest], timers) do
    tag = make_ref()
    timer = Process.send_after(self(), {:timeout, tag, :kill}, time)
    start_timers(rest, Map.put(timers, tag, {timer, pids}))
  end

  defp wait_children(_pids, 0, timers) do
    cancel_timers(Map.to_list(timers))
  end

  defp wait_children(pids, size, timers) do
    receive do
      {:DOWN, _ref, :process, pid, _reason} ->
        if Map.has_key?(pids, pid) do
          wait_children(Map.delete(pids, pid), size - 1, timers)
        else
          wait_children(pids, size, timers)
        end

      {:timeout, tag, :kill} ->
        case Map.fetch(timers, tag) do
          {:ok, {_timer, to_kill}} ->
            kill_all(to_kill)
            wait_children(pids, size, Map.delete(timers, tag))

          :error ->
            wait_children(pids, size, timers)
        end
    end
  end

  defp kill_all([]), do: :ok

  defp kill_all([pid | rest]) do
    Process.exit(pid, :kill)
    kill_all(rest)
  end

  defp cancel_timers([]), do: :ok

  defp cancel_timers([{tag, {timer, _}} | rest]) do
    Process.cancel_timer(timer)

    receive do
      {:timeout, ^tag, :kill} -> :ok
    after
      0 -> :ok
    end

    cancel_timers(rest)
  end

  defp maybe_restart_child(pid, reason, state) do
    case Map.fetch(state.children, pid) do
      {:ok, {_, restart, _, _, _} = child} -> maybe_restart_child(restart, reason, pid, child, state)
      _ -> {:ok, state}
    end
  end

  defp maybe_restart_child(:permanent, _reason, pid, child, state) do
    restart_child(pid, child, state)
  end

  defp maybe_restart_child(restart, reason, pid, child, state) do
    cond do
      reason == :normal or reason == :shutdown -> {:ok, delete_child(pid, state)}
      shutdown_tuple?(reason) -> {:ok, delete_child(pid, state)}
      restart == :transient -> restart_child(pid, child, state)
      true -> {:ok, delete_child(pid, state)}
    end
  end

  defp shutdown_tuple?({:shutdown, _}), do: true
  defp shutdown_tuple?(_), do: false

  defp delete_child(pid, state) do
    %{state | children: Map.delete(state.children, pid)}
  end

  defp restart_child(pid, child, state) do
    case add_restart(state) do
      {:ok, state} ->
        case restart_child_one_for_one(pid, child, state) do
          {:ok, state} ->
            {:ok, state}

          {:try_again, state} ->
            send(self(), {:"$gen_restart", pid})
            {:ok, state}
        end

      {:shutdown, state} ->
        :otpsim.gave_up()
        {:shutdown, delete_child(pid, state)}
    end
  end

  defp add_restart(state) do
    now = System.monotonic_time(:second)
    restarts = recent([now | state.restarts], now, state.max_seconds)
    state = %{state | restarts: restarts}
    :otpsim.restarts(restarts)

    if length(restarts) <= state.max_restarts do
      {:ok, state}
    else
      {:shutdown, state}
    end
  end

  defp recent([], _now, _period), do: []

  defp recent([then | rest], now, period) do
    if now <= then + period do
      [then | recent(rest, now, period)]
    else
      recent(rest, now, period)
    end
  end

  defp restart_child_one_for_one(current_pid, child, state) do
    {{m, f, args} = mfa, restart, shutdown, type, modules} = child

    case start_child(m, f, state.extra_arguments ++ args) do
      {:ok, pid, _} ->
        :otpsim.restarted(m, pid)
        state = delete_child(current_pid, state)
        {:ok, save_child(pid, mfa, restart, shutdown, type, modules, state)}

      {:ok, pid} ->
        :otpsim.restarted(m, pid)
        state = delete_child(current_pid, state)
        {:ok, save_child(pid, mfa, restart, shutdown, type, modules, state)}

      :ignore ->
        {:ok, delete_child(current_pid, state)}

      {:error, _reason} ->
        children = Map.put(state.children, current_pid, {:restarting, child})
        {:try_again, %{state | children: children}}
    end
  end
end
