//! Elixir's `List` (the functions without a fun argument), with the
//! errors Elixir 1.14 raises: a clause error in `List.fun/arity` (its
//! arity with defaults filled in), or the `:lists` error it delegates to.

use super::erlang_binary::{characters_to_binary, characters_to_list};
use super::lists::{duplicate, flatten1, flatten2};
use super::lists_keys as lists;
use super::support::{args, check_items, no_clause, pair};
use super::Bif;
use crate::term::{inspect, Term};
use crate::vm::exception::{Exception, Res};

const M: &str = "Elixir.List";

/// The natives of this file.
pub(super) const BIFS: &[Bif] = &[
    Bif::pure(M, "first", 1, first1),
    Bif::pure(M, "first", 2, first2),
    Bif::pure(M, "last", 1, last1),
    Bif::pure(M, "last", 2, last2),
    Bif::pure(M, "flatten", 1, flatten1),
    Bif::pure(M, "flatten", 2, flatten2),
    Bif::pure(M, "delete", 2, delete),
    Bif::pure(M, "delete_at", 2, delete_at),
    Bif::pure(M, "insert_at", 3, insert_at),
    Bif::pure(M, "replace_at", 3, replace_at),
    Bif::pure(M, "pop_at", 2, pop_at2),
    Bif::pure(M, "pop_at", 3, pop_at3),
    Bif::pure(M, "wrap", 1, wrap),
    Bif::pure(M, "zip", 1, zip),
    Bif::pure(M, "duplicate", 2, list_duplicate),
    Bif::pure(M, "to_string", 1, to_string),
    Bif::pure(M, "to_charlist", 1, to_charlist),
    Bif::pure(M, "keyfind", 3, keyfind3),
    Bif::pure(M, "keyfind", 4, keyfind4),
    Bif::pure(M, "keymember?", 3, keymember),
    Bif::pure(M, "keystore", 4, keystore),
    Bif::pure(M, "keydelete", 3, keydelete),
    Bif::pure(M, "keyreplace", 4, keyreplace),
    Bif::pure(M, "keytake", 3, keytake),
    Bif::pure(M, "keysort", 2, keysort),
    Bif::pure(M, "starts_with?", 2, starts_with),
    Bif::pure(M, "improper?", 1, improper),
    Bif::pure(M, "ascii_printable?", 1, ascii_printable1),
    Bif::pure(M, "ascii_printable?", 2, ascii_printable2),
];

fn first1(args: &[Term]) -> Res {
    args!(args, list);
    first2(&[list.clone(), Term::nil()])
}

fn first2(args: &[Term]) -> Res {
    args!(args, list, default);
    match list.head_tail() {
        Some((h, _)) => Ok(h.clone()),
        None if list.is_empty_list() => Ok(default.clone()),
        None => Err(no_clause(M, "first", args)),
    }
}

fn last1(args: &[Term]) -> Res {
    args!(args, list);
    last2(&[list.clone(), Term::nil()])
}

fn last2(args: &[Term]) -> Res {
    args!(args, list, default);
    if list.is_empty_list() {
        return Ok(default.clone());
    }
    let mut iter = list.list_iter();
    let last = iter.by_ref().last();
    match (last, iter.tail().is_empty_list()) {
        (Some(item), true) => Ok(item.clone()),
        _ => Err(no_clause(
            M,
            "last",
            &[iter.tail().clone(), default.clone()],
        )),
    }
}

fn delete(args: &[Term]) -> Res {
    args!(args, list, element);
    let mut out = Vec::new();
    let mut rest = list;
    loop {
        match rest.head_tail() {
            Some((h, t)) if h == element => return Ok(Term::improper_list(out, t.clone())),
            Some((h, t)) => {
                out.push(h.clone());
                rest = t;
            }
            None if rest.is_empty_list() => return Ok(Term::list(out)),
            None => return Err(no_clause(M, "delete", &[rest.clone(), element.clone()])),
        }
    }
}

/// The elements of a list argument, or a clause error in `name`.
fn items(list: &Term, name: &str, args: &[Term]) -> Res<Vec<Term>> {
    list.list_to_vec().ok_or_else(|| no_clause(M, name, args))
}

/// `index` counted from the end when negative (`len + index`).
fn resolve(index: i64, len: usize) -> i64 {
    if index < 0 {
        index.saturating_add(len as i64)
    } else {
        index
    }
}

fn pop_at(list: &Term, index: &Term, default: &Term, name: &str, args: &[Term]) -> Res {
    let Term::Int(i) = index else {
        return Err(no_clause(M, name, args));
    };
    let mut items = items(list, name, args)?;
    let i = resolve(*i, items.len());
    if i >= 0 && (i as u64) < items.len() as u64 {
        let x = items.remove(i as usize);
        Ok(pair(x, Term::list(items)))
    } else {
        Ok(pair(default.clone(), Term::list(items)))
    }
}

