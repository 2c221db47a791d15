//! Arithmetic and comparison, as the BEAM does them: integers never
//! overflow (they grow into big integers), an integer meeting a float
//! becomes a float, `/` always gives a float, and a float that would be
//! infinite or NaN is an `ArithmeticError` instead.

use super::exception::{Exception, Res};
use super::ops::{ArithOp, CmpOp};
use crate::term::{compare, inspect, Term};
use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};
use std::cmp::Ordering;

/// The largest integer the simulation builds, in bits (the BEAM's limit is
/// far larger; a browser tab's memory is not).
pub const MAX_INT_BITS: u64 = 1 << 20;

fn big(t: &Term) -> Option<BigInt> {
    match t {
        Term::Int(i) => Some(BigInt::from(*i)),
        Term::BigInt(b) => Some((**b).clone()),
        _ => None,
    }
}

/// A term as a float, if it is a number.
pub fn to_f64(t: &Term) -> Option<f64> {
    match t {
        Term::Int(i) => Some(*i as f64),
        Term::BigInt(b) => b.to_f64(),
        Term::Float(f) => Some(*f),
        _ => None,
    }
}

/// A finite float result, or `:badarith`.
pub fn float(f: f64, expr: impl FnOnce() -> String) -> Res {
    if f.is_finite() {
        Ok(Term::Float(f))
    } else {
        Err(Exception::badarith(Some(expr())))
    }
}

/// What making an integer past [`MAX_INT_BITS`] raises.
pub fn too_big() -> Exception {
    Exception::system_limit("an integer of more than a million bits")
}

/// An integer result, refusing absurd sizes.
pub fn integer(value: BigInt) -> Res {
    if value.bits() > MAX_INT_BITS {
        return Err(too_big());
    }
    Ok(Term::from_bigint(value))
}

fn symbol(op: ArithOp) -> &'static str {
    match op {
        ArithOp::Add => "+",
        ArithOp::Sub => "-",
        ArithOp::Mul => "*",
        ArithOp::Div => "/",
    }
}

/// `a op b` when both are small integers and so is the result (`None`:
/// ask [`arith`]): the interpreter's fast path, with no `Res` to build.
#[inline]
pub fn small_arith(op: ArithOp, a: &Term, b: &Term) -> Option<i64> {
    match (op, a, b) {
        (ArithOp::Add, Term::Int(x), Term::Int(y)) => x.checked_add(*y),
        (ArithOp::Sub, Term::Int(x), Term::Int(y)) => x.checked_sub(*y),
        (ArithOp::Mul, Term::Int(x), Term::Int(y)) => x.checked_mul(*y),
        _ => None,
    }
}

/// `a op b`.
pub fn arith(op: ArithOp, a: &Term, b: &Term) -> Res {
    let expr = || format!("{} {} {}", inspect(a), symbol(op), inspect(b));
    if let (Term::Int(x), Term::Int(y)) = (a, b) {
        let small = match op {
            ArithOp::Add => x.checked_add(*y),
            ArithOp::Sub => x.checked_sub(*y),
            ArithOp::Mul => x.checked_mul(*y),
            ArithOp::Div => {
                if *y == 0 {
                    return Err(Exception::badarith(Some(expr())));
                }
                return float(*x as f64 / *y as f64, expr);
            }
        };
        if let Some(v) = small {
            return Ok(Term::Int(v));
        }
    }
    let is_float = matches!(a, Term::Float(_)) || matches!(b, Term::Float(_));
    if is_float || op == ArithOp::Div {
        let (Some(x), Some(y)) = (to_f64(a), to_f64(b)) else {
            return Err(Exception::badarith(Some(expr())));
        };
        let v = match op {
            ArithOp::Add => x + y,
            ArithOp::Sub => x - y,
            ArithOp::Mul => x * y,
            ArithOp::Div => {
                if y == 0.0 {
                    return Err(Exception::badarith(Some(expr())));
                }
                x / y
            }
        };
        return float(v, expr);
    }
    let (Some(x), Some(y)) = (big(a), big(b)) else {
        return Err(Exception::badarith(Some(expr())));
    };
    if op == ArithOp::Mul && x.bits() + y.bits() > MAX_INT_BITS + 1 {
        return Err(too_big());
    }
    integer(match op {
        ArithOp::Add => x + y,
        ArithOp::Sub => x - y,
        _ => x * y,
    })
}

/// `-a`.
pub fn negate(a: &Term) -> Res {
    match a {
        Term::Int(i) => Ok(i
            .checked_neg()
            .map_or_else(|| Term::from_bigint(-BigInt::from(*i)), Term::Int)),
        Term::BigInt(b) => Ok(Term::from_bigint(-(**b).clone())),
        Term::Float(f) => Ok(Term::Float(-f)),
        _ => Err(Exception::badarith(Some(format!("-{}", inspect(a))))),
    }
}

