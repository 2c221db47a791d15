//! `:global`: names that hold across the cluster, and what happens to them
//! when the cluster splits and heals.
//!
//! As in OTP, every node keeps its own copy of the name table, served by a
//! `global_name_server` on that node:
//!
//! - registering writes the name on every node of the caller's partition,
//!   and fails (`:no`) if any of them has it;
//! - when a connection goes down, each side forgets the names owned by
//!   processes on the other side — so during a split, each side may
//!   register the same name again;
//! - when nodes connect, their tables merge; a name held by two live pids is
//!   a conflict, settled by the resolver given at registration: OTP's
//!   `random_exit_name/3` (the default: keep the smaller pid, kill the other),
//!   `random_notify_name/3` (keep the smaller, send the other
//!   `{:global_name_conflict, name}`), `notify_all_name/3` (unregister, and
//!   tell both `{:global_name_conflict, name, other_pid}`), and two of ours,
//!   `Sim.keep_oldest/3` and `Sim.keep_newest/3` (keep by spawn time, kill
//!   the other);
//! - a name whose owner dies is dropped (each node's server monitors it);
//! - as OTP 25's `prevent_overlapping_partitions`, a node that loses a peer
//!   makes its other peers drop that peer too, so a partition is always
//!   fully connected and every node in it holds the same table.
//!
//! The merge runs as part of the connection handshake (a kernel connect
//! hook), so no step ever sees two connected nodes that disagree.

use crate::kernel::{Ctx, NodeId, ProcessKind, Time, TraceKind, World};
use crate::otp::gen_server::{self, GenServer, Next, StartOpts};
use crate::term::{Atom, Pid, Ref, Term};
use std::any::Any;
use std::collections::BTreeMap;

/// The name of the table and of the server on every node.
pub const SERVER: &str = "global_name_server";

/// How a name conflict is settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolver {
    /// `&:global.random_exit_name/3`
    RandomExit,
    /// `&:global.random_notify_name/3`
    RandomNotify,
    /// `&:global.notify_all_name/3`
    NotifyAll,
    /// `&Sim.keep_oldest/3`
    KeepOldest,
    /// `&Sim.keep_newest/3`
    KeepNewest,
}

impl Resolver {
    /// The resolver a captured function names, if it is one of the five.
    pub fn from_fun(module: &str, function: &str) -> Option<Resolver> {
        match (module, function) {
            ("global", "random_exit_name") => Some(Resolver::RandomExit),
            ("global", "random_notify_name") => Some(Resolver::RandomNotify),
            ("global", "notify_all_name") => Some(Resolver::NotifyAll),
            ("Elixir.Sim", "keep_oldest") => Some(Resolver::KeepOldest),
            ("Elixir.Sim", "keep_newest") => Some(Resolver::KeepNewest),
            _ => None,
        }
    }
}

/// One registered name on one node.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The owner.
    pub pid: Pid,
    /// How a conflict over this name is settled.
    pub resolver: Resolver,
    /// This node's server's monitor on the owner.
    monitor: Option<Ref>,
}

/// One node's name table.
#[derive(Clone, Debug, Default)]
pub struct Names(pub BTreeMap<Term, Entry>);

fn table_name() -> Atom {
    Atom::new(SERVER)
}

/// `node`'s view of the global names.
pub fn names(world: &World, node: NodeId) -> Option<&Names> {
    world.table(node, &table_name())?.get::<Names>()
}

fn names_mut(world: &mut World, node: NodeId) -> Option<&mut Names> {
    world.table_mut(node, &table_name())?.get_mut::<Names>()
}

fn server(world: &World, node: NodeId) -> Option<Pid> {
    world.whereis(node, &table_name())
}

/// `:global.whereis_name(name)` seen from `node`: a live pid or `None`.
pub fn whereis(world: &World, node: NodeId, name: &Term) -> Option<Pid> {
    let pid = names(world, node)?.0.get(name)?.pid;
    world.is_alive(pid).then_some(pid)
}

/// Writes `entry` under `name` on `node` (or removes it for `None`),
/// keeping the node server's monitor on the owner in step.
fn put(world: &mut World, node: NodeId, name: &Term, entry: Option<(Pid, Resolver)>) {
    let old = names(world, node).and_then(|t| t.0.get(name).cloned());
    if old.as_ref().map(|e| (e.pid, e.resolver)) == entry {
        return;
    }
    let server = server(world, node);
    if let (Some(old), Some(server)) = (&old, server) {
        if let Some(r) = old.monitor {
            world.demonitor(server, r);
        }
    }
    let new = entry.map(|(pid, resolver)| Entry {
        pid,
        resolver,
        monitor: server.map(|s| world.monitor(s, pid)),
    });
    if let Some(table) = names_mut(world, node) {
        match new {
            Some(e) => {
                table.0.insert(name.clone(), e);
            }
            None => {
                table.0.remove(name);
            }
        }
    }
}

