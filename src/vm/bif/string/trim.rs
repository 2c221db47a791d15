//! `String.trim/1,2`, `trim_leading/1,2`, `trim_trailing/1,2` (Unicode
//! whitespace, or repeated copies of a given string) and
//! `pad_leading/2,3`, `pad_trailing/2,3` (counted in grapheme clusters).

use super::search::{strip_leading, strip_trailing};
use super::{clusters, M};
use crate::term::Term;
use crate::vm::bif::support::{args, check_bytes, no_clause};
use crate::vm::exception::Res;

/// The length of the leading whitespace of `bytes`.
fn leading_space(bytes: &[u8]) -> usize {
    let valid = match std::str::from_utf8(bytes) {
        Ok(all) => all,
        Err(e) => std::str::from_utf8(bytes.get(..e.valid_up_to()).unwrap_or_default())
            .unwrap_or_default(),
    };
    valid.len() - valid.trim_start_matches(char::is_whitespace).len()
}

/// Where the trailing whitespace of `bytes` starts.
fn trailing_space(bytes: &[u8]) -> usize {
    let mut end = bytes.len();
    let mut last_valid = bytes;
    for chunk in bytes.utf8_chunks() {
        last_valid = chunk.valid().as_bytes();
        if !chunk.invalid().is_empty() {
            last_valid = &[];
        }
    }
    if let Ok(valid) = std::str::from_utf8(last_valid) {
        end -= valid.len() - valid.trim_end_matches(char::is_whitespace).len();
    }
    end
}

fn sub(bytes: &[u8], from: usize, to: usize) -> Term {
    Term::bytes(bytes.get(from..to.max(from)).unwrap_or_default())
}

pub(super) fn trim1(args: &[Term]) -> Res {
    args!(args, s);
    let bytes = s.as_binary().ok_or_else(|| no_clause(M, "trim", args))?;
    let end = trailing_space(bytes);
    let start = leading_space(bytes.get(..end).unwrap_or_default());
    Ok(sub(bytes, start, end))
}

pub(super) fn trim_leading1(args: &[Term]) -> Res {
    args!(args, s);
    let bytes = s
        .as_binary()
        .ok_or_else(|| no_clause(M, "trim_leading", args))?;
    Ok(sub(bytes, leading_space(bytes), bytes.len()))
}

pub(super) fn trim_trailing1(args: &[Term]) -> Res {
    args!(args, s);
    let bytes = s
        .as_binary()
        .ok_or_else(|| no_clause(M, "trim_trailing", args))?;
    Ok(sub(bytes, 0, trailing_space(bytes)))
}

fn two<'a>(args: &'a [Term], name: &str) -> Res<(&'a [u8], &'a [u8])> {
    args!(args, s, t);
    match (s.as_binary(), t.as_binary()) {
        (Some(s), Some(t)) => Ok((s, t)),
        _ => Err(no_clause(M, name, args)),
    }
}

pub(super) fn trim2(args: &[Term]) -> Res {
    let (s, t) = two(args, "trim")?;
    let from = strip_leading(s, t)?;
    let rest = s.get(from..).unwrap_or_default();
    let to = strip_trailing(rest, t)?;
    Ok(sub(rest, 0, to))
}

pub(super) fn trim_leading2(args: &[Term]) -> Res {
    let (s, t) = two(args, "trim_leading")?;
    Ok(sub(s, strip_leading(s, t)?, s.len()))
}

pub(super) fn trim_trailing2(args: &[Term]) -> Res {
    let (s, t) = two(args, "trim_trailing")?;
    Ok(sub(s, 0, strip_trailing(s, t)?))
}

/// The padding's pieces: the clusters of a string, or a list as given.
fn pieces(padding: &Term) -> Option<Vec<Vec<u8>>> {
    if let Some(bytes) = padding.as_binary() {
        return Some(clusters(bytes).into_iter().map(<[u8]>::to_vec).collect());
    }
    padding
        .list_to_vec()?
        .iter()
        .map(|p| p.as_binary().map(<[u8]>::to_vec))
        .collect()
}

fn pad(args: &[Term], name: &str, leading: bool) -> Res {
    args!(args, s, count, padding);
    let fail = || no_clause(M, name, args);
    let (Some(bytes), Term::Int(count)) = (s.as_binary(), count) else {
        return Err(fail());
    };
    let pieces = pieces(padding).filter(|p| !p.is_empty()).ok_or_else(fail)?;
    if *count < 0 {
        return Err(fail());
    }
    let len = clusters(bytes).len() as i64;
    if len >= *count {
        return Ok(s.clone());
    }
    let missing = (*count - len) as usize;
    let piece_bytes = pieces.iter().map(Vec::len).max().unwrap_or(1) as u128;
    check_bytes(missing as u128 * piece_bytes + bytes.len() as u128)?;
    let filler: Vec<u8> = pieces
        .iter()
        .cycle()
        .take(missing)
        .flatten()
        .copied()
        .collect();
    Ok(Term::bytes_vec(if leading {
        [filler.as_slice(), bytes].concat()
    } else {
        [bytes, filler.as_slice()].concat()
    }))
}

pub(super) fn pad_leading2(args: &[Term]) -> Res {
    args!(args, s, count);
    pad(
        &[s.clone(), count.clone(), Term::string(" ")],
        "pad_leading",
        true,
    )
}

pub(super) fn pad_leading3(args: &[Term]) -> Res {
    pad(args, "pad_leading", true)
}

pub(super) fn pad_trailing2(args: &[Term]) -> Res {
    args!(args, s, count);
    pad(
        &[s.clone(), count.clone(), Term::string(" ")],
        "pad_trailing",
        false,
    )
}

pub(super) fn pad_trailing3(args: &[Term]) -> Res {
    pad(args, "pad_trailing", false)
}
