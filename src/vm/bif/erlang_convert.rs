//! `:erlang`'s conversions between atoms, integers, binaries and
//! charlists: `atom_to_binary`, `binary_to_atom`, `integer_to_binary`,
//! `binary_to_integer` and their list twins, with OTP 25's error info.

use super::support::{args, bin, is_integer};
use super::Bif;
use crate::term::{Atom, AtomError, Term};
use crate::vm::exception::{Exception, Res};
use num_bigint::BigInt;

const M: &str = "erlang";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure(M, "atom_to_binary", 1, atom_to_binary1),
    Bif::pure(M, "atom_to_binary", 2, atom_to_binary2),
    Bif::pure(M, "atom_to_list", 1, atom_to_list),
    Bif::pure(M, "binary_to_atom", 1, binary_to_atom1),
    Bif::pure(M, "binary_to_atom", 2, binary_to_atom2),
    Bif::pure(M, "binary_to_existing_atom", 1, binary_to_existing_atom1),
    Bif::pure(M, "binary_to_existing_atom", 2, binary_to_existing_atom2),
    Bif::pure(M, "list_to_atom", 1, list_to_atom),
    Bif::pure(M, "list_to_existing_atom", 1, list_to_existing_atom),
    Bif::pure(M, "integer_to_binary", 1, integer_to_binary1),
    Bif::pure(M, "integer_to_binary", 2, integer_to_binary2),
    Bif::pure(M, "integer_to_list", 1, integer_to_list1),
    Bif::pure(M, "integer_to_list", 2, integer_to_list2),
    Bif::pure(M, "binary_to_integer", 1, binary_to_integer1),
    Bif::pure(M, "binary_to_integer", 2, binary_to_integer2),
    Bif::pure(M, "list_to_integer", 1, list_to_integer1),
    Bif::pure(M, "list_to_integer", 2, list_to_integer2),
];

/// Several wrong arguments at once, as OTP lists them.
pub(super) fn badargs(wrong: &[(usize, &str)]) -> Exception {
    let lines: Vec<String> = wrong
        .iter()
        .map(|(n, why)| format!("  * {} argument: {why}", crate::vm::exception::ordinal(*n)))
        .collect();
    Exception::badarg().with_detail(lines.join("\n"))
}

fn atom_arg(term: &Term) -> Res<&'static str> {
    term.as_atom()
        .ok_or_else(|| Exception::badarg_at(1, "not an atom"))
}

/// `:erlang.atom_to_binary/1`.
pub(super) fn atom_to_binary1(args: &[Term]) -> Res {
    args!(args, atom);
    Ok(Term::string(atom_arg(atom)?))
}

pub(super) fn atom_to_binary2(args: &[Term]) -> Res {
    args!(args, atom, encoding);
    let text = atom_arg(atom)?;
    match encoding.as_atom() {
        Some("utf8" | "unicode") => Ok(Term::string(text)),
        Some("latin1") => {
            let bytes: Option<Vec<u8>> = text
                .chars()
                .map(|c| u8::try_from(u32::from(c)).ok())
                .collect();
            bytes.map(bin).ok_or_else(|| {
                Exception::badarg_at(1, "contains a character not expressible in latin1")
            })
        }
        _ => Err(Exception::badarg_at(2, "is an invalid encoding option")),
    }
}

/// The code points of a string, as a charlist.
pub(super) fn charlist(text: &str) -> Term {
    Term::list(
        text.chars()
            .map(|c| Term::Int(i64::from(u32::from(c))))
            .collect(),
    )
}

/// `:erlang.atom_to_list/1`.
pub(super) fn atom_to_list(args: &[Term]) -> Res {
    args!(args, atom);
    Ok(charlist(atom_arg(atom)?))
}

/// An atom from user text: too long or too many is `:system_limit`.
pub(super) fn make_atom(text: &str) -> Res {
    match Atom::try_new(text) {
        Ok(atom) => Ok(Term::Atom(atom)),
        Err(AtomError::TooLong | AtomError::TableFull) => {
            Err(Exception::error(Term::atom("system_limit")))
        }
    }
}

