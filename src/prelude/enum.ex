defmodule Enumerable do
  @moduledoc false
  # Elixir's Enumerable.reduce/3 for the built-in enumerables: lists,
  # ranges, maps, MapSets and streams. The reducer returns {:cont, acc}
  # or {:halt, acc}; the result is {:done, acc} or {:halted, acc}.

  def reduce(list, acc, fun) when is_list(list), do: reduce_list(list, acc, fun)

  def reduce(%Range{first: first, last: last, step: step}, acc, fun) do
    reduce_range(first, last, step, acc, fun)
  end

  def reduce(%Stream{} = stream, acc, fun), do: Stream.__reduce__(stream, acc, fun)
  # A function of two arguments is a stream written by hand (or by
  # `Task.async_stream`): it reduces itself.
  def reduce(stream, acc, fun) when is_function(stream, 2), do: stream.(acc, fun)
  def reduce(%MapSet{} = set, acc, fun), do: reduce_list(MapSet.to_list(set), acc, fun)

  def reduce(%{__struct__: _} = other, _acc, _fun) do
    Enum.to_list(other)
  end

  def reduce(map, acc, fun) when is_map(map), do: reduce_list(:maps.to_list(map), acc, fun)
  def reduce(other, _acc, _fun), do: Enum.to_list(other)

  defp reduce_list(_, {:halt, acc}, _fun), do: {:halted, acc}
  defp reduce_list([], {:cont, acc}, _fun), do: {:done, acc}
  defp reduce_list([h | t], {:cont, acc}, fun), do: reduce_list(t, fun.(h, acc), fun)

  defp reduce_range(_, _, _, {:halt, acc}, _fun), do: {:halted, acc}

  defp reduce_range(i, last, step, {:cont, acc}, fun)
       when (step > 0 and i <= last) or (step < 0 and i >= last) do
    reduce_range(i + step, last, step, fun.(i, acc), fun)
  end

  defp reduce_range(_, _, _, {:cont, acc}, _fun), do: {:done, acc}
end

