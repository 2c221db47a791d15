//! Generators of console input, shared by the fuzz tests
//! (`tests/console_fuzz.rs`, `tests/lang_fuzz.rs`) and the fuzz script's
//! driver (`examples/fuzz.rs`, run by `scripts/fuzz`):
//!
//! - [`line`]: a soup of fragments a person might type, half-finished ones
//!   included;
//! - [`program`]: Elixir programs from a small grammar, most of which
//!   compile and run;
//! - [`mutated`]: the learner programs of `tests/transcripts/*.exs`, mutated.
#![allow(dead_code)]

use proptest::prelude::*;
use std::path::Path;
use std::sync::OnceLock;

/// Fragments a person might type, including half-finished ones.
pub(crate) const FRAGMENTS: &[&str] = &[
    "Fleet.start_users(",
    "1..3",
    ")",
    "Fleet.ping(",
    "1",
    "2",
    "99",
    "[",
    "]",
    "{",
    "}",
    "%{",
    ",",
    " ",
    "|>",
    "=",
    "==",
    "<",
    "x",
    "pid",
    "_",
    ":ok",
    ":kill",
    "\"s\"",
    "Process.exit(",
    "self()",
    "Registry.lookup(Fleet.Registry, ",
    "Supervisor.count_children(",
    "Fleet.Dynamic",
    "fn x -> x end",
    "Enum.map(",
    "send(",
    "flush()",
    "Process.sleep(",
    "GenServer.call(",
    "Fleet.via(",
    ";",
    "^",
    "&",
    "-",
    "+",
    "*",
    "/",
    "hd(",
    "elem(",
    "length(",
    "Process.monitor(",
    "Process.link(",
    "'a'",
    "<>",
    "++",
    "--",
    "and",
    "or",
    "not",
    "!",
    "nil",
    "true",
    "|",
    ".",
    "end",
    "->",
    "do",
    "#",
    "\n",
    "Registry.register(Fleet.Registry, ",
    "Agent.start_link(",
    "Fleet.pick_shard(",
    "4",
    "0",
    "DynamicSupervisor.start_child(Fleet.Dynamic, {Fleet.UserWorker, ",
    "Process.flag(:trap_exit, ",
    "Application.put_env(:shards, :k, ",
    "Application.put_env(:kv, :routing_table, ",
    "Sim.crash_node(:\"a@sim\")",
    "Sim.restart_node(:\"a@sim\")",
    "KV.command(\"CREATE x\")",
    "Shards.movement(:ring, ",
    "9223372036854775807",
    "<<1, 2>>",
];

pub(crate) fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..14).prop_map(|parts| parts.concat())
}

// ---------------------------------------------------------------------------
// Generated programs

pub(crate) const VARS: &[&str] = &["x", "y", "z", "s", "t", "m", "pid"];

/// Binds the variables generated code mostly uses.
pub(crate) const PRELUDE: &str = "x = 3; y = [1, 2, 3]; z = %{a: 1, b: 2}; s = \"hello\"; \
     t = {1, :two, \"three\"}; m = %{\"k\" => [1]}; pid = self()";

pub(crate) const LITERALS: &[&str] = &[
    "0",
    "1",
    "-1",
    "42",
    "1_000_000",
    "123456789012345678901234567890",
    "0x1F",
    "0b1011",
    "0o17",
    "?a",
    "?é",
    "3.14",
    "-0.5",
    "1.0e10",
    ":ok",
    ":error",
    ":\"odd atom\"",
    "nil",
    "true",
    "false",
    "Kernel",
    "String",
    "Foo.Bar",
    "\"\"",
    "\"abc\"",
    "\"héllo 😀\"",
    "\"line\\nnext\\t\\\"q\\\"\"",
    "'chars'",
    "~s(sigil)",
    "~c(abc)",
    "~w(a b c)",
    "~w(x y)a",
    "~r/a+b?/",
    "~r/(?<k>\\d+)/i",
    "~S(raw #{no})",
    "~D[2024-01-31]",
    "[]",
    "{}",
    "%{}",
    "<<>>",
    "<<1, 2, 3>>",
    "<<255, 0>>",
    "self()",
    "make_ref()",
    "1..10",
    "10..1//-1",
    "1..0//1",
    "[a: 1, b: 2]",
    "%{a: 1}",
    "MapSet.new([1, 2])",
    "&(&1 + 1)",
    "&String.upcase/1",
    "&Enum.count/1",
    "fn -> :thunk end",
    "fn a, b -> {a, b} end",
];

