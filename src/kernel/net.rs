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
use std::collections::BTreeMap;

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
    /// Live distribution connections: row `a` is a bit set of `a`'s peers,
    /// so asking "connected?" on every packet is one load and a mask.
    connected: Vec<Vec<u64>>,
    /// How many peers each node has (the bits set in its row), so a node
    /// connected to everyone knows it has no strangers without a scan.
    degree: Vec<u32>,
    /// When the last packet from `from` to `to` arrives, to keep order:
    /// `last_arrival[from][to]`, rows grown as needed (a full mesh sends
    /// on every pair, and a dense row is one lookup where a map of a
    /// million pairs is twenty).
    last_arrival: Vec<Vec<Time>>,
    /// The latest time in `last_arrival`: a packet due at or after it
    /// comes after everything sent before it on any pair, so its pair's
    /// entry is written without being read (with one latency and no
    /// jitter, every packet; a read of a million-pair table misses the
    /// cache, where a write does not wait).
    latest_arrival: Time,
    /// Net tick time: how long a silent connection lives (virtual µs).
    pub net_tick: Time,
    /// Whether connecting to one node also connects to the nodes it knows
    /// (the BEAM's default full mesh).
    pub transitive: bool,
    /// Probability in `0..=1` that a datagram between nodes arrives twice.
    pub udp_duplicate: f64,
    /// Up to this much extra delay (µs) per datagram between nodes, so
    /// datagrams overtake each other.
    pub udp_reorder: Time,
}

