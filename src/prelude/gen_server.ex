defmodule GenServer do
  @moduledoc """
  A generic server: Elixir 1.14's `GenServer` API on top of a server
  loop written as OTP's `gen_server` (same messages, replies, exit
  reasons and crash reports), so it talks to the built-in native servers
  and they to it.
  """

  ## Client API

  @doc "Starts a server linked to the caller; waits for `init/1`."
  def start_link(module, init_arg, options \\ []) when is_atom(module) and is_list(options) do
    do_start(:link, module, init_arg, options)
  end

  @doc "Starts a server without a link; waits for `init/1`."
  def start(module, init_arg, options \\ []) when is_atom(module) and is_list(options) do
    do_start(:nolink, module, init_arg, options)
  end

  defp do_start(link, module, init_arg, options) do
    {name, opts} = Keyword.pop(options, :name)

    case name do
      nil ->
        Otpsim.Gen.start(__MODULE__, link, nil, module, init_arg, opts)

      atom when is_atom(atom) ->
        Otpsim.Gen.start(__MODULE__, link, atom, module, init_arg, opts)

      {:global, _term} = tuple ->
        Otpsim.Gen.start(__MODULE__, link, tuple, module, init_arg, opts)

      {:via, via_module, _term} = tuple when is_atom(via_module) ->
        Otpsim.Gen.start(__MODULE__, link, tuple, module, init_arg, opts)

      other ->
        raise ArgumentError, """
        expected :name option to be one of the following:

          * nil
          * atom
          * {:global, term}
          * {:via, module, term}

        Got: #{inspect(other)}
        """
    end
  end

  @doc "Stops the server with `reason` and waits for it to terminate."
  def stop(server, reason \\ :normal, timeout \\ :infinity) do
    case whereis(server) do
      nil ->
        exit({:noproc, {__MODULE__, :stop, [server, reason, timeout]}})

      pid when pid == self() ->
        exit({:calling_self, {__MODULE__, :stop, [server, reason, timeout]}})

      pid ->
        try do
          Otpsim.ProcLib.stop(pid, reason, timeout)
        catch
          :exit, err -> exit({err, {__MODULE__, :stop, [server, reason, timeout]}})
        end
    end
  end

  @doc "Sends `request` to the server and waits for its reply."
  def call(server, request, timeout \\ 5000)
      when (is_integer(timeout) and timeout >= 0) or timeout == :infinity do
    case whereis(server) do
      nil ->
        exit({:noproc, {__MODULE__, :call, [server, request, timeout]}})

      pid when pid == self() ->
        exit({:calling_self, {__MODULE__, :call, [server, request, timeout]}})

      pid ->
        try do
          Otpsim.Gen.call(pid, :"$gen_call", request, timeout)
        catch
          :exit, reason -> exit({reason, {__MODULE__, :call, [server, request, timeout]}})
        else
          {:ok, res} -> res
        end
    end
  end

  @doc "Sends `request` to the server without waiting. Always `:ok`."
  def cast(server, request)

  def cast({:global, name}, request) do
    case Otpsim.Gen.whereis({:global, name}) do
      pid when is_pid(pid) -> do_send(pid, cast_msg(request))
      _ -> :ok
    end
  end

  def cast({:via, mod, name}, request) do
    try do
      mod.send(name, cast_msg(request))
      :ok
    catch
      _, _ -> :ok
    end
  end

  def cast({name, node}, request) when is_atom(name) and is_atom(node),
    do: do_send({name, node}, {:"$gen_cast", request})

  def cast(dest, request) when is_atom(dest) or is_pid(dest),
    do: do_send(dest, {:"$gen_cast", request})

  @doc "Casts `request` to the server registered as `name` on each node."
  def abcast(nodes \\ [node() | Node.list()], name, request) when is_list(nodes) and is_atom(name) do
    msg = cast_msg(request)
    each_node(nodes, fn node -> do_send({name, node}, msg) end)
    :abcast
  end

  defp each_node([], _fun), do: :ok

  defp each_node([node | rest], fun) do
    fun.(node)
    each_node(rest, fun)
  end

  defp cast_msg(req), do: {:"$gen_cast", req}

  defp do_send(dest, msg) do
    try do
      send(dest, msg)
      :ok
    catch
      _, _ -> :ok
    end
  end

  @doc """
  Calls the server registered as `name` on each node: `{replies,
  bad_nodes}` with `replies` as `{node, reply}`.
  """
  def multi_call(nodes \\ [node() | Node.list()], name, request, timeout \\ :infinity) do
    multi_call_each(nodes, name, request, timeout, [], [])
  end

  defp multi_call_each([], _name, _request, _timeout, replies, bad) do
    {:lists.reverse(replies), :lists.reverse(bad)}
  end

  defp multi_call_each([node | rest], name, request, timeout, replies, bad) do
    server = if node == node(), do: Process.whereis(name), else: {name, node}

    result =
      if server == nil do
        :bad
      else
        try do
          Otpsim.Gen.call(server, :"$gen_call", request, timeout)
        catch
          :exit, _ -> :bad
        end
      end

    case result do
      {:ok, reply} -> multi_call_each(rest, name, request, timeout, [{node, reply} | replies], bad)
      :bad -> multi_call_each(rest, name, request, timeout, replies, [node | bad])
    end
  end

  @doc "Replies to a client (the `from` given to `handle_call/3`). Always `:ok`."
  def reply(client, reply), do: Otpsim.Gen.reply(client, reply)

  @doc "The pid (or `{name, node}`) of a server, `nil` if none."
  def whereis(server)
  def whereis(pid) when is_pid(pid), do: pid
  def whereis(name) when is_atom(name), do: Process.whereis(name)

  def whereis({:global, _} = name), do: Otpsim.Gen.whereis(name)
  def whereis({:via, mod, _} = name) when mod == Registry or mod == :global,
    do: Otpsim.Gen.whereis(name)

  def whereis({:via, mod, name}) do
    case apply(mod, :whereis_name, [name]) do
      pid when is_pid(pid) -> pid
      _ -> nil
    end
  end

  def whereis({name, local}) when is_atom(name) and local == node(), do: Process.whereis(name)
  def whereis({name, node} = server) when is_atom(name) and is_atom(node), do: server

  ## The server (what :gen_server runs in the server process)

  @doc false
  def init_it(starter, parent, name0, mod, args, _opts) do
    name = Otpsim.Gen.name(name0)
    Process.put(:"$initial_call", {mod, :init, 1})

    case init_callback(mod, args) do
      {:ok, {:ok, state}} ->
        Otpsim.ProcLib.init_ack(starter, {:ok, self()})
        loop(parent, name, state, mod, :infinity)

      {:ok, {:ok, state, timeout}} ->
        Otpsim.ProcLib.init_ack(starter, {:ok, self()})
        loop(parent, name, state, mod, timeout)

      {:ok, {:stop, reason}} ->
        Otpsim.Gen.unregister_name(name0)
        Otpsim.ProcLib.init_ack(starter, {:error, reason})
        exit(reason)

      {:ok, :ignore} ->
        Otpsim.Gen.unregister_name(name0)
        Otpsim.ProcLib.init_ack(starter, :ignore)
        exit(:normal)

      {:ok, other} ->
        error = {:bad_return_value, other}
        Otpsim.ProcLib.init_ack(starter, {:error, error})
        exit(error)

      {:EXIT, kind, reason, stack} ->
        Otpsim.Gen.unregister_name(name0)
        Otpsim.ProcLib.init_ack(starter, {:error, terminate_reason(kind, reason, stack)})
        :erlang.raise(kind, reason, stack)
    end
  end

  defp init_callback(mod, args) do
    try do
      {:ok, mod.init(args)}
    catch
      :throw, value -> {:ok, value}
      kind, reason -> {:EXIT, kind, reason, __STACKTRACE__}
    end
  end

  # The receive loop. `time` is what the last callback asked for:
  # `:infinity`, milliseconds before a `:timeout` message, `:hibernate`
  # (nothing to save here: the same as `:infinity`) or `{:continue, arg}`.
  # `:infinity` is tested first: it is what nearly every callback asks for.
  defp loop(parent, name, state, mod, :infinity) do
    receive do
      msg ->
        # decode_msg/6, inlined: this is every message's path. A cast is
        # tested first (the patterns exclude each other), and the usual
        # `{:noreply, state}` loops again without going through
        # common_reply/7.
        case msg do
          {:"$gen_cast", request} ->
            # dispatch_cast/3, inlined: no frame of its own per message.
            reply =
              try do
                mod.handle_cast(request, state)
              catch
                kind, reason ->
                  {:"$gen_caught",
                   caught(kind, reason, __STACKTRACE__, mod, :handle_cast, request, state)}
              end

            case reply do
              {:noreply, new_state} -> loop(parent, name, new_state, mod, :infinity)
              reply -> common_reply(unwrap(reply), parent, name, nil, msg, mod, state)
            end

          {:system, from, request} ->
            system_msg(request, from, parent, name, state, mod, :infinity)

          {:EXIT, ^parent, reason} ->
            terminate(:exit, reason, [], false, name, nil, msg, mod, state)

          {:"$gen_call", from, request} ->
            handle_msg({:"$gen_call", from, request}, parent, name, state, mod)

          _ ->
            # dispatch_info/3, inlined likewise.
            reply =
              try do
                mod.handle_info(msg, state)
              catch
                kind, reason ->
                  {:"$gen_caught",
                   caught(kind, reason, __STACKTRACE__, mod, :handle_info, msg, state)}
              end

            case reply do
              {:noreply, new_state} -> loop(parent, name, new_state, mod, :infinity)
              reply -> common_reply(unwrap(reply), parent, name, nil, msg, mod, state)
            end
        end
    end
  end

  defp loop(parent, name, state, mod, {:continue, arg} = msg) do
    reply = dispatch(mod, :handle_continue, arg, state)
    common_reply(reply, parent, name, nil, msg, mod, state)
  end

  defp loop(parent, name, state, mod, :hibernate), do: loop(parent, name, state, mod, :infinity)

  defp loop(parent, name, state, mod, time) do
    msg =
      receive do
        input -> input
      after
        time -> :timeout
      end

    decode_msg(msg, parent, name, state, mod, time)
  end

  defp decode_msg(msg, parent, name, state, mod, time) do
    case msg do
      {:system, from, request} ->
        system_msg(request, from, parent, name, state, mod, time)

      {:EXIT, ^parent, reason} ->
        terminate(:exit, reason, [], false, name, nil, msg, mod, state)

      _ ->
        handle_msg(msg, parent, name, state, mod)
    end
  end

  defp system_msg(request, from, parent, name, state, mod, time) do
    case :sys.handle(request, state, mod, parent) do
      {:reply, answer, new_state} ->
        Otpsim.Gen.reply(from, answer)
        loop(parent, name, new_state, mod, time)

      {:suspend, state} ->
        Otpsim.Gen.reply(from, :ok)
        suspended(parent, name, state, mod, time)

      {:terminate, reason} ->
        terminate(:exit, reason, [], false, name, nil, [], mod, state)
    end
  end

  # Suspended by `:sys.suspend/1`: only system messages until resumed.
  defp suspended(parent, name, state, mod, time) do
    receive do
      {:system, from, :resume} ->
        Otpsim.Gen.reply(from, :ok)
        loop(parent, name, state, mod, time)

      {:system, from, request} ->
        case :sys.handle(request, state, mod, parent) do
          {:reply, answer, new_state} ->
            Otpsim.Gen.reply(from, answer)
            suspended(parent, name, new_state, mod, time)

          {:suspend, state} ->
            Otpsim.Gen.reply(from, :ok)
            suspended(parent, name, state, mod, time)

          {:terminate, reason} ->
            terminate(:exit, reason, [], false, name, nil, [], mod, state)
        end

      {:EXIT, ^parent, reason} = msg ->
        terminate(:exit, reason, [], false, name, nil, msg, mod, state)
    end
  end

  defp handle_msg({:"$gen_call", from, request}, parent, name, state, mod) do
    case call_callback(mod, request, from, state) do
      {:ok, {:reply, reply, new_state}} ->
        reply(from, reply)
        loop(parent, name, new_state, mod, :infinity)

      {:ok, {:reply, reply, new_state, time}} ->
        reply(from, reply)
        loop(parent, name, new_state, mod, time)

      {:ok, {:stop, reason, reply, new_state}} ->
        try do
          terminate(:exit, reason, [], false, name, from, request, mod, new_state)
        after
          reply(from, reply)
        end

      other ->
        common_reply(other, parent, name, from, request, mod, state)
    end
  end

  defp handle_msg({:"$gen_cast", request} = msg, parent, name, state, mod) do
    reply = dispatch_cast(mod, request, state)
    common_reply(unwrap(reply), parent, name, nil, msg, mod, state)
  end

  defp handle_msg(msg, parent, name, state, mod) do
    reply = dispatch_info(mod, msg, state)
    common_reply(unwrap(reply), parent, name, nil, msg, mod, state)
  end

  defp common_reply(reply, parent, name, from, msg, mod, state) do
    case reply do
      {:ok, {:noreply, new_state}} ->
        loop(parent, name, new_state, mod, :infinity)

      {:ok, {:noreply, new_state, time}} ->
        loop(parent, name, new_state, mod, time)

      {:ok, {:stop, reason, new_state}} ->
        terminate(:exit, reason, [], false, name, from, msg, mod, new_state)

      {:EXIT, kind, reason, stack} ->
        terminate(kind, reason, stack, true, name, from, msg, mod, state)

      {:ok, bad} ->
        terminate(:exit, {:bad_return_value, bad}, [], false, name, from, msg, mod, state)
    end
  end

  defp call_callback(mod, request, from, state) do
    try do
      {:ok, mod.handle_call(request, from, state)}
    catch
      :throw, value -> {:ok, value}
      kind, reason -> {:EXIT, kind, reason, __STACKTRACE__}
    end
  end

  # A cast's and an info's path, one function per callback: a remote
  # call each, not apply/3 (no argument list to build), and no test of
  # which callback it is; `loop/5` without a timeout has both inlined,
  # so there a message costs no frame of its own. The callback's reply
  # comes back as it is, not in an `{:ok, reply}` made for each message;
  # what `caught/7` makes of a raise, exit or throw comes back tagged
  # `:"$gen_caught"`, which no callback returns. `unwrap/1` gives
  # `common_reply/7` either as `dispatch/4` would have.
  defp dispatch_cast(mod, msg, state) do
    try do
      mod.handle_cast(msg, state)
    catch
      kind, reason ->
        {:"$gen_caught", caught(kind, reason, __STACKTRACE__, mod, :handle_cast, msg, state)}
    end
  end

  defp dispatch_info(mod, msg, state) do
    try do
      mod.handle_info(msg, state)
    catch
      kind, reason ->
        {:"$gen_caught", caught(kind, reason, __STACKTRACE__, mod, :handle_info, msg, state)}
    end
  end

  defp unwrap({:"$gen_caught", result}), do: result
  defp unwrap(reply), do: {:ok, reply}

  defp dispatch(mod, fun, msg, state) do
    try do
      {:ok, apply(mod, fun, [msg, state])}
    catch
      kind, reason -> caught(kind, reason, __STACKTRACE__, mod, fun, msg, state)
    end
  end

  # What a callback that raised, exited or threw gives the loop: a throw
  # is its reply, and a message to a module without `handle_info/2` is
  # dropped. OTP logs that at warning level in its own domain, which
  # Elixir 1.14's console does not show (checked against iex), so
  # nothing is printed here either.
  defp caught(:throw, value, _stack, _mod, _fun, _msg, _state), do: {:ok, value}

  defp caught(:error, :undef, stack, mod, fun, _msg, state) do
    case {fun, stack} do
      {:handle_info, [{^mod, :handle_info, _, _} | _]} -> {:ok, {:noreply, state}}
      _ -> {:EXIT, :error, :undef, stack}
    end
  end

  defp caught(kind, reason, stack, _mod, _fun, _msg, _state), do: {:EXIT, kind, reason, stack}

  # Runs `terminate/2`, reports a crash (unless the reason is `:normal`,
  # `:shutdown` or `{:shutdown, _}`), and exits as the server must.
  defp terminate(kind, reason, stack, report_stack?, name, from, msg, mod, state) do
    case terminate_callback(mod, terminate_reason(kind, reason, stack), state) do
      {:EXIT, k, r, s} ->
        Otpsim.Report.gen_server_terminate(name, k, r, s, from, msg, state)
        :erlang.raise(k, r, s)

      :ok ->
        if not clean_exit?(kind, reason) do
          shown_stack = if report_stack?, do: stack, else: []
          Otpsim.Report.gen_server_terminate(name, kind, reason, shown_stack, from, msg, state)
        end

        :erlang.raise(kind, reason, stack)
    end
  end

  defp clean_exit?(:exit, :normal), do: true
  defp clean_exit?(:exit, :shutdown), do: true
  defp clean_exit?(:exit, {:shutdown, _}), do: true
  defp clean_exit?(_, _), do: false

  defp terminate_callback(mod, reason, state) do
    try do
      mod.terminate(reason, state)
      :ok
    catch
      :throw, _ ->
        :ok

      :error, :undef ->
        case __STACKTRACE__ do
          [{^mod, :terminate, _, _} | _] -> :ok
          stack -> {:EXIT, :error, :undef, stack}
        end

      kind, reason ->
        {:EXIT, kind, reason, __STACKTRACE__}
    end
  end

  defp terminate_reason(:error, reason, stack), do: {reason, stack}
  defp terminate_reason(:exit, reason, _stack), do: reason
  defp terminate_reason(:throw, value, stack), do: {{:nocatch, value}, stack}
end
