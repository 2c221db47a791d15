//! Fuzzing the language end to end: generated Elixir and mutated learner
//! programs go through the parser, the compiler and the VM of a fresh
//! console, chunk by chunk. Nothing may panic, hang or overflow the Rust
//! stack: every chunk returns (the budgets stop runaway code), and the
//! console still answers `1 + 1` with `2` afterwards.
//!
//! - Generated programs ([`program`]): expressions, patterns, `case`,
//!   `cond`, `if`, `with`, `receive ... after`, `fn` and captures, `for`,
//!   `defmodule` with guards, defaults and structs, processes, `try`,
//!   binaries, maps, keywords, pipes and sigils, built from a small grammar
//!   so most of them compile and run.
//! - Mutated programs ([`mutated`]): the learner programs of
//!   `tests/transcripts/*.exs` with lines and tokens deleted, duplicated,
//!   swapped, brackets, operators and keywords inserted, truncated, and
//!   chunks spliced in from other files.
//! - Named tests: deep recursion in user code, deeply nested source, long
//!   pipelines and natives asked for huge values; each ends in a clear
//!   error. They run on the main thread's stack, as the console does.
//!
//! The runs are deterministic (a fixed seed); `PROPTEST_CASES=n` runs more
//! cases, `PROPTEST_RNG_SEED=n` other ones, and `LANG_FUZZ_TRACE=1` prints
//! each chunk before it runs (to name the input of a stack overflow, which
//! aborts the process). A chunk still running after [`HANG_SECS`] seconds
//! is reported with its input and the process aborted.
#![cfg(not(target_arch = "wasm32"))]

use otpsim::console::{Console, Limits, Output, Reader};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use std::cell::RefCell;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Seconds a chunk may run before the watchdog calls it a hang.
const HANG_SECS: u64 = 120;

/// Chunks slower than this are printed (not failed: the machine may be busy).
const SLOW: Duration = Duration::from_secs(5);

/// The seed of every property here unless `PROPTEST_RNG_SEED` says otherwise.
const SEED: u64 = 0x0710_5113;

/// The configuration: `cases` unless `PROPTEST_CASES` is set, a fixed seed
/// unless `PROPTEST_RNG_SEED` is.
fn config(cases: u32) -> ProptestConfig {
    let base = ProptestConfig::default();
    ProptestConfig {
        cases: if std::env::var_os("PROPTEST_CASES").is_some() {
            base.cases
        } else {
            cases
        },
        rng_seed: match base.rng_seed {
            RngSeed::Random => RngSeed::Fixed(SEED),
            fixed => fixed,
        },
        max_shrink_iters: 200,
        ..base
    }
}

// ---------------------------------------------------------------------------
// Running programs

/// Small budgets, so a runaway chunk stops quickly in a debug build.
fn fuzz_limits() -> Limits {
    Limits {
        events: 20_000,
        reductions: 400_000,
        virtual_ms: 20_000,
        line_bytes: 64 * 1024,
        ..Limits::default()
    }
}

thread_local! {
    /// A booted bare console, cloned for each case (cheaper than booting).
    static TEMPLATE: RefCell<Option<Console>> = const { RefCell::new(None) };
}

/// A fresh bare console with the fuzzing limits.
fn fresh_console() -> Console {
    TEMPLATE.with(|t| {
        let mut t = t.borrow_mut();
        let c = t.get_or_insert_with(|| {
            let mut c = Console::bare(7);
            c.set_limits(fuzz_limits());
            c
        });
        c.clone()
    })
}

/// What the watchdog watches: the chunk running now and since when.
type Running = Arc<Mutex<Option<(Instant, String)>>>;

/// Starts (once) a thread that aborts the process, naming the input, when
/// one chunk runs longer than [`HANG_SECS`].
fn watchdog() -> &'static Running {
    static RUNNING: OnceLock<Running> = OnceLock::new();
    RUNNING.get_or_init(|| {
        let running: Running = Arc::new(Mutex::new(None));
        let watched = Arc::clone(&running);
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_secs(1));
            let guard = watched.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((since, chunk)) = guard.as_ref() {
                if since.elapsed() > Duration::from_secs(HANG_SECS) {
                    eprintln!("lang_fuzz: a chunk hangs (over {HANG_SECS} s):\n{chunk}");
                    std::process::abort();
                }
            }
        });
        running
    })
}

/// Evaluates one chunk under the watchdog.
fn eval(c: &mut Console, chunk: &str) -> Output {
    if std::env::var_os("LANG_FUZZ_TRACE").is_some() {
        eprintln!("lang_fuzz chunk:\n{chunk}\n---");
    }
    let running = watchdog();
    let start = Instant::now();
    *running.lock().unwrap_or_else(|e| e.into_inner()) = Some((start, chunk.to_string()));
    let out = c.eval_line(chunk);
    *running.lock().unwrap_or_else(|e| e.into_inner()) = None;
    let took = start.elapsed();
    if std::env::var_os("LANG_FUZZ_TRACE").is_some() {
        eprintln!("lang_fuzz => {}", out.text);
    }
    if took > SLOW {
        eprintln!(
            "lang_fuzz: slow chunk ({took:?}):\n{chunk}\n=> {}",
            out.text
        );
    }
    out
}

