//! `Shards.Writer`: a client process that writes keys one after another,
//! concurrently with other writers and with shards moving under it.
//!
//! It routes each write from its own node's view, calls the primary, and
//! retries on a missing worker, a `:not_owner` answer, the worker going
//! down, or a timeout. It counts a write as acknowledged only when the
//! primary answered `:ok`, and remembers the last acknowledged value of
//! each key, so a test can check that none of them was lost.

use super::client::route;
use super::worker::worker_on;
use crate::kernel::{Ctx, NodeId, World};
use crate::otp::gen_server::{self, CallReply, From, GenServer, Init, Next, StartOpts};
use crate::term::{Atom, Term};
use std::any::Any;
use std::collections::BTreeMap;

/// `Shards.Writer`.
pub const MODULE: &str = "Elixir.Shards.Writer";
/// A call unanswered this long (ms) is given up and retried.
const TIMEOUT_MS: u64 = 1_000;
/// Pause before retrying (ms).
const RETRY_MS: u64 = 20;
/// Pause between one acknowledged write and the next (ms), so a load
/// spreads over virtual time and shards move while writes are in flight.
const THINK_MS: u64 = 5;

#[derive(Clone)]
struct InFlight {
    tag: Term,
    monitor: Term,
    key: Term,
    value: Term,
    version: Term,
}

/// A writer's state.
#[derive(Clone)]
pub struct Writer {
    /// Which writer this is (keys and values are derived from it).
    id: i64,
    /// Writes still to do.
    left: u64,
    /// Writes done so far.
    done: u64,
    /// How many distinct keys this writer cycles through.
    keys: i64,
    in_flight: Option<InFlight>,
    acked: BTreeMap<Term, Term>,
}

impl Writer {
    fn next_write(&self) -> (Term, Term) {
        let key = Term::tuple(vec![
            Term::Int(self.id),
            Term::Int(self.done as i64 % self.keys),
        ]);
        (key, Term::Int(self.done as i64))
    }

    fn send(&mut self, ctx: &mut Ctx) {
        if self.left == 0 || self.in_flight.is_some() {
            return;
        }
        // Each try is a new write with a new stamp: a late copy of an
        // earlier try loses to it.
        let (key, value) = self.next_write();
        let me = ctx.me();
        let (shard, primary) = route(ctx.world_ref(), ctx.node(), &key);
        let Some(pid) = primary.and_then(|p| worker_on(ctx.world_ref(), p, shard)) else {
            ctx.send_after(me, Term::atom("next"), RETRY_MS);
            return;
        };
        let tag = Term::Ref(ctx.make_ref());
        let monitor = Term::Ref(ctx.monitor(pid));
        let version = super::worker::stamp(ctx.world_ref(), ctx.node());
        let request = super::worker::put_request(key.clone(), value.clone(), version.clone());
        let from = Term::tuple(vec![Term::Pid(me), tag.clone()]);
        ctx.send(
            pid,
            Term::tuple(vec![Term::atom("$gen_call"), from, request]),
        );
        ctx.send_after(
            me,
            Term::tuple(vec![Term::atom("timeout"), tag.clone()]),
            TIMEOUT_MS,
        );
        self.in_flight = Some(InFlight {
            tag,
            monitor,
            key,
            value,
            version,
        });
    }

    /// Drops the call in flight (if it is `tag`) and tries again soon.
    fn retry(&mut self, ctx: &mut Ctx) {
        if let Some(f) = self.in_flight.take() {
            if let Term::Ref(r) = f.monitor {
                ctx.demonitor(r);
            }
        }
        let me = ctx.me();
        ctx.send_after(me, Term::atom("next"), RETRY_MS);
    }
}

impl GenServer for Writer {
    fn module(&self) -> Atom {
        Atom::new(MODULE)
    }

    fn init(&mut self, _ctx: &mut Ctx) -> Init {
        Init::Continue(Term::atom("next"))
    }

    fn handle_continue(&mut self, _arg: &Term, ctx: &mut Ctx) -> Next {
        self.send(ctx);
        Next::NoReply
    }

    fn handle_call(&mut self, request: &Term, _from: &From, _ctx: &mut Ctx) -> CallReply {
        match request.as_atom() {
            Some("acked") => CallReply::Reply(Term::map(self.acked.clone())),
            Some("done?") => CallReply::Reply(Term::boolean(self.left == 0)),
            _ => CallReply::Reply(gen_server::error(Term::atom("bad_request"))),
        }
    }

    fn handle_info(&mut self, msg: &Term, ctx: &mut Ctx) -> Next {
        let current = self
            .in_flight
            .as_ref()
            .map(|f| (f.tag.clone(), f.monitor.clone()));
        match (msg.as_tuple(), current) {
            (Some([tag, answer]), Some((t, _))) if *tag == t => {
                if answer.is_atom("ok") {
                    if let Some(f) = self.in_flight.take() {
                        if let Term::Ref(r) = f.monitor {
                            ctx.demonitor(r);
                        }
                        super::ledger::record(ctx.world(), f.key.clone(), f.version);
                        self.acked.insert(f.key, f.value);
                    }
                    self.done += 1;
                    self.left -= 1;
                    let me = ctx.me();
                    ctx.send_after(me, Term::atom("next"), THINK_MS);
                } else {
                    self.retry(ctx);
                }
            }
            (Some([down, m, ..]), Some((_, mon))) if down.is_atom("DOWN") && *m == mon => {
                self.retry(ctx);
            }
            (Some([timeout, tag]), Some((t, _))) if timeout.is_atom("timeout") && *tag == t => {
                self.retry(ctx);
            }
            _ if msg.is_atom("next") => self.send(ctx),
            _ => {}
        }
        Next::NoReply
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Starts writer `id` on `node` (unlinked), doing `writes` writes over `keys` keys.
pub fn start(world: &mut World, node: NodeId, id: i64, writes: u64, keys: i64) -> Term {
    let Some(root) = world.whereis(node, &Atom::new("application_controller")) else {
        return gen_server::error(Term::atom("nodedown"));
    };
    let writer = Writer {
        id,
        left: writes,
        done: 0,
        keys: keys.max(1),
        in_flight: None,
        acked: BTreeMap::new(),
    };
    gen_server::start(
        &mut Ctx::new(world, root),
        writer,
        StartOpts {
            name: None,
            link: false,
        },
    )
}
