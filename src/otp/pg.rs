//! `:pg` — process groups with scopes, as OTP 25's `pg.erl`.
//!
//! One scope process per node per scope, registered locally under the
//! scope's name (the default scope is `:pg`, booted on every node). Each
//! keeps the membership it knows in a table named after the scope (pg's ETS
//! table), so `get_members/2` answers from the calling node's own view
//! without a message: during a netsplit each side sees its side.
//!
//! The exchange protocol is pg's:
//!
//! - a scope monitors nodes; on `{:nodeup, node}` it sends `{:discover, self}`
//!   to `{scope, node}`;
//! - on `{:discover, peer}` it casts `{:sync, self, local_groups}` to the peer
//!   and, if the peer is new, monitors it and discovers it back;
//! - `{:sync, peer, groups}` replaces everything known about the peer;
//! - local joins and leaves go through the scope (`GenServer.call`) and are
//!   broadcast to every known peer as `{:join, ...}` / `{:leave, ...}`;
//! - a local member that dies is noticed by its monitor and broadcast as a
//!   leave; a peer scope that goes away (`:DOWN`, e.g. `:noconnection` when
//!   the connection drops) takes all its members with it. `:nodedown` itself
//!   is ignored, as in pg.
//!
//! `monitor_scope/1` and `monitor/2` subscribers get `{ref, :join | :leave,
//! group, pids}` for every change of the local view.
//!
//! As in pg, a request or message the scope does not understand crashes it
//! with `{:badarg, []}`. Unlike OTP, where `kernel_sup` restarts the default
//! scope, here its application then stops until the node restarts.

use crate::kernel::{Ctx, NodeId, World};
use crate::otp::gen_server::{self, CallReply, From, GenServer, Init, Next, StartOpts};
use crate::otp::pg_peers::Peers;
use crate::term::{Atom, Pid, Ref, Term};
use std::any::Any;
use std::collections::BTreeMap;

/// The default scope's name (and module name): `:pg`.
pub const DEFAULT_SCOPE: &str = "pg";

/// One group in a scope's table: every member this node knows of, and the
/// local ones. pg prepends, so members read newest first; they are kept
/// oldest first, so that a join appends (a mesh of a thousand nodes joins
/// a thousand times into every node's groups).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Group {
    /// All members, local and remote, oldest first.
    all: Vec<Pid>,
    /// Members on this node, oldest first.
    local: Vec<Pid>,
}

impl Group {
    /// All members, local and remote, newest first.
    pub fn all(&self) -> Vec<Pid> {
        self.all.iter().rev().copied().collect()
    }

    /// Members on this node, newest first.
    pub fn local(&self) -> Vec<Pid> {
        self.local.iter().rev().copied().collect()
    }

    /// Prepends `pids` (in their order) to the members, and to the local
    /// ones when they are local.
    fn join(&mut self, pids: &[Pid], local: bool) {
        self.all.extend(pids.iter().rev());
        if local {
            self.local.extend(pids.iter().rev());
        }
    }

    /// Removes the newest occurrence of each of `pids` (Erlang's `--` on
    /// the newest-first lists).
    fn leave(&mut self, pids: &[Pid]) {
        remove_newest(&mut self.all, pids);
        remove_newest(&mut self.local, pids);
    }

    /// The members with `before` (a peer's old members) taken out and
    /// `pids` (its new ones) put in front, as a sync that changed them.
    fn replace(&mut self, before: &[Pid], pids: &[Pid]) {
        remove_newest(&mut self.all, before);
        self.all.extend(pids.iter().rev());
    }
}

/// `--` on an oldest-first list: the last occurrence of each goes.
fn remove_newest(oldest_first: &mut Vec<Pid>, remove: &[Pid]) {
    for pid in remove {
        if let Some(i) = oldest_first.iter().rposition(|p| p == pid) {
            oldest_first.remove(i);
        }
    }
}

/// A scope's table, written only by its scope process, read by anyone on
/// the node (pg's protected ETS table).
#[derive(Clone, Debug, Default)]
pub struct Members {
    /// Non-empty groups by name.
    pub groups: BTreeMap<Term, Group>,
}

/// The table of `scope` on `node`, if the scope runs there.
pub fn members<'w>(world: &'w World, node: NodeId, scope: &Atom) -> Option<&'w Members> {
    world.table(node, scope)?.get::<Members>()
}

