defmodule Stream do
  @moduledoc false
  # A lazy enumerable: a source and a list of steps, applied element by
  # element when something (Enum) reduces it. A source is an enumerable or
  # a generator {:gen, fun} where fun.(acc, reducer) runs the reduction.
  # Each step may keep state between elements (take, drop, with_index ...).

  defstruct enum: nil, funs: []

  defp lazy(%Stream{enum: e, funs: funs}, step), do: %Stream{enum: e, funs: funs ++ [step]}
  defp lazy(enum, step), do: %Stream{enum: enum, funs: [step]}

  def map(enum, fun), do: lazy(enum, {:map, fun})
  def filter(enum, fun), do: lazy(enum, {:filter, fun})
  def reject(enum, fun), do: lazy(enum, {:filter, fn x -> not truthy(fun.(x)) end})
  def flat_map(enum, fun), do: lazy(enum, {:flat_map, fun})
  def take(enum, n) when is_integer(n) and n >= 0, do: lazy(enum, {:take, n})
  def drop(enum, n) when is_integer(n) and n >= 0, do: lazy(enum, {:drop, n})
  def take_while(enum, fun), do: lazy(enum, {:take_while, fun})
  def drop_while(enum, fun), do: lazy(enum, {:drop_while, fun})
  def with_index(enum, offset \\ 0), do: lazy(enum, {:with_index, offset})
  def each(enum, fun), do: lazy(enum, {:map, fn x -> fun.(x); x end})
  def chunk_every(enum, n), do: chunk_every(enum, n, n)
  def chunk_every(enum, n, step, leftover \\ []), do: lazy(enum, {:chunk, n, step, leftover})
  def dedup(enum), do: lazy(enum, {:dedup, fn x -> x end})
  def dedup_by(enum, fun), do: lazy(enum, {:dedup, fun})
  def uniq(enum), do: lazy(enum, {:uniq, fn x -> x end})
  def uniq_by(enum, fun), do: lazy(enum, {:uniq, fun})
  def scan(enum, fun), do: lazy(enum, {:scan1, fun})
  def scan(enum, acc, fun), do: lazy(enum, {:scan, acc, fun})
  def take_every(enum, nth), do: lazy(enum, {:take_every, nth})
  def filter_map(enum, filter, mapper), do: enum |> filter(filter) |> map(mapper)
  def into(enum, collectable), do: lazy(enum, {:map, fn x -> x end}) |> then_into(collectable)
  def zip(left, right), do: %Stream{enum: {:gen, zip_gen(left, right)}, funs: []}
  def concat(enums), do: %Stream{enum: {:gen, concat_gen(enums)}, funs: []}
  def concat(a, b), do: concat([a, b])
  def run(enum), do: (Enum.reduce(enum, nil, fn _, _ -> nil end); :ok)

  defp then_into(stream, _collectable), do: stream

  defp truthy(x), do: x != nil and x != false

  # ---- sources --------------------------------------------------------------------

  def iterate(start, next), do: %Stream{enum: {:gen, iterate_gen(start, next)}, funs: []}
  def repeatedly(fun), do: %Stream{enum: {:gen, repeatedly_gen(fun)}, funs: []}
  def cycle(enum), do: %Stream{enum: {:gen, cycle_gen(Enum.to_list(enum))}, funs: []}
  def unfold(acc, fun), do: %Stream{enum: {:gen, unfold_gen(acc, fun)}, funs: []}
  def interval(_ms), do: iterate(0, fn x -> x + 1 end)
  def timer(_ms), do: %Stream{enum: [0], funs: []}

  def resource(start, next, after_fun) do
    %Stream{enum: {:gen, resource_gen(start, next, after_fun)}, funs: []}
  end

  defp iterate_gen(start, next) do
    fn acc, reducer -> iterate_loop(start, next, acc, reducer) end
  end

  defp iterate_loop(_x, _next, {:halt, acc}, _reducer), do: {:halted, acc}
  defp iterate_loop(x, next, {:cont, acc}, reducer) do
    case reducer.(x, acc) do
      {:halt, acc} -> {:halted, acc}
      cont -> iterate_loop(next.(x), next, cont, reducer)
    end
  end

  defp repeatedly_gen(fun), do: fn acc, reducer -> repeat_loop(fun, acc, reducer) end
  defp repeat_loop(_fun, {:halt, acc}, _reducer), do: {:halted, acc}
  defp repeat_loop(fun, {:cont, acc}, reducer), do: repeat_loop(fun, reducer.(fun.(), acc), reducer)

  defp cycle_gen([]), do: fn {_, acc}, _ -> {:done, acc} end
  defp cycle_gen(list), do: fn acc, reducer -> cycle_loop(list, list, acc, reducer) end
  defp cycle_loop(_, _, {:halt, acc}, _reducer), do: {:halted, acc}
  defp cycle_loop([], all, acc, reducer), do: cycle_loop(all, all, acc, reducer)
  defp cycle_loop([h | t], all, {:cont, acc}, reducer), do: cycle_loop(t, all, reducer.(h, acc), reducer)

  defp unfold_gen(state, fun), do: fn acc, reducer -> unfold_loop(state, fun, acc, reducer) end
  defp unfold_loop(_state, _fun, {:halt, acc}, _reducer), do: {:halted, acc}

  defp unfold_loop(state, fun, {:cont, acc}, reducer) do
    case fun.(state) do
      nil -> {:done, acc}
      {x, next} -> unfold_loop(next, fun, reducer.(x, acc), reducer)
    end
  end

  defp resource_gen(start, next, after_fun) do
    fn acc, reducer ->
      res = start.()
      result = resource_loop(res, next, acc, reducer)
      after_fun.(elem(result, 1))
      {elem(result, 0), elem(elem(result, 2), 1)}
    end
  end

  defp resource_loop(res, _next, {:halt, acc}, _reducer), do: {:halted, res, {:halt, acc}}

  defp resource_loop(res, next, {:cont, acc}, reducer) do
    case next.(res) do
      {:halt, res} ->
        {:done, res, {:cont, acc}}

      {items, res} ->
        case feed(Enum.to_list(items), {:cont, acc}, reducer) do
          {:halt, acc} -> {:halted, res, {:halt, acc}}
          cont -> resource_loop(res, next, cont, reducer)
        end
    end
  end

  defp feed([], acc, _reducer), do: acc
  defp feed(_, {:halt, acc}, _reducer), do: {:halt, acc}
  defp feed([h | t], {:cont, acc}, reducer), do: feed(t, reducer.(h, acc), reducer)

  # Zips lazily enough for one infinite side: the finite side is read
  # first, then as many elements of the other.
  defp zip_gen(left, right) do
    fn acc, reducer ->
      pairs =
        cases(left, right, fn
          :left_finite, l, r -> Enum.zip(l, Enum.take(r, length(l)))
          :right_finite, l, r -> Enum.zip(Enum.take(l, length(r)), r)
        end)

      Enumerable.reduce(pairs, acc, reducer)
    end
  end

  defp cases(%Stream{} = l, %Stream{} = r, fun), do: fun.(:left_finite, Enum.to_list(l), r)
  defp cases(%Stream{} = l, r, fun), do: fun.(:right_finite, l, Enum.to_list(r))
  defp cases(l, r, fun), do: fun.(:left_finite, Enum.to_list(l), r)

  def transform(enum, acc, fun) do
    %Stream{enum: {:gen, transform_gen(enum, acc, fun)}, funs: []}
  end

  defp transform_gen(enum, state, fun) do
    fn acc, reducer ->
      result =
        Enumerable.reduce(enum, {:cont, {acc, state}}, fn x, {acc, state} ->
          case fun.(x, state) do
            {:halt, state} ->
              {:halt, {acc, state}}

            {items, state} ->
              case feed(Enum.to_list(items), acc, reducer) do
                {:halt, acc} -> {:halt, {{:halt, acc}, state}}
                acc -> {:cont, {acc, state}}
              end
          end
        end)

      case result do
        {_, {{:halt, acc}, _}} -> {:halted, acc}
        {_, {{:cont, acc}, _}} -> {:done, acc}
      end
    end
  end

  defp concat_gen(enums) do
    fn acc, reducer ->
      Enumerable.reduce(enums, acc, fn enum, acc ->
        case Enumerable.reduce(enum, {:cont, acc}, reducer) do
          {:halted, acc} -> {:halt, acc}
          {:done, acc} -> {:cont, acc}
        end
      end)
    end
  end

  # ---- running ------------------------------------------------------------------------

  @doc false
  def __reduce__(%Stream{enum: source, funs: steps}, {:cont, acc}, reducer) do
    states = Enum.map(steps, &initial/1)

    inner = fn x, {acc, states} ->
      case push(x, steps, states, acc, reducer) do
        {{:cont, acc}, states} -> {:cont, {acc, states}}
        {{:halt, acc}, states} -> {:halt, {acc, states}}
      end
    end

    result =
      case source do
        {:gen, gen} -> gen.({:cont, {acc, states}}, inner)
        enum -> Enumerable.reduce(enum, {:cont, {acc, states}}, inner)
      end

    case result do
      {:halted, {acc, _}} -> {:halted, acc}
      {:done, {acc, states}} -> flush(steps, states, acc, reducer)
    end
  end

  def __reduce__(_stream, {:halt, acc}, _reducer), do: {:halted, acc}

  defp initial({:take, n}), do: n
  defp initial({:drop, n}), do: n
  defp initial({:drop_while, _}), do: true
  defp initial({:with_index, offset}), do: offset
  defp initial({:chunk, _, _, _}), do: {[], 0}
  defp initial({:dedup, _}), do: :"$none"
  defp initial({:uniq, _}), do: %{}
  defp initial({:scan1, _}), do: :"$none"
  defp initial({:scan, acc, _}), do: acc
  defp initial({:take_every, _}), do: 0
  defp initial(_), do: nil

  # Sends x through the steps; gives the reducer's answer and the new states.
  defp push(x, [], [], acc, reducer), do: {reducer.(x, acc), []}

  defp push(x, [step | steps], [state | states], acc, reducer) do
    case apply_step(step, state, x) do
      {:emit, y, state} ->
        {r, states} = push(y, steps, states, acc, reducer)
        {r, [state | states]}

      {:emit_last, y, state} ->
        {{_, acc}, states} = push(y, steps, states, acc, reducer)
        {{:halt, acc}, [state | states]}

      {:many, ys, state} ->
        {r, states} = push_all(ys, steps, states, {:cont, acc}, reducer)
        {r, [state | states]}

      {:skip, state} ->
        {{:cont, acc}, [state | states]}

      {:stop, state} ->
        {{:halt, acc}, [state | states]}
    end
  end

  defp push_all([], _steps, states, r, _reducer), do: {r, states}
  defp push_all(_, _steps, states, {:halt, _} = r, _reducer), do: {r, states}

  defp push_all([y | ys], steps, states, {:cont, acc}, reducer) do
    {r, states} = push(y, steps, states, acc, reducer)
    push_all(ys, steps, states, r, reducer)
  end

  defp apply_step({:map, f}, s, x), do: {:emit, f.(x), s}
  defp apply_step({:filter, f}, s, x), do: if(truthy(f.(x)), do: {:emit, x, s}, else: {:skip, s})
  defp apply_step({:flat_map, f}, s, x), do: {:many, Enum.to_list(f.(x)), s}
  defp apply_step({:take, 0}, s, _x), do: {:stop, s}
  defp apply_step({:take, _}, 1, x), do: {:emit_last, x, 0}
  defp apply_step({:take, _}, n, x), do: {:emit, x, n - 1}
  defp apply_step({:drop, _}, 0, x), do: {:emit, x, 0}
  defp apply_step({:drop, _}, n, _x), do: {:skip, n - 1}
  defp apply_step({:take_while, f}, s, x), do: if(truthy(f.(x)), do: {:emit, x, s}, else: {:stop, s})

  defp apply_step({:drop_while, f}, dropping, x) do
    if dropping and truthy(f.(x)), do: {:skip, true}, else: {:emit, x, false}
  end

  defp apply_step({:with_index, _}, i, x), do: {:emit, {x, i}, i + 1}

  defp apply_step({:chunk, n, step, _}, {buf, len}, x) do
    buf = [x | buf]
    len = len + 1

    if len == n do
      chunk = :lists.reverse(buf)
      keep = if step >= n, do: [], else: :lists.sublist(buf, n - step)
      {:emit, chunk, {keep, length(keep)}}
    else
      {:skip, {buf, len}}
    end
  end

  defp apply_step({:dedup, f}, last, x) do
    key = f.(x)
    if key === last, do: {:skip, last}, else: {:emit, x, key}
  end

  defp apply_step({:uniq, f}, seen, x) do
    key = f.(x)
    if Map.has_key?(seen, key), do: {:skip, seen}, else: {:emit, x, Map.put(seen, key, true)}
  end

  defp apply_step({:scan1, _f}, :"$none", x), do: {:emit, x, x}
  defp apply_step({:scan1, f}, acc, x), do: (acc = f.(x, acc); {:emit, acc, acc})
  defp apply_step({:scan, _, f}, acc, x), do: (acc = f.(x, acc); {:emit, acc, acc})

  defp apply_step({:take_every, nth}, i, x) do
    cond do
      nth == 0 -> {:skip, i}
      rem(i, nth) == 0 -> {:emit, x, i + 1}
      true -> {:skip, i + 1}
    end
  end

  # At the end: a chunk still being filled is emitted (unless :discard).
  defp flush([], [], acc, _reducer), do: {:done, acc}

  defp flush([{:chunk, n, _step, leftover} | steps], [{buf, len} | states], acc, reducer)
       when len > 0 and leftover != :discard do
    chunk = :lists.reverse(buf) ++ Enum.take(leftover, n - len)

    case push_all([chunk], steps, states, {:cont, acc}, reducer) do
      {{:cont, acc}, states} -> flush(steps, states, acc, reducer)
      {{:halt, acc}, _} -> {:halted, acc}
    end
  end

  defp flush([_ | steps], [_ | states], acc, reducer), do: flush(steps, states, acc, reducer)
end
