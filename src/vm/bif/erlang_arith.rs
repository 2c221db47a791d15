//! `:erlang`'s arithmetic: `+ - * /`, `div`, `rem`, `abs`, rounding,
//! `max`/`min` and the bitwise operators, on small and big integers and
//! floats. A `:badarith` carries the expression as iex blames it
//! (`div(1, 0)`, `1 + :a`, `Bitwise.band(1.0, 1)`).

use super::support::{args, big, float, to_f64};
use super::Bif;
use crate::term::{compare, inspect, Term};
use crate::vm::exception::{Exception, Res};
use num_bigint::BigInt;
use num_traits::{FromPrimitive, Signed, ToPrimitive, Zero};
use std::cmp::Ordering;

const M: &str = "erlang";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::guard(M, "+", 2, add),
    Bif::guard(M, "-", 2, sub),
    Bif::guard(M, "*", 2, mul),
    Bif::guard(M, "/", 2, fdiv),
    Bif::guard(M, "+", 1, plus),
    Bif::guard(M, "-", 1, neg),
    Bif::guard(M, "div", 2, div),
    Bif::guard(M, "rem", 2, rem),
    Bif::guard(M, "abs", 1, abs),
    Bif::guard(M, "trunc", 1, trunc),
    Bif::guard(M, "round", 1, round),
    Bif::guard(M, "ceil", 1, ceil),
    Bif::guard(M, "floor", 1, floor),
    Bif::guard(M, "float", 1, to_float),
    // max/2 and min/2 became guard BIFs only in OTP 26.
    Bif::pure(M, "max", 2, max),
    Bif::pure(M, "min", 2, min),
    Bif::guard(M, "band", 2, band),
    Bif::guard(M, "bor", 2, bor),
    Bif::guard(M, "bxor", 2, bxor),
    Bif::guard(M, "bsl", 2, bsl),
    Bif::guard(M, "bsr", 2, bsr),
    Bif::guard(M, "bnot", 1, bnot),
];

/// The most bits an integer result may have.
const MAX_BITS: u64 = crate::vm::arith::MAX_INT_BITS;

fn infix(a: &Term, op: &str, b: &Term) -> Exception {
    Exception::badarith(Some(format!("{} {op} {}", inspect(a), inspect(b))))
}

fn call_text(name: &str, args: &[&Term]) -> Exception {
    let shown: Vec<String> = args.iter().map(|a| inspect(a)).collect();
    Exception::badarith(Some(format!("{name}({})", shown.join(", "))))
}

/// An integer from a `BigInt`, refusing results past the size limit.
fn int(value: BigInt) -> Res {
    crate::vm::arith::integer(value)
}

/// `a op b` for two numbers; `None` when either is not a number.
fn numeric(
    a: &Term,
    b: &Term,
    small: fn(i64, i64) -> Option<i64>,
    large: fn(BigInt, BigInt) -> BigInt,
    real: fn(f64, f64) -> f64,
) -> Option<Res> {
    match (a, b) {
        (Term::Int(x), Term::Int(y)) => Some(match small(*x, *y) {
            Some(v) => Ok(Term::Int(v)),
            None => int(large(BigInt::from(*x), BigInt::from(*y))),
        }),
        (Term::Float(_), _) | (_, Term::Float(_)) => {
            let (x, y) = (to_f64(a)?, to_f64(b)?);
            Some(float(real(x, y)))
        }
        _ => {
            let (x, y) = (big(a)?, big(b)?);
            Some(int(large(x, y)))
        }
    }
}

/// `:erlang.+/2`.
pub(super) fn add(args: &[Term]) -> Res {
    args!(args, a, b);
    numeric(a, b, i64::checked_add, |x, y| x + y, |x, y| x + y)
        .unwrap_or_else(|| Err(infix(a, "+", b)))
        .map_err(|_| infix(a, "+", b))
}

