//! The interpreter's fast paths (fused constant operands, arguments
//! computed in place, calls and returns without a trip through the frame
//! loop) agree with the slow paths they skip: big integers, floats, bad
//! operands with their messages, a constant's register read again, deep
//! recursion, a process preempted mid-call, and variables bound while a
//! value computed into place was being computed, guards made of `and`
//! and type tests, tagged tuples tested in one instruction, and copies
//! made two at a time.

use crate::console::Console;

/// The compiled code of the first function called `name` in `module`.
fn code_of(c: &Console, module: &str, name: &str) -> std::rc::Rc<crate::vm::code::Function> {
    let m = crate::vm::code_server::module(
        c.world(),
        crate::term::Atom::new(&format!("Elixir.{module}")),
    )
    .unwrap_or_else(|| panic!("{module} is loaded"));
    m.functions
        .iter()
        .find(|f| f.name.as_str() == name)
        .cloned()
        .unwrap_or_else(|| panic!("{module}.{name} is compiled"))
}

fn eval(c: &mut Console, chunk: &str) -> String {
    let out = c.eval_line(chunk);
    out.text
}

#[test]
fn constant_operands_on_every_kind_of_value() {
    let mut c = Console::bare(1);
    let module = "defmodule FP do\n\
        def dec(x), do: x - 1\n\
        def small?(x), do: x < 2\n\
        def both(y) do\n  x = 1\n  {y - x, x}\nend\n\
        def fib(n) when n < 2, do: n\n\
        def fib(n), do: fib(n - 1) + fib(n - 2)\n\
        def sum([]), do: 0\n\
        def sum([h | t]), do: h + sum(t)\n\
        end";
    assert!(c.eval_line(module).ok);
    for (chunk, want) in [
        ("FP.dec(5)", "4"),
        ("FP.dec(-9223372036854775808)", "-9223372036854775809"),
        ("FP.dec(2.5)", "1.5"),
        ("FP.small?(1)", "true"),
        ("FP.small?(2)", "false"),
        ("FP.small?(1.5)", "true"),
        ("FP.small?(:atom)", "false"),
        ("FP.small?(\"s\")", "false"),
        ("FP.both(10)", "{9, 1}"),
        ("FP.both(0.5)", "{-0.5, 1}"),
        ("FP.fib(20)", "6765"),
        ("FP.fib(1.0)", "1.0"),
        ("FP.sum(Enum.to_list(1..100_000))", "5000050000"),
    ] {
        assert_eq!(eval(&mut c, chunk), want, "{chunk}");
    }
    assert_eq!(
        eval(&mut c, "FP.dec(:a)"),
        "** (ArithmeticError) bad argument in arithmetic expression: :a - 1"
    );
    let top = eval(
        &mut c,
        "try do FP.dec(:a) rescue _ -> hd(__STACKTRACE__) end",
    );
    assert!(top.starts_with("{FP, :dec, 1, [file: "), "{top}");
}

#[test]
fn calls_keep_their_frames_across_preemption() {
    let mut c = Console::bare(1);
    let module = "defmodule FQ do\n\
        def fib(n) when n < 2, do: n\n\
        def fib(n), do: fib(n - 1) + fib(n - 2)\n\
        end";
    assert!(c.eval_line(module).ok);
    // Two processes share the scheduler: each is preempted many times
    // in the middle of its recursion and still gets its answer.
    let chunk = "me = self()\n\
        for n <- [18, 19], do: spawn(fn -> send(me, {n, FQ.fib(n)}) end)\n\
        [receive(do: ({18, v} -> v)), receive(do: ({19, v} -> v))]";
    assert_eq!(eval(&mut c, chunk), "[2584, 4181]");
}

#[test]
fn tail_calls_run_in_place_and_the_frame_names_the_function_reached() {
    let mut c = Console::bare(1);
    let module = "defmodule TC do\n\
        def a(0, acc), do: raise(\"boom #{acc}\")\n\
        def a(n, acc), do: b(n - 1, acc + 1)\n\
        def b(n, acc), do: a(n, acc)\n\
        def count(0, acc), do: acc\n\
        def count(n, acc), do: count(n - 1, acc + n)\n\
        def forever(n), do: forever(n + 1)\n\
        end";
    assert!(c.eval_line(module).ok);
    // A million calls to itself: preempted many times on the way (a loop
    // that never yielded would hang the line), with its answer intact.
    // What Elixir 1.14 printed for the same module.
    assert_eq!(eval(&mut c, "TC.count(1_000_000, 0)"), "500000500000");
    // After tail calls back and forth, the raising frame is the function
    // the last tail call reached.
    let chunk = "try do TC.a(5, 0) rescue e -> {e.message, hd(__STACKTRACE__) |> elem(1)} end";
    assert_eq!(eval(&mut c, chunk), "{\"boom 5\", :a}");
    // A loop without end still gives up its slice: the shell gets on.
    let chunk = "pid = spawn(fn -> TC.forever(0) end)\n\
        Process.sleep(10)\n\
        Process.exit(pid, :kill)";
    assert_eq!(eval(&mut c, chunk), "true");
}