pub(crate) fn leaf() -> BoxedStrategy<String> {
    prop_oneof![
        3 => prop::sample::select(LITERALS).prop_map(str::to_string),
        2 => prop::sample::select(VARS).prop_map(str::to_string),
        1 => (-100_000i64..100_000).prop_map(|i| i.to_string()),
    ]
    .boxed()
}

pub(crate) const BINOPS: &[&str] = &[
    "+", "-", "*", "/", "==", "!=", "===", "<", ">=", "<=", "and", "or", "&&", "||", "++", "--",
    "<>", "in", "..", "=~", "|>", "**", "=", "<<<", "===",
];

/// Calls with `$` for each argument: natives, the prelude's Elixir, kernel.
pub(crate) const CALLS: &[&str] = &[
    "length($)",
    "hd($)",
    "tl($)",
    "elem($, $)",
    "put_elem($, 0, $)",
    "tuple_size($)",
    "map_size($)",
    "byte_size($)",
    "abs($)",
    "div($, $)",
    "rem($, $)",
    "max($, $)",
    "round($)",
    "trunc($)",
    "to_string($)",
    "inspect($)",
    "inspect($, limit: 3)",
    "is_list($)",
    "is_integer($)",
    "Integer.to_string($)",
    "Integer.parse($)",
    "Integer.pow($, $)",
    "Integer.digits($)",
    "Float.round($, 2)",
    "String.length($)",
    "String.upcase($)",
    "String.split($)",
    "String.split($, $)",
    "String.duplicate($, $)",
    "String.slice($, $, $)",
    "String.to_atom($)",
    "String.to_integer($)",
    "String.pad_leading($, $)",
    "String.replace($, $, $)",
    "String.graphemes($)",
    "String.reverse($)",
    "Atom.to_string($)",
    "List.duplicate($, $)",
    "List.flatten($)",
    "List.to_tuple($)",
    "List.first($)",
    "List.wrap($)",
    "List.insert_at($, $, $)",
    "List.to_string($)",
    "Tuple.to_list($)",
    "Tuple.duplicate($, $)",
    "Map.put($, $, $)",
    "Map.get($, $)",
    "Map.fetch!($, $)",
    "Map.merge($, $)",
    "Map.keys($)",
    "Map.update!($, $, fn v -> v end)",
    "Keyword.get($, $)",
    "Keyword.put($, $, $)",
    "MapSet.put($, $)",
    "Enum.map($, fn v -> $ end)",
    "Enum.map($, &{&1, $})",
    "Enum.filter($, fn v -> v end)",
    "Enum.reduce($, $, fn v, acc -> [v | acc] end)",
    "Enum.sum($)",
    "Enum.count($)",
    "Enum.sort($)",
    "Enum.reverse($)",
    "Enum.zip($, $)",
    "Enum.with_index($)",
    "Enum.join($, $)",
    "Enum.into($, %{})",
    "Enum.take($, $)",
    "Enum.chunk_every($, 2)",
    "Enum.group_by($, &is_integer/1)",
    "Enum.at($, $)",
    "Enum.member?($, $)",
    "Enum.uniq($)",
    "Enum.flat_map($, fn v -> [v, v] end)",
    "Enum.each($, fn v -> send(self(), v) end)",
    "Enum.to_list($)",
    "Stream.map($, &{&1}) |> Enum.take(3)",
    "Stream.cycle($) |> Enum.take(5)",
    "Stream.iterate($, fn v -> v end) |> Enum.take(3)",
    "Range.new($, $)",
    ":lists.seq($, $)",
    ":lists.reverse($)",
    ":erlang.make_tuple($, $)",
    ":erlang.term_to_binary($)",
    ":erlang.binary_to_term($)",
    ":erlang.list_to_binary($)",
    ":erlang.atom_to_list($)",
    ":erlang.phash2($)",
    ":binary.copy($, $)",
    ":io_lib.format($, $)",
    ":math.sqrt($)",
    ":math.pow($, $)",
    "Bitwise.bsl($, $)",
    "Process.put($, $)",
    "Process.get($)",
    "Process.info($, :message_queue_len)",
    "Process.alive?($)",
    "Process.exit($, :normal)",
    "send($, $)",
    "IO.inspect($, label: \"l\")",
    "IO.puts($)",
    "Regex.run(~r/\\w+/, $)",
    "String.match?($, ~r/a/)",
    "get_in($, [:a])",
    "put_in($, [:a], $)",
    "update_in($, [:a], fn v -> v end)",
    "Access.get($, $)",
    "apply($, $)",
    "apply(Enum, :count, [$])",
    "Kernel.apply($, :f, [])",
    "throw($)",
    "raise $",
    "raise ArgumentError, $",
    "exit($)",
    "Code.ensure_loaded($)",
    "function_exported?($, :f, 1)",
    "Agent.start_link(fn -> $ end)",
    "Task.async(fn -> $ end) |> Task.await(100)",
    ":ets.new(:t, [])",
    ":timer.sleep($)",
    "Process.sleep($)",
    "flush()",
];

