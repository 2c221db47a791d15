# transcripts: keep-blank-lines
# How iex reads input: blank lines, comments, continuation, #iex:break.
1 + 1

# a comment on its own line is an empty expression too
[1,
 2,
 # comments inside an expression are fine
 3]
"an unfinished
string"
%{a: 1,
  b: 2}
fn x ->
  x * 2
end
[1, 2, 3]
|> Enum.map(&(&1 * 10))
|> Enum.sum()
defmodule Pending do
  def f, do: :never
#iex:break
Pending.f()
1 +* 2
[1, 2
, 3]
"one"; "two"
a = 1; b = 2; a + b
v(-1)
a = 10
|> div(2)
{1, 2,
#iex:break
:after_break
