//! Local calls (`self()`, `send/2`, `flush/0`, ...), `Kernel` and `:erlang`.

use super::{bad_arg, int_arg, Entry};
use crate::console::error::EvalError;
use crate::console::eval::Eval;
use crate::console::value::type_name;
use crate::term::{inspect, phash2, phash2_range, Pid, Term};

pub(super) const ENTRIES: &[Entry] = &[
    ("", "self", 0, self_),
    ("", "send", 2, send),
    ("", "flush", 0, flush),
    ("", "node", 0, node),
    ("", "node", 1, node_of),
    ("", "pid", 1, pid_from_string),
    ("", "pid", 3, pid_from_parts),
    ("", "length", 1, length),
    ("", "hd", 1, hd),
    ("", "tl", 1, tl),
    ("", "elem", 2, elem),
    ("", "put_elem", 3, put_elem),
    ("", "tuple_size", 1, tuple_size),
    ("", "map_size", 1, map_size),
    ("", "is_pid", 1, |_, a| {
        Ok(Term::boolean(matches!(a[0], Term::Pid(_))))
    }),
    ("", "is_atom", 1, |_, a| {
        Ok(Term::boolean(matches!(a[0], Term::Atom(_))))
    }),
    ("", "is_integer", 1, |_, a| {
        Ok(Term::boolean(matches!(
            a[0],
            Term::Int(_) | Term::BigInt(_)
        )))
    }),
    ("", "is_binary", 1, |_, a| {
        Ok(Term::boolean(matches!(a[0], Term::Binary(_))))
    }),
    ("", "is_list", 1, |_, a| {
        Ok(Term::boolean(matches!(a[0], Term::List(_))))
    }),
    ("", "is_tuple", 1, |_, a| {
        Ok(Term::boolean(matches!(a[0], Term::Tuple(..))))
    }),
    ("", "is_map", 1, |_, a| {
        Ok(Term::boolean(matches!(a[0], Term::Map(_))))
    }),
    ("", "is_function", 1, |_, a| {
        Ok(Term::boolean(matches!(a[0], Term::Fun(_))))
    }),
    ("", "is_reference", 1, |_, a| {
        Ok(Term::boolean(matches!(a[0], Term::Ref(_))))
    }),
    ("", "make_ref", 0, |ev, _| {
        let node = ev.shell.node;
        Ok(Term::Ref(ev.world.make_ref(node)))
    }),
    ("", "inspect", 1, |_, a| Ok(Term::string(&inspect(&a[0])))),
    ("", "to_string", 1, to_string),
    ("Kernel", "to_string", 1, to_string),
    ("Kernel", "inspect", 1, |_, a| {
        Ok(Term::string(&inspect(&a[0])))
    }),
    ("", "exit", 1, |_, a| Err(EvalError::Exit(a[0].clone()))),
    ("", "raise", 1, raise),
    ("", "div", 2, div),
    ("", "rem", 2, rem),
    ("", "abs", 1, |_, a| match &a[0] {
        Term::Int(i) => Ok(i
            .checked_abs()
            .map_or_else(|| Term::from_i128(-i128::from(*i)), Term::Int)),
        Term::BigInt(b) => Ok(Term::from_bigint(num_traits::Signed::abs(&**b))),
        _ => Err(bad_arg(0, "not a number")),
    }),
    ("", "max", 2, |_, a| {
        Ok(if a[1] > a[0] {
            a[1].clone()
        } else {
            a[0].clone()
        })
    }),
    ("", "min", 2, |_, a| {
        Ok(if a[1] < a[0] {
            a[1].clone()
        } else {
            a[0].clone()
        })
    }),
    (":erlang", "phash2", 1, |_, a| {
        Ok(Term::Int(i64::from(phash2(&a[0]))))
    }),
    (":erlang", "phash2", 2, phash2_2),
    (":erlang", "self", 0, self_),
    (":erlang", "node", 0, node),
    (":erlang", "element", 2, |ev, a| {
        elem(ev, vec![a[1].clone(), Term::Int(int_arg(&a, 0)? - 1)])
    }),
    (":erlang", "send", 2, send),
    (":erlang", "length", 1, length),
    (":erlang", "make_ref", 0, |ev, _| {
        let node = ev.shell.node;
        Ok(Term::Ref(ev.world.make_ref(node)))
    }),
];

