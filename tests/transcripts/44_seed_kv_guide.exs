# Seed 003 typed in: the key-value store of the Mix & OTP guide, on one node.
# A bucket is an Agent holding a map.
defmodule KV.Bucket do
  use Agent, restart: :temporary

  def start_link(_opts), do: Agent.start_link(fn -> %{} end)
  def get(bucket, key), do: Agent.get(bucket, &Map.get(&1, key))
  def put(bucket, key, value), do: Agent.update(bucket, &Map.put(&1, key, value))

  def delete(bucket, key) do
    Agent.get_and_update(bucket, fn map -> Map.pop(map, key) end)
  end
end

{:ok, bucket} = KV.Bucket.start_link([])
KV.Bucket.get(bucket, "milk")
KV.Bucket.put(bucket, "milk", 3)
KV.Bucket.get(bucket, "milk")
KV.Bucket.delete(bucket, "milk")
KV.Bucket.get(bucket, "milk")
KV.Bucket.child_spec([])
# Buckets are started on demand under a dynamic supervisor.
{:ok, _} = DynamicSupervisor.start_link(strategy: :one_for_one, name: KV.BucketSupervisor)
# The registry maps names to buckets: an ETS table for reads, a GenServer
# for writes, monitors to forget buckets that stop.
defmodule KV.Registry do
  use GenServer

  def start_link(opts) do
    table = Keyword.fetch!(opts, :name)
    GenServer.start_link(__MODULE__, table, opts)
  end

  def lookup(table, name) do
    case :ets.lookup(table, name) do
      [{^name, pid}] -> {:ok, pid}
      [] -> :error
    end
  end

  def create(server, name), do: GenServer.call(server, {:create, name})

  @impl true
  def init(table) do
    names = :ets.new(table, [:named_table, read_concurrency: true])
    {:ok, {names, %{}}}
  end

  @impl true
  def handle_call({:create, name}, _from, {names, refs}) do
    case lookup(names, name) do
      {:ok, pid} ->
        {:reply, pid, {names, refs}}

      :error ->
        {:ok, pid} = DynamicSupervisor.start_child(KV.BucketSupervisor, KV.Bucket)
        ref = Process.monitor(pid)
        :ets.insert(names, {name, pid})
        {:reply, pid, {names, Map.put(refs, ref, name)}}
    end
  end

  @impl true
  def handle_info({:DOWN, ref, :process, _pid, _reason}, {names, refs}) do
    {name, refs} = Map.pop(refs, ref)
    :ets.delete(names, name)
    {:noreply, {names, refs}}
  end

  def handle_info(_msg, state), do: {:noreply, state}
end

{:ok, _} = KV.Registry.start_link(name: KV.Registry)
KV.Registry.lookup(KV.Registry, "shopping")
shopping = KV.Registry.create(KV.Registry, "shopping")
{:ok, ^shopping} = KV.Registry.lookup(KV.Registry, "shopping")
KV.Bucket.put(shopping, "eggs", 12)
KV.Bucket.get(shopping, "eggs")
KV.Registry.create(KV.Registry, "shopping") == shopping
DynamicSupervisor.count_children(KV.BucketSupervisor)
Agent.stop(shopping)
# The :DOWN message reaches the registry; a call after it sees the effect.
KV.Registry.create(KV.Registry, "other") |> is_pid()
KV.Registry.lookup(KV.Registry, "shopping")
:ets.tab2list(KV.Registry) |> Enum.map(&elem(&1, 0))
# A crashed bucket is not restarted (restart: :temporary) and is forgotten.
{:ok, other} = KV.Registry.lookup(KV.Registry, "other")
Process.exit(other, :shutdown)
Process.sleep(10)
KV.Registry.lookup(KV.Registry, "other")
DynamicSupervisor.count_children(KV.BucketSupervisor)
# The text protocol: parse a line into a command, run it.
defmodule KVServer.Command do
  def parse(line) do
    case String.split(line) do
      ["CREATE", bucket] -> {:ok, {:create, bucket}}
      ["GET", bucket, key] -> {:ok, {:get, bucket, key}}
      ["PUT", bucket, key, value] -> {:ok, {:put, bucket, key, value}}
      ["DELETE", bucket, key] -> {:ok, {:delete, bucket, key}}
      _ -> {:error, :unknown_command}
    end
  end

  def run({:create, bucket}) do
    KV.Registry.create(KV.Registry, bucket)
    {:ok, "OK\r\n"}
  end

  def run({:get, bucket, key}) do
    lookup(bucket, fn pid -> {:ok, "#{KV.Bucket.get(pid, key)}\r\nOK\r\n"} end)
  end

  def run({:put, bucket, key, value}) do
    lookup(bucket, fn pid ->
      KV.Bucket.put(pid, key, value)
      {:ok, "OK\r\n"}
    end)
  end

  def run({:delete, bucket, key}) do
    lookup(bucket, fn pid ->
      KV.Bucket.delete(pid, key)
      {:ok, "OK\r\n"}
    end)
  end

  defp lookup(bucket, callback) do
    case KV.Registry.lookup(KV.Registry, bucket) do
      {:ok, pid} -> callback.(pid)
      :error -> {:error, :not_found}
    end
  end
end

KVServer.Command.parse("CREATE shopping\r\n")
KVServer.Command.parse("PUT shopping milk 1")
KVServer.Command.parse("GET shopping")
KVServer.Command.parse("WHAT")
serve = fn line -> with {:ok, command} <- KVServer.Command.parse(line), do: KVServer.Command.run(command) end
serve.("CREATE shopping\r\n")
serve.("PUT shopping milk 1\r\n")
serve.("GET shopping milk\r\n")
serve.("DELETE shopping milk\r\n")
serve.("GET shopping milk\r\n")
serve.("GET nothing milk\r\n")
serve.("HELLO\r\n")
# A supervisor for the whole store.
defmodule KV.Supervisor do
  use Supervisor

  def start_link(opts), do: Supervisor.start_link(__MODULE__, :ok, opts)

  @impl true
  def init(:ok) do
    children = [
      {DynamicSupervisor, name: KV.BucketSupervisor2, strategy: :one_for_one},
      {KV.Registry, name: KV.Registry2}
    ]

    Supervisor.init(children, strategy: :one_for_all)
  end
end

{:ok, sup} = KV.Supervisor.start_link([])
Supervisor.which_children(sup) |> Enum.map(fn {id, _, type, mods} -> {id, type, mods} end)
Supervisor.count_children(sup)
