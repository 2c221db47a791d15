defmodule Path do
  @moduledoc false
  # Elixir's Path on Unix, for the simulated disk: `/` is the working
  # directory, paths are binaries (charlists are converted).

  def join([name]), do: IO.chardata_to_string(name)
  def join([first | rest]), do: Enum.reduce(rest, first, &join(&2, &1))

  def join(left, right) do
    left = IO.chardata_to_string(left)
    right = strip_leading(IO.chardata_to_string(right))

    joined =
      case left do
        "" -> right
        "/" -> "/" <> right
        _ -> drop_sep(left) <> "/" <> right
      end

    drop_sep(joined)
  end

  def basename(path) do
    path = IO.chardata_to_string(path)

    case :binary.split(trim_seps(path), "/", [:global]) do
      [] -> ""
      parts -> List.last(parts)
    end
  end

  def basename(path, ext) do
    base = basename(path)
    ext = IO.chardata_to_string(ext)

    if ext != "" and String.ends_with?(base, ext) and base != ext do
      binary_part(base, 0, byte_size(base) - byte_size(ext))
    else
      base
    end
  end

  def dirname(path) do
    path = IO.chardata_to_string(path)

    case :binary.matches(path, "/") do
      [] ->
        "."

      matches ->
        {at, _} = List.last(matches)

        case trim_seps(binary_part(path, 0, at)) do
          "" -> "/"
          dir -> dir
        end
    end
  end

  def extname(path) do
    base = basename(path)

    case :binary.matches(base, ".") do
      [] -> ""
      [{0, _}] -> ""
      matches -> (fn {at, _} -> binary_part(base, at, byte_size(base) - at) end).(List.last(matches))
    end
  end

  def rootname(path) do
    path = IO.chardata_to_string(path)

    case :binary.matches(path, ".") do
      [] ->
        path

      matches ->
        {at, _} = List.last(matches)
        rest = binary_part(path, at, byte_size(path) - at)
        after_sep = at > 0 and :binary.at(path, at - 1) == ?/

        if String.contains?(rest, "/") or after_sep,
          do: path,
          else: binary_part(path, 0, at)
    end
  end

  def rootname(path, ext) do
    path = IO.chardata_to_string(path)
    ext = IO.chardata_to_string(ext)

    if String.ends_with?(path, ext),
      do: binary_part(path, 0, byte_size(path) - byte_size(ext)),
      else: path
  end

  def split(path) do
    path = IO.chardata_to_string(path)
    parts = for part <- :binary.split(path, "/", [:global]), part != "", do: part
    if String.starts_with?(path, "/"), do: ["/" | parts], else: parts
  end

  def type(path) do
    if String.starts_with?(IO.chardata_to_string(path), "/"), do: :absolute, else: :relative
  end

  def absname(path) do
    path = IO.chardata_to_string(path)
    if type(path) == :absolute, do: path, else: join("/", path)
  end

  def expand(path), do: expand(path, "/")

  def expand(path, relative_to) do
    path = IO.chardata_to_string(path)
    full = if type(path) == :absolute, do: path, else: join(absname(relative_to), path)

    resolved =
      Enum.reduce(split(full), [], fn
        "/", acc -> acc
        ".", acc -> acc
        "..", [] -> []
        "..", [_ | acc] -> acc
        part, acc -> [part | acc]
      end)

    "/" <> Enum.join(Enum.reverse(resolved), "/")
  end

  defp strip_leading("/" <> rest), do: strip_leading(rest)
  defp strip_leading(path), do: path

  # One trailing separator off, never the root's.
  defp drop_sep("/"), do: "/"

  defp drop_sep(path) do
    if String.ends_with?(path, "/"), do: binary_part(path, 0, byte_size(path) - 1), else: path
  end

  defp trim_seps(path) do
    case String.trim_trailing(path, "/") do
      "" -> ""
      trimmed -> trimmed
    end
  end
end
