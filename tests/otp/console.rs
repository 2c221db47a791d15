//! The console's language and its errors, as iex prints them.

use super::{console, err, ok};

#[test]
fn literals_print_as_inspect_does() {
    let mut c = console();
    for (line, printed) in [
        ("1_000", "1000"),
        (
            "170141183460469231731687303715884105728",
            "170141183460469231731687303715884105728",
        ),
        (":ok", ":ok"),
        (":\"quoted atom\"", ":\"quoted atom\""),
        ("Fleet.Registry", "Fleet.Registry"),
        ("[keys: :unique]", "[keys: :unique]"),
        ("%{\"a\" => 1, b: 2}", "%{:b => 2, \"a\" => 1}"),
        ("1..5", "1..5"),
        ("'abc'", "'abc'"),
        ("[104, 105]", "'hi'"),
        ("{:error, :x}", "{:error, :x}"),
        ("true", "true"),
        ("nil", "nil"),
        ("&Fleet.via/1", "&Fleet.via/1"),
        ("&:global.random_exit_name/3", "&:global.random_exit_name/3"),
    ] {
        assert_eq!(ok(&mut c, line), printed, "{line}");
    }
}

#[test]
fn anonymous_functions_print_as_iex_prints_them() {
    let mut c = console();
    let shown = ok(&mut c, "fn x -> x end");
    assert!(
        shown.starts_with("#Function<") && shown.ends_with("/1 in :erl_eval.expr/6>"),
        "{shown}"
    );
}

#[test]
fn variables_patterns_and_pipes() {
    let mut c = console();
    assert_eq!(ok(&mut c, "x = 5"), "5");
    assert_eq!(ok(&mut c, "x"), "5");
    assert_eq!(
        ok(&mut c, "{a, [b | rest]} = {1, [2, 3, 4]}; rest"),
        "[3, 4]"
    );
    assert_eq!(ok(&mut c, "a + b"), "3");
    assert_eq!(ok(&mut c, "[1, 2, 3] |> length()"), "3");
    assert_eq!(
        ok(&mut c, "1..3 |> Enum.map(fn i -> i * 2 end)"),
        "[2, 4, 6]"
    );
    assert_eq!(ok(&mut c, "^x = 5"), "5");
    assert_eq!(ok(&mut c, "hd([9, 8]) == 9"), "true");
    assert_eq!(ok(&mut c, "elem({:a, :b}, 1)"), ":b");
    assert_eq!(ok(&mut c, "1 < :atom"), "true");
}

#[test]
fn errors_read_as_in_iex() {
    let mut c = console();
    assert_eq!(
        err(&mut c, "[{pid, _}] = Registry.lookup(Fleet.Registry, 3)").text,
        "** (MatchError) no match of right hand side value: []"
    );
    assert_eq!(
        err(&mut c, "foo").text,
        "** (CompileError) iex:1: undefined function foo/0 (there is no such import)"
    );
    assert_eq!(
        err(&mut c, "Foo.bar()").text,
        "** (UndefinedFunctionError) function Foo.bar/0 is undefined (module Foo is not available)"
    );
    assert_eq!(
        err(&mut c, "Fleet.nope(1)").text,
        "** (UndefinedFunctionError) function Fleet.nope/1 is undefined or private"
    );
    // A failed line binds nothing.
    err(&mut c, "y = 1; :a = :b");
    err(&mut c, "y");
}

#[test]
fn runaway_lines_stop_at_the_budget() {
    let mut c = console();
    let out = err(&mut c, "f = fn g -> g.(g) end; f.(f)");
    assert!(
        out.text.starts_with("** (otpsim) line stopped:"),
        "{}",
        out.text
    );
    // A native asked for more than the simulation builds at once.
    let out = err(&mut c, "Enum.to_list(1..100_000_000)");
    assert!(
        out.text.starts_with("** (SystemLimitError)"),
        "{}",
        out.text
    );
    let out = err(&mut c, "Process.sleep(:infinity)");
    assert!(
        out.text.starts_with("** (otpsim) line stopped:"),
        "{}",
        out.text
    );
    // And the console goes on.
    assert_eq!(ok(&mut c, "1 + 1"), "2");
}

#[test]
fn the_apps_elixir_source_can_be_read_from_the_console() {
    let mut c = console();
    // The applications' client APIs and :pg, as compiled.
    assert_eq!(
        ok(
            &mut c,
            "Sim.source(Fleet) |> String.starts_with?(\"defmodule Fleet do\")"
        ),
        "true"
    );
    assert_eq!(
        ok(
            &mut c,
            "Sim.source(:pg) =~ \"def join(scope, group, pid_or_pids)\""
        ),
        "true"
    );
    // The prelude too; natives have none.
    assert_eq!(
        ok(
            &mut c,
            "Sim.source(GenServer) |> String.starts_with?(\"defmodule GenServer do\")"
        ),
        "true"
    );
    assert_eq!(ok(&mut c, "Sim.source(String)"), "nil");
    // A module typed in keeps the text it was typed as, nested ones too.
    ok(
        &mut c,
        "x = 1\ndefmodule Outer do\n  def f, do: 1\n  defmodule Inner do\n    def g, do: 2\n  end\nend",
    );
    assert_eq!(
        ok(&mut c, "Sim.source(Outer.Inner)"),
        "\"defmodule Inner do\\n  def g, do: 2\\nend\\n\""
    );
    assert_eq!(
        ok(
            &mut c,
            "Sim.source(Outer) |> String.split(\"\\n\") |> length()"
        ),
        "7"
    );
    // What a module lists about itself.
    assert_eq!(
        ok(&mut c, "Fleet.__info__(:functions)"),
        "[get: 2, pick_shard: 2, ping: 1, put: 3, start_user: 1, start_users: 1, via: 1]"
    );
}

/// With every node down the console still evaluates (outside the cluster,
/// and says so), `Sim.restart_node/1` brings a node back, and the next
/// line runs on it again.
#[test]
fn with_every_node_down_the_console_keeps_working() {
    let mut c = console();
    let killed = c.eval_line("Sim.crash_node(:\"a@sim\")");
    assert!(!killed.ok);
    assert!(killed.full.contains("no connection"), "{}", killed.full);
    let out = c.eval_line("1 + 1");
    assert_eq!(out.full, "2");
    assert!(
        out.printed.iter().any(|l| l.contains("every node is down")),
        "{:?}",
        out.printed
    );
    assert_eq!(ok(&mut c, "x = Enum.sum(1..10)"), "55");
    assert_eq!(ok(&mut c, "Sim.restart_node(:\"a@sim\")"), ":ok");
    let back = c.eval_line("Process.whereis(Fleet.Registry) != nil and node() == :\"a@sim\"");
    assert_eq!(back.full, "true");
    assert!(back.printed.is_empty(), "{:?}", back.printed);
    assert_eq!(ok(&mut c, "x"), "55", "the bindings survive");
}

/// `import Bitwise` brings in its operators (output of real Elixir 1.14).
#[test]
fn bitwise_operators_are_imported_with_bitwise() {
    let mut c = console();
    assert_eq!(
        ok(
            &mut c,
            "import Bitwise; {1 <<< 3, 16 >>> 2, 5 &&& 3, 5 ||| 3, 5 ^^^ 3, ~~~5, Bitwise.<<<(1, 2)}"
        ),
        "{8, 4, 1, 7, 6, -6, 4}"
    );
}
