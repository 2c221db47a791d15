# The plumbing under the OTP behaviours, as OTP writes it in Erlang:
# `Otpsim.ProcLib` (proc_lib: synchronous starts, ancestors, stop),
# `Otpsim.Gen` (gen: names, calls and replies), `:sys` (system
# messages) and `Otpsim.Report` (what Logger prints for crashes).
# `:sys` has its real name because learners call it; proc_lib and gen
# keep otpsim names, as only the parts the behaviours need exist.

defmodule Otpsim.ProcLib do
  @moduledoc false
  # Processes that know their parent and ancestors, started synchronously:
  # the starter waits for `init_ack/2` (or the starter's death).

  @doc "Spawns `apply(m, f, a)` with `:\"$ancestors\"` and `:\"$initial_call\"` set."
  def spawn(m, f, a) do
    parent = self_info()
    ancestors = ancestors()
    :erlang.spawn(fn -> init_p(parent, ancestors, m, f, a) end)
  end

  @doc "Like `spawn/3`, linked to the caller."
  def spawn_link(m, f, a) do
    parent = self_info()
    ancestors = ancestors()
    :erlang.spawn_link(fn -> init_p(parent, ancestors, m, f, a) end)
  end

  @doc "Like `spawn/3`, monitored by the caller: `{pid, ref}`."
  def spawn_monitor(m, f, a) do
    parent = self_info()
    ancestors = ancestors()
    :erlang.spawn_monitor(fn -> init_p(parent, ancestors, m, f, a) end)
  end

  defp init_p(parent, ancestors, m, f, a) do
    Process.put(:"$ancestors", [parent | ancestors])
    Process.put(:"$initial_call", {m, f, length(a)})
    apply(m, f, a)
  end

  defp self_info do
    case Process.info(self(), :registered_name) do
      {:registered_name, name} when is_atom(name) -> name
      _ -> self()
    end
  end

  defp ancestors do
    case Process.get(:"$ancestors") do
      list when is_list(list) -> list
      _ -> []
    end
  end

  @doc "Starts a linked process and waits for its `init_ack/2`."
  def start_link(m, f, a, timeout \\ :infinity) do
    pid = spawn_link(m, f, a)

    receive do
      {:ack, ^pid, return} -> return
      {:EXIT, ^pid, reason} -> {:error, reason}
    after
      timeout ->
        kill_flush(pid)
        {:error, :timeout}
    end
  end

  @doc "Starts a process (not linked) and waits for its `init_ack/2`."
  def start(m, f, a, timeout \\ :infinity) do
    {pid, ref} = spawn_monitor(m, f, a)

    receive do
      {:ack, ^pid, return} ->
        forget(pid, ref, return)
        return

      {:DOWN, ^ref, :process, ^pid, reason} ->
        {:error, reason}
    after
      timeout ->
        Process.demonitor(ref, [:flush])
        kill_flush(pid)
        {:error, :timeout}
    end
  end

  # A process that failed to start exits right after telling so: its
  # `:DOWN` is taken rather than demonitored (the simulated kernel still
  # delivers a `:DOWN` already under way when `Process.demonitor/2` is called).
  defp forget(_pid, ref, {:ok, _}), do: Process.demonitor(ref, [:flush])
  defp forget(_pid, ref, {:ok, _, _}), do: Process.demonitor(ref, [:flush])

  defp forget(_pid, ref, _failed) do
    receive do
      {:DOWN, ^ref, _, _, _} -> :ok
    after
      1000 -> Process.demonitor(ref, [:flush])
    end
  end

  defp kill_flush(pid) do
    Process.unlink(pid)
    Process.exit(pid, :kill)

    receive do
      {:EXIT, ^pid, _} -> :ok
    after
      0 -> :ok
    end
  end

  @doc "Tells the starter how the start went."
  def init_ack(starter, return) do
    send(starter, {:ack, self(), return})
    :ok
  end

  @doc """
  Stops `process` with `reason` and waits until it is gone, as
  `:proc_lib.stop/3`: `:ok`, or exits with the reason it died with
  (`:noproc`, `:timeout`, ...).
  """
  def stop(process, reason, timeout) do
    {pid, ref} = :erlang.spawn_monitor(fn -> do_stop(process, reason) end)

    receive do
      {:DOWN, ^ref, _, _, ^reason} -> :ok
      {:DOWN, ^ref, _, _, other} -> exit(other)
    after
      timeout ->
        Process.exit(pid, :kill)

        receive do
          {:DOWN, ^ref, _, _, _} -> exit(:timeout)
        end
    end
  end

  defp do_stop(process, reason) do
    ref = Process.monitor(process)
    send(process, {:system, {self(), ref}, {:terminate, reason}})

    receive do
      {:DOWN, ^ref, _, _, exit_reason} -> exit(exit_reason)
    end
  end
