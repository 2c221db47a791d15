//! `:ets`: tables of tuples owned by a process, read and written directly
//! by any process of the node (no messages), as in OTP 25.
//!
//! Each table is one of the kernel's tables (`crate::kernel::Table`) on the
//! owner's node, so it dies with its owner (or goes to its heir) and is
//! copied with the world. A named table is kept under its name, an unnamed
//! one under the number of its reference; names and references resolve on
//! the caller's node. Table types and their order: see `ets_rows`; patterns
//! and match specifications: see `ets_match`; error messages: see
//! `ets_error`.
//!
//! Supported: `new/2` (all four types, `:public`/`:protected`/`:private`,
//! `:named_table`, `{:keypos, n}`, `{:heir, pid, data}`, and the tuning
//! options, which change nothing but `info/1`), `insert/2`, `insert_new/2`,
//! `lookup/2`, `lookup_element/3`, `member/2`, `take/2`, `delete/1,2`,
//! `delete_object/2`, `delete_all_objects/1`, `update_counter/3,4`,
//! `update_element/3`, `tab2list/1`, `info/1,2`, `first/1`, `next/2`,
//! `last/1`, `prev/2`, `match/2`, `match_object/2`, `match_delete/2`,
//! `select/2`, `select_reverse/2`, `select_count/2`, `select_delete/2`,
//! `give_away/3`, `rename/2`, `whereis/1`, `all/0`. Not supported: the
//! continuation forms (`select/3`, `match/3`, ...), `foldl/3` and other
//! functions that take funs, `select_replace/2`, `setopts/2`, `i/0`,
//! files (`tab2file/2`), `fun2ms/1` (a parse transform in OTP).

