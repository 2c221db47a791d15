//! Seed 001's to-do system, driven from the console: persistence through
//! the database pool, the node's disk, the cache/registry switch, and the
//! load metric that shows the cache as the bottleneck.

use otpsim::console::Console;
use otpsim::kernel::TraceKind;
use otpsim::term::{phash2_range, Pid, Term};
use std::collections::BTreeMap;

/// Evaluates `line`, failing the test on an error.
fn ok(c: &mut Console, line: &str) -> String {
    let out = c.eval_line(line);
    assert!(out.ok, "`{line}` failed: {}", out.full);
    out.text
}

/// Evaluates `line` and returns its value as a term.
fn value(c: &mut Console, line: &str) -> Term {
    let out = c.eval_line(line);
    assert!(out.ok, "`{line}` failed: {}", out.full);
    out.value.unwrap_or_else(Term::nil)
}

/// Replaces every `#PID<a.b.c>` with `#PID<…>`.
fn without_pids(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("#PID<") {
        out.push_str(&rest[..i]);
        out.push_str("#PID<…>");
        rest = rest[i..].split_once('>').map_or("", |(_, r)| r);
    }
    out.push_str(rest);
    out
}

fn int_field(map: &Term, key: &str) -> i64 {
    match map {
        Term::Map(m) => m.get(&Term::atom(key)).and_then(Term::as_int),
        _ => None,
    }
    .unwrap_or_else(|| panic!("no integer {key} in {map:?}"))
}

const DENTIST: &str = "[%{date: \"2023-12-19\", id: 1, title: \"Dentist\"}]";

#[test]
fn entries_come_back_from_the_database_after_a_server_crash() {
    let mut c = Console::new(1);
    ok(&mut c, "bob = Todo.Cache.server_process(\"bob\")");
    assert_eq!(
        ok(&mut c, "bob == Todo.Cache.server_process(\"bob\")"),
        "true"
    );
    assert_eq!(
        ok(&mut c, "bob != Todo.Cache.server_process(\"alice\")"),
        "true"
    );
    ok(
        &mut c,
        "Todo.Server.add_entry(bob, %{date: \"2023-12-19\", title: \"Dentist\"})",
    );
    assert_eq!(
        ok(&mut c, "Todo.Server.entries(bob, \"2023-12-19\")"),
        DENTIST
    );
    assert_eq!(ok(&mut c, "Todo.Server.entries(bob, \"2023-12-20\")"), "[]");
    ok(&mut c, "Process.exit(bob, :kill)");
    ok(&mut c, "bob2 = Todo.Cache.server_process(\"bob\")");
    assert_eq!(ok(&mut c, "bob2 != bob"), "true", "a fresh server");
    assert_eq!(
        ok(&mut c, "Todo.Server.entries(bob2, \"2023-12-19\")"),
        DENTIST
    );
    // The new server carries on numbering where the stored list left off.
    ok(
        &mut c,
        "Todo.Server.add_entry(bob2, %{date: \"2023-12-19\", title: \"Movies\"})",
    );
    assert_eq!(
        ok(
            &mut c,
            "Todo.Server.entries(bob2, \"2023-12-19\") |> length()"
        ),
        "2"
    );
    assert_eq!(
        ok(&mut c, "Todo.Database.get(\"bob\").auto_id"),
        "3",
        "the database holds the whole list"
    );
}

#[test]
fn a_node_crash_wipes_its_disk() {
    let mut c = Console::new(2);
    ok(&mut c, "Sim.add_node(:\"b@sim\")");
    ok(
        &mut c,
        "pid = :rpc.call(:\"b@sim\", Todo, :server, [\"alice\"])",
    );
    ok(
        &mut c,
        ":rpc.call(:\"b@sim\", Todo.Server, :add_entry, [pid, %{date: \"2023-12-19\", title: \"Dentist\"}])",
    );
    assert_eq!(
        ok(
            &mut c,
            ":rpc.call(:\"b@sim\", Todo.Server, :entries, [pid, \"2023-12-19\"])"
        ),
        DENTIST
    );
    // A process crash on b keeps the data (b's disk is untouched).
    ok(&mut c, "Process.exit(pid, :kill)");
    ok(
        &mut c,
        "pid = :rpc.call(:\"b@sim\", Todo, :server, [\"alice\"])",
    );
    assert_eq!(
        ok(
            &mut c,
            ":rpc.call(:\"b@sim\", Todo.Server, :entries, [pid, \"2023-12-19\"])"
        ),
        DENTIST
    );
    // Node a has its own disk: nothing about alice there.
    assert_eq!(ok(&mut c, "Todo.Database.get(\"alice\")"), "nil");
    // Losing the node loses its disk.
    ok(&mut c, "Sim.crash_node(:\"b@sim\")");
    ok(&mut c, "Sim.restart_node(:\"b@sim\")");
    ok(
        &mut c,
        "pid = :rpc.call(:\"b@sim\", Todo, :server, [\"alice\"])",
    );
    assert_eq!(
        ok(
            &mut c,
            ":rpc.call(:\"b@sim\", Todo.Server, :entries, [pid, \"2023-12-19\"])"
        ),
        "[]"
    );
    assert_eq!(
        ok(
            &mut c,
            ":rpc.call(:\"b@sim\", Todo.Database, :get, [\"alice\"])"
        ),
        "nil"
    );
}

