//! The app's one source of truth: the session (and through it the console
//! and the world) plus the snapshots the views draw, changed only by
//! [`Action`]s.
//!
//! Every line goes through [`Session::eval`] and every step of time through
//! [`Session::advance`], so the session records them and the scrubber can
//! [`Session::seek`] to any earlier moment. Moving forward while behind the
//! recorded end (play, step) replays the recorded future instead of
//! recording a new one: only a new console line branches.
//!
//! Snapshots ([`view::trees`], [`view::log_tail`], the clock) are taken in the
//! reducer, once per change, so components get plain data as props and Yew
//! skips the ones whose data did not change.

use crate::console::session::{Input, Session};
use crate::console::{Output, Progress};
use crate::kernel::{NodeId, MS};
use crate::page::lab::LabJob;
use crate::page::share::Shared;
use crate::scenarios::{self, Scenario};
use crate::term::Pid;
use crate::view::api::ShardsSnapshot;
use crate::view::{
    self, ClusterView, CodeView, LogLine, NamesView, ProcessRow, ProcessView, SequenceView,
    ServicesView, TreeNode,
};
use std::cell::RefCell;
use std::rc::Rc;

/// Seed of the world the page boots: every visit starts the same world.
pub const SEED: u64 = 0;
/// The node whose supervision tree is drawn first (`a@sim`).
pub const NODE: NodeId = 0;
/// The name of [`NODE`], as the tree's title shows it.
pub const NODE_NAME: &str = "a@sim";
/// Virtual milliseconds a step covers when nothing is scheduled.
pub const TICK_MS: u32 = 100;
/// Virtual milliseconds one step back (← key, back button) rewinds.
pub const STEP_BACK_MS: u64 = 100;
/// Trace events a page keeps (the log, the charts and `on()` callbacks
/// look at recent ones only); older ones are dropped so a long run stays
/// small and never stalls on reallocating a huge trace.
pub const TRACE_LIMIT: usize = crate::kernel::CONSOLE_TRACE_LIMIT;
/// Wall-clock milliseconds between updates of the log and the open tab's
/// view while playing (the clock and the cluster picture update every frame).
pub const LIVE_VIEWS_MS: f64 = 100.0;
/// Wall-clock milliseconds between refreshes of the processes list while
/// playing.
pub const PROCESSES_MS: f64 = 500.0;
/// Processes outside any supervision tree the tree pane draws at most (the
/// processes tab lists them all).
pub const LOOSE_SHOWN: usize = 200;
/// Trace events the message sequence chart looks at.
pub const SEQUENCE_WINDOW: usize = 300;
/// Process lanes the message sequence chart draws at most.
pub const SEQUENCE_LANES: usize = 8;
/// Trace events kept for the event log (its filter looks through all of them).
pub const LOG_WINDOW: usize = 1_000;
/// Transcript entries kept; older ones scroll away for good.
pub const TRANSCRIPT_MAX: usize = 500;
/// Speeds offered by the speed select, in percent of real time.
pub const SPEEDS: [u32; 5] = [10, 100, 1_000, 10_000, 100_000];

/// The tabs of the right-hand column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// The cluster picture.
    Cluster,
    /// One node's supervision tree.
    Supervision,
    /// The shard fleet and the movement chart.
    Shards,
    /// `:global`, `:pg` and Registry names as each node sees them.
    Names,
    /// PubSub, KV and to-do panels.
    Services,
    /// The message sequence chart.
    Messages,
    /// The fault lab: seed sweeps and the KV history's check.
    Faults,
    /// The applications' Elixir source and the console's modules.
    Code,
    /// Every process of one node, sortable and searchable.
    Processes,
    /// The code editor.
    Editor,
    /// The event log, on the whole column.
    Log,
}

impl Tab {
    /// Every tab, in the order the bar shows them.
    pub const ALL: [Tab; 11] = [
        Tab::Cluster,
        Tab::Supervision,
        Tab::Processes,
        Tab::Shards,
        Tab::Names,
        Tab::Services,
        Tab::Messages,
        Tab::Faults,
        Tab::Code,
        Tab::Editor,
        Tab::Log,
    ];

    /// The tab's label.
    pub fn label(self) -> &'static str {
        match self {
            Tab::Cluster => "Cluster",
            Tab::Supervision => "Supervision",
            Tab::Shards => "Shards",
            Tab::Names => "Names",
            Tab::Services => "Services",
            Tab::Messages => "Messages",
            Tab::Faults => "Faults",
            Tab::Code => "Code",
            Tab::Processes => "Processes",
            Tab::Editor => "Editor",
            Tab::Log => "Log",
        }
    }

    /// The tab's id, as classes and test ids use it (`cluster`).
    pub fn id(self) -> &'static str {
        match self {
            Tab::Cluster => "cluster",
            Tab::Supervision => "supervision",
            Tab::Shards => "shards",
            Tab::Names => "names",
            Tab::Services => "services",
            Tab::Messages => "messages",
            Tab::Faults => "faults",
            Tab::Code => "code",
            Tab::Processes => "processes",
            Tab::Editor => "editor",
            Tab::Log => "log",
        }
    }
}

/// How many trace events the page's Export buttons save at most.
pub const EXPORT_LAST: usize = 10_000;

/// What the page's Export buttons save (see `view/export.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// `otpsim-trace/1` JSON.
    Json,
    /// A Mermaid sequence diagram.
    Mermaid,
    /// A ShiViz log.
    Shiviz,
}

