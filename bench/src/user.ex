defmodule Bench.User do
  @moduledoc false
  # otpsim-bench's user-code workloads (bench/src/user.rs). The same source
  # is typed into otpsim's console and, when `elixir` is on PATH, compiled
  # and run on the BEAM (bench/src/user_beam.exs).

  # Ping-pong: two processes trade `n` round trips; returns the messages.
  def ping_pong(n) do
    parent = self()
    pong = spawn(fn -> pong() end)
    spawn(fn -> send(parent, {:pinged, ping(pong, n, 0)}) end)

    receive do
      {:pinged, messages} -> messages
    end
  end

  defp ping(pong, 0, messages) do
    send(pong, :stop)
    messages
  end

  defp ping(pong, n, messages) do
    send(pong, {:ping, self()})

    receive do
      :pong -> ping(pong, n - 1, messages + 2)
    end
  end

  defp pong do
    receive do
      {:ping, from} ->
        send(from, :pong)
        pong()

      :stop ->
        :ok
    end
  end

  # Fan-out: `width` sinks, each counting what it gets until told to stop.
  def sinks(width), do: for(_ <- 1..width, do: spawn(fn -> sink(0) end))

  defp sink(count) do
    receive do
      :tick -> sink(count + 1)
      {:stop, to} -> send(to, {:sunk, count})
    end
  end

  # One process sends `rounds` ticks to every sink, then stops them;
  # returns the ticks the sinks counted.
  def fan_out(sinks, rounds) do
    parent = self()

    spawn(fn ->
      broadcast(sinks, rounds)
      Enum.each(sinks, &send(&1, {:stop, parent}))
    end)

    collect(length(sinks), 0)
  end

  defp broadcast(_sinks, 0), do: :ok

  defp broadcast(sinks, rounds) do
    tick(sinks)
    broadcast(sinks, rounds - 1)
  end

  defp tick([]), do: :ok

  defp tick([sink | rest]) do
    send(sink, :tick)
    tick(rest)
  end

  defp collect(0, total), do: total

  defp collect(left, total) do
    receive do
      {:sunk, count} -> collect(left - 1, total + count)
    end
  end

  # Naive recursion: fib(n) makes 2 * fib(n + 1) - 1 calls.
  def fib(n) when n < 2, do: n
  def fib(n), do: fib(n - 1) + fib(n - 2)

  def reduce(n), do: Enum.reduce(1..n, 0, &+/2)

  # A list of `n` elements built with `[i | acc]`.
  def build_list(n) do
    list = build_list(n, [])
    {length(list), hd(list)}
  end

  defp build_list(0, acc), do: acc
  defp build_list(i, acc), do: build_list(i - 1, [i | acc])

  # A map of `n` keys built with Map.put/3.
  def build_map(n) do
    map = build_map(n, %{})
    {map_size(map), Map.get(map, n)}
  end

  defp build_map(0, map), do: map
  defp build_map(i, map), do: build_map(i - 1, Map.put(map, i, i))

  # `n` processes waiting in `receive`; returns their pids.
  def spawn_idle(n), do: spawn_idle(n, [])

  defp spawn_idle(0, pids), do: pids
  defp spawn_idle(i, pids), do: spawn_idle(i - 1, [spawn(fn -> idle() end) | pids])

  defp idle do
    receive do
      :stop -> :ok
    end
  end

  def stop_all(pids) do
    Enum.each(pids, &send(&1, :stop))
    length(pids)
  end

  # A GenServer takes `n` casts, then a call asks how many it counted: the
  # path of every message a cluster's greeters and managers handle.
  def casts(n) do
    {:ok, pid} = GenServer.start(Bench.Counter, 0)
    cast_many(pid, n)
    count = GenServer.call(pid, :count)
    GenServer.stop(pid)
    count
  end

  defp cast_many(_pid, 0), do: :ok

  defp cast_many(pid, n) do
    GenServer.cast(pid, {:add, 1})
    cast_many(pid, n - 1)
  end
end

defmodule Bench.Counter do
  @moduledoc false
  use GenServer

  @impl true
  def init(count), do: {:ok, count}

  @impl true
  def handle_cast({:add, k}, count), do: {:noreply, count + k}

  @impl true
  def handle_call(:count, _from, count), do: {:reply, count, count}
end