/// `e` in parentheses unless it is one token: safe as an argument or
/// after `do:` (a `do` block there would go to the outer call).
pub(crate) fn paren(e: &str) -> String {
    if e.contains([' ', '\n']) {
        format!("({e})")
    } else {
        e.to_string()
    }
}

/// Fills the `$` of a template with `args` (reused in turn).
pub(crate) fn fill(template: &str, args: &[String]) -> String {
    let mut out = String::new();
    let mut next = 0;
    for (i, part) in template.split('$').enumerate() {
        if i > 0 {
            out.push_str(
                &args
                    .get(next % args.len().max(1))
                    .map_or("nil".into(), |s| paren(s)),
            );
            next += 1;
        }
        out.push_str(part);
    }
    out
}

pub(crate) fn pattern() -> BoxedStrategy<String> {
    let leaf = prop_oneof![prop::sample::select(
        &[
            "_", "a", "b", "c", "h", "rest", "_ignored", "0", "1", ":ok", ":error", "nil", "\"s\"",
            "[]", "%{}", "{}", "^x", "<<>>", "'c'", "x",
        ][..]
    )
    .prop_map(str::to_string),];
    leaf.prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(h, t)| format!("[{h} | {t}]")),
            prop::collection::vec(inner.clone(), 0..3).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec(inner.clone(), 0..4)
                .prop_map(|v| format!("{{{}}}", v.join(", "))),
            inner.clone().prop_map(|p| format!("%{{a: {p}}}")),
            inner.clone().prop_map(|p| format!("%{{\"k\" => {p}}}")),
            Just("<<a, rest::binary>>".to_string()),
            Just("<<a::16, b::size(8), _::bits>>".to_string()),
            Just("<<c::utf8, _::binary>>".to_string()),
            Just("\"he\" <> rest".to_string()),
            (inner.clone(), inner).prop_map(|(a, b)| format!("{a} = {b}")),
        ]
    })
    .boxed()
}

/// Guards on the variable `$`.
pub(crate) const GUARDS: &[&str] = &[
    "is_integer($)",
    "is_list($) and length($) > 0",
    "$ > 1",
    "$ in [1, 2, 3]",
    "is_map_key(z, :a)",
    "is_binary($) or is_atom($)",
    "tuple_size($) == 2",
    "hd($) == 1",
    "true",
    "div($, 0) == 1",
    "map_size($) >= 0 when is_map($)",
    "elem($, 5)",
    "is_map($) and map_size($) == 1",
];