impl ExportFormat {
    /// The file the browser saves.
    pub fn file_name(self) -> &'static str {
        match self {
            ExportFormat::Json => "otpsim-trace.json",
            ExportFormat::Mermaid => "otpsim-trace.mmd",
            ExportFormat::Shiviz => "otpsim-trace.shiviz.log",
        }
    }
}

/// An export, ready to save: JSON as data (the page serializes it with
/// the browser's own `JSON`), the others as text.
#[derive(Clone, Debug, PartialEq)]
pub enum Exported {
    /// The JSON export's data.
    Json(view::export::TraceExport),
    /// Mermaid or ShiViz text.
    Text(String),
}

/// One evaluated console line, as the transcript shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The prompt number: `iex(n)>`.
    pub n: u64,
    /// The line as typed.
    pub line: String,
    /// Lines printed while it ran (`IO.puts/1`, `flush/0`).
    pub printed: Vec<String>,
    /// False when the line raised (drawn in red).
    pub ok: bool,
    /// Exactly [`crate::console::Output::full`] (equal to `text` when ok).
    pub result: String,
    /// The iex prompt number it ran at: its first line is line `counter`
    /// in error messages (`iex:LINE`).
    pub counter: u32,
    /// The console's number for it: the cause the log's lines carry for
    /// the work it set off ([`crate::kernel::Cause`]).
    pub cause: crate::kernel::Cause,
}

/// Everything that can change the state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Evaluate one console line (a long one runs a slice per frame).
    Eval(String),
    /// Stop the line under way (`** (EXIT) interrupted`).
    Interrupt,
    /// Wall-clock milliseconds passed while playing; virtual time moves by
    /// this times the speed.
    Tick(u64),
    /// Start the play loop.
    Play,
    /// Stop the play loop.
    Pause,
    /// Play when paused, pause when playing (the space key).
    Toggle,
    /// Pause, then run until the next scheduled event (or [`TICK_MS`] of
    /// virtual time when nothing is scheduled).
    Step,
    /// Pause, then go back [`STEP_BACK_MS`] of virtual time (to 0 at most).
    StepBack,
    /// Pause, then put the world as it was at this virtual time (µs), by
    /// replay. The recorded future stays until a new line branches.
    Seek(u64),
    /// Set the speed, in percent of real time.
    SetSpeed(u32),
    /// Show this node's supervision tree.
    ShowNode(NodeId),
    /// Show this tab (and keep its view's snapshot fresh).
    ShowTab(Tab),
    /// Open the inspector on the process printed so (`#PID<0.107.0>`);
    /// `None` closes it.
    Inspect(Option<String>),
    /// Open this source in the editor tab.
    Edit(String),
    /// Open what a share link's hash holds (the page's hash was changed by
    /// hand, or a link to the open page was followed): a scenario, a seed,
    /// inputs. A hash with nothing usable changes nothing.
    Open(String),
    /// Run the session's lines on the seeds `1..=n` (the fault lab's
    /// sweep), a little per frame, listing the seeds that break an invariant.
    Sweep(u64),
    /// Stop the sweep or shrink under way; what is done stays listed.
    StopSweep,
    /// Shrink the last sweep's run on this seed: drop lines while it still
    /// breaks, a little per frame.
    Shrink(u64),
    /// Start over on this scenario ([`crate::scenarios::find`] name; any
    /// other name, such as `blank`, starts the blank world): a fresh session
    /// on its seed with its lines run, paused where they end.
    Scenario(String),
}