impl Default for Net {
    fn default() -> Self {
        Net {
            default: LinkParams::default(),
            links: BTreeMap::new(),
            connected: Vec::new(),
            degree: Vec::new(),
            last_arrival: Vec::new(),
            latest_arrival: 0,
            net_tick: 60_000 * MS,
            transitive: true,
            udp_duplicate: 0.0,
            udp_reorder: 0,
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

    /// When a packet from `from` to `to` sent to arrive at `at` does
    /// arrive: not before the one sent before it on that pair.
    pub(crate) fn arrival(&mut self, from: NodeId, to: NodeId, at: Time) -> Time {
        let (from, to) = (from as usize, to as usize);
        if self.last_arrival.len() <= from {
            self.last_arrival.resize_with(from + 1, Vec::new);
        }
        let row = &mut self.last_arrival[from];
        if row.len() <= to {
            row.resize(to + 1, 0);
        }
        let at = if at >= self.latest_arrival {
            at
        } else {
            at.max(row[to])
        };
        row[to] = at;
        self.latest_arrival = self.latest_arrival.max(at);
        at
    }

    /// Forgets the order of packets between `a` and `b` (their connection
    /// went down: a new one starts afresh).
    pub(crate) fn forget_arrivals(&mut self, a: NodeId, b: NodeId) {
        for (x, y) in [(a, b), (b, a)] {
            if let Some(t) = self
                .last_arrival
                .get_mut(x as usize)
                .and_then(|row| row.get_mut(y as usize))
            {
                *t = 0;
            }
        }
    }

    /// True when `a` and `b` have a live connection.
    pub fn is_connected(&self, a: NodeId, b: NodeId) -> bool {
        a == b || bit(&self.connected, a, b)
    }

    /// Records a connection; false when it already existed.
    pub(crate) fn add_connection(&mut self, a: NodeId, b: NodeId) -> bool {
        let new = !bit(&self.connected, a, b);
        set_bit(&mut self.connected, a, b, true);
        set_bit(&mut self.connected, b, a, true);
        if new {
            self.count_peer(a, 1);
            self.count_peer(b, 1);
        }
        new
    }

    /// Forgets a connection; false when there was none.
    pub(crate) fn remove_connection(&mut self, a: NodeId, b: NodeId) -> bool {
        let had = bit(&self.connected, a, b);
        set_bit(&mut self.connected, a, b, false);
        set_bit(&mut self.connected, b, a, false);
        if had {
            self.count_peer(a, -1);
            self.count_peer(b, -1);
        }
        had
    }

    fn count_peer(&mut self, node: NodeId, by: i32) {
        let node = node as usize;
        if self.degree.len() <= node {
            self.degree.resize(node + 1, 0);
        }
        self.degree[node] = self.degree[node].saturating_add_signed(by);
    }

    /// Every connection once, as `(low, high)` pairs in order.
    pub fn connections(&self) -> Vec<(NodeId, NodeId)> {
        (0..self.connected.len() as NodeId)
            .flat_map(|a| {
                self.peers(a)
                    .into_iter()
                    .filter(move |b| a < *b)
                    .map(move |b| (a, b))
            })
            .collect()
    }

    /// `node`'s peers as they are now, as bits (see [`Net::next_unknown`]).
    pub(crate) fn peers_now(&self, node: NodeId) -> Box<[u64]> {
        self.row(node).into()
    }

    /// The first node numbered `from` or more among `peers` (a
    /// [`Net::peers_now`]) that `other` is not connected to, nor is
    /// `other` itself: who a new connection makes `other` connect to next.
    /// Read a word at a time against `other`'s connections as they are
    /// now, so a peer it has met since `peers` was taken is skipped 64 at
    /// a time, and no list is made (a thousand-node mesh walks a thousand
    /// peers for each of its half a million connections).
    pub(crate) fn next_unknown(
        &self,
        peers: &[u64],
        other: NodeId,
        from: NodeId,
    ) -> Option<NodeId> {
        let known = self.row(other);
        let mut w = (from / 64) as usize;
        let mut mask = !0u64 << (from % 64);
        while let Some(word) = peers.get(w) {
            let mut bits = word & !known.get(w).copied().unwrap_or(0) & mask;
            if w == (other / 64) as usize {
                bits &= !(1u64 << (other % 64));
            }
            if bits != 0 {
                return Some(w as NodeId * 64 + bits.trailing_zeros());
            }
            w += 1;
            mask = !0;
        }
        None
    }

    /// Every peer of `node` that `other` does not know (see
    /// [`Net::next_unknown`]), in node order.
    #[cfg(test)]
    fn peers_unknown_to(&self, node: NodeId, other: NodeId) -> Vec<NodeId> {
        let peers = self.peers_now(node);
        std::iter::successors(self.next_unknown(&peers, other, 0), |p| {
            self.next_unknown(&peers, other, p + 1)
        })
        .collect()
    }

    /// The nodes `node` is connected to, in index order.
    pub fn peers(&self, node: NodeId) -> Vec<NodeId> {
        bit_list(self.row(node).iter().copied())
    }

    /// The nodes below `count` that `node` has no connection to, itself
    /// excluded, in index order. A node connected to every other one (a
    /// settled cluster's every heartbeat) is known by its peer count;
    /// otherwise the bit row is read a word at a time.
    pub fn strangers(&self, node: NodeId, count: NodeId) -> Vec<NodeId> {
        let peers = self.degree.get(node as usize).copied().unwrap_or(0);
        let every_peer_counted = self.connected.len() <= count as usize;
        if node < count && every_peer_counted && peers.saturating_add(1) >= count {
            return Vec::new();
        }
        let row = self.row(node);
        let words = (0..count.div_ceil(64)).map(|w| {
            let bits = !row.get(w as usize).copied().unwrap_or(0);
            let base = w * 64;
            if count - base < 64 {
                bits & ((1u64 << (count - base)) - 1)
            } else {
                bits
            }
        });
        let mut strangers = bit_list(words);
        strangers.retain(|b| *b != node);
        strangers
    }

    /// `node`'s connection bit row (empty for a node never connected).
    fn row(&self, node: NodeId) -> &[u64] {
        self.connected.get(node as usize).map_or(&[], Vec::as_slice)
    }
}

/// The set bits of `words` in a vector allocated once at its final size
/// (a thousand-node mesh lists peers a million times while it forms).
fn bit_list(words: impl Iterator<Item = u64> + Clone) -> Vec<NodeId> {
    let n = words.clone().map(|w| w.count_ones() as usize).sum();
    let mut out = Vec::with_capacity(n);
    out.extend(set_bits(words));
    out
}

/// The numbers of the bits set in `words`, word 0 first: bit `i` of word
/// `w` is node `64 w + i`.
fn set_bits(words: impl Iterator<Item = u64>) -> impl Iterator<Item = NodeId> {
    words.enumerate().flat_map(|(w, word)| {
        let base = w as NodeId * 64;
        std::iter::successors((word != 0).then_some(word), |bits| {
            let rest = bits & (bits - 1);
            (rest != 0).then_some(rest)
        })
        .map(move |bits| base + bits.trailing_zeros())
    })
}

/// Whether bit `b` of row `a` is set.
fn bit(rows: &[Vec<u64>], a: NodeId, b: NodeId) -> bool {
    rows.get(a as usize)
        .and_then(|row| row.get(b as usize / 64))
        .is_some_and(|word| word & (1 << (b % 64)) != 0)
}

/// Sets or clears bit `b` of row `a`, growing the rows as needed.
fn set_bit(rows: &mut Vec<Vec<u64>>, a: NodeId, b: NodeId, on: bool) {
    if rows.len() <= a as usize {
        rows.resize(a as usize + 1, Vec::new());
    }
    let row = &mut rows[a as usize];
    if row.len() <= b as usize / 64 {
        row.resize(b as usize / 64 + 1, 0);
    }
    if on {
        row[b as usize / 64] |= 1 << (b % 64);
    } else {
        row[b as usize / 64] &= !(1 << (b % 64));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_are_symmetric_and_listed_in_order() {
        let mut net = Net::default();
        assert!(net.add_connection(3, 70));
        assert!(!net.add_connection(70, 3));
        assert!(net.add_connection(3, 1));
        assert!(net.is_connected(70, 3) && net.is_connected(1, 3) && net.is_connected(5, 5));
        assert!(!net.is_connected(1, 70));
        assert_eq!(net.strangers(3, 72), {
            let mut all: Vec<NodeId> = (0..72).filter(|n| ![1, 3, 70].contains(n)).collect();
            all.sort();
            all
        });
        assert_eq!(net.strangers(70, 4), vec![0, 1, 2]);
        assert_eq!(net.strangers(200, 3), vec![0, 1, 2]);
        assert_eq!(net.peers(3), vec![1, 70]);
        assert_eq!(net.connections(), vec![(1, 3), (3, 70)]);
        assert!(net.remove_connection(70, 3));
        assert!(!net.remove_connection(3, 70));
        assert_eq!(net.peers(3), vec![1]);
        assert_eq!(net.peers(999), Vec::<NodeId>::new());
    }

    #[test]
    fn a_node_connected_to_all_has_no_strangers_until_a_connection_goes() {
        let mut net = Net::default();
        for a in 0..70 {
            for b in a + 1..70 {
                net.add_connection(a, b);
            }
        }
        assert!(!net.add_connection(0, 69));
        assert_eq!(net.strangers(5, 70), Vec::<NodeId>::new());
        // A node counted beyond the mesh is everyone's stranger.
        assert_eq!(net.strangers(5, 71), vec![70]);
        assert!(net.remove_connection(5, 66));
        assert_eq!(net.strangers(5, 70), vec![66]);
        assert_eq!(net.strangers(66, 70), vec![5]);
        assert_eq!(net.strangers(6, 70), Vec::<NodeId>::new());
        net.add_connection(66, 5);
        assert_eq!(net.strangers(66, 70), Vec::<NodeId>::new());
    }

    #[test]
    fn a_nodes_peers_unknown_to_another_skip_the_known_and_itself() {
        let mut net = Net::default();
        for peer in [1, 2, 65, 130] {
            net.add_connection(0, peer);
        }
        net.add_connection(5, 2);
        net.add_connection(5, 0);
        assert_eq!(net.peers_unknown_to(0, 5), vec![1, 65, 130]);
        assert_eq!(net.peers_unknown_to(5, 0), Vec::<NodeId>::new());
        assert_eq!(net.peers_unknown_to(0, 300), vec![1, 2, 5, 65, 130]);
        assert_eq!(net.peers_unknown_to(300, 0), Vec::<NodeId>::new());
        // A walk over the peers as they were goes on from where it stopped
        // and skips those met since, but not peers made since.
        let peers = net.peers_now(0);
        assert_eq!(net.next_unknown(&peers, 5, 0), Some(1));
        net.add_connection(5, 65);
        net.add_connection(0, 7);
        assert_eq!(net.next_unknown(&peers, 5, 2), Some(130));
        assert_eq!(net.next_unknown(&peers, 5, 131), None);
        assert_eq!(net.next_unknown(&peers, 1, 0), Some(2), "not itself");
    }

    #[test]
    fn packets_on_a_pair_arrive_in_order_until_it_is_forgotten() {
        let mut net = Net::default();
        assert_eq!(net.arrival(3, 9, 100), 100);
        assert_eq!(net.arrival(3, 9, 40), 100, "not before the one ahead");
        assert_eq!(net.arrival(9, 3, 40), 40, "the other direction is its own");
        net.forget_arrivals(9, 3);
        assert_eq!(net.arrival(3, 9, 40), 40);
        // Past every packet so far (written without a look at its pair),
        // then behind it again, on that pair and on a quiet one.
        assert_eq!(net.arrival(1, 2, 500), 500);
        assert_eq!(net.arrival(1, 2, 450), 500, "not before the latest");
        assert_eq!(net.arrival(4, 5, 300), 300, "a quiet pair waits for no one");
        assert_eq!(net.arrival(4, 5, 200), 300);
        assert_eq!(net.arrival(1, 2, 600), 600);
    }
}
