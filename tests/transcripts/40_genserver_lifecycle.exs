# GenServer: every init return, handle_continue, deferred replies, name forms.
defmodule Life do
  use GenServer

  def init({:continue, s}), do: {:ok, s, {:continue, :warm}}
  def init({:timeout, s}), do: {:ok, s, 50}
  def init({:hibernate, s}), do: {:ok, s, :hibernate}
  def init(:ignore), do: :ignore
  def init({:stop, reason}), do: {:stop, reason}
  def init(s), do: {:ok, s}

  def handle_continue(:warm, s), do: {:noreply, [:warmed | s]}

  def handle_info(:timeout, s), do: {:noreply, [:timed_out | s]}
  def handle_info(other, s), do: {:noreply, [other | s]}

  def handle_call(:get, _from, s), do: {:reply, s, s}
  def handle_call(:later, from, s), do: {:noreply, [from | s]}
  def handle_call(:answer_later, _from, [from | rest]) do
    GenServer.reply(from, :answered)
    {:reply, :done, rest}
  end
  def handle_call({:sleep, ms}, _from, s) do
    Process.sleep(ms)
    {:reply, :slept, s}
  end
  def handle_call({:stop, reason}, _from, s), do: {:stop, reason, :bye, s}
  def handle_call(:noreply_stop, _from, s), do: {:stop, :normal, s}

  def handle_cast({:push, x}, s), do: {:noreply, [x | s]}
  def handle_cast(:continue, s), do: {:noreply, s, {:continue, :warm}}
end

{:ok, a} = GenServer.start_link(Life, {:continue, []})
GenServer.call(a, :get)
{:ok, b} = GenServer.start_link(Life, {:timeout, []})
Process.sleep(100)
GenServer.call(b, :get)
{:ok, c} = GenServer.start_link(Life, {:hibernate, [:h]})
GenServer.call(c, :get)
GenServer.start_link(Life, :ignore)
GenServer.start(Life, {:stop, :nope})
GenServer.cast(a, :continue)
GenServer.call(a, :get)
# A deferred reply: the caller waits while another caller makes it answer.
waiter = Task.async(fn -> GenServer.call(a, :later) end)
Process.sleep(10)
GenServer.call(a, :answer_later)
Task.await(waiter)
# Name forms.
{:ok, _} = GenServer.start_link(Life, [], name: :life_atom)
GenServer.call(:life_atom, :get)
GenServer.whereis(:life_atom) |> is_pid()
{:ok, g} = GenServer.start_link(Life, [:g], name: {:global, :life_global})
GenServer.call({:global, :life_global}, :get)
GenServer.whereis({:global, :life_global}) == g
:global.whereis_name(:life_global) == g
{:ok, _} = Registry.start_link(keys: :unique, name: LifeReg)
{:ok, v} = GenServer.start_link(Life, [:v], name: {:via, Registry, {LifeReg, "v"}})
GenServer.call({:via, Registry, {LifeReg, "v"}}, :get)
GenServer.whereis({:via, Registry, {LifeReg, "v"}}) == v
GenServer.start_link(Life, [], name: {:via, Registry, {LifeReg, "v"}})
GenServer.start_link(Life, [], name: :life_atom)
GenServer.start_link(Life, [], name: {:global, :life_global})
GenServer.whereis(:nobody)
GenServer.whereis({:global, :nobody})
# Timeouts and exits as terms.
catch_exit = fn f -> try do f.() catch :exit, reason -> {:exit, reason} end end
catch_exit.(fn -> GenServer.call(a, {:sleep, 200}, 50) end)
Process.sleep(200)
catch_exit.(fn -> GenServer.call(:nobody, :get) end)
catch_exit.(fn -> GenServer.call({:global, :nobody}, :get) end)
catch_exit.(fn -> GenServer.call({:via, Registry, {LifeReg, "none"}}, :get) end)
GenServer.call(a, :get)
Process.flag(:trap_exit, true)
{:ok, d} = GenServer.start_link(Life, [])
GenServer.call(d, {:stop, :normal})
Process.alive?(d)
{:ok, e} = GenServer.start_link(Life, [])
GenServer.stop(e, :shutdown)
receive do msg -> msg after 100 -> :nothing end
{:ok, f} = GenServer.start_link(Life, [])
GenServer.stop(f)
receive do msg -> msg after 100 -> :nothing end
catch_exit.(fn -> GenServer.stop(f) end)
