//! Quoted forms to VM code: Elixir's macros and special forms expanded and
//! compiled in one pass, one [`Module`] per `defmodule` (and one for each
//! chunk typed into the shell).
//!
//! | file | what it compiles |
//! |------|------------------|
//! | `ast_util` | helpers to read and build quoted forms |
//! | `emit` | one function's instructions, constants, labels, registers |
//! | `scope` | variables: which register holds each, scopes and captures |
//! | `expr` | expressions: literals, operators, blocks, `=` |
//! | `call` | calls: local, imported, remote, dynamic, `fun.()`, the Kernel table |
//! | `pattern` | patterns and guards |
//! | `control` | `case`, `cond`, `if`/`unless`, `receive`, `try` |
//! | `fun` | `fn`, captures `&...` |
//! | `sugar` | rewrites into simpler forms: `|>`, `for`, `with`, sigils, `unless` |
//! | `binary` | `<<...>>` to segment specs |
//! | `module` | `defmodule`, `def`/`defp`, attributes, `defstruct`, `use` |
//! | `shell` | a chunk typed into iex: its bindings in, its bindings out |
//!
//! Variables are renamed to registers as they are bound (rebinding gives
//! a new register), so closures capture values and nothing is looked up
//! by name at run time.

mod ast_util;
mod binary;
mod call;
mod control;
mod emit;
mod expr;
mod fun;
mod kernel;
mod macros;
pub use macros::is_macro;

/// True when `name/arity` can be called unqualified in the shell (Kernel's
/// imports and IEx's helpers), for completion.
pub fn is_shell_import(name: &str, arity: usize) -> bool {
    kernel::target(name, arity, true).is_some()
}
mod module;
mod pattern;
mod scope;
mod shell;
mod structs;
mod sugar;
mod uses;

pub use shell::{compile_chunk, Chunk, ShellEnv};

use crate::kernel::World;
use crate::term::{Atom, Term};
use crate::vm::code::{Function, Module, Reg};
use crate::vm::code_server::CodeServer;
use crate::vm::prelude::Peek;
use emit::FnBuilder;
use scope::Scopes;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Code that cannot be compiled, worded as Elixir's compiler words it.
#[derive(Clone, Debug, PartialEq)]
pub struct CompileError {
    /// The line (0 when unknown).
    pub line: u32,
    /// The message after `iex:LINE: `.
    pub message: String,
    /// The exception iex raises (`CompileError`, or `ArgumentError`,
    /// `KeyError` ... for errors Elixir raises while expanding).
    pub kind: &'static str,
    /// Warnings printed before the error (the compiler warned, then failed).
    pub warnings: Vec<String>,
}

impl CompileError {
    /// A `CompileError` at `line`.
    pub fn new(line: u32, message: impl Into<String>) -> Box<CompileError> {
        Box::new(CompileError {
            line,
            message: message.into(),
            kind: "CompileError",
            warnings: Vec::new(),
        })
    }

    /// Another exception raised at compile time (`ArgumentError` ...).
    pub fn raised(kind: &'static str, line: u32, message: impl Into<String>) -> Box<CompileError> {
        Box::new(CompileError {
            line,
            message: message.into(),
            kind,
            warnings: Vec::new(),
        })
    }

    /// What iex prints, `file` being `iex` or a module's file, `offset`
    /// the iex line the chunk started on.
    pub fn banner(&self, offset: u32) -> String {
        if self.kind == "CompileError" {
            let line = self.line.max(1) + offset.saturating_sub(1);
            format!("** (CompileError) iex:{line}: {}", self.message)
        } else {
            format!("** ({}) {}", self.kind, self.message)
        }
    }
}

/// Shorthand. The error is boxed: compiling recurses as deep as the
/// source nests, and every `?` on the way keeps copies of the error type
/// in its frame (in debug builds), so a pointer-sized error keeps the
/// frames, and the stack a deep expression needs, small.
pub(crate) type CResult<T> = Result<T, Box<CompileError>>;

/// A function known in the module being compiled.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Def {
    /// Its index in the module's function list.
    pub(crate) index: u32,
    /// `def` (true) or `defp`.
    pub(crate) public: bool,
}

