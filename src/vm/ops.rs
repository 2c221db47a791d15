//! The instruction set, close to the BEAM's own: registers instead of x/y
//! registers, one window per call, and tests that jump to a failure label.
//!
//! Patterns compile to test-and-extract instructions (`IsTuple`,
//! `GetElem`, ...) that jump to `fail` when the value does not fit; guards
//! compile the same way, so a guard that raises simply fails. `receive`
//! compiles to `RecvStart`, `LoopRec` ... `RemoveMessage`, `LoopRecEnd`,
//! `Wait`/`WaitTimeout`, which scan the mailbox from the oldest message and
//! leave unmatched ones in place.

use super::code::{Label, Reg};

/// Arithmetic operators that compile inline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/` (always a float)
    Div,
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `===`
    ExactEq,
    /// `!==`
    ExactNe,
    /// `<`
    Lt,
    /// `>`
    Gt,
    /// `<=`
    Le,
    /// `>=`
    Ge,
}

/// Type tests usable as jumps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// `is_integer/1`
    Integer,
    /// `is_float/1`
    Float,
    /// `is_number/1`
    Number,
    /// `is_atom/1`
    Atom,
    /// `is_boolean/1`
    Boolean,
    /// `is_binary/1`
    Binary,
    /// `is_bitstring/1`
    Bitstring,
    /// `is_list/1`
    List,
    /// `is_tuple/1`
    Tuple,
    /// `is_map/1`
    Map,
    /// `is_pid/1`
    Pid,
    /// `is_reference/1`
    Reference,
    /// `is_function/1`
    Function,
    /// `is_port/1` (never true here)
    Port,
    /// `is_nil/1`
    Nil,
}

/// How a `raise`-like instruction ends the current code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// `:error` (`raise`, runtime errors).
    Error,
    /// `:exit` (`exit/1`).
    Exit,
    /// `:throw` (`throw/1`).
    Throw,
}

