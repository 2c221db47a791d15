//! `Supervisor`: starts children in order, restarts them by strategy, and
//! gives up when they crash too often.
//!
//! Restart intensity follows OTP 25's `supervisor.erl`: restart times are
//! kept in whole seconds; a restart counts while it is no older than
//! `max_seconds`; when the count exceeds `max_restarts` the supervisor stops
//! every child (last started first) and exits with `:shutdown`, which its own
//! supervisor sees as a crash of a child.

use super::child_spec::{self, ChildKind, ChildSpec, Restart};
use super::gen_server::{self, keyword_get, CallReply, From, GenServer, Init, Next, StartOpts};
use super::reasons::is_clean;
use super::shutdown::shutdown_child;
use crate::kernel::{Ctx, ProcessKind, TraceKind, World, MS};
use crate::term::{Atom, Pid, Term};
use std::any::Any;

/// How a supervisor reacts to a child's exit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// Restart only the child that exited.
    OneForOne,
    /// Restart every child.
    OneForAll,
    /// Restart the child and every child started after it.
    RestForOne,
}

/// Supervisor flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flags {
    /// The restart strategy.
    pub strategy: Strategy,
    /// `max_restarts` (default 3).
    pub max_restarts: u32,
    /// `max_seconds` (default 5).
    pub max_seconds: u64,
}

impl Default for Flags {
    fn default() -> Self {
        Flags {
            strategy: Strategy::OneForOne,
            max_restarts: 3,
            max_seconds: 5,
        }
    }
}

/// Restart intensity bookkeeping shared by both kinds of supervisor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Intensity {
    /// Restart times in whole virtual seconds, newest first.
    pub restarts: Vec<u64>,
}

impl Intensity {
    /// Records a restart now; false when that is one too many.
    pub fn add(&mut self, now_us: u64, max_restarts: u32, max_seconds: u64) -> bool {
        let now = now_us / (1_000 * MS);
        let threshold = now.saturating_sub(max_seconds);
        self.restarts.retain(|t| *t >= threshold);
        self.restarts.insert(0, now);
        self.restarts.len() <= max_restarts as usize
    }
}

/// Parses supervisor options (`strategy:`, `max_restarts:`, `max_seconds:`).
pub fn parse_flags(opts: &Term, default: Flags) -> Result<Flags, String> {
    let mut flags = default;
    if let Some(s) = keyword_get(opts, "strategy") {
        flags.strategy = match s.as_atom() {
            Some("one_for_one") => Strategy::OneForOne,
            Some("one_for_all") => Strategy::OneForAll,
            Some("rest_for_one") => Strategy::RestForOne,
            _ => return Err(format!("invalid :strategy {}", crate::term::inspect(&s))),
        };
    }
    if let Some(n) = keyword_get(opts, "max_restarts") {
        flags.max_restarts = n
            .as_int()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| format!("invalid :max_restarts {}", crate::term::inspect(&n)))?;
    }
    if let Some(n) = keyword_get(opts, "max_seconds") {
        flags.max_seconds = n
            .as_int()
            .and_then(|n| u64::try_from(n).ok().filter(|n| *n > 0))
            .ok_or_else(|| format!("invalid :max_seconds {}", crate::term::inspect(&n)))?;
    }
    Ok(flags)
}

/// One child of a static supervisor.
#[derive(Clone, Debug)]
pub struct Child {
    /// Its spec.
    pub spec: ChildSpec,
    /// Its pid while running.
    pub pid: Option<Pid>,
}

/// A static supervisor's state.
#[derive(Clone)]
pub struct Supervisor {
    module: Atom,
    flags: Flags,
    /// Children in start order.
    pub children: Vec<Child>,
    intensity: Intensity,
    specs: Vec<ChildSpec>,
}

impl Supervisor {
    /// The flags it runs with.
    pub fn flags(&self) -> Flags {
        self.flags
    }

    /// Restart times inside the current window (seconds, newest first).
    pub fn restart_times(&self) -> &[u64] {
        &self.intensity.restarts
    }

    fn index_of(&self, pid: Pid) -> Option<usize> {
        self.children.iter().position(|c| c.pid == Some(pid))
    }

    /// Starts child `i`; returns the start result.
    fn start_at(&mut self, ctx: &mut Ctx, i: usize) -> Term {
        let result = child_spec::start_child(ctx, &self.children[i].spec, &[]);
        self.children[i].pid = gen_server::started_pid(&result);
        result
    }

