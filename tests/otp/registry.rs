//! `Registry` from the console, against what Elixir 1.14 prints.

use super::{console, err, ok, without_pids};

#[test]
fn duplicate_keys_hold_many_entries() {
    let mut c = console();
    ok(
        &mut c,
        "{:ok, _} = Registry.start_link(keys: :duplicate, name: D, meta: [topic: :news])",
    );
    ok(&mut c, "Registry.register(D, :t, 1)");
    ok(&mut c, "Registry.register(D, :t, 2)");
    assert_eq!(
        without_pids(&ok(&mut c, "Registry.lookup(D, :t)")),
        "[{#PID<…>, 1}, {#PID<…>, 2}]"
    );
    assert_eq!(ok(&mut c, "Registry.count(D)"), "2");
    assert_eq!(ok(&mut c, "Registry.keys(D, self())"), "[:t, :t]");
    assert_eq!(ok(&mut c, "Registry.values(D, :t, self())"), "[1, 2]");
    assert_eq!(
        without_pids(&ok(&mut c, "Registry.match(D, :t, 1)")),
        "[{#PID<…>, 1}]"
    );
    assert_eq!(
        without_pids(&ok(&mut c, "Registry.match(D, :t, :_)")),
        "[{#PID<…>, 1}, {#PID<…>, 2}]"
    );
    assert_eq!(ok(&mut c, "Registry.meta(D, :topic)"), "{:ok, :news}");
    assert_eq!(ok(&mut c, "Registry.put_meta(D, :x, 9)"), ":ok");
    assert_eq!(ok(&mut c, "Registry.meta(D, :x)"), "{:ok, 9}");
    assert_eq!(ok(&mut c, "Registry.meta(D, :nope)"), ":error");
    let out = c.eval_line(
        "Registry.dispatch(D, :t, fn entries -> Enum.each(entries, fn {p, v} -> send(p, {:got, v}) end) end); flush()",
    );
    assert_eq!(out.printed, vec!["{:got, 1}", "{:got, 2}"]);
    assert_eq!(ok(&mut c, "Registry.unregister(D, :t)"), ":ok");
    assert_eq!(ok(&mut c, "Registry.lookup(D, :t)"), "[]");
    assert_eq!(
        err(&mut c, "Registry.update_value(D, :t, fn v -> v end)").text,
        "** (ArgumentError) Registry.update_value/3 is not supported for duplicate registries"
    );
}

#[test]
fn unique_keys_update_and_refuse_a_second_owner() {
    let mut c = console();
    ok(
        &mut c,
        "{:ok, _} = Registry.start_link(keys: :unique, name: U)",
    );
    ok(&mut c, "Registry.register(U, :k, :v)");
    assert_eq!(
        ok(&mut c, "Registry.update_value(U, :k, fn v -> {v, v} end)"),
        "{{:v, :v}, :v}"
    );
    assert_eq!(
        ok(&mut c, "Registry.update_value(U, :nope, fn v -> v end)"),
        ":error"
    );
    let me = ok(&mut c, "self()");
    assert_eq!(
        ok(&mut c, "Registry.lookup(U, :k)"),
        format!("[{{{me}, {{:v, :v}}}}]")
    );
    assert_eq!(
        ok(&mut c, "Registry.register(U, :k, :w)"),
        format!("{{:error, {{:already_registered, {me}}}}}")
    );
    ok(&mut c, "Registry.register(U, :k2, 1)");
    assert_eq!(ok(&mut c, "Registry.keys(U, self())"), "[:k2, :k]");
    assert_eq!(
        err(&mut c, "Registry.lookup(Nope, 1)").text,
        "** (ArgumentError) unknown registry: Nope"
    );
}

#[test]
fn listeners_hear_registrations() {
    let mut c = console();
    ok(&mut c, "Process.register(self(), :listener)");
    ok(
        &mut c,
        "{:ok, _} = Registry.start_link(keys: :unique, name: L, listeners: [:listener])",
    );
    ok(&mut c, "Registry.register(L, :k, 1)");
    ok(&mut c, "Registry.unregister(L, :k)");
    let out = c.eval_line("flush()");
    assert_eq!(
        without_pids(&out.printed.join("\n")),
        "{:register, L, :k, #PID<…>, 1}\n{:unregister, L, :k, #PID<…>}"
    );
}

#[test]
fn a_registered_process_that_dies_is_removed() {
    let mut c = console();
    ok(
        &mut c,
        "{:ok, _} = Registry.start_link(keys: :duplicate, name: D)",
    );
    ok(&mut c, "Process.flag(:trap_exit, true)");
    ok(&mut c, "{:ok, agent} = Agent.start_link(fn -> 0 end)");
    ok(&mut c, "Fleet.start_users([1])");
    // Registered workers come and go; the registry forgets the dead.
    assert_eq!(ok(&mut c, "Registry.count(Fleet.Registry)"), "1");
    ok(&mut c, "GenServer.stop(Fleet.via(1), :shutdown)");
    assert_eq!(
        ok(&mut c, "Registry.count(Fleet.Registry)"),
        "1",
        "restarted under the same key"
    );
    ok(
        &mut c,
        "DynamicSupervisor.terminate_child(Fleet.Dynamic, GenServer.whereis(Fleet.via(1)))",
    );
    assert_eq!(ok(&mut c, "Registry.count(Fleet.Registry)"), "0");
    assert_eq!(ok(&mut c, "Registry.lookup(Fleet.Registry, 1)"), "[]");
    let _ = ok(&mut c, "agent");
}

#[test]
fn dynamic_supervisor_limits_and_terminates_children() {
    let mut c = console();
    ok(
        &mut c,
        "{:ok, ds} = DynamicSupervisor.start_link(strategy: :one_for_one, max_children: 1)",
    );
    ok(
        &mut c,
        "{:ok, a} = DynamicSupervisor.start_child(ds, {Fleet.UserWorker, :x})",
    );
    assert_eq!(
        ok(
            &mut c,
            "DynamicSupervisor.start_child(ds, {Fleet.UserWorker, :y})"
        ),
        "{:error, :max_children}"
    );
    assert_eq!(
        ok(&mut c, "DynamicSupervisor.terminate_child(ds, a)"),
        ":ok"
    );
    assert_eq!(
        ok(&mut c, "DynamicSupervisor.terminate_child(ds, a)"),
        "{:error, :not_found}"
    );
    assert_eq!(ok(&mut c, "DynamicSupervisor.which_children(ds)"), "[]");
    ok(&mut c, "{:ok, ds2} = DynamicSupervisor.start_link(strategy: :one_for_one, extra_arguments: [fn -> :extra end])");
    ok(&mut c, "{:ok, w} = DynamicSupervisor.start_child(ds2, %{id: :w, start: {Agent, :start_link, [[]]}})");
    // The extra argument comes first: Agent.start_link(fn -> :extra end, []).
    assert_eq!(ok(&mut c, ":sys.get_state(w)"), ":extra");
}
