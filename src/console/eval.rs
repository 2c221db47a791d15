//! Evaluating a syntax tree as the shell process.
//!
//! The evaluator acts as the shell: `self()` is the shell's pid, sends come
//! from it, and a blocking call runs the world until the reply arrives. Each
//! step of evaluation and each world event draws on the line's budget.

use super::ast::{BinOp, Expr, FnClause, UnOp};
use super::builtins;
use super::error::EvalError;
use super::pattern;
use super::value::{self, Closure};
use crate::kernel::World;
use crate::otp::call::Budget;
use crate::term::{inspect, Pid, Term};
use num_bigint::BigInt;
use std::collections::BTreeMap;

/// Variable bindings.
pub type Env = BTreeMap<String, Term>;

/// How deeply evaluation may nest (expressions inside expressions, closures
/// calling closures) before the line is stopped: well inside the 1 MiB stack
/// a wasm page has, and deeper than the parser's own nesting limit.
const MAX_DEPTH: usize = 100;

/// Everything a line's evaluation touches.
pub struct Eval<'a> {
    /// The world.
    pub world: &'a mut World,
    /// The shell process the line runs as.
    pub shell: Pid,
    /// What the line may still spend.
    pub budget: &'a mut Budget,
    /// Anonymous functions made so far (a `Term::Fun` points into this).
    pub closures: &'a mut Vec<Closure>,
    /// Text printed by `IO.puts/1`, `flush/0` and friends.
    pub printed: &'a mut Vec<String>,
    /// Set by `Sim.attach/1`: the node the console moves to after this line.
    pub attach: Option<crate::kernel::NodeId>,
    depth: usize,
}

