# Control flow: case, cond, if and unless.
case {1, 2, 3} do
  {4, 5, 6} -> "won't match"
  {1, x, 3} -> "matches, x is #{x}"
  _ -> "anything"
end
x = 1
case 10 do
  ^x -> "pinned one"
  _ -> "not one"
end
case {1, 2, 3} do
  {1, x, 3} when x > 0 -> "positive middle"
  _ -> "no guard passed"
end
case 1 do
  x when hd(x) -> "guard errors just fail the clause"
  x -> "got #{x}"
end
case :cake do
  :pie -> "pie!"
end
cond do
  2 + 2 == 5 -> "never"
  2 * 2 == 3 -> "nope"
  1 + 1 == 2 -> "this one"
end
cond do
  1 + 1 == 3 -> "false"
end
cond do
  hd([1, 2]) -> "truthy values count"
  true -> "catch-all"
end
if true do
  "this works"
end
if false, do: "hidden"
if nil, do: "no", else: "nil is falsy"
unless 1 > 2, do: "one is not bigger"
temperature = 31
message =
  if temperature > 30 do
    "hot"
  else
    "fine"
  end
message
if temperature > 0 do
  shadow = :inside
end
shadow
