# Writes the generated section of cases.txt: random calls over a small
# Unicode alphabet (fixed seed), printed to cases_gen.txt:
#     python3 gen_cases.py && cat cases_gen.txt >> cases.txt
import random
random.seed(7)
alpha = ["a", "b", "A", "ß", "é", "e\\u0301", "Σ", "ı", "İ", "ǆ", " ", "\\t", "\\r\\n", ",", "-", "👨‍👩‍👧", "🇺🇸", "ﬁ", "한", "x", "0", "9", "\\u00A0", "ς", "ǅ"]
def s(n=None):
    n = random.randint(0, 7) if n is None else n
    return '"' + "".join(random.choice(alpha) for _ in range(n)) + '"'
def i(lo=-6, hi=8): return str(random.randint(lo, hi))
def lst():
    items = [random.choice(["1", "2", "3", "1.0", ":a", ":b", '"x"', "{1}", "[1]", "nil", "-1", "2.5"]) for _ in range(random.randint(0, 6))]
    return "[" + ", ".join(items) + "]"
def rng():
    a, b = random.randint(-6, 8), random.randint(-6, 8)
    if random.random() < 0.3: return f"{a}..{b}//{random.choice([1,2,3,-1,-2])}"
    return f"{a}..{b}"
gens = [
  lambda: f"String.length({s()})",
  lambda: f"String.upcase({s()})",
  lambda: f"String.downcase({s()})",
  lambda: f"String.downcase({s()}, :greek)",
  lambda: f"String.capitalize({s()})",
  lambda: f"String.upcase({s()}, :turkic)",
  lambda: f"String.downcase({s()}, :turkic)",
  lambda: f"String.trim({s()})",
  lambda: f"String.trim_leading({s()})",
  lambda: f"String.trim_trailing({s()})",
  lambda: f"String.trim({s()}, {s(1)})",
  lambda: f"String.pad_leading({s()}, {i(0,9)}, {s(random.randint(1,2))})",
  lambda: f"String.pad_trailing({s()}, {i(0,9)})",
  lambda: f"String.split({s()})",
  lambda: f"String.split({s()}, {s(1)})",
  lambda: f"String.split({s()}, {s(1)}, trim: true)",
  lambda: f"String.split({s()}, {s(1)}, parts: {random.randint(1,4)})",
  lambda: f"String.split({s()}, [{s(1)}, {s(1)}], parts: {random.randint(1,4)}, trim: {random.choice(['true','false'])})",
  lambda: f"String.split({s()}, \"\", parts: {random.randint(1,4)})",
  lambda: f"String.split_at({s()}, {i()})",
  lambda: f"String.slice({s()}, {i()}, {i(0,6)})",
  lambda: f"String.slice({s()}, {rng()})",
  lambda: f"String.at({s()}, {i()})",
  lambda: f"String.first({s()})",
  lambda: f"String.last({s()})",
  lambda: f"String.graphemes({s()})",
  lambda: f"String.codepoints({s()})",
  lambda: f"String.reverse({s()})",
  lambda: f"String.replace({s()}, {s(1)}, {s(random.randint(0,2))})",
  lambda: f"String.replace({s()}, [{s(1)}, {s(2)}], \"_\")",
  lambda: f"String.replace({s()}, {s(1)}, \"_\", global: false)",
  lambda: f"String.contains?({s()}, {s(1)})",
  lambda: f"String.starts_with?({s()}, {s(1)})",
  lambda: f"String.ends_with?({s()}, {s(1)})",
  lambda: f"String.jaro_distance({s()}, {s()})",
  lambda: f"String.bag_distance({s()}, {s()})",
  lambda: f"String.replace_leading({s()}, {s(1)}, \"+\")",
  lambda: f"String.replace_trailing({s()}, {s(1)}, \"+\")",
  lambda: f"String.next_grapheme({s()})",
  lambda: f"String.printable?({s()})",
  lambda: f"String.chunk({s()}, :printable)",
  lambda: f"Enum.slice({lst()}, {rng()})",
  lambda: f"Enum.slice({lst()}, {i()}, {i(0,5)})",
  lambda: f"Enum.take({lst()}, {i()})",
  lambda: f"Enum.drop({lst()}, {i()})",
  lambda: f"Enum.split({lst()}, {i()})",
  lambda: f"Enum.chunk_every({lst()}, {i(1,4)}, {i(1,4)})",
  lambda: f"Enum.chunk_every({lst()}, {i(1,4)}, {i(1,4)}, {random.choice([':discard', '[:p]', '[]', '[:p, :q, :r]'])})",
  lambda: f"Enum.sort({lst()})",
  lambda: f"Enum.sort({lst()}, :desc)",
  lambda: f"Enum.uniq({lst()})",
  lambda: f"Enum.dedup({lst()})",
  lambda: f"Enum.max({lst()})",
  lambda: f"Enum.min_max({lst()})",
  lambda: f"Enum.frequencies({lst()})",
  lambda: f"Enum.take_every({lst()}, {i(0,3)})",
  lambda: f"Enum.drop_every({lst()}, {i(0,3)})",
  lambda: f"Enum.at({rng()}, {i()})",
  lambda: f"Enum.to_list({rng()})",
  lambda: f"Enum.sum({rng()})",
  lambda: f"Enum.count({rng()})",
  lambda: f"Enum.member?({rng()}, {i()})",
  lambda: f"Enum.slice({rng()}, {rng()})",
  lambda: f"{lst()} -- {lst()}",
  lambda: f"List.insert_at({lst()}, {i()}, :z)",
  lambda: f"List.replace_at({lst()}, {i()}, :z)",
  lambda: f"List.delete_at({lst()}, {i()})",
  lambda: f"List.pop_at({lst()}, {i()})",
  lambda: f"Keyword.merge([a: 1, b: 2, a: 3], [{random.choice(['a','b','c'])}: 9])",
  lambda: f"Float.round({random.uniform(-100,100):.6f}, {i(0,6)})",
  lambda: f"Float.ceil({random.uniform(-100,100):.6f}, {i(0,6)})",
  lambda: f"Float.floor({random.uniform(-100,100):.6f}, {i(0,6)})",
  lambda: f":erlang.float_to_binary({random.uniform(-1000,1000):.7f}, decimals: {i(0,8)})",
  lambda: f"Integer.floor_div({i(-20,20)}, {random.choice(['-3','-2','2','3','7'])})",
  lambda: f"Integer.mod({i(-20,20)}, {random.choice(['-3','-2','2','3','7'])})",
  lambda: f"Integer.digits({i(-999,999)}, {i(2,16)})",
  lambda: f"String.to_charlist({s()})",
]
out = []
for _ in range(700):
    out.append(random.choice(gens)())
seen = set()
with open("cases_gen.txt", "w") as f:
    for c in out:
        if c not in seen:
            seen.add(c); f.write(c + "\n")
print(len(seen))

# The second generated section: sorts of lists mixing terms that are ==
# but not === (1 and 1.0), where only OTP's own sort algorithm gives the
# BEAM's order. Printed to sort_cases.txt.
random.seed(11)
vals = ["1", "1.0", "2", "2.0", "0", "0.0", "-1", "-1.0", "3", ":a", "{1}", "{1.0}", "[1]", "[1.0]"]
sorts = []
for n in range(120):
    k = random.randint(3, 18)
    l = "[" + ", ".join(random.choice(vals) for _ in range(k)) + "]"
    f = random.choice([":lists.sort", "Enum.sort", ":lists.usort", "Enum.uniq", "Enum.sort", ":lists.sort"])
    sorts.append(f"{f}({l})")
open("sort_cases.txt", "w").write("\n".join(sorts) + "\n")
