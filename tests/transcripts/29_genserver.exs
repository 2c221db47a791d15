# A GenServer with a client API.
defmodule Stack do
  use GenServer

  # Client API

  def start_link(items, opts \\ []) do
    GenServer.start_link(__MODULE__, items, opts)
  end

  def push(stack, item), do: GenServer.cast(stack, {:push, item})
  def pop(stack), do: GenServer.call(stack, :pop)
  def size(stack), do: GenServer.call(stack, :size)

  # Server callbacks

  @impl true
  def init(items) when is_list(items), do: {:ok, items}
  def init(_other), do: {:stop, :not_a_list}

  @impl true
  def handle_call(:pop, _from, [head | tail]), do: {:reply, head, tail}
  def handle_call(:pop, _from, []), do: {:reply, nil, []}
  def handle_call(:size, _from, items), do: {:reply, length(items), items}

  @impl true
  def handle_cast({:push, item}, items), do: {:noreply, [item | items]}

  @impl true
  def handle_info(:report, items) do
    IO.puts("the stack holds #{length(items)} items")
    {:noreply, items}
  end

  @impl true
  def terminate(reason, items) do
    IO.puts("stack terminating (#{inspect(reason)}) with #{inspect(items)}")
  end
end
{:ok, pid} = Stack.start_link([:hello])
Stack.push(pid, :world)
Stack.size(pid)
Stack.pop(pid)
Stack.pop(pid)
Stack.pop(pid)
Stack.push(pid, 1); Stack.push(pid, 2)
:sys.get_state(pid)
send(pid, :report); Process.sleep(50)
GenServer.call(pid, :size)
GenServer.start(Stack, :nope)
{:ok, _} = Stack.start_link([], name: Plates)
Stack.push(Plates, :blue)
Stack.push(Plates, :red)
Stack.size(Plates)
GenServer.whereis(Plates) |> is_pid()
Stack.start_link([], name: Plates)
:sys.replace_state(Plates, fn items -> Enum.reverse(items) end)
Stack.pop(Plates)
GenServer.stop(Plates)
GenServer.whereis(Plates)
GenServer.stop(pid, :shutdown)
Process.alive?(pid)
Stack.__info__(:functions)
Stack.child_spec([:x])
Stack.start_link(:nope) |> IO.inspect(label: "start_link returned"); Process.sleep(50)
:a_failed_start_link_also_sent_an_exit_signal
