defmodule Shards do
  @moduledoc """
  The shard fleet's client: K shard workers spread over the nodes (native,
  `src/apps/shards/`), whose data moves with them when K or the cluster
  changes. A key's shard is picked by rendezvous hashing over `0..K`, and
  the shard's primary by rendezvous over the nodes the caller can see.

  A request goes to the primary's worker; while shards move the answer
  may be `{:error, :not_owner}` (the shard left that node),
  `{:error, :not_ready}` (a new worker still gathering its keys), or no
  worker at all, so the client asks again every 50 ms for up to ten
  seconds, then exits with `{:shard_unavailable, shard}`. A write is
  acknowledged only once the primary (and, with `Shards.replication/1`,
  every copy) has it.
  """

  @retry_for_ms 10_000
  @retry_every_ms 50

  @doc "Writes `value` under `key`: `:ok` once acknowledged."
  def put(key, value) do
    version = :otpsim.shard_stamp()
    answer = request(key, {:put, key, value, version})
    if answer == :ok, do: :otpsim.shard_acked(key, version)
    answer
  end

  @doc "The value under `key`, or `nil`."
  def get(key), do: request(key, {:get, key})

  defp request(key, message) do
    request(key, message, System.monotonic_time(:millisecond) + @retry_for_ms)
  end

  defp request(key, message, deadline) do
    case ask(key, message) do
      {:error, reason} when reason in [:not_owner, :not_ready] -> again(key, message, deadline)
      :no_answer -> again(key, message, deadline)
      answer -> answer
    end
  end

  defp ask(key, message) do
    case :otpsim.shard_primary(key) do
      {_shard, worker} when is_pid(worker) ->
        try do
          GenServer.call(worker, message, 1_000)
        catch
          :exit, _reason -> :no_answer
        end

      {_shard, nil} ->
        :no_answer
    end
  end

  defp again(key, message, deadline) do
    if System.monotonic_time(:millisecond) >= deadline do
      {shard, _} = :otpsim.shard_primary(key)
      exit({:shard_unavailable, shard})
    else
      Process.sleep(@retry_every_ms)
      request(key, message, deadline)
    end
  end
end

defmodule Shards.Application do
  @moduledoc """
  The shard fleet on one node:

      Shards.Application (one_for_one)
      ├─ Shards.Registry    (Registry, unique keys: shard number → worker)
      ├─ Shards.Supervisor  (DynamicSupervisor; workers are temporary)
      │  └─ Shards.Worker(shard)*
      └─ Shards.Manager     starts the workers this node should hold

  The worker and the manager are native (`src/apps/shards/`): a worker
  keeps versioned copies, hands its keys to the new holders when K or the
  cluster changes, and replicates writes; the manager looks again on node
  events, on a change of K and every second.
  """
  use Supervisor

  def start_link(opts \\ []), do: Supervisor.start_link(__MODULE__, opts, name: __MODULE__)

  @impl true
  def init(_opts) do
    children = [
      {Registry, keys: :unique, name: Shards.Registry},
      {DynamicSupervisor, name: Shards.Supervisor, strategy: :one_for_one},
      Shards.Manager
    ]

    Supervisor.init(children, strategy: :one_for_one)
  end
end
