//! A process running compiled code: its call frames and registers (all
//! plain data, so a process waiting in `receive` holds no Rust stack and
//! can be snapshotted, replayed and resumed by an event), its exception
//! handlers, and the state natives may touch (the process dictionary).

use super::code::{Function, Module, Reg};
use super::code_server::{resolve, Target};
use super::exception::{Exception, Res};
use super::ops::Class;
use crate::kernel::{Time, World};
use crate::term::{Atom, Fun, Term};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Reductions in one time slice, as on the BEAM: a function call is one.
pub const SLICE: i64 = 4_000;

/// The most registers one process's stack may hold (about 100 MB): deep
/// non-tail recursion ends in a `SystemLimitError` past it.
pub const MAX_STACK: usize = 4_000_000;

/// What a running process keeps besides its stack.
#[derive(Clone, Debug, Default)]
pub struct ProcState {
    /// The process dictionary (`Process.put/2`).
    pub dict: BTreeMap<Term, Term>,
    /// The function the process was spawned with, `{module, fun, arity}`.
    pub initial_call: Option<(Atom, Atom, u8)>,
}

/// One call in progress.
#[derive(Clone, Debug)]
pub(crate) struct Frame {
    pub(crate) module: Rc<Module>,
    pub(crate) func: Rc<Function>,
    /// The next instruction (saved while a callee runs).
    pub(crate) pc: u32,
    /// Where the window starts in the register stack.
    pub(crate) base: u32,
    /// The caller's register that receives the return value.
    pub(crate) ret: Reg,
}

/// Where a `try` sends errors.
#[derive(Clone, Debug)]
pub(crate) struct Handler {
    /// How many frames were active at `Try`.
    pub(crate) frames: u32,
    /// The handler's code.
    pub(crate) pc: u32,
}

/// A process's machine state.
#[derive(Clone, Debug, Default)]
pub struct VmProc {
    pub(crate) frames: Vec<Frame>,
    pub(crate) regs: Vec<Term>,
    pub(crate) handlers: Vec<Handler>,
    /// The exception a handler is about to read.
    pub(crate) caught: Option<Exception>,
    /// Where the current `receive` scan is in the mailbox.
    pub(crate) cursor: usize,
    /// When the current `receive ... after` times out.
    pub(crate) deadline: Option<Time>,
    /// Reductions run so far.
    pub reductions: u64,
    /// What natives' costs are weighed against (see `interp.rs`, `Meter::pay`).
    pub(crate) meter: Meter,
    /// State natives touch.
    pub state: ProcState,
}

/// A process's side of paying for natives.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Meter {
    /// The native call at the current instruction was paid for before the
    /// process yielded.
    pub(crate) prepaid: bool,
    /// The slice's budget below which the console line running it has
    /// spent its own (`i64::MIN` outside a line): a native that would take
    /// the slice below it is refused.
    pub(crate) line_floor: i64,
}

/// How a run of a process ended.
#[derive(Debug)]
pub enum Outcome {
    /// The slice is used up; run again.
    Yield,
    /// Waiting in `receive`, for a message or until the time given.
    Wait(Option<Time>),
    /// The first call returned this value: the process is done.
    Done(Term),
    /// An exception nothing caught.
    Raised(Exception),
}

impl VmProc {
    /// A process that will call `module`'s function `index` with `args`.
    pub fn calling(module: Rc<Module>, index: u32, args: Vec<Term>) -> Res<VmProc> {
        let mut p = VmProc::default();
        p.push_call(module, index, args)?;
        Ok(p)
    }

    /// A process that will apply `fun` (a closure or `&Mod.fun/n`) to `args`.
    pub fn applying(world: &World, fun: &Term, args: Vec<Term>) -> Res<VmProc> {
        let mut p = VmProc::default();
        p.push_apply(world, fun, args)?;
        Ok(p)
    }

