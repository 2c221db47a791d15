//! `Todo.Server`: one process per to-do list, persisting every change.
//!
//! ```elixir
//! def init(name), do: {:ok, {name, nil}, {:continue, :init}}
//!
//! def handle_continue(:init, {name, nil}) do
//!   todo_list = Todo.Database.get(name) || Todo.List.new()
//!   {:noreply, {name, todo_list}}
//! end
//!
//! def handle_cast({:add_entry, new_entry}, {name, todo_list}) do
//!   new_list = Todo.List.add_entry(todo_list, new_entry)
//!   Todo.Database.store(name, new_list)
//!   {:noreply, {name, new_list}}
//! end
//!
//! def handle_call({:entries, date}, _, {name, todo_list}),
//!   do: {:reply, Todo.List.entries(todo_list, date), {name, todo_list}}
//! ```
//!
//! `add_entry/2` is a cast, `entries/2` a call. `Todo.Database.get/1` and
//! `store/2` each make a blocking call to `Todo.Database` (and `get` one more
//! to the worker); here the server sends the call, remembers where it was,
//! and queues whatever else arrives until the answer is in — what a process
//! blocked in `receive` does with its mailbox. The queued requests are then
//! handled in arrival order. A failed database call (`:noproc`, a crash,
//! the 5-second timeout) crashes the server, as the raised exit would.
//!
//! Each request costs the server [`SERVER_US`] of virtual time. The server
//! is named `{:via, Registry, {Todo.ServerRegistry, name}}` in both designs,
//! so there is at most one server per list on a node whichever design
//! started it: the cache starts it with `start/1` (unlinked, as in the
//! seed), the registry design with `start_link/1` under
//! `Todo.ServerSupervisor` (`restart: :temporary`, as the book's chapter 9).

use super::database::{choose_worker_async, get_request, store_message};
use super::list::TodoList;
use super::pending::{Answer, Pending};
use super::REGISTRY;
use crate::kernel::{Ctx, Time};
use crate::otp::child_spec::{ChildSpec, Restart};
use crate::otp::gen_server::{self, reply, CallReply, From, GenServer, Init, Next, StartOpts};
use crate::otp::reasons::{exception, function_clause};
use crate::otp::registry::via_name;
use crate::term::{Atom, Term};
use std::any::Any;
use std::collections::VecDeque;

/// `Todo.Server`.
pub const SERVER: &str = "Elixir.Todo.Server";
/// Virtual time one request costs a to-do server, in microseconds.
pub const SERVER_US: Time = 10;

/// `{:via, Registry, {Todo.ServerRegistry, name}}`.
pub fn via(name: &Term) -> Term {
    via_name(&Atom::new(REGISTRY), name)
}

/// `{:entries, date}`, the call `Todo.Server.entries/2` makes.
pub fn entries_request(date: &Term) -> Term {
    Term::tuple(vec![Term::atom("entries"), date.clone()])
}

/// `{:add_entry, entry}`, the cast `Todo.Server.add_entry/2` makes.
pub fn add_entry_request(entry: &Term) -> Term {
    Term::tuple(vec![Term::atom("add_entry"), entry.clone()])
}

/// What the server does with the answer to its pending database call.
#[derive(Clone, Debug)]
enum Then {
    /// `get/1` chose a worker: ask it for the list.
    Read,
    /// The worker answered `get/1`: the list is loaded.
    Loaded,
    /// `store/2` chose a worker: cast it this list.
    Write(TodoList),
}

/// A request that arrived while the server was blocked.
#[derive(Clone, Debug)]
enum Queued {
    Call(Term, From),
    Cast(Term),
}

/// A to-do server's state: the seed's `{name, todo_list}` plus the call it
/// is blocked in and what waits behind it.
#[derive(Clone)]
struct TodoServer {
    name: Term,
    /// `None` until loaded from the database (the seed's `{name, nil}`).
    list: Option<TodoList>,
    blocked: Option<(Pending, Then)>,
    queued: VecDeque<Queued>,
}

impl TodoServer {
    fn new(name: Term) -> TodoServer {
        TodoServer {
            name,
            list: None,
            blocked: None,
            queued: VecDeque::new(),
        }
    }

    /// Handles one request now; `Err` is the reason the server crashes with.
    fn run(&mut self, request: Queued, ctx: &mut Ctx) -> Result<(), Term> {
        ctx.consume(SERVER_US);
        let list = self.list.get_or_insert_with(TodoList::new);
        match request {
            Queued::Call(request, from) => match request.as_tuple() {
                Some([tag, date]) if tag.is_atom("entries") => {
                    let found = list.entries(date)?;
                    reply(ctx, &from, Term::list(found));
                    Ok(())
                }
                _ => Err(function_clause(SERVER, "handle_call", 3)),
            },
            Queued::Cast(request) => match request.as_tuple() {
                Some([tag, entry]) if tag.is_atom("add_entry") => {
                    let new_list = list.add_entry(entry)?;
                    *list = new_list.clone();
                    let call = choose_worker_async(ctx, &self.name)?;
                    self.blocked = Some((call, Then::Write(new_list)));
                    Ok(())
                }
                _ => Err(function_clause(SERVER, "handle_cast", 2)),
            },
        }
    }

    /// Takes up queued requests until one blocks the server again.
    fn drain(&mut self, ctx: &mut Ctx) -> Next {
        while self.blocked.is_none() {
            let Some(request) = self.queued.pop_front() else {
                break;
            };
            if let Err(reason) = self.run(request, ctx) {
                return Next::Stop(reason);
            }
        }
        Next::NoReply
    }

