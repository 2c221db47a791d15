defmodule File do
  @moduledoc false
  # The simulated world has no disk a learner's code can reach: `File`
  # sees an empty, read-only file system, with Elixir's results and errors.

  def read(_path), do: {:error, :enoent}

  def read!(path) do
    raise File.Error, reason: :enoent, action: "read file", path: IO.chardata_to_string(path)
  end

  def exists?(_path), do: false
  def regular?(_path), do: false
  def dir?(_path), do: false
  def write(_path, _content, _modes \\ []), do: {:error, :erofs}

  def write!(path, _content, _modes \\ []) do
    raise File.Error, reason: :erofs, action: "write to file", path: IO.chardata_to_string(path)
  end

  def ls(_path \\ "."), do: {:error, :enoent}
  def rm(_path), do: {:error, :enoent}
  def mkdir(_path), do: {:error, :erofs}
  def mkdir_p(_path), do: {:error, :erofs}
  def cwd, do: {:ok, "/"}
  def cwd!, do: "/"
end
