//! `Tuple`. Most of it Elixir inlines to `:erlang` (`Tuple.to_list/1` is
//! `:erlang.tuple_to_list/1`, `Tuple.delete_at(t, i)` is
//! `:erlang.delete_element(i + 1, t)`), so it raises those errors.

use super::erlang_arith::{add, mul};
use super::erlang_terms::{
    append_element, delete_element, insert_element, make_tuple, tuple_to_list,
};
use super::support::args;
use super::Bif;
use crate::term::Term;
use crate::vm::exception::{Exception, Res};

const M: &str = "Elixir.Tuple";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure(M, "to_list", 1, tuple_to_list),
    Bif::pure(M, "append", 2, append_element),
    Bif::pure(M, "delete_at", 2, delete_at),
    Bif::pure(M, "insert_at", 3, insert_at),
    Bif::pure(M, "duplicate", 2, duplicate),
    Bif::pure(M, "product", 1, product),
    Bif::pure(M, "sum", 1, sum),
];

/// `index + 1`, as the inlined code computes it.
fn next(index: &Term) -> Res {
    add(&[index.clone(), Term::Int(1)])
}

fn delete_at(args: &[Term]) -> Res {
    args!(args, tuple, index);
    delete_element(&[next(index)?, tuple.clone()])
}

fn insert_at(args: &[Term]) -> Res {
    args!(args, tuple, index, value);
    insert_element(&[next(index)?, tuple.clone(), value.clone()])
}

fn duplicate(args: &[Term]) -> Res {
    args!(args, value, size);
    make_tuple(&[size.clone(), value.clone()])
}

fn fold(args: &[Term], init: i64, op: fn(&[Term]) -> Res) -> Res {
    args!(args, tuple);
    let items = tuple
        .as_tuple()
        .ok_or_else(|| Exception::badarg_at(1, "not a tuple"))?;
    let mut acc = Term::Int(init);
    for item in items {
        acc = op(&[item.clone(), acc])?;
    }
    Ok(acc)
}

fn product(args: &[Term]) -> Res {
    fold(args, 1, mul)
}

fn sum(args: &[Term]) -> Res {
    fold(args, 0, add)
}