/// `:pg.get_members(scope, group)` as seen from `node` (`[]` without the scope).
pub fn get_members(world: &World, node: NodeId, scope: &Atom, group: &Term) -> Vec<Pid> {
    members(world, node, scope)
        .and_then(|m| m.groups.get(group))
        .map(Group::all)
        .unwrap_or_default()
}

/// `:pg.get_local_members(scope, group)` on `node`.
pub fn get_local_members(world: &World, node: NodeId, scope: &Atom, group: &Term) -> Vec<Pid> {
    members(world, node, scope)
        .and_then(|m| m.groups.get(group))
        .map(Group::local)
        .unwrap_or_default()
}

/// `:pg.which_groups(scope)` on `node`, in term order; `None` when the
/// scope does not run there (pg raises: its table does not exist).
pub fn which_groups(world: &World, node: NodeId, scope: &Atom) -> Option<Vec<Term>> {
    members(world, node, scope).map(|m| m.groups.keys().cloned().collect())
}

/// Every scope running on `node`, in name order (for views).
pub fn scopes(world: &World, node: NodeId) -> Vec<Atom> {
    world.named_tables::<Members>(node)
}

/// A pid or a list of pids, as `join`/`leave` take them; `None` for anything else.
pub fn pids_of(term: &Term) -> Option<Vec<Pid>> {
    match term {
        Term::Pid(p) => Some(vec![*p]),
        Term::List(_) => {
            // One allocation: straight from the cells, the tail checked after.
            let mut cells = term.list_iter();
            let pids = cells
                .by_ref()
                .map(Term::as_pid)
                .collect::<Option<Vec<Pid>>>()?;
            cells.tail().is_empty_list().then_some(pids)
        }
        _ => None,
    }
}

/// pg's `ensure_local/1`: the first argument that is not a pid on `node`
/// (pg raises `{:nolocal, bad}` for it).
pub fn first_not_local(node: NodeId, pid_or_pids: &Term) -> Option<Term> {
    match pid_or_pids {
        Term::Pid(p) if p.node == node => None,
        Term::List(_) => pid_or_pids
            .list_iter()
            .find(|t| !matches!(t, Term::Pid(p) if p.node == node))
            .cloned(),
        other => Some(other.clone()),
    }
}

/// The call a local join sends to the scope: `{:join_local, group, pids}`.
pub fn join_request(group: Term, pid_or_pids: Term) -> Term {
    Term::tuple([Term::atom("join_local"), group, pid_or_pids])
}

/// The call a local leave sends to the scope: `{:leave_local, group, pids}`.
pub fn leave_request(group: Term, pid_or_pids: Term) -> Term {
    Term::tuple([Term::atom("leave_local"), group, pid_or_pids])
}

/// Joins from inside a process handler, which cannot block on a call: the
/// `{:join_local, ...}` call is sent and its `{ref, :ok}` reply arrives later
/// as a plain message. False when no scope of that name runs on the node.
pub fn join_async(ctx: &mut Ctx, scope: &Atom, group: Term, pid_or_pids: Term) -> bool {
    let tag = Term::Ref(ctx.make_ref());
    let from = Term::tuple([Term::Pid(ctx.me()), tag]);
    let call = Term::tuple([
        Term::Atom(Atom::GEN_CALL),
        from,
        join_request(group, pid_or_pids),
    ]);
    ctx.send_named(scope, call)
}

/// `:pg.start_link(scope)` (`link`) or `:pg.start(scope)` as the process
/// behind `ctx`: `{:ok, pid}` or `{:error, {:already_started, pid}}`.
pub fn start(ctx: &mut Ctx, scope: Atom, link: bool) -> Term {
    gen_server::start(
        ctx,
        Scope::new(scope),
        StartOpts {
            name: Some(Term::Atom(scope)),
            link,
        },
    )
}

/// Erlang's `--`: removes the first occurrence of each of `remove` from `list`.
fn subtract(list: &[Pid], remove: &[Pid]) -> Vec<Pid> {
    let mut out = list.to_vec();
    for pid in remove {
        if let Some(i) = out.iter().position(|p| p == pid) {
            out.remove(i);
        }
    }
    out
}

fn pid_list(pids: &[Pid]) -> Term {
    Term::list(pids.iter().map(|p| Term::Pid(*p)).collect())
}

