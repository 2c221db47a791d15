//! `:erlang`'s binaries and iolists (`byte_size`, `binary_part`,
//! `iolist_to_binary`, ...), `:binary.copy/2` and `:unicode`'s
//! `characters_to_binary/1` and `characters_to_list/1`.

use super::support::{args, bin, check_bytes, MAX_BYTES};
use super::Bif;
use crate::term::Term;
use crate::vm::exception::{Exception, Res};

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::guard("erlang", "byte_size", 1, byte_size),
    Bif::guard("erlang", "bit_size", 1, bit_size),
    Bif::guard("erlang", "binary_part", 2, binary_part2),
    Bif::guard("erlang", "binary_part", 3, binary_part3),
    Bif::pure("erlang", "binary_to_list", 1, binary_to_list1),
    Bif::pure("erlang", "binary_to_list", 3, binary_to_list3),
    Bif::pure("erlang", "list_to_binary", 1, list_to_binary),
    Bif::pure("erlang", "iolist_to_binary", 1, iolist_to_binary),
    Bif::pure("erlang", "iolist_size", 1, iolist_size),
    Bif::pure("binary", "copy", 1, copy1),
    Bif::pure("binary", "copy", 2, copy2),
    Bif::pure("unicode", "characters_to_binary", 1, characters_to_binary),
    Bif::pure("unicode", "characters_to_list", 1, characters_to_list),
];

fn bitstring_size(args: &[Term], bits: i64) -> Res {
    args!(args, b);
    b.as_binary()
        .map(|b| Term::Int(b.len() as i64 * bits))
        .ok_or_else(|| Exception::badarg_at(1, "not a bitstring"))
}

/// `:erlang.byte_size/1`.
pub(super) fn byte_size(args: &[Term]) -> Res {
    bitstring_size(args, 1)
}

pub(super) fn bit_size(args: &[Term]) -> Res {
    bitstring_size(args, 8)
}

/// `binary_part(b, start, len)`; a negative `len` counts back from `start`.
fn part(b: &Term, start: &Term, len: &Term, pair: bool) -> Res {
    let Term::Binary(bytes) = b else {
        return Err(Exception::badarg_at(1, "not a binary"));
    };
    let (Term::Int(start), Term::Int(len)) = (start, len) else {
        let n = if matches!(start, Term::Int(_)) { 3 } else { 2 };
        let n = if pair { 2 } else { n };
        return Err(Exception::badarg_at(n, "not an integer"));
    };
    let size = bytes.len() as i64;
    let (from, to) = if *len >= 0 {
        (*start, start.saturating_add(*len))
    } else {
        (start.saturating_add(*len), *start)
    };
    if *start < 0 || *start > size {
        return Err(Exception::badarg_at(2, "out of range"));
    }
    if from < 0 || to > size {
        return Err(Exception::badarg_at(
            if pair { 2 } else { 3 },
            "out of range",
        ));
    }
    bytes
        .slice(from as usize, (to - from) as usize)
        .map(Term::Binary)
        .ok_or_else(|| Exception::badarg_at(2, "out of range"))
}

pub(super) fn binary_part2(args: &[Term]) -> Res {
    args!(args, b, pos_len);
    match pos_len.as_tuple() {
        Some([start, len]) => part(b, start, len, true),
        _ if b.as_binary().is_none() => Err(Exception::badarg_at(1, "not a binary")),
        _ => Err(Exception::badarg_at(2, "not a valid {Pos,Length} tuple")),
    }
}

/// `:erlang.binary_part/3`.
pub(super) fn binary_part3(args: &[Term]) -> Res {
    args!(args, b, start, len);
    part(b, start, len, false)
}

/// The bytes of a binary as a list of integers.
pub(super) fn bytes_list(bytes: &[u8]) -> Term {
    Term::list(bytes.iter().map(|&b| Term::Int(i64::from(b))).collect())
}

pub(super) fn binary_to_list1(args: &[Term]) -> Res {
    args!(args, b);
    b.as_binary()
        .map(bytes_list)
        .ok_or_else(|| Exception::badarg_at(1, "not a binary"))
}

