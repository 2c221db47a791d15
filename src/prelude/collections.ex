defmodule :lists do
  @moduledoc false
  # The functions of :lists that take a fun; the rest are natives.

  def map(fun, [h | t]), do: [fun.(h) | map(fun, t)]
  def map(_fun, []), do: []

  def foreach(fun, [h | t]), do: (fun.(h); foreach(fun, t))
  def foreach(_fun, []), do: :ok

  def foldl(fun, acc, [h | t]), do: foldl(fun, fun.(h, acc), t)
  def foldl(_fun, acc, []), do: acc

  def foldr(fun, acc, list), do: foldl(fun, acc, reverse(list))

  def filter(pred, list), do: for(x <- list, pred.(x), do: x)

  def flatmap(fun, [h | t]), do: fun.(h) ++ flatmap(fun, t)
  def flatmap(_fun, []), do: []

  def filtermap(fun, [h | t]) do
    case fun.(h) do
      false -> filtermap(fun, t)
      true -> [h | filtermap(fun, t)]
      {true, v} -> [v | filtermap(fun, t)]
    end
  end

  def filtermap(_fun, []), do: []

  def any(pred, [h | t]), do: pred.(h) or any(pred, t)
  def any(_pred, []), do: false

  def all(pred, [h | t]), do: pred.(h) and all(pred, t)
  def all(_pred, []), do: true

  def mapfoldl(fun, acc, [h | t]) do
    {y, acc} = fun.(h, acc)
    {rest, acc} = mapfoldl(fun, acc, t)
    {[y | rest], acc}
  end

  def mapfoldl(_fun, acc, []), do: {[], acc}

  def zipwith(fun, [a | as], [b | bs]), do: [fun.(a, b) | zipwith(fun, as, bs)]
  def zipwith(_fun, [], []), do: []

  def takewhile(pred, [h | t]), do: if(pred.(h), do: [h | takewhile(pred, t)], else: [])
  def takewhile(_pred, []), do: []

  def dropwhile(pred, [h | t] = l), do: if(pred.(h), do: dropwhile(pred, t), else: l)
  def dropwhile(_pred, []), do: []

  def splitwith(pred, list), do: {takewhile(pred, list), dropwhile(pred, list)}

  def partition(pred, list) do
    {yes, no} = foldl(fn x, {y, n} -> if pred.(x), do: {[x | y], n}, else: {y, [x | n]} end, {[], []}, list)
    {reverse(yes), reverse(no)}
  end

  def search(pred, [h | t]), do: if(pred.(h), do: {:value, h}, else: search(pred, t))
  def search(_pred, []), do: false

  def sort(fun, list), do: Enum.sort(list, fun)
  def usort(fun, list), do: Enum.dedup(Enum.sort(list, fun))
end

defmodule :maps do
  @moduledoc false

  def map(fun, map), do: Map.new(map, fn {k, v} -> {k, fun.(k, v)} end)
  def filter(pred, map), do: Map.new(for {k, v} <- map, pred.(k, v), do: {k, v})
  def fold(fun, acc, map), do: Enum.reduce(map, acc, fn {k, v}, acc -> fun.(k, v, acc) end)
  def foreach(fun, map), do: Enum.each(map, fn {k, v} -> fun.(k, v) end)
end

