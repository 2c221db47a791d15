# catch, after and else; throws and exits.
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
try do
  inner = 1
  raise "hmm"
rescue
  _ -> :rescued
end
inner
throw({:custom, 1})
exit(:normal)
exit({:bad, [1, 2]})
