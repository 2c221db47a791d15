//! User-code workloads: Elixir typed into the console, as a learner would.
//!
//! [`console`] defines the module of `user.ex` (`Bench.User`) once with
//! `defmodule`; each workload is then a few chunks given to
//! [`Console::eval_line`]: an untimed setup, the timed call, an untimed
//! teardown. The clock reads wall time around the call only (the world's
//! own clock is virtual), and the call's printed value is checked, so a
//! run that stopped early or computed something else fails loudly.
//!
//! The same module and chunks run on the BEAM through [`crate::beam`].

use crate::alloc::measure;
use crate::{Run, Timer};
use otpsim::console::{Console, Limits};
use otpsim::kernel::WorldConfig;

/// The Elixir module every workload calls, for both otpsim and the BEAM.
pub const MODULE: &str = include_str!("user.ex");

/// What a workload measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Operations per second of wall time.
    Time,
    /// Bytes the world grew by per operation (per process spawned).
    Memory,
}

impl Kind {
    /// The word the BEAM driver (`user_beam.exs`) reads.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Time => "time",
            Kind::Memory => "memory",
        }
    }
}

/// One workload: Elixir chunks and what the call must return.
#[derive(Clone, Debug)]
pub struct Workload {
    /// What `--only` matches, e.g. `user-fib`.
    pub name: &'static str,
    /// The row's label in the table.
    pub label: String,
    /// Time or memory.
    pub kind: Kind,
    /// Operations one call does (messages, calls, elements, keys, spawns).
    pub ops: u64,
    /// Untimed chunk before each call ("" for none).
    pub setup: String,
    /// The timed chunk.
    pub call: String,
    /// Untimed chunk after each call ("" for none).
    pub teardown: String,
    /// The call's value as iex prints it.
    pub expect: String,
    /// Target: at least this share of the BEAM's rate.
    pub min_ratio: Option<f64>,
}

fn scaled(count: u64, scale: f64) -> u64 {
    ((count as f64 * scale) as u64).max(1)
}

/// The workloads at `scale` (1.0: the counts of the issue).
pub fn workloads(scale: f64) -> Vec<Workload> {
    let rounds = scaled(100_000, scale);
    let fan_rounds = scaled(200, scale).max(1);
    // fib(n) makes 2 * fib(n + 1) - 1 calls, about phi^n: scale n so the
    // calls scale with --scale.
    let fib_n = (25.0 + scale.ln() / 1.618_034_f64.ln())
        .round()
        .clamp(10.0, 32.0) as u64;
    let reduce = scaled(1_000_000, scale);
    let list = scaled(1_000_000, scale);
    let keys = scaled(100_000, scale);
    let spawns = scaled(100_000, scale);
    let casts = scaled(200_000, scale);
    let idle = scaled(100_000, scale);
    let width = crate::FAN_OUT as u64;
    let fib = |n: u64| {
        let (mut a, mut b) = (0u64, 1u64);
        for _ in 0..n {
            (a, b) = (b, a + b);
        }
        a
    };
    let w = |name, label: String, ops, call: String, expect: String, min_ratio| Workload {
        name,
        label,
        kind: Kind::Time,
        ops,
        setup: String::new(),
        call,
        teardown: String::new(),
        expect,
        min_ratio,
    };
    vec![
        w(
            "user-ping-pong",
            "ping-pong messages".into(),
            2 * rounds,
            format!("Bench.User.ping_pong({rounds})"),
            (2 * rounds).to_string(),
            Some(0.25),
        ),
        Workload {
            setup: format!("sinks = Bench.User.sinks({width})"),
            ..w(
                "user-fan-out",
                format!("fan-out 1->{width} deliveries"),
                width * fan_rounds,
                format!("Bench.User.fan_out(sinks, {fan_rounds})"),
                (width * fan_rounds).to_string(),
                None,
            )
        },
        w(
            "user-fib",
            format!("fib({fib_n}) calls"),
            2 * fib(fib_n + 1) - 1,
            format!("Bench.User.fib({fib_n})"),
            fib(fib_n).to_string(),
            Some(0.1),
        ),
        w(
            "user-reduce",
            format!("Enum.reduce 1..{reduce} elements"),
            reduce,
            format!("Bench.User.reduce({reduce})"),
            (reduce * (reduce + 1) / 2).to_string(),
            None,
        ),
        w(
            "user-list",
            "[i | acc] list cells".into(),
            list,
            format!("Bench.User.build_list({list})"),
            format!("{{{list}, 1}}"),
            Some(0.1),
        ),
        w(
            "user-map",
            "Map.put keys".into(),
            keys,
            format!("Bench.User.build_map({keys})"),
            format!("{{{keys}, {keys}}}"),
            Some(0.1),
        ),
        w(
            "user-casts",
            "GenServer casts".into(),
            casts,
            format!("Bench.User.casts({casts})"),
            casts.to_string(),
            None,
        ),
        Workload {
            teardown: "Bench.User.stop_all(pids)".into(),
            ..w(
                "user-spawn",
                "spawn (waiting in receive)".into(),
                spawns,
                format!("pids = Bench.User.spawn_idle({spawns}); length(pids)"),
                spawns.to_string(),
                None,
            )
        },
        Workload {
            kind: Kind::Memory,
            ..w(
                "user-memory",
                "bytes per idle user process".into(),
                idle,
                format!("length(Bench.User.spawn_idle({idle}))"),
                idle.to_string(),
                None,
            )
        },
    ]
}

/// A console on a bare node (OTP and the Elixir prelude), trace off, with
/// budgets no workload reaches, and `Bench.User` defined.
pub fn console() -> Console {
    let mut console = Console::bare_with(WorldConfig {
        seed: 42,
        trace: false,
    });
    console.set_limits(Limits {
        events: u64::MAX,
        reductions: u64::MAX,
        virtual_ms: u64::MAX,
        ..Limits::default()
    });
    eval(&mut console, MODULE, None);
    console
}

/// Evaluates `chunk`; panics unless it succeeds (with `expect` as its
/// printed value, when given).
fn eval(console: &mut Console, chunk: &str, expect: Option<&str>) {
    if chunk.is_empty() {
        return;
    }
    let out = console.eval_line(chunk);
    let right = out.ok && expect.is_none_or(|e| out.text == e);
    assert!(
        right,
        "otpsim: `{chunk}` gave {}{}",
        out.full,
        expect.map_or(String::new(), |e| format!(", expected {e}"))
    );
}

/// One timed run of a [`Kind::Time`] workload on `console`.
pub fn time(console: &mut Console, w: &Workload) -> Run {
    eval(console, &w.setup, None);
    let timer = Timer::start();
    let out = console.eval_line(&w.call);
    let run = timer.stop(w.ops);
    assert!(
        out.ok && out.text == w.expect,
        "otpsim: {}: `{}` gave {}, expected {}",
        w.name,
        w.call,
        out.full,
        w.expect
    );
    eval(console, &w.teardown, None);
    run
}

/// Bytes per operation a [`Kind::Memory`] workload leaves allocated, on a
/// fresh console: for `user-memory`, the bytes per idle process (the
/// counting allocator's live bytes after the call minus before).
pub fn bytes_per_op(w: &Workload) -> f64 {
    let mut console = console();
    eval(&mut console, &w.setup, None);
    let before = console.world().process_count(0);
    let ((), bytes) = measure(|| eval(&mut console, &w.call, Some(&w.expect)));
    let spawned = console.world().process_count(0) - before;
    assert_eq!(
        spawned as u64, w.ops,
        "the idle processes should stay alive"
    );
    bytes as f64 / w.ops as f64
}
