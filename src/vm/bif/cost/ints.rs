//! What big-integer arithmetic costs. Small integers cost nothing beyond
//! their instruction; once an operand is a `BigInt`, the work grows with
//! its limbs (64-bit words), and results are capped at
//! [`MAX_INT_BITS`](crate::vm::arith::MAX_INT_BITS) before they are made.
//!
//! The rates, measured natively (num-bigint 0.4, release build, about
//! 30 ns a reduction), with `L` the limbs of an operand:
//!
//! - adding, subtracting, shifting, bitwise operators: `L / 16`;
//! - multiplying, dividing, `gcd`: `max(La, Lb) · √min(La, Lb) / 8`
//!   (Karatsuba and Toom-3 are below quadratic: 5 ms for two
//!   million-bit integers);
//! - `base ** n`: the last squaring, `Lr · √Lr / 4` for a result of `Lr`
//!   limbs;
//! - decimal text: `L · √L` (34 ms for a million bits);
//! - parsing decimal text: `2 · L · √L` (79 ms for a million bits).

use crate::term::Term;

/// Limbs (64-bit words) of an integer term; 0 for a small one.
pub fn limbs(t: &Term) -> u64 {
    match t {
        Term::BigInt(b) => b.bits().div_ceil(64),
        _ => 0,
    }
}

/// Adding, subtracting, shifting or a bitwise operator on `a` and `b`.
pub fn linear(a: &Term, b: &Term) -> u64 {
    limbs(a).max(limbs(b)) / 16
}

/// Multiplying or dividing integers of `la` and `lb` limbs.
pub fn product(la: u64, lb: u64) -> u64 {
    let (big, small) = (la.max(lb), la.min(lb).max(1));
    big.saturating_mul(small.isqrt()) / 8
}

/// Multiplying, dividing or `gcd` of `a` and `b` (0 unless one is big).
pub fn mul(a: &Term, b: &Term) -> u64 {
    if limbs(a) == 0 && limbs(b) == 0 {
        return 0;
    }
    product(limbs(a).max(1), limbs(b).max(1))
}

/// Raising to a power whose result has `bits` bits.
pub fn pow(bits: u64) -> u64 {
    let l = bits.div_ceil(64);
    l.saturating_mul(l.isqrt()) / 4
}

/// Writing an integer of `l` limbs as text.
pub fn text(l: u64) -> u64 {
    l.saturating_mul(l.isqrt())
}

/// Reading `digits` digits in `base` as an integer.
pub fn parse(digits: u64, base: u32) -> u64 {
    let bits = digits.saturating_mul(u64::from(32 - base.max(2).leading_zeros()));
    if bits <= 64 {
        return 0;
    }
    text(bits.div_ceil(64)).saturating_mul(2)
}

/// What an arithmetic instruction on `a` and `b` costs beyond its one
/// reduction: nothing for small integers and floats.
pub fn arith(op: crate::vm::ops::ArithOp, a: &Term, b: &Term) -> u64 {
    use crate::vm::ops::ArithOp;
    match op {
        ArithOp::Add | ArithOp::Sub => linear(a, b),
        ArithOp::Mul => mul(a, b),
        ArithOp::Div => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigInt;

    fn big(bits: u64) -> Term {
        Term::from_bigint(BigInt::from(1) << bits)
    }

    #[test]
    fn small_integers_cost_nothing_and_big_ones_grow() {
        assert_eq!(mul(&Term::Int(3), &Term::Int(4)), 0);
        assert_eq!(linear(&Term::Int(3), &Term::Int(4)), 0);
        // Two million-bit integers: about 5 ms of work.
        let m = big(1 << 20);
        assert!(
            (100_000..1_000_000).contains(&mul(&m, &m)),
            "{}",
            mul(&m, &m)
        );
        assert!(text(limbs(&m)) > 1_000_000);
        assert!(parse(300_000, 10) > 2_000_000);
        assert!(parse(18, 10) < 10);
    }
}
