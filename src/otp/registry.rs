//! `Registry`: a local key–process store with unique or duplicate keys.
//!
//! As in Elixir, `Registry.start_link(keys: :unique, name: Reg)` starts a
//! supervisor named `Reg` with one partition process,
//! `Reg.PIDPartition0`. Callers read and write the key table directly (an
//! ETS-like table owned by the partition); registering links the caller to
//! the partition, which traps exits and drops a dead process's keys when its
//! `:EXIT` arrives. Until then `lookup/2` hides dead pids, so it never
//! returns one.

use super::child_spec;
use super::gen_server::{self, keyword_get, GenServer, Init, Next, StartOpts};
use super::name::RegisterError;
use super::supervisor;
use crate::kernel::{Ctx, NodeId, World};
use crate::term::{Atom, Pid, Term};
use std::any::Any;
use std::collections::BTreeMap;

/// The key table of one registry.
#[derive(Clone, Debug, Default)]
pub struct Entries {
    /// `keys: :unique` (true) or `:duplicate`.
    pub unique: bool,
    /// Key → `(pid, value)` in registration order.
    pub by_key: BTreeMap<Term, Vec<(Pid, Term)>>,
    /// Pid → the keys it registered (with repeats for duplicate registrations).
    pub by_pid: BTreeMap<Pid, Vec<Term>>,
    /// Processes told about every register and unregister.
    pub listeners: Vec<Term>,
    /// The partition process that owns the table.
    pub partition: Option<Pid>,
}

/// The meta table (`Registry.meta/2`), owned by the registry supervisor.
#[derive(Clone, Debug, Default)]
struct Meta(BTreeMap<Term, Term>);

fn meta_table_name(registry: &Atom) -> Atom {
    Atom::new(&format!("{}.Meta", registry.as_str()))
}

/// The key table of `registry` on `node`.
pub fn entries<'w>(world: &'w World, node: NodeId, registry: &Atom) -> Option<&'w Entries> {
    world.table(node, registry)?.get::<Entries>()
}

fn entries_mut<'w>(world: &'w mut World, node: NodeId, registry: &Atom) -> Option<&'w mut Entries> {
    world.table_mut(node, registry)?.get_mut::<Entries>()
}

