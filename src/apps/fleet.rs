//! Seed 000's fleet: user workers under a Registry and a DynamicSupervisor.
//!
//! ```text
//! Fleet.Supervisor (one_for_one)
//! ├─ Fleet.Registry (Registry, keys: :unique)
//! └─ Fleet.Dynamic  (DynamicSupervisor, 3 restarts in 5 s)
//!    └─ Fleet.UserWorker(id)*   named {:via, Registry, {Fleet.Registry, id}}
//! ```

use crate::kernel::{Ctx, World};
use crate::otp::child_spec;
use crate::otp::gen_server::{self, CallReply, From, GenServer, StartOpts};
use crate::otp::registry::via_name;
use crate::otp::supervisor::{self, Flags};
use crate::shard::{Rendezvous, Strategy};
use crate::term::{Atom, Term};
use std::any::Any;
use std::collections::BTreeMap;
use std::num::NonZeroU32;

/// `Fleet.Registry`.
pub const REGISTRY: &str = "Elixir.Fleet.Registry";
/// `Fleet.Dynamic`.
pub const DYNAMIC: &str = "Elixir.Fleet.Dynamic";
/// `Fleet.UserWorker`.
pub const WORKER: &str = "Elixir.Fleet.UserWorker";

/// `Fleet.via(id)`: `{:via, Registry, {Fleet.Registry, id}}`.
pub fn via(id: &Term) -> Term {
    via_name(&Atom::new(REGISTRY), id)
}

/// A user worker: a key–value map that is lost when the worker restarts.
#[derive(Clone)]
struct UserWorker {
    id: Term,
    data: BTreeMap<Term, Term>,
}

impl GenServer for UserWorker {
    fn module(&self) -> Atom {
        Atom::new(WORKER)
    }

    fn handle_call(&mut self, request: &Term, _from: &From, _ctx: &mut Ctx) -> CallReply {
        if request.is_atom("ping") {
            return CallReply::Reply(Term::atom("pong"));
        }
        match request.as_tuple() {
            Some([tag, k, v]) if tag.is_atom("put") => {
                self.data.insert(k.clone(), v.clone());
                CallReply::Reply(Term::ok())
            }
            Some([tag, k]) if tag.is_atom("get") => {
                CallReply::Reply(self.data.get(k).cloned().unwrap_or_else(Term::nil))
            }
            _ => CallReply::Stop(crate::otp::reasons::function_clause(
                WORKER,
                "handle_call",
                3,
            )),
        }
    }

    fn state(&self) -> Term {
        Term::map([
            (Term::atom("id"), self.id.clone()),
            (
                Term::atom("data"),
                Term::map(self.data.iter().map(|(k, v)| (k.clone(), v.clone()))),
            ),
        ])
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `Fleet.UserWorker.start_link(id)`.
fn worker_start_link(ctx: &mut Ctx, args: &[Term]) -> Result<Term, Term> {
    let id = args.first().cloned().unwrap_or_else(Term::nil);
    let worker = UserWorker {
        id: id.clone(),
        data: BTreeMap::new(),
    };
    Ok(gen_server::start(
        ctx,
        worker,
        StartOpts {
            name: Some(via(&id)),
            link: true,
        },
    ))
}

/// `Fleet.Supervisor.start_link()`: the fleet's top supervisor.
fn supervisor_start_link(ctx: &mut Ctx, _args: &[Term]) -> Result<Term, Term> {
    let children = [
        child_spec::registry_child("unique", REGISTRY),
        child_spec::dynamic_supervisor_child(DYNAMIC),
    ];
    supervisor::start_top(ctx, "Elixir.Fleet.Supervisor", &children, Flags::default())
}

/// `Fleet.pick_shard(id, k)`: the shard in `0..k-1` whose `phash2({id, shard})`
/// is largest, the first one on a tie (as `Enum.max_by/2`): rendezvous
/// hashing, [`crate::shard::Rendezvous`]. `None` for `k < 1` (or `k` past
/// `u32::MAX`).
pub fn pick_shard(id: &Term, k: i64) -> Option<i64> {
    let k = NonZeroU32::new(u32::try_from(k).ok()?)?;
    Some(i64::from(Rendezvous::new(k).shard(id)))
}

pub(super) fn load(world: &mut World) {
    world.load(
        "Elixir.Fleet.Supervisor",
        "start_link",
        0,
        supervisor_start_link,
    );
    world.load(WORKER, "start_link", 1, worker_start_link);
}