pub(super) fn binary_to_list3(args: &[Term]) -> Res {
    args!(args, b, start, stop);
    let bytes = b
        .as_binary()
        .ok_or_else(|| Exception::badarg_at(1, "not a binary"))?;
    let size = bytes.len() as i64;
    let (Term::Int(start), Term::Int(stop)) = (start, stop) else {
        return Err(Exception::badarg());
    };
    if *start < 1 || *start > size {
        return Err(Exception::badarg_at(2, "out of range"));
    }
    if *stop < 1 || *stop > size {
        return Err(Exception::badarg_at(3, "out of range"));
    }
    if start > stop {
        return Err(Exception::badarg_at(
            2,
            "start position greater than stop position",
        ));
    }
    Ok(bytes_list(
        bytes
            .get(*start as usize - 1..*stop as usize)
            .unwrap_or_default(),
    ))
}

/// Appends the bytes of an iolist (bytes, binaries, nested iolists, a
/// binary tail); `Ok(false)` when it is not one. Recursion follows
/// nesting only, which terms bound.
pub(super) fn iolist_bytes(term: &Term, out: &mut Vec<u8>) -> Res<bool> {
    let mut rest = term;
    loop {
        match rest {
            Term::List(_) => match rest.head_tail() {
                None => return Ok(true),
                Some((head, tail)) => {
                    match head {
                        Term::Int(b @ 0..=255) => out.push(*b as u8),
                        Term::Binary(b) => out.extend_from_slice(b),
                        Term::List(_) => {
                            if !iolist_bytes(head, out)? {
                                return Ok(false);
                            }
                        }
                        _ => return Ok(false),
                    }
                    if out.len() > MAX_BYTES {
                        check_bytes(out.len() as u128)?;
                    }
                    rest = tail;
                }
            },
            Term::Binary(b) => {
                out.extend_from_slice(b);
                check_bytes(out.len() as u128)?;
                return Ok(true);
            }
            _ => return Ok(false),
        }
    }
}

/// `:erlang.list_to_binary/1`.
pub(super) fn list_to_binary(args: &[Term]) -> Res {
    args!(args, list);
    let mut out = Vec::new();
    if list.is_list() && iolist_bytes(list, &mut out)? {
        Ok(bin(out))
    } else {
        Err(Exception::badarg_at(1, "not an iolist term"))
    }
}

/// `:erlang.iolist_to_binary/1` (`IO.iodata_to_binary/1`).
pub(super) fn iolist_to_binary(args: &[Term]) -> Res {
    args!(args, data);
    if let Term::Binary(_) = data {
        return Ok(data.clone());
    }
    let mut out = Vec::new();
    if data.is_list() && iolist_bytes(data, &mut out)? {
        Ok(bin(out))
    } else {
        Err(Exception::badarg_at(1, "not an iodata term"))
    }
}

/// Counts the bytes of an iolist without building it.
fn iolist_len(term: &Term) -> Option<u64> {
    let mut rest = term;
    let mut n: u64 = 0;
    loop {
        match rest {
            Term::List(_) => match rest.head_tail() {
                None => return Some(n),
                Some((head, tail)) => {
                    n += match head {
                        Term::Int(0..=255) => 1,
                        Term::Binary(b) => b.len() as u64,
                        Term::List(_) => iolist_len(head)?,
                        _ => return None,
                    };
                    rest = tail;
                }
            },
            Term::Binary(b) => return Some(n + b.len() as u64),
            _ => return None,
        }
    }
}

/// `:erlang.iolist_size/1` (`IO.iodata_length/1`).
pub(super) fn iolist_size(args: &[Term]) -> Res {
    args!(args, data);
    iolist_len(data)
        .map(|n| Term::Int(n as i64))
        .ok_or_else(|| Exception::badarg_at(1, "not an iodata term"))
}

