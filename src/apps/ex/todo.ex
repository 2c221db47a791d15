defmodule Todo do
  @moduledoc """
  Seed 001's to-do system (Elixir in Action's chapters 7 and 8), with a
  switch to seed 000's way of naming processes:

      Todo.System (one_for_one)
      ├─ Todo.ServerRegistry   (Registry, unique keys)
      ├─ Todo.Database         ── Todo.DatabaseWorker ×3, chosen by :erlang.phash2(key, 3)
      ├─ Todo.Cache            ── Todo.Server(name)*, started on demand (cache design)
      └─ Todo.ServerSupervisor (DynamicSupervisor)
         └─ Todo.Server(name)*, started on demand (registry design)

  In the seed's design every client asks one process, `Todo.Cache`, for
  a list's server; in the registry design a client looks the server up in
  `Todo.ServerRegistry` itself and starts it under
  `Todo.ServerSupervisor` on a miss, so no process stands between clients.
  Servers are named `{:via, Registry, {Todo.ServerRegistry, name}}` in
  both designs, so switching finds the same server and the same list.
  `Todo.load/2` (a measurement, native) compares the two under load.
  """

  @doc "Switches every node to the registry design (`true`) or the cache (`false`)."
  def use_registry(on) when is_boolean(on), do: Application.put_env(:todo, :use_registry, on)

  @doc "`:cache` or `:registry`."
  def design do
    if Application.get_env(:todo, :use_registry, false), do: :registry, else: :cache
  end

  @doc "The server of list `name`, found (or started) through the current design."
  def server(name) do
    case design() do
      :cache -> Todo.Cache.server_process(name)
      :registry -> registry_server(name)
    end
  end

  defp registry_server(name) do
    case Registry.lookup(Todo.ServerRegistry, name) do
      [{pid, _}] ->
        pid

      [] ->
        case DynamicSupervisor.start_child(Todo.ServerSupervisor, {Todo.Server, name}) do
          {:ok, pid} -> pid
          {:error, {:already_started, pid}} -> pid
        end
    end
  end
end

defmodule Todo.System do
  @moduledoc """
  The to-do system's top supervisor. The database starts before the cache
  and the server supervisor, so a list's server can always load its list.
  """
  use Supervisor

  def start_link(opts \\ []), do: Supervisor.start_link(__MODULE__, opts, name: __MODULE__)

  @impl true
  def init(_opts) do
    children = [
      {Registry, keys: :unique, name: Todo.ServerRegistry},
      Todo.Database,
      Todo.Cache,
      {DynamicSupervisor, name: Todo.ServerSupervisor, strategy: :one_for_one}
    ]

    Supervisor.init(children, strategy: :one_for_one)
  end
end

defmodule Todo.List do
  @moduledoc """
  One to-do list as plain data: entries by id, and the id the next entry
  gets. An entry is a map with a `:date`; `entries/2` gives a day's
  entries in the order they were added.
  """
  defstruct auto_id: 1, entries: %{}

  def new, do: %Todo.List{}

  def add_entry(list, entry) do
    entry = Map.put(entry, :id, list.auto_id)
    entries = Map.put(list.entries, list.auto_id, entry)
    %Todo.List{list | entries: entries, auto_id: list.auto_id + 1}
  end

  def entries(list, date) do
    list.entries
    |> Map.values()
    |> Enum.filter(fn entry -> entry.date == date end)
  end
end

