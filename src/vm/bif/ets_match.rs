//! (helpers) ETS patterns (`:ets.match/2`) and match specifications
//! (`:ets.select/2`), as OTP 25 reads them.
//!
//! A pattern is a term in which the atoms `:"$0"`, `:"$1"`, ... are
//! variables and `:_` matches anything; everything else must be equal
//! exactly (`=:=`: `1` does not match `1.0`). Maps match when the object's
//! map holds the pattern's keys. A variable met twice must bind equal
//! terms. `:"$_"` and `:"$$"` in a pattern are plain atoms.
//!
//! A match specification is a list of `{pattern, guards, body}` clauses;
//! the first clause whose pattern matches and whose guards are all `true`
//! gives the body's last value for that object. Guards and bodies are
//! expressions:
//!
//! - `:"$N"` (bound by the pattern), `:"$_"` (the object), `:"$$"` (the
//!   bound variables, lowest number first), constants, `{:const, term}`;
//! - `{{a, b}}` builds a tuple, a list or map builds a list or map of its
//!   evaluated elements;
//! - `{f, args...}` calls a guard function, those OTP 25 allows: the type
//!   tests (`is_integer`, `is_record/3`, ... but not `is_boolean`),
//!   `abs`, `element`, `hd`, `tl`, `length`, `map_get`, `map_size`, `size`,
//!   `byte_size`, `bit_size` (not `tuple_size`), `round`, `trunc`, `float`,
//!   `binary_part`, `node`, `self`, arithmetic and bitwise operators,
//!   comparisons (Erlang's names: `:==`, `:"=:="`, `:"/="`, `:"=<"` ...),
//!   `:not`, `:xor`, and `:and`, `:or`, `:andalso`, `:orelse` with any
//!   number of arguments (the last two short-circuit).
//!
//! As on the BEAM, a specification that uses an unbound variable or an
//! unknown function is refused as a whole (`badarg`); a guard that raises
//! fails its clause; a body expression that raises gives `:EXIT` in its
//! place. Not supported: the tracing functions (`message`, `return_trace`,
//! `is_seq_trace`, `get_tcw`, ...), which OTP refuses in `select` too.

use super::{get, lookup, Call};
use crate::term::{Atom, Pid, Term};
use std::collections::{BTreeMap, BTreeSet};

/// Variable bindings, by number.
pub(super) type Bindings = BTreeMap<u32, Term>;

/// The number of a variable atom `:"$N"`.
fn var_number(atom: &Atom) -> Option<u32> {
    let digits = atom.as_str().strip_prefix('$')?;
    let canonical = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    canonical.then(|| digits.parse().ok()).flatten()
}

/// Matches `object` against `pattern`, adding to `bound`.
pub(super) fn matches(pattern: &Term, object: &Term, bound: &mut Bindings) -> bool {
    match pattern {
        Term::Atom(a) if a.as_str() == "_" => true,
        Term::Atom(a) => match var_number(a) {
            Some(n) => match bound.get(&n) {
                Some(v) => v == object,
                None => {
                    bound.insert(n, object.clone());
                    true
                }
            },
            None => pattern == object,
        },
        Term::Tuple(ps, _) => match object.as_tuple() {
            Some(os) if os.len() == ps.len() => {
                ps.iter().zip(os.iter()).all(|(p, o)| matches(p, o, bound))
            }
            _ => false,
        },
        Term::List(_) => {
            let (mut p, mut o) = (pattern, object);
            loop {
                match (p.head_tail(), o.head_tail()) {
                    (Some((ph, pt)), Some((oh, ot))) => {
                        if !matches(ph, oh, bound) {
                            return false;
                        }
                        (p, o) = (pt, ot);
                    }
                    (Some(_), None) => return false,
                    // `[]`, or the tail of an improper list.
                    (None, _) if p.is_list() => return p == o,
                    (None, _) => return matches(p, o, bound),
                }
            }
        }
        Term::Map(pm) => match object.as_map() {
            Some(om) => pm
                .iter()
                .all(|(k, pv)| om.get(k).is_some_and(|ov| matches(pv, ov, bound))),
            None => false,
        },
        _ => pattern == object,
    }
}

/// True when `term` holds no variable and no `:_`.
fn is_ground(term: &Term) -> bool {
    match term {
        Term::Atom(a) => a.as_str() != "_" && var_number(a).is_none(),
        Term::Tuple(items, _) => items.iter().all(is_ground),
        Term::List(_) => {
            let mut iter = term.list_iter();
            iter.by_ref().all(is_ground) && (iter.tail().is_list() || is_ground(iter.tail()))
        }
        // A map pattern would match bigger maps too, but OTP looks the key
        // up as it is, and so does this.
        Term::Map(m) => m.iter().all(|(k, v)| is_ground(k) && is_ground(v)),
        _ => true,
    }
}

