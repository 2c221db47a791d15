//! Seed 002's Hermes: a distributed PubSub application, booted on every node.
//!
//! ```text
//! Hermes.Supervisor (one_for_one)
//! └─ Hermes.PubSub.Supervisor   a Phoenix.PubSub named Hermes.PubSub (see `pubsub`)
//! ```
//!
//! `Hermes.subscribe/1` and `Hermes.publish/2` are the seed's API on that
//! instance. `Hermes.Client` is the seed's test subscriber: a GenServer
//! subscribed to one topic that keeps what it receives, so the walk-through
//! can be checked with `Hermes.Client.received(pid)` instead of reading
//! "Received: ..." lines on three terminals.

use super::pubsub;
use crate::kernel::{Ctx, World};
use crate::otp::child_spec::ChildSpec;
use crate::otp::gen_server::{self, CallReply, From, GenServer, Init, Next, StartOpts};
use crate::otp::registry::{self, RegistryError};
use crate::otp::supervisor::{self, Flags};
use crate::term::{Atom, Pid, Term};
use std::any::Any;

/// `Hermes.PubSub`, the default instance.
pub const PUBSUB: &str = "Elixir.Hermes.PubSub";
/// `Hermes.Supervisor`.
pub const SUPERVISOR: &str = "Elixir.Hermes.Supervisor";
/// `Hermes.Client`.
pub const CLIENT: &str = "Elixir.Hermes.Client";

/// `Hermes.subscribe(topic)` made by `pid`: `Registry.register/3`'s answer,
/// `{:ok, partition}`, as in the seed.
pub fn subscribe(world: &mut World, pid: Pid, topic: &Term) -> Result<Term, RegistryError> {
    registry::register(world, pid, &Atom::new(PUBSUB), topic, Term::nil())
}

/// `Hermes.publish(topic, message)` made by `from`: a cluster-wide broadcast.
pub fn publish(
    world: &mut World,
    from: Pid,
    topic: &Term,
    message: &Term,
) -> Result<(), RegistryError> {
    pubsub::broadcast(world, from, &Atom::new(PUBSUB), topic, message, None)
}

/// A subscriber that remembers every message, oldest first.
#[derive(Clone)]
struct Client {
    topic: Term,
    received: Vec<Term>,
}

impl GenServer for Client {
    fn module(&self) -> Atom {
        Atom::new(CLIENT)
    }

    fn init(&mut self, ctx: &mut Ctx) -> Init {
        let me = ctx.me();
        match subscribe(ctx.world(), me, &self.topic) {
            Ok(_) => Init::Ok,
            Err(_) => Init::Stop(registry::argument_error("unknown registry: Hermes.PubSub")),
        }
    }

    fn handle_call(&mut self, request: &Term, _from: &From, _ctx: &mut Ctx) -> CallReply {
        if request.is_atom("received") {
            return CallReply::Reply(Term::list(self.received.clone()));
        }
        CallReply::Stop(crate::otp::reasons::function_clause(
            CLIENT,
            "handle_call",
            3,
        ))
    }

    fn handle_info(&mut self, msg: &Term, _ctx: &mut Ctx) -> Next {
        self.received.push(msg.clone());
        Next::NoReply
    }

    fn state(&self) -> Term {
        Term::map([
            (Term::atom("topic"), self.topic.clone()),
            (Term::atom("received"), Term::list(self.received.clone())),
        ])
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `Hermes.Client.start_link(topic)` (`link`) or `start(topic)` as the
/// process behind `ctx`: `{:ok, pid}`.
pub fn start_client(ctx: &mut Ctx, topic: Term, link: bool) -> Term {
    gen_server::start(
        ctx,
        Client {
            topic,
            received: Vec::new(),
        },
        StartOpts { name: None, link },
    )
}

fn client_start_link(ctx: &mut Ctx, args: &[Term]) -> Result<Term, Term> {
    let topic = args.first().cloned().unwrap_or_else(Term::nil);
    Ok(start_client(ctx, topic, true))
}

/// `Hermes.Client.child_spec(topic)`, as `use GenServer` defines it.
fn client_child_spec(_ctx: &mut Ctx, args: &[Term]) -> Result<Term, Term> {
    let topic = args.first().cloned().unwrap_or_else(Term::nil);
    Ok(ChildSpec {
        id: Term::atom(CLIENT),
        start: (Atom::new(CLIENT), Atom::new("start_link"), vec![topic]),
        ..ChildSpec::worker_default()
    }
    .to_term())
}

/// `Hermes.Application.start/2`: the top supervisor with the default PubSub.
fn supervisor_start_link(ctx: &mut Ctx, _args: &[Term]) -> Result<Term, Term> {
    let pubsub = Term::tuple(vec![
        Term::atom(pubsub::PUBSUB),
        Term::keyword(vec![("name", Term::atom(PUBSUB))]),
    ]);
    supervisor::start_top(ctx, SUPERVISOR, &[pubsub], Flags::default())
}

pub(super) fn load(world: &mut World) {
    pubsub::load(world);
    world.load(SUPERVISOR, "start_link", 0, supervisor_start_link);
    world.load(CLIENT, "start_link", 1, client_start_link);
    world.load(CLIENT, "child_spec", 1, client_child_spec);
}
