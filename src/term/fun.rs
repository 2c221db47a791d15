//! Function values: external captures (`&Mod.fun/2`) and closures made by
//! `fn ... end` or `&(&1 + 1)`, which carry the values they captured.
//!
//! A closure's code belongs to the layer that compiled it (the VM); terms
//! only need to know its arity, how to print it, and an identity to order
//! and compare by, which [`Lambda`] gives them.

use super::{Atom, Term};
use std::any::Any;
use std::rc::Rc;

/// What terms need to know about compiled closure code.
pub trait Lambda: 'static {
    /// How many arguments the closure takes.
    fn arity(&self) -> u8;
    /// Where it was defined, for printing and ordering.
    fn info(&self) -> LambdaInfo;
    /// The compiled code, for the VM that made it.
    fn as_any(&self) -> &dyn Any;
}

/// A closure's identity, as the BEAM keeps it in a fun: the defining module,
/// the lambda's index there and the module's unique number, and the
/// function it appears in.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LambdaInfo {
    /// The defining module (`:erl_eval` for funs typed in the shell).
    pub module: Atom,
    /// The lambda's number in its module (`old_index`).
    pub index: u32,
    /// The module's unique number (`old_uniq`).
    pub uniq: u32,
    /// The function the closure was written in, as printed (`start/0`,
    /// `expr/6` for the shell's).
    pub context: String,
    /// Tells apart closures that print alike (every shell fun of one arity
    /// prints the same); never printed.
    pub id: u64,
}

/// A closure: code plus captured values.
#[derive(Clone)]
pub struct Closure {
    /// The compiled code.
    pub lambda: Rc<dyn Lambda>,
    /// Captured values, in the order the code expects them.
    pub env: Rc<[Term]>,
}

/// A function value.
#[derive(Clone)]
pub enum Fun {
    /// `&Mod.fun/arity`.
    Export {
        /// The module atom (`Elixir.Sim`, `erlang`, ...).
        module: Atom,
        /// The function name.
        function: Atom,
        /// The number of arguments it takes.
        arity: u8,
    },
    /// `fn ... end`.
    Closure(Closure),
}

impl Fun {
    /// How many arguments the function takes.
    pub fn arity(&self) -> u8 {
        match self {
            Fun::Export { arity, .. } => *arity,
            Fun::Closure(c) => c.lambda.arity(),
        }
    }

    /// The module the function belongs to.
    pub fn module(&self) -> Atom {
        match self {
            Fun::Export { module, .. } => *module,
            Fun::Closure(c) => c.lambda.info().module,
        }
    }

    pub(crate) fn depth(&self) -> u32 {
        match self {
            Fun::Export { .. } => 0,
            Fun::Closure(c) => c
                .env
                .iter()
                .map(Term::depth)
                .max()
                .map_or(0, |d| d.saturating_add(1)),
        }
    }
}

impl Term {
    /// `&module.function/arity`.
    pub fn export(module: Atom, function: Atom, arity: u8) -> Term {
        Term::Fun(Rc::new(Fun::Export {
            module,
            function,
            arity,
        }))
    }

    /// A closure over `env`.
    pub fn closure(lambda: Rc<dyn Lambda>, env: Vec<Term>) -> Term {
        Term::Fun(Rc::new(Fun::Closure(Closure {
            lambda,
            env: Rc::from(env),
        })))
    }

    /// The function value, if this is one.
    pub fn as_fun(&self) -> Option<&Fun> {
        match self {
            Term::Fun(f) => Some(f),
            _ => None,
        }
    }
}
