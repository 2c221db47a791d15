# Seed 001 typed in: a to-do system with a server per list, a cache of
# servers, and a database of three workers that persist to files.
defmodule Todo.List do
  defstruct next_id: 1, entries: %{}

  def new(entries \\ []), do: Enum.reduce(entries, %Todo.List{}, &add_entry(&2, &1))

  def add_entry(list, entry) do
    entry = Map.put(entry, :id, list.next_id)
    %Todo.List{list | entries: Map.put(list.entries, list.next_id, entry), next_id: list.next_id + 1}
  end

  def entries(list, date) do
    list.entries |> Map.values() |> Enum.filter(&(&1.date == date)) |> Enum.sort_by(& &1.id)
  end

  def update_entry(list, id, fun) do
    case Map.fetch(list.entries, id) do
      :error -> list
      {:ok, old} -> %Todo.List{list | entries: Map.put(list.entries, id, fun.(old))}
    end
  end

  def delete_entry(list, id), do: %Todo.List{list | entries: Map.delete(list.entries, id)}
end

list = Todo.List.new([%{date: ~D[2023-12-19], title: "Dentist"}, %{date: ~D[2023-12-20], title: "Shopping"}])
list = Todo.List.add_entry(list, %{date: ~D[2023-12-19], title: "Movies"})
Todo.List.entries(list, ~D[2023-12-19])
list |> Todo.List.update_entry(1, &Map.put(&1, :title, "Dentist at 9")) |> Todo.List.entries(~D[2023-12-19])
list |> Todo.List.delete_entry(3) |> Todo.List.entries(~D[2023-12-19]) |> length()
list.next_id
defmodule Todo.DatabaseWorker do
  use GenServer

  def start_link({folder, n}), do: GenServer.start_link(__MODULE__, folder, name: {:global, {:todo_db, n}})
  def store(n, key, data), do: GenServer.cast({:global, {:todo_db, n}}, {:store, key, data})
  def get(n, key), do: GenServer.call({:global, {:todo_db, n}}, {:get, key})

  @impl true
  def init(folder), do: {:ok, folder}

  @impl true
  def handle_cast({:store, key, data}, folder) do
    File.write!(Path.join(folder, key), :erlang.term_to_binary(data))
    {:noreply, folder}
  end

  @impl true
  def handle_call({:get, key}, _from, folder) do
    data =
      case File.read(Path.join(folder, key)) do
        {:ok, bin} -> :erlang.binary_to_term(bin)
        _ -> nil
      end

    {:reply, data, folder}
  end
end

defmodule Todo.Database do
  @folder "./persist"
  @workers 3

  def start do
    File.mkdir_p!(@folder)
    for n <- 1..@workers, do: {:ok, _} = Todo.DatabaseWorker.start_link({@folder, n})
    :ok
  end

  def store(key, data), do: Todo.DatabaseWorker.store(worker(key), key, data)
  def get(key), do: Todo.DatabaseWorker.get(worker(key), key)

  # A key always goes to the same worker, so its writes stay in order.
  defp worker(key), do: :erlang.phash2(key, @workers) + 1
end

Todo.Database.start()
Enum.map(["bob", "alice", "carol", "dave"], &:erlang.phash2(&1, 3))
Todo.Database.get("nobody")
defmodule Todo.Server do
  use GenServer

  def start(name), do: GenServer.start(__MODULE__, name)
  def add_entry(server, entry), do: GenServer.cast(server, {:add_entry, entry})
  def entries(server, date), do: GenServer.call(server, {:entries, date})

  @impl true
  def init(name), do: {:ok, {name, Todo.Database.get(name) || Todo.List.new()}}

  @impl true
  def handle_cast({:add_entry, entry}, {name, list}) do
    list = Todo.List.add_entry(list, entry)
    Todo.Database.store(name, list)
    {:noreply, {name, list}}
  end

  @impl true
  def handle_call({:entries, date}, _from, {name, list}) do
    {:reply, Todo.List.entries(list, date), {name, list}}
  end
end

defmodule Todo.Cache do
  use GenServer

  def start, do: GenServer.start(__MODULE__, nil, name: __MODULE__)
  def server_process(name), do: GenServer.call(__MODULE__, {:server_process, name})

  @impl true
  def init(_), do: {:ok, %{}}

  @impl true
  def handle_call({:server_process, name}, _from, servers) do
    case Map.fetch(servers, name) do
      {:ok, server} ->
        {:reply, server, servers}

      :error ->
        {:ok, server} = Todo.Server.start(name)
        {:reply, server, Map.put(servers, name, server)}
    end
  end
end

{:ok, _} = Todo.Cache.start()
bob = Todo.Cache.server_process("bob")
Todo.Cache.server_process("bob") == bob
Todo.Cache.server_process("alice") == bob
Todo.Server.add_entry(bob, %{date: ~D[2023-12-19], title: "Dentist"})
Todo.Server.add_entry(bob, %{date: ~D[2023-12-20], title: "Shopping"})
Todo.Server.entries(bob, ~D[2023-12-19])
Process.sleep(10)
File.ls!("./persist")
# A new server for bob reads his list back from the database.
{:ok, again} = Todo.Server.start("bob")
Todo.Server.entries(again, ~D[2023-12-20])
Todo.Database.get("bob").next_id
# Many lists, one server each.
servers = Enum.map(1..100, &Todo.Cache.server_process("list #{&1}")); length(servers)
servers |> Enum.uniq() |> length()
:erlang.system_info(:process_count) > 100
