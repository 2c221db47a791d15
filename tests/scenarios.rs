//! Every built-in scenario runs without an error line, twice gives the
//! same trace, and that trace is the one recorded in
//! `tests/data/scenario_digests.txt` — which `tests/browser.rs` checks in
//! wasm too, so native and browser runs agree (the determinism contract,
//! scenario by scenario). After a deliberate change of behaviour, rewrite
//! the file with `UPDATE_DIGESTS=1 cargo test --test scenarios`.
#![cfg(not(target_arch = "wasm32"))]

use otpsim::scenarios::{self, Scenario};

fn run(s: &Scenario) -> (u64, Vec<String>) {
    let mut session = otpsim::console::session::Session::new(s.seed);
    let mut outputs = Vec::new();
    for line in s.lines() {
        let out = session.eval(&line);
        assert!(out.ok, "{}: `{line}` failed: {}", s.name, out.full);
        outputs.push(out.text);
    }
    (session.console().world().trace_digest(), outputs)
}

#[test]
fn every_scenario_runs_cleanly_and_the_same_twice() {
    for s in scenarios::ALL {
        let (a, out_a) = run(s);
        let (b, out_b) = run(s);
        assert_eq!(a, b, "{}: traces differ", s.name);
        assert_eq!(out_a, out_b, "{}: outputs differ", s.name);
    }
}

#[test]
fn traces_match_the_recorded_digests() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/scenario_digests.txt"
    );
    let actual: String = scenarios::ALL
        .iter()
        .map(|s| format!("{} {:016x}\n", s.name, run(s).0))
        .collect();
    if std::env::var_os("UPDATE_DIGESTS").is_some() {
        std::fs::write(path, &actual).expect("write the digests");
        return;
    }
    let recorded = std::fs::read_to_string(path).unwrap_or_default();
    assert_eq!(
        recorded, actual,
        "scenario traces changed; if that is intended, run UPDATE_DIGESTS=1 cargo test --test scenarios"
    );
}

#[test]
fn the_lessons_show_what_they_say() {
    let last = |name: &str| {
        let s = scenarios::find(name).unwrap_or_else(|| panic!("no scenario {name}"));
        run(s).1
    };
    let out = last("restart-cleans-names");
    assert_eq!(
        out[out.len() - 2..],
        ["false".to_string(), "nil".to_string()]
    );
    let out = last("restart-intensity");
    assert_eq!(
        out[out.len() - 2..],
        [
            "false".to_string(),
            "%{active: 0, specs: 0, supervisors: 0, workers: 0}".to_string()
        ]
    );
    let out = last("hermes-pubsub");
    assert_eq!(
        out[out.len() - 2..],
        ["[1, 1, 1, 1, 1]".to_string(), "[1, 1]".to_string()]
    );
    let out = last("kv-routing-table");
    assert_eq!(
        out[out.len() - 3..],
        [
            "\"1\\r\\nOK\\r\\n\"".to_string(),
            "{:table, :b@sim}".to_string(),
            "\"NOT FOUND\\r\\n\"".to_string()
        ]
    );
    let out = last("netsplit-global");
    assert_eq!(
        out[out.len() - 3..],
        ["true".to_string(), "true".to_string(), ":ok".to_string()]
    );
    let out = last("rendezvous-vs-modulo");
    assert_eq!(out.last().map(String::as_str), Some("true"));
    // The crash after the acknowledged PUT: the GET finds nothing, the
    // history is not linearizable, and the lost key is counted.
    let out = last("fault-lab-lost-write");
    let n = out.len();
    assert_eq!(out[n - 4], "\"NOT FOUND\\r\\n\"");
    assert!(
        out[n - 3].starts_with("{:error, \"shop/milk\",") && out[n - 3].contains("PUT 1"),
        "{}",
        out[n - 3]
    );
    assert!(out[n - 1].contains("acknowledged"), "{}", out[n - 1]);
    // One lesson per fault kind: each fault happens and reads as on the BEAM.
    let out = last("fault-lab-pause");
    let n = out.len();
    assert_eq!(
        out[n - 5..],
        [
            "[:b@sim, :c@sim]".to_string(),
            ":ok".to_string(),
            "[:c@sim]".to_string(),
            ":ok".to_string(),
            "[:b@sim, :c@sim]".to_string()
        ],
        "kept within the tick, dropped after it, back after the pause"
    );
    let out = last("fault-lab-skew");
    let n = out.len();
    let wall: i64 = out[n - 2].parse().expect("a number");
    let mono: i64 = out[n - 1].parse().expect("a number");
    assert!((4_990..=5_000).contains(&wall), "os time 5 s ahead: {wall}");
    assert!(mono.abs() <= 10, "monotonic time not skewed: {mono}");
    let out = last("fault-lab-disk");
    let n = out.len();
    assert!(
        out[n - 10].contains("Dentist") && out[n - 10].contains("Gym"),
        "{}",
        out[n - 10]
    );
    assert!(
        out[n - 6].contains("Dentist") && !out[n - 6].contains("Gym"),
        "the unsynced entry was lost: {}",
        out[n - 6]
    );
    assert_eq!(
        out[n - 1],
        "false",
        "the failing disk crashed the database's pool"
    );
    let out = last("fault-lab-slow-link");
    assert_eq!(
        out.last().map(String::as_str),
        Some("300"),
        "150 ms each way"
    );
    let out = last("fault-lab-one-way-cut");
    let n = out.len();
    assert_eq!(out[n - 4], "[]", "a one-way cut drops the connection");
    assert_eq!(out[n - 3], "{:badrpc, :nodedown}");
    assert_eq!(out[n - 1], "[:b@sim]", "back after the heal");
    let out = last("fault-lab-bridge");
    let n = out.len();
    assert_eq!(
        out[n - 2..],
        ["[:b@sim]".to_string(), "[:a@sim]".to_string()],
        "a clean split"
    );
    let out = last("fault-lab-kill");
    let n = out.len();
    assert!(
        out[n - 5].starts_with('-'),
        "the kills take users with them"
    );
    assert_eq!(out[n - 2], "10", "the users are back");
    assert_eq!(out[n - 1], ":ok");
    let out = last("fault-lab-udp");
    let n = out.len();
    assert_eq!(out[n - 2], "[:b@sim, :c@sim]", "gossip converges");
    assert_eq!(
        out[n - 1].matches("Hello world").count(),
        2,
        "one hello per peer, duplicates or not: {}",
        out[n - 1]
    );
}
