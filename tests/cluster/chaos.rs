//! Chaos: random kills, crashes, restarts, splits, heals and loss across
//! many seeds, with the cluster's invariants checked after every event.

use super::ok;
use otpsim::cluster::invariants;
use otpsim::console::Console;

const NODES: [&str; 4] = ["a@sim", "b@sim", "c@sim", "d@sim"];
const RESOLVERS: [&str; 5] = [
    "&:global.random_exit_name/3",
    "&:global.random_notify_name/3",
    "&:global.notify_all_name/3",
    "&Sim.keep_oldest/3",
    "&Sim.keep_newest/3",
];

/// A small deterministic generator for the test's own choices.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Runs the world for `ms`, checking the invariants after every event.
fn run_checked(c: &mut Console, ms: u64, seed: u64, log: &[String]) {
    let until = c.world().now() + ms * 1_000;
    while c.world().next_event_time().is_some_and(|t| t <= until) {
        c.world_mut().step();
        let violations = invariants::check(c.world(), false);
        assert!(
            violations.is_empty(),
            "seed {seed}: {violations:?}\nafter:\n{}",
            log.join("\n")
        );
    }
    c.advance(0, 0);
}

fn chaos(seed: u64, rounds: usize) {
    let mut c = Console::new(seed);
    let mut dice = Dice(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    ok(&mut c, "Sim.net_tick(2_000)");
    for node in &NODES[1..] {
        ok(&mut c, &format!("Sim.add_node(:\"{node}\")"));
    }
    ok(&mut c, "Process.sleep(3_000)");
    let mut crashed = [false; 4];
    let mut log = Vec::new();
    for _ in 0..rounds {
        let node = 1 + dice.roll(3);
        let name = format!(":n{}", dice.roll(6));
        let on = |i: usize| format!(":\"{}\"", NODES[i]);
        let line = match dice.roll(10) {
            0 | 1 => format!(
                "{{:ok, p}} = :rpc.call({n}, Agent, :start, [fn -> 0 end]); \
                 :rpc.call({n}, :global, :register_name, [{name}, p, {r}])",
                n = on(node),
                r = RESOLVERS[dice.roll(5)]
            ),
            2 => format!(
                "Enum.each(Enum.filter([:global.whereis_name({name})], &is_pid/1), fn p -> Process.exit(p, :kill) end)"
            ),
            3 if !crashed[node] && crashed.iter().filter(|x| **x).count() < 2 => {
                crashed[node] = true;
                format!("Sim.crash_node({})", on(node))
            }
            4 if crashed[node] => {
                crashed[node] = false;
                format!("Sim.restart_node({})", on(node))
            }
            5 => {
                let cut = 1 + dice.roll(3);
                let (left, right): (Vec<usize>, Vec<usize>) = (0..4).partition(|i| *i < cut);
                let group = |g: Vec<usize>| g.iter().map(|i| on(*i)).collect::<Vec<_>>().join(", ");
                format!("Sim.partition([[{}], [{}]])", group(left), group(right))
            }
            6 => "Sim.heal()".to_string(),
            7 => format!("Fleet.Cluster.own([{}])", dice.roll(12)),
            8 => format!(
                ":rpc.call({}, Process, :exit, [GenServer.whereis(Fleet.via({})), :kill])",
                on(node),
                dice.roll(12)
            ),
            _ => format!(
                "Sim.set_link({}, {}, loss: {})",
                on(dice.roll(4)),
                on(node),
                dice.roll(4) * 10
            ),
        };
        log.push(line.clone());
        let _ = c.eval_line(&line);
        run_checked(&mut c, dice.roll(4_000) as u64, seed, &log);
    }
    // Mend everything, let gossip and the net tick do their work, then the
    // whole cluster must be one partition with one view of every name.
    for (i, down) in crashed.iter().enumerate() {
        if *down {
            ok(&mut c, &format!("Sim.restart_node(:\"{}\")", NODES[i]));
        }
    }
    ok(&mut c, "Sim.heal()");
    for a in NODES {
        for b in NODES {
            if a < b {
                ok(
                    &mut c,
                    &format!("Sim.set_link(:\"{a}\", :\"{b}\", loss: 0)"),
                );
            }
        }
    }
    run_checked(&mut c, 10_000, seed, &log);
    assert_eq!(
        ok(&mut c, "Node.list()"),
        "[:b@sim, :c@sim, :d@sim]",
        "seed {seed}"
    );
    assert_eq!(
        ok(&mut c, "Sim.check()"),
        ":ok",
        "seed {seed}:\n{}",
        log.join("\n")
    );
}

#[test]
fn invariants_hold_through_chaos_across_seeds() {
    let seeds: u64 = std::env::var("CHAOS_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(24);
    for seed in 1..=seeds {
        chaos(seed, 40);
    }
}
