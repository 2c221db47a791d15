//! Variables in scope: each name maps to the register holding its current
//! value. A rebinding maps the name to a new register, so code compiled
//! before it (and closures made before it) keep the old value.
//!
//! Scopes nest: a `case` clause, a `fn` body or a `do` block sees the
//! variables around it, and what it binds is gone when it ends, as in
//! Elixir 1.14 (nothing leaks out of `if`, `case`, `receive`...).

use crate::vm::code::Reg;
use std::collections::BTreeMap;

/// The stack of scopes of one function.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scopes {
    frames: Vec<BTreeMap<String, Reg>>,
}

impl Scopes {
    /// The register of `name`, innermost scope first.
    pub(crate) fn lookup(&self, name: &str) -> Option<Reg> {
        self.frames.iter().rev().find_map(|f| f.get(name).copied())
    }

    /// Binds `name` in the innermost scope.
    pub(crate) fn bind(&mut self, name: &str, reg: Reg) {
        if self.frames.is_empty() {
            self.frames.push(BTreeMap::new());
        }
        if let Some(f) = self.frames.last_mut() {
            f.insert(name.to_string(), reg);
        }
    }

    /// Enters a nested scope.
    pub(crate) fn push(&mut self) {
        self.frames.push(BTreeMap::new());
    }

    /// Leaves the innermost scope, forgetting what it bound.
    pub(crate) fn pop(&mut self) {
        self.frames.pop();
    }

    /// One past the highest register any visible variable lives in: no
    /// temporary may be handed out below it.
    pub(crate) fn floor(&self) -> usize {
        self.frames
            .iter()
            .flat_map(|f| f.values())
            .map(|r| usize::from(*r) + 1)
            .max()
            .unwrap_or(0)
    }

    /// Every visible variable with its register, by name.
    pub(crate) fn visible(&self) -> BTreeMap<String, Reg> {
        let mut all = BTreeMap::new();
        for f in &self.frames {
            for (k, v) in f {
                all.insert(k.clone(), *v);
            }
        }
        all
    }
}
