//! The interpreter loop: runs a process's instructions until its slice of
//! reductions is used up, it waits in `receive`, or it finishes.
//!
//! Calls never nest on the Rust stack: a call pushes a [`Frame`] and the
//! loop carries on in the callee, a return pops it. So a process can stop
//! anywhere (a `receive`, the end of its slice) and resume later from data
//! alone, and recursion is bounded by memory ([`MAX_STACK`]), not by the
//! host's stack.

use super::arith;
use super::bif::{self, Call, Native};
use super::bits;
use super::code::{LambdaRef, Module, Reg};
use super::code_server::{resolve, Target};
use super::exception::{Exception, Res};
use super::ops::{Class, Op, Ty};
use super::proc::{Frame, Handler, Meter, Outcome, VmProc, MAX_STACK};
use crate::kernel::{ProcessKind, TraceKind, World, MS};
use crate::term::{inspect, Atom, Fun, Pid, Term, MAX_DEPTH};
use std::rc::Rc;

/// Functions only the console's shell may call (the built-in apps' Rust
/// API, which waits by running the world itself). A process started by
/// user code has none.
pub trait Host {
    /// Runs `module.name(args)` as `me`, or `None` when the host has no such function.
    fn call(
        &mut self,
        world: &mut World,
        me: Pid,
        module: Atom,
        name: Atom,
        args: &[Term],
    ) -> Option<Res>;

    /// True when the host has some function of `module` (so a missing one
    /// is "undefined or private" rather than "module is not available").
    fn has_module(&self, _module: Atom) -> bool {
        false
    }
}

/// No host functions: what every process but the shell runs with.
pub struct NoHost;

impl Host for NoHost {
    fn call(&mut self, _: &mut World, _: Pid, _: Atom, _: Atom, _: &[Term]) -> Option<Res> {
        None
    }
}

/// What the loop does after a call-like instruction.
enum Step {
    /// A frame was pushed, popped or replaced: reload the current one.
    Reload,
    /// Raise this.
    Raise(Exception),
    /// The last frame returned.
    Done(Term),
    /// A native's cost is paid and the slice is spent: yield, and run the
    /// instruction again (now paid for) when the process next runs.
    Yield,
}

fn check_depth(t: Term) -> Res {
    if t.depth() > MAX_DEPTH {
        return Err(too_deep());
    }
    Ok(t)
}

fn too_deep() -> Exception {
    Exception::system_limit(&format!("a value nested more than {MAX_DEPTH} levels deep"))
}

/// What paying for a native call came to.
enum Paid {
    /// Paid within the slice: call it.
    Go,
    /// Paid beyond the slice: yield first, call it when run again.
    Yield,
    /// Its result would pass the heap limit: raise this instead.
    Fail(Exception),
}

/// A line's memory ran out: a system limit, like a binary past its cap
/// (the BEAM kills a process past its `max_heap_size`).
fn heap_limit(world: &World, words: u64) -> Exception {
    Exception::system_limit(&format!(
        "this would take {words} more words of memory, and the line has {} left of its heap limit (see Limits::heap_words)",
        world.words_left()
    ))
}

/// Charges a big binary made by a native or `<<>>` to the slice and the
/// heap: its size is known only once made, and capped at 64 MiB.
fn charge_binary(world: &mut World, v: Term, budget: &mut i64) -> Res {
    let c = bif::cost::binary_result(&v);
    if c.words > 0 {
        if !world.add_words(c.words) {
            return Err(heap_limit(world, c.words));
        }
        *budget = budget.saturating_sub(c.reductions.min(i64::MAX as u64) as i64);
    }
    Ok(v)
}

/// `*slot = v`. An integer, float or atom owns nothing, so the old value
/// is forgotten rather than dropped: the interpreter's stores stay inline.
#[inline(always)]
fn store(slot: &mut Term, v: Term) {
    let old = std::mem::replace(slot, v);
    if matches!(old, Term::Int(_) | Term::Float(_) | Term::Atom(_)) {
        std::mem::forget(old);
    }
}

/// `*slot = src.clone()`. A term is written over a slot that holds one of
/// the same kind (an integer, atom, pid, tuple, list or map), field by
/// field; other kinds go through [`store`]. Building a term on the stack and
/// copying it whole (what [`store`] of a fresh clone compiles to) makes the
/// copy's wide load wait on the narrower stores that built it, and the
/// register moves this serves are the interpreter's commonest step.
#[inline(always)]
fn store_clone(slot: &mut Term, src: &Term) {
    match (slot, src) {
        (Term::Int(x), Term::Int(i)) => *x = *i,
        (Term::Atom(x), Term::Atom(a)) => *x = *a,
        (Term::Pid(x), Term::Pid(p)) => *x = *p,
        (Term::Tuple(x, dx), Term::Tuple(t, d)) => {
            *x = t.clone();
            *dx = *d;
        }
        (Term::List(x), Term::List(l)) => *x = l.clone(),
        (Term::Map(x), Term::Map(m)) => *x = m.clone(),
        (slot, src) => store(slot, src.clone()),
    }
}

/// `*slot = Term::Int(v)`, written in place (see [`store_clone`]).
#[inline(always)]
fn store_int(slot: &mut Term, v: i64) {
    match slot {
        Term::Int(x) => *x = v,
        slot => store(slot, Term::Int(v)),
    }
}

/// `*slot = Term::Atom(a)`, written in place (see [`store_clone`]):
/// comparisons' `true` and `false`.
#[inline(always)]
fn store_atom(slot: &mut Term, a: Atom) {
    match slot {
        Term::Atom(x) => *x = a,
        slot => store(slot, Term::Atom(a)),
    }
}

/// `Move`: register `dst` of the window at `base` gets a copy of `src`.
#[inline(always)]
fn copy_register(regs: &mut [Term], base: usize, dst: Reg, src: Reg) {
    let (d, s) = (base + usize::from(dst), base + usize::from(src));
    match dst_and_src(regs, d, s) {
        Some((to, from)) => store_clone(to, from),
        None if d != s => {
            let v = regs[s].clone();
            store(&mut regs[d], v);
        }
        None => {}
    }
}

/// Register `d` to write and register `s` to read, when they differ.
#[inline(always)]
fn dst_and_src(regs: &mut [Term], d: usize, s: usize) -> Option<(&mut Term, &Term)> {
    if d < s && s < regs.len() {
        let (lo, hi) = regs.split_at_mut(s);
        Some((lo.get_mut(d)?, hi.first()?))
    } else if d > s && d < regs.len() {
        let (lo, hi) = regs.split_at_mut(d);
        Some((hi.first_mut()?, lo.get(s)?))
    } else {
        None
    }
}