/// An `import`.
#[derive(Clone, Debug)]
pub(crate) struct Import {
    pub(crate) module: Atom,
    /// `only:` — `(name, arity)` pairs, or every function.
    pub(crate) only: Option<Vec<(String, u8)>>,
    /// `except:`.
    pub(crate) except: Vec<(String, u8)>,
}

/// The lexical environment a module body or shell chunk compiles in.
#[derive(Clone, Debug, Default)]
pub struct Env {
    /// Added to source lines in warnings (the iex prompt number, less one).
    pub line_offset: u32,
    /// `alias Foo.Bar` (and `as:`): short name → full module atom.
    pub(crate) aliases: BTreeMap<String, Atom>,
    /// `import` declarations, newest last.
    pub(crate) imports: Vec<Import>,
    /// `require`d modules, whose macros may be called.
    pub(crate) requires: std::collections::BTreeSet<Atom>,
    /// The text being compiled, so a module keeps its own source
    /// (`Sim.source/1`, the page's code view).
    pub source: Option<std::rc::Rc<str>>,
}

/// What one compilation (a module or a chunk) builds and knows.
pub(crate) struct Unit<'w> {
    /// The world whose loaded modules calls and structs refer to, and in
    /// which compile-time expressions (module attributes) run.
    pub(crate) world: &'w mut World,
    /// The module being compiled.
    pub(crate) name: Atom,
    /// True for a shell chunk (no `def`s, closures print as `:erl_eval`'s).
    pub(crate) shell: bool,
    /// Functions and lambda bodies, by index; `None` until compiled.
    pub(crate) functions: Vec<Option<Function>>,
    /// Named functions by `(name, arity)`.
    pub(crate) defs: BTreeMap<(String, u8), Def>,
    /// Aliases and imports in force.
    pub(crate) env: Env,
    /// Module attributes set so far (`@timeout 5000`).
    pub(crate) attributes: BTreeMap<String, Term>,
    /// `defstruct` fields of this module.
    pub(crate) struct_fields: Option<Vec<(Atom, Term)>>,
    /// `@enforce_keys`.
    pub(crate) enforce_keys: Vec<Atom>,
    /// `defguard`s of the module: parameters and body, expanded in place
    /// where they are called, as Elixir expands the macro.
    pub(crate) guards: BTreeMap<(String, usize), (Vec<String>, crate::lang::Ast)>,
    /// Modules compiled so far in this unit (a chunk may define several).
    pub(crate) compiled: Vec<Rc<Module>>,
    /// Warnings to print before the result, as iex does.
    pub(crate) warnings: Vec<String>,
    /// Counts lambdas, for their printed index.
    pub(crate) lambdas: u32,
    /// The function a lambda is written in, for its printed name.
    pub(crate) context: String,
    /// Added to source lines in messages: the iex prompt number, less one.
    pub(crate) line_offset: u32,
    /// How deep the compiler has recursed into the source (see
    /// [`MAX_COMPILE_DEPTH`]); a module compiled inside a chunk goes on
    /// counting from its `defmodule`.
    pub(crate) depth: u32,
}

/// How deeply nested an expression (or pattern) the compiler takes. The
/// compiler recurses as the source nests, so this bounds the Rust stack it
/// needs: under 1 MiB (a browser tab's stack) in a debug build at the
/// deepest. The parser takes deeper source; what real programs need is
/// far less (the transcripts reach 12).
pub const MAX_COMPILE_DEPTH: u32 = 64;

