defmodule KV do
  @moduledoc """
  Seed 003's distributed key-value store (the Mix & OTP guide's `KV` and
  `KVServer`), on every node:

      KV.Supervisor (one_for_all)
      ├─ KV.BucketSupervisor (DynamicSupervisor; buckets are temporary)
      │  └─ KV.Bucket*       an Agent holding one bucket's map
      ├─ KV.Registry         bucket name → bucket pid, monitored
      └─ KV.RouterTasks      Task.Supervisor: routed requests from other nodes run here

  Two routers, `KV.router(:table | :hash)` (`:hash` by default):

  - `:table` is the guide's: `Application.get_env(:kv, :routing_table)`
    is a list of `{enumerable_of_first_bytes, node}`, and the first byte
    of a bucket's name picks the first entry that holds it (no table: the
    calling node). The bucket is an Agent in that node's registry.
  - `:hash` keeps buckets in the shard fleet (`KV.Store`): the name picks
    a shard and the shard's primary owns the bucket, so buckets move with
    their shards when K or the cluster changes, and
    `Shards.replication/1` keeps copies.

  `KV.command/1` runs one line of the text protocol and gives the reply
  the server would write to its socket.
  """

  @doc "The router in use: `:table` or `:hash`."
  def router, do: Application.get_env(:kv, :router, :hash)

  @doc "Switches the router on every node."
  def router(choice) when choice in [:table, :hash], do: Application.put_env(:kv, :router, choice)

  @doc "Where `bucket`'s requests go now: `{router, node}`."
  def route(bucket) do
    case router() do
      :table -> {:table, KV.Router.table_owner(bucket)}
      :hash -> {:hash, KV.Router.hash_owner(bucket)}
    end
  end

  @doc """
  Runs one protocol line; the reply's bytes. Key operations are recorded,
  as invoked and as answered, for `Sim.linearizable/0`.
  """
  def command(line) do
    id = :otpsim.kv_invoke(line)

    reply =
      case KVServer.Command.parse(line) do
        {:ok, command} -> reply(KVServer.Command.run(command))
        {:error, reason} -> reply({:error, reason})
      end

    if id != nil, do: :otpsim.kv_complete(id, reply)
    reply
  end

  defp reply({:ok, text}), do: text
  defp reply({:error, :unknown_command}), do: "UNKNOWN COMMAND\r\n"
  defp reply({:error, :not_found}), do: "NOT FOUND\r\n"
end

defmodule KV.Supervisor do
  @moduledoc """
  The store's top supervisor, `:one_for_all`: a registry that restarts has
  forgotten every name, so the buckets it knew must go with it.
  """
  use Supervisor

  def start_link(opts \\ []), do: Supervisor.start_link(__MODULE__, opts, name: __MODULE__)

  @impl true
  def init(_opts) do
    children = [
      {DynamicSupervisor, name: KV.BucketSupervisor, strategy: :one_for_one},
      {KV.Registry, name: KV.Registry},
      {Task.Supervisor, name: KV.RouterTasks}
    ]

    Supervisor.init(children, strategy: :one_for_all)
  end
end

defmodule KV.Bucket do
  @moduledoc "One bucket: an Agent holding a map. Temporary: a crashed bucket is gone."
  use Agent, restart: :temporary

  def start_link(_opts), do: Agent.start_link(fn -> %{} end)

  def get(bucket, key), do: Agent.get(bucket, &Map.get(&1, key))
  def put(bucket, key, value), do: Agent.update(bucket, &Map.put(&1, key, value))

  @doc "Deletes `key`, returning the value it had."
  def delete(bucket, key), do: Agent.get_and_update(bucket, &Map.pop(&1, key))
end

defmodule KV.Registry do
  @moduledoc """
  Bucket names to bucket pids, one registry per node. `create/2` is a
  cast, as in the guide: the registry starts the bucket under
  `KV.BucketSupervisor` and monitors it, so a bucket that stops leaves the
  registry at once. A lookup sent after a create is answered after it.
  """
  use GenServer

  def start_link(opts), do: GenServer.start_link(__MODULE__, :ok, opts)

  @doc "`{:ok, pid}` if a bucket named `name` exists, `:error` if not."
  def lookup(server, name), do: GenServer.call(server, {:lookup, name})

  @doc "Makes sure a bucket named `name` exists."
  def create(server, name), do: GenServer.cast(server, {:create, name})

  @impl true
  def init(:ok), do: {:ok, {%{}, %{}}}

  @impl true
  def handle_call({:lookup, name}, _from, {names, _refs} = state) do
    {:reply, Map.fetch(names, name), state}
  end

  @impl true
  def handle_cast({:create, name}, {names, refs}) do
    if Map.has_key?(names, name) do
      {:noreply, {names, refs}}
    else
      {:ok, bucket} = DynamicSupervisor.start_child(KV.BucketSupervisor, KV.Bucket)
      ref = Process.monitor(bucket)
      {:noreply, {Map.put(names, name, bucket), Map.put(refs, ref, name)}}
    end
  end

  @impl true
  def handle_info({:DOWN, ref, :process, _pid, _reason}, {names, refs}) do
    {name, refs} = Map.pop(refs, ref)
    {:noreply, {Map.delete(names, name), refs}}
  end
end

