//! Partitions, heals and link settings.

use crate::kernel::{LinkParams, NodeId, TraceKind, World, MS};

/// Splits the cluster into `groups`: every link between nodes of different
/// groups is cut both ways. Nodes named in no group form one more group.
pub fn partition(world: &mut World, groups: &[Vec<NodeId>], description: String) {
    let n = world.node_count() as NodeId;
    let group_of = |node: NodeId| groups.iter().position(|g| g.contains(&node));
    for a in 0..n {
        for b in 0..n {
            if a != b && group_of(a) != group_of(b) {
                let mut link = world.net().link(a, b);
                link.cut = true;
                world.set_link(a, b, link);
            }
        }
    }
    world.record(TraceKind::Network {
        change: description,
    });
}

/// Cuts the link `from → to` only (a one-way failure).
pub fn cut(world: &mut World, from: NodeId, to: NodeId, description: String) {
    cut_quietly(world, from, to);
    world.record(TraceKind::Network {
        change: description,
    });
}

/// [`cut`] without a trace record, for a change made of many cuts that
/// records itself once.
pub fn cut_quietly(world: &mut World, from: NodeId, to: NodeId) {
    let mut link = world.net().link(from, to);
    link.cut = true;
    world.set_link(from, to, link);
}

/// Removes every cut. Nodes reconnect when something next reaches across
/// (a send, `Node.connect/1`, a discovery heartbeat), as on the BEAM.
pub fn heal(world: &mut World, description: String) {
    let n = world.node_count() as NodeId;
    for a in 0..n {
        for b in 0..n {
            if a != b && world.net().link(a, b).cut {
                let mut link = world.net().link(a, b);
                link.cut = false;
                world.set_link(a, b, link);
            }
        }
    }
    world.record(TraceKind::Network {
        change: description,
    });
}

/// Sets latency, jitter (ms) and loss (percent) on both directions
/// between `a` and `b`, keeping any cut.
pub fn set_link(
    world: &mut World,
    a: NodeId,
    b: NodeId,
    latency_ms: Option<u64>,
    jitter_ms: Option<u64>,
    loss_percent: Option<u64>,
    description: String,
) {
    for (x, y) in [(a, b), (b, a)] {
        let old = world.net().link(x, y);
        let link = LinkParams {
            latency: latency_ms.map_or(old.latency, |ms| ms * MS),
            jitter: jitter_ms.map_or(old.jitter, |ms| ms * MS),
            loss: loss_percent.map_or(old.loss, |p| p.min(100) as f64 / 100.0),
            cut: old.cut,
        };
        world.set_link(x, y, link);
    }
    world.record(TraceKind::Network {
        change: description,
    });
}