fn pop_at2(args: &[Term]) -> Res {
    args!(args, list, index);
    pop_at(
        list,
        index,
        &Term::nil(),
        "pop_at",
        &[list.clone(), index.clone(), Term::nil()],
    )
}

fn pop_at3(args: &[Term]) -> Res {
    args!(args, list, index, default);
    pop_at(list, index, default, "pop_at", args)
}

fn delete_at(args: &[Term]) -> Res {
    args!(args, list, index);
    let popped = pop_at(list, index, &Term::nil(), "delete_at", args)?;
    Ok(popped
        .as_tuple()
        .and_then(|t| t.get(1))
        .cloned()
        .unwrap_or_else(Term::nil))
}

fn insert_at(args: &[Term]) -> Res {
    args!(args, list, index, value);
    let (true, Term::Int(i)) = (list.is_list(), index) else {
        return Err(no_clause(M, "insert_at", args));
    };
    let mut items = items(list, "insert_at", args)?;
    check_items(items.len() as u128 + 1)?;
    let at = match *i {
        -1 => items.len() as i64,
        i if i < 0 => (items.len() as i64).saturating_add(i + 1).max(0),
        i => i,
    };
    let at = usize::try_from(at).unwrap_or(0).min(items.len());
    items.insert(at, value.clone());
    Ok(Term::list(items))
}

fn replace_at(args: &[Term]) -> Res {
    args!(args, list, index, value);
    let (true, Term::Int(i)) = (list.is_list(), index) else {
        return Err(no_clause(M, "replace_at", args));
    };
    let mut items = items(list, "replace_at", args)?;
    let i = resolve(*i, items.len());
    if let Some(slot) = usize::try_from(i).ok().and_then(|i| items.get_mut(i)) {
        *slot = value.clone();
    }
    Ok(Term::list(items))
}

fn wrap(args: &[Term]) -> Res {
    args!(args, x);
    Ok(if x.is_list() {
        x.clone()
    } else if x.is_atom("nil") {
        Term::EMPTY_LIST
    } else {
        Term::list(vec![x.clone()])
    })
}

fn zip(args: &[Term]) -> Res {
    args!(args, lists);
    let seqs = items(lists, "zip", args)?;
    if seqs.is_empty() {
        return Ok(Term::EMPTY_LIST);
    }
    let mut columns = Vec::with_capacity(seqs.len());
    for seq in &seqs {
        let column = match seq {
            Term::Tuple(items, _) => items.to_vec(),
            Term::List(_) => {
                let mut iter = seq.list_iter();
                let v: Vec<Term> = iter.by_ref().cloned().collect();
                v
            }
            _ => return Err(no_clause(M, "to_list", std::slice::from_ref(seq))),
        };
        columns.push(column);
    }
    let n = columns.iter().map(Vec::len).min().unwrap_or(0);
    Ok(Term::list(
        (0..n)
            .map(|i| {
                Term::tuple(
                    columns
                        .iter()
                        .filter_map(|c| c.get(i).cloned())
                        .collect::<Vec<_>>(),
                )
            })
            .collect(),
    ))
}

fn list_duplicate(args: &[Term]) -> Res {
    args!(args, x, n);
    duplicate(&[n.clone(), x.clone()])
}

/// `UnicodeConversionError` for what `:unicode` could not convert.
pub(super) fn unicode_error(result: &Term) -> Option<Exception> {
    let [kind, encoded, rest] = result.as_tuple()? else {
        return None;
    };
    let kind = match kind.as_atom()? {
        "error" => "invalid",
        other => other,
    };
    let mut detail = rest;
    while let Some((h, _)) = detail.head_tail() {
        if let Term::Int(code) = h {
            let message = format!("{kind} code point {code}");
            return Some(unicode_exception(encoded, message));
        }
        detail = h;
    }
    let message = format!("{kind} encoding starting at {}", inspect(detail));
    Some(unicode_exception(encoded, message))
}

fn unicode_exception(encoded: &Term, message: String) -> Exception {
    Exception::elixir(
        "UnicodeConversionError",
        vec![
            ("encoded", encoded.clone()),
            ("message", Term::string(&message)),
        ],
    )
}

fn convert(args: &[Term], name: &str, what: &str, f: fn(&[Term]) -> Res) -> Res {
    args!(args, list);
    if !list.is_list() {
        return Err(no_clause(M, name, args));
    }
    let result = f(args).map_err(|_| {
        let rules = if what == "string" {
            "must either be empty or only\ncontain the following elements:\n\n  * strings\n  * integers representing Unicode code points\n  * a list containing one of these three elements"
        } else {
            "must contain only:\n\n  * strings\n  * integers representing Unicode code points\n  * or a list containing one of these three elements"
        };
        Exception::argument(format!(
            "cannot convert the given list to a {what}.\n\nTo be converted to a {what}, a list {rules}\n\nPlease check the given list or call inspect/1 to get the list representation, got:\n\n{}\n",
            inspect(list)
        ))
    })?;
    match unicode_error(&result) {
        Some(e) if result.as_tuple().is_some() => Err(e),
        _ => Ok(result),
    }
}