#[test]
fn the_pool_routes_a_list_name_always_to_the_same_worker() {
    let mut c = Console::new(3);
    let workers = value(&mut c, ":sys.get_state(Todo.Database)");
    let Term::Map(workers) = workers else {
        panic!("the database's state is a map of workers");
    };
    let worker = |i: u32| {
        workers
            .get(&Term::Int(i64::from(i)))
            .and_then(Term::as_pid)
            .unwrap_or_else(|| panic!("no worker {i}"))
    };
    let names = ["bob", "alice", "carol", "dave", "erin", "frank", "grace"];
    for round in 0..3 {
        for name in names {
            ok(
                &mut c,
                &format!(
                    "Todo.Server.add_entry(Todo.server(\"{name}\"), %{{date: {round}, title: \"t\"}})"
                ),
            );
        }
    }
    for name in names {
        assert_eq!(
            ok(
                &mut c,
                &format!("Todo.Server.entries(Todo.server(\"{name}\"), 2)")
            ),
            format!("[%{{date: 2, id: 3, title: \"t\"}}]")
        );
    }
    // Every store cast for a name went to worker phash2(name, 3).
    let mut stores: BTreeMap<String, Vec<Pid>> = BTreeMap::new();
    for event in c.world().trace() {
        let TraceKind::Send { to, msg, .. } = &event.kind else {
            continue;
        };
        let Some([cast, request]) = msg.as_tuple() else {
            continue;
        };
        if !cast.is_atom("$gen_cast") {
            continue;
        }
        if let Some([store, Term::Binary(name), _]) = request.as_tuple() {
            if store.is_atom("store") {
                let name = String::from_utf8_lossy(name).into_owned();
                stores.entry(name).or_default().push(*to);
            }
        }
    }
    assert_eq!(stores.len(), names.len());
    let mut used = std::collections::BTreeSet::new();
    for (name, targets) in &stores {
        assert_eq!(targets.len(), 3, "{name}: one store per add_entry");
        let expected = worker(phash2_range(&Term::string(name), 3));
        assert!(
            targets.iter().all(|t| *t == expected),
            "{name} went to {targets:?}, expected {expected:?}"
        );
        used.insert(expected);
    }
    assert!(used.len() > 1, "seven names spread over the pool");
    assert_eq!(
        ok(
            &mut c,
            "Enum.map([\"bob\", \"alice\"], fn n -> :erlang.phash2(n, 3) end)"
        ),
        format!(
            "[{}, {}]",
            phash2_range(&Term::string("bob"), 3),
            phash2_range(&Term::string("alice"), 3)
        )
    );
}

#[test]
fn calls_and_casts_are_told_apart_in_the_trace() {
    let mut c = Console::new(4);
    ok(&mut c, "bob = Todo.server(\"bob\")");
    let before = c.world().trace().len();
    ok(
        &mut c,
        "Todo.Server.add_entry(bob, %{date: 1, title: \"a\"})",
    );
    ok(&mut c, "Todo.Server.entries(bob, 1)");
    let kinds: Vec<String> = c
        .world()
        .trace()
        .from(before)
        .iter()
        .filter_map(|e| match &e.kind {
            TraceKind::Send { msg, .. } => msg.as_tuple().and_then(|t| {
                let tag = t.first()?.as_atom()?;
                let request = t.last()?.as_tuple()?.first()?.as_atom()?;
                tag.starts_with("$gen_").then(|| format!("{tag} {request}"))
            }),
            _ => None,
        })
        .collect();
    // The server is still reading its list from the disk when the cast
    // and the call arrive; once loaded it takes them in arrival order: the
    // cast (which asks the database for a worker, then casts the store),
    // then the call. Each message is tagged as what it is.
    assert_eq!(
        kinds,
        vec![
            "$gen_cast add_entry",
            "$gen_call entries",
            "$gen_call choose_worker",
            "$gen_cast store",
        ]
    );
}

/// The same session, in either design.
fn session(registry: bool) -> Vec<String> {
    let mut c = Console::new(5);
    ok(&mut c, &format!("Todo.use_registry({registry})"));
    let lines = [
        "Todo.design()",
        "bob = Todo.server(\"bob\")",
        "bob == Todo.server(\"bob\")",
        "bob == Todo.server(\"alice\")",
        "Todo.Server.add_entry(bob, %{date: \"2023-12-19\", title: \"Dentist\"})",
        "Todo.Server.add_entry(Todo.server(\"alice\"), %{date: \"2023-12-19\", title: \"Gym\"})",
        "Todo.Server.entries(Todo.server(\"bob\"), \"2023-12-19\")",
        "Todo.Server.entries(Todo.server(\"alice\"), \"2023-12-19\")",
        "Process.exit(bob, :kill)",
        "Todo.server(\"bob\") == bob",
        "Todo.Server.entries(Todo.server(\"bob\"), \"2023-12-19\")",
        "Registry.lookup(Todo.ServerRegistry, \"bob\") == [{Todo.server(\"bob\"), nil}]",
    ];
    lines.iter().map(|l| without_pids(&ok(&mut c, l))).collect()
}

