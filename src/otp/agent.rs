//! `Agent`: state behind a process, read and updated by functions.
//!
//! The console has no closures that can travel into another process, so an
//! agent's functions are built-in operations: the state is any term and
//! `Agent.get/2`, `update/2` and `get_and_update/2` take a function value
//! that the caller evaluates. The process side is a GenServer that holds the
//! state and answers `{:get}`, `{:put, term}` requests.

use super::gen_server::{self, CallReply, From, GenServer, Init, StartOpts};
use crate::kernel::{Ctx, World};
use crate::term::{Atom, Term};
use std::any::Any;

/// The tag of the state a Rust agent gives the prelude's `Agent`.
pub const NATIVE_STATE: &str = "$otpsim_native_agent";

/// An agent's process state.
#[derive(Clone)]
pub struct Agent {
    state: Term,
}

impl GenServer for Agent {
    fn module(&self) -> Atom {
        Atom::new("Elixir.Agent.Server")
    }

    fn init(&mut self, _ctx: &mut Ctx) -> Init {
        Init::Ok
    }

    fn handle_call(&mut self, request: &Term, _from: &From, _ctx: &mut Ctx) -> CallReply {
        match request.as_tuple() {
            Some([tag]) if tag.is_atom("get") => CallReply::Reply(self.state.clone()),
            Some([tag, value]) if tag.is_atom("put") => {
                self.state = value.clone();
                CallReply::Reply(Term::ok())
            }
            // Elixir's `Agent` (the prelude's) asking with a function this
            // process cannot run: it gets the state and runs it itself.
            Some([tag, _fun])
                if matches!(tag.as_atom(), Some("get" | "update" | "get_and_update")) =>
            {
                CallReply::Reply(Term::tuple([Term::atom(NATIVE_STATE), self.state.clone()]))
            }
            _ => CallReply::Reply(gen_server::error(Term::atom("unknown_call"))),
        }
    }

    fn state(&self) -> Term {
        self.state.clone()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Starts an agent holding `initial` (`Agent.start_link(fn -> initial end, opts)`).
pub fn start(ctx: &mut Ctx, initial: Term, opts: StartOpts) -> Term {
    gen_server::start(ctx, Agent { state: initial }, opts)
}

/// `Agent.start_link(initial_state, opts)` as an MFA for child specs.
fn start_link(ctx: &mut Ctx, args: &[Term]) -> Result<Term, Term> {
    let initial = args.first().cloned().unwrap_or_else(Term::nil);
    let opts = args.get(1).cloned().unwrap_or_else(|| Term::list(vec![]));
    Ok(start(
        ctx,
        initial,
        StartOpts {
            name: gen_server::name_option(&opts),
            link: true,
        },
    ))
}

pub(super) fn load(world: &mut World) {
    world.load("Elixir.Agent", "start_link", 2, start_link);
}
