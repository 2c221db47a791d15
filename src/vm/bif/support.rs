//! Helpers shared by the native files: taking arguments apart, building
//! results within the simulation's size limits, and the errors Elixir's
//! own functions raise (a `FunctionClauseError` in the right function).

use crate::term::{Atom, Pid, Term};
use crate::vm::exception::{Exception, Res};
use num_bigint::BigInt;

/// The largest binary one native call may build (64 MiB).
pub(super) const MAX_BYTES: usize = 64 << 20;

/// The longest list (or tuple) one native call may build.
pub(super) const MAX_ITEMS: usize = 10_000_000;

/// Binds a native's arguments to names, or fails with `:badarg` if the
/// count is off (it never is: the table dispatches by arity).
macro_rules! args {
    ($args:expr, $($name:ident),+) => {
        let [$($name),+] = $args else {
            return Err($crate::vm::exception::Exception::badarg());
        };
    };
}
pub(super) use args;

/// Argument `i` as an atom, or `:badarg` naming it.
pub(super) fn atom_at(args: &[Term], i: usize) -> Res<Atom> {
    match args.get(i) {
        Some(Term::Atom(a)) => Ok(*a),
        _ => Err(Exception::badarg_at(i + 1, "not an atom")),
    }
}

/// `node`'s name as a term (`:"a@sim"`), `nil` for an unknown node: what
/// `node/0` and the natives that name a node return.
pub(super) fn node_term(world: &crate::kernel::World, node: u32) -> Term {
    world
        .node_name(node)
        .map_or_else(Term::nil, |a| Term::Atom(*a))
}

/// Argument `i` as a pid, or `:badarg` naming it.
pub(super) fn pid_at(args: &[Term], i: usize) -> Res<Pid> {
    args.get(i)
        .and_then(Term::as_pid)
        .ok_or_else(|| Exception::badarg_at(i + 1, "not a pid"))
}

/// `:system_limit` unless `bytes` fits in [`MAX_BYTES`].
pub(super) fn check_bytes(bytes: u128) -> Res<()> {
    if bytes > MAX_BYTES as u128 {
        return Err(Exception::system_limit(&format!(
            "a binary of {bytes} bytes is more than the simulation builds at once ({MAX_BYTES})"
        )));
    }
    Ok(())
}

/// `:system_limit` unless `items` fits in [`MAX_ITEMS`].
pub(super) fn check_items(items: u128) -> Res<()> {
    if items > MAX_ITEMS as u128 {
        return Err(Exception::system_limit(&format!(
            "a list of {items} elements is more than the simulation builds at once ({MAX_ITEMS})"
        )));
    }
    Ok(())
}

/// `:function_clause` in `module.function(args)` (module as stored:
/// `Elixir.String`), so iex prints "no function clause matching in
/// String.upcase/2".
pub(super) fn no_clause(module: &str, function: &str, args: &[Term]) -> Exception {
    Exception::function_clause(module, function, args.to_vec())
}

/// A binary taking over `bytes`.
pub(super) fn bin(bytes: Vec<u8>) -> Term {
    Term::bytes_vec(bytes)
}

/// True for integers of any size.
pub(super) fn is_integer(term: &Term) -> bool {
    matches!(term, Term::Int(_) | Term::BigInt(_))
}

/// The integer as a `BigInt`, if it is an integer.
pub(super) fn big(term: &Term) -> Option<BigInt> {
    match term {
        Term::Int(i) => Some(BigInt::from(*i)),
        Term::BigInt(b) => Some((**b).clone()),
        _ => None,
    }
}

/// The number as a float (integers converted), if it is a number that fits.
pub(super) fn to_f64(term: &Term) -> Option<f64> {
    use num_traits::ToPrimitive;
    match term {
        Term::Int(i) => Some(*i as f64),
        Term::BigInt(b) => b.to_f64().filter(|f| f.is_finite()),
        Term::Float(f) => Some(*f),
        _ => None,
    }
}

/// A float result: finite, or `:badarith` as the BEAM gives for overflow.
pub(super) fn float(value: f64) -> Res {
    if value.is_finite() {
        Ok(Term::Float(value))
    } else {
        Err(Exception::badarith(None))
    }
}

/// `true` or `false`.
pub(super) fn boolean(value: bool) -> Term {
    Term::boolean(value)
}

/// `{:ok, value}`.
pub(super) fn ok(value: Term) -> Term {
    Term::tuple([Term::ok(), value])
}

/// `{a, b}`.
pub(super) fn pair(a: Term, b: Term) -> Term {
    Term::tuple([a, b])
}

/// The option `key` of a keyword list, if present (the first wins).
pub(super) fn option<'a>(opts: &'a Term, key: &str) -> Option<&'a Term> {
    opts.list_iter().find_map(|item| match item.as_tuple() {
        Some([k, v]) if k.is_atom(key) => Some(v),
        _ => None,
    })
}

/// True for a proper list of `{atom, value}` pairs.
pub(super) fn is_keyword(term: &Term) -> bool {
    let mut iter = term.list_iter();
    term.is_list()
        && iter
            .by_ref()
            .all(|item| matches!(item.as_tuple(), Some([k, _]) if k.as_atom().is_some()))
        && iter.tail().is_empty_list()
}
