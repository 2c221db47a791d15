//! Variables in scope: each name maps to the register holding its current
//! value. A rebinding maps the name to a new register, so code compiled
//! before it (and closures made before it) keep the old value.
//!
//! Scopes nest: a `case` clause, a `fn` body or a `do` block sees the
//! variables around it, and what it binds is gone when it ends, as in
//! Elixir 1.14 (nothing leaks out of `if`, `case`, `receive`...).
//!
//! Sibling expressions (a call's arguments, the elements of a tuple, list
//! or map, an operator's two sides) each see the variables from before
//! all of them, and what they bind is seen after the last: with `x = 5`,
//! `{x = 1, x}` is `{1, 5}`, as in Elixir ([`Scopes::siblings`]).
//!
//! A variable bound and never read is reported when its binding ends (the
//! scope closes or the name is bound again), as Elixir's "variable is
//! unused" warning. The shell's top level is quiet: its bindings live on.

use crate::vm::code::Reg;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// One bound variable.
#[derive(Clone, Debug)]
struct Var {
    reg: Reg,
    /// Where it was bound.
    line: u32,
    /// Read since it was bound (shared by the copies siblings restore).
    used: Rc<Cell<bool>>,
    /// The name was bound already when it was bound again (iex then
    /// suggests `^`).
    shadows: bool,
}

/// A scope: its variables, and whether unused ones are reported.
#[derive(Clone, Debug, Default)]
struct Frame {
    vars: BTreeMap<String, Var>,
    quiet: bool,
}

/// A variable that was bound and never read.
#[derive(Clone, Debug)]
pub(crate) struct Unused {
    pub(crate) name: String,
    pub(crate) line: u32,
    /// The name was bound already when it was bound (iex then suggests `^`).
    pub(crate) shadows: bool,
}

/// The stack of scopes of one function.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scopes {
    frames: Vec<Frame>,
    unused: Vec<Unused>,
    /// What earlier siblings bound, out of sight until the last one is
    /// compiled, its registers still taken.
    held: Vec<(String, Var)>,
}

/// Sibling expressions being compiled (see [`Scopes::siblings`]).
pub(crate) struct Siblings {
    /// The scope they bind in.
    depth: usize,
    /// Its variables before the first.
    before: BTreeMap<String, Var>,
    held_from: usize,
    unused_from: usize,
}

impl Scopes {
    /// The register of `name`, innermost scope first; counts as a use.
    pub(crate) fn lookup(&self, name: &str) -> Option<Reg> {
        let var = self.frames.iter().rev().find_map(|f| f.vars.get(name))?;
        var.used.set(true);
        Some(var.reg)
    }

    /// Binds `name` in the innermost scope (at `line`, for warnings).
    pub(crate) fn bind_at(&mut self, name: &str, reg: Reg, line: u32) {
        if self.frames.is_empty() {
            self.frames.push(Frame::default());
        }
        let depth = self.frames.len() - 1;
        let shadows = self.frames.iter().any(|f| f.vars.contains_key(name));
        let quiet = self.frames[depth].quiet;
        let var = Var {
            reg,
            line,
            used: Rc::new(Cell::new(false)),
            shadows,
        };
        if let Some(old) = self.frames[depth].vars.insert(name.to_string(), var) {
            if !quiet {
                self.report(name, &old);
            }
        }
    }

    /// Starts compiling sibling expressions; call [`Scopes::next_sibling`]
    /// between two and [`Scopes::end_siblings`] after the last.
    pub(crate) fn siblings(&mut self) -> Siblings {
        if self.frames.is_empty() {
            self.frames.push(Frame::default());
        }
        let depth = self.frames.len() - 1;
        Siblings {
            depth,
            before: self.frames[depth].vars.clone(),
            held_from: self.held.len(),
            unused_from: self.unused.len(),
        }
    }

    /// Sets aside what the sibling just compiled bound: the next one sees
    /// the variables from before the first.
    pub(crate) fn next_sibling(&mut self, s: &Siblings) {
        let Some(frame) = self.frames.get_mut(s.depth) else {
            return;
        };
        let vars = std::mem::replace(&mut frame.vars, s.before.clone());
        for (name, var) in vars {
            if s.before.get(&name).map(|b| b.reg) != Some(var.reg) {
                self.held.push((name, var));
            }
        }
    }

    /// After the last sibling: what they bound is bound, in their order (a
    /// later sibling's binding of a name wins, the earlier one unused).
    pub(crate) fn end_siblings(&mut self, s: Siblings) {
        self.next_sibling(&s);
        // A sibling that bound a name again reported the old variable
        // unused, maybe before a later sibling read it: reported again
        // below if it still is.
        let since = self.unused.split_off(s.unused_from.min(self.unused.len()));
        self.unused.extend(
            since
                .into_iter()
                .filter(|u| s.before.get(&u.name).is_none_or(|v| v.line != u.line)),
        );
        let quiet = self.frames.get(s.depth).is_some_and(|f| f.quiet);
        let held: Vec<(String, Var)> = self.held.drain(s.held_from..).collect();
        for (name, var) in held {
            let Some(frame) = self.frames.get_mut(s.depth) else {
                return;
            };
            if let Some(old) = frame.vars.insert(name.clone(), var) {
                if !quiet {
                    self.report(&name, &old);
                }
            }
        }
    }

    /// Binds a name the compiler made up, or one that must not be reported.
    pub(crate) fn bind(&mut self, name: &str, reg: Reg) {
        self.bind_at(name, reg, 0);
        if let Some(v) = self.frames.last().and_then(|f| f.vars.get(name)) {
            v.used.set(true);
        }
    }

    fn report(&mut self, name: &str, var: &Var) {
        let plain = name
            .chars()
            .next()
            .is_some_and(|c| c.is_lowercase() || !c.is_ascii());
        if !var.used.get() && plain && var.line > 0 {
            self.unused.push(Unused {
                name: name.to_string(),
                line: var.line,
                shadows: var.shadows,
            });
        }
    }

    /// Enters a nested scope.
    pub(crate) fn push(&mut self) {
        self.frames.push(Frame::default());
    }

    /// Enters a scope whose unused variables are not reported (the shell's
    /// top level, a closure's captured variables).
    pub(crate) fn push_quiet(&mut self) {
        self.frames.push(Frame {
            quiet: true,
            ..Frame::default()
        });
    }

    /// Leaves the innermost scope, forgetting what it bound.
    pub(crate) fn pop(&mut self) {
        if let Some(frame) = self.frames.pop() {
            if !frame.quiet {
                for (name, var) in &frame.vars {
                    self.report(name, var);
                }
            }
        }
    }

    /// The unused variables found so far, in the order they were bound.
    pub(crate) fn take_unused(&mut self) -> Vec<Unused> {
        let mut out = std::mem::take(&mut self.unused);
        out.sort_by_key(|u| u.line);
        out
    }

    /// One past the highest register any visible variable lives in: no
    /// temporary may be handed out below it.
    pub(crate) fn floor(&self) -> usize {
        self.frames
            .iter()
            .flat_map(|f| f.vars.values())
            .chain(self.held.iter().map(|(_, v)| v))
            .map(|v| usize::from(v.reg) + 1)
            .max()
            .unwrap_or(0)
    }

    /// Every visible variable with its register, by name (not a use).
    pub(crate) fn visible(&self) -> BTreeMap<String, Reg> {
        let mut all = BTreeMap::new();
        for f in &self.frames {
            for (k, v) in &f.vars {
                all.insert(k.clone(), v.reg);
            }
        }
        all
    }
}