/// A guard on `var`.
pub(crate) fn guard(var: &'static str) -> BoxedStrategy<String> {
    prop::sample::select(GUARDS)
        .prop_map(move |g| g.replace('$', var))
        .boxed()
}

/// Expressions, `depth` levels of nesting at most.
pub(crate) fn expr() -> BoxedStrategy<String> {
    leaf()
        .prop_recursive(4, 48, 4, |inner| {
            let e = || inner.clone();
            prop_oneof![
                4 => (e(), prop::sample::select(BINOPS), e(), any::<bool>()).prop_map(
                    |(a, op, b, parens)| if parens {
                        format!("({a} {op} {b})")
                    } else {
                        format!("{a} {op} {b}")
                    }
                ),
                1 => (prop::sample::select(&["-", "not ", "!", "+"][..]), e())
                    .prop_map(|(op, a)| format!("{op}({a})")),
                2 => prop::collection::vec(e(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
                1 => (e(), e()).prop_map(|(h, t)| format!("[{h} | {t}]")),
                2 => prop::collection::vec(e(), 0..4).prop_map(|v| format!("{{{}}}", v.join(", "))),
                1 => prop::collection::vec((e(), e()), 0..3).prop_map(|kv| format!(
                    "%{{{}}}",
                    kv.iter().map(|(k, v)| format!("{k} => {v}")).collect::<Vec<_>>().join(", ")
                )),
                1 => (e(), e()).prop_map(|(a, b)| format!("[a: {a}, b: {b}]")),
                1 => e().prop_map(|v| format!("%{{z | a: {v}}}")),
                6 => (prop::sample::select(CALLS), prop::collection::vec(e(), 1..4))
                    .prop_map(|(t, args)| fill(t, &args)),
                2 => (e(), prop::sample::select(CALLS), prop::collection::vec(e(), 1..3))
                    .prop_map(|(a, t, args)| {
                        // `a |> f(b)`: the template without its first argument.
                        let piped = t.replacen("($, ", "(", 1).replacen("($)", "()", 1);
                        if piped == t {
                            format!("{} |> then(fn _ -> {} end)", paren(&a), fill(t, &args))
                        } else {
                            format!("{} |> {}", paren(&a), fill(&piped, &args))
                        }
                    }),
                2 => (e(), pattern(), e(), pattern(), guard("x"), e(), e()).prop_map(
                    |(on, p1, b1, p2, g, b2, b3)| format!(
                        "case {} do\n  {p1} -> {b1}\n  {p2} when {g} -> {b2}\n  _ -> {b3}\nend",
                        paren(&on)
                    )
                ),
                1 => (e(), e(), e(), e()).prop_map(|(c1, b1, c2, b2)| format!(
                    "cond do\n  {} -> {b1}\n  {} -> {b2}\n  true -> :none\nend",
                    paren(&c1),
                    paren(&c2)
                )),
                2 => (e(), e(), e(), any::<bool>()).prop_map(|(c, a, b, short)| if short {
                    format!("if {}, do: {}, else: {}", paren(&c), paren(&a), paren(&b))
                } else {
                    format!("unless {c} do\n  {a}\nelse\n  {b}\nend")
                }),
                1 => (pattern(), e(), pattern(), e(), e(), e()).prop_map(
                    |(p1, e1, p2, e2, body, other)| format!(
                        "with {p1} <- {},\n     {p2} <- {} do\n  {body}\nelse\n  _ -> {other}\nend",
                        paren(&e1),
                        paren(&e2)
                    )
                ),
                2 => (pattern(), e(), e()).prop_map(|(p, body, arg)| format!(
                    "(fn {p} -> {body}; _ -> :nomatch end).({arg})"
                )),
                1 => (e(), e()).prop_map(|(body, arg)| format!("(&{{&1, {body}}}).({arg})")),
                1 => (e(), e()).prop_map(|(body, arg)| format!("Enum.map({arg}, &{{&1, {body}}})")),
                2 => (pattern(), e(), e(), e(), any::<u8>()).prop_map(|(p, gen, filter, body, kind)| {
                    let (gen, filter, body) = (paren(&gen), paren(&filter), paren(&body));
                    match kind % 4 {
                        0 => format!("for {p} <- {gen}, {filter}, do: {body}"),
                        1 => format!("for {p} <- {gen}, into: %{{}}, do: {{{body}, 1}}"),
                        2 => format!("for {p} <- {gen}, reduce: 0 do\n  acc -> acc + {body}\nend"),
                        _ => format!("for <<c <- {gen}>>, uniq: true, do: {body}"),
                    }
                }),
                2 => (e(), pattern(), e(), e(), e()).prop_map(|(body, p, r, c, a)| format!(
                    "try do\n  {body}\nrescue\n  e in [ArgumentError, ArithmeticError] -> {{e, {r}}}\n  _ -> :rescued\ncatch\n  {p} -> {c}\n  kind, v -> {{kind, v}}\nafter\n  {a}\nend"
                )),
                1 => (e(), e()).prop_map(|(body, other)| format!(
                    "try do\n  {body}\nelse\n  v when is_integer(v) -> v\n  _ -> {other}\nrescue\n  _ -> :r\nend"
                )),
                2 => (pattern(), e(), 0u8..30, e()).prop_map(|(p, body, ms, late)| format!(
                    "receive do\n  {p} -> {body}\nafter\n  {ms} -> {late}\nend"
                )),
                2 => (e(), 0u8..20).prop_map(|(msg, ms)| format!(
                    "(parent = self(); spawn(fn -> send(parent, {{:msg, {msg}}}) end); receive do {{:msg, v}} -> v after {ms} -> :none end)"
                )),
                1 => e().prop_map(|body| format!("spawn_link(fn -> {body} end)")),
                1 => e().prop_map(|body| format!("spawn(fn -> {body} end)")),
                2 => (e(), e(), prop::sample::select(&["", "::8", "::16", "::size(3)", "::float", "::binary", "::utf8", "::bits", "::signed-little-32"][..]))
                    .prop_map(|(a, b, ty)| format!("<<{}{ty}, {}>>", paren(&a), paren(&b))),
                1 => e().prop_map(|v| format!("\"interp #{{{v}}} end\"")),
                1 => e().prop_map(|v| format!("'chars #{{{v}}}'")),
                1 => e().prop_map(|v| format!("~s(a #{{{v}}})")),
                1 => (pattern(), e()).prop_map(|(p, v)| format!("({p} = {v})")),
                1 => (e(), e()).prop_map(|(a, b)| format!("({a}; {b})")),
                1 => (e(), e()).prop_map(|(a, b)| format!("{}[{}]", paren(&a), paren(&b))),
                1 => e().prop_map(|a| format!("{}.a", paren(&a))),
            ]
        })
        .boxed()
}

/// A module: a struct, clauses with guards and defaults, recursion.
pub(crate) fn module() -> BoxedStrategy<String> {
    (
        0u8..3,
        any::<bool>(),
        pattern(),
        guard("a"),
        expr(),
        expr(),
        expr(),
        prop::sample::select(&["", "@limit 3\n  ", "@moduledoc \"m\"\n  ", "import Enum\n  "][..]),
    )
        .prop_map(|(n, has_struct, p, g, body, other, default, attr)| {
            let s = if has_struct {
                "defstruct [a: 1, b: nil]\n  "
            } else {
                ""
            };
            // The bodies see the shell's usual variables (a module does not).
            let with_vars = |e: &str| format!("({PRELUDE}; {e})");
            let (body, other, default) = (with_vars(&body), with_vars(&other), with_vars(&default));
            format!(
                "defmodule M{n} do\n  {attr}{s}def f({p} = a) when {g}, do: {body}\n  def f(a), do: {other}\n\
                 \n  def g(a, b \\\\ {default}), do: {{a, b}}\n\
                 \n  def count(0), do: 0\n  def count(n), do: 1 + count(n - 1)\n\
                 \n  def loop(n), do: loop(n + 1)\n\
                 \n  defp hidden(a), do: a\n  def call(a), do: hidden(a)\nend"
            )
        })
        .boxed()
}

pub(crate) const MODULE_CALLS: &[&str] = &[
    "M0.f($)",
    "M1.f($)",
    "M2.g($)",
    "M0.g($, $)",
    "M1.count($)",
    "M0.count(100_000)",
    "M2.loop(0)",
    "M1.call($)",
    "M0.hidden($)",
    "%M0{a: $}",
    "%M1{}",
    "%M2{b: $}.a",
    "struct(M0, a: $)",
    "M0.__struct__()",
    "M1.__info__(:functions)",
    "spawn(M2, :loop, [0])",
    "spawn(fn -> M2.loop(0) end)",
    "&M0.f/1",
];

/// One chunk of a generated program.
pub(crate) fn chunk() -> BoxedStrategy<String> {
    prop_oneof![
        5 => expr(),
        2 => module(),
        2 => (prop::sample::select(MODULE_CALLS), prop::collection::vec(expr(), 1..3))
            .prop_map(|(t, args)| fill(t, &args)),
        1 => (prop::sample::select(VARS), expr()).prop_map(|(v, e)| format!("{v} = {e}")),
    ]
    .boxed()
}

pub(crate) fn program() -> BoxedStrategy<Vec<String>> {
    prop::collection::vec(chunk(), 1..6)
        .prop_map(|mut chunks| {
            chunks.insert(0, PRELUDE.to_string());
            chunks
        })
        .boxed()
}

// ---------------------------------------------------------------------------
// Mutated learner programs

/// The learner programs, by file name.
pub(crate) fn transcripts() -> &'static [(String, String)] {
    static FILES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    FILES.get_or_init(|| {
        // The core's tests, or the CLI's fuzz example one directory down.
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = [
            manifest.join("tests/transcripts"),
            manifest.join("../tests/transcripts"),
        ]
        .into_iter()
        .find(|d| d.is_dir())
        .unwrap_or_else(|| manifest.join("tests/transcripts"));
        let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
            .expect("tests/transcripts")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "exs") && !p.ends_with("gen.exs"))
            .map(|p| {
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
                let text = std::fs::read_to_string(&p).expect("a transcript");
                (name.unwrap_or_default(), text)
            })
            .collect();
        files.sort();
        files
    })
}