#[test]
fn values_computed_into_place_keep_bindings_made_on_the_way() {
    let mut c = Console::bare(1);
    // A variable bound inside an argument, element or key is used after
    // the call, tuple, map or list that bound it.
    let module = "defmodule FR do\n\
        def f(a, b), do: {a, b}\n\
        def g(y) do\n  r = {x = y + 1, 0}\n  {r, x}\nend\n\
        def h() do\n  r = f(x = 1, 2)\n  {r, x}\nend\n\
        def m(y) do\n  r = %{(k = y) => 0}\n  {r, k}\nend\n\
        def l(y) do\n  r = [z = {y}, 0]\n  {r, z}\nend\n\
        def c(y) do\n  r = f(z = f(y, y), (w = y; w + 1))\n  {r, z, w}\nend\n\
        def n(y), do: {:ok, f(y, :x), [y | []], %{a: y}, hd([y])}\n\
        end";
    assert!(c.eval_line(module).ok);
    // What Elixir 1.14 printed for the same module (`inspect/1` of each).
    for (chunk, want) in [
        ("FR.g(1)", "{{2, 0}, 2}"),
        ("FR.h()", "{{1, 2}, 1}"),
        ("FR.m(2)", "{%{2 => 0}, 2}"),
        ("FR.l(3)", "{[{3}, 0], {3}}"),
        ("FR.c(4)", "{{{4, 4}, 5}, {4, 4}, 4}"),
        ("FR.n(5)", "{:ok, {5, :x}, [5], %{a: 5}, 5}"),
    ] {
        assert_eq!(eval(&mut c, chunk), want, "{chunk}");
    }
}

#[test]
fn guards_of_and_and_type_tests_jump_straight_to_the_next_clause() {
    let mut c = Console::bare(1);
    // `and` of type tests compiles to tests that jump to the next clause;
    // a side that is not exactly `true`, or that raises, still fails the
    // guard, and `or` and `when ... when` keep their meaning.
    let module = "defmodule FG do\n\
        def t(a, b) when is_atom(a) and is_atom(b), do: :atoms\n\
        def t(a, b) when is_integer(a) and b, do: {:int_and, b}\n\
        def t(a, _b) when a and is_atom(a), do: :true_atom\n\
        def t(a, b) when (is_list(a) and hd(a) > 0) or is_map(b), do: :list_or_map\n\
        def t(_, _), do: :other\n\
        def u(x) when is_atom(x) and x when is_integer(x), do: :when_or\n\
        def u(_), do: :no\n\
        def v(f) when is_function(f, 1), do: :one\n\
        def v(f) when is_function(f, 0) or is_atom(f), do: :zero_or_atom\n\
        def v(_), do: :no\n\
        end";
    assert!(c.eval_line(module).ok);
    // What Elixir 1.14 printed for the same module.
    for (chunk, want) in [
        ("FG.t(:a, :b)", ":atoms"),
        ("FG.t(:a, 1)", ":other"),
        ("FG.t(1, true)", "{:int_and, true}"),
        ("FG.t(1, :x)", ":other"),
        ("FG.t(true, 0)", ":true_atom"),
        ("FG.t([], 1)", ":other"),
        ("FG.t([1], 1)", ":list_or_map"),
        ("FG.t(:a, %{})", ":list_or_map"),
        ("FG.t(nil, nil)", ":atoms"),
        ("FG.u(true)", ":when_or"),
        ("FG.u(:a)", ":no"),
        ("FG.u(3)", ":when_or"),
        ("FG.u(false)", ":no"),
        ("FG.u(\"s\")", ":no"),
        (
            "[FG.v(fn x -> x end), FG.v(fn -> 1 end), FG.v(:a), FG.v(1), FG.v(&Kernel.+/2)]",
            "[:one, :zero_or_atom, :zero_or_atom, :no, :no]",
        ),
    ] {
        assert_eq!(eval(&mut c, chunk), want, "{chunk}");
    }
    // The first clause's guard is two type tests, no booleans made.
    let t = code_of(&c, "FG", "t");
    let first_clause: Vec<_> = t.code.iter().take(2).collect();
    assert!(
        first_clause
            .iter()
            .all(|op| matches!(op, crate::vm::ops::Op::TypeTest { .. })),
        "{first_clause:?}"
    );
}