fn is_truthy(t: &Term) -> bool {
    !t.is_falsy()
}

fn type_test(ty: Ty, t: &Term) -> bool {
    match ty {
        Ty::Integer => matches!(t, Term::Int(_) | Term::BigInt(_)),
        Ty::Float => matches!(t, Term::Float(_)),
        Ty::Number => t.is_number(),
        Ty::Atom => matches!(t, Term::Atom(_)),
        Ty::Boolean => matches!(t, Term::Atom(a) if *a == Atom::TRUE || *a == Atom::FALSE),
        Ty::Binary | Ty::Bitstring => matches!(t, Term::Binary(_)),
        Ty::List => t.is_list(),
        Ty::Tuple => matches!(t, Term::Tuple(..)),
        Ty::Map => matches!(t, Term::Map(_)),
        Ty::Pid => matches!(t, Term::Pid(_)),
        Ty::Reference => matches!(t, Term::Ref(_)),
        Ty::Function => matches!(t, Term::Fun(_)),
        Ty::Port => false,
        Ty::Nil => matches!(t, Term::Atom(a) if *a == Atom::NIL),
    }
}

impl VmProc {
    /// Runs until the slice of `slice` reductions is used up, the process
    /// waits, finishes, or raises an exception nothing catches.
    pub fn run(&mut self, world: &mut World, me: Pid, host: &mut dyn Host, slice: i64) -> Outcome {
        let mut budget = slice;
        let line_left = i64::try_from(world.reductions_left()).unwrap_or(i64::MAX);
        self.meter.line_floor = slice.saturating_sub(line_left);
        let outcome = self.run_loop(world, me, host, &mut budget);
        self.trim_regs();
        let used = (slice - budget).max(0) as u64;
        self.reductions += used;
        world.add_reductions(used);
        outcome
    }