impl<'a> Eval<'a> {
    /// An evaluator for one line.
    pub fn new(
        world: &'a mut World,
        shell: Pid,
        budget: &'a mut Budget,
        closures: &'a mut Vec<Closure>,
        printed: &'a mut Vec<String>,
    ) -> Eval<'a> {
        Eval {
            world,
            shell,
            budget,
            closures,
            printed,
            attach: None,
            depth: 0,
        }
    }

    /// Charges one unit of work to the line's budget.
    pub fn tick(&mut self) -> Result<(), EvalError> {
        if self.budget.events == 0 {
            return Err(EvalError::Budget("event budget exhausted".into()));
        }
        self.budget.events -= 1;
        Ok(())
    }

    /// Evaluates `expr`, binding variables into `env`.
    pub fn eval(&mut self, expr: &Expr, env: &mut Env) -> Result<Term, EvalError> {
        self.tick()?;
        if self.depth >= MAX_DEPTH {
            return Err(EvalError::Budget(format!(
                "expressions and calls nested deeper than {MAX_DEPTH}"
            )));
        }
        self.depth += 1;
        let result = self.eval_inner(expr, env);
        // Only expressions that build or return new values can deepen one.
        let builds = matches!(
            expr,
            Expr::Tuple(..)
                | Expr::List(..)
                | Expr::Map(..)
                | Expr::MapUpdate(..)
                | Expr::BinOp(..)
                | Expr::Call { .. }
                | Expr::Apply(..)
        );
        let result = if builds {
            result.and_then(value::check_depth)
        } else {
            result
        };
        self.depth -= 1;
        result
    }

    fn eval_inner(&mut self, expr: &Expr, env: &mut Env) -> Result<Term, EvalError> {
        match expr {
            Expr::Lit(term, _) => Ok(term.clone()),
            Expr::Var(name, _) => match env.get(name) {
                Some(value) => Ok(value.clone()),
                None if name.starts_with('_') => Err(EvalError::raise(
                    "CompileError",
                    format!("iex:1: invalid use of _. \"{name}\" represents a value to be ignored in a pattern and cannot be used in expressions"),
                )),
                None => builtins::call_local(self, name, Vec::new()).map_err(|e| match e {
                    EvalError::Raise { name: n, .. } if n == "UndefinedFunctionError" => {
                        EvalError::raise(
                            "CompileError",
                            format!("iex:1: undefined function {name}/0 (there is no such import)"),
                        )
                    }
                    other => other,
                }),
            },
            Expr::Pin(name, _) => Err(EvalError::raise(
                "CompileError",
                format!("iex:1: cannot use ^{name} outside of match clauses"),
            )),
            Expr::Tuple(items, _) => Ok(Term::tuple(self.eval_all(items, env)?)),
            Expr::List(items, tail, _) => {
                let mut values = self.eval_all(items, env)?;
                if let Some(tail) = tail {
                    let rest = self.eval(tail, env)?;
                    match rest.list_to_vec() {
                        Some(rest) => values.extend(rest),
                        None => {
                            return Err(EvalError::argument(
                                "improper lists are not supported by otpsim",
                            ))
                        }
                    }
                }
                Ok(Term::list(values))
            }
            Expr::Map(pairs, _) => {
                let mut map = crate::term::Map::new();
                for (k, v) in pairs {
                    let k = self.eval(k, env)?;
                    let v = self.eval(v, env)?;
                    map.insert(k, v);
                }
                Ok(Term::Map(map))
            }
            Expr::MapUpdate(base, pairs, _) => {
                let base = self.eval(base, env)?;
                let Term::Map(map) = &base else {
                    return Err(EvalError::raise(
                        "BadMapError",
                        format!("expected a map, got: {}", inspect(&base)),
                    ));
                };
                let mut map = map.clone();
                for (k, v) in pairs {
                    let k = self.eval(k, env)?;
                    if !map.contains_key(&k) {
                        return Err(EvalError::raise(
                            "KeyError",
                            format!("key {} not found in: {}", inspect(&k), inspect(&base)),
                        ));
                    }
                    let v = self.eval(v, env)?;
                    map.insert(k, v);
                }
                Ok(Term::Map(map))
            }
            Expr::Range(first, last, step, _) => {
                let first = self.eval(first, env)?;
                let last = self.eval(last, env)?;
                let step = match step {
                    Some(s) => Some(self.eval(s, env)?),
                    None => None,
                };
                value::range(&first, &last, step.as_ref())
            }
            Expr::Match(pat, rhs, _) => {
                let value = self.eval(rhs, env)?;
                let mut bound = BTreeMap::new();
                if pattern::matches(self, pat, &value, env, &mut bound)? {
                    env.extend(bound);
                    Ok(value)
                } else {
                    Err(EvalError::no_match(&value))
                }
            }
            Expr::BinOp(op, left, right, _) => self.binop(*op, left, right, env),
            Expr::UnOp(op, operand, _) => {
                let v = self.eval(operand, env)?;
                unop(*op, v)
            }
            Expr::Call {
                module,
                function,
                args,
                ..
            } => {
                let module = match module {
                    Some(m) => Some(self.eval(m, env)?),
                    None => None,
                };
                let args = self.eval_all(args, env)?;
                match module {
                    None => builtins::call_local(self, function, args),
                    Some(Term::Atom(m)) => builtins::call_remote(self, m.as_str(), function, args),
                    Some(other) => Err(EvalError::raise(
                        "UndefinedFunctionError",
                        format!(
                            "function {}.{function}/{} is undefined (module {} is not available)",
                            inspect(&other),
                            args.len(),
                            inspect(&other)
                        ),
                    )),
                }
            }
            Expr::Field(base, key, _) => {
                let base = self.eval(base, env)?;
                match &base {
                    Term::Map(map) => map.get(&Term::atom(key)).cloned().ok_or_else(|| {
                        EvalError::raise(
                            "KeyError",
                            format!("key :{key} not found in: {}", inspect(&base)),
                        )
                    }),
                    Term::Atom(m) => builtins::call_remote(self, m.as_str(), key, Vec::new()),
                    _ => Err(EvalError::argument(format!(
                        "cannot access field {key} of {}",
                        inspect(&base)
                    ))),
                }
            }
            Expr::Capture {
                module,
                function,
                arity,
                ..
            } => {
                let module = match module {
                    Some(m) => self.eval(m, env)?,
                    None => Term::atom("Elixir.Kernel"),
                };
                let Some(module) = module.as_atom() else {
                    return Err(EvalError::argument("invalid capture"));
                };
                Ok(Term::export(
                    crate::term::Atom::new(module),
                    crate::term::Atom::new(function),
                    *arity,
                ))
            }
            Expr::Fn(clauses, _) => Ok(self.make_closure(clauses, env)),
            Expr::Apply(fun, args, _) => {
                let fun = self.eval(fun, env)?;
                let args = self.eval_all(args, env)?;
                self.apply(&fun, args)
            }
            Expr::Block(exprs, _) => {
                let mut last = Term::nil();
                for e in exprs {
                    last = self.eval(e, env)?;
                }
                Ok(last)
            }
        }
    }

    fn eval_all(&mut self, exprs: &[Expr], env: &mut Env) -> Result<Vec<Term>, EvalError> {
        exprs.iter().map(|e| self.eval(e, env)).collect()
    }

    fn make_closure(&mut self, clauses: &[FnClause], env: &Env) -> Term {
        let arity = clauses.first().map_or(0, |c| c.params.len()) as u8;
        let id = self.closures.len();
        self.closures.push(Closure {
            clauses: clauses.to_vec(),
            env: env.clone(),
        });
        value::closure_term(id, arity)
    }

    /// Calls a function value (closure or capture) with `args`.
    pub fn apply(&mut self, fun: &Term, args: Vec<Term>) -> Result<Term, EvalError> {
        self.tick()?;
        let Some(crate::term::Fun::Export {
            module: f_module,
            function: f_function,
            arity: f_arity,
        }) = fun.as_fun()
        else {
            return Err(EvalError::raise(
                "BadFunctionError",
                format!("expected a function, got: {}", inspect(fun)),
            ));
        };
        if usize::from(*f_arity) != args.len() {
            return Err(EvalError::raise(
                "BadArityError",
                format!(
                    "{} with arity {} called with {} argument{}",
                    inspect(fun),
                    f_arity,
                    args.len(),
                    if args.len() == 1 { "" } else { "s" }
                ),
            ));
        }

        match value::closure_id(f_module, f_function) {
            Some(id) => self.apply_closure(id, fun, &args),
            None if f_module.as_str() == "Elixir.Kernel" => {
                builtins::call_local(self, f_function.as_str(), args)
            }
            None => builtins::call_remote(self, f_module.as_str(), f_function.as_str(), args),
        }
    }

    fn apply_closure(&mut self, id: usize, fun: &Term, args: &[Term]) -> Result<Term, EvalError> {
        let Some(closure) = self.closures.get(id).cloned() else {
            return Err(EvalError::raise(
                "BadFunctionError",
                format!("expected a function, got: {}", inspect(fun)),
            ));
        };
        for clause in &closure.clauses {
            let mut env = closure.env.clone();
            let mut bound = BTreeMap::new();
            let mut all = true;
            for (param, arg) in clause.params.iter().zip(args) {
                if !pattern::matches(self, param, arg, &env, &mut bound)? {
                    all = false;
                    break;
                }
            }
            if !all {
                continue;
            }
            env.extend(bound);
            if let Some(guard) = &clause.guard {
                // A guard that raises is a guard that fails, as in Elixir.
                match self.eval(guard, &mut env) {
                    Ok(v) if v.is_atom("true") => {}
                    Ok(_) | Err(EvalError::Raise { .. }) => continue,
                    Err(other) => return Err(other),
                }
            }
            return self.eval(&clause.body, &mut env);
        }
        Err(EvalError::function_clause(
            &format!("anonymous fn/{}", args.len()),
            args,
        ))
    }

    fn binop(
        &mut self,
        op: BinOp,
        left: &Expr,
        right: &Expr,
        env: &mut Env,
    ) -> Result<Term, EvalError> {
        // Short-circuit operators evaluate the right side only when needed.
        match op {
            BinOp::AndAlso | BinOp::OrElse | BinOp::And | BinOp::Or => {
                let l = self.eval(left, env)?;
                let strict = matches!(op, BinOp::And | BinOp::Or);
                if strict && !(l.is_atom("true") || l.is_atom("false")) {
                    return Err(EvalError::raise(
                        "BadBooleanError",
                        format!(
                            "expected a boolean on left-side of \"{}\", got: {}",
                            if op == BinOp::And { "and" } else { "or" },
                            inspect(&l)
                        ),
                    ));
                }
                let take_left = match op {
                    BinOp::AndAlso | BinOp::And => l.is_falsy(),
                    _ => !l.is_falsy(),
                };
                return if take_left {
                    Ok(l)
                } else {
                    self.eval(right, env)
                };
            }
            _ => {}
        }
        let l = self.eval(left, env)?;
        let r = self.eval(right, env)?;
        binop_values(op, l, r)
    }
}

