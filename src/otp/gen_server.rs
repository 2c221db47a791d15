//! GenServer: the generic server loop, with callbacks written in Rust.
//!
//! The wire protocol is OTP's, so anything that can send a message can talk
//! to a server: calls are `{:"$gen_call", {pid, ref}, request}` answered with
//! `{ref, reply}`, casts are `{:"$gen_cast", request}`. A server that traps
//! exits runs `terminate/2` when its parent tells it to stop.

use crate::kernel::{Behaviour, Ctx, Flow, ProcessKind};
use crate::term::{Atom, Pid, Term};
use std::any::Any;

/// What `init/1` returns.
#[derive(Clone, Debug, PartialEq)]
pub enum Init {
    /// `{:ok, state}`
    Ok,
    /// `{:ok, state, {:continue, arg}}`
    Continue(Term),
    /// `{:stop, reason}`
    Stop(Term),
    /// `:ignore`
    Ignore,
}

/// What `handle_call/3` returns.
#[derive(Clone, Debug, PartialEq)]
pub enum CallReply {
    /// `{:reply, reply, state}`
    Reply(Term),
    /// `{:reply, reply, state, {:continue, arg}}`
    ReplyContinue(Term, Term),
    /// `{:noreply, state}` — the server answers later with [`reply`].
    NoReply,
    /// `{:stop, reason, reply, state}`
    StopReply(Term, Term),
    /// `{:stop, reason, state}`
    Stop(Term),
}

/// What `handle_cast/2`, `handle_info/2` and `handle_continue/2` return.
#[derive(Clone, Debug, PartialEq)]
pub enum Next {
    /// `{:noreply, state}`
    NoReply,
    /// `{:noreply, state, {:continue, arg}}`
    Continue(Term),
    /// `{:stop, reason, state}`
    Stop(Term),
}

/// The caller of a `GenServer.call`, to answer with [`reply`].
#[derive(Clone, Debug, PartialEq)]
pub struct From {
    /// The calling process.
    pub pid: Pid,
    /// The call's tag (a reference).
    pub tag: Term,
}

impl From {
    /// `{pid, tag}`, as `handle_call/3` sees it.
    pub fn to_term(&self) -> Term {
        Term::tuple([Term::Pid(self.pid), self.tag.clone()])
    }
}

/// `GenServer.reply(from, value)`.
pub fn reply(ctx: &mut Ctx, from: &From, value: Term) {
    let msg = Term::tuple([from.tag.clone(), value]);
    // `[:alias | ref]`: the caller's alias, dropped once its call is over.
    if let Some((head, Term::Ref(alias))) = from.tag.head_tail() {
        if head.is_atom("alias") {
            if let Some(to) = ctx.world_ref().alias_owner(*alias) {
                ctx.send(to, msg);
            }
            return;
        }
    }
    ctx.send(from.pid, msg);
}

/// A GenServer's callbacks. The server's state is the implementing value.
pub trait GenServer: Clone + 'static {
    /// The callback module, e.g. `Elixir.Fleet.UserWorker`.
    fn module(&self) -> Atom;

    /// Worker, or supervisor for the OTP supervisors built on this trait.
    fn kind(&self) -> ProcessKind {
        ProcessKind::Worker
    }

    /// `init/1`.
    fn init(&mut self, _ctx: &mut Ctx) -> Init {
        Init::Ok
    }

    /// `handle_call/3`. The default crashes the server as a module without a
    /// matching clause would.
    fn handle_call(&mut self, _request: &Term, _from: &From, _ctx: &mut Ctx) -> CallReply {
        CallReply::Stop(super::reasons::function_clause(
            self.module().as_str(),
            "handle_call",
            3,
        ))
    }

    /// `handle_cast/2`.
    fn handle_cast(&mut self, _request: &Term, _ctx: &mut Ctx) -> Next {
        Next::NoReply
    }

    /// `handle_info/2`. The default ignores the message (Elixir logs it).
    fn handle_info(&mut self, _msg: &Term, _ctx: &mut Ctx) -> Next {
        Next::NoReply
    }

    /// `handle_continue/2`.
    fn handle_continue(&mut self, _arg: &Term, _ctx: &mut Ctx) -> Next {
        Next::NoReply
    }

    /// `terminate/2`.
    fn terminate(&mut self, _reason: &Term, _ctx: &mut Ctx) {}

    /// The state as a term (`:sys.get_state/1`).
    fn state(&self) -> Term {
        Term::nil()
    }

    /// For introspection by the OTP layer.
    fn as_any(&self) -> &dyn Any;
}

/// How to start a server.
#[derive(Clone, Debug, Default)]
pub struct StartOpts {
    /// `name:` — an atom, `{:via, mod, term}` or `{:global, term}`.
    pub name: Option<Term>,
    /// `start_link` (true) or `start` (false).
    pub link: bool,
}

/// The process that runs a [`GenServer`].
#[derive(Clone)]
struct Server<G: GenServer> {
    server: G,
    parent: Pid,
}

impl<G: GenServer> Server<G> {
    /// Runs `handle_continue/2` for as long as callbacks ask for it.
    fn after(&mut self, mut next: Next, ctx: &mut Ctx) -> Flow {
        loop {
            match next {
                Next::NoReply => return Flow::Continue,
                Next::Continue(arg) => next = self.server.handle_continue(&arg, ctx),
                Next::Stop(reason) => {
                    self.server.terminate(&reason, ctx);
                    return Flow::Stop(reason);
                }
            }
        }
    }
}