/// A peer scope: its monitor, the groups of its node's members, and the
/// groups list of the last sync that said what they are (or `nil` once a
/// join or a leave changed them since). A scope sends one sync term to
/// every peer until its members change, and each peer twice while a mesh
/// forms: the second is recognised as the same term by its address (the
/// term is held here, so the address is not reused) without reading the
/// groups, which a thousand-node mesh has long pushed out of the cache.
type Peer = (Ref, PeerGroups, Term);

/// What a peer's node has joined, by group in term order. A sorted vector,
/// not a map: a scope knows every node of a mesh, each with a group or two,
/// and a map's first node alone has room for eleven.
type PeerGroups = Vec<(Term, Vec<Pid>)>;

/// True when a sync's `[{group, pids}]` list says what is already known
/// of the peer: the same groups in the same (term) order, each with the
/// same pids, no group repeated. Nothing is allocated to find out.
fn same_groups(known: &PeerGroups, groups: &Term) -> bool {
    let mut entries = groups.list_iter();
    for (group, pids) in known {
        let Some([g, list]) = entries.next().and_then(Term::as_tuple) else {
            return false;
        };
        if g != group || !list.is_list() {
            return false;
        }
        let mut members = list.list_iter();
        if !pids
            .iter()
            .all(|p| members.next().and_then(Term::as_pid) == Some(*p))
        {
            return false;
        }
        if members.next().is_some() || !members.tail().is_empty_list() {
            return false;
        }
    }
    entries.next().is_none() && entries.tail().is_empty_list()
}

/// True when `a` and `b` are the same list term, by address: what a
/// scope's repeated sync is (see [`Peer`]). Two empty lists are the same.
fn same_term(a: &Term, b: &Term) -> bool {
    match (a, b) {
        (Term::List(x), Term::List(y)) => match (&x.0, &y.0) {
            (Some(p), Some(q)) => std::rc::Rc::ptr_eq(p, q),
            (None, None) => true,
            _ => false,
        },
        _ => false,
    }
}

/// Where `group` is (or would go) in `groups`.
fn find(groups: &PeerGroups, group: &Term) -> Result<usize, usize> {
    groups.binary_search_by(|(g, _)| g.cmp(group))
}

/// The scope process (pg's `#state{}`).
#[derive(Clone)]
struct Scope {
    scope: Atom,
    /// Monitored local members and the groups each joined (with repeats).
    local: BTreeMap<Pid, (Ref, Vec<Term>)>,
    /// The `{:"$gen_cast", {:sync, self, groups}}` a discovery is answered
    /// with, made once per change of `local`: a forming mesh sends it
    /// twice to every peer.
    synced: Option<Term>,
    /// `{:discover, self}`, made once: a forming mesh sends it twice to
    /// every peer.
    hello: Option<Term>,
    /// Peer scopes on other nodes and what their nodes have joined, by
    /// node: a forming mesh looks a peer up four times per pair of nodes.
    remote: Peers<Peer>,
    /// `monitor_scope/1` subscribers.
    scope_monitors: BTreeMap<Ref, Pid>,
    /// `monitor/2` subscribers, by monitor.
    group_monitors: BTreeMap<Ref, (Pid, Term)>,
    /// `monitor/2` subscribers, by group.
    monitored_groups: BTreeMap<Term, Vec<(Pid, Ref)>>,
}

impl Scope {
    fn new(scope: Atom) -> Scope {
        Scope {
            scope,
            local: BTreeMap::new(),
            synced: None,
            hello: None,
            remote: Peers::default(),
            scope_monitors: BTreeMap::new(),
            group_monitors: BTreeMap::new(),
            monitored_groups: BTreeMap::new(),
        }
    }

    /// Runs `f` on this scope's table.
    fn with_table<R>(&self, ctx: &mut Ctx, f: impl FnOnce(&mut Members) -> R) -> Option<R> {
        Some(f(ctx.table_mut::<Members>(&self.scope)?))
    }

    /// Sends `{ref, action, group, pids}` to every subscriber of the change.
    fn notify(&self, ctx: &mut Ctx, action: &str, group: &Term, pids: &[Pid]) {
        let message = |r: Ref| {
            Term::tuple([
                Term::Ref(r),
                Term::atom(action),
                group.clone(),
                pid_list(pids),
            ])
        };
        for (r, pid) in &self.scope_monitors {
            ctx.send(*pid, message(*r));
        }
        for (pid, r) in self.monitored_groups.get(group).into_iter().flatten() {
            ctx.send(*pid, message(*r));
        }
    }

