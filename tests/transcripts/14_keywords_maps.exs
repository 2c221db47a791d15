# Keyword lists and maps.
list = [{:a, 1}, {:b, 2}]
list == [a: 1, b: 2]
list ++ [c: 3]
[a: 0] ++ list
new_list = [a: 0] ++ list
new_list[:a]
list[:zzz]
Keyword.get(list, :b)
Keyword.get_values([a: 1, a: 2], :a)
Keyword.put(list, :a, 10)
Keyword.delete([a: 1, b: 2, a: 3], :a)
Keyword.keys(list)
String.split("1  2", " ", trim: true)
if true, do: :this, else: :that
if true, [{:do, :this}, {:else, :that}]
[a: 1, b: 2] |> Keyword.fetch!(:c)
map = %{:a => 1, 2 => :b}
map[:a]
map[2]
map[:c]
%{} = map
%{:a => a} = map
a
map.a
map.c
%{map | 2 => "two"}
%{map | :c => 3}
Map.put(map, :c, 3)
Map.get(map, :c, :default)
Map.fetch(map, :c)
Map.fetch!(map, :c)
Map.delete(map, :a)
Map.to_list(map)
Map.keys(%{b: 2, a: 1})
Map.values(%{b: 2, a: 1})
Map.merge(%{a: 1, b: 2}, %{b: 20, c: 30})
Map.update(%{count: 1}, :count, 0, &(&1 + 1))
Map.update!(%{}, :count, &(&1 + 1))
Map.new([{"x", 1}, {"y", 2}])
Map.new(1..3, fn i -> {i, i * i} end)
Map.has_key?(%{a: nil}, :a)
Map.take(%{a: 1, b: 2, c: 3}, [:a, :c])
Map.pop(%{a: 1, b: 2}, :a)
map_size(%{a: 1, b: 2})
%{"key" => "value", "other" => [1, 2]}
%{1 => :int, 1.0 => :float}
%{b: 1, a: 2, c: %{z: 26, y: 25}}
users = [john: %{name: "John", age: 27, languages: ["Erlang", "Ruby", "Elixir"]}, mary: %{name: "Mary", age: 29, languages: ["Elixir", "F#", "Clojure"]}]
users[:john].age
