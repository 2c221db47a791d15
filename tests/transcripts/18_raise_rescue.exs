# Raising errors, defining exceptions and rescuing them.
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
defmodule Safe do
  def divide(a, b) do
    {:ok, a / b}
  rescue
    ArithmeticError -> {:error, :division_by_zero}
  end
end
Safe.divide(1, 0)
Safe.divide(1, 4)
reraise_me = fn -> try do raise "first" rescue e -> reraise e, [] end end
reraise_me.()
%RuntimeError{message: "built by hand"}
Exception.message(%KeyError{key: :k, term: %{}})