/// Runs `chunks` in a fresh console; fails unless the console still
/// answers `1 + 1` afterwards.
fn run_chunks(chunks: &[String]) -> Result<(), TestCaseError> {
    let mut c = fresh_console();
    for chunk in chunks {
        let out = eval(&mut c, chunk);
        // (`Process.exit(self(), :normal)` prints a blank line first, as iex.)
        prop_assert!(
            out.ok || !out.full.trim().is_empty(),
            "an error without a message for {chunk:?}"
        );
    }
    let after = answer(&mut c);
    prop_assert_eq!(&after.text, "2", "after {:?}: {}", chunks, after.full);
    Ok(())
}

/// What the console says to `1 + 1`. A process linked to the shell may
/// still crash and take the shell down with the first try (iex prints the
/// exit instead); a new shell answers the next one.
fn answer(c: &mut Console) -> Output {
    let mut out = eval(c, "1 + 1");
    for _ in 0..2 {
        if out.text == "2" {
            break;
        }
        out = eval(c, "1 + 1");
    }
    out
}

/// Splits a program into chunks as iex reads it, then runs them.
fn run_program(text: &str) -> Result<(), TestCaseError> {
    run_chunks(&Reader::chunks(text))
}

#[path = "common/gen.rs"]
mod gen;
use gen::{mutated, program};

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn generated_programs_never_break_the_console(chunks in program()) {
        run_chunks(&chunks)?;
    }

    #[test]
    fn mutated_learner_programs_never_break_the_console((_from, text) in mutated()) {
        run_program(&text)?;
    }

    #[test]
    fn generated_programs_as_one_chunk(chunks in program()) {
        run_chunks(&[chunks.join("\n")])?;
    }
}

// ---------------------------------------------------------------------------
// Deep recursion, deep nesting and huge values

/// A console with the default limits (the ones the web app uses).
fn console() -> Console {
    Console::bare(1)
}

/// Evaluates `chunk`, expects an error whose first line starts with one of
/// `starts`, and checks the console still works.
fn expect_error(c: &mut Console, chunk: &str, starts: &[&str]) -> String {
    let out = eval(c, chunk);
    let shown: String = chunk.chars().take(120).collect();
    assert!(!out.ok, "{shown} gave {}", out.text);
    assert!(
        starts.iter().any(|s| out.text.starts_with(s)),
        "{shown} gave {}",
        out.full.chars().take(600).collect::<String>()
    );
    assert_eq!(answer(c).text, "2", "after {shown}");
    out.text
}

const STOPPED: &str = "** (otpsim) line stopped: ";
const SYSTEM_LIMIT: &str = "** (SystemLimitError)";
const SYNTAX: &str = "** (SyntaxError)";

#[test]
fn deep_non_tail_recursion_is_a_limit_not_a_crash() {
    let mut c = console();
    let module = "defmodule Deep do\n  def f(0), do: 0\n  def f(n), do: 1 + f(n - 1)\nend";
    assert!(eval(&mut c, module).ok);
    assert_eq!(eval(&mut c, "Deep.f(10_000)").text, "10000");
    expect_error(&mut c, "Deep.f(10_000_000)", &[SYSTEM_LIMIT, STOPPED]);
    // The same in a spawned process: it dies, the shell goes on.
    let spawned = "spawn(fn -> Deep.f(10_000_000) end); Process.sleep(10); :ok";
    assert!(eval(&mut c, spawned).ok);
    // And through an anonymous function calling itself.
    let anon = "f = fn f, 0 -> 0; f, n -> 1 + f.(f, n - 1) end; f.(f, 10_000_000)";
    expect_error(&mut c, anon, &[SYSTEM_LIMIT, STOPPED]);
}

#[test]
fn deeply_nested_source_is_a_syntax_error() {
    let mut c = console();
    for (open, close) in [
        ("(", ")"),
        ("[", "]"),
        ("{", "}"),
        ("%{a: ", "}"),
        ("<<", ">>"),
        ("fn -> ", " end"),
        ("case 1 do _ -> ", " end"),
        ("if true do ", " end"),
        ("\"#{", "}\""),
        ("try do ", " rescue _ -> 1 end"),
    ] {
        let n = 100_000 / (open.len() + close.len()).max(1);
        let deep = format!("{}1{}", open.repeat(n), close.repeat(n));
        // Past the line limit: refused before parsing.
        expect_error(&mut c, &deep, &[STOPPED, SYNTAX]);
        let n = 60_000 / (open.len() + close.len());
        let deep = format!("{}1{}", open.repeat(n), close.repeat(n));
        expect_error(&mut c, &deep, &[SYNTAX]);
    }
    for prefix in ["-", "!", "not ", "&", "^", "@"] {
        let deep = format!("{}1", prefix.repeat(60_000 / prefix.len()));
        expect_error(&mut c, &deep, &[SYNTAX]);
    }
}