impl<G: GenServer> Behaviour for Server<G> {
    fn clone_box(&self) -> Box<dyn Behaviour> {
        Box::new(self.clone())
    }

    fn handle(&mut self, msg: Term, ctx: &mut Ctx) -> Flow {
        let parts = msg.as_tuple().unwrap_or(&[]);
        match parts {
            [tag, from, request] if tag.is(Atom::GEN_CALL) => {
                let Some(from) = parse_from(from) else {
                    return Flow::Continue;
                };
                let next = match self.server.handle_call(request, &from, ctx) {
                    CallReply::Reply(value) => {
                        reply(ctx, &from, value);
                        Next::NoReply
                    }
                    CallReply::ReplyContinue(value, arg) => {
                        reply(ctx, &from, value);
                        Next::Continue(arg)
                    }
                    CallReply::NoReply => Next::NoReply,
                    CallReply::StopReply(reason, value) => {
                        self.server.terminate(&reason, ctx);
                        reply(ctx, &from, value);
                        return Flow::Stop(reason);
                    }
                    CallReply::Stop(reason) => Next::Stop(reason),
                };
                self.after(next, ctx)
            }
            [tag, request] if tag.is(Atom::GEN_CAST) => {
                let next = self.server.handle_cast(request, ctx);
                self.after(next, ctx)
            }
            [tag, from, request] if tag.is(Atom::SYSTEM) => match request.as_tuple() {
                // `GenServer.stop/3` (proc_lib:stop): terminate with the given reason.
                Some([t, reason]) if t.is_atom("terminate") => {
                    self.server.terminate(reason, ctx);
                    Flow::Stop(reason.clone())
                }
                // `:sys.get_state/1`.
                _ if request.is_atom("get_state") => {
                    if let Some(from) = parse_from(from) {
                        reply(ctx, &from, self.server.state());
                    }
                    Flow::Continue
                }
                _ => Flow::Continue,
            },
            [tag, from, reason] if tag.is(Atom::EXIT) && from.as_pid() == Some(self.parent) => {
                // The parent asked us to stop: OTP runs terminate/2 and exits with its reason.
                self.server.terminate(reason, ctx);
                Flow::Stop(reason.clone())
            }
            _ => {
                let next = self.server.handle_info(&msg, ctx);
                self.after(next, ctx)
            }
        }
    }

    fn module(&self) -> Atom {
        self.server.module()
    }

    fn kind(&self) -> ProcessKind {
        self.server.kind()
    }

    fn state(&self) -> Term {
        self.server.state()
    }

    fn as_any(&self) -> &dyn Any {
        self.server.as_any()
    }
}

fn parse_from(term: &Term) -> Option<From> {
    match term.as_tuple()? {
        [pid, tag] => Some(From {
            pid: pid.as_pid()?,
            tag: tag.clone(),
        }),
        _ => None,
    }
}

/// `GenServer.start/3` and `start_link/3`: spawns the server, registers its
/// name, runs `init/1` to completion, and returns `{:ok, pid}`,
/// `{:error, reason}` or `:ignore` as the caller sees them.
pub fn start<G: GenServer>(ctx: &mut Ctx, mut server: G, opts: StartOpts) -> Term {
    let me = ctx.me();
    let module = server.module();
    let Some(pid) = ctx.spawn(opts.link, module, server.kind()) else {
        return error(Term::atom("system_limit"));
    };
    if let Some(name) = &opts.name {
        if let Err(owner) = ctx.register(name, pid) {
            ctx.unlink(pid);
            ctx.kill_now(pid, Term::atom("normal"));
            return error(match owner {
                Some(owner) => Term::tuple([Term::atom("already_started"), Term::Pid(owner)]),
                None => Term::tuple([Term::atom("bad_name"), name.clone()]),
            });
        }
    }
    let init = ctx.as_process(pid, |c| server.init(c));
    let next = match init {
        Init::Ok => Next::NoReply,
        Init::Continue(arg) => ctx.as_process(pid, |c| server.handle_continue(&arg, c)),
        Init::Stop(reason) => {
            ctx.kill_now(pid, reason.clone());
            return error(reason);
        }
        Init::Ignore => {
            ctx.unlink(pid);
            ctx.kill_now(pid, Term::atom("normal"));
            return Term::atom("ignore");
        }
    };
    let mut process = Server { server, parent: me };
    if let Flow::Stop(reason) = ctx.as_process(pid, |c| process.after(next, c)) {
        ctx.kill_now(pid, reason);
        return Term::tuple([Term::ok(), Term::Pid(pid)]);
    }
    ctx.install(pid, Box::new(process));
    Term::tuple([Term::ok(), Term::Pid(pid)])
}

/// `{:error, reason}`.
pub fn error(reason: Term) -> Term {
    Term::tuple([Term::atom("error"), reason])
}

/// `{:ok, pid}` → `pid`.
pub fn started_pid(result: &Term) -> Option<Pid> {
    match result.as_tuple()? {
        [ok, pid] if ok.is_atom("ok") => pid.as_pid(),
        [ok, pid, _] if ok.is_atom("ok") => pid.as_pid(),
        _ => None,
    }
}

/// Parses the `name:` option out of a keyword list.
pub fn name_option(opts: &Term) -> Option<Term> {
    keyword_get(opts, "name")
}

/// `Keyword.get(list, key)`.
pub fn keyword_get(list: &Term, key: &str) -> Option<Term> {
    list.list_iter().find_map(|pair| match pair.as_tuple() {
        Some([k, v]) if k.is_atom(key) => Some(v.clone()),
        _ => None,
    })
}
