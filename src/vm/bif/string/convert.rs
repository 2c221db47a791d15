//! `String.to_charlist/1`, `printable?/1,2` and `valid?/1`.

use super::graphemes::printable_char;
use super::M;
use crate::term::Term;
use crate::vm::bif::erlang_binary::characters_to_list;
use crate::vm::bif::list::unicode_error;
use crate::vm::bif::support::{args, no_clause};
use crate::vm::exception::Res;

pub(super) fn to_charlist(args: &[Term]) -> Res {
    args!(args, s);
    if s.as_binary().is_none() {
        return Err(no_clause(M, "to_charlist", args));
    }
    let result = characters_to_list(args)?;
    match unicode_error(&result) {
        Some(e) if result.as_tuple().is_some() => Err(e),
        _ => Ok(result),
    }
}

pub(super) fn printable1(args: &[Term]) -> Res {
    args!(args, s);
    printable2(&[s.clone(), Term::atom("infinity")])
}

pub(super) fn printable2(args: &[Term]) -> Res {
    args!(args, s, limit);
    let limit = match limit {
        Term::Int(n) if *n >= 0 => u64::try_from(*n).unwrap_or(0),
        l if l.is_atom("infinity") => u64::MAX,
        _ => return Err(no_clause(M, "printable?", args)),
    };
    let bytes = s
        .as_binary()
        .ok_or_else(|| no_clause(M, "printable?", args))?;
    let mut seen = 0u64;
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if seen >= limit {
                return Ok(Term::boolean(true));
            }
            if !printable_char(u32::from(c)) {
                return Ok(Term::boolean(false));
            }
            seen += 1;
        }
        if !chunk.invalid().is_empty() {
            return Ok(Term::boolean(seen >= limit));
        }
    }
    Ok(Term::boolean(true))
}

pub(super) fn valid(args: &[Term]) -> Res {
    args!(args, s);
    Ok(Term::boolean(
        s.as_binary()
            .is_some_and(|b| std::str::from_utf8(b).is_ok()),
    ))
}