/// Text a mutation may insert.
pub(crate) const INSERTS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "<<",
    ">>",
    "%{",
    "\"",
    "'",
    "#{",
    "do",
    "end",
    "fn",
    "->",
    "|>",
    "when",
    "after",
    "else",
    "rescue",
    "catch",
    "receive do",
    "case",
    "cond do",
    ",",
    ";",
    "=",
    "==",
    "+",
    "-",
    "*",
    "/",
    "&",
    "&1",
    "^",
    "|",
    "::",
    ".",
    "..",
    "\\\\",
    "<-",
    "=>",
    "@",
    ":",
    "?",
    "~r/",
    "~w(",
    "\n",
    "\"\"\"\n",
    "def",
    "defmodule",
    "1_000_000",
    "-1",
    ":ok",
    "nil",
    "self()",
    "send(self(), :m)",
    "Process.sleep(100)",
    "exit(:boom)",
    "raise \"x\"",
];

/// One change to a program; the numbers are taken modulo the sizes.
#[derive(Clone, Debug)]
pub(crate) enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    DeleteToken(usize),
    DuplicateToken(usize),
    SwapTokens(usize, usize),
    Insert(usize, &'static str),
    Truncate(usize),
    Splice {
        file: usize,
        from: usize,
        lines: usize,
        at: usize,
    },
}