    fn broadcast(&self, ctx: &mut Ctx, msg: &Term) {
        for peer in self.peers() {
            ctx.send(peer, msg.clone());
        }
    }

    /// The peer scopes in pid order: the order broadcasts go out in.
    fn peers(&self) -> Vec<Pid> {
        self.remote.pids()
    }

    /// `join_local_update_ets` and `join_remote_update_ets`.
    fn join_update(&self, ctx: &mut Ctx, group: &Term, pids: &[Pid], local: bool) {
        self.with_table(ctx, |t| {
            let entry = t.groups.entry(group.clone()).or_default();
            entry.join(pids, local);
            if entry.all.is_empty() {
                t.groups.remove(group);
            }
        });
        self.notify(ctx, "join", group, pids);
    }

    /// `leave_local_update_ets` and `leave_remote_update_ets` for one group.
    fn leave_update(&self, ctx: &mut Ctx, group: &Term, pids: &[Pid]) {
        let known = self.with_table(ctx, |t| {
            let Some(entry) = t.groups.get_mut(group) else {
                return false;
            };
            entry.leave(pids);
            if entry.all.is_empty() && entry.local.is_empty() {
                t.groups.remove(group);
            }
            true
        });
        if known == Some(true) {
            self.notify(ctx, "leave", group, pids);
        }
    }

    /// `{:discover, self}`.
    fn discover_message(&mut self, me: Pid) -> Term {
        self.hello
            .get_or_insert_with(|| Term::tuple([Term::Atom(Atom::DISCOVER), Term::Pid(me)]))
            .clone()
    }

    /// The sync cast that tells a peer every local member by group.
    fn sync_message(&mut self, me: Pid) -> Term {
        if let Some(msg) = &self.synced {
            return msg.clone();
        }
        let mut groups: BTreeMap<Term, Vec<Pid>> = BTreeMap::new();
        for (pid, (_, joined)) in &self.local {
            for group in joined {
                groups.entry(group.clone()).or_default().insert(0, *pid);
            }
        }
        let groups = Term::list(
            groups
                .into_iter()
                .map(|(g, pids)| Term::tuple([g, pid_list(&pids)]))
                .collect(),
        );
        let sync = Term::tuple([Term::Atom(Atom::SYNC), Term::Pid(me), groups]);
        let msg = Term::tuple([Term::Atom(Atom::GEN_CAST), sync]);
        self.synced = Some(msg.clone());
        msg
    }

    fn join_local(&mut self, ctx: &mut Ctx, group: &Term, pid_or_pids: &Term) {
        let pids = pids_of(pid_or_pids).unwrap_or_default();
        self.synced = None;
        for pid in &pids {
            match self.local.get_mut(pid) {
                Some((_, groups)) => groups.insert(0, group.clone()),
                None => {
                    let r = ctx.monitor(*pid);
                    self.local.insert(*pid, (r, vec![group.clone()]));
                }
            }
        }
        self.join_update(ctx, group, &pids, true);
        let me = Term::Pid(ctx.me());
        let msg = Term::tuple([
            Term::Atom(Atom::JOIN),
            me,
            group.clone(),
            pid_or_pids.clone(),
        ]);
        self.broadcast(ctx, &msg);
    }

    /// Returns false (`:not_joined`) when none of the pids was in the group.
    fn leave_local(&mut self, ctx: &mut Ctx, group: &Term, pid_or_pids: &Term) -> bool {
        let pids = pids_of(pid_or_pids).unwrap_or_default();
        let mut changed = false;
        for pid in &pids {
            let Some((r, groups)) = self.local.get_mut(pid) else {
                continue;
            };
            let Some(i) = groups.iter().position(|g| g == group) else {
                continue;
            };
            changed = true;
            self.synced = None;
            groups.remove(i);
            if groups.is_empty() {
                let r = *r;
                self.local.remove(pid);
                ctx.demonitor(r);
            }
        }
        if !changed {
            return false;
        }
        self.leave_update(ctx, group, &pids);
        let me = Term::Pid(ctx.me());
        let msg = Term::tuple([
            Term::Atom(Atom::LEAVE),
            me,
            pid_or_pids.clone(),
            Term::list(vec![group.clone()]),
        ]);
        self.broadcast(ctx, &msg);
        true
    }

