//! `Todo.Cache`: the one process that maps list names to `Todo.Server` pids.
//!
//! ```elixir
//! def server_process(todo_list_name),
//!   do: GenServer.call(__MODULE__, {:server_process, todo_list_name})
//!
//! def handle_call({:server_process, todo_list_name}, _, todo_servers) do
//!   case Map.fetch(todo_servers, todo_list_name) do
//!     {:ok, todo_server} -> {:reply, todo_server, todo_servers}
//!     :error ->
//!       {:ok, new_server} = Todo.Server.start(todo_list_name)
//!       {:reply, new_server, Map.put(todo_servers, todo_list_name, new_server)}
//!   end
//! end
//! ```
//!
//! This is the seed's bottleneck: every client that wants a list's server
//! asks this one process, one request at a time. Each request costs it
//! [`CACHE_US`] of virtual time, so under load its mailbox grows and every
//! caller waits behind the others (see `Todo.load/2`).
//!
//! Two additions to the seed's chapter 7 code, both needed once a server
//! can die: the cache monitors the servers it hands out and forgets one
//! when it goes `:DOWN`, so a killed server is started afresh (and reloads
//! its list from the database); and a server already registered for the
//! name (`{:error, {:already_started, pid}}`, one the registry design
//! started, or one left by an earlier cache) is adopted instead of started
//! twice.

use super::server;
use crate::kernel::{Ctx, Time};
use crate::otp::gen_server::{self, CallReply, From, GenServer, StartOpts};
use crate::otp::reasons::{exception, function_clause};
use crate::term::{Atom, Pid, Ref, Term};
use std::any::Any;
use std::collections::BTreeMap;

/// `Todo.Cache`, registered under this name on every node.
pub const CACHE: &str = "Elixir.Todo.Cache";
/// Virtual time one `server_process` request costs the cache, in microseconds.
pub const CACHE_US: Time = 50;

/// `{:server_process, name}`, the call `Todo.Cache.server_process/1` makes.
pub fn server_process_request(name: &Term) -> Term {
    Term::tuple(vec![Term::atom("server_process"), name.clone()])
}

/// The cache's state: servers by list name, and the monitor on each.
#[derive(Clone, Default)]
struct Cache {
    servers: BTreeMap<Term, Pid>,
    monitors: BTreeMap<Ref, Term>,
}

impl Cache {
    /// The server for `name`, started if needed; `Err` is a crash reason.
    fn server_process(&mut self, name: &Term, ctx: &mut Ctx) -> Result<Pid, Term> {
        if let Some(pid) = self.servers.get(name) {
            return Ok(*pid);
        }
        let result = server::start(ctx, name);
        let Some(pid) = server::started_or_existing(&result) else {
            // `{:ok, new_server} = Todo.Server.start(name)` did not match.
            return Err(Term::tuple(vec![
                exception("MatchError", vec![("term", result)]),
                Term::list(vec![]),
            ]));
        };
        let mref = ctx.monitor(pid);
        self.monitors.insert(mref, name.clone());
        self.servers.insert(name.clone(), pid);
        Ok(pid)
    }
}

impl GenServer for Cache {
    fn module(&self) -> Atom {
        Atom::new(CACHE)
    }

    fn handle_call(&mut self, request: &Term, _from: &From, ctx: &mut Ctx) -> CallReply {
        match request.as_tuple() {
            Some([tag, name]) if tag.is_atom("server_process") => {
                ctx.consume(CACHE_US);
                match self.server_process(name, ctx) {
                    Ok(pid) => CallReply::Reply(Term::Pid(pid)),
                    Err(reason) => CallReply::Stop(reason),
                }
            }
            _ => CallReply::Stop(function_clause(CACHE, "handle_call", 3)),
        }
    }

    fn handle_info(&mut self, msg: &Term, _ctx: &mut Ctx) -> gen_server::Next {
        if let Some([down, Term::Ref(mref), _, Term::Pid(pid), _]) = msg.as_tuple() {
            if down.is_atom("DOWN") {
                if let Some(name) = self.monitors.remove(mref) {
                    if self.servers.get(&name) == Some(pid) {
                        self.servers.remove(&name);
                    }
                }
            }
        }
        gen_server::Next::NoReply
    }

    fn state(&self) -> Term {
        Term::map(
            self.servers
                .iter()
                .map(|(name, pid)| (name.clone(), Term::Pid(*pid))),
        )
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `Todo.Cache.start_link()`: the named cache, empty.
pub(super) fn start_link(ctx: &mut Ctx, _args: &[Term]) -> Result<Term, Term> {
    Ok(gen_server::start(
        ctx,
        Cache::default(),
        StartOpts {
            name: Some(Term::atom(CACHE)),
            link: true,
        },
    ))
}
