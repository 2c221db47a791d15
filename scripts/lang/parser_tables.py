#!/usr/bin/env python3
"""Writes src/lang/parser/tables.rs from the dump of parser_tables.escript.

To regenerate the tables (only needed for another Elixir grammar), with
`elixir_parser.yrl` taken from Elixir's source (v1.14.0, lib/elixir/src/):

    escript scripts/lang/parser_tables.escript elixir_parser.yrl /tmp/dump.txt
    python3 scripts/lang/parser_tables.py elixir_parser.yrl /tmp/dump.txt > src/lang/parser/tables.rs
    cargo fmt

Every grammar rule's action (its Erlang code in elixir_parser.yrl) is mapped
to an `Act` variant by ACTS below; src/lang/parser/actions.rs implements each
variant as the Erlang code does. A rule with unknown code stops the script,
so a new grammar cannot be used without writing its action.
"""
import re
import sys

from rules import read_rules

ACTS = {
    "'$1'": "First",
    "'$2'": "Second",
    "{'$1', '$2'}": "OpRhs",
    "next_is_eol('$1', '$2')": "First",
    "build_unary_op('$1', '$2')": "UnaryOp",
    "['$1']": "ListOf1",
    "reverse('$1')": "Reverse1",
    "build_op('$1', '$2')": "BuildOp",
    "build_no_parens('$1', '$2')": "NoParens",
    "build_dot('$2', '$1', '$3')": "Dot",
    "['$3' | '$1']": "Cons31",
    "{'$1', '$3'}": "Assoc",
    "warn_pipe('$1', '$2'), {'$1', '$2'}": "OpRhs",
    "handle_literal(?id('$1'), '$1')": "Literal",
    "build_block(reverse('$1'))": "Block1",
    "build_block(reverse('$2'))": "Block2",
    "['$3' | annotate_eoe('$2', '$1')]": "Cons31",
    "build_no_parens_do_block('$1', '$2', '$3')": "NoParensDo",
    "build_no_parens('$1', nil)": "NoParensZero",
    "handle_number(number_value('$1'), '$1', ?exprs('$1'))": "Number",
    "handle_literal(?exprs('$1'), '$1', delimiter(<<$\">>))": "AtomLit",
    "build_access_arg('$1', '$2', '$3')": "AccessArg2",
    "error_no_parens_many_strict('$1')": "ErrNoParensManyStrict",
    "reverse(['$3' | '$1'])": "ReverseCons31",
    "error_no_parens_strict('$1')": "ErrNoParensStrict",
    "{newlines_pair('$1', '$3'), ['$2']}": "ParensArgs1",
    "handle_literal(?exprs('$1'), '$1', [{format, keyword}])": "AtomLit",
    "build_quoted_atom('$1', true, [{format, keyword}])": "QuotedAtomSafe",
    "build_quoted_atom('$1', false, [{format, keyword}])": "QuotedAtomUnsafe",
    "build_identifier('$1', nil)": "NoParensZero",
    "{'$2', '$1', ['$3']}": "AssocUpdate",
    "{'$2', '$1', '$3'}": "AssocUpdateKw",
    "build_map_update('$1', '$2', '$3', [])": "MapUpdate",
    "{'__block__', meta_from_token('$1'), []}": "EmptyBlockEoe",
    "{'__block__', [], []}": "EmptyBlock",
    "error_invalid_kw_identifier('$2')": "ErrInvalidKw",
    "build_parens('$1', '$2', '$3')": "ParensDo",
    "build_nested_parens('$1', '$2', '$3', '$4')": "NestedParensDo",
    "build_no_parens_do_block('$1', [], '$2')": "NoParensDoZero",
    "build_unary_op('$1', number_value('$2'))": "CaptureInt",
    "build_fn('$1', '$2', '$3')": "Fn",
    "build_stab('$1', '$2', '$3')": "ParenStab2",
    "build_stab('$1', '$2', '$4')": "ParenStab2",
    "build_stab('$1', '$3', '$5')": "ParenStab3",
    "build_stab('$1', '$3', '$4')": "ParenStab3",
    "build_stab('$1', [], '$3')": "ParenEmpty",
    "warn_empty_paren('$1'), {'__block__', [], []}": "EmptyBlock",
    "handle_number(?exprs('$1'), '$1', number_value('$1'))": "Char",
    "element(1, '$1')": "First",
    "build_bin_string('$1', delimiter(<<$\">>))": "BinString",
    "build_list_string('$1', delimiter(<<$'>>))": "ListString",
    "build_bin_heredoc('$1')": "BinString",
    "build_list_heredoc('$1')": "ListString",
    "build_sigil('$1')": "Sigil",
    "handle_literal(?exprs('$1'), '$1')": "AtomLit",
    "build_quoted_atom('$1', true, delimiter(<<$\">>))": "QuotedAtomSafe",
    "build_quoted_atom('$1', false, delimiter(<<$\">>))": "QuotedAtomUnsafe",
    "build_nullary_op('$1')": "NullaryOp",
    "build_parens('$1', '$2', {[], []})": "Parens",
    "build_nested_parens('$1', '$2', '$3', {[], []})": "NestedParens",
    "build_access_arg('$1', '$2', '$4')": "AccessArg2",
    "build_access(build_no_parens('$1', nil), '$2')": "AccessIdentifier",
    "build_access('$1', '$2')": "Access",
    "build_access(build_unary_op('$1', build_no_parens('$2', nil)), '$3')": "AccessAtIdentifier",
    "build_access(build_unary_op('$1', '$2'), '$3')": "AccessAt",
    "{do_end_meta('$1', '$2'), [[{handle_literal(do, '$1'), {'__block__', [], []}}]]}": "DoEmpty",
    "{do_end_meta('$1', '$3'), [[{handle_literal(do, '$1'), build_stab('$2')}]]}": "DoStab",
    "{do_end_meta('$1', '$3'), [[{handle_literal(do, '$1'), {'__block__', [], []}} | '$2']]}": "DoEmptyBlocks",
    "{do_end_meta('$1', '$4'), [[{handle_literal(do, '$1'), build_stab('$2')} | '$3']]}": "DoStabBlocks",
    "build_op([], '$1')": "StabNoArgs1",
    "build_op([], '$2')": "StabNoArgs2",
    "build_op([{'when', meta_from_token('$2'), ['$3']}], '$4')": "StabEmptyWhen",
    "build_op(unwrap_when(unwrap_splice('$1')), '$2')": "StabArgs",
    "build_op(unwrap_splice('$1'), '$2')": "StabParensArgs",
    "build_op([{'when', meta_from_token('$2'), unwrap_splice('$1') ++ ['$3']}], '$4')": "StabParensWhen",
    "warn_empty_stab_clause('$1'), {'$1', handle_literal(nil, '$1')}": "StabEmptyBody",
    "{handle_literal(?exprs('$1'), '$1'), build_stab('$2')}": "BlockItem",
    "{handle_literal(?exprs('$1'), '$1'), {'__block__', [], []}}": "BlockItemEmpty",
    "['$1' | '$2']": "Cons12",
    "build_alias('$1')": "Alias",
    "build_dot_alias('$2', '$1', '$3')": "DotAlias",
    "build_dot_container('$2', '$1', [], [])": "DotContainerEmpty",
    "build_dot_container('$2', '$1', '$4', newlines_pair('$3', '$5'))": "DotContainer",
    "{'.', meta_from_token('$2'), ['$1']}": "DotCall",
    "['$3', '$1']": "List31",
    "['$1', '$3']": "List13",
    "['$2']": "ListOf2",
    "error_no_parens_container_strict('$1')": "ErrNoParensContainerStrict",
    "{newlines_pair('$1', '$2'), []}": "ParensArgs0",
    "{newlines_pair('$1', '$3'), reverse('$2')}": "ParensArgsReverse2",
    "{newlines_pair('$1', '$5'), reverse(['$4' | '$2'])}": "ParensArgsKw",
    "[{'$1', '$2'}]": "KwFirst",
    "[{'$3', '$4'} | '$1']": "KwNext",
    "warn_trailing_comma('$2'), reverse('$1')": "Reverse1",
    "maybe_bad_keyword_call_follow_up('$2', '$1', '$3')": "ErrKwCallFollowUp",
    "maybe_bad_keyword_data_follow_up('$2', '$1', '$3')": "ErrKwDataFollowUp",
    "['$1' | '$3']": "Cons13",
    "maybe_bad_keyword_call_follow_up('$2', ['$1'], '$3')": "ErrKwCallFollowUp",
    "reverse('$1', '$3')": "ReverseAppend13",
    "build_list('$1', [], '$2')": "ListEmpty",
    "build_list('$1', '$2', '$3')": "List",
    "build_tuple('$1', [], '$2')": "TupleEmpty",
    "build_tuple('$1', '$2', '$3')": "Tuple",
    "build_bit('$1', [], '$2')": "BitEmpty",
    "build_bit('$1', '$2', '$3')": "Bit",
    "{reverse('$1', '$3'), '$4'}": "MapCloseAssocKw",
    "build_map('$1', [], '$2')": "MapEmpty",
    "build_map('$1', element(1, '$2'), element(2, '$2'))": "Map",
    "build_map_update('$1', '$2', '$4', [])": "MapUpdate",
    "build_map_update('$1', '$2', element(2, '$4'), element(1, '$4'))": "MapUpdateMore",
    "handle_literal(?exprs('$1'), '$1', [])": "AtomLit",
    "{'%', meta_from_token('$1'), ['$2', '$3']}": "Struct2",
    "{'%', meta_from_token('$1'), ['$2', '$4']}": "Struct3",
}