/// One instruction.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    // ---- data ------------------------------------------------------------
    /// `dst = src`.
    Move {
        /// Destination.
        dst: Reg,
        /// Source.
        src: Reg,
    },
    /// `Move` of `src` to `dst`, then of `src2` to `dst2`, in one dispatch,
    /// skipping the second `Move`, which follows it: a call's arguments are
    /// mostly copies, one after another. Written by the builder's peephole
    /// pass (see `lang::compile::emit`), which leaves the second in place
    /// for code that jumps to it.
    Move2 {
        /// First destination.
        dst: Reg,
        /// First source.
        src: Reg,
        /// Second destination.
        dst2: Reg,
        /// Second source (read after the first copy).
        src2: Reg,
    },
    /// `dst = consts[k]`.
    Const {
        /// Destination.
        dst: Reg,
        /// Constant index.
        k: u32,
    },
    /// `dst = {start..start+n}`.
    Tuple {
        /// Destination.
        dst: Reg,
        /// First element's register.
        start: Reg,
        /// Element count.
        n: u16,
    },
    /// `dst = [head | tail]`.
    Cons {
        /// Destination.
        dst: Reg,
        /// Head.
        head: Reg,
        /// Tail.
        tail: Reg,
    },
    /// `dst = %{k1 => v1, ...}` from `n` key/value pairs in consecutive registers.
    Map {
        /// Destination.
        dst: Reg,
        /// First key.
        start: Reg,
        /// Pair count.
        n: u16,
    },
    /// `dst = %{map | k => v, ...}`; with `exact`, every key must exist
    /// (`%{m | k: v}` raises `KeyError`), else keys are added.
    MapPut {
        /// Destination.
        dst: Reg,
        /// The map updated.
        map: Reg,
        /// First key.
        start: Reg,
        /// Pair count.
        n: u16,
        /// Keys must already exist.
        exact: bool,
    },
    /// `dst = fn` over `n` captured values starting at `start`.
    Closure {
        /// Destination.
        dst: Reg,
        /// The lambda's function index in this module.
        lambda: u32,
        /// First captured value.
        start: Reg,
        /// How many.
        n: u16,
    },
    /// `dst = <<...>>` from the values in `start..`, laid out by `bins[spec]`.
    BinBuild {
        /// Destination.
        dst: Reg,
        /// First segment value.
        start: Reg,
        /// Index into the function's binary specs.
        spec: u32,
    },

    // ---- operators ---------------------------------------------------------
    /// `dst = a op b`.
    Arith {
        /// Destination.
        dst: Reg,
        /// Which operator.
        op: ArithOp,
        /// Left.
        a: Reg,
        /// Right.
        b: Reg,
    },
    /// `dst = a op b` (a boolean).
    Cmp {
        /// Destination.
        dst: Reg,
        /// Which comparison.
        op: CmpOp,
        /// Left.
        a: Reg,
        /// Right.
        b: Reg,
    },
    /// `t = consts[k]; dst = a op t`, skipping the next instruction, when
    /// both operands are small integers; otherwise only `t = consts[k]`,
    /// and the next instruction (the `Arith { dst, op, a, b: t }` this
    /// stands in front of) does the work. Written by the builder's peephole
    /// pass over `Const` + `Arith` (see `lang::compile::emit`), so jumps to
    /// the `Arith` still find it.
    ArithConst {
        /// Destination.
        dst: Reg,
        /// Which operator.
        op: ArithOp,
        /// Left.
        a: Reg,
        /// Constant index of the right operand.
        k: u32,
        /// The `Const`'s register, the `Arith`'s right operand.
        t: Reg,
    },
    /// `Cmp` with a constant right operand, as [`Op::ArithConst`] is for
    /// `Arith`.
    CmpConst {
        /// Destination.
        dst: Reg,
        /// Which comparison.
        op: CmpOp,
        /// Left.
        a: Reg,
        /// Constant index of the right operand.
        k: u32,
        /// The `Const`'s register, the `Cmp`'s right operand.
        t: Reg,
    },

    // ---- control -------------------------------------------------------------
    /// Go to `to`.
    Jump {
        /// Target.
        to: Label,
    },
    /// Go to `to` when `src` is `false` or `nil`.
    JumpIfFalsy {
        /// Tested value.
        src: Reg,
        /// Target.
        to: Label,
    },
    /// Go to `to` unless `src` is exactly `true` (guards, `if` on booleans).
    JumpUnlessTrue {
        /// Tested value.
        src: Reg,
        /// Target.
        to: Label,
    },
    /// Go to `to` unless `src` is `true` or `false`; strict `and`/`or`
    /// raise `BadBooleanError` there.
    JumpUnlessBool {
        /// Tested value.
        src: Reg,
        /// Target.
        to: Label,
    },
    /// Return `src` to the caller.
    Return {
        /// The value.
        src: Reg,
    },

    // ---- calls -----------------------------------------------------------------
    /// `dst = local(args..)`: a function of this module by index.
    Call {
        /// Where the result goes.
        dst: Reg,
        /// Function index in this module.
        fun: u32,
        /// First argument.
        args: Reg,
        /// Argument count.
        n: u8,
    },
    /// `local(args..)` in tail position: the frame is reused.
    TailCall {
        /// Function index.
        fun: u32,
        /// First argument.
        args: Reg,
        /// Argument count.
        n: u8,
    },
    /// `dst = Module.fun(args..)` with module and name from the constant pool
    /// (`k` holds `{module, fun}`), looked up when called, so a reloaded
    /// module's new code runs from the next call.
    CallExt {
        /// Where the result goes.
        dst: Reg,
        /// Constant index of `{module, fun}`.
        k: u32,
        /// First argument.
        args: Reg,
        /// Argument count.
        n: u8,
        /// Tail call.
        tail: bool,
    },
    /// `dst = module.fun(args..)` with the module (and name) in registers.
    CallDyn {
        /// Where the result goes.
        dst: Reg,
        /// Register holding the module (or a map for `map.field` calls).
        module: Reg,
        /// Register holding the function name.
        name: Reg,
        /// First argument.
        args: Reg,
        /// Argument count.
        n: u8,
        /// Tail call.
        tail: bool,
    },
    /// `dst = src.name` written without parentheses: a map's field
    /// (`KeyError` when missing) or, on a module atom, a call of `name/0`.
    Field {
        /// Where the result goes.
        dst: Reg,
        /// The map or module.
        src: Reg,
        /// Constant index of the name atom.
        k: u32,
        /// A free register where a call's window may start.
        args: Reg,
        /// Tail call (when `src` is a module).
        tail: bool,
    },
    /// `dst = fun.(args..)`.
    Apply {
        /// Where the result goes.
        dst: Reg,
        /// The function value.
        fun: Reg,
        /// First argument.
        args: Reg,
        /// Argument count.
        n: u8,
        /// Tail call.
        tail: bool,
    },
    /// `apply(fun, list)` or `apply(module, name, list)`: the list's
    /// elements become the arguments, at `args` and up.
    ApplyList {
        /// Where the result goes.
        dst: Reg,
        /// The function value, or the module when `name` is given.
        fun: Reg,
        /// The function name, for `apply/3`.
        name: Option<Reg>,
        /// The argument list.
        list: Reg,
        /// A free register where the arguments are laid out.
        args: Reg,
        /// Tail call.
        tail: bool,
    },
    /// `dst = bif(args..)`: a native function, called directly. With a
    /// `fail` label (guards), an error jumps there instead of raising.
    Bif {
        /// Where the result goes.
        dst: Reg,
        /// Index in the native table.
        bif: u32,
        /// First argument.
        args: Reg,
        /// Argument count.
        n: u8,
        /// Where to go instead of raising (guards).
        fail: Option<Label>,
    },

    // ---- matching --------------------------------------------------------------
    /// Go to `fail` unless `a` and `b` match exactly (`===`).
    IsEq {
        /// One value.
        a: Reg,
        /// The other.
        b: Reg,
        /// Where to go when they differ.
        fail: Label,
    },
    /// Go to `fail` unless `src` is exactly `consts[k]`.
    IsEqConst {
        /// The value.
        src: Reg,
        /// Constant index.
        k: u32,
        /// Where to go when it differs.
        fail: Label,
    },
    /// Go to `fail` unless `src` is a tuple of `n` elements.
    IsTuple {
        /// The value.
        src: Reg,
        /// Its size.
        n: u16,
        /// Otherwise.
        fail: Label,
    },
    /// `IsTuple`, then `GetElem` of element 0 into `dst`, then `IsEqConst`
    /// of `dst`, in one dispatch, skipping the two that follow it: the test
    /// of a tagged tuple (`{:nodeup, node}`, `{:"$gen_cast", request}`) that
    /// starts most clauses of a `receive` or a callback. Written by the
    /// builder's peephole pass over those three (see `lang::compile::emit`),
    /// which stay in place, so jumps to them still find them.
    IsTaggedTuple {
        /// The value.
        src: Reg,
        /// Its size (one or more).
        n: u16,
        /// Where its first element goes.
        dst: Reg,
        /// Constant index of the tag.
        k: u32,
        /// Where to go when it is not such a tuple, or the tag differs.
        fail: Label,
    },
    /// `dst = elem(src, i)` (after `IsTuple`).
    GetElem {
        /// Destination.
        dst: Reg,
        /// The tuple.
        src: Reg,
        /// Zero-based index.
        i: u16,
    },
    /// Go to `fail` unless `src` is a non-empty list; then `head`, `tail` get its parts.
    GetList {
        /// The value.
        src: Reg,
        /// Where the head goes.
        head: Reg,
        /// Where the tail goes.
        tail: Reg,
        /// Otherwise.
        fail: Label,
    },
    /// Go to `fail` unless `src` is `[]`.
    IsNil {
        /// The value.
        src: Reg,
        /// Otherwise.
        fail: Label,
    },
    /// Go to `fail` unless `src` is a map.
    IsMap {
        /// The value.
        src: Reg,
        /// Otherwise.
        fail: Label,
    },
    /// `dst = map[key]`, or go to `fail` when the key is missing.
    GetMapKey {
        /// Destination.
        dst: Reg,
        /// The map.
        map: Reg,
        /// The key.
        key: Reg,
        /// Otherwise.
        fail: Label,
    },
    /// Go to `fail` unless `src` passes the type test.
    TypeTest {
        /// The value.
        src: Reg,
        /// Which test.
        ty: Ty,
        /// Otherwise.
        fail: Label,
    },
    /// Go to `fail` unless `src` is a function of `arity` arguments.
    IsFunctionArity {
        /// The value.
        src: Reg,
        /// Its arity.
        arity: u8,
        /// Otherwise.
        fail: Label,
    },
    /// Matches `src` against `bins[spec]`: the segment values go to
    /// `dst..`, and to `fail` when it does not fit. Sizes that come from
    /// registers read them as already bound.
    BinMatch {
        /// The binary.
        src: Reg,
        /// First destination register.
        dst: Reg,
        /// Index into the function's binary specs.
        spec: u32,
        /// Otherwise.
        fail: Label,
    },

    // ---- errors ------------------------------------------------------------------
    /// Raise `reason` with `class`.
    Raise {
        /// `:error`, `:exit` or `:throw`.
        class: Class,
        /// The reason (for `:error`, an exception struct or an Erlang term).
        reason: Reg,
    },
    /// No clause of the running function matched its arguments.
    FunctionClause,
    /// Raise again what `class`, `reason`, `stack` hold (`reraise`, the
    /// end of `after`).
    Reraise {
        /// The class atom.
        class: Reg,
        /// The reason.
        reason: Reg,
        /// The stacktrace.
        stack: Reg,
    },

    // ---- receive -------------------------------------------------------------------
    /// A `receive` begins: scan from the oldest message.
    RecvStart,
    /// A `receive` whose every clause requires a pinned value (`^ref`)
    /// begins: when, for each clause, one of its pinned registers holds the
    /// reference the process made last, scan from the first message that
    /// came after that reference was made (no older one can hold it);
    /// otherwise from the oldest.
    RecvStartMarked {
        /// Per clause, the registers of the values its pattern pins.
        pins: Box<[Box<[Reg]>]>,
    },
    /// `dst = the message under the cursor`, or go to `wait` when none is left.
    LoopRec {
        /// Destination.
        dst: Reg,
        /// Where the waiting code is.
        wait: Label,
    },
    /// The message under the cursor matched nothing: move on, go to `to`.
    LoopRecEnd {
        /// The loop's start.
        to: Label,
    },
    /// Take the message under the cursor out of the mailbox.
    RemoveMessage,
    /// `RecvStart`, `LoopRec` and `RemoveMessage` in one dispatch, skipping
    /// the two that follow it: a `receive` whose first clause takes any
    /// message (`msg -> ...`, a server loop's) takes the oldest out of the
    /// mailbox into `dst`, or goes to `wait` when there is none. Written by
    /// the builder's peephole pass over those three, which stay in place
    /// for the jumps to them.
    TakeMessage {
        /// Destination.
        dst: Reg,
        /// Where the waiting code is.
        wait: Label,
    },
    /// Suspend until a message arrives, then go to `to`.
    Wait {
        /// The loop's start.
        to: Label,
    },
    /// Suspend until a message arrives (then go to `to`) or the timeout in
    /// `timeout` (ms or `:infinity`) passes (then go on to the next instruction).
    WaitTimeout {
        /// The timeout.
        timeout: Reg,
        /// The loop's start.
        to: Label,
    },

    // ---- try -----------------------------------------------------------------------
    /// Errors from here to the matching `TryEnd` go to `handler`.
    Try {
        /// The handler's code.
        handler: Label,
    },
    /// Leave the innermost `Try` normally.
    TryEnd,
    /// At a `rescue`: the caught error as an Elixir exception struct
    /// (`Exception.normalize/3`: `:badarg` becomes `%ArgumentError{}` ...).
    Caught {
        /// Where the exception goes.
        dst: Reg,
    },
    /// At a handler: the caught exception's class, reason and stacktrace.
    TryCatch {
        /// Where the class atom goes.
        class: Reg,
        /// Where the reason goes.
        reason: Reg,
        /// Where the stacktrace goes.
        stack: Reg,
    },
}

#[cfg(test)]
mod tests {
    /// An instruction is three words at most: code is read an instruction
    /// at a time, and one bigger variant would grow every function's code.
    #[test]
    fn an_instruction_fits_in_three_words() {
        let size = std::mem::size_of::<super::Op>();
        assert!(size <= 24, "{size}");
    }
}
