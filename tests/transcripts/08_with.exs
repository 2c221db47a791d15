# with chains matches and stops at the first mismatch.
opts = %{width: 10, height: 15}
with {:ok, width} <- Map.fetch(opts, :width),
     {:ok, height} <- Map.fetch(opts, :height) do
  {:ok, width * height}
end
opts = %{width: 10}
with {:ok, width} <- Map.fetch(opts, :width),
     {:ok, height} <- Map.fetch(opts, :height) do
  {:ok, width * height}
end
with {:ok, w} when w > 5 <- {:ok, 3} do
  :big
end
with {:ok, n} <- {:ok, 4},
     double = n * 2,
     {:ok, m} <- {:ok, double + 1} do
  m
end
with {:ok, n} <- {:error, :no_number} do
  n
else
  {:error, reason} -> "failed: #{reason}"
end
with {:ok, n} <- {:error, :no_number} do
  n
else
  :unexpected -> "nope"
end
parse = fn text ->
  with {int, ""} <- Integer.parse(text),
       true <- int >= 0 do
    {:ok, int}
  else
    :error -> {:error, :not_a_number}
    {_, rest} -> {:error, {:trailing, rest}}
    false -> {:error, :negative}
  end
end
parse.("12")
parse.("12abc")
parse.("x")
parse.("-3")