#[test]
fn tagged_tuple_tests_take_one_instruction_and_fall_through_as_before() {
    let mut c = Console::bare(1);
    let module = "defmodule FT do\n\
        def t({:a, x}), do: {:a, x}\n\
        def t({:b, x, y}), do: {:b, x, y}\n\
        def t({:a, x, _}), do: {:a3, x}\n\
        def t({x}), do: {:one, x}\n\
        def t(other), do: {:other, other}\n\
        end";
    assert!(c.eval_line(module).ok);
    // What Elixir 1.14 printed for the same module.
    assert_eq!(
        eval(
            &mut c,
            "Enum.map([{:a, 1}, {:b, 1, 2}, {:a, 1, 2}, {:c, 1}, {:a}, {}, :a, {1, :a}], &FT.t/1)"
        ),
        "[\n  {:a, 1},\n  {:b, 1, 2},\n  {:a3, 1},\n  {:other, {:c, 1}},\n  {:one, :a},\n  \
         {:other, {}},\n  {:other, :a},\n  {:other, {1, :a}}\n]"
    );
    let t = code_of(&c, "FT", "t");
    let fused = t
        .code
        .iter()
        .filter(|op| matches!(op, crate::vm::ops::Op::IsTaggedTuple { .. }))
        .count();
    assert_eq!(fused, 3, "{:?}", t.code);
}

#[test]
fn copies_made_in_pairs_keep_their_order() {
    let mut c = Console::bare(1);
    let module = "defmodule FM do\n\
        def f(a, b, c), do: {a, b, c}\n\
        def rot(a, b, c), do: f(b, c, a)\n\
        def loop(0, a, b), do: {a, b}\n\
        def loop(n, a, b), do: loop(n - 1, b, a)\n\
        end";
    assert!(c.eval_line(module).ok);
    for (chunk, want) in [
        ("FM.rot(1, 2, 3)", "{2, 3, 1}"),
        ("FM.loop(3, :x, :y)", "{:y, :x}"),
        ("FM.loop(4, :x, :y)", "{:x, :y}"),
    ] {
        assert_eq!(eval(&mut c, chunk), want, "{chunk}");
    }
    let rot = code_of(&c, "FM", "rot");
    assert!(
        rot.code
            .iter()
            .any(|op| matches!(op, crate::vm::ops::Op::Move2 { .. })),
        "{:?}",
        rot.code
    );
}

#[test]
fn a_receive_that_takes_any_message_takes_the_oldest_in_one_step() {
    let mut c = Console::bare(1);
    let module = "defmodule FR do\n\
        def take(0, acc), do: Enum.reverse(acc)\n\
        def take(n, acc) do\n\
          receive do\n\
            msg -> take(n - 1, [msg | acc])\n\
          end\n\
        end\n\
        def take_or_timeout do\n\
          receive do\n\
            msg -> {:got, msg}\n\
          after\n\
            10 -> :timeout\n\
          end\n\
        end\n\
        end";
    assert!(c.eval_line(module).ok);
    // What Elixir 1.14 printed for the same lines: in order, after a
    // wait for a message still to come, and with `after`.
    for (chunk, want) in [
        (
            "send(self(), :a); send(self(), {:b, 1}); send(self(), 3); FR.take(3, [])",
            "[:a, {:b, 1}, 3]",
        ),
        (
            "me = self(); spawn(fn -> Process.sleep(5); send(me, :late) end); FR.take(1, [])",
            "[:late]",
        ),
        ("FR.take_or_timeout()", ":timeout"),
        ("send(self(), :now); FR.take_or_timeout()", "{:got, :now}"),
    ] {
        assert_eq!(eval(&mut c, chunk), want, "{chunk}");
    }
    for f in ["take", "take_or_timeout"] {
        let code = code_of(&c, "FR", f);
        assert!(
            code.code
                .iter()
                .any(|op| matches!(op, crate::vm::ops::Op::TakeMessage { .. })),
            "{f}: {:?}",
            code.code
        );
    }
}
