//! The console parser: AST shapes per feature, error messages as iex 1.14
//! prints them, and property tests that it never panics, hangs or
//! overflows, and that printing an AST and parsing it back round-trips.
#![cfg(not(target_arch = "wasm32"))]

use num_bigint::BigInt;
use otpsim::console::ast::{BinOp, Expr, FnClause, Span, UnOp};
use otpsim::console::parser::{parse, ErrorKind, MAX_NESTING};
use otpsim::term::Term;
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// Helpers: build expected trees without spans, and strip spans from parses.

const S: Span = Span { start: 0, end: 0 };

/// Parses `src` and zeroes every span, so tests compare shapes only.
fn ast(src: &str) -> Expr {
    match parse(src) {
        Ok(expr) => strip(expr),
        Err(err) => panic!("{src:?} failed: {err}"),
    }
}

fn strip(e: Expr) -> Expr {
    let b = |e: Box<Expr>| Box::new(strip(*e));
    let v = |es: Vec<Expr>| es.into_iter().map(strip).collect::<Vec<_>>();
    let pairs = |ps: Vec<(Expr, Expr)>| {
        ps.into_iter()
            .map(|(k, v)| (strip(k), strip(v)))
            .collect::<Vec<_>>()
    };
    match e {
        Expr::Lit(t, _) => Expr::Lit(t, S),
        Expr::Var(n, _) => Expr::Var(n, S),
        Expr::Pin(n, _) => Expr::Pin(n, S),
        Expr::Tuple(es, _) => Expr::Tuple(v(es), S),
        Expr::List(es, tail, _) => Expr::List(v(es), tail.map(b), S),
        Expr::Map(ps, _) => Expr::Map(pairs(ps), S),
        Expr::MapUpdate(base, ps, _) => Expr::MapUpdate(b(base), pairs(ps), S),
        Expr::Range(a, z, step, _) => Expr::Range(b(a), b(z), step.map(b), S),
        Expr::Match(l, r, _) => Expr::Match(b(l), b(r), S),
        Expr::BinOp(op, l, r, _) => Expr::BinOp(op, b(l), b(r), S),
        Expr::UnOp(op, x, _) => Expr::UnOp(op, b(x), S),
        Expr::Call {
            module,
            function,
            args,
            ..
        } => Expr::Call {
            module: module.map(b),
            function,
            args: v(args),
            span: S,
        },
        Expr::Field(base, name, _) => Expr::Field(b(base), name, S),
        Expr::Capture {
            module,
            function,
            arity,
            ..
        } => Expr::Capture {
            module: module.map(b),
            function,
            arity,
            span: S,
        },
        Expr::Fn(clauses, _) => Expr::Fn(
            clauses
                .into_iter()
                .map(|c| FnClause {
                    params: v(c.params),
                    guard: c.guard.map(strip),
                    body: strip(c.body),
                })
                .collect(),
            S,
        ),
        Expr::Apply(fun, args, _) => Expr::Apply(b(fun), v(args), S),
        Expr::Block(es, _) => Expr::Block(v(es), S),
    }
}

fn int(n: i64) -> Expr {
    Expr::Lit(Term::Int(n), S)
}
fn big(digits: &str) -> Expr {
    let value = BigInt::parse_bytes(digits.as_bytes(), 10).expect("test literal");
    Expr::Lit(Term::from_bigint(value), S)
}
fn atom(a: &str) -> Expr {
    Expr::Lit(Term::atom(a), S)
}
fn alias(a: &str) -> Expr {
    atom(&format!("Elixir.{a}"))
}
fn string(s: &str) -> Expr {
    Expr::Lit(Term::string(s), S)
}
fn bytes(b: &[u8]) -> Expr {
    Expr::Lit(Term::bytes(b), S)
}
fn var(n: &str) -> Expr {
    Expr::Var(n.into(), S)
}
fn pin(n: &str) -> Expr {
    Expr::Pin(n.into(), S)
}
fn call(module: Expr, f: &str, args: Vec<Expr>) -> Expr {
    Expr::Call {
        module: Some(Box::new(module)),
        function: f.into(),
        args,
        span: S,
    }
}
fn local(f: &str, args: Vec<Expr>) -> Expr {
    Expr::Call {
        module: None,
        function: f.into(),
        args,
        span: S,
    }
}
fn field(base: Expr, name: &str) -> Expr {
    Expr::Field(Box::new(base), name.into(), S)
}
fn list(items: Vec<Expr>) -> Expr {
    Expr::List(items, None, S)
}
fn cons(items: Vec<Expr>, tail: Expr) -> Expr {
    Expr::List(items, Some(Box::new(tail)), S)
}
fn tuple(items: Vec<Expr>) -> Expr {
    Expr::Tuple(items, S)
}
fn pair(key: &str, value: Expr) -> Expr {
    tuple(vec![atom(key), value])
}
fn kw(pairs: Vec<(&str, Expr)>) -> Expr {
    list(pairs.into_iter().map(|(k, v)| pair(k, v)).collect())
}
fn map(pairs: Vec<(Expr, Expr)>) -> Expr {
    Expr::Map(pairs, S)
}
fn map_update(base: Expr, pairs: Vec<(Expr, Expr)>) -> Expr {
    Expr::MapUpdate(Box::new(base), pairs, S)
}
fn bin(op: BinOp, l: Expr, r: Expr) -> Expr {
    Expr::BinOp(op, Box::new(l), Box::new(r), S)
}
fn un(op: UnOp, x: Expr) -> Expr {
    Expr::UnOp(op, Box::new(x), S)
}
fn matches(l: Expr, r: Expr) -> Expr {
    Expr::Match(Box::new(l), Box::new(r), S)
}
fn range(a: Expr, z: Expr, step: Option<Expr>) -> Expr {
    Expr::Range(Box::new(a), Box::new(z), step.map(Box::new), S)
}
fn clause(params: Vec<Expr>, guard: Option<Expr>, body: Expr) -> FnClause {
    FnClause {
        params,
        guard,
        body,
    }
}
fn func(clauses: Vec<FnClause>) -> Expr {
    Expr::Fn(clauses, S)
}
fn capture(module: Option<Expr>, f: &str, arity: u8) -> Expr {
    Expr::Capture {
        module: module.map(Box::new),
        function: f.into(),
        arity,
        span: S,
    }
}
fn block(items: Vec<Expr>) -> Expr {
    Expr::Block(items, S)
}
fn to_string(x: Expr) -> Expr {
    call(alias("Kernel"), "to_string", vec![x])
}
fn concat(l: Expr, r: Expr) -> Expr {
    bin(BinOp::Concat, l, r)
}
fn apply(f: Expr, args: Vec<Expr>) -> Expr {
    Expr::Apply(Box::new(f), args, S)
}
fn member(collection: Expr, element: Expr) -> Expr {
    call(alias("Enum"), "member?", vec![collection, element])
}

fn check(cases: Vec<(&str, Expr)>) {
    for (src, expected) in cases {
        assert_eq!(ast(src), expected, "parsing {src:?}");
    }
}

// ---------------------------------------------------------------------------
// (a) AST shapes, feature by feature.

#[test]
fn integers_and_characters() {
    check(vec![
        ("42", int(42)),
        ("5_000", int(5000)),
        ("0x1F", int(31)),
        ("0x1_f", int(31)),
        ("0b101", int(5)),
        ("0o17", int(15)),
        ("?a", int(97)),
        ("?é", int(233)),
        ("?\\n", int(10)),
        ("?\\s", int(32)),
        ("?\\\\", int(92)),
        ("-7", int(-7)),
        ("- 7", int(-7)),
        ("9223372036854775807", int(i64::MAX)),
        ("-9223372036854775808", int(i64::MIN)),
        ("9223372036854775808", big("9223372036854775808")),
        (
            "123_456_789_012_345_678_901_234_567_890",
            big("123456789012345678901234567890"),
        ),
        (
            "-123456789012345678901234567890",
            big("-123456789012345678901234567890"),
        ),
        ("0xFFFFFFFFFFFFFFFFFF", big("4722366482869645213695")),
    ]);
}