defmodule KV.Router do
  @moduledoc """
  Which node a bucket lives on, and running a request there. Under the
  table router a request for another node runs as a task under that
  node's `KV.RouterTasks` and its answer comes back to the caller; either
  way crosses the network. Each routed request leaves a line in the
  calling node's log (`Sim.log/1`), unless
  `Application.put_env(:kv, :log_routes, false)`.
  """

  @doc "Runs `apply(module, fun, args)` on the node `bucket` routes to."
  def route(bucket, module, fun, args) do
    node = table_owner(bucket)
    log(bucket, node, :table)

    if node == node() do
      apply(module, fun, args)
    else
      {KV.RouterTasks, node}
      |> Task.Supervisor.async(KV.Router, :run_here, [module, fun, args])
      |> Task.await()
    end
  end

  @doc false
  # What a routed request's task runs on the bucket's node.
  def run_here(module, fun, args), do: apply(module, fun, args)

  @doc "The routing table's node for `bucket` (the calling node if no table is set)."
  def table_owner(bucket) do
    case Application.get_env(:kv, :routing_table) do
      nil ->
        node()

      table ->
        first = :binary.first(bucket)

        case Enum.find(table, fn {enumerable, _node} -> first in enumerable end) do
          {_, node} -> node
          nil -> raise "could not find entry for #{inspect(bucket)} in table #{inspect(table)}"
        end
    end
  end

  @doc "The hash router's node for `bucket`: its shard's primary, as this node sees it."
  def hash_owner(bucket), do: :otpsim.shard_owner({:kv, bucket})

  @doc "Notes the route a request takes in this node's log."
  def log(bucket, node, router) do
    if Application.get_env(:kv, :log_routes, true) != false do
      :otpsim.note("KV.Router: #{inspect(bucket)} -> #{inspect(node)} via #{inspect(router)}")
    end

    :ok
  end
end

defmodule KV.Store do
  @moduledoc """
  The hash router's buckets, kept in the shard fleet: a marker
  `{:kv, bucket}` once the bucket is created, and one entry
  `{:kv, bucket, key}` per key. Both go to the shard of the bucket's
  name, so a bucket's keys move together. `DELETE` writes `nil`, a
  tombstone: with last-writer-wins copies a removed key must outrank an
  older value still on its way from a handoff.
  """

  def run(command) do
    bucket = elem(command, 1)
    KV.Router.log(bucket, KV.Router.hash_owner(bucket), :hash)

    case command do
      {:create, bucket} ->
        :ok = Shards.put({:kv, bucket}, true)
        {:ok, "OK\r\n"}

      _ ->
        if Shards.get({:kv, bucket}) == nil, do: {:error, :not_found}, else: run_in(command)
    end
  end

  defp run_in({:get, bucket, key}), do: {:ok, "#{Shards.get({:kv, bucket, key})}\r\nOK\r\n"}

  defp run_in({:put, bucket, key, value}) do
    :ok = Shards.put({:kv, bucket, key}, value)
    {:ok, "OK\r\n"}
  end

  defp run_in({:delete, bucket, key}) do
    :ok = Shards.put({:kv, bucket, key}, nil)
    {:ok, "OK\r\n"}
  end
end

defmodule KVServer.Command do
  @moduledoc "The text protocol: parsing a line, and running a command through the router."

  @doc "Splits a line on whitespace into a command, or `{:error, :unknown_command}`."
  def parse(line) do
    case String.split(line) do
      ["CREATE", bucket] -> {:ok, {:create, bucket}}
      ["GET", bucket, key] -> {:ok, {:get, bucket, key}}
      ["PUT", bucket, key, value] -> {:ok, {:put, bucket, key, value}}
      ["DELETE", bucket, key] -> {:ok, {:delete, bucket, key}}
      _ -> {:error, :unknown_command}
    end
  end

  @doc "Runs a parsed command: `{:ok, reply}` or `{:error, :not_found}`."
  def run(command) do
    case KV.router() do
      :hash -> KV.Store.run(command)
      :table -> run_table(command)
    end
  end

  defp run_table({:create, bucket}) do
    KV.Router.route(bucket, KV.Registry, :create, [KV.Registry, bucket])
    {:ok, "OK\r\n"}
  end

  defp run_table({:get, bucket, key}) do
    lookup(bucket, fn pid -> {:ok, "#{KV.Bucket.get(pid, key)}\r\nOK\r\n"} end)
  end

  defp run_table({:put, bucket, key, value}) do
    lookup(bucket, fn pid ->
      KV.Bucket.put(pid, key, value)
      {:ok, "OK\r\n"}
    end)
  end

  defp run_table({:delete, bucket, key}) do
    lookup(bucket, fn pid ->
      KV.Bucket.delete(pid, key)
      {:ok, "OK\r\n"}
    end)
  end

  defp lookup(bucket, callback) do
    case KV.Router.route(bucket, KV.Registry, :lookup, [KV.Registry, bucket]) do
      {:ok, pid} -> callback.(pid)
      :error -> {:error, :not_found}
    end
  end
end

defmodule KVServer do
  @moduledoc """
  What a client connection's task does with one line: run it and send the
  reply to the client. A line whose command fails (a name outside the
  routing table, a node that cannot be reached) is answered `ERROR`; the
  guide's server would crash the connection instead. The CLI's
  `otpsim kv` feeds its clients' lines here.
  """

  def serve_line(client, line) do
    reply =
      try do
        KV.command(line)
      rescue
        _error -> "ERROR\r\n"
      catch
        :exit, _reason -> "ERROR\r\n"
      end

    send(client, {:kv_reply, self(), reply})
  end
end
