//! How much memory a term takes, as the BEAM counts it: what `:ets.info/2`'s
//! `:memory` and the process inspector's memory column report.

use super::Term;

/// The words a term takes on a 64-bit BEAM heap, as `:erts_debug.flat_size/1`
/// counts them (approximately, for big maps and funs).
pub fn flat_size(t: &Term) -> usize {
    match t {
        Term::Int(i) if (-(1 << 59)..(1 << 59)).contains(i) => 0,
        Term::Int(_) => 2,
        Term::BigInt(b) => 1 + b.bits().div_ceil(64) as usize,
        Term::Float(_) => 2,
        Term::Atom(_) | Term::Pid(_) => 0,
        Term::Ref(_) => 4,
        Term::Fun(_) => 8,
        Term::Binary(b) if b.len() <= 64 => 2 + b.len().div_ceil(8),
        Term::Binary(_) => 6,
        Term::Tuple(items, _) => 1 + items.len() + items.iter().map(flat_size).sum::<usize>(),
        Term::List(_) => {
            let mut iter = t.list_iter();
            let cells: usize = iter.by_ref().map(|h| 2 + flat_size(h)).sum();
            cells + flat_size(iter.tail())
        }
        Term::Map(m) => {
            4 + 2 * m.len()
                + m.iter()
                    .map(|(k, v)| flat_size(k) + flat_size(v))
                    .sum::<usize>()
        }
    }
}