/// `:erlang.-/2`.
pub(super) fn sub(args: &[Term]) -> Res {
    args!(args, a, b);
    numeric(a, b, i64::checked_sub, |x, y| x - y, |x, y| x - y)
        .unwrap_or_else(|| Err(infix(a, "-", b)))
        .map_err(|_| infix(a, "-", b))
}

/// `:erlang.*/2`.
pub(super) fn mul(args: &[Term]) -> Res {
    args!(args, a, b);
    if let (Some(x), Some(y)) = (big(a), big(b)) {
        if x.bits() + y.bits() > MAX_BITS + 1 {
            return Err(crate::vm::arith::too_big());
        }
    }
    numeric(a, b, i64::checked_mul, |x, y| x * y, |x, y| x * y)
        .unwrap_or_else(|| Err(infix(a, "*", b)))
        .map_err(|e| match e.reason.as_atom() {
            Some("system_limit") => e,
            _ => infix(a, "*", b),
        })
}

/// `:erlang.//2`: always a float.
pub(super) fn fdiv(args: &[Term]) -> Res {
    args!(args, a, b);
    match (to_f64(a), to_f64(b)) {
        (Some(x), Some(y)) if y != 0.0 => float(x / y).map_err(|_| infix(a, "/", b)),
        _ => Err(infix(a, "/", b)),
    }
}

pub(super) fn plus(args: &[Term]) -> Res {
    args!(args, a);
    if a.is_number() {
        Ok(a.clone())
    } else {
        Err(call_text("+", &[a]))
    }
}

/// `:erlang.-/1`.
pub(super) fn neg(args: &[Term]) -> Res {
    args!(args, a);
    match a {
        Term::Int(i) => Ok(Term::from_i128(-i128::from(*i))),
        Term::BigInt(b) => Ok(Term::from_bigint(-(**b).clone())),
        Term::Float(f) => Ok(Term::Float(-f)),
        _ => Err(call_text("-", &[a])),
    }
}

/// `div/2`: integer division truncating toward zero.
pub(super) fn div(args: &[Term]) -> Res {
    args!(args, a, b);
    let fail = || call_text("div", &[a, b]);
    match (a, b) {
        (Term::Int(x), Term::Int(y)) if *y != 0 => {
            Ok(Term::from_i128(i128::from(*x) / i128::from(*y)))
        }
        _ => match (big(a), big(b)) {
            (Some(x), Some(y)) if !y.is_zero() => Ok(Term::from_bigint(x / y)),
            _ => Err(fail()),
        },
    }
}

/// `rem/2`: the remainder, with the sign of the dividend.
pub(super) fn rem(args: &[Term]) -> Res {
    args!(args, a, b);
    let fail = || call_text("rem", &[a, b]);
    match (a, b) {
        (Term::Int(x), Term::Int(y)) if *y != 0 => {
            Ok(Term::from_i128(i128::from(*x) % i128::from(*y)))
        }
        _ => match (big(a), big(b)) {
            (Some(x), Some(y)) if !y.is_zero() => Ok(Term::from_bigint(x % y)),
            _ => Err(fail()),
        },
    }
}

fn not_a_number() -> Exception {
    Exception::badarg_at(1, "not a number")
}

/// `abs/1`.
pub(super) fn abs(args: &[Term]) -> Res {
    args!(args, a);
    match a {
        Term::Int(i) => Ok(Term::from_i128(i128::from(*i).abs())),
        Term::BigInt(b) => Ok(Term::from_bigint(b.abs())),
        Term::Float(f) => Ok(Term::Float(if *f < 0.0 { -f } else { *f })),
        _ => Err(not_a_number()),
    }
}

/// An integer from a whole float.
pub(super) fn float_to_int(f: f64) -> Term {
    if f.abs() < 9.0e18 {
        Term::Int(f as i64)
    } else {
        Term::from_bigint(BigInt::from_f64(f).unwrap_or_default())
    }
}

