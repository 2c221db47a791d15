defmodule IEx.Helpers do
  @moduledoc false

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
