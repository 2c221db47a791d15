//! OTP's `:binary` module (`:binary.copy/1,2` is in `erlang_binary`):
//! searching with one or several patterns (leftmost match, the longest
//! pattern at that place), splitting, replacing, parts, and unsigned
//! integers as bytes. Errors carry OTP 25's error info.
//!
//! `compile_pattern/1` is not here (a pattern is always given as is), and
//! `referenced_byte_size/1` answers the binary's own size.

use super::erlang_binary::iolist_bytes;
use super::support::{args, big, bin, check_bytes, check_items, pair};
use super::Bif;
use crate::term::Term;
use crate::vm::exception::{Exception, Res};
use num_bigint::{BigInt, Sign};
use std::cell::RefCell;

const M: &str = "binary";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure(M, "split", 2, split),
    Bif::pure(M, "split", 3, split),
    Bif::pure(M, "match", 2, match_),
    Bif::pure(M, "match", 3, match_),
    Bif::pure(M, "matches", 2, matches),
    Bif::pure(M, "matches", 3, matches),
    Bif::pure(M, "replace", 3, replace),
    Bif::pure(M, "replace", 4, replace),
    Bif::pure(M, "part", 2, part2),
    Bif::pure(M, "part", 3, part3),
    Bif::pure(M, "at", 2, at),
    Bif::pure(M, "first", 1, first),
    Bif::pure(M, "last", 1, last),
    Bif::pure(M, "bin_to_list", 1, bin_to_list1),
    Bif::pure(M, "bin_to_list", 2, bin_to_list2),
    Bif::pure(M, "bin_to_list", 3, bin_to_list3),
    Bif::pure(M, "list_to_bin", 1, list_to_bin),
    Bif::pure(M, "decode_unsigned", 1, decode_unsigned),
    Bif::pure(M, "decode_unsigned", 2, decode_unsigned),
    Bif::pure(M, "encode_unsigned", 1, encode_unsigned),
    Bif::pure(M, "encode_unsigned", 2, encode_unsigned),
    Bif::pure(M, "longest_common_prefix", 1, longest_common_prefix),
    Bif::pure(M, "longest_common_suffix", 1, longest_common_suffix),
    Bif::pure(M, "referenced_byte_size", 1, referenced_byte_size),
];

fn subject(t: &Term) -> Res<&[u8]> {
    t.as_binary()
        .ok_or_else(|| Exception::badarg_at(1, "not a binary"))
}

/// The patterns: a non-empty binary or a non-empty list of them.
fn patterns(t: &Term) -> Res<Vec<&[u8]>> {
    let bad = || Exception::badarg_at(2, "not a valid pattern");
    let pats: Vec<&[u8]> = match t {
        Term::Binary(b) => vec![b.as_slice()],
        Term::List(_) => {
            let mut v = Vec::new();
            for p in t.list_iter() {
                v.push(p.as_binary().ok_or_else(bad)?);
            }
            v
        }
        _ => return Err(bad()),
    };
    if pats.is_empty()
        || pats.iter().any(|p| p.is_empty())
        || !t.is_list() && t.as_binary().is_none()
    {
        return Err(bad());
    }
    Ok(pats)
}

/// Finds patterns in a haystack (`String`'s linear-time finder), within
/// an end limit.
struct Finder<'a> {
    inner: RefCell<super::string::search::Finder<'a>>,
}

impl<'a> Finder<'a> {
    fn new(hay: &'a [u8], pats: &[&'a [u8]]) -> Finder<'a> {
        Finder {
            inner: RefCell::new(super::string::search::Finder::new(hay, pats)),
        }
    }

    /// The first match at or after `from` that ends by `end`.
    fn find(&self, from: usize, end: usize) -> Option<(usize, usize)> {
        self.inner
            .borrow_mut()
            .find(from)
            .filter(|(s, l)| s + l <= end)
    }

    fn all(&self, from: usize, end: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut at = from;
        while let Some((s, l)) = self.find(at, end) {
            out.push((s, l));
            at = s + l;
        }
        out
    }
}

