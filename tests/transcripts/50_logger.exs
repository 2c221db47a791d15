# Logger's message functions as the console backend prints them.
require Logger
Logger.info("a plain message")
Logger.warning("careful: #{1 + 1}")
Logger.error(["char", ?d, "ata"])
Logger.debug(fn -> "made only when logged" end)
Logger.info("with metadata", user: 7)
Logger.log(:info, "through log/2")
defmodule Greets do
  require Logger
  def hello(name), do: Logger.info("Hello world from #{inspect(name)}")
end
Greets.hello(:"b@sim")
spawn(fn -> Logger.info("from another process") end); Process.sleep(10)
