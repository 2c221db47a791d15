//! `:global` names through a split and a heal, under each resolver.

use super::{ok, trio};
use otpsim::console::Console;

/// Two connected nodes with a fast net tick; the shell on a traps exits.
fn pair() -> Console {
    let mut c = Console::new(9);
    ok(&mut c, "Sim.discovery(:none)");
    ok(&mut c, "Sim.net_tick(1_000)");
    ok(&mut c, "Sim.add_node(:\"b@sim\")");
    ok(&mut c, "Node.connect(:\"b@sim\")");
    c
}

/// Registers `:leader` on both sides of a split with `resolver`, heals, and
/// returns the console attached to a@sim with `p1` (a's owner) and `p2` (b's).
fn split_brain(c: &mut Console, resolver: &str, start: &str) {
    ok(c, &format!("{{:ok, p1}} = {start}"));
    assert_eq!(
        ok(
            c,
            &format!(":global.register_name(:leader, p1, {resolver})")
        ),
        ":yes"
    );
    assert_eq!(
        ok(
            c,
            ":rpc.call(:\"b@sim\", :global, :whereis_name, [:leader]) == p1"
        ),
        "true"
    );
    ok(c, "Sim.partition([[:\"a@sim\"], [:\"b@sim\"]])");
    ok(c, "Process.sleep(1_500)");
    assert_eq!(ok(c, "Node.list()"), "[]");
    ok(c, "Sim.attach(:\"b@sim\")");
    assert_eq!(
        ok(c, ":global.whereis_name(:leader)"),
        ":undefined",
        "b forgot a's name"
    );
    ok(c, &format!("{{:ok, p2}} = {start}"));
    assert_eq!(
        ok(
            c,
            &format!(":global.register_name(:leader, p2, {resolver})")
        ),
        ":yes"
    );
    ok(c, "Sim.attach(:\"a@sim\")");
    assert_eq!(ok(c, ":global.whereis_name(:leader) == p1"), "true");
    ok(c, "Sim.heal()");
    assert_eq!(ok(c, "Node.connect(:\"b@sim\")"), "true");
    ok(c, "Process.sleep(10)");
}

const AGENT: &str = "Agent.start(fn -> 0 end)";

fn both_sides_agree(c: &mut Console, expected: &str) {
    assert_eq!(
        ok(c, &format!(":global.whereis_name(:leader) == {expected}")),
        "true"
    );
    assert_eq!(
        ok(
            c,
            &format!(":rpc.call(:\"b@sim\", :global, :whereis_name, [:leader]) == {expected}")
        ),
        "true"
    );
}

#[test]
fn random_exit_name_keeps_the_smaller_pid_and_kills_the_other() {
    let mut c = pair();
    split_brain(&mut c, "&:global.random_exit_name/3", AGENT);
    both_sides_agree(&mut c, "p1");
    assert_eq!(ok(&mut c, "Process.alive?(p1)"), "true");
    assert_eq!(
        ok(&mut c, ":rpc.call(:\"b@sim\", Process, :alive?, [p2])"),
        "false"
    );
}

#[test]
fn the_default_resolver_is_random_exit_name() {
    let mut c = pair();
    ok(&mut c, "{:ok, p1} = Agent.start(fn -> 0 end)");
    ok(&mut c, ":global.register_name(:leader, p1)");
    ok(&mut c, "Sim.partition([[:\"a@sim\"], [:\"b@sim\"]])");
    ok(&mut c, "Process.sleep(1_500)");
    ok(&mut c, "Sim.attach(:\"b@sim\")");
    ok(&mut c, "{:ok, p2} = Agent.start(fn -> 0 end)");
    ok(&mut c, ":global.register_name(:leader, p2)");
    ok(
        &mut c,
        "Sim.heal(); Node.connect(:\"a@sim\"); Process.sleep(10)",
    );
    assert_eq!(ok(&mut c, "Process.alive?(p2)"), "false");
    assert_eq!(ok(&mut c, ":global.whereis_name(:leader) == p1"), "true");
}

#[test]
fn random_notify_name_keeps_the_smaller_pid_and_tells_the_other() {
    let mut c = pair();
    split_brain(&mut c, "&:global.random_notify_name/3", AGENT);
    both_sides_agree(&mut c, "p1");
    assert_eq!(
        ok(&mut c, ":rpc.call(:\"b@sim\", Process, :alive?, [p2])"),
        "true"
    );
}