impl<'w> Unit<'w> {
    pub(crate) fn new(world: &'w mut World, name: Atom, shell: bool, env: Env) -> Unit<'w> {
        let line_offset = env.line_offset;
        Unit {
            world,
            name,
            shell,
            functions: Vec::new(),
            defs: BTreeMap::new(),
            env,
            attributes: BTreeMap::new(),
            struct_fields: None,
            enforce_keys: Vec::new(),
            guards: BTreeMap::new(),
            compiled: Vec::new(),
            warnings: Vec::new(),
            lambdas: 0,
            context: String::new(),
            line_offset,
            depth: 0,
        }
    }

    /// Where a warning points: `iex:3` in the shell, `iex:3: Mod.f/1` in
    /// a function of a module, `iex:3: Mod (module)` in its body.
    pub(crate) fn location(&self, line: u32) -> String {
        let line = self.iex_line(line);
        if self.shell {
            return format!("iex:{line}");
        }
        let module = crate::term::inspect(&Term::Atom(self.name));
        if self.context.is_empty() {
            format!("iex:{line}: {module} (module)")
        } else {
            format!("iex:{line}: {module}.{}", self.context)
        }
    }

    /// Adds a warning (`text` without the `warning: ` prefix) at `line`.
    /// The same one twice is printed twice, as iex does (two bindings of a
    /// name on one line that both go unused).
    pub(crate) fn warn(&mut self, text: &str, line: u32) {
        let warning = format!("warning: {text}\n  {}\n", self.location(line));
        self.warnings.push(warning);
    }

    /// One level deeper into the source, unless that is too deep (see
    /// [`MAX_COMPILE_DEPTH`]); the caller leaves it again (`depth -= 1`).
    pub(crate) fn enter(&mut self, line: u32) -> CResult<()> {
        if self.depth >= MAX_COMPILE_DEPTH {
            return Err(CompileError::new(
                line,
                format!(
                    "expression is nested too deeply: otpsim compiles at most {MAX_COMPILE_DEPTH} levels"
                ),
            ));
        }
        self.depth += 1;
        Ok(())
    }

    /// A source line as iex numbers it.
    pub(crate) fn iex_line(&self, line: u32) -> u32 {
        line.max(1) + self.line_offset
    }

    /// Reserves a function slot; returns its index.
    pub(crate) fn reserve(&mut self) -> u32 {
        self.functions.push(None);
        (self.functions.len() - 1) as u32
    }

    /// A module loaded in the world, or compiled earlier in this unit.
    pub(crate) fn module(&self, name: Atom) -> Option<Rc<Module>> {
        if let Some(m) = self.compiled.iter().rev().find(|m| m.name == name) {
            return Some(m.clone());
        }
        self.world.ext::<CodeServer>()?.get(name)
    }

    /// Whether `module.name/arity` is compiled code, as far as compiling a
    /// call to it needs to know: a library module that nothing compiled
    /// yet is not compiled for it (its calls are bound when they run,
    /// unless its source defines no function of that name).
    pub(crate) fn callee(&self, module: Atom, name: Atom, arity: u8) -> Callee {
        if let Some(m) = self.compiled.iter().rev().find(|m| m.name == module) {
            return Callee::of(m.export(name, arity).is_some());
        }
        let Some(code) = self.world.ext::<CodeServer>() else {
            return Callee::NotCode;
        };
        match code.peek(module, name.as_str()) {
            Peek::Compiled(m) => Callee::of(m.export(name, arity).is_some()),
            Peek::Uncompiled { may_define: true } => Callee::Late,
            Peek::Uncompiled { may_define: false } | Peek::Absent => Callee::NotCode,
        }
    }

    /// The struct fields of `module` (this one's while it compiles).
    pub(crate) fn struct_of(&self, module: Atom) -> Option<Vec<(Atom, Term)>> {
        if module == self.name {
            if let Some(fields) = &self.struct_fields {
                return Some(fields.clone());
            }
        }
        match self.module(module) {
            Some(m) => m.struct_fields.clone(),
            None => crate::term::builtin_struct(module),
        }
    }
}

/// One function being compiled: its code and its variables.
pub(crate) struct FnCx<'u, 'w> {
    pub(crate) unit: &'u mut Unit<'w>,
    pub(crate) b: FnBuilder,
    pub(crate) scopes: Scopes,
    /// True while compiling a guard: errors fail the guard instead of raising.
    pub(crate) guard_fail: Option<crate::vm::code::Label>,
    /// True inside `try`: calls there are never tail calls.
    pub(crate) in_try: u32,
    /// The current function's name and arity, for error messages.
    pub(crate) function: (String, u8),
}

impl Drop for FnCx<'_, '_> {
    /// Reports the variables this function bound and never read.
    fn drop(&mut self) {
        for u in self.scopes.take_unused() {
            let why = if u.shadows {
                "there is a variable with the same name in the context, use the pin operator (^) to match on it or prefix this variable with underscore if it is not meant to be used"
            } else {
                "if the variable is not meant to be used, prefix it with an underscore"
            };
            self.unit.warn(
                &format!("variable \"{}\" is unused ({why})", u.name),
                u.line,
            );
        }
    }
}

impl<'u, 'w> FnCx<'u, 'w> {
    /// The compiled function (the context itself then only reports its
    /// unused variables as it goes).
    pub(crate) fn finish(
        &mut self,
        name: Atom,
        arity: u8,
        free: u8,
        lambda: Option<(String, u32)>,
    ) -> crate::vm::code::Function {
        std::mem::replace(&mut self.b, FnBuilder::new(0)).finish(name, arity, free, lambda)
    }