    /// A process that will run `module.name(args)`.
    pub fn mfa(world: &World, module: Atom, name: Atom, args: Vec<Term>) -> Res<VmProc> {
        let arity = u8::try_from(args.len()).map_err(|_| Exception::badarg())?;
        match resolve(world, module, name, arity) {
            Target::Code(m, index) => {
                let mut p = VmProc::calling(m, index, args)?;
                p.state.initial_call = Some((module, name, arity));
                Ok(p)
            }
            _ => Err(Exception::undef(module.as_str(), name.as_str(), args)),
        }
    }

    /// Starts a call of `module`'s function `index` on an empty stack.
    pub fn push_call(&mut self, module: Rc<Module>, index: u32, args: Vec<Term>) -> Res<()> {
        let Some(func) = module.functions.get(index as usize).cloned() else {
            return Err(Exception::badarg());
        };
        if usize::from(func.arity) != args.len() {
            return Err(Exception::badarg());
        }
        let base = self.regs.len();
        self.regs.extend(args);
        self.regs.resize(
            base + usize::from(func.regs).max(usize::from(func.arity)),
            Term::nil(),
        );
        self.frames.push(Frame {
            module,
            func,
            pc: 0,
            base: base as u32,
            ret: 0,
        });
        Ok(())
    }

    /// Starts applying `fun` to `args` on an empty stack.
    pub fn push_apply(&mut self, world: &World, fun: &Term, args: Vec<Term>) -> Res<()> {
        match fun.as_fun() {
            Some(Fun::Closure(c)) => {
                let Some(lambda) = c.lambda.as_any().downcast_ref::<super::code::LambdaRef>()
                else {
                    return Err(Exception::badfun(fun.clone()));
                };
                if usize::from(c.lambda.arity()) != args.len() {
                    return Err(Exception::badarity(fun.clone(), args));
                }
                let mut all = args;
                all.extend(c.env.iter().cloned());
                self.push_call(lambda.module.clone(), lambda.index, all)
            }
            Some(Fun::Export {
                module,
                function,
                arity,
            }) => {
                if usize::from(*arity) != args.len() {
                    return Err(Exception::badarity(fun.clone(), args));
                }
                match resolve(world, *module, *function, *arity) {
                    Target::Code(m, index) => self.push_call(m, index, args),
                    _ => Err(Exception::undef(module.as_str(), function.as_str(), args)),
                }
            }
            None => Err(Exception::badfun(fun.clone())),
        }
    }

    /// Drops whatever was running (a chunk that stopped on its budget),
    /// keeping the process dictionary.
    pub fn reset_stack(&mut self) {
        self.frames.clear();
        self.regs.clear();
        self.handlers.clear();
        self.caught = None;
        self.cursor = 0;
        self.deadline = None;
        self.meter.prepaid = false;
    }

    /// True when nothing is left to run.
    pub fn finished(&self) -> bool {
        self.frames.is_empty()
    }

    /// The module and function running now, for process info.
    pub fn current_function(&self) -> Option<(Atom, Atom, u8)> {
        let f = self.frames.last()?;
        Some((f.module.name, f.func.name, f.func.arity - f.func.free))
    }

    /// Words of memory the stack holds, roughly.
    pub fn stack_size(&self) -> usize {
        self.regs.len() + self.frames.len() * 4
    }
}

/// The exit reason of a process that raised `e` and caught nothing, as
/// the BEAM gives it: an error's reason with its stacktrace, an exit's
/// reason as is, a throw as `{{:nocatch, value}, stack}`.
pub fn exit_reason(e: &Exception) -> Term {
    match e.class {
        Class::Exit => e.reason.clone(),
        Class::Error => Term::tuple([e.reason.clone(), e.stack.clone()]),
        Class::Throw => Term::tuple([
            Term::tuple([Term::atom("nocatch"), e.reason.clone()]),
            e.stack.clone(),
        ]),
    }
}