pub(crate) fn mutation() -> impl Strategy<Value = Mutation> {
    let n = || any::<usize>();
    prop_oneof![
        2 => n().prop_map(Mutation::DeleteLine),
        1 => n().prop_map(Mutation::DuplicateLine),
        1 => (n(), n()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        3 => n().prop_map(Mutation::DeleteToken),
        2 => n().prop_map(Mutation::DuplicateToken),
        2 => (n(), n()).prop_map(|(a, b)| Mutation::SwapTokens(a, b)),
        4 => (n(), prop::sample::select(INSERTS)).prop_map(|(a, s)| Mutation::Insert(a, s)),
        1 => n().prop_map(Mutation::Truncate),
        2 => (n(), n(), 1usize..12, n()).prop_map(|(file, from, lines, at)| Mutation::Splice { file, from, lines, at }),
    ]
}

/// Words, runs of spaces, and single other characters.
pub(crate) fn tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let class = |c: char| {
        if c.is_alphanumeric() || c == '_' {
            0
        } else if c == ' ' {
            1
        } else {
            2
        }
    };
    for ch in text.chars() {
        match out.last_mut() {
            Some(last) if class(ch) < 2 && last.chars().last().map(class) == Some(class(ch)) => {
                last.push(ch)
            }
            _ => out.push(ch.to_string()),
        }
    }
    out
}