    pub(crate) fn new(unit: &'u mut Unit<'w>, params: usize) -> FnCx<'u, 'w> {
        FnCx {
            unit,
            b: FnBuilder::new(params),
            scopes: Scopes::default(),
            guard_fail: None,
            in_try: 0,
            function: (String::new(), 0),
        }
    }

    /// Puts `term` into register `dst`.
    pub(crate) fn load_const(&mut self, dst: Reg, term: Term) {
        let k = self.b.constant(term);
        self.b.emit(crate::vm::ops::Op::Const { dst, k });
    }

    /// Compiles `items` as sibling expressions (see `scope.rs`): `each`
    /// compiles one, given its index.
    pub(crate) fn each_sibling<T>(
        &mut self,
        items: &[T],
        mut each: impl FnMut(&mut Self, usize, &T) -> CResult<()>,
    ) -> CResult<()> {
        // One expression has no sibling to hide its bindings from: no copy
        // of the scope for every call of one argument.
        if items.len() < 2 {
            return items
                .iter()
                .enumerate()
                .try_for_each(|(i, item)| each(self, i, item));
        }
        let s = self.scopes.siblings();
        let mut done = Ok(());
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.scopes.next_sibling(&s);
            }
            done = each(self, i, item);
            if done.is_err() {
                break;
            }
        }
        // Also after an error: the shell's scope lives on.
        self.scopes.end_siblings(s);
        done
    }

    /// The values of two sibling expressions (an operator's sides).
    pub(crate) fn sibling_values(
        &mut self,
        a: &crate::lang::ast::Ast,
        b: &crate::lang::ast::Ast,
    ) -> CResult<(Reg, Reg)> {
        let mut regs = [0; 2];
        self.each_sibling(&[a, b], |cx, i, e| {
            regs[i] = cx.value(e)?;
            Ok(())
        })?;
        Ok((regs[0], regs[1]))
    }

    /// Puts the value just computed into `r` into slot `dst` of a block of
    /// registers ending at `block_end`, then frees what is above the
    /// block. A temporary (above the block) is computed into place instead
    /// of copied: the `Move` per argument, element or key it spares runs
    /// at every call, tuple and map.
    pub(crate) fn place(&mut self, dst: Reg, r: Reg, block_end: usize) {
        // Not a variable bound while the value was computed (`f(x = 1, x)`):
        // its register must be written where the binding says.
        let temp = usize::from(r) >= block_end.max(self.scopes.floor());
        if !(temp && self.b.retarget_last(r, dst)) {
            self.mov(dst, r);
        }
        self.release(block_end);
    }

    /// Copies `src` into `dst` unless they are the same register.
    pub(crate) fn mov(&mut self, dst: Reg, src: Reg) {
        if dst != src {
            self.b.emit(crate::vm::ops::Op::Move { dst, src });
        }
    }
}

/// What a remote call reaches, as far as its compilation knows ([`Unit::callee`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Callee {
    /// An exported function of compiled code.
    Code,
    /// Maybe compiled code: bound when the call runs.
    Late,
    /// Not compiled code: a native if one exists.
    NotCode,
}

impl Callee {
    fn of(exported: bool) -> Callee {
        if exported {
            Callee::Code
        } else {
            Callee::NotCode
        }
    }
}
