//! Compiled code: modules of functions, each a flat array of [`Op`]s over a
//! window of registers, as the BEAM's loader leaves a module.
//!
//! Registers are numbered per function call (arguments first); constants
//! live in a per-function pool. Code is immutable once built and shared by
//! every world on the thread (the standard library is compiled once).

use super::ops::Op;
use crate::term::{Atom, Lambda, LambdaInfo, Term};
use std::any::Any;
use std::collections::BTreeMap;
use std::rc::Rc;

/// A register number, relative to the running function's window.
pub type Reg = u16;

/// A position in a function's code.
pub type Label = u32;

/// One compiled function (or one lambda body).
#[derive(Debug)]
pub struct Function {
    /// Its name (`handle_call`; lambdas get `-fun-N-`).
    pub name: Atom,
    /// How many arguments it takes (for a lambda: captured values first,
    /// then the arguments).
    pub arity: u8,
    /// For a lambda: how many of the leading arguments are captured values.
    pub free: u8,
    /// Registers the window needs.
    pub regs: u16,
    /// The instructions.
    pub code: Box<[Op]>,
    /// Constants the code refers to by index.
    pub consts: Box<[Term]>,
    /// `(pc, line)` pairs, ascending: the source line of each stretch of code.
    pub lines: Box<[(u32, u32)]>,
    /// Binary segment layouts used by `BinBuild` and binary matching.
    pub bins: Box<[BinSpec]>,
    /// For a lambda: the function it was written in (`start/0`) and its
    /// number in the module.
    pub lambda: Option<(String, u32)>,
}

impl Function {
    /// The source line of the instruction at `pc`.
    pub fn line_at(&self, pc: u32) -> u32 {
        match self.lines.binary_search_by(|(p, _)| p.cmp(&pc)) {
            Ok(i) => self.lines.get(i).map_or(0, |l| l.1),
            Err(0) => 0,
            Err(i) => self.lines.get(i - 1).map_or(0, |l| l.1),
        }
    }
}

/// The type of one binary segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SegType {
    /// `integer` (the default).
    Integer,
    /// `float`.
    Float,
    /// `binary`/`bytes`.
    Binary,
    /// `bits`/`bitstring` (whole bytes only here).
    Bits,
    /// `utf8`.
    Utf8,
    /// `utf16`.
    Utf16,
    /// `utf32`.
    Utf32,
}

/// One segment of a `<<...>>`: its type, size (in units) and flags.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    /// Type.
    pub ty: SegType,
    /// `size(n)` from a register (`Some(reg)`) or a constant; `None` for
    /// the default (8 bits for integers, 64 for floats, all for binaries).
    pub size: SegSize,
    /// `unit(n)`, default 1 (8 for binaries).
    pub unit: u8,
    /// `signed` (integers).
    pub signed: bool,
    /// `little` endianness.
    pub little: bool,
}

/// Where a segment's size comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SegSize {
    /// The type's default.
    Default,
    /// A fixed number of units.
    Fixed(u32),
    /// A register holding the number of units.
    Reg(Reg),
}

/// The segments of one binary expression or pattern.
#[derive(Clone, Debug, PartialEq)]
pub struct BinSpec {
    /// In order.
    pub segments: Vec<Segment>,
}

/// A module: its functions by index, the public ones by name.
#[derive(Debug)]
pub struct Module {
    /// Its name (`Elixir.Counter`).
    pub name: Atom,
    /// Every function and lambda body, by index.
    pub functions: Vec<Rc<Function>>,
    /// `def`ined functions by `(name, arity)`.
    pub exports: BTreeMap<(Atom, u8), u32>,
    /// `defstruct` fields with their defaults, in definition order.
    pub struct_fields: Option<Vec<(Atom, Term)>>,
    /// True for `defexception` modules.
    pub exception: bool,
    /// Module attributes kept at run time (`@behaviour`, user values).
    pub attributes: Vec<(Atom, Term)>,
    /// The source text, for the page's code view.
    pub source: Option<Rc<str>>,
    /// The line of `defmodule` in the text it was compiled from: a
    /// function's line minus this is its line in [`Module::source`].
    pub first_line: u32,
    /// A number derived from the code, printed in funs (`#Function<0.UNIQ/1 ...>`).
    pub uniq: u32,
}

impl Module {
    /// The exported function `name/arity`.
    pub fn export(&self, name: Atom, arity: u8) -> Option<u32> {
        self.exports.get(&(name, arity)).copied()
    }
}

/// A closure's code: a lambda body in its module. Terms hold it as a
/// [`Lambda`].
#[derive(Debug)]
pub struct LambdaRef {
    /// The module whose code it is.
    pub module: Rc<Module>,
    /// The lambda body's index in `module.functions`.
    pub index: u32,
    /// Identity among closures printed alike (the shell's all print as
    /// `:erl_eval`'s): the same for the same code.
    pub id: u64,
}

impl LambdaRef {
    /// The lambda body.
    pub fn function(&self) -> Option<&Rc<Function>> {
        self.module.functions.get(self.index as usize)
    }
}

/// The module the shell's own lambdas print as (`#Function<42.3316493/1 in :erl_eval.expr/6>`).
pub const SHELL_MODULE: &str = "erl_eval";

impl Lambda for LambdaRef {
    fn arity(&self) -> u8 {
        self.function().map_or(0, |f| f.arity - f.free)
    }

    fn info(&self) -> LambdaInfo {
        let function = self.function();
        let (context, index) = function
            .and_then(|f| f.lambda.clone())
            .unwrap_or_else(|| (String::new(), self.index));
        if self.module.name.as_str().starts_with(SHELL_MODULE) {
            // erl_eval's funs are numbered by arity: 43 for arity 0, 42 for 1...
            let arity = u32::from(self.arity());
            return LambdaInfo {
                module: Atom::new(SHELL_MODULE),
                index: 43u32.saturating_sub(arity),
                uniq: 3_316_493,
                context: "expr/6".into(),
                id: self.id,
            };
        }
        LambdaInfo {
            module: self.module.name,
            index,
            uniq: self.module.uniq,
            context,
            id: self.id,
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