/// The text of a binary in `encoding` (`utf8`, `unicode` or `latin1`).
fn decode(b: &Term, encoding: &Term) -> Res<String> {
    let latin1 = match encoding.as_atom() {
        Some("utf8" | "unicode") => false,
        Some("latin1") => true,
        _ => {
            return Err(Exception::badarg_at(
                2,
                "not one of the atoms: latin1, utf8, or unicode",
            ))
        }
    };
    let bytes = b
        .as_binary()
        .ok_or_else(|| Exception::badarg_at(1, "not a binary"))?;
    if latin1 {
        return Ok(bytes.iter().map(|&b| char::from(b)).collect());
    }
    std::str::from_utf8(bytes)
        .map(str::to_string)
        .map_err(|_| Exception::badarg_at(1, "invalid UTF8 encoding"))
}

/// `:erlang.binary_to_atom/2`.
pub(super) fn binary_to_atom2(args: &[Term]) -> Res {
    args!(args, b, encoding);
    make_atom(&decode(b, encoding)?)
}

pub(super) fn binary_to_atom1(args: &[Term]) -> Res {
    args!(args, b);
    binary_to_atom2(&[b.clone(), Term::atom("utf8")])
}

/// An atom that already exists, or "not an already existing atom".
pub(super) fn existing_atom(text: &str) -> Res {
    Atom::existing(text)
        .map(Term::Atom)
        .ok_or_else(|| Exception::badarg_at(1, "not an already existing atom"))
}

/// `:erlang.binary_to_existing_atom/2`.
pub(super) fn binary_to_existing_atom2(args: &[Term]) -> Res {
    args!(args, b, encoding);
    existing_atom(&decode(b, encoding)?)
}

pub(super) fn binary_to_existing_atom1(args: &[Term]) -> Res {
    args!(args, b);
    binary_to_existing_atom2(&[b.clone(), Term::atom("utf8")])
}

/// The text of a charlist for `list_to_atom`: "not a list", "not a
/// proper list" or "not a list of characters".
fn atom_chars(list: &Term) -> Res<String> {
    if !list.is_list() {
        return Err(Exception::badarg_at(1, "not a list"));
    }
    let mut iter = list.list_iter();
    let mut text = String::new();
    for item in iter.by_ref() {
        let c = match item {
            Term::Int(c) => u32::try_from(*c).ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => text.push(c),
            None => return Err(Exception::badarg_at(1, "not a list of characters")),
        }
    }
    if !iter.tail().is_empty_list() {
        return Err(Exception::badarg_at(1, "not a proper list"));
    }
    Ok(text)
}

/// `:erlang.list_to_atom/1`.
pub(super) fn list_to_atom(args: &[Term]) -> Res {
    args!(args, list);
    make_atom(&atom_chars(list)?)
}

/// `:erlang.list_to_existing_atom/1`.
pub(super) fn list_to_existing_atom(args: &[Term]) -> Res {
    args!(args, list);
    existing_atom(&atom_chars(list)?)
}

/// An integer in `base` (2..=36), upper-case digits, as OTP writes it.
pub(super) fn int_text(n: &Term, base: u32) -> Option<String> {
    match n {
        Term::Int(i) if base == 10 => Some(i.to_string()),
        Term::Int(i) => Some(BigInt::from(*i).to_str_radix(base).to_uppercase()),
        Term::BigInt(b) => Some(b.to_str_radix(base).to_uppercase()),
        _ => None,
    }
}

fn base_arg(base: &Term) -> Option<u32> {
    match base {
        Term::Int(b) if (2..=36).contains(b) => Some(*b as u32),
        _ => None,
    }
}

const NOT_BASE: &str = "not an integer in the range 2 through 36";

