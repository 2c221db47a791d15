# Writes expected.txt from cases.txt with real Elixir (1.14):
#
#     cd tests/data/parse && elixir gen.exs
#
# cases.txt holds snippets separated by lines that are exactly `#---` (the
# line break before each separator is not part of the snippet). For each
# snippet, expected.txt has one line:
#
#     OK <quoted form>           inspect of Code.string_to_quoted(s, columns: true)
#                                with metadata kept to no_parens, line, column
#     ERR <line>:<column> <message> <token> <kind> <text>
#                                the error, message and token inspected
#                                (a message may be a {prefix, suffix} tuple),
#                                then the exception iex raises and its message
#                                (without the source snippet under it)

defmodule Gen do
  def filter({head, meta, args}) when is_list(meta) do
    {filter(head), Keyword.take(meta, [:no_parens, :line, :column]), filter(args)}
  end

  def filter({a, b}), do: {filter(a), filter(b)}
  def filter(list) when is_list(list), do: Enum.map(list, &filter/1)
  def filter(other), do: other

  def show(term) do
    inspect(term, limit: :infinity, printable_limit: :infinity, charlists: :as_lists, width: :infinity)
  end

  def line(source) do
    case Code.string_to_quoted(source, columns: true, emit_warnings: false) do
      {:ok, quoted} ->
        "OK " <> show(filter(quoted))

      {:error, {meta, message, token}} ->
        "ERR #{meta[:line]}:#{meta[:column]} #{show(message)} #{show(token)} #{raised(source)}"
    end
  end

  # What iex shows: the exception and its message, as `string_to_quoted!`
  # raises it with file "iex".
  defp raised(source) do
    Code.string_to_quoted!(source, columns: true, emit_warnings: false, file: "iex")
    "none"
  rescue
    e ->
      [text | _] = String.split(Exception.message(e), "\n    |\n")
      "#{inspect(e.__struct__)} #{show(text)}"
  end
end

cases =
  File.read!("cases.txt")
  |> String.replace_suffix("\n", "")
  |> String.split("\n#---\n")

lines = Enum.map(cases, &Gen.line/1)
File.write!("expected.txt", Enum.join(lines, "\n") <> "\n")
IO.puts("#{length(lines)} cases")
