//! `:ets` natives on objects: inserting, looking up, updating in place,
//! deleting, and walking a table key by key (`first/1`, `next/2`, ...).
//! See `ets` for tables and what is supported.

use super::ets::{reading, writing};
use super::ets_error::Cause;
use super::ets_rows::{Kind, NoSuchKey, Rows};
use super::{get, lookup, Bif, Call, Native};
use crate::term::{compare, Term};
use crate::vm::exception::Res;
use std::cmp::Ordering;

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
        if a.get(3).is_some_and(|d| !matches!(d, Term::Tuple(..))) {
            return Err(Cause::None);
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

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::world("ets", "insert", 2, insert),
    Bif::world("ets", "insert_new", 2, insert_new),
    Bif::world("ets", "lookup", 2, ets_lookup),
    Bif::world("ets", "lookup_element", 3, lookup_element),
    Bif::world("ets", "member", 2, member),
    Bif::world("ets", "take", 2, take),
    Bif::world("ets", "delete", 2, delete_key),
    Bif::world("ets", "delete_object", 2, delete_object),
    Bif::world("ets", "delete_all_objects", 1, delete_all_objects),
    Bif::world("ets", "update_counter", 3, update_counter),
    Bif::world("ets", "update_counter", 4, update_counter),
    Bif::world("ets", "update_element", 3, update_element),
    Bif::world("ets", "tab2list", 1, tab2list),
    Bif::world("ets", "first", 1, first),
    Bif::world("ets", "last", 1, last),
    Bif::world("ets", "next", 2, next),
    Bif::world("ets", "prev", 2, prev),
];