    /// A peer found us (or answered our discovery): send it our members and
    /// discover it back if it is new.
    fn discover(&mut self, ctx: &mut Ctx, peer: Pid) {
        let me = ctx.me();
        let sync = self.sync_message(me);
        ctx.send(peer, sync);
        if !self.remote.contains(&peer) {
            let r = ctx.monitor(peer);
            let hello = self.discover_message(me);
            ctx.send(peer, hello);
            self.remote.insert(peer, (r, Vec::new(), Term::nil()));
        }
    }

    /// `handle_sync`: what the peer sent replaces what we knew of it.
    fn sync(&mut self, ctx: &mut Ctx, peer: Pid, groups: &Term) {
        if let Some((_, known, last)) = self.remote.get_mut(&peer) {
            // A peer's second sync of a forming mesh: nothing changes.
            if same_term(last, groups) {
                return;
            }
            if same_groups(known, groups) {
                *last = groups.clone();
                return;
            }
        }
        let synced = groups.clone();
        // An improper list reads as no groups.
        let count = groups.list_len().unwrap_or(0);
        let groups = groups.list_iter().take(count);
        // Taken out in place and put back below: no remove and re-insert
        // of a thousand-peer tree at every sync of a forming mesh.
        let old = match self.remote.get_mut(&peer) {
            Some((_, known, _)) => std::mem::take(known),
            None => {
                let r = ctx.monitor(peer);
                self.remote.insert(peer, (r, Vec::new(), Term::nil()));
                Vec::new()
            }
        };
        // Each old group is taken once, as a map's `remove` would.
        let mut taken = vec![false; old.len()];
        let mut new: PeerGroups = Vec::with_capacity(count);
        for entry in groups {
            let Some([group, pids]) = entry.as_tuple() else {
                continue;
            };
            let pids = pids_of(pids).unwrap_or_default();
            let before = match find(&old, group) {
                Ok(i) if !taken[i] => {
                    taken[i] = true;
                    Some(&old[i].1)
                }
                _ => None,
            };
            match before {
                Some(before) if *before == pids => {}
                Some(before) => {
                    // Rare: replace the peer's pids in place, without notifying (as pg).
                    self.with_table(ctx, |t| {
                        t.groups
                            .entry(group.clone())
                            .or_default()
                            .replace(before, &pids);
                    });
                }
                None => self.join_update(ctx, group, &pids, false),
            }
            new.push((group.clone(), pids));
        }
        for ((group, pids), taken) in old.iter().zip(taken) {
            if !taken {
                self.leave_update(ctx, group, pids);
            }
        }
        // In term order, the last of a repeated group winning (a map's insert).
        new.reverse();
        new.sort_by(|(a, _), (b, _)| a.cmp(b));
        new.dedup_by(|later, first| later.0 == first.0);
        if let Some((_, groups, last)) = self.remote.get_mut(&peer) {
            *groups = new;
            *last = synced;
        }
    }

    fn remote_join(&mut self, ctx: &mut Ctx, peer: Pid, group: &Term, pid_or_pids: &Term) {
        let pids = pids_of(pid_or_pids).unwrap_or_default();
        // A join from a peer we do not know (it left the overlay) is ignored.
        let Some((_, groups, last)) = self.remote.get_mut(&peer) else {
            return;
        };
        *last = Term::nil();
        match find(groups, group) {
            Ok(i) => drop(groups[i].1.splice(0..0, pids.iter().copied())),
            Err(i) => groups.insert(i, (group.clone(), pids.clone())),
        }
        self.join_update(ctx, group, &pids, false);
    }

    fn remote_leave(&mut self, ctx: &mut Ctx, peer: Pid, pid_or_pids: &Term, groups: &[Term]) {
        let pids = pids_of(pid_or_pids).unwrap_or_default();
        let Some((_, known, last)) = self.remote.get_mut(&peer) else {
            return;
        };
        *last = Term::nil();
        for group in groups {
            if let Ok(i) = find(known, group) {
                known[i].1 = subtract(&known[i].1, &pids);
                if known[i].1.is_empty() {
                    known.remove(i);
                }
            }
        }
        for group in groups {
            self.leave_update(ctx, group, &pids);
        }
    }

