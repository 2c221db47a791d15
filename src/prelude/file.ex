defmodule File do
  @moduledoc false
  # Files on the node's simulated disk (natives in vm/bif/file.rs): they
  # outlive the node's processes, not the node. The bang functions raise
  # File.Error as Elixir's do.

  def write(path, content, modes \\ []) do
    __write__(IO.chardata_to_string(path), IO.iodata_to_binary(content), modes)
  end

  def read!(path), do: bang(read(path), "read file", path)
  def write!(path, content, modes \\ []), do: bang(write(path, content, modes), "write to file", path)
  def ls!(path \\ "."), do: bang(ls(path), "list directory", path)
  def rm!(path), do: bang(rm(path), "remove file", path)
  def mkdir!(path), do: bang(mkdir(path), "make directory", path)
  def mkdir_p!(path), do: bang(mkdir_p(path), "make directory (with -p)", path)

  def cwd, do: {:ok, "/"}
  def cwd!, do: "/"

  defp bang(:ok, _action, _path), do: :ok
  defp bang({:ok, value}, _action, _path), do: value

  defp bang({:error, reason}, action, path) do
    raise File.Error, reason: reason, action: action, path: IO.chardata_to_string(path)
  end
end
