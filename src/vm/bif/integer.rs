//! `Integer`: parsing, digits, powers, gcd, modulo and floor division,
//! raising what Elixir 1.14's own code raises (a clause error in the
//! function, or the `:erlang` error of the operation inside it).

use super::erlang_arith::{div, mul, rem};
use super::erlang_convert::parse_int;
use super::support::{args, big, is_integer, no_clause, pair};
use super::Bif;
use crate::term::{inspect, Term};
use crate::vm::arith::MAX_INT_BITS;
use crate::vm::exception::{Exception, Res};
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

const M: &str = "Elixir.Integer";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure(M, "parse", 1, parse1),
    Bif::pure(M, "parse", 2, parse2),
    Bif::pure(M, "digits", 1, digits1),
    Bif::pure(M, "digits", 2, digits2),
    Bif::pure(M, "undigits", 1, undigits1),
    Bif::pure(M, "undigits", 2, undigits2),
    Bif::pure(M, "pow", 2, pow),
    Bif::pure(M, "gcd", 2, gcd),
    Bif::pure(M, "extended_gcd", 2, extended_gcd),
    Bif::pure(M, "mod", 2, modulo),
    Bif::pure(M, "floor_div", 2, floor_div),
];

fn parse1(args: &[Term]) -> Res {
    args!(args, b);
    parse2(&[b.clone(), Term::Int(10)])
}

/// How many leading bytes of `bytes` are an integer in `base` (with an
/// optional sign); 0 when there is none.
fn count_digits(bytes: &[u8], base: u32) -> usize {
    let (sign, rest) = match bytes.first() {
        Some(b'+' | b'-') => (1, bytes.get(1..).unwrap_or_default()),
        _ => (0, bytes),
    };
    let n = rest
        .iter()
        .take_while(|&&b| char::from(b).is_digit(base))
        .count();
    if n == 0 {
        0
    } else {
        n + sign
    }
}

fn parse2(args: &[Term]) -> Res {
    args!(args, b, base);
    let radix = match base {
        Term::Int(r) if (2..=36).contains(r) => *r as u32,
        _ => {
            return Err(Exception::argument(format!(
                "invalid base {}",
                inspect(base)
            )))
        }
    };
    let Some(bytes) = b.as_binary() else {
        return Err(no_clause(M, "parse", args));
    };
    let n = count_digits(bytes, radix);
    if n == 0 {
        return Ok(Term::atom("error"));
    }
    let (digits, rest) = bytes.split_at(n);
    let value = parse_int(digits, radix).unwrap_or(Term::Int(0));
    Ok(pair(value, Term::bytes(rest)))
}

fn digits1(args: &[Term]) -> Res {
    args!(args, n);
    digits2(&[n.clone(), Term::Int(10)])
}

fn digits2(args: &[Term]) -> Res {
    args!(args, n, base);
    let (Some(n), Term::Int(b @ 2..)) = (big(n), base) else {
        return Err(no_clause(M, "digits", args));
    };
    let base = BigInt::from(*b);
    let mut out = Vec::new();
    let mut rest = n;
    while rest.abs() >= base {
        let (q, r) = (&rest / &base, &rest % &base);
        out.push(Term::from_bigint(r));
        rest = q;
    }
    out.push(Term::from_bigint(rest));
    out.reverse();
    Ok(Term::list(out))
}

fn undigits1(args: &[Term]) -> Res {
    args!(args, digits);
    undigits2(&[digits.clone(), Term::Int(10)])
}

fn undigits2(args: &[Term]) -> Res {
    args!(args, digits, base);
    let (true, Term::Int(b @ 2..)) = (digits.is_list(), base) else {
        return Err(no_clause(M, "undigits", args));
    };
    let mut acc = BigInt::zero();
    let mut rest = digits;
    loop {
        match rest.head_tail() {
            None if rest.is_empty_list() => return Ok(Term::from_bigint(acc)),
            Some((d, tail)) if is_integer(d) => {
                let d = big(d).unwrap_or_default();
                if d >= BigInt::from(*b) {
                    return Err(Exception::argument(format!(
                        "invalid digit {d} in base {b}"
                    )));
                }
                acc = acc * b + d;
                if acc.bits() > MAX_INT_BITS {
                    return Err(crate::vm::arith::too_big());
                }
                rest = tail;
            }
            _ => {
                return Err(no_clause(
                    M,
                    "do_undigits",
                    &[rest.clone(), base.clone(), Term::from_bigint(acc)],
                ))
            }
        }
    }
}

