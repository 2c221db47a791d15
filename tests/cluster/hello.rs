//! Seed 002's distributed hello world: gossip discovery and greetings.

use super::ok;
use otpsim::console::Console;

fn log(c: &mut Console, node: &str) -> Vec<String> {
    let text = ok(c, &format!("Sim.log(:\"{node}\")"));
    let mut lines: Vec<String> = text
        .trim_matches(|ch| ch == '[' || ch == ']' || ch == '\n')
        .split(",\n")
        .flat_map(|l| l.split("\", \""))
        .map(|l| l.trim().trim_matches('"').to_string())
        .filter(|l| !l.is_empty())
        .collect();
    lines.sort();
    lines
}

#[test]
fn three_nodes_find_each_other_and_greet_exactly_once_per_pair() {
    let mut c = Console::new(2);
    ok(&mut c, "Sim.add_node(:\"b@sim\")");
    ok(&mut c, "Process.sleep(3_000)");
    assert_eq!(ok(&mut c, "Node.list()"), "[:b@sim]");
    assert_eq!(log(&mut c, "a@sim"), vec!["Hello world from :b@sim"]);
    assert_eq!(log(&mut c, "b@sim"), vec!["Hello world from :a@sim"]);
    ok(&mut c, "Sim.add_node(:\"c@sim\")");
    ok(&mut c, "Process.sleep(10_000)");
    assert_eq!(ok(&mut c, "Node.list()"), "[:b@sim, :c@sim]");
    assert_eq!(
        log(&mut c, "a@sim"),
        vec!["Hello world from :b@sim", "Hello world from :c@sim"]
    );
    assert_eq!(
        log(&mut c, "b@sim"),
        vec!["Hello world from :a@sim", "Hello world from :c@sim"]
    );
    assert_eq!(
        log(&mut c, "c@sim"),
        vec!["Hello world from :a@sim", "Hello world from :b@sim"]
    );
}

#[test]
fn junk_on_the_discovery_port_crashes_nothing() {
    let mut c = Console::new(3);
    ok(&mut c, "Sim.add_node(:\"b@sim\")");
    ok(
        &mut c,
        "manager = Process.whereis(DistributedHelloWorld.NodeManager)",
    );
    ok(&mut c, "Sim.broadcast_junk(:\"b@sim\")");
    ok(&mut c, "Process.sleep(5_000)");
    assert_eq!(
        ok(
            &mut c,
            "Process.whereis(DistributedHelloWorld.NodeManager) == manager"
        ),
        "true"
    );
    assert_eq!(ok(&mut c, "Node.list()"), "[:b@sim]");
}

#[test]
fn without_discovery_nodes_stay_apart_and_epmd_connects_them() {
    let mut c = Console::new(4);
    ok(&mut c, "Sim.discovery(:none)");
    ok(&mut c, "Sim.add_node(:\"b@sim\")");
    ok(&mut c, "Process.sleep(5_000)");
    assert_eq!(ok(&mut c, "Node.list()"), "[]");
    ok(&mut c, "Sim.discovery(:epmd, interval: 500)");
    ok(&mut c, "Process.sleep(3_000)");
    assert_eq!(ok(&mut c, "Node.list()"), "[:b@sim]");
}

#[test]
fn a_healed_split_reconnects_by_gossip_and_greets_again() {
    let mut c = Console::new(5);
    ok(&mut c, "Sim.add_node(:\"b@sim\")");
    ok(&mut c, "Sim.net_tick(2_000)");
    ok(&mut c, "Process.sleep(3_000)");
    ok(&mut c, "Sim.partition([[:\"a@sim\"], [:\"b@sim\"]])");
    ok(&mut c, "Process.sleep(5_000)");
    assert_eq!(ok(&mut c, "Node.list()"), "[]");
    ok(&mut c, "Sim.heal()");
    ok(&mut c, "Process.sleep(3_000)");
    assert_eq!(ok(&mut c, "Node.list()"), "[:b@sim]");
    assert_eq!(
        log(&mut c, "a@sim"),
        vec!["Hello world from :b@sim", "Hello world from :b@sim"]
    );
}
