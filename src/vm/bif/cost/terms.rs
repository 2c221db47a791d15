//! What walking a whole term costs: printing it (`inspect/1,2`,
//! `IO.inspect`, `:io.format`), writing it out as text (`to_string/1`,
//! interpolation, `IO.puts/1`, iodata), encoding and decoding it
//! (`:erlang.term_to_binary/1`, `binary_to_term/1`).
//!
//! A term may share its parts: `x = [x, x]` thirty times over is thirty
//! cons cells that print, encode and write out as a billion. So a term's
//! size is counted as the walk will see it, a shared part again at each
//! place it occurs, and the count stops at [`CAP`] units: past it the cost
//! is [`TOO_BIG`], more than a line can pay, and the native never runs.
//! Counting is itself a walk, so it is bounded by the same cap (a second
//! or so natively).
//!
//! The rates (reductions): a node written out or encoded (a list cell, a
//! tuple's or map's item, a number, an atom) [`SCAN`] to a reduction, and
//! a binary's bytes 8 to a node; a node printed by `inspect` one reduction
//! (it goes through the layout algebra), within `inspect`'s own limits
//! (`limit: 50` elements a collection, each nested one given what is left;
//! `printable_limit: 4096`); a big integer's decimal text as in
//! [`super::ints`].

use super::{ints, Cost, SCAN};
use crate::term::Term;

/// Units a walk counts at most.
pub const CAP: u64 = 1 << 25;
/// The cost of a term past [`CAP`].
pub const TOO_BIG: u64 = u64::MAX / 4;

/// A walk's count, stopping at [`CAP`].
struct Walk(u64);

impl Walk {
    /// Counts `n` more; false once past the cap (the walk stops).
    fn add(&mut self, n: u64) -> bool {
        self.0 = self.0.saturating_add(n);
        self.0 < CAP
    }

    fn total(&self, ok: bool) -> u64 {
        if ok {
            self.0
        } else {
            TOO_BIG
        }
    }
}

/// Units of `t` as writing or encoding it visits them: one a node, one
/// per 8 bytes of a binary, a big integer's limbs; [`TOO_BIG`] past the cap.
pub fn nodes(t: &Term) -> u64 {
    let mut w = Walk(0);
    let ok = tree(t, &mut w);
    w.total(ok)
}

fn tree(t: &Term, w: &mut Walk) -> bool {
    if !w.add(1) {
        return false;
    }
    match t {
        Term::List(_) => {
            let mut cells = t.list_iter();
            for head in cells.by_ref() {
                if !tree(head, w) {
                    return false;
                }
            }
            let tail = cells.tail();
            matches!(tail, Term::List(_)) || tree(tail, w)
        }
        Term::Tuple(items, _) => items.iter().all(|i| tree(i, w)),
        Term::Map(m) => m.iter().all(|(k, v)| tree(k, w) && tree(v, w)),
        Term::Binary(b) => w.add(b.len() as u64 / 8),
        Term::BigInt(_) => w.add(ints::limbs(t)),
        _ => true,
    }
}

/// Reductions `inspect(t)` takes with these `limit` and `printable_limit`.
pub fn printed(t: &Term, limit: usize, printable: usize) -> u64 {
    let mut w = Walk(0);
    let ok = print(t, limit, printable, &mut w);
    w.total(ok)
}

fn print(t: &Term, limit: usize, printable: usize, w: &mut Walk) -> bool {
    if !w.add(1) {
        return false;
    }
    // Item `i` of a collection is printed with `limit - i - 1` (what is
    // left), and only `limit` items are.
    let inner = |i: usize| limit.saturating_sub(i + 1);
    match t {
        Term::List(_) => {
            // Whether it is a charlist is read from its first
            // `printable_limit` elements, up to the first that is no
            // character code.
            let read = printable.max(limit);
            for (i, head) in t.list_iter().enumerate() {
                if i >= read || (i >= limit && !matches!(head, Term::Int(_))) {
                    break;
                }
                if !w.add(1) || (i < limit && !print(head, inner(i), printable, w)) {
                    return false;
                }
            }
            true
        }
        Term::Tuple(items, _) => items
            .iter()
            .take(limit)
            .enumerate()
            .all(|(i, x)| print(x, inner(i), printable, w)),
        Term::Map(m) => m.iter().take(limit).enumerate().all(|(i, (k, v))| {
            print(k, inner(i), printable, w) && print(v, inner(i), printable, w)
        }),
        Term::Binary(b) => w.add(b.len().min(printable.max(limit)) as u64 / 8),
        Term::BigInt(_) => w.add(ints::text(ints::limbs(t))),
        _ => true,
    }
}

