defmodule Hermes do
  @moduledoc """
  Seed 002's Hermes: a distributed PubSub. Subscribers register under
  their topic in a local duplicate-key registry (`Hermes.PubSub`); one
  server per node is in the `:pg` group `{:hermes, Hermes.PubSub}`, so
  a publish costs one message per node, however many subscribers each
  node has. That machinery is `Phoenix.PubSub`'s, whose core is native
  here; `Hermes` is the seed's API over the instance named
  `Hermes.PubSub` (see `Hermes.Supervisor`).
  """

  @doc "Subscribes the caller to `topic`: `Registry.register/3`'s answer."
  def subscribe(topic), do: Registry.register(Hermes.PubSub, topic, nil)

  @doc "Sends `message` to every subscriber of `topic` on every node."
  def publish(topic, message), do: Phoenix.PubSub.broadcast(Hermes.PubSub, topic, message)
end

defmodule Hermes.Supervisor do
  @moduledoc """
  Hermes's top supervisor: one `Phoenix.PubSub` instance, `Hermes.PubSub`.

      Hermes.Supervisor (one_for_one)
      └─ Hermes.PubSub.Supervisor
         ├─ Hermes.PubSub           the local subscribers (Registry, duplicate keys)
         └─ Hermes.PubSub.Adapter   this node's member of {:hermes, Hermes.PubSub}
  """
  use Supervisor

  def start_link(opts \\ []), do: Supervisor.start_link(__MODULE__, opts, name: __MODULE__)

  @impl true
  def init(_opts) do
    Supervisor.init([{Phoenix.PubSub, name: Hermes.PubSub}], strategy: :one_for_one)
  end
end

defmodule Hermes.Client do
  @moduledoc """
  The seed's test subscriber: a process subscribed to one topic that
  keeps every message it receives, oldest first, so a walk-through can
  ask `received/1` instead of reading lines on three terminals.
  """
  use GenServer

  def start(topic), do: GenServer.start(__MODULE__, topic)
  def start_link(topic), do: GenServer.start_link(__MODULE__, topic)

  @doc "The messages received so far, oldest first."
  def received(client), do: GenServer.call(client, :received)

  @impl true
  def init(topic) do
    {:ok, _} = Hermes.subscribe(topic)
    {:ok, %{topic: topic, received: []}}
  end

  @impl true
  def handle_call(:received, _from, state), do: {:reply, Enum.reverse(state.received), state}

  @impl true
  def handle_info(message, state), do: {:noreply, %{state | received: [message | state.received]}}
end
