//! Every input bounded: natives charge the line's budget for the work they
//! do, a line's memory is capped, and `--` is exact and fast.
#![cfg(not(target_arch = "wasm32"))]

use otpsim::console::{Console, Limits};

const STOPPED: &str = "** (otpsim) line stopped: reduction budget exhausted";

fn eval(c: &mut Console, line: &str) -> String {
    let out = c.eval_line(line);
    out.full
}

/// A bare console with `l` bound to `[1..n]` and `pairs` to `[{i, i}]`,
/// then the given reduction budget.
fn console_with_list(n: u32, reductions: u64) -> Console {
    let mut c = Console::bare(1);
    let made = eval(
        &mut c,
        &format!("l = Enum.to_list(1..{n}); pairs = Enum.zip(l, l); length(pairs)"),
    );
    assert_eq!(made, n.to_string());
    c.set_limits(Limits {
        reductions,
        ..Limits::default()
    });
    c
}

#[test]
fn subtract_removes_the_first_exactly_equal_element_of_each() {
    let mut c = Console::bare(1);
    // Each answer checked against Elixir 1.14 on OTP 25.
    for (line, want) in [
        ("[1, 1.0, 2] -- [1.0]", "[1, 2]"),
        ("[1, 2, 1, 3, 2, 1] -- [1, 2, 1]", "[3, 2, 1]"),
        ("[0.0, -0.0, 1] -- [-0.0]", "[-0.0, 1]"),
        (
            "[[1], {1.0}, {1}, %{a: 1}] -- [{1}, %{a: 1}]",
            "[[1], {1.0}]",
        ),
        ("[3, 1, 2, 1, 3] -- [3, 3, 3, 4]", "[1, 2, 1]"),
        ("[] -- [1]", "[]"),
        ("[:a, \"b\", :a] -- []", "[:a, \"b\", :a]"),
    ] {
        assert_eq!(eval(&mut c, line), want, "{line}");
    }
    assert!(eval(&mut c, "[1 | 2] -- [1]").starts_with("** (ArgumentError)"));
}