defmodule Map do
  @moduledoc false

  def new(enum, fun), do: Enum.into(Enum.map(enum, fun), %{})

  def update(map, key, default, fun) do
    case map do
      %{^key => value} -> %{map | key => fun.(value)}
      %{} -> put(map, key, default)
      other -> :erlang.error({:badmap, other})
    end
  end

  def update!(map, key, fun) do
    case map do
      %{^key => value} -> %{map | key => fun.(value)}
      %{} -> raise KeyError, key: key, term: map
      other -> :erlang.error({:badmap, other})
    end
  end

  def get_lazy(map, key, fun) do
    case map do
      %{^key => value} -> value
      %{} -> fun.()
      other -> :erlang.error({:badmap, other})
    end
  end

  def put_new_lazy(map, key, fun) do
    case map do
      %{^key => _} -> map
      %{} -> put(map, key, fun.())
      other -> :erlang.error({:badmap, other})
    end
  end

  def pop_lazy(map, key, fun) do
    case map do
      %{^key => value} -> {value, delete(map, key)}
      %{} -> {fun.(), map}
      other -> :erlang.error({:badmap, other})
    end
  end

  def get_and_update(map, key, fun) do
    current = get(map, key)

    case fun.(current) do
      {get, update} -> {get, put(map, key, update)}
      :pop -> {current, delete(map, key)}
      other -> raise "the given function must return a two-element tuple or :pop, got: #{inspect(other)}"
    end
  end

  def get_and_update!(map, key, fun) do
    case map do
      %{^key => current} ->
        case fun.(current) do
          {get, update} -> {get, %{map | key => update}}
          :pop -> {current, delete(map, key)}
        end

      %{} ->
        raise KeyError, key: key, term: map
    end
  end

  def filter(map, fun), do: new(for({k, v} <- map, fun.({k, v}), do: {k, v}))
  def reject(map, fun), do: new(for({k, v} <- map, not fun.({k, v}), do: {k, v}))

  def merge(left, right, fun) do
    Enum.reduce(right, left, fn {k, v2}, acc ->
      case acc do
        %{^k => v1} -> %{acc | k => fun.(k, v1, v2)}
        %{} -> put(acc, k, v2)
      end
    end)
  end

  def replace_lazy(map, key, fun) do
    case map do
      %{^key => value} -> %{map | key => fun.(value)}
      %{} -> map
    end
  end

  def map(map, fun), do: new(map, fn {k, v} -> {k, fun.({k, v})} end)
end

defmodule Keyword do
  @moduledoc false

  def new(enum, fun), do: Enum.map(enum, fun) |> new()

  def update(keywords, key, default, fun) do
    case fetch(keywords, key) do
      {:ok, value} -> put(keywords, key, fun.(value))
      :error -> keywords ++ [{key, default}]
    end
  end

  def update!(keywords, key, fun) do
    case fetch(keywords, key) do
      {:ok, value} -> put(keywords, key, fun.(value))
      :error -> raise KeyError, key: key, term: keywords
    end
  end

  def get_lazy(keywords, key, fun) do
    case fetch(keywords, key) do
      {:ok, value} -> value
      :error -> fun.()
    end
  end

  def put_new_lazy(keywords, key, fun) do
    if has_key?(keywords, key), do: keywords, else: [{key, fun.()} | keywords]
  end

  def pop_lazy(keywords, key, fun) do
    case fetch(keywords, key) do
      {:ok, value} -> {value, delete(keywords, key)}
      :error -> {fun.(), keywords}
    end
  end

  # The first entry for `key` is updated where it stands; a new key goes first.
  def get_and_update(keywords, key, fun) when is_list(keywords) and is_atom(key),
    do: get_and_update(keywords, [], key, fun)

  defp get_and_update([{key, current} | t], acc, key, fun) do
    case fun.(current) do
      {get, value} -> {get, :lists.reverse(acc, [{key, value} | t])}
      :pop -> {current, :lists.reverse(acc, t)}
      other -> raise "the given function must return a two-element tuple or :pop, got: #{inspect(other)}"
    end
  end

  defp get_and_update([{_, _} = h | t], acc, key, fun), do: get_and_update(t, [h | acc], key, fun)

  defp get_and_update([], acc, key, fun) do
    case fun.(nil) do
      {get, update} -> {get, [{key, update} | :lists.reverse(acc)]}
      :pop -> {nil, :lists.reverse(acc)}
      other -> raise "the given function must return a two-element tuple or :pop, got: #{inspect(other)}"
    end
  end

  def filter(keywords, fun), do: for({k, v} <- keywords, fun.({k, v}), do: {k, v})
  def reject(keywords, fun), do: for({k, v} <- keywords, not fun.({k, v}), do: {k, v})

  def merge(left, right, fun) do
    Enum.reduce(right, left, fn {k, v2}, acc ->
      case fetch(acc, k) do
        {:ok, v1} -> put(acc, k, fun.(k, v1, v2))
        :error -> acc ++ [{k, v2}]
      end
    end)
  end

  def map(keywords, fun), do: for({k, v} <- keywords, do: {k, fun.({k, v})})
