//! `:ets` natives that take a pattern (`match/2`, `match_object/2`,
//! `match_delete/2`) or a match specification (`select/2` and friends).
//! A pattern whose key is fixed looks up that key; any other walks the
//! table in its order. See `ets_match` for what patterns and
//! specifications may hold.

use super::cost::Cost;
use super::ets::{reading, table_of, writing, EtsTable};
use super::ets_error::Cause;
use super::ets_match::{self, bindings_list, Bindings, Env};
use super::ets_rows::Kind;
use super::{Bif, Native};
use crate::kernel::World;
use crate::term::{Pid, Term};
use crate::vm::exception::Res;

/// The objects a pattern or specification can match: those of its fixed
/// key, or all.
fn candidates<'t>(t: &'t EtsTable, key: Option<&Term>) -> Vec<&'t Term> {
    match key {
        Some(k) => t.rows.get(k).iter().collect(),
        None => t.rows.objects().collect(),
    }
}

/// How many objects `:ets.op(tab, pattern_or_spec)` walks, as the caller
/// `me` sees the table (0 when it is no table: the native fails).
fn walked(world: &World, me: Pid, a: &[Term]) -> u64 {
    let Some(t) = a.first().and_then(|tab| table_of(world, me, tab)) else {
        return 0;
    };
    let keypos = t.rows.keypos();
    let key = match a.get(1) {
        Some(p @ Term::List(_)) => ets_match::compile(p).and_then(|s| s.fixed_key(keypos).cloned()),
        Some(p) => ets_match::fixed_key(p, keypos).cloned(),
        None => None,
    };
    match key {
        Some(k) => t.rows.get(&k).len() as u64,
        None => t.rows.len() as u64,
    }
}

/// `tab2list/1`, `match/2`, `match_object/2`, `select/2`,
/// `select_reverse/2`, `lookup/2`, `take/2`: every object walked may be
/// in the list they build, and is charged as if it were.
pub(super) fn listed(world: &World, me: Pid, a: &[Term]) -> Cost {
    Cost::build(walked(world, me, a))
}

/// `select_count/2`, `match_delete/2`, `select_delete/2`: every object
/// walked and matched (as dear as building it), nothing built.
pub(super) fn counted(world: &World, me: Pid, a: &[Term]) -> Cost {
    let b = Cost::build(walked(world, me, a));
    Cost { words: 0, ..b }
}

/// `lookup/2`, `take/2`, `lookup_element/3`: the objects of a key (many
/// in a bag).
pub(super) fn keyed(world: &World, me: Pid, a: &[Term]) -> Cost {
    let table = a.first().and_then(|tab| table_of(world, me, tab));
    match (table, a.get(1)) {
        (Some(t), Some(k)) => Cost::build(t.rows.get(k).len() as u64),
        _ => Cost::default(),
    }
}

/// `info/1`, `info(tab, :memory)`: every object sized.
pub(super) fn sized(world: &World, me: Pid, a: &[Term]) -> Cost {
    match a.get(1) {
        Some(item) if !item.is_atom("memory") => Cost::default(),
        _ => Cost::scan(walked(world, me, a.get(..1).unwrap_or_default())),
    }
}

fn ets_match(n: &mut Native, a: &[Term]) -> Res {
    reading(n, "match", a, |t| {
        let key = ets_match::fixed_key(&a[1], t.rows.keypos());
        let found = candidates(t, key).into_iter().filter_map(|o| {
            let mut bound = Bindings::new();
            ets_match::matches(&a[1], o, &mut bound).then(|| bindings_list(bound))
        });
        Ok(Term::list(found.collect()))
    })
}

fn match_object(n: &mut Native, a: &[Term]) -> Res {
    reading(n, "match_object", a, |t| {
        let key = ets_match::fixed_key(&a[1], t.rows.keypos());
        let found = candidates(t, key)
            .into_iter()
            .filter(|o| ets_match::matches(&a[1], o, &mut Bindings::new()));
        Ok(Term::list(found.cloned().collect()))
    })
}

fn match_delete(n: &mut Native, a: &[Term]) -> Res {
    writing(n, "match_delete", a, |t| {
        t.rows
            .retain(|o| !ets_match::matches(&a[1], o, &mut Bindings::new()));
        Ok(Term::boolean(true))
    })
}

/// What match specifications may ask: the caller and the node names.
fn env(n: &Native) -> Env {
    let world = &*n.world;
    Env {
        me: n.me,
        nodes: (0..world.node_count() as u32)
            .map(|i| {
                world
                    .node_name(i)
                    .map_or_else(Term::nil, |a| Term::Atom(*a))
            })
            .collect(),
    }
}

/// Runs the match specification `a[1]` over the table `a[0]`: what each
/// matching object gave, in table order.
fn select_results(n: &Native, op: &str, a: &[Term]) -> Res<Vec<Term>> {
    let env = env(n);
    reading(n, op, a, |t| {
        let spec = ets_match::compile(&a[1]).ok_or(Cause::None)?;
        let key = spec.fixed_key(t.rows.keypos());
        Ok(candidates(t, key)
            .into_iter()
            .filter_map(|o| spec.run(o, &env))
            .collect())
    })
}

fn select(n: &mut Native, a: &[Term]) -> Res {
    Ok(Term::list(select_results(n, "select", a)?))
}

fn select_reverse(n: &mut Native, a: &[Term]) -> Res {
    let mut found = select_results(n, "select_reverse", a)?;
    reading(n, "select_reverse", a, |t| {
        if t.rows.kind() == Kind::OrderedSet {
            found.reverse();
        }
        Ok(Term::list(found))
    })
}

fn select_count(n: &mut Native, a: &[Term]) -> Res {
    let found = select_results(n, "select_count", a)?;
    Ok(Term::Int(
        found.iter().filter(|r| r.is_atom("true")).count() as i64,
    ))
}

fn select_delete(n: &mut Native, a: &[Term]) -> Res {
    let env = env(n);
    writing(n, "select_delete", a, |t| {
        let spec = ets_match::compile(&a[1]).ok_or(Cause::None)?;
        let gone = t
            .rows
            .retain(|o| !spec.run(o, &env).is_some_and(|r| r.is_atom("true")));
        Ok(Term::Int(gone as i64))
    })
}

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::world("ets", "match", 2, ets_match),
    Bif::world("ets", "match_object", 2, match_object),
    Bif::world("ets", "match_delete", 2, match_delete),
    Bif::world("ets", "select", 2, select),
    Bif::world("ets", "select_reverse", 2, select_reverse),
    Bif::world("ets", "select_count", 2, select_count),
    Bif::world("ets", "select_delete", 2, select_delete),
];
