//! `DynamicSupervisor`: children started on demand, all alike, one_for_one.
//!
//! Speaks Elixir 1.14's call protocol, so `DynamicSupervisor.start_child/2`
//! from any process (or the console) is a `GenServer.call` with the
//! normalised spec. Children are kept by pid, which is also the order
//! `which_children/1` lists them in.

use super::child_spec::{self, ChildKind, ChildSpec, Restart};
use super::gen_server::{self, keyword_get, CallReply, From, GenServer, Init, Next, StartOpts};
use super::reasons::is_clean;
use super::shutdown::shutdown_child;
use super::supervisor::{counts, give_up, kind_term, Intensity};
use crate::kernel::{Ctx, ProcessKind, TraceKind, World};
use crate::term::{Atom, Pid, Term};
use std::any::Any;
use std::collections::BTreeMap;

/// A dynamic supervisor's state.
#[derive(Clone)]
pub struct DynamicSupervisor {
    /// Running children by pid.
    pub children: BTreeMap<Pid, ChildSpec>,
    max_restarts: u32,
    max_seconds: u64,
    max_children: Option<usize>,
    extra_arguments: Vec<Term>,
    intensity: Intensity,
    /// Children whose restart failed, waiting for another try.
    pending: Vec<ChildSpec>,
    /// Children written in Elixir being started by a helper process
    /// ([`crate::vm::spawn`]), by tag: their spec, who asked (a
    /// `start_child` call to answer, none for a restart).
    starting: BTreeMap<Term, (ChildSpec, Option<From>)>,
}

/// What starting a child gave: its result now, or later (an Elixir child,
/// whose start function must wait for its `init/1` in a process of its own).
enum Started {
    Now(Term),
    Later,
}

impl DynamicSupervisor {
    /// `(max_restarts, max_seconds)`.
    pub fn intensity_limits(&self) -> (u32, u64) {
        (self.max_restarts, self.max_seconds)
    }

    /// Restart times inside the current window (seconds, newest first).
    pub fn restart_times(&self) -> &[u64] {
        &self.intensity.restarts
    }

    fn start(&mut self, ctx: &mut Ctx, spec: ChildSpec, from: Option<From>) -> Started {
        let (m, f, _) = &spec.start;
        let args = child_spec::start_args(&spec, &self.extra_arguments);
        let world = ctx.world_ref();
        if world.function(m, f, args.len()).is_none()
            && crate::vm::spawn::is_code(world, *m, *f, args.len())
        {
            let tag = Term::Ref(ctx.make_ref());
            let me = ctx.me();
            let helper_args = vec![
                Term::Pid(me),
                tag.clone(),
                Term::Atom(*m),
                Term::Atom(*f),
                Term::list(args),
            ];
            let spawned = crate::vm::spawn::spawn_mfa_child(
                ctx,
                Atom::new("Elixir.Otpsim.ChildStarter"),
                Atom::new("run"),
                helper_args,
            );
            if spawned.is_none() {
                return Started::Now(gen_server::error(Term::atom("undef")));
            }
            self.starting.insert(tag, (spec, from));
            return Started::Later;
        }
        let result = child_spec::apply_start(ctx, &spec, &args);
        if let Some(pid) = gen_server::started_pid(&result) {
            self.children.insert(pid, spec);
        }
        Started::Now(result)
    }

    /// A restarted child is running (or its restart failed).
    fn restarted(&mut self, ctx: &mut Ctx, result: &Term, spec: ChildSpec) {
        match gen_server::started_pid(result) {
            Some(pid) => {
                let me = ctx.me();
                ctx.record(TraceKind::Restart {
                    supervisor: me,
                    child: spec.id,
                    pid,
                })
            }
            None if result.is_atom("ignore") => {}
            None => self.restart_later(ctx, spec),
        }
    }

    /// Restarts `spec` at the next message; each try counts toward the
    /// intensity.
    fn restart_later(&mut self, ctx: &mut Ctx, spec: ChildSpec) {
        self.pending.push(spec);
        let me = ctx.me();
        ctx.send(me, Term::atom("$otpsim_restart"));
    }