/// The app state. Cloning is cheap: the session and snapshots are shared.
#[derive(Clone)]
pub struct State {
    /// Shared, not cloned: the world is big and has one true copy.
    session: Rc<RefCell<Session>>,
    /// Evaluated lines, oldest first (at most [`TRANSCRIPT_MAX`]).
    pub transcript: Rc<Vec<Entry>>,
    /// The number the next prompt shows.
    pub next_n: u64,
    /// Whether the play loop runs.
    pub playing: bool,
    /// Speed in percent of real time (100 = 1×).
    pub speed: u32,
    /// Virtual time in microseconds.
    pub now: u64,
    /// The latest virtual time the session has recorded (µs): the end of
    /// the scrubber.
    pub end: u64,
    /// Virtual microseconds a tick earned but could not advance yet (time
    /// moves in whole milliseconds), carried to the next tick.
    carry_us: u64,
    /// The node whose supervision tree is shown.
    pub node: NodeId,
    /// Supervision trees of [`State::node`].
    pub trees: Rc<Vec<TreeNode>>,
    /// Processes outside any tree not drawn (past [`LOOSE_SHOWN`]).
    pub trees_more: usize,
    /// Virtual time (whole seconds) of the trees snapshot: the right edge
    /// of the restart timelines, moving with the trees, not every frame.
    pub trees_at_s: u64,
    /// The cluster picture: nodes, links, packets in flight.
    pub cluster: Rc<ClusterView>,
    /// The shard fleet: K and keys per shard.
    pub shards: Rc<ShardsSnapshot>,
    /// The last [`LOG_WINDOW`] trace events.
    pub log: Rc<Vec<LogLine>>,
    /// Faults scheduled with `Sim.nemesis/1`, fired and to come: the
    /// scrubber's track draws them.
    pub faults: Rc<Vec<crate::kernel::FaultMark>>,
    /// Invariants watched with `Sim.invariant/2` and when each was red.
    pub invariants: Rc<Vec<crate::view::InvariantTrack>>,
    /// The tab shown: the names, services and messages views are
    /// snapshotted only while theirs is.
    pub tab: Tab,
    /// Every node's view of `:global`, `:pg` and Registry names.
    pub names: Rc<NamesView>,
    /// PubSub subscribers, the last broadcast, KV routes.
    pub services: Rc<ServicesView>,
    /// The message sequence chart of the last [`SEQUENCE_WINDOW`] events.
    pub sequence: Rc<SequenceView>,
    /// The applications' source and the console's modules.
    pub code: Rc<CodeView>,
    /// The code server's load count when `code` was taken.
    code_version: u64,
    /// Every process of [`State::node`], for the processes tab.
    pub processes: Rc<Vec<ProcessRow>>,
    /// What the processes tab printed before (shared between the clones
    /// the reducer makes: it only ever saves work).
    process_cache: Rc<RefCell<view::processes::RowCache>>,
    /// The process the inspector is open on, alive or not at the time shown.
    pub inspected: Option<Pid>,
    /// What the inspector shows of it now (`None` while it is not alive).
    pub inspector: Option<Rc<ProcessView>>,
    /// The source last sent to the editor, numbered so the same text sent
    /// twice still opens.
    pub editor_open: Option<(u64, Rc<str>)>,
    /// Wall-clock ms when a slow view was last taken while playing.
    views_at: f64,
    /// Wall-clock ms when the processes list was last taken while playing.
    processes_at: f64,
    /// Which slow view is next (see `snapshot_frame`).
    turn: u8,
    /// The world's track version when the track was last read.
    track_version: u64,
    /// Trace length when the sequence chart was last drawn.
    sequence_len: usize,
    /// Trace length at the last snapshot: the log is rebuilt only when it grew.
    trace_len: usize,
    /// The scenario picked, if any.
    pub scenario: Option<&'static Scenario>,
    /// A short notice for the learner (a share link partly ignored).
    pub notice: Option<String>,
    /// The line under way (it runs a slice per frame until it ends or is
    /// interrupted) and the prompt counter it started at.
    pub running: Option<(Rc<str>, u32)>,
    /// Lines entered while one ran, oldest first: they run after it, as
    /// iex reads what was typed during an evaluation once it ends.
    pub queued: Rc<Vec<Rc<str>>>,
    /// The fault lab's seed sweep, if one was started.
    pub sweep: Option<Rc<super::lab::SweepView>>,
    /// The sweep under way (shared between the reducer's clones).
    sweeper: Option<Rc<RefCell<super::lab::SweepJob>>>,
    /// The lines the last sweep ran, for shrinking one of its seeds.
    sweep_lines: Rc<Vec<String>>,
    /// The shrink of a failing seed's run, if one was started.
    pub shrink: Option<Rc<super::lab::ShrinkView>>,
    /// The shrink under way.
    shrinker: Option<Rc<RefCell<super::lab::ShrinkJob>>>,
    /// The KV history's linearizability check, while the fault lab shows.
    pub history: Rc<super::lab::HistoryView>,
    /// The history's version when `history` was taken.
    history_version: Option<u64>,
}

impl Default for State {
    fn default() -> Self {
        State::new(SEED)
    }
}

impl State {
    /// A state on a fresh console seeded with `seed`, playing at 1×.
    pub fn new(seed: u64) -> State {
        let mut session = Session::new(seed);
        session.set_trace_limit(Some(TRACE_LIMIT));
        let session = Rc::new(RefCell::new(session));
        let mut state = State {
            session: Rc::clone(&session),
            transcript: Rc::new(Vec::new()),
            next_n: 1,
            playing: true,
            speed: 100,
            now: 0,
            end: 0,
            carry_us: 0,
            node: NODE,
            trees: Rc::new(Vec::new()),
            trees_more: 0,
            trees_at_s: 0,
            cluster: Rc::new(ClusterView {
                time: 0,
                nodes: Rc::new(Vec::new()),
                links: Rc::new(Vec::new()),
                in_flight: Vec::new(),
            }),
            shards: Rc::new(ShardsSnapshot::default()),
            log: Rc::new(Vec::new()),
            faults: Rc::new(Vec::new()),
            invariants: Rc::new(Vec::new()),
            tab: Tab::Cluster,
            names: Rc::new(NamesView::default()),
            services: Rc::new(ServicesView::default()),
            sequence: Rc::new(SequenceView::default()),
            code: Rc::new(CodeView::default()),
            code_version: u64::MAX,
            processes: Rc::new(Vec::new()),
            process_cache: Rc::default(),
            inspected: None,
            inspector: None,
            editor_open: None,
            views_at: 0.0,
            processes_at: 0.0,
            turn: 0,
            sequence_len: 0,
            track_version: 0,
            trace_len: usize::MAX,
            scenario: None,
            notice: None,
            running: None,
            queued: Rc::new(Vec::new()),
            sweep: None,
            sweeper: None,
            sweep_lines: Rc::default(),
            shrink: None,
            shrinker: None,
            history: Rc::default(),
            history_version: None,
        };
        // Nothing else holds the session yet, so this borrow cannot fail.
        if let Ok(session) = session.try_borrow() {
            state.snapshot(&session);
        }
        state
    }

