//! Searching strings for string patterns, as `:binary.match/2`,
//! `:binary.matches/2` and `:binary.split/3` do (leftmost match, the
//! longest pattern when several start there), in linear time (KMP), and
//! the `String` functions built on it: `contains?`, `starts_with?`,
//! `ends_with?`, `replace/3,4` and `replace_prefix`/`_suffix`/`_leading`/`_trailing`.

use super::{clusters, M};
use crate::term::Term;
use crate::vm::bif::support::{args, check_bytes, no_clause, option};
use crate::vm::exception::{Exception, Res};

/// The error `:binary` gives for something that is not a pattern.
pub(super) fn not_a_pattern() -> Exception {
    Exception::badarg_at(2, "not a valid pattern")
}

/// A pattern: one non-empty binary or a list of them.
pub(super) fn patterns(term: &Term) -> Res<Vec<&[u8]>> {
    let parts: Vec<&[u8]> = match term {
        Term::Binary(b) => vec![b],
        Term::List(_) => {
            let mut iter = term.list_iter();
            let parts: Option<Vec<&[u8]>> = iter.by_ref().map(Term::as_binary).collect();
            if !iter.tail().is_empty_list() {
                return Err(not_a_pattern());
            }
            parts.ok_or_else(not_a_pattern)?
        }
        _ => return Err(not_a_pattern()),
    };
    if parts.is_empty() || parts.iter().any(|p| p.is_empty()) {
        return Err(not_a_pattern());
    }
    Ok(parts)
}

/// KMP failure table of `pattern`.
fn failure(pattern: &[u8]) -> Vec<usize> {
    let mut table = vec![0; pattern.len()];
    let mut k = 0;
    for i in 1..pattern.len() {
        while k > 0 && pattern.get(i) != pattern.get(k) {
            k = table.get(k - 1).copied().unwrap_or(0);
        }
        if pattern.get(i) == pattern.get(k) {
            k += 1;
        }
        if let Some(slot) = table.get_mut(i) {
            *slot = k;
        }
    }
    table
}

/// The first occurrence of `pattern` in `hay` at or after `from`.
fn kmp(hay: &[u8], pattern: &[u8], table: &[usize], from: usize) -> Option<usize> {
    let mut k = 0;
    for (i, byte) in hay.iter().enumerate().skip(from) {
        while k > 0 && pattern.get(k) != Some(byte) {
            k = table.get(k - 1).copied().unwrap_or(0);
        }
        if pattern.get(k) == Some(byte) {
            k += 1;
        }
        if k == pattern.len() {
            return Some(i + 1 - k);
        }
    }
    None
}

/// Finds matches of several patterns left to right; each pattern's next
/// occurrence is remembered, so the haystack is scanned about once per
/// pattern however many matches there are.
pub(crate) struct Finder<'a> {
    hay: &'a [u8],
    pats: Vec<(&'a [u8], Vec<usize>)>,
    /// Per pattern: its next occurrence found so far, `None` for none left.
    next: Vec<Option<Option<usize>>>,
}

impl<'a> Finder<'a> {
    pub(crate) fn new(hay: &'a [u8], pats: &[&'a [u8]]) -> Finder<'a> {
        Finder {
            hay,
            pats: pats.iter().map(|p| (*p, failure(p))).collect(),
            next: vec![None; pats.len()],
        }
    }

    /// The leftmost match starting at or after `from`: `(start, length)`.
    pub(crate) fn find(&mut self, from: usize) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for (i, (pat, table)) in self.pats.iter().enumerate() {
            let slot = self.next.get_mut(i)?;
            let at = match *slot {
                Some(Some(p)) if p >= from => Some(p),
                Some(None) => None,
                _ => {
                    let found = kmp(self.hay, pat, table, from);
                    *slot = Some(found);
                    found
                }
            };
            if let Some(start) = at {
                let better = match best {
                    None => true,
                    Some((s, l)) => start < s || (start == s && pat.len() > l),
                };
                if better {
                    best = Some((start, pat.len()));
                }
            }
        }
        best
    }
}

