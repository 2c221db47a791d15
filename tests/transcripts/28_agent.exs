# Agents: state behind a process, read and changed with functions.
{:ok, agent} = Agent.start_link(fn -> [] end)
Agent.update(agent, fn list -> ["eggs" | list] end)
Agent.get(agent, fn list -> list end)
Agent.get_and_update(agent, fn list -> {length(list), ["milk" | list]} end)
Agent.cast(agent, &["bread" | &1])
Agent.get(agent, & &1)
Agent.get(agent, &Enum.count/1)
Agent.update(agent, fn _ -> :replaced end)
Agent.get(agent, & &1)
Agent.stop(agent)
Process.alive?(agent)
Agent.get(agent, & &1)
{:ok, _} = Agent.start_link(fn -> 0 end, name: Tally)
Agent.update(Tally, &(&1 + 1))
Agent.update(Tally, &(&1 + 1))
Agent.get(Tally, & &1)
Agent.start_link(fn -> 0 end, name: Tally)
Agent.get(Tally, fn n -> Process.sleep(200); n end, 50)
Agent.get(Tally, & &1)
defmodule Bucket do
  use Agent

  def start_link(initial) do
    Agent.start_link(fn -> initial end)
  end

  def get(bucket, key), do: Agent.get(bucket, &Map.get(&1, key))
  def put(bucket, key, value), do: Agent.update(bucket, &Map.put(&1, key, value))

  def delete(bucket, key) do
    Agent.get_and_update(bucket, &Map.pop(&1, key))
  end
end
{:ok, bucket} = Bucket.start_link(%{})
Bucket.get(bucket, "milk")
Bucket.put(bucket, "milk", 3)
Bucket.get(bucket, "milk")
Bucket.delete(bucket, "milk")
Bucket.get(bucket, "milk")
Bucket.child_spec(%{})
{:ok, fragile} = Agent.start(fn -> 1 end)
Agent.update(fragile, fn n -> n + :oops end)
Process.alive?(fragile)
Agent.stop(Tally, :normal)
Agent.get(Tally, & &1)
