//! `:ets` against what Elixir 1.14 on OTP 25 answers: the natives are
//! called directly, as processes of a small world, and each result is
//! compared with what real iex printed for the same calls (results as
//! `inspect/1` prints them, errors as iex's banner).

use super::super::testing::eval_source;
use super::super::{get, lookup, Call, Native};
use crate::kernel::{ProcessKind, TraceKind, World, WorldConfig};
use crate::term::{inspect, Atom, Pid, Term};
use crate::vm::exception::{banner, Exception};
use crate::vm::proc::ProcState;

/// A world with a few bare processes on `a@sim` (and one on `b@sim`).
struct Sim {
    world: World,
    pids: Vec<Pid>,
}

impl Sim {
    fn new(procs: usize) -> Sim {
        let mut world = World::new(WorldConfig::default());
        let b = world.add_node("b@sim");
        let mut pids = Vec::new();
        for _ in 0..procs {
            pids.push(spawn(&mut world, 0));
        }
        pids.push(spawn(&mut world, b));
        Sim { world, pids }
    }

    /// `:ets.f(args)` as process `who`; `args` is an Elixir list literal.
    fn run(&mut self, who: usize, f: &str, args: &str) -> String {
        let args = match eval_source(args) {
            Ok(Ok(t)) => t.list_to_vec().expect("an argument list"),
            other => panic!("cannot read {args}: {other:?}"),
        };
        self.call(who, f, args)
    }

    /// `:ets.f(args)` as process `who`, with terms.
    fn call(&mut self, who: usize, f: &str, args: Vec<Term>) -> String {
        match self.call_raw(who, f, args) {
            Ok(t) => inspect(&t),
            Err(e) => banner(&e),
        }
    }

    /// `:ets.f(args)` as process `who`: the term or the exception.
    fn call_raw(&mut self, who: usize, f: &str, args: Vec<Term>) -> Result<Term, Exception> {
        let me = self.pids[who];
        let bif = lookup("ets", f, args.len() as u8)
            .and_then(get)
            .unwrap_or_else(|| panic!("no :ets.{f}/{}", args.len()));
        let Call::World(native) = bif.call else {
            panic!("pure :ets.{f}");
        };
        let mut state = ProcState::default();
        let mut n = Native {
            world: &mut self.world,
            me,
            state: &mut state,
        };
        native(&mut n, &args)
    }

    fn kill(&mut self, who: usize) {
        self.world.die(self.pids[who], Term::atom("kill"));
    }

    /// The messages sent to process `who` so far.
    fn sent_to(&self, who: usize) -> Vec<String> {
        let to_pid = self.pids[who];
        self.world
            .trace()
            .iter()
            .filter_map(|e| match &e.kind {
                TraceKind::Send { to, msg, .. } if *to == to_pid => Some(inspect(msg)),
                _ => None,
            })
            .collect()
    }
}

fn spawn(world: &mut World, node: u32) -> Pid {
    world
        .spawn(node, None, false, Atom::new("test"), ProcessKind::Worker)
        .expect("a live node")
}

/// iex's text for `** (ArgumentError)` with these argument lines.
fn arg_error(lines: &[&str]) -> String {
    let lines: Vec<String> = lines.iter().map(|l| format!("  * {l}")).collect();
    format!(
        "** (ArgumentError) errors were found at the given arguments:\n\n{}\n",
        lines.join("\n")
    )
}

const NO_TABLE: &str = "1st argument: the table identifier does not refer to an existing ETS table";
const NO_ACCESS: &str =
    "1st argument: the table identifier refers to an ETS table with insufficient access rights";