/// Constructs that nest (`open`, then the core, then `close`), for
/// [`nesting_the_parser_allows_compiles_on_a_small_stack`].
const NESTING: &[(&str, &str, &str)] = &[
    ("1 + (", "1", ")"),
    ("(", "1", ")"),
    ("[", "1", "]"),
    ("{", "1", "}"),
    ("%{a: ", "1", "}"),
    ("fn -> ", "1", " end.()"),
    ("case 1 do _ -> ", "1", " end"),
    ("if true do ", "1", " end"),
    ("unless false do ", "1", " end"),
    ("try do ", "1", " rescue _ -> 1 end"),
    ("try do 1 rescue _ -> ", "1", " end"),
    ("try do 1 catch _ -> ", "1", " end"),
    ("try do 1 after ", "1", " end"),
    ("Enum.map([1], fn _ -> ", "1", " end)"),
    ("for _ <- [1], do: (", "1", ")"),
    ("for x <- [1], x > 0, into: %{}, do: (", "1", ")"),
    ("-(", "1", ")"),
    ("not(", "1", ")"),
    ("x = (", "1", ")"),
    ("with _ <- 1 do ", "1", " end"),
    ("with {:ok, _} <- 1 do 1 else _ -> ", "1", " end"),
    ("cond do true -> ", "1", " end"),
    ("receive do _ -> 1 after 0 -> ", "1", " end"),
    ("abs(", "1", ")"),
    ("Kernel.abs(", "1", ")"),
    ("elem({", "1", "}, 0)"),
    ("\"a#{", "1", "}\""),
    ("[", "1", "] ++ [1]"),
    ("<<1, ", "1", "::8>>"),
    ("<<(", "1", ")::size(8)>>"),
    ("&(&1 + ", "1", ").(1)"),
    ("(fn x -> x end).(", "1", ")"),
    ("1 && (", "1", ")"),
    ("1 in [", "1", "]"),
    ("{", "x", "} = 1"),
    ("[", "x", "] = 1"),
    ("%{a: ", "x", "} = 1"),
    ("fn x when (", "x > 1", ") -> 1 end"),
    ("defmodule A do ", "1", " end"),
    ("defmodule A do def f do ", "1", " end end"),
    ("defmodule A do def f(x \\\\ (", "1", ")), do: x end"),
    ("defmodule A do defstruct a: (", "1", ") end"),
    ("spawn(fn -> ", "1", " end)"),
    ("raise(", "\"x\"", ")"),
    ("~s(#{", "1", "})"),
    ("apply(fn _ -> ", "1", " end, [1])"),
    ("1 |> then(fn _ -> ", "1", " end)"),
];

#[test]
fn nesting_the_parser_allows_compiles_on_a_small_stack() {
    // The parser takes some constructs 128 (brackets) or 256 (operators)
    // deep; whatever it takes must compile, or fail to, within a 1 MiB
    // stack (a browser tab's) in a debug build.
    let sources: Vec<String> = NESTING
        .iter()
        .map(|(open, core, close)| {
            let text = |n: usize| format!("{}{core}{}", open.repeat(n), close.repeat(n));
            let (mut ok, mut bad) = (1, 300);
            while bad - ok > 1 {
                let mid = (ok + bad) / 2;
                if otpsim::lang::parse(&text(mid)).is_ok() {
                    ok = mid;
                } else {
                    bad = mid;
                }
            }
            text(ok)
        })
        .collect();
    let worker = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            let mut c = console();
            for source in &sources {
                let out = eval(&mut c, source);
                let shown: String = source.chars().take(40).collect();
                assert!(
                    out.ok || out.text.starts_with("** ("),
                    "{shown}: {}",
                    out.text
                );
                assert_eq!(answer(&mut c).text, "2", "after {shown}");
            }
        })
        .map_err(|e| e.to_string());
    let joined = worker.and_then(|w| w.join().map_err(|_| "panicked".to_string()));
    assert!(joined.is_ok(), "{joined:?}");
}

#[test]
fn long_operator_chains_and_pipelines_end_cleanly() {
    // `1 |> abs() |> abs() ...` 100 times overflowed the compiler's stack.
    let mut c = console();
    for (start, op) in [
        ("1", " + 1"),
        ("1", " |> abs()"),
        ("[1]", " ++ [1]"),
        ("\"a\"", " <> \"a\""),
        ("true", " and true"),
        ("1", " |> Kernel.+(1)"),
        ("x = 1", "\nx = x + 1"),
    ] {
        for n in [60, 100, 255, 256, 1_000, 7_000] {
            let chain = format!("{start}{}", op.repeat(n));
            let out = eval(&mut c, &chain);
            assert!(
                out.ok || out.text.starts_with("** ("),
                "{n} of {op}: {}",
                out.text
            );
            assert_eq!(answer(&mut c).text, "2", "after {n} of {op}");
        }
    }
    for long in [
        format!("[{}]", "1, ".repeat(20_000)),
        format!("{{{}}}", "1, ".repeat(20_000)),
        format!(
            "%{{{}}}",
            (0..4_000)
                .map(|i| format!("{i} => {i}, "))
                .collect::<String>()
        ),
    ] {
        let out = eval(&mut c, &long);
        assert!(out.ok, "{}", out.text);
    }
}
