//! Console values that are not plain data: ranges, anonymous functions,
//! and turning enumerables into lists.

use super::ast::FnClause;
use super::error::EvalError;
use super::eval::Env;
use crate::term::{inspect, Atom, Term};

/// The most elements the console will build from a range or enumerable.
pub const MAX_ELEMENTS: i64 = 1_000_000;

/// The deepest nesting the console lets a value reach. Printing, comparing
/// and dropping terms recurse, so deeper values could exhaust the stack.
pub const MAX_TERM_DEPTH: usize = 512;

/// True when `term` nests containers deeper than `limit` (checked without
/// recursion, stopping as soon as the limit is passed).
pub fn depth_exceeds(term: &Term, limit: usize) -> bool {
    let mut stack: Vec<(&Term, usize)> = vec![(term, 0)];
    while let Some((t, depth)) = stack.pop() {
        let children: &mut dyn Iterator<Item = &Term> = match t {
            Term::Tuple(items, _) => &mut items.iter(),
            Term::List(_) => &mut t.list_iter(),
            Term::Map(map) => &mut map.iter().flat_map(|(k, v)| [k, v]),
            _ => continue,
        };
        if depth >= limit {
            return true;
        }
        for child in children {
            if matches!(child, Term::Tuple(..) | Term::List(_) | Term::Map(_)) {
                stack.push((child, depth + 1));
            }
        }
    }
    false
}

/// Refuses a value nested deeper than [`MAX_TERM_DEPTH`].
pub fn check_depth(term: Term) -> Result<Term, EvalError> {
    if matches!(term, Term::Tuple(..) | Term::List(_) | Term::Map(_))
        && depth_exceeds(&term, MAX_TERM_DEPTH)
    {
        return Err(EvalError::Budget(format!(
            "a value nested deeper than {MAX_TERM_DEPTH} levels"
        )));
    }
    Ok(term)
}

/// An anonymous function made by `fn ... end`, with what it captured.
#[derive(Clone, Debug)]
pub struct Closure {
    /// Its clauses.
    pub clauses: Vec<FnClause>,
    /// Bindings visible where it was made.
    pub env: Env,
}

const CLOSURE_MODULE: &str = "erl_eval";

/// The term for closure number `id`. It prints as a capture of
/// `:erl_eval`, the module whose funs iex's own anonymous functions are.
pub fn closure_term(id: usize, arity: u8) -> Term {
    Term::export(
        Atom::new(CLOSURE_MODULE),
        Atom::new(&format!("expr_{id}")),
        arity,
    )
}

/// Which closure a fun term is, if it is one.
pub fn closure_id(module: &Atom, function: &Atom) -> Option<usize> {
    if module.as_str() != CLOSURE_MODULE {
        return None;
    }
    function.as_str().strip_prefix("expr_")?.parse().ok()
}

/// `first..last//step` as Elixir's `%Range{}` struct.
pub fn range(first: &Term, last: &Term, step: Option<&Term>) -> Result<Term, EvalError> {
    let (Some(a), Some(b)) = (first.as_int(), last.as_int()) else {
        return Err(EvalError::argument(format!(
            "ranges (first..last) expect both sides to be integers, got: {}..{}",
            inspect(first),
            inspect(last)
        )));
    };
    let step = match step {
        Some(s) => match s.as_int() {
            Some(0) | None => {
                return Err(EvalError::argument(format!(
                    "the step to be a non-zero integer, got: {}",
                    inspect(s)
                )))
            }
            Some(s) => s,
        },
        None => {
            if a <= b {
                1
            } else {
                -1
            }
        }
    };
    Ok(Term::map([
        (Term::atom("__struct__"), Term::atom("Elixir.Range")),
        (Term::atom("first"), Term::Int(a)),
        (Term::atom("last"), Term::Int(b)),
        (Term::atom("step"), Term::Int(step)),
    ]))
}

/// `(first, last, step)` when `term` is a range.
pub fn as_range(term: &Term) -> Option<(i64, i64, i64)> {
    let Term::Map(map) = term else {
        return None;
    };
    if !map.get(&Term::atom("__struct__"))?.is_atom("Elixir.Range") {
        return None;
    }
    Some((
        map.get(&Term::atom("first"))?.as_int()?,
        map.get(&Term::atom("last"))?.as_int()?,
        map.get(&Term::atom("step"))?.as_int()?,
    ))
}

/// The elements of an enumerable (list, range, map as `{k, v}` pairs).
pub fn to_list(term: &Term) -> Result<Vec<Term>, EvalError> {
    if let Some(list) = term.list_to_vec() {
        return Ok(list);
    }
    if let Some((first, last, step)) = as_range(term) {
        let count = if (step > 0 && first > last) || (step < 0 && first < last) {
            0
        } else {
            (i128::from(last) - i128::from(first)) / i128::from(step) + 1
        };
        if count > i128::from(MAX_ELEMENTS) {
            return Err(EvalError::Budget(format!(
                "a range of {count} elements is more than the console builds ({MAX_ELEMENTS})"
            )));
        }
        return Ok((0..count as i64)
            .map(|i| Term::Int(first + i * step))
            .collect());
    }
    if let Term::Map(map) = term {
        return Ok(map
            .iter()
            .map(|(k, v)| Term::tuple(vec![k.clone(), v.clone()]))
            .collect());
    }
    Err(EvalError::raise(
        "Protocol.UndefinedError",
        format!(
            "protocol Enumerable not implemented for {} of type {}",
            inspect(term),
            type_name(term)
        ),
    ))
}

/// The type name Elixir uses in protocol errors.
pub fn type_name(term: &Term) -> &'static str {
    match term {
        Term::Int(_) | Term::BigInt(_) => "Integer",
        Term::Atom(_) => "Atom",
        Term::Binary(_) => "BitString",
        Term::Tuple(..) => "Tuple",
        Term::Float(_) => "Float",
        Term::List(_) => "List",
        Term::Map(_) => "Map",
        Term::Pid(_) => "PID",
        Term::Ref(_) => "Reference",
        Term::Fun(_) => "Function",
    }
}
