//! A [`Session`]: a console plus the record of everything done to it, so it
//! can travel back in time.
//!
//! The world is deterministic: the same seed and the same inputs at the
//! same virtual times give the same world. So a session keeps only its seed
//! and its inputs (lines typed, time advanced), and going back to an earlier
//! moment is replaying them into a fresh world up to that moment. A new
//! input made after going back drops the inputs that came after it: the
//! session branches from there.
//!
//! Replaying from the seed costs as much as the original run, so the
//! session also keeps snapshots: a copy of the whole console every
//! [`CHECKPOINT_EVENTS`] events or so (the copies thin out to at most
//! [`MAX_CHECKPOINTS`] as a session grows). A seek starts from the newest
//! snapshot not after its target and replays only from there.
//!
//! The record is capped: a page left running would otherwise keep one
//! input per line forever. Past [`MAX_INPUTS`] inputs or
//! [`MAX_INPUT_BYTES`] bytes of typed lines, the oldest inputs fold into
//! a *base*: a snapshot the session replays from instead of the seed, and
//! the inputs before it go. Seeks before the base stop at it. A share
//! link is seed plus inputs, so it cannot carry a base (a whole world):
//! once a session has folded, [`Session::share_notice`] says why a link
//! would not reproduce it, and the page shows that instead of a link.

use super::{Console, Output, Progress};
use crate::kernel::{Time, MS};

/// One thing done to a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A console line.
    Line(String),
    /// Virtual time advanced by this many microseconds (play, step),
    /// running every event due by then.
    Advance(Time),
    /// An advance that stopped at its event cap: exactly `events` events,
    /// which took the clock `us` microseconds forward. Replayed event for
    /// event, so a busy world cut into slices replays to the same state.
    Slice {
        /// How far the clock went.
        us: Time,
        /// How many events ran.
        events: u64,
    },
    /// A console line interrupted after `steps` steps
    /// ([`Console::line_steps`]): replayed by running it that far again and
    /// interrupting it there.
    Interrupted {
        /// The line as typed.
        line: String,
        /// How far it got.
        steps: u64,
    },
}

/// A console that remembers its inputs and can seek back and forth.
pub struct Session {
    seed: u64,
    console: Console,
    /// Each input with the virtual time it was applied at.
    inputs: Vec<(Time, Input)>,
    /// When each input was done: a line that sleeps or calls ends later
    /// than it started. Seeking replays only inputs done by the target.
    ends: Vec<Time>,
    /// How many inputs the current world has applied.
    applied: usize,
    /// The trace limit, applied again to every world a seek rebuilds.
    trace_limit: Option<usize>,
    /// Snapshots, oldest first.
    checkpoints: Vec<Checkpoint>,
    /// Events between snapshots (doubles each time they are thinned out).
    checkpoint_every: u64,
    /// Inputs before this index end at a snapshot: never merged into.
    sealed: usize,
    /// The line under way (started by [`Session::begin`]) and when it began.
    running: Option<(Time, String)>,
    /// The console the inputs replay from, once old ones have folded
    /// into it (its `applied` is 0: the first input kept follows it).
    base: Option<Checkpoint>,
    /// How many inputs have folded into the base.
    dropped: usize,
    /// Bytes of the lines among `inputs`.
    bytes: usize,
}

/// The console as it was right after the first `applied` inputs.
struct Checkpoint {
    applied: usize,
    time: Time,
    events: u64,
    console: Console,
}

/// World events between snapshots, at first.
pub const CHECKPOINT_EVENTS: u64 = 200_000;
/// Snapshots kept at most; past it every other one goes and the spacing
/// doubles, so seeks stay cheap however long the session.
pub const MAX_CHECKPOINTS: usize = 12;

/// Inputs kept at most: past it, the oldest fold into the base.
pub const MAX_INPUTS: usize = 10_000;
/// Bytes of typed lines kept at most (a line is at most 64 KiB).
pub const MAX_INPUT_BYTES: usize = 4 << 20;

/// How many events one `advance` may run before it stops early, so one
/// tick of a busy world at high speed cannot freeze a page; the rest runs
/// on the next tick.
const ADVANCE_EVENTS: u64 = 200_000;

/// A replay runs every event a recorded advance ran, however many: a cap
/// here would stop short of the recorded world. (Capped advances are
/// recorded as [`Input::Slice`]s and replayed event for event.)
const REPLAY_EVENTS: u64 = u64::MAX;