fn self_(ev: &mut Eval, _: Vec<Term>) -> Result<Term, EvalError> {
    Ok(Term::Pid(ev.shell))
}

/// Resolves a `send/2` destination: a pid, a registered atom, or `{name, node}`.
pub(super) fn destination(ev: &Eval, dest: &Term) -> Result<Pid, EvalError> {
    match dest {
        Term::Pid(p) => Ok(*p),
        Term::Atom(_) | Term::Tuple(..) => crate::otp::name::whereis(ev.world, ev.shell.node, dest)
            .ok_or_else(|| bad_arg(0, "invalid destination")),
        _ => Err(bad_arg(0, "invalid destination")),
    }
}

fn send(ev: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    let to = destination(ev, &a[0])?;
    ev.world.send(ev.shell, to, a[1].clone());
    Ok(a[1].clone())
}

fn flush(ev: &mut Eval, _: Vec<Term>) -> Result<Term, EvalError> {
    // Reading the mailbox yields to the scheduler first: everything due now
    // (a message just sent to self(), say) has arrived, as on the BEAM.
    settle(ev)?;
    let messages = ev.world.drain_mailbox(ev.shell);
    ev.printed.extend(
        messages
            .iter()
            .map(|m| crate::term::inspect_width(m, crate::console::IEX_WIDTH)),
    );
    Ok(Term::ok())
}

/// Runs what is due at the current instant, charged to the line's budget.
pub(super) fn settle(ev: &mut Eval) -> Result<(), EvalError> {
    let now = ev.world.now();
    while ev.world.next_event_time().is_some_and(|t| t <= now) {
        ev.tick()?;
        ev.world.step();
    }
    Ok(())
}

fn node(ev: &mut Eval, _: Vec<Term>) -> Result<Term, EvalError> {
    let name = ev.world.node_name(ev.shell.node).cloned();
    Ok(name.map_or_else(|| Term::atom("nonode@nohost"), Term::Atom))
}

fn node_of(ev: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    let node = match &a[0] {
        Term::Pid(p) => p.node,
        Term::Ref(r) => r.node,
        _ => return Err(bad_arg(0, "not a pid, port or reference")),
    };
    let name = ev.world.node_name(node).cloned();
    Ok(name.map_or_else(|| Term::atom("nonode@nohost"), Term::Atom))
}

fn pid_from_string(_: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    let text = match &a[0] {
        Term::Binary(b) => String::from_utf8_lossy(b).into_owned(),
        _ => return Err(bad_arg(0, "not a string")),
    };
    let trimmed = text
        .trim_start_matches("#PID")
        .trim_start_matches('<')
        .trim_end_matches('>');
    let parts: Vec<Option<u32>> = trimmed.split('.').map(|p| p.parse().ok()).collect();
    match parts[..] {
        [Some(node), Some(id), Some(serial)] => Ok(Term::Pid(Pid { node, id, serial })),
        _ => Err(bad_arg(0, "not a textual representation of a pid")),
    }
}

fn pid_from_parts(_: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    let part = |i: usize| {
        int_arg(&a, i).and_then(|n| u32::try_from(n).map_err(|_| bad_arg(i, "out of range")))
    };
    Ok(Term::Pid(Pid {
        node: part(0)?,
        id: part(1)?,
        serial: part(2)?,
    }))
}

fn list_arg(a: &[Term], i: usize) -> Result<Vec<Term>, EvalError> {
    a.get(i)
        .and_then(Term::list_to_vec)
        .ok_or_else(|| bad_arg(i, "not a list"))
}

fn length(_: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    Ok(Term::Int(list_arg(&a, 0)?.len() as i64))
}

fn hd(_: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    list_arg(&a, 0)?
        .first()
        .cloned()
        .ok_or_else(|| bad_arg(0, "not a nonempty list"))
}

fn tl(_: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    match a.first().and_then(Term::head_tail) {
        Some((_, tail)) => Ok(tail.clone()),
        None => Err(bad_arg(0, "not a nonempty list")),
    }
}

