//! What a native costs: the reductions it charges and the words of memory
//! its result takes, worked out from its arguments *before* it runs.
//!
//! On the BEAM a list BIF charges reductions in proportion to the elements
//! it walks (and yields when its slice runs out), so `Enum.sort/1` of a
//! million elements is no cheaper than the loop that would sort them. Here
//! the interpreter asks [`of`] for the native's cost before calling it: a
//! cost larger than what is left of the process's slice is paid first and
//! the process yields, so the console's meter stops a line that cannot
//! afford the work before the work is done (see `interp.rs`, `pay`).
//!
//! Only natives whose work grows with their input have a cost here; every
//! other native (`hd/1`, `length/1`, `Map.get/2`, ...) costs the one
//! reduction of its call instruction. The rates, measured natively against
//! the interpreter (about 30 ns a reduction):
//!
//! - walking a list: [`SCAN`] elements a reduction;
//! - building a list, map or tuple: [`BUILD`] elements a reduction, and two
//!   words an element (a cons cell, a map slot) against the heap limit;
//! - sorting: `n·log2(n)` comparisons at [`SCAN`] a reduction, plus building;
//! - bytes of text or binary: [`BYTES`] a reduction, and `n / 8` words.
//!
//! Binaries a native returns are charged by their size after the call
//! ([`binary_result`]): the 64 MiB cap bounds the work already done.

use super::enumerable::{map_set_members, range_len, range_parts};
use crate::term::Term;

/// List elements walked per reduction.
pub const SCAN: u64 = 4;
/// Elements built per reduction.
pub const BUILD: u64 = 2;
/// Bytes of binary read or written per reduction.
pub const BYTES: u64 = 64;
/// Words an element of a built list or map takes (a cons cell).
const WORDS: u64 = 2;
/// Elements counted at most when sizing an argument: past the list cap,
/// the native fails anyway.
const COUNT_CAP: u64 = 1 << 25;

/// What one call of a native costs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cost {
    /// Reductions, on top of the call's own one.
    pub reductions: u64,
    /// Words of memory its result takes.
    pub words: u64,
}

/// A native's cost, from its arguments.
pub type CostFn = fn(&[Term]) -> Cost;

impl Cost {
    /// Walking `n` elements.
    pub fn scan(n: u64) -> Cost {
        Cost {
            reductions: n / SCAN,
            words: 0,
        }
    }

    /// Building `n` elements (a list, a map, a tuple).
    pub fn build(n: u64) -> Cost {
        Cost {
            reductions: n / BUILD,
            words: n.saturating_mul(WORDS),
        }
    }

    /// Sorting `n` elements into a new list.
    pub fn sort(n: u64) -> Cost {
        let log = u64::from(64 - n.leading_zeros());
        let compare = n.saturating_mul(log) / SCAN;
        let b = Cost::build(n);
        Cost {
            reductions: compare.saturating_add(b.reductions),
            words: b.words,
        }
    }

    /// Reading or writing `n` bytes.
    pub fn bytes(n: u64) -> Cost {
        Cost {
            reductions: n / BYTES,
            words: n / 8,
        }
    }

    fn plus(self, o: Cost) -> Cost {
        Cost {
            reductions: self.reductions.saturating_add(o.reductions),
            words: self.words.saturating_add(o.words),
        }
    }
}

/// Elements of an enumerable or collection (a list's length, counted up
/// to a cap; a range's, map's, MapSet's or tuple's size; a binary's
/// bytes), 0 for anything else. Never walks anything but a list.
pub fn size(t: &Term) -> u64 {
    match t {
        Term::List(_) => t.list_iter().take(COUNT_CAP as usize).count() as u64,
        Term::Map(m) => {
            if let Some((first, last, step)) = range_parts(t) {
                range_len(first, last, step).clamp(0, i128::from(COUNT_CAP)) as u64
            } else if let Some(members) = map_set_members(t) {
                members.len() as u64
            } else {
                m.len() as u64
            }
        }
        Term::Tuple(items, _) => items.len() as u64,
        Term::Binary(b) => b.len() as u64,
        _ => 0,
    }
}

/// An integer argument as a count (negative and non-integers: 0).
fn count(t: &Term) -> u64 {
    t.as_int()
        .map_or(0, |n| n.clamp(0, COUNT_CAP as i64) as u64)
}

fn arg(args: &[Term], i: usize) -> u64 {
    args.get(i).map_or(0, size)
}

