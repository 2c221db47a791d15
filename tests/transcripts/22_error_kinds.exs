# The errors a learner meets, one line each.
[x, y] = [1, 2, 3]
case :no do :yes -> 1 end
List.first(1)
String.upcase(:not_a_string)
Integer.to_string("1")
String.to_integer("12x")
elem({1}, 5)
:erlang.atom_to_binary("string")
1 + :a
10 / 0
div(1, 0)
rem(1.5, 1)
Map.fetch!(%{a: 1}, :b)
Keyword.fetch!([], :missing)
%{a: 1}.b
NoSuchModule.call()
String.no_such_fun()
Enum.map([1])
undefined_variable
undefined_function(1)
fun = fn a -> a end
fun.(1, 2)
5.(1)
cond do nil -> 1 end
with :ok <- :error do :fine else :other -> :nope end
Enum.sum(:atom)
to_string({1, 2})
"#{%{a: 1}}"
throw(:up)
exit(:bye)
exit({:shutdown, :closed})
raise "plain"
raise ArgumentError, "my message"
:lists.sum(:not_a_list)
String.to_existing_atom("surely_no_such_atom_exists_here")
Integer.parse(nil)
Date.new!(2024, 2, 30)
apply(String, :upcase, [])
[1 | 2] ++ [3]
Atom.to_string("already a string")
Enum.fetch!([], 0)
