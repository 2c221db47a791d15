//! `:math`: the C library's functions on floats, with OTP's errors (a
//! non-number is "1st argument: not a number"; a result that is not a
//! finite float is `:badarith`).
//!
//! Natively these call the platform's libm, as the BEAM does; in the
//! browser Rust's own port of musl's libm runs, which can differ from
//! glibc in the last bit for some inputs.

use super::support::{args, to_f64};
use super::Bif;
use crate::term::Term;
use crate::vm::exception::{Exception, Res};

const M: &str = "math";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure(M, "pi", 0, pi),
    Bif::pure(M, "sqrt", 1, sqrt),
    Bif::pure(M, "exp", 1, exp),
    Bif::pure(M, "log", 1, log),
    Bif::pure(M, "log2", 1, log2),
    Bif::pure(M, "log10", 1, log10),
    Bif::pure(M, "sin", 1, sin),
    Bif::pure(M, "cos", 1, cos),
    Bif::pure(M, "tan", 1, tan),
    Bif::pure(M, "asin", 1, asin),
    Bif::pure(M, "acos", 1, acos),
    Bif::pure(M, "atan", 1, atan),
    Bif::pure(M, "sinh", 1, sinh),
    Bif::pure(M, "cosh", 1, cosh),
    Bif::pure(M, "tanh", 1, tanh),
    Bif::pure(M, "asinh", 1, asinh),
    Bif::pure(M, "acosh", 1, acosh),
    Bif::pure(M, "atanh", 1, atanh),
    Bif::pure(M, "floor", 1, floor),
    Bif::pure(M, "ceil", 1, ceil),
    Bif::pure(M, "pow", 2, pow),
    Bif::pure(M, "atan2", 2, atan2),
    Bif::pure(M, "fmod", 2, fmod),
];

fn number(term: &Term, n: usize) -> Res<f64> {
    match to_f64(term) {
        Some(f) => Ok(f),
        None if term.is_number() => Err(Exception::badarith(None)),
        None => Err(Exception::badarg_at(n, "not a number")),
    }
}

fn result(f: f64) -> Res {
    if f.is_finite() {
        Ok(Term::Float(f))
    } else {
        Err(Exception::badarith(None))
    }
}

fn unary(args: &[Term], f: fn(f64) -> f64) -> Res {
    args!(args, x);
    result(f(number(x, 1)?))
}

fn binary(args: &[Term], f: fn(f64, f64) -> f64) -> Res {
    args!(args, x, y);
    let x = number(x, 1)?;
    let y = number(y, 2)?;
    result(f(x, y))
}

fn pi(_: &[Term]) -> Res {
    Ok(Term::Float(std::f64::consts::PI))
}

fn sqrt(args: &[Term]) -> Res {
    unary(args, f64::sqrt)
}

fn exp(args: &[Term]) -> Res {
    unary(args, f64::exp)
}

/// A logarithm: undefined (`:badarith`) at zero and below.
fn logarithm(args: &[Term], f: fn(f64) -> f64) -> Res {
    args!(args, x);
    let x = number(x, 1)?;
    if x <= 0.0 {
        return Err(Exception::badarith(None));
    }
    result(f(x))
}

fn log(args: &[Term]) -> Res {
    logarithm(args, f64::ln)
}

fn log2(args: &[Term]) -> Res {
    logarithm(args, f64::log2)
}

fn log10(args: &[Term]) -> Res {
    logarithm(args, f64::log10)
}

fn sin(args: &[Term]) -> Res {
    unary(args, f64::sin)
}

fn cos(args: &[Term]) -> Res {
    unary(args, f64::cos)
}

fn tan(args: &[Term]) -> Res {
    unary(args, f64::tan)
}

fn asin(args: &[Term]) -> Res {
    unary(args, f64::asin)
}

fn acos(args: &[Term]) -> Res {
    unary(args, f64::acos)
}

fn atan(args: &[Term]) -> Res {
    unary(args, f64::atan)
}

fn sinh(args: &[Term]) -> Res {
    unary(args, f64::sinh)
}

fn cosh(args: &[Term]) -> Res {
    unary(args, f64::cosh)
}

fn tanh(args: &[Term]) -> Res {
    unary(args, f64::tanh)
}

fn asinh(args: &[Term]) -> Res {
    unary(args, f64::asinh)
}

fn acosh(args: &[Term]) -> Res {
    unary(args, f64::acosh)
}

fn atanh(args: &[Term]) -> Res {
    unary(args, f64::atanh)
}

fn floor(args: &[Term]) -> Res {
    unary(args, f64::floor)
}

fn ceil(args: &[Term]) -> Res {
    unary(args, f64::ceil)
}

fn pow(args: &[Term]) -> Res {
    binary(args, f64::powf)
}

fn atan2(args: &[Term]) -> Res {
    binary(args, f64::atan2)
}

fn fmod(args: &[Term]) -> Res {
    binary(args, |x, y| x % y)
}