defmodule Enum do
  @moduledoc false

  # A stream: a %Stream{} or a function of two arguments (what
  # `Task.async_stream` gives), reduced through Enumerable.
  defguardp is_lazy(s) when is_function(s, 2) or (is_map(s) and :erlang.map_get(:__struct__, s) == Stream)

  # ---- helpers -------------------------------------------------------------

  defp list(enum) when is_list(enum), do: enum

  defp list(s) when is_lazy(s) do
    {_, acc} = Enumerable.reduce(s, {:cont, []}, fn x, acc -> {:cont, [x | acc]} end)
    :lists.reverse(acc)
  end

  defp list(enum), do: Enum.to_list(enum)

  # The reducer for functions that may stop early.
  defp reduce_while_raw(enum, acc, fun) do
    case Enumerable.reduce(enum, {:cont, acc}, fun) do
      {:done, acc} -> acc
      {:halted, acc} -> acc
    end
  end

  # ---- streams through the natives' functions ---------------------------------

  def to_list(s) when is_lazy(s), do: list(s)
  def to_list(enum), do: Native.Enum.to_list(enum)
  def count(s) when is_lazy(s), do: length(list(s))
  def count(enum), do: Native.Enum.count(enum)
  def sum(s) when is_lazy(s), do: Native.Enum.sum(list(s))
  def sum(enum), do: Native.Enum.sum(enum)
  def member?(s, x) when is_lazy(s), do: any?(s, fn y -> y === x end)
  def member?(enum, x), do: Native.Enum.member?(enum, x)
  def into(s, collectable) when is_lazy(s), do: Native.Enum.into(list(s), collectable)
  def into(enum, collectable), do: Native.Enum.into(enum, collectable)
  def join(enum, joiner \\ "")
  def join(s, joiner) when is_lazy(s), do: Native.Enum.join(list(s), joiner)
  def join(enum, joiner), do: Native.Enum.join(enum, joiner)
  def reverse(s) when is_lazy(s), do: :lists.reverse(list(s))
  def reverse(enum), do: Native.Enum.reverse(enum)
  def uniq(s) when is_lazy(s), do: Native.Enum.uniq(list(s))
  def uniq(enum), do: Native.Enum.uniq(enum)
  def empty?(s) when is_lazy(s), do: not any?(s, fn _ -> true end)
  def empty?(enum), do: Native.Enum.empty?(enum)
  def zip(a, b) when is_lazy(a), do: Native.Enum.zip(list(a), list(b))
  def zip(a, b) when is_lazy(b), do: Native.Enum.zip(list(a), list(b))
  def zip(a, b), do: Native.Enum.zip(a, b)
  def chunk_every(s, n) when is_lazy(s), do: Native.Enum.chunk_every(list(s), n)
  def chunk_every(enum, n), do: Native.Enum.chunk_every(enum, n)
  def min(s) when is_lazy(s), do: Native.Enum.min(list(s))
  def min(enum), do: Native.Enum.min(enum)
  def max(s) when is_lazy(s), do: Native.Enum.max(list(s))
  def max(enum), do: Native.Enum.max(enum)
  def drop(s, n) when is_lazy(s), do: Native.Enum.drop(list(s), n)
  def drop(enum, n), do: Native.Enum.drop(enum, n)
  def frequencies(s) when is_lazy(s), do: Native.Enum.frequencies(list(s))
  def frequencies(enum), do: Native.Enum.frequencies(enum)

  # ---- reduce ----------------------------------------------------------------

  def reduce(enum, acc, fun) when is_list(enum), do: reduce_list(enum, acc, fun)

  def reduce(%Range{first: first, last: last, step: step}, acc, fun) do
    reduce_range(first, last, step, acc, fun)
  end

  def reduce(enum, acc, fun) do
    reduce_while_raw(enum, acc, fn x, acc -> {:cont, fun.(x, acc)} end)
  end

  defp reduce_list([h | t], acc, fun), do: reduce_list(t, fun.(h, acc), fun)
  defp reduce_list([], acc, _fun), do: acc

  defp reduce_range(i, last, step, acc, fun)
       when (step > 0 and i <= last) or (step < 0 and i >= last) do
    reduce_range(i + step, last, step, fun.(i, acc), fun)
  end

  defp reduce_range(_, _, _, acc, _fun), do: acc

  def reduce(enum, fun) do
    case list(enum) do
      [h | t] -> reduce_list(t, h, fun)
      [] -> raise Enum.EmptyError
    end
  end

  def reduce_while(enum, acc, fun), do: reduce_while_raw(enum, acc, fun)

  def map_reduce(enum, acc, fun) do
    {list, acc} =
      reduce(enum, {[], acc}, fn x, {l, acc} ->
        {y, acc} = fun.(x, acc)
        {[y | l], acc}
      end)

    {:lists.reverse(list), acc}
  end

  def scan(enum, fun) do
    case list(enum) do
      [] -> []
      [h | t] -> :lists.reverse(scan_list(t, h, fun, [h]))
    end
  end

  def scan(enum, acc, fun) do
    :lists.reverse(scan_list(list(enum), acc, fun, []))
  end

  defp scan_list([], _acc, _fun, out), do: out

  defp scan_list([h | t], acc, fun, out) do
    acc = fun.(h, acc)
    scan_list(t, acc, fun, [acc | out])
  end

  # ---- mapping and filtering -------------------------------------------------

  def map(enum, fun) when is_list(enum), do: map_list(enum, fun)
  def map(enum, fun), do: :lists.reverse(reduce(enum, [], fn x, acc -> [fun.(x) | acc] end))

  defp map_list([h | t], fun), do: [fun.(h) | map_list(t, fun)]
  defp map_list([], _fun), do: []

  def each(enum, fun) do
    reduce(enum, nil, fn x, _ ->
      fun.(x)
      nil
    end)

    :ok
  end

  def filter(enum, fun), do: :lists.reverse(reduce(enum, [], fn x, acc -> if fun.(x), do: [x | acc], else: acc end))
  def reject(enum, fun), do: :lists.reverse(reduce(enum, [], fn x, acc -> if fun.(x), do: acc, else: [x | acc] end))

  def split_with(enum, fun) do
    {yes, no} =
      reduce(enum, {[], []}, fn x, {yes, no} ->
        if fun.(x), do: {[x | yes], no}, else: {yes, [x | no]}
      end)

    {:lists.reverse(yes), :lists.reverse(no)}
  end

  def flat_map(enum, fun) do
    reduce(enum, [], fn x, acc -> :lists.reverse(list(fun.(x)), acc) end) |> :lists.reverse()
  end

  def flat_map_reduce(enum, acc, fun) do
    {out, acc} =
      reduce_while_raw(enum, {[], acc}, fn x, {out, acc} ->
        case fun.(x, acc) do
          {:halt, acc} -> {:halt, {out, acc}}
          {items, acc} -> {:cont, {:lists.reverse(list(items), out), acc}}
        end
      end)

    {:lists.reverse(out), acc}
  end

  def map_every(enum, nth, fun) when is_integer(nth) and nth >= 0 do
    {out, _} =
      reduce(enum, {[], 0}, fn x, {out, i} ->
        y = if nth != 0 and rem(i, nth) == 0, do: fun.(x), else: x
        {[y | out], i + 1}
      end)

    :lists.reverse(out)
  end

  def map_intersperse(enum, sep, fun) do
    case map(enum, fun) do
      [] -> []
      [h | t] -> [h | :lists.flatmap(fn x -> [sep, x] end, t)]
    end
  end

  def map_join(enum, joiner \\ "", fun), do: join(map(enum, fun), joiner)

  def with_index(enum, offset_or_fun \\ 0)

  def with_index(enum, fun) when is_function(fun, 2) do
    {out, _} = reduce(enum, {[], 0}, fn x, {out, i} -> {[fun.(x, i) | out], i + 1} end)
    :lists.reverse(out)
  end

  def with_index(enum, offset) do
    {out, _} = reduce(enum, {[], offset}, fn x, {out, i} -> {[{x, i} | out], i + 1} end)
    :lists.reverse(out)
  end

  def zip_with(enums, fun) when is_function(fun, 1) do
    map(zip(enums), fn tuple -> fun.(Tuple.to_list(tuple)) end)
  end

  def zip_with(left, right, fun) do
    map(zip(left, right), fn {a, b} -> fun.(a, b) end)
  end

  def zip_reduce(left, right, acc, fun) do
    reduce(zip(left, right), acc, fn {a, b}, acc -> fun.(a, b, acc) end)
  end

  # ---- searching ----------------------------------------------------------------

  def find(enum, default \\ nil, fun) do
    reduce_while_raw(enum, default, fn x, acc ->
      if fun.(x), do: {:halt, x}, else: {:cont, acc}
    end)
  end

  def find_value(enum, default \\ nil, fun) do
    reduce_while_raw(enum, default, fn x, acc ->
      case fun.(x) do
        v when v in [nil, false] -> {:cont, acc}
        v -> {:halt, v}
      end
    end)
  end

  def find_index(enum, fun) do
    result =
      reduce_while_raw(enum, 0, fn x, i ->
        if fun.(x), do: {:halt, {:found, i}}, else: {:cont, i + 1}
      end)

    case result do
      {:found, i} -> i
      _ -> nil
    end
  end

  def any?(enum), do: any?(enum, fn x -> x end)

  def any?(enum, fun) do
    reduce_while_raw(enum, false, fn x, _ -> if fun.(x), do: {:halt, true}, else: {:cont, false} end)
  end

  def all?(enum), do: all?(enum, fn x -> x end)

  def all?(enum, fun) do
    reduce_while_raw(enum, true, fn x, _ -> if fun.(x), do: {:cont, true}, else: {:halt, false} end)
  end

  def count(enum, fun), do: reduce(enum, 0, fn x, n -> if fun.(x), do: n + 1, else: n end)

  def count_until(enum, limit) when is_integer(limit) and limit > 0 do
    reduce_while_raw(enum, 0, fn _, n -> if n + 1 >= limit, do: {:halt, limit}, else: {:cont, n + 1} end)
  end

  def count_until(enum, fun, limit) when is_integer(limit) and limit > 0 do
    reduce_while_raw(enum, 0, fn x, n ->
      cond do
        not fun.(x) -> {:cont, n}
        n + 1 >= limit -> {:halt, limit}
        true -> {:cont, n + 1}
      end
    end)
  end

  # ---- taking and dropping ---------------------------------------------------------

  def take_while(enum, fun) do
    reduce_while_raw(enum, [], fn x, acc -> if fun.(x), do: {:cont, [x | acc]}, else: {:halt, acc} end)
    |> :lists.reverse()
  end

  def drop_while(enum, fun), do: drop_while_list(list(enum), fun)

  defp drop_while_list([h | t] = l, fun), do: if(fun.(h), do: drop_while_list(t, fun), else: l)
  defp drop_while_list([], _fun), do: []

  def take(s, n) when is_lazy(s) and (is_integer(n) and n >= 0) do
    if n == 0 do
      []
    else
      {out, _} =
        reduce_while_raw(s, {[], n}, fn x, {out, left} ->
          if left == 1, do: {:halt, {[x | out], 0}}, else: {:cont, {[x | out], left - 1}}
        end)

      :lists.reverse(out)
    end
  end

  def take(enum, n), do: Native.Enum.take(enum, n)

  def at(enum, index, default \\ nil)

  def at(s, index, default) when is_lazy(s) and (is_integer(index) and index >= 0) do
    result =
      reduce_while_raw(s, index, fn x, i -> if i == 0, do: {:halt, {:found, x}}, else: {:cont, i - 1} end)

    case result do
      {:found, x} -> x
      _ -> default
    end
  end

  def at(enum, index, default), do: Native.Enum.at(enum, index, default)

  # ---- sorting and grouping ------------------------------------------------------------

  def sort(enum, fun) when is_function(fun, 2), do: merge_sort(list(enum), fun)
  def sort(enum, order) when order in [:asc, :desc], do: Native.Enum.sort(enum, order)
  def sort(enum, {:asc, module}), do: merge_sort(list(enum), fn a, b -> module.compare(a, b) != :gt end)
  def sort(enum, {:desc, module}), do: merge_sort(list(enum), fn a, b -> module.compare(a, b) != :lt end)
  def sort(enum, module) when is_atom(module), do: merge_sort(list(enum), fn a, b -> module.compare(a, b) != :gt end)

  def sort_by(enum, mapper, sorter \\ :asc) do
    pairs = map(enum, fn x -> {mapper.(x), x} end)

    sorted =
      case sorter do
        :asc -> merge_sort(pairs, fn {a, _}, {b, _} -> a <= b end)
        :desc -> merge_sort(pairs, fn {a, _}, {b, _} -> a >= b end)
        {:asc, m} -> merge_sort(pairs, fn {a, _}, {b, _} -> m.compare(a, b) != :gt end)
        {:desc, m} -> merge_sort(pairs, fn {a, _}, {b, _} -> m.compare(a, b) != :lt end)
        fun when is_function(fun, 2) -> merge_sort(pairs, fn {a, _}, {b, _} -> fun.(a, b) end)
        m when is_atom(m) -> merge_sort(pairs, fn {a, _}, {b, _} -> m.compare(a, b) != :gt end)
      end

    :lists.map(fn {_, x} -> x end, sorted)
  end

  # A stable merge sort: fun.(a, b) true means a goes first.
  defp merge_sort([], _fun), do: []
  defp merge_sort([x], _fun), do: [x]

  defp merge_sort(list, fun) do
    {left, right} = :lists.split(div(length(list), 2), list)
    merge(merge_sort(left, fun), merge_sort(right, fun), fun, [])
  end

  defp merge([], right, _fun, acc), do: :lists.reverse(acc, right)
  defp merge(left, [], _fun, acc), do: :lists.reverse(acc, left)

  defp merge([a | ta] = left, [b | tb] = right, fun, acc) do
    if fun.(a, b), do: merge(ta, right, fun, [a | acc]), else: merge(left, tb, fun, [b | acc])
  end

  def min_by(enum, fun, sorter \\ &<=/2, empty \\ fn -> raise Enum.EmptyError end)

  def min_by(enum, fun, sorter, empty) when is_function(sorter, 2) do
    pick_by(list(enum), fun, sorter, empty)
  end

  def min_by(enum, fun, module, empty) when is_atom(module) do
    pick_by(list(enum), fun, fn a, b -> module.compare(a, b) != :gt end, empty)
  end

  def max_by(enum, fun, sorter \\ &>=/2, empty \\ fn -> raise Enum.EmptyError end)

  def max_by(enum, fun, sorter, empty) when is_function(sorter, 2) do
    pick_by(list(enum), fun, sorter, empty)
  end

  def max_by(enum, fun, module, empty) when is_atom(module) do
    pick_by(list(enum), fun, fn a, b -> module.compare(a, b) != :lt end, empty)
  end

  defp pick_by([], _fun, _sorter, empty), do: empty.()

  defp pick_by([h | t], fun, sorter, _empty) do
    {best, _} =
      reduce_list(t, {h, fun.(h)}, fn x, {best, key} ->
        k = fun.(x)
        if sorter.(key, k), do: {best, key}, else: {x, k}
      end)

    best
  end

  def min_max_by(enum, fun, empty \\ fn -> raise Enum.EmptyError end) do
    case list(enum) do
      [] -> empty.()
      items -> {min_by(items, fun), max_by(items, fun)}
    end
  end

  def group_by(enum, key_fun, value_fun \\ fn x -> x end) do
    reduce(:lists.reverse(list(enum)), %{}, fn x, acc ->
      key = key_fun.(x)
      value = value_fun.(x)

      case acc do
        %{^key => existing} -> %{acc | key => [value | existing]}
        %{} -> Map.put(acc, key, [value])
      end
    end)
  end

  def frequencies_by(enum, fun) do
    reduce(enum, %{}, fn x, acc ->
      key = fun.(x)

      case acc do
        %{^key => n} -> %{acc | key => n + 1}
        %{} -> Map.put(acc, key, 1)
      end
    end)
  end

  def uniq_by(enum, fun) do
    {out, _} =
      reduce(enum, {[], %{}}, fn x, {out, seen} ->
        key = fun.(x)

        case seen do
          %{^key => true} -> {out, seen}
          %{} -> {[x | out], Map.put(seen, key, true)}
        end
      end)

    :lists.reverse(out)
  end

  def dedup_by(enum, fun) do
    {out, _} =
      reduce(enum, {[], :"$none"}, fn x, {out, last} ->
        key = fun.(x)
        if key === last, do: {out, last}, else: {[x | out], key}
      end)

    :lists.reverse(out)
  end

  def chunk_by(enum, fun) do
    {chunks, current, _} =
      reduce(enum, {[], [], :"$none"}, fn x, {chunks, current, last} ->
        key = fun.(x)

        cond do
          current == [] -> {chunks, [x], key}
          key === last -> {chunks, [x | current], key}
          true -> {[:lists.reverse(current) | chunks], [x], key}
        end
      end)

    chunks = if current == [], do: chunks, else: [:lists.reverse(current) | chunks]
    :lists.reverse(chunks)
  end

  def chunk_while(enum, acc, chunk_fun, after_fun) do
    {chunks, acc} =
      reduce(enum, {[], acc}, fn x, {chunks, acc} ->
        case chunk_fun.(x, acc) do
          {:cont, chunk, acc} -> {[chunk | chunks], acc}
          {:cont, acc} -> {chunks, acc}
        end
      end)

    case after_fun.(acc) do
      {:cont, chunk, _} -> :lists.reverse([chunk | chunks])
      {:cont, _} -> :lists.reverse(chunks)
    end
  end

  def into(enum, collectable, transform) do
    Enum.into(map(enum, transform), collectable)
  end

  def sum_by(enum, fun), do: reduce(enum, 0, fn x, acc -> acc + fun.(x) end)

  def random(enum) do
    case list(enum) do
      [] -> raise Enum.EmptyError
      items -> :lists.nth(:rand.uniform(length(items)), items)
    end
  end

  def shuffle(enum) do
    enum
    |> list()
    |> map(fn x -> {:rand.uniform(), x} end)
    |> Enum.sort()
    |> map(fn {_, x} -> x end)
  end

  def take_random(enum, count) when is_integer(count) and count >= 0 do
    enum |> shuffle() |> Enum.take(count)
  end
end

defmodule Enum.EmptyError do
  defexception message: "empty error"
end

defmodule Enum.OutOfBoundsError do
  defexception message: "out of bounds error"
end