/// Every non-overlapping match, left to right (`:binary.matches/2`).
pub(super) fn all_matches(hay: &[u8], pats: &[&[u8]]) -> Vec<(usize, usize)> {
    let mut finder = Finder::new(hay, pats);
    let mut out = Vec::new();
    let mut at = 0;
    while let Some((start, len)) = finder.find(at) {
        out.push((start, len));
        at = start + len;
    }
    out
}

fn str_arg<'a>(s: &'a Term, name: &str, args: &[Term]) -> Res<&'a [u8]> {
    s.as_binary().ok_or_else(|| no_clause(M, name, args))
}

pub(super) fn contains(args: &[Term]) -> Res {
    args!(args, s, pattern);
    let hay = str_arg(s, "contains?", args)?;
    if pattern.is_empty_list() {
        return Ok(Term::boolean(false));
    }
    if pattern.as_binary().is_some_and(<[u8]>::is_empty)
        || pattern
            .list_iter()
            .any(|p| p.as_binary().is_some_and(<[u8]>::is_empty))
    {
        return Ok(Term::boolean(true));
    }
    let pats = patterns(pattern)?;
    Ok(Term::boolean(Finder::new(hay, &pats).find(0).is_some()))
}

/// `String.starts_with?/2`: a prefix or any of a list of prefixes.
pub(super) fn starts_with(args: &[Term]) -> Res {
    args!(args, s, prefix);
    let hay = str_arg(s, "starts_with?", args)?;
    match prefix {
        Term::Binary(p) => Ok(Term::boolean(hay.starts_with(p))),
        Term::List(_) => {
            for p in prefix.list_iter() {
                match p.as_binary() {
                    Some(p) if hay.starts_with(p) => return Ok(Term::boolean(true)),
                    Some(_) => {}
                    None => {
                        return Err(no_clause(
                            M,
                            "starts_with_string?",
                            &[s.clone(), Term::Int(hay.len() as i64), p.clone()],
                        ))
                    }
                }
            }
            Ok(Term::boolean(false))
        }
        _ => Err(not_a_pattern()),
    }
}

/// `String.ends_with?/2`.
pub(super) fn ends_with(args: &[Term]) -> Res {
    args!(args, s, suffix);
    let hay = str_arg(s, "ends_with?", args)?;
    match suffix {
        Term::Binary(p) => Ok(Term::boolean(hay.ends_with(p))),
        Term::List(_) => {
            for p in suffix.list_iter() {
                match p.as_binary() {
                    Some(p) if hay.ends_with(p) => return Ok(Term::boolean(true)),
                    Some(_) => {}
                    None => {
                        return Err(no_clause(
                            M,
                            "ends_with_string?",
                            &[s.clone(), Term::Int(hay.len() as i64), p.clone()],
                        ))
                    }
                }
            }
            Ok(Term::boolean(false))
        }
        _ => Err(no_clause(M, "ends_with?", args)),
    }
}

pub(super) fn replace3(args: &[Term]) -> Res {
    args!(args, s, pattern, replacement);
    replace4(&[
        s.clone(),
        pattern.clone(),
        replacement.clone(),
        Term::EMPTY_LIST,
    ])
}

