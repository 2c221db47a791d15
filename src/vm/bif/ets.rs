//! `:ets` tables: creating them (`new/2`), who may use them, where they
//! live, and what is said about them (`info/1,2`), deleting, renaming and
//! giving them away. As in OTP 25, any process of the node reads and
//! writes a table directly, without messages, as its access allows.
//!
//! Each table is one of the kernel's tables (`crate::kernel::Table`) on the
//! owner's node, so it dies with its owner (or goes to its heir) and is
//! copied with the world. A named table is kept under its name, an unnamed
//! one under the number of its reference; names and references resolve on
//! the caller's node. The natives on objects are in `ets_objects`, those
//! taking patterns in `ets_select`; how each table type stores and orders
//! its objects is in `ets_rows`, patterns and match specifications in
//! `ets_match`, the error messages in `ets_error`.
//!
//! Supported: `new/2` (all four types, `:public`/`:protected`/`:private`,
//! `:named_table`, `{:keypos, n}`, `{:heir, pid, data}`, and the tuning
//! options, which change nothing but `info/1`), `insert/2`, `insert_new/2`,
//! `lookup/2`, `lookup_element/3`, `member/2`, `take/2`, `delete/1,2`,
//! `delete_object/2`, `delete_all_objects/1`, `update_counter/3,4`,
//! `update_element/3`, `tab2list/1`, `info/1,2`, `first/1`, `next/2`,
//! `last/1`, `prev/2`, `match/2`, `match_object/2`, `match_delete/2`,
//! `select/2`, `select_reverse/2`, `select_count/2`, `select_delete/2`,
//! `give_away/3`, `rename/2`, `whereis/1`, `all/0`, and in the prelude
//! (`collections.ex`) `foldl/3` and `foldr/3`, which fold over a copy of
//! the table. Not supported: the continuation forms (`select/3`,
//! `match/3`, ...), `select_replace/2`, `setopts/2`, `i/0`,
//! files (`tab2file/2`), `fun2ms/1` (a parse transform in OTP), and
//! `info/2` items beyond those `info/1` lists (and `fixed`, `safe_fixed`).

use super::ets_error::{fail, Cause};
use super::ets_rows::{Kind, Rows};
use super::{Bif, Native};
use crate::kernel::{TableName, World};
use crate::term::{flat_size, Atom, Pid, Ref, Term};
use crate::vm::exception::Res;
use std::collections::BTreeMap;

/// Who may read and write a table besides its owner.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    Public,
    Protected,
    Private,
}

impl Access {
    fn name(self) -> &'static str {
        match self {
            Access::Public => "public",
            Access::Protected => "protected",
            Access::Private => "private",
        }
    }
}

/// What a native needs to do with a table.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    Read,
    Write,
}

/// One table (its owner and heir are the kernel table's).
#[derive(Clone)]
pub(super) struct EtsTable {
    id: Ref,
    name: Atom,
    named: bool,
    access: Access,
    /// The objects.
    pub(super) rows: Rows,
    /// `read_concurrency`, `write_concurrency`, `compressed`,
    /// `decentralized_counters`: reported by `info/1`, nothing more.
    tuning: [Term; 4],
}

/// Every table reference handed out in this world, with the name of named
/// tables: a reference that never was a table is "not a valid table
/// identifier", one whose table is gone "does not refer to an existing
/// ETS table", and a named table is found from its reference.
#[derive(Clone, Default)]
struct Issued(BTreeMap<u64, Option<Atom>>);

/// The kernel's name of the table `tab` on the caller's node.
fn locate(world: &World, me: Pid, tab: &Term) -> Result<TableName, Cause> {
    let node = me.node;
    let holds = |name: TableName, want: Option<Ref>| {
        world
            .table_as(node, name)
            .and_then(|t| t.get::<EtsTable>())
            .is_some_and(|t| want.is_none_or(|r| t.id == r))
    };
    match tab {
        Term::Atom(a) if holds(TableName::Atom(*a), None) => Ok(TableName::Atom(*a)),
        Term::Atom(_) => Err(Cause::Id),
        Term::Ref(r) => {
            let issued = world.ext::<Issued>().and_then(|i| i.0.get(&r.id));
            let name = match issued.ok_or(Cause::Type)? {
                Some(a) => TableName::Atom(*a),
                None => TableName::Id(r.id),
            };
            if r.node == node && holds(name, Some(*r)) {
                Ok(name)
            } else {
                Err(Cause::Id)
            }
        }
        _ => Err(Cause::Type),
    }
}

