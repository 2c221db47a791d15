# When timeouts fire: each check measures elapsed milliseconds and tests
# the window (exact times differ by a millisecond or so on a real machine).
defmodule Clock do
  def ms(f) do
    t = System.monotonic_time(:millisecond)
    result = try do f.() catch kind, reason -> {kind, reason} end
    {System.monotonic_time(:millisecond) - t, result}
  end
end

defmodule Slow do
  use GenServer
  def init(s), do: {:ok, s, 300}
  def handle_call({:sleep, ms}, _from, s), do: (Process.sleep(ms); {:reply, :slept, s})
  def handle_call(:get, _from, s), do: {:reply, s, s}
  def handle_info(:timeout, s), do: {:noreply, [:idle | s]}
end

{:ok, slow} = GenServer.start_link(Slow, [])
{t, r} = Clock.ms(fn -> GenServer.call(slow, {:sleep, 500}, 100) end); {t >= 100 and t < 150, elem(r, 0), elem(elem(r, 1), 0)}
Process.sleep(500)
{t, r} = Clock.ms(fn -> receive do :never -> :got after 250 -> :after end end); {t >= 250 and t < 300, r}
{t, r} = Clock.ms(fn -> Process.send_after(self(), :ping, 120); receive do :ping -> :pinged end end); {t >= 120 and t < 170, r}
{t, r} = Clock.ms(fn -> Task.await(Task.async(fn -> Process.sleep(1000) end), 200) end); {t >= 200 and t < 250, elem(r, 0)}
{t, r} = Clock.ms(fn -> Task.yield(Task.async(fn -> Process.sleep(1000) end), 150) end); {t >= 150 and t < 200, r}
{:ok, agent} = Agent.start_link(fn -> 0 end)
{t, r} = Clock.ms(fn -> Agent.get(agent, fn s -> Process.sleep(400); s end, 80) end); {t >= 80 and t < 130, elem(r, 0)}
{t, _} = Clock.ms(fn -> :timer.sleep(330) end); t >= 330 and t < 380
# The idle timeout from init/1 fired once (the calls above did not reset a
# timeout that had already fired).
GenServer.call(slow, :get)
{:ok, idle} = GenServer.start_link(Slow, [])
Process.sleep(200)
GenServer.call(idle, :get)
Process.sleep(200)
GenServer.call(idle, :get)