pub(crate) fn apply(text: &str, m: &Mutation) -> String {
    let lines = || text.lines().map(str::to_string).collect::<Vec<_>>();
    let toks = || tokens(text);
    match m {
        Mutation::DeleteLine(i) => edit(lines(), "\n", |v| {
            let i = i % v.len();
            v.remove(i);
        }),
        Mutation::DuplicateLine(i) => edit(lines(), "\n", |v| {
            let i = i % v.len();
            let l = v[i].clone();
            v.insert(i, l);
        }),
        Mutation::SwapLines(a, b) => edit(lines(), "\n", |v| {
            let n = v.len();
            v.swap(a % n, b % n);
        }),
        Mutation::DeleteToken(i) => edit(toks(), "", |v| {
            let i = i % v.len();
            v.remove(i);
        }),
        Mutation::DuplicateToken(i) => edit(toks(), "", |v| {
            let i = i % v.len();
            let t = v[i].clone();
            v.insert(i, t);
        }),
        Mutation::SwapTokens(a, b) => edit(toks(), "", |v| {
            let n = v.len();
            v.swap(a % n, b % n);
        }),
        Mutation::Insert(i, s) => edit(toks(), "", |v| {
            let i = i % (v.len() + 1);
            v.insert(i, format!(" {s} "));
        }),
        Mutation::Truncate(i) => {
            let cut = i % (text.len() + 1);
            let cut = (0..=cut)
                .rev()
                .find(|c| text.is_char_boundary(*c))
                .unwrap_or(0);
            text[..cut].to_string()
        }
        Mutation::Splice {
            file,
            from,
            lines: count,
            at,
        } => {
            let files = transcripts();
            let other: Vec<&str> = files[file % files.len()].1.lines().collect();
            let start = from % other.len().max(1);
            let piece: Vec<String> = other
                .iter()
                .skip(start)
                .take(*count)
                .map(|l| l.to_string())
                .collect();
            edit(lines(), "\n", |v| {
                let at = at % (v.len() + 1);
                for (k, l) in piece.iter().enumerate() {
                    v.insert(at + k, l.clone());
                }
            })
        }
    }
}

/// Applies `f` to the parts (when there are any) and joins them again.
pub(crate) fn edit(mut parts: Vec<String>, sep: &str, f: impl FnOnce(&mut Vec<String>)) -> String {
    if !parts.is_empty() {
        f(&mut parts);
    }
    parts.join(sep)
}

/// A window of a learner program, mutated a few times.
pub(crate) fn mutated() -> impl Strategy<Value = (String, String)> {
    (
        any::<usize>(),
        any::<usize>(),
        8usize..50,
        prop::collection::vec(mutation(), 1..6),
    )
        .prop_map(|(file, start, len, mutations)| {
            let files = transcripts();
            let (name, text) = &files[file % files.len()];
            let lines: Vec<&str> = text.lines().collect();
            let start = start % lines.len().max(1);
            let mut text = lines[start..(start + len).min(lines.len())].join("\n");
            for m in &mutations {
                text = apply(&text, m);
            }
            (format!("{name} from line {}", start + 1), text)
        })
}
