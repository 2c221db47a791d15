//! `String.jaro_distance/2` (Elixir's own matching walk, over grapheme
//! clusters) and `String.bag_distance/2`.

use super::{clusters, M};
use crate::term::Term;
use crate::vm::bif::support::{args, no_clause};
use crate::vm::exception::Res;
use std::collections::HashMap;

fn two<'a>(args: &'a [Term], name: &str) -> Res<(&'a [u8], &'a [u8])> {
    args!(args, a, b);
    match (a.as_binary(), b.as_binary()) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(no_clause(M, name, args)),
    }
}

/// Common clusters and transpositions, as Elixir's `match/4` counts them:
/// each cluster of the shorter string is looked for within a window of
/// the longer one, and a found cluster is blanked out.
fn matches(short: &[&[u8]], long: &[&[u8]], lim: i64) -> (u64, u64) {
    let mut chars: Vec<Option<&[u8]>> = long.iter().map(|c| Some(*c)).collect();
    let mut offset = 0usize;
    let (mut comm, mut trans, mut former) = (0u64, 0u64, -1i64);
    let mut pre: i64 = 0;
    for (idx, ch) in short.iter().enumerate() {
        let window = pre + 1 + lim;
        let mut found = None;
        if window > 0 {
            let visible = chars.get(offset..).unwrap_or_default();
            for (sub, slot) in visible.iter().enumerate().take(window as usize) {
                if *slot == Some(*ch) {
                    found = Some(sub);
                    break;
                }
            }
        }
        if let Some(sub) = found {
            if let Some(slot) = chars.get_mut(offset + sub) {
                *slot = None;
            }
            let current = idx as i64 - pre + sub as i64;
            if current < former {
                trans += 1;
            }
            comm += 1;
            former = current;
        }
        if pre == lim {
            offset += 1;
        } else {
            pre += 1;
        }
    }
    (comm, trans)
}

pub(crate) fn jaro_distance(args: &[Term]) -> Res {
    let (a, b) = two(args, "jaro_distance")?;
    if a == b {
        return Ok(Term::Float(1.0));
    }
    if a.is_empty() || b.is_empty() {
        return Ok(Term::Float(0.0));
    }
    let (x, y) = (clusters(a), clusters(b));
    let (len1, len2) = (x.len() as i64, y.len() as i64);
    let (comm, trans) = if len1 < len2 {
        matches(&x, &y, len2 / 2 - 1)
    } else {
        matches(&y, &x, len1 / 2 - 1)
    };
    if comm == 0 {
        return Ok(Term::Float(0.0));
    }
    let (c, t) = (comm as f64, trans as f64);
    Ok(Term::Float(
        (c / len1 as f64 + c / len2 as f64 + (c - t) / c) / 3.0,
    ))
}

fn bag(text: &[u8]) -> (HashMap<&[u8], u64>, u64) {
    let mut counts = HashMap::new();
    let parts = clusters(text);
    let n = parts.len() as u64;
    for part in parts {
        *counts.entry(part).or_insert(0) += 1;
    }
    (counts, n)
}

fn difference(a: &HashMap<&[u8], u64>, b: &HashMap<&[u8], u64>) -> u64 {
    a.iter()
        .map(|(k, n)| n.saturating_sub(b.get(k).copied().unwrap_or(0)))
        .sum()
}

pub(super) fn bag_distance(args: &[Term]) -> Res {
    let (a, b) = two(args, "bag_distance")?;
    if a.is_empty() || b.is_empty() {
        return Ok(Term::Float(0.0));
    }
    let ((bag1, n1), (bag2, n2)) = (bag(a), bag(b));
    let diff = difference(&bag1, &bag2).max(difference(&bag2, &bag1));
    Ok(Term::Float(1.0 - diff as f64 / n1.max(n2) as f64))
}