#[test]
fn the_switch_gives_the_same_answers_in_both_designs() {
    let cache = session(false);
    let registry = session(true);
    assert_eq!(cache[0], ":cache");
    assert_eq!(registry[0], ":registry");
    assert_eq!(cache[1..], registry[1..]);
    assert_eq!(cache[6], DENTIST);
    assert_eq!(cache[9], "false");
    assert_eq!(cache[10], DENTIST);
}

#[test]
fn the_registry_design_needs_no_central_process() {
    let mut c = Console::new(6);
    ok(&mut c, "Todo.use_registry(true)");
    ok(&mut c, "Enum.each(1..5, fn i -> Todo.server(i) end)");
    assert_eq!(
        ok(
            &mut c,
            "DynamicSupervisor.count_children(Todo.ServerSupervisor).active"
        ),
        "5"
    );
    assert_eq!(ok(&mut c, ":sys.get_state(Todo.Cache)"), "%{}");
    // The cache design finds the same servers (and adopts them).
    ok(&mut c, "Todo.use_registry(false)");
    assert_eq!(
        ok(
            &mut c,
            "Todo.server(3) == Todo.Cache.server_process(Todo.Cache, 3)"
        ),
        "true"
    );
    assert_eq!(
        ok(
            &mut c,
            "Todo.server(3) == GenServer.whereis({:via, Registry, {Todo.ServerRegistry, 3}})"
        ),
        "true"
    );
    assert_eq!(
        ok(
            &mut c,
            "DynamicSupervisor.count_children(Todo.ServerSupervisor).active"
        ),
        "5"
    );
}

#[test]
fn under_load_the_cache_queues_and_the_registry_does_not() {
    let mut c = Console::new(7);
    let cache = value(&mut c, "Todo.load(40, 10)");
    ok(&mut c, "Todo.use_registry(true)");
    let registry = value(&mut c, "Todo.load(40, 10)");
    let text = |t: &Term| otpsim::term::inspect(t);
    assert!(text(&cache).contains("design: :cache"), "{}", text(&cache));
    assert!(
        text(&registry).contains("design: :registry"),
        "{}",
        text(&registry)
    );
    for result in [&cache, &registry] {
        assert_eq!(int_field(result, "requests"), 400, "{}", text(result));
        assert_eq!(int_field(result, "failed"), 0, "{}", text(result));
    }
    assert!(
        text(&cache).contains("busiest: Todo.Cache"),
        "{}",
        text(&cache)
    );
    let (cm, rm) = (
        int_field(&cache, "max_mailbox"),
        int_field(&registry, "max_mailbox"),
    );
    assert!(cm >= 30, "the cache holds a request per client: {cm}");
    assert!(rm <= 1, "nothing queues without the cache: {rm}");
    assert!(
        int_field(&cache, "p99_latency_us") > 10 * int_field(&registry, "p99_latency_us").max(1),
        "{} vs {}",
        text(&cache),
        text(&registry)
    );
    assert!(int_field(&cache, "mean_latency_us") > int_field(&registry, "mean_latency_us"));
    // Nothing of the run is left in the shell's mailbox.
    assert_eq!(c.eval_line("flush()").printed, Vec::<String>::new());
}

#[test]
fn the_load_metric_is_deterministic_and_checks_its_arguments() {
    let run = || {
        let mut c = Console::new(8);
        ok(&mut c, "Todo.load(10, 5)")
    };
    assert_eq!(run(), run());
    let mut c = Console::new(8);
    for bad in [
        "Todo.load(0, 1)",
        "Todo.load(1, 0)",
        "Todo.load(1_001, 1)",
        "Todo.load(1_000, 1_000)",
        "Todo.load(:a, 1)",
    ] {
        let out = c.eval_line(bad);
        assert!(!out.ok, "{bad} should fail");
        assert!(out.text.contains("ArgumentError"), "{bad}: {}", out.text);
    }
    for bad in ["Todo.use_registry(1)", "Todo.Server.entries(:nobody, 1)"] {
        assert!(!c.eval_line(bad).ok, "{bad} should fail");
    }
    // A crash in a server is the server's, not the console's.
    ok(&mut c, "s = Todo.server(\"x\")");
    ok(&mut c, "Todo.Server.add_entry(s, \"not a map\")");
    // (after the server has loaded its list and taken the cast)
    ok(&mut c, "Process.sleep(10)");
    assert_eq!(ok(&mut c, "Process.alive?(s)"), "false");
}