/// `base ** exponent` for integers, refusing results past the size limit.
pub(super) fn int_pow(base: &BigInt, exponent: u64) -> Res {
    let bits = base
        .bits()
        .saturating_sub(1)
        .max(u64::from(base.abs() > BigInt::from(1)));
    if u128::from(bits) * u128::from(exponent) > u128::from(MAX_INT_BITS) {
        return Err(crate::vm::arith::too_big());
    }
    let exponent = u32::try_from(exponent).map_err(|_| crate::vm::arith::too_big())?;
    Ok(Term::from_bigint(num_traits::pow(
        base.clone(),
        exponent as usize,
    )))
}

fn pow(args: &[Term]) -> Res {
    args!(args, b, e);
    let (Some(base), Some(exp)) = (big(b), big(e)) else {
        return Err(no_clause(M, "pow", args));
    };
    if exp.is_negative() {
        return Err(Exception::badarith(None));
    }
    match exp.to_u64() {
        Some(e) => int_pow(&base, e),
        None if base.abs() <= BigInt::from(1) => {
            let odd = is_odd(&exp);
            Ok(Term::from_bigint(if base.is_negative() && !odd {
                -base
            } else {
                base
            }))
        }
        None => Err(crate::vm::arith::too_big()),
    }
}

fn gcd(args: &[Term]) -> Res {
    args!(args, a, b);
    let (Some(x), Some(y)) = (big(a), big(b)) else {
        return Err(no_clause(M, "gcd", args));
    };
    Ok(Term::from_bigint(gcd_of(x, y)))
}

fn extended_gcd(args: &[Term]) -> Res {
    args!(args, a, b);
    let (Some(x), Some(y)) = (big(a), big(b)) else {
        return Err(no_clause(M, "extended_gcd", args));
    };
    let t = |a: BigInt, b: BigInt, c: BigInt| {
        Ok(Term::tuple([
            Term::from_bigint(a),
            Term::from_bigint(b),
            Term::from_bigint(c),
        ]))
    };
    let (zero, one) = (BigInt::zero(), BigInt::from(1));
    if x.is_zero() && y.is_zero() {
        return t(zero.clone(), zero.clone(), zero);
    }
    if x.is_zero() {
        return t(y, zero, one);
    }
    if y.is_zero() {
        return t(x, one, zero);
    }
    let (mut r1, mut r0) = (y, x);
    let (mut s1, mut s0) = (zero.clone(), one.clone());
    let (mut t1, mut t0) = (one, zero);
    loop {
        let q = &r0 / &r1;
        let r2 = &r0 - &q * &r1;
        if r2.is_zero() {
            return if r1.is_positive() {
                t(r1, s1, t1)
            } else {
                t(-r1, -s1, -t1)
            };
        }
        let s2 = &s0 - &q * &s1;
        let t2 = &t0 - &q * &t1;
        r0 = std::mem::replace(&mut r1, r2);
        s0 = std::mem::replace(&mut s1, s2);
        t0 = std::mem::replace(&mut t1, t2);
    }
}

fn is_negative(t: &Term) -> bool {
    crate::term::compare(t, &Term::Int(0)).is_lt()
}

fn is_odd(n: &BigInt) -> bool {
    !(n % BigInt::from(2)).is_zero()
}

/// Euclid's algorithm on magnitudes.
fn gcd_of(a: BigInt, b: BigInt) -> BigInt {
    let (mut a, mut b) = (a.abs(), b.abs());
    while !b.is_zero() {
        let r = &a % &b;
        a = std::mem::replace(&mut b, r);
    }
    a
}

fn modulo(args: &[Term]) -> Res {
    args!(args, a, b);
    let r = rem(&[a.clone(), b.clone()])?;
    let product = mul(&[r.clone(), b.clone()])?;
    if is_negative(&product) {
        super::erlang_arith::add(&[r, b.clone()])
    } else {
        Ok(r)
    }
}

fn floor_div(args: &[Term]) -> Res {
    args!(args, a, b);
    let product = mul(&[a.clone(), b.clone()])?;
    if is_negative(&product) && rem(&[a.clone(), b.clone()])? != Term::Int(0) {
        super::erlang_arith::sub(&[div(&[a.clone(), b.clone()])?, Term::Int(1)])
    } else {
        div(&[a.clone(), b.clone()])
    }
}