end

defmodule List do
  @moduledoc false

  def foldl(list, acc, fun), do: :lists.foldl(fun, acc, list)
  def foldr(list, acc, fun), do: :lists.foldr(fun, acc, list)

  def update_at(list, index, fun) when is_list(list) and is_integer(index) do
    index = if index < 0, do: length(list) + index, else: index

    if index < 0 or index >= length(list) do
      list
    else
      {before, [x | rest]} = :lists.split(index, list)
      before ++ [fun.(x) | rest]
    end
  end
end

defmodule Function do
  @moduledoc false

  def identity(x), do: x
end

defmodule Access do
  @moduledoc false

  def get(container, key, default \\ nil)

  def get(%_{} = container, key, default) do
    case fetch(container, key) do
      {:ok, value} -> value
      :error -> default
    end
  end

  def get(map, key, default) when is_map(map) do
    case map do
      %{^key => value} -> value
      _ -> default
    end
  end

  def get(list, key, default) when is_list(list) and is_atom(key) do
    case :lists.keyfind(key, 1, list) do
      {_, value} -> value
      false -> default
    end
  end

  def get(list, key, _default) when is_list(list) do
    raise ArgumentError,
          "the Access calls for keywords expect the key to be an atom, got: " <> inspect(key)
  end

  def get(nil, _key, default), do: default

  def get(other, key, _default) do
    raise ArgumentError,
          "the Access calls for keywords expect the key to be an atom and the data a map or keyword list, got: " <>
            inspect(other) <> " and key " <> inspect(key)
  end

  # A struct is accessed through its module's `fetch/2`, if it has one.
  def fetch(%module{} = container, key) do
    if function_exported?(module, :fetch, 2) do
      module.fetch(container, key)
    else
      raise UndefinedFunctionError,
        module: module,
        function: :fetch,
        arity: 2,
        reason:
          "#{inspect(module)} does not implement the Access behaviour. " <>
            "If you are using get_in/put_in/update_in, you can specify the field to be accessed using Access.key!/1"
    end
  end

  def fetch(map, key) when is_map(map) do
    case map do
      %{^key => value} -> {:ok, value}
      _ -> :error
    end
  end

  def fetch(list, key) when is_list(list) and is_atom(key) do
    case :lists.keyfind(key, 1, list) do
      {_, value} -> {:ok, value}
      false -> :error
    end
  end

  def fetch(nil, _key), do: :error

  def get_and_update(map, key, fun) when is_map(map), do: Map.get_and_update(map, key, fun)
  def get_and_update(list, key, fun) when is_list(list), do: Keyword.get_and_update(list, key, fun)

  def get_and_update(nil, key, _fun) do
    raise ArgumentError, "could not put/update key #{inspect(key)} on a nil value"
  end

  def pop(map, key) when is_map(map), do: Map.pop(map, key)
  def pop(list, key) when is_list(list), do: Keyword.pop(list, key)
  def pop(nil, _key), do: {nil, nil}

  def key(key, default \\ nil) do
    fn
      :get, data, next -> next.(Map.get(data || %{}, key, default))
      :get_and_update, data, next ->
        value = Map.get(data || %{}, key, default)

        case next.(value) do
          {get, update} -> {get, Map.put(data || %{}, key, update)}
          :pop -> {value, Map.delete(data || %{}, key)}
        end
    end
  end

  def key!(key) do
    fn
      :get, %{} = data, next -> next.(Map.fetch!(data, key))
      :get_and_update, %{} = data, next ->
        value = Map.fetch!(data, key)

        case next.(value) do
          {get, update} -> {get, %{data | key => update}}
          :pop -> {value, Map.delete(data, key)}
        end
    end
  end

  def elem(index) when is_integer(index) and index >= 0 do
    pos = index + 1

    fn
      :get, data, next -> next.(:erlang.element(pos, data))
      :get_and_update, data, next ->
        value = :erlang.element(pos, data)

        case next.(value) do
          {get, update} -> {get, :erlang.setelement(pos, data, update)}
          :pop -> raise "cannot pop data from a tuple"
        end
    end
  end

  def at(index) when is_integer(index) do
    fn
      :get, data, next when is_list(data) -> next.(Enum.at(data, index))
      :get_and_update, data, next when is_list(data) ->
        get_and_update_at(data, index, next)
    end
  end

  defp get_and_update_at(list, index, next) do
    case Enum.fetch(list, index) do
      {:ok, value} ->
        case next.(value) do
          {get, update} -> {get, List.replace_at(list, index, update)}
          :pop -> {value, List.delete_at(list, index)}
        end

      :error ->
        {nil, list}
    end
  end

  def all do
    fn
      :get, data, next when is_list(data) -> Enum.map(data, next)
      :get_and_update, data, next when is_list(data) ->
        {gets, updates} =
          Enum.reduce(data, {[], []}, fn x, {gets, updates} ->
            case next.(x) do
              {get, update} -> {[get | gets], [update | updates]}
              :pop -> {[x | gets], updates}
            end
          end)

        {:lists.reverse(gets), :lists.reverse(updates)}
    end
  end

  def filter(pred) do
    fn
      :get, data, next when is_list(data) -> data |> Enum.filter(pred) |> Enum.map(next)
      :get_and_update, data, next when is_list(data) ->
        {gets, updates} =
          Enum.reduce(data, {[], []}, fn x, {gets, updates} ->
            if pred.(x) do
              case next.(x) do
                {get, update} -> {[get | gets], [update | updates]}
                :pop -> {[x | gets], updates}
              end
            else
              {gets, [x | updates]}
            end
          end)

        {:lists.reverse(gets), :lists.reverse(updates)}
    end
  end