    /// A fresh state on `scenario` (the blank world when `None`) with its
    /// lines run through the console, paused where they end. A line that
    /// fails is shown in red like any other and the rest still run.
    pub fn with_scenario(scenario: Option<&'static Scenario>) -> State {
        let mut state = State::new(scenario.map_or(SEED, |s| s.seed));
        state.scenario = scenario;
        state.playing = false;
        state.open_scenario_editor();
        let session = Rc::clone(&state.session);
        if let Ok(mut session) = session.try_borrow_mut() {
            for chunk in scenario.iter().flat_map(|s| s.lines()) {
                state.eval(&mut session, chunk);
            }
            state.snapshot(&session);
        }
        state
    }

    /// The state a share link holds: its seed, its inputs replayed (lines
    /// through the console, so the transcript shows them), then the world
    /// put at its time. Paused.
    pub fn restore(shared: &Shared) -> State {
        let mut state = State::new(shared.seed);
        state.scenario = shared.scenario.as_deref().and_then(scenarios::find);
        state.open_scenario_editor();
        state.playing = false;
        let session = Rc::clone(&state.session);
        if let Ok(mut session) = session.try_borrow_mut() {
            for input in &shared.inputs {
                match input {
                    Input::Line(line) => state.eval(&mut session, line.clone()),
                    Input::Interrupted { line, steps } => {
                        // Run as far as it got, then stopped there (a
                        // forged link's line may end first: then it ended).
                        let counter = session.console().counter();
                        let out = session.run_line(line, *steps);
                        state.add_entry(&session, line.clone(), counter, out);
                    }
                    Input::Slice { events, .. } => session.slice(*events),
                    Input::Advance(us) => {
                        let target = session.time().saturating_add(*us);
                        advance_to(&mut session, target);
                    }
                }
            }
            if let Some(time) = shared.time {
                if time != session.time() {
                    session.seek(time);
                }
            }
            state.snapshot(&session);
        }
        state
    }

    /// Puts the scenario's module (if it names one) in the editor.
    fn open_scenario_editor(&mut self) {
        self.editor_open = self
            .scenario
            .and_then(|s| s.editor)
            .and_then(|name| module_source(self, name))
            .map(|source| (1, Rc::from(source)));
    }

    /// What a share link must hold to rebuild this state; `None` while the
    /// session is busy.
    pub fn shared(&self) -> Option<Shared> {
        let session = self.session.try_borrow().ok()?;
        Some(Shared {
            scenario: self.scenario.map(|s| s.name.to_string()),
            seed: session.seed(),
            inputs: session.replayable_inputs(),
            time: Some(session.time()),
        })
    }

    /// The trace as the page's Export buttons save it (the newest
    /// [`EXPORT_LAST`] events): `None` while the session is busy.
    pub fn export(&self, format: ExportFormat) -> Option<Exported> {
        let session = self.session.try_borrow().ok()?;
        let world = session.console().world();
        Some(match format {
            ExportFormat::Json => Exported::Json(view::export::json(world, EXPORT_LAST)),
            ExportFormat::Mermaid => Exported::Text(view::export::mermaid(world, EXPORT_LAST)),
            ExportFormat::Shiviz => Exported::Text(view::export::shiviz(world, EXPORT_LAST)),
        })
    }

    /// Why the session can no longer be shared by a link, if it cannot:
    /// its oldest inputs were folded into a snapshot to cap its memory.
    pub fn share_notice(&self) -> Option<String> {
        self.session.try_borrow().ok()?.share_notice()
    }

    /// Evaluates `line` in `session` and adds it to the transcript.
    fn eval(&mut self, session: &mut Session, line: String) {
        let counter = session.console().counter();
        let out = session.eval(&line);
        self.add_entry(session, line, counter, out);
    }

    /// Starts `line` and runs it for up to [`FIRST_SLICE_MS`]: most lines
    /// end there, as they did when every line ran at once; a longer one
    /// stays under way ([`State::running`]) and the play loop's ticks
    /// resume it. Entered while another runs, it waits in
    /// [`State::queued`].
    fn begin(&mut self, session: &mut Session, line: String, clock: &dyn Fn() -> f64) {
        if self.running.is_some() {
            Rc::make_mut(&mut self.queued).push(Rc::from(line));
            return;
        }
        self.start(session, line);
        if self.running.is_some() {
            self.resume(session, FIRST_SLICE_MS, clock);
        }
    }

    /// Starts `line` in the session: ended at once (into the transcript)
    /// or under way.
    fn start(&mut self, session: &mut Session, line: String) {
        let counter = session.console().counter();
        match session.begin(&line) {
            Progress::Done(out) => self.add_entry(session, line, counter, out),
            Progress::Running => self.running = Some((Rc::from(line), counter)),
        }
    }

    /// Runs the line under way, then the queued ones, for about
    /// `budget_ms` of wall-clock time (`clock` reads it), looking at the
    /// clock every [`RESUME_STEPS`] steps; true once nothing is left.
    fn resume(&mut self, session: &mut Session, budget_ms: f64, clock: &dyn Fn() -> f64) -> bool {
        let started = clock();
        loop {
            if self.running.is_some() {
                if let Progress::Done(out) = session.resume(RESUME_STEPS) {
                    self.end_running(session, out);
                }
            } else if !self.queued.is_empty() {
                let line = Rc::make_mut(&mut self.queued).remove(0);
                self.start(session, line.to_string());
            } else {
                return true;
            }
            if clock() - started > budget_ms {
                return self.running.is_none() && self.queued.is_empty();
            }
        }
    }

