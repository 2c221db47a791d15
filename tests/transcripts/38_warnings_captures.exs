# Compiler warnings a learner meets, and how captures print.
x = 5
if x > 0 do
  shadow = :inside
end
(fn -> x = 0 end).()
defmodule WithUnused do
  def f(x), do: :ok
  def g(a, _b) do
    y = a
    fn z -> a end
  end
end
case 1 do
  n -> :ok
end
for i <- 1..2, do: 1
Enum.map([{1, 2}], fn {a, b} -> a end)
x = 1; x = 2
&(&1 * &2)
&String.upcase(&1)
&is_atom(&1)
&(&1 <> &2)
&elem(&1, 0)
f = &Enum.map(&1, &2)
f.([1, 2], &(&1 + 1))
2 ** 10
2 ** -1
2.0 ** 3
IO.write("no newline")
y = 10
|> div(2)
10
|> div(2)
defmodule Temp do
  defexception [:celsius]
  def message(e), do: "too hot: #{e.celsius}"
end
raise Temp, celsius: 99
try do raise Temp, celsius: 1 rescue e -> Exception.message(e) end
defmodule Plain do
  defexception message: "plain default"
end
raise Plain
raise Plain, "given text"
%Plain{}
Plain.__info__(:functions)
function_exported?(Plain, :message, 1)
Plain.mesage(1)