/// `:binary.copy(b, n)` (`String.duplicate/2`).
pub(super) fn copy2(args: &[Term]) -> Res {
    args!(args, b, n);
    let bytes = b.as_binary();
    let count = match n {
        Term::Int(n) if *n >= 0 => Some(*n as u64),
        _ => None,
    };
    match (bytes, count) {
        (Some(bytes), Some(count)) => {
            check_bytes(u128::from(count) * bytes.len() as u128)?;
            Ok(bin(bytes.repeat(count as usize)))
        }
        (None, Some(_)) => Err(Exception::badarg_at(1, "not a binary")),
        (Some(_), None) => Err(Exception::badarg_at(2, "out of range")),
        (None, None) => Err(super::erlang_convert::badargs(&[
            (1, "not a binary"),
            (2, "out of range"),
        ])),
    }
}

pub(super) fn copy1(args: &[Term]) -> Res {
    args!(args, b);
    copy2(&[b.clone(), Term::Int(1)])
}

/// How a chardata walk ended.
enum Chars {
    /// All of it was characters.
    Done,
    /// An invalid character: the rest, from it on.
    Error(Term),
    /// A binary that ends inside a UTF-8 sequence: that last part.
    Incomplete(Term),
    /// Not chardata at all.
    NotData,
}

/// Walks chardata, pushing characters to `out`; `rest` is what follows
/// this level (for the error's remainder, as OTP builds it).
fn walk_chars(term: &Term, out: &mut String) -> Res<Chars> {
    let mut rest = term;
    loop {
        if out.len() > MAX_BYTES {
            check_bytes(out.len() as u128)?;
        }
        match rest {
            Term::Binary(b) => {
                return Ok(match std::str::from_utf8(b) {
                    Ok(s) => {
                        out.push_str(s);
                        Chars::Done
                    }
                    Err(e) => {
                        let good = e.valid_up_to();
                        out.push_str(
                            std::str::from_utf8(b.get(..good).unwrap_or_default())
                                .unwrap_or_default(),
                        );
                        let tail = Term::Binary(
                            b.slice(good, b.len() - good).unwrap_or_else(|| b.clone()),
                        );
                        if e.error_len().is_none() {
                            Chars::Incomplete(tail)
                        } else {
                            Chars::Error(tail)
                        }
                    }
                });
            }
            Term::List(_) => {
                let Some((head, tail)) = rest.head_tail() else {
                    return Ok(Chars::Done);
                };
                let outcome = match head {
                    Term::Int(c) => match u32::try_from(*c).ok().and_then(char::from_u32) {
                        Some(c) => {
                            out.push(c);
                            Chars::Done
                        }
                        None => Chars::Error(Term::EMPTY_LIST),
                    },
                    Term::Binary(_) | Term::List(_) => walk_chars(head, out)?,
                    _ => Chars::NotData,
                };
                match outcome {
                    Chars::Done => rest = tail,
                    Chars::NotData => return Ok(Chars::NotData),
                    Chars::Error(inner) => {
                        let here = match head {
                            Term::Int(_) => Term::cons(head.clone(), tail.clone()),
                            _ => Term::cons(inner, tail.clone()),
                        };
                        return Ok(Chars::Error(here));
                    }
                    Chars::Incomplete(inner) => {
                        return Ok(if tail.is_empty_list() {
                            Chars::Incomplete(inner)
                        } else {
                            Chars::Error(Term::cons(inner, tail.clone()))
                        })
                    }
                }
            }
            _ => return Ok(Chars::NotData),
        }
    }
}

fn characters(data: &Term, to_list: bool) -> Res {
    let mut out = String::new();
    let outcome = walk_chars(data, &mut out)?;
    let converted = if to_list {
        super::erlang_convert::charlist(&out)
    } else {
        Term::string(&out)
    };
    match outcome {
        Chars::Done => Ok(converted),
        Chars::Error(rest) => Ok(Term::tuple([Term::atom("error"), converted, rest])),
        Chars::Incomplete(rest) => Ok(Term::tuple([Term::atom("incomplete"), converted, rest])),
        Chars::NotData => Err(Exception::badarg_at(
            1,
            "not valid character data (an iodata term)",
        )),
    }
}

/// `:unicode.characters_to_binary/1`.
pub(super) fn characters_to_binary(args: &[Term]) -> Res {
    args!(args, data);
    characters(data, false)
}

/// `:unicode.characters_to_list/1`.
pub(super) fn characters_to_list(args: &[Term]) -> Res {
    args!(args, data);
    characters(data, true)
}
