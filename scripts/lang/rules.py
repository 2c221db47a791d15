"""Reads the yecc grammar's rules: (line -> (head, symbols, code))."""
import re

def read_rules(yrl_path):
    lines = open(yrl_path, encoding="utf-8").read().split("\n")
    rules = {}
    i = 0
    stop = next(k for k, l in enumerate(lines) if l.startswith("Erlang code."))
    while i < stop:
        line = lines[i]
        m = re.match(r"^([a-z_]+)\s*->", line)
        if m:
            start = i
            text = line
            while not re.search(r"\.\s*(%.*)?$", text.rstrip()) or text.rstrip().endswith("'.'") and False:
                i += 1
                text += " " + lines[i].strip()
            # strip trailing comment
            text = re.sub(r"\s*%[^'\"]*$", "", text.strip())
            head, rest = text.split("->", 1)
            syms, code = split_code(rest)
            rules[start + 1] = (head.strip(), syms.split(), normalize(code))
        i += 1
    return rules

def split_code(rest):
    # the first ' : ' outside quotes separates symbols from code
    in_q = False
    for k, c in enumerate(rest):
        if c == "'":
            in_q = not in_q
        elif c == ":" and not in_q and rest[k - 1] == " " and rest[k + 1] == " ":
            return rest[:k].strip(), rest[k + 1:].strip()
    raise ValueError(rest)

def normalize(code):
    code = code.strip()
    assert code.endswith("."), code
    return re.sub(r"\s+", " ", code[:-1].strip())
