//! Where things live: key → shard → nodes, by rendezvous hashing.

use crate::kernel::{NodeId, World};
use crate::term::{hash_after, tuple_start, Term, PHASH2_MASK};

/// The shard of `key` among `0..k`: the largest
/// `phash2({routing_key(key), shard})`, the first on a tie (seed 000's
/// `pick_shard`).
pub fn shard_of(key: &Term, k: i64) -> i64 {
    crate::apps::fleet::pick_shard(routing_key(key), k.max(1)).unwrap_or(0)
}

/// The part of a key that picks its shard: the key itself, except that
/// the KV store's entries `{:kv, bucket, key}` and markers `{:kv, bucket}`
/// go by their bucket, so a bucket's keys share one shard and move
/// together (what Redis calls a hash tag).
pub fn routing_key(key: &Term) -> &Term {
    match key.as_tuple() {
        Some([tag, bucket, ..]) if tag.is_atom("kv") => bucket,
        _ => key,
    }
}

/// The nodes that hold `shard`, seen from `node`: the nodes it can see,
/// ranked by `phash2({{:shard, s}, node_name})`, the best `copies` of them.
/// The first is the primary.
pub fn holders(world: &World, node: NodeId, shard: i64, copies: usize) -> Vec<NodeId> {
    holders_among(
        world,
        &crate::apps::ownership::view(world, node),
        shard,
        copies,
    )
}

/// [`holders`] among the nodes `view` (a node's view, taken once for
/// many shards).
pub fn holders_among(world: &World, view: &[NodeId], shard: i64, copies: usize) -> Vec<NodeId> {
    let id = Term::tuple([Term::atom("shard"), Term::Int(shard)]);
    // phash2({id, name}) for every node, with the part up to `id` hashed
    // once: the same numbers, without building a tuple per node (this runs
    // on every shard check of every node).
    let start = hash_after(tuple_start(2), &id);
    let mut ranked: Vec<(u32, NodeId)> = view
        .iter()
        .filter_map(|&n| {
            let name = *world.node_name(n)?;
            Some((hash_after(start, &Term::Atom(name)) & PHASH2_MASK, n))
        })
        .collect();
    // Highest hash first; on a tie the lower node index, so the order is
    // total. Only the best `copies` are wanted: pick them out, then sort
    // those few (linear, where sorting every node was n log n per shard).
    let best = |a: &(u32, NodeId), b: &(u32, NodeId)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
    let keep = copies.max(1);
    if ranked.len() > keep {
        ranked.select_nth_unstable_by(keep - 1, best);
        ranked.truncate(keep);
    }
    ranked.sort_by(best);
    ranked.into_iter().map(|(_, n)| n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holders_rank_nodes_by_phash2_of_shard_and_name() {
        let mut c = crate::console::Console::new(3);
        for n in ["b", "c", "d"] {
            assert!(c.eval_line(&format!("Sim.add_node(:\"{n}@sim\")")).ok);
        }
        assert!(c.eval_line("Process.sleep(3_000)").ok);
        let world = c.world();
        for shard in 0..8 {
            let id = Term::tuple([Term::atom("shard"), Term::Int(shard)]);
            let mut expected: Vec<(u32, NodeId)> = (0..4)
                .map(|n| {
                    let name = Term::Atom(*world.node_name(n).expect("a node"));
                    (crate::term::phash2(&Term::tuple([id.clone(), name])), n)
                })
                .collect();
            expected.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let expected: Vec<NodeId> = expected.into_iter().map(|(_, n)| n).collect();
            assert_eq!(holders(world, 0, shard, 4), expected, "shard {shard}");
        }
    }

    #[test]
    fn shard_of_is_seed_000s_pick_shard() {
        let got: Vec<i64> = (1..=10).map(|id| shard_of(&Term::Int(id), 4)).collect();
        assert_eq!(got, vec![3, 1, 2, 3, 2, 1, 0, 2, 2, 0]);
    }

    #[test]
    fn a_buckets_entries_share_the_buckets_shard() {
        for name in ["shopping", "a", "zebra", ""] {
            let bucket = Term::string(name);
            let marker = Term::tuple([Term::atom("kv"), bucket.clone()]);
            for k in [1, 4, 64] {
                let shard = shard_of(&bucket, k);
                assert_eq!(shard_of(&marker, k), shard);
                for key in ["milk", "eggs", "x"] {
                    let entry = Term::tuple([Term::atom("kv"), bucket.clone(), Term::string(key)]);
                    assert_eq!(shard_of(&entry, k), shard, "{name} {key} k={k}");
                }
            }
        }
    }
}