    /// The line under way ended with `out`: into the transcript.
    fn end_running(&mut self, session: &Session, out: Output) {
        if let Some((line, counter)) = self.running.take() {
            self.add_entry(session, line.to_string(), counter, out);
        }
    }

    /// Adds an ended line to the transcript.
    fn add_entry(&mut self, session: &Session, line: String, counter: u32, out: Output) {
        let cause = session.console().lines();
        let transcript = Rc::make_mut(&mut self.transcript);
        transcript.push(Entry {
            n: self.next_n,
            line,
            printed: out.printed,
            ok: out.ok,
            result: out.full,
            counter,
            cause,
        });
        let excess = transcript.len().saturating_sub(TRANSCRIPT_MAX);
        transcript.drain(..excess);
        self.next_n += 1;
    }

    /// The snapshots one play frame takes every frame: the clock and the
    /// packets. The nodes, the trees, the log and the open tab's view are
    /// taken about every [`LIVE_VIEWS_MS`] of wall-clock time, in turn
    /// ([`State::snap_turn`]), since describing thousands of events and
    /// laying out their lines sixty times a second is what would drop
    /// frames.
    fn snap_clock(&mut self, session: &Session) {
        let world = session.console().world();
        self.now = world.now();
        self.end = session.end_time();
        self.snap_packets(world);
        // Faults and invariants change rarely but should show at once.
        if world.track_version() != self.track_version {
            self.snap_track(world);
        }
    }

    /// The slow view whose turn it is, if its time has come: see
    /// [`State::snap_clock`].
    fn snap_turn(&mut self, world: &crate::kernel::World, now: f64) {
        // One slow view per turn, a quarter of LIVE_VIEWS_MS apart, so no
        // frame pays for two of them.
        if now - self.views_at >= LIVE_VIEWS_MS / 4.0 {
            self.views_at = now;
            self.turn = (self.turn + 1) % 4;
            match self.turn {
                0 => self.snap_cluster(world),
                1 => {
                    self.snap_trees(world);
                    self.snap_inspector(world);
                }
                2 => self.snap_log(world),
                // Ten thousand rows are a few milliseconds to read: the
                // list refreshes less often than the other views.
                _ if self.tab == Tab::Processes && now - self.processes_at < PROCESSES_MS => {}
                _ => {
                    if self.tab == Tab::Processes {
                        self.processes_at = now;
                    }
                    self.snap_tab(world);
                }
            }
        }
    }

    /// A frame's first part: the turn's slow view (of the world as the
    /// last frame left it). Returns the milliseconds left for simulating,
    /// so no frame pays for both in full.
    fn frame_views(&mut self, world: &crate::kernel::World, clock: &dyn Fn() -> f64) -> f64 {
        let started = clock();
        self.snap_turn(world, started);
        let left = FRAME_BUDGET_MS - (clock() - started);
        left.clamp(1.0, TICK_BUDGET_MS)
    }

    /// True while the fault lab has a sweep or a shrink with work left
    /// (the page keeps asking for frames).
    pub fn lab_busy(&self) -> bool {
        self.sweeper.is_some() || self.shrinker.is_some()
    }

    /// Runs the sweep, then the shrink, for up to `budget_ms` of wall time.
    fn sweep_slice(&mut self, clock: &dyn Fn() -> f64, budget_ms: f64) {
        let deadline = clock() + budget_ms;
        lab_slice(&mut self.sweeper, &mut self.sweep, |job| {
            job.run_until(clock, deadline)
        });
        lab_slice(&mut self.shrinker, &mut self.shrink, |job| {
            job.run_until(clock, deadline)
        });
    }

    /// Retakes every snapshot the views draw.
    fn snapshot(&mut self, session: &Session) {
        let world = session.console().world();
        // A replayed or branched world's history may differ at the same count.
        self.history_version = None;
        self.now = world.now();
        self.end = session.end_time();
        self.snap_cluster(world);
        self.snap_trees(world);
        self.snap_inspector(world);
        self.snap_log(world);
        self.snap_track(world);
        self.snap_tab(world);
    }

    /// What the time track draws: the faults and the invariants' red spans.
    fn snap_track(&mut self, world: &crate::kernel::World) {
        self.track_version = world.track_version();
        let marks = world.fault_marks();
        if *self.faults != marks {
            self.faults = Rc::new(marks);
        }
        let tracks = crate::view::invariants(world);
        if *self.invariants != tracks {
            self.invariants = Rc::new(tracks);
        }
    }

    /// The inspected process as it is at the time shown: seeking the world
    /// and looking again is how the inspector follows the scrubber.
    fn snap_inspector(&mut self, world: &crate::kernel::World) {
        let view = self.inspected.and_then(|pid| view::process(world, pid));
        if self.inspector.as_deref() != view.as_ref() {
            self.inspector = view.map(Rc::new);
        }
    }

    /// Only the packets and the clock of the cluster picture: the nodes and
    /// links stay the same shared data, so their layers skip drawing.
    fn snap_packets(&mut self, world: &crate::kernel::World) {
        let in_flight = view::in_flight(world);
        if self.cluster.in_flight != in_flight || self.cluster.time != self.now {
            self.cluster = Rc::new(ClusterView {
                time: self.now,
                nodes: Rc::clone(&self.cluster.nodes),
                links: Rc::clone(&self.cluster.links),
                in_flight,
            });
        }
    }

