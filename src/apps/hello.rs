//! Seed 002's distributed hello world: when nodes meet, each greets the other.
//!
//! ```text
//! DistributedHelloWorld.Supervisor (one_for_one)
//! ├─ DistributedHelloWorld.Greeter      monitors nodes; greets on :nodeup
//! └─ DistributedHelloWorld.NodeManager  gossip discovery (see `discovery`)
//! ```
//!
//! On `{:nodeup, node}` the greeter casts `{:greet, node()}` to the greeter
//! on `node`, which logs "Hello world from :a@sim" there: once per pair per
//! join, in each direction.

use super::discovery;
use crate::kernel::{Ctx, World};
use crate::otp::gen_server::{self, GenServer, Init, Next, StartOpts};
use crate::otp::supervisor::{self, Flags};
use crate::term::{inspect, Atom, Term};
use std::any::Any;

/// `DistributedHelloWorld.Greeter`.
pub const GREETER: &str = "Elixir.DistributedHelloWorld.Greeter";
/// `DistributedHelloWorld.Supervisor`.
pub const SUPERVISOR: &str = "Elixir.DistributedHelloWorld.Supervisor";

#[derive(Clone)]
struct Greeter;

impl GenServer for Greeter {
    fn module(&self) -> Atom {
        Atom::new(GREETER)
    }

    fn init(&mut self, ctx: &mut Ctx) -> Init {
        let me = ctx.me();
        ctx.world().monitor_nodes(me, true);
        Init::Ok
    }

    fn handle_info(&mut self, msg: &Term, ctx: &mut Ctx) -> Next {
        if let Some([tag, Term::Atom(node)]) = msg.as_tuple() {
            if tag.is_atom("nodeup") {
                // GenServer.cast({__MODULE__, node}, {:greet, node()})
                let world = ctx.world_ref();
                let peer = world
                    .node_id(node.as_str())
                    .and_then(|n| world.whereis(n, &Atom::new(GREETER)));
                let me = world.node_name(ctx.node()).cloned();
                if let (Some(peer), Some(me)) = (peer, me) {
                    let greet = Term::tuple(vec![Term::atom("greet"), Term::Atom(me)]);
                    ctx.send(peer, Term::tuple(vec![Term::atom("$gen_cast"), greet]));
                }
            }
        }
        Next::NoReply
    }

    fn handle_cast(&mut self, request: &Term, ctx: &mut Ctx) -> Next {
        if let Some([tag, from]) = request.as_tuple() {
            if tag.is_atom("greet") {
                let node = ctx.node();
                let text = format!("Hello world from {}", inspect(from));
                ctx.world().log(node, "info", text);
            }
        }
        Next::NoReply
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn greeter_start_link(ctx: &mut Ctx, _args: &[Term]) -> Result<Term, Term> {
    Ok(gen_server::start(
        ctx,
        Greeter,
        StartOpts {
            name: Some(Term::atom(GREETER)),
            link: true,
        },
    ))
}

/// `DistributedHelloWorld.Application.start/2`: the top supervisor.
fn supervisor_start_link(ctx: &mut Ctx, _args: &[Term]) -> Result<Term, Term> {
    let children = [Term::atom(GREETER), Term::atom(discovery::MODULE)];
    supervisor::start_top(ctx, SUPERVISOR, &children, Flags::default())
}

pub(super) fn load(world: &mut World) {
    discovery::load(world);
    world.load(GREETER, "start_link", 1, greeter_start_link);
    world.load(SUPERVISOR, "start_link", 0, supervisor_start_link);
}
