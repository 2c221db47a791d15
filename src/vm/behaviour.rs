//! A process of compiled code as the kernel sees it: a selective
//! behaviour, resumed for one slice at a time by `Run` events.

use super::interp::NoHost;
use super::proc::{exit_reason, Outcome, VmProc, SLICE};
use crate::kernel::{Behaviour, Ctx, Flow, Resume};
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

    fn resume(&mut self, ctx: &mut Ctx) -> Resume {
        let me = ctx.me();
        match self.proc.run(ctx.world(), me, &mut NoHost, SLICE) {
            Outcome::Yield => Resume::Yield,
            Outcome::Wait(deadline) => Resume::Wait(deadline),
            Outcome::Done(_) => Resume::Stop(Term::atom("normal")),
            Outcome::Raised(e) => Resume::Stop(exit_reason(&e)),
        }
    }
}
