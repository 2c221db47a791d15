//! `Float`: parsing, rounding to a precision (on the float's exact
//! value, as Elixir does), text, `ratio/1` and the finite bounds.

use super::erlang_convert::charlist;
use super::erlang_float::{fixed, parse_float};
use super::support::{args, no_clause, pair, to_f64};
use super::Bif;
use crate::term::{float_to_string, inspect, Term};
use crate::vm::exception::{Exception, Res};
use num_bigint::BigInt;

const M: &str = "Elixir.Float";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure(M, "parse", 1, parse),
    Bif::pure(M, "round", 1, round1),
    Bif::pure(M, "round", 2, round2),
    Bif::pure(M, "ceil", 1, ceil1),
    Bif::pure(M, "ceil", 2, ceil2),
    Bif::pure(M, "floor", 1, floor1),
    Bif::pure(M, "floor", 2, floor2),
    Bif::pure(M, "to_string", 1, to_string),
    Bif::pure(M, "to_charlist", 1, to_charlist),
    Bif::pure(M, "ratio", 1, ratio),
    Bif::pure(M, "min_finite", 0, min_finite),
    Bif::pure(M, "max_finite", 0, max_finite),
    Bif::pure(M, "pow", 2, pow),
];

/// The longest prefix of `bytes` that `Float.parse/1` reads (digits, an
/// optional `.digits`, an optional exponent), as text Erlang can parse.
fn float_prefix(bytes: &[u8]) -> Option<(String, usize)> {
    let digits = |from: usize| {
        bytes
            .iter()
            .skip(from)
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let int = digits(0);
    if int == 0 {
        return None;
    }
    let mut text = String::from_utf8_lossy(bytes.get(..int)?).into_owned();
    let mut at = int;
    let mut dot = false;
    if bytes.get(at) == Some(&b'.') && digits(at + 1) > 0 {
        let n = digits(at + 1);
        text.push_str(&String::from_utf8_lossy(bytes.get(at..at + 1 + n)?));
        at += 1 + n;
        dot = true;
    }
    if !dot {
        text.push_str(".0");
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        let sign = matches!(bytes.get(at + 1), Some(b'+' | b'-'));
        let from = at + 1 + usize::from(sign);
        let n = digits(from);
        if n > 0 {
            text.push('e');
            text.push_str(&String::from_utf8_lossy(bytes.get(at + 1..from + n)?));
            at = from + n;
        }
    }
    Some((text, at))
}

fn parse(args: &[Term]) -> Res {
    args!(args, b);
    let Some(bytes) = b.as_binary() else {
        return Err(no_clause(M, "parse_unsigned", args));
    };
    let (negative, body) = match bytes.first() {
        Some(b'-') => (true, bytes.get(1..).unwrap_or_default()),
        Some(b'+') => (false, bytes.get(1..).unwrap_or_default()),
        _ => (false, bytes),
    };
    let Some((text, used)) = float_prefix(body) else {
        return Ok(Term::atom("error"));
    };
    let Some(value) = parse_float(text.as_bytes()) else {
        if text.contains('e') {
            return Ok(Term::atom("error"));
        }
        return Err(Exception::badarg_at(
            1,
            "not a textual representation of a float",
        ));
    };
    let value = if negative { -value } else { value };
    Ok(pair(
        Term::Float(value),
        Term::bytes(body.get(used..).unwrap_or_default()),
    ))
}

#[derive(Clone, Copy)]
enum Mode {
    HalfUp,
    Ceil,
    Floor,
}

/// `f` rounded to `precision` decimal digits, on its exact value.
fn round_to(f: f64, precision: usize, mode: Mode) -> f64 {
    let exact = format!("{:.1100}", f);
    let (int_part, frac) = exact.split_once('.').unwrap_or((&exact, ""));
    let truncated = format!("{int_part}.{}", frac.get(..precision).unwrap_or(frac));
    let rest_nonzero = frac
        .get(precision..)
        .is_some_and(|r| r.bytes().any(|b| b != b'0'));
    let toward_zero: f64 = truncated.parse().unwrap_or(f);
    let step = 10f64.powi(-(precision as i32));
    let text = match mode {
        Mode::HalfUp => fixed(f, precision, false),
        Mode::Floor if f < 0.0 && rest_nonzero => {
            return adjust(&truncated, precision, f < 0.0, toward_zero - step)
        }
        Mode::Ceil if f > 0.0 && rest_nonzero => {
            return adjust(&truncated, precision, false, toward_zero + step)
        }
        _ => truncated,
    };
    text.parse().unwrap_or(f)
}

/// `truncated` moved one unit in its last place away from zero, exactly.
fn adjust(truncated: &str, precision: usize, negative: bool, fallback: f64) -> f64 {
    let digits: String = truncated.chars().filter(char::is_ascii_digit).collect();
    let Ok(n) = digits.parse::<BigInt>() else {
        return fallback;
    };
    let n: BigInt = n + BigInt::from(1);
    let text = n.to_string();
    let text = format!("{text:0>width$}", width = precision + 1);
    let split = text.len() - precision;
    let (a, b) = text.split_at(split);
    let sign = if negative { "-" } else { "" };
    format!("{sign}{a}.{b}").parse().unwrap_or(fallback)
}

fn precision_arg(args: &[Term], name: &str, mode: Mode) -> Res {
    args!(args, f, precision);
    let Term::Float(x) = f else {
        return Err(no_clause(M, name, args));
    };
    match precision {
        Term::Int(0) => Ok(Term::Float(match mode {
            Mode::HalfUp => {
                let r = x.round();
                if r == 0.0 {
                    0.0
                } else {
                    r
                }
            }
            Mode::Ceil => x.ceil(),
            Mode::Floor => x.floor(),
        })),
        Term::Int(p @ 1..=15) => Ok(Term::Float(round_to(*x, *p as usize, mode))),
        _ => Err(Exception::argument(format!(
            "precision {} is out of valid range of 0..15",
            inspect(precision)
        ))),
    }
}

fn round1(args: &[Term]) -> Res {
    args!(args, f);
    round2(&[f.clone(), Term::Int(0)])
}

fn round2(args: &[Term]) -> Res {
    precision_arg(args, "round", Mode::HalfUp)
}

fn ceil1(args: &[Term]) -> Res {
    args!(args, f);
    ceil2(&[f.clone(), Term::Int(0)])
}

fn ceil2(args: &[Term]) -> Res {
    precision_arg(args, "ceil", Mode::Ceil)
}

fn floor1(args: &[Term]) -> Res {
    args!(args, f);
    floor2(&[f.clone(), Term::Int(0)])
}

fn floor2(args: &[Term]) -> Res {
    precision_arg(args, "floor", Mode::Floor)
}

fn to_string(args: &[Term]) -> Res {
    args!(args, f);
    match f {
        Term::Float(x) => Ok(Term::string(&float_to_string(*x))),
        _ => Err(no_clause(M, "to_string", args)),
    }
}

fn to_charlist(args: &[Term]) -> Res {
    args!(args, f);
    match f {
        Term::Float(x) => Ok(charlist(&float_to_string(*x))),
        _ => Err(no_clause(M, "to_charlist", args)),
    }
}

fn ratio(args: &[Term]) -> Res {
    args!(args, f);
    let Term::Float(x) = f else {
        return Err(no_clause(M, "ratio", args));
    };
    if *x == 0.0 {
        return Ok(pair(Term::Int(0), Term::Int(1)));
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7FF) as i64;
    let frac = bits & ((1 << 52) - 1);
    let (mut mantissa, mut e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), exp - 1075)
    };
    let zeros = mantissa.trailing_zeros();
    mantissa >>= zeros;
    e += i64::from(zeros);
    let sign = if *x < 0.0 { -1 } else { 1 };
    let num = BigInt::from(mantissa) * sign;
    Ok(if e >= 0 {
        pair(Term::from_bigint(num << (e as u64)), Term::Int(1))
    } else {
        pair(
            Term::from_bigint(num),
            Term::from_bigint(BigInt::from(1) << (-e) as u64),
        )
    })
}

fn min_finite(_: &[Term]) -> Res {
    Ok(Term::Float(f64::MIN))
}

fn max_finite(_: &[Term]) -> Res {
    Ok(Term::Float(f64::MAX))
}

fn pow(args: &[Term]) -> Res {
    args!(args, base, exponent);
    let (Term::Float(b), Some(e)) = (base, to_f64(exponent)) else {
        return Err(no_clause(M, "pow", args));
    };
    let r = b.powf(e);
    if r.is_finite() {
        Ok(Term::Float(r))
    } else {
        Err(Exception::badarith(None))
    }
}
