//! The JS API (`otpsim::web::Cluster`) driven from JavaScript in headless
//! Chromium, through `wasm-pack test` (see scripts/test). Native builds skip
//! this file entirely.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect, JSON};
use otpsim::web::Cluster;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function call(cluster, method, args) {
  try {
    return { value: cluster[method](...args) };
  } catch (e) {
    return { error: e };
  }
}
export function getTime(cluster) {
  try {
    return { value: cluster.time };
  } catch (e) {
    return { error: e };
  }
}
export function isError(e) {
  return e instanceof Error && typeof e.message === "string" && e.message.length > 0;
}
export function collect(cluster, kind) {
  const seen = [];
  cluster.on(kind, (event) => seen.push(event));
  return seen;
}
export function collectUntilOff(cluster, kind) {
  const seen = [];
  const callback = (event) => seen.push(event);
  cluster.on(kind, callback);
  return { seen, off: () => cluster.off(kind, callback) };
}
export function free(cluster) {
  cluster.free();
}
"#)]
extern "C" {
    fn call(cluster: &JsValue, method: &str, args: Array) -> JsValue;
    #[wasm_bindgen(js_name = getTime)]
    fn get_time(cluster: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = isError)]
    fn is_error(value: &JsValue) -> bool;
    fn collect(cluster: &JsValue, kind: &str) -> Array;
    #[wasm_bindgen(js_name = collectUntilOff)]
    fn collect_until_off(cluster: &JsValue, kind: &str) -> JsValue;
    fn free(cluster: &JsValue);
}