    /// The pending database call was answered.
    fn resume(&mut self, answer: Answer, then: Then, ctx: &mut Ctx) -> Next {
        let value = match answer {
            Answer::Reply(value) => value,
            Answer::Exit(reason) => return Next::Stop(reason),
        };
        match then {
            Then::Read => {
                match Pending::call(ctx, &value, get_request(&self.name), Some(5_000)) {
                    Ok(call) => self.blocked = Some((call, Then::Loaded)),
                    Err(reason) => return Next::Stop(reason),
                }
                Next::NoReply
            }
            Then::Loaded => {
                // `Todo.Database.get(name) || Todo.List.new()`
                let list = if value.is_falsy() {
                    TodoList::new()
                } else {
                    match TodoList::from_term(&value) {
                        Some(list) => list,
                        None => {
                            return Next::Stop(Term::tuple(vec![
                                exception("MatchError", vec![("term", value)]),
                                Term::list(vec![]),
                            ]))
                        }
                    }
                };
                self.list = Some(list);
                self.drain(ctx)
            }
            Then::Write(list) => {
                // `Todo.DatabaseWorker.store(worker, name, list)`: a cast.
                if let Some(worker) = value.as_pid() {
                    ctx.send(worker, store_message(&self.name, list.to_term()));
                }
                self.drain(ctx)
            }
        }
    }
}

impl GenServer for TodoServer {
    fn module(&self) -> Atom {
        Atom::new(SERVER)
    }

    fn init(&mut self, _ctx: &mut Ctx) -> Init {
        Init::Continue(Term::atom("init"))
    }

    fn handle_continue(&mut self, arg: &Term, ctx: &mut Ctx) -> Next {
        if !arg.is_atom("init") || self.list.is_some() {
            return Next::Stop(function_clause(SERVER, "handle_continue", 2));
        }
        match choose_worker_async(ctx, &self.name) {
            Ok(call) => {
                self.blocked = Some((call, Then::Read));
                Next::NoReply
            }
            Err(reason) => Next::Stop(reason),
        }
    }

    fn handle_call(&mut self, request: &Term, from: &From, ctx: &mut Ctx) -> CallReply {
        let request = Queued::Call(request.clone(), from.clone());
        if self.blocked.is_some() {
            self.queued.push_back(request);
            return CallReply::NoReply;
        }
        match self.run(request, ctx) {
            Ok(()) => CallReply::NoReply,
            Err(reason) => CallReply::Stop(reason),
        }
    }

    fn handle_cast(&mut self, request: &Term, ctx: &mut Ctx) -> Next {
        let request = Queued::Cast(request.clone());
        if self.blocked.is_some() {
            self.queued.push_back(request);
            return Next::NoReply;
        }
        match self.run(request, ctx) {
            Ok(()) => Next::NoReply,
            Err(reason) => Next::Stop(reason),
        }
    }

    fn handle_info(&mut self, msg: &Term, ctx: &mut Ctx) -> Next {
        let answer = self.blocked.as_ref().and_then(|(call, _)| call.answer(msg));
        match (answer, self.blocked.take()) {
            (Some(answer), Some((call, then))) => {
                call.finish(ctx);
                self.resume(answer, then, ctx)
            }
            (_, blocked) => {
                // Anything else (a late reply, a stray message) is ignored,
                // as the default `handle_info/2` does.
                self.blocked = blocked;
                Next::NoReply
            }
        }
    }

    fn state(&self) -> Term {
        Term::tuple(vec![
            self.name.clone(),
            self.list.as_ref().map_or_else(Term::nil, TodoList::to_term),
        ])
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `Todo.Server.start(name)` as the cache does it: unlinked, registered by
/// its via name. Returns `{:ok, pid}` or `{:error, {:already_started, pid}}`.
pub(super) fn start(ctx: &mut Ctx, name: &Term) -> Term {
    gen_server::start(
        ctx,
        TodoServer::new(name.clone()),
        StartOpts {
            name: Some(via(name)),
            link: false,
        },
    )
}

/// `Todo.Server.start_link(name)`, the start function of its child spec.
pub(super) fn start_link(ctx: &mut Ctx, args: &[Term]) -> Result<Term, Term> {
    let name = args.first().cloned().unwrap_or_else(Term::nil);
    Ok(gen_server::start(
        ctx,
        TodoServer::new(name.clone()),
        StartOpts {
            name: Some(via(&name)),
            link: true,
        },
    ))
}

/// `Todo.Server.child_spec(name)`: a temporary worker started by `start_link/1`.
pub fn child_spec(name: &Term) -> ChildSpec {
    ChildSpec {
        id: Term::atom(SERVER),
        start: (
            Atom::new(SERVER),
            Atom::new("start_link"),
            vec![name.clone()],
        ),
        restart: Restart::Temporary,
        ..ChildSpec::worker_default()
    }
}

/// `Todo.Server.child_spec/1` as loaded code.
pub(super) fn child_spec_fn(_ctx: &mut Ctx, args: &[Term]) -> Result<Term, Term> {
    let name = args.first().cloned().unwrap_or_else(Term::nil);
    Ok(child_spec(&name).to_term())
}

/// The pid behind a `{:ok, pid}` or `{:error, {:already_started, pid}}`.
pub fn started_or_existing(result: &Term) -> Option<crate::term::Pid> {
    gen_server::started_pid(result).or_else(|| match result.as_tuple()? {
        [error, reason] if error.is_atom("error") => match reason.as_tuple()? {
            [tag, pid] if tag.is_atom("already_started") => pid.as_pid(),
            _ => None,
        },
        _ => None,
    })
}