/// `String.replace/4` with a string replacement (a function replacement
/// is Elixir code).
pub(super) fn replace4(args: &[Term]) -> Res {
    args!(args, s, pattern, replacement, opts);
    if s.as_binary().is_some() && opts.is_list() && crate::vm::bif::regex::is_regex(pattern) {
        return crate::vm::bif::regex::replace4(&[
            pattern.clone(),
            s.clone(),
            replacement.clone(),
            opts.clone(),
        ]);
    }
    let (Some(hay), Some(with), true) = (s.as_binary(), replacement.as_binary(), opts.is_list())
    else {
        return Err(no_clause(M, "replace", args));
    };
    let global = !option(opts, "global").is_some_and(Term::is_falsy);
    if pattern.is_empty_list()
        || (pattern.as_binary().is_some_and(<[u8]>::is_empty) && with.is_empty())
    {
        return Ok(s.clone());
    }
    if pattern.as_binary().is_some_and(<[u8]>::is_empty) {
        if !global {
            return Ok(Term::bytes_vec([with, hay].concat()));
        }
        let parts = clusters(hay);
        check_bytes((parts.len() as u128 + 1) * with.len() as u128 + hay.len() as u128)?;
        let mut out = with.to_vec();
        for part in parts {
            out.extend_from_slice(part);
            out.extend_from_slice(with);
        }
        return Ok(Term::bytes_vec(out));
    }
    let pats = patterns(pattern)?;
    let matches = if global {
        all_matches(hay, &pats)
    } else {
        Finder::new(hay, &pats).find(0).into_iter().collect()
    };
    let grown = with
        .len()
        .saturating_sub(pats.iter().map(|p| p.len()).min().unwrap_or(0));
    check_bytes(hay.len() as u128 + matches.len() as u128 * grown as u128)?;
    let mut out = Vec::with_capacity(hay.len());
    let mut at = 0;
    for (start, len) in matches {
        out.extend_from_slice(hay.get(at..start).unwrap_or_default());
        out.extend_from_slice(with);
        at = start + len;
    }
    out.extend_from_slice(hay.get(at..).unwrap_or_default());
    Ok(Term::bytes_vec(out))
}

fn three<'a>(args: &'a [Term], name: &str) -> Res<(&'a [u8], &'a [u8], &'a [u8])> {
    args!(args, s, m, r);
    match (s.as_binary(), m.as_binary(), r.as_binary()) {
        (Some(s), Some(m), Some(r)) => Ok((s, m, r)),
        _ => Err(no_clause(M, name, args)),
    }
}

pub(super) fn replace_prefix(args: &[Term]) -> Res {
    let (s, m, r) = three(args, "replace_prefix")?;
    Ok(match s.strip_prefix(m) {
        Some(rest) => Term::bytes_vec([r, rest].concat()),
        None => Term::bytes(s),
    })
}

pub(super) fn replace_suffix(args: &[Term]) -> Res {
    let (s, m, r) = three(args, "replace_suffix")?;
    Ok(match s.strip_suffix(m) {
        Some(rest) => Term::bytes_vec([rest, r].concat()),
        None => Term::bytes(s),
    })
}

fn empty_match() -> Exception {
    Exception::argument("cannot use an empty string as the match to replace")
}

/// Where `s` starts after every leading copy of `m`.
pub(super) fn strip_leading(s: &[u8], m: &[u8]) -> Res<usize> {
    if m.is_empty() {
        return Err(empty_match());
    }
    let mut at = 0;
    while s.get(at..).is_some_and(|rest| rest.starts_with(m)) {
        at += m.len();
    }
    Ok(at)
}

/// Where `s` ends before every trailing copy of `m`.
pub(super) fn strip_trailing(s: &[u8], m: &[u8]) -> Res<usize> {
    if m.is_empty() {
        return Err(empty_match());
    }
    let mut end = s.len();
    while s.get(..end).is_some_and(|rest| rest.ends_with(m)) {
        end -= m.len();
    }
    Ok(end)
}

pub(super) fn replace_leading(args: &[Term]) -> Res {
    let (s, m, r) = three(args, "replace_leading")?;
    let at = strip_leading(s, m)?;
    let n = at / m.len();
    check_bytes(n as u128 * r.len() as u128 + s.len() as u128)?;
    Ok(Term::bytes_vec(
        [r.repeat(n).as_slice(), s.get(at..).unwrap_or_default()].concat(),
    ))
}

pub(super) fn replace_trailing(args: &[Term]) -> Res {
    let (s, m, r) = three(args, "replace_trailing")?;
    let end = strip_trailing(s, m)?;
    let n = (s.len() - end) / m.len();
    check_bytes(n as u128 * r.len() as u128 + s.len() as u128)?;
    Ok(Term::bytes_vec(
        [s.get(..end).unwrap_or_default(), r.repeat(n).as_slice()].concat(),
    ))
}
