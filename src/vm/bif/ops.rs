//! Operators as functions (`&+/2`, and arithmetic inside guards), raising
//! (`:erlang.error/1`, `exit/1`, `throw/1`, `:erlang.raise/3`), and the
//! few `Kernel` helpers the compiler calls (`elem/2`, `put_elem/3`,
//! `Range.new/2`, chunking a binary for `for <<x <- bin>>`).

use super::Bif;
use crate::term::Term;
use crate::vm::arith::{self, div_rem};
use crate::vm::bif::enumerable;
use crate::vm::exception::{Exception, Res};
use crate::vm::ops::{ArithOp, Class, CmpOp};

fn add(a: &[Term]) -> Res {
    arith::arith(ArithOp::Add, &a[0], &a[1])
}
fn sub(a: &[Term]) -> Res {
    arith::arith(ArithOp::Sub, &a[0], &a[1])
}
fn mul(a: &[Term]) -> Res {
    arith::arith(ArithOp::Mul, &a[0], &a[1])
}
fn fdiv(a: &[Term]) -> Res {
    arith::arith(ArithOp::Div, &a[0], &a[1])
}
fn neg(a: &[Term]) -> Res {
    arith::negate(&a[0])
}
fn plus(a: &[Term]) -> Res {
    if a[0].is_number() {
        Ok(a[0].clone())
    } else {
        Err(Exception::badarith(Some(format!("+{}", crate::term::inspect(&a[0])))))
    }
}
fn idiv(a: &[Term]) -> Res {
    div_rem(&a[0], &a[1], false)
}
fn irem(a: &[Term]) -> Res {
    div_rem(&a[0], &a[1], true)
}

macro_rules! cmp_fn {
    ($name:ident, $op:expr) => {
        fn $name(a: &[Term]) -> Res {
            Ok(Term::boolean(arith::cmp($op, &a[0], &a[1])))
        }
    };
}
cmp_fn!(eq, CmpOp::Eq);
cmp_fn!(ne, CmpOp::Ne);
cmp_fn!(exact_eq, CmpOp::ExactEq);
cmp_fn!(exact_ne, CmpOp::ExactNe);
cmp_fn!(lt, CmpOp::Lt);
cmp_fn!(gt, CmpOp::Gt);
cmp_fn!(le, CmpOp::Le);
cmp_fn!(ge, CmpOp::Ge);

fn not(a: &[Term]) -> Res {
    match a[0].as_atom() {
        Some("true") => Ok(Term::boolean(false)),
        Some("false") => Ok(Term::boolean(true)),
        _ => Err(Exception::badarg_at(1, "not a boolean")),
    }
}

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
    e.stack = if a[2].is_list() { a[2].clone() } else { Term::EMPTY_LIST };
    Err(e)
}

/// `:erlang.make_fun(module, name, arity)`.
fn make_fun(a: &[Term]) -> Res {
    match (&a[0], &a[1], a[2].as_int().and_then(|n| u8::try_from(n).ok())) {
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
    Ok(Term::list(bytes.chunks_exact(size).map(Term::bytes).collect()))
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

/// `Exception.exception/1` for the built-in exception modules: a message
/// string or keyword attributes over the default message.
fn builtin_exception(name: &'static str, default: &'static str) -> impl Fn(&[Term]) -> Res {
    move |a: &[Term]| {
        let attrs = &a[0];
        let mut fields: Vec<(&str, Term)> = Vec::new();
        if let Some(bytes) = attrs.as_binary() {
            fields.push(("message", Term::bytes(bytes)));
        } else {
            let mut message = Term::string(default);
            for pair in attrs.list_iter() {
                if let Some([Term::Atom(k), v]) = pair.as_tuple() {
                    if k.as_str() == "message" {
                        message = v.clone();
                    }
                }
            }
            fields.push(("message", message));
        }
        Ok(crate::vm::exception::exception_struct(name, fields))
    }
}

macro_rules! exception_fns {
    ($($f:ident: $name:literal => $default:literal),* $(,)?) => {
        $(fn $f(a: &[Term]) -> Res { builtin_exception($name, $default)(a) })*
        const EXCEPTIONS: &[Bif] = &[
            $(Bif::pure(concat!("Elixir.", $name), "exception", 1, $f)),*
        ];
    };
}

exception_fns! {
    runtime_error: "RuntimeError" => "runtime error",
    argument_error: "ArgumentError" => "argument error",
    arithmetic_error: "ArithmeticError" => "bad argument in arithmetic expression",
    system_limit_error: "SystemLimitError" => "a system limit has been reached",
}

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::guard("erlang", "+", 2, add),
    Bif::guard("erlang", "-", 2, sub),
    Bif::guard("erlang", "*", 2, mul),
    Bif::guard("erlang", "/", 2, fdiv),
    Bif::guard("erlang", "-", 1, neg),
    Bif::guard("erlang", "+", 1, plus),
    Bif::guard("erlang", "div", 2, idiv),
    Bif::guard("erlang", "rem", 2, irem),
    Bif::guard("erlang", "==", 2, eq),
    Bif::guard("erlang", "/=", 2, ne),
    Bif::guard("erlang", "=:=", 2, exact_eq),
    Bif::guard("erlang", "=/=", 2, exact_ne),
    Bif::guard("erlang", "<", 2, lt),
    Bif::guard("erlang", ">", 2, gt),
    Bif::guard("erlang", "=<", 2, le),
    Bif::guard("erlang", ">=", 2, ge),
    Bif::guard("erlang", "not", 1, not),
    Bif::pure("erlang", "error", 1, error1),
    Bif::pure("erlang", "error", 2, error1),
    Bif::pure("erlang", "exit", 1, exit1),
    Bif::pure("erlang", "throw", 1, throw1),
    Bif::pure("erlang", "raise", 3, raise3),
    Bif::pure("erlang", "make_fun", 3, make_fun),
    Bif::guard("Elixir.Kernel", "elem", 2, elem),
    Bif::pure("Elixir.Kernel", "put_elem", 3, put_elem),
    Bif::pure("Elixir.Range", "new", 2, range_new),
    Bif::pure("Elixir.Range", "new", 3, range_new),
    Bif::pure("Elixir.Kernel", "__bin_chunks__", 2, bin_chunks),
    Bif::pure("Elixir.Kernel", "__exception__", 1, exception1),
];

/// `exception/1` of the built-in exception modules.
pub(super) const EXCEPTION_BIFS: &[Bif] = EXCEPTIONS;
