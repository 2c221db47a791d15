//! Elixir's `String`, Unicode-aware: "characters" are extended grapheme
//! clusters (as OTP's `unicode_util:gc/1` gives them), an invalid byte is
//! a character of its own, and each function raises what Elixir 1.14
//! raises for a non-binary (a clause error in `String.fun/arity`, with
//! its default arguments filled in).
//!
//! | file | functions |
//! |------|-----------|
//! | `case` | `upcase`, `downcase`, `capitalize` and their modes |
//! | `casing` | (tables) where Elixir 1.14's Unicode 14 casing differs from Rust's |
//! | `graphemes` | `length`, `graphemes`, `codepoints`, `at`, `first`, `last`, `reverse`, `slice`, `split_at`, `next_*`, `chunk` |
//! | `trim` | `trim*`, `pad_*` |
//! | `split` | `split/1,2,3` |
//! | `search` | `contains?`, `starts_with?`, `ends_with?`, `replace*` |
//! | `distance` | `jaro_distance`, `bag_distance` |
//! | `convert` | `to_charlist`, `printable?`, `valid?` |
//!
//! Not here: `equivalent?/2` and `normalize/2` (they need Unicode's
//! normalization tables), `myers_difference/2` (quadratic in the worst
//! case), and everything that takes a function. A regex pattern in
//! `split/3` or `replace/4` goes to `Regex` (`../regex`).

mod case;
pub(super) mod casing;
mod convert;
mod distance;
pub(crate) use distance::jaro_distance as jaro_terms;
mod graphemes;
pub(super) mod search;
mod split;
mod trim;

use super::Bif;
use unicode_segmentation::UnicodeSegmentation;

const M: &str = "Elixir.String";

/// The natives of `String`.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure(M, "upcase", 1, case::upcase1),
    Bif::pure(M, "upcase", 2, case::upcase2),
    Bif::pure(M, "downcase", 1, case::downcase1),
    Bif::pure(M, "downcase", 2, case::downcase2),
    Bif::pure(M, "capitalize", 1, case::capitalize1),
    Bif::pure(M, "capitalize", 2, case::capitalize2),
    Bif::pure(M, "length", 1, graphemes::length),
    Bif::pure(M, "graphemes", 1, graphemes::graphemes),
    Bif::pure(M, "codepoints", 1, graphemes::codepoints),
    Bif::pure(M, "at", 2, graphemes::at),
    Bif::pure(M, "first", 1, graphemes::first),
    Bif::pure(M, "last", 1, graphemes::last),
    Bif::pure(M, "reverse", 1, graphemes::reverse),
    Bif::pure(M, "slice", 2, graphemes::slice2),
    Bif::pure(M, "slice", 3, graphemes::slice3),
    Bif::pure(M, "split_at", 2, graphemes::split_at),
    Bif::pure(M, "next_grapheme", 1, graphemes::next_grapheme),
    Bif::pure(M, "next_codepoint", 1, graphemes::next_codepoint),
    Bif::pure(M, "chunk", 2, graphemes::chunk),
    Bif::pure(M, "trim", 1, trim::trim1),
    Bif::pure(M, "trim", 2, trim::trim2),
    Bif::pure(M, "trim_leading", 1, trim::trim_leading1),
    Bif::pure(M, "trim_leading", 2, trim::trim_leading2),
    Bif::pure(M, "trim_trailing", 1, trim::trim_trailing1),
    Bif::pure(M, "trim_trailing", 2, trim::trim_trailing2),
    Bif::pure(M, "pad_leading", 2, trim::pad_leading2),
    Bif::pure(M, "pad_leading", 3, trim::pad_leading3),
    Bif::pure(M, "pad_trailing", 2, trim::pad_trailing2),
    Bif::pure(M, "pad_trailing", 3, trim::pad_trailing3),
    Bif::pure(M, "split", 1, split::split1),
    Bif::pure(M, "split", 2, split::split2),
    Bif::pure(M, "split", 3, split::split3),
    Bif::pure(M, "contains?", 2, search::contains),
    Bif::pure(M, "starts_with?", 2, search::starts_with),
    Bif::pure(M, "ends_with?", 2, search::ends_with),
    Bif::pure(M, "replace", 3, search::replace3),
    Bif::pure(M, "replace", 4, search::replace4),
    Bif::pure(M, "replace_prefix", 3, search::replace_prefix),
    Bif::pure(M, "replace_suffix", 3, search::replace_suffix),
    Bif::pure(M, "replace_leading", 3, search::replace_leading),
    Bif::pure(M, "replace_trailing", 3, search::replace_trailing),
    Bif::pure(M, "jaro_distance", 2, distance::jaro_distance),
    Bif::pure(M, "bag_distance", 2, distance::bag_distance),
    Bif::pure(M, "to_charlist", 1, convert::to_charlist),
    Bif::pure(M, "printable?", 1, convert::printable1),
    Bif::pure(M, "printable?", 2, convert::printable2),
    Bif::pure(M, "valid?", 1, convert::valid),
];

/// The grapheme clusters of `bytes`: valid UTF-8 runs are segmented as
/// extended grapheme clusters, and every invalid byte stands alone.
pub(super) fn clusters(bytes: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    for chunk in bytes.utf8_chunks() {
        out.extend(chunk.valid().graphemes(true).map(str::as_bytes));
        out.extend(chunk.invalid().chunks(1));
    }
    out
}

/// The code points of `bytes` (each invalid byte on its own).
pub(super) fn code_points(bytes: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        let mut at = 0;
        for c in valid.chars() {
            let n = c.len_utf8();
            out.push(valid.as_bytes().get(at..at + n).unwrap_or_default());
            at += n;
        }
        out.extend(chunk.invalid().chunks(1));
    }
    out
}

/// The first grapheme cluster of `bytes`, if any.
pub(super) fn first_cluster(bytes: &[u8]) -> Option<&[u8]> {
    match bytes.utf8_chunks().next() {
        Some(chunk) if !chunk.valid().is_empty() => {
            chunk.valid().graphemes(true).next().map(str::as_bytes)
        }
        Some(chunk) => chunk.invalid().get(..1),
        None => None,
    }
}