def section(text, name):
    m = re.search(name + r"\s*\n(.*?)\n\s*\.", text, re.S)
    return m.group(1).split()


def main(yrl, dump):
    text = open(yrl, encoding="utf-8").read()
    terminals = [unquote(t) for t in section(text, "Terminals")] + ["$end"]
    nonterminals = section(text, "Nonterminals")
    by_line = read_rules(yrl)
    rules = {}
    states = {}
    gotos = {}
    for line in open(dump, encoding="utf-8"):
        parts = line.split()
        if parts[0] == "R":
            n, head, length, src = int(parts[1]), parts[2], int(parts[3]), int(parts[4])
            if n == 0:
                continue
            h, syms, code = by_line[src]
            assert h == head, (h, head)
            if code not in ACTS:
                sys.exit(f"no Act for rule {n} ({head} -> {' '.join(syms)}): {code}")
            rules[n] = (head, length, ACTS[code], f"{head} -> {' '.join(syms)}")
        elif parts[0] == "S":
            st = int(parts[1])
            term = unquote(parts[2])
            kind = parts[3]
            acts = states.setdefault(st, {"acts": [], "default": None})
            if kind == "nonassoc":
                continue
            if term == "*":
                acts["default"] = int(parts[4])
                continue
            if kind == "shift":
                val = f"S({parts[4]})"
            elif kind == "reduce":
                val = f"R({parts[4]})"
            else:
                val = "A"
            acts["acts"].append((terminals.index(term), val))
        elif parts[0] == "G":
            sym = unquote(parts[2])
            if sym in nonterminals:
                gotos.setdefault(int(parts[1]), []).append((nonterminals.index(sym), int(parts[3])))
    n_states = max(states) + 1
    out = []
    w = out.append
    w("//! The LALR(1) automaton of Elixir 1.14's parser (`elixir_parser.yrl`),")
    w("//! as yecc builds it: generated by `scripts/lang/parser_tables.py` from the")
    w("//! dump of `scripts/lang/parser_tables.escript`. Do not edit by hand.")
    w("//!")
    w("//! Actions are encoded as `i16`: `s + 1` shifts to state `s`, `-(r + 1)`")
    w("//! reduces rule `r`, [`ACCEPT`] accepts. A state's `DEFAULT` rule is")
    w("//! reduced on any token not listed for it (yecc's catch-all clause).")
    w("")
    w("use super::actions::Act;")
    w("")
    w("/// The terminals, in the order of the grammar's `Terminals` section.")
    w("/// (`kw_identifier_safe` and `atom_safe` come only with Elixir's")
    w("/// `existing_atoms_only: true`, which this parser does not offer.)")
    w("#[allow(dead_code)]")
    w("#[derive(Clone, Copy, Debug, PartialEq, Eq)]")
    w("pub(crate) enum T {")
    for t in terminals:
        w(f"    /// `{t}`")
        w(f"    {camel(t)},")
    w("}")
    w("")
    w("/// The nonterminals, in the order of the grammar's `Nonterminals` section.")
    w("#[derive(Clone, Copy, Debug, PartialEq, Eq)]")
    w("pub(super) enum Nt {")
    for t in nonterminals:
        w(f"    /// `{t}`")
        w(f"    {camel(t)},")
    w("}")
    w("")
    w("/// The action that accepts the input.")
    w("pub(super) const ACCEPT: i16 = i16::MAX;")
    w("")
    w("/// Each rule (by yecc's number): its head, its length and its action.")
    w(f"pub(super) static RULES: [(Nt, u8, Act); {max(rules) + 1}] = [")
    w("    (Nt::Grammar, 0, Act::First), // rule 0: the augmented start rule, never reduced")
    for n in range(1, max(rules) + 1):
        head, length, act, desc = rules[n]
        w(f"    (Nt::{camel(head)}, {length}, Act::{act}), // {n}: {desc}")
    w("];")
    w("")
    starts, terms, vals, defaults = [0], [], [], []
    for s in range(n_states):
        st = states.get(s, {"acts": [], "default": None})
        for t, v in sorted(st["acts"]):
            terms.append(t)
            vals.append(encode(v))
        starts.append(len(terms))
        defaults.append(-1 if st["default"] is None else -(st["default"] + 1))
    gstarts, gsyms, gto = [0], [], []
    for s in range(n_states):
        for nt, to in sorted(gotos.get(s, [])):
            gsyms.append(nt)
            gto.append(to)
        gstarts.append(len(gsyms))
    array(w, "ACTION_START", "u16", starts, "Where each state's actions start in `ACTION_TERM`/`ACTION`.")
    array(w, "ACTION_TERM", "u8", terms, "The terminal of each action (`T as u8`), sorted within a state.")
    array(w, "ACTION", "i16", vals, "The action for that terminal.")
    array(w, "DEFAULT", "i16", defaults, "Each state's catch-all reduction (`-(r + 1)`), or -1.")
    array(w, "GOTO_START", "u16", gstarts, "Where each state's gotos start in `GOTO_NT`/`GOTO_TO`.")
    array(w, "GOTO_NT", "u8", gsyms, "The nonterminal of each goto (`Nt as u8`), sorted within a state.")
    array(w, "GOTO_TO", "u16", gto, "The state reached.")
    print("\n".join(out))


def encode(v):
    if v == "A":
        return 32767
    n = int(v[2:-1])
    return n + 1 if v[0] == "S" else -(n + 1)


def array(w, name, ty, values, doc):
    w(f"/// {doc}")
    w(f"pub(super) static {name}: [{ty}; {len(values)}] = [")
    for i in range(0, len(values), 16):
        w("    " + ", ".join(str(v) for v in values[i:i + 16]) + ",")
    w("];")
    w("")


def unquote(s):
    if s.startswith("'") and s.endswith("'") and len(s) > 1:
        return s[1:-1].replace("\\\\", "\\")
    return s


NAMES = {"(": "OpenParen", ")": "CloseParen", "[": "OpenBracket", "]": "CloseBracket",
         "{": "OpenCurly", "}": "CloseCurly", "<<": "OpenBit", ">>": "CloseBit",
         "%{}": "PercentCurly", "%": "Percent", ";": "Semicolon", ",": "Comma", ".": "Dot",
         "$end": "End", "end": "EndKw", "do": "Do", "fn": "Fn", "true": "True",
         "false": "False", "nil": "Nil"}


def camel(name):
    if name in NAMES:
        return NAMES[name]
    return "".join(p[:1].upper() + p[1:] for p in name.split("_") if p)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
