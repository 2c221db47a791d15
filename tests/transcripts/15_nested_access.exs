# Nested data: get_in, put_in, update_in and friends.
users = [
  john: %{name: "John", age: 27, languages: ["Erlang", "Ruby", "Elixir"]},
  mary: %{name: "Mary", age: 29, languages: ["Elixir", "F#", "Clojure"]}
]
users[:john].age
get_in(users, [:mary, :languages])
users = put_in(users[:john].age, 31)
users = update_in(users[:mary].languages, fn langs -> List.delete(langs, "Clojure") end)
put_in(users, [:john, :age], 32)[:john]
{old, users} = get_and_update_in(users[:john].age, &{&1, &1 + 1})
old
users[:john][:age]
pop_in(users, [:mary, :languages])
config = %{db: %{host: "localhost", port: 5432}}
config.db.port
put_in(config.db.port, 6543)
update_in(config, [:db, :port], &(&1 + 1))
get_in(config, [:db, :user])
put_in(config, [:cache, :ttl], 60)
get_in(%{a: [%{b: 1}, %{b: 2}]}, [:a, Access.all(), :b])
update_in([%{n: 1}, %{n: 2}], [Access.all(), :n], &(&1 * 100))
get_in([10, 20, 30], [Access.at(1)])
data = %{list: [1, 2, 3]}
update_in(data, [:list, Access.filter(&(&1 > 1))], &(&1 * -1))
Access.fetch(%{a: 1}, :a)