defmodule Todo.Server do
  @moduledoc """
  One process per to-do list. It loads its list from the database when it
  starts (in `handle_continue/2`, so whoever started it need not wait for
  the disk) and stores the whole list after every change. The cache
  starts it with `start/1`, unlinked as in the seed; the registry design
  with `start_link/1` under `Todo.ServerSupervisor`, as a temporary child.
  """
  use GenServer, restart: :temporary

  def start(name), do: GenServer.start(__MODULE__, name, name: via(name))
  def start_link(name), do: GenServer.start_link(__MODULE__, name, name: via(name))

  @doc "Adds an entry (a cast: it returns at once, even for a dead server)."
  def add_entry(server, entry), do: GenServer.cast(server, {:add_entry, entry})

  @doc "The list's entries for `date`."
  def entries(server, date), do: GenServer.call(server, {:entries, date})

  defp via(name), do: {:via, Registry, {Todo.ServerRegistry, name}}

  @impl true
  def init(name), do: {:ok, {name, nil}, {:continue, :load}}

  @impl true
  def handle_continue(:load, {name, nil}) do
    {:noreply, {name, Todo.Database.get(name) || Todo.List.new()}}
  end

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
  @moduledoc """
  The seed's cache: the one process that maps list names to servers,
  starting a server the first time a name is asked for. Every client
  goes through it, one request at a time, and each request costs it a
  millisecond of work (the `Process.sleep/1` stands in for it), so under
  load its mailbox grows and every caller waits behind the others.

  Two additions to the seed, both needed once a server can die: the cache
  monitors the servers it hands out and forgets one that goes down (or
  that is dead when asked for, its `:DOWN` still queued), so a killed
  server is started afresh and reloads its list; and a server already
  running under the name (started by the registry design) is adopted
  rather than started twice.
  """
  use GenServer

  def start_link(_opts \\ []), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)

  @doc "The server of list `name`, started if needed."
  def server_process(name), do: server_process(__MODULE__, name)
  def server_process(cache, name), do: GenServer.call(cache, {:server_process, name})

  @impl true
  def init(nil), do: {:ok, %{}}

  @impl true
  def handle_call({:server_process, name}, _from, servers) do
    Process.sleep(1)

    case Map.fetch(servers, name) do
      {:ok, server} ->
        if Process.alive?(server) do
          {:reply, server, servers}
        else
          # Dead, and its :DOWN still behind this request in the mailbox.
          start_server(name, Map.delete(servers, name))
        end

      :error ->
        start_server(name, servers)
    end
  end

  defp start_server(name, servers) do
    case Todo.Server.start(name) do
      {:ok, pid} -> started(name, pid, servers)
      {:error, {:already_started, pid}} -> started(name, pid, servers)
    end
  end

  defp started(name, server, servers) do
    Process.monitor(server)
    {:reply, server, Map.put(servers, name, server)}
  end

  @impl true
  def handle_info({:DOWN, _ref, :process, pid, _reason}, servers) do
    {:noreply, for({name, server} <- servers, server != pid, into: %{}, do: {name, server})}
  end
end

defmodule Todo.Database do
  @moduledoc """
  The database: a pool of three workers writing to the node's disk under
  `./persist`. A key always goes to the same worker
  (`:erlang.phash2(key, 3)`), so the writes of one list stay in order
  while different lists are written at the same time. The workers are
  linked to the database: if one crashes, the pool restarts whole.
  """
  use GenServer

  @pool_size 3
  @folder "./persist"

  def start_link(_opts \\ []), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)

  def store(key, data), do: key |> choose_worker() |> Todo.DatabaseWorker.store(key, data)
  def get(key), do: key |> choose_worker() |> Todo.DatabaseWorker.get(key)

  defp choose_worker(key), do: GenServer.call(__MODULE__, {:choose_worker, key})

  @impl true
  def init(nil) do
    File.mkdir_p!(@folder)
    {:ok, start_workers(0, %{})}
  end

  # Workers 0, 1 and 2, linked to the database.
  defp start_workers(@pool_size, workers), do: workers

  defp start_workers(index, workers) do
    {:ok, pid} = Todo.DatabaseWorker.start_link(@folder)
    start_workers(index + 1, Map.put(workers, index, pid))
  end

  @impl true
  def handle_call({:choose_worker, key}, _from, workers) do
    {:reply, Map.fetch!(workers, :erlang.phash2(key, @pool_size)), workers}
  end
end

defmodule Todo.DatabaseWorker do
  @moduledoc """
  One of the database's workers: stores a term as a file and reads it
  back. The disk is slow (a write takes two milliseconds, a read one), so
  a busy worker's mailbox grows; the files outlive every process and are
  lost only with the node.
  """
  use GenServer

  def start_link(folder), do: GenServer.start_link(__MODULE__, folder)

  def store(worker, key, data), do: GenServer.cast(worker, {:store, key, data})
  def get(worker, key), do: GenServer.call(worker, {:get, key})

  @impl true
  def init(folder), do: {:ok, folder}

  @impl true
  def handle_cast({:store, key, data}, folder) do
    Process.sleep(2)
    File.write!(file_name(folder, key), :erlang.term_to_binary(data))
    {:noreply, folder}
  end

  @impl true
  def handle_call({:get, key}, _from, folder) do
    Process.sleep(1)

    data =
      case File.read(file_name(folder, key)) do
        {:ok, contents} -> :erlang.binary_to_term(contents)
        {:error, :enoent} -> nil
      end

    {:reply, data, folder}
  end

  defp file_name(folder, key) when is_binary(key) or is_atom(key) or is_number(key),
    do: Path.join(folder, to_string(key))

  defp file_name(folder, key), do: Path.join(folder, inspect(key))
end