/// `List.to_string/1`.
pub(super) fn to_string(args: &[Term]) -> Res {
    convert(args, "to_string", "string", characters_to_binary)
}

/// `List.to_charlist/1`.
pub(super) fn to_charlist(args: &[Term]) -> Res {
    convert(args, "to_charlist", "charlist", characters_to_list)
}

/// `position + 1` for the `:lists` key functions, or a clause error.
fn key_position(position: &Term, name: &str, args: &[Term]) -> Res<Term> {
    match position {
        Term::Int(p) => Ok(Term::from_i128(i128::from(*p) + 1)),
        _ => Err(no_clause(M, name, args)),
    }
}

fn keyfind3(args: &[Term]) -> Res {
    args!(args, list, key, position);
    keyfind4(&[list.clone(), key.clone(), position.clone(), Term::nil()])
}

fn keyfind4(args: &[Term]) -> Res {
    args!(args, list, key, position, default);
    let pos = key_position(position, "keyfind", args)?;
    let found = lists::keyfind(&[key.clone(), pos, list.clone()])?;
    Ok(if found.is_atom("false") || found.is_atom("nil") {
        default.clone()
    } else {
        found
    })
}

fn keymember(args: &[Term]) -> Res {
    args!(args, list, key, position);
    let pos = key_position(position, "keymember?", args)?;
    let found = lists::keyfind(&[key.clone(), pos, list.clone()])?;
    Ok(Term::boolean(!found.is_atom("false")))
}

fn keystore(args: &[Term]) -> Res {
    args!(args, list, key, position, new);
    let pos = key_position(position, "keystore", args)?;
    lists::keystore(&[key.clone(), pos, list.clone(), new.clone()])
}

fn keydelete(args: &[Term]) -> Res {
    args!(args, list, key, position);
    let pos = key_position(position, "keydelete", args)?;
    lists::keydelete(&[key.clone(), pos, list.clone()])
}

fn keyreplace(args: &[Term]) -> Res {
    args!(args, list, key, position, new);
    let pos = key_position(position, "keyreplace", args)?;
    lists::keyreplace(&[key.clone(), pos, list.clone(), new.clone()])
}

fn keytake(args: &[Term]) -> Res {
    args!(args, list, key, position);
    let pos = key_position(position, "keytake", args)?;
    let taken = lists::keytake(&[key.clone(), pos, list.clone()])?;
    Ok(match taken.as_tuple() {
        Some([_, element, rest]) => pair(element.clone(), rest.clone()),
        _ => Term::nil(),
    })
}

fn keysort(args: &[Term]) -> Res {
    args!(args, list, position);
    let full = [list.clone(), position.clone(), Term::atom("asc")];
    if !list.is_list() {
        return Err(no_clause(M, "keysort", &full));
    }
    let pos = key_position(position, "keysort", &full)?;
    lists::keysort(&[pos, list.clone()])
}

fn starts_with(args: &[Term]) -> Res {
    args!(args, list, prefix);
    let (mut l, mut p) = (list, prefix);
    loop {
        match (l.head_tail(), p.head_tail()) {
            (Some((a, lt)), Some((b, pt))) if a == b => {
                l = lt;
                p = pt;
            }
            (_, None) if p.is_empty_list() && l.is_list() => return Ok(Term::boolean(true)),
            (_, Some(_)) if l.is_list() => return Ok(Term::boolean(false)),
            _ => return Err(no_clause(M, "starts_with?", &[l.clone(), p.clone()])),
        }
    }
}

fn improper(args: &[Term]) -> Res {
    args!(args, list);
    if !list.is_list() {
        return Err(no_clause(M, "improper?", args));
    }
    Ok(Term::boolean(!list.is_proper_list()))
}

fn ascii_printable1(args: &[Term]) -> Res {
    args!(args, list);
    ascii_printable2(&[list.clone(), Term::atom("infinity")])
}

fn ascii_printable2(args: &[Term]) -> Res {
    args!(args, list, limit);
    let limit = match limit {
        Term::Int(n) if *n >= 0 => *n as u64,
        l if l.is_atom("infinity") => u64::MAX,
        _ => return Err(no_clause(M, "ascii_printable?", args)),
    };
    if !list.is_list() {
        return Err(no_clause(M, "ascii_printable?", args));
    }
    let mut iter = list.list_iter();
    let mut seen = 0u64;
    for item in iter.by_ref() {
        if seen >= limit {
            return Ok(Term::boolean(true));
        }
        if !matches!(item, Term::Int(7..=13 | 27 | 32..=126)) {
            return Ok(Term::boolean(false));
        }
        seen += 1;
    }
    Ok(Term::boolean(iter.tail().is_empty_list() || seen >= limit))
}
