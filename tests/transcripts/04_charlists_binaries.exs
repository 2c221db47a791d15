# Charlists, code points and raw binaries.
?a
?é
'hello'
[104, 101, 108, 108, 111]
[104, 101, 108, 108, 111] == 'hello'
'hełło'
is_list('abc')
'abc' ++ 'def'
List.to_string('abc')
to_charlist("héllo")
[1, 2, 3]
[7, 8, 9]
[?a, ?b, 0]
length('hello')
'interpolated #{1 + 1}'
<<104, 101, 108, 108, 111>>
<<0, 1, 2>>
<<255>>
<<256>>
<<1, 2>> <> <<3>>
"héllo" <> <<0>>
byte_size(<<1, 2, 3>>)
<<1::size(1)>>
<<5::4, 1::4>>
bit_size(<<5::4>>)
is_bitstring(<<1::3>>)
is_binary(<<1::3>>)
<<head, rest::binary>> = "banana"
head
rest
<<x::utf8, _::binary>> = "élan"
x
<<a::16, b::8>> = <<1, 2, 3>>
{a, b}
:binary.bin_to_list("abc")
String.valid?(<<0xFF>>)
<<0xFF, "abc">>
"abc" <> <<0xFF>>