/// `div(a, b)` and `rem(a, b)` (truncating, as the BEAM's `div`/`rem`).
pub fn div_rem(a: &Term, b: &Term, rem: bool) -> Res {
    let name = if rem { "rem" } else { "div" };
    let expr = || format!("{name}({}, {})", inspect(a), inspect(b));
    if let (Term::Int(x), Term::Int(y)) = (a, b) {
        if *y == 0 {
            return Err(Exception::badarith(Some(expr())));
        }
        // `i64::MIN div -1` overflows: it falls through to big integers.
        let small = if rem {
            x.checked_rem(*y)
        } else {
            x.checked_div(*y)
        };
        if let Some(v) = small {
            return Ok(Term::Int(v));
        }
    }
    let (Some(x), Some(y)) = (big(a), big(b)) else {
        return Err(Exception::badarith(Some(expr())));
    };
    if y.is_zero() {
        return Err(Exception::badarith(Some(expr())));
    }
    integer(if rem { x % y } else { x / y })
}

/// `a op b` for the comparison operators.
#[inline]
pub fn cmp(op: CmpOp, a: &Term, b: &Term) -> bool {
    // Two small integers: `==` and `===` agree, the order is numeric.
    if let (Term::Int(x), Term::Int(y)) = (a, b) {
        return match op {
            CmpOp::Eq | CmpOp::ExactEq => x == y,
            CmpOp::Ne | CmpOp::ExactNe => x != y,
            CmpOp::Lt => x < y,
            CmpOp::Gt => x > y,
            CmpOp::Le => x <= y,
            CmpOp::Ge => x >= y,
        };
    }
    match op {
        CmpOp::ExactEq => a == b,
        CmpOp::ExactNe => a != b,
        _ => {
            let o = compare(a, b);
            match op {
                CmpOp::Eq => o == Ordering::Equal,
                CmpOp::Ne => o != Ordering::Equal,
                CmpOp::Lt => o == Ordering::Less,
                CmpOp::Gt => o == Ordering::Greater,
                CmpOp::Le => o != Ordering::Greater,
                _ => o != Ordering::Less,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vm::exception::banner;

    #[test]
    fn integers_grow_and_floats_mix() {
        let big = arith(ArithOp::Add, &Term::Int(i64::MAX), &Term::Int(1)).unwrap();
        assert_eq!(inspect(&big), "9223372036854775808");
        assert_eq!(
            inspect(&arith(ArithOp::Mul, &Term::Float(1.5), &Term::Int(2)).unwrap()),
            "3.0"
        );
        assert_eq!(
            inspect(&arith(ArithOp::Div, &Term::Int(1), &Term::Int(2)).unwrap()),
            "0.5"
        );
        let e = arith(ArithOp::Add, &Term::Int(1), &Term::atom("a")).unwrap_err();
        assert_eq!(
            banner(&e),
            "** (ArithmeticError) bad argument in arithmetic expression: 1 + :a"
        );
        let e = arith(ArithOp::Div, &Term::Int(1), &Term::Int(0)).unwrap_err();
        assert_eq!(
            banner(&e),
            "** (ArithmeticError) bad argument in arithmetic expression: 1 / 0"
        );
    }

    #[test]
    fn div_and_rem_truncate_and_never_overflow() {
        let min = Term::Int(i64::MIN);
        let minus = Term::Int(-1);
        assert_eq!(
            inspect(&div_rem(&min, &minus, false).unwrap()),
            "9223372036854775808"
        );
        assert_eq!(div_rem(&min, &minus, true).unwrap(), Term::Int(0));
        assert_eq!(
            div_rem(&Term::Int(-7), &Term::Int(2), false).unwrap(),
            Term::Int(-3)
        );
        assert_eq!(
            div_rem(&Term::Int(-7), &Term::Int(2), true).unwrap(),
            Term::Int(-1)
        );
        let e = div_rem(&Term::Int(1), &Term::Int(0), false).unwrap_err();
        assert_eq!(
            banner(&e),
            "** (ArithmeticError) bad argument in arithmetic expression: div(1, 0)"
        );
    }

    #[test]
    fn comparisons() {
        let ops = [
            CmpOp::Eq,
            CmpOp::Ne,
            CmpOp::ExactEq,
            CmpOp::ExactNe,
            CmpOp::Lt,
            CmpOp::Gt,
            CmpOp::Le,
            CmpOp::Ge,
        ];
        // The small-integer fast path agrees with the term order.
        for (x, y) in [(1, 2), (2, 1), (3, 3), (-5, 4), (i64::MIN, i64::MAX)] {
            let (a, b) = (Term::Int(x), Term::Int(y));
            let o = compare(&a, &b);
            let expected = [
                o == Ordering::Equal,
                o != Ordering::Equal,
                a == b,
                a != b,
                o == Ordering::Less,
                o == Ordering::Greater,
                o != Ordering::Greater,
                o != Ordering::Less,
            ];
            for (op, want) in ops.into_iter().zip(expected) {
                assert_eq!(cmp(op, &a, &b), want, "{x} {op:?} {y}");
            }
        }
        assert_eq!(
            small_arith(ArithOp::Add, &Term::Int(i64::MAX), &Term::Int(1)),
            None
        );
        assert_eq!(
            small_arith(ArithOp::Div, &Term::Int(4), &Term::Int(2)),
            None
        );
        assert_eq!(
            small_arith(ArithOp::Mul, &Term::Int(-3), &Term::Int(4)),
            Some(-12)
        );
        assert!(cmp(CmpOp::Eq, &Term::Int(1), &Term::Float(1.0)));
        assert!(!cmp(CmpOp::ExactEq, &Term::Int(1), &Term::Float(1.0)));
        assert!(cmp(CmpOp::Lt, &Term::Int(1), &Term::atom("a")));
    }
}
