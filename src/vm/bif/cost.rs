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
//! - bytes of text or binary: [`BYTES`] a reduction, and `n / 8` words;
//! - `:ets` natives that walk a table (`tab2list/1`, `match/2`,
//!   `select/2`, `foldl/3` through `tab2list/1`, ...): its objects (or the
//!   key's, for a pattern with a fixed key) as a list built, whether or
//!   not they match; `select_count/2` and the deletes as many reductions
//!   and no words; the table's size is read from the world
//!   ([`CostFn::World`]);
//! - big integers, by their limbs ([`ints`]), and no integer past
//!   [`MAX_INT_BITS`] is made at all;
//! - terms printed, written out or encoded, by their size as the walk
//!   sees it, shared parts at each place, counted up to a cap ([`terms`]).
//!
//! Binaries a native returns are charged by their size after the call
//! ([`binary_result`]): the 64 MiB cap bounds the work already done.

pub mod ints;
pub mod terms;

use super::enumerable::{map_set_members, range_len, range_parts};
use crate::kernel::World;
use crate::term::{Pid, Term};
use crate::vm::arith::MAX_INT_BITS;

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

/// How a native's cost is worked out.
#[derive(Clone, Copy)]
pub enum CostFn {
    /// From its arguments alone.
    Args(fn(&[Term]) -> Cost),
    /// From its arguments and the world, as the caller sees it (the size
    /// of the `:ets` table it walks).
    World(fn(&World, Pid, &[Term]) -> Cost),
}

