# What a GenServer does with each reply of handle_cast and handle_info,
# thrown or returned, and with a message it has no handle_info for.
defmodule Replies do
  use GenServer

  def start(state), do: GenServer.start(__MODULE__, state)

  @impl true
  def init(state), do: {:ok, state}

  @impl true
  def handle_call(:get, _from, state), do: {:reply, state, state}

  @impl true
  def handle_cast({:set, value}, _state), do: {:noreply, value}
  def handle_cast({:throw, value}, _state), do: throw({:noreply, value})
  def handle_cast(:bad, _state), do: :bad_reply
  def handle_cast(:stop, state), do: {:stop, :normal, state}
  def handle_cast({:later, value}, _state), do: {:noreply, value, 50}

  @impl true
  def handle_info(:timeout, state), do: {:noreply, {:timed_out, state}}
  def handle_info({:throw, value}, _state), do: throw({:noreply, value})
  def handle_info({:set, value}, _state), do: {:noreply, value}
  def handle_info(:bad, _state), do: {:what, :is, :this}
  def handle_info({:"$gen_caught", value}, _state), do: {:noreply, {:tagged, value}}
end
{:ok, pid} = Replies.start(0)
GenServer.cast(pid, {:set, 1}); GenServer.call(pid, :get)
GenServer.cast(pid, {:throw, 2}); GenServer.call(pid, :get)
send(pid, {:set, 3}); GenServer.call(pid, :get)
send(pid, {:throw, 4}); GenServer.call(pid, :get)
send(pid, {:"$gen_caught", 5}); GenServer.call(pid, :get)
GenServer.cast(pid, {:later, 6}); Process.sleep(100); GenServer.call(pid, :get)
ref = Process.monitor(pid); GenServer.cast(pid, :stop)
receive do {:DOWN, ^ref, :process, _, reason} -> reason end
{:ok, pid} = Replies.start(0)
ref = Process.monitor(pid); send(pid, :bad)
receive do {:DOWN, ^ref, :process, _, reason} -> reason end
{:ok, pid} = Replies.start(0)
ref = Process.monitor(pid); GenServer.cast(pid, :bad)
receive do {:DOWN, ^ref, :process, _, reason} -> reason end
defmodule NoInfo do
  @behaviour GenServer
  def init(state), do: {:ok, state}
  def handle_call(:get, _from, state), do: {:reply, state, state}
end
{:ok, pid} = GenServer.start(NoInfo, :kept)
send(pid, :stray); GenServer.call(pid, :get)
Process.alive?(pid)
