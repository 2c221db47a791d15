//! `String` by grapheme clusters: `length`, `graphemes`, `codepoints`,
//! `at`, `first`, `last`, `reverse`, `slice/2,3`, `split_at`,
//! `next_grapheme`, `next_codepoint` and `chunk`.

use super::{clusters, code_points, first_cluster, M};
use crate::term::Term;
use crate::vm::bif::enumerable::{range_parts, slice_step};
use crate::vm::bif::support::{args, no_clause, pair};
use crate::vm::exception::Res;

fn text<'a>(s: &'a Term, name: &str, args: &[Term]) -> Res<&'a [u8]> {
    s.as_binary().ok_or_else(|| no_clause(M, name, args))
}

fn strings(parts: Vec<&[u8]>) -> Term {
    Term::list(parts.into_iter().map(Term::bytes).collect())
}

pub(super) fn length(args: &[Term]) -> Res {
    args!(args, s);
    Ok(Term::Int(clusters(text(s, "length", args)?).len() as i64))
}

pub(super) fn graphemes(args: &[Term]) -> Res {
    args!(args, s);
    Ok(strings(clusters(text(s, "graphemes", args)?)))
}

pub(super) fn codepoints(args: &[Term]) -> Res {
    args!(args, s);
    Ok(strings(code_points(text(s, "codepoints", args)?)))
}

/// The cluster at `index` (negative counts from the end).
fn nth<'a>(parts: &[&'a [u8]], index: i64) -> Option<&'a [u8]> {
    let i = if index < 0 {
        index.checked_add(parts.len() as i64)?
    } else {
        index
    };
    parts.get(usize::try_from(i).ok()?).copied()
}

pub(super) fn at(args: &[Term]) -> Res {
    args!(args, s, index);
    let (Some(bytes), Term::Int(i)) = (s.as_binary(), index) else {
        return Err(no_clause(M, "at", args));
    };
    Ok(nth(&clusters(bytes), *i).map_or_else(Term::nil, Term::bytes))
}

pub(super) fn first(args: &[Term]) -> Res {
    args!(args, s);
    let bytes = text(s, "first", args)?;
    Ok(first_cluster(bytes).map_or_else(Term::nil, Term::bytes))
}

pub(super) fn last(args: &[Term]) -> Res {
    args!(args, s);
    let bytes = text(s, "last", args)?;
    Ok(clusters(bytes)
        .last()
        .map_or_else(Term::nil, |c| Term::bytes(c)))
}

pub(super) fn reverse(args: &[Term]) -> Res {
    args!(args, s);
    let parts = clusters(text(s, "reverse", args)?);
    Ok(Term::bytes_vec(
        parts.into_iter().rev().flatten().copied().collect(),
    ))
}

/// Clusters `first..=last` (negative ones from the end) every `step`.
fn slice_clusters(parts: Vec<&[u8]>, first: i64, last: i64, step: i64) -> Term {
    let count = parts.len() as i64;
    let first = if first >= 0 {
        first
    } else {
        (first + count).max(0)
    };
    let last = if last >= 0 { last } else { last + count };
    if first >= count || last < first {
        return Term::string("");
    }
    let last = last.min(count - 1);
    Term::bytes_vec(
        parts
            .into_iter()
            .skip(first as usize)
            .take(last.saturating_sub(first).saturating_add(1) as usize)
            .step_by(step.max(1) as usize)
            .flatten()
            .copied()
            .collect(),
    )
}

pub(super) fn slice2(args: &[Term]) -> Res {
    args!(args, s, range);
    let (Some(bytes), Some((first, last, step))) = (s.as_binary(), range_parts(range)) else {
        return Err(no_clause(M, "slice", args));
    };
    let step = slice_step("String.slice/2", range, (first, last, step))?;
    Ok(slice_clusters(clusters(bytes), first, last, step))
}

pub(super) fn slice3(args: &[Term]) -> Res {
    args!(args, s, start, len);
    if *len == Term::Int(0) {
        return Ok(Term::string(""));
    }
    let (Some(bytes), Term::Int(start), Term::Int(len)) = (s.as_binary(), start, len) else {
        return Err(no_clause(M, "slice", args));
    };
    if *len < 0 {
        return Err(no_clause(M, "slice", args));
    }
    let parts = clusters(bytes);
    let count = parts.len() as i64;
    let start = if *start < 0 {
        (count + start).max(0)
    } else {
        *start
    };
    let last = start.saturating_add(len - 1);
    Ok(slice_clusters(parts, start, last, 1))
}

pub(super) fn split_at(args: &[Term]) -> Res {
    args!(args, s, index);
    let (Some(bytes), Term::Int(i)) = (s.as_binary(), index) else {
        return Err(no_clause(M, "split_at", args));
    };
    let parts = clusters(bytes);
    let count = parts.len() as i64;
    let at = if *i >= 0 {
        (*i).min(count)
    } else {
        (count + i).max(0)
    };
    let cut: usize = parts.iter().take(at as usize).map(|p| p.len()).sum();
    let (a, b) = bytes.split_at(cut.min(bytes.len()));
    Ok(pair(Term::bytes(a), Term::bytes(b)))
}

/// `{first, rest}` of a binary, or `nil` when empty.
fn split_first(s: &Term, first: Option<&[u8]>) -> Term {
    let bytes = s.as_binary().unwrap_or_default();
    match first {
        Some(head) => pair(
            Term::bytes(head),
            Term::bytes(bytes.get(head.len()..).unwrap_or_default()),
        ),
        None => Term::nil(),
    }
}

pub(super) fn next_grapheme(args: &[Term]) -> Res {
    args!(args, s);
    let bytes = text(s, "next_grapheme", args)?;
    Ok(split_first(s, first_cluster(bytes)))
}

/// The first code point of `bytes` (or its first byte when invalid).
fn first_code_point(bytes: &[u8]) -> Option<&[u8]> {
    let chunk = bytes.utf8_chunks().next()?;
    match chunk.valid().chars().next() {
        Some(c) => bytes.get(..c.len_utf8()),
        None => bytes.get(..1),
    }
}

pub(super) fn next_codepoint(args: &[Term]) -> Res {
    args!(args, s);
    let bytes = text(s, "next_codepoint", args)?;
    Ok(split_first(s, first_code_point(bytes)))
}

/// `String.printable?/1` for one code point.
pub(super) fn printable_char(c: u32) -> bool {
    matches!(c,
        0x20..=0x7E | 0x07..=0x0D | 0x1B | 0x7F
        | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x1_0000..=0x10_FFFF)
}

pub(super) fn chunk(args: &[Term]) -> Res {
    args!(args, s, trait_);
    let (Some(bytes), Some(kind)) = (s.as_binary(), trait_.as_atom()) else {
        return Err(no_clause(M, "chunk", args));
    };
    let printable = match kind {
        "valid" => false,
        "printable" => true,
        _ => return Err(no_clause(M, "chunk", args)),
    };
    let test = |cp: &[u8]| match std::str::from_utf8(cp).ok().and_then(|t| t.chars().next()) {
        Some(c) => !printable || printable_char(u32::from(c)),
        None => false,
    };
    let mut out: Vec<Term> = Vec::new();
    let mut current: Vec<u8> = Vec::new();
    let mut flag: Option<bool> = None;
    for cp in code_points(bytes) {
        let f = test(cp);
        if flag.is_some_and(|g| g != f) {
            out.push(Term::bytes_vec(std::mem::take(&mut current)));
        }
        flag = Some(f);
        current.extend_from_slice(cp);
    }
    if !current.is_empty() {
        out.push(Term::bytes_vec(current));
    }
    Ok(Term::list(out))
}
