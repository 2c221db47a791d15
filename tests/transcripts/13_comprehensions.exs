# for: generators, filters, :into, :uniq, :reduce and bitstrings.
for n <- [1, 2, 3, 4], do: n * n
for n <- 1..10, rem(n, 3) == 0, do: n
values = [good: 1, good: 2, bad: 3, good: 4]
for {:good, n} <- values, do: n * n
for x <- [1, 2], y <- [:a, :b], do: {x, y}
for x <- 1..4, y <- x..4, x + y == 5, do: {x, y}
for i <- 1..3, j = i * 10, do: j
for {k, v} <- %{"a" => 1, "b" => 2}, into: %{}, do: {String.to_atom(k), v * 2}
for c <- ~c"hello", into: "", do: <<c - 32>>
for w <- ~w(apple avocado banana), into: %{}, do: {String.first(w), w}
for x <- [1, 1, 2, 3, 3], uniq: true, do: x * 10
for x <- ~w(a b a c), reduce: %{} do
  acc -> Map.update(acc, x, 1, &(&1 + 1))
end
for n <- 1..5, reduce: {0, 1} do
  {sum, product} -> {sum + n, product * n}
end
pixels = <<213, 45, 132, 64, 76, 32, 76, 0, 0, 234, 32, 15>>
for <<r::8, g::8, b::8 <- pixels>>, do: {r, g, b}
for <<c <- " hello world ">>, c != ?\s, into: "", do: <<c>>
for <<bit::1 <- <<0b10110000>> >>, do: bit
for dir <- [:north, :south], do: IO.puts(dir)
for x <- [1, 2, 3], x > 5, do: x
for x <- 1..3, do: (y = x * 2; y + 1)
for x <- :not_enumerable, do: x
for {:ok, v} <- [{:ok, 1}, :error, {:ok, 3}], v > 1, do: v