fn scan0(a: &[Term]) -> Cost {
    Cost::scan(arg(a, 0))
}
fn scan01(a: &[Term]) -> Cost {
    Cost::scan(arg(a, 0).saturating_add(arg(a, 1)))
}
fn build0(a: &[Term]) -> Cost {
    Cost::build(arg(a, 0))
}
fn build1(a: &[Term]) -> Cost {
    Cost::build(arg(a, 1))
}
fn build01(a: &[Term]) -> Cost {
    Cost::build(arg(a, 0).saturating_add(arg(a, 1)))
}
fn sort0(a: &[Term]) -> Cost {
    Cost::sort(arg(a, 0))
}
fn sort1(a: &[Term]) -> Cost {
    Cost::sort(arg(a, 1))
}
/// `left -- right`: both sides walked, the right one hashed, the left
/// one rebuilt.
fn subtract(a: &[Term]) -> Cost {
    Cost::scan(arg(a, 1)).plus(Cost::build(arg(a, 0)))
}
/// `Enum.take(list, n)` and friends: at most `n` elements (or all of them
/// for a negative `n`, counted from the end).
fn first_n(a: &[Term]) -> Cost {
    match a.get(1).and_then(Term::as_int) {
        Some(n) if n >= 0 => Cost::build(count(&a[1]).min(arg(a, 0))),
        _ => build0(a),
    }
}
/// A count in argument `i` of elements made from nothing
/// (`List.duplicate(x, n)`, `:lists.duplicate(n, x)`, `make_tuple(n, x)`).
fn made(a: &[Term], i: usize) -> Cost {
    Cost::build(a.get(i).map_or(0, count))
}
fn made0(a: &[Term]) -> Cost {
    made(a, 0)
}
fn made1(a: &[Term]) -> Cost {
    made(a, 1)
}
/// `:lists.seq(from, to)`, `:lists.seq(from, to, step)`.
fn seq(a: &[Term]) -> Cost {
    let (Some(from), Some(to)) = (
        a.first().and_then(Term::as_int),
        a.get(1).and_then(Term::as_int),
    ) else {
        return Cost::default();
    };
    let step = a.get(2).and_then(Term::as_int).unwrap_or(1);
    let n = range_len(from, to, step).clamp(0, i128::from(COUNT_CAP)) as u64;
    Cost::build(n)
}
/// `String.duplicate(s, n)`, `:binary.copy(b, n)`.
fn copies(a: &[Term]) -> Cost {
    Cost::bytes(arg(a, 0).saturating_mul(a.get(1).map_or(1, count)))
}
/// Text functions that read their binary arguments once.
fn text(a: &[Term]) -> Cost {
    let bytes: u64 = a
        .iter()
        .filter_map(Term::as_binary)
        .map(|b| b.len() as u64)
        .sum();
    Cost {
        reductions: bytes / BYTES,
        words: 0,
    }
}

/// Words a native's binary result takes, charged after the call (binaries
/// are capped at 64 MiB, so the work done is bounded).
pub fn binary_result(t: &Term) -> Cost {
    match t {
        Term::Binary(b) if b.len() > 64 => Cost::bytes(b.len() as u64),
        _ => Cost::default(),
    }
}