fn options(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

fn cluster(json: &str) -> JsValue {
    match Cluster::new(options(json)) {
        Ok(c) => c.into(),
        Err(e) => panic!("new Cluster({json}) threw {:?}", JsValue::from(e)),
    }
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

/// `cluster.method(...args)` from JS; the value, or panics on a throw.
fn ok(cluster: &JsValue, method: &str, args: &[JsValue]) -> JsValue {
    let out = call(cluster, method, args.iter().collect());
    let error = get(&out, "error");
    assert!(error.is_undefined(), "{method} threw {error:?}");
    get(&out, "value")
}

/// `cluster.method(...args)` from JS must throw a JS `Error`; its message.
fn throws(cluster: &JsValue, method: &str, args: &[JsValue]) -> String {
    let out = call(cluster, method, args.iter().collect());
    let error = get(&out, "error");
    assert!(
        is_error(&error),
        "{method}({args:?}) did not throw an Error: {out:?}"
    );
    get(&error, "message").as_string().unwrap()
}

fn eval(cluster: &JsValue, line: &str) -> JsValue {
    ok(cluster, "eval", &[line.into()])
}

fn text(cluster: &JsValue, line: &str) -> String {
    let out = eval(cluster, line);
    assert_eq!(get(&out, "ok"), JsValue::TRUE, "{line}: {out:?}");
    get(&out, "text").as_string().unwrap()
}

fn json(value: &JsValue) -> String {
    JSON::stringify(value).unwrap().as_string().unwrap()
}

/// The cluster still answers after an error.
fn still_works(cluster: &JsValue) {
    assert_eq!(text(cluster, "1 + 1"), "2");
}

#[wasm_bindgen_test]
fn eval_returns_ok_text_and_a_plain_js_value() {
    let c = cluster("{}");
    let out = eval(&c, "{:ok, [1, \"two\"], %{a: 1}}");
    assert_eq!(get(&out, "ok"), JsValue::TRUE, "{out:?}");
    assert_eq!(json(&get(&out, "value")), r#"["ok",[1,"two"],{":a":1}]"#);
    assert_eq!(get(&out, "text"), "{:ok, [1, \"two\"], %{a: 1}}");
    // Elixir's booleans and nil are JS's.
    let flags = eval(&c, "[true, false, nil, :other]");
    assert_eq!(json(&get(&flags, "value")), r#"[true,false,null,"other"]"#);
    assert_eq!(get(&eval(&c, "nil"), "value"), JsValue::NULL);
    let out = eval(
        &c,
        "{:ok, [1, \"two\"], %{a: 1}, 12345678901234567890, self()}",
    );
    assert_eq!(get(&out, "ok"), JsValue::TRUE, "{out:?}");
    let value = json(&get(&out, "value"));
    assert!(
        value.starts_with(r##"["ok",[1,"two"],{":a":1},"12345678901234567890","#PID<"##),
        "{value}"
    );
    let printed = get(&out, "text").as_string().unwrap();
    assert!(
        printed.starts_with("{:ok, [1, \"two\"], %{a: 1}, 12345678901234567890, #PID<"),
        "{printed}"
    );
    assert_eq!(text(&c, "Fleet.start_users(1..3) |> length()"), "3");
    assert_eq!(
        get(&eval(&c, "Fleet.start_users(1..3) |> length()"), "value"),
        3
    );
}

#[wasm_bindgen_test]
fn eval_reads_input_as_iex_does() {
    let c = cluster("{}");
    // A module over several lines, then a call: each runs in turn.
    let out = eval(
        &c,
        "defmodule Greet do\n  def hi(name), do: \"hi \" <> name\nend\nIO.puts(Greet.hi(\"ann\"))\nGreet.hi(\"bo\")",
    );
    assert_eq!(get(&out, "ok"), JsValue::TRUE, "{out:?}");
    assert_eq!(get(&out, "text"), "\"hi bo\"");
    let printed = Array::from(&get(&out, "printed"));
    assert_eq!(printed.get(printed.length() - 2), "hi ann");
    assert_eq!(printed.get(printed.length() - 1), ":ok");
    // An open expression abandoned with `#iex:break`.
    let out = eval(&c, "[1,\n#iex:break");
    assert_eq!(get(&out, "ok"), JsValue::FALSE);
}

#[wasm_bindgen_test]
fn deep_code_and_deep_values_are_errors_not_crashes_in_the_browser() {
    // The browser's stack is small: deep recursion in user code, deeply
    // nested source and deeply nested values must end in an error.
    let c = cluster("{}");
    let deep_recursion = "defmodule Deep do\n  def f(0), do: 0\n  def f(n), do: 1 + f(n - 1)\nend\nDeep.f(10_000_000)";
    let nested_source = format!("{}1{}", "[".repeat(20_000), "]".repeat(20_000));
    let nested_parens = format!("{}1{}", "(".repeat(20_000), ")".repeat(20_000));
    let nested_value = "Enum.reduce(1..100_000, [], fn _, acc -> [acc] end)".to_string();
    let runaway = "f = fn g -> g.(g) end; f.(f)".to_string();
    for input in [
        deep_recursion.to_string(),
        nested_source,
        nested_parens,
        nested_value,
        runaway,
    ] {
        let out = eval(&c, &input);
        assert_eq!(get(&out, "ok"), JsValue::FALSE, "{out:?}");
        still_works(&c);
    }
}

#[wasm_bindgen_test]
fn options_seed_nodes_and_scenario() {
    let c = cluster(r#"{"seed": 7, "nodes": 2}"#);
    assert_eq!(text(&c, "Sim.nodes()"), "[:a@sim, :b@sim, :c@sim]");
    let c = cluster(r#"{"scenario": "fleet-bootstrap"}"#);
    assert_eq!(text(&c, "Registry.count(Fleet.Registry)"), "5");
    // new Cluster() with no options at all.
    assert!(Cluster::new(JsValue::UNDEFINED).is_ok());
}

#[wasm_bindgen_test]
fn snapshot_has_nodes_links_trees_and_log() {
    let c = cluster(r#"{"nodes": 1}"#);
    ok(&c, "run", &[3000.into()]);
    let snap = ok(&c, "snapshot", &[]);
    let nodes = Array::from(&get(&snap, "nodes"));
    assert_eq!(nodes.length(), 2);
    assert_eq!(get(&nodes.get(0), "name"), "a@sim");
    assert_eq!(get(&nodes.get(1), "alive"), JsValue::TRUE);
    assert_eq!(Array::from(&get(&snap, "links")).length(), 1);
    assert_eq!(get(&snap, "time").as_f64(), Some(3000.0));
    let trees = Array::from(&get(&get(&snap, "trees"), "a@sim"));
    assert!(trees.length() > 0);
    assert!(json(&trees).contains("Fleet.Supervisor"));
    let log = Array::from(&get(&snap, "log"));
    assert!(log.length() > 0);
    assert!(get(&log.get(0), "text").is_string());
}

#[wasm_bindgen_test]
fn snapshot_lists_invariants_with_their_red_spans_in_ms() {
    let c = cluster("{}");
    eval(&c, ":ets.new(:t, [:named_table, :public])");
    eval(
        &c,
        "Sim.invariant(:empty, fn -> :ets.info(:t, :size) == 0 end)",
    );
    eval(
        &c,
        "spawn(fn -> Process.sleep(300); :ets.insert(:t, {1}) end)",
    );
    ok(&c, "run", &[1000.into()]);
    let snap = ok(&c, "snapshot", &[]);
    assert_eq!(
        json(&get(&snap, "invariants")),
        r#"[{"name":"empty","red":true,"firstBroke":{"time":300,"why":"returned false"},"spans":[{"from":300,"until":null}]}]"#
    );
}

/// The keys of a plain object, in order.
fn keys(value: &JsValue) -> String {
    json(&js_sys::Object::keys(&js_sys::Object::from(value.clone())))
}

#[wasm_bindgen_test]
fn snapshot_values_are_plain_objects_numbers_and_nulls() {
    let c = cluster(r#"{"nodes": 1}"#);
    ok(&c, "run", &[3000.into()]);
    let snap = ok(&c, "snapshot", &[]);
    assert_eq!(
        keys(&snap),
        r#"["time","nodes","links","inFlight","trees","log","names","groups","shards","invariants"]"#
    );
    let node = Array::from(&get(&snap, "nodes")).get(0);
    assert_eq!(keys(&node), r#"["name","alive","processes","peers"]"#);
    assert_eq!(get(&node, "processes").js_typeof(), "number");
    let link = Array::from(&get(&snap, "links")).get(0);
    assert_eq!(keys(&link), r#"["a","b","state","lossy","latencyMs"]"#);
    assert_eq!(get(&link, "state"), "up");
    assert_eq!(get(&link, "latencyMs").js_typeof(), "number");
    let line = Array::from(&get(&snap, "log")).get(0);
    assert_eq!(keys(&line), r#"["time","kind","text"]"#);
    // Trees by node name in a plain object (not a Map); nulls, not undefined.
    let trees = Array::from(&get(&get(&snap, "trees"), "a@sim"));
    let sup = trees
        .iter()
        .find(|t| get(t, "name") == "Fleet.Supervisor")
        .expect("the Fleet supervisor");
    assert_eq!(
        keys(&sup),
        r#"["pid","name","keys","module","kind","children","mailbox","restarts","intensity"]"#
    );
    assert_eq!(get(&sup, "kind"), "supervisor");
    assert_eq!(
        keys(&get(&sup, "intensity")),
        r#"["maxRestarts","maxSeconds"]"#
    );
    let unnamed = trees
        .iter()
        .find(|t| get(t, "name").is_null())
        .expect("a process with no name");
    assert!(get(&unnamed, "intensity").is_null());
    assert_eq!(get(&unnamed, "kind"), "worker");
    assert_eq!(get(&snap, "time").js_typeof(), "number");
    // `off` of a kind never subscribed is false, not an error.
    assert_eq!(
        ok(&c, "off", &["nope".into(), JsValue::UNDEFINED]),
        JsValue::FALSE
    );
}

#[wasm_bindgen_test]
fn snapshot_has_names_groups_and_shards() {
    let c = cluster(r#"{"nodes": 1}"#);
    ok(&c, "run", &[3000.into()]);
    for line in [
        "{:ok, p} = Agent.start(fn -> 0 end)",
        ":global.register_name(:leader, p)",
        ":pg.join(:workers, self())",
        "Shards.put(7, :seven)",
        "Process.sleep(100)",
    ] {
        assert_eq!(get(&eval(&c, line), "ok"), JsValue::TRUE, "{line}");
    }
    let snap = ok(&c, "snapshot", &[]);
    let names = json(&get(&snap, "names"));
    assert!(names.contains(r#""key":":leader""#), "{names}");
    assert!(names.contains(r#""table":"registry""#), "{names}");
    let leader = Array::from(&get(&snap, "names"))
        .iter()
        .find(|r| get(r, "key") == ":leader")
        .expect("the :leader row");
    let cells = get(&leader, "cells");
    assert_eq!(
        get(&cells, "a@sim"),
        get(&cells, "b@sim"),
        "both nodes agree"
    );
    assert_eq!(get(&leader, "divergent"), JsValue::FALSE);
    let groups = json(&get(&snap, "groups"));
    assert!(groups.contains(":workers"), "{groups}");
    let shards = get(&snap, "shards");
    assert!(get(&shards, "k").as_f64().is_some_and(|k| k >= 1.0));
    let keys: f64 = Array::from(&get(&shards, "counts"))
        .iter()
        .filter_map(|c| get(&c, "keys").as_f64())
        .sum();
    assert!(keys >= 1.0, "the key put is counted");
}

#[wasm_bindgen_test]
fn on_callbacks_fire_for_new_events_of_their_kind() {
    let c = cluster("{}");
    let spawns = collect(&c, "spawn");
    let all = collect(&c, "*");
    eval(&c, "Fleet.start_users(1..2)");
    assert!(spawns.length() >= 2, "{spawns:?}");
    let first = spawns.get(0);
    assert_eq!(get(&first, "kind"), "spawn");
    assert!(get(&first, "time").as_f64().is_some());
    assert!(get(&first, "text").as_string().unwrap().contains("spawn"));
    assert!(all.length() > spawns.length());
    let before = all.length();
    ok(&c, "step", &[]);
    ok(&c, "run", &[100.into()]);
    assert!(all.length() >= before);
    // `off` undoes `on`: that callback sees nothing more.
    let watch = collect_until_off(&c, "spawn");
    eval(&c, "Fleet.start_users(3..3)");
    let seen: Array = get(&watch, "seen").into();
    let count = seen.length();
    assert!(count >= 1);
    let off: js_sys::Function = get(&watch, "off").into();
    assert_eq!(off.call0(&JsValue::NULL).unwrap(), JsValue::TRUE);
    eval(&c, "Fleet.start_users(4..5)");
    assert_eq!(seen.length(), count, "no calls after off");
    assert_eq!(
        off.call0(&JsValue::NULL).unwrap(),
        JsValue::FALSE,
        "already off"
    );
    assert!(spawns.length() > count, "other callbacks go on");
    // Unknown kinds and non-functions are errors; the cluster goes on.
    assert!(throws(&c, "on", &["nope".into(), JsValue::NULL]).contains("unknown kind"));
    assert!(throws(&c, "on", &["spawn".into(), 3.into()]).contains("function"));
    still_works(&c);
}

#[wasm_bindgen_test]
fn a_throwing_callback_does_not_break_the_cluster() {
    let c = cluster("{}");
    let thrower = js_sys::Function::new_no_args("throw new Error('boom')");
    ok(&c, "on", &["*".into(), thrower.into()]);
    still_works(&c);
    ok(&c, "step", &[]);
}

#[wasm_bindgen_test]
fn a_callback_may_call_back_into_the_cluster() {
    let c = cluster("{}");
    let f = js_sys::Function::new_with_args(
        "c, seen",
        "return (e) => { if (e.kind === 'console') seen.push(c.time, c.snapshot().nodes.length); }",
    );
    let seen = Array::new();
    let callback = f.call2(&JsValue::NULL, &c, &seen).unwrap();
    ok(&c, "on", &["console".into(), callback]);
    still_works(&c);
    assert_eq!(seen.length(), 2, "{seen:?}");
}

#[wasm_bindgen_test]
fn step_run_and_seek_move_time() {
    let c = cluster("{}");
    assert_eq!(get(&get_time(&c), "value"), 0);
    let after = ok(&c, "step", &[]).as_f64().unwrap();
    assert!(after > 0.0 && after <= 100.0, "{after}");
    ok(&c, "run", &[1500.5.into()]);
    let t = get(&get_time(&c), "value").as_f64().unwrap();
    assert!((t - (after + 1500.5)).abs() < 1e-6, "{t}");
    eval(&c, "Fleet.start_users(1..4)");
    assert_eq!(text(&c, "Registry.count(Fleet.Registry)"), "4");
    let back = ok(&c, "seekTo", &[10.into()]).as_f64().unwrap();
    assert_eq!(back, 10.0);
    assert_eq!(get(&get_time(&c), "value").as_f64(), Some(10.0));
    assert_eq!(text(&c, "Registry.count(Fleet.Registry)"), "0");
}

#[wasm_bindgen_test]
fn bad_arguments_throw_errors_and_the_cluster_goes_on() {
    let c = cluster("{}");
    for (method, args) in [
        ("eval", vec![JsValue::from(42)]),
        ("eval", vec![JsValue::UNDEFINED]),
        ("eval", vec!["x".repeat(64 * 1024 + 1).into()]),
        ("run", vec![JsValue::from("10")]),
        ("run", vec![JsValue::from(f64::NAN)]),
        ("run", vec![JsValue::from(-1)]),
        ("run", vec![JsValue::from(2e12)]),
        ("run", vec![JsValue::from(f64::INFINITY)]),
        ("seekTo", vec![JsValue::NULL]),
        ("seekTo", vec![JsValue::from(-5)]),
        ("on", vec![JsValue::from(1), JsValue::NULL]),
    ] {
        let message = throws(&c, method, &args);
        assert!(!message.is_empty());
        still_works(&c);
    }
    assert!(throws(&c, "eval", &["x".repeat(70_000).into()]).contains("limit"));
    assert!(throws(&c, "run", &[JsValue::from(f64::NAN)]).contains("finite"));
}

#[wasm_bindgen_test]
fn console_errors_are_ok_false_not_throws() {
    let c = cluster("{}");
    for line in ["[1, 2", "{:a, (1 + 2}", "raise \"boom\"", "no_such_fun()"] {
        let out = eval(&c, line);
        assert_eq!(get(&out, "ok"), JsValue::FALSE, "{line}: {out:?}");
        assert!(get(&out, "value").is_null());
        assert!(!get(&out, "text").as_string().unwrap().is_empty());
        still_works(&c);
    }
}

#[wasm_bindgen_test]
fn bad_options_throw_errors() {
    for bad in [
        r#"{"scenario": "no-such-scenario"}"#,
        r#"{"scenario": 3}"#,
        r#"{"seed": -1}"#,
        r#"{"seed": 1.5}"#,
        r#"{"seed": "1"}"#,
        r#"{"nodes": 26}"#,
        r#"{"nodes": true}"#,
        r#""fleet""#,
        r#"[1]"#,
        "7",
    ] {
        let Err(e) = Cluster::new(options(bad)) else {
            panic!("new Cluster({bad}) did not throw");
        };
        let e = JsValue::from(e);
        assert!(is_error(&e), "{bad}: {e:?}");
    }
    let Err(e) = Cluster::new(options(r#"{"scenario": "no-such-scenario"}"#)) else {
        panic!("unknown scenario accepted");
    };
    let message = get(&JsValue::from(e), "message").as_string().unwrap();
    assert!(
        message.contains("no-such-scenario") && message.contains("fleet-bootstrap"),
        "{message}"
    );
}

#[wasm_bindgen_test]
fn using_a_freed_cluster_throws_an_error() {
    let c = cluster("{}");
    still_works(&c);
    free(&c);
    throws(&c, "eval", &["1".into()]);
    let out = get_time(&c);
    assert!(is_error(&get(&out, "error")), "{out:?}");
}