#[test]
fn notify_all_name_unregisters_and_tells_both() {
    let mut c = pair();
    // The shells themselves hold the name, so their mailboxes show the news.
    split_brain(&mut c, "&:global.notify_all_name/3", "{:ok, self()}");
    assert_eq!(ok(&mut c, ":global.whereis_name(:leader)"), ":undefined");
    assert_eq!(
        ok(
            &mut c,
            ":rpc.call(:\"b@sim\", :global, :whereis_name, [:leader])"
        ),
        ":undefined"
    );
    let a = c.eval_line("flush()").printed;
    assert_eq!(a.len(), 1, "{a:?}");
    assert!(
        a[0].starts_with("{:global_name_conflict, :leader, #PID<1."),
        "{a:?}"
    );
    ok(&mut c, "Sim.attach(:\"b@sim\")");
    let b = c.eval_line("flush()").printed;
    assert_eq!(b.len(), 1, "{b:?}");
    assert!(
        b[0].starts_with("{:global_name_conflict, :leader, #PID<0."),
        "{b:?}"
    );
}

#[test]
fn keep_oldest_and_keep_newest_choose_by_age() {
    let mut c = pair();
    split_brain(&mut c, "&Sim.keep_oldest/3", AGENT);
    both_sides_agree(&mut c, "p1");
    assert_eq!(
        ok(&mut c, ":rpc.call(:\"b@sim\", Process, :alive?, [p2])"),
        "false"
    );

    let mut c = pair();
    split_brain(&mut c, "&Sim.keep_newest/3", AGENT);
    both_sides_agree(&mut c, "p2");
    assert_eq!(ok(&mut c, "Process.alive?(p1)"), "false");
}

#[test]
fn names_follow_their_owners_and_serve_genserver_calls() {
    let mut c = pair();
    ok(&mut c, "{:ok, w} = :rpc.call(:\"b@sim\", DynamicSupervisor, :start_child, [Fleet.Dynamic, {Fleet.UserWorker, 1}])");
    assert_eq!(ok(&mut c, ":global.register_name({:user, 1}, w)"), ":yes");
    assert_eq!(
        ok(&mut c, ":global.register_name({:user, 1}, self())"),
        ":no"
    );
    assert_eq!(
        ok(&mut c, "GenServer.call({:global, {:user, 1}}, :ping)"),
        ":pong"
    );
    assert_eq!(
        ok(&mut c, "GenServer.call({:via, :global, {:user, 1}}, :ping)"),
        ":pong"
    );
    assert_eq!(ok(&mut c, ":global.registered_names()"), "[user: 1]");
    ok(&mut c, ":rpc.call(:\"b@sim\", Process, :exit, [w, :kill])");
    ok(&mut c, "Process.sleep(10)");
    assert_eq!(ok(&mut c, ":global.whereis_name({:user, 1})"), ":undefined");
    assert_eq!(ok(&mut c, ":global.registered_names()"), "[]");
    assert!(!c.eval_line(":global.send(:nobody, :hi)").ok);
}

#[test]
fn any_process_registers_looks_up_and_sends_by_global_name() {
    // :global is natives, not only the console's: a spawned process (or a
    // live invariant) reads the same names.
    let mut c = trio(3, true);
    ok(
        &mut c,
        "me = self(); spawn(fn -> send(me, {:reg, :global.register_name(:boss, self())}); receive do :stop -> :ok end end)",
    );
    assert_eq!(ok(&mut c, "receive do {:reg, r} -> r end"), ":yes");
    let boss = ok(&mut c, ":global.whereis_name(:boss)");
    assert!(boss.starts_with("#PID<0."), "{boss}");
    ok(
        &mut c,
        "me = self(); Node.spawn(:\"b@sim\", fn -> send(me, {:seen, :global.whereis_name(:boss), :global.registered_names()}) end)",
    );
    assert_eq!(
        ok(
            &mut c,
            "receive do {:seen, p, names} -> {p == :global.whereis_name(:boss), names} end"
        ),
        "{true, [:boss]}"
    );
    ok(
        &mut c,
        "Sim.invariant(:one_boss, fn -> :global.whereis_name(:boss) != :undefined end)",
    );
    ok(&mut c, ":global.send(:boss, :stop); Process.sleep(10)");
    let status = ok(&mut c, "Sim.invariants()");
    assert!(
        status.contains("holds: false"),
        "the boss stopped: {status}"
    );
    let out = c.eval_line(":global.send(:boss, :again)");
    assert!(!out.ok && out.text.contains("badarg"), "{}", out.full);
}