end

defmodule Kernel do
  @moduledoc false
  # Kernel's functions that are Elixir rather than natives.

  def base ** exponent when is_integer(base) and is_integer(exponent) and exponent >= 0,
    do: Integer.pow(base, exponent)

  def base ** exponent when is_number(base) and is_number(exponent),
    do: :math.pow(base, exponent)

  def get_in(data, [h | t]) when is_function(h, 3), do: h.(:get, data, &get_in(&1, t))
  def get_in(data, [h | t]), do: get_in(Access.get(data, h), t)
  def get_in(data, []), do: data

  def get_and_update_in(data, [h], fun) when is_function(h, 3), do: h.(:get_and_update, data, fun)
  def get_and_update_in(data, [h | t], fun) when is_function(h, 3) do
    h.(:get_and_update, data, &get_and_update_in(&1, t, fun))
  end

  def get_and_update_in(data, [h], fun), do: Access.get_and_update(data, h, fun)

  def get_and_update_in(data, [h | t], fun) do
    Access.get_and_update(data, h, &get_and_update_in(&1, t, fun))
  end

  def put_in(data, keys, value) do
    elem(get_and_update_in(data, keys, fn _ -> {nil, value} end), 1)
  end

  def update_in(data, keys, fun) do
    elem(get_and_update_in(data, keys, fn x -> {nil, fun.(x)} end), 1)
  end

  def pop_in(nil, [key | _]) do
    raise ArgumentError, "could not pop key #{inspect(key)} on a nil value"
  end

  def pop_in(data, [key]) when is_function(key, 3) do
    key.(:get_and_update, data, fn _ -> :pop end)
  end

  def pop_in(data, [key]), do: Access.pop(data, key)

  def pop_in(data, [h | t]) do
    get_and_update_in(data, [h], fn
      nil -> {nil, nil}
      inner -> pop_in(inner, t)
    end)
  end

  def struct(module, fields \\ []) do
    base = if is_atom(module), do: module.__struct__(), else: module

    Enum.reduce(fields, base, fn {k, v}, acc ->
      case acc do
        %{^k => _} when k != :__struct__ -> %{acc | k => v}
        _ -> acc
      end
    end)
  end

  def struct!(module, fields \\ [])

  def struct!(module, fields) when is_atom(module) do
    module.__struct__(Enum.to_list(fields))
  end

  def struct!(%_{} = base, fields) do
    Enum.reduce(fields, base, fn
      {:__struct__, _}, acc -> acc
      {k, v}, acc -> Map.replace!(acc, k, v)
    end)
  end

  def then(value, fun), do: fun.(value)
  def tap(value, fun), do: (fun.(value); value)

  def is_struct(term), do: is_map(term) and is_atom(Map.get(term, :__struct__)) and Map.has_key?(term, :__struct__)
  def is_struct(term, name), do: is_map(term) and Map.get(term, :__struct__) == name
  def is_exception(term), do: is_map(term) and Map.get(term, :__exception__) == true
  def is_exception(term, name), do: is_exception(term) and Map.get(term, :__struct__) == name
