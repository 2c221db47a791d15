defmodule Task do
  @moduledoc """
  Tasks: functions run in their own process, awaited by their owner.
  Elixir 1.14's `Task` (`async`/`await`, `yield`, `shutdown`, `start`,
  `async_stream`, ...), with `Task.Supervised` running the function and
  reporting its crash as Logger does.
  """

  @enforce_keys [:mfa, :owner, :pid, :ref]
  defstruct @enforce_keys

  @doc "The child spec of a task started with `start_link(arg)`."
  def child_spec(arg) do
    %{id: Task, start: {Task, :start_link, [arg]}, restart: :temporary}
  end

  @doc "Starts a task linked to the caller, for supervision trees: `{:ok, pid}`."
  def start_link(fun) when is_function(fun, 0), do: start_link(:erlang, :apply, [fun, []])

  def start_link(module, function, args)
      when is_atom(module) and is_atom(function) and is_list(args) do
    Task.Supervised.start_link(get_owner(self()), get_callers(self()), {module, function, args})
  end

  @doc "Starts a task that nobody awaits: `{:ok, pid}`."
  def start(fun) when is_function(fun, 0), do: start(:erlang, :apply, [fun, []])

  def start(module, function_name, args)
      when is_atom(module) and is_atom(function_name) and is_list(args) do
    Task.Supervised.start(get_owner(self()), get_callers(self()), {module, function_name, args})
  end

  @doc "Runs `fun` in a linked, monitored process; `await/2` gives its result."
  def async(fun) when is_function(fun, 0), do: async(:erlang, :apply, [fun, []])

  def async(module, function_name, args)
      when is_atom(module) and is_atom(function_name) and is_list(args) do
    owner = self()
    {:ok, pid} = Task.Supervised.start_link(get_owner(owner), :nomonitor)
    ref = Process.monitor(pid)
    send(pid, {owner, ref, owner, get_callers(owner), {module, function_name, args}})
    %Task{pid: pid, ref: ref, owner: owner, mfa: {module, function_name, length(args)}}
  end

  @doc "A task already done with `result`."
  def completed(result) do
    ref = make_ref()
    owner = self()
    send(owner, {ref, result})
    %Task{pid: nil, ref: ref, owner: owner, mfa: {Task, :completed, 1}}
  end

  @doc """
  Runs `fun` on each element in tasks (at most `max_concurrency` at a
  time); the stream gives `{:ok, result}` for each, in order unless
  `ordered: false`.
  """
  def async_stream(enumerable, module, function_name, args, options \\ [])
      when is_atom(module) and is_atom(function_name) and is_list(args) do
    build_stream(enumerable, {module, function_name, args}, options)
  end

  def async_stream(enumerable, fun, options \\ []) when is_function(fun, 1) and is_list(options) do
    build_stream(enumerable, fun, options)
  end

  defp build_stream(enumerable, fun, options) do
    fn acc, acc_fun ->
      owner = get_owner(self())

      Task.Supervised.stream(enumerable, acc, acc_fun, get_callers(self()), fun, options, fn ->
        {:ok, pid} = Task.Supervised.start_link(owner, :nomonitor)
        {:ok, :link, pid}
      end)
    end
  end

  @doc false
  def get_owner(pid) do
    self_or_name =
      case Process.info(pid, :registered_name) do
        {:registered_name, name} when is_atom(name) -> name
        _ -> pid
      end

    {node(), self_or_name, pid}
  end

  @doc false
  def get_callers(owner) do
    case Process.get(:"$callers") do
      [_ | _] = list -> [owner | list]
      _ -> [owner]
    end
  end

  @doc "Waits for the task's result; exits if it crashed or on `timeout`."
  def await(%Task{ref: ref, owner: owner} = task, timeout \\ 5000)
      when timeout == :infinity or (is_integer(timeout) and timeout >= 0) do
    check_owner(owner, task)

    receive do
      {^ref, reply} ->
        replied(task)
        reply

      {:DOWN, ^ref, _, proc, reason} ->
        exit({reason(reason, proc), {__MODULE__, :await, [task, timeout]}})
    after
      timeout ->
        Process.demonitor(ref, [:flush])
        exit({:timeout, {__MODULE__, :await, [task, timeout]}})
    end
  end

  # The task replied, so it is about to exit: its `:DOWN` is taken here
  # rather than demonitored (the simulated kernel still delivers a
  # `:DOWN` already under way when `Process.demonitor/2` is called).
  defp replied(%Task{pid: pid, ref: ref}) do
    if is_pid(pid) do
      receive do
        {:DOWN, ^ref, _, _, _} -> :ok
      after
        1000 -> Process.demonitor(ref, [:flush])
      end
    else
      Process.demonitor(ref, [:flush])
    end

    :ok
  end

  defp check_owner(owner, task) do
    if owner != self() do
      raise ArgumentError, invalid_owner_error(task)
    end
  end

  @doc "Unlinks the task and stops awaiting it: `{:ok, reply}`, `{:exit, reason}` or `nil`."
  def ignore(%Task{ref: ref, pid: pid, owner: owner} = task) do
    check_owner(owner, task)

    receive do
      {^ref, reply} ->
        Process.unlink(pid)
        replied(task)
        {:ok, reply}

      {:DOWN, ^ref, _, proc, :noconnection} ->
        exit({reason(:noconnection, proc), {__MODULE__, :ignore, [task]}})

      {:DOWN, ^ref, _, _, reason} ->
        {:exit, reason}
    after
      0 ->
        Process.unlink(pid)
        Process.demonitor(ref, [:flush])
        nil
    end
  end

  @doc "Waits for all the tasks (within one `timeout`); their results in order."
  def await_many(tasks, timeout \\ 5000) when timeout == :infinity or (is_integer(timeout) and timeout >= 0) do
    check_owners(tasks)
    deadline = deadline(timeout)
    await_each(tasks, tasks, timeout, deadline, [])
  end

  defp check_owners([]), do: :ok

  defp check_owners([%Task{owner: owner} = task | rest]) do
    check_owner(owner, task)
    check_owners(rest)
  end

  defp deadline(:infinity), do: :infinity
  defp deadline(timeout), do: System.monotonic_time(:millisecond) + timeout

  defp remaining(:infinity), do: :infinity
  defp remaining(deadline), do: max(deadline - System.monotonic_time(:millisecond), 0)

  defp await_each([], _tasks, _timeout, _deadline, acc), do: :lists.reverse(acc)

  defp await_each([%Task{ref: ref} = task | rest] = pending, tasks, timeout, deadline, acc) do
    receive do
      {^ref, reply} ->
        replied(task)
        await_each(rest, tasks, timeout, deadline, [reply | acc])

      {:DOWN, ^ref, _, proc, reason} ->
        demonitor_all(pending)
        exit({reason(reason, proc), {__MODULE__, :await_many, [tasks, timeout]}})
    after
      remaining(deadline) ->
        demonitor_all(pending)
        exit({:timeout, {__MODULE__, :await_many, [tasks, timeout]}})
    end
  end

  defp demonitor_all([]), do: :ok

  defp demonitor_all([%Task{ref: ref} | rest]) do
    Process.demonitor(ref, [:flush])
    demonitor_all(rest)
  end

  @doc "The task a reply or `:DOWN` message belongs to, for `handle_info/2`."
  def find(tasks, {ref, reply}) when is_reference(ref) do
    case find_task(tasks, ref) do
      nil ->
        nil

      task ->
        replied(task)
        {reply, task}
    end
  end

  def find(tasks, {:DOWN, ref, _, proc, reason} = msg) when is_reference(ref) do
    if find_task(tasks, ref) do
      exit({reason(reason, proc), {__MODULE__, :find, [tasks, msg]}})
    end
  end

  def find(_tasks, _msg), do: nil

  defp find_task([], _ref), do: nil
  defp find_task([%Task{ref: ref} = task | _], wanted) when ref == wanted, do: task
  defp find_task([_ | rest], ref), do: find_task(rest, ref)

  @doc "Waits up to `timeout` for the result: `{:ok, reply}`, `{:exit, reason}` or `nil`."
  def yield(%Task{ref: ref, owner: owner} = task, timeout \\ 5000)
      when timeout == :infinity or (is_integer(timeout) and timeout >= 0) do
    check_owner(owner, task)

    receive do
      {^ref, reply} ->
        replied(task)
        {:ok, reply}

      {:DOWN, ^ref, _, proc, :noconnection} ->
        exit({reason(:noconnection, proc), {__MODULE__, :yield, [task, timeout]}})

      {:DOWN, ^ref, _, _, reason} ->
        {:exit, reason}
    after
      timeout -> nil
    end
  end

  @doc "Yields on all the tasks within one `timeout`: `[{task, result | nil}]`."
  def yield_many(tasks, timeout \\ 5000) when timeout == :infinity or (is_integer(timeout) and timeout >= 0) do
    timeout_ref = make_ref()

    timer_ref =
      if timeout != :infinity do
        Process.send_after(self(), timeout_ref, timeout)
      end

    try do
      yield_each(tasks, timeout_ref, :infinity)
    catch
      {:noconnection, reason} -> exit({reason, {__MODULE__, :yield_many, [tasks, timeout]}})
    after
      if timer_ref, do: Process.cancel_timer(timer_ref)

      receive do
        ^timeout_ref -> :ok
      after
        0 -> :ok
      end
    end
  end

  defp yield_each([%Task{ref: ref, owner: owner} = task | rest], timeout_ref, timeout) do
    check_owner(owner, task)

    receive do
      {^ref, reply} ->
        replied(task)
        [{task, {:ok, reply}} | yield_each(rest, timeout_ref, timeout)]

      {:DOWN, ^ref, _, proc, :noconnection} ->
        throw({:noconnection, reason(:noconnection, proc)})

      {:DOWN, ^ref, _, _, reason} ->
        [{task, {:exit, reason}} | yield_each(rest, timeout_ref, timeout)]

      ^timeout_ref ->
        [{task, nil} | yield_each(rest, timeout_ref, 0)]
    after
      timeout -> [{task, nil} | yield_each(rest, timeout_ref, 0)]
    end
  end

  defp yield_each([], _timeout_ref, _timeout), do: []

  @doc """
  Stops the task (`:shutdown`, then `:kill` after `shutdown` ms, or
  `:brutal_kill`): `{:ok, reply}` if it had replied, `{:exit, reason}`
  if it had died, else `nil`.
  """
  def shutdown(task, shutdown \\ 5000)

  def shutdown(%Task{pid: pid} = task, _) when pid == nil do
    raise ArgumentError, "task #{inspect(task)} does not have an associated task process"
  end

  def shutdown(%Task{owner: owner} = task, _) when owner != self() do
    raise ArgumentError, invalid_owner_error(task)
  end

  def shutdown(%Task{pid: pid} = task, :brutal_kill) do
    mon = Process.monitor(pid)
    exit_task(pid, :kill)

    case shutdown_receive(task, mon, :brutal_kill, :infinity) do
      {:down, proc, :noconnection} ->
        exit({reason(:noconnection, proc), {__MODULE__, :shutdown, [task, :brutal_kill]}})

      {:down, _, reason} ->
        {:exit, reason}

      result ->
        result
    end
  end

  def shutdown(%Task{pid: pid} = task, timeout) when timeout == :infinity or (is_integer(timeout) and timeout >= 0) do
    mon = Process.monitor(pid)
    exit_task(pid, :shutdown)

    case shutdown_receive(task, mon, :shutdown, timeout) do
      {:down, proc, :noconnection} ->
        exit({reason(:noconnection, proc), {__MODULE__, :shutdown, [task, timeout]}})

      {:down, _, reason} ->
        {:exit, reason}

      result ->
        result
    end
  end

  defp reason(:noconnection, proc), do: {:nodedown, monitor_node(proc)}
  defp reason(reason, _), do: reason

  defp monitor_node(pid) when is_pid(pid), do: node(pid)
  defp monitor_node({_, node}), do: node

  # Unlinks first, so that the owner does not get the task's exit signal.
  defp exit_task(pid, reason) do
    Process.unlink(pid)
    Process.exit(pid, reason)
    :ok
  end

  defp shutdown_receive(%{ref: ref} = task, mon, type, timeout) do
    receive do
      {:DOWN, ^mon, _, proc, reason} ->
        cond do
          reason == :shutdown and type in [:shutdown, :timeout_kill] ->
            Process.demonitor(ref, [:flush])
            flush_reply(ref)

          reason == :killed and type == :brutal_kill ->
            Process.demonitor(ref, [:flush])
            flush_reply(ref)

          reason == :noproc ->
            down = flush_noproc(ref, proc, type)
            flush_reply(ref) || down

          true ->
            Process.demonitor(ref, [:flush])
            flush_reply(ref) || {:down, proc, reason}
        end
    after
      timeout ->
        Process.exit(task.pid, :kill)
        shutdown_receive(task, mon, :timeout_kill, :infinity)
    end
  end

  defp flush_reply(ref) do
    receive do
      {^ref, reply} -> {:ok, reply}
    after
      0 -> nil
    end
  end

  defp flush_noproc(ref, proc, type) do
    receive do
      {:DOWN, ^ref, _, _, reason} ->
        cond do
          reason == :shutdown and type in [:shutdown, :timeout_kill] -> nil
          reason == :killed and type == :brutal_kill -> nil
          true -> {:down, proc, reason}
        end
    after
      0 ->
        Process.demonitor(ref, [:flush])
        {:down, proc, :noproc}
    end
  end

  defp invalid_owner_error(task) do
    "task #{inspect(task)} must be queried from the owner but was queried from #{inspect(self())}"
  end
