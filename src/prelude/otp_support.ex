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
    :otpsim.behaviour_module(mod)

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
  Sends `{label, {self(), [:alias | ref]}, request}` to `process` and waits
  for `{[:alias | ref], reply}`: `{:ok, reply}`, or exits with the reason
  the server died with, `{:nodedown, node}` or `:timeout`. The reference
  is the monitor's and an alias of the caller (as OTP 25's `gen:call`
  makes it), so a reply after a timeout is dropped, not left in the
  caller's mailbox.
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
    ref = :erlang.monitor(:process, process, alias: :demonitor)
    tag = [:alias | ref]
    send(process, {label, {self(), tag}, request})

    receive do
      {^tag, reply} ->
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
          {^tag, reply} -> {:ok, reply}
        after
          0 -> exit(:timeout)
        end
    end
  end

  defp node_of(pid) when is_pid(pid), do: node(pid)
  defp node_of({_name, node}), do: node

  @doc "Answers a call: `from` is the `{pid, tag}` the server was given."
  def reply({_pid, [:alias | alias] = tag}, reply) do
    send(alias, {tag, reply})
    :ok
  end

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

  # The words themselves are `Exception`'s (natives shared with iex's
  # own banners).
  defp normalize(reason, stack), do: Exception.normalize(:error, reason, stack)
  defp banner(exception), do: "** (#{inspect(exception.__struct__)}) " <> Exception.message(exception)
  defp format_exit(reason), do: Exception.format_exit(reason)
end

defmodule Exception do
  @moduledoc false
  # `Exception.message/1` asks the exception's own module when it defines
  # `message/1` (a `defexception` of the learner's); Elixir's own
  # exceptions and the other `Exception` functions are natives.

  def message(%module{__exception__: true} = exception) do
    if function_exported?(module, :message, 1) do
      try do
        module.message(exception)
      rescue
        e ->
          "got #{inspect(e.__struct__)} with message #{inspect(Native.Exception.message(e))} " <>
            "while retrieving Exception.message/1 for #{inspect(exception)}"
      else
        text when is_binary(text) -> text
        other ->
          "got #{inspect(other)} while retrieving Exception.message/1 for #{inspect(exception)} (expected a string)"
      end
    else
      Native.Exception.message(exception)
    end
  end
end

defmodule Otpsim.ChildStarter do
  @moduledoc false
  # Starts a child written in Elixir for a supervisor of the simulation's
  # Rust layer, which cannot wait in `receive` itself: applies the child's
  # start function here, hands the new child's link over to the
  # supervisor, and tells it `{:"$otpsim_started", tag, result}`.

  def run(supervisor, tag, m, f, args) do
    result =
      try do
        apply(m, f, args)
      catch
        :exit, reason -> {:error, reason}
        :error, reason -> {:error, {reason, __STACKTRACE__}}
        :throw, value -> {:error, {{:nocatch, value}, __STACKTRACE__}}
      end

    case result do
      {:ok, pid} when is_pid(pid) -> :otpsim.adopt(supervisor, pid)
      {:ok, pid, _info} when is_pid(pid) -> :otpsim.adopt(supervisor, pid)
      _ -> :ok
    end

    send(supervisor, {:"$otpsim_started", tag, result})
  end
end