    fn snap_cluster(&mut self, world: &crate::kernel::World) {
        let mut cluster = view::cluster(world);
        // Keep the shared parts when they did not change, so the layers
        // that draw them see the very same data.
        if cluster.nodes == self.cluster.nodes {
            cluster.nodes = Rc::clone(&self.cluster.nodes);
        }
        if cluster.links == self.cluster.links {
            cluster.links = Rc::clone(&self.cluster.links);
        }
        if *self.cluster != cluster {
            self.cluster = Rc::new(cluster);
        }
    }

    /// Trees whatever the tab: restarts are recognised by comparing each
    /// snapshot with the last, so they must not have gaps.
    fn snap_trees(&mut self, world: &crate::kernel::World) {
        self.trees_at_s = world.now() / 1_000_000;
        let (trees, more) = view::trees_within(world, self.node, LOOSE_SHOWN);
        self.trees_more = more;
        if *self.trees != trees {
            self.trees = Rc::new(trees);
        }
    }

    fn snap_log(&mut self, world: &crate::kernel::World) {
        let trace_len = world.trace_total();
        if trace_len == self.trace_len {
            return;
        }
        // Describe only the new events (a busy tick adds thousands; the
        // log keeps the last LOG_WINDOW), unless time went back.
        if trace_len > self.trace_len && self.trace_len != usize::MAX {
            let fresh = view::log_since(world, self.trace_len, LOG_WINDOW);
            let log = Rc::make_mut(&mut self.log);
            log.extend(fresh);
            let excess = log.len().saturating_sub(LOG_WINDOW);
            log.drain(..excess);
        } else {
            self.log = Rc::new(view::log_tail(world, LOG_WINDOW));
        }
        self.trace_len = trace_len;
    }

    /// The open tab's own view, if it has one.
    fn snap_tab(&mut self, world: &crate::kernel::World) {
        match self.tab {
            Tab::Shards => {
                let shards = view::api::shards(world);
                if *self.shards != shards {
                    self.shards = Rc::new(shards);
                }
            }
            Tab::Names => {
                let names = view::names(world);
                if *self.names != names {
                    self.names = Rc::new(names);
                }
            }
            Tab::Services => {
                let services = view::services(world);
                if *self.services != services {
                    self.services = Rc::new(services);
                }
            }
            Tab::Processes => {
                let rows = match self.process_cache.try_borrow_mut() {
                    Ok(mut cache) => {
                        view::processes::processes_cached(world, self.node, &mut cache)
                    }
                    Err(_) => view::processes(world, self.node),
                };
                if *self.processes != rows {
                    self.processes = Rc::new(rows);
                }
            }
            Tab::Code if view::code::version(world) != self.code_version => {
                self.code_version = view::code::version(world);
                self.code = Rc::new(view::code(world));
            }
            Tab::Faults
                if self.history_version != Some(crate::apps::kv::history::version(world)) =>
            {
                self.history_version = Some(crate::apps::kv::history::version(world));
                let view = super::lab::history(world);
                if *self.history != view {
                    self.history = Rc::new(view);
                }
            }
            Tab::Messages
                if world.trace_total() != self.sequence_len || self.sequence.rows == 0 =>
            {
                self.sequence_len = world.trace_total();
                self.sequence = Rc::new(view::sequence(world, SEQUENCE_WINDOW, SEQUENCE_LANES));
            }
            _ => {}
        }
    }
}

