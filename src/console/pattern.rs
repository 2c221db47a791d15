//! Matching a value against a pattern (the left side of `=`, fn heads).

use super::ast::{BinOp, Expr};
use super::error::EvalError;
use super::eval::{Env, Eval};
use crate::term::{inspect, Term};
use std::collections::BTreeMap;

/// Matches `value` against `pat`. New bindings go to `bound` (so a failed
/// match binds nothing); `env` supplies pinned and literal-expression values.
pub fn matches(
    ev: &mut Eval,
    pat: &Expr,
    value: &Term,
    env: &Env,
    bound: &mut BTreeMap<String, Term>,
) -> Result<bool, EvalError> {
    ev.tick()?;
    Ok(match pat {
        Expr::Lit(lit, _) => lit == value,
        Expr::Var(name, _) if name == "_" => true,
        Expr::Var(name, _) => match bound.get(name) {
            // The same variable twice in one pattern must match the same value.
            Some(previous) => previous == value,
            None => {
                bound.insert(name.clone(), value.clone());
                true
            }
        },
        Expr::Pin(name, _) => match env.get(name) {
            Some(pinned) => pinned == value,
            None => {
                return Err(EvalError::raise(
                    "CompileError",
                    format!("iex:1: undefined variable ^{name}"),
                ))
            }
        },
        Expr::Tuple(items, _) => match value.as_tuple() {
            Some(values) if values.len() == items.len() => {
                all(ev, items.iter().zip(values.iter()), env, bound)?
            }
            _ => false,
        },
        Expr::List(items, tail, _) => match value.list_to_vec() {
            Some(values) => {
                let fits = match tail {
                    Some(_) => values.len() >= items.len(),
                    None => values.len() == items.len(),
                };
                if !fits || !all(ev, items.iter().zip(values.iter()), env, bound)? {
                    false
                } else if let Some(tail) = tail {
                    let rest = Term::list(values[items.len()..].to_vec());
                    matches(ev, tail, &rest, env, bound)?
                } else {
                    true
                }
            }
            None => false,
        },
        Expr::Map(pairs, _) => match value {
            Term::Map(map) => {
                let mut ok = true;
                for (k, v) in pairs {
                    let key = literal(ev, k, env)?;
                    match map.get(&key) {
                        Some(found) if matches(ev, v, found, env, bound)? => {}
                        _ => {
                            ok = false;
                            break;
                        }
                    }
                }
                ok
            }
            _ => false,
        },
        Expr::Match(left, right, _) => {
            matches(ev, left, value, env, bound)? && matches(ev, right, value, env, bound)?
        }
        Expr::BinOp(BinOp::Concat, prefix, rest, _) => {
            let prefix = literal(ev, prefix, env)?;
            match (prefix.as_binary(), value.as_binary()) {
                (Some(p), Some(v)) if v.starts_with(p) => {
                    let rest_value = Term::bytes(&v[p.len()..]);
                    matches(ev, rest, &rest_value, env, bound)?
                }
                _ => false,
            }
        }
        Expr::UnOp(..) | Expr::Range(..) => {
            let expected = literal(ev, pat, env)?;
            expected == *value
        }
        other => {
            return Err(EvalError::raise(
                "CompileError",
                format!("iex:1: cannot use {} in a match", describe(other)),
            ))
        }
    })
}

fn all<'e>(
    ev: &mut Eval,
    pairs: impl Iterator<Item = (&'e Expr, &'e Term)>,
    env: &Env,
    bound: &mut BTreeMap<String, Term>,
) -> Result<bool, EvalError> {
    for (p, v) in pairs {
        if !matches(ev, p, v, env, bound)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Evaluates a pattern part that must be a constant (map keys, `-1`, `"a" <>`).
fn literal(ev: &mut Eval, expr: &Expr, env: &Env) -> Result<Term, EvalError> {
    match expr {
        Expr::Pin(name, _) => env.get(name).cloned().ok_or_else(|| {
            EvalError::raise("CompileError", format!("iex:1: undefined variable ^{name}"))
        }),
        Expr::Var(name, _) => Err(EvalError::raise(
            "CompileError",
            format!("iex:1: cannot use variable {name} as map key inside a pattern"),
        )),
        other => {
            let mut scratch = env.clone();
            ev.eval(other, &mut scratch)
        }
    }
}

fn describe(expr: &Expr) -> String {
    match expr {
        Expr::Call { function, args, .. } => format!("function call {function}/{}", args.len()),
        Expr::Lit(t, _) => inspect(t),
        _ => "this expression".into(),
    }
}
