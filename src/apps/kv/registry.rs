//! `KV.Registry`: bucket names to bucket pids, one registry per node.
//!
//! `create/2` is a cast, as in the guide; the registry asks
//! `KV.BucketSupervisor` for a bucket and monitors it, so a bucket that
//! stops or crashes leaves the registry at once. A server cannot block in a
//! callback here, so the supervisor's answer comes back as a message: a
//! `lookup/2` of a name whose bucket is still starting waits for it (the
//! reply is sent when the bucket is up), so a lookup after a create never
//! misses.

use super::{bucket, BUCKET_SUPERVISOR};
use crate::kernel::{Ctx, World};
use crate::otp::call::{call, Budget, CallError};
use crate::otp::child_spec::ChildSpec;
use crate::otp::dynamic_supervisor::start_child_request;
use crate::otp::gen_server::{self, reply, CallReply, From, GenServer, Next, StartOpts};
use crate::otp::name;
use crate::term::{Atom, Pid, Ref, Term};
use std::any::Any;
use std::collections::BTreeMap;

/// `KV.Registry`, also the name each node's registry is registered under.
pub const MODULE: &str = "Elixir.KV.Registry";

/// How long a lookup waits, as `GenServer.call/2` does.
const TIMEOUT_MS: u64 = 5_000;

/// A registry's state.
#[derive(Clone, Default)]
struct Registry {
    /// Bucket name → bucket pid.
    names: BTreeMap<Term, Pid>,
    /// Monitor of a bucket → its name.
    refs: BTreeMap<Ref, Term>,
    /// Start requests to the bucket supervisor (tag = monitor on it) → name.
    starting: BTreeMap<Ref, Term>,
    /// Lookups waiting for a bucket that is starting, by name.
    waiting: BTreeMap<Term, Vec<From>>,
}

impl Registry {
    /// Asks `KV.BucketSupervisor` for a bucket for `name`, as a call whose
    /// answer arrives in `handle_info`.
    fn start_bucket(&mut self, name: &Term, ctx: &mut Ctx) {
        let node = ctx.node();
        let Some(sup) = ctx.world_ref().whereis(node, &Atom::new(BUCKET_SUPERVISOR)) else {
            return;
        };
        let mref = ctx.monitor(sup);
        let from = Term::tuple(vec![Term::Pid(ctx.me()), Term::Ref(mref)]);
        let spec: ChildSpec = bucket::child_spec();
        let request = start_child_request(&spec);
        ctx.send(
            sup,
            Term::tuple(vec![Term::atom("$gen_call"), from, request]),
        );
        self.starting.insert(mref, name.clone());
    }

    /// The bucket for `name` started (`Some(pid)`) or could not be.
    fn started(&mut self, name: Term, pid: Option<Pid>, ctx: &mut Ctx) {
        let answer = match pid {
            Some(pid) => {
                let bref = ctx.monitor(pid);
                self.names.insert(name.clone(), pid);
                self.refs.insert(bref, name.clone());
                Term::tuple(vec![Term::ok(), Term::Pid(pid)])
            }
            None => Term::atom("error"),
        };
        for from in self.waiting.remove(&name).unwrap_or_default() {
            reply(ctx, &from, answer.clone());
        }
    }
}

impl GenServer for Registry {
    fn module(&self) -> Atom {
        Atom::new(MODULE)
    }

    fn handle_call(&mut self, request: &Term, from: &From, _ctx: &mut Ctx) -> CallReply {
        match request.as_tuple() {
            Some([tag, name]) if tag.is_atom("lookup") => match self.names.get(name) {
                Some(pid) => CallReply::Reply(Term::tuple(vec![Term::ok(), Term::Pid(*pid)])),
                None if self.starting.values().any(|n| n == name) => {
                    self.waiting
                        .entry(name.clone())
                        .or_default()
                        .push(from.clone());
                    CallReply::NoReply
                }
                None => CallReply::Reply(Term::atom("error")),
            },
            _ => CallReply::Stop(crate::otp::reasons::function_clause(
                MODULE,
                "handle_call",
                3,
            )),
        }
    }

