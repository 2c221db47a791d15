//! Many nodes: distribution, partitions, crashes and `:rpc`, from the console.

mod chaos;
mod global;
mod hello;
mod interop;
mod live_invariants;
mod nemesis;
mod ownership;
mod pg;
mod pubsub;
mod seed_002;

use otpsim::console::Console;

/// Evaluates `line`, failing the test on an error.
pub(crate) fn ok(c: &mut Console, line: &str) -> String {
    let out = c.eval_line(line);
    assert!(out.ok, "`{line}` failed: {}", out.full);
    out.text
}

/// Nodes `a`, `b`, `c` on `seed` with discovery off: connected only as a
/// test says, fully when `connect`.
pub(crate) fn trio(seed: u64, connect: bool) -> Console {
    let mut c = Console::new(seed);
    ok(&mut c, "Sim.discovery(:none)");
    ok(&mut c, "Sim.add_node(:\"b@sim\")");
    ok(&mut c, "Sim.add_node(:\"c@sim\")");
    if connect {
        ok(&mut c, "Node.connect(:\"b@sim\")");
        ok(&mut c, "Node.connect(:\"c@sim\")");
        ok(&mut c, "Process.sleep(10)");
    }
    c
}

/// Three nodes, `a` connected to `b` and `c`.
fn three() -> Console {
    let mut c = Console::new(5);
    ok(&mut c, "Sim.add_node(:\"b@sim\")");
    ok(&mut c, "Sim.add_node(:\"c@sim\")");
    ok(&mut c, "Node.connect(:\"b@sim\")");
    ok(&mut c, "Node.connect(:\"c@sim\")");
    c
}

#[test]
fn connections_are_transitive_by_default() {
    let mut c = three();
    assert_eq!(ok(&mut c, "Node.list()"), "[:b@sim, :c@sim]");
    assert_eq!(
        ok(&mut c, ":rpc.call(:\"b@sim\", Node, :list, [])"),
        "[:a@sim, :c@sim]"
    );
}

#[test]
fn connect_all_false_keeps_connections_to_what_was_asked() {
    let mut c = Console::new(5);
    ok(&mut c, "Sim.discovery(:none)");
    ok(&mut c, "Sim.connect_all(false)");
    ok(&mut c, "Sim.add_node(:\"b@sim\")");
    ok(&mut c, "Sim.add_node(:\"c@sim\")");
    ok(&mut c, "Node.connect(:\"b@sim\")");
    ok(&mut c, "Node.connect(:\"c@sim\")");
    assert_eq!(ok(&mut c, "Node.list()"), "[:b@sim, :c@sim]");
    assert_eq!(
        ok(&mut c, ":rpc.call(:\"b@sim\", Node, :list, [])"),
        "[:a@sim]"
    );
}

#[test]
fn a_partition_is_noticed_after_the_net_tick_and_heals_on_contact() {
    let mut c = three();
    ok(&mut c, "Sim.net_tick(4_000)");
    ok(&mut c, ":net_kernel.monitor_nodes(true)");
    ok(
        &mut c,
        "Sim.partition([[:\"a@sim\"], [:\"b@sim\", :\"c@sim\"]])",
    );
    ok(&mut c, "Process.sleep(3_000)");
    assert_eq!(
        ok(&mut c, "Node.list()"),
        "[:b@sim, :c@sim]",
        "not noticed yet"
    );
    ok(&mut c, "Process.sleep(2_000)");
    assert_eq!(ok(&mut c, "Node.list()"), "[]");
    assert_eq!(
        c.eval_line("flush()").printed,
        vec!["{:nodedown, :b@sim}", "{:nodedown, :c@sim}"]
    );
    assert_eq!(ok(&mut c, "Node.ping(:\"b@sim\")"), ":pang");
    ok(&mut c, "Sim.heal()");
    assert_eq!(ok(&mut c, "Node.ping(:\"b@sim\")"), ":pong");
    assert_eq!(ok(&mut c, "Node.list()"), "[:b@sim, :c@sim]");
}