/// Why a registry operation failed before reaching the table.
#[derive(Clone, Debug, PartialEq)]
pub enum RegistryError {
    /// No registry of that name on the node (`ArgumentError` in Elixir).
    Unknown(Atom),
    /// The operation needs unique keys (`update_value/3`).
    NotUnique(&'static str),
}

/// `Registry.register(registry, key, value)` called by `pid`: `{:ok, owner}`
/// or `{:error, {:already_registered, pid}}`.
pub fn register(
    world: &mut World,
    pid: Pid,
    registry: &Atom,
    key: &Term,
    value: Term,
) -> Result<Term, RegistryError> {
    let node = pid.node;
    let unknown = || RegistryError::Unknown(*registry);
    let table = entries(world, node, registry).ok_or_else(unknown)?;
    let partition = table.partition.ok_or_else(unknown)?;
    if table.unique {
        if let Some(owner) = table.by_key.get(key).and_then(|v| v.first()).map(|e| e.0) {
            if world.is_alive(owner) {
                return Ok(gen_server::error(Term::tuple([
                    Term::atom("already_registered"),
                    Term::Pid(owner),
                ])));
            }
            remove_pid(world, node, registry, owner);
        }
    }
    let listeners = {
        let table = entries_mut(world, node, registry).ok_or_else(unknown)?;
        table
            .by_key
            .entry(key.clone())
            .or_default()
            .push((pid, value.clone()));
        table.by_pid.entry(pid).or_default().push(key.clone());
        table.listeners.clone()
    };
    world.link(pid, partition);
    if world.tracing() {
        world.record(crate::kernel::TraceKind::Register {
            name: via_name(registry, key),
            pid,
        });
    }
    let reg = Term::Atom(*registry);
    for listener in listeners {
        let msg = Term::tuple([
            Term::atom("register"),
            reg.clone(),
            key.clone(),
            Term::Pid(pid),
            value.clone(),
        ]);
        if let Some(to) = super::name::whereis(world, node, &listener) {
            world.send(pid, to, msg);
        }
    }
    Ok(Term::tuple([Term::ok(), Term::Pid(partition)]))
}

/// `{:via, Registry, {registry, key}}`.
pub fn via_name(registry: &Atom, key: &Term) -> Term {
    Term::tuple([
        Term::atom("via"),
        Term::atom("Elixir.Registry"),
        Term::tuple([Term::Atom(*registry), key.clone()]),
    ])
}

/// Via registration (`Registry.register_name/2`) with a `nil` value.
pub fn register_name(
    world: &mut World,
    registry: &Atom,
    key: &Term,
    pid: Pid,
) -> Result<(), RegisterError> {
    match register(world, pid, registry, key, Term::nil()) {
        Ok(result) => match result.as_tuple() {
            Some([ok, _]) if ok.is_atom("ok") => Ok(()),
            Some([_, reason]) => match reason.as_tuple() {
                Some([_, owner]) => owner.as_pid().map_or(Err(RegisterError::Invalid), |p| {
                    Err(RegisterError::Taken(p))
                }),
                _ => Err(RegisterError::Invalid),
            },
            _ => Err(RegisterError::Invalid),
        },
        Err(_) => Err(RegisterError::Invalid),
    }
}

/// `Registry.unregister(registry, key)` called by `pid`.
pub fn unregister(
    world: &mut World,
    pid: Pid,
    registry: &Atom,
    key: &Term,
) -> Result<(), RegistryError> {
    unregister_where(world, pid, registry, key, |_| true)
}

/// Drops `pid`'s entries under `key` whose value passes `drop`
/// (`Registry.unregister_match/4`).
pub fn unregister_where(
    world: &mut World,
    pid: Pid,
    registry: &Atom,
    key: &Term,
    drop: impl Fn(&Term) -> bool,
) -> Result<(), RegistryError> {
    let node = pid.node;
    let table = entries_mut(world, node, registry).ok_or(RegistryError::Unknown(*registry))?;
    let mut count = 0;
    if let Some(list) = table.by_key.get_mut(key) {
        let before = list.len();
        list.retain(|(p, v)| *p != pid || !drop(v));
        count = before - list.len();
        if list.is_empty() {
            table.by_key.remove(key);
        }
    }
    let removed = count > 0;
    let mut unlink = false;
    if let Some(keys) = table.by_pid.get_mut(&pid) {
        // One key per entry dropped (a duplicate registry lists a key once
        // per registration).
        let mut left = count;
        keys.retain(|k| {
            if left > 0 && k == key {
                left -= 1;
                false
            } else {
                true
            }
        });
        if keys.is_empty() {
            table.by_pid.remove(&pid);
            unlink = true;
        }
    }
    let partition = table.partition;
    let listeners = table.listeners.clone();
    if removed {
        world.record(crate::kernel::TraceKind::Unregister {
            name: via_name(registry, key),
            pid,
        });
        let reg = Term::Atom(*registry);
        for listener in listeners {
            let msg = Term::tuple([
                Term::atom("unregister"),
                reg.clone(),
                key.clone(),
                Term::Pid(pid),
            ]);
            if let Some(to) = super::name::whereis(world, node, &listener) {
                world.send(pid, to, msg);
            }
        }
    }
    if let (true, Some(partition)) = (unlink, partition) {
        world.unlink(pid, partition);
    }
    Ok(())
}

/// Drops every key of a dead process (the partition's `:EXIT` handler).
fn remove_pid(world: &mut World, node: NodeId, registry: &Atom, pid: Pid) {
    let Some(table) = entries_mut(world, node, registry) else {
        return;
    };
    for key in drop_pid(table, pid) {
        world.record(crate::kernel::TraceKind::Unregister {
            name: via_name(registry, &key),
            pid,
        });
    }
}

/// Drops every key of `pid` from `table`: the keys it had.
fn drop_pid(table: &mut Entries, pid: Pid) -> Vec<Term> {
    let Some(keys) = table.by_pid.remove(&pid) else {
        return Vec::new();
    };
    let mut dropped = Vec::new();
    for key in keys {
        if let Some(list) = table.by_key.get_mut(&key) {
            list.retain(|(p, _)| *p != pid);
            if list.is_empty() {
                table.by_key.remove(&key);
            }
            dropped.push(key);
        }
    }
    dropped
}

/// `Registry.lookup(registry, key)`: `[{pid, value}]`, live processes only.
pub fn lookup(
    world: &World,
    node: NodeId,
    registry: &Atom,
    key: &Term,
) -> Result<Vec<(Pid, Term)>, RegistryError> {
    let table = entries(world, node, registry).ok_or(RegistryError::Unknown(*registry))?;
    Ok(table
        .by_key
        .get(key)
        .map(|list| {
            list.iter()
                .filter(|(p, _)| world.is_alive(*p))
                .cloned()
                .collect()
        })
        .unwrap_or_default())
}

/// The live pid registered under a unique `key`, for via names.
pub fn whereis(world: &World, node: NodeId, registry: &Atom, key: &Term) -> Option<Pid> {
    lookup(world, node, registry, key)
        .ok()?
        .first()
        .map(|e| e.0)
}

/// `Registry.keys(registry, pid)`.
pub fn keys(
    world: &World,
    node: NodeId,
    registry: &Atom,
    pid: Pid,
) -> Result<Vec<Term>, RegistryError> {
    let table = entries(world, node, registry).ok_or(RegistryError::Unknown(*registry))?;
    if !world.is_alive(pid) {
        return Ok(Vec::new());
    }
    // Newest first, as Elixir's pid table returns them.
    Ok(table
        .by_pid
        .get(&pid)
        .map(|keys| keys.iter().rev().cloned().collect())
        .unwrap_or_default())
}

/// `Registry.count(registry)`: live entries.
pub fn count(world: &World, node: NodeId, registry: &Atom) -> Result<usize, RegistryError> {
    let table = entries(world, node, registry).ok_or(RegistryError::Unknown(*registry))?;
    Ok(table
        .by_key
        .values()
        .flatten()
        .filter(|(p, _)| world.is_alive(*p))
        .count())
}

/// `Registry.update_value(registry, key, fun)` for the calling `pid`:
/// the new and old values, or `None` (`:error`) when `pid` does not own `key`.
pub fn update_value(
    world: &mut World,
    pid: Pid,
    registry: &Atom,
    key: &Term,
    update: impl FnOnce(&Term) -> Term,
) -> Result<Option<(Term, Term)>, RegistryError> {
    let table = entries_mut(world, pid.node, registry).ok_or(RegistryError::Unknown(*registry))?;
    if !table.unique {
        return Err(RegistryError::NotUnique("update_value/3"));
    }
    let Some(entry) = table
        .by_key
        .get_mut(key)
        .and_then(|list| list.iter_mut().find(|(p, _)| *p == pid))
    else {
        return Ok(None);
    };
    let old = entry.1.clone();
    let new = update(&old);
    entry.1 = new.clone();
    Ok(Some((new, old)))
}

/// `Registry.meta(registry, key)`.
pub fn meta(
    world: &World,
    node: NodeId,
    registry: &Atom,
    key: &Term,
) -> Result<Option<Term>, RegistryError> {
    let table = world
        .table(node, &meta_table_name(registry))
        .and_then(|t| t.get::<Meta>())
        .ok_or(RegistryError::Unknown(*registry))?;
    Ok(table.0.get(key).cloned())
}

/// `Registry.put_meta(registry, key, value)`.
pub fn put_meta(
    world: &mut World,
    node: NodeId,
    registry: &Atom,
    key: Term,
    value: Term,
) -> Result<(), RegistryError> {
    let table = world
        .table_mut(node, &meta_table_name(registry))
        .and_then(|t| t.get_mut::<Meta>())
        .ok_or(RegistryError::Unknown(*registry))?;
    table.0.insert(key, value);
    Ok(())
}

/// True when `registry` uses unique keys.
pub fn is_unique(world: &World, node: NodeId, registry: &Atom) -> Option<bool> {
    entries(world, node, registry).map(|t| t.unique)
}

/// Every live entry `(key, pid, value)` in key order, for views and `match`.
pub fn all(world: &World, node: NodeId, registry: &Atom) -> Vec<(Term, Pid, Term)> {
    entries(world, node, registry)
        .map(|t| {
            t.by_key
                .iter()
                .flat_map(|(k, list)| list.iter().map(move |(p, v)| (k.clone(), *p, v.clone())))
                .filter(|(_, p, _)| world.is_alive(*p))
                .collect()
        })
        .unwrap_or_default()
}

/// Names of every registry on `node` (tables holding registry entries).
pub fn registries(world: &World, node: NodeId) -> Vec<Atom> {
    world.named_tables::<Entries>(node)
}

// ---- the processes ------------------------------------------------------

/// The partition process: owns the key table and cleans up after the dead.
#[derive(Clone)]
struct Partition {
    registry: Atom,
    unique: bool,
    listeners: Vec<Term>,
}

impl GenServer for Partition {
    fn module(&self) -> Atom {
        Atom::new("Elixir.Registry.Partition")
    }