/// `{start, length}` of a scope (length may be negative), as a range.
fn scope(t: &Term, size: usize, n: usize) -> Res<(usize, usize)> {
    let bad = || Exception::badarg_at(n, "invalid options");
    match t.as_tuple() {
        Some([Term::Int(s), Term::Int(l)]) => {
            let (a, b) = if *l < 0 { (s + l, *s) } else { (*s, s + l) };
            if a < 0 || b as u128 > size as u128 {
                return Err(bad());
            }
            Ok((a as usize, b as usize))
        }
        _ => Err(bad()),
    }
}

/// Options of split/match/replace.
struct Opts {
    global: bool,
    trim: bool,
    trim_all: bool,
    scope: (usize, usize),
    insert: Vec<usize>,
}

fn options(t: Option<&Term>, size: usize, n: usize) -> Res<Opts> {
    let mut o = Opts {
        global: false,
        trim: false,
        trim_all: false,
        scope: (0, size),
        insert: Vec::new(),
    };
    let Some(t) = t else {
        return Ok(o);
    };
    let bad = || Exception::badarg_at(n, "invalid options");
    if !t.is_proper_list() {
        return Err(bad());
    }
    for item in t.list_iter() {
        match (item.as_atom(), item.as_tuple()) {
            (Some("global"), _) => o.global = true,
            (Some("trim"), _) => o.trim = true,
            (Some("trim_all"), _) => o.trim_all = true,
            (_, Some([k, v])) if k.is_atom("scope") => o.scope = scope(v, size, n)?,
            (_, Some([k, v])) if k.is_atom("insert_replaced") => {
                o.insert = match v {
                    Term::Int(i) if *i >= 0 => vec![*i as usize],
                    Term::List(_) => {
                        let mut v2 = Vec::new();
                        for p in v.list_iter() {
                            match p {
                                Term::Int(i) if *i >= 0 => v2.push(*i as usize),
                                _ => return Err(bad()),
                            }
                        }
                        v2
                    }
                    _ => return Err(bad()),
                }
            }
            _ => return Err(bad()),
        }
    }
    Ok(o)
}

fn found(f: &Finder, o: &Opts) -> Vec<(usize, usize)> {
    if o.global {
        f.all(o.scope.0, o.scope.1)
    } else {
        f.find(o.scope.0, o.scope.1).into_iter().collect()
    }
}

fn split(args: &[Term]) -> Res {
    let hay = subject(args.first().unwrap_or(&Term::EMPTY_LIST))?;
    let pats = patterns(args.get(1).unwrap_or(&Term::EMPTY_LIST))?;
    let o = options(args.get(2), hay.len(), 3)?;
    let f = Finder::new(hay, &pats);
    let mut parts: Vec<&[u8]> = Vec::new();
    let mut at = 0;
    for (s, l) in found(&f, &o) {
        parts.push(hay.get(at..s).unwrap_or_default());
        at = s + l;
    }
    parts.push(hay.get(at..).unwrap_or_default());
    if o.trim_all {
        parts.retain(|p| !p.is_empty());
    } else if o.trim {
        while parts.last().is_some_and(|p| p.is_empty()) {
            parts.pop();
        }
    }
    check_items(parts.len() as u128)?;
    Ok(Term::list(parts.into_iter().map(Term::bytes).collect()))
}

fn span(s: usize, l: usize) -> Term {
    pair(Term::Int(s as i64), Term::Int(l as i64))
}

fn match_(args: &[Term]) -> Res {
    let hay = subject(args.first().unwrap_or(&Term::EMPTY_LIST))?;
    let pats = patterns(args.get(1).unwrap_or(&Term::EMPTY_LIST))?;
    let o = options(args.get(2), hay.len(), 3)?;
    let f = Finder::new(hay, &pats);
    Ok(match f.find(o.scope.0, o.scope.1) {
        Some((s, l)) => span(s, l),
        None => Term::atom("nomatch"),
    })
}

fn matches(args: &[Term]) -> Res {
    let hay = subject(args.first().unwrap_or(&Term::EMPTY_LIST))?;
    let pats = patterns(args.get(1).unwrap_or(&Term::EMPTY_LIST))?;
    let o = options(args.get(2), hay.len(), 3)?;
    let f = Finder::new(hay, &pats);
    let all = f.all(o.scope.0, o.scope.1);
    check_items(all.len() as u128)?;
    Ok(Term::list(
        all.into_iter().map(|(s, l)| span(s, l)).collect(),
    ))
}