/// `:global.register_name(name, pid, resolver)` made from `node`: true
/// (`:yes`) when no node of the partition has the name.
pub fn register(
    world: &mut World,
    node: NodeId,
    name: &Term,
    pid: Pid,
    resolver: Resolver,
) -> bool {
    let partition = world.component(node);
    if partition.iter().any(|n| whereis(world, *n, name).is_some()) {
        return false;
    }
    if !world.is_alive(pid) {
        return false;
    }
    for n in partition {
        put(world, n, name, Some((pid, resolver)));
    }
    world.record(TraceKind::Register {
        name: global_name(name),
        pid,
    });
    true
}

/// `:global.unregister_name(name)` from `node`.
pub fn unregister(world: &mut World, node: NodeId, name: &Term) {
    let owner = whereis(world, node, name);
    for n in world.component(node) {
        put(world, n, name, None);
    }
    if let Some(pid) = owner {
        world.record(TraceKind::Unregister {
            name: global_name(name),
            pid,
        });
    }
}

/// Every name `node` knows, in term order.
pub fn registered_names(world: &World, node: NodeId) -> Vec<Term> {
    names(world, node)
        .map(|t| {
            t.0.iter()
                .filter(|(_, e)| world.is_alive(e.pid))
                .map(|(k, _)| k.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// `{:global, name}`, as the trace shows a global name.
pub fn global_name(name: &Term) -> Term {
    Term::tuple([Term::atom("global"), name.clone()])
}

/// A kernel disconnect hook: each side forgets the other side's names,
/// then OTP 25's `prevent_overlapping_partitions` keeps partitions fully
/// connected: whoever lost a peer makes its own peers drop that peer too.
fn forget_across(world: &mut World, a: NodeId, b: NodeId) {
    forget_names(world, a, b);
    for (here, lost) in [(a, b), (b, a)] {
        if !world.node_alive(here) || world.paused_until(here, world.now()).is_some() {
            continue; // a crashed or paused node tells nobody anything
        }
        for peer in world.connected_nodes(here) {
            // The news travels over the connection to `peer`: lost if cut.
            let reachable = !world.net().link(here, peer).cut;
            if peer != lost && reachable && world.net().is_connected(peer, lost) {
                world.disconnect(peer, lost);
            }
        }
    }
}

fn forget_names(world: &mut World, a: NodeId, b: NodeId) {
    for (here, there) in [(a, b), (b, a)] {
        let lost: Vec<Term> = names(world, here)
            .map(|t| {
                t.0.iter()
                    .filter(|(_, e)| e.pid.node == there)
                    .map(|(k, _)| k.clone())
                    .collect()
            })
            .unwrap_or_default();
        for name in lost {
            put(world, here, &name, None);
        }
    }
}

/// A kernel connect hook: the two tables merge, conflicts are resolved,
/// and the result is written on every node of the joined partition.
fn merge(world: &mut World, a: NodeId, b: NodeId) {
    let (Some(ta), Some(tb)) = (names(world, a), names(world, b)) else {
        return;
    };
    if ta.0.is_empty() && tb.0.is_empty() {
        return; // nothing to exchange: the common case while a cluster forms
    }
    let (ta, tb) = (ta.clone(), tb.clone());
    let mut merged: BTreeMap<Term, (Pid, Resolver)> =
        ta.0.iter()
            .filter(|(_, e)| world.is_alive(e.pid))
            .map(|(k, e)| (k.clone(), (e.pid, e.resolver)))
            .collect();
    for (name, eb) in tb.0 {
        if !world.is_alive(eb.pid) {
            continue;
        }
        match merged.get(&name).copied() {
            None => {
                merged.insert(name, (eb.pid, eb.resolver));
            }
            Some((pid, _)) if pid == eb.pid => {}
            Some((pid, resolver)) => match resolve(world, a, resolver, &name, pid, eb.pid) {
                Some(winner) => {
                    merged.insert(name, (winner, resolver));
                }
                None => {
                    merged.remove(&name);
                }
            },
        }
    }
    let partition = world.component(a);
    for n in partition {
        let current: Vec<Term> = names(world, n)
            .map(|t| t.0.keys().cloned().collect())
            .unwrap_or_default();
        for name in current {
            if !merged.contains_key(&name) {
                put(world, n, &name, None);
            }
        }
        for (name, entry) in &merged {
            put(world, n, name, Some(*entry));
        }
    }
}

/// Settles a conflict over `name` between `p1` (already known to the node
/// doing the merge) and `p2`, as `resolver` does; returns the pid to keep.
pub fn resolve(
    world: &mut World,
    at: NodeId,
    resolver: Resolver,
    name: &Term,
    p1: Pid,
    p2: Pid,
) -> Option<Pid> {
    let actor = server(world, at).unwrap_or(p1);
    // The BEAM orders pids of different nodes by node name first.
    let key = |world: &World, p: Pid| {
        let node = world.node_name(p.node).map(|a| a.as_str().to_string());
        (node, p.serial, p.id)
    };
    let (min, max) = if key(world, p1) <= key(world, p2) {
        (p1, p2)
    } else {
        (p2, p1)
    };
    let by_age = |world: &World, p: Pid| -> (Time, Pid) {
        (world.process_info(p).map_or(Time::MAX, |i| i.spawned_at), p)
    };
    let (older, newer) = if by_age(world, p1) <= by_age(world, p2) {
        (p1, p2)
    } else {
        (p2, p1)
    };
    let conflict = Term::atom("global_name_conflict");
    world.record(TraceKind::Shutdown {
        supervisor: actor,
        reason: Term::tuple([conflict.clone(), name.clone(), Term::Pid(p1), Term::Pid(p2)]),
    });
    match resolver {
        Resolver::RandomExit => {
            world.log(
                at,
                "info",
                format!(
                    "global: Name conflict terminating {}",
                    crate::term::inspect(&Term::tuple([name.clone(), Term::Pid(max)]))
                ),
            );
            world.exit_signal(actor, max, Term::atom("kill"));
            Some(min)
        }
        Resolver::RandomNotify => {
            world.send(actor, max, Term::tuple([conflict, name.clone()]));
            Some(min)
        }
        Resolver::NotifyAll => {
            world.send(
                actor,
                p1,
                Term::tuple([conflict.clone(), name.clone(), Term::Pid(p2)]),
            );
            world.send(
                actor,
                p2,
                Term::tuple([conflict, name.clone(), Term::Pid(p1)]),
            );
            None
        }
        Resolver::KeepOldest => {
            world.exit_signal(actor, newer, Term::atom("kill"));
            Some(older)
        }
        Resolver::KeepNewest => {
            world.exit_signal(actor, older, Term::atom("kill"));
            Some(newer)
        }
    }
}

/// The per-node server: owns the table and drops names of dead owners.
#[derive(Clone)]
struct NameServer;

impl GenServer for NameServer {
    fn module(&self) -> Atom {
        Atom::new("global")
    }

    fn handle_info(&mut self, msg: &Term, ctx: &mut Ctx) -> Next {
        if let Some([tag, _ref, _, Term::Pid(pid), _]) = msg.as_tuple() {
            if tag.is_atom("DOWN") {
                let dead: Vec<Term> = names(ctx.world_ref(), ctx.node())
                    .map(|t| {
                        t.0.iter()
                            .filter(|(_, e)| e.pid == *pid)
                            .map(|(k, _)| k.clone())
                            .collect()
                    })
                    .unwrap_or_default();
                for name in dead {
                    if let Some(table) = ctx.table_mut::<Names>(&table_name()) {
                        table.0.remove(&name);
                    }
                    ctx.record(TraceKind::Unregister {
                        name: global_name(&name),
                        pid: *pid,
                    });
                }
            }
        }
        Next::NoReply
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Starts `global_name_server` on `node` and installs the merge hooks.
pub fn boot(world: &mut World, node: NodeId) {
    world.on_connect(merge);
    world.on_disconnect(forget_across);
    let Some(root) = world.spawn(
        node,
        None,
        false,
        Atom::new("kernel_sup"),
        ProcessKind::Shell,
    ) else {
        return;
    };
    let started = gen_server::start(
        &mut Ctx::new(world, root),
        NameServer,
        StartOpts {
            name: Some(Term::atom(SERVER)),
            link: false,
        },
    );
    if let Some(pid) = gen_server::started_pid(&started) {
        world.create_table(node, table_name(), pid, Box::new(Names::default()));
        world.mark_vital(pid);
    }
    world.die(root, Term::atom("normal"));
}

/// `{:global, name}` and `{:via, :global, name}` as names
/// ([`super::name`]): registered with the default conflict resolver.
pub(super) fn load(world: &mut World) {
    super::name::add_resolver(
        world,
        "global",
        super::name::Resolver {
            whereis,
            register: via_register,
        },
    );
}

fn via_register(
    world: &mut World,
    name: &Term,
    pid: Pid,
) -> Result<(), super::name::RegisterError> {
    if register(world, pid.node, name, pid, Resolver::RandomExit) {
        Ok(())
    } else {
        match whereis(world, pid.node, name) {
            Some(owner) => Err(super::name::RegisterError::Taken(owner)),
            None => Err(super::name::RegisterError::Invalid),
        }
    }
}