    fn init(&mut self, ctx: &mut Ctx) -> Init {
        ctx.trap_exit(true);
        let me = ctx.me();
        let table = Entries {
            unique: self.unique,
            listeners: self.listeners.clone(),
            partition: Some(me),
            ..Entries::default()
        };
        ctx.create_table(self.registry, me, Box::new(table));
        Init::Ok
    }

    fn handle_info(&mut self, msg: &Term, ctx: &mut Ctx) -> Next {
        if let Some([tag, Term::Pid(pid), _reason]) = msg.as_tuple() {
            if tag.is_atom("EXIT") {
                let dropped = ctx
                    .table_mut::<Entries>(&self.registry)
                    .map(|table| drop_pid(table, *pid))
                    .unwrap_or_default();
                for key in dropped {
                    ctx.record(crate::kernel::TraceKind::Unregister {
                        name: via_name(&self.registry, &key),
                        pid: *pid,
                    });
                }
            }
        }
        Next::NoReply
    }

    fn state(&self) -> Term {
        Term::Atom(self.registry)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `Registry.start_link(opts)`: a supervisor named after the registry,
/// with one partition child.
fn start_link(ctx: &mut Ctx, args: &[Term]) -> Result<Term, Term> {
    let opts = args.first().cloned().unwrap_or_else(|| Term::list(vec![]));
    let bad = |why: &str| Err(super::reasons::argument_error(why));
    let unique = match keyword_get(&opts, "keys") {
        Some(k) if k.is_atom("unique") => true,
        Some(k) if k.is_atom("duplicate") => false,
        other => {
            return bad(&format!(
                "expected :keys to be given and be one of :unique or :duplicate, got: {}",
                other
                    .as_ref()
                    .map(crate::term::inspect)
                    .unwrap_or_else(|| "nil".into())
            ))
        }
    };
    // Elixir checks `:keys` first, then `:name`.
    let name = match keyword_get(&opts, "name") {
        Some(n) => match n.as_atom() {
            Some(a) => Atom::new(a),
            None => {
                return bad(&format!(
                    "expected :name to be an atom, got: {}",
                    crate::term::inspect(&n)
                ))
            }
        },
        None => return bad("expected :name option to be present"),
    };
    let listeners = keyword_get(&opts, "listeners")
        .and_then(|l| l.list_to_vec())
        .unwrap_or_default();
    let partition_name = Term::atom(&format!("{}.PIDPartition0", name.as_str()));
    let child = child_spec::ChildSpec {
        id: partition_name.clone(),
        start: (
            Atom::new("Elixir.Registry.Partition"),
            Atom::new("start_link"),
            vec![
                Term::Atom(name),
                Term::tuple([Term::boolean(unique), Term::list(listeners), partition_name]),
            ],
        ),
        ..child_spec::ChildSpec::worker_default()
    };
    // As Elixir's Registry: one_for_all for unique keys, and no restarts at
    // all — a crashed partition takes the registry down to its parent.
    let flags = supervisor::Flags {
        strategy: if unique {
            supervisor::Strategy::OneForAll
        } else {
            supervisor::Strategy::OneForOne
        },
        max_restarts: 0,
        ..supervisor::Flags::default()
    };
    let result = supervisor::start(
        ctx,
        Atom::new("Elixir.Registry"),
        vec![child],
        flags,
        Some(Term::Atom(name)),
    );
    if let Some(sup) = gen_server::started_pid(&result) {
        let meta = keyword_get(&opts, "meta")
            .and_then(|m| m.list_to_vec())
            .unwrap_or_default()
            .into_iter()
            .filter_map(|pair| match pair.as_tuple() {
                Some([k, v]) => Some((k.clone(), v.clone())),
                _ => None,
            })
            .collect();
        ctx.create_table(meta_table_name(&name), sup, Box::new(Meta(meta)));
    }
    Ok(result)
}

/// `Registry.Partition.start_link(registry, {unique, listeners, name})`.
fn partition_start_link(ctx: &mut Ctx, args: &[Term]) -> Result<Term, Term> {
    let (Some(registry), Some([unique, listeners, name])) = (
        args.first().and_then(Term::as_atom).map(Atom::new),
        args.get(1).and_then(Term::as_tuple),
    ) else {
        return Err(Term::atom("badarg"));
    };
    let partition = Partition {
        registry,
        unique: unique.is_atom("true"),
        listeners: listeners.list_to_vec().unwrap_or_default(),
    };
    Ok(gen_server::start(
        ctx,
        partition,
        StartOpts {
            name: Some(name.clone()),
            link: true,
        },
    ))
}

/// `Registry.child_spec(opts)`: a supervisor child whose id is the registry name.
fn child_spec_fn(_ctx: &mut Ctx, args: &[Term]) -> Result<Term, Term> {
    let opts = args.first().cloned().unwrap_or_else(|| Term::list(vec![]));
    let id = keyword_get(&opts, "name").unwrap_or_else(|| Term::atom("Elixir.Registry"));
    Ok(child_spec::ChildSpec {
        id,
        start: (
            Atom::new("Elixir.Registry"),
            Atom::new("start_link"),
            vec![opts],
        ),
        kind: child_spec::ChildKind::Supervisor,
        shutdown: child_spec::Shutdown::Infinity,
        ..child_spec::ChildSpec::worker_default()
    }
    .to_term())
}

/// An `ArgumentError` exit reason with a message.
pub(super) fn load(world: &mut World) {
    super::name::add_resolver(
        world,
        "Elixir.Registry",
        super::name::Resolver {
            whereis: via_whereis,
            register: via_register,
        },
    );
    world.load("Elixir.Registry", "start_link", 1, start_link);
    world.load("Elixir.Registry", "child_spec", 1, child_spec_fn);
    world.load(
        "Elixir.Registry.Partition",
        "start_link",
        2,
        partition_start_link,
    );
}

/// `{:via, Registry, {registry, key}}`: the pid registered under `key`.
fn via_whereis(world: &World, node: NodeId, inner: &Term) -> Option<Pid> {
    let [reg, key] = inner.as_tuple()? else {
        return None;
    };
    whereis(world, node, &Atom::new(reg.as_atom()?), key)
}

/// Registers `pid` under `{registry, key}` of a via name.
fn via_register(world: &mut World, inner: &Term, pid: Pid) -> Result<(), RegisterError> {
    let Some([reg, key]) = inner.as_tuple() else {
        return Err(RegisterError::Invalid);
    };
    let reg = Atom::new(reg.as_atom().ok_or(RegisterError::Invalid)?);
    register_name(world, &reg, key, pid)
}
