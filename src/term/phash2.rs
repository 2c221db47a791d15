//! `:erlang.phash2/1,2`, bit-compatible with the BEAM (OTP 25, 64-bit).
//!
//! Routing (`:erlang.phash2(key, shards)`) must pick the same shard as a real
//! cluster would, so this follows the BEAM's `make_hash2` step by step: Bob
//! Jenkins' `MIX` over 32-bit words, a type-specific constant per kind of
//! term, and an explicit work stack (as the BEAM uses) so deep terms do not
//! recurse.
//!
//! What each kind contributes:
//!
//! - integers in `-2^27..2^27` hash their 32-bit value (negatives twice);
//!   larger ones hash the 64-bit digits of their magnitude, sign in the
//!   constant;
//! - atoms hash their text with `hashpjw` (two-byte UTF-8 sequences of
//!   U+0080..U+00FF folded back to Latin-1 first); an atom seen while the
//!   running hash is still 0 just *becomes* the hash, as on the BEAM;
//! - binaries go through Jenkins' block hash, seeded with the running hash;
//! - lists fold runs of small integers `0..=255` four at a time (the
//!   "string" fast path), recurse into other elements, and end with `[]`;
//! - tuples hash their arity, then the elements in order;
//! - maps hash their size, then the XOR of independent key/value hashes, so
//!   key order (and the BEAM's flatmap/HAMT layout) does not matter;
//! - pids hash only their number (`id`): not the node, not the serial. The
//!   BEAM hashes a pid `<N.id.serial>` this way whether it is local or
//!   remote, so the node index → node name mapping (0 is `a@sim`, ...) never
//!   affects the hash;
//! - references hash only their lowest number, the last one printed in
//!   `#Reference<node.a.b.c>` (see [`Ref::printed_numbers`](super::Ref::printed_numbers));
//! - captures `&m.f/a` hash arity and module, then the function name.

use super::{Fun, Term};
use num_bigint::{BigInt, Sign};

#[cfg(test)]
mod tests;

/// `:erlang.phash2(term)`: the hash in `0..2^27`.
pub fn phash2(term: &Term) -> u32 {
    make_hash2(term) & PHASH2_MASK
}

/// The 27 bits `:erlang.phash2/1` keeps of the full hash.
pub(crate) const PHASH2_MASK: u32 = (1 << 27) - 1;

/// The running hash once `make_hash2` has read a tuple's arity: where the
/// tuple's first element starts (see [`hash_after`]).
pub(crate) const fn tuple_start(arity: u32) -> u32 {
    let mut hash = 0;
    hash_word(&mut hash, arity, HCONST_9);
    hash
}

/// `hash_after(hash, &Term::Int(n))` for `n` in `0..2^27`: one Jenkins mix,
/// straight-line code the compiler can run for many `n` side by side.
/// (Larger `n` give a hash, but not `phash2`'s.)
#[inline(always)]
pub(crate) fn hash_after_small(hash: u32, n: u32) -> u32 {
    let mut hash = hash;
    hash_word(&mut hash, n, HCONST);
    hash
}

/// `:erlang.phash2(term, range)`: the hash in `0..range`.
///
/// The BEAM accepts `1..=2^32`; `2^32` does not fit in a `u32`, so it is
/// passed as `0` (the BEAM's own internal encoding) and yields the full
/// 32-bit hash. Rejecting out-of-range arguments is the caller's job.
pub fn phash2_range(term: &Term, range: u32) -> u32 {
    let hash = make_hash2(term);
    if range == 0 {
        hash
    } else {
        hash % range
    }
}

