//! Fuzzing the console: random lines never panic, never hang, and always
//! produce a line of output; the console stays usable afterwards.
#![cfg(not(target_arch = "wasm32"))]

use otpsim::console::{Console, Limits};
use proptest::prelude::*;

#[path = "common/gen.rs"]
mod gen;
use gen::line;

fn small_console() -> Console {
    let mut c = Console::new(3);
    c.set_limits(Limits {
        events: 20_000,
        reductions: 2_000_000,
        virtual_ms: 60_000,
        line_bytes: 4096,
        ..Limits::default()
    });
    c
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn fragment_soup_never_panics(lines in prop::collection::vec(line(), 1..6)) {
        let mut c = small_console();
        for l in &lines {
            let out = c.eval_line(l);
            prop_assert!(!out.text.is_empty() || out.ok);
        }
        let after = c.eval_line("1 + 1");
        prop_assert_eq!(after.text, "2");
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,80}") {
        let mut c = small_console();
        let _ = c.eval_line(&text);
        prop_assert_eq!(c.eval_line(":ok").text, ":ok");
    }
}

/// The lines that once ran for seconds or took gigabytes, each in a fresh
/// console with the default limits: every one ends, within its budget
/// (events, and reductions up to one slice past, the granularity at which
/// compiled code is checked), and the console answers afterwards.
#[test]
fn the_known_expensive_lines_end_within_their_budget() {
    let limits = Limits::default();
    for script in [
        &[
            "Application.put_env(:shards, :k, 9223372036854775807); Shards.put(1, 1)",
            "Process.sleep(4294967296)",
        ][..],
        &["Sim.crash_node(:\"a@sim\")", "KV.command(\"CREATE x\")"],
        &[
            "Sim.add_node(:\"b@sim\")",
            "Sim.crash_node(:\"a@sim\")",
            "KV.command(\"CREATE x\")",
        ],
        &[
            "Application.put_env(:kv, :routing_table, [{1, 2}])",
            "KV.router(:table); KV.command(\"CREATE x\")",
        ],
        &["length(Enum.to_list(1..200_000) -- Enum.to_list(1..200_000))"],
        &["for _ <- 1..10, do: Shards.movement(:ring, 10000, 10000, 2_000_000)"],
        &["Enum.reduce(1..40, \"x\", fn _, a -> a <> a end) |> byte_size()"],
        &[
            "Process.exit(Process.whereis(:global_name_server), :kill); Process.sleep(10)",
            "1 + 1",
        ],
        &["Stream.repeatedly(fn -> 1 end) |> Enum.to_list()"],
    ] {
        let mut c = Console::new(1);
        for line in script {
            let (events, reductions) = (c.world().events_run(), c.world().reductions());
            let _ = c.eval_line(line);
            let used = (
                c.world().events_run() - events,
                c.world().reductions() - reductions,
            );
            assert!(used.0 <= limits.events + 1, "{line}: {} events", used.0);
            assert!(
                used.1 <= limits.reductions + 100_000,
                "{line}: {} reductions",
                used.1
            );
        }
        assert_eq!(c.eval_line("1 + 1").text, "2", "after {script:?}");
    }
}

#[test]
fn deep_nesting_and_huge_lines_are_errors() {
    let mut c = small_console();
    let deep = format!("{}1{}", "[".repeat(5_000), "]".repeat(5_000));
    assert!(!c.eval_line(&deep).ok);
    let long = "1 + ".repeat(3_000) + "1";
    assert!(!c.eval_line(&long).ok);
    let unbalanced = "{[(".repeat(1_000);
    assert!(!c.eval_line(&unbalanced).ok);
    assert_eq!(c.eval_line("1").text, "1");
}

#[test]
fn values_cannot_nest_deep_enough_to_exhaust_the_stack() {
    let mut c = Console::new(1);
    for line in [
        "Enum.reduce(1..100_000, [], fn _, acc -> [acc] end)",
        "Enum.reduce(1..100_000, %{}, fn _, acc -> Map.put(acc, :k, acc) end)",
        "Enum.reduce(1..100_000, {}, fn _, acc -> {acc} end) |> inspect()",
    ] {
        let out = c.eval_line(line);
        assert!(!out.ok, "{line} gave {}", out.text);
        // Terms are capped at a nesting depth: building a deeper one is a
        // system limit, like a too-large binary on the BEAM.
        assert!(
            out.text.starts_with(
                "** (SystemLimitError) a system limit has been reached: a value nested more than"
            ),
            "{}",
            out.text
        );
    }
    assert_eq!(
        c.eval_line("Enum.reduce(1..100, [], fn _, acc -> [acc] end) |> length()")
            .text,
        "1"
    );
}

#[test]
fn the_deepest_allowed_value_prints_and_compares_on_a_small_stack() {
    // A wasm page has a 1 MiB stack: the deepest value the console allows
    // must print, compare and drop within it (debug build, the worst case).
    let worker = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(|| {
            let mut c = Console::new(1);
            let line = "x = Enum.reduce(1..500, [], fn _, acc -> [acc] end); y = x; x == y";
            let out = c.eval_line(line);
            assert_eq!(out.text, "true", "{}", out.full);
            let printed = c.eval_line("x");
            assert!(printed.ok);
            let map = c.eval_line(
                "Enum.reduce(1..500, %{}, fn _, acc -> %{k: acc} end) |> inspect() |> is_binary()",
            );
            assert_eq!(map.text, "true", "{}", map.full);
        })
        .map_err(|e| e.to_string());
    assert!(worker
        .and_then(|w| w.join().map_err(|_| "panicked".to_string()))
        .is_ok());
}
