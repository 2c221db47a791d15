//! The simulated network between nodes, and Erlang distribution over it.
//!
//! Every ordered pair of nodes has a [`LinkParams`] (latency, jitter, loss)
//! and may be cut in that direction. Distribution connections are kept per
//! unordered pair, as the BEAM keeps one TCP connection per pair:
//!
//! - a send to a node without a connection first connects (as the BEAM
//!   auto-connects), which fails when either direction is cut;
//! - messages and exit signals between a pair arrive in the order sent,
//!   however the jitter falls (TCP keeps order, so we never reorder);
//! - loss on a link delays distribution traffic (TCP retransmits) and drops
//!   only datagrams (gossip heartbeats);
//! - a cut is noticed after the net tick time, then both sides see the
//!   connection go down: `:nodedown`, and `:noconnection` for every link and
//!   monitor across it.

use super::{NodeId, Time, MS};
use std::collections::{BTreeMap, BTreeSet};

/// How a one-way link between two nodes behaves.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct LinkParams {
    /// One-way delay in microseconds.
    pub latency: Time,
    /// Extra random delay, uniform in `0..=jitter` microseconds.
    pub jitter: Time,
    /// Probability in `0..=1` that a packet is lost on the wire.
    pub loss: f64,
    /// Cut: nothing gets through in this direction.
    pub cut: bool,
}

impl Default for LinkParams {
    fn default() -> Self {
        LinkParams {
            latency: MS,
            jitter: 0,
            loss: 0.0,
            cut: false,
        }
    }
}

/// How long TCP takes to resend a lost distribution packet.
pub const RETRANSMIT: Time = 200 * MS;

/// The network's state.
#[derive(Clone, Debug)]
pub struct Net {
    /// Parameters for pairs without their own.
    pub default: LinkParams,
    /// Per-direction parameters, keyed `(from, to)`.
    pub links: BTreeMap<(NodeId, NodeId), LinkParams>,
    /// Live distribution connections: each node's peers, in index order.
    connected: BTreeMap<NodeId, BTreeSet<NodeId>>,
    /// When the last packet from `from` to `to` arrives, to keep order.
    pub last_arrival: BTreeMap<(NodeId, NodeId), Time>,
    /// Net tick time: how long a silent connection lives (virtual µs).
    pub net_tick: Time,
    /// Whether connecting to one node also connects to the nodes it knows
    /// (the BEAM's default full mesh).
    pub transitive: bool,
}

impl Default for Net {
    fn default() -> Self {
        Net {
            default: LinkParams::default(),
            links: BTreeMap::new(),
            connected: BTreeMap::new(),
            last_arrival: BTreeMap::new(),
            net_tick: 60_000 * MS,
            transitive: true,
        }
    }
}

impl Net {
    /// The parameters of the link `from → to`.
    pub fn link(&self, from: NodeId, to: NodeId) -> LinkParams {
        self.links.get(&(from, to)).copied().unwrap_or(self.default)
    }

    /// True when either direction between `a` and `b` is cut.
    pub fn is_cut(&self, a: NodeId, b: NodeId) -> bool {
        self.link(a, b).cut || self.link(b, a).cut
    }

    /// True when `a` and `b` have a live connection.
    pub fn is_connected(&self, a: NodeId, b: NodeId) -> bool {
        a == b
            || self
                .connected
                .get(&a)
                .is_some_and(|peers| peers.contains(&b))
    }

    /// Records a connection; false when it already existed.
    pub(crate) fn add_connection(&mut self, a: NodeId, b: NodeId) -> bool {
        let new = self.connected.entry(a).or_default().insert(b);
        self.connected.entry(b).or_default().insert(a);
        new
    }

    /// Forgets a connection; false when there was none.
    pub(crate) fn remove_connection(&mut self, a: NodeId, b: NodeId) -> bool {
        let had = self.connected.get_mut(&a).is_some_and(|p| p.remove(&b));
        if let Some(p) = self.connected.get_mut(&b) {
            p.remove(&a);
        }
        had
    }

    /// Every connection once, as `(low, high)` pairs in order.
    pub fn connections(&self) -> Vec<(NodeId, NodeId)> {
        self.connected
            .iter()
            .flat_map(|(&a, peers)| peers.iter().filter(move |&&b| a < b).map(move |&b| (a, b)))
            .collect()
    }

    /// The nodes `node` is connected to, in index order.
    pub fn peers(&self, node: NodeId) -> Vec<NodeId> {
        self.connected
            .get(&node)
            .map(|p| p.iter().copied().collect())
            .unwrap_or_default()
    }
}
