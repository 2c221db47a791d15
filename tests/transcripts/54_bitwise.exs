# Bitwise's operators come with `import Bitwise`.
Bitwise.bsl(1, 3)
import Bitwise
{1 <<< 3, 16 >>> 2, 5 &&& 3, 5 ||| 3, ~~~5}
Bitwise.<<<(1, 2)
-1 >>> 70
(1 <<< 70) ||| 1
