//! The KV store's client history and its linearizability check: one copy
//! per shard loses an acknowledged write when its node crashes, two copies
//! with one node down at a time do not; a seed sweep finds the first and
//! passes the second.

use super::{command, ok};
use otpsim::cluster::sweep;
use otpsim::console::Console;

fn three(copies: u32) -> Console {
    let mut c = Console::new(4);
    ok(&mut c, "Sim.add_node(:\"b@sim\"); Sim.add_node(:\"c@sim\")");
    ok(&mut c, "Process.sleep(3_000)");
    ok(&mut c, &format!("Shards.replication({copies})"));
    ok(&mut c, "Process.sleep(1_000)");
    command(&mut c, "CREATE shop");
    command(&mut c, "PUT shop milk 1");
    c
}

/// The node holding `shop`'s primary, as an atom's text.
fn owner(c: &mut Console) -> String {
    let route = ok(c, "KV.route(\"shop\")");
    route
        .trim_start_matches("{:hash, :")
        .trim_end_matches('}')
        .to_string()
}

#[test]
fn one_copy_loses_the_acknowledged_write_and_the_check_names_it() {
    let mut c = three(1);
    assert_eq!(ok(&mut c, "Sim.linearizable()"), "{:ok, 1}");
    let node = owner(&mut c);
    assert_ne!(
        node, "a@sim",
        "the test needs the bucket away from the shell"
    );
    ok(&mut c, &format!("Sim.crash_node(:\"{node}\")"));
    ok(&mut c, "Process.sleep(2_000)");
    assert_eq!(command(&mut c, "GET shop milk"), b"NOT FOUND\r\n");
    let verdict = ok(&mut c, "Sim.linearizable()");
    assert!(verdict.starts_with("{:error, \"shop/milk\","), "{verdict}");
    assert!(verdict.contains("PUT 1 on shop/milk") && verdict.contains("GET -> (absent)"));
}

#[test]
fn two_copies_keep_it_through_one_crash() {
    let mut c = three(2);
    let node = owner(&mut c);
    ok(&mut c, &format!("Sim.crash_node(:\"{node}\")"));
    ok(&mut c, "Process.sleep(2_000)");
    assert_eq!(command(&mut c, "GET shop milk"), b"1\r\nOK\r\n");
    assert_eq!(ok(&mut c, "Sim.linearizable()"), "{:ok, 2}");
}

/// Writes to a bucket named by the seed's RNG and a read back; the sweep adds
/// a partition that heals and a node crash.
fn script(copies: u32) -> String {
    format!(
        "\
Sim.add_node(:\"b@sim\"); Sim.add_node(:\"c@sim\")
Process.sleep(3_000)
Shards.replication({copies})
Process.sleep(1_000)
bucket = \"b#{{:rand.uniform(1_000)}}\"
KV.command(\"CREATE \" <> bucket)
KV.command(\"PUT \" <> bucket <> \" k 1\")
Process.sleep(3_000)
KV.command(\"GET \" <> bucket <> \" k\")
"
    )
}

#[test]
fn a_sweep_of_500_seeds_finds_the_lost_write_with_one_copy_and_none_with_two() {
    // A partition that heals, then a crash: at most one node down at a time.
    let crash = Some(
        "[{2_000, {:partition, [[:\"a@sim\", :\"b@sim\"], [:\"c@sim\"]]}}, {2_500, :heal}, \
         {5_000, {:crash, :\"c@sim\"}}]",
    );
    let one = sweep::sweep(&sweep::chunks(&script(1), crash), 1..=500, 2);
    let lost: Vec<&sweep::SeedRun> = one.iter().filter(|r| r.broken.is_some()).collect();
    assert!(!lost.is_empty(), "some seed's bucket lives on c@sim");
    assert!(lost.len() < 500, "and some seed's does not");
    // The sweep stops at the first chunk that breaks something: the crash,
    // which leaves an acknowledged write without a copy.
    let first = lost[0].broken.as_ref().unwrap();
    assert!(
        first.violations.iter().any(|v| v.contains("acknowledged")),
        "{first:?}"
    );
    // Run to the end, that seed's read of the lost write is what makes
    // the history not linearizable.
    let chunks = sweep::chunks(&script(1), crash);
    let mut c = Console::new(lost[0].seed);
    for chunk in &chunks {
        c.eval_line(chunk);
    }
    let verdict = ok(&mut c, "Sim.linearizable()");
    assert!(
        verdict.starts_with("{:error,")
            && verdict.contains("PUT 1")
            && verdict.contains("(absent)"),
        "{verdict}"
    );
    let two = sweep::sweep(&sweep::chunks(&script(2), crash), 1..=500, 2);
    let broken: Vec<_> = two.iter().filter(|r| r.broken.is_some()).collect();
    assert!(broken.is_empty(), "{:?}", broken.first());
}