impl CostFn {
    /// What calling the native with `args` as `me` costs.
    pub fn cost(self, world: &World, me: Pid, args: &[Term]) -> Cost {
        match self {
            CostFn::Args(f) => f(args),
            CostFn::World(f) => f(world, me, args),
        }
    }
}

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
/// `Enum.join/1,2`: the elements enumerated (a range has few nodes and
/// many elements) or every nested cell written out, whichever is more.
fn join(a: &[Term]) -> Cost {
    let (listed, written) = (build01(a), terms::joined(a));
    Cost {
        reductions: listed.reductions.max(written.reductions),
        words: listed.words,
    }
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

fn int_cost(reductions: u64) -> Cost {
    Cost {
        reductions,
        words: 0,
    }
}
fn int_linear(a: &[Term]) -> Cost {
    let x = a.first().unwrap_or(&Term::EMPTY_LIST);
    int_cost(ints::linear(x, a.get(1).unwrap_or(x)))
}
fn int_mul(a: &[Term]) -> Cost {
    match a {
        [x, y] => int_cost(ints::mul(x, y)),
        _ => Cost::default(),
    }
}
/// `*`: as dividing, but a product past the integer size limit is
/// refused at once.
fn int_times(a: &[Term]) -> Cost {
    let bits = |t: &Term| match t {
        Term::BigInt(b) => b.bits(),
        _ => 64,
    };
    match a {
        [x, y] if bits(x) + bits(y) > MAX_INT_BITS + 1 => Cost::default(),
        _ => int_mul(a),
    }
}
/// `bsl`: the result's limbs (past the integer size limit the native
/// refuses at once, and costs nothing more).
fn int_shift(a: &[Term]) -> Cost {
    let x = a.first().map_or(0, ints::limbs);
    let by = a.get(1).and_then(Term::as_int).unwrap_or(0);
    let by = by.clamp(0, MAX_INT_BITS as i64 + 1) as u64;
    if (x == 0 && by < 64) || x * 64 + by > MAX_INT_BITS + 64 {
        // Small, or refused at once.
        return Cost::default();
    }
    int_cost((x + by / 64) / 16)
}
/// `Integer.pow/2`: by the result's size (past the integer size limit the
/// native refuses at once).
fn int_pow(a: &[Term]) -> Cost {
    let (Some(base), Some(Term::Int(e))) = (a.first(), a.get(1)) else {
        return Cost::default();
    };
    let bits = match base {
        Term::Int(b) => u64::from(64 - b.unsigned_abs().leading_zeros()),
        Term::BigInt(b) => b.bits(),
        _ => 0,
    };
    let bits = bits.saturating_mul((*e).max(0) as u64);
    if bits <= 64 || bits > MAX_INT_BITS {
        // Small, or refused at once.
        return Cost::default();
    }
    int_cost(ints::pow(bits))
}
/// `Integer.undigits/1,2`: one multiplication of the integer so far a
/// digit, so quadratic (within the integer size limit).
fn int_undigits(a: &[Term]) -> Cost {
    let digits = arg(a, 0);
    let base = a.get(1).map_or(10, count).max(2);
    let bits = digits.saturating_mul(64 - base.leading_zeros() as u64);
    let limbs = bits.min(MAX_INT_BITS).div_ceil(64);
    int_cost(digits.saturating_mul(limbs) / 32)
}
fn int_text(a: &[Term]) -> Cost {
    int_cost(ints::text(a.first().map_or(0, ints::limbs)))
}
/// Reading an integer (or a float's digits) from text.
fn int_parse(a: &[Term]) -> Cost {
    let digits = a.first().map_or(0, size);
    let base = match a.get(1) {
        Some(Term::Int(b)) if (2..=36).contains(b) => *b as u32,
        _ => 10,
    };
    int_cost(ints::parse(digits, base)).plus(text(a))
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
    use super::ets_select::{counted, keyed, listed, sized};
    let f = match (module, name, arity) {
        // :ets natives walk the table, whose size only the world knows.
        ("ets", "tab2list" | "match" | "match_object" | "select" | "select_reverse", _) => listed,
        ("ets", "select_count" | "match_delete" | "select_delete", _) => counted,
        ("ets", "lookup" | "take" | "lookup_element", _) => keyed,
        ("ets", "info", _) => sized,
        _ => return by_args(module, name, arity).map(CostFn::Args),
    };
    Some(CostFn::World(f))
}

/// The cost of a native that depends on its arguments alone.
fn by_args(module: &str, name: &str, arity: u8) -> Option<fn(&[Term]) -> Cost> {
    let f: fn(&[Term]) -> Cost = match (module, name, arity) {
        // Big integers
        ("erlang", "+" | "-" | "band" | "bor" | "bxor" | "bsr", 2)
        | ("Elixir.Bitwise", "band" | "bor" | "bxor" | "bsr" | "&&&" | "|||" | "^^^" | ">>>", 2)
        | ("erlang" | "Elixir.Bitwise", "bnot", 1)
        | ("Elixir.Bitwise", "~~~", 1)
        | ("erlang", "-" | "abs", 1) => int_linear,
        ("erlang", "*", 2) => int_times,
        ("erlang", "div" | "rem", 2)
        | ("Elixir.Integer", "gcd" | "extended_gcd" | "mod" | "floor_div", 2) => int_mul,
        ("erlang" | "Elixir.Bitwise", "bsl", 2) | ("Elixir.Bitwise", "<<<", 2) => int_shift,
        ("Elixir.Integer", "pow", 2) => int_pow,
        ("Elixir.Integer", "undigits", _) => int_undigits,
        ("Elixir.Integer", "to_string" | "to_charlist" | "digits", _)
        | ("erlang", "integer_to_binary" | "integer_to_list", _)
        | ("Elixir.Kernel" | "Elixir.List.Chars", "to_charlist", 1) => int_text,
        ("Elixir.Integer" | "Elixir.Float", "parse", _)
        | ("Elixir.String" | "Elixir.List", "to_integer" | "to_float", _)
        | (
            "erlang",
            "binary_to_integer" | "list_to_integer" | "binary_to_float" | "list_to_float",
            _,
        ) => int_parse,
        // Terms printed, written out, encoded
        ("Elixir.Kernel", "inspect", _) | ("Elixir.IO", "inspect", 1 | 2) => terms::inspect,
        ("Elixir.IO", "inspect", 3) => terms::inspect_device,
        ("Elixir.Kernel" | "Elixir.String.Chars", "to_string", 1)
        | ("Elixir.IO", "puts" | "write" | "chardata_to_string", _)
        | ("Elixir.IO", "iodata_to_binary" | "iodata_length", 1)
        | ("Elixir.List", "to_string", 1)
        | (
            "erlang",
            "iolist_to_binary" | "list_to_binary" | "iolist_size" | "list_to_bitstring",
            1,
        ) => terms::written,
        (
            "erlang",
            "term_to_binary" | "term_to_iovec" | "external_size" | "phash2" | "phash",
            _,
        )
        | ("io" | "io_lib", "format" | "fwrite", _) => terms::encoded,
        ("erlang", "binary_to_term", _) => terms::decoded,
        ("Elixir.List" | "lists", "flatten", _) => terms::flattened,
        ("Elixir.Enum", "join", _) => join,
        // :ets objects given in a list
        ("ets", "insert" | "insert_new", 2) => build1,
        // :erlang
        ("erlang", "++" | "append", 2) => build0,
        ("erlang", "--" | "subtract", 2) | ("lists", "subtract", 2) => subtract,
        ("erlang", "tuple_to_list" | "list_to_tuple" | "append_element", _) => build0,
        ("erlang", "setelement" | "delete_element" | "insert_element", _) => build1,
        ("erlang", "make_tuple", _) => made0,
        ("Elixir.List", "to_tuple", 1) | ("Elixir.Kernel", "put_elem", 3) => build0,
        ("erlang", "binary_to_list" | "bitstring_to_list", 1) => build0,
        // Enum
        ("Elixir.Enum", "count" | "sum" | "product" | "max" | "min" | "min_max", 1) => scan0,
        ("Elixir.Enum", "member?", 2) => scan0,
        ("Elixir.Enum", "sort", _) => sort0,
        ("Elixir.Enum", "take" | "drop" | "split", 2) => first_n,
        (
            "Elixir.Enum",
            "reverse" | "uniq" | "dedup" | "zip" | "unzip" | "concat" | "into" | "with_index"
            | "frequencies" | "to_list" | "slice" | "take_every" | "drop_every" | "chunk_every",
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
            "reverse" | "append" | "droplast" | "zip" | "unzip" | "delete" | "split" | "sublist"
            | "concat" | "keystore" | "keydelete" | "keyreplace" | "keytake",
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
            "delete" | "delete_at" | "insert_at" | "replace_at" | "pop_at" | "zip" | "to_charlist"
            | "keystore" | "keydelete" | "keyreplace" | "keytake",
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

    /// What `m.f/a` costs with `args`, for a native costed by its arguments.
    fn cost(m: &str, f: &str, args: &[Term]) -> Option<Cost> {
        match of(m, f, args.len() as u8)? {
            CostFn::Args(c) => Some(c(args)),
            CostFn::World(_) => None,
        }
    }

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
        let sort = cost("Elixir.Enum", "sort", &[ints(1_000)]);
        assert_eq!(sort.map(|c| c.words), Some(2_000));
        assert!(sort.is_some_and(|c| c.reductions >= 1_000 * 10 / SCAN));
        let seq = cost("lists", "seq", &[Term::Int(1), Term::Int(1_000_000)]);
        assert_eq!(seq.map(|c| c.reductions), Some(1_000_000 / BUILD));
        let range = super::super::enumerable::range(1, 100, 1);
        assert_eq!(size(&range), 100);
    }
}
