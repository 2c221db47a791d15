//! The page's state machine, natively: play, a long line run a slice per
//! frame and interrupted, seek and branch, tabs, share links. The wall
//! clock is a fake that moves a little on every read, as frames would.

use otpsim::console::session::Input;
use otpsim::kernel::MS;
use otpsim::page::model::{Action, State, Tab};
use otpsim::page::share;
use std::cell::Cell;
use std::rc::Rc;

/// A wall clock that moves `step` ms every time it is read.
struct FakeClock {
    now: Cell<f64>,
    step: f64,
}

impl FakeClock {
    fn new(step: f64) -> FakeClock {
        FakeClock {
            now: Cell::new(0.0),
            step,
        }
    }

    fn read(&self) -> f64 {
        self.now.set(self.now.get() + self.step);
        self.now.get()
    }
}

fn act(state: Rc<State>, action: Action, clock: &FakeClock) -> Rc<State> {
    state.reduce_with(action, &|| clock.read())
}

fn last_result(state: &State) -> String {
    state
        .transcript
        .last()
        .map(|e| e.result.clone())
        .unwrap_or_default()
}

#[test]
fn play_moves_virtual_time_by_the_speed_and_pause_stops_it() {
    let clock = FakeClock::new(0.01);
    let mut s = Rc::new(State::new(0));
    assert!(s.playing);
    s = act(s, Action::SetSpeed(1_000), &clock);
    s = act(s, Action::Tick(50), &clock);
    assert_eq!(s.now, 500 * MS, "50 ms of wall time at 10x");
    s = act(s, Action::Pause, &clock);
    assert!(!s.playing);
    s = act(s, Action::Step, &clock);
    assert!(s.now > 500 * MS, "a step moves to the next event");
}

#[test]
fn a_long_line_runs_a_slice_per_frame_until_interrupted() {
    // Every read of the clock is a millisecond: a frame's budget is spent
    // after a few slices.
    let clock = FakeClock::new(1.0);
    let mut s = Rc::new(State::new(0));
    s = act(s, Action::Pause, &clock);
    let before = s.transcript.len();
    s = act(
        s,
        Action::Eval("Enum.reduce(1..100_000_000, 0, &+/2)".into()),
        &clock,
    );
    assert!(s.running.is_some(), "it did not finish in one frame");
    assert_eq!(s.transcript.len(), before);
    // Playing: the frames go to the line, not to the clock.
    s = act(s, Action::Play, &clock);
    for _ in 0..20 {
        s = act(s, Action::Tick(16), &clock);
    }
    assert!(s.running.is_some());
    // A line entered meanwhile waits its turn, as iex reads typed-ahead input.
    s = act(s, Action::Eval("1 + 1".into()), &clock);
    assert_eq!(s.queued.len(), 1);
    s = act(s, Action::Interrupt, &clock);
    assert!(s.running.is_none());
    let inputs = s.shared().expect("not busy").inputs;
    assert!(
        matches!(inputs[..], [Input::Interrupted { .. }, ..]),
        "no time was recorded while the line ran: {inputs:?}"
    );
    s = act(s, Action::Pause, &clock);
    assert_eq!(last_result(&s), "** (EXIT) interrupted");
    s = act(s, Action::Tick(16), &clock);
    assert!(s.queued.is_empty());
    assert_eq!(last_result(&s), "2", "the queued line ran next");
    // The link holds the interrupted line, and opening it rebuilds it.
    let shared = s.shared().expect("not busy");
    assert!(shared
        .inputs
        .iter()
        .any(|i| matches!(i, Input::Interrupted { steps, .. } if *steps > 0)));
    let again = State::restore(&shared);
    let results =
        |s: &State| -> Vec<String> { s.transcript.iter().map(|e| e.result.clone()).collect() };
    assert_eq!(results(&again), results(&s));
    assert_eq!(again.now, s.now);
}

#[test]
fn a_line_longer_than_a_frame_ends_on_a_later_frame_with_its_value() {
    let clock = FakeClock::new(1.0);
    let mut s = Rc::new(State::new(0));
    s = act(
        s,
        Action::Eval("Enum.reduce(1..300_000, 0, &+/2)".into()),
        &clock,
    );
    let mut frames = 0;
    while s.running.is_some() && frames < 1_000 {
        s = act(s, Action::Tick(16), &clock);
        frames += 1;
    }
    assert!(frames > 0, "it needed more than one frame");
    assert_eq!(last_result(&s), "45000150000");
}

