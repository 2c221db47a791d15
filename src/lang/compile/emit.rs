//! Building one function's code: instructions with symbolic labels,
//! a constant pool, the line table, and the register allocator.
//!
//! Registers are handed out like a stack (`top`): temporaries are given
//! back when an expression is done, bindings stay until their scope ends.
//! A call's arguments go in the registers at the top, where the callee's
//! window starts.

use super::CompileError;
use crate::term::Term;
use crate::vm::code::{BinSpec, Function, Label, Reg};
use crate::vm::ops::Op;
use std::collections::BTreeMap;

/// The most registers one function may use.
const MAX_REGS: usize = 60_000;

/// One function being built.
#[derive(Default)]
pub(crate) struct FnBuilder {
    pub(super) code: Vec<Op>,
    consts: Vec<Term>,
    const_index: BTreeMap<Term, u32>,
    lines: Vec<(u32, u32)>,
    line: u32,
    pub(super) bins: Vec<BinSpec>,
    /// The next free register.
    pub(super) top: usize,
    max: usize,
    /// Label id → code position, once placed.
    labels: Vec<Option<u32>>,
    /// Registers below this are never temporaries (the parameters).
    pub(super) params: usize,
}

impl FnBuilder {
    /// A builder whose first `params` registers hold the arguments.
    pub(super) fn new(params: usize) -> FnBuilder {
        FnBuilder {
            top: params,
            max: params,
            params,
            ..FnBuilder::default()
        }
    }

    pub(super) fn emit(&mut self, op: Op) {
        self.code.push(op);
    }

    /// Makes the last instruction, one that only writes `from` (an
    /// operator, a constant, a copy, a new tuple, list cell or map, an
    /// element, a call's result), write `to` instead, unless something jumps to the code
    /// after it (then `from` may be written elsewhere too). Spares the
    /// `Move` that would copy a temporary into a call's argument register:
    /// a GenServer's loop passes constants to every callback it makes.
    pub(super) fn retarget_last(&mut self, from: Reg, to: Reg) -> bool {
        let end = Some(self.code.len() as u32);
        if self.labels.contains(&end) {
            return false;
        }
        match self.code.last_mut() {
            Some(
                Op::Arith { dst, .. }
                | Op::Cmp { dst, .. }
                | Op::ArithConst { dst, .. }
                | Op::CmpConst { dst, .. }
                | Op::Const { dst, .. }
                | Op::Tuple { dst, .. }
                | Op::Cons { dst, .. }
                | Op::Map { dst, .. }
                | Op::MapPut { dst, .. }
                | Op::GetElem { dst, .. },
            ) if *dst == from => {
                *dst = to;
                true
            }
            // A call's result: its target is always below its arguments
            // (the block it lands in was taken before they were), so the
            // callee's window does not cover it.
            Some(
                Op::Call { dst, .. }
                | Op::CallExt {
                    dst, tail: false, ..
                }
                | Op::CallDyn {
                    dst, tail: false, ..
                }
                | Op::Field {
                    dst, tail: false, ..
                }
                | Op::Apply {
                    dst, tail: false, ..
                }
                | Op::ApplyList {
                    dst, tail: false, ..
                }
                | Op::Bif { dst, .. },
            ) if *dst == from && to < from => {
                *dst = to;
                true
            }
            Some(Op::Move { dst, src }) if *dst == from && *src != to => {
                *dst = to;
                true
            }
            _ => false,
        }
    }

    /// Records that code from here on comes from `line`.
    pub(super) fn set_line(&mut self, line: u32) {
        if line != 0 && line != self.line {
            self.line = line;
            self.lines.push((self.code.len() as u32, line));
        }
    }

    /// The index of `term` in the constant pool.
    pub(super) fn constant(&mut self, term: Term) -> u32 {
        if let Some(k) = self.const_index.get(&term) {
            return *k;
        }
        let k = self.consts.len() as u32;
        self.consts.push(term.clone());
        self.const_index.insert(term, k);
        k
    }

    /// A fresh register.
    pub(super) fn alloc(&mut self) -> Result<Reg, Box<CompileError>> {
        self.alloc_n(1)
    }

    /// `n` consecutive fresh registers; the first one.
    pub(super) fn alloc_n(&mut self, n: usize) -> Result<Reg, Box<CompileError>> {
        let first = self.top;
        self.top += n;
        if self.top > MAX_REGS {
            return Err(CompileError::new(
                0,
                "function too large: it needs more registers than the VM has",
            ));
        }
        self.max = self.max.max(self.top);
        Ok(first as Reg)
    }

    /// A new label, to be placed later.
    pub(super) fn label(&mut self) -> Label {
        self.labels.push(None);
        (self.labels.len() - 1) as Label
    }

    /// Places `label` at the next instruction.
    pub(super) fn place(&mut self, label: Label) {
        if let Some(slot) = self.labels.get_mut(label as usize) {
            *slot = Some(self.code.len() as u32);
        }
    }