/// The table `tab` as the caller `me` names it, whether or not it may use
/// it (for what a native on it costs).
pub(super) fn table_of<'w>(world: &'w World, me: Pid, tab: &Term) -> Option<&'w EtsTable> {
    let name = locate(world, me, tab).ok()?;
    world.table_as(me.node, name)?.get::<EtsTable>()
}

/// The kernel's name of the table `tab`, if the caller may use it as
/// `need` says.
fn check(world: &World, me: Pid, tab: &Term, need: Need) -> Result<TableName, Cause> {
    let name = locate(world, me, tab)?;
    let table = world.table_as(me.node, name).ok_or(Cause::Id)?;
    let ets = table.get::<EtsTable>().ok_or(Cause::Id)?;
    let allowed = table.owner == me
        || match need {
            Need::Read => ets.access != Access::Private,
            Need::Write => ets.access == Access::Public,
        };
    if allowed {
        Ok(name)
    } else {
        Err(Cause::Access)
    }
}

/// Runs `f` on a table the caller may read; errors as OTP words them for
/// `:ets.op(args)`.
pub(super) fn reading<T>(
    n: &Native,
    op: &str,
    args: &[Term],
    f: impl FnOnce(&EtsTable) -> Result<T, Cause>,
) -> Res<T> {
    check(n.world, n.me, &args[0], Need::Read)
        .and_then(|name| {
            n.world
                .table_as(n.me.node, name)
                .and_then(|t| t.get::<EtsTable>())
                .ok_or(Cause::Id)
        })
        .and_then(f)
        .map_err(|c| fail(op, args, c))
}

/// Runs `f` on a table the caller may write.
pub(super) fn writing<T>(
    n: &mut Native,
    op: &str,
    args: &[Term],
    f: impl FnOnce(&mut EtsTable) -> Result<T, Cause>,
) -> Res<T> {
    let me = n.me;
    check(n.world, me, &args[0], Need::Write)
        .and_then(|name| {
            n.world
                .table_as_mut(me.node, name)
                .and_then(|t| t.get_mut::<EtsTable>())
                .ok_or(Cause::Id)
        })
        .and_then(f)
        .map_err(|c| fail(op, args, c))
}

fn boolean_opt(value: &Term) -> Option<Term> {
    matches!(value.as_atom(), Some("true" | "false")).then(|| value.clone())
}

/// The options of `new/2`.
struct Options {
    kind: Kind,
    access: Access,
    named: bool,
    keypos: usize,
    heir: Option<(Pid, Term)>,
    tuning: [Option<Term>; 4],
    compressed: bool,
}

/// Reads the options as OTP does: later ones win, `:set` changes nothing.
fn options(list: &[Term]) -> Option<Options> {
    let mut o = Options {
        kind: Kind::Set,
        access: Access::Protected,
        named: false,
        keypos: 1,
        heir: None,
        tuning: [None, None, None, None],
        compressed: false,
    };
    for opt in list {
        match (opt.as_atom(), opt.as_tuple()) {
            (Some("set"), _) => {}
            (Some("ordered_set"), _) => o.kind = Kind::OrderedSet,
            (Some("bag"), _) => o.kind = Kind::Bag,
            (Some("duplicate_bag"), _) => o.kind = Kind::DuplicateBag,
            (Some("public"), _) => o.access = Access::Public,
            (Some("protected"), _) => o.access = Access::Protected,
            (Some("private"), _) => o.access = Access::Private,
            (Some("named_table"), _) => o.named = true,
            (Some("compressed"), _) => o.compressed = true,
            (_, Some([k, Term::Int(p)])) if k.is_atom("keypos") && *p >= 1 => {
                o.keypos = usize::try_from(*p).ok()?;
            }
            (_, Some([k, v])) if k.is_atom("heir") && v.is_atom("none") => o.heir = None,
            (_, Some([k, Term::Pid(p), data])) if k.is_atom("heir") => {
                o.heir = Some((*p, data.clone()));
            }
            (_, Some([k, v])) if k.is_atom("read_concurrency") => o.tuning[0] = boolean_opt(v),
            (_, Some([k, v])) if k.is_atom("write_concurrency") => {
                o.tuning[1] = boolean_opt(v).or_else(|| v.is_atom("auto").then(|| v.clone()));
            }
            (_, Some([k, v])) if k.is_atom("decentralized_counters") => {
                o.tuning[3] = boolean_opt(v);
            }
            _ => return None,
        }
        // A tuning option with a bad value.
        if let Some([k, _]) = opt.as_tuple() {
            let slot = match k.as_atom() {
                Some("read_concurrency") => Some(0),
                Some("write_concurrency") => Some(1),
                Some("decentralized_counters") => Some(3),
                _ => None,
            };
            if slot.is_some_and(|i| o.tuning[i].is_none()) {
                return None;
            }
        }
    }
    Some(o)
}

