//! Loaded code: native functions a world can apply by `{module, function, args}`.
//!
//! Child specs name their start function as an MFA, exactly as in OTP, so a
//! supervisor restarts a child by applying the MFA it was given. The OTP layer
//! and the built-in applications load their modules into each world at boot.

use super::{Ctx, World};
use crate::term::{Atom, Term};
use std::collections::BTreeMap;

/// A native function: runs as the calling process and returns a value, or
/// `Err(reason)` when it raises or exits.
pub type NativeFn = fn(&mut Ctx, &[Term]) -> Result<Term, Term>;

/// The world's loaded functions, by `(module, function, arity)`.
#[derive(Clone, Default)]
pub(crate) struct Code {
    funs: BTreeMap<(Atom, Atom, usize), NativeFn>,
}

impl World {
    /// Loads `module.function/arity` (module as stored, e.g. `Elixir.Fleet`).
    pub fn load(&mut self, module: &str, function: &str, arity: usize, f: NativeFn) {
        self.code
            .funs
            .insert((Atom::new(module), Atom::new(function), arity), f);
    }

    /// The loaded function, if any.
    pub fn function(&self, module: &Atom, function: &Atom, arity: usize) -> Option<NativeFn> {
        self.code.funs.get(&(*module, *function, arity)).copied()
    }

    /// The `(function, arity)` pairs of `module` that are loaded.
    pub fn functions_of(&self, module: &Atom) -> Vec<(Atom, usize)> {
        self.code
            .funs
            .range((*module, Atom::new(""), 0)..)
            .take_while(|((m, _, _), _)| m == module)
            .map(|((_, f, a), _)| (*f, *a))
            .collect()
    }

    /// True when some function of `module` is loaded.
    pub fn module_loaded(&self, module: &Atom) -> bool {
        self.code
            .funs
            .range((*module, Atom::new(""), 0)..)
            .next()
            .is_some_and(|((m, _, _), _)| m == module)
    }
}

/// Applies `module.function(args)` as the process behind `ctx`, or fails with
/// `:undef` (as the BEAM does for a function that is not loaded).
pub fn apply(ctx: &mut Ctx, module: &Atom, function: &Atom, args: &[Term]) -> Result<Term, Term> {
    match ctx.world_ref().function(module, function, args.len()) {
        Some(f) => f(ctx, args),
        None => Err(Term::atom("undef")),
    }
}
