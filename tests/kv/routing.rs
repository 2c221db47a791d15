//! Both routers: the guide's routing table by first byte, and the hash
//! router, which keeps buckets in the shard fleet so they move with their
//! shard.

use super::{command, ok};
use otpsim::apps::kv::lines::Line;
use otpsim::apps::kv::session::Service;
use otpsim::console::Console;
use otpsim::kernel::MS;
use otpsim::term::Term;

/// `a@sim` with `b@sim` (and `c@sim` when `three`), connected.
fn cluster(three: bool) -> Console {
    let mut c = Console::new(11);
    let nodes: &[&str] = if three { &["b", "c"] } else { &["b"] };
    for n in nodes {
        ok(&mut c, &format!("Sim.add_node(:\"{n}@sim\")"));
        ok(&mut c, &format!("Node.connect(:\"{n}@sim\")"));
    }
    c
}

/// The guide's table: a–m on `a@sim`, n–z on `b@sim`.
fn with_table(c: &mut Console) {
    ok(
        c,
        "Application.put_env(:kv, :routing_table, [{?a..?m, :\"a@sim\"}, {?n..?z, :\"b@sim\"}])",
    );
    assert_eq!(ok(c, "KV.router(:table)"), ":ok");
    assert_eq!(ok(c, "Application.get_env(:kv, :router)"), ":table");
}

/// `{:ok, pid}` or `:error` from the registry on `node`.
fn lookup_on(c: &mut Console, node: &str, name: &str) -> String {
    ok(
        c,
        &format!(":rpc.call(:\"{node}@sim\", KV.Registry, :lookup, [KV.Registry, {name:?}])"),
    )
}

#[test]
fn the_routing_table_sends_buckets_by_first_byte() {
    let mut c = cluster(false);
    with_table(&mut c);
    // The guide's test: "hello" routes to the first node, "world" to the second.
    assert_eq!(ok(&mut c, "KV.route(\"hello\")"), "{:table, :a@sim}");
    assert_eq!(ok(&mut c, "KV.route(\"world\")"), "{:table, :b@sim}");
    assert_eq!(command(&mut c, "CREATE world"), b"OK\r\n");
    assert_eq!(command(&mut c, "CREATE hello"), b"OK\r\n");
    assert!(lookup_on(&mut c, "b", "world").starts_with("{:ok, #PID<1."));
    assert_eq!(lookup_on(&mut c, "a", "world"), ":error");
    assert!(lookup_on(&mut c, "a", "hello").starts_with("{:ok, #PID<0."));
    assert_eq!(command(&mut c, "PUT world milk 1"), b"OK\r\n");
    assert_eq!(command(&mut c, "GET world milk"), b"1\r\nOK\r\n");
    // Each request's route is in the calling node's log.
    let log = ok(&mut c, "Sim.log(:\"a@sim\")");
    assert!(
        log.contains("KV.Router: \\\"world\\\" -> :b@sim via :table"),
        "{log}"
    );
    assert!(log.contains("KV.Router: \\\"hello\\\" -> :a@sim via :table"));
    // From b's side the same table applies.
    ok(&mut c, "Sim.attach(:\"b@sim\")");
    assert_eq!(command(&mut c, "GET world milk"), b"1\r\nOK\r\n");
    assert_eq!(command(&mut c, "GET hello milk"), b"\r\nOK\r\n");
}

#[test]
fn a_name_outside_the_table_could_not_find_entry() {
    let mut c = cluster(false);
    with_table(&mut c);
    let table = "[{97..109, :a@sim}, {110..122, :b@sim}]";
    let out = c.eval_line("KV.route(\"\\0\")");
    assert_eq!(
        out.text,
        format!("** (RuntimeError) could not find entry for <<0>> in table {table}")
    );
    let out = c.eval_line("KV.command(\"CREATE Zebra\")");
    assert_eq!(
        out.text,
        format!("** (RuntimeError) could not find entry for \"Zebra\" in table {table}")
    );
    // The guide ships an empty table: nothing is found.
    ok(&mut c, "Application.put_env(:kv, :routing_table, [])");
    let out = c.eval_line("KV.command(\"GET hello milk\")");
    assert_eq!(
        out.text,
        "** (RuntimeError) could not find entry for \"hello\" in table []"
    );
}

#[test]
fn without_a_table_the_table_router_stays_on_the_node() {
    let mut c = cluster(false);
    assert_eq!(ok(&mut c, "KV.router()"), ":hash");
    ok(&mut c, "KV.router(:table)");
    assert_eq!(ok(&mut c, "KV.route(\"world\")"), "{:table, :a@sim}");
    ok(&mut c, "Sim.attach(:\"b@sim\")");
    assert_eq!(ok(&mut c, "KV.route(\"hello\")"), "{:table, :b@sim}");
}

