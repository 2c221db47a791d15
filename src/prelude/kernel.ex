defmodule IEx.Helpers do
  @moduledoc false

  def v(n \\ -1) do
    history = Process.get(:"$iex_history", [])

    found =
      if n < 0 do
        Enum.at(history, -n - 1)
      else
        Enum.find(history, fn {counter, _} -> counter == n end)
      end

    case found do
      {_, value} -> value
      nil -> raise RuntimeError, "v(#{n}) is out of bounds"
    end
  end

  def flush do
    receive do
      msg ->
        IO.inspect(msg)
        flush()
    after
      0 -> :ok
    end
  end
end