/// The key a pattern fixes, when its key element is ground: the table
/// then looks up that key instead of walking every object.
pub(super) fn fixed_key(pattern: &Term, keypos: usize) -> Option<&Term> {
    let key = pattern.as_tuple()?.get(keypos - 1)?;
    is_ground(key).then_some(key)
}

/// The variables of a pattern.
fn variables(pattern: &Term, found: &mut BTreeSet<u32>) {
    match pattern {
        Term::Atom(a) => {
            if let Some(n) = var_number(a) {
                found.insert(n);
            }
        }
        Term::Tuple(items, _) => items.iter().for_each(|t| variables(t, found)),
        Term::List(_) => {
            let mut iter = pattern.list_iter();
            iter.by_ref().for_each(|t| variables(t, found));
            if !iter.tail().is_list() {
                variables(iter.tail(), found);
            }
        }
        Term::Map(m) => m.iter().for_each(|(_, v)| variables(v, found)),
        _ => {}
    }
}

/// A compiled guard or body expression.
#[derive(Debug)]
enum Expr {
    Const(Term),
    Var(u32),
    Object,
    AllVars,
    Tuple(Vec<Expr>),
    List(Vec<Expr>, Box<Expr>),
    Map(Vec<(Expr, Expr)>),
    AndAlso(Vec<Expr>),
    OrElse(Vec<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    SelfPid,
    Node,
    /// A pure guard native of `:erlang`, by index.
    Call(u32, Vec<Expr>),
}

/// The guard functions a match specification may call, with their arities.
const FUNCTIONS: &[(&str, &[u8])] = &[
    ("is_atom", &[1]),
    ("is_float", &[1]),
    ("is_integer", &[1]),
    ("is_list", &[1]),
    ("is_number", &[1]),
    ("is_pid", &[1]),
    ("is_port", &[1]),
    ("is_reference", &[1]),
    ("is_tuple", &[1]),
    ("is_map", &[1]),
    ("is_map_key", &[2]),
    ("is_binary", &[1]),
    ("is_function", &[1, 2]),
    ("is_record", &[3]),
    ("abs", &[1]),
    ("element", &[2]),
    ("hd", &[1]),
    ("tl", &[1]),
    ("length", &[1]),
    ("map_get", &[2]),
    ("map_size", &[1]),
    ("round", &[1]),
    ("trunc", &[1]),
    ("float", &[1]),
    ("size", &[1]),
    ("bit_size", &[1]),
    ("byte_size", &[1]),
    ("binary_part", &[2, 3]),
    ("node", &[1]),
    ("+", &[1, 2]),
    ("-", &[1, 2]),
    ("*", &[2]),
    ("/", &[2]),
    ("div", &[2]),
    ("rem", &[2]),
    ("band", &[2]),
    ("bor", &[2]),
    ("bxor", &[2]),
    ("bnot", &[1]),
    ("bsl", &[2]),
    ("bsr", &[2]),
    (">", &[2]),
    (">=", &[2]),
    ("<", &[2]),
    ("=<", &[2]),
    ("=:=", &[2]),
    ("==", &[2]),
    ("=/=", &[2]),
    ("/=", &[2]),
    ("not", &[1]),
    ("xor", &[2]),
];

fn compile_expr(term: &Term, vars: &BTreeSet<u32>) -> Option<Expr> {
    Some(match term {
        Term::Atom(a) => match a.as_str() {
            "$_" => Expr::Object,
            "$$" => Expr::AllVars,
            _ => match var_number(a) {
                Some(n) if vars.contains(&n) => Expr::Var(n),
                Some(_) => return None,
                None => Expr::Const(term.clone()),
            },
        },
        Term::Tuple(items, _) => match &items[..] {
            [Term::Tuple(inner, _)] => Expr::Tuple(
                inner
                    .iter()
                    .map(|t| compile_expr(t, vars))
                    .collect::<Option<_>>()?,
            ),
            [Term::Atom(c), constant] if c.as_str() == "const" => Expr::Const(constant.clone()),
            [Term::Atom(f), args @ ..] => {
                let args: Vec<Expr> = args
                    .iter()
                    .map(|t| compile_expr(t, vars))
                    .collect::<Option<_>>()?;
                compile_call(f.as_str(), args)?
            }
            _ => return None,
        },
        Term::List(_) if term.is_empty_list() => Expr::Const(Term::EMPTY_LIST),
        Term::List(_) => {
            let mut iter = term.list_iter();
            let items = iter
                .by_ref()
                .map(|t| compile_expr(t, vars))
                .collect::<Option<_>>()?;
            Expr::List(items, Box::new(compile_expr(iter.tail(), vars)?))
        }
        Term::Map(m) => Expr::Map(
            m.iter()
                .map(|(k, v)| Some((compile_expr(k, vars)?, compile_expr(v, vars)?)))
                .collect::<Option<_>>()?,
        ),
        _ => Expr::Const(term.clone()),
    })
}

fn compile_call(name: &str, args: Vec<Expr>) -> Option<Expr> {
    let n = args.len();
    Some(match (name, n) {
        ("andalso", 1..) => Expr::AndAlso(args),
        ("orelse", 1..) => Expr::OrElse(args),
        ("and", 1..) => Expr::And(args),
        ("or", 1..) => Expr::Or(args),
        ("self", 0) => Expr::SelfPid,
        ("node", 0) => Expr::Node,
        _ => {
            let allowed = FUNCTIONS
                .iter()
                .any(|(f, arities)| *f == name && arities.contains(&(n as u8)));
            if !allowed {
                return None;
            }
            Expr::Call(lookup("erlang", name, n as u8)?, args)
        }
    })
}

struct Clause {
    head: Term,
    guards: Vec<Expr>,
    body: Vec<Expr>,
}

/// A match specification, checked and ready to run.
pub(super) struct MatchSpec(Vec<Clause>);

/// What an expression may ask of the world: who is calling, and node names.
pub(super) struct Env {
    /// `self()`.
    pub(super) me: Pid,
    /// Every node's name, by index (`node/0,1`).
    pub(super) nodes: Vec<Term>,
}

impl Env {
    /// `node/1`: the node of a pid or reference.
    fn node_of(&self, t: &Term) -> Option<Term> {
        let at = match t {
            Term::Pid(p) => p.node,
            Term::Ref(r) => r.node,
            _ => return None,
        };
        self.nodes.get(at as usize).cloned()
    }
}

/// One evaluation: the object, its bindings and the world's answers.
struct Scope<'a> {
    object: &'a Term,
    bound: &'a Bindings,
    env: &'a Env,
    /// Evaluating a body: what raises gives `:EXIT` instead.
    body: bool,
}