    fn run_loop(
        &mut self,
        world: &mut World,
        me: Pid,
        host: &mut dyn Host,
        budget: &mut i64,
    ) -> Outcome {
        'frame: loop {
            // Every call, return and catch comes back here with its frame
            // saved: the one place a spent slice yields.
            if *budget <= 0 {
                return Outcome::Yield;
            }
            let Some(frame) = self.frames.last() else {
                return Outcome::Done(Term::nil());
            };
            let mut func = frame.func.clone();
            let mut module = frame.module.clone();
            let mut base = frame.base as usize;
            let mut pc = frame.pc as usize;
            macro_rules! r {
                ($reg:expr) => {
                    self.regs[base + usize::from($reg)]
                };
            }
            // `r!(reg) = v`, without a call into the drop glue when the old
            // value holds nothing on the heap (most registers, most of the time).
            macro_rules! set {
                ($reg:expr, $v:expr) => {{
                    let v = $v;
                    store(&mut self.regs[base + usize::from($reg)], v);
                }};
            }
            macro_rules! raise {
                ($e:expr) => {{
                    self.save_pc(pc);
                    match self.throw($e, world) {
                        Ok(()) => continue 'frame,
                        Err(e) => return Outcome::Raised(e),
                    }
                }};
            }
            macro_rules! step {
                ($s:expr) => {{
                    match $s {
                        Step::Reload => continue 'frame,
                        Step::Raise(e) => match self.throw(e, world) {
                            Ok(()) => continue 'frame,
                            Err(e) => return Outcome::Raised(e),
                        },
                        Step::Done(v) => return Outcome::Done(v),
                        Step::Yield => {
                            self.save_pc(pc - 1);
                            return Outcome::Yield;
                        }
                    }
                }};
            }
            loop {
                let Some(op) = func.code.get(pc) else {
                    raise!(Exception::system_limit("ran past the end of compiled code"));
                };
                pc += 1;
                match op {
                    Op::Move { dst, src } => {
                        copy_register(&mut self.regs, base, *dst, *src);
                    }
                    Op::Move2 {
                        dst,
                        src,
                        dst2,
                        src2,
                    } => {
                        copy_register(&mut self.regs, base, *dst, *src);
                        copy_register(&mut self.regs, base, *dst2, *src2);
                        pc += 1;
                    }
                    Op::Const { dst, k } => match func.consts.get(*k as usize) {
                        Some(v) => store_clone(&mut self.regs[base + usize::from(*dst)], v),
                        None => set!(*dst, Term::nil()),
                    },
                    Op::Tuple { dst, start, n } => {
                        let from = base + usize::from(*start);
                        let t = Term::tuple_of(&self.regs[from..from + usize::from(*n)]);
                        if t.depth() > MAX_DEPTH {
                            raise!(too_deep());
                        }
                        set!(*dst, t);
                    }
                    Op::Cons { dst, head, tail } => {
                        let t = Term::cons(r!(*head).clone(), r!(*tail).clone());
                        match check_depth(t) {
                            Ok(t) => set!(*dst, t),
                            Err(e) => raise!(e),
                        }
                    }
                    Op::Map { dst, start, n } => {
                        let from = base + usize::from(*start);
                        let mut map = crate::term::Map::new();
                        for i in 0..usize::from(*n) {
                            map.insert(
                                self.regs[from + 2 * i].clone(),
                                self.regs[from + 2 * i + 1].clone(),
                            );
                        }
                        match check_depth(Term::Map(map)) {
                            Ok(t) => set!(*dst, t),
                            Err(e) => raise!(e),
                        }
                    }
                    Op::MapPut {
                        dst,
                        map,
                        start,
                        n,
                        exact,
                    } => {
                        let Term::Map(mut m) = r!(*map).clone() else {
                            let bad = r!(*map).clone();
                            raise!(Exception::badmap(bad));
                        };
                        let from = base + usize::from(*start);
                        for i in 0..usize::from(*n) {
                            let key = self.regs[from + 2 * i].clone();
                            if *exact && !m.contains_key(&key) {
                                raise!(Exception::badkey(key, Term::Map(m)));
                            }
                            m.insert(key, self.regs[from + 2 * i + 1].clone());
                        }
                        match check_depth(Term::Map(m)) {
                            Ok(t) => set!(*dst, t),
                            Err(e) => raise!(e),
                        }
                    }
                    Op::Closure {
                        dst,
                        lambda,
                        start,
                        n,
                    } => {
                        let from = base + usize::from(*start);
                        let env = self.regs[from..from + usize::from(*n)].to_vec();
                        let code = Rc::new(LambdaRef {
                            module: module.clone(),
                            index: *lambda,
                            id: (u64::from(module.uniq) << 32) | u64::from(*lambda),
                        });
                        match check_depth(Term::closure(code, env)) {
                            Ok(t) => set!(*dst, t),
                            Err(e) => raise!(e),
                        }
                    }
                    Op::BinBuild { dst, start, spec } => {
                        let Some(spec) = func.bins.get(*spec as usize) else {
                            raise!(Exception::badarg());
                        };
                        let from = base + usize::from(*start);
                        let built = bits::build(spec, &self.regs[from..], &self.regs[base..]);
                        match built.and_then(|t| charge_binary(world, t, budget)) {
                            Ok(t) => set!(*dst, t),
                            Err(e) => raise!(e),
                        }
                    }
                    Op::Arith { dst, op, a, b } => {
                        if let Some(v) = arith::small_arith(*op, &r!(*a), &r!(*b)) {
                            store_int(&mut r!(*dst), v);
                            continue;
                        }
                        // Big integers: the work grows with their size.
                        let big = bif::cost::ints::arith(*op, &r!(*a), &r!(*b));
                        *budget = budget.saturating_sub(big.min(i64::MAX as u64 / 2) as i64);
                        match arith::arith(*op, &r!(*a), &r!(*b)) {
                            Ok(v) => set!(*dst, v),
                            Err(e) => raise!(e),
                        }
                    }
                    Op::ArithConst { dst, op, a, k, t } => {
                        let Some(c) = func.consts.get(*k as usize) else {
                            raise!(Exception::badarg());
                        };
                        let v = arith::small_arith(*op, &r!(*a), c);
                        if dst != t || v.is_none() {
                            set!(*t, c.clone());
                        }
                        if let Some(v) = v {
                            store_int(&mut r!(*dst), v);
                            pc += 1;
                        }
                    }
                    Op::CmpConst { dst, op, a, k, t } => {
                        let Some(c) = func.consts.get(*k as usize) else {
                            raise!(Exception::badarg());
                        };
                        let v = arith::cmp(*op, &r!(*a), c);
                        if dst != t {
                            set!(*t, c.clone());
                        }
                        store_atom(&mut r!(*dst), if v { Atom::TRUE } else { Atom::FALSE });
                        pc += 1;
                        // A guard's test: take its branch now.
                        if let Some(Op::JumpUnlessTrue { src, to }) = func.code.get(pc) {
                            if src == dst {
                                pc = if v { pc + 1 } else { *to as usize };
                            }
                        }
                    }
                    Op::Cmp { dst, op, a, b } => {
                        let v = arith::cmp(*op, &r!(*a), &r!(*b));
                        store_atom(&mut r!(*dst), if v { Atom::TRUE } else { Atom::FALSE });
                    }
                    Op::Jump { to } => pc = *to as usize,
                    Op::JumpIfFalsy { src, to } => {
                        if !is_truthy(&r!(*src)) {
                            pc = *to as usize;
                        }
                    }
                    Op::JumpUnlessTrue { src, to } => {
                        if !matches!(r!(*src), Term::Atom(a) if a == Atom::TRUE) {
                            pc = *to as usize;
                        }
                    }
                    Op::JumpUnlessBool { src, to } => {
                        if !type_test(Ty::Boolean, &r!(*src)) {
                            pc = *to as usize;
                        }
                    }
                    Op::Return { src } => {
                        let from = base + usize::from(*src);
                        // Back to a caller with slice left, in place.
                        if *budget > 0 && self.frames.len() > 1 {
                            if let Some(done) = self.frames.pop() {
                                if let Some(caller) = self.frames.last() {
                                    base = caller.base as usize;
                                    pc = caller.pc as usize;
                                    if !Rc::ptr_eq(&caller.module, &module) {
                                        module = caller.module.clone();
                                    }
                                    func = caller.func.clone();
                                    self.ensure_regs(base + usize::from(func.regs));
                                    // Swapped into the caller's register: what
                                    // that held stays in the callee's, now
                                    // garbage (see `ensure_regs`).
                                    self.regs.swap(from, base + usize::from(done.ret));
                                    continue;
                                }
                            }
                        }
                        let value = std::mem::replace(&mut self.regs[from], Term::nil());
                        step!(self.ret(value));
                    }
                    Op::Call { dst, fun, args, n } => {
                        *budget -= 1;
                        self.save_pc(pc);
                        let (dst, args_at, n) = (*dst, base + usize::from(*args), *n);
                        // The common case in place: a local function, slice
                        // left, room on the stack; no trip through 'frame.
                        if let Some(callee) = module.functions.get(*fun as usize) {
                            let size = usize::from(callee.regs).max(usize::from(n));
                            if callee.arity == n
                                && *budget > 0
                                && args_at + size <= MAX_STACK
                                && self.frames.len() < MAX_STACK / 4
                            {
                                let callee = callee.clone();
                                self.ensure_regs(args_at + size);
                                self.frames.push(Frame {
                                    module: module.clone(),
                                    func: callee.clone(),
                                    pc: 0,
                                    base: args_at as u32,
                                    ret: dst,
                                });
                                func = callee;
                                base = args_at;
                                pc = 0;
                                continue;
                            }
                        }
                        let s = self.enter(module.clone(), *fun, args_at, n, dst, false);
                        step!(s);
                    }
                    Op::TailCall { fun, args, n } => {
                        let (fun, args, n) = (*fun, *args, *n);
                        *budget -= 1;
                        // The common case in place, as for `Call`: a local
                        // function with slice left. The arguments are swapped
                        // down into the frame (see `enter`), and a loop's call
                        // to itself keeps the frame's function as it is.
                        if *budget > 0 {
                            if let Some(callee) = module.functions.get(fun as usize) {
                                if callee.arity == n {
                                    let args_at = base + usize::from(args);
                                    for i in 0..usize::from(n) {
                                        self.regs.swap(args_at + i, base + i);
                                    }
                                    if !Rc::ptr_eq(callee, &func) {
                                        let callee = callee.clone();
                                        if let Some(top) = self.frames.last_mut() {
                                            top.func = callee.clone();
                                        }
                                        func = callee;
                                    }
                                    self.ensure_regs(
                                        base + usize::from(func.regs).max(usize::from(n)),
                                    );
                                    pc = 0;
                                    continue;
                                }
                            }
                        }
                        self.save_pc(pc);
                        let s =
                            self.enter(module.clone(), fun, base + usize::from(args), n, 0, true);
                        step!(s);
                    }
                    Op::CallExt {
                        dst,
                        k,
                        args,
                        n,
                        tail,
                    } => {
                        *budget -= 1;
                        self.save_pc(pc);
                        let (m, f) = match func.consts.get(*k as usize).and_then(Term::as_tuple) {
                            Some([Term::Atom(m), Term::Atom(f)]) => (*m, *f),
                            _ => raise!(Exception::badarg()),
                        };
                        let s = self.call_mfa(
                            world,
                            me,
                            host,
                            budget,
                            m,
                            f,
                            base + usize::from(*args),
                            *n,
                            *dst,
                            *tail,
                        );
                        step!(s);
                    }
                    Op::CallDyn {
                        dst,
                        module: mreg,
                        name,
                        args,
                        n,
                        tail,
                    } => {
                        *budget -= 1;
                        self.save_pc(pc);
                        let (m, f) = match (&r!(*mreg), &r!(*name)) {
                            (Term::Atom(m), Term::Atom(f)) => (*m, *f),
                            (other, _) => {
                                let bad = other.clone();
                                raise!(Exception::badarg().with_detail(format!(
                                    "  * 1st argument: not an atom ({})",
                                    inspect(&bad)
                                )))
                            }
                        };
                        let s = self.call_mfa(
                            world,
                            me,
                            host,
                            budget,
                            m,
                            f,
                            base + usize::from(*args),
                            *n,
                            *dst,
                            *tail,
                        );
                        step!(s);
                    }
                    Op::Field {
                        dst,
                        src,
                        k,
                        args,
                        tail,
                    } => {
                        let name = func
                            .consts
                            .get(*k as usize)
                            .cloned()
                            .unwrap_or_else(Term::nil);
                        match &r!(*src) {
                            Term::Map(m) => match m.get(&name) {
                                Some(v) => {
                                    let v = v.clone();
                                    if *tail {
                                        step!(self.ret(v));
                                    }
                                    set!(*dst, v);
                                }
                                None => {
                                    let map = r!(*src).clone();
                                    raise!(Exception::badkey(name, map));
                                }
                            },
                            Term::Atom(m) => {
                                let (m, f) = (
                                    *m,
                                    name.as_atom().map(Atom::new).unwrap_or(Atom::new("nil")),
                                );
                                *budget -= 1;
                                self.save_pc(pc);
                                let at = base + usize::from(*args);
                                let s = self
                                    .call_mfa(world, me, host, budget, m, f, at, 0, *dst, *tail);
                                step!(s);
                            }
                            other => {
                                let bad = other.clone();
                                raise!(Exception::badmap(bad));
                            }
                        }
                    }
                    Op::Apply {
                        dst,
                        fun,
                        args,
                        n,
                        tail,
                    } => {
                        *budget -= 1;
                        self.save_pc(pc);
                        let f = r!(*fun).clone();
                        let s = self.apply(
                            world,
                            me,
                            host,
                            budget,
                            &f,
                            base + usize::from(*args),
                            *n,
                            *dst,
                            *tail,
                        );
                        step!(s);
                    }
                    Op::ApplyList {
                        dst,
                        fun,
                        name,
                        list,
                        args,
                        tail,
                    } => {
                        *budget -= 1;
                        self.save_pc(pc);
                        let Some(items) = r!(*list).list_to_vec() else {
                            let bad = r!(*list).clone();
                            raise!(Exception::badarg_at(
                                if name.is_some() { 3 } else { 2 },
                                "not a list"
                            )
                            .with_detail(format!(
                                "  * {} argument: not a list ({})",
                                if name.is_some() { "3rd" } else { "2nd" },
                                inspect(&bad)
                            )));
                        };
                        let Ok(n) = u8::try_from(items.len()) else {
                            raise!(Exception::system_limit("too many arguments"));
                        };
                        let at = base + usize::from(*args);
                        if self.regs.len() < at + items.len() {
                            self.regs.resize(at + items.len(), Term::nil());
                        }
                        for (i, v) in items.into_iter().enumerate() {
                            self.regs[at + i] = v;
                        }
                        let target = r!(*fun).clone();
                        let s = match name {
                            Some(nr) => match (&target, &r!(*nr)) {
                                (Term::Atom(m), Term::Atom(f)) => {
                                    let (m, f) = (*m, *f);
                                    self.call_mfa(world, me, host, budget, m, f, at, n, *dst, *tail)
                                }
                                _ => Step::Raise(Exception::badarg()),
                            },
                            None => {
                                self.apply(world, me, host, budget, &target, at, n, *dst, *tail)
                            }
                        };
                        step!(s);
                    }
                    Op::Bif {
                        dst,
                        bif,
                        args,
                        n,
                        fail,
                    } => {
                        *budget -= 1;
                        let from = base + usize::from(*args);
                        let result = match bif::get(*bif) {
                            Some(b) => {
                                let args = &self.regs[from..from + usize::from(*n)];
                                if b.cost.is_some() {
                                    match self.meter.pay(world, me, b, args, budget) {
                                        Paid::Go => {}
                                        Paid::Yield => {
                                            self.save_pc(pc - 1);
                                            return Outcome::Yield;
                                        }
                                        Paid::Fail(e) => raise!(e),
                                    }
                                }
                                match b.call {
                                    Call::Pure(f) => f(&self.regs[from..from + usize::from(*n)]),
                                    Call::World(f) => {
                                        self.save_pc(pc);
                                        f(
                                            &mut Native {
                                                world,
                                                me,
                                                state: &mut self.state,
                                            },
                                            &self.regs[from..from + usize::from(*n)],
                                        )
                                    }
                                }
                            }
                            None => Err(Exception::badarg()),
                        };
                        let result = result.and_then(|v| charge_binary(world, v, budget));
                        match result.and_then(check_depth) {
                            Ok(v) => set!(*dst, v),
                            Err(_) if fail.is_some() => pc = fail.unwrap_or(0) as usize,
                            Err(e) => raise!(e),
                        }
                    }
                    Op::IsEq { a, b, fail } => {
                        if r!(*a) != r!(*b) {
                            pc = *fail as usize;
                        }
                    }
                    Op::IsEqConst { src, k, fail } => {
                        if func.consts.get(*k as usize) != Some(&r!(*src)) {
                            pc = *fail as usize;
                        }
                    }
                    Op::IsTaggedTuple {
                        src,
                        n,
                        dst,
                        k,
                        fail,
                    } => {
                        let (d, s) = (base + usize::from(*dst), base + usize::from(*src));
                        match dst_and_src(&mut self.regs, d, s) {
                            Some((to, Term::Tuple(t, _))) if t.len() == usize::from(*n) => {
                                if let Some(tag) = t.first() {
                                    store_clone(to, tag);
                                    pc = if func.consts.get(*k as usize) == Some(tag) {
                                        pc + 2
                                    } else {
                                        *fail as usize
                                    };
                                }
                            }
                            Some(_) => pc = *fail as usize,
                            // As `IsTuple`, then on to the `GetElem` after it.
                            None => {
                                if !matches!(&r!(*src), Term::Tuple(t, _) if t.len() == usize::from(*n))
                                {
                                    pc = *fail as usize;
                                }
                            }
                        }
                    }
                    Op::IsTuple { src, n, fail } => {
                        if !matches!(&r!(*src), Term::Tuple(t, _) if t.len() == usize::from(*n)) {
                            pc = *fail as usize;
                        }
                    }
                    Op::GetElem { dst, src, i } => {
                        let (d, s) = (base + usize::from(*dst), base + usize::from(*src));
                        if let Some((to, Term::Tuple(t, _))) = dst_and_src(&mut self.regs, d, s) {
                            if let Some(v) = t.get(usize::from(*i)) {
                                store_clone(to, v);
                                continue;
                            }
                        }
                        let v = r!(*src)
                            .as_tuple()
                            .and_then(|t| t.get(usize::from(*i)))
                            .cloned()
                            .unwrap_or_else(Term::nil);
                        set!(*dst, v);
                    }
                    Op::GetList {
                        src,
                        head,
                        tail,
                        fail,
                    } => {
                        let [h, t, s] = [*head, *tail, *src].map(|r| base + usize::from(r));
                        if let Ok([h, t, s]) = self.regs.get_disjoint_mut([h, t, s]) {
                            match s.head_tail() {
                                Some((hv, tv)) => {
                                    store_clone(h, hv);
                                    store_clone(t, tv);
                                }
                                None => pc = *fail as usize,
                            }
                            continue;
                        }
                        match r!(*src).head_tail().map(|(h, t)| (h.clone(), t.clone())) {
                            Some((h, t)) => {
                                set!(*head, h);
                                set!(*tail, t);
                            }
                            None => pc = *fail as usize,
                        }
                    }
                    Op::IsNil { src, fail } => {
                        if !r!(*src).is_empty_list() {
                            pc = *fail as usize;
                        }
                    }
                    Op::IsMap { src, fail } => {
                        if !matches!(&r!(*src), Term::Map(_)) {
                            pc = *fail as usize;
                        }
                    }
                    Op::GetMapKey {
                        dst,
                        map,
                        key,
                        fail,
                    } => {
                        let [d, m, k] = [*dst, *map, *key].map(|r| base + usize::from(r));
                        if let Ok([d, m, k]) = self.regs.get_disjoint_mut([d, m, k]) {
                            match m.as_map().and_then(|m| m.get(k)) {
                                Some(v) => store_clone(d, v),
                                None => pc = *fail as usize,
                            }
                            continue;
                        }
                        let found = r!(*map).as_map().and_then(|m| m.get(&r!(*key)).cloned());
                        match found {
                            Some(v) => set!(*dst, v),
                            None => pc = *fail as usize,
                        }
                    }
                    Op::TypeTest { src, ty, fail } => {
                        if !type_test(*ty, &r!(*src)) {
                            pc = *fail as usize;
                        }
                    }
                    Op::IsFunctionArity { src, arity, fail } => {
                        if r!(*src).as_fun().map(Fun::arity) != Some(*arity) {
                            pc = *fail as usize;
                        }
                    }
                    Op::BinMatch {
                        src,
                        dst,
                        spec,
                        fail,
                    } => {
                        let Some(spec) = func.bins.get(*spec as usize) else {
                            pc = *fail as usize;
                            continue;
                        };
                        let value = r!(*src).clone();
                        let ok =
                            bits::matches(spec, &value, &mut self.regs[base..], usize::from(*dst));
                        if !ok {
                            pc = *fail as usize;
                        }
                    }
                    Op::Raise { class, reason } => {
                        let reason = r!(*reason).clone();
                        raise!(Exception::new(*class, reason));
                    }
                    Op::FunctionClause => {
                        let n = usize::from(func.arity - func.free);
                        let args = self.regs[base..base + n].to_vec();
                        // The shell's funs are erl_eval's, as in iex.
                        let shell = func.lambda.is_some()
                            && module.name.as_str().starts_with(super::code::SHELL_MODULE);
                        let (m, f) = if shell {
                            ("erl_eval", "-inside-an-interpreted-fun-")
                        } else {
                            (module.name.as_str(), func.name.as_str())
                        };
                        raise!(Exception::function_clause(m, f, args));
                    }
                    Op::Reraise {
                        class,
                        reason,
                        stack,
                    } => {
                        let class = match r!(*class).as_atom() {
                            Some("exit") => Class::Exit,
                            Some("throw") => Class::Throw,
                            _ => Class::Error,
                        };
                        let mut e = Exception::new(class, r!(*reason).clone());
                        e.stack = r!(*stack).clone();
                        if let Some(detail) = self.caught_detail(&e) {
                            e.detail = Some(detail);
                        }
                        raise!(e);
                    }
                    Op::RecvStart => {
                        self.cursor = 0;
                        self.deadline = None;
                    }
                    Op::RecvStartMarked { pins } => {
                        self.cursor = 0;
                        self.deadline = None;
                        if let Some((mark, at)) = world.receive_mark(me) {
                            let holds = |t: &Term| holds_ref(t, &mark);
                            if pins.iter().all(|regs| regs.iter().any(|r| holds(&r!(*r)))) {
                                self.cursor = at;
                            }
                        }
                    }
                    Op::LoopRec { dst, wait } => {
                        let msg = world.mailbox_at(me, self.cursor);
                        match msg {
                            Some(m) => set!(*dst, m),
                            None => pc = *wait as usize,
                        }
                    }
                    Op::LoopRecEnd { to } => {
                        // Looking at a message is work: a long scan costs.
                        *budget -= 1;
                        self.cursor += 1;
                        pc = *to as usize;
                    }
                    Op::TakeMessage { dst, wait } => {
                        self.cursor = 0;
                        self.deadline = None;
                        match world.take_oldest_message(me) {
                            // Past the two ops this one stands for.
                            Some(m) => {
                                set!(*dst, m);
                                pc += 2;
                            }
                            None => pc = *wait as usize,
                        }
                    }
                    Op::RemoveMessage => {
                        world.remove_message(me, self.cursor);
                        self.cursor = 0;
                        self.deadline = None;
                    }
                    Op::Wait { to } => {
                        self.save_pc(*to as usize);
                        return Outcome::Wait(None);
                    }
                    Op::WaitTimeout { timeout, to } => {
                        let t = &r!(*timeout);
                        let ms = match t {
                            Term::Int(ms) if *ms >= 0 => Some(*ms as u64),
                            t if t.is_atom("infinity") => None,
                            _ => {
                                let bad = t.clone();
                                raise!(Exception::error(Term::tuple([
                                    Term::atom("timeout_value"),
                                    bad
                                ])))
                            }
                        };
                        let Some(ms) = ms else {
                            self.save_pc(*to as usize);
                            return Outcome::Wait(None);
                        };
                        let now = world.now();
                        let deadline = *self
                            .deadline
                            .get_or_insert_with(|| now.saturating_add(ms.saturating_mul(MS)));
                        if now >= deadline {
                            // Timed out: on to the `after` body.
                            self.deadline = None;
                            self.cursor = 0;
                        } else {
                            self.save_pc(*to as usize);
                            return Outcome::Wait(Some(deadline));
                        }
                    }
                    Op::Try { handler } => {
                        self.handlers.push(Handler {
                            frames: self.frames.len() as u32,
                            pc: *handler,
                        });
                    }
                    Op::TryEnd => {
                        self.handlers.pop();
                    }
                    Op::Caught { dst } => {
                        let e = self
                            .caught
                            .clone()
                            .unwrap_or_else(|| Exception::error(Term::nil()));
                        set!(*dst, super::exception::normalize(&e));
                    }
                    Op::TryCatch {
                        class,
                        reason,
                        stack,
                    } => {
                        let e = self
                            .caught
                            .clone()
                            .unwrap_or_else(|| Exception::error(Term::nil()));
                        r!(*class) = e.class_atom();
                        r!(*reason) = e.reason.clone();
                        r!(*stack) = e.stack.clone();
                    }
                }
            }
        }
    }

    /// Keeps the current instruction pointer in the top frame.
    fn save_pc(&mut self, pc: usize) {
        if let Some(f) = self.frames.last_mut() {
            f.pc = pc as u32;
        }
    }

    /// Detail words a re-raised exception had when it was first caught.
    fn caught_detail(&self, e: &Exception) -> Option<Rc<str>> {
        let c = self.caught.as_ref()?;
        (c.reason == e.reason).then(|| c.detail.clone()).flatten()
    }

    /// Pushes (or, for a tail call, replaces) a frame for `module`'s
    /// function `index`, whose `n` arguments start at register `args_at`.
    fn enter(
        &mut self,
        module: Rc<Module>,
        index: u32,
        args_at: usize,
        n: u8,
        ret: Reg,
        tail: bool,
    ) -> Step {
        let Some(func) = module.functions.get(index as usize).cloned() else {
            return Step::Raise(Exception::badarg());
        };
        if func.arity != n {
            return Step::Raise(Exception::badarg());
        }
        let size = usize::from(func.regs).max(usize::from(n));
        if tail {
            let Some(top) = self.frames.last_mut() else {
                return Step::Raise(Exception::badarg());
            };
            let base = top.base as usize;
            // Swapped down, not moved: what the frame's low registers held
            // stays behind above them as garbage (see `ensure_regs`), so no
            // value is dropped here. Arguments sit at or above the base, so
            // going up never overwrites one not yet moved.
            for i in 0..usize::from(n) {
                self.regs.swap(args_at + i, base + i);
            }
            top.module = module;
            top.func = func;
            top.pc = 0;
            self.ensure_regs(base + size);
            return Step::Reload;
        }
        if args_at + size > MAX_STACK || self.frames.len() >= MAX_STACK / 4 {
            return Step::Raise(Exception::system_limit(
                "the process's stack is too deep (non-tail recursion without end?)",
            ));
        }
        self.ensure_regs(args_at + size);
        self.frames.push(Frame {
            module,
            func,
            pc: 0,
            base: args_at as u32,
            ret,
        });
        Step::Reload
    }

    /// Makes the register stack at least `len` long. Calls and returns
    /// never shrink it: a callee's registers stay behind as garbage the
    /// next call overwrites (compiled code writes a register before it
    /// reads it), which spares a fill and a drop per call; [`Self::trim_regs`]
    /// lets them go when the slice ends.
    #[inline]
    fn ensure_regs(&mut self, len: usize) {
        if self.regs.len() < len {
            self.regs.resize(len, Term::nil());
        }
    }

    /// Drops the registers above the top frame's window, so a process that
    /// waits or yields keeps alive only what its frames can still read.
    fn trim_regs(&mut self) {
        let top = self.frames.last().map_or(0, |f| {
            f.base as usize + usize::from(f.func.regs).max(usize::from(f.func.arity))
        });
        self.regs.truncate(top);
    }

    /// Returns `value` from the top frame to its caller.
    fn ret(&mut self, value: Term) -> Step {
        let Some(done) = self.frames.pop() else {
            return Step::Done(value);
        };
        match self.frames.last() {
            None => {
                self.regs.truncate(done.base as usize);
                Step::Done(value)
            }
            Some(caller) => {
                let cbase = caller.base as usize;
                // The callee's window may have ended below the caller's
                // (registers above a call's arguments are dead across it).
                let top = cbase + usize::from(caller.func.regs);
                self.ensure_regs(top);
                if let Some(slot) = self.regs.get_mut(cbase + usize::from(done.ret)) {
                    *slot = value;
                }
                Step::Reload
            }
        }
    }

    /// Delivers a native's or host's result as the call's value.
    fn deliver(&mut self, value: Res, dst: Reg, tail: bool) -> Step {
        match value.and_then(check_depth) {
            Err(e) => Step::Raise(e),
            Ok(v) if tail => self.ret(v),
            Ok(v) => {
                if let Some(f) = self.frames.last() {
                    let at = f.base as usize + usize::from(dst);
                    if let Some(slot) = self.regs.get_mut(at) {
                        *slot = v;
                    }
                }
                Step::Reload
            }
        }
    }

    /// `module.name(args)`: compiled code, a native, the host, or `:undef`.
    #[allow(clippy::too_many_arguments)]
    fn call_mfa(
        &mut self,
        world: &mut World,
        me: Pid,
        host: &mut dyn Host,
        budget: &mut i64,
        module: Atom,
        name: Atom,
        args_at: usize,
        n: u8,
        dst: Reg,
        tail: bool,
    ) -> Step {
        match resolve(world, module, name, n) {
            Target::Code(m, index) => self.enter(m, index, args_at, n, dst, tail),
            Target::Native(index) => {
                // The arguments are read where they are, not copied out.
                let Some(args) = self.regs.get(args_at..args_at + usize::from(n)) else {
                    return Step::Raise(Exception::badarg());
                };
                let Some(b) = bif::get(index) else {
                    return Step::Raise(Exception::badarg());
                };
                match self.meter.pay(world, me, b, args, budget) {
                    Paid::Go => {}
                    Paid::Yield => return Step::Yield,
                    Paid::Fail(e) => return Step::Raise(e),
                }
                let result = match b.call {
                    Call::Pure(f) => f(args),
                    Call::World(f) => f(
                        &mut Native {
                            world,
                            me,
                            state: &mut self.state,
                        },
                        args,
                    ),
                };
                let result = result.and_then(|v| charge_binary(world, v, budget));
                self.deliver(result, dst, tail)
            }
            Target::DefaultChildSpec(m) => {
                let arg = self.regs[args_at].clone();
                self.deliver(
                    Ok(crate::vm::code_server::default_child_spec(m, arg)),
                    dst,
                    tail,
                )
            }
            Target::Kernel(f) => {
                let args = self.regs[args_at..args_at + usize::from(n)].to_vec();
                let result = f(&mut crate::kernel::Ctx::new(world, me), &args)
                    .map_err(Exception::from_kernel);
                self.deliver(result, dst, tail)
            }
            Target::Undef { module_exists } => {
                let args = self.regs[args_at..args_at + usize::from(n)].to_vec();
                match host.call(world, me, module, name, &args) {
                    Some(result) => self.deliver(result, dst, tail),
                    None => {
                        let mut e = Exception::undef(module.as_str(), name.as_str(), args);
                        if module_exists || host.has_module(module) {
                            // The "Did you mean" list is made now, while
                            // the world that has the module is at hand.
                            let hint =
                                crate::vm::code_server::undefined_hint(world, module, name, n);
                            e.detail = Some(Rc::from(hint));
                        }
                        Step::Raise(e)
                    }
                }
            }
        }
    }

    /// `fun.(args)`.
    #[allow(clippy::too_many_arguments)]
    fn apply(
        &mut self,
        world: &mut World,
        me: Pid,
        host: &mut dyn Host,
        budget: &mut i64,
        fun: &Term,
        args_at: usize,
        n: u8,
        dst: Reg,
        tail: bool,
    ) -> Step {
        match fun.as_fun() {
            Some(Fun::Closure(c)) => {
                let Some(lambda) = c.lambda.as_any().downcast_ref::<LambdaRef>() else {
                    return Step::Raise(Exception::badfun(fun.clone()));
                };
                if c.lambda.arity() != n {
                    let args = self.regs[args_at..args_at + usize::from(n)].to_vec();
                    return Step::Raise(Exception::badarity(fun.clone(), args));
                }
                // Captured values go after the arguments.
                let free = c.env.len();
                let end = args_at + usize::from(n);
                if self.regs.len() < end + free {
                    self.regs.resize(end + free, Term::nil());
                }
                for (i, v) in c.env.iter().enumerate() {
                    self.regs[end + i] = v.clone();
                }
                let total = n as usize + free;
                let Ok(total) = u8::try_from(total) else {
                    return Step::Raise(Exception::badarg());
                };
                let module = lambda.module.clone();
                let index = lambda.index;
                self.enter(module, index, args_at, total, dst, tail)
            }
            Some(Fun::Export {
                module,
                function,
                arity,
            }) => {
                if *arity != n {
                    let args = self.regs[args_at..args_at + usize::from(n)].to_vec();
                    return Step::Raise(Exception::badarity(fun.clone(), args));
                }
                self.call_mfa(
                    world, me, host, budget, *module, *function, args_at, n, dst, tail,
                )
            }
            None => Step::Raise(Exception::badfun(fun.clone())),
        }
    }

    /// Raises `e` here: fills in the stacktrace and goes to the innermost
    /// handler, or gives `e` back when nothing catches it.
    fn throw(&mut self, mut e: Exception, world: &mut World) -> Result<(), Exception> {
        self.fill_stack(&mut e);
        let _ = world;
        while let Some(h) = self.handlers.pop() {
            let depth = h.frames as usize;
            if depth == 0 || depth > self.frames.len() {
                continue;
            }
            self.frames.truncate(depth);
            if let Some(top) = self.frames.last_mut() {
                top.pc = h.pc;
                let size = top.base as usize + usize::from(top.func.regs);
                self.regs.truncate(size);
                self.regs.resize(size, Term::nil());
            }
            self.caught = Some(e);
            return Ok(());
        }
        self.frames.clear();
        self.regs.clear();
        Err(e)
    }

    /// Adds the running frames to `e`'s stacktrace (after any entry the
    /// raiser put first, such as a native's call with its arguments).
    fn fill_stack(&self, e: &mut Exception) {
        if !e.stack.is_empty_list() && e.stack.list_len().unwrap_or(0) > 1 {
            return;
        }
        let mut entries: Vec<Term> = e.stack.list_iter().cloned().collect();
        for f in self.frames.iter().rev().take(12) {
            let line = f.func.line_at(f.pc.saturating_sub(1));
            let location = Term::list(vec![
                Term::tuple([Term::atom("file"), Term::string(&file_of(&f.module))]),
                Term::tuple([Term::atom("line"), Term::Int(i64::from(line))]),
            ]);
            entries.push(Term::tuple([
                Term::Atom(f.module.name),
                Term::Atom(f.func.name),
                Term::Int(i64::from(f.func.arity - f.func.free)),
                location,
            ]));
        }
        e.stack = Term::list(entries);
    }
}

