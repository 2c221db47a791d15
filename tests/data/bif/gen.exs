# Regenerates expected.txt from cases.txt with real Elixir 1.14 on OTP 25:
#
#     cd tests/data/bif && elixir gen.exs
#
# cases.txt holds one Elixir expression per line (blank lines and lines
# starting with `#` are kept as they are and expect nothing). For each
# case, expected.txt holds on the same line either
#
#   - the result, as `inspect(result, limit: :infinity, printable_limit: :infinity)`, or
#   - for a raised exception, what iex prints for it: `** (Kind) message`,
#     after `Exception.blame/3` as iex does (so an ArithmeticError names
#     the expression). A FunctionClauseError keeps only its first line
#     (blame adds the clauses from the BEAM's debug info, which natives
#     do not have).
#
# Newlines inside a line are written as `\n` (a backslash and an n).

dir = __DIR__

escape = fn text -> String.replace(text, "\n", "\\n") end

render = fn source ->
  try do
    {result, _binding} = Code.eval_string(source)
    inspect(result, limit: :infinity, printable_limit: :infinity)
  catch
    kind, reason ->
      stack = __STACKTRACE__
      {blamed, stack} = Exception.blame(kind, reason, stack)
      banner = Exception.format_banner(kind, blamed, stack)

      case blamed do
        %FunctionClauseError{} -> banner |> String.split("\n") |> hd()
        _ -> banner
      end
  end
end

lines =
  Path.join(dir, "cases.txt")
  |> File.read!()
  |> String.split("\n")
  |> then(fn lines -> if List.last(lines) == "", do: Enum.drop(lines, -1), else: lines end)

out =
  Enum.map(lines, fn line ->
    if String.trim(line) == "" or String.starts_with?(line, "#") do
      ""
    else
      escape.(render.(line))
    end
  end)

File.write!(Path.join(dir, "expected.txt"), Enum.join(out, "\n") <> "\n")
IO.puts("#{Enum.count(lines, &(String.trim(&1) != "" and not String.starts_with?(&1, "#")))} cases")
