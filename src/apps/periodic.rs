//! A process that keeps a node in line with the cluster: it looks again on
//! `:nodeup`, `:nodedown`, a `:reconcile` nudge, and on a timer.
//!
//! `Shards.Manager` (shard workers) is this shape. (`Fleet.Cluster` is
//! too, written in Elixir: `apps/ex/fleet.ex`.)

use crate::kernel::Ctx;
use crate::otp::gen_server::{self, GenServer, Init, Next, StartOpts};
use crate::term::{Atom, Term};
use std::any::Any;

/// What a periodic reconciler does.
pub trait Reconcile: Clone + 'static {
    /// The module name, e.g. `Elixir.Shards.Manager`.
    fn module(&self) -> Atom;
    /// How often to look again without being asked, in milliseconds.
    fn every_ms(&self) -> u64;
    /// One look: compare what the node runs with what it should run, and act.
    fn reconcile(&mut self, ctx: &mut Ctx);
    /// Any other message (replies to requests it made, say).
    fn other(&mut self, _msg: &Term, _ctx: &mut Ctx) {}
}

/// The process running a [`Reconcile`].
#[derive(Clone)]
struct Periodic<R>(R);

impl<R: Reconcile> GenServer for Periodic<R> {
    fn module(&self) -> Atom {
        self.0.module()
    }

    fn init(&mut self, ctx: &mut Ctx) -> Init {
        let me = ctx.me();
        ctx.world().monitor_nodes(me, true);
        Init::Continue(Term::atom("tick"))
    }

    fn handle_continue(&mut self, _arg: &Term, ctx: &mut Ctx) -> Next {
        let me = ctx.me();
        ctx.send(me, Term::atom("tick"));
        Next::NoReply
    }

    fn handle_info(&mut self, msg: &Term, ctx: &mut Ctx) -> Next {
        let node_event = matches!(
            msg.as_tuple(),
            Some([t, _]) if t.is_atom("nodeup") || t.is_atom("nodedown")
        );
        if msg.is_atom("tick") {
            self.0.reconcile(ctx);
            let me = ctx.me();
            let every = self.0.every_ms();
            ctx.send_after(me, Term::atom("tick"), every);
        } else if node_event || msg.is_atom("reconcile") {
            self.0.reconcile(ctx);
        } else {
            self.0.other(msg, ctx);
        }
        Next::NoReply
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Starts `reconciler`, linked to the caller and registered under its module name.
pub fn start_link<R: Reconcile>(ctx: &mut Ctx, reconciler: R) -> Term {
    let name = Term::Atom(reconciler.module());
    gen_server::start(
        ctx,
        Periodic(reconciler),
        StartOpts {
            name: Some(name),
            link: true,
        },
    )
}