fn file_of(module: &Module) -> String {
    if module.name.as_str().starts_with(super::code::SHELL_MODULE) {
        "iex".into()
    } else {
        "nofile".into()
    }
}

/// True when `t` is the reference `r`, or a tuple or list holding it
/// directly (`[:alias | ref]`, a call's reply tag).
fn holds_ref(t: &Term, r: &crate::term::Ref) -> bool {
    match t {
        Term::Ref(x) => x == r,
        Term::Tuple(items, _) => items.iter().any(|i| matches!(i, Term::Ref(x) if x == r)),
        Term::List(_) => {
            let mut cell = t;
            for _ in 0..8 {
                match cell.head_tail() {
                    Some((head, tail)) => {
                        if matches!(head, Term::Ref(x) if x == r) {
                            return true;
                        }
                        cell = tail;
                    }
                    None => return matches!(cell, Term::Ref(x) if x == r),
                }
            }
            false
        }
        _ => false,
    }
}

impl World {
    /// The message at `index` in `pid`'s mailbox (for `receive`), with
    /// the ones after it prefetched (see `Process::prefetch_letters_after`).
    pub fn mailbox_at(&self, pid: Pid, index: usize) -> Option<Term> {
        let p = self.process(pid)?;
        p.prefetch_letters_after(index);
        p.mailbox.get(index).map(|l| l.msg.clone())
    }