    fn down(&mut self, ctx: &mut Ctx, r: Ref, pid: Pid) {
        if self.scope_monitors.remove(&r).is_some() {
            return;
        }
        if let Some((watcher, group)) = self.group_monitors.remove(&r) {
            self.drop_group_monitor(watcher, r, &group);
            return;
        }
        if pid.node == ctx.node() {
            // A local member died without leaving.
            let Some((_, groups)) = self.local.remove(&pid) else {
                return;
            };
            self.synced = None;
            for group in &groups {
                self.leave_update(ctx, group, &[pid]);
            }
            let me = Term::Pid(ctx.me());
            let msg = Term::tuple([
                Term::Atom(Atom::LEAVE),
                me,
                Term::Pid(pid),
                Term::list(groups),
            ]);
            self.broadcast(ctx, &msg);
        } else if let Some((_, groups, _)) = self.remote.remove(&pid) {
            // A peer scope is gone (its node disconnected or it exited).
            for (group, pids) in groups {
                self.leave_update(ctx, &group, &pids);
            }
        }
    }

    fn drop_group_monitor(&mut self, watcher: Pid, r: Ref, group: &Term) {
        if let Some(list) = self.monitored_groups.get_mut(group) {
            list.retain(|e| *e != (watcher, r));
            if list.is_empty() {
                self.monitored_groups.remove(group);
            }
        }
    }

    fn to_term(&self) -> Term {
        let local = self.local.iter().map(|(pid, (r, groups))| {
            (
                Term::Pid(*pid),
                Term::tuple([Term::Ref(*r), Term::list(groups.clone())]),
            )
        });
        let remote = self.remote.iter().map(|(pid, (r, groups, _))| {
            let groups = groups.iter().map(|(g, pids)| (g.clone(), pid_list(pids)));
            (
                Term::Pid(*pid),
                Term::tuple([Term::Ref(*r), Term::map(groups)]),
            )
        });
        let scope_monitors = self
            .scope_monitors
            .iter()
            .map(|(r, pid)| (Term::Ref(*r), Term::Pid(*pid)));
        let group_monitors = self
            .group_monitors
            .iter()
            .map(|(r, (pid, g))| (Term::Ref(*r), Term::tuple([Term::Pid(*pid), g.clone()])));
        let monitored_groups = self.monitored_groups.iter().map(|(g, list)| {
            let list = list
                .iter()
                .map(|(pid, r)| Term::tuple([Term::Pid(*pid), Term::Ref(*r)]))
                .collect();
            (g.clone(), Term::list(list))
        });
        Term::tuple([
            Term::atom("state"),
            Term::Atom(self.scope),
            Term::map(local),
            Term::map(remote),
            Term::map(scope_monitors),
            Term::map(group_monitors),
            Term::map(monitored_groups),
        ])
    }
}

/// What pg does with a request it has no clause for: `erlang:error(badarg)`.
fn badarg() -> Term {
    Term::tuple([Term::atom("badarg"), Term::list(vec![])])
}

impl GenServer for Scope {
    fn module(&self) -> Atom {
        Atom::new(DEFAULT_SCOPE)
    }

    fn init(&mut self, ctx: &mut Ctx) -> Init {
        let me = ctx.me();
        let node = ctx.node();
        ctx.monitor_nodes(true);
        // Discover every node running this scope in the cluster.
        for peer_node in ctx.world_ref().connected_nodes(node) {
            if let Some(peer) = ctx.world_ref().whereis(peer_node, &self.scope) {
                let hello = self.discover_message(me);
                ctx.send(peer, hello);
            }
        }
        ctx.create_table(self.scope, me, Box::new(Members::default()));
        Init::Ok
    }