end

defmodule Task.Supervised do
  @moduledoc false
  # The process a task runs in: waits for its function (async tasks) or
  # runs it at once (start/start_link), and logs its crash.

  @ref_timeout 5000

  def start(owner, callers, fun) do
    {:ok, Otpsim.ProcLib.spawn(__MODULE__, :noreply, [owner, callers, fun])}
  end

  def start_link(owner, callers, fun) do
    {:ok, Otpsim.ProcLib.spawn_link(__MODULE__, :noreply, [owner, callers, fun])}
  end

  def start_link(owner, monitor) do
    {:ok, Otpsim.ProcLib.spawn_link(__MODULE__, :reply, [owner, monitor])}
  end

  def reply({_, _, owner_pid} = owner, monitor) do
    case monitor do
      :monitor ->
        mref = Process.monitor(owner_pid)
        reply(owner, owner_pid, mref, @ref_timeout)

      :nomonitor ->
        reply(owner, owner_pid, nil, :infinity)
    end
  end

  defp reply(owner, owner_pid, mref, timeout) do
    receive do
      {^owner_pid, ref, reply_to, callers, mfa} ->
        initial_call(mfa)
        put_callers(callers)
        if mref, do: Process.demonitor(mref, [:flush])
        send(reply_to, {ref, invoke_mfa(owner, mfa)})

      {:DOWN, ^mref, _, _, reason} ->
        exit({:shutdown, reason})
    after
      timeout -> exit(:timeout)
    end
  end

  def noreply(owner, callers, mfa) do
    initial_call(mfa)
    put_callers(callers)
    invoke_mfa(owner, mfa)
  end

  defp put_callers(callers), do: Process.put(:"$callers", callers)

  defp initial_call({:erlang, :apply, [fun, []]}) when is_function(fun, 0),
    do: Process.put(:"$initial_call", :otpsim.fun_initial_call(fun))

  defp initial_call({mod, fun, args}) do
    Process.put(:"$initial_call", {mod, fun, length(args)})
  end

  # Runs the task's function; a crash (other than a clean exit) is logged
  # as "Task ... terminating" and ends the process with the same reason.
  defp invoke_mfa(owner, {module, fun, args} = mfa) do
    try do
      run(module, fun, args)
    catch
      kind, value ->
        stack = __STACKTRACE__

        if kind == :exit and clean_exit?(value) do
          :erlang.raise(kind, value, stack)
        else
          {fun, args} = get_running(mfa)
          Otpsim.Report.task_terminate(self(), get_from(owner), fun, args, kind, value, stack)
          :erlang.raise(kind, value, stack)
        end
    end
  end

  defp clean_exit?(:normal), do: true
  defp clean_exit?(:shutdown), do: true
  defp clean_exit?({:shutdown, _}), do: true
  defp clean_exit?(_), do: false

  defp run(:erlang, :apply, [fun, args]) when is_function(fun), do: apply(fun, args)
  defp run(module, fun, args), do: apply(module, fun, args)

  defp get_from({node, pid_or_name, _pid}) when node == node(), do: pid_or_name
  defp get_from({node, name, _pid}) when is_atom(name), do: {node, name}
  defp get_from({_node, _name, pid}), do: pid

  defp get_running({:erlang, :apply, [fun, []]}) when is_function(fun, 0), do: {fun, []}
  defp get_running({mod, fun, args}), do: {:erlang.make_fun(mod, fun, length(args)), args}

  ## Stream

  # `Task.async_stream`, as Elixir does it: up to `max_concurrency` tasks
  # at once; each replies `{{tag, position}, value}` and a monitor process
  # reports their deaths as `{:DOWN, {tag, position}, reason}`; results
  # are given in input order (or as they come with `ordered: false`).
  def stream(enumerable, acc, reducer, callers, mfa, options, spawn) do
    max = Keyword.get(options, :max_concurrency, 8)

    if not (is_integer(max) and max > 0) do
      raise ArgumentError, ":max_concurrency must be an integer greater than zero"
    end

    tag = make_ref()
    owner = self()
    monitor = :erlang.spawn_link(fn -> stream_monitor(owner, tag, %{}) end)

    config = %{
      reducer: reducer,
      max: max,
      ordered: Keyword.get(options, :ordered, true),
      timeout: Keyword.get(options, :timeout, 5000),
      on_timeout: Keyword.get(options, :on_timeout, :exit),
      zip: Keyword.get(options, :zip_input_on_exit, false),
      callers: callers,
      mfa: mfa,
      spawn: spawn,
      tag: tag,
      monitor: monitor
    }

    # running: position => {pid, item}; done: position => value not yet given.
    st = %{items: Enum.to_list(enumerable), next: 0, emit: 0, running: %{}, done: %{}}
    stream_reduce(acc, st, config)
  end

  defp stream_reduce({:halt, acc}, st, config) do
    stream_close(st, config)
    {:halted, acc}
  end

  defp stream_reduce({:suspend, acc}, st, config) do
    {:suspended, acc, fn next -> stream_reduce(next, st, config) end}
  end

  defp stream_reduce({:cont, acc}, st, config) do
    st = fill(st, config)

    case next_value(st, config) do
      {value, st} ->
        stream_reduce(config.reducer.(value, acc), st, config)

      :none ->
        if map_size(st.running) == 0 do
          stream_close(st, config)
          {:done, acc}
        else
          stream_reduce({:cont, acc}, wait(st, config), config)
        end
    end
  end

  defp next_value(st, config) do
    cond do
      config.ordered and Map.has_key?(st.done, st.emit) ->
        {Map.fetch!(st.done, st.emit), %{st | done: Map.delete(st.done, st.emit), emit: st.emit + 1}}

      not config.ordered and map_size(st.done) > 0 ->
        [{pos, value} | _] = Map.to_list(st.done)
        {value, %{st | done: Map.delete(st.done, pos)}}

      true ->
        :none
    end
  end

  # Starts tasks while fewer than `max` are running or waiting to be given.
  defp fill(%{items: [item | rest]} = st, config) do
    if map_size(st.running) + map_size(st.done) < config.max do
      pos = st.next

      case config.spawn.() do
        {:ok, _link, pid} ->
          :ok = GenServer.call(config.monitor, {:monitor, pid, pos}, :infinity)
          owner = self()
          send(pid, {owner, {config.tag, pos}, owner, config.callers, stream_mfa(config.mfa, item)})
          running = Map.put(st.running, pos, {pid, item})
          fill(%{st | items: rest, next: pos + 1, running: running}, config)

        {:error, :max_children} ->
          st
      end
    else
      st
    end
  end

  defp fill(st, _config), do: st

  defp stream_mfa({m, f, a}, item), do: {m, f, [item | a]}
  defp stream_mfa(fun, item), do: {:erlang, :apply, [fun, [item]]}

  # Waits for one task to reply or die.
  defp wait(st, config) do
    tag = config.tag

    receive do
      {{^tag, pos}, reply} ->
        finish(st, pos, {:ok, reply})

      {:DOWN, {^tag, pos}, reason} ->
        case Map.fetch(st.running, pos) do
          {:ok, {_pid, item}} -> finish(st, pos, exit_value(reason, item, config))
          :error -> st
        end
    after
      config.timeout -> timed_out(st, config)
    end
  end

  defp finish(st, pos, value) do
    if Map.has_key?(st.running, pos) do
      %{st | running: Map.delete(st.running, pos), done: Map.put(st.done, pos, value)}
    else
      st
    end
  end

  defp exit_value(reason, item, config) do
    if config.zip, do: {:exit, {item, reason}}, else: {:exit, reason}
  end

  # The oldest running task took too long.
  defp timed_out(st, config) do
    [pos | _] = :lists.sort(Map.keys(st.running))
    {pid, item} = Map.fetch!(st.running, pos)
    Process.unlink(pid)
    Process.exit(pid, :kill)

    case config.on_timeout do
      :kill_task ->
        finish(st, pos, exit_value(:timeout, item, config))

      _ ->
        stream_close(st, config)
        exit({:timeout, {Task.Supervised, :stream, [config.timeout]}})
    end
  end

  defp stream_close(st, config) do
    kill_running(Map.values(st.running))
    Process.unlink(config.monitor)
    Process.exit(config.monitor, :kill)
    flush_stream(config.tag)
  end

  defp kill_running([]), do: :ok

  defp kill_running([{pid, _item} | rest]) do
    Process.unlink(pid)
    Process.exit(pid, :kill)
    kill_running(rest)
  end

  defp flush_stream(tag) do
    receive do
      {{^tag, _}, _} -> flush_stream(tag)
      {:DOWN, {^tag, _}, _} -> flush_stream(tag)
    after
      0 -> :ok
    end
  end

  # The monitor process: watches the tasks for the owner and tells it
  # when one dies; gone when the owner is.
  defp stream_monitor(owner, tag, refs) do
    receive do
      {:"$gen_call", from, {:monitor, pid, pos}} ->
        ref = Process.monitor(pid)
        Otpsim.Gen.reply(from, :ok)
        stream_monitor(owner, tag, Map.put(refs, ref, pos))

      {:DOWN, ref, :process, _pid, reason} ->
        case Map.fetch(refs, ref) do
          {:ok, pos} ->
            send(owner, {:DOWN, {tag, pos}, reason})
            stream_monitor(owner, tag, Map.delete(refs, ref))

          :error ->
            stream_monitor(owner, tag, refs)
        end
    end
  end
