//! `String.split/1` (at Unicode whitespace other than the non-breaking
//! kinds), `split/2,3` by a string or a list of strings, with `:parts`
//! and `:trim`, and `split("...", "")` into grapheme clusters.

use super::search::{patterns, Finder};
use super::M;
use crate::term::Term;
use crate::vm::bif::support::{args, check_items, no_clause, option};
use crate::vm::exception::Res;

/// Whitespace `String.split/1` divides at: Unicode's White_Space without
/// the no-break spaces (U+00A0, U+2007, U+202F).
fn breaking_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{2007}' | '\u{202F}')
}

fn strings(parts: Vec<&[u8]>) -> Res {
    check_items(parts.len() as u128)?;
    Ok(Term::list(parts.into_iter().map(Term::bytes).collect()))
}

pub(super) fn split1(args: &[Term]) -> Res {
    args!(args, s);
    let bytes = s.as_binary().ok_or_else(|| no_clause(M, "split", args))?;
    let mut parts = Vec::new();
    let mut start = 0;
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if breaking_space(c) {
                if at > start {
                    parts.push(bytes.get(start..at).unwrap_or_default());
                }
                start = at + c.len_utf8();
            }
            at += c.len_utf8();
        }
        at += chunk.invalid().len();
    }
    if bytes.len() > start {
        parts.push(bytes.get(start..).unwrap_or_default());
    }
    strings(parts)
}

pub(super) fn split2(args: &[Term]) -> Res {
    args!(args, s, pattern);
    split3(&[s.clone(), pattern.clone(), Term::EMPTY_LIST])
}

/// The `:parts` option: `0` for `:infinity`, else a positive count.
fn parts_index(opts: &Term) -> Res<usize> {
    match option(opts, "parts") {
        None => Ok(0),
        Some(p) if p.is_atom("infinity") => Ok(0),
        Some(Term::Int(n)) if *n > 0 => Ok(usize::try_from(*n).unwrap_or(usize::MAX)),
        Some(other) => Err(no_clause(M, "parts_to_index", std::slice::from_ref(other))),
    }
}

/// `split(string, "")`: into clusters, with an empty string first and
/// last unless trimming (Elixir's `split_empty/3`; `parts` 0 is `:infinity`).
fn split_empty(bytes: &[u8], trim: bool, parts: usize) -> Res {
    let mut out: Vec<&[u8]> = Vec::new();
    let mut count = i64::try_from(parts).unwrap_or(i64::MAX);
    if !trim && count != 1 {
        out.push(&[]);
        count -= 1;
    }
    let mut rest = bytes;
    let mut next = super::clusters(bytes).into_iter();
    loop {
        if count == 1 {
            if !(trim && rest.is_empty()) {
                out.push(rest);
            }
            break;
        }
        match next.next() {
            Some(cluster) => {
                out.push(cluster);
                rest = rest.get(cluster.len()..).unwrap_or_default();
                count -= 1;
            }
            None => {
                if !trim {
                    out.push(&[]);
                }
                break;
            }
        }
    }
    strings(out)
}

pub(super) fn split3(args: &[Term]) -> Res {
    args!(args, s, pattern, opts);
    let (Some(bytes), true) = (s.as_binary(), opts.is_list()) else {
        return Err(no_clause(M, "split", args));
    };
    if crate::vm::bif::regex::is_regex(pattern) {
        return crate::vm::bif::regex::split3(&[pattern.clone(), s.clone(), opts.clone()]);
    }
    let trim = option(opts, "trim").is_some_and(|t| !t.is_falsy());
    if pattern.as_binary().is_some_and(<[u8]>::is_empty) {
        return split_empty(bytes, trim, parts_index(opts)?);
    }
    if pattern.is_empty_list() {
        return if bytes.is_empty() && trim {
            Ok(Term::EMPTY_LIST)
        } else {
            Ok(Term::list(vec![s.clone()]))
        };
    }
    let pats = patterns(pattern)?;
    let parts = match option(opts, "parts") {
        Some(Term::Int(2)) if !trim => 2,
        _ if option(opts, "parts").is_none_or(|p| p.is_atom("infinity")) => 0,
        _ => parts_index(opts)?,
    };
    let mut finder = Finder::new(bytes, &pats);
    let mut out: Vec<&[u8]> = Vec::new();
    let mut at = 0;
    let mut left = parts;
    loop {
        let rest = bytes.get(at..).unwrap_or_default();
        if left == 1 {
            if !(trim && rest.is_empty()) {
                out.push(rest);
            }
            break;
        }
        match finder.find(at) {
            Some((start, len)) => {
                let piece = bytes.get(at..start).unwrap_or_default();
                at = start + len;
                if trim && piece.is_empty() {
                    continue;
                }
                out.push(piece);
                left = left.saturating_sub(1);
            }
            None => {
                if !(trim && rest.is_empty()) {
                    out.push(rest);
                }
                break;
            }
        }
    }
    strings(out)
}
