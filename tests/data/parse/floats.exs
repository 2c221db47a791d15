# Writes floats.txt: for many floats, the IEEE bits (hex) and what Elixir
# 1.14 writes for inspect/1 and Float.to_string/1:
#
#     cd tests/data/parse && elixir floats.exs
:rand.seed(:exsss, {20, 14, 25})

random_bits =
  Stream.repeatedly(fn -> <<:rand.uniform(18_446_744_073_709_551_616) - 1::64>> end)
  |> Stream.flat_map(fn <<f::float>> -> [f]
                        _ -> [] end)
  |> Enum.take(1500)

scaled =
  for _ <- 1..1500 do
    digits = :rand.uniform(17)
    mantissa = :rand.uniform(trunc(:math.pow(10, digits))) * 1.0
    exp = :rand.uniform(60) - 30
    mantissa * :math.pow(10, exp - digits)
  end

powers = for e <- -30..30, m <- [1.0, 1.5, 2.0, 9.99, 1.25], do: m * :math.pow(10, e)

special = [0.0, -0.0, 5.0e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 1.7976931348623157e308,
  0.1 + 0.2, 1.0e15, 1.0e16, 9007199254740993.0, 999999999999999.9, 1.0e-4, 1.0e-5, 123456789012345.6,
  1234567890123456.0, 12345678901234567.0, 0.0012345678901234567, 1.2345678901234567e-4,
  9007199254740991.0, 9007199254740994.0, 4503599627370495.5, 8.0e15, 9.0e15, 1.0e-300, 123.0e-320]

lines =
  for f <- special ++ powers ++ scaled ++ random_bits ++ Enum.map(scaled, &(-&1)) do
    <<bits::64>> = <<f::float>>
    hex = bits |> Integer.to_string(16) |> String.pad_leading(16, "0")
    "#{hex} #{inspect(f)} #{Float.to_string(f)}"
  end

File.write!("floats.txt", Enum.join(lines, "\n") <> "\n")
IO.puts("#{length(lines)} floats")