fn replace(args: &[Term]) -> Res {
    let hay = subject(args.first().unwrap_or(&Term::EMPTY_LIST))?;
    let pats = patterns(args.get(1).unwrap_or(&Term::EMPTY_LIST))?;
    let with = args
        .get(2)
        .and_then(Term::as_binary)
        .ok_or_else(|| Exception::badarg_at(3, "not a binary"))?;
    let o = options(args.get(3), hay.len(), 4)?;
    if o.insert.iter().any(|&i| i > with.len()) {
        return Err(Exception::badarg_at(4, "invalid options"));
    }
    let f = Finder::new(hay, &pats);
    let hits = found(&f, &o);
    let grown = with.len() as u128 * (o.insert.len() as u128 + 1) * hits.len() as u128;
    check_bytes(hay.len() as u128 + grown)?;
    let mut out = Vec::with_capacity(hay.len());
    let mut at = 0;
    for (s, l) in hits {
        out.extend_from_slice(hay.get(at..s).unwrap_or_default());
        let matched = hay.get(s..s + l).unwrap_or_default();
        let mut prev = 0;
        let mut inserts = o.insert.clone();
        inserts.sort_unstable();
        for i in inserts {
            out.extend_from_slice(with.get(prev..i).unwrap_or_default());
            out.extend_from_slice(matched);
            prev = i;
        }
        out.extend_from_slice(with.get(prev..).unwrap_or_default());
        at = s + l;
    }
    out.extend_from_slice(hay.get(at..).unwrap_or_default());
    Ok(bin(out))
}

/// The range of `part(bin, pos, len)`, with OTP's error for each argument.
fn range(
    size: usize,
    pos: &Term,
    len: &Term,
    pos_arg: usize,
    len_arg: usize,
) -> Res<(usize, usize)> {
    let Term::Int(p) = pos else {
        return Err(Exception::badarg_at(pos_arg, "not an integer"));
    };
    let Term::Int(l) = len else {
        return Err(Exception::badarg_at(len_arg, "not an integer"));
    };
    if *p < 0 || *p as u128 > size as u128 {
        return Err(Exception::badarg_at(pos_arg, "out of range"));
    }
    let (a, b) = if *l < 0 {
        (p + l, *p)
    } else {
        (*p, p.saturating_add(*l))
    };
    if a < 0 || b as u128 > size as u128 {
        return Err(Exception::badarg_at(len_arg, "out of range"));
    }
    Ok((a as usize, b as usize))
}

fn part_of(args: &[Term], pos: &Term, len: &Term, pos_arg: usize, len_arg: usize) -> Res {
    let b = args.first().unwrap_or(&Term::EMPTY_LIST);
    let bytes = subject(b)?;
    let (s, e) = range(bytes.len(), pos, len, pos_arg, len_arg)?;
    Ok(match b {
        Term::Binary(x) => x
            .slice(s, e - s)
            .map(Term::Binary)
            .unwrap_or_else(|| Term::bytes(&[])),
        _ => Term::bytes(&[]),
    })
}

fn pos_len(t: &Term) -> Res<(Term, Term)> {
    match t.as_tuple() {
        Some([p, l]) => Ok((p.clone(), l.clone())),
        _ => Err(Exception::badarg_at(2, "not a valid {Pos,Length} tuple")),
    }
}

fn part2(args: &[Term]) -> Res {
    args!(args, b, pl);
    subject(b)?;
    let (p, l) = pos_len(pl)?;
    part_of(args, &p, &l, 2, 2)
}

fn part3(args: &[Term]) -> Res {
    args!(args, _b, p, l);
    part_of(args, p, l, 2, 3)
}

fn at(args: &[Term]) -> Res {
    args!(args, b, pos);
    let bytes = subject(b)?;
    match pos {
        Term::Int(p) if *p < 0 => Err(Exception::badarg_at(2, "out of range")),
        Term::Int(p) => bytes
            .get(*p as usize)
            .map(|x| Term::Int(i64::from(*x)))
            .ok_or_else(Exception::badarg),
        _ => Err(Exception::badarg_at(2, "not an integer")),
    }
}

fn first(args: &[Term]) -> Res {
    args!(args, b);
    let bytes = subject(b)?;
    bytes
        .first()
        .map(|x| Term::Int(i64::from(*x)))
        .ok_or_else(|| Exception::badarg_at(1, "a zero-sized binary is not allowed"))
}

