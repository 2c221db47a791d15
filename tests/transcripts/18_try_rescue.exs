# Errors, throws and exits: raising them and handling them.
raise "oops"
raise ArgumentError, message: "invalid argument foo"
raise ArgumentError
defmodule MyError do
  defexception message: "default message"
end
raise MyError
raise MyError, message: "custom message"
try do
  raise "oops"
rescue
  e in RuntimeError -> e
end
try do
  raise "oops"
rescue
  RuntimeError -> "Error!"
end
try do
  1 + :a
rescue
  e in ArithmeticError -> Exception.message(e)
end
File.read("this/file/does/not/exist")
File.read!("this/file/does/not/exist")
try do
  Enum.each(-50..50, fn x ->
    if rem(x, 13) == 0, do: throw(x)
  end)
  "Got nothing"
catch
  x -> "Got #{x}"
end
try do
  exit("I am exiting")
catch
  :exit, reason -> {:caught_exit, reason}
end
try do
  throw(:ball)
catch
  kind, value -> {kind, value}
end
try do
  IO.puts("working")
  :result
after
  IO.puts("cleaning up")
end
try do
  raise "fail"
after
  IO.puts("after runs even on errors")
end
try do
  1 / 1
rescue
  ArithmeticError -> :infinity
else
  y when y < 1 and y > -1 -> :small
  _ -> :large
end
x = 2
try do
  inner = 1
  raise "hmm"
rescue
  _ -> :rescued
end
inner
defmodule Safe do
  def divide(a, b) do
    {:ok, a / b}
  rescue
    ArithmeticError -> {:error, :division_by_zero}
  end
end
Safe.divide(1, 0)
Safe.divide(1, 4)
throw({:custom, 1})
exit(:normal)
exit({:bad, [1, 2]})
reraise_me = fn -> try do raise "first" rescue e -> reraise e, [] end end
reraise_me.()
%RuntimeError{message: "built by hand"}
Exception.message(%KeyError{key: :k, term: %{}})