impl Scope<'_> {
    /// What an expression that raised gives.
    fn raised(&self) -> Result<Term, ()> {
        if self.body {
            Ok(Term::atom("EXIT"))
        } else {
            Err(())
        }
    }
}

/// The specification `spec`, or `None` if OTP would refuse it.
pub(super) fn compile(spec: &Term) -> Option<MatchSpec> {
    let clauses = spec.list_to_vec()?;
    let mut out = Vec::with_capacity(clauses.len());
    for clause in &clauses {
        let [head, guards, body] = clause.as_tuple()? else {
            return None;
        };
        let mut vars = BTreeSet::new();
        variables(head, &mut vars);
        let compile_all = |list: &Term| -> Option<Vec<Expr>> {
            list.list_to_vec()?
                .iter()
                .map(|t| compile_expr(t, &vars))
                .collect()
        };
        let guards = compile_all(guards)?;
        let body = compile_all(body)?;
        if body.is_empty() {
            return None;
        }
        out.push(Clause {
            head: head.clone(),
            guards,
            body,
        });
    }
    Some(MatchSpec(out))
}

impl MatchSpec {
    /// The result for `object`: the body of the first clause that matches
    /// and whose guards hold.
    pub(super) fn run(&self, object: &Term, env: &Env) -> Option<Term> {
        for clause in &self.0 {
            let mut bound = Bindings::new();
            if !matches(&clause.head, object, &mut bound) {
                continue;
            }
            let mut scope = Scope {
                object,
                bound: &bound,
                env,
                body: false,
            };
            if clause
                .guards
                .iter()
                .all(|g| matches!(eval(g, &scope), Ok(Term::Atom(a)) if a.as_str() == "true"))
            {
                scope.body = true;
                let mut last = Term::nil();
                for e in &clause.body {
                    last = eval(e, &scope).unwrap_or_else(|()| Term::atom("EXIT"));
                }
                return Some(last);
            }
        }
        None
    }

    /// The key every object must have, when the specification is one
    /// clause whose pattern fixes its key.
    pub(super) fn fixed_key(&self, keypos: usize) -> Option<&Term> {
        match &self.0[..] {
            [only] => fixed_key(&only.head, keypos),
            _ => None,
        }
    }
}