end

defmodule Task.Supervisor do
  @moduledoc """
  A `DynamicSupervisor` for tasks: `async/2`, `async_nolink/2`,
  `start_child/2`, `children/1`, `terminate_child/2`.
  """

  @doc "The child spec of a task supervisor started with `start_link(opts)`."
  def child_spec(opts) when is_list(opts) do
    id =
      case Keyword.get(opts, :name, Task.Supervisor) do
        name when is_atom(name) -> name
        {:global, name} -> name
        {:via, _module, name} -> name
      end

    %{id: id, start: {Task.Supervisor, :start_link, [opts]}, type: :supervisor}
  end

  @doc "Starts a task supervisor."
  def start_link(options \\ []) do
    {restart, options} = Keyword.pop(options, :restart)
    {shutdown, options} = Keyword.pop(options, :shutdown)
    {sup_opts, start_opts} = Keyword.split(options, [:max_children, :max_seconds, :max_restarts])
    restart_and_shutdown = {restart || :temporary, shutdown || 5000}
    DynamicSupervisor.start_link(__MODULE__, {restart_and_shutdown, sup_opts}, start_opts)
  end

  @doc false
  def init({{_restart, _shutdown} = arg, options}) do
    Process.put(__MODULE__, arg)
    DynamicSupervisor.init([strategy: :one_for_one] ++ options)
  end

  @doc "Like `Task.async/1`, the task a child of `supervisor`."
  def async(supervisor, fun, options \\ []) do
    async(supervisor, :erlang, :apply, [fun, []], options)
  end

  def async(supervisor, module, fun, args, options \\ []) do
    async(supervisor, :link, module, fun, args, options)
  end

  @doc "Like `async/2`, not linked to the caller: its crash is only a `:DOWN`."
  def async_nolink(supervisor, fun, options \\ []) do
    async_nolink(supervisor, :erlang, :apply, [fun, []], options)
  end

  def async_nolink(supervisor, module, fun, args, options \\ []) do
    async(supervisor, :nolink, module, fun, args, options)
  end

  @doc "`Task.async_stream/3` with the tasks under `supervisor`."
  def async_stream(supervisor, enumerable, fun, options \\ []) when is_function(fun, 1) do
    build_stream(supervisor, :link, enumerable, fun, options)
  end

  @doc "Like `async_stream/4`, the tasks not linked to the caller."
  def async_stream_nolink(supervisor, enumerable, fun, options \\ []) when is_function(fun, 1) do
    build_stream(supervisor, :nolink, enumerable, fun, options)
  end

  @doc "Terminates the task `pid`."
  def terminate_child(supervisor, pid) when is_pid(pid) do
    DynamicSupervisor.terminate_child(supervisor, pid)
  end

  @doc "The pids of the running tasks."
  def children(supervisor) do
    pids(DynamicSupervisor.which_children(supervisor))
  end

  defp pids([]), do: []
  defp pids([{_, pid, _, _} | rest]) when is_pid(pid), do: [pid | pids(rest)]
  defp pids([_ | rest]), do: pids(rest)

  @doc "Starts a task under `supervisor` that nobody awaits: `{:ok, pid}`."
  def start_child(supervisor, fun, options \\ []) do
    restart = Keyword.get(options, :restart)
    shutdown = Keyword.get(options, :shutdown)
    args = [Task.get_owner(self()), Task.get_callers(self()), {:erlang, :apply, [fun, []]}]
    start_child_with_spec(supervisor, args, restart, shutdown)
  end

  def start_child(supervisor, module, fun, args, options \\ [])
      when is_atom(fun) and is_list(args) do
    restart = Keyword.get(options, :restart)
    shutdown = Keyword.get(options, :shutdown)
    args = [Task.get_owner(self()), Task.get_callers(self()), {module, fun, args}]
    start_child_with_spec(supervisor, args, restart, shutdown)
  end

  defp start_child_with_spec(supervisor, args, restart, shutdown) do
    GenServer.call(supervisor, {:start_task, args, restart, shutdown}, :infinity)
  end

  defp async(supervisor, link_type, module, fun, args, options) do
    owner = self()
    shutdown = Keyword.get(options, :shutdown)

    case start_child_with_spec(supervisor, [Task.get_owner(owner), :monitor], :temporary, shutdown) do
      {:ok, pid} ->
        if link_type == :link, do: Process.link(pid)
        ref = Process.monitor(pid)
        send(pid, {owner, ref, owner, Task.get_callers(owner), {module, fun, args}})
        %Task{pid: pid, ref: ref, owner: owner, mfa: {module, fun, length(args)}}

      {:error, :max_children} ->
        raise "reached the maximum number of tasks for this task supervisor. The maximum number " <>
                "of tasks that are allowed to run at the same time under this supervisor can be " <>
                "configured with the :max_children option passed to Task.Supervisor.start_link/1"
    end
  end

  defp build_stream(supervisor, link_type, enumerable, fun, options) do
    fn acc, acc_fun ->
      shutdown = Keyword.get(options, :shutdown)
      owner = Task.get_owner(self())

      Task.Supervised.stream(enumerable, acc, acc_fun, Task.get_callers(self()), fun, options, fn ->
        case start_child_with_spec(supervisor, [owner, :monitor], :temporary, shutdown) do
          {:ok, pid} ->
            if link_type == :link, do: Process.link(pid)
            {:ok, link_type, pid}

          {:error, :max_children} ->
            {:error, :max_children}
        end
      end)
    end
  end
end