fn new(n: &mut Native, a: &[Term]) -> Res {
    let bad = |c| fail("new", a, c);
    let Term::Atom(name) = a[0] else {
        return Err(bad(Cause::None));
    };
    let list = a[1].list_to_vec().ok_or_else(|| bad(Cause::None))?;
    let o = options(&list).ok_or_else(|| bad(Cause::None))?;
    let node = n.me.node;
    // ERTS takes only a local pid as heir (`is_internal_pid`), which is
    // also what lets a table's owner always be on the table's node.
    if o.heir.as_ref().is_some_and(|(p, _)| p.node != node) {
        return Err(bad(Cause::None));
    }
    if o.named && n.world.table_as(node, TableName::Atom(name)).is_some() {
        return Err(bad(Cause::AlreadyExists));
    }
    let id = n.world.make_ref(node);
    n.world
        .ext_mut::<Issued>()
        .0
        .insert(id.id, o.named.then_some(name));
    let key = if o.named {
        TableName::Atom(name)
    } else {
        TableName::Id(id.id)
    };
    let f = || Term::boolean(false);
    let write = o.tuning[1].clone().unwrap_or_else(f);
    let decentralized = o.tuning[3]
        .clone()
        .unwrap_or_else(|| Term::boolean(o.kind == Kind::OrderedSet && write.is_atom("true")));
    let table = EtsTable {
        id,
        name,
        named: o.named,
        access: o.access,
        rows: Rows::new(o.kind, o.keypos),
        tuning: [
            o.tuning[0].clone().unwrap_or_else(f),
            write,
            Term::boolean(o.compressed),
            decentralized,
        ],
    };
    n.world.create_table_as(node, key, n.me, Box::new(table));
    // An heir that is already dead is no heir.
    let heir = o.heir.filter(|(p, _)| n.world.is_alive(*p));
    if let Some(t) = n.world.table_as_mut(node, key) {
        t.heir = heir;
    }
    Ok(if o.named {
        Term::Atom(name)
    } else {
        Term::Ref(id)
    })
}

fn delete_table(n: &mut Native, a: &[Term]) -> Res {
    let me = n.me;
    let name = check(n.world, me, &a[0], Need::Write).map_err(|c| fail("delete", a, c))?;
    n.world.drop_table(me.node, name);
    Ok(Term::boolean(true))
}

/// The `:ets.info/1` items, in OTP 25's order.
const INFO_ITEMS: [&str; 15] = [
    "id",
    "decentralized_counters",
    "read_concurrency",
    "write_concurrency",
    "compressed",
    "memory",
    "owner",
    "heir",
    "name",
    "size",
    "node",
    "named_table",
    "type",
    "keypos",
    "protection",
];

/// One info item of the table `name`; `None` for an unknown item.
fn info_item(world: &World, node: u32, name: TableName, item: &str) -> Option<Term> {
    let table = world.table_as(node, name)?;
    let t = table.get::<EtsTable>()?;
    Some(match item {
        "id" => Term::Ref(t.id),
        "decentralized_counters" => t.tuning[3].clone(),
        "read_concurrency" => t.tuning[0].clone(),
        "write_concurrency" => t.tuning[1].clone(),
        "compressed" => t.tuning[2].clone(),
        "memory" => Term::Int(memory(&t.rows) as i64),
        "owner" => Term::Pid(table.owner),
        "heir" => table
            .heir
            .as_ref()
            .map_or_else(|| Term::atom("none"), |(p, _)| Term::Pid(*p)),
        "name" => Term::Atom(t.name),
        "size" => Term::Int(t.rows.len() as i64),
        "node" => world
            .node_name(node)
            .map_or_else(Term::nil, |a| Term::Atom(*a)),
        "named_table" => Term::boolean(t.named),
        "type" => Term::atom(t.rows.kind().name()),
        "keypos" => Term::Int(t.rows.keypos() as i64),
        "protection" => Term::atom(t.access.name()),
        "fixed" | "safe_fixed" | "safe_fixed_monotonic_time" => Term::boolean(false),
        _ => return None,
    })
}

