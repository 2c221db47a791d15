//! Raising (`:erlang.error/1`, `exit/1`, `throw/1`, `:erlang.raise/3`),
//! and the few `Kernel` helpers the compiler calls (`elem/2`, `put_elem/3`,
//! `Range.new/2`, chunking a binary for `for <<x <- bin>>`).

use super::Bif;
use crate::term::Term;
use crate::vm::bif::enumerable;
use crate::vm::exception::{Exception, Res};
use crate::vm::ops::Class;

fn error1(a: &[Term]) -> Res {
    Err(Exception::error(a[0].clone()))
}
fn exit1(a: &[Term]) -> Res {
    Err(Exception::exit(a[0].clone()))
}
fn throw1(a: &[Term]) -> Res {
    Err(Exception::throw(a[0].clone()))
}

/// `:erlang.raise(class, reason, stacktrace)`.
fn raise3(a: &[Term]) -> Res {
    let class = match a[0].as_atom() {
        Some("error") => Class::Error,
        Some("exit") => Class::Exit,
        Some("throw") => Class::Throw,
        _ => return Err(Exception::badarg_at(1, "invalid class")),
    };
    let mut e = Exception::new(class, a[1].clone());
    e.stack = if a[2].is_list() {
        a[2].clone()
    } else {
        Term::EMPTY_LIST
    };
    Err(e)
}

/// `:erlang.make_fun(module, name, arity)`.
fn make_fun(a: &[Term]) -> Res {
    match (
        &a[0],
        &a[1],
        a[2].as_int().and_then(|n| u8::try_from(n).ok()),
    ) {
        (Term::Atom(m), Term::Atom(f), Some(n)) => Ok(Term::export(*m, *f, n)),
        _ => Err(Exception::badarg()),
    }
}

/// `elem(tuple, index)`: zero-based, as `:erlang.element(index + 1, tuple)`.
fn elem(a: &[Term]) -> Res {
    let Some(items) = a[0].as_tuple() else {
        return Err(Exception::badarg_at(2, "not a tuple"));
    };
    match a[1].as_int() {
        Some(i) if i >= 0 => items
            .get(i as usize)
            .cloned()
            .ok_or_else(|| Exception::badarg_at(1, "out of range")),
        Some(_) => Err(Exception::badarg_at(1, "out of range")),
        None => Err(Exception::badarg_at(1, "not an integer")),
    }
}

/// `is_map_key(map, key)`: Kernel's argument order over `:erlang.is_map_key(key, map)`.
fn is_map_key(a: &[Term]) -> Res {
    match &a[0] {
        Term::Map(m) => Ok(Term::boolean(m.contains_key(&a[1]))),
        other => Err(Exception::badmap(other.clone())),
    }
}

/// `put_elem(tuple, index, value)`.
fn put_elem(a: &[Term]) -> Res {
    let Some(items) = a[0].as_tuple() else {
        return Err(Exception::badarg_at(2, "not a tuple"));
    };
    match a[1].as_int() {
        Some(i) if i >= 0 && (i as usize) < items.len() => {
            let mut v = items.to_vec();
            v[i as usize] = a[2].clone();
            Ok(Term::tuple(v))
        }
        Some(_) => Err(Exception::badarg_at(1, "out of range")),
        None => Err(Exception::badarg_at(1, "not an integer")),
    }
}

/// `Range.new(first, last)` and `Range.new(first, last, step)`.
fn range_new(a: &[Term]) -> Res {
    let (Some(first), Some(last)) = (a[0].as_int(), a[1].as_int()) else {
        return Err(Exception::argument(format!(
            "ranges (first..last) expect both sides to be integers, got: {}..{}",
            crate::term::inspect(&a[0]),
            crate::term::inspect(&a[1])
        )));
    };
    let step = match a.get(2) {
        None => {
            if first <= last {
                1
            } else {
                -1
            }
        }
        Some(Term::Int(s)) if *s != 0 => *s,
        Some(other) => {
            return Err(Exception::argument(format!(
                "ranges (first..last//step) expect the step to be a non-zero integer, got: {}",
                crate::term::inspect(other)
            )))
        }
    };
    Ok(enumerable::range(first, last, step))
}

/// The whole chunks of `size` bytes of a binary (`for <<a, b <- bin>>`).
fn bin_chunks(a: &[Term]) -> Res {
    let (Some(bytes), Some(size)) = (a[0].as_binary(), a[1].as_int()) else {
        return Err(Exception::badarg());
    };
    let size = usize::try_from(size).unwrap_or(1).max(1);
    Ok(Term::list(
        bytes.chunks_exact(size).map(Term::bytes).collect(),
    ))
}

/// `Kernel.__exception__/1`: what `raise value` raises — a string becomes
/// a `RuntimeError`, an exception struct goes as is.
fn exception1(a: &[Term]) -> Res {
    let v = &a[0];
    if crate::vm::exception::is_exception(v) {
        return Ok(v.clone());
    }
    if v.as_binary().is_some() {
        return Ok(crate::vm::exception::exception_struct(
            "RuntimeError",
            vec![("message", v.clone())],
        ));
    }
    Err(Exception::argument(format!(
        "raise/1 and reraise/2 expect a module name, string or exception as the first argument, got: {}",
        crate::term::inspect(v)
    )))
}

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure("erlang", "error", 1, error1),
    Bif::pure("erlang", "error", 2, error1),
    Bif::pure("erlang", "exit", 1, exit1),
    Bif::pure("erlang", "throw", 1, throw1),
    Bif::pure("erlang", "raise", 3, raise3),
    Bif::pure("erlang", "make_fun", 3, make_fun),
    Bif::guard("Elixir.Kernel", "elem", 2, elem),
    Bif::pure("Elixir.Kernel", "put_elem", 3, put_elem),
    Bif::guard("Elixir.Kernel", "is_map_key", 2, is_map_key),
    Bif::pure("Elixir.Range", "new", 2, range_new),
    Bif::pure("Elixir.Range", "new", 3, range_new),
    Bif::pure("Elixir.Kernel", "__bin_chunks__", 2, bin_chunks),
    Bif::pure("Elixir.Kernel", "__exception__", 1, exception1),
];

/// `exception/1` of the built-in exception modules (see `exception_mod`).
pub(super) const EXCEPTION_BIFS: &[Bif] = super::exception_mod::EXCEPTION_BIFS;