impl State {
    /// The state after `action`; `self` itself when nothing changed (so a
    /// view keyed on it does not redraw). `clock` reads the wall clock in
    /// milliseconds: a frame's work is cut to fit it.
    pub fn reduce_with(self: Rc<Self>, action: Action, clock: &dyn Fn() -> f64) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Play => next.playing = true,
            Action::Pause => next.playing = false,
            Action::Toggle => next.playing = !next.playing,
            Action::SetSpeed(speed) => next.speed = speed.clamp(1, 100_000),
            Action::ShowTab(tab) => {
                let Ok(session) = self.session.try_borrow() else {
                    return self;
                };
                next.tab = tab;
                next.snapshot(&session);
            }
            Action::Open(hash) => {
                let parsed = crate::page::share::parse(&hash);
                let Some(shared) = parsed.shared else {
                    return self;
                };
                let mut fresh = State::restore(&shared);
                fresh.notice = crate::page::share::notice(&parsed.problems);
                fresh.speed = next.speed;
                fresh.tab = next.tab;
                next = fresh;
                let cell = Rc::clone(&next.session);
                let borrowed = cell.try_borrow();
                if let Ok(session) = &borrowed {
                    next.snapshot(session);
                }
            }
            Action::Edit(source) => {
                let n = next.editor_open.as_ref().map_or(1, |(n, _)| n + 1);
                next.editor_open = Some((n, Rc::from(source)));
                next.tab = Tab::Editor;
            }
            Action::Inspect(pid) => {
                let Ok(session) = self.session.try_borrow() else {
                    return self;
                };
                next.inspected = pid.as_deref().and_then(parse_pid);
                next.snap_inspector(session.console().world());
            }
            Action::ShowNode(node) => {
                let Ok(session) = self.session.try_borrow() else {
                    return self;
                };
                if (node as usize) < session.console().world().node_count() {
                    next.node = node;
                    next.snapshot(&session);
                }
            }
            Action::Eval(line) => {
                let Ok(mut session) = self.session.try_borrow_mut() else {
                    return self;
                };
                next.begin(&mut session, line, clock);
                next.snapshot(&session);
            }
            Action::Interrupt => {
                let Ok(mut session) = self.session.try_borrow_mut() else {
                    return self;
                };
                let Some(out) = session.interrupt() else {
                    drop(session);
                    return self;
                };
                next.end_running(&session, out);
                next.snapshot(&session);
            }
            Action::Sweep(seeds) => {
                let Ok(session) = self.session.try_borrow() else {
                    return self;
                };
                let lines: Vec<String> = session
                    .replayable_inputs()
                    .into_iter()
                    .filter_map(|i| match i {
                        Input::Line(line) => Some(line),
                        _ => None,
                    })
                    .collect();
                if lines.is_empty() {
                    next.notice =
                        Some("type some lines first: a sweep runs them again on each seed".into());
                    return Rc::new(next);
                }
                let job = super::lab::SweepJob::new(lines.clone(), seeds);
                next.sweep_lines = Rc::new(lines);
                next.sweep = Some(Rc::new(job.view()));
                next.sweeper = Some(Rc::new(RefCell::new(job)));
                next.shrink = None;
                next.shrinker = None;
            }
            Action::StopSweep => {
                if next.sweeper.is_none() && next.shrinker.is_none() {
                    return self;
                }
                lab_slice(&mut next.sweeper, &mut next.sweep, LabJob::stop);
                lab_slice(&mut next.shrinker, &mut next.shrink, LabJob::stop);
            }
            Action::Shrink(seed) => {
                if next.sweep_lines.is_empty() {
                    return self;
                }
                let job = super::lab::ShrinkJob::new(next.sweep_lines.to_vec(), seed);
                next.shrink = Some(Rc::new(job.view()));
                next.shrinker = Some(Rc::new(RefCell::new(job)));
            }
            Action::Tick(_) if next.lab_busy() && !next.playing && next.running.is_none() => {
                // Paused: the frame is the lab's.
                next.sweep_slice(clock, FRAME_BUDGET_MS);
            }
            Action::Tick(_) if next.running.is_some() || !next.queued.is_empty() => {
                next.sweep_slice(clock, SWEEP_BUDGET_MS);
                // A long line runs a slice per frame; time waits for it.
                let Ok(mut session) = self.session.try_borrow_mut() else {
                    return self;
                };
                let budget = next.frame_views(session.console().world(), clock);
                if next.resume(&mut session, budget, clock) {
                    next.snapshot(&session);
                } else {
                    next.snap_clock(&session);
                }
            }
            Action::Tick(wall_ms) => {
                let Ok(mut session) = self.session.try_borrow_mut() else {
                    return self;
                };
                let virtual_us = wall_ms
                    .saturating_mul(MS)
                    .saturating_mul(u64::from(next.speed))
                    / 100
                    + next.carry_us;
                next.carry_us = virtual_us % MS;
                next.sweep_slice(clock, SWEEP_BUDGET_MS);
                let budget = next.frame_views(session.console().world(), clock);
                forward(&mut session, virtual_us / MS, budget, clock);
                next.snap_clock(&session);
            }
            Action::Step => {
                let Ok(mut session) = self.session.try_borrow_mut() else {
                    return self;
                };
                next.playing = false;
                let world = session.console().world();
                let ms = match world.next_event_time() {
                    Some(at) => at.saturating_sub(world.now()).div_ceil(MS).max(1),
                    None => u64::from(TICK_MS),
                };
                forward(&mut session, ms, TICK_BUDGET_MS, clock);
                next.snapshot(&session);
            }
            Action::StepBack => {
                let Ok(mut session) = self.session.try_borrow_mut() else {
                    return self;
                };
                next.playing = false;
                let target = session.time().saturating_sub(STEP_BACK_MS * MS);
                session.seek(target);
                next.snapshot(&session);
            }
            Action::Seek(target) => {
                let Ok(mut session) = self.session.try_borrow_mut() else {
                    return self;
                };
                next.playing = false;
                if target != session.time() {
                    session.seek(target);
                }
                next.snapshot(&session);
            }
            Action::Scenario(name) => {
                let mut fresh = State::with_scenario(scenarios::find(&name));
                fresh.speed = next.speed;
                next = fresh;
            }
        }
        Rc::new(next)
    }
}

/// Wall-clock milliseconds a line runs for when entered, before it goes on
/// a slice per frame: long enough for nearly every line to end at once.
pub const FIRST_SLICE_MS: f64 = 100.0;
/// Steps (shell slices or world events) a running line takes between two
/// looks at the clock: a slice of the shell is up to 4,000 reductions,
/// about a millisecond in the browser, so the clock is read often.
pub const RESUME_STEPS: u64 = 2;
/// Events one slice of [`forward`] runs before it looks at the clock.
pub const SLICE_EVENTS: u64 = 250;
/// Wall-clock milliseconds one tick may spend simulating; what does not fit
/// waits for the next tick (virtual time then runs slower than asked), so
/// the page never freezes however busy the world is.
pub const TICK_BUDGET_MS: f64 = 6.0;
/// Wall-clock milliseconds a tick may spend on a slow view and simulating
/// together: what is left of a 16.7 ms frame after Yew draws the changes
/// and the browser lays out and paints them.
pub const FRAME_BUDGET_MS: f64 = 8.0;