#[test]
fn seeking_back_then_typing_branches_and_the_link_follows() {
    let clock = FakeClock::new(0.01);
    let mut s = Rc::new(State::new(0));
    s = act(s, Action::Pause, &clock);
    s = act(s, Action::Eval("Fleet.start_users(1..3)".into()), &clock);
    for _ in 0..5 {
        s = act(s, Action::Step, &clock);
    }
    s = act(s, Action::Eval("Sim.add_node(:\"b@sim\")".into()), &clock);
    s = act(s, Action::Step, &clock);
    let end = s.end;
    assert!(end > MS, "steps moved the clock: {}", s.now);
    s = act(s, Action::Seek(MS), &clock);
    assert_eq!(
        s.now,
        MS,
        "end {end}, inputs {:?}",
        s.shared().map(|x| x.inputs)
    );
    assert_eq!(s.end, end, "the recorded future stays until a new line");
    s = act(s, Action::Eval("Fleet.start_users(4..4)".into()), &clock);
    let lines: Vec<String> = s
        .shared()
        .expect("not busy")
        .inputs
        .iter()
        .filter_map(|i| match i {
            Input::Line(l) => Some(l.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        lines,
        ["Fleet.start_users(1..3)", "Fleet.start_users(4..4)"]
    );
    let hash = share::to_hash(&s.shared().expect("not busy"));
    let reopened = State::restore(&share::parse(&hash).shared.expect("a seed"));
    assert_eq!(reopened.now, s.now);
    // The link holds the branch: the line the seek dropped is not in it
    // (this page's transcript still shows it, as typed).
    let reopened_lines: Vec<&str> = reopened
        .transcript
        .iter()
        .map(|e| e.line.as_str())
        .collect();
    assert_eq!(reopened_lines, lines);
    assert_eq!(s.transcript.len(), 3);
}

#[test]
fn tabs_and_nodes_change_what_is_shown() {
    let clock = FakeClock::new(0.01);
    let mut s = Rc::new(State::new(0));
    assert_eq!(s.tab, Tab::Cluster);
    s = act(s, Action::ShowTab(Tab::Processes), &clock);
    assert_eq!(s.tab, Tab::Processes);
    assert!(!s.processes.is_empty(), "the processes of a@sim");
    s = act(s, Action::ShowNode(99), &clock);
    assert_eq!(s.node, 0, "no such node: unchanged");
    s = act(s, Action::Scenario("no-such-scenario".into()), &clock);
    assert!(s.scenario.is_none() && !s.playing);
}

#[test]
fn nemesis_faults_are_marked_on_the_track_to_come_then_fired_and_follow_a_seek() {
    let clock = FakeClock::new(0.01);
    let mut s = Rc::new(State::new(0));
    s = act(s, Action::Pause, &clock);
    s = act(s, Action::Eval("Sim.add_node(:\"b@sim\")".into()), &clock);
    let t0 = s.now;
    s = act(
        s,
        Action::Eval(
            "Sim.nemesis([{1_000, {:crash, :\"b@sim\"}}, {3_000, {:restart, :\"b@sim\"}}])".into(),
        ),
        &clock,
    );
    let marks: Vec<(u64, bool)> = s.faults.iter().map(|m| (m.time, m.fired)).collect();
    assert_eq!(
        marks,
        vec![(t0 + 1_000 * MS, false), (t0 + 3_000 * MS, false)]
    );
    assert!(s.faults[0].fault.contains(":crash"));
    s = act(s, Action::Eval("Process.sleep(2_000)".into()), &clock);
    let fired: Vec<bool> = s.faults.iter().map(|m| m.fired).collect();
    assert_eq!(fired, vec![true, false]);
    s = act(s, Action::Seek(t0 + 500 * MS), &clock);
    assert!(s.faults.iter().all(|m| !m.fired), "{:?}", s.faults);
    assert_eq!(s.faults.len(), 2);
}

#[test]
fn an_invariant_is_red_on_the_track_where_it_broke_and_the_jump_lands_on_that_event() {
    let clock = FakeClock::new(0.01);
    let mut s = Rc::new(State::new(0));
    s = act(s, Action::Pause, &clock);
    s = act(
        s,
        Action::Eval(":ets.new(:t, [:named_table, :public])".into()),
        &clock,
    );
    s = act(
        s,
        Action::Eval("Sim.invariant(:small, fn -> :ets.info(:t, :size) < 1 end)".into()),
        &clock,
    );
    let t0 = s.now;
    s = act(
        s,
        Action::Eval(
            "spawn(fn -> Process.sleep(300); :ets.insert(:t, {1}); Process.sleep(400); :ets.delete(:t, 1) end)"
                .into(),
        ),
        &clock,
    );
    // Time moves on by playing (a line still running at a seek's target
    // is not replayed, so the run is played, not slept through).
    s = act(s, Action::SetSpeed(1_000), &clock);
    s = act(s, Action::Play, &clock);
    s = act(s, Action::Tick(100), &clock);
    s = act(s, Action::Pause, &clock);
    assert_eq!(s.invariants.len(), 1);
    let track = &s.invariants[0];
    assert_eq!(&*track.name, "small");
    assert!(!track.red, "green again at the end");
    let spans: Vec<(u64, Option<u64>)> = track.spans.iter().map(|s| (s.from, s.until)).collect();
    assert_eq!(
        spans,
        vec![(t0 + 300 * MS, Some(t0 + 700 * MS))],
        "red for the 400 ms the row was there"
    );
    let first = track.first_broke.clone().expect("it broke");
    let broke = first.time;
    assert_eq!(broke, t0 + 300 * MS);
    assert_eq!(&*first.why, "returned false");
    // The chip's jump is a seek to the breaking event: the world there
    // has the row, and the track shows the span begun and still open.
    s = act(s, Action::Seek(broke), &clock);
    assert_eq!(s.now, broke);
    assert!(s.invariants[0].red);
    let span = s.invariants[0].spans.first().copied().expect("a span");
    assert_eq!((span.from, span.until), (broke, None));
    let last = s.log.last().map(|l| l.text.clone()).unwrap_or_default();
    assert!(last.contains("invariant small broke"), "{last}");
}

#[test]
fn the_export_buttons_save_the_trace_in_each_format() {
    use otpsim::page::model::{ExportFormat, Exported};
    let clock = FakeClock::new(0.01);
    let mut s = Rc::new(State::new(0));
    s = act(s, Action::Pause, &clock);
    s = act(s, Action::Eval("Fleet.start_users(1..2)".into()), &clock);
    s = act(s, Action::Eval("Fleet.ping(1)".into()), &clock);
    match s.export(ExportFormat::Json) {
        Some(Exported::Json(data)) => {
            assert_eq!(data.format, "otpsim-trace/1");
            assert!(!data.events.is_empty());
            assert!(data.events.iter().any(|e| e.text.contains(":ping")));
        }
        other => panic!("{other:?}"),
    }
    match s.export(ExportFormat::Mermaid) {
        Some(Exported::Text(text)) => assert!(text.starts_with("sequenceDiagram\n")),
        other => panic!("{other:?}"),
    }
    match s.export(ExportFormat::Shiviz) {
        Some(Exported::Text(text)) => assert!(text.starts_with("(?<event>")),
        other => panic!("{other:?}"),
    }
    assert_eq!(ExportFormat::Json.file_name(), "otpsim-trace.json");
}

#[test]
fn the_fault_lab_sweeps_the_sessions_lines_a_little_per_frame_and_links_each_failing_seed() {
    let clock = FakeClock::new(0.01);
    // Frames of the sweep read a slower clock: 8 reads fill one.
    let frame_clock = FakeClock::new(1.0);
    let mut s = Rc::new(State::new(0));
    s = act(s, Action::Pause, &clock);
    s = act(s, Action::Sweep(5), &clock);
    assert!(s.sweep.is_none(), "nothing typed: nothing to sweep");
    assert!(s.notice.is_some());
    let lines = [
        "Sim.add_node(:\"b@sim\"); Sim.add_node(:\"c@sim\"); Process.sleep(3_000)",
        "Sim.invariant(:b_alive, fn -> :\"b@sim\" in Node.list() end)",
        "Sim.crash_node(Enum.random([:\"b@sim\", :\"c@sim\"])); Process.sleep(100)",
    ];
    for line in lines {
        s = act(s, Action::Eval(line.into()), &clock);
    }
    s = act(s, Action::ShowTab(Tab::Faults), &clock);
    s = act(s, Action::Sweep(12), &clock);
    assert!(s.lab_busy());
    let mut frames = 0;
    while s.lab_busy() {
        s = act(s, Action::Tick(16), &frame_clock);
        frames += 1;
        assert!(frames < 100_000, "the sweep ends");
    }
    assert!(frames > 12, "a seed takes several frames: {frames}");
    let view = s.sweep.clone().expect("a sweep");
    assert_eq!((view.done, view.seeds), (12, 12));
    assert!(!s.playing, "the sweep does not move the page's own time");
    let chunks: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let whole = otpsim::cluster::sweep::sweep(&chunks, 1..=12, 1);
    let want: Vec<u64> = whole
        .iter()
        .filter(|r| r.broken.is_some())
        .map(|r| r.seed)
        .collect();
    let got: Vec<u64> = view.failing.iter().map(|f| f.seed).collect();
    assert_eq!(got, want);
    assert!(!got.is_empty() && got.len() < 12, "{got:?}");
    let first = &view.failing[0];
    assert_eq!(first.chunk, 3);
    assert!(
        first.violation.starts_with("invariant b_alive broke"),
        "{}",
        first.violation
    );
    // Shrinking a failing seed drops the lines it does not need, a little
    // per frame: without b@sim the invariant is red at once.
    let seed = first.seed;
    s = act(s, Action::Shrink(seed), &clock);
    let mut frames = 0;
    while s.lab_busy() {
        s = act(s, Action::Tick(16), &frame_clock);
        frames += 1;
        assert!(frames < 100_000, "the shrink ends");
    }
    let shrunk = s.shrink.clone().expect("a shrink");
    assert!(shrunk.breaks && !shrunk.running);
    assert_eq!(shrunk.before, 3);
    let kept: Vec<&str> = shrunk.kept.iter().map(|l| &**l).collect();
    assert_eq!(
        kept,
        [lines[1]],
        "the invariant alone breaks: b@sim was never added"
    );
    assert!(shrunk.trials >= 3);
    s = act(s, Action::Open(shrunk.link.to_string()), &clock);
    assert!(s.invariants.iter().any(|t| &*t.name == "b_alive" && t.red));
    // Opening a failing seed's link replays it: its invariant is red.
    s = act(s, Action::Open(first.link.to_string()), &clock);
    assert!(s.invariants.iter().any(|t| &*t.name == "b_alive" && t.red));
    // A sweep can be stopped; the seeds done stay listed.
    s = act(s, Action::Sweep(500), &clock);
    s = act(s, Action::Tick(16), &clock);
    s = act(s, Action::StopSweep, &clock);
    let stopped = s.sweep.clone().expect("a sweep");
    assert!(stopped.stopped && !stopped.running && stopped.done < 500);
    assert!(!s.lab_busy());
}

#[test]
fn the_fault_lab_draws_a_failing_kv_history_one_row_per_client() {
    let clock = FakeClock::new(0.01);
    let mut s = Rc::new(State::new(3));
    s = act(s, Action::Pause, &clock);
    s = act(s, Action::ShowTab(Tab::Faults), &clock);
    for line in [
        "Sim.add_node(:\"b@sim\"); Sim.add_node(:\"c@sim\"); Process.sleep(3_000)",
        "Shards.replication(1); KV.command(\"CREATE shop\"); KV.command(\"PUT shop milk 1\")",
        "{:hash, owner} = KV.route(\"shop\"); Sim.crash_node(owner); Process.sleep(500)",
        "KV.command(\"GET shop milk\")",
    ] {
        s = act(s, Action::Eval(line.into()), &clock);
    }
    let h = s.history.clone();
    assert_eq!(h.key.as_deref(), Some("shop/milk"));
    assert_eq!(h.clients.len(), 1, "the shell did both: {:?}", h.clients);
    let ops: Vec<&str> = h.clients[0].ops.iter().map(|o| &*o.what).collect();
    assert_eq!(ops, ["PUT 1", "GET -> (absent)"]);
    assert!(h.span.0 < h.span.1);
    assert!(h.checked >= 2);
}
