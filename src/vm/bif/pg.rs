//! `:pg`'s reads, from the node's table as pg's ETS reads are: they never
//! wait for the scope process. Joins and leaves are calls, written in
//! Elixir (`src/apps/ex/pg.ex`).

use super::{Bif, Native};
use crate::otp::pg;
use crate::term::{Atom, Term};
use crate::vm::exception::{Exception, Res};

/// The scope argument (`:pg` when absent): pg's functions take only atoms.
fn scope(function: &str, args: &[Term], scoped: bool) -> Res<Atom> {
    if !scoped {
        return Ok(Atom::new(pg::DEFAULT_SCOPE));
    }
    match args.first() {
        Some(Term::Atom(s)) => Ok(*s),
        _ => Err(Exception::function_clause("pg", function, args.to_vec())),
    }
}

fn members(n: &mut Native, args: &[Term], local: bool) -> Res {
    let function = if local {
        "get_local_members"
    } else {
        "get_members"
    };
    let scoped = args.len() == 2;
    let scope = scope(function, args, scoped)?;
    let group = &args[args.len() - 1];
    let node = n.me.node;
    let pids = if local {
        pg::get_local_members(n.world, node, &scope, group)
    } else {
        pg::get_members(n.world, node, &scope, group)
    };
    Ok(Term::list(pids.into_iter().map(Term::Pid).collect()))
}

fn which_groups(n: &mut Native, args: &[Term]) -> Res {
    let scope = scope("which_groups", args, args.len() == 1)?;
    match pg::which_groups(n.world, n.me.node, &scope) {
        Some(groups) => Ok(Term::list(groups)),
        None => Err(Exception::badarg_at(
            1,
            "the table identifier does not refer to an existing ETS table",
        )),
    }
}

pub(super) const BIFS: &[Bif] = &[
    Bif::world("pg", "get_members", 1, |n, a| members(n, a, false)),
    Bif::world("pg", "get_members", 2, |n, a| members(n, a, false)),
    Bif::world("pg", "get_local_members", 1, |n, a| members(n, a, true)),
    Bif::world("pg", "get_local_members", 2, |n, a| members(n, a, true)),
    Bif::world("pg", "which_groups", 0, which_groups),
    Bif::world("pg", "which_groups", 1, which_groups),
];
