# Integers and floats, and how iex prints them.
1 + 2
5 * 5
10 / 2
10 / 3
div(10, 3)
rem(10, 3)
div(-7, 2)
rem(-7, 2)
Integer.floor_div(-7, 2)
Integer.mod(-7, 2)
0.1 + 0.2
1.0
1.5e3
1.0e10
1.0e20
123456789.0 * 10
0.000001
1.0e-7
-0.0
2 ** 10
:math.pow(2, 10)
12345678901234567890 * 98765432109876543210
1_000_000
0b1010
0o777
0xFF
round(3.58)
trunc(3.58)
round(-2.5)
abs(-42)
max(3, 7.5)
Float.round(3.14159, 2)
Float.ceil(2.01)
Float.floor(-2.01)
Float.to_string(2.5)
Integer.to_string(255, 16)
Integer.to_string(255, 2)
Integer.digits(1234)
Integer.parse("42 apples")
Integer.parse("apples")
Float.parse("3.25kg")
String.to_integer("0042")
is_integer(1.0)
is_float(1.0)
is_number(7)
1 == 1.0
1 === 1.0
:math.sqrt(16)
:math.pi()
Float.round(:math.pi(), 4)
:math.floor(2.7)
:math.log2(1024)
1 / 0