fn rounded(args: &[Term], how: fn(f64) -> f64) -> Res {
    args!(args, a);
    match a {
        Term::Int(_) | Term::BigInt(_) => Ok(a.clone()),
        Term::Float(f) => Ok(float_to_int(how(*f))),
        _ => Err(not_a_number()),
    }
}

pub(super) fn trunc(args: &[Term]) -> Res {
    rounded(args, f64::trunc)
}

/// `round/1`: halves away from zero.
pub(super) fn round(args: &[Term]) -> Res {
    rounded(args, f64::round)
}

pub(super) fn ceil(args: &[Term]) -> Res {
    rounded(args, f64::ceil)
}

pub(super) fn floor(args: &[Term]) -> Res {
    rounded(args, f64::floor)
}

/// `:erlang.float/1`.
pub(super) fn to_float(args: &[Term]) -> Res {
    args!(args, a);
    match to_f64(a) {
        Some(f) => Ok(Term::Float(f)),
        None if a.is_number() => Err(Exception::badarg_at(1, "not a number")),
        None => Err(not_a_number()),
    }
}

/// `max/2`: the second only when it is strictly greater.
pub(super) fn max(args: &[Term]) -> Res {
    args!(args, a, b);
    Ok(if compare(a, b) == Ordering::Less {
        b
    } else {
        a
    }
    .clone())
}

/// `min/2`: the second only when it is strictly smaller.
pub(super) fn min(args: &[Term]) -> Res {
    args!(args, a, b);
    Ok(if compare(a, b) == Ordering::Greater {
        b
    } else {
        a
    }
    .clone())
}

fn bitwise(args: &[Term], name: &str, op: fn(BigInt, BigInt) -> BigInt) -> Res {
    args!(args, a, b);
    match (a, b) {
        (Term::Int(x), Term::Int(y)) => {
            Ok(Term::from_bigint(op(BigInt::from(*x), BigInt::from(*y))))
        }
        _ => match (big(a), big(b)) {
            (Some(x), Some(y)) => Ok(Term::from_bigint(op(x, y))),
            _ => Err(call_text(&format!("Bitwise.{name}"), &[a, b])),
        },
    }
}

pub(super) fn band(args: &[Term]) -> Res {
    bitwise(args, "band", |x, y| x & y)
}

pub(super) fn bor(args: &[Term]) -> Res {
    bitwise(args, "bor", |x, y| x | y)
}

pub(super) fn bxor(args: &[Term]) -> Res {
    bitwise(args, "bxor", |x, y| x ^ y)
}

/// `a` shifted left by `by` bits (right when negative), as `bsl` does.
fn shift(a: &Term, by: &Term, name: &str, left: bool) -> Res {
    let (Some(x), Some(n)) = (big(a), big(by)) else {
        return Err(call_text(&format!("Bitwise.{name}"), &[a, by]));
    };
    let n = if left { n } else { -n };
    if x.is_zero() {
        return Ok(Term::Int(0));
    }
    match n.to_i64() {
        Some(n) if n >= 0 => {
            if x.bits().saturating_add(n as u64) > MAX_BITS {
                return Err(Exception::error(Term::atom("system_limit")));
            }
            Ok(Term::from_bigint(x << (n as u64)))
        }
        Some(n) if n.unsigned_abs() < x.bits() + 1 => Ok(Term::from_bigint(x >> n.unsigned_abs())),
        _ if n.is_positive() => Err(Exception::error(Term::atom("system_limit"))),
        _ => Ok(Term::Int(if x.is_negative() { -1 } else { 0 })),
    }
}

pub(super) fn bsl(args: &[Term]) -> Res {
    args!(args, a, b);
    shift(a, b, "bsl", true)
}

pub(super) fn bsr(args: &[Term]) -> Res {
    args!(args, a, b);
    shift(a, b, "bsr", false)
}

pub(super) fn bnot(args: &[Term]) -> Res {
    args!(args, a);
    match big(a) {
        Some(x) => Ok(Term::from_bigint(!x)),
        None => Err(call_text("Bitwise.bnot", &[a])),
    }
}