    fn restart(&mut self, ctx: &mut Ctx, spec: ChildSpec) -> Next {
        if !self
            .intensity
            .add(ctx.now(), self.max_restarts, self.max_seconds)
        {
            let children = std::mem::take(&mut self.children);
            return give_up(ctx, |ctx| stop_all(ctx, children));
        }
        if let Started::Now(result) = self.start(ctx, spec.clone(), None) {
            self.restarted(ctx, &result, spec);
        }
        Next::NoReply
    }
}

/// Stops children last-started first.
fn stop_all(ctx: &mut Ctx, children: BTreeMap<Pid, ChildSpec>) {
    for (pid, spec) in children.into_iter().rev() {
        shutdown_child(ctx, pid, spec.shutdown);
    }
}

impl GenServer for DynamicSupervisor {
    fn module(&self) -> Atom {
        Atom::new("Elixir.DynamicSupervisor")
    }

    fn kind(&self) -> ProcessKind {
        ProcessKind::Supervisor
    }

    fn init(&mut self, ctx: &mut Ctx) -> Init {
        ctx.trap_exit(true);
        Init::Ok
    }

    fn handle_call(&mut self, request: &Term, from: &From, ctx: &mut Ctx) -> CallReply {
        let parts = request.as_tuple().unwrap_or(&[]);
        match (request.as_atom(), parts) {
            (_, [tag, spec]) if tag.is_atom("start_child") => {
                if self
                    .max_children
                    .is_some_and(|max| self.children.len() >= max)
                {
                    return CallReply::Reply(gen_server::error(Term::atom("max_children")));
                }
                match ChildSpec::from_dynamic_child(spec) {
                    Ok(spec) => match self.start(ctx, spec, Some(from.clone())) {
                        Started::Now(result) => CallReply::Reply(result),
                        Started::Later => CallReply::NoReply,
                    },
                    Err(why) => CallReply::Reply(gen_server::error(Term::tuple([
                        Term::atom("invalid_child_spec"),
                        Term::string(&why),
                    ]))),
                }
            }
            (_, [tag, pid]) if tag.is_atom("terminate_child") => {
                match pid
                    .as_pid()
                    .and_then(|p| self.children.remove(&p).map(|s| (p, s)))
                {
                    Some((pid, spec)) => {
                        shutdown_child(ctx, pid, spec.shutdown);
                        CallReply::Reply(Term::ok())
                    }
                    None => CallReply::Reply(gen_server::error(Term::atom("not_found"))),
                }
            }
            (Some("which_children"), _) => CallReply::Reply(Term::list(
                self.children
                    .iter()
                    .map(|(pid, spec)| {
                        Term::tuple([
                            Term::atom("undefined"),
                            Term::Pid(*pid),
                            kind_term(spec.kind),
                            spec.modules_term(),
                        ])
                    })
                    .collect(),
            )),
            (Some("count_children"), _) => {
                let specs = self.children.len() as i64;
                let sups = self
                    .children
                    .values()
                    .filter(|s| s.kind == ChildKind::Supervisor)
                    .count() as i64;
                CallReply::Reply(counts(specs, specs, sups, specs - sups))
            }
            _ => CallReply::Reply(gen_server::error(Term::atom("unknown_call"))),
        }
    }

    fn handle_info(&mut self, msg: &Term, ctx: &mut Ctx) -> Next {
        match msg.as_tuple() {
            Some([tag, pid, reason]) if tag.is_atom("EXIT") => {
                let Some(spec) = pid.as_pid().and_then(|p| self.children.remove(&p)) else {
                    return Next::NoReply;
                };
                let restart = match spec.restart {
                    Restart::Permanent => true,
                    Restart::Transient => !is_clean(reason),
                    Restart::Temporary => false,
                };
                if restart {
                    self.restart(ctx, spec)
                } else {
                    Next::NoReply
                }
            }
            // An Elixir child's helper reports how its start went.
            Some([tag, ref_tag, result]) if tag.is_atom("$otpsim_started") => {
                let Some((spec, from)) = self.starting.remove(ref_tag) else {
                    return Next::NoReply;
                };
                if let Some(pid) = gen_server::started_pid(result) {
                    if ctx.world_ref().is_alive(pid) {
                        self.children.insert(pid, spec.clone());
                    } else if spec.restart != Restart::Temporary {
                        // It died before this message came: its exit
                        // found no child to restart, so restart it now.
                        self.restart_later(ctx, spec.clone());
                    }
                }
                match from {
                    Some(from) => gen_server::reply(ctx, &from, result.clone()),
                    None => self.restarted(ctx, result, spec),
                }
                Next::NoReply
            }
            _ if msg.is_atom("$otpsim_restart") => match self.pending.pop() {
                Some(spec) => self.restart(ctx, spec),
                None => Next::NoReply,
            },
            _ => Next::NoReply,
        }
    }