fn boolean(t: &Term) -> Option<bool> {
    match t.as_atom() {
        Some("true") => Some(true),
        Some("false") => Some(false),
        _ => None,
    }
}

/// Evaluates an expression; `Err` when it raises in a guard.
fn eval(e: &Expr, s: &Scope) -> Result<Term, ()> {
    let all = |items: &[Expr]| {
        items
            .iter()
            .map(|e| eval(e, s))
            .collect::<Result<Vec<_>, ()>>()
    };
    let booleans = |items: &[Expr]| -> Result<Option<Vec<bool>>, ()> {
        Ok(all(items)?.iter().map(boolean).collect())
    };
    Ok(match e {
        Expr::Const(t) => t.clone(),
        Expr::Var(n) => s.bound.get(n).cloned().ok_or(())?,
        Expr::Object => s.object.clone(),
        Expr::AllVars => Term::list(s.bound.values().cloned().collect()),
        Expr::Tuple(items) => Term::tuple(all(items)?),
        Expr::List(items, tail) => Term::improper_list(all(items)?, eval(tail, s)?),
        Expr::Map(pairs) => {
            let mut out = Vec::with_capacity(pairs.len());
            for (k, v) in pairs {
                out.push((eval(k, s)?, eval(v, s)?));
            }
            Term::map(out)
        }
        Expr::AndAlso(items) | Expr::OrElse(items) => {
            // `andalso` stops at the first false, `orelse` at the first true.
            let stop = matches!(e, Expr::OrElse(_));
            for item in items {
                match boolean(&eval(item, s)?) {
                    Some(b) if b == stop => return Ok(Term::boolean(stop)),
                    Some(_) => {}
                    None => return s.raised(),
                }
            }
            Term::boolean(!stop)
        }
        Expr::And(items) => match booleans(items)? {
            Some(values) => Term::boolean(values.into_iter().all(|b| b)),
            None => return s.raised(),
        },
        Expr::Or(items) => match booleans(items)? {
            Some(values) => Term::boolean(values.into_iter().any(|b| b)),
            None => return s.raised(),
        },
        Expr::SelfPid => Term::Pid(s.env.me),
        Expr::Node => s.env.node_of(&Term::Pid(s.env.me)).ok_or(())?,
        Expr::Call(index, args) => {
            let args = all(args)?;
            let result = match get(*index).map(|b| b.call) {
                Some(Call::Pure(f)) => f(&args).ok(),
                // `node/1` is the one native here that reads the world.
                _ => args.first().and_then(|t| s.env.node_of(t)),
            };
            match result {
                Some(v) => v,
                None => return s.raised(),
            }
        }
    })
}

/// `:ets.match/2`'s answer for one object: the bindings, lowest variable first.
pub(super) fn bindings_list(bound: Bindings) -> Term {
    Term::list(bound.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A function OTP allows but no native implements would make valid
    /// specifications invalid.
    #[test]
    fn every_allowed_function_has_a_native() {
        for (name, arities) in FUNCTIONS {
            for n in *arities {
                assert!(lookup("erlang", name, *n).is_some(), ":erlang.{name}/{n}");
            }
        }
    }

    #[test]
    fn variables_are_dollar_and_a_number() {
        let n = |s: &str| var_number(&Atom::new(s));
        assert_eq!(n("$0"), Some(0));
        assert_eq!(n("$12"), Some(12));
        assert_eq!(n("$01"), None);
        assert_eq!(n("$_"), None);
        assert_eq!(n("$$"), None);
        assert_eq!(n("$a"), None);
        assert_eq!(n("1"), None);
    }

    #[test]
    fn lists_match_cell_by_cell_with_their_tails() {
        let t = |items: Vec<Term>, tail: Term| Term::improper_list(items, tail);
        let (a, x, v1) = (Term::atom("a"), Term::atom("x"), Term::atom("$1"));
        let mut bound = Bindings::new();
        let pattern = t(vec![a.clone()], v1.clone());
        assert!(matches(
            &pattern,
            &Term::list(vec![a.clone(), x.clone()]),
            &mut bound
        ));
        assert_eq!(bound.get(&1), Some(&Term::list(vec![x.clone()])));
        assert!(!matches(
            &Term::list(vec![a.clone()]),
            &Term::list(vec![a.clone(), x]),
            &mut Bindings::new()
        ));
        assert!(matches(
            &Term::EMPTY_LIST,
            &Term::EMPTY_LIST,
            &mut Bindings::new()
        ));
        assert!(!matches(
            &Term::list(vec![a]),
            &Term::EMPTY_LIST,
            &mut Bindings::new()
        ));
    }
}