fn int_to_text(n: &Term, base: Option<&Term>) -> Res<String> {
    let b = match base {
        Some(base) => base_arg(base),
        None => Some(10),
    };
    match (is_integer(n), b) {
        (true, Some(b)) => Ok(int_text(n, b).unwrap_or_default()),
        (false, Some(_)) => Err(Exception::badarg_at(1, "not an integer")),
        (true, None) => Err(Exception::badarg_at(2, NOT_BASE)),
        (false, None) => Err(badargs(&[(1, "not an integer"), (2, NOT_BASE)])),
    }
}

pub(super) fn integer_to_binary1(args: &[Term]) -> Res {
    args!(args, n);
    Ok(bin(int_to_text(n, None)?.into_bytes()))
}

/// `:erlang.integer_to_binary/2`.
pub(super) fn integer_to_binary2(args: &[Term]) -> Res {
    args!(args, n, base);
    Ok(bin(int_to_text(n, Some(base))?.into_bytes()))
}

pub(super) fn integer_to_list1(args: &[Term]) -> Res {
    args!(args, n);
    Ok(charlist(&int_to_text(n, None)?))
}

pub(super) fn integer_to_list2(args: &[Term]) -> Res {
    args!(args, n, base);
    Ok(charlist(&int_to_text(n, Some(base))?))
}

/// `[+-]digits` in `base`, as `binary_to_integer` reads it.
pub(super) fn parse_int(text: &[u8], base: u32) -> Option<Term> {
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.iter().all(|&d| char::from(d).is_digit(base)) {
        return None;
    }
    let value = BigInt::parse_bytes(digits, base)?;
    Some(Term::from_bigint(if negative { -value } else { value }))
}

fn not_int_text() -> Exception {
    Exception::badarg_at(1, "not a textual representation of an integer")
}

fn binary_to_int(b: &Term, base: Option<&Term>) -> Res {
    let radix = match base {
        Some(base) => base_arg(base),
        None => Some(10),
    };
    match (b.as_binary(), radix) {
        (Some(bytes), Some(radix)) => parse_int(bytes, radix).ok_or_else(not_int_text),
        (None, Some(_)) => Err(Exception::badarg_at(1, "not a binary")),
        (Some(_), None) => Err(Exception::badarg_at(2, NOT_BASE)),
        (None, None) => Err(badargs(&[(1, "not a binary"), (2, NOT_BASE)])),
    }
}

/// `:erlang.binary_to_integer/1`.
pub(super) fn binary_to_integer1(args: &[Term]) -> Res {
    args!(args, b);
    binary_to_int(b, None)
}

/// `:erlang.binary_to_integer/2`.
pub(super) fn binary_to_integer2(args: &[Term]) -> Res {
    args!(args, b, base);
    binary_to_int(b, Some(base))
}

fn list_to_int(list: &Term, base: Option<&Term>) -> Res {
    let radix = match base {
        Some(base) => base_arg(base).ok_or_else(|| Exception::badarg_at(2, NOT_BASE))?,
        None => 10,
    };
    ascii_list(list)?
        .and_then(|b| parse_int(&b, radix))
        .ok_or_else(not_int_text)
}

/// The bytes of the charlist `list` when every code is ASCII (`None`
/// when one is not: no number's text); `badarg` when it is not a list.
pub(super) fn ascii_list(list: &Term) -> Res<Option<Vec<u8>>> {
    let items = list
        .list_to_vec()
        .ok_or_else(|| Exception::badarg_at(1, "not a list"))?;
    Ok(items
        .iter()
        .map(|c| match c {
            Term::Int(c) if (0..128).contains(c) => Some(*c as u8),
            _ => None,
        })
        .collect())
}

/// `:erlang.list_to_integer/1`.
pub(super) fn list_to_integer1(args: &[Term]) -> Res {
    args!(args, list);
    list_to_int(list, None)
}

/// `:erlang.list_to_integer/2`.
pub(super) fn list_to_integer2(args: &[Term]) -> Res {
    args!(args, list, base);
    list_to_int(list, Some(base))
}
