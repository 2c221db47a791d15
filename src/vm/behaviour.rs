//! A process of compiled code as the kernel sees it: a selective
//! behaviour, resumed for one slice at a time by `Run` events.
//!
//! Unlike the behaviours written in Rust, which act through a [`Ctx`]'s
//! effects, the interpreter is the kernel's own runner: it is handed the
//! world for its slice ([`Slice`]), since compiled code's natives are the
//! kernel's operations themselves.

use super::exception::{format_banner, Exception};
use super::interp::NoHost;
use super::ops::Class;
use super::proc::{exit_reason, Outcome, VmProc, SLICE};
use crate::kernel::{Behaviour, Ctx, Flow, Resume, Slice, World};
use crate::term::{Atom, Term};
use std::any::Any;

/// A process running compiled code.
#[derive(Clone)]
pub struct VmBehaviour {
    /// Its machine state.
    pub proc: VmProc,
    /// The module shown in views (its initial call's).
    pub module: Atom,
}

impl VmBehaviour {
    /// Wraps a prepared process.
    pub fn new(proc: VmProc, module: Atom) -> VmBehaviour {
        VmBehaviour { proc, module }
    }
}

impl Behaviour for VmBehaviour {
    fn handle(&mut self, _msg: Term, _ctx: &mut Ctx) -> Flow {
        // Never called: selective processes take their own messages.
        Flow::Continue
    }

    fn module(&self) -> Atom {
        self.module
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn clone_box(&self) -> Box<dyn Behaviour> {
        Box::new(self.clone())
    }

    fn selective(&self) -> bool {
        true
    }

    fn resume(&mut self, slice: &mut Slice) -> Resume {
        let me = slice.me();
        let world = slice.interpreter_world();
        match self.proc.run(world, me, &mut NoHost, SLICE) {
            Outcome::Yield => Resume::Yield,
            Outcome::Wait(deadline) => Resume::Wait(deadline),
            Outcome::Done(_) => Resume::Stop(Term::atom("normal")),
            Outcome::Raised(e) => {
                // proc_lib processes (GenServer, Task ...) report their
                // own crashes; the runtime reports only plain ones.
                let proc_lib = self.proc.state.dict.contains_key(&Term::atom("$ancestors"));
                if !proc_lib {
                    crash_report(world, me, &e);
                }
                Resume::Stop(exit_reason(&e))
            }
        }
    }
}

/// What the BEAM's error logger reports (as Elixir's Logger words it) when
/// a process dies of an error or an uncaught throw; exits are silent.
fn crash_report(world: &mut World, me: crate::term::Pid, e: &Exception) {
    let e = match e.class {
        Class::Exit => return,
        Class::Error => e.clone(),
        Class::Throw => Exception {
            class: Class::Error,
            reason: Term::tuple([Term::atom("nocatch"), e.reason.clone()]),
            ..e.clone()
        },
    };
    let text = format!(
        "Process {} raised an exception\n{}",
        crate::term::inspect(&Term::Pid(me)),
        format_banner(&e)
    );
    world.log(me.node, "error", text.clone());
    world.print(String::new());
    world.print(format!("[error] {text}"));
}
