# Sigils and regular expressions.
~w(foo bar bat)
~w(foo bar bat)a
~w(foo bar bat)c
~s(this is a string with "double" quotes)
~c(this is a charlist)
~S(no #{interpolation} and no \n escapes)
~s(with #{1 + 1} interpolation)
regex = ~r/foo|bar/
"foo" =~ regex
"bat" =~ regex
~r/hello/i
"HELLO" =~ ~r/hello/i
Regex.run(~r/(\d+)-(\d+)/, "call 555-1234 now")
Regex.run(~r/x/, "abc")
Regex.scan(~r/\d+/, "1 22 333")
Regex.scan(~r/(\w)(\d)/, "a1 b2 c3")
Regex.match?(~r/^\d{3}$/, "123")
Regex.replace(~r/\s+/, "too    many   spaces", " ")
Regex.replace(~r/(\w+)@(\w+)/, "me@home", "\\2 at \\1")
Regex.named_captures(~r/(?<year>\d{4})-(?<month>\d{2})/, "2024-05")
Regex.split(~r/[,;]/, "a,b;c")
String.split("a1b2c3", ~r/\d/, trim: true)
~r/unclosed(/
Regex.compile("a+")
Regex.compile("(")
Regex.source(~r/a.b/)
~D[2024-01-31]
~T[13:45:00]
~N[2024-01-31 13:45:00]
Date.add(~D[2024-01-31], 1)
Date.day_of_week(~D[2024-01-31])
~s"""
heredoc in a sigil
"""
"""
a heredoc
  keeps indentation
"""