end

defmodule Otpsim.Gen do
  @moduledoc false
  # What `gen.erl` does for every behaviour: start with a registered
  # name, the call protocol, replies.

  @doc """
  Starts a behaviour process: `gen_mod.init_it(starter, parent, name,
  mod, args, opts)` runs in it once its name is registered. `link` is
  `:link`, `:monitor`-less `:nolink`.
  """
  def start(gen_mod, link, name, mod, args, opts) do
    case where(name) do
      pid when is_pid(pid) ->
        {:error, {:already_started, pid}}

      _ ->
        timeout = Keyword.get(opts, :timeout, :infinity)
        starter = self()

        case link do
          :link ->
            Otpsim.ProcLib.start_link(
              __MODULE__,
              :init_it,
              [gen_mod, starter, starter, name, mod, args, opts],
              timeout
            )

          :nolink ->
            Otpsim.ProcLib.start(
              __MODULE__,
              :init_it,
              [gen_mod, starter, :self, name, mod, args, opts],
              timeout
            )
        end
    end
  end

  @doc false
  def init_it(gen_mod, starter, :self, name, mod, args, opts) do
    init_it(gen_mod, starter, self(), name, mod, args, opts)
  end

  def init_it(gen_mod, starter, parent, name, mod, args, opts) do
    case register_name(name) do
      :ok ->
        gen_mod.init_it(starter, parent, name, mod, args, opts)

      {:error, reason} ->
        Otpsim.ProcLib.init_ack(starter, {:error, reason})
    end
  end

  defp where(nil), do: nil
  defp where(name), do: whereis(name)

  @doc """
  The pid behind a name (`nil` if none). `{:global, n}` is looked up as
  `{:via, :global, n}`: `:otpsim.whereis/1` reads `{:global, atom}` as a
  `{name, node}` pair.
  """
  def whereis({:global, name}), do: :otpsim.whereis({:via, :global, name})

  # As `Registry.whereis_name/1`: an unknown registry raises ArgumentError.
  def whereis({:via, mod, {registry, key}}) when mod == Registry do
    case Registry.lookup(registry, key) do
      [{pid, _} | _] -> pid
      _ -> nil
    end
  end

  def whereis(name), do: :otpsim.whereis(name)

  @doc "Registers the calling process under `name` (`nil`: no name)."
  def register_name(nil), do: :ok

  def register_name({:via, mod, key} = name) when mod != Registry and mod != :global do
    case mod.register_name(key, self()) do
      :yes ->
        :ok

      _ ->
        case mod.whereis_name(key) do
          pid when is_pid(pid) -> {:error, {:already_started, pid}}
          _ -> {:error, {:bad_name, name}}
        end
    end
  end

  def register_name(name), do: :otpsim.register(name, self())

  @doc "Undoes `register_name/1` (the name also goes when the process dies)."
  def unregister_name(nil), do: :ok

  def unregister_name(name) when is_atom(name) do
    try do
      Process.unregister(name)
    catch
      _, _ -> :ok
    end

    :ok
  end

  def unregister_name({:via, mod, key}) when mod == Registry do
    Registry.unregister_name(key)
    :ok
  end

  def unregister_name({:via, mod, key}) when mod != :global do
    try do
      mod.unregister_name(key)
    catch
      _, _ -> :ok
    end

    :ok
  end

  def unregister_name(_), do: :ok

  @doc "The name a behaviour process reports itself under (its pid when it has none)."
  def name(nil), do: self()
  def name({:global, name}), do: name
  def name({:via, _, name}), do: name
  def name(name), do: name

  @doc """
  Sends `{label, {self(), ref}, request}` to `process` and waits for
  `{ref, reply}`: `{:ok, reply}`, or exits with the reason the server
  died with, `{:nodedown, node}` or `:timeout`.
  """
  def call({name, node} = process, label, request, timeout) when is_atom(name) and is_atom(node) do
    case whereis(process) do
      pid when is_pid(pid) ->
        call(pid, label, request, timeout)

      _ ->
        if node == node() or :lists.member(node, Node.list()) do
          exit(:noproc)
        else
          exit({:nodedown, node})
        end
    end
  end

  def call(process, label, request, timeout) do
    ref = Process.monitor(process)
    send(process, {label, {self(), ref}, request})

    receive do
      {^ref, reply} ->
        Process.demonitor(ref, [:flush])
        {:ok, reply}

      {:DOWN, ^ref, _, _, :noconnection} ->
        exit({:nodedown, node_of(process)})

      {:DOWN, ^ref, _, _, reason} ->
        exit(reason)
    after
      timeout ->
        Process.demonitor(ref, [:flush])

        receive do
          {^ref, reply} -> {:ok, reply}
        after
          0 -> exit(:timeout)
        end
    end
  end

  defp node_of(pid) when is_pid(pid), do: node(pid)
  defp node_of({_name, node}), do: node

  @doc "Answers a call: `from` is the `{pid, tag}` the server was given."
  def reply({pid, tag}, reply) do
    try do
      send(pid, {tag, reply})
    catch
      _, _ -> :ok
    end

    :ok
  end
