//! `Kernel`'s pure functions that Elixir does not inline to `:erlang`:
//! `to_string/1` and `to_charlist/1` (the `String.Chars` and `List.Chars`
//! protocols for the built-in types and the calendar structs), `inspect/1,2` and `binary_slice/2,3`.

use super::enumerable::{protocol_undefined, range_parts};
use super::erlang_binary::binary_part3;
use super::erlang_convert::{charlist, int_text};
use super::list;
use super::support::{args, no_clause, option};
use super::Bif;
use crate::term::{float_to_string, inspect, inspect_with, InspectOpts, Term};
use crate::vm::exception::{Exception, Res};

const M: &str = "Elixir.Kernel";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure(M, "to_string", 1, to_string),
    Bif::pure("Elixir.String.Chars", "to_string", 1, to_string),
    Bif::pure(M, "to_charlist", 1, to_charlist),
    Bif::pure("Elixir.List.Chars", "to_charlist", 1, to_charlist),
    Bif::pure(M, "inspect", 1, inspect1),
    Bif::pure(M, "inspect", 2, inspect2),
    Bif::pure(M, "binary_slice", 2, binary_slice2),
    Bif::pure(M, "binary_slice", 3, binary_slice3),
];

/// `String.Chars.to_string/1` for the built-in types.
pub(super) fn to_string(args: &[Term]) -> Res {
    args!(args, term);
    match term {
        Term::Binary(_) => Ok(term.clone()),
        Term::Atom(a) if a.as_str() == "nil" => Ok(Term::string("")),
        Term::Atom(a) => Ok(Term::string(a.as_str())),
        Term::Int(_) | Term::BigInt(_) => Ok(Term::string(&int_text(term, 10).unwrap_or_default())),
        Term::Float(f) => Ok(Term::string(&float_to_string(*f))),
        Term::List(_) => list::to_string(args),
        Term::Map(_) => match super::calendar::to_string(term) {
            Some(text) => Ok(Term::string(&text)),
            None => Err(protocol_undefined("String.Chars", term)),
        },
        _ => Err(protocol_undefined("String.Chars", term)),
    }
}

/// `List.Chars.to_charlist/1` for the built-in types.
pub(super) fn to_charlist(args: &[Term]) -> Res {
    args!(args, term);
    match term {
        Term::Binary(_) => {
            let result = super::erlang_binary::characters_to_list(args)?;
            match list::unicode_error(&result) {
                Some(e) if result.as_tuple().is_some() => Err(e),
                _ => Ok(result),
            }
        }
        Term::Atom(a) => Ok(charlist(a.as_str())),
        Term::Int(_) | Term::BigInt(_) => Ok(charlist(&int_text(term, 10).unwrap_or_default())),
        Term::Float(f) => Ok(charlist(&float_to_string(*f))),
        Term::List(_) => Ok(term.clone()),
        _ => Err(protocol_undefined("List.Chars", term)),
    }
}

fn inspect1(args: &[Term]) -> Res {
    args!(args, term);
    Ok(Term::string(&inspect(term)))
}

/// A limit option: a non-negative integer or `:infinity`.
fn limit(value: Option<&Term>, default: usize) -> usize {
    match value {
        Some(Term::Int(n)) => usize::try_from(*n).unwrap_or(0),
        Some(a) if a.is_atom("infinity") => usize::MAX,
        _ => default,
    }
}

/// `inspect/2` with the options the printer follows: `limit`,
/// `printable_limit`, `charlists`, `base`, `binaries`, `structs` and
/// `pretty`/`width` (others, such as `custom_options`, are ignored).
fn inspect2(args: &[Term]) -> Res {
    args!(args, term, opts);
    if !opts.is_list() {
        return Err(no_clause(M, "inspect", args));
    }
    let defaults = InspectOpts::default();
    let pretty = option(opts, "pretty").is_some_and(|p| p.is_atom("true"));
    let width = match option(opts, "width") {
        Some(w) => limit(Some(w), 80),
        None => 80,
    };
    let atom_opt = |key: &str| option(opts, key).and_then(Term::as_atom);
    let base = match atom_opt("base") {
        Some("binary") => 2,
        Some("octal") => 8,
        Some("hex") => 16,
        _ => 10,
    };
    let inspect_opts = InspectOpts {
        limit: limit(option(opts, "limit"), defaults.limit),
        printable_limit: limit(option(opts, "printable_limit"), defaults.printable_limit),
        charlists: atom_opt("charlists") != Some("as_lists"),
        width: pretty.then_some(width),
        as_charlists: atom_opt("charlists") == Some("as_charlists"),
        base,
        as_binaries: atom_opt("binaries") == Some("as_binaries"),
        as_strings: atom_opt("binaries") == Some("as_strings"),
        structs: !option(opts, "structs").is_some_and(Term::is_falsy),
    };
    Ok(Term::string(&inspect_with(term, &inspect_opts)))
}

fn binary_slice2(args: &[Term]) -> Res {
    args!(args, b, range);
    let (Some(bytes), Some((first, last, step))) = (b.as_binary(), range_parts(range)) else {
        return Err(no_clause(M, "binary_slice", args));
    };
    if step <= 0 {
        return Err(Exception::argument(format!(
            "binary_slice/2 does not accept ranges with negative steps, got: {}",
            inspect(range)
        )));
    }
    let total = bytes.len() as i64;
    let first = if first < 0 {
        (first + total).max(0)
    } else {
        first
    };
    let last = if last < 0 { last + total } else { last };
    let amount = last.saturating_sub(first).saturating_add(1);
    if first >= total || amount <= 0 {
        return Ok(Term::string(""));
    }
    let part = bytes
        .get(first as usize..(first + amount.min(total - first)) as usize)
        .unwrap_or_default();
    let picked: Vec<u8> = part.iter().step_by(step as usize).copied().collect();
    Ok(Term::bytes_vec(picked))
}

fn binary_slice3(args: &[Term]) -> Res {
    args!(args, b, start, size);
    let (Some(bytes), Term::Int(start), Term::Int(size)) = (b.as_binary(), start, size) else {
        return Err(no_clause(M, "binary_slice", args));
    };
    if *size < 0 {
        return Err(no_clause(M, "binary_slice", args));
    }
    let total = bytes.len() as i64;
    let start = if *start < 0 {
        (total + start).max(0)
    } else {
        *start
    };
    if start >= total {
        return Ok(Term::string(""));
    }
    binary_part3(&[
        b.clone(),
        Term::Int(start),
        Term::Int((*size).min(total - start)),
    ])
}