    /// Stops children `from..` in reverse start order.
    fn stop_from(&mut self, ctx: &mut Ctx, from: usize) {
        for child in self.children[from..].iter_mut().rev() {
            if let Some(pid) = child.pid.take() {
                shutdown_child(ctx, pid, child.spec.shutdown);
            }
        }
    }

    /// Restarts children `from..` of which `crashed` already exited; false when
    /// one of them failed to start (the caller retries, as OTP does).
    fn restart_from(&mut self, ctx: &mut Ctx, from: usize, only: Option<usize>) -> bool {
        let me = ctx.me();
        let range: Vec<usize> = match only {
            Some(i) => vec![i],
            None => (from..self.children.len()).collect(),
        };
        for i in range {
            if self.children[i].pid.is_some() {
                continue;
            }
            let result = self.start_at(ctx, i);
            match self.children[i].pid {
                Some(pid) => ctx.record(TraceKind::Restart {
                    supervisor: me,
                    child: self.children[i].spec.id.clone(),
                    pid,
                }),
                None if result.is_atom("ignore") => {}
                None => return false,
            }
        }
        true
    }

    /// Handles a child's exit: restart by strategy, or give up.
    fn child_exited(&mut self, ctx: &mut Ctx, i: usize, reason: &Term) -> Next {
        self.children[i].pid = None;
        let restart = match self.children[i].spec.restart {
            Restart::Permanent => true,
            Restart::Transient => !is_clean(reason),
            Restart::Temporary => false,
        };
        if !restart {
            if self.children[i].spec.restart == Restart::Temporary {
                self.children.remove(i);
            }
            return Next::NoReply;
        }
        self.restart(ctx, i)
    }

    fn restart(&mut self, ctx: &mut Ctx, i: usize) -> Next {
        if !self
            .intensity
            .add(ctx.now(), self.flags.max_restarts, self.flags.max_seconds)
        {
            return give_up(ctx, |ctx| self.stop_from(ctx, 0));
        }
        let ok = match self.flags.strategy {
            Strategy::OneForOne => self.restart_from(ctx, i, Some(i)),
            Strategy::OneForAll => {
                self.stop_from(ctx, 0);
                self.restart_from(ctx, 0, None)
            }
            Strategy::RestForOne => {
                self.stop_from(ctx, i);
                self.restart_from(ctx, i, None)
            }
        };
        if !ok {
            // OTP retries a failed restart, and each try counts toward intensity.
            let me = ctx.me();
            let retry = Term::tuple([Term::atom("$otpsim_restart"), Term::Int(i as i64)]);
            ctx.send(me, retry);
        }
        Next::NoReply
    }
}

/// Records why a supervisor stops and stops it with `:shutdown`.
pub(crate) fn give_up(ctx: &mut Ctx, stop_children: impl FnOnce(&mut Ctx)) -> Next {
    let me = ctx.me();
    ctx.record(TraceKind::Shutdown {
        supervisor: me,
        reason: Term::atom("reached_max_restart_intensity"),
    });
    stop_children(ctx);
    Next::Stop(Term::atom("shutdown"))
}

impl GenServer for Supervisor {
    fn module(&self) -> Atom {
        self.module
    }

    fn kind(&self) -> ProcessKind {
        ProcessKind::Supervisor
    }

    fn init(&mut self, ctx: &mut Ctx) -> Init {
        ctx.trap_exit(true);
        self.children = self
            .specs
            .drain(..)
            .map(|spec| Child { spec, pid: None })
            .collect();
        for i in 0..self.children.len() {
            let result = self.start_at(ctx, i);
            if self.children[i].pid.is_none() && !result.is_atom("ignore") {
                let reason = match result.as_tuple() {
                    Some([_, reason]) => reason.clone(),
                    _ => result.clone(),
                };
                self.stop_from(ctx, 0);
                return Init::Stop(Term::tuple([
                    Term::atom("shutdown"),
                    Term::tuple([
                        Term::atom("failed_to_start_child"),
                        self.children[i].spec.id.clone(),
                        reason,
                    ]),
                ]));
            }
        }
        Init::Ok
    }