    /// Takes the oldest message out of `pid`'s mailbox, for a `receive`
    /// whose first clause takes any: [`World::mailbox_at`] and
    /// [`World::remove_message`] in one, the message moved out rather than
    /// copied.
    pub fn take_oldest_message(&mut self, pid: Pid) -> Option<Term> {
        self.process(pid)?.prefetch_letters_after(0);
        self.take_message_at(pid, 0)
    }

    /// Takes the message at `index` out of `pid`'s mailbox (a `receive` matched it).
    pub fn remove_message(&mut self, pid: Pid, index: usize) {
        self.take_message_at(pid, index);
    }

    /// Takes the message at `index` out of `pid`'s mailbox and returns it.
    fn take_message_at(&mut self, pid: Pid, index: usize) -> Option<Term> {
        let tracing = self.tracing();
        let p = self.process_mut(pid)?;
        let letter = p.take_letter(index)?;
        // From here on the process works for whoever sent this (a shell
        // works for its line, whatever it receives).
        if p.kind != ProcessKind::Shell {
            p.cause = letter.cause;
            self.set_cause(letter.cause);
        }
        if tracing {
            self.record(TraceKind::Receive {
                pid,
                msg: letter.msg.clone(),
            });
        }
        Some(letter.msg)
    }
}

impl Meter {
    /// Charges a native's cost (see `bif::cost`) before it runs: memory
    /// against the world's heap limit, reductions against the slice. A
    /// cost bigger than what is left of the slice is paid in full and the
    /// process yields; the call runs when the process runs again. A cost
    /// bigger than what is left of the console line's whole budget is
    /// refused: the line's budget is spent (so its meter stops it) and the
    /// process yields with the call unrun and unpaid, so a native never
    /// runs on a line that cannot afford it.
    fn pay(
        &mut self,
        world: &mut World,
        me: Pid,
        b: &bif::Bif,
        args: &[Term],
        budget: &mut i64,
    ) -> Paid {
        let Some(cost) = b.cost else {
            return Paid::Go;
        };
        if self.prepaid {
            // Paid before the last yield: this is the same call again.
            self.prepaid = false;
            return Paid::Go;
        }
        let c = cost.cost(world, me, args);
        let r = c.reductions.min(i64::MAX as u64 / 2) as i64;
        if r > 0 && budget.saturating_sub(r) < self.line_floor {
            // Past the line's budget: spend what is left of it, and one more.
            *budget = self.line_floor.saturating_sub(1).min(*budget);
            return Paid::Yield;
        }
        if c.words > 0 && !world.add_words(c.words) {
            return Paid::Fail(heap_limit(world, c.words));
        }
        *budget = budget.saturating_sub(r);
        if *budget < 0 && r > 0 {
            self.prepaid = true;
            return Paid::Yield;
        }
        Paid::Go
    }
}