/// The golden ratio, Jenkins' arbitrary seed; `HCONST_N` is `HCONST * N`.
const HCONST: u32 = 0x9e37_79b9;
const HCONST_2: u32 = HCONST.wrapping_mul(2);
const HCONST_3: u32 = HCONST.wrapping_mul(3);
const HCONST_4: u32 = HCONST.wrapping_mul(4);
const HCONST_5: u32 = HCONST.wrapping_mul(5);
const HCONST_7: u32 = HCONST.wrapping_mul(7);
const HCONST_9: u32 = HCONST.wrapping_mul(9);
const HCONST_10: u32 = HCONST.wrapping_mul(10);
const HCONST_11: u32 = HCONST.wrapping_mul(11);
const HCONST_12: u32 = HCONST.wrapping_mul(12);
const HCONST_13: u32 = HCONST.wrapping_mul(13);
const HCONST_14: u32 = HCONST.wrapping_mul(14);
const HCONST_16: u32 = HCONST.wrapping_mul(16);
const HCONST_19: u32 = HCONST.wrapping_mul(19);
const HCONST_20: u32 = HCONST.wrapping_mul(20);
const HCONST_21: u32 = HCONST.wrapping_mul(21);

/// The BEAM's tag number for `[]`, mixed in when a list ends mid-term.
const NIL_DEF: u32 = 2;
/// The hash of a top-level `[]` (a constant in the BEAM).
const NIL_HASH: u32 = 3_468_870_702;

/// Jenkins' reversible mix of three 32-bit words (the BEAM's `MIX`).
/// Always inlined: the lanes of [`hash_after_small`] only vectorize when
/// the mix is straight-line code in the caller's loop.
#[inline(always)]
const fn mix(a: &mut u32, b: &mut u32, c: &mut u32) {
    *a = a.wrapping_sub(*b).wrapping_sub(*c) ^ (*c >> 13);
    *b = b.wrapping_sub(*c).wrapping_sub(*a) ^ (*a << 8);
    *c = c.wrapping_sub(*a).wrapping_sub(*b) ^ (*b >> 13);
    *a = a.wrapping_sub(*b).wrapping_sub(*c) ^ (*c >> 12);
    *b = b.wrapping_sub(*c).wrapping_sub(*a) ^ (*a << 16);
    *c = c.wrapping_sub(*a).wrapping_sub(*b) ^ (*b >> 5);
    *a = a.wrapping_sub(*b).wrapping_sub(*c) ^ (*c >> 3);
    *b = b.wrapping_sub(*c).wrapping_sub(*a) ^ (*a << 10);
    *c = c.wrapping_sub(*a).wrapping_sub(*b) ^ (*b >> 15);
}

/// Mixes two words into the running hash under a kind-specific constant
/// (the BEAM's `UINT32_HASH_2`).
#[inline(always)]
const fn hash_words(hash: &mut u32, x: u32, y: u32, constant: u32) {
    let mut a = constant.wrapping_add(x);
    let mut b = constant.wrapping_add(y);
    mix(&mut a, &mut b, hash);
}

/// Mixes one word into the running hash (the BEAM's `UINT32_HASH`).
#[inline(always)]
const fn hash_word(hash: &mut u32, x: u32, constant: u32) {
    hash_words(hash, x, 0, constant);
}

/// Little-endian word from up to four bytes.
fn le_word(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .rev()
        .fold(0, |acc, &byte| (acc << 8) | u32::from(byte))
}

/// Jenkins' hash of a byte block, seeded with `init` (the running hash).
fn block_hash(bytes: &[u8], init: u32) -> u32 {
    let (mut a, mut b, mut c) = (HCONST, HCONST, init);
    let mut blocks = bytes.chunks_exact(12);
    for block in &mut blocks {
        a = a.wrapping_add(le_word(&block[0..4]));
        b = b.wrapping_add(le_word(&block[4..8]));
        c = c.wrapping_add(le_word(&block[8..12]));
        mix(&mut a, &mut b, &mut c);
    }
    // The BEAM truncates the length to 32 bits.
    c = c.wrapping_add(bytes.len() as u32);
    let tail = blocks.remainder();
    let part =
        |from: usize, to: usize| le_word(tail.get(from..to.min(tail.len())).unwrap_or_default());
    a = a.wrapping_add(part(0, 4));
    b = b.wrapping_add(part(4, 8));
    // The lowest byte of `c` is reserved for the length.
    c = c.wrapping_add(part(8, 11) << 8);
    mix(&mut a, &mut b, &mut c);
    c
}