end

defmodule Registry do
  @moduledoc false

  def dispatch(registry, key, fun, _opts \\ []) do
    case lookup(registry, key) do
      [] -> :ok
      entries -> (fun.(entries); :ok)
    end
  end

  def update_value(registry, key, fun) do
    case __own_value__(registry, key) do
      {:ok, value} -> __set_value__(registry, key, fun.(value))
      :error -> :error
    end
  end

  def match(registry, key, pattern, guards \\ []) do
    for {pid, value} <- lookup(registry, key), __matches__(pattern, guards, value), do: {pid, value}
  end

  def count_match(registry, key, pattern, guards \\ []) do
    length(match(registry, key, pattern, guards))
  end

  def unregister_match(registry, key, pattern, guards \\ []) do
    me = self()
    mine = for {^me, value} <- match(registry, key, pattern, guards), do: value
    __unregister_values__(registry, key, mine)
  end

  def select(registry, [{{key_pat, pid_pat, value_pat}, guards, [body]}]) do
    for {key, pid, value} <- __entries__(registry),
        binds = __bind__({key_pat, pid_pat, value_pat}, {key, pid, value}, %{}),
        binds != :nomatch,
        __guards__(guards, binds),
        do: __body__(body, binds)
  end

  # A match-spec head against a value: :_ matches anything, :"$1" binds.
  def __matches__(pattern, guards, value) do
    case __bind__(pattern, value, %{}) do
      :nomatch -> false
      binds -> __guards__(guards, binds)
    end
  end

  def __bind__(:_, _value, binds), do: binds

  def __bind__(pattern, value, binds) when is_atom(pattern) do
    case Atom.to_string(pattern) do
      "$" <> _ ->
        case binds do
          %{^pattern => ^value} -> binds
          %{^pattern => _} -> :nomatch
          _ -> Map.put(binds, pattern, value)
        end

      _ ->
        if pattern === value, do: binds, else: :nomatch
    end
  end

  def __bind__(pattern, value, binds) when is_tuple(pattern) and is_tuple(value) do
    if tuple_size(pattern) == tuple_size(value) do
      __bind_list__(Tuple.to_list(pattern), Tuple.to_list(value), binds)
    else
      :nomatch
    end
  end

  def __bind__(pattern, value, binds) when is_list(pattern) and is_list(value) do
    if length(pattern) == length(value), do: __bind_list__(pattern, value, binds), else: :nomatch
  end

  def __bind__(pattern, value, binds) when is_map(pattern) and is_map(value) do
    Enum.reduce(pattern, binds, fn
      _, :nomatch -> :nomatch
      {k, p}, binds ->
        case value do
          %{^k => v} -> __bind__(p, v, binds)
          _ -> :nomatch
        end
    end)
  end

  def __bind__(pattern, value, binds), do: if(pattern === value, do: binds, else: :nomatch)

  defp __bind_list__([], [], binds), do: binds
  defp __bind_list__(_, _, :nomatch), do: :nomatch
  defp __bind_list__([p | ps], [v | vs], binds), do: __bind_list__(ps, vs, __bind__(p, v, binds))

  def __guards__(guards, binds), do: Enum.all?(guards, &(__eval__(&1, binds) == true))

  def __body__(body, binds), do: __eval__(body, binds)

  defp __eval__({op, a, b}, binds) when op in [:==, :"/=", :<, :>, :"=<", :>=, :"=:=", :"=/=", :andalso, :orelse, :+, :-, :*] do
    x = __eval__(a, binds)
    y = __eval__(b, binds)

    case op do
      :== -> x == y
      :"/=" -> x != y
      :< -> x < y
      :> -> x > y
      :"=<" -> x <= y
      :>= -> x >= y
      :"=:=" -> x === y
      :"=/=" -> x !== y
      :andalso -> x and y
      :orelse -> x or y
      :+ -> x + y
      :- -> x - y
      :* -> x * y
    end
  end

  defp __eval__({:is_integer, a}, binds), do: is_integer(__eval__(a, binds))
  defp __eval__({:is_atom, a}, binds), do: is_atom(__eval__(a, binds))
  defp __eval__({:is_binary, a}, binds), do: is_binary(__eval__(a, binds))
  defp __eval__({:not, a}, binds), do: not __eval__(a, binds)
  defp __eval__({:const, v}, _binds), do: v
  defp __eval__({t}, binds) when is_tuple(t), do: List.to_tuple(Enum.map(Tuple.to_list(t), &__eval__(&1, binds)))
  defp __eval__({a, b}, binds), do: {__eval__(a, binds), __eval__(b, binds)}
  defp __eval__(list, binds) when is_list(list), do: Enum.map(list, &__eval__(&1, binds))

  defp __eval__(atom, binds) when is_atom(atom) do
    case binds do
      %{^atom => value} -> value
      _ -> if atom == :"$_", do: binds, else: atom
    end
  end

  defp __eval__(other, _binds), do: other
