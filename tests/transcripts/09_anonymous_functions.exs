# Anonymous functions, closures and the capture operator.
add = fn a, b -> a + b end
add.(1, 2)
is_function(add)
is_function(add, 2)
is_function(add, 1)
double = fn a -> add.(a, a) end
double.(21)
add.(1)
add(1, 2)
x = 42
(fn -> x = 0 end).()
x
inc = &(&1 + 1)
inc.(41)
pair = &{&1, &2}
pair.(:a, :b)
upcase = &String.upcase/1
upcase.("shout")
Enum.map(["a", "b"], upcase)
len = &length/1
len.([1, 2, 3])
classify = fn
  n when is_integer(n) and n < 0 -> :negative
  0 -> :zero
  n when is_integer(n) -> :positive
  _other -> :not_an_integer
end
classify.(-5)
classify.(0)
classify.(7)
classify.("seven")
strict = fn
  {:ok, v} -> v
  :error -> nil
end
strict.({:ok, 1})
strict.(:boom)
counter = fn start -> fn step -> start + step end end
counter.(10).(5)
Enum.reduce([1, 2, 3], 0, &+/2)
&(&1 * &2)
&Enum.count/1
fn -> :ok end
(fn -> :ok end).(:extra)
"not a function".(1)
fn x, x -> :same; _, _ -> :different end.(1, 1)