end

defmodule :sys do
  @moduledoc false
  # The client side of `:sys` (`get_state/1,2`, `replace_state/2,3`,
  # `get_status/1,2`, `suspend/1`, `resume/1`, `terminate/2,3`), and the
  # answers a behaviour gives to system messages.

  def get_state(server, timeout \\ 5000) do
    case call(server, :get_state, timeout) do
      {:error, {:callback_failed, _, _} = reason} -> :erlang.error(reason)
      state -> state
    end
  end

  def replace_state(server, fun, timeout \\ 5000) do
    case call(server, {:replace_state, fun}, timeout) do
      {:error, {:callback_failed, _, _} = reason} -> :erlang.error(reason)
      state -> state
    end
  end

  def get_status(server, timeout \\ 5000), do: call(server, :get_status, timeout)
  def suspend(server, timeout \\ 5000), do: call(server, :suspend, timeout)
  def resume(server, timeout \\ 5000), do: call(server, :resume, timeout)
  def terminate(server, reason, timeout \\ :infinity), do: call(server, {:terminate, reason}, timeout)

  defp call(server, request, timeout) do
    pid =
      case server do
        pid when is_pid(pid) -> pid
        name -> Otpsim.Gen.whereis(name)
      end

    if pid == nil do
      exit({:noproc, {:sys, request_name(request), [server, timeout]}})
    end

    try do
      Otpsim.Gen.call(pid, :system, request, timeout)
    catch
      :exit, reason -> exit({reason, {:sys, request_name(request), [server, timeout]}})
    else
      {:ok, reply} -> reply
    end
  end

  defp request_name(request) when is_atom(request), do: request
  defp request_name(request), do: elem(request, 0)

  @doc """
  Handles `{:system, from, request}` for a behaviour whose state is
  `state` and callback module `mod`. Returns `{:reply, answer, state}`,
  `{:terminate, reason}` or `{:suspend, state}`.
  """
  def handle(request, state, mod, parent) do
    case request do
      :get_state ->
        {:reply, state, state}

      {:replace_state, fun} ->
        try do
          fun.(state)
        catch
          kind, reason ->
            {:reply, {:error, {:callback_failed, {:gen_server, :system_replace_state}, {kind, reason}}},
             state}
        else
          new_state -> {:reply, new_state, new_state}
        end

      :get_status ->
        misc = [
          header: "Status for generic server",
          data: [{"Status", :running}, {"Parent", parent}],
          data: [{"State", state}],
          module: mod
        ]

        status = {:status, self(), {:module, :gen_server}, [Process.get(), :running, parent, [], misc]}

        {:reply, status, state}

      :suspend ->
        {:suspend, state}

      :resume ->
        {:reply, :ok, state}

      {:terminate, reason} ->
        {:terminate, reason}

      other ->
        {:reply, {:error, {:unknown_system_msg, other}}, state}
    end
  end
