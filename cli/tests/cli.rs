//! The `otpsim` binary, as a person pipes seed 000's exercises into it: the
//! output is what iex printed for the same lines (Elixir 1.14), pids aside.
#![cfg(not(target_arch = "wasm32"))]

use otpsim::shard::{movement, Kind};
use std::io::Write;
use std::num::NonZeroU32;
use std::process::{Command, Stdio};

fn run(args: &[&str], input: &str) -> (String, bool) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_otpsim"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())
        .unwrap_or_else(|e| panic!("cannot start otpsim: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(input.as_bytes());
    }
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("otpsim failed: {e}"));
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.success(),
    )
}

fn without_pids(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("#PID<") {
        out.push_str(&rest[..i]);
        out.push_str("#PID<>");
        rest = rest[i..].split_once('>').map_or("", |(_, r)| r);
    }
    out.push_str(rest);
    out
}

#[test]
fn seed_000_exercises_print_what_iex_prints() {
    let input = "\
Fleet.start_users(1..3)
Supervisor.count_children(Fleet.Dynamic)
Fleet.ping(3)
DynamicSupervisor.start_child(Fleet.Dynamic, {Fleet.UserWorker, 3})
Fleet.ping(99)
[{pid, _}] = Registry.lookup(Fleet.Registry, 2)
Process.exit(pid, :kill)
Process.sleep(50)
[{pid2, _}] = Registry.lookup(Fleet.Registry, 2)
pid == pid2
Supervisor.count_children(Fleet.Dynamic)
[] = Registry.lookup(Fleet.Registry, 99)
";
    let (out, ok) = run(&["console", "--seed", "1"], input);
    assert!(ok);
    let expected = "\
[ok: #PID<>, ok: #PID<>, ok: #PID<>]
%{active: 3, specs: 3, supervisors: 0, workers: 3}
:pong
{:error, {:already_started, #PID<>}}
** (exit) exited in: GenServer.call({:via, Registry, {Fleet.Registry, 99}}, :ping, 5000)
[{#PID<>, nil}]
true
:ok
[{#PID<>, nil}]
false
%{active: 3, specs: 3, supervisors: 0, workers: 3}
[]
";
    assert_eq!(without_pids(&out), expected);
}

#[test]
fn eval_prints_one_result_and_fails_on_error() {
    let (out, ok) = run(&["eval", ":erlang.phash2({42, 3})"], "");
    assert!(ok);
    assert_eq!(out, "35429637\n");
    let (out, ok) = run(&["eval", "[1, 2"], "");
    assert!(!ok);
    assert!(out.starts_with("** (TokenMissingError)"), "{out}");
}

#[test]
fn junk_input_gets_error_lines_not_a_crash() {
    let mut input = Vec::new();
    input.extend_from_slice(b"\xff\xfe junk\n");
    input.extend_from_slice("}}}\n".as_bytes());
    input.extend_from_slice("1 + 1\n".as_bytes());
    let mut child = Command::new(env!("CARGO_BIN_EXE_otpsim"))
        .arg("console")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start otpsim: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(&input);
    }
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("otpsim failed: {e}"));
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("** "), "{text}");
    assert!(lines[1].starts_with("** (SyntaxError)"), "{text}");
    assert_eq!(lines[2], "2");
}

/// `otpsim hash` prints what `otpsim::shard::movement` counts.
#[test]
fn cli_hash_prints_the_same_numbers() {
    use std::process::Command;
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_otpsim"))
            .args(args)
            .output()
    };
    let Ok(out) = run(&[
        "hash",
        "--strategy",
        "all",
        "--from",
        "4",
        "--to",
        "5",
        "--keys",
        "1000",
        "--csv",
    ]) else {
        panic!("otpsim did not run");
    };
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("strategy,from,to,keys,minimum,moved"));
    for kind in Kind::ALL {
        let m = movement(kind, k(4), k(5), 1_000);
        let row = format!("{},4,5,1000,200,{}", kind.name(), m.moved);
        assert_eq!(lines.next(), Some(row.as_str()));
    }
    assert_eq!(lines.next(), None);

    let Ok(out) = run(&[
        "hash",
        "--strategy",
        "jump",
        "--from",
        "4",
        "--to",
        "5",
        "--keys",
        "1000",
    ]) else {
        panic!("otpsim did not run");
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let m = movement(Kind::Jump, k(4), k(5), 1_000);
    assert!(text.starts_with("jump"), "{text}");
    assert!(
        text.contains(&format!("moved {} (minimum 200", m.moved)),
        "{text}"
    );

    let Ok(out) = run(&["hash", "--from", "0", "--to", "5"]) else {
        panic!("otpsim did not run");
    };
    assert!(!out.status.success());
}

fn k(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).expect("not zero")
}

#[test]
fn export_writes_the_runs_trace_in_each_format() {
    let script = "Sim.add_node(:\"b@sim\")\nSim.nemesis([{100, {:crash, :\"b@sim\"}}])\nProcess.sleep(200)\n";
    let (json, ok) = run(&["export", "--format", "json", "--last", "500"], script);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(v["format"], "otpsim-trace/1");
    assert_eq!(v["nodes"], serde_json::json!(["a@sim", "b@sim"]));
    let events = v["events"].as_array().expect("events");
    assert!(events.len() <= 500 && !events.is_empty());
    let fault = events
        .iter()
        .find(|e| e["kind"] == "fault")
        .expect("the crash is traced");
    let crashed = events
        .iter()
        .find(|e| e["kind"] == "node" && e["text"].as_str().unwrap_or("").contains("crashed"))
        .expect("then the node goes down");
    assert!(crashed["seq"].as_u64() > fault["seq"].as_u64());

    let (mermaid, ok) = run(&["export", "--format", "mermaid", "--last", "500"], script);
    assert!(ok && mermaid.starts_with("sequenceDiagram\n"));
    assert!(mermaid.contains(": fault {:crash, :b@sim}"), "{mermaid}");

    let (shiviz, ok) = run(
        &[
            "export",
            "--format",
            "shiviz",
            "--scenario",
            "fleet-bootstrap",
        ],
        "",
    );
    assert!(ok);
    assert!(shiviz.starts_with("(?<event>.*)\\n(?<host>\\S*) (?<clock>{.*})\n\n"));

    let (_, ok) = run(&["export", "--scenario", "no-such-lesson"], "");
    assert!(!ok);
}

#[test]
fn sweep_lists_the_seeds_that_break_an_invariant_with_links() {
    let dir = std::env::temp_dir().join(format!("otpsim-sweep-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let script = dir.join("lose.exs");
    std::fs::write(
        &script,
        "Sim.add_node(:\"b@sim\"); Sim.add_node(:\"c@sim\")\nProcess.sleep(3_000)\n\
         Shards.replication(1)\nEnum.each(1..30, fn i -> Shards.put(i, i) end)\nProcess.sleep(5_000)\n",
    )
    .expect("script");
    let crash = dir.join("crash.txt");
    std::fs::write(&crash, "[{4_000, {:crash, :\"c@sim\"}}]").expect("schedule");
    let heal = dir.join("none.txt");
    std::fs::write(&heal, "[{4_000, :heal}]").expect("schedule");
    let path = |p: &std::path::Path| p.to_string_lossy().into_owned();
    let (out, ok) = run(
        &[
            "sweep",
            &path(&script),
            "--seeds",
            "1..3",
            "--nemesis",
            &path(&crash),
            "--base",
            "http://x/",
        ],
        "",
    );
    assert!(!ok, "a broken seed fails the run");
    assert!(out.contains("seed 2: broken after chunk 6"), "{out}");
    assert!(
        out.contains("acknowledged shard key(s) have no live copy"),
        "{out}"
    );
    assert!(out.contains("http://x/#seed=3&in="), "{out}");
    assert!(out.contains("3 of 3 seeds broke an invariant"), "{out}");
    let (out, _) = run(
        &[
            "sweep",
            &path(&script),
            "--seeds",
            "1..1",
            "--nemesis",
            &path(&crash),
            "--shrink",
        ],
        "",
    );
    let shrunk = out
        .split("seed 1 shrunk to ")
        .nth(1)
        .unwrap_or_else(|| panic!("no shrink report: {out}"));
    assert!(shrunk.contains("chunk(s) and 1 fault(s):"), "{out}");
    assert!(
        shrunk.contains("Sim.nemesis([{4000, {:crash, :c@sim}}])"),
        "{out}"
    );
    assert!(
        !shrunk.contains("Process.sleep(3_000)"),
        "the first sleep is not needed: {out}"
    );
    let (out, ok) = run(
        &[
            "sweep",
            &path(&script),
            "--seeds",
            "1..3",
            "--nemesis",
            &path(&heal),
            "--jobs",
            "1",
        ],
        "",
    );
    assert!(
        ok && out.contains("0 of 3 seeds broke an invariant"),
        "{out}"
    );
    let (_, ok) = run(&["sweep", &path(&script), "--seeds", "5..1"], "");
    assert!(!ok);
    let _ = std::fs::remove_dir_all(&dir);
}
