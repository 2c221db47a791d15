defmodule Logger do
  @moduledoc """
  Logger's message functions, as the console backend shows them: one
  `[level] message` line, also kept in the node's log (`Sim.log/1`). In
  Elixir these are macros that need `require Logger`; here they are
  functions, so the `require` is harmless and not needed. A message may
  be a string, chardata or a zero-arity function that gives one;
  metadata is accepted and not shown, as the default format does.
  """

  def debug(message, metadata \\ []), do: log(:debug, message, metadata)
  def info(message, metadata \\ []), do: log(:info, message, metadata)
  def notice(message, metadata \\ []), do: log(:info, message, metadata)
  def warning(message, metadata \\ []), do: log(:warning, message, metadata)
  def warn(message, metadata \\ []), do: log(:warning, message, metadata)
  def error(message, metadata \\ []), do: log(:error, message, metadata)

  @doc "Logs `message` at `level` (`:debug`, `:info`, `:warning` or `:error`)."
  def log(level, message, _metadata \\ []) do
    text =
      case message do
        binary when is_binary(binary) -> binary
        fun when is_function(fun, 0) -> IO.chardata_to_string(fun.())
        other -> IO.chardata_to_string(other)
      end

    :otpsim.log(level, text)
  end
end