/// Mixes an integer given as sign and little-endian 64-bit digits of its
/// magnitude, the way the BEAM mixes that value whatever its representation.
fn hash_integer(hash: &mut u32, negative: bool, magnitude: &[u64]) {
    let small = match magnitude {
        [] => Some(0),
        [m] => {
            let value = if negative {
                -i128::from(*m)
            } else {
                i128::from(*m)
            };
            i32::try_from(value)
                .ok()
                .filter(|v| (-(1 << 27)..(1 << 27)).contains(v))
        }
        _ => None,
    };
    match small {
        Some(value) => {
            if value < 0 {
                // Negative numbers are mixed twice, first as their magnitude.
                hash_word(hash, value.unsigned_abs(), HCONST);
            }
            hash_word(hash, value as u32, HCONST);
        }
        None => {
            let constant = if negative { HCONST_10 } else { HCONST_11 };
            for &digit in magnitude {
                hash_words(hash, digit as u32, (digit >> 32) as u32, constant);
            }
        }
    }
}

/// Pending work on the explicit stack, mirroring the BEAM's `ESTACK`.
enum Work<'a> {
    /// A term still to be hashed into the running hash.
    Term(&'a Term),
    /// The rest of a list (empty: the closing `[]`).
    /// The rest of a list: a cons cell, `[]`, or an improper tail.
    List(&'a Term),
    /// A map's key and value are hashed: fold them into the pair XOR.
    MapPair,
    /// All pairs of a map are hashed: restore the outer state and mix in
    /// the XOR of the pairs.
    MapEnd { hash: u32, pairs: u32 },
}

/// The BEAM's `make_hash2`: the full 32-bit hash.
fn make_hash2(term: &Term) -> u32 {
    hash_after(0, term)
}

/// `make_hash2` continued over `term` from the running hash `hash`.
///
/// The BEAM reads a term as one left-to-right fold into a single 32-bit
/// running hash, so a top-level tuple can be hashed element by element:
/// `phash2({a, b})` is `hash_after(hash_after(tuple_start(2), a), b)`
/// masked to 27 bits. Scalars never touch the heap.
pub(crate) fn hash_after(hash: u32, term: &Term) -> u32 {
    // The common key, a small non-negative integer, is one mix.
    if let Term::Int(n @ 0..=0x7ff_ffff) = term {
        return hash_after_small(hash, *n as u32);
    }
    let mut hash = hash;
    let mut pairs: u32 = 0;
    let mut stack = Vec::new();
    hash_term(term, &mut hash, &mut pairs, &mut stack);
    while let Some(work) = stack.pop() {
        match work {
            Work::Term(term) => hash_term(term, &mut hash, &mut pairs, &mut stack),
            Work::List(items) => hash_list(items, &mut hash, &mut stack),
            Work::MapPair => {
                pairs ^= hash;
                hash = 0;
            }
            Work::MapEnd {
                hash: outer_hash,
                pairs: outer_pairs,
            } => {
                let inner = pairs;
                hash = outer_hash;
                hash_word(&mut hash, inner, HCONST_19);
                pairs = outer_pairs;
            }
        }
    }
    hash
}

fn hash_term<'a>(term: &'a Term, hash: &mut u32, pairs: &mut u32, stack: &mut Vec<Work<'a>>) {
    match term {
        Term::Int(i) => hash_integer(hash, *i < 0, &[i.unsigned_abs()]),
        Term::BigInt(b) => hash_big(hash, b),
        Term::Atom(atom) => {
            if *hash == 0 {
                *hash = atom.pjw_hash();
            } else {
                hash_word(hash, atom.pjw_hash(), HCONST_3);
            }
        }
        Term::Float(f) => {
            // The BEAM hashes the double's two 32-bit words, high first,
            // with `-0.0` made `0.0`.
            let bits = if *f == 0.0 { 0.0f64 } else { *f }.to_bits();
            hash_words(hash, (bits >> 32) as u32, bits as u32, HCONST_12);
        }
        Term::Binary(bytes) => {
            let seed = HCONST_13.wrapping_add(*hash);
            *hash = if bytes.is_empty() {
                seed
            } else {
                block_hash(bytes, seed)
            };
        }
        Term::Tuple(elements, _) => {
            hash_word(hash, elements.len() as u32, HCONST_9);
            stack.extend(elements.iter().rev().map(Work::Term));
        }
        Term::List(_) => hash_list(term, hash, stack),
        Term::Map(map) => {
            hash_word(hash, map.len() as u32, HCONST_16);
            if !map.is_empty() {
                stack.push(Work::MapEnd {
                    hash: *hash,
                    pairs: *pairs,
                });
                *hash = 0;
                *pairs = 0;
                for (key, value) in map.iter().rev() {
                    stack.push(Work::MapPair);
                    stack.push(Work::Term(value));
                    stack.push(Work::Term(key));
                }
            }
        }
        Term::Pid(pid) => hash_word(hash, pid.id, HCONST_5),
        Term::Ref(r) => hash_word(hash, r.printed_numbers()[2], HCONST_7),
        Term::Fun(fun) => hash_fun(hash, fun),
    }
}

