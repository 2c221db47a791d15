//! Seed 002's distributed PubSub (Hermes on `Phoenix.PubSub` over `:pg`),
//! typed into the console as the article's walk-through goes.

use super::ok;
use otpsim::console::Console;
use otpsim::kernel::TraceKind;

/// Alice, Bob and Carol, connected by hand (gossip discovery off).
fn alice_bob_carol() -> Console {
    super::trio(21, true)
}

/// Starts `n` clients on `node` subscribed to `topic`, bound to `var`.
fn clients(c: &mut Console, var: &str, node: &str, n: usize, topic: &str) {
    ok(
        c,
        &format!(
            "{var} = Enum.map(1..{n}, fn _ -> \
             {{:ok, pid}} = :rpc.call(:\"{node}\", Hermes.Client, :start, [:\"{topic}\"]); pid end)"
        ),
    );
}

/// How many of `var`'s clients received exactly `[message]`.
fn delivered(c: &mut Console, var: &str, message: &str) -> String {
    received(c, var, &format!("[{message}]"))
}

/// How many of `var`'s clients received exactly the list `messages`.
fn received(c: &mut Console, var: &str, messages: &str) -> String {
    ok(
        c,
        &format!("Enum.count({var}, fn pid -> Hermes.Client.received(pid) == {messages} end)"),
    )
}

#[test]
fn each_node_has_one_adapter_in_the_seed_group() {
    let mut c = alice_bob_carol();
    assert_eq!(
        ok(
            &mut c,
            ":pg.get_members({:hermes, Hermes.PubSub}) |> Enum.map(&node/1) |> Enum.sort()"
        ),
        "[:a@sim, :b@sim, :c@sim]"
    );
    assert_eq!(
        ok(
            &mut c,
            ":pg.get_local_members({:hermes, Hermes.PubSub}) == [Process.whereis(Hermes.PubSub.Adapter)]"
        ),
        "true"
    );
}

#[test]
fn the_seed_walk_through_reaches_exactly_the_interested_clients() {
    let mut c = alice_bob_carol();
    clients(&mut c, "alice_created", "a@sim", 1, "user.created");
    clients(&mut c, "alice_updated", "a@sim", 1, "user.updated");
    clients(&mut c, "bob", "b@sim", 5, "user.created");
    clients(&mut c, "carol", "c@sim", 2, "user.updated");
    assert_eq!(
        ok(
            &mut c,
            "Hermes.publish(:\"user.created\", %{name: \"Jade\"})"
        ),
        ":ok"
    );
    ok(&mut c, "Process.sleep(10)");
    let jade = "%{name: \"Jade\"}";
    assert_eq!(delivered(&mut c, "alice_created", jade), "1");
    assert_eq!(delivered(&mut c, "bob", jade), "5");
    assert_eq!(received(&mut c, "carol", "[]"), "2");
    assert_eq!(received(&mut c, "alice_updated", "[]"), "1");

    // Now Bob publishes.
    ok(&mut c, "Sim.attach(:\"b@sim\")");
    assert_eq!(
        ok(
            &mut c,
            "Hermes.publish(:\"user.updated\", %{id: 1, name: \"Jadyline\"})"
        ),
        ":ok"
    );
    ok(&mut c, "Sim.attach(:\"a@sim\")");
    ok(&mut c, "Process.sleep(10)");
    let jadyline = "%{id: 1, name: \"Jadyline\"}";
    assert_eq!(delivered(&mut c, "alice_updated", jadyline), "1");
    assert_eq!(delivered(&mut c, "carol", jadyline), "2");
    // Nothing new for the user.created clients.
    assert_eq!(delivered(&mut c, "alice_created", jade), "1");
    assert_eq!(delivered(&mut c, "bob", jade), "5");
}

#[test]
fn a_broadcast_sends_one_message_per_remote_node() {
    let mut c = alice_bob_carol();
    clients(&mut c, "bob", "b@sim", 5, "user.created");
    clients(&mut c, "carol", "c@sim", 1, "other");
    let line = "Phoenix.PubSub.broadcast(Hermes.PubSub, :\"user.created\", :hello)";
    ok(&mut c, line);
    ok(&mut c, "Process.sleep(10)");
    let trace = c.world().trace();
    let start = trace
        .iter()
        .rposition(|e| matches!(&e.kind, TraceKind::Console { line: l } if l == line))
        .expect("the broadcast line is in the trace");
    let mut remote = Vec::new();
    let mut local = 0;
    for event in trace.from(start + 1) {
        match &event.kind {
            TraceKind::Console { line } if line != "Process.sleep(10)" => break,
            TraceKind::Send { from, to, .. } if from.node != to.node => {
                remote.push(to.node);
            }
            TraceKind::Send { from, to, .. } if to.node == 1 && from.node == 1 => local += 1,
            _ => {}
        }
    }
    remote.sort_unstable();
    // One forward to b's adapter and one to c's, however many subscribers.
    assert_eq!(remote, vec![1, 2]);
    // b's adapter then fans out to its five subscribers locally.
    assert_eq!(local, 5);
    assert_eq!(delivered(&mut c, "bob", ":hello"), "5");
}