impl Session {
    /// A fresh session on `seed`.
    pub fn new(seed: u64) -> Session {
        Session {
            seed,
            console: Console::new(seed),
            inputs: Vec::new(),
            ends: Vec::new(),
            applied: 0,
            trace_limit: None,
            checkpoints: Vec::new(),
            checkpoint_every: CHECKPOINT_EVENTS,
            sealed: 0,
            running: None,
            base: None,
            dropped: 0,
            bytes: 0,
        }
    }

    /// Keeps only about the newest `limit` trace events, now and after
    /// every seek (see [`crate::kernel::World::set_trace_limit`]).
    pub fn set_trace_limit(&mut self, limit: Option<usize>) {
        self.trace_limit = limit;
        self.console.world_mut().set_trace_limit(limit);
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The console in its current state.
    pub fn console(&self) -> &Console {
        &self.console
    }

    /// Virtual time now (µs).
    pub fn time(&self) -> Time {
        self.console.world().now()
    }

    /// Every input so far, with the time it was applied at.
    pub fn inputs(&self) -> &[(Time, Input)] {
        &self.inputs
    }

    /// The inputs as a replay from the seed needs them: where an input
    /// started later than the one before ended (typed after a seek back,
    /// which catches up silently), the gap is an explicit advance. What a
    /// share link holds.
    pub fn replayable_inputs(&self) -> Vec<Input> {
        let mut out = Vec::with_capacity(self.inputs.len());
        let mut reached = 0;
        for ((at, input), end) in self.inputs.iter().zip(&self.ends) {
            if *at > reached {
                out.push(Input::Advance(at - reached));
            }
            out.push(input.clone());
            reached = *end;
        }
        out
    }

    /// The latest time the recorded inputs reach.
    pub fn end_time(&self) -> Time {
        // Inputs are recorded in time order, each starting where the one
        // before ended, so the last end is the latest.
        self.ends.last().copied().unwrap_or(0).max(self.time())
    }

    /// How many of the oldest inputs have folded into the base snapshot
    /// (0 until the record passes its cap).
    pub fn dropped_inputs(&self) -> usize {
        self.dropped
    }

    /// The earliest time a seek can reach: the base's, once inputs have
    /// folded into it, else 0.
    pub fn start_time(&self) -> Time {
        self.base.as_ref().map_or(0, |b| b.time)
    }

    /// Why a share link (seed and inputs) would not reproduce this
    /// session, or `None` when it would.
    pub fn share_notice(&self) -> Option<String> {
        (self.dropped > 0).then(|| {
            format!(
                "This session is too long to share: its first {} inputs were folded into a snapshot to cap its memory ({MAX_INPUTS} inputs, {} MiB of lines), and a link holds only the seed and the inputs.",
                self.dropped,
                MAX_INPUT_BYTES >> 20
            )
        })
    }

    /// Drops the inputs a rewound world has not applied (branching).
    fn branch(&mut self) {
        if self.applied < self.inputs.len() {
            self.inputs.truncate(self.applied);
            self.ends.truncate(self.applied);
            self.bytes = line_bytes(&self.inputs);
        }
        let applied = self.applied;
        self.checkpoints.retain(|c| c.applied <= applied);
        self.sealed = self.checkpoints.last().map_or(0, |c| c.applied);
    }

    /// Takes a snapshot if enough events ran since the last one.
    fn maybe_checkpoint(&mut self) {
        let events = self.console.world().events_run();
        let last = self.checkpoints.last().map_or(0, |c| c.events);
        // Also one every half cap of inputs, so the record can fold there.
        let since = self.inputs.len() - self.checkpoints.last().map_or(0, |c| c.applied);
        let many = since >= MAX_INPUTS / 2;
        if events < last.saturating_add(self.checkpoint_every) && !many {
            return;
        }
        self.checkpoints.push(Checkpoint {
            applied: self.inputs.len(),
            time: self.time(),
            events,
            console: self.console.clone(),
        });
        self.sealed = self.inputs.len();
        if self.checkpoints.len() > MAX_CHECKPOINTS {
            let mut i = 0;
            self.checkpoints.retain(|_| {
                i += 1;
                i % 2 == 0
            });
            self.checkpoint_every = self.checkpoint_every.saturating_mul(2);
        }
    }

    /// Takes snapshots every `events` world events from now on (before any
    /// thinning doubles it); [`CHECKPOINT_EVENTS`] by default.
    pub fn set_checkpoint_every(&mut self, events: u64) {
        self.checkpoint_every = events.max(1);
    }

    /// How many snapshots the session holds (for tests and the curious).
    pub fn checkpoints(&self) -> usize {
        self.checkpoints.len()
    }

    /// Appends `input`, made at `at`. An advance right after an advance, or
    /// a slice right after a slice, extends it instead: replaying the sum
    /// runs the same events, and a long play stays one input, not one per
    /// frame (which would make share links and seeks grow with play time).
    fn record(&mut self, at: Time, input: Input) {
        let end = self.time();
        let open = self.inputs.len() > self.sealed;
        if let (Some((_, last)), Some(last_end)) = (self.inputs.last_mut(), self.ends.last_mut()) {
            if *last_end == at && open {
                let merged = match (last, &input) {
                    (Input::Advance(sum), Input::Advance(us)) => {
                        *sum += us;
                        true
                    }
                    (
                        Input::Slice { us, events },
                        Input::Slice {
                            us: more_us,
                            events: more,
                        },
                    ) => {
                        *us += more_us;
                        *events += more;
                        true
                    }
                    _ => false,
                };
                if merged {
                    *last_end = end;
                    self.applied = self.inputs.len();
                    self.maybe_checkpoint();
                    return;
                }
            }
        }
        if let Input::Line(line) = &input {
            self.bytes += line.len();
        }
        self.inputs.push((at, input));
        self.ends.push(end);
        self.applied = self.inputs.len();
        self.maybe_checkpoint();
        self.fold();
    }

    /// Past the cap, folds the oldest inputs into the base: the oldest
    /// snapshot that leaves at most three quarters of the cap becomes the
    /// base (a fresh one of the current console when there is none).
    fn fold(&mut self) {
        if self.inputs.len() <= MAX_INPUTS && self.bytes <= MAX_INPUT_BYTES {
            return;
        }
        let fits = |c: &Checkpoint, inputs: &[(Time, Input)]| {
            let rest = &inputs[c.applied.min(inputs.len())..];
            rest.len() <= MAX_INPUTS * 3 / 4 && line_bytes(rest) <= MAX_INPUT_BYTES * 3 / 4
        };
        let at = match self
            .checkpoints
            .iter()
            .position(|c| c.applied > 0 && fits(c, &self.inputs))
        {
            Some(i) => i,
            None => {
                self.checkpoints.push(Checkpoint {
                    applied: self.inputs.len(),
                    time: self.time(),
                    events: self.console.world().events_run(),
                    console: self.console.clone(),
                });
                self.checkpoints.len() - 1
            }
        };
        let mut kept = self.checkpoints.split_off(at + 1);
        let Some(mut base) = self.checkpoints.pop() else {
            return;
        };
        let k = base.applied;
        base.applied = 0;
        self.inputs.drain(..k);
        self.ends.drain(..k);
        for c in &mut kept {
            c.applied -= k;
        }
        self.checkpoints = kept;
        self.base = Some(base);
        self.applied -= k;
        self.sealed = self.sealed.saturating_sub(k);
        self.dropped += k;
        self.bytes = line_bytes(&self.inputs);
    }

    /// Evaluates a line to its end and records it.
    pub fn eval(&mut self, line: &str) -> Output {
        // u64::MAX steps end every line within its budget first.
        self.run_line(line, u64::MAX)
    }

    /// Runs a line for at most `steps` steps, interrupts it there if it has
    /// not ended, and records it either way: how a share link's
    /// interrupted line is replayed into a session.
    pub fn run_line(&mut self, line: &str, steps: u64) -> Output {
        match self.begin(line) {
            Progress::Done(out) => out,
            Progress::Running => match self.resume(steps) {
                Progress::Done(out) => out,
                Progress::Running => self
                    .interrupt()
                    .unwrap_or_else(|| Output::refusal("** (otpsim) no line is running")),
            },
        }
    }

    /// Starts a line that runs as [`Session::resume`] is called; recorded
    /// once it ends (or is interrupted). While it runs, time does not
    /// move and seeks wait: the world belongs to the line.
    pub fn begin(&mut self, line: &str) -> Progress {
        if self.running.is_some() {
            return self.console.start_line(line);
        }
        self.branch();
        let at = self.time();
        match self.console.start_line(line) {
            Progress::Done(out) => {
                self.record(at, Input::Line(line.to_string()));
                Progress::Done(out)
            }
            Progress::Running => {
                self.running = Some((at, line.to_string()));
                Progress::Running
            }
        }
    }

    /// Runs the line under way for at most `steps` more steps.
    pub fn resume(&mut self, steps: u64) -> Progress {
        let progress = self.console.resume(steps);
        if let Progress::Done(_) = progress {
            if let Some((at, line)) = self.running.take() {
                self.record(at, Input::Line(line));
            }
        }
        progress
    }

    /// Interrupts the line under way and records how far it got.
    pub fn interrupt(&mut self) -> Option<Output> {
        let (at, line) = self.running.take()?;
        let steps = self.console.line_steps();
        let out = self.console.interrupt()?;
        self.record(at, Input::Interrupted { line, steps });
        Some(out)
    }

    /// True while a line started with [`Session::begin`] runs.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Advances virtual time by `ms` milliseconds and records it.
    pub fn advance(&mut self, ms: u64) {
        self.advance_us(ms.saturating_mul(MS));
    }

    /// Advances virtual time by `us` microseconds and records it.
    pub fn advance_us(&mut self, us: Time) {
        self.advance_us_capped(us, ADVANCE_EVENTS);
    }

    /// Advances virtual time by up to `us` microseconds, running at most
    /// `max_events` events, and records how far it got. Returns whether it
    /// got all the way: callers that must not block (the page) advance in
    /// small slices and stop when their time is up.
    pub fn advance_us_capped(&mut self, us: Time, max_events: u64) -> bool {
        if us == 0 || self.running.is_some() {
            return true;
        }
        self.branch();
        let at = self.time();
        let before = self.console.world().events_run();
        let done = self.console.advance_us(us, max_events);
        let reached = self.time().saturating_sub(at);
        if done {
            self.record(at, Input::Advance(reached));
        } else {
            // Stopped at the cap, maybe inside an instant: replay must run
            // exactly these events, no more.
            let events = self.console.world().events_run() - before;
            self.record(
                at,
                Input::Slice {
                    us: reached,
                    events,
                },
            );
        }
        done
    }

    /// Replays a recorded [`Input::Slice`]: runs exactly `events` events
    /// and records it again (share links and `State::restore` use this).
    pub fn slice(&mut self, events: u64) {
        if self.running.is_some() {
            return;
        }
        self.branch();
        let at = self.time();
        self.console.run_events(events);
        let us = self.time().saturating_sub(at);
        self.record(at, Input::Slice { us, events });
    }

    /// Puts the world in the state it had at virtual time `target`
    /// (clamped to what the inputs reach), by replaying from the seed.
    /// Inputs after `target` are kept until a new input branches.
    pub fn seek(&mut self, target: Time) {
        if self.running.is_some() {
            return;
        }
        let target = target.min(self.end_time()).max(self.start_time());
        // Start from the newest snapshot not after the target: every input
        // before it ended by then, so replaying them would give it again.
        let (mut console, mut applied) =
            match self.checkpoints.iter().rev().find(|c| c.time <= target) {
                Some(c) => (c.console.clone(), c.applied),
                None if self.base.is_some() => {
                    let base = self.base.as_ref().map(|b| b.console.clone());
                    (base.unwrap_or_else(|| Console::new(self.seed)), 0)
                }
                None => {
                    let mut fresh = Console::new(self.seed);
                    fresh.world_mut().set_trace_limit(self.trace_limit);
                    (fresh, 0)
                }
            };
        let first = applied;
        for ((at, input), end) in self.inputs.iter().zip(&self.ends).skip(first) {
            // A line still running at `target` (a sleep, a call) is not
            // replayed: the world is shown as it was while it ran, without
            // what the line itself did.
            let is_line = matches!(input, Input::Line(_) | Input::Interrupted { .. });
            if *at > target || is_line && *end > target {
                break;
            }
            // Inputs after a rewind start where the world stood: catch up first.
            // (Only forward: a zero advance would also run the rest of an
            // instant that a slice stopped inside.)
            let now = console.world().now();
            if *at > now {
                console.advance_us(at - now, REPLAY_EVENTS);
            }
            match input {
                Input::Line(line) => {
                    console.eval_line(line);
                }
                Input::Interrupted { line, steps } => {
                    console.run_line(line, *steps);
                }
                Input::Slice { us, events } => {
                    // Only whole: part of a slice is "every event by the
                    // target", which the catch-up below gives.
                    if at + us > target {
                        break;
                    }
                    console.run_events(*events);
                }
                Input::Advance(us) => {
                    let stop = (at + us).min(target);
                    let now = console.world().now();
                    console.advance_us(stop.saturating_sub(now), REPLAY_EVENTS);
                    if at + us > target {
                        break;
                    }
                }
            }
            applied += 1;
        }
        let now = console.world().now();
        if target > now {
            console.advance_us(target - now, REPLAY_EVENTS);
        }
        self.console = console;
        self.applied = applied;
    }
}

/// Bytes of the lines among `inputs`.
fn line_bytes(inputs: &[(Time, Input)]) -> usize {
    inputs
        .iter()
        .map(|(_, i)| match i {
            Input::Line(l) | Input::Interrupted { line: l, .. } => l.len(),
            _ => 0,
        })
        .sum()
}

/// A session rebuilt on `seed` from `inputs` alone, as a share link
/// rebuilds one (an interrupted line runs as far and is stopped there).
#[cfg(test)]
fn rebuilt(seed: u64, inputs: &[(Time, Input)]) -> Session {
    let mut copy = Session::new(seed);
    for (_, input) in inputs {
        match input {
            Input::Line(line) => {
                copy.eval(line);
            }
            Input::Advance(us) => copy.advance_us(*us),
            Input::Slice { events, .. } => copy.slice(*events),
            Input::Interrupted { line, steps } => {
                assert!(matches!(copy.begin(line), Progress::Running));
                assert!(matches!(copy.resume(*steps), Progress::Running));
                assert!(copy.interrupt().is_some());
            }
        }
    }
    copy
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Session {
        let mut s = Session::new(9);
        s.eval("Fleet.start_users(1..3)");
        s.advance(500);
        s.eval("[{p, _}] = Registry.lookup(Fleet.Registry, 2); Process.exit(p, :kill)");
        s.advance(1_500);
        s.eval("Sim.add_node(:\"b@sim\")");
        s.advance(4_000);
        s
    }

    #[test]
    fn the_record_folds_into_a_base_past_its_cap() {
        let mut s = Session::new(4);
        let n = MAX_INPUTS + 10;
        for i in 0..n {
            s.eval(&format!("x = {i}"));
            if i % 1_000 == 0 {
                s.advance(10);
            }
        }
        assert!(s.inputs().len() <= MAX_INPUTS, "{}", s.inputs().len());
        assert!(s.dropped_inputs() > 0);
        assert_eq!(s.inputs().len() + s.dropped_inputs(), n + 11);
        assert!(s
            .share_notice()
            .is_some_and(|t| t.contains("too long to share")));
        let (end, digest) = (s.time(), s.console().world().trace_digest());
        // Seeking before the base stops at it; going back to the end
        // replays from the base to the same world.
        s.seek(0);
        assert_eq!(s.time(), s.start_time());
        assert!(s.start_time() > 0);
        s.seek(u64::MAX);
        assert_eq!(s.time(), end);
        assert_eq!(s.console().world().trace_digest(), digest);
        assert_eq!(s.eval("x").text, (n - 1).to_string());
        assert!(Session::new(4).share_notice().is_none());
    }

    #[test]
    fn long_lines_fold_by_bytes() {
        let mut s = Session::new(4);
        let line = format!("x = \"{}\"; :ok", "a".repeat(60_000));
        for _ in 0..100 {
            s.eval(&line);
        }
        assert!(s.bytes <= MAX_INPUT_BYTES);
        assert_eq!(s.bytes, line_bytes(s.inputs()));
        assert!(s.dropped_inputs() > 0);
        assert_eq!(s.eval("byte_size(x)").text, "60000");
    }

    #[test]
    fn seeking_back_and_forth_gives_the_same_world() {
        let mut s = sample();
        let end = s.time();
        let digest = s.console().world().trace_digest();
        let events = s.console().world().events_run();
        s.seek(700);
        assert_eq!(s.time(), 700);
        assert!(s.console().world().events_run() < events);
        s.seek(end);
        assert_eq!(s.time(), end);
        assert_eq!(s.console().world().trace_digest(), digest);
    }

    #[test]
    fn a_new_input_after_going_back_branches() {
        let mut s = sample();
        s.seek(600_000);
        assert_eq!(s.eval("Registry.count(Fleet.Registry)").text, "3");
        // The kill (at 500 ms) stays; the new node (at 2 s) was after: gone.
        assert_eq!(s.inputs().len(), 4);
        assert_eq!(s.eval("Sim.nodes()").text, "[:a@sim]");
        s.seek(0);
        s.seek(u64::MAX);
        assert_eq!(s.eval("Sim.nodes()").text, "[:a@sim]");
    }

    #[test]
    fn a_line_still_running_at_the_target_is_left_out() {
        let mut s = Session::new(3);
        s.eval("Sim.add_node(:\"b@sim\")");
        s.eval("Fleet.start_users(1..2); Process.sleep(1_000)");
        s.eval("Node.list()");
        assert_eq!(s.end_time(), 1_000 * MS);
        // At 0 the sleeping line had started but not finished: the world
        // has b@sim and no users yet.
        s.seek(0);
        assert_eq!(s.time(), 0);
        assert_eq!(s.console().world().node_count(), 2);
        s.seek(500 * MS);
        assert_eq!(s.time(), 500 * MS);
        let users = s.eval("Registry.count(Fleet.Registry)");
        assert_eq!(users.text, "0");
        // Going to the end again replays everything.
        s.seek(0);
        s.seek(u64::MAX);
        assert_eq!(s.time(), 500 * MS, "the branch above ended at 500 ms");
    }

    #[test]
    fn slices_cut_at_the_event_cap_replay_to_the_same_world() {
        let mut s = Session::new(5);
        s.eval("Sim.add_node(:\"b@sim\"); Sim.add_node(:\"c@sim\")");
        // Tiny slices: most stop inside an instant.
        let target = s.time() + 3_000 * MS;
        let mut slices = 0;
        while s.time() < target && !s.advance_us_capped(target - s.time(), 7) {
            slices += 1;
        }
        assert!(slices > 10, "the cap cut the advance into {slices} slices");
        assert!(s
            .inputs()
            .iter()
            .any(|(_, i)| matches!(i, Input::Slice { .. })));
        let digest = s.console().world().trace_digest();
        let (time, events) = (s.time(), s.console().world().events_run());
        s.seek(0);
        s.seek(time);
        assert_eq!(s.time(), time);
        assert_eq!(s.console().world().events_run(), events);
        assert_eq!(s.console().world().trace_digest(), digest);
        // And a session rebuilt from the inputs alone (as a share link is).
        let copy = rebuilt(5, s.inputs());
        assert_eq!(copy.console().world().trace_digest(), digest);
    }

    #[test]
    fn seeks_start_from_snapshots_and_reach_the_same_worlds() {
        let mut s = Session::new(8);
        s.set_checkpoint_every(500);
        s.eval("Enum.each(1..7, fn i -> Sim.add_node(:\"n#{i}@sim\") end)");
        s.eval("Fleet.start_users(1..50)");
        for _ in 0..40 {
            s.advance(1_000);
        }
        s.eval("Sim.partition([[:\"a@sim\", :\"n1@sim\"], [:\"n2@sim\"]])");
        for _ in 0..40 {
            s.advance(1_000);
        }
        assert!(s.checkpoints() >= 2, "{} snapshots", s.checkpoints());
        assert!(s.checkpoints() <= MAX_CHECKPOINTS);
        let end = s.time();
        let at_end = (
            s.console().world().trace_digest(),
            s.console().world().events_run(),
        );
        // The same inputs replayed from the seed by a session that never
        // took a snapshot of its own (its inputs are applied one by one).
        let (inputs, ends) = (s.inputs.clone(), s.ends.clone());
        let replay = |target: Time| {
            let mut fresh = Session::new(8);
            fresh.inputs = inputs.clone();
            fresh.ends = ends.clone();
            fresh.seek(target);
            let w = fresh.console().world();
            (w.trace_digest(), w.events_run(), w.now())
        };
        for target in [0, 5_500 * MS, 41_000 * MS, 63_250 * MS, end] {
            s.seek(target);
            let w = s.console().world();
            assert_eq!(
                (w.trace_digest(), w.events_run(), w.now()),
                replay(target),
                "at {target}"
            );
        }
        assert_eq!(
            (
                s.console().world().trace_digest(),
                s.console().world().events_run()
            ),
            at_end
        );
        // Branching drops the snapshots after the branch point.
        s.seek(10_000 * MS);
        s.eval("Node.list()");
        assert!(s.checkpoints.iter().all(|c| c.time <= 10_000 * MS));
    }
}

#[cfg(test)]
mod slicing_tests {
    use super::*;

