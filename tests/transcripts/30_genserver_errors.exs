# How a GenServer fails, seen from the shell.
defmodule Fragile do
  use GenServer

  def start(state), do: GenServer.start(__MODULE__, state)
  def start_link(state), do: GenServer.start_link(__MODULE__, state)

  @impl true
  def init(state), do: {:ok, state}

  @impl true
  def handle_call(:get, _from, state), do: {:reply, state, state}
  def handle_call(:slow, _from, state) do
    Process.sleep(300)
    {:reply, :finally, state}
  end
  def handle_call(:bad_return, _from, _state), do: :oops
  def handle_call(:divide, _from, state), do: {:reply, 100 / state, state}

  @impl true
  def handle_cast(:crash, state), do: {:noreply, state + :not_a_number}
end
{:ok, pid} = Fragile.start(0)
GenServer.call(pid, :get)
GenServer.call(pid, :unknown)
Process.alive?(pid)
{:ok, pid} = Fragile.start(0)
GenServer.cast(pid, :unknown_cast); Process.sleep(100)
Process.alive?(pid)
{:ok, pid} = Fragile.start(0)
send(pid, :stray_message); Process.sleep(100)
Process.alive?(pid)
GenServer.call(pid, :divide)
{:ok, pid} = Fragile.start(5)
GenServer.call(pid, :bad_return)
{:ok, pid} = Fragile.start(5)
GenServer.call(pid, :slow, 100)
try do
  GenServer.call(pid, :slow, 100)
catch
  :exit, reason -> reason
end
GenServer.call(pid, :get)
GenServer.call(:nobody_here, :get)
try do
  GenServer.call(:nobody_here, :get)
catch
  :exit, reason -> reason
end
GenServer.call(pid, :get)
GenServer.stop(pid)
GenServer.call(pid, :get)
GenServer.stop(pid)
GenServer.cast(pid, :crash)
GenServer.cast(:nobody_here, :crash)
defmodule Bare do
  use GenServer

  @impl true
  def init(state), do: {:ok, state}
end
{:ok, bare} = GenServer.start(Bare, :nothing)
GenServer.call(bare, :hello)
{:ok, bare} = GenServer.start(Bare, :nothing)
GenServer.cast(bare, :hello); Process.sleep(100)
{:ok, linked} = Fragile.start_link(1)
binding_before_crash = :kept?
GenServer.cast(linked, :crash); Process.sleep(100)
binding_before_crash