/// Does `work` to the fault lab's job in `job`, if one runs, then shows
/// its view in `shown` (a new `Rc` only when it changed) and lets the job
/// go once it has stopped or ended.
fn lab_slice<J: LabJob>(
    job: &mut Option<Rc<RefCell<J>>>,
    shown: &mut Option<Rc<J::View>>,
    work: impl FnOnce(&mut J),
) {
    let Some(cell) = job.clone() else {
        return;
    };
    let Ok(mut j) = cell.try_borrow_mut() else {
        return;
    };
    work(&mut j);
    let view = j.view();
    if shown.as_deref() != Some(&view) {
        *shown = Some(Rc::new(view));
    }
    if !j.running() {
        *job = None;
    }
}

/// Wall-clock milliseconds of a frame a sweep may take while time plays
/// or a line runs (a paused page gives it [`FRAME_BUDGET_MS`]).
pub const SWEEP_BUDGET_MS: f64 = 4.0;

/// Moves `session` `ms` virtual milliseconds forward: by replaying the
/// recorded future while there is one (so play and step after a seek back do
/// not branch), then by advancing (recording) past the end, in slices of
/// [`SLICE_EVENTS`] events for at most [`TICK_BUDGET_MS`] of wall-clock time.
fn forward(session: &mut Session, ms: u64, budget_ms: f64, clock: &dyn Fn() -> f64) {
    let now = session.time();
    let target = now.saturating_add(ms.saturating_mul(MS));
    let end = session.end_time();
    if now < end {
        session.seek(target.min(end));
    }
    let started = clock();
    while session.time() < target {
        let left = target - session.time();
        if session.advance_us_capped(left, SLICE_EVENTS) || clock() - started > budget_ms {
            break;
        }
    }
}

/// Rounds [`advance_to`] may take.
const ADVANCE_ROUNDS: usize = 1_000;

/// Advances `session` to virtual time `target` (µs), going on where a busy
/// world stopped short at the event cap.
/// At most [`ADVANCE_ROUNDS`] rounds, so a forged link cannot hang the page.
fn advance_to(session: &mut Session, target: u64) {
    for _ in 0..ADVANCE_ROUNDS {
        let before = session.time();
        let us = target.saturating_sub(before);
        if us == 0 {
            break;
        }
        session.advance_us(us);
        if session.time() == before {
            break;
        }
    }
}

/// The source of the module `name` (`Fleet.UserWorker`) as `state`'s world
/// has it.
fn module_source(state: &State, name: &str) -> Option<String> {
    let session = state.session.try_borrow().ok()?;
    let atom = crate::term::Atom::try_new(&format!("Elixir.{name}")).ok()?;
    let module = crate::vm::code_server::module(session.console().world(), atom)?;
    module.source.as_deref().map(str::to_string)
}

/// The pid printed as `text` (`#PID<0.107.0>`).
pub fn parse_pid(text: &str) -> Option<Pid> {
    let inner = text.trim().strip_prefix("#PID<")?.strip_suffix('>')?;
    let mut parts = inner.split('.').map(|p| p.parse::<u32>().ok());
    let (node, id, serial) = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(Pid { node, id, serial })
}

/// The console line that kills the process printed as `pid_text`
/// (`#PID<0.107.0>` → `Process.exit(pid("0.107.0"), :kill)`).
pub fn kill_line(pid_text: &str) -> Option<String> {
    let inner = pid_text.strip_prefix("#PID<")?.strip_suffix('>')?;
    Some(format!("Process.exit(pid(\"{inner}\"), :kill)"))
}

/// The first `x@sim` name (`a`..`z`) no node in `names` has yet.
pub fn next_node_name(names: &[&str]) -> Option<String> {
    (b'a'..=b'z')
        .map(|c| format!("{}@sim", char::from(c)))
        .find(|n| !names.contains(&n.as_str()))
}

/// A node name as an atom literal: `a@sim` → `:"a@sim"`.
pub fn node_atom(name: &str) -> String {
    format!(":{name:?}")
}

/// The console line that splits `live` nodes into a first and second half
/// (`Sim.partition([[:"a@sim"], [:"b@sim"]])`); `None` under two nodes.
pub fn split_line(live: &[&str]) -> Option<String> {
    if live.len() < 2 {
        return None;
    }
    let (first, second) = live.split_at(live.len().div_ceil(2));
    let group = |g: &[&str]| {
        g.iter()
            .map(|n| node_atom(n))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Some(format!(
        "Sim.partition([[{}], [{}]])",
        group(first),
        group(second)
    ))
}

/// Virtual microseconds as the clock shows them: `mm:ss.mmm` (minutes keep
/// counting past 59).
pub fn clock_text(now_us: u64) -> String {
    let ms = now_us / MS;
    format!(
        "{:02}:{:02}.{:03}",
        ms / 60_000,
        (ms / 1_000) % 60,
        ms % 1_000
    )
}

/// A speed in percent as the select shows it (`25` → `0.25×`).
pub fn speed_text(percent: u32) -> String {
    if percent % 100 == 0 {
        format!("{}×", percent / 100)
    } else {
        format!("{}×", f64::from(percent) / 100.0)
    }
}
