//! `Task`: a process that computes one value and exits.
//!
//! A task's work is a term-to-term function run when the task process first
//! runs; it then sends `{ref, result}` to its owner (for `Task.await/2`) and
//! exits `:normal`, as `Task.async/1` does.

use super::gen_server::{GenServer, Init, Next, StartOpts};
use crate::kernel::{Ctx, World};
use crate::term::{Atom, Pid, Term};
use std::any::Any;

/// The work a task does.
pub type Work = Box<dyn FnOnce(&mut Ctx) -> Term>;

struct TaskServer {
    owner: Pid,
    tag: Term,
    work: Option<Work>,
}

/// A snapshot copies a task without its work: the work runs inside
/// `start` (the `handle_continue` right after `init`), so a task that
/// exists between events has none left.
impl Clone for TaskServer {
    fn clone(&self) -> Self {
        TaskServer {
            owner: self.owner,
            tag: self.tag.clone(),
            work: None,
        }
    }
}

impl GenServer for TaskServer {
    fn module(&self) -> Atom {
        Atom::new("Elixir.Task.Supervised")
    }

    fn init(&mut self, _ctx: &mut Ctx) -> Init {
        Init::Continue(Term::atom("run"))
    }

    fn handle_continue(&mut self, _arg: &Term, ctx: &mut Ctx) -> Next {
        if let Some(work) = self.work.take() {
            let result = work(ctx);
            ctx.send(self.owner, Term::tuple([self.tag.clone(), result]));
        }
        Next::Stop(Term::atom("normal"))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `Task.async(work)` run by the process behind `ctx`: returns the task's
/// pid and the reference its result will be tagged with.
pub fn async_task(ctx: &mut Ctx, work: Work) -> (Term, Term) {
    let me = ctx.me();
    let mref = ctx.make_ref();
    let tag = Term::Ref(mref);
    let server = TaskServer {
        owner: me,
        tag: tag.clone(),
        work: Some(work),
    };
    let started = super::gen_server::start(
        ctx,
        server,
        StartOpts {
            name: None,
            link: true,
        },
    );
    (started, tag)
}

pub(super) fn load(_world: &mut World) {}