#[test]
fn broadcast_from_skips_the_sender_and_local_and_direct_broadcasts_stay_put() {
    let mut c = alice_bob_carol();
    clients(&mut c, "bob", "b@sim", 2, "t");
    assert_eq!(
        ok(&mut c, "Phoenix.PubSub.subscribe(Hermes.PubSub, :t)"),
        ":ok"
    );
    ok(
        &mut c,
        "Phoenix.PubSub.broadcast_from(Hermes.PubSub, self(), :t, :one)",
    );
    ok(&mut c, "Process.sleep(10)");
    assert!(c.eval_line("flush()").printed.is_empty());
    assert_eq!(delivered(&mut c, "bob", ":one"), "2");

    ok(
        &mut c,
        "Phoenix.PubSub.local_broadcast(Hermes.PubSub, :t, :two)",
    );
    ok(&mut c, "Process.sleep(10)");
    assert_eq!(c.eval_line("flush()").printed, vec![":two"]);
    assert_eq!(delivered(&mut c, "bob", ":one"), "2");

    ok(
        &mut c,
        "Phoenix.PubSub.direct_broadcast(:\"b@sim\", Hermes.PubSub, :t, :three)",
    );
    ok(&mut c, "Process.sleep(10)");
    assert!(c.eval_line("flush()").printed.is_empty());
    assert_eq!(
        ok(
            &mut c,
            "Enum.map(bob, &Hermes.Client.received/1) |> Enum.uniq()"
        ),
        "[[:one, :three]]"
    );

    assert_eq!(
        ok(&mut c, "Phoenix.PubSub.unsubscribe(Hermes.PubSub, :t)"),
        ":ok"
    );
    ok(&mut c, "Phoenix.PubSub.broadcast(Hermes.PubSub, :t, :four)");
    ok(&mut c, "Process.sleep(10)");
    assert!(c.eval_line("flush()").printed.is_empty());
}

#[test]
fn the_seed_api_subscribes_the_shell() {
    let mut c = alice_bob_carol();
    assert!(ok(&mut c, "Hermes.subscribe(:\"user.updated\")").starts_with("{:ok, #PID<0."));
    ok(&mut c, "Sim.attach(:\"c@sim\")");
    ok(
        &mut c,
        "Hermes.publish(:\"user.updated\", {:user, %{id: 1, name: \"John\"}})",
    );
    ok(&mut c, "Sim.attach(:\"a@sim\")");
    ok(&mut c, "Process.sleep(10)");
    assert_eq!(
        c.eval_line("flush()").printed,
        vec!["{:user, %{id: 1, name: \"John\"}}"]
    );
    let out = c.eval_line("Phoenix.PubSub.broadcast(Nope.PubSub, :t, :x)");
    assert_eq!(out.text, "** (ArgumentError) unknown registry: Nope.PubSub");
}

#[test]
fn a_partitioned_node_misses_broadcasts_until_it_reconnects() {
    let mut c = alice_bob_carol();
    ok(&mut c, "Sim.net_tick(1_000)");
    clients(&mut c, "carol", "c@sim", 1, "news");
    ok(
        &mut c,
        "Sim.partition([[:\"a@sim\", :\"b@sim\"], [:\"c@sim\"]])",
    );
    ok(&mut c, "Process.sleep(1_500)");
    assert_eq!(
        ok(
            &mut c,
            ":pg.get_members({:hermes, Hermes.PubSub}) |> length()"
        ),
        "2"
    );
    ok(&mut c, "Hermes.publish(:news, :missed)");
    ok(&mut c, "Process.sleep(10)");
    ok(&mut c, "Sim.heal()");
    ok(&mut c, "Node.connect(:\"c@sim\")");
    ok(&mut c, "Process.sleep(10)");
    ok(&mut c, "Hermes.publish(:news, :after_heal)");
    ok(&mut c, "Process.sleep(10)");
    // Carol's client got the second message only.
    assert_eq!(delivered(&mut c, "carol", ":after_heal"), "1");
}

#[test]
fn another_pubsub_instance_can_be_started_under_a_supervisor() {
    let mut c = alice_bob_carol();
    ok(
        &mut c,
        "{:ok, _} = Supervisor.start_link([{Phoenix.PubSub, name: MyApp.PubSub}], strategy: :one_for_one)",
    );
    assert_eq!(
        ok(&mut c, "Phoenix.PubSub.subscribe(MyApp.PubSub, \"room:1\")"),
        ":ok"
    );
    ok(
        &mut c,
        "Phoenix.PubSub.broadcast(MyApp.PubSub, \"room:1\", :hi)",
    );
    assert_eq!(c.eval_line("flush()").printed, vec![":hi"]);
    assert_eq!(
        ok(
            &mut c,
            ":pg.get_members({:hermes, MyApp.PubSub}) |> length()"
        ),
        "1"
    );
}