use super::ets_error::{fail, Cause};
use super::ets_match::{self, bindings_list, Bindings, Env};
use super::ets_rows::{Kind, NoSuchKey, Rows};
use super::{get, lookup, Bif, Call, Native};
use crate::kernel::{TableName, World};
use crate::term::{compare, Atom, Pid, Ref, Term};
use crate::vm::exception::Res;
use std::cmp::Ordering;
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
struct EtsTable {
    id: Ref,
    name: Atom,
    named: bool,
    access: Access,
    rows: Rows,
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
fn reading<T>(
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
fn writing<T>(
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

/// The objects `insert/2` was given: a tuple or a proper list of tuples,
/// each with a key.
fn objects_of(rows: &Rows, term: &Term) -> Result<Vec<Term>, Cause> {
    let items = match term {
        Term::Tuple(..) => vec![term.clone()],
        _ => term.list_to_vec().ok_or(Cause::None)?,
    };
    if items.iter().all(|o| rows.key_of(o).is_some()) {
        Ok(items)
    } else {
        Err(Cause::None)
    }
}

fn insert(n: &mut Native, a: &[Term]) -> Res {
    writing(n, "insert", a, |t| {
        let objects = objects_of(&t.rows, &a[1])?;
        // A bag takes a list from its end (what OTP 25 stores).
        if t.rows.kind() == Kind::Bag {
            objects.into_iter().rev().for_each(|o| t.rows.insert(o));
        } else {
            objects.into_iter().for_each(|o| t.rows.insert(o));
        }
        Ok(Term::boolean(true))
    })
}

fn insert_new(n: &mut Native, a: &[Term]) -> Res {
    writing(n, "insert_new", a, |t| {
        let objects = objects_of(&t.rows, &a[1])?;
        let taken = objects
            .iter()
            .any(|o| t.rows.key_of(o).is_some_and(|k| t.rows.contains(k)));
        if !taken {
            objects.into_iter().for_each(|o| t.rows.insert(o));
        }
        Ok(Term::boolean(!taken))
    })
}

fn ets_lookup(n: &mut Native, a: &[Term]) -> Res {
    reading(n, "lookup", a, |t| {
        Ok(Term::list(t.rows.get(&a[1]).to_vec()))
    })
}

fn lookup_element(n: &mut Native, a: &[Term]) -> Res {
    reading(n, "lookup_element", a, |t| {
        let pos = match a[2] {
            Term::Int(p) if p >= 1 => usize::try_from(p).map_err(|_| Cause::None)?,
            _ => return Err(Cause::None),
        };
        let objects = t.rows.get(&a[1]);
        if objects.is_empty() {
            return Err(Cause::BadKey);
        }
        let values = objects
            .iter()
            .map(|o| o.as_tuple().and_then(|e| e.get(pos - 1)).cloned())
            .collect::<Option<Vec<Term>>>()
            .ok_or(Cause::None)?;
        Ok(if t.rows.kind().is_set() {
            values.into_iter().next().unwrap_or_else(Term::nil)
        } else {
            Term::list(values)
        })
    })
}

fn member(n: &mut Native, a: &[Term]) -> Res {
    reading(n, "member", a, |t| {
        Ok(Term::boolean(t.rows.contains(&a[1])))
    })
}

fn take(n: &mut Native, a: &[Term]) -> Res {
    writing(n, "take", a, |t| Ok(Term::list(t.rows.remove(&a[1]))))
}

fn delete_table(n: &mut Native, a: &[Term]) -> Res {
    let me = n.me;
    let name = check(n.world, me, &a[0], Need::Write).map_err(|c| fail("delete", a, c))?;
    n.world.drop_table(me.node, name);
    Ok(Term::boolean(true))
}

fn delete_key(n: &mut Native, a: &[Term]) -> Res {
    writing(n, "delete", a, |t| {
        t.rows.remove(&a[1]);
        Ok(Term::boolean(true))
    })
}

fn delete_object(n: &mut Native, a: &[Term]) -> Res {
    writing(n, "delete_object", a, |t| {
        if t.rows.key_of(&a[1]).is_none() {
            return Err(Cause::None);
        }
        t.rows.remove_object(&a[1]);
        Ok(Term::boolean(true))
    })
}

fn delete_all_objects(n: &mut Native, a: &[Term]) -> Res {
    writing(n, "delete_all_objects", a, |t| {
        t.rows.clear();
        Ok(Term::boolean(true))
    })
}

/// One counter update: position, increment, and `{threshold, set_value}`.
type CounterOp = (i64, Term, Option<(Term, Term)>);

fn counter_op(op: &Term, keypos: usize) -> Option<CounterOp> {
    let int = |t: &Term| matches!(t, Term::Int(_) | Term::BigInt(_));
    let pos = |t: &Term| match t {
        Term::Int(p) => *p,
        _ => i64::MAX,
    };
    match op.as_tuple() {
        None if int(op) => Some((keypos as i64 + 1, op.clone(), None)),
        Some([p, i]) if int(p) && int(i) => Some((pos(p), i.clone(), None)),
        Some([p, i, th, set]) if [p, i, th, set].iter().all(|t| int(t)) => {
            Some((pos(p), i.clone(), Some((th.clone(), set.clone()))))
        }
        _ => None,
    }
}

fn add(a: &Term, b: &Term) -> Option<Term> {
    match get(lookup("erlang", "+", 2)?)?.call {
        Call::Pure(f) => f(&[a.clone(), b.clone()]).ok(),
        Call::World(_) => None,
    }
}

fn update_counter(n: &mut Native, a: &[Term]) -> Res {
    writing(n, "update_counter", a, |t| {
        if !t.rows.kind().is_set() {
            return Err(Cause::TableType);
        }
        let keypos = t.rows.keypos();
        let found = t.rows.get(&a[1]).first().cloned();
        if found.is_none() && a.len() == 3 {
            return Err(Cause::BadKey);
        }
        let (ops, many) = match &a[2] {
            Term::List(_) => (a[2].list_to_vec().ok_or(Cause::None)?, true),
            op => (vec![op.clone()], false),
        };
        let ops = ops
            .iter()
            .map(|op| counter_op(op, keypos))
            .collect::<Option<Vec<_>>>()
            .ok_or(Cause::None)?;
        let object = match found {
            Some(o) => o,
            None => {
                // The default, with the key put in its key position.
                let mut d = a[3].as_tuple().ok_or(Cause::None)?.to_vec();
                *d.get_mut(keypos - 1).ok_or(Cause::None)? = a[1].clone();
                Term::tuple(d)
            }
        };
        let mut elements = object.as_tuple().unwrap_or_default().to_vec();
        let mut results = Vec::with_capacity(ops.len());
        for (pos, incr, threshold) in ops {
            if pos == keypos as i64 {
                return Err(Cause::KeyPos);
            }
            if pos < 1 || pos as usize > elements.len() {
                return Err(Cause::Position);
            }
            let slot = &mut elements[pos as usize - 1];
            let mut value = add(slot, &incr).ok_or(Cause::None)?;
            if let Some((th, set)) = threshold {
                let up = compare(&incr, &Term::Int(0)) != Ordering::Less;
                let past = compare(&value, &th);
                if (up && past == Ordering::Greater) || (!up && past == Ordering::Less) {
                    value = set;
                }
            }
            *slot = value.clone();
            results.push(value);
        }
        t.rows.insert(Term::tuple(elements));
        Ok(if many {
            Term::list(results)
        } else {
            results.pop().unwrap_or_else(Term::nil)
        })
    })
}

fn update_element(n: &mut Native, a: &[Term]) -> Res {
    writing(n, "update_element", a, |t| {
        if !t.rows.kind().is_set() {
            return Err(Cause::None);
        }
        let Some(object) = t.rows.get(&a[1]).first().cloned() else {
            return Ok(Term::boolean(false));
        };
        let specs = match &a[2] {
            Term::List(_) => a[2].list_to_vec().ok_or(Cause::None)?,
            spec => vec![spec.clone()],
        };
        let keypos = t.rows.keypos() as i64;
        let mut elements = object.as_tuple().unwrap_or_default().to_vec();
        for spec in &specs {
            let Some([Term::Int(pos), value]) = spec.as_tuple() else {
                return Err(Cause::None);
            };
            if *pos == keypos {
                return Err(Cause::KeyPos);
            }
            if *pos < 1 || *pos as usize > elements.len() {
                return Err(Cause::None);
            }
            elements[*pos as usize - 1] = value.clone();
        }
        t.rows.insert(Term::tuple(elements));
        Ok(Term::boolean(true))
    })
}

fn tab2list(n: &mut Native, a: &[Term]) -> Res {
    reading(n, "tab2list", a, |t| {
        Ok(Term::list(t.rows.objects().cloned().collect()))
    })
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
                    Some(Term::tuple(vec![Term::atom(item), v]))
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
    base + rows.objects().map(|o| per + words(o)).sum::<usize>()
}

/// The words a term takes on a 64-bit BEAM heap, as `:erts_debug.flat_size/1`
/// counts them (approximately, for big maps and funs).
fn words(t: &Term) -> usize {
    match t {
        Term::Int(i) if (-(1 << 59)..(1 << 59)).contains(i) => 0,
        Term::Int(_) => 2,
        Term::BigInt(b) => 1 + b.bits().div_ceil(64) as usize,
        Term::Float(_) => 2,
        Term::Atom(_) | Term::Pid(_) => 0,
        Term::Ref(_) => 4,
        Term::Fun(_) => 8,
        Term::Binary(b) if b.len() <= 64 => 2 + b.len().div_ceil(8),
        Term::Binary(_) => 6,
        Term::Tuple(items, _) => 1 + items.len() + items.iter().map(words).sum::<usize>(),
        Term::List(_) => {
            let mut iter = t.list_iter();
            let cells: usize = iter.by_ref().map(|h| 2 + words(h)).sum();
            cells + words(iter.tail())
        }
        Term::Map(m) => 4 + 2 * m.len() + m.iter().map(|(k, v)| words(k) + words(v)).sum::<usize>(),
    }
}

fn end_of_table(key: Option<Term>) -> Term {
    key.unwrap_or_else(|| Term::atom("$end_of_table"))
}

fn first(n: &mut Native, a: &[Term]) -> Res {
    reading(n, "first", a, |t| Ok(end_of_table(t.rows.first())))
}

fn last(n: &mut Native, a: &[Term]) -> Res {
    reading(n, "last", a, |t| Ok(end_of_table(t.rows.last())))
}

fn next(n: &mut Native, a: &[Term]) -> Res {
    reading(n, "next", a, |t| {
        t.rows
            .next(&a[1])
            .map(end_of_table)
            .map_err(|NoSuchKey| Cause::BadKey)
    })
}

fn prev(n: &mut Native, a: &[Term]) -> Res {
    reading(n, "prev", a, |t| {
        t.rows
            .prev(&a[1])
            .map(end_of_table)
            .map_err(|NoSuchKey| Cause::BadKey)
    })
}

/// The objects a pattern or specification can match: those of its fixed
/// key, or all.
fn candidates<'t>(t: &'t EtsTable, key: Option<&Term>) -> Vec<&'t Term> {
    match key {
        Some(k) => t.rows.get(k).iter().collect(),
        None => t.rows.objects().collect(),
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
    let msg = Term::tuple(vec![
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
    let (id, named) = writing(n, "rename", a, |t| match a[1] {
        Term::Atom(_) => Ok((t.id, t.named)),
        _ => Err(Cause::None),
    })?;
    let Term::Atom(new_name) = a[1] else {
        return Err(fail("rename", a, Cause::None));
    };
    if !named {
        writing(n, "rename", a, |t| {
            t.name = new_name;
            Ok(())
        })?;
        return Ok(Term::Ref(id));
    }
    let to = TableName::Atom(new_name);
    let from = locate(n.world, me, &a[0]).map_err(|c| fail("rename", a, c))?;
    if n.world.table_as(me.node, to).is_some() {
        return Err(fail("rename", a, Cause::None));
    }
    let Some(mut table) = n.world.drop_table(me.node, from) else {
        return Err(fail("rename", a, Cause::Id));
    };
    if let Some(t) = table.get_mut::<EtsTable>() {
        t.name = new_name;
    }
    n.world
        .create_table_as(me.node, to, table.owner, table.data);
    if let Some(t) = n.world.table_as_mut(me.node, to) {
        t.heir = table.heir;
    }
    n.world.ext_mut::<Issued>().0.insert(id.id, Some(new_name));
    Ok(Term::Atom(new_name))
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
            .tables
            .iter()
            .filter(|((at, _), t)| *at == node && t.get::<EtsTable>().is_some())
            .map(|((at, name), _)| name.to_term(*at))
            .collect(),
    ))
}

#[cfg(test)]
mod tests;

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::world("ets", "new", 2, new),
    Bif::world("ets", "insert", 2, insert),
    Bif::world("ets", "insert_new", 2, insert_new),
    Bif::world("ets", "lookup", 2, ets_lookup),
    Bif::world("ets", "lookup_element", 3, lookup_element),
    Bif::world("ets", "member", 2, member),
    Bif::world("ets", "take", 2, take),
    Bif::world("ets", "delete", 1, delete_table),
    Bif::world("ets", "delete", 2, delete_key),
    Bif::world("ets", "delete_object", 2, delete_object),
    Bif::world("ets", "delete_all_objects", 1, delete_all_objects),
    Bif::world("ets", "update_counter", 3, update_counter),
    Bif::world("ets", "update_counter", 4, update_counter),
    Bif::world("ets", "update_element", 3, update_element),
    Bif::world("ets", "tab2list", 1, tab2list),
    Bif::world("ets", "info", 1, info1),
    Bif::world("ets", "info", 2, info2),
    Bif::world("ets", "first", 1, first),
    Bif::world("ets", "last", 1, last),
    Bif::world("ets", "next", 2, next),
    Bif::world("ets", "prev", 2, prev),
    Bif::world("ets", "match", 2, ets_match),
    Bif::world("ets", "match_object", 2, match_object),
    Bif::world("ets", "match_delete", 2, match_delete),
    Bif::world("ets", "select", 2, select),
    Bif::world("ets", "select_reverse", 2, select_reverse),
    Bif::world("ets", "select_count", 2, select_count),
    Bif::world("ets", "select_delete", 2, select_delete),
    Bif::world("ets", "give_away", 3, give_away),
    Bif::world("ets", "rename", 2, rename),
    Bif::world("ets", "whereis", 1, whereis),
    Bif::world("ets", "all", 0, all),
];