fn hash_big(hash: &mut u32, value: &BigInt) {
    let digits = value.magnitude().to_u64_digits();
    hash_integer(hash, value.sign() == Sign::Minus, &digits);
}

fn hash_fun(hash: &mut u32, fun: &Fun) {
    match fun {
        Fun::Export {
            module,
            function,
            arity,
        } => {
            hash_words(hash, u32::from(*arity), module.pjw_hash(), HCONST);
            hash_word(hash, function.pjw_hash(), HCONST_14);
        }
        // A local fun: the BEAM hashes its module, index, unique number and
        // captured values; this hashes the first three the same way, but
        // its unique numbers are its own, so the value differs.
        Fun::Closure(c) => {
            let info = c.lambda.info();
            hash_words(hash, c.env.len() as u32, info.module.pjw_hash(), HCONST_20);
            hash_words(hash, info.index, info.uniq, HCONST_21);
        }
    }
}

/// A list element the BEAM treats as a byte of a "string".
fn as_byte(term: &Term) -> Option<u32> {
    match term {
        Term::Int(i @ 0..=255) => Some(*i as u32),
        _ => None,
    }
}

/// Hashes a list (or the rest of one): leading bytes four at a time, then
/// the first other element, leaving the remainder on the stack; the tail
/// that ends the list (`[]` or an improper one) is hashed like any term.
fn hash_list<'a>(list: &'a Term, hash: &mut u32, stack: &mut Vec<Work<'a>>) {
    let mut count = 0;
    let mut packed: u32 = 0;
    let mut rest = list;
    while let Some((head, tail)) = rest.head_tail() {
        let Some(byte) = as_byte(head) else { break };
        packed = (packed << 8) | byte;
        count += 1;
        if count == 4 {
            hash_word(hash, packed, HCONST_4);
            count = 0;
            packed = 0;
        }
        rest = tail;
    }
    if count > 0 {
        hash_word(hash, packed, HCONST_4);
    }
    match rest.head_tail() {
        Some((element, tail)) => {
            stack.push(Work::List(tail));
            stack.push(Work::Term(element));
        }
        None if rest.is_empty_list() && *hash == 0 => *hash = NIL_HASH,
        None if rest.is_empty_list() => hash_word(hash, NIL_DEF, HCONST_2),
        None => stack.push(Work::Term(rest)),
    }
}