    fn terminate(&mut self, _reason: &Term, ctx: &mut Ctx) {
        let children = std::mem::take(&mut self.children);
        stop_all(ctx, children);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `DynamicSupervisor.start_link(opts)`.
fn start_link(ctx: &mut Ctx, args: &[Term]) -> Result<Term, Term> {
    let empty = Term::list(vec![]);
    let opts = args.first().unwrap_or(&empty);
    let bad = |m: &str| super::reasons::argument_error(m);
    if let Some(s) = keyword_get(opts, "strategy") {
        if !s.is_atom("one_for_one") {
            return Err(bad("unknown :strategy option"));
        }
    }
    let int_opt = |key: &str, default: i64| -> Result<i64, Term> {
        match keyword_get(opts, key) {
            None => Ok(default),
            Some(Term::Int(n)) if n >= 0 => Ok(n),
            Some(other) => Err(bad(&format!(
                "invalid :{key} {}",
                crate::term::inspect(&other)
            ))),
        }
    };
    let max_children = match keyword_get(opts, "max_children") {
        None => None,
        Some(t) if t.is_atom("infinity") => None,
        Some(Term::Int(n)) if n >= 0 => Some(n as usize),
        Some(other) => {
            return Err(bad(&format!(
                "invalid :max_children {}",
                crate::term::inspect(&other)
            )))
        }
    };
    let sup = DynamicSupervisor {
        children: BTreeMap::new(),
        max_restarts: int_opt("max_restarts", 3)? as u32,
        max_seconds: int_opt("max_seconds", 5)?.max(1) as u64,
        max_children,
        extra_arguments: keyword_get(opts, "extra_arguments")
            .and_then(|l| l.list_to_vec())
            .unwrap_or_default(),
        intensity: Intensity::default(),
        pending: Vec::new(),
        starting: BTreeMap::new(),
    };
    Ok(gen_server::start(
        ctx,
        sup,
        StartOpts {
            name: gen_server::name_option(opts),
            link: true,
        },
    ))
}

/// `DynamicSupervisor.child_spec(opts)`.
fn child_spec_fn(_ctx: &mut Ctx, args: &[Term]) -> Result<Term, Term> {
    let opts = args.first().cloned().unwrap_or_else(|| Term::list(vec![]));
    // Elixir uses the name as the id when one is given.
    let id = keyword_get(&opts, "name")
        .filter(|n| !matches!(n, Term::Pid(_)))
        .unwrap_or_else(|| Term::atom("Elixir.DynamicSupervisor"));
    Ok(ChildSpec {
        id,
        start: (
            Atom::new("Elixir.DynamicSupervisor"),
            Atom::new("start_link"),
            vec![opts],
        ),
        kind: ChildKind::Supervisor,
        shutdown: child_spec::Shutdown::Infinity,
        ..ChildSpec::worker_default()
    }
    .to_term())
}

/// The children of a dynamic supervisor, for views.
pub fn children_of(world: &World, pid: Pid) -> Option<Vec<Pid>> {
    let sup = world
        .behaviour(pid)?
        .as_any()
        .downcast_ref::<DynamicSupervisor>()?;
    Some(sup.children.keys().copied().collect())
}

/// The request `DynamicSupervisor.start_child/2` sends for a normalised
/// spec, understood by this module's supervisor and the prelude's.
pub fn start_child_request(spec: &ChildSpec) -> Term {
    Term::tuple([Term::atom("start_child"), spec.to_dynamic_child()])
}

pub(super) fn load(world: &mut World) {
    world.load("Elixir.DynamicSupervisor", "start_link", 1, start_link);
    world.load("Elixir.DynamicSupervisor", "child_spec", 1, child_spec_fn);
}