    fn handle_cast(&mut self, request: &Term, ctx: &mut Ctx) -> Next {
        if let Some([tag, name]) = request.as_tuple() {
            let known = self.names.contains_key(name) || self.starting.values().any(|n| n == name);
            if tag.is_atom("create") && !known {
                self.start_bucket(name, ctx);
            }
        }
        Next::NoReply
    }

    fn handle_info(&mut self, msg: &Term, ctx: &mut Ctx) -> Next {
        match msg.as_tuple() {
            // The bucket supervisor answered a start request.
            Some([Term::Ref(tag), result]) if self.starting.contains_key(tag) => {
                ctx.demonitor(*tag);
                if let Some(name) = self.starting.remove(tag) {
                    let pid = gen_server::started_pid(result);
                    self.started(name, pid, ctx);
                }
            }
            Some([down, Term::Ref(r), _, _, _]) if down.is_atom("DOWN") => {
                if let Some(name) = self.refs.remove(r) {
                    // A bucket stopped or crashed.
                    self.names.remove(&name);
                } else if let Some(name) = self.starting.remove(r) {
                    // The bucket supervisor died before it answered.
                    self.started(name, None, ctx);
                }
            }
            _ => {}
        }
        Next::NoReply
    }

    fn state(&self) -> Term {
        let names = self
            .names
            .iter()
            .map(|(name, pid)| (name.clone(), Term::Pid(*pid)))
            .collect::<Vec<_>>();
        let names = crate::term::Map::from_pairs(names);
        Term::map([
            (Term::atom("names"), Term::Map(names)),
            (
                Term::atom("refs"),
                Term::map(
                    self.refs
                        .iter()
                        .map(|(r, name)| (Term::Ref(*r), name.clone())),
                ),
            ),
        ])
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `KV.Registry.start_link(opts)`.
fn start_link(ctx: &mut Ctx, args: &[Term]) -> Result<Term, Term> {
    let opts = args.first().cloned().unwrap_or_else(|| Term::list(vec![]));
    Ok(gen_server::start(
        ctx,
        Registry::default(),
        StartOpts {
            name: gen_server::name_option(&opts),
            link: true,
        },
    ))
}

/// `KV.Registry.child_spec(opts)`, as `use GenServer` defines it.
fn child_spec_fn(_ctx: &mut Ctx, args: &[Term]) -> Result<Term, Term> {
    let opts = args.first().cloned().unwrap_or_else(|| Term::list(vec![]));
    Ok(ChildSpec {
        id: Term::atom(MODULE),
        start: (Atom::new(MODULE), Atom::new("start_link"), vec![opts]),
        ..ChildSpec::worker_default()
    }
    .to_term())
}

/// `KV.Registry.create(server, name)` sent by `caller`: a cast, so `:ok`
/// even when nobody is `server`.
pub fn create(world: &mut World, caller: Pid, server: &Term, name: &Term) -> Term {
    if let Some(pid) = name::whereis(world, caller.node, server) {
        let request = Term::tuple(vec![Term::atom("create"), name.clone()]);
        world.send(
            caller,
            pid,
            Term::tuple(vec![Term::atom("$gen_cast"), request]),
        );
    }
    Term::ok()
}

/// `KV.Registry.lookup(server, name)` made by `caller`: `{:ok, pid}` or `:error`.
pub fn lookup(
    world: &mut World,
    caller: Pid,
    server: &Term,
    name: &Term,
    budget: &mut Budget,
) -> Result<Term, CallError> {
    let request = Term::tuple(vec![Term::atom("lookup"), name.clone()]);
    call(world, caller, server, request, Some(TIMEOUT_MS), budget)
}

pub(super) fn load(world: &mut World) {
    world.load(MODULE, "start_link", 1, start_link);
    world.load(MODULE, "child_spec", 1, child_spec_fn);
}
