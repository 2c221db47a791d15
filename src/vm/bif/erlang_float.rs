//! `:erlang`'s float text: `float_to_binary/1,2`, `float_to_list/1,2`,
//! `binary_to_float/1`, `list_to_float/1`, with OTP's options (`:short`,
//! `decimals:`, `scientific:`, `:compact`) and its rounding (halves away
//! from zero, on the float's exact value).

use super::support::{args, bin};
use super::Bif;
use crate::term::{float_to_string, Term};
use crate::vm::exception::{Exception, Res};

const M: &str = "erlang";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure(M, "float_to_binary", 1, float_to_binary1),
    Bif::pure(M, "float_to_binary", 2, float_to_binary2),
    Bif::pure(M, "float_to_list", 1, float_to_list1),
    Bif::pure(M, "float_to_list", 2, float_to_list2),
    Bif::pure(M, "binary_to_float", 1, binary_to_float),
    Bif::pure(M, "list_to_float", 1, list_to_float),
];

/// How a float is written.
#[derive(Clone, Copy)]
enum Format {
    Short,
    Scientific(usize),
    Decimals(usize, bool),
}

/// `format!("{:.Ne}")` with the exponent as C writes it (`e+00`).
pub(super) fn scientific(f: f64, digits: usize) -> String {
    let text = format!("{f:.digits$e}");
    let (mantissa, exp) = text.split_once('e').unwrap_or((&text, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exp.unsigned_abs())
}

/// `f` with `decimals` digits after the point, rounding halves away from
/// zero on the exact value; `compact` drops trailing zeros (keeping one).
pub(super) fn fixed(f: f64, decimals: usize, compact: bool) -> String {
    // Every double's exact expansion ends within 1074 fraction digits.
    let exact = format!("{:.1100}", f.abs());
    let (int_part, frac) = exact.split_once('.').unwrap_or((&exact, ""));
    let mut digits: Vec<u8> = int_part
        .bytes()
        .chain(frac.bytes().take(decimals))
        .collect();
    let next = frac.as_bytes().get(decimals).copied().unwrap_or(b'0');
    if next >= b'5' {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            match digits.get_mut(i) {
                Some(d) if *d == b'9' => *d = b'0',
                Some(d) => {
                    *d += 1;
                    break;
                }
                None => break,
            }
        }
    }
    let split = digits.len() - decimals;
    let (whole, fraction) = digits.split_at(split);
    let whole = String::from_utf8_lossy(whole);
    let mut fraction = String::from_utf8_lossy(fraction).into_owned();
    if compact && !fraction.is_empty() {
        let kept = fraction.trim_end_matches('0').len().max(1);
        fraction.truncate(kept);
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    }
}

fn options(opts: &Term) -> Res<Format> {
    if !opts.is_list() {
        return Err(Exception::badarg_at(2, "not a list"));
    }
    let invalid = || Exception::badarg_at(2, "invalid option in list");
    let mut format = Format::Scientific(20);
    let mut compact = false;
    let mut iter = opts.list_iter();
    for opt in iter.by_ref() {
        match (opt.as_atom(), opt.as_tuple()) {
            (Some("short"), _) => format = Format::Short,
            (Some("compact"), _) => compact = true,
            (_, Some([k, Term::Int(n)])) if k.is_atom("decimals") && (0..=253).contains(n) => {
                format = Format::Decimals(*n as usize, false)
            }
            (_, Some([k, Term::Int(n)])) if k.is_atom("scientific") && (0..=249).contains(n) => {
                format = Format::Scientific(*n as usize)
            }
            _ => return Err(invalid()),
        }
    }
    if !iter.tail().is_empty_list() {
        return Err(invalid());
    }
    Ok(match format {
        Format::Decimals(n, _) => Format::Decimals(n, compact),
        other => other,
    })
}

fn format_float(f: &Term, opts: Option<&Term>) -> Res<String> {
    let Term::Float(f) = f else {
        return Err(Exception::badarg_at(1, "not a float"));
    };
    let format = match opts {
        Some(opts) => options(opts)?,
        None => Format::Scientific(20),
    };
    Ok(match format {
        Format::Short => float_to_string(*f),
        Format::Scientific(n) => scientific(*f, n),
        Format::Decimals(n, compact) => {
            let text = fixed(*f, n, compact);
            if text.len() > 255 {
                return Err(Exception::badarg_at(2, "invalid option in list"));
            }
            text
        }
    })
}

pub(super) fn float_to_binary1(args: &[Term]) -> Res {
    args!(args, f);
    Ok(bin(format_float(f, None)?.into_bytes()))
}

pub(super) fn float_to_binary2(args: &[Term]) -> Res {
    args!(args, f, opts);
    Ok(bin(format_float(f, Some(opts))?.into_bytes()))
}

fn chars(text: &str) -> Term {
    Term::list(
        text.chars()
            .map(|c| Term::Int(i64::from(u32::from(c))))
            .collect(),
    )
}

pub(super) fn float_to_list1(args: &[Term]) -> Res {
    args!(args, f);
    Ok(chars(&format_float(f, None)?))
}

pub(super) fn float_to_list2(args: &[Term]) -> Res {
    args!(args, f, opts);
    Ok(chars(&format_float(f, Some(opts))?))
}

/// Erlang's float syntax: `[+-]digits.digits([eE][+-]digits)?`; `None`
/// for anything else, or a value too big for a double.
pub(super) fn parse_float(text: &[u8]) -> Option<f64> {
    let body = text
        .strip_prefix(b"+")
        .or_else(|| text.strip_prefix(b"-"))
        .unwrap_or(text);
    let digits = |s: &[u8]| s.iter().take_while(|b| b.is_ascii_digit()).count();
    let n = digits(body);
    let rest = body.get(n..)?.strip_prefix(b".")?;
    let m = digits(rest);
    let rest = rest.get(m..)?;
    if n == 0 || m == 0 {
        return None;
    }
    if !rest.is_empty() {
        let exp = rest
            .strip_prefix(b"e")
            .or_else(|| rest.strip_prefix(b"E"))?;
        let exp = exp
            .strip_prefix(b"+")
            .or_else(|| exp.strip_prefix(b"-"))
            .unwrap_or(exp);
        if exp.is_empty() || digits(exp) != exp.len() {
            return None;
        }
    }
    let value: f64 = std::str::from_utf8(text).ok()?.parse().ok()?;
    value.is_finite().then_some(value)
}

fn not_float_text() -> Exception {
    Exception::badarg_at(1, "not a textual representation of a float")
}

/// `:erlang.binary_to_float/1`.
pub(super) fn binary_to_float(args: &[Term]) -> Res {
    args!(args, b);
    let bytes = b
        .as_binary()
        .ok_or_else(|| Exception::badarg_at(1, "not a binary"))?;
    parse_float(bytes)
        .map(Term::Float)
        .ok_or_else(not_float_text)
}

/// `:erlang.list_to_float/1`.
pub(super) fn list_to_float(args: &[Term]) -> Res {
    args!(args, list);
    super::erlang_convert::ascii_list(list)?
        .and_then(|b| parse_float(&b))
        .map(Term::Float)
        .ok_or_else(not_float_text)
}