fn info1(n: &mut Native, a: &[Term]) -> Res {
    let node = n.me.node;
    match locate(n.world, n.me, &a[0]) {
        Ok(name) => Ok(Term::list(
            INFO_ITEMS
                .iter()
                .filter_map(|item| {
                    let v = info_item(n.world, node, name, item)?;
                    Some(Term::tuple([Term::atom(item), v]))
                })
                .collect(),
        )),
        Err(Cause::Id) => Ok(Term::atom("undefined")),
        Err(c) => Err(fail("info", a, c)),
    }
}

fn info2(n: &mut Native, a: &[Term]) -> Res {
    let node = n.me.node;
    match locate(n.world, n.me, &a[0]) {
        Ok(name) => a[1]
            .as_atom()
            .and_then(|item| info_item(n.world, node, name, item))
            .ok_or_else(|| fail("info", a, Cause::None)),
        Err(Cause::Id) => Ok(Term::atom("undefined")),
        Err(c) => Err(fail("info", a, c)),
    }
}

/// Roughly what the BEAM reports as `memory` (words): an empty table's
/// size plus each object's size and a few words of bookkeeping.
fn memory(rows: &Rows) -> usize {
    let (base, per) = match rows.kind() {
        Kind::OrderedSet => (139, 5),
        _ => (305, 4),
    };
    base + rows.objects().map(|o| per + flat_size(o)).sum::<usize>()
}

fn give_away(n: &mut Native, a: &[Term]) -> Res {
    let me = n.me;
    let bad = |c| fail("give_away", a, c);
    let name = locate(n.world, me, &a[0]).map_err(bad)?;
    let owner = n.world.table_as(me.node, name).map(|t| t.owner);
    if owner != Some(me) {
        return Err(bad(Cause::NotOwner));
    }
    let to = a[1].as_pid().ok_or_else(|| bad(Cause::None))?;
    if to == me {
        return Err(bad(Cause::Owner));
    }
    if to.node != me.node || !n.world.is_alive(to) {
        return Err(bad(Cause::None));
    }
    if let Some(t) = n.world.table_as_mut(me.node, name) {
        t.owner = to;
    }
    let msg = Term::tuple([
        Term::atom("ETS-TRANSFER"),
        name.to_term(me.node),
        Term::Pid(me),
        a[2].clone(),
    ]);
    n.world.send(me, to, msg);
    Ok(Term::boolean(true))
}

fn rename(n: &mut Native, a: &[Term]) -> Res {
    let me = n.me;
    let bad = |c| fail("rename", a, c);
    let from = check(n.world, me, &a[0], Need::Write).map_err(bad)?;
    let Term::Atom(new_name) = a[1] else {
        return Err(bad(Cause::None));
    };
    let named = n
        .world
        .table_as(me.node, from)
        .and_then(|t| t.get::<EtsTable>())
        .is_some_and(|t| t.named);
    // Only a named table is kept under its name.
    let to = if named {
        TableName::Atom(new_name)
    } else {
        from
    };
    if named && n.world.table_as(me.node, to).is_some() {
        return Err(bad(Cause::None));
    }
    let Some(mut table) = n.world.drop_table(me.node, from) else {
        return Err(bad(Cause::Id));
    };
    let Some(id) = table.get_mut::<EtsTable>().map(|t| {
        t.name = new_name;
        t.id
    }) else {
        return Err(bad(Cause::Id));
    };
    n.world.put_table(me.node, to, table);
    if named {
        n.world.ext_mut::<Issued>().0.insert(id.id, Some(new_name));
        Ok(Term::Atom(new_name))
    } else {
        Ok(Term::Ref(id))
    }
}

fn whereis(n: &mut Native, a: &[Term]) -> Res {
    let Term::Atom(name) = a[0] else {
        return Err(fail("whereis", a, Cause::None));
    };
    Ok(n.world
        .table_as(n.me.node, TableName::Atom(name))
        .and_then(|t| t.get::<EtsTable>())
        .map_or_else(|| Term::atom("undefined"), |t| Term::Ref(t.id)))
}

fn all(n: &mut Native, _: &[Term]) -> Res {
    let node = n.me.node;
    Ok(Term::list(
        n.world
            .tables_on(node)
            .filter(|(_, t)| t.get::<EtsTable>().is_some())
            .map(|((at, name), _)| name.to_term(*at))
            .collect(),
    ))
}

#[cfg(test)]
mod tests;

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::world("ets", "new", 2, new),
    Bif::world("ets", "delete", 1, delete_table),
    Bif::world("ets", "info", 1, info1),
    Bif::world("ets", "info", 2, info2),
    Bif::world("ets", "give_away", 3, give_away),
    Bif::world("ets", "rename", 2, rename),
    Bif::world("ets", "whereis", 1, whereis),
    Bif::world("ets", "all", 0, all),
];