#[test]
fn the_hash_router_sends_a_bucket_to_its_shards_primary() {
    let mut c = cluster(true);
    let names: Vec<String> = ('a'..='z').map(|ch| format!("{ch}list")).collect();
    let mut owners = std::collections::BTreeSet::new();
    for name in &names {
        // key -> shard -> node, as Shards.put/2 routes.
        let k = otpsim::apps::shards::k(c.world());
        let shard = otpsim::apps::shards::placement::shard_of(&Term::string(name), k);
        let owner = otpsim::apps::shards::placement::holders(c.world(), 0, shard, 1)[0];
        let node = ["a", "b", "c"][owner as usize];
        owners.insert(node);
        assert_eq!(
            ok(&mut c, &format!("KV.route({name:?})")),
            format!("{{:hash, :{node}@sim}}")
        );
        assert_eq!(command(&mut c, &format!("CREATE {name}")), b"OK\r\n");
        assert_eq!(command(&mut c, &format!("PUT {name} k v")), b"OK\r\n");
        assert_eq!(command(&mut c, &format!("GET {name} k")), b"v\r\nOK\r\n");
        // The bucket lives in its shard's worker on the owner, not in any
        // node's KV.Registry.
        let route = ok(&mut c, &format!("Shards.route({{:kv, {name:?}, \"k\"}})"));
        assert!(
            route.starts_with(&format!("{{{shard}, :{node}@sim, #PID<")),
            "{name}: {route}"
        );
        for other in ["a", "b", "c"] {
            assert_eq!(
                lookup_on(&mut c, other, name),
                ":error",
                "{name} on {other}"
            );
        }
    }
    assert_eq!(owners.len(), 3, "26 names spread over all three nodes");
    let log = ok(&mut c, "Sim.log(:\"a@sim\") |> length()");
    assert!(log.parse::<usize>().is_ok_and(|n| n >= 3 * 26), "{log}");
}

/// Buckets on a three-node cluster, each with a few keys; returns what
/// GET should answer for every (bucket, key).
fn fill(c: &mut Console, buckets: usize) -> Vec<(String, String, String)> {
    let mut expected = Vec::new();
    for b in 0..buckets {
        let name = format!("list{b}");
        assert_eq!(command(c, &format!("CREATE {name}")), b"OK\r\n");
        for k in 0..3 {
            let value = format!("{}", b * 10 + k);
            assert_eq!(
                command(c, &format!("PUT {name} item{k} {value}")),
                b"OK\r\n"
            );
            expected.push((name.clone(), format!("item{k}"), value));
        }
        // A deleted key must stay deleted wherever the bucket goes.
        assert_eq!(command(c, &format!("DELETE {name} item2")), b"OK\r\n");
        expected.last_mut().expect("three keys").2 = String::new();
    }
    expected
}

fn check_all(c: &mut Console, expected: &[(String, String, String)], when: &str) {
    for (bucket, key, value) in expected {
        assert_eq!(
            String::from_utf8_lossy(&command(c, &format!("GET {bucket} {key}"))),
            format!("{value}\r\nOK\r\n"),
            "{bucket} {key} {when}"
        );
    }
}

#[test]
fn buckets_move_with_their_shard_when_k_or_the_cluster_changes() {
    let mut c = cluster(true);
    let expected = fill(&mut c, 12);
    ok(&mut c, "Shards.set_k(16)");
    ok(&mut c, "Process.sleep(2_000)");
    check_all(&mut c, &expected, "after K 8 -> 16");
    let moved = ok(
        &mut c,
        "Shards.moves() |> Enum.map(fn m -> m.keys end) |> Enum.sum()",
    );
    assert!(moved.parse::<u64>().is_ok_and(|n| n > 0), "{moved}");
    ok(&mut c, "Sim.add_node(:\"d@sim\")");
    ok(&mut c, "Process.sleep(3_000)");
    check_all(&mut c, &expected, "after d joined");
    ok(&mut c, "Shards.set_k(3)");
    ok(&mut c, "Process.sleep(2_000)");
    check_all(&mut c, &expected, "after K 16 -> 3");
    // Nothing is left in any node's KV.Registry.
    for node in ["a", "b", "c", "d"] {
        assert_eq!(lookup_on(&mut c, node, "list0"), ":error");
    }
}

#[test]
fn with_two_copies_a_crashed_node_loses_no_bucket() {
    let mut c = cluster(true);
    ok(&mut c, "Shards.replication(2)");
    ok(&mut c, "Process.sleep(1_000)");
    let expected = fill(&mut c, 12);
    ok(&mut c, "Sim.net_tick(1_000)");
    ok(&mut c, "Sim.crash_node(:\"b@sim\")");
    ok(&mut c, "Process.sleep(3_000)");
    check_all(&mut c, &expected, "after b crashed");
}

