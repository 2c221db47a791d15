//! `KV.Router`: which node a bucket lives on, and running a request there.
//!
//! Two routers, chosen by `Application.put_env(:kv, :router, :table | :hash)`
//! (`KV.router/1` in the console; `:hash` by default):
//!
//! - `:table` — the guide's: `Application.get_env(:kv, :routing_table)` is a
//!   list of `{enumerable_of_first_bytes, node}`; the first byte of the
//!   bucket name picks the first entry that holds it. No table configured
//!   means every bucket stays on the calling node; a name no entry holds is
//!   the guide's `"could not find entry for ..."` error.
//! - `:hash` — the shard fleet: the name picks a shard and the shard's
//!   primary among the nodes the caller sees owns it ([`hash_owner`]). The
//!   bucket itself is kept in the shard fleet ([`super::store`]), so it
//!   moves with its shard.
//!
//! A request for another node travels there with the link's latency, runs
//! as a task under that node's `KV.RouterTasks` (the guide's
//! `Task.Supervisor.async({KV.RouterTasks, node}, ...)`), and its reply
//! travels back. Each routed request writes a line to the calling node's
//! log (`Sim.log/1`) unless `Application.put_env(:kv, :log_routes, false)`.

use super::ROUTER_TASKS;
use crate::kernel::{NodeId, ProcessKind, World};
use crate::otp::call::{receive, Budget, CallError};
use crate::term::{inspect, Atom, Pid, Term};

/// Which router picks the node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Router {
    /// The guide's routing table, by first byte.
    Table,
    /// Rendezvous hashing over the visible nodes.
    Hash,
}

impl Router {
    /// `:table` or `:hash`.
    pub fn to_term(self) -> Term {
        Term::atom(match self {
            Router::Table => "table",
            Router::Hash => "hash",
        })
    }
}

/// Where one bucket's requests go, and which router said so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route {
    /// The router that picked the node.
    pub router: Router,
    /// The node.
    pub node: NodeId,
}

impl Route {
    /// `{:hash, :"b@sim"}`, as `KV.route/1` returns it.
    pub fn to_term(self, world: &World) -> Term {
        let node = world
            .node_name(self.node)
            .cloned()
            .map_or_else(Term::nil, Term::Atom);
        Term::tuple(vec![self.router.to_term(), node])
    }
}

/// Why a request could not be routed or did not come back.
#[derive(Clone, Debug, PartialEq)]
pub enum RouteError {
    /// The routing table has no entry for the name: the guide's message.
    NoEntry(String),
    /// The table router needs a non-empty binary name (`:binary.first/1`).
    BadName(Term),
    /// The chosen node (this atom) is down, unknown or unreachable.
    NodeDown(Term),
    /// The request exited on the node, or the line ran out of budget.
    Call(CallError),
}

/// The router in use (`Application.get_env(:kv, :router)`), `:hash` unless set.
pub fn current(world: &World) -> Router {
    match world.get_env("kv", "router") {
        Some(t) if t.is_atom("table") => Router::Table,
        _ => Router::Hash,
    }
}

/// Switches the router (`KV.router/1`).
pub fn set_current(world: &mut World, router: Router) {
    world.put_env("kv", "router", router.to_term());
}

/// The hash router's choice for `bucket` asked on `node`, through the
/// shard fleet: the bucket name picks a shard (rendezvous over `0..K`), and
/// the shard's primary among the nodes `node` sees is the owner — the same
/// key → shard → node route `Shards.put/2` takes.
pub fn hash_owner(world: &World, node: NodeId, bucket: &Term) -> NodeId {
    let shards = crate::apps::shards::k(world);
    let shard = crate::apps::shards::placement::shard_of(bucket, shards);
    crate::apps::shards::placement::holders(world, node, shard, 1)
        .first()
        .copied()
        .unwrap_or(node)
}

/// The table router's choice for `bucket` asked on `node`.
pub fn table_owner(world: &World, node: NodeId, bucket: &Term) -> Result<NodeId, RouteError> {
    let Some(table) = world.get_env("kv", "routing_table") else {
        return Ok(node);
    };
    let first = match bucket.as_binary().and_then(<[u8]>::first) {
        Some(b) => i64::from(*b),
        None => return Err(RouteError::BadName(bucket.clone())),
    };
    let entry = table.list_iter().find_map(|e| match e.as_tuple() {
        Some([bytes, target]) if holds(bytes, first) => Some(target.clone()),
        _ => None,
    });
    let Some(target) = entry else {
        return Err(RouteError::NoEntry(format!(
            "could not find entry for {} in table {}",
            inspect(bucket),
            inspect(&table)
        )));
    };
    target
        .as_atom()
        .and_then(|name| world.node_id(name))
        .ok_or(RouteError::NodeDown(target))
}

