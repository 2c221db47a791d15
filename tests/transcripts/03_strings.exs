# Strings are UTF-8 encoded binaries.
"hello"
name = "Elixir"
"Hello, #{name}!"
"two plus two is #{2 + 2}"
"hello " <> "world"
IO.puts("first line\nsecond line")
"tab\there"
"quote: \" and backslash: \\"
string = "héllo"
byte_size(string)
String.length(string)
String.upcase(string)
String.capitalize("elixir rocks")
String.reverse("stressed")
String.split("one two  three")
String.split("a,b,,c", ",")
String.split("a,b,,c", ",", trim: true)
String.replace("banana", "a", "o")
String.slice("hello world", 6, 5)
String.slice("hello world", 0..4)
String.at("elixir", -1)
String.contains?("elixir", "lix")
String.starts_with?("elixir", ["ex", "el"])
String.trim("   padded   ")
String.pad_leading("7", 3, "0")
String.duplicate("ab", 3)
String.graphemes("héllo")
String.codepoints("👍🏽")
String.length("👍🏽")
byte_size("👍🏽")
String.to_charlist("abc")
String.jaro_distance("dwayne", "duane") |> Float.round(3)
"élan" |> String.normalize(:nfd) |> byte_size()
is_binary("text")
"a" < "b"
to_string(42)
"Elixir" |> String.downcase() |> String.to_atom()
IO.puts("interpolate a list: #{inspect([1, 2, 3])}")
"multi
line"
String.split("line one\nline two", "\n")