    /// Computation, messages, a sleep and a spawned process: every phase a
    /// line goes through.
    const BUSY: &str = "me = self(); spawn(fn -> Process.sleep(50); send(me, :late) end); \
        n = Enum.reduce(1..20_000, 0, &+/2); receive do :late -> {n, :late} end";

    fn digest(c: &Console) -> (u64, u64, u64) {
        let w = c.world();
        (w.trace_digest(), w.events_run(), w.now())
    }

    #[test]
    fn a_line_run_in_pieces_ends_as_it_would_at_once() {
        let mut whole = Console::new(3);
        let at_once = whole.eval_line(BUSY);
        assert_eq!(at_once.text, "{200010000, :late}");
        for piece in [1, 2, 7] {
            let mut c = Console::new(3);
            assert!(matches!(c.start_line(BUSY), Progress::Running));
            let mut calls = 0;
            let out = loop {
                calls += 1;
                if let Progress::Done(out) = c.resume(piece) {
                    break out;
                }
                assert!(c.is_running());
                // Nothing else moves the world while the line runs.
                assert!(c.advance_us(5_000, 100));
                assert!(!c.start_line("1 + 1").is_running_result());
            };
            assert!(calls > 1, "pieces of {piece} took one call");
            assert_eq!(out, at_once, "pieces of {piece}");
            assert_eq!(digest(&c), digest(&whole), "pieces of {piece}");
            assert_eq!(c.eval_line("n").text, "200010000");
        }
    }

