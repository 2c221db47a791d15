//! Child specifications, as terms and as the supervisors use them.
//!
//! A spec arrives as `%{id: ..., start: {m, f, a}, ...}`, as `{Module, arg}`
//! (which asks `Module.child_spec(arg)`), or as a bare `Module`
//! (`Module.child_spec([])`), exactly as `Supervisor` accepts them. A module
//! that loads only `start_link/1` gets the spec `use GenServer` would give.

use crate::kernel::{apply, Ctx};
use crate::term::{Atom, Term};

/// `:permanent`, `:transient` or `:temporary`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Restart {
    /// Always restarted.
    Permanent,
    /// Restarted only after an abnormal exit.
    Transient,
    /// Never restarted.
    Temporary,
}

/// How a supervisor stops a child.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shutdown {
    /// `:brutal_kill`
    BrutalKill,
    /// Milliseconds to wait for a trapping child before killing it.
    Timeout(u64),
    /// `:infinity`
    Infinity,
}

/// `:worker` or `:supervisor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChildKind {
    /// A worker.
    Worker,
    /// A supervisor.
    Supervisor,
}

/// A normalised child spec.
#[derive(Clone, Debug, PartialEq)]
pub struct ChildSpec {
    /// `id`
    pub id: Term,
    /// `start`: module, function, arguments.
    pub start: (Atom, Atom, Vec<Term>),
    /// `restart`
    pub restart: Restart,
    /// `shutdown`
    pub shutdown: Shutdown,
    /// `type`
    pub kind: ChildKind,
    /// `modules` (`:dynamic` is kept as `None`).
    pub modules: Option<Vec<Term>>,
}

impl ChildSpec {
    /// A permanent worker with a 5 s shutdown, as `use GenServer` gives.
    pub fn worker_default() -> ChildSpec {
        ChildSpec {
            id: Term::nil(),
            start: (Atom::new("erlang"), Atom::new("error"), Vec::new()),
            restart: Restart::Permanent,
            shutdown: Shutdown::Timeout(5_000),
            kind: ChildKind::Worker,
            modules: None,
        }
    }

    /// The modules shown by `which_children`: the given list, or the start module.
    pub fn modules_term(&self) -> Term {
        match &self.modules {
            Some(list) => Term::list(list.clone()),
            None => Term::list(vec![Term::Atom(self.start.0)]),
        }
    }

    /// The spec as the map `Supervisor.child_spec/2` returns.
    pub fn to_term(&self) -> Term {
        let (m, f, a) = &self.start;
        let mut pairs = vec![
            (Term::atom("id"), self.id.clone()),
            (
                Term::atom("start"),
                Term::tuple([Term::Atom(*m), Term::Atom(*f), Term::list(a.clone())]),
            ),
        ];
        if self.restart != Restart::Permanent {
            pairs.push((Term::atom("restart"), restart_term(self.restart)));
        }
        if self.kind == ChildKind::Supervisor {
            pairs.push((Term::atom("type"), Term::atom("supervisor")));
        }
        if self.shutdown != Shutdown::Timeout(5_000) || self.kind == ChildKind::Supervisor {
            pairs.push((Term::atom("shutdown"), shutdown_term(self.shutdown)));
        }
        if let Some(modules) = &self.modules {
            pairs.push((Term::atom("modules"), Term::list(modules.clone())));
        }
        Term::map(pairs)
    }

    /// The child as `DynamicSupervisor.start_child/2` sends it to the
    /// supervisor: OTP's `{mfa, restart, shutdown, type, modules}`.
    pub fn to_dynamic_child(&self) -> Term {
        let (m, f, a) = &self.start;
        Term::tuple([
            Term::tuple([Term::Atom(*m), Term::Atom(*f), Term::list(a.clone())]),
            restart_term(self.restart),
            shutdown_term(self.shutdown),
            Term::atom(match self.kind {
                ChildKind::Worker => "worker",
                ChildKind::Supervisor => "supervisor",
            }),
            self.modules_term(),
        ])
    }

    /// Reads a child in either form a dynamic supervisor may be sent: the
    /// tuple of [`ChildSpec::to_dynamic_child`] (its id is the start
    /// module) or a spec map.
    pub fn from_dynamic_child(term: &Term) -> Result<ChildSpec, String> {
        let Some([start @ Term::Tuple(..), restart, shutdown, kind, modules]) = term.as_tuple()
        else {
            return ChildSpec::from_map(term);
        };
        let id = start
            .as_tuple()
            .and_then(|t| t.first().cloned())
            .unwrap_or_else(Term::nil);
        ChildSpec::from_map(&Term::map([
            (Term::atom("id"), id),
            (Term::atom("start"), start.clone()),
            (Term::atom("restart"), restart.clone()),
            (Term::atom("shutdown"), shutdown.clone()),
            (Term::atom("type"), kind.clone()),
            (Term::atom("modules"), modules.clone()),
        ]))
    }