fn bigint(term: &Term) -> Option<BigInt> {
    match term {
        Term::Int(i) => Some(BigInt::from(*i)),
        Term::BigInt(b) => Some((**b).clone()),
        _ => None,
    }
}

fn arith_error() -> EvalError {
    EvalError::raise("ArithmeticError", "bad argument in arithmetic expression")
}

/// Applies a binary operator to two values.
pub fn binop_values(op: BinOp, l: Term, r: Term) -> Result<Term, EvalError> {
    Ok(match op {
        BinOp::Eq | BinOp::StrictEq => Term::boolean(l == r),
        BinOp::NotEq | BinOp::StrictNotEq => Term::boolean(l != r),
        BinOp::Lt => Term::boolean(l < r),
        BinOp::Gt => Term::boolean(l > r),
        BinOp::LtEq => Term::boolean(l <= r),
        BinOp::GtEq => Term::boolean(l >= r),
        BinOp::Add | BinOp::Sub | BinOp::Mul => {
            if let (Term::Int(a), Term::Int(b)) = (&l, &r) {
                let small = match op {
                    BinOp::Add => a.checked_add(*b),
                    BinOp::Sub => a.checked_sub(*b),
                    _ => a.checked_mul(*b),
                };
                if let Some(v) = small {
                    return Ok(Term::Int(v));
                }
            }
            let (Some(a), Some(b)) = (bigint(&l), bigint(&r)) else {
                return Err(arith_error());
            };
            let v = match op {
                BinOp::Add => a + b,
                BinOp::Sub => a - b,
                _ => a * b,
            };
            if v.bits() > 4096 {
                return Err(EvalError::argument(
                    "integer too large for otpsim (over 4096 bits)",
                ));
            }
            Term::from_bigint(v)
        }
        BinOp::Div => {
            return Err(EvalError::raise(
                "ArgumentError",
                "floats are not supported by otpsim: use div/2 and rem/2 for integer division",
            ))
        }
        BinOp::Concat => match (l.as_binary(), r.as_binary()) {
            (Some(a), Some(b)) => Term::bytes_vec([a, b].concat()),
            _ => {
                return Err(EvalError::argument(format!(
                    "expected binary argument in <> operator but got: {}",
                    inspect(if l.as_binary().is_none() { &l } else { &r })
                )))
            }
        },
        BinOp::ListConcat => match (l.list_to_vec(), r.is_list()) {
            (Some(a), true) => Term::improper_list(a, r.clone()),
            _ => return Err(EvalError::badarg()),
        },
        BinOp::ListSubtract => match (l.list_to_vec(), r.list_to_vec()) {
            (Some(a), Some(b)) => {
                let mut out = a;
                for x in &b {
                    if let Some(i) = out.iter().position(|y| y == x) {
                        out.remove(i);
                    }
                }
                Term::list(out)
            }
            _ => return Err(EvalError::badarg()),
        },
        BinOp::And | BinOp::Or | BinOp::AndAlso | BinOp::OrElse => return Err(EvalError::badarg()),
    })
}

fn unop(op: UnOp, v: Term) -> Result<Term, EvalError> {
    match op {
        UnOp::Neg => match &v {
            Term::Int(i) => Ok(i
                .checked_neg()
                .map_or_else(|| Term::from_bigint(-BigInt::from(*i)), Term::Int)),
            Term::BigInt(b) => Ok(Term::from_bigint(-(**b).clone())),
            _ => Err(arith_error()),
        },
        UnOp::Plus => match &v {
            Term::Int(_) | Term::BigInt(_) => Ok(v),
            _ => Err(arith_error()),
        },
        UnOp::Not => match v.as_atom() {
            Some("true") => Ok(Term::boolean(false)),
            Some("false") => Ok(Term::boolean(true)),
            _ => Err(EvalError::argument(format!(
                "argument error: not {}",
                inspect(&v)
            ))),
        },
        UnOp::Bang => Ok(Term::boolean(v.is_falsy())),
    }
}