#[test]
fn links_and_monitors_across_nodes_fire_with_noconnection() {
    let mut c = three();
    ok(&mut c, "Sim.net_tick(1_000)");
    ok(
        &mut c,
        "[{:ok, w}] = :rpc.call(:\"b@sim\", Fleet, :start_users, [[1]])",
    );
    ok(&mut c, "Process.flag(:trap_exit, true)");
    ok(&mut c, "Process.link(w)");
    ok(&mut c, "ref = Process.monitor(w)");
    ok(
        &mut c,
        "Sim.partition([[:\"a@sim\"], [:\"b@sim\", :\"c@sim\"]])",
    );
    ok(&mut c, "Process.sleep(1_500)");
    let printed = c.eval_line("flush()").printed;
    assert_eq!(printed.len(), 2, "{printed:?}");
    assert!(printed
        .iter()
        .any(|m| m.starts_with("{:EXIT, #PID<1.") && m.ends_with(", :noconnection}")));
    assert!(printed
        .iter()
        .any(|m| m.starts_with("{:DOWN, #Reference<") && m.ends_with(", :noconnection}")));
    // The worker itself lives on: only the connection died.
    ok(&mut c, "Sim.heal()");
    assert_eq!(
        ok(&mut c, ":rpc.call(:\"b@sim\", Fleet, :ping, [1])"),
        ":pong"
    );
}

#[test]
fn a_crashed_node_loses_everything_and_restarts_with_its_applications() {
    let mut c = three();
    ok(&mut c, ":rpc.call(:\"c@sim\", Fleet, :start_users, [1..3])");
    ok(&mut c, ":net_kernel.monitor_nodes(true)");
    ok(&mut c, "Sim.crash_node(:\"c@sim\")");
    assert_eq!(c.eval_line("flush()").printed, vec!["{:nodedown, :c@sim}"]);
    assert_eq!(ok(&mut c, "Sim.nodes()"), "[:a@sim, :b@sim]");
    assert_eq!(
        ok(&mut c, ":rpc.call(:\"c@sim\", Fleet, :ping, [1])"),
        "{:badrpc, :nodedown}"
    );
    ok(&mut c, "Sim.restart_node(:\"c@sim\")");
    assert_eq!(
        ok(
            &mut c,
            ":rpc.call(:\"c@sim\", Supervisor, :count_children, [Fleet.Dynamic])"
        ),
        "%{active: 0, specs: 0, supervisors: 0, workers: 0}"
    );
    assert_eq!(
        ok(
            &mut c,
            ":rpc.call(:\"c@sim\", Supervisor, :count_children, [Fleet.Supervisor])"
        ),
        "%{active: 2, specs: 2, supervisors: 2, workers: 0}"
    );
}

#[test]
fn attach_moves_the_console_and_keeps_bindings() {
    let mut c = three();
    ok(&mut c, "x = 42");
    ok(&mut c, "Sim.attach(:\"b@sim\")");
    assert_eq!(ok(&mut c, "node()"), ":b@sim");
    assert_eq!(ok(&mut c, "x"), "42");
    ok(&mut c, "Fleet.start_users([9])");
    assert_eq!(ok(&mut c, "Fleet.ping(9)"), ":pong");
    ok(&mut c, "Sim.attach(:\"a@sim\")");
    assert!(!c.eval_line("Fleet.ping(9)").ok, "user 9 lives on b only");
}

#[test]
fn messages_across_a_link_arrive_after_its_latency_and_in_order() {
    let mut c = three();
    ok(
        &mut c,
        "Sim.set_link(:\"a@sim\", :\"b@sim\", latency: 30, jitter: 20)",
    );
    ok(&mut c, "Sim.attach(:\"b@sim\")");
    ok(&mut c, "Process.register(self(), :inbox)");
    ok(&mut c, "Sim.attach(:\"a@sim\")");
    ok(
        &mut c,
        "Enum.each(1..50, fn i -> send({:inbox, :\"b@sim\"}, i) end)",
    );
    ok(&mut c, "Sim.attach(:\"b@sim\")");
    assert!(
        c.eval_line("flush()").printed.is_empty(),
        "nothing arrives before the latency"
    );
    ok(&mut c, "Process.sleep(60)");
    let expected: Vec<String> = (1..=50).map(|i| i.to_string()).collect();
    assert_eq!(c.eval_line("flush()").printed, expected);
}