    #[test]
    fn an_interrupted_line_says_so_binds_nothing_and_the_console_goes_on() {
        let mut c = Console::new(1);
        assert!(matches!(
            c.start_line("x = Enum.reduce(1..100_000_000, 0, &+/2)"),
            Progress::Running
        ));
        assert!(matches!(c.resume(40), Progress::Running));
        assert_eq!(c.line_steps(), 40);
        let out = c.interrupt().expect("a line was running");
        assert!(!out.ok);
        assert_eq!(out.text, "** (EXIT) interrupted");
        assert!(!c.is_running() && c.interrupt().is_none());
        let unbound = c.eval_line("x");
        assert!(
            !unbound.ok && unbound.text.contains("undefined"),
            "{}",
            unbound.text
        );
        assert_eq!(c.eval_line("1 + 1").text, "2");
    }

    #[test]
    fn an_interrupted_line_replays_to_the_same_world() {
        let mut s = Session::new(4);
        s.eval("Fleet.start_users(1..5)");
        assert!(matches!(
            s.begin("for i <- 1..10_000_000, do: send(self(), i)"),
            Progress::Running
        ));
        assert!(matches!(s.resume(25), Progress::Running));
        // Seeks and advances wait for the line.
        let before = s.time();
        s.advance(1_000);
        s.seek(0);
        assert_eq!(s.time(), before);
        assert_eq!(
            s.interrupt().map(|o| o.text),
            Some("** (EXIT) interrupted".to_string())
        );
        s.eval("Process.info(self(), :message_queue_len)");
        s.advance(2_000);
        assert!(matches!(
            s.inputs()[1].1,
            Input::Interrupted { steps: 25, .. }
        ));
        let end = s.time();
        let at_end = digest(s.console());
        s.seek(0);
        s.seek(end);
        assert_eq!(digest(s.console()), at_end);
        let copy = rebuilt(4, s.inputs());
        assert_eq!(digest(copy.console()), at_end);
    }

    trait Busy {
        fn is_running_result(&self) -> bool;
    }

    impl Busy for Progress {
        /// True for the answer a second line gets while one runs.
        fn is_running_result(&self) -> bool {
            matches!(self, Progress::Done(out) if !out.text.contains("still running"))
        }
    }
}
