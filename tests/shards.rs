//! The shard fleet: data moves with K changes, joins, splits and heals
//! without losing an acknowledged write; crashes lose data only without
//! replication.

use otpsim::console::Console;
use std::collections::BTreeMap;

fn ok(c: &mut Console, line: &str) -> String {
    let out = c.eval_line(line);
    assert!(out.ok, "`{line}` failed: {}", out.full);
    out.text
}

struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Writes under churn; returns the acknowledged value of every key.
fn churn(seed: u64, ops: usize) -> (Console, BTreeMap<u64, u64>) {
    let mut c = Console::new(seed);
    let mut dice = Dice(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    ok(&mut c, "Sim.net_tick(2_000)");
    ok(&mut c, "Sim.add_node(:\"b@sim\")");
    ok(&mut c, "Process.sleep(2_500)");
    let mut acked = BTreeMap::new();
    let mut nodes = 2;
    for i in 0..ops {
        match dice.roll(20) {
            0 => {
                let k = 1 + dice.roll(12);
                ok(&mut c, &format!("Shards.set_k({k})"));
            }
            1 if nodes < 4 => {
                nodes += 1;
                let name = ["c@sim", "d@sim"][nodes - 3];
                ok(&mut c, &format!("Sim.add_node(:\"{name}\")"));
            }
            2 => {
                let rest: Vec<String> = ["b@sim", "c@sim", "d@sim"][..nodes - 1]
                    .iter()
                    .map(|n| format!(":\"{n}\""))
                    .collect();
                ok(
                    &mut c,
                    &format!("Sim.partition([[:\"a@sim\"], [{}]])", rest.join(", ")),
                );
            }
            3 => {
                ok(&mut c, "Sim.heal()");
            }
            4 => {
                ok(&mut c, &format!("Process.sleep({})", dice.roll(3_000)));
            }
            _ => {
                let key = dice.roll(60);
                let value = i as u64;
                if c.eval_line(&format!("Shards.put({key}, {value})")).ok {
                    acked.insert(key, value);
                }
            }
        }
    }
    ok(&mut c, "Sim.heal()");
    ok(&mut c, "Process.sleep(8_000)");
    (c, acked)
}

#[test]
fn no_acknowledged_write_is_lost_through_k_changes_joins_splits_and_heals() {
    let seeds: u64 = std::env::var("SHARD_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(6);
    for seed in 1..=seeds {
        let (mut c, acked) = churn(seed, 150);
        assert!(acked.len() > 20, "seed {seed}: too few writes acknowledged");
        for (key, value) in &acked {
            assert_eq!(
                ok(&mut c, &format!("Shards.get({key})")),
                value.to_string(),
                "seed {seed}: key {key}"
            );
        }
        // Every key lives in exactly one primary's shard now.
        let total = ok(&mut c, "Shards.counts() |> Map.values() |> Enum.sum()");
        assert_eq!(total, acked.len().to_string(), "seed {seed}: stray copies");
    }
}

#[test]
fn moves_are_logged_with_their_key_counts() {
    let mut c = Console::new(3);
    ok(&mut c, "Shards.set_k(4)");
    ok(&mut c, "Enum.each(1..40, fn i -> Shards.put(i, i) end)");
    ok(&mut c, "Shards.set_k(5)");
    ok(&mut c, "Process.sleep(2_000)");
    let moved = ok(
        &mut c,
        "Shards.moves() |> Enum.map(fn m -> m.keys end) |> Enum.sum()",
    );
    let moved: usize = moved.parse().unwrap_or(0);
    // Rendezvous: only keys of the new shard move, about 40 / 5 of them.
    assert!((1..=20).contains(&moved), "moved {moved}");
    assert_eq!(
        ok(&mut c, "Enum.all?(1..40, fn i -> Shards.get(i) == i end)"),
        "true"
    );
    assert_eq!(
        ok(
            &mut c,
            "Enum.all?(Shards.moves(), fn m -> m.to == [:\"a@sim\"] end)"
        ),
        "true"
    );
}

fn crash_loses(copies: u32) -> usize {
    let mut c = Console::new(11);
    ok(&mut c, "Sim.add_node(:\"b@sim\"); Sim.add_node(:\"c@sim\")");
    ok(&mut c, "Process.sleep(2_500)");
    ok(&mut c, &format!("Shards.replication({copies})"));
    ok(&mut c, "Process.sleep(2_000)");
    ok(&mut c, "Enum.each(1..60, fn i -> Shards.put(i, i) end)");
    ok(&mut c, "Sim.crash_node(:\"b@sim\")");
    ok(&mut c, "Process.sleep(3_000)");
    let lost = ok(&mut c, "Enum.count(1..60, fn i -> Shards.get(i) != i end)");
    lost.parse().unwrap_or(usize::MAX)
}

#[test]
fn a_crash_loses_only_unreplicated_data() {
    assert!(
        crash_loses(1) > 0,
        "without replication the crashed node's keys are gone"
    );
    assert_eq!(
        crash_loses(2),
        0,
        "with two copies nothing acknowledged is lost"
    );
}

/// Concurrent writers on every node while K changes, nodes join and the
/// network splits and heals: every write a writer saw acknowledged is there.
#[test]
fn concurrent_writers_lose_nothing_while_shards_move() {
    let seeds: u64 = std::env::var("SHARD_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4);
    for seed in 1..=seeds {
        let mut c = Console::new(100 + seed);
        let mut dice = Dice(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) | 1);
        ok(&mut c, "Sim.net_tick(1_000)");
        ok(&mut c, "Sim.add_node(:\"b@sim\"); Sim.add_node(:\"c@sim\")");
        ok(&mut c, "Process.sleep(2_500)");
        ok(&mut c, "writers = Shards.load(6, 150, 7)");
        for _ in 0..25 {
            let line = match dice.roll(6) {
                0 | 1 => format!("Shards.set_k({})", 1 + dice.roll(10)),
                2 => "Sim.partition([[:\"a@sim\"], [:\"b@sim\", :\"c@sim\"]])".to_string(),
                3 => "Sim.heal()".to_string(),
                _ => "Process.sleep(1)".to_string(),
            };
            ok(&mut c, &line);
            ok(&mut c, &format!("Process.sleep({})", dice.roll(120)));
        }
        ok(&mut c, "Sim.heal()");
        ok(&mut c, "Process.sleep(15_000)");
        assert_eq!(
            ok(
                &mut c,
                "Enum.all?(writers, fn {:ok, w} -> Shards.done?(w) end)"
            ),
            "true",
            "seed {seed}: writers finished"
        );
        let lost = ok(
            &mut c,
            "writers |> Enum.flat_map(fn {:ok, w} -> Map.to_list(Shards.acked(w)) end) \
             |> Enum.count(fn {k, v} -> Shards.get(k) != v end)",
        );
        assert_eq!(lost, "0", "seed {seed}: acknowledged writes lost");
    }
}