    fn handle_call(&mut self, request: &Term, from: &From, ctx: &mut Ctx) -> CallReply {
        if request.is_atom("monitor") {
            let r = ctx.monitor(from.pid);
            self.scope_monitors.insert(r, from.pid);
            let node = ctx.node();
            let groups = members(ctx.world_ref(), node, &self.scope)
                .map(|m| {
                    m.groups
                        .iter()
                        .map(|(g, e)| (g.clone(), pid_list(&e.all())))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            return CallReply::Reply(Term::tuple([Term::Ref(r), Term::map(groups)]));
        }
        match request.as_tuple() {
            Some([tag, group, pids]) if tag.is_atom("join_local") && pids_of(pids).is_some() => {
                self.join_local(ctx, group, pids);
                CallReply::Reply(Term::ok())
            }
            Some([tag, group, pids]) if tag.is_atom("leave_local") && pids_of(pids).is_some() => {
                if self.leave_local(ctx, group, pids) {
                    CallReply::Reply(Term::ok())
                } else {
                    CallReply::Reply(Term::atom("not_joined"))
                }
            }
            Some([tag, group]) if tag.is_atom("monitor") => {
                let node = ctx.node();
                let current = get_members(ctx.world_ref(), node, &self.scope, group);
                let r = ctx.monitor(from.pid);
                self.group_monitors.insert(r, (from.pid, group.clone()));
                self.monitored_groups
                    .entry(group.clone())
                    .or_default()
                    .insert(0, (from.pid, r));
                CallReply::Reply(Term::tuple([Term::Ref(r), pid_list(&current)]))
            }
            Some([tag, Term::Ref(r)]) if tag.is_atom("demonitor") => {
                if self.scope_monitors.remove(r).is_some() {
                    ctx.demonitor(*r);
                    return CallReply::Reply(Term::ok());
                }
                match self.group_monitors.remove(r) {
                    Some((watcher, group)) => {
                        ctx.demonitor(*r);
                        self.drop_group_monitor(watcher, *r, &group);
                        CallReply::Reply(Term::ok())
                    }
                    None => CallReply::Reply(Term::boolean(false)),
                }
            }
            _ => CallReply::Stop(badarg()),
        }
    }

    fn handle_cast(&mut self, request: &Term, ctx: &mut Ctx) -> Next {
        match request.as_tuple() {
            Some([tag, Term::Pid(peer), groups @ Term::List(_)]) if tag.is(Atom::SYNC) => {
                self.sync(ctx, *peer, groups);
                Next::NoReply
            }
            _ => Next::Stop(badarg()),
        }
    }

    fn handle_info(&mut self, msg: &Term, ctx: &mut Ctx) -> Next {
        match msg.as_tuple() {
            Some([tag, Term::Pid(peer), group, pids]) if tag.is(Atom::JOIN) => {
                self.remote_join(ctx, *peer, group, pids);
            }
            Some([tag, Term::Pid(peer), pids, groups @ Term::List(_)]) if tag.is(Atom::LEAVE) => {
                let groups = groups.list_to_vec().unwrap_or_default();
                self.remote_leave(ctx, *peer, pids, &groups);
            }
            Some([tag, Term::Pid(peer), ..]) if tag.is(Atom::DISCOVER) => {
                self.discover(ctx, *peer);
            }
            Some([tag, Term::Ref(r), kind, Term::Pid(pid), _]) if tag.is(Atom::DOWN) => {
                if kind.is(Atom::PROCESS) {
                    self.down(ctx, *r, *pid);
                }
            }
            Some([tag, _]) if tag.is(Atom::NODEDOWN) => {}
            Some([tag, Term::Atom(node)]) if tag.is(Atom::NODEUP) => {
                let world = ctx.world_ref();
                let peer = world
                    .node_by_atom(node)
                    .filter(|n| *n != ctx.node())
                    .and_then(|n| world.whereis(n, &self.scope));
                if let Some(peer) = peer {
                    let hello = self.discover_message(ctx.me());
                    ctx.send(peer, hello);
                }
            }
            _ => return Next::Stop(badarg()),
        }
        Next::NoReply
    }

    fn state(&self) -> Term {
        self.to_term()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `:pg.start_link()` — the default scope.
fn start_link_0(ctx: &mut Ctx, _args: &[Term]) -> Result<Term, Term> {
    Ok(start(ctx, Atom::new(DEFAULT_SCOPE), true))
}

fn scope_arg(args: &[Term]) -> Result<Atom, Term> {
    match args.first() {
        Some(Term::Atom(scope)) => Ok(*scope),
        _ => Err(crate::otp::reasons::function_clause("pg", "start_link", 1)),
    }
}

/// `:pg.start_link(scope)`.
fn start_link_1(ctx: &mut Ctx, args: &[Term]) -> Result<Term, Term> {
    Ok(start(ctx, scope_arg(args)?, true))
}

/// `:pg.start(scope)`.
fn start_1(ctx: &mut Ctx, args: &[Term]) -> Result<Term, Term> {
    Ok(start(ctx, scope_arg(args)?, false))
}

/// Loads `:pg.start_link/0,1` and `:pg.start/1`, so applications and child
/// specs can start scopes.
pub fn load(world: &mut World) {
    world.load(DEFAULT_SCOPE, "start_link", 0, start_link_0);
    world.load(DEFAULT_SCOPE, "start_link", 1, start_link_1);
    world.load(DEFAULT_SCOPE, "start", 1, start_1);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pid(id: u32) -> Pid {
        Pid {
            node: 0,
            id,
            serial: 0,
        }
    }

    #[test]
    fn subtract_removes_one_occurrence_per_element() {
        let list = [pid(1), pid(2), pid(1), pid(3)];
        assert_eq!(subtract(&list, &[pid(1)]), vec![pid(2), pid(1), pid(3)]);
        assert_eq!(
            subtract(&list, &[pid(1), pid(1), pid(4)]),
            vec![pid(2), pid(3)]
        );
    }

    #[test]
    fn a_sync_counts_as_unchanged_only_when_it_says_exactly_what_is_known() {
        let (a, b) = (pid(1), pid(2));
        let known: PeerGroups = vec![(Term::atom("g1"), vec![a, b]), (Term::atom("g2"), vec![])];
        let entry = |g: &str, pids: Term| Term::tuple([Term::atom(g), pids]);
        let list = |pids: &[Pid]| pid_list(pids);
        let same = Term::list(vec![entry("g1", list(&[a, b])), entry("g2", list(&[]))]);
        assert!(same_groups(&known, &same));
        let reordered = Term::list(vec![entry("g1", list(&[b, a])), entry("g2", list(&[]))]);
        assert!(!same_groups(&known, &reordered));
        let fewer = Term::list(vec![entry("g1", list(&[a, b]))]);
        assert!(!same_groups(&known, &fewer));
        let more = Term::list(vec![
            entry("g1", list(&[a, b])),
            entry("g2", list(&[])),
            entry("g3", list(&[a])),
        ]);
        assert!(!same_groups(&known, &more));
        // A member list with a tail that is not `[]` reads as no members.
        let improper = Term::improper_list(vec![Term::Pid(a), Term::Pid(b)], Term::atom("x"));
        let tail = Term::list(vec![entry("g1", improper), entry("g2", list(&[]))]);
        assert!(!same_groups(&known, &tail));
        // A lone pid is one member, but not the list the table was made from.
        let lone: PeerGroups = vec![(Term::atom("g"), vec![a])];
        assert!(!same_groups(
            &lone,
            &Term::list(vec![entry("g", Term::Pid(a))])
        ));
        assert!(same_groups(&Vec::new(), &Term::list(vec![])));
        assert!(!same_groups(
            &Vec::new(),
            &Term::improper_list(vec![], Term::Int(1))
        ));
    }

    #[test]
    fn a_repeated_sync_is_the_same_term_only_by_address() {
        let groups = Term::list(vec![Term::tuple([
            Term::atom("g"),
            Term::list(vec![Term::Pid(pid(1))]),
        ])]);
        assert!(
            same_term(&groups, &groups.clone()),
            "the very term, sent again"
        );
        let rebuilt = Term::list(vec![Term::tuple([
            Term::atom("g"),
            Term::list(vec![Term::Pid(pid(1))]),
        ])]);
        assert_eq!(groups, rebuilt);
        assert!(!same_term(&groups, &rebuilt), "equal, but made apart");
        assert!(same_term(&Term::EMPTY_LIST, &Term::list(vec![])));
        assert!(
            !same_term(&Term::nil(), &Term::EMPTY_LIST),
            "nil: nothing synced yet"
        );
        assert!(!same_term(&Term::EMPTY_LIST, &groups));
    }

    #[test]
    fn only_local_pids_pass_ensure_local() {
        let remote = Term::Pid(Pid {
            node: 1,
            id: 100,
            serial: 0,
        });
        assert_eq!(first_not_local(0, &Term::Pid(pid(100))), None);
        assert_eq!(first_not_local(0, &remote), Some(remote.clone()));
        let mixed = Term::list(vec![Term::Pid(pid(100)), remote.clone()]);
        assert_eq!(first_not_local(0, &mixed), Some(remote));
        assert_eq!(first_not_local(0, &Term::atom("x")), Some(Term::atom("x")));
    }
}