/// A keyword option that is a limit: a count or `:infinity`.
fn limit_opt(opts: Option<&Term>, key: &str, default: usize) -> usize {
    let Some(opts) = opts else {
        return default;
    };
    opts.list_iter()
        .find_map(|p| match p.as_tuple() {
            Some([k, v]) if k.is_atom(key) => Some(match v {
                Term::Int(n) => usize::try_from(*n).unwrap_or(0),
                _ if v.is_atom("infinity") => usize::MAX,
                _ => default,
            }),
            _ => None,
        })
        .unwrap_or(default)
}

fn reductions(r: u64) -> Cost {
    Cost {
        reductions: r,
        words: 0,
    }
}

/// `inspect(term, opts)` with the term and its options at `at` and `at + 1`.
fn inspect_at(a: &[Term], at: usize) -> Cost {
    let Some(t) = a.get(at) else {
        return Cost::default();
    };
    let opts = a.get(at + 1);
    let limit = limit_opt(opts, "limit", 50);
    let printable = limit_opt(opts, "printable_limit", 4096);
    reductions(printed(t, limit, printable))
}

/// `inspect/1,2`, `IO.inspect/1,2`.
pub(super) fn inspect(a: &[Term]) -> Cost {
    inspect_at(a, 0)
}

/// `IO.inspect(device, term, opts)`.
pub(super) fn inspect_device(a: &[Term]) -> Cost {
    inspect_at(a, 1)
}

/// Writing out a term (text, iodata, an integer's digits): its last
/// argument (`IO.puts(device, text)`), walked.
pub(super) fn written(a: &[Term]) -> Cost {
    match a.last() {
        Some(t @ Term::BigInt(_)) => reductions(ints::text(ints::limbs(t))),
        Some(t) => reductions(nodes(t) / SCAN),
        None => Cost::default(),
    }
}

/// Every argument walked (`term_to_binary/1`, `:io.format/2`'s arguments).
pub(super) fn encoded(a: &[Term]) -> Cost {
    let n = all_nodes(a);
    reductions(if n >= TOO_BIG { TOO_BIG } else { n / SCAN })
}

/// `Enum.join/1,2`: every element written out as text (nested chardata
/// walked to its last cell).
pub(super) fn joined(a: &[Term]) -> Cost {
    match a.first() {
        Some(t) => reductions(nodes(t) / SCAN),
        None => Cost::default(),
    }
}

/// `List.flatten/1,2` and `:lists.flatten/1,2`: every nested list walked
/// and its elements built into one (the tail too, when given).
pub(super) fn flattened(a: &[Term]) -> Cost {
    let n = all_nodes(a);
    if n >= TOO_BIG {
        return reductions(TOO_BIG);
    }
    Cost::build(n)
}

/// Units of every argument, together.
fn all_nodes(a: &[Term]) -> u64 {
    a.iter().fold(0u64, |n, t| n.saturating_add(nodes(t)))
}

/// `binary_to_term/1`: a term of at most one element per two bytes
/// (a small integer in a list), built.
pub(super) fn decoded(a: &[Term]) -> Cost {
    let bytes = a.first().and_then(Term::as_binary).map_or(0, <[u8]>::len) as u64;
    Cost::build(bytes / 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `x = [x, x]`, `n` times over from `leaf`.
    fn doubled(leaf: Term, n: u32) -> Term {
        (0..n).fold(leaf, |x, _| Term::list(vec![x.clone(), x]))
    }

    #[test]
    fn shared_parts_count_at_each_place_and_the_count_is_capped() {
        let small = doubled(Term::Int(1), 4);
        // 16 leaves, 15 lists of two.
        assert_eq!(nodes(&small), 16 + 15);
        assert_eq!(nodes(&doubled(Term::Int(1), 40)), TOO_BIG);
        assert_eq!(nodes(&doubled(Term::string("ab"), 40)), TOO_BIG);
    }

    #[test]
    fn printing_follows_inspects_limits() {
        let long = Term::list((0..1_000_000).map(Term::Int).collect());
        // 50 elements printed, 4096 read for the charlist test.
        assert!(printed(&long, 50, 4096) < 10_000);
        assert!(printed(&long, usize::MAX, 4096) > 1_000_000);
        // Fifty levels of fifty, shared: each level hands the next one
        // less, still far past the cap.
        let wide = (0..50).fold(Term::Int(1), |x, _| Term::list(vec![x; 50]));
        assert_eq!(printed(&wide, 50, 4096), TOO_BIG);
        assert!(printed(&wide, 3, 4096) < 100, "{}", printed(&wide, 3, 4096));
    }
}
