# What Process.info/2 says about processes that run OTP behaviours.
defmodule Counter do
  use GenServer
  def init(n), do: {:ok, n}
  def handle_call(:get, _from, n), do: {:reply, n, n}
end
{:ok, pid} = GenServer.start_link(Counter, 0)
Process.info(pid, :current_function)
Process.info(pid, :initial_call)
Process.info(pid, :status)
{:dictionary, dict} = Process.info(pid, :dictionary); Keyword.keys(dict) |> Enum.sort()
dict[:"$initial_call"]
hd(dict[:"$ancestors"]) == self()
{:ok, agent} = Agent.start_link(fn -> 1 end)
Process.info(agent, :current_function)
{:dictionary, adict} = Process.info(agent, :dictionary); adict[:"$initial_call"]
{:ok, sup} = Supervisor.start_link([], strategy: :one_for_one)
Process.info(sup, :current_function)
{:dictionary, sdict} = Process.info(sup, :dictionary); sdict[:"$initial_call"]
task = Task.async(fn -> receive do :go -> :ok end end)
Process.info(task.pid, :current_function)
{:dictionary, tdict} = Process.info(task.pid, :dictionary); tdict[:"$initial_call"]
send(task.pid, :go); Task.await(task)