#[test]
fn subtract_of_big_lists_is_not_quadratic() {
    let mut c = Console::bare(1);
    let started = std::time::Instant::now();
    let out = eval(
        &mut c,
        "l = Enum.to_list(1..200_000); r = Enum.reverse(l) ++ [0]; length(l -- r) + length((l ++ l) -- l)",
    );
    assert_eq!(out, "200000");
    // Quadratic, this is 2·10^10 comparisons; linear, milliseconds (a debug
    // build on a busy machine included).
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

#[test]
fn heavy_natives_stop_at_the_reduction_budget() {
    // 200k elements: each line below charges more than 20k reductions in
    // one call, which before charging cost one reduction and ran to the end.
    let mut c = console_with_list(200_000, 20_000);
    for line in [
        "Enum.sort(l)",
        ":lists.sort(l)",
        "Enum.sort(l, :desc)",
        "l ++ l",
        "l -- l",
        "Map.new(pairs)",
        ":maps.from_list(pairs)",
        ":lists.reverse(l)",
        "Enum.reverse(l)",
        "Enum.uniq(l)",
        "MapSet.new(l)",
        "Enum.count(l)",
        "Enum.sum(l)",
        "List.to_tuple(l)",
        "put_elem(List.to_tuple(Enum.take(l, 3)), 0, l) |> elem(0) |> :erlang.list_to_binary()",
        "Enum.to_list(1..1_000_000)",
        ":lists.seq(1, 1_000_000)",
        "List.duplicate(0, 1_000_000)",
        "Tuple.duplicate(0, 1_000_000)",
        "String.duplicate(\"ab\", 10_000_000)",
        ":lists.keysort(1, pairs)",
        "Enum.join(l, \",\")",
    ] {
        let out = eval(&mut c, line);
        assert!(out.starts_with(STOPPED), "{line}: {out}");
    }
    // Cheap natives stay cheap, however long their argument.
    for (line, want) in [
        ("hd(l)", "1"),
        ("length(l)", "200000"),
        ("tl(l) |> hd()", "2"),
        ("m = %{1 => 2}; Map.get(m, 1)", "2"),
        ("is_list(l)", "true"),
        ("Enum.take(l, 3)", "[1, 2, 3]"),
    ] {
        assert_eq!(eval(&mut c, line), want, "{line}");
    }
}

#[test]
fn a_native_past_the_budget_is_stopped_before_it_runs() {
    // The charge is paid up front: the line stops with the sort unrun,
    // so only a slice or so past the budget is spent.
    let mut c = console_with_list(1_000_000, 200_000);
    let before = c.world().reductions();
    let out = eval(&mut c, "s = Enum.sort(l); send(self(), :sorted); length(s)");
    assert!(out.starts_with(STOPPED), "{out}");
    assert_eq!(
        eval(&mut c, "receive do m -> m after 0 -> :none end"),
        ":none"
    );
    // The sort costs more than the whole line may spend, so it is refused
    // rather than charged: the meter reads one reduction past the budget,
    // not the budget and a sort of a million.
    let spent = c.world().reductions() - before;
    assert!((200_001..=200_100).contains(&spent), "{spent}");
}

#[test]
fn a_spawned_process_refused_a_native_pays_for_it_when_it_runs() {
    let mut c = console_with_list(200_000, 20_000);
    let out = eval(
        &mut c,
        "me = self(); spawn(fn -> send(me, {:sorted, length(Enum.sort(l))}) end); Process.sleep(100)",
    );
    assert!(out.starts_with(STOPPED), "{out}");
    // The next line can afford the sort: the process runs it there, and
    // the line pays for it (once refused, it was never paid for).
    c.set_limits(Limits::default());
    let before = c.world().reductions();
    assert_eq!(
        eval(&mut c, "receive do m -> m after 1_000 -> :none end"),
        "{:sorted, 200000}"
    );
    assert!(c.world().reductions() - before > 200_000 * 17 / 4);
}

/// A bare console with `d` bound to a list of `2^40` leaves, `i` to
/// iodata of `2^41` bytes (both shared: forty levels of `[x, x]`), `a` to
/// `3^600_000` (950k bits), `b` to `3^300_000`, `t` to an `:ets` table of `{i, i}` for `i` in
/// `1..200_000`, then the given reduction budget.
fn console_with_big_terms(reductions: u64) -> Console {
    let mut c = Console::bare(1);
    let made = eval(
        &mut c,
        "d = Enum.reduce(1..40, 1, fn _, x -> [x, x] end); \
         i = Enum.reduce(1..40, \"ab\", fn _, x -> [x, x] end); \
         a = Integer.pow(3, 600_000); \
         b = Integer.pow(3, 300_000); \
         t = :ets.new(:t, [:public]); \
         objects = for k <- 1..200_000, do: {k, k}; \
         :ets.insert(t, objects)",
    );
    assert_eq!(made, "true");
    c.set_limits(Limits {
        reductions,
        ..Limits::default()
    });
    c
}

#[test]
fn walking_a_huge_term_stops_at_the_budget_before_it_starts() {
    let mut c = console_with_big_terms(50_000);
    for line in [
        // Printed, written out, encoded: each walks the term as a tree,
        // every shared part again.
        "inspect(d)",
        "inspect(d, limit: :infinity)",
        "IO.inspect(d)",
        "\"#{inspect(d)}\"",
        ":erlang.term_to_binary(d)",
        ":erlang.external_size(d)",
        ":erlang.phash2(d)",
        ":io_lib.format('~w', [d])",
        "IO.iodata_to_binary(i)",
        "IO.iodata_length(i)",
        ":erlang.iolist_to_binary(i)",
        "\"#{i}\"",
        "to_string(i)",
        "IO.puts(i)",
        "List.to_string(i)",
        // :ets natives walk the whole table.
        ":ets.tab2list(t)",
        ":ets.match_object(t, {:_, :_})",
        ":ets.match(t, {:\"$1\", :_})",
        ":ets.select(t, [{{:_, :_}, [], [:\"$_\"]}])",
        ":ets.select_count(t, [{{:_, :_}, [], [true]}])",
        ":ets.foldl(fn _, n -> n + 1 end, 0, t)",
        // The digits of a 950k-bit integer, and reading them back.
        "Integer.to_string(a)",
        "inspect(a)",
        "\"#{a}\"",
    ] {
        let before = c.world().reductions();
        let out = eval(&mut c, line);
        assert!(out.starts_with(STOPPED), "{line}: {out}");
        // Refused, not run: the line spent just past its budget.
        let spent = c.world().reductions() - before;
        assert!(spent <= 50_100, "{line}: {spent}");
    }
    // What stays small stays cheap.
    for (line, want) in [
        (
            "inspect(d, limit: 3)",
            "\"[[[[...], ...], [...]], [[...], ...]]\"",
        ),
        (":ets.lookup(t, 7)", "[{7, 7}]"),
        (":ets.select(t, [{{7, :_}, [], [:\"$_\"]}])", "[{7, 7}]"),
        (":ets.info(t, :size)", "200000"),
        ("rem(a, 10)", "1"),
    ] {
        assert_eq!(eval(&mut c, line), want, "{line}");
    }
}

#[test]
fn big_integer_arithmetic_is_charged_by_size_and_capped() {
    let mut c = console_with_big_terms(50_000);
    // A thousand additions of 950k-bit integers: a few reductions each
    // as instructions, a thousand each as work.
    let out = eval(
        &mut c,
        "Enum.reduce(1..1_000, 0, fn _, acc -> acc + a end) |> rem(10)",
    );
    assert!(out.starts_with(STOPPED), "{out}");
    let out = eval(
        &mut c,
        "Enum.reduce(1..5, 1, fn _, acc -> rem(b * b, acc + 7) end)",
    );
    assert!(out.starts_with(STOPPED), "{out}");
    // Past a million bits, an integer is refused before it is made.
    for line in [
        "Integer.pow(7, 10_000_000)",
        "Bitwise.bsl(1, 100_000_000)",
        ":erlang.bsl(a, 200_000)",
        "a * a",
        ":erlang.*(a, a)",
    ] {
        let out = eval(&mut c, line);
        assert!(
            out.starts_with("** (SystemLimitError) a system limit has been reached"),
            "{line}: {out}"
        );
    }
    // Small integers are as cheap as ever.
    assert_eq!(
        eval(
            &mut c,
            "Enum.reduce(1..1_000, 0, fn x, acc -> acc + x * x end)"
        ),
        "333833500"
    );
}

#[test]
fn ten_sorts_of_a_million_end_within_the_default_budget() {
    let mut c = console_with_list(1_000_000, Limits::default().reductions);
    let out = eval(&mut c, "for _ <- 1..10, do: length(Enum.sort(l))");
    assert!(out.starts_with(STOPPED), "{out}");
    assert_eq!(eval(&mut c, "1 + 1"), "2");
}

#[test]
fn a_spawned_process_is_charged_too() {
    let mut c = console_with_list(200_000, 20_000);
    let out = eval(
        &mut c,
        "spawn(fn -> Enum.sort(l) end); Process.sleep(100); :ok",
    );
    assert!(out.starts_with(STOPPED), "{out}");
}

#[test]
fn a_line_past_its_heap_limit_is_a_system_limit() {
    let mut c = Console::bare(1);
    c.set_limits(Limits {
        heap_words: 1_000_000,
        ..Limits::default()
    });
    // 400k elements take 800k words: one fits, two do not.
    assert_eq!(eval(&mut c, "length(Enum.to_list(1..400_000))"), "400000");
    let out = eval(
        &mut c,
        "a = Enum.to_list(1..400_000); b = Enum.to_list(1..400_000); length(a) + length(b)",
    );
    assert!(
        out.starts_with("** (SystemLimitError) a system limit has been reached: this would take"),
        "{out}"
    );
    assert!(out.contains("heap limit"), "{out}");
    // Binaries count too: 2^23 bytes is a million words.
    let out = eval(&mut c, "Enum.reduce(1..30, \"x\", fn _, a -> a <> a end)");
    assert!(out.contains("heap limit"), "{out}");
    // The limit is per line: the next one starts afresh.
    assert_eq!(eval(&mut c, "length(Enum.to_list(1..400_000))"), "400000");
}

#[test]
fn doubling_a_binary_stops_at_the_binary_cap_by_default() {
    let mut c = Console::bare(1);
    let out = eval(&mut c, "Enum.reduce(1..40, \"x\", fn _, a -> a <> a end)");
    assert!(
        out.starts_with("** (SystemLimitError) a system limit has been reached"),
        "{out}"
    );
    assert_eq!(eval(&mut c, "1 + 1"), "2");
}

/// A line whose value shares its parts (`[a, a]` forty times over) ends,
/// printed up to the printer's node budget, as does a message of it in the
/// trace; the console goes on.
#[test]
fn a_result_that_shares_its_parts_is_printed_within_a_bound() {
    let mut c = Console::bare(1);
    let out = c.eval_line("x = Enum.reduce(1..40, [], fn _, a -> [a, a] end)");
    assert!(out.ok && out.text.contains("..."), "{}", &out.text[..80]);
    let out = c.eval_line("send(self(), x); :sent");
    assert_eq!(out.text, ":sent");
    // The trace's text of the send prints the message within the bound too.
    let sent = c
        .world()
        .trace()
        .iter()
        .map(|e| e.describe())
        .rfind(|d| d.contains("send") && d.contains("[[[["))
        .expect("the send is in the trace");
    assert!(sent.contains("..."));
    // A line of the event log: a few thousand nodes at most.
    assert!(sent.len() < 20_000, "{}", sent.len());
    assert_eq!(eval(&mut c, "1 + 1"), "2");
}

/// A term compared with itself is equal at once, as on the BEAM (which
/// checks the pointers first), and flattening one is charged by every cell
/// it would walk: neither hangs on `[x, x]` forty times over.
#[test]
fn a_term_that_shares_its_parts_compares_and_flattens_within_the_budget() {
    let mut c = Console::bare(1);
    eval(&mut c, "x = Enum.reduce(1..40, [], fn _, a -> [a, a] end)");
    assert_eq!(
        eval(&mut c, "x == x and x === x and [x, 1] < [x, 2]"),
        "true"
    );
    assert_eq!(eval(&mut c, "Enum.sort([x, [], x]) |> length"), "3");
    // Built twice, they share nothing with each other: parts found equal
    // are remembered for the rest of the comparison.
    eval(&mut c, "y = Enum.reduce(1..40, [], fn _, a -> [a, a] end)");
    assert_eq!(
        eval(&mut c, "x == y and [x, 1] < [y, 2] and {x, 1} != {y, 2}"),
        "true"
    );
    eval(&mut c, "z = Enum.reduce(1..40, [1], fn _, a -> [a, a] end)");
    assert_eq!(
        eval(&mut c, "{x < z, x == z, Enum.sort([z, y, x]) == [x, x, z]}"),
        "{true, false, true}"
    );
    // Hashing looks at a bounded prefix of a term.
    assert_eq!(eval(&mut c, "Enum.uniq([x, [], x]) |> length"), "2");
    assert_eq!(eval(&mut c, "length([x, [], x] -- [x])"), "2");
    assert!(eval(&mut c, "List.flatten(x)").starts_with(STOPPED));
    assert!(eval(&mut c, ":lists.flatten(x)").starts_with(STOPPED));
    assert!(eval(&mut c, "Enum.join(x)").starts_with(STOPPED));
    assert_eq!(
        eval(&mut c, "Enum.join([[\"a\", [\"b\"]], \"c\"], \"-\")"),
        "\"ab-c\""
    );
    // A small one is still flattened.
    assert_eq!(
        eval(&mut c, "List.flatten([1, [2, [3]], [[4]]])"),
        "[1, 2, 3, 4]"
    );
}

/// Printing a list of a few hundred thousand elements in full lays out a
/// document as long as the list, which is built, laid out and dropped
/// without recursing once per element (a stack overflow kills the page).
#[test]
fn a_long_list_printed_in_full_does_not_exhaust_the_stack() {
    let mut c = Console::bare(1);
    assert_eq!(
        eval(
            &mut c,
            "inspect(Enum.to_list(1..300_000), limit: :infinity) |> byte_size"
        ),
        "2288895"
    );
}

#[test]
fn output_waiting_to_be_shown_is_bounded_and_says_what_it_dropped() {
    // 200,000 lines of about 12 bytes: more than the 1 MiB kept.
    let mut c = otpsim::console::Console::new(1);
    let out = c.eval_line("Enum.each(1..200_000, fn i -> IO.puts(\"line #{i}\") end)");
    assert!(out.ok, "{}", out.full);
    let first = out.printed.first().cloned().unwrap_or_default();
    assert!(first.contains("earlier lines of output dropped"), "{first}");
    assert_eq!(out.printed.last().map(String::as_str), Some("line 200000"));
    let kept: usize = out.printed.iter().map(|l| l.len() + 1).sum();
    assert!(
        kept <= otpsim::kernel::STDOUT_KEPT + 200,
        "{kept} bytes kept"
    );
    // Nothing is lost in order: the kept lines are the newest, consecutive.
    let n: Vec<u64> = out.printed[1..]
        .iter()
        .filter_map(|l| l.strip_prefix("line ")?.parse().ok())
        .collect();
    assert!(n.windows(2).all(|w| w[1] == w[0] + 1));
    let dropped: u64 = first
        .split_whitespace()
        .nth(1)
        .and_then(|d| d.parse().ok())
        .unwrap_or(0);
    assert_eq!(dropped + n.len() as u64, 200_000);
}

#[test]
fn bounding_output_cuts_at_a_line_end_even_among_multibyte_characters() {
    // Lines of two- and three-byte characters, so the byte where the cut
    // looks from falls inside a character at some point.
    let mut c = otpsim::console::Console::new(1);
    let out = c.eval_line(
        "Enum.each(1..300_000, fn i -> IO.puts(String.duplicate(\"€\", rem(i, 7) + 1) <> \"é#{i}\") end)",
    );
    assert!(out.ok, "{}", out.full);
    assert!(out.printed[0].contains("earlier lines of output dropped"));
    assert!(out.printed[1..].iter().all(|l| l.starts_with('€')));
    let last = format!("{}é300000", "€".repeat(300_000 % 7 + 1));
    assert_eq!(out.printed.last(), Some(&last));
}