end

defmodule Otpsim.Report do
  @moduledoc false
  # What Elixir 1.14's Logger prints for OTP crash reports (at the
  # `:debug` level iex runs with), and `Exception.format_exit/1`.

  @doc "The `GenServer ... terminating` report of a crashed server."
  def gen_server_terminate(name, kind, reason, stack, from, msg, state) do
    client = client_info(from)

    log(
      "GenServer #{inspect(name)} terminating" <>
        format_reason(kind, reason, stack) <>
        "\nLast message#{last_from(client)}: #{inspect(msg)}" <>
        "\nState: #{inspect(state)}" <> client_line(client)
    )
  end

  @doc "The `Task ... terminating` report of a crashed task."
  def task_terminate(name, starter, fun, args, kind, reason, stack) do
    log(
      "Task #{inspect(name)} started from #{inspect(starter)} terminating" <>
        format_reason(kind, reason, stack) <>
        "\nFunction: #{inspect(fun)}" <> "\n    Args: #{inspect(args)}"
    )
  end

  @doc "Prints `text` as Logger's `[error]` line."
  def log(text), do: :otpsim.log(:error, text)

  defp client_info(nil), do: nil

  defp client_info({pid, _tag}) when is_pid(pid) do
    cond do
      node(pid) != node() -> {pid, :remote}
      Process.alive?(pid) -> {pid, {registered_or_pid(pid), :alive}}
      true -> {pid, :dead}
    end
  end

  defp client_info(_), do: nil

  defp registered_or_pid(pid) do
    case Process.info(pid, :registered_name) do
      {:registered_name, name} when is_atom(name) -> name
      _ -> pid
    end
  end

  defp last_from(nil), do: ""
  defp last_from({_pid, {name, :alive}}), do: " (from #{inspect(name)})"
  defp last_from({pid, _}), do: " (from #{inspect(pid)})"

  defp client_line(nil), do: ""
  defp client_line({pid, :dead}), do: "\nClient #{inspect(pid)} is dead"
  defp client_line({pid, :remote}), do: "\nClient #{inspect(pid)} is remote on node #{inspect(node(pid))}"
  defp client_line({_pid, {name, :alive}}), do: "\nClient #{inspect(name)} is alive\n"

  # How the Logger translator shows why a process stopped. With a
  # stacktrace (a crash in the code), an exception's banner unless the
  # reason is no exception Elixir knows; otherwise `** (stop) ` and the
  # exit reason in words.
  defp format_reason(:throw, value, stack), do: format_reason(:error, {:nocatch, value}, stack)

  defp format_reason(_kind, reason, [_ | _] = stack) do
    exception = normalize(reason, stack)

    if erlang_error?(exception) and not exception?(reason) do
      "\n** (stop) " <> format_exit(reason)
    else
      "\n" <> banner(exception)
    end
  end

  defp format_reason(_kind, reason, _stack), do: "\n** (stop) " <> format_exit(reason)

  defp exception?(%{__exception__: flag}) when flag == true, do: true
  defp exception?(_), do: false

  defp erlang_error?(%{__struct__: mod}) when mod == ErlangError, do: true
  defp erlang_error?(_), do: false

  @doc "An error reason as the exception Elixir shows for it."
  def normalize(reason, stack) do
    if exception?(reason) do
      reason
    else
      try do
        :erlang.raise(:error, reason, stack)
      rescue
        e -> e
      end
    end
  end

  @doc "`** (Module) message`, as `Exception.format_banner(:error, e)`."
  def banner(exception) do
    "** (#{inspect(exception.__struct__)}) " <> message(exception)
  end

  @doc "The message of an exception, as `Exception.message/1`."
  def message(%{__struct__: mod} = e) do
    case builtin_message(mod, e) do
      nil -> custom_message(mod, e)
      text -> text
    end
  end

  defp custom_message(mod, e) do
    try do
      mod.message(e)
    catch
      _, _ -> plain_message(e)
    else
      text when is_binary(text) -> text
      _ -> plain_message(e)
    end
  end

  defp plain_message(%{message: text}) when is_binary(text), do: text
  defp plain_message(e), do: inspect(e)

  defp builtin_message(mod, %{message: nil, key: key, term: term}) when mod == KeyError do
    if term == nil do
      "key #{inspect(key)} not found"
    else
      "key #{inspect(key)} not found in: #{inspect(term)}"
    end
  end

  defp builtin_message(mod, e) when mod == MatchError, do: "no match of right hand side value: #{inspect(e.term)}"
  defp builtin_message(mod, e) when mod == CaseClauseError, do: "no case clause matching: #{inspect(e.term)}"
  defp builtin_message(mod, e) when mod == WithClauseError, do: "no with clause matching: #{inspect(e.term)}"
  defp builtin_message(mod, e) when mod == TryClauseError, do: "no try clause matching: #{inspect(e.term)}"
  defp builtin_message(mod, _) when mod == CondClauseError, do: "no cond clause evaluated to a truthy value"
  defp builtin_message(mod, e) when mod == BadMapError, do: "expected a map, got: #{inspect(e.term)}"
  defp builtin_message(mod, e) when mod == BadStructError,
    do: "expected a struct named #{inspect(e.struct)}, got: #{inspect(e.term)}"

  defp builtin_message(mod, e) when mod == BadBooleanError,
    do: "expected a boolean on left-side of \"#{e.operator}\", got: #{inspect(e.term)}"

  defp builtin_message(mod, e) when mod == BadFunctionError, do: "expected a function, got: #{inspect(e.term)}"

  defp builtin_message(mod, e) when mod == BadArityError do
    args = e.args
    shown = join_inspected(args)

    count =
      case length(args) do
        0 -> "no arguments"
        1 -> "1 argument (#{shown})"
        n -> "#{n} arguments (#{shown})"
      end

    "#{inspect(e.function)} with arity #{arity_of(e.function, 0)} called with #{count}"
  end

  defp builtin_message(kind, %{module: mod, function: fun, arity: arity})
       when kind == FunctionClauseError and fun != nil do
    "no function clause matching in #{format_mfa(mod, fun, arity)}"
  end

  defp builtin_message(mod, _) when mod == FunctionClauseError, do: "no function clause matches"

  defp builtin_message(mod, %{message: text} = e) when mod == UndefinedFunctionError and text == nil do
    mfa = format_mfa(e.module, e.function, e.arity)

    case e.reason do
      :"module could not be loaded" ->
        "function #{mfa} is undefined (module #{inspect(e.module)} is not available)"

      _ ->
        "function #{mfa} is undefined or private"
    end
  end

  defp builtin_message(mod, %{original: original}) when mod == ErlangError,
    do: "Erlang error: #{inspect(original)}"

  defp builtin_message(mod, %{protocol: p, value: v} = e) when mod == Protocol.UndefinedError do
    description =
      case Map.get(e, :description) do
        nil -> ""
        "" -> ""
        text -> ". " <> text
      end

    "protocol #{inspect(p)} not implemented for #{inspect(v)} of type #{type_name(v)}#{description}"
  end

  defp builtin_message(_mod, %{message: text}) when is_binary(text), do: text
  defp builtin_message(_mod, _e), do: nil

  defp type_name(v) do
    cond do
      is_map(v) and Map.has_key?(v, :__struct__) -> "#{inspect(v.__struct__)} (a struct)"
      is_atom(v) -> "Atom"
      is_binary(v) -> "BitString"
      is_integer(v) -> "Integer"
      is_float(v) -> "Float"
      is_list(v) -> "List"
      is_map(v) -> "Map"
      is_tuple(v) -> "Tuple"
      is_function(v) -> "Function"
      is_pid(v) -> "PID"
      is_reference(v) -> "Reference"
      true -> "Any"
    end
  end

  defp arity_of(fun, n) when n > 255 or not is_function(fun), do: "?"

  defp arity_of(fun, n) do
    if is_function(fun, n), do: n, else: arity_of(fun, n + 1)
  end

  defp join_inspected([]), do: ""
  defp join_inspected([x]), do: inspect(x)
  defp join_inspected([x | rest]), do: inspect(x) <> ", " <> join_inspected(rest)

  @doc "`Module.fun/arity` as Elixir writes it."
  def format_mfa(mod, fun, arity) when is_list(arity), do: format_mfa(mod, fun, length(arity))

  def format_mfa(mod, fun, arity) do
    "#{inspect(mod)}.#{fun_name(fun)}/#{arity}"
  end

  defp fun_name(fun) do
    text = Atom.to_string(fun)

    case inspect(fun) do
      ":" <> ^text -> text
      ":" <> quoted -> quoted
      other -> other
    end
  end

  @doc "An exit reason in words, as `Exception.format_exit/1`."
  def format_exit(reason), do: format_exit(reason, "\n    ")

  defp format_exit({exception, [_ | _] = stack} = reason, joiner) do
    if stacktrace?(stack) do
      "an exception was raised:" <> joiner <> indent(banner(normalize(exception, stack)), joiner)
    else
      format_exit_reason(reason)
    end
  end

  defp format_exit({:shutdown, {:failed_to_start_child, child, {:EXIT, reason}}}, joiner),
    do: format_start_child(child, reason, joiner)

  defp format_exit({:shutdown, {:failed_to_start_child, child, reason}}, joiner),
    do: format_start_child(child, reason, joiner)

  defp format_exit({reason2, {mod, fun, args}} = reason, joiner)
       when is_atom(mod) and is_atom(fun) and is_list(args) do
    if length(args) < 256 do
      "exited in: " <>
        format_call(mod, fun, args) <>
        joiner <> "** (EXIT) " <> format_exit(reason2, joiner <> "    ")
    else
      format_exit_reason(reason)
    end
  end

  defp format_exit(reason, _joiner), do: format_exit_reason(reason)

  defp indent(text, joiner), do: :binary.replace(text, "\n", joiner, [:global])

  defp stacktrace?([]), do: true
  defp stacktrace?([{m, f, a, loc} | rest]) when is_atom(m) and is_atom(f) and is_list(loc),
    do: (is_integer(a) or is_list(a)) and stacktrace?(rest)

  defp stacktrace?([{fun, a, loc} | rest]) when is_function(fun) and is_list(loc),
    do: (is_integer(a) or is_list(a)) and stacktrace?(rest)

  defp stacktrace?(_), do: false

  defp format_call(mod, fun, args) do
    "#{inspect(mod)}.#{fun_name(fun)}(#{join_inspected(args)})"
  end

  defp format_start_child(child, reason, joiner) do
    "shutdown: failed to start child: " <>
      inspect(child) <> joiner <> "** (EXIT) " <> format_exit(reason, joiner <> "    ")
  end

  defp format_exit_reason(:normal), do: "normal"
  defp format_exit_reason(:shutdown), do: "shutdown"
  defp format_exit_reason({:shutdown, reason}), do: "shutdown: #{inspect(reason)}"
  defp format_exit_reason(:calling_self), do: "process attempted to call itself"
  defp format_exit_reason(:timeout), do: "time out"
  defp format_exit_reason(:killed), do: "killed"
  defp format_exit_reason(:noconnection), do: "no connection"

  defp format_exit_reason(:noproc) do
    "no process: the process is not alive or there's no process currently associated with the given name, possibly because its application isn't started"
  end

  defp format_exit_reason({:nodedown, node}) when is_atom(node), do: "no connection to #{node}"
  defp format_exit_reason({:already_started, pid}), do: "already started: " <> inspect(pid)
  defp format_exit_reason({:bad_return_value, v}), do: "bad return value: " <> inspect(v)
  defp format_exit_reason({:bad_call, request}), do: "bad call: " <> inspect(request)
  defp format_exit_reason({:bad_cast, request}), do: "bad cast: " <> inspect(request)

  defp format_exit_reason({:bad_return, {mod, :init, value}}) when is_atom(mod),
    do: format_mfa(mod, :init, 1) <> " returned a bad value: " <> inspect(value)

  defp format_exit_reason({:bad_start_spec, spec}),
    do: "bad child specification, invalid children: " <> inspect(spec)

  defp format_exit_reason({:start_spec, spec}), do: "bad child specification, " <> sup_spec(spec)
  defp format_exit_reason({:supervisor_data, data}), do: "bad supervisor configuration, " <> sup_data(data)
  defp format_exit_reason(reason), do: inspect(reason)

  defp sup_data({:invalid_type, type}), do: "invalid type: " <> inspect(type)
  defp sup_data({:invalid_strategy, strategy}), do: "invalid strategy: " <> inspect(strategy)
  defp sup_data({:invalid_intensity, n}), do: "invalid max_restarts (intensity): " <> inspect(n)
  defp sup_data({:invalid_period, n}), do: "invalid max_seconds (period): " <> inspect(n)
  defp sup_data({:invalid_max_children, n}), do: "invalid max_children: " <> inspect(n)
  defp sup_data({:invalid_extra_arguments, x}), do: "invalid extra_arguments: " <> inspect(x)
  defp sup_data(other), do: "got: #{inspect(other)}"

  defp sup_spec({:duplicate_child_name, id}) do
    "more than one child specification has the id: #{inspect(id)}.\n" <>
      "If using maps as child specifications, make sure the :id keys are unique.\n" <>
      "If using a module or {module, arg} as child, use Supervisor.child_spec/2 to change the :id, for example:\n\n" <>
      "    children = [\n" <>
      "      Supervisor.child_spec({MyWorker, arg}, id: :my_worker_1),\n" <>
      "      Supervisor.child_spec({MyWorker, arg}, id: :my_worker_2)\n" <>
      "    ]\n"
  end

  defp sup_spec({:invalid_child_spec, spec}), do: "invalid child specification: #{inspect(spec)}"

  defp sup_spec({:invalid_child_type, type}),
    do: "invalid child type: #{inspect(type)}. Must be :worker or :supervisor."

  defp sup_spec({:invalid_mfa, mfa}), do: "invalid mfa: #{inspect(mfa)}"

  defp sup_spec({:invalid_restart_type, restart}),
    do: "invalid restart type: #{inspect(restart)}. Must be :permanent, :transient or :temporary."

  defp sup_spec({:invalid_shutdown, shutdown}),
    do: "invalid shutdown: #{inspect(shutdown)}. Must be an integer >= 0, :infinity or :brutal_kill."

  defp sup_spec({:invalid_module, mod}), do: "invalid module: #{inspect(mod)}. Must be an atom."

  defp sup_spec({:invalid_modules, mods}),
    do: "invalid modules: #{inspect(mods)}. Must be a list of atoms or :dynamic."

  defp sup_spec(other), do: "got: #{inspect(other)}"
end