    /// Reads a spec map (the result of `child_spec/1` or a literal map).
    pub fn from_map(term: &Term) -> Result<ChildSpec, String> {
        let Term::Map(map) = term else {
            return Err(format!(
                "invalid child specification: {}",
                crate::term::inspect(term)
            ));
        };
        let get = |k: &str| map.get(&Term::atom(k));
        let mut spec = ChildSpec::worker_default();
        spec.id = get("id")
            .cloned()
            .ok_or("missing :id in child specification")?;
        let start = get("start")
            .and_then(Term::as_tuple)
            .ok_or("missing :start in child specification")?;
        let [m, f, a] = start else {
            return Err("invalid :start in child specification".into());
        };
        let (Some(m), Some(f), Some(a)) = (m.as_atom(), f.as_atom(), a.list_to_vec()) else {
            return Err("invalid :start in child specification".into());
        };
        spec.start = (Atom::new(m), Atom::new(f), a);
        if let Some(t) = get("type") {
            spec.kind = if t.is_atom("supervisor") {
                ChildKind::Supervisor
            } else {
                ChildKind::Worker
            };
            if spec.kind == ChildKind::Supervisor {
                spec.shutdown = Shutdown::Infinity;
            }
        }
        if let Some(r) = get("restart") {
            spec.restart = match r.as_atom() {
                Some("permanent") => Restart::Permanent,
                Some("transient") => Restart::Transient,
                Some("temporary") => Restart::Temporary,
                _ => return Err(format!("invalid :restart {}", crate::term::inspect(r))),
            };
        }
        if let Some(s) = get("shutdown") {
            spec.shutdown = match s {
                Term::Int(ms) if *ms >= 0 => Shutdown::Timeout(*ms as u64),
                t if t.is_atom("brutal_kill") => Shutdown::BrutalKill,
                t if t.is_atom("infinity") => Shutdown::Infinity,
                _ => return Err(format!("invalid :shutdown {}", crate::term::inspect(s))),
            };
        }
        if let Some(mods) = get("modules").and_then(Term::list_to_vec) {
            spec.modules = Some(mods);
        }
        Ok(spec)
    }
}

/// The atom for a restart type.
pub fn restart_term(r: Restart) -> Term {
    Term::atom(match r {
        Restart::Permanent => "permanent",
        Restart::Transient => "transient",
        Restart::Temporary => "temporary",
    })
}

fn shutdown_term(s: Shutdown) -> Term {
    match s {
        Shutdown::BrutalKill => Term::atom("brutal_kill"),
        Shutdown::Timeout(ms) => Term::Int(ms as i64),
        Shutdown::Infinity => Term::atom("infinity"),
    }
}

/// Turns what a user wrote (`{Mod, arg}`, `Mod`, or a map) into a spec,
/// calling `Mod.child_spec/1` as the caller, as Elixir does.
pub fn normalize(ctx: &mut Ctx, spec: &Term) -> Result<ChildSpec, Term> {
    let invalid = |why: String| Term::tuple([Term::atom("invalid_child_spec"), Term::string(&why)]);
    let (module, arg) = match spec {
        Term::Map(_) => return ChildSpec::from_map(spec).map_err(invalid),
        Term::Atom(m) => (*m, Term::list(vec![])),
        Term::Tuple(parts, _) => match &parts[..] {
            [Term::Atom(m), arg] => (*m, arg.clone()),
            _ => {
                return Err(invalid(format!(
                    "invalid child specification: {}",
                    crate::term::inspect(spec)
                )))
            }
        },
        _ => {
            return Err(invalid(format!(
                "invalid child specification: {}",
                crate::term::inspect(spec)
            )))
        }
    };
    let child_spec = Atom::new("child_spec");
    let start_link = Atom::new("start_link");
    let world = ctx.world_ref();
    if world.function(&module, &child_spec, 1).is_none()
        && world.function(&module, &start_link, 1).is_some()
    {
        // What `use GenServer` defines: a permanent worker started by
        // `start_link(arg)`, with the module as its id.
        return Ok(ChildSpec {
            id: Term::Atom(module),
            start: (module, start_link, vec![arg]),
            ..ChildSpec::worker_default()
        });
    }
    let map = apply(ctx, &module, &child_spec, &[arg]).map_err(|_| {
        invalid(format!(
            "The module {} was given as a child to a supervisor but it does not exist",
            crate::term::inspect(&Term::Atom(module))
        ))
    })?;
    ChildSpec::from_map(&map).map_err(invalid)
}

/// Starts a child by applying its start MFA as the supervisor behind `ctx`
/// (with `extra` arguments first): `{:ok, pid}`, `:ignore` or `{:error, reason}`.
pub fn start_child(ctx: &mut Ctx, spec: &ChildSpec, extra: &[Term]) -> Term {
    apply_start(ctx, spec, &start_args(spec, extra))
}

/// The arguments a child's start function gets: `extra` first, then the
/// spec's own.
pub fn start_args(spec: &ChildSpec, extra: &[Term]) -> Vec<Term> {
    extra.iter().chain(spec.start.2.iter()).cloned().collect()
}

/// [`start_child`] with its arguments made ([`start_args`]).
pub fn apply_start(ctx: &mut Ctx, spec: &ChildSpec, args: &[Term]) -> Term {
    let (m, f, _) = &spec.start;
    match apply(ctx, m, f, args) {
        Ok(result) => result,
        Err(reason) => super::gen_server::error(reason),
    }
}