fn tuple_arg(a: &[Term], i: usize) -> Result<&[Term], EvalError> {
    a.get(i)
        .and_then(Term::as_tuple)
        .ok_or_else(|| bad_arg(i, "not a tuple"))
}

fn elem(_: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    let t = tuple_arg(&a, 0)?;
    let i = int_arg(&a, 1)?;
    usize::try_from(i)
        .ok()
        .and_then(|i| t.get(i))
        .cloned()
        .ok_or_else(|| bad_arg(1, "out of range"))
}

fn put_elem(_: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    let mut t = tuple_arg(&a, 0)?.to_vec();
    let i = int_arg(&a, 1)?;
    let slot = usize::try_from(i)
        .ok()
        .and_then(|i| t.get_mut(i))
        .ok_or_else(|| bad_arg(1, "out of range"))?;
    *slot = a[2].clone();
    Ok(Term::tuple(t))
}

fn tuple_size(_: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    Ok(Term::Int(tuple_arg(&a, 0)?.len() as i64))
}

fn map_size(_: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    match &a[0] {
        Term::Map(m) => Ok(Term::Int(m.len() as i64)),
        _ => Err(EvalError::raise(
            "BadMapError",
            format!("expected a map, got: {}", inspect(&a[0])),
        )),
    }
}

/// `to_string/1` via the `String.Chars` protocol.
pub(super) fn to_string(_: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    match &a[0] {
        Term::Binary(_) => Ok(a[0].clone()),
        Term::Atom(atom) if atom.as_str() == "nil" => Ok(Term::string("")),
        Term::Atom(atom) => Ok(Term::string(
            atom.as_str()
                .strip_prefix("Elixir.")
                .unwrap_or(atom.as_str()),
        )),
        Term::Int(_) | Term::BigInt(_) => Ok(Term::string(&inspect(&a[0]))),
        Term::List(_) => {
            let mut bytes = Vec::new();
            for item in a[0].list_iter() {
                match item {
                    Term::Int(c) => match char::from_u32(*c as u32) {
                        Some(ch) if *c >= 0 => bytes.extend(ch.to_string().as_bytes()),
                        _ => return Err(EvalError::badarg()),
                    },
                    Term::Binary(b) => bytes.extend_from_slice(b),
                    _ => return Err(EvalError::badarg()),
                }
            }
            Ok(Term::bytes_vec(bytes))
        }
        other => Err(EvalError::raise(
            "Protocol.UndefinedError",
            format!(
                "protocol String.Chars not implemented for {} of type {}",
                inspect(other),
                type_name(other)
            ),
        )),
    }
}

fn raise(_: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    match &a[0] {
        Term::Binary(b) => Err(EvalError::raise("RuntimeError", String::from_utf8_lossy(b))),
        Term::Atom(_) => Err(EvalError::raise(&inspect(&a[0]), "")),
        other => Err(EvalError::argument(format!(
            "raise/1 and reraise/2 expect a module name, string or exception as the first argument, got: {}",
            inspect(other)
        ))),
    }
}

fn int_pair(a: &[Term]) -> Result<(i64, i64), EvalError> {
    match (&a[0], &a[1]) {
        (Term::Int(x), Term::Int(y)) => Ok((*x, *y)),
        _ => Err(EvalError::raise(
            "ArithmeticError",
            "bad argument in arithmetic expression",
        )),
    }
}

fn div(_: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    let (x, y) = int_pair(&a)?;
    x.checked_div(y)
        .map(Term::Int)
        .ok_or_else(|| EvalError::raise("ArithmeticError", "bad argument in arithmetic expression"))
}

fn rem(_: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    let (x, y) = int_pair(&a)?;
    x.checked_rem(y)
        .map(Term::Int)
        .ok_or_else(|| EvalError::raise("ArithmeticError", "bad argument in arithmetic expression"))
}

fn phash2_2(_: &mut Eval, a: Vec<Term>) -> Result<Term, EvalError> {
    let range = int_arg(&a, 1)?;
    match u32::try_from(range) {
        Ok(r) if r >= 1 => Ok(Term::Int(i64::from(phash2_range(&a[0], r)))),
        _ if range == 1 << 32 => Ok(Term::Int(i64::from(phash2_range(&a[0], 0)))),
        _ => Err(bad_arg(1, "out of range")),
    }
}
