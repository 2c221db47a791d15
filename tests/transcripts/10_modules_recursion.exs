# Named functions live in modules; loops are recursion.
defmodule Math do
  def sum(a, b) do
    do_sum(a, b)
  end

  defp do_sum(a, b) do
    a + b
  end

  def zero?(0), do: true
  def zero?(x) when is_integer(x), do: false
end
Math.sum(1, 2)
Math.do_sum(1, 2)
Math.zero?(0)
Math.zero?(1)
Math.zero?([1, 2, 3])
Math.nope(1)
defmodule Recursion do
  def print_multiple_times(msg, n) when n > 0 do
    IO.puts(msg)
    print_multiple_times(msg, n - 1)
  end

  def print_multiple_times(_msg, 0), do: :ok

  def sum_list([head | tail], acc), do: sum_list(tail, head + acc)
  def sum_list([], acc), do: acc

  def double_each([head | tail]), do: [head * 2 | double_each(tail)]
  def double_each([]), do: []

  def factorial(0), do: 1
  def factorial(n) when n > 0, do: n * factorial(n - 1)
end
Recursion.print_multiple_times("Hello!", 3)
Recursion.sum_list([1, 2, 3], 0)
Recursion.double_each([1, 2, 3])
Recursion.factorial(20)
Recursion.factorial(30)
Recursion.factorial(-1)
defmodule Greeter do
  def hello(name, greeting \\ "Hello") do
    "#{greeting}, #{name}"
  end
end
Greeter.hello("Ana")
Greeter.hello("Ana", "Olá")
Greeter.hello()
fun = &Recursion.factorial/1
fun.(5)
Recursion.__info__(:functions)
function_exported?(Recursion, :factorial, 1)
function_exported?(Math, :do_sum, 2)
