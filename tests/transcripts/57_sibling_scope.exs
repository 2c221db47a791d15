# Sibling expressions (a call's arguments, the elements of a tuple, list
# or map, an operator's sides) each see the variables from before all of
# them; what they bind is seen after the last, a later binding winning.
x = 5
{x = 1, x}
x
y = 2
[y = 7, y + 1]
y
e = 0
[e = 1 | [e]]
e
z = 1
[z, z = 9 | [z]]
z
w = 10
%{(w = 4) => w}
f = fn a, b -> {a, b} end
v = 10
f.(v = 20, v)
v
(q = 1) + (q = 2)
q
r = 3
(r = 10) * r
r
s = 1
(s = 2) < s
s
t = 0
max(t = 3, 4) + t
t
n = 0
[n = n + 1, n = n + 1, n]
n
case {p = 1, 2} do
  {a, b} -> {a, b, p}
end
{a1 = 1, nosuch()}
a1
{a2 = 1, raise "x"}
a2
i = 5
"#{i = 1}#{i}"
i
j = 5
<<j = 1, j>>
(j = 7)..j
defmodule Siblings do
  def pair(x), do: {x = x * 2, x}
  def sum(a), do: (b = a + 1) + (b = a + 2)
  def both(c), do: [c, (d = c) + 1, d = 3]
end
Siblings.pair(5)
Siblings.sum(1)
Siblings.both(7)
defmodule T do
  def f(x) do
    IO.inspect(x = 2)
    :ok
  end
  def g(x) do
    {x = 2, 1}
    :ok
  end
  def h(x) do
    x = 2
    :ok
  end
  def k(x) do
    [x = 2]
    :ok
  end
end
Enum.max([z = 3, 4]) + z