#[test]
fn with_one_copy_a_crashed_node_takes_its_buckets() {
    let mut c = cluster(true);
    let expected = fill(&mut c, 12);
    let on_b: Vec<&(String, String, String)> = expected
        .iter()
        .filter(|(bucket, _, _)| ok(&mut c, &format!("KV.route({bucket:?})")) == "{:hash, :b@sim}")
        .collect();
    assert!(!on_b.is_empty(), "some bucket lives on b");
    ok(&mut c, "Sim.net_tick(1_000)");
    ok(&mut c, "Sim.crash_node(:\"b@sim\")");
    ok(&mut c, "Process.sleep(3_000)");
    for (bucket, key, value) in &expected {
        let lost = on_b.iter().any(|(b, _, _)| b == bucket);
        let want = if lost {
            "NOT FOUND\r\n".to_string()
        } else {
            format!("{value}\r\nOK\r\n")
        };
        assert_eq!(
            String::from_utf8_lossy(&command(&mut c, &format!("GET {bucket} {key}"))),
            want,
            "{bucket} {key}"
        );
    }
}

#[test]
fn the_hash_router_only_counts_nodes_it_can_see() {
    let mut c = cluster(true);
    ok(&mut c, "Sim.net_tick(1_000)");
    ok(
        &mut c,
        "Sim.partition([[:\"a@sim\"], [:\"b@sim\", :\"c@sim\"]])",
    );
    ok(&mut c, "Process.sleep(2_000)");
    assert_eq!(ok(&mut c, "Node.list()"), "[]");
    for ch in 'a'..='z' {
        assert_eq!(
            ok(&mut c, &format!("KV.route(\"{ch}\")")),
            "{:hash, :a@sim}"
        );
    }
}

#[test]
fn a_routed_request_pays_the_link_latency_both_ways() {
    let mut c = cluster(false);
    with_table(&mut c);
    // Both directions, 30 ms each.
    ok(
        &mut c,
        "Sim.set_link(:\"a@sim\", :\"b@sim\", latency: 30, jitter: 0)",
    );
    let t0 = c.world().now();
    assert_eq!(command(&mut c, "CREATE world"), b"OK\r\n");
    let t1 = c.world().now();
    // Task.Supervisor.async to b: the start_child call there and back, the
    // go-ahead the new task waits for, and its result coming back, as
    // Elixir 1.14's Task.Supervisor does it.
    assert_eq!(t1 - t0, 120 * MS, "a routed request");
    // GET: the routed lookup, then a call straight to the bucket on b.
    assert_eq!(command(&mut c, "GET world milk"), b"\r\nOK\r\n");
    let t2 = c.world().now();
    assert_eq!(
        t2 - t1,
        180 * MS,
        "the routed lookup, then a call there and back"
    );
    // A local bucket costs no network time.
    assert_eq!(command(&mut c, "CREATE hello"), b"OK\r\n");
    assert_eq!(c.world().now(), t2);
}

#[test]
fn a_request_to_a_crashed_node_exits() {
    let mut c = cluster(false);
    with_table(&mut c);
    ok(&mut c, "Sim.crash_node(:\"b@sim\")");
    // The task supervisor on b cannot be reached: Task.Supervisor.async's
    // call exits, as on the BEAM.
    let out = c.eval_line("KV.command(\"CREATE world\")");
    assert!(
        out.text.starts_with(
            "** (exit) exited in: GenServer.call({KV.RouterTasks, :b@sim}, {:start_task,"
        ),
        "{}",
        out.full
    );
    assert!(
        out.full.contains("** (EXIT) no connection to b@sim"),
        "{}",
        out.full
    );
    assert_eq!(command(&mut c, "CREATE hello"), b"OK\r\n");
}

#[test]
fn the_server_answers_routing_failures_and_long_lines_with_error() {
    let mut service = Service::new(2, 0, true);
    let world = service.world_mut();
    world.put_env("kv", "router", Term::atom("table"));
    world.put_env("kv", "routing_table", Term::list(vec![]));
    let client = service.open().expect("a client process");
    let line = |s: &str| Line::Text(s.as_bytes().to_vec());
    // The guide's server would crash on the raise; ours answers and goes on.
    assert_eq!(service.handle(client, &line("CREATE hello")), b"ERROR\r\n");
    assert_eq!(service.handle(client, &Line::TooLong), b"ERROR\r\n");
    assert_eq!(
        service.handle(client, &line("HELLO")),
        b"UNKNOWN COMMAND\r\n"
    );
    service
        .world_mut()
        .put_env("kv", "router", Term::atom("hash"));
    assert_eq!(service.handle(client, &line("CREATE hello")), b"OK\r\n");
    let log = service.take_log();
    assert_eq!(log.len(), 1, "{log:?}");
    assert!(log[0].starts_with("KV.Router: \"hello\" -> :"), "{log:?}");
    assert_eq!(service.take_log(), Vec::<String>::new());
}
