# Atoms, booleans, nil and comparisons.
:hello
:hello == :world
:"with spaces"
:"Elixir.Foo"
Foo == :"Elixir.Foo"
is_atom(false)
is_atom(nil)
is_boolean(true)
true and false
false or is_atom(:ok)
1 and true
nil || "fallback"
false && raise("never evaluated")
0 || :zero_is_truthy
!nil
not true
1 < :atom
:atom < {1, 2}
{1, 2} < [1, 2]
"abc" > [1, 2]
[3, 1, :a, "s", {1}] |> Enum.sort()
1 != 2
1 !== 1.0
Atom.to_string(:ok)
String.to_atom("dynamic")
:ok |> is_atom() |> to_string()
