//! `KV.Bucket`: one bucket's key–value map, held by an Agent.
//!
//! The process is an `Agent` (its module is `Agent.Server`) that speaks the
//! Agent's own protocol with module–function–argument funs, as
//! `Agent.get(bucket, Map, :get, [key])` sends them:
//! `{:get, {Map, :get, [key]}}`, `{:update, {Map, :put, [key, value]}}` and
//! `{:get_and_update, {Map, :pop, [key]}}`, each applied to the state in the
//! agent, so a `delete` is one atomic step. It also answers the console
//! Agent's `{:get}` and `{:put, state}`, so `Agent.get/2`, `Agent.update/2`
//! and `Agent.stop/1` work on a bucket too.

use crate::kernel::{Ctx, World};
use crate::otp::call::{call, Budget, CallError};
use crate::otp::child_spec::{ChildSpec, Restart};
use crate::otp::gen_server::{self, CallReply, From, GenServer, StartOpts};
use crate::term::{Atom, Map, Pid, Term};
use std::any::Any;

/// `KV.Bucket`.
pub const MODULE: &str = "Elixir.KV.Bucket";

/// How long a bucket call waits, as `GenServer.call/2` does.
const TIMEOUT_MS: u64 = 5_000;

/// A bucket's state.
#[derive(Clone, Default)]
struct Bucket {
    map: Map,
}

impl Bucket {
    fn state_term(&self) -> Term {
        Term::Map(self.map.clone())
    }

    /// `apply(Map, fun, [state | args])` for the funs a bucket is sent.
    /// Returns the reply, or `None` for a fun it does not know.
    fn run(&mut self, kind: &str, fun: &Term) -> Option<Term> {
        let [m, f, args] = fun.as_tuple()? else {
            return None;
        };
        let args = args.list_to_vec()?;
        if !m.is_atom("Elixir.Map") {
            return None;
        }
        match (kind, f.as_atom()?, &args[..]) {
            ("get", "get", [key]) => Some(self.map.get(key).cloned().unwrap_or_else(Term::nil)),
            ("update", "put", [key, value]) => {
                self.map.insert(key.clone(), value.clone());
                Some(Term::ok())
            }
            ("get_and_update", "pop", [key]) => {
                Some(self.map.remove_in_place(key).unwrap_or_else(Term::nil))
            }
            _ => None,
        }
    }
}

impl GenServer for Bucket {
    fn module(&self) -> Atom {
        Atom::new("Elixir.Agent.Server")
    }

    fn handle_call(&mut self, request: &Term, _from: &From, _ctx: &mut Ctx) -> CallReply {
        let reply = match request.as_tuple() {
            Some([tag]) if tag.is_atom("get") => Some(self.state_term()),
            Some([tag, Term::Map(map)]) if tag.is_atom("put") => {
                self.map = map.clone();
                Some(Term::ok())
            }
            Some([Term::Atom(kind), fun @ Term::Tuple(..)]) => self.run(kind.as_str(), fun),
            // A function from Elixir's `Agent`: it runs in the caller.
            Some([Term::Atom(kind), Term::Fun(_)])
                if matches!(kind.as_str(), "get" | "update" | "get_and_update") =>
            {
                Some(Term::tuple(vec![
                    Term::atom(crate::otp::agent::NATIVE_STATE),
                    self.state_term(),
                ]))
            }
            _ => None,
        };
        CallReply::Reply(reply.unwrap_or_else(|| gen_server::error(Term::atom("unknown_call"))))
    }

    fn state(&self) -> Term {
        self.state_term()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `KV.Bucket.start_link(opts)`: an empty bucket.
fn start_link(ctx: &mut Ctx, args: &[Term]) -> Result<Term, Term> {
    let opts = args.first().cloned().unwrap_or_else(|| Term::list(vec![]));
    Ok(gen_server::start(
        ctx,
        Bucket::default(),
        StartOpts {
            name: gen_server::name_option(&opts),
            link: true,
        },
    ))
}

/// The spec buckets are started with: `:temporary`, so a bucket that dies
/// stays dead and only the registry ever creates one.
pub fn child_spec() -> ChildSpec {
    ChildSpec {
        id: Term::atom(MODULE),
        start: (
            Atom::new(MODULE),
            Atom::new("start_link"),
            vec![Term::list(vec![])],
        ),
        restart: Restart::Temporary,
        ..ChildSpec::worker_default()
    }
}

/// `KV.Bucket.child_spec(opts)`, as `use Agent, restart: :temporary` defines it.
fn child_spec_fn(_ctx: &mut Ctx, args: &[Term]) -> Result<Term, Term> {
    let mut spec = child_spec();
    spec.start.2 = vec![args.first().cloned().unwrap_or_else(|| Term::list(vec![]))];
    Ok(spec.to_term())
}

/// `Agent.get(bucket, Map, kind, args)`-style call made by `caller`.
fn agent_call(
    world: &mut World,
    caller: Pid,
    bucket: &Term,
    kind: &str,
    fun: &str,
    args: Vec<Term>,
    budget: &mut Budget,
) -> Result<Term, CallError> {
    let mfa = Term::tuple(vec![
        Term::atom("Elixir.Map"),
        Term::atom(fun),
        Term::list(args),
    ]);
    let request = Term::tuple(vec![Term::atom(kind), mfa]);
    call(world, caller, bucket, request, Some(TIMEOUT_MS), budget)
}

/// `KV.Bucket.get(bucket, key)`: the value, or `nil`.
pub fn get(
    world: &mut World,
    caller: Pid,
    bucket: &Term,
    key: &Term,
    budget: &mut Budget,
) -> Result<Term, CallError> {
    agent_call(
        world,
        caller,
        bucket,
        "get",
        "get",
        vec![key.clone()],
        budget,
    )
}

/// `KV.Bucket.put(bucket, key, value)`: `:ok`.
pub fn put(
    world: &mut World,
    caller: Pid,
    bucket: &Term,
    key: &Term,
    value: &Term,
    budget: &mut Budget,
) -> Result<Term, CallError> {
    let args = vec![key.clone(), value.clone()];
    agent_call(world, caller, bucket, "update", "put", args, budget)
}

/// `KV.Bucket.delete(bucket, key)`: removes `key` and returns the value it
/// had, or `nil`.
pub fn delete(
    world: &mut World,
    caller: Pid,
    bucket: &Term,
    key: &Term,
    budget: &mut Budget,
) -> Result<Term, CallError> {
    let args = vec![key.clone()];
    agent_call(world, caller, bucket, "get_and_update", "pop", args, budget)
}

pub(super) fn load(world: &mut World) {
    world.load(MODULE, "start_link", 1, start_link);
    world.load(MODULE, "child_spec", 1, child_spec_fn);
}