#[cfg(test)]
mod tests {
    use super::{dst_and_src, store_clone};
    use crate::term::{Pid, Term};
    use std::rc::Rc;

    fn kinds() -> Vec<Term> {
        vec![
            Term::Int(7),
            Term::Float(1.5),
            Term::atom("ok"),
            Term::string("bin"),
            Term::tuple([Term::Int(1), Term::atom("a")]),
            Term::list(vec![Term::Int(1), Term::Int(2)]),
            Term::map(vec![(Term::atom("k"), Term::Int(1))]),
            Term::Pid(Pid {
                node: 0,
                id: 3,
                serial: 0,
            }),
            Term::from_bigint(num_bigint::BigInt::from(i64::MAX) * 4),
        ]
    }

    /// Every kind over every kind: the slot ends equal to the source, and
    /// a tuple's count says the old value was dropped and the new shared.
    #[test]
    fn store_clone_writes_every_kind_over_every_kind() {
        for old in kinds() {
            for new in kinds() {
                let mut slot = old.clone();
                store_clone(&mut slot, &new);
                assert!(slot == new, "{old:?} <- {new:?} gave {slot:?}");
            }
        }
        let tuple = Term::tuple([Term::Int(1)]);
        let Term::Tuple(rc, _) = &tuple else {
            unreachable!()
        };
        let mut slot = tuple.clone();
        assert_eq!(Rc::strong_count(rc), 2);
        store_clone(&mut slot, &Term::Int(1));
        assert_eq!(Rc::strong_count(rc), 1);
        store_clone(&mut slot, &tuple);
        assert_eq!(Rc::strong_count(rc), 2);
    }

    #[test]
    fn dst_and_src_refuses_one_register_and_out_of_range() {
        let mut regs = vec![Term::Int(0), Term::Int(1), Term::Int(2)];
        assert!(dst_and_src(&mut regs, 1, 1).is_none());
        assert!(dst_and_src(&mut regs, 0, 3).is_none());
        assert!(dst_and_src(&mut regs, 3, 0).is_none());
        // Lower from higher, then higher from lower.
        for (d, s) in [(0, 2), (1, 0)] {
            let (to, from) = dst_and_src(&mut regs, d, s).expect("two registers");
            store_clone(to, from);
        }
        assert!(regs.iter().all(|r| *r == Term::Int(2)), "{regs:?}");
    }
}
