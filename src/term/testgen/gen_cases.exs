# Regenerates the tables of real BEAM results that the term tests check
# against: src/term/phash2/cases.rs and src/term/inspect/cases.rs.
#
#     cd src/term/testgen && elixir gen_cases.exs
#
# Needs Elixir 1.14 on OTP 25 (Debian bookworm: `apt-get install elixir`).
# Each case is an Elixir term; this script prints it as a Rust expression
# built from the helpers in src/term/testing.rs, next to what the BEAM says.
import Bitwise

defmodule Gen do
  # Pids and references of other nodes are made through the external term
  # format, with the simulation's node names: node index 0 is a@sim, 1 is b@sim...
  def ext_pid(node_index, id, serial) do
    n = node_name(node_index)
    :erlang.binary_to_term(<<131, 88, 119, byte_size(n), n::binary, id::32, serial::32, 0::32>>)
  end

  def ext_ref(node_index, [a, b, c]) do
    n = node_name(node_index)
    :erlang.binary_to_term(<<131, 90, 3::16, 119, byte_size(n), n::binary, 0::32, c::32, b::32, a::32>>)
  end

  def node_name(i), do: <<?a + i, "@sim">>

  def rs(i) when is_integer(i) and i >= -(1 <<< 63) and i < 1 <<< 63, do: "i(#{i})"
  def rs(i) when is_integer(i), do: "big(\"#{i}\")"
  def rs(a) when is_atom(a), do: "a(#{str(Atom.to_string(a))})"

  def rs(b) when is_binary(b) do
    if String.valid?(b), do: "s(#{str(b)})", else: "b(&#{inspect(:binary.bin_to_list(b), limit: :infinity)})"
  end

  def rs(t) when is_tuple(t), do: "t(vec![#{Enum.map_join(Tuple.to_list(t), ", ", &rs/1)}])"
  def rs(l) when is_list(l), do: "l(vec![#{Enum.map_join(l, ", ", &rs/1)}])"

  def rs(m) when is_map(m) do
    "m(vec![#{Enum.map_join(Enum.sort(Map.to_list(m)), ", ", fn {k, v} -> "(#{rs(k)}, #{rs(v)})" end)}])"
  end

  def rs(p) when is_pid(p) do
    [_, id, serial] = p |> :erlang.pid_to_list() |> to_string() |> String.trim("<") |> String.trim(">") |> String.split(".")
    "pid(#{node_index(node(p))}, #{id}, #{serial})"
  end

  def rs(r) when is_reference(r) do
    ["#Ref<" <> _, a, b, c] = r |> :erlang.ref_to_list() |> to_string() |> String.trim(">") |> String.split(".")
    id = (String.to_integer(a) <<< 50) + (String.to_integer(b) <<< 18) + String.to_integer(c)
    "rf(#{node_index(node(r))}, #{id})"
  end

  def rs(f) when is_function(f) do
    info = :erlang.fun_info(f)
    "fun(#{str(Atom.to_string(info[:module]))}, #{str(Atom.to_string(info[:name]))}, #{info[:arity]})"
  end

  def node_index(:nonode@nohost), do: 0
  def node_index(node), do: hd(Atom.to_charlist(node)) - ?a

  # A Rust string literal.
  def str(s) do
    body =
      for <<c::utf8 <- s>>, into: "" do
        cond do
          c == ?" -> "\\\""
          c == ?\\ -> "\\\\"
          c in 32..126 -> <<c>>
          true -> "\\u{#{Integer.to_string(c, 16)}}"
        end
      end

    "\"" <> body <> "\""
  end
end

big = fn n -> Enum.map(1..n, &{:"key#{&1}", &1}) |> Map.new() end

phash2_cases =
  [0, 1, -1, 42, 255, 256, -255, (1 <<< 27) - 1, 1 <<< 27, -(1 <<< 27), -(1 <<< 27) - 1,
   1 <<< 31, 1 <<< 32, -(1 <<< 32), (1 <<< 59) - 1, 1 <<< 59, -(1 <<< 59), 1 <<< 60,
   (1 <<< 63) - 1, -(1 <<< 63), 1 <<< 63, (1 <<< 64) - 1, 1 <<< 64, -(1 <<< 64) - 7,
   1 <<< 100, (1 <<< 127) + 5, -(1 <<< 130), 12_345_678_901_234_567_890_123_456_789_012_345_678_901] ++
  [:ok, :a, :error, :undefined, nil, true, false, :"", Fleet.Registry, :"foo bar",
   String.to_atom(String.duplicate("x", 255)), :"héllo", :"ÿ", :"αβγ", :"日本", :"Ω\u0080"] ++
  ["", "a", "ab", "abc", "abcd", "hello world", "hello world!", "hello world!!",
   String.duplicate("z", 23), String.duplicate("z", 24), String.duplicate("z", 25),
   String.duplicate("0123456789", 100), <<0, 255, 128>>, "héllo", <<1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11>>] ++
  [[], [1], [1, 2, 3], 'abc', 'abcd', 'abcde', 'abcdefghi', [256], [1, :a, 2], [300, 1, 2],
   [[]], [[1]], [-1], ["a"], [1, [2, [3]]], [:a], [:a, :b], [{}], [0, 255, 256, 0],
   Enum.to_list(1..100)] ++
  [{}, {1}, {42, 3}, {:ok, 1}, {[], []}, {{}}, {:a, "b", [1]}, {nil},
   {:via, Registry, {Fleet.Registry, 42}}, {"user", 17}, {:error, {:already_started, :c.pid(0, 130, 0)}}] ++
  (for id <- 1..10, shard <- 0..3, do: {id, shard}) ++
  [%{}, %{a: 1}, %{1 => 2, 3 => 4}, %{a: %{b: 1}}, %{"k" => [1, 2], {1} => nil},
   %{[] => [], %{} => %{}}, big.(32), big.(33), big.(100),
   Map.new(1..200, &{&1, [&1]}), %{x: big.(40), y: [big.(3)]}] ++
  [:c.pid(0, 0, 0), :c.pid(0, 120, 0), :c.pid(0, 32767, 5), :c.pid(0, 77, 3),
   Gen.ext_pid(0, 120, 0), Gen.ext_pid(1, 5, 0), Gen.ext_pid(2, 40_000, 0), Gen.ext_pid(3, 1 <<< 31, 9),
   :erlang.list_to_ref('#Ref<0.1.2.3>'), :erlang.list_to_ref('#Ref<0.0.0.262143>'),
   Gen.ext_ref(1, [1, 2, 3]), Gen.ext_ref(2, [16383, 4_294_967_295, 262_143]),
   &:global.random_exit_name/3, &Enum.map/2, &:erlang.+/2, &Sim.keep_oldest/3,
   {:ok, [{:a, 1}, {:b, 2}], %{c: [3]}, "d", :e}]

phash2_rows =
  for t <- phash2_cases do
    "    (#{Gen.rs(t)}, #{:erlang.phash2(t)}, #{:erlang.phash2(t, 4)}, #{:erlang.phash2(t, 1000)}, #{:erlang.phash2(t, 1 <<< 32)}),\n"
  end

File.write!("../phash2/cases.rs", [
  "// Generated by src/term/testgen/gen_cases.exs from Erlang/OTP 25; do not edit.\n",
  "// (term, phash2/1, phash2/2 with 4, with 1000, with 2^32)\n",
  "vec![\n", phash2_rows, "]\n"
])

IO.puts("phash2: #{length(phash2_rows)} cases")

# Terms that print the same in Elixir and in the simulation. (Maps of more
# than 32 keys are left out: the BEAM prints them in hash order.)
users = for n <- 1..6, do: {:user, n, "name#{n}", %{age: 20 + n, tags: [:a, :b]}}

inspect_cases =
  [0, -5, 42, 1_000_000, 1 <<< 64, -(1 <<< 100)] ++
  [:ok, :"foo bar", :"9a", nil, true, false, Fleet.Registry, :+, :-, :"Elixir.foo", :Elixir,
   :"Elixir.Elixir.Foo", :"Elixir.Elixir", :foo@bar, :Foo, :foo?, :"foo?a", :héllo, :Héllo, :"",
   :"\uFEFF", :"::", :"..//", :.., :->, :"//", :when, :not, :^^^, :"~~~", :<|>, :&, :@, :"\\\\",
   :"%{}", :"{}", :"<<>>", :%, :..., :., :"a-b", :αβγ, :"a\nb", :"a\"b", :"\#{x}", :_, :_foo,
   :a1, :"1a", :"a b!", :foo!, :"foo!!", :"@foo", :"Foo.Bar", :"Elixir.Foo.bar", Foo.Bar,
   :"Elixir.Foo1_x.B2", :"Elixir.", :"Elixir..Foo", :"Elixir.foo.Bar", :"a\\b", :"ab\td",
   :"=", :"==", :"|>", :in, :"\u0000"] ++
  ["", "hello", "a\nb\tc", "quote\"s", "back\\slash", "\#{x}", "#", "#a", "{", "é日本",
   "\uFEFF", "\d\a\b\e\f\v\r", "'single'", <<1, 2, 3>>, <<255>>, "abc" <> <<255>>, <<0>>,
   "a\0b", <<194, 133>>, <<237, 160, 128>>, :binary.copy(<<7>>, 60), :binary.copy(<<200>>, 50),
   :binary.copy(<<200>>, 51), "😀 emoji", "tab\there"] ++
  ['hi', 'a\nb', [7, 8, 9, 10, 11, 12, 13], 'it\'s', '"q"', '\#{', [127], [0], [200], [?a, 300],
   'abc' ++ [1], [27, ?x], [6]] ++
  [[], [1, 2, 3], [:a, "b", [c: 1]], [keys: :unique], ["foo bar": 1], [a: 1, b: [c: 2]],
   [{:a, 1}, {"b", 2}], [{Foo, 1}], [{:a, 1, 2}], [{:nil, 1}, {:true, 2}], [+: 1, "::": 2],
   [{:"Elixir", 1}], Enum.to_list(1..60), Enum.to_list(1..50), Enum.to_list(1..49) ++ [[1, 2]],
   Enum.to_list(1..49) ++ [<<1, 2>>], Enum.to_list(1..49) ++ [{}], Enum.to_list(1..48) ++ [{1, 2}],
   Enum.map(1..3, fn _ -> Enum.to_list(1..60) end), [1, <<1, 2>>, :binary.copy(<<1>>, 60)],
   Enum.map(1..60, &{:"k#{&1}", &1})] ++
  [{}, {:ok}, {:error, {:already_started, :c.pid(0, 130, 0)}}, List.to_tuple(Enum.to_list(1..60)),
   {:ok, %{a: [1, 2, {3, "x"}]}}, {[], %{}, {}, "", ''}] ++
  [%{}, %{active: 5, specs: 5, supervisors: 0, workers: 5}, %{"a" => 1, 1 => 2},
   %{:a => 1, "b" => 2}, %{Foo => 1}, %{{1} => [2]}, %{a: %{b: %{c: 1}}}, %{__struct__: "x"},
   %{"foo bar": 1, baz: 2}, Map.new(1..32, &{&1, &1 * &1}), %{[1] => :x, %{} => :y},
   Map.new(1..30, &{:"key_#{&1}", &1})] ++
  [1..5, 1..10//2, 5..1//-1, %{__struct__: Range, first: 5, last: 1, step: 1},
   %{__struct__: Range, first: 1, last: 5}, %{__struct__: Range, first: 5, last: 1},
   %{__struct__: Range, first: :a, last: "b", step: 1}, -3..-1, MapSet.new([1, :a]), MapSet.new([]),
   MapSet.new(['ab']), MapSet.new([{:a, 1}]), %ArgumentError{message: "x"}, [1..2, 3..4]] ++
  [:c.pid(0, 120, 0), :c.pid(0, 0, 5), :erlang.list_to_ref('#Ref<0.1.2.3>'),
   :erlang.list_to_ref('#Ref<0.16383.2.262143>'),
   &:global.random_exit_name/3, &Enum.map/2, &:erlang.+/2, &:erlang."//"/2, &Sim.keep_oldest/3,
   &:foo."bar baz"/1, &:a.b?/0, &:a."Foo"/1, &:a."Elixir.Foo"/0, &:a.""/0, &:a."%{}"/0,
   &:a."::"/2, &:"Elixir.foo".bar/1] ++
  [users, Enum.to_list(1..30), {:a, List.duplicate("abcdefghij", 9)},
   %{processes: users, count: 6}, [very_long_key_name: String.duplicate("v", 70), short: 1],
   {:reply, {:ok, %{id: 1, name: "alpha", children: [%{id: 2}, %{id: 3}]}}, :state},
   :binary.copy(<<0>>, 40), [String.duplicate("x", 100)], {String.duplicate("y", 90)},
   [[[[[[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]]]]]]]

inspect_rows =
  for t <- inspect_cases do
    "    (#{Gen.rs(t)}, #{Gen.str(inspect(t))}, #{Gen.str(inspect(t, pretty: true, width: 80))}),\n"
  end

width_cases = [users, %{processes: users, count: 6}, {:a, List.duplicate("abcdefghij", 9)},
  Enum.to_list(1..30), [a: 1, b: [c: 2]], {:error, {:already_started, :c.pid(0, 130, 0)}},
  :binary.copy(<<1>>, 30), 1..10//2, %{a: %{b: %{c: 1}}}, {}, [[]]]

width_rows =
  for t <- width_cases, w <- [0, 10, 20, 40, 60] do
    "    (#{Gen.rs(t)}, #{w}, #{Gen.str(inspect(t, pretty: true, width: w))}),\n"
  end

File.write!("../inspect/cases.rs", [
  "// Generated by src/term/testgen/gen_cases.exs from Elixir 1.14 on OTP 25; do not edit.\n",
  "// (term, inspect(term), inspect(term, pretty: true, width: 80))\n",
  "vec![\n", inspect_rows, "]\n"
])

File.write!("../inspect/width_cases.rs", [
  "// Generated by src/term/testgen/gen_cases.exs from Elixir 1.14 on OTP 25; do not edit.\n",
  "// (term, width, inspect(term, pretty: true, width: width))\n",
  "vec![\n", width_rows, "]\n"
])

IO.puts("inspect: #{length(inspect_rows)} cases, #{length(width_rows)} width cases")

# Distinct terms of every kind, in the BEAM's term order.
order_terms =
  Enum.sort([
    -(1 <<< 70), -(1 <<< 64), -(1 <<< 63), -5, 0, 1, 42, (1 <<< 63) - 1, 1 <<< 63, 1 <<< 64, 1 <<< 70,
    :a, :b, :ab, :"", :"Elixir.Foo", :zz, :"é", :"日本", :ok, nil, true, false,
    Gen.ext_ref(0, [0, 0, 5]), Gen.ext_ref(1, [0, 0, 5]), Gen.ext_ref(1, [0, 0, 1]),
    Gen.ext_ref(0, [0, 1, 0]), Gen.ext_ref(0, [1, 0, 0]), Gen.ext_ref(2, [0, 0, 1]),
    Gen.ext_ref(1, [0, 2, 0]),
    &:a.b/1, &:a.b/2, &:a.a/3, &:b.a/0, &:aa.a/0, &Enum.map/2,
    Gen.ext_pid(0, 120, 0), Gen.ext_pid(1, 5, 0), Gen.ext_pid(0, 5, 1), Gen.ext_pid(2, 120, 0),
    Gen.ext_pid(0, 7, 0), Gen.ext_pid(3, 0, 0), Gen.ext_pid(1, 0, 2),
    {}, {1}, {2}, {1, 1}, {:a}, {1, 2, 3}, {[], []}, {0, :z},
    %{}, %{a: 1}, %{a: 2}, %{b: 0}, %{1 => :x}, %{a: 1, b: 1}, %{"k" => 1}, %{{} => 1},
    %{a: 1, c: 0}, %{a: 0, b: 2},
    [], [1], [1, 2], [1, 1, 1], [2], [:a], ['a'], [[]], [{}], ["x"],
    "", "a", "ab", "b", <<0>>, <<255>>, "é"
  ])

File.write!("../order/cases.rs", [
  "// Generated by src/term/testgen/gen_cases.exs from Erlang/OTP 25; do not edit.\n",
  "// Distinct terms, sorted by the BEAM.\n",
  "vec![\n", Enum.map(order_terms, &"    #{Gen.rs(&1)},\n"), "]\n"
])

IO.puts("order: #{length(order_terms)} terms")
