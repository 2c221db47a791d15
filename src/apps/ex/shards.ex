defmodule Shards do
  @moduledoc """
  The shard fleet's client: K shard workers spread over the nodes
  (`Shards.Worker` below), whose data moves with them when K or the
  cluster changes. A key's shard is picked by rendezvous hashing over `0..K`, and
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

  @doc """
  Starts `writers` load writers (`Shards.Writer`) spread over this node and
  the nodes it sees, each making `writes` writes over `keys` keys of its
  own: `[{:ok, pid}]`.
  """
  def load(writers, writes, keys)
      when writers in 1..1_000 and writes in 0..1_000_000 and is_integer(keys) and keys >= 1 do
    nodes = Enum.sort([node() | Node.list()])

    for id <- 0..(writers - 1) do
      node = Enum.at(nodes, rem(id, length(nodes)))
      :rpc.call(node, Shards.Writer, :start, [id, writes, keys])
    end
  end

  @doc "The last acknowledged value of each key a writer wrote."
  def acked(writer), do: GenServer.call(writer, :acked)

  @doc "True once a writer made all its writes."
  def done?(writer), do: GenServer.call(writer, :done?)

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

  A worker keeps versioned copies, copies writes to the other holders,
  and hands its keys to their new holders when K or the cluster changes;
  the manager looks again on node events and on a change of K. Hashing
  (which shard a key is in, which nodes hold a shard) is native:
  `:otpsim.shard_of/2` and `:otpsim.shard_holders/2`.
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

defmodule Shards.Worker do
  @moduledoc """
  One shard's data on one node: `%{key => {value, version}}`.

  A version is stamped by the client when it makes a write
  (`:otpsim.shard_stamp/0`: virtual time, then event number, then node)
  and merging keeps the higher one, so a copy may arrive in any order,
  twice, or late and do no harm.

  - The primary (first of the shard's holders) serves reads and writes;
    a write is answered once every other holder confirmed its copy.
  - A new worker first asks every worker it can reach for the keys that
    are its shard's now (a restarted node's worker starts empty; after a
    change of K the keys are still in the old shards) and answers
    `{:error, :not_ready}` to reads until they all answered or a second
    passed.
  - On `:check` it looks where its keys belong now: a holder that is new
    (or whose worker is new) gets a copy of everything; keys of another
    shard, or all of them if this node holds the shard no more, are
    handed to their holders and dropped only when the new primary
    confirms. An unconfirmed handoff is sent again after three seconds.
    A worker that holds nothing it should not stops.
  """
  use GenServer, restart: :temporary

  @pull_for_ms 1_000
  @resend_after_ms 3_000
  @check_again_ms 1_000

  def start_link(shard) do
    GenServer.start_link(__MODULE__, shard, name: {:via, Registry, {Shards.Registry, shard}})
  end

  @impl true
  def init(shard) do
    {_k, copies} = :otpsim.shard_config()
    me = self()
    peers = :otpsim.shard_workers() -- [me]
    Enum.each(peers, &send(&1, {:shard_pull, shard, me}))

    {:ok,
     %{
       shard: shard,
       data: %{},
       # write tag => {caller, confirmations still to come}
       replicating: %{},
       # handoff tag => %{keys: [{key, version}], whole: bool, sent_at: ms}
       handoffs: %{},
       # the holders last seen, each with the worker it ran: [{node, pid | nil}]
       known: with_workers(:otpsim.shard_holders(shard, copies), shard),
       # {workers that have not answered the pull, until when to wait} or nil
       pulling: if(peers == [], do: nil, else: {peers, now() + @pull_for_ms}),
       # a check of its own is due (something is not settled yet)
       again: false
     }}
  end

  @impl true
  def handle_call(request, from, state) do
    if primary?(state) do
      serve(request, from, %{state | pulling: still_pulling(state.pulling)})
    else
      {:reply, {:error, :not_owner}, state}
    end
  end

  defp serve({:get, _key}, _from, %{pulling: {_, _}} = state),
    do: {:reply, {:error, :not_ready}, state}

  defp serve({:get, key}, _from, state) do
    case Map.fetch(state.data, key) do
      {:ok, {value, _version}} -> {:reply, value, state}
      :error -> {:reply, nil, state}
    end
  end

  defp serve({:put, key, value, {_, _, _} = version}, from, state) do
    state = %{state | data: merge(state.data, key, value, version)}
    {_k, copies} = :otpsim.shard_config()
    [_primary | others] = :otpsim.shard_holders(state.shard, copies)
    replicas = for node <- others, pid = :otpsim.shard_worker(node, state.shard), pid != nil, do: pid

    if replicas == [] do
      {:reply, :ok, state}
    else
      tag = make_ref()
      Enum.each(replicas, &send(&1, {:shard_sync, state.shard, [{key, value, version}], tag, self()}))
      {:noreply, %{state | replicating: Map.put(state.replicating, tag, {from, length(replicas)})}}
    end
  end

  defp serve(_request, _from, state), do: {:reply, {:error, :bad_request}, state}

  @impl true
  def handle_info({:shard_sync, _shard, entries, ack, from}, state) when is_list(entries) do
    if ack != nil, do: send(from, {:shard_synced, ack})
    {:noreply, %{state | data: merge_all(state.data, entries)}}
  end

  # A new worker of `shard` asks for the keys that are its now.
  def handle_info({:shard_pull, shard, asker}, state) do
    {k, _copies} = :otpsim.shard_config()
    send(asker, {:shard_pulled, entries_of(state.data, shard, k), self()})
    {:noreply, state}
  end

  def handle_info({:shard_pulled, entries, from}, state) when is_list(entries) do
    pulling =
      case state.pulling do
        {waiting, until} -> if waiting == [from], do: nil, else: {List.delete(waiting, from), until}
        nil -> nil
      end

    {:noreply, %{state | data: merge_all(state.data, entries), pulling: pulling}}
  end

  def handle_info({:shard_synced, tag}, state) do
    case Map.fetch(state.replicating, tag) do
      {:ok, {caller, 1}} ->
        GenServer.reply(caller, :ok)
        {:noreply, %{state | replicating: Map.delete(state.replicating, tag)}}

      {:ok, {caller, left}} ->
        {:noreply, %{state | replicating: Map.put(state.replicating, tag, {caller, left - 1})}}

      :error ->
        confirmed(tag, state)
    end
  end

  def handle_info(:check, state), do: check(state)
  def handle_info(:check_again, state), do: check(%{state | again: false})
  def handle_info(_other, state), do: {:noreply, state}

  defp check(state) do
    now = now()
    {k, copies} = :otpsim.shard_config()
    handoffs = Map.filter(state.handoffs, fn {_, p} -> now - p.sent_at < @resend_after_ms end)
    state = %{state | handoffs: handoffs}
    holders = if state.shard < k, do: :otpsim.shard_holders(state.shard, copies), else: []
    staying = node() in holders

    moving =
      Enum.flat_map(state.data, fn {key, {value, version}} ->
        target = :otpsim.shard_of(key, k)
        if target != state.shard or not staying, do: [{target, {key, value, version}}], else: []
      end)

    {state, settled} = copy_to_new_holders(state, holders, staying, k)

    state =
      moving
      |> Enum.group_by(&elem(&1, 0), &elem(&1, 1))
      |> Enum.reduce(state, fn {target, entries}, acc ->
        hand_off(acc, target, entries, copies, staying, now)
      end)

    cond do
      not staying and state.data == %{} and state.handoffs == %{} ->
        {:stop, :normal, state}

      (settled and moving == [] and state.handoffs == %{}) or state.again ->
        {:noreply, state}

      true ->
        Process.send_after(self(), :check_again, @check_again_ms)
        {:noreply, %{state | again: true}}
    end
  end

  # While this node keeps the shard, a holder that is new, or whose worker
  # is new (its node crashed and came back), gets a copy of everything.
  # The holders are remembered only once every one of them was reached.
  defp copy_to_new_holders(state, holders, staying, k) do
    now_known = with_workers(holders, state.shard)

    if staying and now_known != state.known and state.data != %{} do
      all = entries_of(state.data, state.shard, k)
      fresh = Enum.filter(now_known, fn {n, _} = h -> n != node() and h not in state.known end)
      for {_, pid} <- fresh, pid != nil, do: send(pid, {:shard_sync, state.shard, all, nil, self()})

      if Enum.all?(fresh, fn {_, pid} -> pid != nil end),
        do: {%{state | known: now_known}, true},
        else: {state, false}
    else
      {%{state | known: now_known}, true}
    end
  end

  # Sends `entries` to every holder of `target`, asking its primary to
  # confirm; not while the primary has no worker yet, nor while an earlier
  # handoff of these keys is unconfirmed.
  defp hand_off(state, target, entries, copies, staying, now) do
    [first | _] = holders = :otpsim.shard_holders(target, copies)
    primary = :otpsim.shard_worker(first, target)

    in_flight? =
      Enum.any?(state.handoffs, fn {_, p} ->
        Enum.any?(p.keys, fn {key, _} -> List.keymember?(entries, key, 0) end)
      end)

    if primary == nil or in_flight? do
      state
    else
      tag = make_ref()

      for node <- holders, pid = :otpsim.shard_worker(node, target), pid != nil do
        send(pid, {:shard_sync, target, entries, if(pid == primary, do: tag), self()})
      end

      :otpsim.shard_moved(target, holders, length(entries))
      keys = for {key, _value, version} <- entries, do: {key, version}
      pending = %{keys: keys, whole: not staying, sent_at: now}
      %{state | handoffs: Map.put(state.handoffs, tag, pending)}
    end
  end

  # The new primary has a handoff: drop what was sent, unless it belongs
  # here again (K or the nodes may have changed back since) or a newer
  # write came in meanwhile.
  defp confirmed(tag, state) do
    case Map.pop(state.handoffs, tag) do
      {nil, _} ->
        {:noreply, state}

      {pending, handoffs} ->
        {k, copies} = :otpsim.shard_config()
        staying = state.shard < k and node() in :otpsim.shard_holders(state.shard, copies)

        data =
          Enum.reduce(pending.keys, state.data, fn {key, version}, data ->
            cond do
              staying and :otpsim.shard_of(key, k) == state.shard -> data
              match?({:ok, {_, ^version}}, Map.fetch(data, key)) -> Map.delete(data, key)
              true -> data
            end
          end)

        state = %{state | data: data, handoffs: handoffs}

        if pending.whole and data == %{} and handoffs == %{},
          do: {:stop, :normal, state},
          else: {:noreply, state}
    end
  end

  defp primary?(state) do
    {k, copies} = :otpsim.shard_config()
    state.shard < k and hd(:otpsim.shard_holders(state.shard, copies)) == node()
  end

  defp still_pulling({_, until} = pulling), do: if(now() >= until, do: nil, else: pulling)
  defp still_pulling(nil), do: nil

  defp with_workers(nodes, shard), do: for(n <- nodes, do: {n, :otpsim.shard_worker(n, shard)})

  defp entries_of(data, shard, k) do
    for {key, {value, version}} <- data, :otpsim.shard_of(key, k) == shard, do: {key, value, version}
  end

  defp merge_all(data, entries) do
    Enum.reduce(entries, data, fn
      {key, value, {_, _, _} = version}, acc -> merge(acc, key, value, version)
      _other, acc -> acc
    end)
  end

  defp merge(data, key, value, version) do
    case Map.fetch(data, key) do
      {:ok, {_, have}} when have >= version -> data
      _ -> Map.put(data, key, {value, version})
    end
  end

  defp now, do: System.monotonic_time(:millisecond)
end

defmodule Shards.Manager do
  @moduledoc """
  Makes its node hold the shards it should: starts a worker for each shard
  this node holds and has none, and tells every local worker to `:check`
  where its keys belong. On the first `:nodeup` or `:nodedown` of a burst
  (or the `:nodeup` of a node that went down in it, as when one restarts)
  its workers check at once, and it looks again a moment later (a forming
  mesh or a split is a burst of node events, looked at once); it also
  looks on a `:reconcile` nudge (`Shards.set_k/1`, `Shards.replication/1`),
  when a worker it watches goes down, and every second for five looks
  after a change; a settled cluster costs nothing.

  Its first look, too, waits that moment: a node boots into a cluster
  that forms around it within milliseconds, and looking at once it
  would see itself alone, start every shard, and hand each off again as
  the others appear (on a thousand nodes booting together, eight
  thousand workers started and stopped for eight that stay).
  """
  use GenServer

  @tick_ms 1_000
  @settle_ms 100
  @looks_after_change 5

  def start_link(_opts \\ []), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)

  @impl true
  def init(nil) do
    :ok = :net_kernel.monitor_nodes(true)
    # config: the {k, copies} last acted on; nodes_changed: a node event
    # came since; mine: the shards this node holds; watched: worker pid =>
    # monitor; ticking / looking: a :tick / :look is on its way (the first
    # one is); gone: the nodes that went down since the last look.
    state = %{
      gone: %{},
      config: nil,
      nodes_changed: true,
      mine: [],
      quiet: 0,
      watched: %{},
      ticking: false,
      looking: true
    }

    Process.send_after(self(), :look, @settle_ms)
    {:ok, state}
  end

  @impl true
  # The first node event of a burst makes the workers re-check at once, and
  # so does a node that comes back after going down within the burst (a
  # restarted node's new, empty workers need their copies before clients
  # read from them); the rest of the burst waits for the look a moment
  # later, which hashes again which shards this node holds and has every
  # worker check once more. A forming mesh of a thousand nodes is a
  # thousand nodeups per node: while a look is on its way, each costs a
  # lookup in the (then empty) map of nodes gone in the burst, nothing more.
  def handle_info({:nodeup, node}, state) do
    if not state.looking or Map.has_key?(state.gone, node), do: check_workers()
    look_soon(state)
  end

  def handle_info({:nodedown, node}, state) do
    if not state.looking, do: check_workers()
    look_soon(%{state | gone: Map.put(state.gone, node, true)})
  end

  def handle_info(:look, state), do: {:noreply, look(%{state | looking: false, gone: %{}})}
  def handle_info(:reconcile, state), do: {:noreply, look(state)}
  def handle_info(:tick, state), do: {:noreply, look(%{state | ticking: false})}

  def handle_info({:DOWN, _ref, :process, pid, _reason}, state) do
    {:noreply, look(%{state | watched: Map.delete(state.watched, pid)})}
  end

  def handle_info(_other, state), do: {:noreply, state}

  # A node event: the next look hashes again, and is on its way.
  defp look_soon(%{looking: true, nodes_changed: true} = state), do: {:noreply, state}
  defp look_soon(%{looking: true} = state), do: {:noreply, %{state | nodes_changed: true}}

  defp look_soon(state) do
    Process.send_after(self(), :look, @settle_ms)
    {:noreply, %{state | nodes_changed: true, looking: true}}
  end

  # One look. Which shards this node holds is hashed again only when what
  # it depends on changed: K, the copies, the nodes this node sees.
  defp look(state) do
    if Process.whereis(Shards.Supervisor) == nil do
      state
    else
      {k, copies} = config = :otpsim.shard_config()

      state =
        if config == state.config and not state.nodes_changed,
          do: %{state | quiet: state.quiet + 1},
          else: %{state | config: config, nodes_changed: false, quiet: 0, mine: held(k, copies)}

      state = Enum.reduce(state.mine, state, &ensure_worker/2)
      check_workers()
      tick(state)
    end
  end

  defp check_workers do
    if Process.whereis(Shards.Registry) != nil do
      workers = Registry.select(Shards.Registry, [{{:_, :"$1", :_}, [], [:"$1"]}])
      Enum.each(workers, &send(&1, :check))
    end
  end

  # The shards this node is among the holders of (:otpsim.shard_holders/2
  # for each, with the node's view of the cluster taken once).
  defp held(k, copies), do: :otpsim.shards_held(k, copies)

  defp ensure_worker(shard, state) do
    case Registry.lookup(Shards.Registry, shard) do
      [{pid, _}] ->
        watch(state, pid)

      [] ->
        try do
          DynamicSupervisor.start_child(Shards.Supervisor, {Shards.Worker, shard})
        catch
          :exit, _supervisor_went_down -> state
        else
          {:ok, pid} -> watch(state, pid)
          _error -> state
        end
    end
  end

  defp watch(state, pid) do
    if Map.has_key?(state.watched, pid),
      do: state,
      else: %{state | watched: Map.put(state.watched, pid, Process.monitor(pid))}
  end

  defp tick(%{ticking: false, quiet: quiet} = state) when quiet < @looks_after_change do
    Process.send_after(self(), :tick, @tick_ms)
    %{state | ticking: true}
  end

  defp tick(state), do: state
end

defmodule Shards.Writer do
  @moduledoc """
  A load generator: writes keys `{id, 0..keys-1}` one after another (the
  value is the write's number), concurrently with other writers and with
  shards moving, and remembers the last acknowledged value of each key so
  a test can check that none was lost.

  It sends each call by hand (`{:"$gen_call", {self(), tag}, request}`,
  what `GenServer.call/3` does inside) so it keeps answering `:acked` and
  `:done?` while a write is in flight; a write that fails, times out or
  whose worker goes down is tried again as a new write.
  """
  use GenServer

  @timeout_ms 1_000
  @retry_ms 20
  @think_ms 5

  def start(id, writes, keys), do: GenServer.start(__MODULE__, {id, writes, keys})

  @impl true
  def init({id, writes, keys}) do
    state = %{id: id, left: writes, done: 0, keys: max(keys, 1), in_flight: nil, acked: %{}}
    {:ok, state, {:continue, :next}}
  end

  @impl true
  def handle_continue(:next, state), do: {:noreply, next(state)}

  @impl true
  def handle_call(:acked, _from, state), do: {:reply, state.acked, state}
  def handle_call(:done?, _from, state), do: {:reply, state.left == 0, state}

  @impl true
  def handle_info(:next, state), do: {:noreply, next(state)}

  def handle_info({tag, :ok}, %{in_flight: %{tag: tag} = write} = state) do
    Process.demonitor(write.monitor, [:flush])
    :otpsim.shard_acked(write.key, write.version)
    Process.send_after(self(), :next, @think_ms)

    {:noreply,
     %{
       state
       | in_flight: nil,
         acked: Map.put(state.acked, write.key, write.value),
         done: state.done + 1,
         left: state.left - 1
     }}
  end

  def handle_info({tag, _error}, %{in_flight: %{tag: tag}} = state), do: retry(state)
  def handle_info({:timeout, tag}, %{in_flight: %{tag: tag}} = state), do: retry(state)
  def handle_info({:DOWN, ref, _, _, _}, %{in_flight: %{monitor: ref}} = state), do: retry(state)
  def handle_info(_late, state), do: {:noreply, state}

  defp next(%{left: 0} = state), do: state
  defp next(%{in_flight: nil} = state) do
    key = {state.id, rem(state.done, state.keys)}

    case :otpsim.shard_primary(key) do
      {_shard, pid} when is_pid(pid) ->
        tag = make_ref()
        version = :otpsim.shard_stamp()
        send(pid, {:"$gen_call", {self(), tag}, {:put, key, state.done, version}})
        Process.send_after(self(), {:timeout, tag}, @timeout_ms)
        write = %{tag: tag, monitor: Process.monitor(pid), key: key, value: state.done, version: version}
        %{state | in_flight: write}

      {_shard, nil} ->
        Process.send_after(self(), :next, @retry_ms)
        state
    end
  end

  defp next(state), do: state

  defp retry(state) do
    Process.demonitor(state.in_flight.monitor, [:flush])
    Process.send_after(self(), :next, @retry_ms)
    {:noreply, %{state | in_flight: nil}}
  end
end
