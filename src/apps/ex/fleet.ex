defmodule Fleet do
  @moduledoc """
  The fleet's client API (seed 000): each user is a `Fleet.UserWorker`
  started under `Fleet.Dynamic` and named through `Fleet.Registry`, so
  any process on the node can reach it by id.
  """

  @doc "The name a user's worker is registered under."
  def via(id), do: {:via, Registry, {Fleet.Registry, id}}

  @doc "Starts the worker of user `id`: `{:ok, pid}`, or why not."
  def start_user(id), do: DynamicSupervisor.start_child(Fleet.Dynamic, {Fleet.UserWorker, id})

  @doc "Starts a worker for each id."
  def start_users(ids), do: Enum.map(ids, &start_user/1)

  @doc "`:pong` from a running user."
  def ping(id), do: GenServer.call(via(id), :ping)

  @doc "Stores `value` under `key` in the user's worker."
  def put(id, key, value), do: GenServer.call(via(id), {:put, key, value})

  @doc "The value under `key` in the user's worker, or `nil`."
  def get(id, key), do: GenServer.call(via(id), {:get, key})
end
