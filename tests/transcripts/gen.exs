# Regenerates the transcripts: for each NAME.exs beside this file, runs real
# iex on it and writes NAME.out (see README.md for the format and the rules).
#
#   elixir tests/transcripts/gen.exs              # every NAME.exs
#   elixir tests/transcripts/gen.exs 03_match.exs # only these
#   elixir tests/transcripts/gen.exs --check      # regenerate into memory, report differences
#   TRANSCRIPTS_RAW=1 elixir tests/transcripts/gen.exs  # also keep iex's raw output as NAME.raw
#
# Needs Elixir 1.14 on Erlang/OTP 25 (`iex` on the PATH).

defmodule Transcripts do
  @dir Path.dirname(__ENV__.file)
  @prompt ~r/(iex|\.\.\.)\((\d+)\)> /
  @keep_blank_pragma "# transcripts: keep-blank-lines"

  def main(argv) do
    unless String.starts_with?(System.version(), "1.14.") and System.otp_release() == "25" do
      raise "the transcripts are made with Elixir 1.14 on Erlang/OTP 25, this is #{System.version()} on #{System.otp_release()}"
    end

    {check?, names} = {"--check" in argv, argv -- ["--check"]}

    files =
      case names do
        [] -> Path.wildcard(Path.join(@dir, "*.exs")) |> Enum.reject(&(Path.basename(&1) == "gen.exs"))
        _ -> Enum.map(names, &Path.join(@dir, Path.basename(&1)))
      end

    results =
      for file <- Enum.sort(files) do
        out = generate(file)
        out_file = Path.rootname(file) <> ".out"

        cond do
          check? and File.read(out_file) == {:ok, out} ->
            IO.puts("same     #{Path.basename(out_file)}")
            :same

          check? ->
            IO.puts("DIFFERS  #{Path.basename(out_file)}")
            File.write!(out_file <> ".new", out)
            :differs

          true ->
            File.write!(out_file, out)
            IO.puts("wrote    #{Path.basename(out_file)}")
            :wrote
        end
      end

    if :differs in results, do: System.halt(1)
  end

  ## Chunks: the lines iex joins into one expression

  # Returns {fed_lines, chunks}: the lines sent to iex and, for each chunk,
  # its lines. Outside a chunk, blank and comment-only lines are not sent
  # (unless the file starts with the keep-blank pragma); inside a chunk every
  # line is sent, as iex would read it.
  def chunks(source) do
    lines = String.split(source, "\n")
    lines = if List.last(lines) == "", do: Enum.drop(lines, -1), else: lines
    keep_blank? = match?([@keep_blank_pragma | _], lines)
    lines = if keep_blank?, do: tl(lines), else: lines

    {chunks, current, state} =
      Enum.reduce(lines, {[], [], ""}, fn line, {chunks, current, state} ->
        if current == [] and not keep_blank? and skippable?(line) do
          {chunks, current, state}
        else
          current = current ++ [line]

          case parse(line <> "\n", state) do
            {:incomplete, new_state} -> {chunks, current, new_state}
            {:done, new_state} -> {chunks ++ [current], [], new_state}
          end
        end
      end)

    if current != [] do
      raise "input ends inside an unfinished expression: #{inspect(current)} (state #{inspect(state)})"
    end

    {Enum.concat(chunks), chunks}
  end

  defp skippable?(line), do: String.trim(line) == "" or String.starts_with?(String.trim_leading(line), "#")

  # The very function iex 1.14 reads input with (IEx.Evaluator.parse/3).
  defp parse(input, state) do
    case IEx.Evaluator.parse(input, [line: 1, file: "iex"], state) do
      {:ok, _forms, new_state} -> {:done, new_state}
      {:incomplete, new_state} -> {:incomplete, new_state}
    end
  rescue
    _ -> {:done, ""}
  end

  ## Running iex

  def run_iex(fed_lines) do
    tmp = Path.join(System.tmp_dir!(), "transcripts-#{System.unique_integer([:positive])}")
    File.mkdir_p!(tmp)
    input = Path.join(tmp, "input.exs")
    output = Path.join(tmp, "output.txt")
    File.write!(input, Enum.map(fed_lines ++ ["System.halt()"], &[&1, ?\n]))

    # HOME and the working directory are an empty folder, so no .iex.exs is
    # read. Logger is made synchronous, so that a crash report is printed
    # before the crashed process's exit reaches anyone. Text written to
    # :standard_error (compiler warnings) is handed to :user, which writes
    # stdout, so that it lands in the order it was written: with 2>&1 alone a
    # warning could overtake the result printed before it.
    stderr_to_user =
      "fwd = spawn(fn -> loop = fn loop -> receive do msg -> send(:user, msg); loop.(loop) end end; loop.(loop) end); " <>
        "Process.unregister(:standard_error); Process.register(fwd, :standard_error)"

    cmd = "timeout 120 iex --erl '-logger sync_threshold 0' -e '#{stderr_to_user}' < input.exs > output.txt 2>&1"

    env = [{"HOME", tmp}, {"ERL_AFLAGS", nil}, {"ERL_FLAGS", nil}, {"ERL_ZFLAGS", nil}, {"ELIXIR_ERL_OPTIONS", nil}]
    {_, status} = System.cmd("sh", ["-c", cmd], cd: tmp, env: env)
    text = File.read!(output)
    File.rm_rf!(tmp)
    if status != 0, do: raise("iex exited with status #{status}:\n#{text}")
    text
  end

  ## Splitting iex's output at its prompts

  # One {kind, segment} per line iex read: kind is :first or :cont (from the
  # prompt), segment what iex printed after that prompt.
  def segments(text) do
    [banner_and_before | rest] = Regex.split(@prompt, text, include_captures: true)

    unless banner_and_before =~ ~r/\AInteractive Elixir \([^)]*\) - press Ctrl\+C to exit \(type h\(\) ENTER for help\)\n\z/ do
      raise "unexpected text before the first prompt: #{inspect(banner_and_before)}"
    end

    pair(rest)
  end

  defp pair([prompt, segment | rest]) do
    kind = if String.starts_with?(prompt, "iex"), do: :first, else: :cont
    [{kind, segment} | pair(rest)]
  end

  defp pair([]), do: []

  ## Normalization

  @stack_app ~r/^\([a-z][a-z0-9_]* [0-9][^)]*\) /
  @stack_loc ~r/^[^\s:]+:\d+: /
  @stack_call ~r/^(anonymous fn\/\d+ in |expanding [a-z]+: )?:?"?[A-Za-z_][\w.@$"-]*\.("[^"]*"|[^\s(]+?)(\/\d+|\(.*\))$/

  # A line of a stacktrace: indented by a multiple of four spaces, shaped as
  # Exception.format_stacktrace_entry/1 shapes one, and either the first of
  # its block (after a blank line or an "** (...)" line) or after another.
  def stack_entry?(line) do
    case Regex.run(~r/^((?:    )+)(\S.*)$/, line) do
      [_, _indent, rest] ->
        Regex.match?(@stack_app, rest) or Regex.match?(@stack_loc, rest) or Regex.match?(@stack_call, rest)

      nil ->
        false
    end
  end

  # One boolean per line: is it part of a stacktrace?
  def stack_flags(lines) do
    {flags, _} =
      Enum.map_reduce(lines, {"", false}, fn line, {prev, in_stack?} ->
        opens? = prev == "" or String.trim_leading(prev) =~ ~r/^\*\* \(/
        flag = stack_entry?(line) and (in_stack? or opens?)
        {flag, {line, flag}}
      end)

    flags
  end

  def normalize(text) do
    text =
      text
      # the module binary of {:module, Name, <<70, 79, 82, 49, ...>>, last}
      |> String.replace(~r/<<70, 79, 82, 49,[\d,\s]*\.\.\.>>/, "<<…>>")
      |> String.replace(~r/\{:module, ([^,\s]+),\s+<<…>>,\s+/, "{:module, \\1, <<…>>, ")
      # Logger's timestamps, and the notice of a SIGTERM
      |> String.replace(~r/^\n?\d\d:\d\d:\d\d\.\d{3} \[notice\] SIGTERM received.*\n/m, "")
      |> String.replace(~r/^\d\d:\d\d:\d\d\.\d{3} \[/m, "[")
      # identities
      |> String.replace(~r/#PID<\d+\.\d+\.\d+>/, "#PID<…>")
      |> String.replace(~r/(?<![\w#])<\d+\.\d+\.\d+>/, "<…>")
      |> String.replace(~r/#Reference<[\d.]+>/, "#Reference<…>")
      |> String.replace(~r/#Port<[\d.]+>/, "#Port<…>")
      |> String.replace(~r/#Function<(\d+)\.\d+\/(\d+) in /, "#Function<\\1.…/\\2 in ")

    lines = text |> String.split("\n") |> Enum.map(&String.trim_trailing/1)
    lines = if List.last(lines) == "", do: Enum.drop(lines, -1), else: lines
    flags = stack_flags(lines)
    kept = for {line, false} <- Enum.zip(lines, flags), do: line
    drop_empty_stacktrace(lines, flags, kept)
  end

  # iex prints an error as its message, a newline, then the stacktrace; an
  # empty stacktrace is printed as one blank line. That blank line goes with
  # the stacktrace: dropped when the chunk's output ends with an error whose
  # stacktrace was empty.
  defp drop_empty_stacktrace(lines, flags, kept) do
    last_error = lines |> Enum.with_index() |> Enum.filter(fn {l, _} -> String.starts_with?(l, "** (") end) |> List.last()

    case last_error do
      {_, i} ->
        tail_flags = Enum.drop(flags, i + 1)

        if List.last(lines) == "" and not Enum.any?(tail_flags),
          do: Enum.drop(kept, -1),
          else: kept

      nil ->
        kept
    end
  end

  # iex chose its line breaks with the real pids, references and fun names,
  # longer or shorter than the normalized ones: a term holding one of them
  # and printed over several lines could be laid out differently by anyone
  # printing other identities. Such chunks are reported, to be rewritten,
  # unless the term is too wide for one line even with the short normalized
  # identities and no line holds two of them (then any identities longer
  # than the normalized ones give the same layout: one element a line).
  @id ~r/#PID<…>|#Reference<…>|#Port<…>|<…>|#Function<\d+\.…\//

  defp warn_layout(file, chunk, lines) do
    lines
    |> runs()
    |> Enum.each(fn run ->
      ids = Enum.map(run, &length(Regex.scan(@id, &1)))

      if length(run) > 1 and Enum.sum(ids) > 0 and
           not (String.length(flat(run)) > 80 and Enum.all?(ids, &(&1 <= 1))) do
        IO.puts(:stderr, "warning: #{Path.basename(file)}: a term with a normalized identity spans lines after #{inspect(List.last(chunk))}")
      end
    end)
  end

  # Maximal runs of a line and the indented lines after it, leaving out the
  # runs that are messages rather than terms.
  defp runs(lines) do
    lines
    |> Enum.reduce([], fn
      " " <> _ = line, [run | runs] -> [[line | run] | runs]
      line, runs -> [[line] | runs]
    end)
    |> Enum.map(&Enum.reverse/1)
    |> Enum.reverse()
    |> Enum.reject(fn [first | _] -> first =~ ~r/^(\*\*|\[error\]|warning:|Function: )/ end)
  end

  defp flat(run) do
    run
    |> Enum.map(&String.trim/1)
    |> Enum.reduce(fn line, acc -> if String.ends_with?(acc, ","), do: acc <> " " <> line, else: acc <> line end)
  end

  ## One file

  def generate(file) do
    {fed, chunks} = chunks(File.read!(file))
    raw = run_iex(fed)
    if System.get_env("TRANSCRIPTS_RAW"), do: File.write!(Path.rootname(file) <> ".raw", raw)
    segments = segments(raw)

    expected = length(fed) + 1

    if length(segments) != expected do
      raise "#{file}: iex read #{length(segments)} lines, #{expected} were sent (is a shell crash racing with input?)"
    end

    {{_, halt_segment}, segments} = List.pop_at(segments, -1)
    if halt_segment != "", do: raise("#{file}: output after the last chunk: #{inspect(halt_segment)}")

    {out, []} =
      Enum.map_reduce(chunks, segments, fn chunk, segs ->
        {mine, segs} = Enum.split(segs, length(chunk))
        kinds = Enum.map(mine, &elem(&1, 0))

        if kinds != [:first | List.duplicate(:cont, length(chunk) - 1)] do
          raise "#{file}: prompts #{inspect(kinds)} do not fit the chunk #{inspect(chunk)}"
        end

        raw = mine |> Enum.map(&elem(&1, 1)) |> Enum.join()
        lines = normalize(raw)

        if Enum.any?(lines, &String.starts_with?(&1, "#>")) do
          raise "#{file}: an output line starts with \"#>\", it would read as input: #{inspect(lines)}"
        end

        warn_layout(file, chunk, lines)
        {[Enum.map(chunk, &["#> ", &1, ?\n]), Enum.map(lines, &[&1, ?\n])], segs}
      end)

    IO.iodata_to_binary(out)
  end
end

Transcripts.main(System.argv())