end

defmodule :ets do
  @moduledoc false
  # The functions of :ets that take a fun; the rest are natives. They fold
  # over a copy of the table taken when they start.

  def foldl(fun, acc, table), do: :lists.foldl(fun, acc, :ets.tab2list(table))

  # From the last object for an ordered_set; the other types have no last.
  def foldr(fun, acc, table) do
    objects = :ets.tab2list(table)

    case :ets.info(table, :type) do
      :ordered_set -> :lists.foldl(fun, acc, :lists.reverse(objects))
      _ -> :lists.foldl(fun, acc, objects)
    end
  end
end

defmodule :timer do
  @moduledoc false

  def sleep(ms), do: Process.sleep(ms)
  def seconds(s), do: s * 1000
  def minutes(m), do: m * 60_000
  def hours(h), do: h * 3_600_000
  def hms(h, m, s), do: h * 3_600_000 + m * 60_000 + s * 1000

  def tc(fun) do
    start = System.monotonic_time(:microsecond)
    value = fun.()
    {System.monotonic_time(:microsecond) - start, value}
  end

  def tc(m, f, a) do
    start = System.monotonic_time(:microsecond)
    value = apply(m, f, a)
    {System.monotonic_time(:microsecond) - start, value}
  end

  def send_after(ms, dest, msg), do: {:ok, Process.send_after(dest, msg, ms)}
end

defmodule Process do
  @moduledoc false

  def sleep(:infinity) do
    receive do
    after
      :infinity -> :ok
    end
  end

  def sleep(ms) when is_integer(ms) and ms >= 0 do
    receive do
    after
      ms -> :ok
    end
  end

  def spawn(fun, opts) do
    cond do
      :monitor in opts and :link in opts -> (pid = spawn_link(fun); {pid, Process.monitor(pid)})
      :monitor in opts -> spawn_monitor(fun)
      :link in opts -> spawn_link(fun)
      true -> spawn(fun)
    end
  end

  def spawn(m, f, a, opts), do: spawn(fn -> apply(m, f, a) end, opts)
end