/// The cost of `module.name/arity` (module as stored: `Elixir.Enum`), or
/// `None` for a native that costs only its call.
pub fn of(module: &str, name: &str, arity: u8) -> Option<CostFn> {
    let f: CostFn = match (module, name, arity) {
        // :erlang
        ("erlang", "++" | "append", 2) => build0,
        ("erlang", "--" | "subtract", 2) | ("lists", "subtract", 2) => subtract,
        ("erlang", "tuple_to_list" | "list_to_tuple" | "append_element", _) => build0,
        ("erlang", "setelement" | "delete_element" | "insert_element", _) => build1,
        ("erlang", "make_tuple", _) => made0,
        ("Elixir.List", "to_tuple", 1) | ("Elixir.Kernel", "put_elem", 3) => build0,
        (
            "erlang",
            "iolist_to_binary" | "list_to_binary" | "binary_to_list" | "iolist_size"
            | "list_to_bitstring" | "bitstring_to_list",
            1,
        )
        | ("Elixir.IO", "iodata_to_binary" | "iodata_length", 1) => build0,
        // Enum
        ("Elixir.Enum", "count" | "sum" | "product" | "max" | "min" | "min_max", 1) => scan0,
        ("Elixir.Enum", "member?", 2) => scan0,
        ("Elixir.Enum", "sort", _) => sort0,
        ("Elixir.Enum", "take" | "drop" | "split", 2) => first_n,
        (
            "Elixir.Enum",
            "reverse" | "uniq" | "dedup" | "zip" | "unzip" | "concat" | "join" | "into"
            | "with_index" | "frequencies" | "to_list" | "slice" | "take_every" | "drop_every"
            | "chunk_every",
            _,
        ) => build01,
        // :lists
        ("lists", "sort" | "usort", 1) => sort0,
        ("lists", "keysort", 2) => sort1,
        ("lists", "merge", 2) => build01,
        (
            "lists",
            "member" | "sum" | "max" | "min" | "last" | "prefix" | "suffix" | "keyfind"
            | "keymember" | "nth" | "nthtail",
            _,
        ) => scan01,
        ("lists", "seq", _) => seq,
        ("lists", "duplicate", 2) => made0,
        (
            "lists",
            "reverse" | "append" | "flatten" | "droplast" | "zip" | "unzip" | "delete" | "split"
            | "sublist" | "concat" | "keystore" | "keydelete" | "keyreplace" | "keytake",
            _,
        ) => build01,
        // List
        ("Elixir.List", "keysort", 2) => sort0,
        ("Elixir.List", "duplicate", 2) => made1,
        (
            "Elixir.List",
            "last" | "keyfind" | "keymember?" | "starts_with?" | "improper?" | "ascii_printable?",
            _,
        ) => scan0,
        (
            "Elixir.List",
            "flatten" | "delete" | "delete_at" | "insert_at" | "replace_at" | "pop_at" | "zip"
            | "to_string" | "to_charlist" | "keystore" | "keydelete" | "keyreplace" | "keytake",
            _,
        ) => build0,
        // Maps, MapSets, keyword lists
        ("Elixir.Map", "take" | "drop" | "split", 2) => build1,
        ("maps", "with" | "without", 2) => build0,
        (
            "Elixir.Map" | "maps",
            "keys" | "values" | "merge" | "to_list" | "from_struct" | "new" | "from_list"
            | "from_keys",
            1..,
        ) => build01,
        ("Elixir.Map", "equal?", 2) => scan01,
        (
            "Elixir.MapSet",
            "new" | "union" | "intersection" | "difference" | "symmetric_difference" | "to_list",
            1..,
        ) => build01,
        ("Elixir.MapSet", "subset?" | "disjoint?" | "equal?", 2) => scan01,
        ("Elixir.Keyword", _, 1..) => scan01,
        // Tuple
        ("Elixir.Tuple", "duplicate", 2) => made1,
        ("Elixir.Tuple", "to_list" | "append" | "delete_at" | "insert_at", _) => build0,
        ("Elixir.Tuple", "sum" | "product", 1) => scan0,
        // Binaries and text
        ("binary", "copy", 2) | ("Elixir.String", "duplicate", 2) => copies,
        ("binary", "bin_to_list" | "list_to_bin", _) => build0,
        ("Elixir.String", "first" | "at" | "starts_with?" | "to_atom" | "to_existing_atom", _) => {
            return None
        }
        ("Elixir.String" | "Elixir.Regex" | "string" | "unicode", _, _) => text,
        ("binary", "split" | "match" | "matches" | "replace", _) => text,
        _ => return None,
    };
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(n: i64) -> Term {
        Term::list((1..=n).map(Term::Int).collect())
    }

    #[test]
    fn cheap_natives_have_no_cost_and_heavy_ones_grow_with_their_input() {
        for (m, f, a) in [
            ("erlang", "hd", 1),
            ("erlang", "length", 1),
            ("Elixir.Map", "get", 2),
            ("Elixir.String", "first", 1),
        ] {
            assert!(of(m, f, a).is_none(), "{m}.{f}/{a}");
        }
        let sort = of("Elixir.Enum", "sort", 1).map(|f| f(&[ints(1_000)]));
        assert_eq!(sort.map(|c| c.words), Some(2_000));
        assert!(sort.is_some_and(|c| c.reductions >= 1_000 * 10 / SCAN));
        let seq = of("lists", "seq", 2).map(|f| f(&[Term::Int(1), Term::Int(1_000_000)]));
        assert_eq!(seq.map(|c| c.reductions), Some(1_000_000 / BUILD));
        let range = super::super::enumerable::range(1, 100, 1);
        assert_eq!(size(&range), 100);
    }
}