    /// Finishes the function: labels become code positions.
    pub(super) fn finish(
        mut self,
        name: crate::term::Atom,
        arity: u8,
        free: u8,
        lambda: Option<(String, u32)>,
    ) -> Function {
        let labels = std::mem::take(&mut self.labels);
        let resolve = |l: &mut Label| {
            *l = labels.get(*l as usize).copied().flatten().unwrap_or(0);
        };
        for op in &mut self.code {
            for_each_label(op, resolve);
        }
        fuse_constants(&mut self.code);
        fuse_tag_tests(&mut self.code);
        fuse_moves(&mut self.code);
        fuse_receive_any(&mut self.code);
        Function {
            name,
            arity,
            free,
            regs: self.max.max(usize::from(arity)) as u16,
            code: self.code.into_boxed_slice(),
            consts: self.consts.into_boxed_slice(),
            lines: self.lines.into_boxed_slice(),
            bins: self.bins.into_boxed_slice(),
            lambda,
        }
    }
}

/// The peephole pass: a `Const` loaded only to be an operator's right
/// operand (`x - 1`, `n < 2`) becomes [`Op::ArithConst`] /
/// [`Op::CmpConst`], which does both in one dispatch and skips the operator.
/// The operator stays where it was, so code that jumps to it, and the slow
/// path (a big integer, a float, an error with its line), run unchanged.
fn fuse_constants(code: &mut [Op]) {
    for i in 1..code.len() {
        let Op::Const { dst: t, k } = code[i - 1] else {
            continue;
        };
        let fused = match code[i] {
            Op::Arith { dst, op, a, b } if b == t && a != t => Op::ArithConst { dst, op, a, k, t },
            Op::Cmp { dst, op, a, b } if b == t && a != t => Op::CmpConst { dst, op, a, k, t },
            _ => continue,
        };
        code[i - 1] = fused;
    }
}

/// The peephole pass over a tagged tuple's test: `IsTuple`, `GetElem` of
/// element 0, `IsEqConst` of that element, all failing to the same place,
/// become [`Op::IsTaggedTuple`] in the first one's place (the other two
/// stay, for code that jumps to them). Three dispatches become one in the
/// commonest pattern of every `receive` and callback head.
fn fuse_tag_tests(code: &mut [Op]) {
    for i in 2..code.len() {
        let (
            Op::IsTuple { src, n, fail },
            Op::GetElem { dst, src: s, i: 0 },
            Op::IsEqConst { src: t, k, fail: f },
        ) = (&code[i - 2], &code[i - 1], &code[i])
        else {
            continue;
        };
        let (src, n, fail, dst, s, k, t, f) = (*src, *n, *fail, *dst, *s, *k, *t, *f);
        if s == src && t == dst && f == fail && dst != src && n > 0 {
            code[i - 2] = Op::IsTaggedTuple {
                src,
                n,
                dst,
                k,
                fail,
            };
        }
    }
}

/// The peephole pass over copies: a `Move` followed by another becomes
/// [`Op::Move2`], which makes both and skips the second (left in place for
/// code that jumps to it). Pairs do not overlap: of three copies in a row,
/// the first two are fused and the third stays on its own.
fn fuse_moves(code: &mut [Op]) {
    let mut i = 1;
    while i < code.len() {
        if let (
            Op::Move { dst, src },
            Op::Move {
                dst: dst2,
                src: src2,
            },
        ) = (&code[i - 1], &code[i])
        {
            code[i - 1] = Op::Move2 {
                dst: *dst,
                src: *src,
                dst2: *dst2,
                src2: *src2,
            };
            i += 2;
        } else {
            i += 1;
        }
    }
}

/// The peephole pass over a `receive` whose first clause takes any
/// message: `RecvStart`, `LoopRec`, `RemoveMessage` become
/// [`Op::TakeMessage`] in the first one's place (the other two stay, for
/// the jumps back to `LoopRec`). A server loop's every message goes
/// through these three.
fn fuse_receive_any(code: &mut [Op]) {
    for i in 2..code.len() {
        if let (Op::RecvStart, Op::LoopRec { dst, wait }, Op::RemoveMessage) =
            (&code[i - 2], &code[i - 1], &code[i])
        {
            code[i - 2] = Op::TakeMessage {
                dst: *dst,
                wait: *wait,
            };
        }
    }
}

/// Calls `f` on every label an instruction holds.
fn for_each_label(op: &mut Op, f: impl Fn(&mut Label)) {
    match op {
        Op::Jump { to }
        | Op::JumpIfFalsy { to, .. }
        | Op::JumpUnlessTrue { to, .. }
        | Op::JumpUnlessBool { to, .. }
        | Op::LoopRecEnd { to }
        | Op::Wait { to }
        | Op::WaitTimeout { to, .. } => f(to),
        Op::LoopRec { wait, .. } | Op::TakeMessage { wait, .. } => f(wait),
        Op::Try { handler } => f(handler),
        Op::Bif { fail: Some(l), .. } => f(l),
        Op::IsEq { fail, .. }
        | Op::IsEqConst { fail, .. }
        | Op::IsTuple { fail, .. }
        | Op::IsTaggedTuple { fail, .. }
        | Op::GetList { fail, .. }
        | Op::IsNil { fail, .. }
        | Op::IsMap { fail, .. }
        | Op::GetMapKey { fail, .. }
        | Op::TypeTest { fail, .. }
        | Op::IsFunctionArity { fail, .. }
        | Op::BinMatch { fail, .. } => f(fail),
        _ => {}
    }
}
