# The match operator, destructuring and the pin operator.
x = 1
1 = x
2 = x
{a, b, c} = {:hello, "world", 42}
a
{a, b, c} = {:hello, "world"}
{a, b} = [:not, :a_tuple]
{:ok, result} = {:ok, 13}
result
{:ok, result} = {:error, :oops}
[head | tail] = [1, 2, 3]
head
tail
[h | t] = []
[first, second | _rest] = ["a", "b", "c", "d"]
second
x = 2
^x = 2
^x = 3
{y, ^x} = {5, 2}
y
[z, z] = [7, 7]
[z, z] = [7, 8]
_ = :ignored
_
{_, _, third} = {1, 2, 3}
third
%{name: name} = %{name: "Ana", age: 32}
name
%{missing: value} = %{name: "Ana"}
"hello " <> who = "hello world"
who
length([1, [2], 3]) = 3
