# A key-value store kept alive by a receive loop.
defmodule Store do
  def start do
    spawn(fn -> loop(%{}) end)
  end

  def put(store, key, value), do: send(store, {:put, key, value})

  def get(store, key) do
    send(store, {:get, key, self()})

    receive do
      {:value, ^key, value} -> value
    after
      1_000 -> :timeout
    end
  end

  defp loop(state) do
    receive do
      {:put, key, value} ->
        loop(Map.put(state, key, value))

      {:get, key, caller} ->
        send(caller, {:value, key, Map.get(state, key)})
        loop(state)

      {:dump, caller} ->
        send(caller, {:dump, state})
        loop(state)

      :stop ->
        IO.puts("store stopping with #{map_size(state)} keys")
    end
  end
end
store = Store.start()
Store.get(store, :hello)
Store.put(store, :hello, :world)
Store.get(store, :hello)
Process.register(store, :kv)
Store.put(:kv, :count, 1)
send(:kv, {:dump, self()})
receive do
  {:dump, state} -> state
end
send(:kv, :unexpected)
send(:kv, {:also, :unexpected})
Process.info(store, :message_queue_len)
Store.get(:kv, :count)
send(:kv, :stop); Process.sleep(50)
Process.alive?(store)
Store.get(store, :hello)
Store.get(:kv, :hello)