#[test]
fn strings_and_escapes() {
    check(vec![
        ("\"hi\"", string("hi")),
        ("\"\"", string("")),
        ("\"é ü 😀\"", string("é ü 😀")),
        (r#""a\nb\tc\"d\\e""#, string("a\nb\tc\"d\\e")),
        (
            r#""\e\0\s\a\b\d\f\v\r""#,
            string("\x1b\0 \x07\x08\x7f\x0c\x0b\r"),
        ),
        (r#""\x41\x4\x{1F600}""#, string("A\u{4}😀")),
        (r#""\u00e9\u{1F600}""#, string("é😀")),
        (r#""\xFF""#, bytes(&[255])),
        (r#""\q\#{x}""#, string("q#{x}")),
        ("\"a\\\nb\"", string("ab")),
        ("'abc'", list(vec![int(97), int(98), int(99)])),
        ("''", list(vec![])),
        ("'é\\n'", list(vec![int(233), int(10)])),
    ]);
}

#[test]
fn interpolation_is_concatenation_of_to_string() {
    check(vec![
        (
            "\"a#{x}b\"",
            concat(string("a"), concat(to_string(var("x")), string("b"))),
        ),
        ("\"#{x}\"", to_string(var("x"))),
        ("\"a#{x}\"", concat(string("a"), to_string(var("x")))),
        ("\"#{}\"", to_string(atom("nil"))),
        ("\"#{a; b}\"", to_string(block(vec![var("a"), var("b")]))),
        ("\"#{\"in\"}\"", to_string(string("in"))),
        (
            "\"#{1 + 2}!\"",
            concat(to_string(bin(BinOp::Add, int(1), int(2))), string("!")),
        ),
        (
            "'a#{x}'",
            call(
                alias("List"),
                "to_charlist",
                vec![list(vec![string("a"), to_string(var("x"))])],
            ),
        ),
        (
            ":\"a#{x}\"",
            call(
                atom("erlang"),
                "binary_to_atom",
                vec![concat(string("a"), to_string(var("x"))), atom("utf8")],
            ),
        ),
    ]);
}

#[test]
fn atoms_aliases_and_booleans() {
    check(vec![
        (":ok", atom("ok")),
        (":\"quoted atom\"", atom("quoted atom")),
        (":'single'", atom("single")),
        (":foo?", atom("foo?")),
        (":foo!", atom("foo!")),
        (":foo@bar", atom("foo@bar")),
        (":Foo", atom("Foo")),
        (":+", atom("+")),
        (":==", atom("==")),
        (":<>", atom("<>")),
        (":..", atom("..")),
        ("Fleet", alias("Fleet")),
        ("Fleet.Registry", alias("Fleet.Registry")),
        ("Elixir.Fleet", alias("Fleet")),
        ("true", atom("true")),
        ("false", atom("false")),
        ("nil", atom("nil")),
    ]);
}

#[test]
fn variables() {
    check(vec![
        ("x", var("x")),
        ("_", var("_")),
        ("_name", var("_name")),
        ("valid?", var("valid?")),
        ("flush", var("flush")),
        ("café", var("café")),
    ]);
}

#[test]
fn calls() {
    check(vec![
        ("self()", local("self", vec![])),
        (
            "send(pid, :hi)",
            local("send", vec![var("pid"), atom("hi")]),
        ),
        ("flush()", local("flush", vec![])),
        (
            "Registry.lookup(Fleet.Registry, 3)",
            call(
                alias("Registry"),
                "lookup",
                vec![alias("Fleet.Registry"), int(3)],
            ),
        ),
        (
            ":erlang.phash2(x)",
            call(atom("erlang"), "phash2", vec![var("x")]),
        ),
        ("mod.fun()", call(var("mod"), "fun", vec![])),
        ("map.key", field(var("map"), "key")),
        ("a.b.c", field(field(var("a"), "b"), "c")),
        ("a.b().c", field(call(var("a"), "b", vec![]), "c")),
        ("Mod.fun", call(alias("Mod"), "fun", vec![])),
        (":erlang.node", call(atom("erlang"), "node", vec![])),
        (
            "Supervisor.start_link(children, strategy: :one_for_one)",
            call(
                alias("Supervisor"),
                "start_link",
                vec![var("children"), kw(vec![("strategy", atom("one_for_one"))])],
            ),
        ),
        (
            "f(a: 1, b: 2)",
            local("f", vec![kw(vec![("a", int(1)), ("b", int(2))])]),
        ),
        ("f(\n  1,\n  2\n)", local("f", vec![int(1), int(2)])),
        (
            "Kernel.not(x)",
            call(alias("Kernel"), "not", vec![var("x")]),
        ),
        (
            "Kernel.+(1, 2)",
            call(alias("Kernel"), "+", vec![int(1), int(2)]),
        ),
        (
            "x |> Kernel.||(0)",
            call(alias("Kernel"), "||", vec![var("x"), int(0)]),
        ),
    ]);
}

#[test]
fn calls_without_parentheses() {
    check(vec![
        (
            "Process.sleep 100",
            call(alias("Process"), "sleep", vec![int(100)]),
        ),
        (
            "IO.puts \"hi\"",
            call(alias("IO"), "puts", vec![string("hi")]),
        ),
        (
            "IO.puts \"a\", \"b\"",
            call(alias("IO"), "puts", vec![string("a"), string("b")]),
        ),
        (
            "Mod.fun a, b: 1",
            call(alias("Mod"), "fun", vec![var("a"), kw(vec![("b", int(1))])]),
        ),
        (
            "x = IO.puts 1 + 2",
            matches(
                var("x"),
                call(alias("IO"), "puts", vec![bin(BinOp::Add, int(1), int(2))]),
            ),
        ),
        ("send pid, :hi", local("send", vec![var("pid"), atom("hi")])),
        ("Mod.fun -1", call(alias("Mod"), "fun", vec![int(-1)])),
        (
            "Mod.fun - 1",
            bin(BinOp::Sub, call(alias("Mod"), "fun", vec![]), int(1)),
        ),
        (
            "Mod.fun-1",
            bin(BinOp::Sub, call(alias("Mod"), "fun", vec![]), int(1)),
        ),
        ("foo (1)", local("foo", vec![int(1)])),
        ("foo [1]", local("foo", vec![list(vec![int(1)])])),
    ]);
}

#[test]
fn anonymous_calls_and_access() {
    check(vec![
        ("f.()", apply(var("f"), vec![])),
        ("f.(1, 2)", apply(var("f"), vec![int(1), int(2)])),
        ("m.f.(1)", apply(field(var("m"), "f"), vec![int(1)])),
        (
            "x[:a]",
            call(alias("Access"), "get", vec![var("x"), atom("a")]),
        ),
        (
            "x[:a][:b]",
            call(
                alias("Access"),
                "get",
                vec![
                    call(alias("Access"), "get", vec![var("x"), atom("a")]),
                    atom("b"),
                ],
            ),
        ),
    ]);
}

#[test]
fn tuples_and_lists() {
    check(vec![
        ("{}", tuple(vec![])),
        ("{a, b}", tuple(vec![var("a"), var("b")])),
        ("{1,}", tuple(vec![int(1)])),
        (
            "{:ok, a: 1}",
            tuple(vec![atom("ok"), kw(vec![("a", int(1))])]),
        ),
        ("[]", list(vec![])),
        ("[1, 2, 3]", list(vec![int(1), int(2), int(3)])),
        ("[1, 2,]", list(vec![int(1), int(2)])),
        ("[h | t]", cons(vec![var("h")], var("t"))),
        ("[1, 2 | t]", cons(vec![int(1), int(2)], var("t"))),
        (
            "[keys: :unique, name: Foo]",
            kw(vec![("keys", atom("unique")), ("name", alias("Foo"))]),
        ),
        (
            "[\"quoted key\": 1, do: 2, Foo: 3]",
            kw(vec![
                ("quoted key", int(1)),
                ("do", int(2)),
                ("Foo", int(3)),
            ]),
        ),
        ("[1, a: 2]", list(vec![int(1), pair("a", int(2))])),
        ("[\n  1,\n  2\n]", list(vec![int(1), int(2)])),
    ]);
}

#[test]
fn maps() {
    check(vec![
        ("%{}", map(vec![])),
        (
            "%{\"a\" => 1, b: 2}",
            map(vec![(string("a"), int(1)), (atom("b"), int(2))]),
        ),
        ("%{a: 1,}", map(vec![(atom("a"), int(1))])),
        (
            "%{m | a: 1}",
            map_update(var("m"), vec![(atom("a"), int(1))]),
        ),
        (
            "%{m | \"k\" => 1, b: 2}",
            map_update(var("m"), vec![(string("k"), int(1)), (atom("b"), int(2))]),
        ),
        (
            "%{{1, 2} => [3]}",
            map(vec![(tuple(vec![int(1), int(2)]), list(vec![int(3)]))]),
        ),
    ]);
}

#[test]
fn ranges() {
    check(vec![
        ("1..100", range(int(1), int(100), None)),
        ("1..10//2", range(int(1), int(10), Some(int(2)))),
        ("-5..-1", range(int(-5), int(-1), None)),
        ("a..b//c", range(var("a"), var("b"), Some(var("c")))),
        (
            "1 + 1..2 * 3",
            range(
                bin(BinOp::Add, int(1), int(1)),
                bin(BinOp::Mul, int(2), int(3)),
                None,
            ),
        ),
    ]);
}

#[test]
fn operator_precedence_and_associativity() {
    use BinOp::*;
    check(vec![
        ("1 + 2 * 3", bin(Add, int(1), bin(Mul, int(2), int(3)))),
        ("(1 + 2) * 3", bin(Mul, bin(Add, int(1), int(2)), int(3))),
        ("1 - 2 - 3", bin(Sub, bin(Sub, int(1), int(2)), int(3))),
        ("8 / 4 / 2", bin(Div, bin(Div, int(8), int(4)), int(2))),
        (
            "a ++ b ++ c",
            bin(ListConcat, var("a"), bin(ListConcat, var("b"), var("c"))),
        ),
        ("a -- b", bin(ListSubtract, var("a"), var("b"))),
        (
            "a <> b <> c",
            bin(Concat, var("a"), bin(Concat, var("b"), var("c"))),
        ),
        (
            "a ++ b + c",
            bin(ListConcat, var("a"), bin(Add, var("b"), var("c"))),
        ),
        ("a = b = c", matches(var("a"), matches(var("b"), var("c")))),
        ("x = 1 + 2", matches(var("x"), bin(Add, int(1), int(2)))),
        (
            "a || b && c",
            bin(OrElse, var("a"), bin(AndAlso, var("b"), var("c"))),
        ),
        (
            "a or b and c",
            bin(Or, var("a"), bin(And, var("b"), var("c"))),
        ),
        (
            "a && b || c",
            bin(OrElse, bin(AndAlso, var("a"), var("b")), var("c")),
        ),
        (
            "a == b and c < d",
            bin(
                And,
                bin(Eq, var("a"), var("b")),
                bin(Lt, var("c"), var("d")),
            ),
        ),
        ("1 + 2 == 3", bin(Eq, bin(Add, int(1), int(2)), int(3))),
        (
            "a < b == c > d",
            bin(Eq, bin(Lt, var("a"), var("b")), bin(Gt, var("c"), var("d"))),
        ),
        ("a <= b", bin(LtEq, var("a"), var("b"))),
        ("a >= b", bin(GtEq, var("a"), var("b"))),
        ("a != b", bin(NotEq, var("a"), var("b"))),
        ("a === b", bin(StrictEq, var("a"), var("b"))),
        ("a !== b", bin(StrictNotEq, var("a"), var("b"))),
        ("-a * b", bin(Mul, un(UnOp::Neg, var("a")), var("b"))),
        ("+x", un(UnOp::Plus, var("x"))),
        ("- -x", un(UnOp::Neg, un(UnOp::Neg, var("x")))),
        ("!a && b", bin(AndAlso, un(UnOp::Bang, var("a")), var("b"))),
        ("not a == b", bin(Eq, un(UnOp::Not, var("a")), var("b"))),
        ("not not x", un(UnOp::Not, un(UnOp::Not, var("x")))),
        ("a in b", member(var("b"), var("a"))),
        ("a not in b", un(UnOp::Not, member(var("b"), var("a")))),
        ("a in b == c", bin(Eq, member(var("b"), var("a")), var("c"))),
        ("^x = 1", matches(pin("x"), int(1))),
        (
            "{^x, y} = t",
            matches(tuple(vec![pin("x"), var("y")]), var("t")),
        ),
        ("1 +\n2", bin(Add, int(1), int(2))),
        ("x = \n 1", matches(var("x"), int(1))),
    ]);
}

#[test]
fn pipes_are_desugared() {
    check(vec![
        ("a |> f(b)", local("f", vec![var("a"), var("b")])),
        ("a |> f()", local("f", vec![var("a")])),
        ("a |> f", local("f", vec![var("a")])),
        ("a |> Mod.f()", call(alias("Mod"), "f", vec![var("a")])),
        ("a |> Mod.f", call(alias("Mod"), "f", vec![var("a")])),
        (
            "a |> Mod.f(1)",
            call(alias("Mod"), "f", vec![var("a"), int(1)]),
        ),
        ("a |> m.f", call(var("m"), "f", vec![var("a")])),
        ("a |> f.(b)", apply(var("f"), vec![var("a"), var("b")])),
        (
            "a |> f(b) |> g()",
            local("g", vec![local("f", vec![var("a"), var("b")])]),
        ),
        (
            "Fleet.start_users(1..2) |> length()",
            local(
                "length",
                vec![call(
                    alias("Fleet"),
                    "start_users",
                    vec![range(int(1), int(2), None)],
                )],
            ),
        ),
        (
            "x + 1 |> f()",
            local("f", vec![bin(BinOp::Add, var("x"), int(1))]),
        ),
        (
            "a |> f() == b",
            bin(BinOp::Eq, local("f", vec![var("a")]), var("b")),
        ),
        (
            "x = a |> f()",
            matches(var("x"), local("f", vec![var("a")])),
        ),
        ("1\n|> f()", local("f", vec![int(1)])),
        ("a\n|> f.(1)", apply(var("f"), vec![var("a"), int(1)])),
        (
            "a |> :erlang.apply(f, [])",
            call(
                atom("erlang"),
                "apply",
                vec![var("a"), var("f"), list(vec![])],
            ),
        ),
    ]);
}

#[test]
fn anonymous_functions() {
    check(vec![
        (
            "fn x -> x end",
            func(vec![clause(vec![var("x")], None, var("x"))]),
        ),
        ("fn -> 1 end", func(vec![clause(vec![], None, int(1))])),
        ("fn () -> 1 end", func(vec![clause(vec![], None, int(1))])),
        (
            "fn x -> end",
            func(vec![clause(vec![var("x")], None, atom("nil"))]),
        ),
        (
            "fn {:ok, v} -> v; _ -> nil end",
            func(vec![
                clause(vec![tuple(vec![atom("ok"), var("v")])], None, var("v")),
                clause(vec![var("_")], None, atom("nil")),
            ]),
        ),
        (
            "fn a, b when a > b -> a end",
            func(vec![clause(
                vec![var("a"), var("b")],
                Some(bin(BinOp::Gt, var("a"), var("b"))),
                var("a"),
            )]),
        ),
        (
            "fn(a, b) -> a end",
            func(vec![clause(vec![var("a"), var("b")], None, var("a"))]),
        ),
        (
            "fn x -> y = x; y end",
            func(vec![clause(
                vec![var("x")],
                None,
                block(vec![matches(var("y"), var("x")), var("y")]),
            )]),
        ),
        (
            "fn\n  0 -> :zero\n  n when n > 0 ->\n    :pos\n    :itive\n  _ -> :neg\nend",
            func(vec![
                clause(vec![int(0)], None, atom("zero")),
                clause(
                    vec![var("n")],
                    Some(bin(BinOp::Gt, var("n"), int(0))),
                    block(vec![atom("pos"), atom("itive")]),
                ),
                clause(vec![var("_")], None, atom("neg")),
            ]),
        ),
        (
            "fn x -> 1; -> 2 end",
            func(vec![
                clause(vec![var("x")], None, int(1)),
                clause(vec![], None, int(2)),
            ]),
        ),
        (
            "Enum.map(xs, fn x -> x * 2 end)",
            call(
                alias("Enum"),
                "map",
                vec![
                    var("xs"),
                    func(vec![clause(
                        vec![var("x")],
                        None,
                        bin(BinOp::Mul, var("x"), int(2)),
                    )]),
                ],
            ),
        ),
    ]);
}

#[test]
fn captures() {
    check(vec![
        ("&Mod.fun/2", capture(Some(alias("Mod")), "fun", 2)),
        (
            "&Fleet.Registry.lookup/2",
            capture(Some(alias("Fleet.Registry")), "lookup", 2),
        ),
        (
            "&:global.random_exit_name/3",
            capture(Some(atom("global")), "random_exit_name", 3),
        ),
        ("&fun/1", capture(None, "fun", 1)),
        ("&mod.fun/0", capture(Some(var("mod")), "fun", 0)),
        ("& Mod.fun / 255", capture(Some(alias("Mod")), "fun", 255)),
        ("&Kernel.+/2", capture(Some(alias("Kernel")), "+", 2)),
        ("&Kernel.||/2", capture(Some(alias("Kernel")), "||", 2)),
        (
            "Enum.map(xs, &to_string/1)",
            call(
                alias("Enum"),
                "map",
                vec![var("xs"), capture(None, "to_string", 1)],
            ),
        ),
    ]);
}

#[test]
fn blocks_separators_and_comments() {
    check(vec![
        ("", block(vec![])),
        ("   \n\t ", block(vec![])),
        ("# only a comment", block(vec![])),
        ("1; 2", block(vec![int(1), int(2)])),
        ("1\n2", block(vec![int(1), int(2)])),
        ("1\r\n2", block(vec![int(1), int(2)])),
        (";x;", var("x")),
        ("1 # one\n2 # two", block(vec![int(1), int(2)])),
        (
            "a = 1; a + 1",
            block(vec![
                matches(var("a"), int(1)),
                bin(BinOp::Add, var("a"), int(1)),
            ]),
        ),
        ("x\n-1", block(vec![var("x"), int(-1)])),
        ("(1; 2)", block(vec![int(1), int(2)])),
        ("()", atom("nil")),
        ("(((1)))", int(1)),
        ("a\n.b", field(var("a"), "b")),
    ]);
}

// ---------------------------------------------------------------------------
// Spans: byte ranges into the source.

#[test]
fn spans_are_byte_ranges() {
    let sp = |start, end| Span { start, end };
    let src = "x = Mod.f(\"é\", [1 | t])";
    let Ok(Expr::Match(lhs, rhs, whole)) = parse(src) else {
        panic!("not a match");
    };
    assert_eq!(whole, sp(0, src.len()));
    assert_eq!(lhs.span(), sp(0, 1));
    assert_eq!(rhs.span(), sp(4, src.len()));
    let Expr::Call { module, args, .. } = *rhs else {
        panic!("not a call");
    };
    assert_eq!(module.map(|m| m.span()), Some(sp(4, 7)));
    assert_eq!(args[0].span(), sp(10, 14));
    assert_eq!(args[1].span(), sp(16, 23));

    assert_eq!(parse("  -5").map(|e| e.span()), Ok(sp(2, 4)));
    assert_eq!(parse("(1 + 2)").map(|e| e.span()), Ok(sp(1, 6)));
    assert_eq!(parse("a |> f()").map(|e| e.span()), Ok(sp(0, 8)));
    assert_eq!(parse("\"a#{x}\"").map(|e| e.span()), Ok(sp(0, 7)));
    assert_eq!(parse("1; 22").map(|e| e.span()), Ok(sp(0, 5)));
}

// ---------------------------------------------------------------------------
// (b) Errors: the first line iex 1.14 prints (checked against
// `Code.string_to_quoted!(src, file: "iex")` on Elixir 1.14.0 / OTP 24).

fn error(src: &str) -> String {
    match parse(src) {
        Ok(expr) => panic!("{src:?} parsed as {expr:?}"),
        Err(err) => err.to_string(),
    }
}

const INVALID_AFTER_NUMBER: &str = ". If you intended to write a number, make sure to separate \
    the number from the character (using comma, space, etc). If you meant to write a function \
    name or a variable, note that identifiers in Elixir cannot start with numbers. Unexpected \
    token: ";

const RESERVED: &str = " is a reserved word in Elixir and therefore its usage is limited. \
    For instance, it can't be used as a variable or be defined nor invoked as a regular function";

#[test]
fn errors_match_iex() {
    let after_number = |c: &str, n: &str| {
        format!(
            "** (SyntaxError) iex:1:1: invalid character \"{c}\" after number {n}{INVALID_AFTER_NUMBER}{c}"
        )
    };
    let reserved = |col: usize, w: &str| {
        format!("** (SyntaxError) iex:1:{col}: syntax error before: {w}. \"{w}\"{RESERVED}")
    };
    let cases: Vec<(&str, String)> = vec![
        // Unbalanced brackets.
        ("[1, 2", "** (TokenMissingError) iex:1:6: missing terminator: ] (for \"[\" starting at line 1)".into()),
        ("(1", "** (TokenMissingError) iex:1:3: missing terminator: ) (for \"(\" starting at line 1)".into()),
        ("{1, 2", "** (TokenMissingError) iex:1:6: missing terminator: } (for \"{\" starting at line 1)".into()),
        ("%{a: 1", "** (TokenMissingError) iex:1:7: missing terminator: } (for \"{\" starting at line 1)".into()),
        ("[(1", "** (TokenMissingError) iex:1:4: missing terminator: ) (for \"(\" starting at line 1)".into()),
        ("[1, 2\n", "** (TokenMissingError) iex:2:1: missing terminator: ] (for \"[\" starting at line 1)".into()),
        ("fn x -> x", "** (TokenMissingError) iex:1:10: missing terminator: end (for \"fn\" starting at line 1)".into()),
        ("1 <<", "** (TokenMissingError) iex:1:5: missing terminator: >> (for \"<<\" starting at line 1)".into()),
        ("foo(1, 2))", "** (SyntaxError) iex:1:10: unexpected token: )".into()),
        (")", "** (SyntaxError) iex:1:1: unexpected token: )".into()),
        ("1 ]", "** (SyntaxError) iex:1:3: unexpected token: ]".into()),
        ("[1, 2)", "** (SyntaxError) iex:1:6: unexpected token: ). The \"[\" at line 1 is missing terminator \"]\"".into()),
        ("%{a: 1)", "** (SyntaxError) iex:1:7: unexpected token: ). The \"{\" at line 1 is missing terminator \"}\"".into()),
        ("fn x -> x)", "** (SyntaxError) iex:1:10: unexpected token: ). The \"fn\" at line 1 is missing terminator \"end\"".into()),
        ("end", "** (SyntaxError) iex:1:1: unexpected reserved word: end".into()),
        ("(end", "** (SyntaxError) iex:1:2: unexpected reserved word: end. The \"(\" at line 1 is missing terminator \")\"".into()),
        // Unexpected tokens, shown the way yecc shows them.
        ("foo(1, )", "** (SyntaxError) iex:1:8: syntax error before: ')'".into()),
        ("1 2", "** (SyntaxError) iex:1:3: syntax error before: \"2\"".into()),
        ("1 0x1F", "** (SyntaxError) iex:1:3: syntax error before: \"0x1F\"".into()),
        ("1 foo", "** (SyntaxError) iex:1:3: syntax error before: foo".into()),
        ("1 foo?", "** (SyntaxError) iex:1:3: syntax error before: 'foo?'".into()),
        ("1 _x", "** (SyntaxError) iex:1:3: syntax error before: '_x'".into()),
        ("1 é", "** (SyntaxError) iex:1:3: syntax error before: é".into()),
        ("1 Foo", "** (SyntaxError) iex:1:3: syntax error before: 'Foo'".into()),
        ("1 :foo", "** (SyntaxError) iex:1:3: syntax error before: foo".into()),
        ("1 :\"a b\"", "** (SyntaxError) iex:1:3: syntax error before: 'a b'".into()),
        ("1 :\"a'b\"", "** (SyntaxError) iex:1:3: syntax error before: 'a\\'b'".into()),
        ("1 :+", "** (SyntaxError) iex:1:3: syntax error before: '+'".into()),
        ("1 \"a\"", "** (SyntaxError) iex:1:3: syntax error before: \"a\"".into()),
        ("1 'a'", "** (SyntaxError) iex:1:3: syntax error before: \"a\"".into()),
        ("1 \"a#{x}\"", "** (SyntaxError) iex:1:3: syntax error before: \"a\"".into()),
        ("1 ?a", "** (SyntaxError) iex:1:3: syntax error before: ?a".into()),
        ("1 ?\\s", "** (SyntaxError) iex:1:3: syntax error before: ?\\s".into()),
        ("1 ?\\0", "** (SyntaxError) iex:1:3: syntax error before: ?\\000".into()),
        ("1 a: 2", "** (SyntaxError) iex:1:3: syntax error before: 'a:'".into()),
        ("1 (2)", "** (SyntaxError) iex:1:3: syntax error before: '('".into()),
        ("1 %{}", "** (SyntaxError) iex:1:3: syntax error before: '%{}'".into()),
        ("1 -> 2", "** (SyntaxError) iex:1:3: syntax error before: '->'".into()),
        ("1 => 2", "** (SyntaxError) iex:1:3: syntax error before: '=>'".into()),
        ("1 + * 2", "** (SyntaxError) iex:1:5: syntax error before: '*'".into()),
        ("foo(1,,2)", "** (SyntaxError) iex:1:7: syntax error before: ','".into()),
        ("[1,,2]", "** (SyntaxError) iex:1:4: syntax error before: ','".into()),
        ("f(1, 2,)", "** (SyntaxError) iex:1:8: syntax error before: ')'".into()),
        ("f(1,\n)", "** (SyntaxError) iex:2:1: syntax error before: ')'".into()),
        ("[1\n2]", "** (SyntaxError) iex:2:1: syntax error before: \"2\"".into()),
        ("{1\n,2}", "** (SyntaxError) iex:2:1: syntax error before: ','".into()),
        ("x\n, y", "** (SyntaxError) iex:2:1: syntax error before: ','".into()),
        ("a.1", "** (SyntaxError) iex:1:3: syntax error before: \"1\"".into()),
        ("Foo.:bar", "** (SyntaxError) iex:1:5: syntax error before: bar".into()),
        ("%{a | 1}", "** (SyntaxError) iex:1:8: syntax error before: '}'".into()),
        ("%{1 => }", "** (SyntaxError) iex:1:8: syntax error before: '}'".into()),
        ("[1, | 2]", "** (SyntaxError) iex:1:5: syntax error before: '|'".into()),
        ("{a: 1}", "** (SyntaxError) iex:1:2: syntax error before: a".into()),
        ("(1, 2)", "** (SyntaxError) iex:1:6: syntax error before: ')'".into()),
        ("x = (1, 2) + 3", "** (SyntaxError) iex:1:10: syntax error before: ')'".into()),
        ("1 true", reserved(3, "true")),
        ("1 nil", reserved(3, "nil")),
        ("1 not", reserved(3, "not")),
        ("when 1", reserved(1, "when")),
        ("in 1", reserved(1, "in")),
        ("1 fn x -> x end", reserved(3, "fn")),
        ("fn x, y end", reserved(9, "end")),
        // Running out of input.
        ("1 +", "** (TokenMissingError) iex:1:3: syntax error: expression is incomplete".into()),
        ("x = ", "** (TokenMissingError) iex:1:3: syntax error: expression is incomplete".into()),
        ("x = \n\n", "** (TokenMissingError) iex:1:5: syntax error: expression is incomplete".into()),
        ("a.", "** (TokenMissingError) iex:1:2: syntax error: expression is incomplete".into()),
        ("not", "** (TokenMissingError) iex:1:1: syntax error: expression is incomplete".into()),
        ("1 when", "** (TokenMissingError) iex:1:3: syntax error: expression is incomplete".into()),
        ("1 |", "** (TokenMissingError) iex:1:3: syntax error: expression is incomplete".into()),
        ("1 **", "** (TokenMissingError) iex:1:3: syntax error: expression is incomplete".into()),
        ("@", "** (TokenMissingError) iex:1:1: syntax error: expression is incomplete".into()),
        // Strings, atoms and escapes.
        ("\"abc", "** (TokenMissingError) iex:1:5: missing terminator: \" (for string starting at line 1)".into()),
        ("'abc", "** (TokenMissingError) iex:1:5: missing terminator: ' (for string starting at line 1)".into()),
        (":\"abc", "** (TokenMissingError) iex:1:6: missing terminator: \" (for atom starting at line 1)".into()),
        ("\"abc\n", "** (TokenMissingError) iex:2:1: missing terminator: \" (for string starting at line 1)".into()),
        ("\"a#{12", "** (TokenMissingError) iex:1:3: missing interpolation terminator: \"}\" (for string starting at line 1)".into()),
        (":\"a#{x", "** (TokenMissingError) iex:1:4: missing interpolation terminator: \"}\" (for atom starting at line 1)".into()),
        ("\"a#{[1", "** (TokenMissingError) iex:1:7: missing terminator: ] (for \"[\" starting at line 1)".into()),
        ("\"a#{)}\"", "** (SyntaxError) iex:1:5: unexpected token: )".into()),
        ("\"#{1 +}\"", "** (TokenMissingError) iex:1:6: syntax error: expression is incomplete".into()),
        ("\"#{1 2}\"", "** (SyntaxError) iex:1:6: syntax error before: \"2\"".into()),
        ("\"#{fn}\"", "** (SyntaxError) iex:1:6: unexpected token: }. The \"fn\" at line 1 is missing terminator \"end\"".into()),
        ("\"ab\\xZZ\"", "** (SyntaxError) iex:1:2: invalid hex escape character, expected \\xHH where H is a hexadecimal digit. Syntax error after: \\x".into()),
        ("x = \"ab\\u12\"", "** (SyntaxError) iex:1:6: invalid Unicode escape character, expected \\uHHHH or \\u{H*} where H is a hexadecimal digit. Syntax error after: \\u".into()),
        ("\"\\u{110000}\"", "** (SyntaxError) iex:1:2: invalid or reserved Unicode code point \\u{110000}. Syntax error after: \\u".into()),
        ("\"\\uD800\"", "** (SyntaxError) iex:1:2: invalid or reserved Unicode code point \\u{D800}. Syntax error after: \\u".into()),
        // Bad numbers.
        ("0x", after_number("x", "0")),
        ("0b2", after_number("b", "0")),
        ("0o8", after_number("o", "0")),
        ("5_000_", after_number("_", "5_000")),
        ("123abc", after_number("a", "123")),
        ("1e5", after_number("e", "1")),
        // Characters that start no token.
        (":", "** (SyntaxError) iex:1:1: unexpected token: \":\" (column 1, code point U+003A)".into()),
        ("?", "** (SyntaxError) iex:1:1: unexpected token: \"?\" (column 1, code point U+003F)".into()),
        ("a € b", "** (SyntaxError) iex:1:3: unexpected token: \"€\" (column 3, code point U+20AC)".into()),
        ("Éa", "** (SyntaxError) iex:1:1: unexpected token: \"É\" (column 1, code point U+00C9)".into()),
        ("$", "** (SyntaxError) iex:1:1: unexpected token: \"$\" (column 1, code point U+0024)".into()),
        ("1;;2", "** (SyntaxError) iex:1:3: unexpected token: \";\" (column 3, code point U+003B)".into()),
        ("[a :1]", "** (SyntaxError) iex:1:4: unexpected token: \":\" (column 4, code point U+003A)".into()),
        ("[a:1]", "** (SyntaxError) iex:1:2: keyword argument must be followed by space after: a:".into()),
        // Keywords out of place (first line only; iex prints examples after it).
        ("[a: 1, 2]", "** (SyntaxError) iex:1:6: unexpected expression after keyword list. Keyword lists must always come last in lists and maps. Therefore, this is not allowed:".into()),
        ("%{a: 1, 2 => 3}", "** (SyntaxError) iex:1:7: unexpected expression after keyword list. Keyword lists must always come last in lists and maps. Therefore, this is not allowed:".into()),
        ("f(a: 1, 2)", "** (SyntaxError) iex:1:7: unexpected expression after keyword list. Keyword lists must always come as the last argument. Therefore, this is not allowed:".into()),
        // Other parser-level messages.
        ("fn x end", "** (SyntaxError) iex:1:1: expected anonymous functions to be defined with -> inside: 'fn'".into()),
        ("fn x -> y -> z end", "** (SyntaxError) iex:1:11: syntax error before: '->'".into()),
        ("1 // 2", "** (SyntaxError) iex:1:3: the range step operator (//) must immediately follow the range definition operator (..), for example: 1..9//2. If you wanted to define a default argument, use (\\\\) instead. Syntax error before: '//'".into()),
        ("1..2//3//4", "** (SyntaxError) iex:1:8: the range step operator (//) must immediately follow the range definition operator (..), for example: 1..9//2. If you wanted to define a default argument, use (\\\\) instead. Syntax error before: '//'".into()),
        (":erlang.Bar", "** (SyntaxError) iex:1:9: atom cannot be followed by an alias. If the '.' was meant to be part of the atom's name, the atom name must be quoted. Syntax error before: '.'".into()),
        ("foo (1, 2)", "** (SyntaxError) iex:1:5: unexpected parentheses. If you are making a function call, do not insert spaces between the function name and the opening parentheses. Syntax error before: '('".into()),
        // Raised after parsing in iex, with the same text.
        ("1 |> 2", "** (ArgumentError) cannot pipe 1 into 2, can only pipe into local calls foo(), remote calls Foo.bar() or anonymous function calls foo.()".into()),
        ("1 |> %{}", "** (ArgumentError) cannot pipe 1 into %{}, can only pipe into local calls foo(), remote calls Foo.bar() or anonymous function calls foo.()".into()),
        ("1 |> fn x -> x end", "** (ArgumentError) cannot pipe 1 into an anonymous function without calling the function; use Kernel.then/2 instead or define the anonymous function as a regular private function".into()),
        ("^1 = 1", "** (CompileError) iex:1: invalid argument for unary operator ^, expected an existing variable, got: ^1".into()),
    ];
    for (src, expected) in cases {
        assert_eq!(error(src), expected, "error for {src:?}");
    }
}

/// Valid Elixir the simulation does not support: clear, iex-shaped errors.
#[test]
fn unsupported_syntax_is_explained() {
    let cases = [
        ("1.5", "iex:1:1: float literals are not supported in otpsim (integers only): 1.5"),
        ("x = 1_000.5e-3", "iex:1:5: float literals are not supported in otpsim (integers only): 1_000.5e-3"),
        ("2 ** 3", "iex:1:3: the ** operator is not supported in otpsim"),
        ("a =~ b", "iex:1:3: the =~ operator is not supported in otpsim"),
        ("a :: b", "iex:1:3: the :: operator is not supported in otpsim"),
        ("a <- b", "iex:1:3: the <- operator is not supported in otpsim"),
        ("&(&1 + 1)", "iex:1:1: only captures of named functions (&Mod.fun/2, &fun/1) are supported in otpsim; write fn x -> ... end instead"),
        ("&Mod.fun(&1)", "iex:1:1: only captures of named functions (&Mod.fun/2, &fun/1) are supported in otpsim; write fn x -> ... end instead"),
        ("&1", "iex:1:1: capture arguments (&1, &2, ...) are not supported in otpsim; write fn x -> ... end instead"),
        ("&Mod.fun/256", "iex:1:10: the arity of a capture must be an integer from 0 to 255"),
        ("if true do 1 end", "iex:1:9: do-end blocks (if, case, cond, receive, ...) are not supported in otpsim"),
        ("@attr", "iex:1:1: module attributes (@) are not supported in otpsim"),
        ("%Foo{}", "iex:1:1: structs (%Name{}) are not supported in otpsim"),
        ("<<1>>", "iex:1:1: bitstrings (<<>>) are not supported in otpsim"),
        ("~s(a)", "iex:1:1: sigils (~s, ~w, ~r, ...) are not supported in otpsim"),
        ("\"\"\"\nheredoc\n\"\"\"", "iex:1:1: heredocs (\"\"\") are not supported in otpsim"),
        ("foo.Bar", "iex:1:5: aliases built from expressions (expr.Alias) are not supported in otpsim"),
        ("\"k#{1}\": 1", "iex:1:1: interpolation in keyword keys is not supported in otpsim"),
    ];
    for (src, expected) in cases {
        assert_eq!(
            error(src),
            format!("** (SyntaxError) {expected}"),
            "error for {src:?}"
        );
    }
}

#[test]
fn error_fields_and_kinds() {
    let Err(err) = parse("[1,\n 2") else {
        panic!("parsed");
    };
    assert_eq!(
        (err.line, err.column, err.kind),
        (2, 3, ErrorKind::TokenMissing)
    );
    assert!(err.is_incomplete());
    assert_eq!(
        err.message,
        "missing terminator: ] (for \"[\" starting at line 1)"
    );

    let Err(err) = parse("[a: 1, 2]") else {
        panic!("parsed");
    };
    assert!(!err.is_incomplete());
    assert!(err.message.contains("\n\n    [some: :value, :another]"));
    assert!(!err.to_string().contains('\n'));

    let Err(err) = parse("1 |> 2") else {
        panic!("parsed");
    };
    assert_eq!(err.kind, ErrorKind::Argument);
}

// ---------------------------------------------------------------------------
// Robustness: nesting limits, stack use, long inputs.

/// Inputs nested `n` deep in every construct that recurses.
fn nested(n: usize) -> Vec<(&'static str, String)> {
    let wrap = |open: &str, inner: &str, close: &str| {
        format!("{}{inner}{}", open.repeat(n), close.repeat(n))
    };
    vec![
        ("list", wrap("[", "1", "]")),
        ("paren", wrap("(", "1", ")")),
        ("tuple", wrap("{", "1", "}")),
        ("map", wrap("%{a: ", "1", "}")),
        ("map key", wrap("%{", "1", " => 1}")),
        ("call", wrap("f(", "1", ")")),
        ("remote call", wrap("Mod.f(", "1", ")")),
        ("no-parens call", wrap("Mod.f ", "1", "")),
        ("keyword list", wrap("[a: ", "1", "]")),
        ("list tail", wrap("[1 | ", "t", "]")),
        ("fn", wrap("fn -> ", "1", " end")),
        ("interpolation", wrap("\"#{", "1", "}\"")),
        ("minus", wrap("- ", "x", "")),
        ("not", wrap("not ", "x", "")),
        ("match", wrap("a = ", "x", "")),
        ("concat", wrap("a <> ", "x", "")),
        ("plus", format!("1{}", "+1".repeat(n))),
        ("pipe", format!("1{}", "|>f()".repeat(n))),
        ("dots", format!("x{}", ".a".repeat(n))),
        ("access", format!("x{}", "[1]".repeat(n))),
    ]
}

/// Moderate nesting parses; past the limit every construct gets the same
/// clear error instead of overflowing the stack. Run with a 2 MiB stack,
/// the default for test threads, even though debug frames are large.
#[test]
fn nesting_is_bounded() {
    let worker = std::thread::Builder::new().stack_size(2 << 20).spawn(|| {
        for (name, src) in nested(MAX_NESTING / 2) {
            assert!(
                parse(&src).is_ok(),
                "{name} at half the limit: {:?}",
                parse(&src)
            );
        }
        for n in [MAX_NESTING - 2, MAX_NESTING, MAX_NESTING + 1, 10_000] {
            for (name, src) in nested(n) {
                if let Err(err) = parse(&src) {
                    assert!(
                        err.message.contains("nested too deeply"),
                        "{name} at {n}: {err}"
                    );
                }
            }
        }
        for (name, src) in nested(10 * MAX_NESTING) {
            let err = parse(&src).expect_err(name);
            assert_eq!(
                err.message,
                format!(
                    "expression is nested too deeply (otpsim allows at most {MAX_NESTING} levels)"
                ),
                "{name}"
            );
        }
    });
    worker.expect("spawn").join().expect("no stack overflow");
}

#[test]
fn long_inputs_are_fine() {
    let items = vec!["1"; 100_000].join(", ");
    let Ok(Expr::List(elements, None, _)) = parse(&format!("[{items}]")) else {
        panic!("long list");
    };
    assert_eq!(elements.len(), 100_000);

    let Ok(Expr::Block(exprs, _)) = parse(&"x = 1\n".repeat(50_000)) else {
        panic!("long block");
    };
    assert_eq!(exprs.len(), 50_000);

    let parts = "a#{x}".repeat(20_000);
    assert!(parse(&format!("\"{parts}\"")).is_ok());

    let digits = "9".repeat(5_000);
    assert!(parse(&digits).is_ok());
    assert!(error(&"9".repeat(20_000)).contains("integer literal is too long"));

    let comment = format!("1 # {}", "é".repeat(100_000));
    assert_eq!(ast(&comment), int(1));
}

// ---------------------------------------------------------------------------
// (c) Properties.

/// Fragments that exercise every lexer and parser path when glued together.
const FRAGMENTS: &[&str] = &[
    "1",
    "-1",
    "0x1F",
    "5_000",
    "99999999999999999999",
    "1.5",
    "?a",
    "?\\n",
    "\"s\"",
    "\"a#{",
    "#{",
    "}\"",
    "'c'",
    ":ok",
    ":\"q\"",
    ":+",
    "Foo",
    ".",
    "Bar",
    "x",
    "_y",
    "f",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "%{",
    "%",
    "<<",
    ">>",
    ",",
    ";",
    "\n",
    " ",
    "|",
    "|>",
    "=>",
    "->",
    "=",
    "==",
    "+",
    "-",
    "*",
    "/",
    "++",
    "--",
    "..",
    "//",
    "<>",
    "&&",
    "||",
    "!",
    "^",
    "&",
    "@",
    "fn",
    "end",
    "do",
    "when",
    "and",
    "or",
    "not",
    "in",
    "true",
    "nil",
    "a:",
    "\"k\":",
    "#",
    "\\",
    "\\\\",
    "::",
    "<-",
    "**",
    "~",
    "é",
    "€",
    "\u{0}",
    "\r",
    "\t",
    "'",
    "\"",
    "?",
    ":",
    "&1",
    "/2",
];

fn fragment_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60).prop_map(|parts| parts.concat())
}

/// Every span of a parsed tree lies inside the source, on character bounds.
fn spans_ok(expr: &Expr, src: &str) -> bool {
    let span = expr.span();
    let here = span.start <= span.end
        && span.end <= src.len()
        && src.is_char_boundary(span.start)
        && src.is_char_boundary(span.end);
    let children: Vec<&Expr> = match expr {
        Expr::Lit(..) | Expr::Var(..) | Expr::Pin(..) => vec![],
        Expr::Tuple(es, _) | Expr::Block(es, _) => es.iter().collect(),
        Expr::List(es, tail, _) => es.iter().chain(tail.as_deref()).collect(),
        Expr::Map(ps, _) => ps.iter().flat_map(|(k, v)| [k, v]).collect(),
        Expr::MapUpdate(b, ps, _) => std::iter::once(&**b)
            .chain(ps.iter().flat_map(|(k, v)| [k, v]))
            .collect(),
        Expr::Range(a, z, s, _) => [&**a, &**z].into_iter().chain(s.as_deref()).collect(),
        Expr::Match(l, r, _) | Expr::BinOp(_, l, r, _) => vec![l, r],
        Expr::UnOp(_, x, _) | Expr::Field(x, _, _) => vec![x],
        Expr::Call { module, args, .. } => module.as_deref().into_iter().chain(args).collect(),
        Expr::Capture { module, .. } => module.as_deref().into_iter().collect(),
        Expr::Apply(f, args, _) => std::iter::once(&**f).chain(args).collect(),
        Expr::Fn(clauses, _) => clauses
            .iter()
            .flat_map(|c| c.params.iter().chain(c.guard.as_ref()).chain([&c.body]))
            .collect(),
    };
    here && children.into_iter().all(|c| spans_ok(c, src))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(src in "\\PC{0,80}") {
        let _ = parse(&src);
    }

    #[test]
    fn random_bytes_as_text_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..80)) {
        let _ = parse(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn token_soup_never_panics_and_spans_stay_inside(src in fragment_soup()) {
        match parse(&src) {
            Ok(expr) => prop_assert!(spans_ok(&expr, &src), "bad span in {:?}", expr),
            Err(err) => {
                prop_assert!(err.line >= 1 && err.column >= 1);
                prop_assert!(!err.to_string().contains('\n'));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn deep_random_brackets_are_an_error(
        opens in prop::collection::vec(prop::sample::select(&["[", "(", "{", "%{a: ", "f(", "fn -> ", "\"#{", "- "][..]), 300..600),
    ) {
        let closer = |open: &str| match open {
            "[" => "]",
            "(" | "f(" => ")",
            "{" | "%{a: " => "}",
            "fn -> " => " end",
            "\"#{" => "}\"",
            _ => "",
        };
        let closes: String = opens.iter().rev().map(|o| closer(o)).collect();
        let src = format!("{}1{closes}", opens.concat());
        let err = parse(&src).expect_err("too deep");
        prop_assert!(err.message.contains("nested too deeply"), "{}", err);
    }
}

// --- Round trip: print a generated tree as Elixir, parse it back. ---

const RESERVED_WORDS: &[&str] = &[
    "true", "false", "nil", "fn", "end", "do", "when", "and", "or", "not", "in",
];

fn ident() -> impl Strategy<Value = String> {
    "[a-z_][a-z0-9_]{0,4}[?!]?".prop_filter("reserved", |s| !RESERVED_WORDS.contains(&s.as_str()))
}

fn alias_name() -> impl Strategy<Value = String> {
    prop::collection::vec("[A-Z][a-zA-Z0-9_]{0,4}", 1..3)
        .prop_filter("Elixir prefix", |segs| segs[0] != "Elixir")
        .prop_map(|segs| format!("Elixir.{}", segs.join(".")))
}

fn leaf() -> impl Strategy<Value = Expr> {
    prop_oneof![
        any::<i64>().prop_map(int),
        "-?[1-9][0-9]{19,30}".prop_map(|d| big(&d)),
        "\\PC{0,6}".prop_map(|s| atom(&s)),
        alias_name().prop_map(|a| atom(&a)),
        prop::collection::vec(any::<u8>(), 0..6).prop_map(|b| bytes(&b)),
        ident().prop_map(|n| var(&n)),
        ident().prop_map(|n| pin(&n)),
        (
            prop::option::of(prop_oneof![
                alias_name().prop_map(|a| atom(&a)),
                ident().prop_map(|a| atom(&a)),
                ident().prop_map(|n| var(&n)),
            ]),
            ident(),
            any::<u8>()
        )
            .prop_map(|(m, f, a)| capture(m, &f, a)),
    ]
}

fn module() -> impl Strategy<Value = Option<Expr>> {
    prop::option::of(prop_oneof![
        alias_name().prop_map(|a| atom(&a)),
        "\\PC{0,4}".prop_map(|a| atom(&a)),
        ident().prop_map(|n| var(&n)),
    ])
}

fn tree() -> impl Strategy<Value = Expr> {
    use BinOp::*;
    let ops = prop::sample::select(vec![
        Eq,
        NotEq,
        StrictEq,
        StrictNotEq,
        Lt,
        Gt,
        LtEq,
        GtEq,
        Add,
        Sub,
        Mul,
        Div,
        Concat,
        ListConcat,
        ListSubtract,
        And,
        Or,
        AndAlso,
        OrElse,
    ]);
    leaf().prop_recursive(4, 40, 4, move |inner| {
        let items = prop::collection::vec(inner.clone(), 0..4);
        prop_oneof![
            items.clone().prop_map(tuple),
            items.clone().prop_map(list),
            (prop::collection::vec(inner.clone(), 1..3), inner.clone())
                .prop_map(|(h, t)| cons(h, t)),
            prop::collection::vec((inner.clone(), inner.clone()), 0..3).prop_map(map),
            (
                inner.clone(),
                prop::collection::vec((inner.clone(), inner.clone()), 1..3)
            )
                .prop_map(|(b, ps)| map_update(b, ps)),
            (
                inner.clone(),
                inner.clone(),
                prop::option::of(inner.clone())
            )
                .prop_map(|(a, z, s)| range(a, z, s)),
            (inner.clone(), inner.clone()).prop_map(|(l, r)| matches(l, r)),
            (ops.clone(), inner.clone(), inner.clone()).prop_map(|(op, l, r)| bin(op, l, r)),
            (
                prop::sample::select(vec![UnOp::Neg, UnOp::Plus, UnOp::Not, UnOp::Bang]),
                inner.clone()
            )
                // `-1` is folded into a literal, so never generate `-(1)`.
                .prop_filter("folded literal", |(op, x)| {
                    !(*op == UnOp::Neg && matches!(x, Expr::Lit(Term::Int(_) | Term::BigInt(_), _)))
                })
                .prop_map(|(op, x)| un(op, x)),
            (module(), ident(), items.clone()).prop_map(|(m, f, args)| match m {
                Some(m) => call(m, &f, args),
                None => local(&f, args),
            }),
            (ident(), prop::collection::vec(ident(), 1..3)).prop_map(|(base, names)| {
                names.iter().fold(var(&base), |acc, n| field(acc, n))
            }),
            prop::collection::vec(
                (
                    items.clone(),
                    prop::option::of(inner.clone()),
                    inner.clone()
                )
                    .prop_map(|(params, guard, body)| {
                        let guard = if params.is_empty() { None } else { guard };
                        clause(params, guard, body)
                    }),
                1..3,
            )
            .prop_map(func),
            (inner.clone(), items.clone()).prop_map(|(f, args)| apply(f, args)),
            prop::collection::vec(inner, 2..4).prop_map(block),
        ]
    })
}

/// Elixir source for `expr`, parenthesised so precedence never matters.
fn show(expr: &Expr) -> String {
    let all = |es: &[Expr]| es.iter().map(show).collect::<Vec<_>>().join(", ");
    let pairs = |ps: &[(Expr, Expr)]| {
        ps.iter()
            .map(|(k, v)| format!("{} => {}", show(k), show(v)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match expr {
        Expr::Lit(term, _) => show_term(term),
        Expr::Var(n, _) => n.clone(),
        Expr::Pin(n, _) => format!("(^{n})"),
        Expr::Tuple(es, _) => format!("{{{}}}", all(es)),
        Expr::List(es, None, _) => format!("[{}]", all(es)),
        Expr::List(es, Some(t), _) => format!("[{} | {}]", all(es), show(t)),
        Expr::Map(ps, _) => format!("%{{{}}}", pairs(ps)),
        Expr::MapUpdate(b, ps, _) => format!("%{{{} | {}}}", show(b), pairs(ps)),
        Expr::Range(a, z, None, _) => format!("(({})..({}))", show(a), show(z)),
        Expr::Range(a, z, Some(s), _) => {
            format!("(({})..({})//({}))", show(a), show(z), show(s))
        }
        Expr::Match(l, r, _) => format!("(({}) = ({}))", show(l), show(r)),
        Expr::BinOp(op, l, r, _) => format!("(({}) {} ({}))", show(l), bin_op(*op), show(r)),
        Expr::UnOp(op, x, _) => {
            let op = match op {
                UnOp::Neg => "-",
                UnOp::Plus => "+",
                UnOp::Not => "not ",
                UnOp::Bang => "!",
            };
            format!("({op}({}))", show(x))
        }
        Expr::Call {
            module: None,
            function,
            args,
            ..
        } => format!("{function}({})", all(args)),
        Expr::Call {
            module: Some(m),
            function,
            args,
            ..
        } => format!("{}.{function}({})", show_module(m), all(args)),
        Expr::Field(base, name, _) => format!("{}.{name}", show(base)),
        Expr::Capture {
            module,
            function,
            arity,
            ..
        } => match module {
            Some(m) => format!("(&{}.{function}/{arity})", show_module(m)),
            None => format!("(&{function}/{arity})"),
        },
        Expr::Fn(clauses, _) => {
            let clauses: Vec<String> = clauses
                .iter()
                .map(|c| {
                    let params = c
                        .params
                        .iter()
                        .map(|p| format!("({})", show(p)))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let guard = c
                        .guard
                        .as_ref()
                        .map(|g| format!(" when ({})", show(g)))
                        .unwrap_or_default();
                    format!("{params}{guard} -> {}", show(&c.body))
                })
                .collect();
            format!("(fn {} end)", clauses.join("; "))
        }
        Expr::Apply(f, args, _) => format!("({}).({})", show(f), all(args)),
        Expr::Block(es, _) => format!("({})", es.iter().map(show).collect::<Vec<_>>().join("; ")),
    }
}

fn show_module(m: &Expr) -> String {
    match m {
        Expr::Lit(Term::Atom(a), _) => match a.as_str().strip_prefix("Elixir.") {
            Some(alias) if alias_like(alias) => alias.to_string(),
            _ if ident_like(a.as_str()) => format!(":{}", a.as_str()),
            _ => show(m),
        },
        other => show(other),
    }
}

fn alias_like(s: &str) -> bool {
    s.split('.').all(|seg| {
        seg.starts_with(|c: char| c.is_ascii_uppercase())
            && seg.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

fn ident_like(s: &str) -> bool {
    let body = s.strip_suffix(['?', '!']).unwrap_or(s);
    body.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && body.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !RESERVED_WORDS.contains(&s)
}

fn show_term(term: &Term) -> String {
    match term {
        Term::Atom(a) => match a.as_str().strip_prefix("Elixir.") {
            Some(alias) if alias_like(alias) => alias.to_string(),
            _ => format!(":\"{}\"", escape(a.as_str().as_bytes())),
        },
        Term::Binary(b) => format!("\"{}\"", escape(b)),
        Term::Int(n) => n.to_string(),
        Term::BigInt(n) => n.to_string(),
        other => panic!("not generated: {other:?}"),
    }
}

fn escape(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            b'"' => "\\\"".to_string(),
            b'\\' => "\\\\".to_string(),
            b'#' => "\\#".to_string(),
            b' '..=b'~' => char::from(b).to_string(),
            _ => format!("\\x{b:02X}"),
        })
        .collect()
}

fn bin_op(op: BinOp) -> &'static str {
    use BinOp::*;
    match op {
        Eq => "==",
        NotEq => "!=",
        StrictEq => "===",
        StrictNotEq => "!==",
        Lt => "<",
        Gt => ">",
        LtEq => "<=",
        GtEq => ">=",
        Add => "+",
        Sub => "-",
        Mul => "*",
        Div => "/",
        Concat => "<>",
        ListConcat => "++",
        ListSubtract => "--",
        And => "and",
        Or => "or",
        AndAlso => "&&",
        OrElse => "||",
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn printing_then_parsing_round_trips(expr in tree()) {
        let src = show(&expr);
        let parsed = parse(&src).map(strip);
        prop_assert_eq!(parsed, Ok(expr), "source: {}", src);
    }
}