fn last(args: &[Term]) -> Res {
    args!(args, b);
    let bytes = subject(b)?;
    bytes
        .last()
        .map(|x| Term::Int(i64::from(*x)))
        .ok_or_else(|| Exception::badarg_at(1, "a zero-sized binary is not allowed"))
}

fn byte_list(t: &Term) -> Term {
    Term::list(
        t.as_binary()
            .unwrap_or_default()
            .iter()
            .map(|b| Term::Int(i64::from(*b)))
            .collect(),
    )
}

fn bin_to_list1(args: &[Term]) -> Res {
    args!(args, b);
    subject(b)?;
    Ok(byte_list(b))
}

fn bin_to_list2(args: &[Term]) -> Res {
    args!(args, b, pl);
    subject(b)?;
    let (p, l) = pos_len(pl)?;
    Ok(byte_list(&part_of(args, &p, &l, 2, 2)?))
}

fn bin_to_list3(args: &[Term]) -> Res {
    args!(args, _b, p, l);
    Ok(byte_list(&part_of(args, p, l, 2, 3)?))
}

fn list_to_bin(args: &[Term]) -> Res {
    args!(args, l);
    if !l.is_list() {
        return Err(Exception::badarg_at(1, "not an iodata term"));
    }
    let mut bytes = Vec::new();
    if !iolist_bytes(l, &mut bytes)? {
        return Err(Exception::badarg_at(1, "not an iodata term"));
    }
    Ok(bin(bytes))
}

fn little(args: &[Term], n: usize) -> Res<bool> {
    match args.get(n - 1).map(Term::as_atom) {
        None | Some(Some("big")) => Ok(false),
        Some(Some("little")) => Ok(true),
        _ => Err(Exception::badarg_at(n, "must be 'big' or 'little'")),
    }
}

fn decode_unsigned(args: &[Term]) -> Res {
    let bytes = subject(args.first().unwrap_or(&Term::EMPTY_LIST))?;
    let n = if little(args, 2)? {
        BigInt::from_bytes_le(Sign::Plus, bytes)
    } else {
        BigInt::from_bytes_be(Sign::Plus, bytes)
    };
    Ok(Term::from_bigint(n))
}

fn encode_unsigned(args: &[Term]) -> Res {
    let n = match args.first().and_then(big) {
        Some(n) if n.sign() != Sign::Minus => n,
        Some(_) => return Err(Exception::badarg_at(1, "out of range")),
        None => return Err(Exception::badarg_at(1, "not an integer")),
    };
    let le = little(args, 2)?;
    let (_, mut bytes) = if le { n.to_bytes_le() } else { n.to_bytes_be() };
    if bytes.is_empty() {
        bytes.push(0);
    }
    Ok(bin(bytes))
}

fn binaries(t: &Term) -> Res<Vec<&[u8]>> {
    let bad = || Exception::badarg_at(1, "not a flat list of binaries");
    if !t.is_proper_list() || t.is_empty_list() {
        return Err(bad());
    }
    t.list_iter()
        .map(|b| b.as_binary().ok_or_else(bad))
        .collect()
}

fn longest_common_prefix(args: &[Term]) -> Res {
    args!(args, l);
    let bins = binaries(l)?;
    let first = bins.first().copied().unwrap_or_default();
    let n = bins.iter().fold(first.len(), |n, b| {
        n.min(
            first
                .iter()
                .zip(b.iter())
                .take_while(|(x, y)| x == y)
                .count(),
        )
    });
    Ok(Term::Int(n as i64))
}

fn longest_common_suffix(args: &[Term]) -> Res {
    args!(args, l);
    let bins = binaries(l)?;
    let first = bins.first().copied().unwrap_or_default();
    let n = bins.iter().fold(first.len(), |n, b| {
        n.min(
            first
                .iter()
                .rev()
                .zip(b.iter().rev())
                .take_while(|(x, y)| x == y)
                .count(),
        )
    });
    Ok(Term::Int(n as i64))
}

fn referenced_byte_size(args: &[Term]) -> Res {
    args!(args, b);
    Ok(Term::Int(subject(b)?.len() as i64))
}