    fn handle_call(&mut self, request: &Term, _from: &From, _ctx: &mut Ctx) -> CallReply {
        match request.as_atom() {
            Some("which_children") => CallReply::Reply(Term::list(
                self.children
                    .iter()
                    .rev()
                    .map(|c| {
                        Term::tuple([
                            c.spec.id.clone(),
                            c.pid.map_or(Term::atom("undefined"), Term::Pid),
                            kind_term(c.spec.kind),
                            c.spec.modules_term(),
                        ])
                    })
                    .collect(),
            )),
            Some("count_children") => {
                let specs = self.children.len() as i64;
                let active = self.children.iter().filter(|c| c.pid.is_some()).count() as i64;
                let sups = self
                    .children
                    .iter()
                    .filter(|c| c.spec.kind == ChildKind::Supervisor)
                    .count() as i64;
                CallReply::Reply(counts(specs, active, sups, specs - sups))
            }
            _ => CallReply::Reply(gen_server::error(Term::atom("unknown_call"))),
        }
    }

    fn handle_info(&mut self, msg: &Term, ctx: &mut Ctx) -> Next {
        match msg.as_tuple() {
            Some([tag, pid, reason]) if tag.is_atom("EXIT") => {
                match pid.as_pid().and_then(|p| self.index_of(p)) {
                    Some(i) => self.child_exited(ctx, i, reason),
                    None => Next::NoReply,
                }
            }
            Some([tag, Term::Int(i)]) if tag.is_atom("$otpsim_restart") => {
                match usize::try_from(*i)
                    .ok()
                    .filter(|i| *i < self.children.len())
                {
                    Some(i) if self.children[i].pid.is_none() => self.restart(ctx, i),
                    _ => Next::NoReply,
                }
            }
            _ => Next::NoReply,
        }
    }

    fn terminate(&mut self, _reason: &Term, ctx: &mut Ctx) {
        self.stop_from(ctx, 0);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `:worker` or `:supervisor`.
pub fn kind_term(kind: ChildKind) -> Term {
    Term::atom(match kind {
        ChildKind::Worker => "worker",
        ChildKind::Supervisor => "supervisor",
    })
}

/// `%{active: _, specs: _, supervisors: _, workers: _}`.
pub fn counts(specs: i64, active: i64, supervisors: i64, workers: i64) -> Term {
    Term::map([
        (Term::atom("active"), Term::Int(active)),
        (Term::atom("specs"), Term::Int(specs)),
        (Term::atom("supervisors"), Term::Int(supervisors)),
        (Term::atom("workers"), Term::Int(workers)),
    ])
}

/// Starts a supervisor process running `module` with `children`.
pub fn start(
    ctx: &mut Ctx,
    module: Atom,
    children: Vec<ChildSpec>,
    flags: Flags,
    name: Option<Term>,
) -> Term {
    let sup = Supervisor {
        module,
        flags,
        children: Vec::new(),
        intensity: Intensity::default(),
        specs: children,
    };
    gen_server::start(ctx, sup, StartOpts { name, link: true })
}

/// `Supervisor.start_link(children, opts)`.
fn start_link(ctx: &mut Ctx, args: &[Term]) -> Result<Term, Term> {
    let (Some(children), opts) = (args.first().and_then(Term::list_to_vec), args.get(1)) else {
        return Err(Term::atom("badarg"));
    };
    let empty = Term::list(vec![]);
    let opts = opts.unwrap_or(&empty);
    let flags =
        parse_flags(opts, Flags::default()).map_err(|m| super::reasons::argument_error(&m))?;
    if keyword_get(opts, "strategy").is_none() {
        return Err(super::reasons::argument_error(
            "expected :strategy option to be given",
        ));
    }
    let mut specs = Vec::new();
    for child in children.iter() {
        let spec = child_spec::normalize(ctx, child)?;
        if specs.iter().any(|s: &ChildSpec| s.id == spec.id) {
            return Err(Term::tuple([
                Term::atom("duplicate_child_name"),
                spec.id.clone(),
            ]));
        }
        specs.push(spec);
    }
    Ok(start(
        ctx,
        Atom::new("Elixir.Supervisor.Default"),
        specs,
        flags,
        gen_server::name_option(opts),
    ))
}

/// The children of a static supervisor, for views: `(id, pid)` in start order.
pub fn children_of(world: &World, pid: Pid) -> Option<Vec<(Term, Option<Pid>)>> {
    let sup = world
        .behaviour(pid)?
        .as_any()
        .downcast_ref::<Supervisor>()?;
    Some(
        sup.children
            .iter()
            .map(|c| (c.spec.id.clone(), c.pid))
            .collect(),
    )
}

pub(super) fn load(world: &mut World) {
    world.load("Elixir.Supervisor", "start_link", 2, start_link);
}