/// `byte in enumerable` for a range (`?a..?m`) or a list of bytes.
fn holds(enumerable: &Term, byte: i64) -> bool {
    if let Term::Map(map) = enumerable {
        let field = |k: &str| map.get(&Term::atom(k)).and_then(Term::as_int);
        let is_range = map
            .get(&Term::atom("__struct__"))
            .is_some_and(|s| s.is_atom("Elixir.Range"));
        let (Some(first), Some(last)) = (field("first"), field("last")) else {
            return false;
        };
        let step = field("step").unwrap_or(if first <= last { 1 } else { -1 });
        let (byte, first, last, step) = (
            i128::from(byte),
            i128::from(first),
            i128::from(last),
            i128::from(step),
        );
        let inside = match step {
            0 => false,
            s if s > 0 => first <= byte && byte <= last,
            _ => last <= byte && byte <= first,
        };
        return is_range && inside && (byte - first) % step == 0;
    }
    enumerable.list_iter().any(|t| t.as_int() == Some(byte))
}

/// Where `bucket`'s requests from `node` go now.
pub fn pick(world: &World, node: NodeId, bucket: &Term) -> Result<Route, RouteError> {
    let router = current(world);
    let target = match router {
        Router::Table => table_owner(world, node, bucket)?,
        Router::Hash => hash_owner(world, node, bucket),
    };
    Ok(Route {
        router,
        node: target,
    })
}

/// `KV.Router.route(bucket, ...)` for the table router: runs `op` on the node `bucket` routes to,
/// as a process there (`caller` itself when that is its own node), and
/// returns the route taken with `op`'s result.
pub fn route<T>(
    world: &mut World,
    caller: Pid,
    bucket: &Term,
    budget: &mut Budget,
    op: impl FnOnce(&mut World, Pid, &mut Budget) -> Result<T, CallError>,
) -> Result<(Route, T), RouteError> {
    let here = caller.node;
    let route = pick(world, here, bucket)?;
    log(world, here, bucket, route);
    let value = if route.node == here {
        op(world, caller, budget).map_err(RouteError::Call)?
    } else {
        remote(world, caller, route.node, budget, op)?
    };
    Ok((route, value))
}

/// Writes the route `bucket` takes from `node` to `node`'s log, unless
/// `Application.put_env(:kv, :log_routes, false)`. Under the hash router
/// the route is the bucket's shard's primary, which may change before the
/// request lands (the shard fleet retries).
pub fn log_route(world: &mut World, node: NodeId, bucket: &Term) {
    if let Ok(route) = pick(world, node, bucket) {
        log(world, node, bucket, route);
    }
}

fn log(world: &mut World, node: NodeId, bucket: &Term, route: Route) {
    if world
        .get_env("kv", "log_routes")
        .is_some_and(|t| t.is_atom("false"))
    {
        return;
    }
    let line = format!(
        "KV.Router: {} -> {} via {}",
        inspect(bucket),
        inspect(&node_term(world, route.node)),
        inspect(&route.router.to_term())
    );
    world.log(node, "info", line);
}

/// Runs `op` as a task under `KV.RouterTasks` on `node`, with the request
/// and the reply each crossing the network.
fn remote<T>(
    world: &mut World,
    caller: Pid,
    node: NodeId,
    budget: &mut Budget,
    op: impl FnOnce(&mut World, Pid, &mut Budget) -> Result<T, CallError>,
) -> Result<T, RouteError> {
    let here = caller.node;
    let down = |world: &World| RouteError::NodeDown(node_term(world, node));
    if !world.ensure_connected(here, node) {
        return Err(down(world));
    }
    travel(world, caller, here, node, budget)?;
    if !world.node_alive(node) || !world.net().is_connected(here, node) {
        return Err(down(world));
    }
    let Some(tasks) = world.whereis(node, &Atom::new(ROUTER_TASKS)) else {
        return Err(RouteError::Call(CallError::Exit(Term::atom("noproc"))));
    };
    let module = Atom::new("Elixir.Task.Supervised");
    let Some(task) = world.spawn(node, Some(tasks), false, module, ProcessKind::Shell) else {
        return Err(down(world));
    };
    let result = op(world, task, budget);
    world.die(task, Term::atom("normal"));
    // The reply crosses back, whether it is a value or an exit.
    if !world.net().is_connected(here, node) {
        return Err(down(world));
    }
    travel(world, caller, node, here, budget)?;
    result.map_err(RouteError::Call)
}

/// Waits, as `caller`, the one-way delay from `from` to `to`.
fn travel(
    world: &mut World,
    caller: Pid,
    from: NodeId,
    to: NodeId,
    budget: &mut Budget,
) -> Result<(), RouteError> {
    let deadline = world
        .now()
        .saturating_add(world.net().link(from, to).latency);
    receive(world, caller, |_| false, Some(deadline), budget).map_err(RouteError::Call)?;
    Ok(())
}

/// The node's name as an atom term.
fn node_term(world: &World, node: NodeId) -> Term {
    world
        .node_name(node)
        .cloned()
        .map_or_else(Term::nil, Term::Atom)
}
