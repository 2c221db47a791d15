//! Fleet users owned by rendezvous hashing over live nodes, reconciled
//! through splits, heals, joins and crashes.

use super::ok;
use otpsim::console::Console;
use otpsim::kernel::TraceKind;

fn count(c: &mut Console, line: &str) -> usize {
    ok(c, line).parse().unwrap_or(usize::MAX)
}

/// Users 1..30 on three gossiping nodes.
fn cluster() -> Console {
    let mut c = Console::new(21);
    ok(&mut c, "Sim.net_tick(2_000)");
    ok(&mut c, "Sim.add_node(:\"b@sim\")");
    ok(&mut c, "Sim.add_node(:\"c@sim\")");
    ok(&mut c, "Process.sleep(3_000)");
    ok(&mut c, "Fleet.Cluster.own(1..30)");
    ok(&mut c, "Process.sleep(1_500)");
    c
}

fn total_running(c: &mut Console) -> usize {
    count(
        c,
        "Enum.map(1..30, fn id -> length(Fleet.Cluster.where(id)) end) |> Enum.sum()",
    )
}

#[test]
fn every_user_runs_once_on_its_owner() {
    let mut c = cluster();
    assert_eq!(total_running(&mut c), 30);
    assert_eq!(
        ok(
            &mut c,
            "Enum.all?(1..30, fn id -> Fleet.Cluster.where(id) == [Fleet.Cluster.owner(id)] end)"
        ),
        "true"
    );
    assert_eq!(ok(&mut c, "Sim.check()"), ":ok");
    // Routing by the same hash reaches the user on its node.
    let owner = ok(&mut c, "Fleet.Cluster.owner(7)");
    assert_eq!(
        ok(&mut c, &format!(":rpc.call({owner}, Fleet, :ping, [7])")),
        ":pong"
    );
}

#[test]
fn a_split_runs_a_copy_per_side_and_the_heal_stops_the_extras() {
    let mut c = cluster();
    ok(
        &mut c,
        "Sim.partition([[:\"a@sim\"], [:\"b@sim\", :\"c@sim\"]])",
    );
    ok(&mut c, "Process.sleep(3_500)");
    assert_eq!(total_running(&mut c), 60, "each side runs every user");
    assert_eq!(
        ok(&mut c, "Sim.check()"),
        ":ok",
        "one copy per partition is allowed"
    );
    let stops_before = stops(&c);
    ok(&mut c, "Sim.heal()");
    ok(&mut c, "Process.sleep(3_000)");
    assert_eq!(ok(&mut c, "Node.list()"), "[:b@sim, :c@sim]");
    assert_eq!(total_running(&mut c), 30);
    assert_eq!(ok(&mut c, "Sim.check()"), ":ok");
    assert_eq!(
        stops(&c) - stops_before,
        30,
        "the trace shows every duplicate stopping"
    );
}

#[test]
fn a_crashed_nodes_users_move_to_the_survivors() {
    let mut c = cluster();
    let on_c = count(
        &mut c,
        "Enum.count(1..30, fn id -> Fleet.Cluster.owner(id) == :\"c@sim\" end)",
    );
    assert!(on_c > 0);
    ok(&mut c, "Sim.crash_node(:\"c@sim\")");
    ok(&mut c, "Process.sleep(10)");
    assert_eq!(total_running(&mut c), 30);
    assert_eq!(ok(&mut c, "Sim.check()"), ":ok");
}

#[test]
fn a_joining_node_takes_only_the_users_it_now_owns() {
    let mut c = cluster();
    let before = ok(
        &mut c,
        "owners = Enum.map(1..30, fn id -> Fleet.Cluster.owner(id) end)",
    );
    ok(&mut c, "Sim.add_node(:\"d@sim\")");
    ok(&mut c, "Process.sleep(4_000)");
    let after = ok(
        &mut c,
        "Enum.map(1..30, fn id -> Fleet.Cluster.owner(id) end)",
    );
    assert_ne!(before, after);
    // Rendezvous: every user that changed owner went to the new node.
    assert_eq!(
        ok(&mut c, "Enum.zip(owners, Enum.map(1..30, fn id -> Fleet.Cluster.owner(id) end)) |> Enum.all?(fn {x, y} -> x == y or y == :\"d@sim\" end)"),
        "true"
    );
    assert_eq!(total_running(&mut c), 30);
    assert_eq!(ok(&mut c, "Sim.check()"), ":ok");
}

fn stops(c: &Console) -> usize {
    c.world()
        .trace()
        .iter()
        .filter(|e| matches!(e.kind, TraceKind::Ownership { action: "stop", .. }))
        .count()
}
