//! `Shards.movement/4` and `Shards.shard_for/3`: the [`crate::shard`]
//! strategies at the console, to see how many keys a change of K moves.
//!
//! The work is pure computation, outside the event budget, so the
//! arguments are capped: at most [`MAX_SHARDS`] shards, at most
//! [`MAX_KEYS`] keys, and for `:rendezvous` (which hashes every key with
//! every shard) at most [`MAX_PAIRS`] key–shard pairs per call. Each call
//! also charges the line's reduction budget for its work before doing it
//! ([`cost`]), so ten big calls in one line stop as a long loop would.

use super::{atom_arg, bad_arg, int_arg, Entry};
use crate::console::error::EvalError;
use crate::shard::{self, Kind};
use crate::term::Term;
use std::num::NonZeroU32;

/// The most shards a console call places keys on.
const MAX_SHARDS: i64 = 10_000;
/// The most keys `Shards.movement/4` places.
const MAX_KEYS: i64 = 2_000_000;
/// The most `{key, shard}` weights one `:rendezvous` movement computes.
const MAX_PAIRS: i64 = 1 << 28;

pub(super) const ENTRIES: &[Entry] = &[
    ("Shards", "movement", 4, |e, a| {
        let kind = strategy_arg(&a, 0)?;
        let from = shards_arg(&a, 1)?;
        let to = shards_arg(&a, 2)?;
        let n = int_arg(&a, 3)?;
        if !(0..=MAX_KEYS).contains(&n) {
            return Err(bad_arg(
                3,
                &format!("the key count must be in 0..{MAX_KEYS} (the console's limit)"),
            ));
        }
        let pairs = n * (i64::from(from.get()) + i64::from(to.get()));
        if kind == Kind::Rendezvous && pairs > MAX_PAIRS {
            return Err(EvalError::argument(format!(
                "rendezvous would hash {pairs} {{key, shard}} pairs here, more than \
                 the console's {MAX_PAIRS}: use fewer keys or shards"
            )));
        }
        e.charge(cost(kind, from, to, n as u64))?;
        // 0 <= n <= MAX_KEYS, so it fits.
        let m = shard::movement(kind, from, to, n as u32);
        let int = |v: u64| Term::Int(i64::try_from(v).unwrap_or(i64::MAX));
        Ok(Term::map([
            (Term::atom("keys"), int(m.keys)),
            (Term::atom("minimum"), int(m.minimum)),
            (Term::atom("moved"), int(m.moved)),
        ]))
    }),
    ("Shards", "shard_for", 3, |_, a| {
        let kind = strategy_arg(&a, 0)?;
        let k = shards_arg(&a, 2)?;
        Ok(Term::Int(i64::from(shard::shard_for(kind, &a[1], k))))
    }),
];

/// What placing `keys` keys under K = `from` and K = `to` costs, in
/// reductions (about 30 ns of work each, as compiled code runs them): a
/// lookup is one step for `:modulo`, about ln K for `:jump`, a binary search
/// of the ring for `:ring`, and a hash per shard for `:rendezvous`.
fn cost(kind: Kind, from: NonZeroU32, to: NonZeroU32, keys: u64) -> u64 {
    let lookup = |k: NonZeroU32| -> u64 {
        let k = u64::from(k.get());
        let log2 = u64::from(64 - k.leading_zeros());
        match kind {
            Kind::Modulo => 1,
            Kind::Jump => 1 + log2 / 4,
            Kind::Ring => 2 + log2 / 2,
            Kind::Rendezvous => 1 + k / 3,
        }
    };
    keys.saturating_mul(lookup(from) + lookup(to))
}

/// Argument `i` as a strategy atom.
fn strategy_arg(args: &[Term], i: usize) -> Result<Kind, EvalError> {
    Kind::from_name(atom_arg(args, i)?)
        .ok_or_else(|| bad_arg(i, "not a strategy (:rendezvous, :jump, :ring or :modulo)"))
}

/// Argument `i` as a shard count in `1..=MAX_SHARDS`.
fn shards_arg(args: &[Term], i: usize) -> Result<NonZeroU32, EvalError> {
    let k = int_arg(args, i)?;
    if k > MAX_SHARDS {
        return Err(bad_arg(
            i,
            &format!("more shards than the console will place ({MAX_SHARDS})"),
        ));
    }
    u32::try_from(k)
        .ok()
        .and_then(NonZeroU32::new)
        .ok_or_else(|| bad_arg(i, "the shard count must be at least 1"))
}
