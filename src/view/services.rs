//! The services panel's data: PubSub subscribers per topic per node with
//! the last broadcast's fan-out (seed 002), and the KV router's recent
//! routes (seed 003).

use super::node_name as name;
use crate::kernel::{NodeId, TraceKind, World};
use crate::otp::registry;
use crate::term::{inspect, Term};
use serde::Serialize;
use std::collections::BTreeMap;

/// Subscribers of one topic of one PubSub, per node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TopicRow {
    /// The PubSub (`Hermes.PubSub`).
    pub pubsub: String,
    /// The topic, inspected.
    pub topic: String,
    /// Subscribers per node, in column order.
    pub counts: Vec<usize>,
}

/// The last broadcast: one forward per remote node, whatever the number
/// of subscribers there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Broadcast {
    /// The topic, inspected.
    pub topic: String,
    /// The node it was published on.
    pub from: String,
    /// The nodes a forward went to.
    pub to: Vec<String>,
    /// Virtual time (µs).
    pub time: u64,
}

/// One routed KV request, from the router's log line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KvRoute {
    /// The node whose client asked.
    pub node: String,
    /// Virtual time (µs).
    pub time: u64,
    /// `KV.Router: "shopping" -> :b@sim via :hash`.
    pub text: String,
}

/// Everything the services panel draws.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Default)]
pub struct ServicesView {
    /// Column headings: node names.
    pub nodes: Vec<String>,
    /// Topics with at least one subscriber somewhere.
    pub topics: Vec<TopicRow>,
    /// The most recent broadcast that crossed nodes, if any.
    pub last_broadcast: Option<Broadcast>,
    /// The most recent KV routes, oldest first.
    pub kv_routes: Vec<KvRoute>,
}

/// KV routes kept in the view.
const KV_ROUTES: usize = 12;

/// The services of `world`, read without evaluating anything.
pub fn services(world: &World) -> ServicesView {
    let ids: Vec<NodeId> = (0..world.node_count() as NodeId).collect();
    let nodes: Vec<String> = ids.iter().map(|&n| name(world, n)).collect();
    let mut counts: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for &n in ids.iter().filter(|n| world.node_alive(**n)) {
        for reg in registry::registries(world, n) {
            let is_pubsub = registry::meta(world, n, &reg, &Term::atom("pubsub"))
                .ok()
                .flatten()
                .is_some();
            if !is_pubsub {
                continue;
            }
            let pubsub = inspect(&Term::Atom(reg));
            for (topic, _, _) in registry::all(world, n, &reg) {
                let row = counts
                    .entry((pubsub.clone(), inspect(&topic)))
                    .or_insert_with(|| vec![0; ids.len()]);
                row[n as usize] += 1;
            }
        }
    }
    let topics = counts
        .into_iter()
        .map(|((pubsub, topic), counts)| TopicRow {
            pubsub,
            topic,
            counts,
        })
        .collect();
    ServicesView {
        nodes,
        topics,
        last_broadcast: last_broadcast(world),
        kv_routes: kv_routes(world, &ids),
    }
}

/// The forwards of the most recent cross-node broadcast: the last
/// `{:forward_to_local, topic, message, _}` send and every other forward
/// of the same message sent at the same moment.
fn last_broadcast(world: &World) -> Option<Broadcast> {
    let trace = world.trace();
    let forward = |kind: &TraceKind| match kind {
        TraceKind::Send { from, to, msg } => match msg.as_tuple() {
            Some([tag, topic, message, _]) if tag.is_atom("forward_to_local") => {
                Some((*from, *to, topic.clone(), message.clone()))
            }
            _ => None,
        },
        _ => None,
    };
    let (at, (from, _, topic, message)) = trace
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, e)| forward(&e.kind).map(|f| (i, f)))?;
    let time = trace.get(at)?.time;
    let mut to: Vec<String> = trace
        .range(0, at + 1)
        .iter()
        .rev()
        .take_while(|e| e.time == time)
        .filter_map(|e| forward(&e.kind))
        .filter(|(f, _, t, m)| *f == from && *t == topic && *m == message)
        .map(|(_, to, _, _)| name(world, to.node))
        .collect();
    to.sort();
    to.dedup();
    Some(Broadcast {
        topic: inspect(&topic),
        from: name(world, from.node),
        to,
        time,
    })
}

fn kv_routes(world: &World, ids: &[NodeId]) -> Vec<KvRoute> {
    let mut routes: Vec<KvRoute> = ids
        .iter()
        .flat_map(|&n| {
            world
                .node_log(n)
                .iter()
                .rev()
                .filter(|e| e.text.starts_with("KV.Router:"))
                .take(KV_ROUTES)
                .map(move |e| KvRoute {
                    node: name(world, n),
                    time: e.time,
                    text: e.text.clone(),
                })
        })
        .collect();
    routes.sort_by(|a, b| a.time.cmp(&b.time).then(a.node.cmp(&b.node)));
    let excess = routes.len().saturating_sub(KV_ROUTES);
    routes.drain(..excess);
    routes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::Console;
    use crate::scenarios;

    fn run(name: &str) -> Console {
        let s = scenarios::find(name).expect("scenario");
        let mut c = Console::new(s.seed);
        for line in s.lines() {
            assert!(c.eval_line(&line).ok, "{line}");
        }
        c
    }

    #[test]
    fn hermes_subscribers_per_node_and_the_fan_out() {
        let c = run("hermes-pubsub");
        let view = services(c.world());
        assert_eq!(view.nodes, vec!["a@sim", "b@sim", "c@sim"]);
        let created = view
            .topics
            .iter()
            .find(|t| t.topic == ":\"user.created\"")
            .expect("user.created");
        assert_eq!(created.counts, vec![1, 5, 0]);
        let updated = view
            .topics
            .iter()
            .find(|t| t.topic == ":\"user.updated\"")
            .expect("user.updated");
        assert_eq!(updated.counts, vec![1, 0, 2]);
        // The last broadcast went from b to a and c: one forward each.
        let last = view.last_broadcast.expect("a broadcast");
        assert_eq!(last.topic, ":\"user.updated\"");
        assert_eq!(last.from, "b@sim");
        assert_eq!(last.to, vec!["a@sim", "c@sim"]);
    }

    #[test]
    fn kv_routes_come_from_the_router_log() {
        let c = run("kv-routing-table");
        let view = services(c.world());
        assert!(!view.kv_routes.is_empty());
        assert!(view
            .kv_routes
            .iter()
            .any(|r| r.text.contains("\"shopping\" -> :b@sim via :table")));
        assert!(view.kv_routes.len() <= KV_ROUTES);
    }
}