/// Runs `(who, function, args, expected)` rows in order.
fn check(sim: &mut Sim, rows: &[(usize, &str, &str, &str)]) {
    let mut failures = Vec::new();
    for (who, f, args, want) in rows {
        let got = sim.run(*who, f, args);
        if got != *want {
            failures.push(format!(
                ":ets.{f}({args})\n   want: {want:?}\n    got: {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn sets_insert_lookup_and_replace() {
    let mut s = Sim::new(1);
    check(
        &mut s,
        &[
            (0, "new", "[:t, [:named_table]]", ":t"),
            (0, "insert", "[:t, {:a, 1}]", "true"),
            (0, "insert", "[:t, [{:b, 2}, {:a, 3}, {:a, 4}]]", "true"),
            (0, "lookup", "[:t, :a]", "[a: 4]"),
            (0, "lookup", "[:t, :zz]", "[]"),
            (0, "member", "[:t, :b]", "true"),
            (0, "insert_new", "[:t, {:a, 9}]", "false"),
            (0, "insert_new", "[:t, [{:c, 1}, {:a, 2}]]", "false"),
            (0, "insert_new", "[:t, [{:c, 1}, {:c, 2}]]", "true"),
            (0, "lookup", "[:t, :c]", "[c: 2]"),
            (0, "lookup_element", "[:t, :b, 2]", "2"),
            (0, "take", "[:t, :b]", "[b: 2]"),
            (0, "member", "[:t, :b]", "false"),
            (0, "delete", "[:t, :c]", "true"),
            (0, "insert", "[:t, []]", "true"),
            (0, "tab2list", "[:t]", "[a: 4]"),
            (0, "delete_all_objects", "[:t]", "true"),
            (0, "tab2list", "[:t]", "[]"),
            (0, "delete", "[:t]", "true"),
            (0, "lookup", "[:t, :a]", &arg_error(&[NO_TABLE])),
            (0, "info", "[:t]", ":undefined"),
            (0, "new", "[:t, [:named_table]]", ":t"),
            (
                0,
                "new",
                "[:t, [:named_table]]",
                &arg_error(&["1st argument: table name already exists"]),
            ),
        ],
    );
}

#[test]
fn sets_walk_in_insertion_order_and_keys_are_exact() {
    let mut s = Sim::new(1);
    check(
        &mut s,
        &[
            (0, "new", "[:s, [:named_table]]", ":s"),
            (0, "insert", "[:s, [{:b, 1}, {1, :int}, {:a, 2}]]", "true"),
            (0, "insert", "[:s, [{1.0, :float}, {:b, 3}]]", "true"),
            (
                0,
                "tab2list",
                "[:s]",
                "[{:b, 3}, {1, :int}, {:a, 2}, {1.0, :float}]",
            ),
            (0, "lookup", "[:s, 1]", "[{1, :int}]"),
            (0, "first", "[:s]", ":b"),
            (0, "next", "[:s, :b]", "1"),
            (0, "next", "[:s, 1.0]", ":\"$end_of_table\""),
            (0, "last", "[:s]", ":b"),
            (0, "prev", "[:s, :b]", "1"),
            (
                0,
                "next",
                "[:s, :nope]",
                &arg_error(&["2nd argument: not a key that exists in the table"]),
            ),
            // Deleted and inserted again, a key goes last.
            (0, "delete", "[:s, :b]", "true"),
            (0, "insert", "[:s, {:b, 4}]", "true"),
            (
                0,
                "tab2list",
                "[:s]",
                "[{1, :int}, {:a, 2}, {1.0, :float}, {:b, 4}]",
            ),
        ],
    );
}

#[test]
fn ordered_sets_walk_in_term_order_with_equal_numbers_as_one_key() {
    let mut s = Sim::new(1);
    check(
        &mut s,
        &[
            (0, "new", "[:o, [:ordered_set, :named_table]]", ":o"),
            (
                0,
                "insert",
                "[:o, [{3, :c}, {1, :a}, {:x, 1}, {\"s\", 2}, {1.0, :float}, {2.5, :f}]]",
                "true",
            ),
            (
                0,
                "tab2list",
                "[:o]",
                "[{1.0, :float}, {2.5, :f}, {3, :c}, {:x, 1}, {\"s\", 2}]",
            ),
            (0, "lookup", "[:o, 1]", "[{1.0, :float}]"),
            (0, "member", "[:o, 1.0]", "true"),
            (0, "first", "[:o]", "1.0"),
            (0, "next", "[:o, 1]", "2.5"),
            (0, "next", "[:o, 1.5]", "2.5"),
            (0, "prev", "[:o, 1.5]", "1.0"),
            (0, "last", "[:o]", "\"s\""),
            (0, "next", "[:o, \"s\"]", ":\"$end_of_table\""),
            (0, "prev", "[:o, 1]", ":\"$end_of_table\""),
            (0, "insert", "[:o, [{1, :a}, {1, :b}, {1.0, :c}]]", "true"),
            (0, "lookup", "[:o, 1]", "[{1.0, :c}]"),
            (0, "insert_new", "[:o, [{5, :a}, {5.0, :b}]]", "true"),
            (0, "lookup", "[:o, 5]", "[{5.0, :b}]"),
            (0, "delete_object", "[:o, {5, :b}]", "true"),
            (0, "lookup", "[:o, 5]", "[{5.0, :b}]"),
            (0, "delete_object", "[:o, {5.0, :b}]", "true"),
            (0, "lookup", "[:o, 5]", "[]"),
        ],
    );
}

#[test]
fn bags_keep_distinct_objects_and_duplicate_bags_keep_all() {
    let mut s = Sim::new(1);
    check(
        &mut s,
        &[
            (0, "new", "[:b, [:bag, :named_table]]", ":b"),
            (0, "insert", "[:b, {1, :x}]", "true"),
            (
                0,
                "insert",
                "[:b, [{1, :a}, {2, :a}, {1, :b}, {2, :b}, {1, :c}, {1, :x}]]",
                "true",
            ),
            // OTP 25 takes a list into a bag from its end.
            (
                0,
                "tab2list",
                "[:b]",
                "[{1, :x}, {1, :c}, {1, :b}, {1, :a}, {2, :b}, {2, :a}]",
            ),
            (0, "insert", "[:b, [{3, :a}, {3, :a}, {3, 1.0}, {3, 1}]]", "true"),
            (0, "lookup", "[:b, 3]", "[{3, 1}, {3, 1.0}, {3, :a}]"),
            (0, "delete_object", "[:b, {3, 1.0}]", "true"),
            (0, "lookup", "[:b, 3]", "[{3, 1}, {3, :a}]"),
            (0, "lookup_element", "[:b, 2, 2]", "[:b, :a]"),
            (
                0,
                "lookup_element",
                "[:b, 2, 3]",
                &arg_error(&["3rd argument: position is greater than the size of the object"]),
            ),
            (0, "insert_new", "[:b, [{5, :a}, {5, :b}, {5, :a}]]", "true"),
            (0, "lookup", "[:b, 5]", "[{5, :a}, {5, :b}]"),
            (0, "first", "[:b]", "1"),
            (0, "next", "[:b, 5]", ":\"$end_of_table\""),
            (
                0,
                "update_counter",
                "[:b, 1, 1]",
                &arg_error(&["1st argument: the table identifier refers to an ETS table of a type not supported by this operation"]),
            ),
            (
                0,
                "update_element",
                "[:b, 1, {2, 1}]",
                &arg_error(&["3rd argument: out of range"]),
            ),
            (0, "new", "[:d, [:duplicate_bag, :named_table]]", ":d"),
            (0, "insert", "[:d, {1, :x}]", "true"),
            (
                0,
                "insert",
                "[:d, [{1, :a}, {2, :a}, {1, :b}, {1, :a}]]",
                "true",
            ),
            (
                0,
                "tab2list",
                "[:d]",
                "[{1, :x}, {1, :a}, {1, :b}, {1, :a}, {2, :a}]",
            ),
            (0, "delete_object", "[:d, {1, :a}]", "true"),
            (0, "lookup", "[:d, 1]", "[{1, :x}, {1, :b}]"),
            (0, "insert_new", "[:d, {1, :z}]", "false"),
        ],
    );
}

#[test]
fn counters_and_elements() {
    let mut s = Sim::new(1);
    let not_integer =
        "3rd argument: the value in the given position, in the object, is not an integer";
    check(
        &mut s,
        &[
            (0, "new", "[:c, [:named_table]]", ":c"),
            (0, "insert", "[:c, {:k, 1, :a}]", "true"),
            (0, "update_counter", "[:c, :k, 5]", "6"),
            (0, "update_counter", "[:c, :k, {2, -1}]", "5"),
            (
                0,
                "update_counter",
                "[:c, :k, [{2, 1}, {2, -10, 0, 100}]]",
                "[6, 100]",
            ),
            (0, "update_counter", "[:c, :k, {2, 10, 50, 7}]", "7"),
            (0, "update_counter", "[:c, :k, []]", "[]"),
            (0, "update_counter", "[:c, :new, 1, {:other, 5}]", "6"),
            (0, "lookup", "[:c, :new]", "[new: 6]"),
            (
                0,
                "update_counter",
                "[:c, :k, [{2, 1}, {3, 1}]]",
                &arg_error(&[not_integer]),
            ),
            (0, "lookup", "[:c, :k]", "[{:k, 7, :a}]"),
            (
                0,
                "update_counter",
                "[:c, :k, {1, 1}]",
                &arg_error(&["3rd argument: the position is the same as the key position"]),
            ),
            (
                0,
                "update_counter",
                "[:c, :k, [{9, 1}, {1, 1}]]",
                &arg_error(&["3rd argument: the position in the update operation is out of range"]),
            ),
            (
                0,
                "update_counter",
                "[:c, :k, :x]",
                &arg_error(&["3rd argument: not a valid update operation"]),
            ),
            (
                0,
                "update_counter",
                "[:c, :missing, :x]",
                &arg_error(&[
                    "2nd argument: not a key that exists in the table",
                    "3rd argument: not a valid update operation",
                ]),
            ),
            (
                0,
                "update_counter",
                "[:c, :k, 1, :y]",
                &arg_error(&["4th argument: not a tuple"]),
            ),
            (
                0,
                "update_counter",
                "[:c, :new, 10000000000000000000000]",
                "10000000000000000000006",
            ),
            (
                0,
                "update_counter",
                "[:c, :new, {2, -1, -5, -5}]",
                "10000000000000000000005",
            ),
            (
                0,
                "update_counter",
                "[:c, :missing, 1, :y]",
                &arg_error(&["4th argument: not a tuple"]),
            ),
            (
                0,
                "update_counter",
                "[:c, :missing, :x, :y]",
                &arg_error(&[
                    "3rd argument: not a valid update operation",
                    "4th argument: not a tuple",
                ]),
            ),
            (
                0,
                "update_counter",
                "[:nope, 1, :x, :y]",
                &arg_error(&[NO_TABLE]),
            ),
            (0, "update_element", "[:c, :k, [{2, :a}, {3, :b}]]", "true"),
            (0, "lookup", "[:c, :k]", "[{:k, :a, :b}]"),
            (0, "update_element", "[:c, :missing, :bad]", "false"),
            (
                0,
                "update_element",
                "[:c, :k, [{2, :z}, {9, 1}]]",
                &arg_error(&["3rd argument: out of range"]),
            ),
            (
                0,
                "update_element",
                "[:c, :k, {0, 1}]",
                &arg_error(&["3rd argument: is not a valid element specification"]),
            ),
            (
                0,
                "update_element",
                "[:c, :k, {1, 1}]",
                &arg_error(&["3rd argument: the position is the same as the key position"]),
            ),
            (0, "lookup", "[:c, :k]", "[{:k, :a, :b}]"),
            (
                0,
                "lookup_element",
                "[:c, :missing, 2]",
                &arg_error(&["2nd argument: not a key that exists in the table"]),
            ),
            (
                0,
                "lookup_element",
                "[:c, :missing, 0]",
                &arg_error(&["3rd argument: out of range"]),
            ),
            (
                0,
                "lookup_element",
                "[:nope, 1, 0]",
                &arg_error(&[NO_TABLE, "3rd argument: out of range"]),
            ),
        ],
    );
}

#[test]
fn bad_arguments_explained_as_otp_does() {
    let mut s = Sim::new(1);
    check(
        &mut s,
        &[
            (0, "lookup", "[:nope, 1]", &arg_error(&[NO_TABLE])),
            (
                0,
                "insert",
                "[:nope, :x]",
                &arg_error(&[NO_TABLE, "2nd argument: not a tuple"]),
            ),
            (
                0,
                "lookup",
                "[\"x\", 1]",
                &arg_error(&["1st argument: not an atom or a table identifier"]),
            ),
            (
                0,
                "new",
                "[:a, [:bogus]]",
                &arg_error(&["2nd argument: invalid options"]),
            ),
            (
                0,
                "new",
                "[:a, [{:keypos, 0}]]",
                &arg_error(&["2nd argument: invalid options"]),
            ),
            (
                0,
                "new",
                "[:a, [{:heir, :x, 1}]]",
                &arg_error(&["2nd argument: invalid options"]),
            ),
            (
                0,
                "new",
                "[\"a\", []]",
                &arg_error(&["1st argument: not an atom"]),
            ),
            (
                0,
                "new",
                "[:a, :set]",
                &arg_error(&["2nd argument: not a list"]),
            ),
            (
                0,
                "new",
                "[:a, [:named_table | :x]]",
                &arg_error(&["2nd argument: not a proper list"]),
            ),
            (0, "new", "[:a, [:named_table, {:keypos, 2}]]", ":a"),
            (
                0,
                "insert",
                "[:a, :x]",
                &arg_error(&["2nd argument: not a tuple"]),
            ),
            (
                0,
                "insert",
                "[:a, {}]",
                &arg_error(&["2nd argument: is an empty tuple"]),
            ),
            (
                0,
                "insert",
                "[:a, [{1, 2}, :x]]",
                &arg_error(&["2nd argument: not a non-empty tuple or a list of non-empty tuples"]),
            ),
            // Shorter than the key position: no error info, and nothing inserted.
            (
                0,
                "insert",
                "[:a, [{1, 2}, {1}]]",
                "** (ArgumentError) argument error",
            ),
            (0, "tab2list", "[:a]", "[]"),
            (
                0,
                "delete_object",
                "[:a, :x]",
                &arg_error(&["2nd argument: not a tuple"]),
            ),
            (
                0,
                "info",
                "[:a, :bogus]",
                &arg_error(&["2nd argument: not a valid info item"]),
            ),
            (0, "info", "[:nope, :size]", ":undefined"),
            (
                0,
                "info",
                "[1]",
                &arg_error(&["1st argument: not an atom or a table identifier"]),
            ),
            (
                0,
                "whereis",
                "[1]",
                &arg_error(&["1st argument: invalid table name (must be an atom)"]),
            ),
            (
                0,
                "rename",
                "[:nope, 1]",
                &arg_error(&[
                    NO_TABLE,
                    "2nd argument: invalid table name (must be an atom)",
                ]),
            ),
        ],
    );
    // A reference that never was a table is not a table identifier at all.
    let r = Term::Ref(s.world.make_ref(0));
    assert_eq!(
        s.call(0, "lookup", vec![r, Term::Int(1)]),
        arg_error(&["1st argument: not a valid table identifier"])
    );
}

#[test]
fn options_later_ones_win_and_set_changes_nothing() {
    let mut s = Sim::new(1);
    let cases = [
        ("[:set, :bag]", ":bag"),
        ("[:bag, :set]", ":bag"),
        ("[:bag, :ordered_set]", ":ordered_set"),
        ("[:ordered_set, :bag]", ":bag"),
        ("[:duplicate_bag, :set]", ":duplicate_bag"),
        ("[:ordered_set, :set]", ":ordered_set"),
    ];
    for (opts, want) in cases {
        let opts = eval_source(opts).expect("options").expect("options");
        let tab = s.call_raw(0, "new", vec![Term::atom("x"), opts.clone()]);
        let tab = tab.expect("a table");
        assert!(matches!(tab, Term::Ref(_)), "{tab:?}");
        assert_eq!(
            s.call(0, "info", vec![tab, Term::atom("type")]),
            want,
            "{opts:?}"
        );
    }
    check(
        &mut s,
        &[
            (0, "new", "[:p, [:named_table, :public, :private]]", ":p"),
            (0, "info", "[:p, :protection]", ":private"),
            (
                0,
                "new",
                "[:q, [:named_table, {:keypos, 2}, {:keypos, 3}]]",
                ":q",
            ),
            (0, "info", "[:q, :keypos]", "3"),
            (
                0,
                "new",
                "[:w, [:named_table, :ordered_set, {:write_concurrency, true}]]",
                ":w",
            ),
            (0, "info", "[:w, :decentralized_counters]", "true"),
            (0, "info", "[:w, :write_concurrency]", "true"),
        ],
    );
}

#[test]
fn info_lists_otp_items_in_order() {
    let mut s = Sim::new(1);
    s.run(0, "new", "[:i, [:named_table, :bag]]");
    s.run(0, "insert", "[:i, [{1, :a}, {2, {:a, :b, \"hello\"}}]]");
    let info = s.run(0, "info", "[:i]");
    let keys: Vec<&str> = info
        .split(", ")
        .filter_map(|part| part.trim_start_matches('[').split(':').next())
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "decentralized_counters",
            "read_concurrency",
            "write_concurrency",
            "compressed",
            "memory",
            "owner",
            "heir",
            "name",
            "size",
            "node",
            "named_table",
            "type",
            "keypos",
            "protection"
        ]
    );
    // OTP 25 counts 305 words for an empty set-like table, 7 for {1, :a}
    // and 14 for {2, {:a, :b, "hello"}}.
    check(
        &mut s,
        &[
            (0, "info", "[:i, :memory]", "326"),
            (0, "info", "[:i, :size]", "2"),
            (0, "info", "[:i, :type]", ":bag"),
            (0, "info", "[:i, :named_table]", "true"),
            (0, "info", "[:i, :keypos]", "1"),
            (0, "info", "[:i, :protection]", ":protected"),
            (0, "info", "[:i, :name]", ":i"),
            (0, "info", "[:i, :heir]", ":none"),
            (0, "info", "[:i, :node]", ":a@sim"),
            (0, "info", "[:i, :fixed]", "false"),
        ],
    );
    assert_eq!(
        s.run(0, "info", "[:i, :owner]"),
        inspect(&Term::Pid(s.pids[0]))
    );
}

#[test]
fn matching_and_select() {
    let mut s = Sim::new(1);
    let bad_spec = arg_error(&["2nd argument: not a valid match specification"]);
    s.run(0, "new", "[:o, [:ordered_set, :named_table]]");
    s.run(
        0,
        "insert",
        "[:o, [{3, :c}, {1, :a}, {:x, 1}, {\"s\", 2}, {1.0, :float}, {2.5, :f}]]",
    );
    check(
        &mut s,
        &[
            (
                0,
                "match",
                "[:o, {:\"$2\", :\"$1\"}]",
                "[[:float, 1.0], [:f, 2.5], [:c, 3], [1, :x], [2, \"s\"]]",
            ),
            (
                0,
                "match",
                "[:o, :\"$1\"]",
                "[[{1.0, :float}], [{2.5, :f}], [{3, :c}], [x: 1], [{\"s\", 2}]]",
            ),
            (0, "match", "[:o, :_]", "[[], [], [], [], []]"),
            (0, "match", "[:o, {:_, :\"$1\"}]", "[[:float], [:f], [:c], [1], [2]]"),
            (0, "match", "[:o, {:\"$1\", :\"$1\"}]", "[]"),
            (0, "match", "[:o, {:\"$1\", :\"$_\"}]", "[]"),
            (0, "match", "[:o, {3, :\"$1\"}]", "[[:c]]"),
            (0, "match_object", "[:o, {:_, :a}]", "[]"),
            (0, "match_object", "[:o, {:_, :c}]", "[{3, :c}]"),
            (
                0,
                "select",
                "[:o, [{{:\"$1\", :\"$2\"}, [{:is_integer, :\"$1\"}], [:\"$$\"]}]]",
                "[[3, :c]]",
            ),
            (
                0,
                "select",
                "[:o, [{{:\"$1\", :\"$2\"}, [{:>, :\"$1\", 2}], [{{:\"$2\", :\"$1\"}}]}]]",
                "[{:f, 2.5}, {:c, 3}, {1, :x}, {2, \"s\"}]",
            ),
            (
                0,
                "select",
                "[:o, [{{:\"$1\", :\"$2\"}, [{:andalso, {:is_number, :\"$1\"}, {:<, :\"$1\", 2}}], [:\"$_\"]}]]",
                "[{1.0, :float}]",
            ),
            (
                0,
                "select",
                "[:o, [{{:\"$1\", :\"$2\"}, [{:==, :\"$1\", 1}], [:\"$2\"]}]]",
                "[:float]",
            ),
            (
                0,
                "select",
                "[:o, [{{:\"$1\", :\"$2\"}, [{:\"=:=\", :\"$1\", 1}], [:\"$2\"]}]]",
                "[]",
            ),
            (
                0,
                "select",
                "[:o, [{{:\"$1\", :\"$2\"}, [{:>, {:+, :\"$1\", 1}, 3}], [:\"$2\"]}]]",
                "[:f, :c]",
            ),
            (0, "select", "[:o, [{{:\"$1\", :\"$2\"}, [], [:\"$3\"]}]]", &bad_spec),
            (
                0,
                "select",
                "[:o, [{{:\"$1\", :\"$2\"}, [{:>, :\"$3\", 1}], [:\"$1\"]}]]",
                &bad_spec,
            ),
            (
                0,
                "select",
                "[:o, [{{:\"$1\", :\"$2\"}, [], [[:\"$1\", :x]]}]]",
                "[[1.0, :x], [2.5, :x], [3, :x], [:x, :x], [\"s\", :x]]",
            ),
            (
                0,
                "select",
                "[:o, [{{:\"$1\", :\"$2\"}, [], [%{k: :\"$1\"}]}]]",
                "[%{k: 1.0}, %{k: 2.5}, %{k: 3}, %{k: :x}, %{k: \"s\"}]",
            ),
            (
                0,
                "select",
                "[:o, [{{:\"$1\", :\"$2\"}, [], [{:const, {:\"$1\"}}]}]]",
                "[{:\"$1\"}, {:\"$1\"}, {:\"$1\"}, {:\"$1\"}, {:\"$1\"}]",
            ),
            (
                0,
                "select",
                "[:o, [{{:\"$1\", :\"$2\"}, [], [{:element, 1, :\"$_\"}]}]]",
                "[1.0, 2.5, 3, :x, \"s\"]",
            ),
            (0, "select", "[:o, [{{:\"$1\", :\"$2\"}, [], [{:bogus, 1}]}]]", &bad_spec),
            (0, "select", "[:o, [{:_, [{:tuple_size, {{1}}}], [:\"$_\"]}]]", &bad_spec),
            (0, "select", "[:o, [{:_, [{:andalso}], [:\"$_\"]}]]", &bad_spec),
            (
                0,
                "select",
                "[:o, [{{:\"$1\", :\"$2\"}, [], [:x, :y]}]]",
                "[:y, :y, :y, :y, :y]",
            ),
            (0, "select", "[:o, [{{:\"$1\", :\"$2\"}, [], []}]]", &bad_spec),
            (0, "select", "[:o, [{[1], [], [:\"$_\"]}]]", "[]"),
            (0, "select", "[:o, [{:_, [:bad], [:\"$_\"]}]]", "[]"),
            (0, "select", "[:o, []]", "[]"),
            (0, "select", "[:o, {:_, [], [:\"$_\"]}]", &bad_spec),
            (0, "select", "[:o, [{:_, :x, [:\"$_\"]}]]", &bad_spec),
            (0, "select", "[:o, [{:_, [], [:\"$_\"], 4}]]", &bad_spec),
            (0, "select", "[:nope, :bad]", &arg_error(&[NO_TABLE])),
            (
                0,
                "select_count",
                "[:o, [{{:\"$1\", :_}, [{:is_integer, :\"$1\"}], [true]}]]",
                "1",
            ),
            (
                0,
                "select_count",
                "[:o, [{{:\"$1\", :_}, [{:is_integer, :\"$1\"}], [:\"$_\"]}]]",
                "0",
            ),
            (
                0,
                "select_reverse",
                "[:o, [{{:\"$1\", :_}, [{:is_number, :\"$1\"}], [:\"$1\"]}]]",
                "[3, 2.5, 1.0]",
            ),
            (
                0,
                "select_delete",
                "[:o, [{{:\"$1\", :_}, [{:is_integer, :\"$1\"}], [true]}]]",
                "1",
            ),
            (
                0,
                "tab2list",
                "[:o]",
                "[{1.0, :float}, {2.5, :f}, {:x, 1}, {\"s\", 2}]",
            ),
            (0, "select_delete", "[:o, :bad]", &bad_spec),
            (0, "insert", "[:o, {%{a: 1, b: 2}, :map}]", "true"),
            // A fixed key is looked up, even a map that would match more.
            (0, "match", "[:o, {%{a: 1}, :\"$1\"}]", "[]"),
            (0, "match", "[:o, {%{a: :_}, :\"$1\"}]", "[[:map]]"),
            (0, "select", "[:o, [{{%{b: :\"$1\"}, :_}, [], [:\"$1\"]}]]", "[2]"),
            (0, "delete", "[:o, %{a: 1, b: 2}]", "true"),
            (0, "match_delete", "[:o, {:_, :f}]", "true"),
            (0, "tab2list", "[:o]", "[{1.0, :float}, {:x, 1}, {\"s\", 2}]"),
        ],
    );
}

#[test]
fn match_spec_bodies_turn_errors_into_exit_and_guards_fail() {
    let mut s = Sim::new(1);
    s.run(0, "new", "[:s, [:named_table]]");
    s.run(0, "insert", "[:s, {1, 2}]");
    check(
        &mut s,
        &[
            (
                0,
                "select",
                "[:s, [{:_, [], [{:+, :\"$_\", 1}]}]]",
                "[:EXIT]",
            ),
            (
                0,
                "select",
                "[:s, [{{:\"$1\", :_}, [], [{{:\"$1\", {:/, :\"$1\", 0}}}]}]]",
                "[{1, :EXIT}]",
            ),
            (
                0,
                "select",
                "[:s, [{{:\"$1\", :_}, [{:==, {:div, 1, 0}, :EXIT}], [true]}]]",
                "[]",
            ),
            (
                0,
                "select",
                "[:s, [{{:\"$1\", :_}, [{:orelse, {:>, :\"$1\", 0}, {:div, 1, 0}}], [true]}]]",
                "[true]",
            ),
            (
                0,
                "select",
                "[:s, [{{:\"$1\", :_}, [{:or, {:>, :\"$1\", 0}, {:div, 1, 0}}], [true]}]]",
                "[]",
            ),
            (
                0,
                "select",
                "[:s, [{{:\"$1\", :_}, [], [[:\"$1\" | :\"$1\"]]}]]",
                "[[1 | 1]]",
            ),
            (
                0,
                "select",
                "[:s, [{{:\"$1\", :_}, [], [%{:\"$1\" => 1}]}]]",
                "[%{1 => 1}]",
            ),
            (
                0,
                "select",
                "[:s, [{{:\"$1\", :_}, [], [{:map_get, :\"$1\", %{1 => 2}}]}]]",
                "[2]",
            ),
            (
                0,
                "select",
                "[:s, [{{:\"$1\", :a}, [], [:\"$1\"]}, {{:\"$1\", :a}, [], [:\"$2\"]}]]",
                &arg_error(&["2nd argument: not a valid match specification"]),
            ),
            (
                0,
                "select",
                "[:s, [{{:\"$1\", :_}, [], [{:node}]}]]",
                "[:a@sim]",
            ),
            (0, "select", "[:s, [{{:\"$0\", :_}, [], [:\"$0\"]}]]", "[1]"),
            (
                0,
                "select",
                "[:s, [{{:\"$1\", :_}, [], [{:float, :\"$1\"}]}]]",
                "[1.0]",
            ),
            (
                0,
                "select",
                "[:s, [{{:\"$1\", :_}, [], [{:size, {{1, 2}}}]}]]",
                "[2]",
            ),
        ],
    );
    assert_eq!(
        s.run(0, "select", "[:s, [{:_, [], [{:self}]}]]"),
        format!("[{}]", inspect(&Term::Pid(s.pids[0])))
    );
}

#[test]
fn access_rights() {
    let mut s = Sim::new(2);
    check(
        &mut s,
        &[
            (0, "new", "[:prot, [:named_table]]", ":prot"),
            (0, "new", "[:priv, [:named_table, :private]]", ":priv"),
            (0, "new", "[:pub, [:named_table, :public]]", ":pub"),
            (0, "insert", "[:prot, {1, :a}]", "true"),
            (1, "lookup", "[:prot, 1]", "[{1, :a}]"),
            (1, "insert", "[:prot, {2, :b}]", &arg_error(&[NO_ACCESS])),
            (
                1,
                "insert",
                "[:prot, :bad]",
                &arg_error(&[NO_ACCESS, "2nd argument: not a tuple"]),
            ),
            (1, "delete", "[:prot]", &arg_error(&[NO_ACCESS])),
            (
                1,
                "update_counter",
                "[:prot, 1, 1]",
                &arg_error(&[NO_ACCESS]),
            ),
            (1, "lookup", "[:priv, 1]", &arg_error(&[NO_ACCESS])),
            (1, "tab2list", "[:priv]", &arg_error(&[NO_ACCESS])),
            (
                1,
                "select",
                "[:priv, [{:_, [], [:\"$_\"]}]]",
                &arg_error(&[NO_ACCESS]),
            ),
            (
                1,
                "select",
                "[:prot, :bad]",
                &arg_error(&["2nd argument: not a valid match specification"]),
            ),
            (1, "info", "[:priv, :size]", "0"),
            (1, "insert", "[:pub, {1, :x}]", "true"),
            (0, "lookup", "[:pub, 1]", "[{1, :x}]"),
            (1, "delete", "[:pub]", "true"),
        ],
    );
}

#[test]
fn a_table_dies_with_its_owner_and_its_name_is_free_again() {
    let mut s = Sim::new(2);
    let anon = s.call_raw(0, "new", vec![Term::atom("anon"), Term::EMPTY_LIST]);
    let anon = anon.expect("a table");
    assert_eq!(
        s.call(0, "info", vec![anon.clone(), Term::atom("name")]),
        ":anon"
    );
    assert_eq!(
        s.call(0, "info", vec![anon.clone(), Term::atom("id")]),
        inspect(&anon)
    );
    s.run(0, "new", "[:owned, [:named_table]]");
    s.run(0, "insert", "[:owned, {1}]");
    s.kill(0);
    check(
        &mut s,
        &[
            (1, "lookup", "[:owned, 1]", &arg_error(&[NO_TABLE])),
            (1, "info", "[:owned]", ":undefined"),
            (1, "new", "[:owned, [:named_table]]", ":owned"),
            (1, "info", "[:owned, :size]", "0"),
        ],
    );
    assert_eq!(
        s.call(1, "lookup", vec![anon.clone(), Term::Int(1)]),
        arg_error(&[NO_TABLE])
    );
    assert_eq!(s.call(1, "info", vec![anon]), ":undefined");
}

#[test]
fn heirs_and_give_away() {
    let mut s = Sim::new(3);
    let heir = inspect(&Term::Pid(s.pids[1]));
    let owner = inspect(&Term::Pid(s.pids[0]));
    // A pid cannot be written as a literal: the options are made as terms.
    let opts = Term::list(vec![
        Term::atom("named_table"),
        Term::tuple([Term::atom("heir"), Term::Pid(s.pids[1]), Term::atom("gift")]),
    ]);
    assert_eq!(s.call(0, "new", vec![Term::atom("h"), opts]), ":h");
    assert_eq!(s.run(0, "info", "[:h, :heir]"), heir);
    s.run(0, "insert", "[:h, {1}]");
    s.kill(0);
    assert_eq!(s.run(1, "info", "[:h, :owner]"), heir);
    assert_eq!(s.run(1, "lookup", "[:h, 1]"), "[{1}]");
    assert_eq!(
        s.sent_to(1),
        [format!("{{:\"ETS-TRANSFER\", :h, {owner}, :gift}}")]
    );
    check(
        &mut s,
        &[
            (
                1,
                "give_away",
                "[:h, :x, :y]",
                &arg_error(&["2nd argument: not a pid"]),
            ),
            (
                2,
                "give_away",
                "[:h, :x, :y]",
                &arg_error(&["2nd argument: the current process is not the owner"]),
            ),
            (
                1,
                "give_away",
                "[:nope, :x, :y]",
                &arg_error(&[NO_TABLE, "2nd argument: not a pid"]),
            ),
        ],
    );
    let to_self = vec![Term::atom("h"), Term::Pid(s.pids[1]), Term::nil()];
    assert_eq!(
        s.call(1, "give_away", to_self),
        arg_error(&["2nd argument: the process is already the owner of the table"])
    );
    let dead = vec![Term::atom("h"), Term::Pid(s.pids[0]), Term::nil()];
    assert_eq!(
        s.call(1, "give_away", dead),
        arg_error(&["2nd argument: the pid refers to a terminated process"])
    );
    let to_2 = vec![Term::atom("h"), Term::Pid(s.pids[2]), Term::atom("here")];
    assert_eq!(s.call(1, "give_away", to_2), "true");
    assert_eq!(
        s.run(2, "info", "[:h, :owner]"),
        inspect(&Term::Pid(s.pids[2]))
    );
    assert_eq!(
        s.sent_to(2),
        [format!("{{:\"ETS-TRANSFER\", :h, {heir}, :here}}")]
    );
    // The heir stays; when the new owner dies it inherits again, but no
    // heir inherits from itself.
    s.kill(2);
    assert_eq!(s.run(1, "info", "[:h, :owner]"), heir);
    s.kill(1);
    assert_eq!(s.run(3, "info", "[:h]"), ":undefined");
}

#[test]
fn names_live_on_their_node() {
    let mut s = Sim::new(1);
    let b = 1; // the process on b@sim
    check(
        &mut s,
        &[
            (0, "new", "[:t, [:named_table, :public]]", ":t"),
            (b, "lookup", "[:t, 1]", &arg_error(&[NO_TABLE])),
            (b, "new", "[:t, [:named_table, :public]]", ":t"),
            (b, "insert", "[:t, {1, :b}]", "true"),
            (0, "lookup", "[:t, 1]", "[]"),
            (b, "info", "[:t, :node]", ":b@sim"),
            (0, "whereis", "[:nope]", ":undefined"),
        ],
    );
    let id = s.run(0, "whereis", "[:t]");
    assert_eq!(s.run(0, "info", "[:t, :id]"), id);
    assert_eq!(s.run(0, "all", "[]"), "[:t]");
}

#[test]
fn rename_moves_a_named_table() {
    let mut s = Sim::new(1);
    check(
        &mut s,
        &[
            (0, "new", "[:r, [:named_table]]", ":r"),
            (0, "new", "[:taken, [:named_table]]", ":taken"),
            (0, "insert", "[:r, {1}]", "true"),
            (
                0,
                "rename",
                "[:r, :taken]",
                &arg_error(&["2nd argument: table name already exists"]),
            ),
            (0, "rename", "[:r, :r2]", ":r2"),
            (0, "lookup", "[:r2, 1]", "[{1}]"),
            (0, "info", "[:r2, :name]", ":r2"),
            (0, "lookup", "[:r, 1]", &arg_error(&[NO_TABLE])),
        ],
    );
    // An unnamed table only changes the name `info/2` reports.
    let plain = s.call_raw(0, "new", vec![Term::atom("plain"), Term::EMPTY_LIST]);
    let plain = plain.expect("a table");
    let renamed = s.call(0, "rename", vec![plain.clone(), Term::atom("fancy")]);
    assert_eq!(renamed, inspect(&plain));
    assert_eq!(s.call(0, "info", vec![plain, Term::atom("name")]), ":fancy");
    assert_eq!(s.run(0, "info", "[:fancy]"), ":undefined");
}

#[test]
fn tables_are_copied_with_the_world() {
    let mut s = Sim::new(1);
    s.run(0, "new", "[:snap, [:named_table]]");
    s.run(0, "insert", "[:snap, {1, :before}]");
    let snapshot = s.world.clone();
    s.run(0, "insert", "[:snap, {1, :after}]");
    s.world = snapshot;
    assert_eq!(s.run(0, "lookup", "[:snap, 1]"), "[{1, :before}]");
}
