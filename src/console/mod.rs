//! The console: iex in front of a simulated world. Each chunk of input is
//! Elixir, compiled and run as the node's shell process.
//!
//! - `reader` — joining input lines into chunks as iex does.
//! - `shell` — running one chunk in the shell: compile, run, wait, print.
//! - `host` — the built-in applications' functions the shell may call.
//! - `builtins` — those functions, by module.
//! - `error` — errors, printed as iex prints them.
//! - `session` — a console that records its inputs and travels in time by replay.
//!
//! A [`Console`] owns a world booted with the built-in applications and
//! the standard library, and a shell process on the first node. Each chunk
//! runs under a budget of events, reductions and virtual time, then the
//! world settles: everything due at the current instant happens before the
//! next chunk, as if the user paused to type.

pub mod builtins;
pub mod error;
pub mod host;
pub mod reader;
pub mod session;
mod shell;

pub use shell::Progress;

use crate::kernel::{NodeId, ProcessKind, Time, TraceKind, World, WorldConfig, MS};
use crate::lang::compile::ShellEnv;
use crate::term::{Atom, Pid, Term};
use crate::vm::proc::VmProc;
use std::collections::BTreeMap;

pub use reader::Reader;

/// The width IEx pretty-prints results to.
pub const IEX_WIDTH: usize = 80;

/// [`Limits::heap_words`] by default: 32 Mi words, 256 MiB as the BEAM
/// counts (a 10-million-element list takes 20 Mi words).
pub const HEAP_WORDS: u64 = 32 << 20;

/// Limits on what one chunk may do.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// World events per chunk.
    pub events: u64,
    /// Reductions of compiled code (all processes) per chunk.
    pub reductions: u64,
    /// Virtual milliseconds a chunk may advance the clock by.
    pub virtual_ms: u64,
    /// Longest chunk accepted, in bytes.
    pub line_bytes: usize,
    /// Words of memory (8 bytes each, counted as the BEAM counts a term's
    /// size) the big terms a chunk makes may take in all: lists, maps and
    /// tuples built by natives, binaries past 64 bytes. Past it, making
    /// one more is a `SystemLimitError`, as the BEAM stops a process past
    /// its `max_heap_size`. Counts what is made, not what stays alive.
    pub heap_words: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            events: 2_000_000,
            reductions: 20_000_000,
            virtual_ms: 24 * 3_600 * 1_000,
            line_bytes: 64 * 1024,
            heap_words: HEAP_WORDS,
        }
    }
}

/// The result of one chunk.
#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    /// True when the chunk evaluated to a value.
    pub ok: bool,
    /// The value as `inspect` prints it, or the error's first line.
    pub text: String,
    /// The whole text (several lines for some values and errors).
    pub full: String,
    /// Lines printed while evaluating (`IO.puts/1`, warnings, `flush/0`).
    pub printed: Vec<String>,
    /// The value, when ok.
    pub value: Option<Term>,
}

/// The shell's state that outlives one chunk.
#[derive(Clone, Default)]
pub(crate) struct ShellState {
    /// The shell process's machine state (its dictionary survives chunks).
    pub(crate) vm: VmProc,
    /// Variables bound so far, by name.
    pub(crate) bindings: BTreeMap<String, Term>,
    /// Aliases and imports in force.
    pub(crate) env: ShellEnv,
    /// The iex prompt number (`iex(3)>`): the line errors are reported at.
    pub(crate) counter: u32,
    /// True when the last chunk read was a match (`x = 1`): iex then
    /// refuses a chunk starting with `|>`.
    pub(crate) last_match: bool,
}

/// An iex-like session against one world.
#[derive(Clone)]
pub struct Console {
    world: World,
    /// The shell on the node the console is attached to.
    shell: Pid,
    /// Shells on other nodes the console has been attached to, by node.
    shells: BTreeMap<NodeId, Pid>,
    state: ShellState,
    limits: Limits,
    /// Set by `Sim.attach/1` during a chunk: where the console goes after it.
    attach_after: Option<NodeId>,
    /// Chunks evaluated so far; the last one's number is the
    /// [`crate::kernel::Cause`] of the work it set off.
    lines: crate::kernel::Cause,
    /// The line under way, when one was started and has not ended.
    running: Option<Box<shell::Running>>,
    /// The world's word count the line under way may reach
    /// ([`Limits::heap_words`] past where it started).
    line_words_ceiling: u64,
}

impl Console {
    /// A console on a fresh world with the built-in applications booted on
    /// `:"a@sim"`.
    pub fn new(seed: u64) -> Console {
        Console::with_config(WorldConfig { seed, trace: true })
    }

    /// A console on a world built with `config`.
    pub fn with_config(config: WorldConfig) -> Console {
        let mut world = World::new(config);
        crate::apps::load(&mut world);
        crate::cluster::boot_node(&mut world, 0);
        Console::on(world)
    }

    /// A console on a node running only what a fresh `iex` has (OTP and
    /// Elixir's standard library, no built-in applications): what the
    /// transcripts of real iex sessions are compared against.
    pub fn bare(seed: u64) -> Console {
        Console::bare_with(WorldConfig { seed, trace: true })
    }

    /// [`Console::bare`] on a world built with `config`: the user-code
    /// benchmarks (`otpsim-bench`) run it with the trace off.
    pub fn bare_with(config: WorldConfig) -> Console {
        let mut world = World::new(config);
        crate::vm::prelude::load(&mut world);
        crate::otp::load(&mut world);
        crate::otp::global::boot(&mut world, 0);
        Console::on(world)
    }

    fn on(mut world: World) -> Console {
        world.settle(u64::MAX);
        let shell = spawn_shell(&mut world, 0);
        Console {
            world,
            shell,
            shells: BTreeMap::from([(0, shell)]),
            state: ShellState {
                counter: 1,
                ..ShellState::default()
            },
            limits: Limits::default(),
            attach_after: None,
            lines: 0,
            running: None,
            line_words_ceiling: u64::MAX,
        }
    }

    /// The world this console drives.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// The world, mutably (for views that advance time).
    pub fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }

    /// The shell process chunks run as.
    pub fn shell(&self) -> Pid {
        self.shell
    }

    /// Variables bound so far, in name order.
    pub fn bindings(&self) -> &BTreeMap<String, Term> {
        &self.state.bindings
    }

    /// How many chunks this console has evaluated: the number the trace
    /// gives as the cause of the last one's work (the iex prompt number
    /// starts again with a new shell; this does not).
    pub fn lines(&self) -> crate::kernel::Cause {
        self.lines
    }

    /// The iex prompt number of the next chunk.
    pub fn counter(&self) -> u32 {
        self.state.counter
    }

    /// Sets the per-chunk limits.
    pub fn set_limits(&mut self, limits: Limits) {
        self.limits = limits;
    }

    /// Advances virtual time by `ms`, running what falls due (the UI's play).
    /// Returns false when the event budget ran out first.
    pub fn advance(&mut self, ms: u64, max_events: u64) -> bool {
        self.advance_us(ms.saturating_mul(MS), max_events)
    }

    /// [`Console::advance`] in microseconds.
    /// While a line runs, the world is the line's: nothing moves (true).
    pub fn advance_us(&mut self, us: Time, max_events: u64) -> bool {
        if self.running.is_some() {
            return true;
        }
        let until: Time = self.world.now().saturating_add(us);
        let mut left = max_events;
        while self.world.next_event_time().is_some_and(|t| t <= until) {
            if left == 0 {
                self.revive_shell();
                return false;
            }
            left -= 1;
            self.world.step();
        }
        self.world.run_until(until);
        self.revive_shell();
        true
    }

    /// Runs exactly the next `n` events (fewer if the queue empties), as
    /// [`World::events_run`] counts them: how a replay repeats an advance
    /// that stopped at its event cap. (A step can count as several events:
    /// one message to each of a node's `monitor_nodes` subscribers.)
    pub fn run_events(&mut self, n: u64) {
        if self.running.is_some() {
            return;
        }
        let until = self.world.events_run().saturating_add(n);
        while self.world.events_run() < until {
            if !self.world.step() {
                break;
            }
        }
        self.revive_shell();
    }

    /// Lines processes printed since the last chunk or the last call.
    pub fn take_output(&mut self) -> Vec<String> {
        self.world.take_stdout()
    }

    /// Evaluates one chunk (one or more complete expressions) to its end.
    pub fn eval_line(&mut self, chunk: &str) -> Output {
        // u64::MAX steps end every line within its budget first.
        self.run_line(chunk, u64::MAX)
    }

    /// Runs one chunk for at most `steps` steps and interrupts it there if
    /// it has not ended: how a replay repeats a line that was interrupted
    /// ([`Console::line_steps`] says how far it got).
    pub fn run_line(&mut self, chunk: &str, steps: u64) -> Output {
        match self.start_line(chunk) {
            Progress::Done(out) => out,
            Progress::Running => match self.resume(steps) {
                Progress::Done(out) => out,
                Progress::Running => self.interrupt().unwrap_or_else(busy_none),
            },
        }
    }

    /// Starts one chunk; it runs as [`Console::resume`] is called, a few
    /// steps at a time (how the page keeps drawing frames while a long
    /// line runs). A chunk that cannot start (it does not parse, say) is
    /// done at once. While another line runs, nothing starts.
    pub fn start_line(&mut self, chunk: &str) -> Progress {
        if self.running.is_some() {
            return Progress::Done(busy());
        }
        self.lines = self.lines.saturating_add(1);
        self.world.set_cause(self.lines);
        self.world.record(TraceKind::Console {
            line: chunk.to_string(),
        });
        // The heap limit holds while the line runs (its own processes
        // included), not while the world runs between lines.
        self.line_words_ceiling = self.world.words().saturating_add(self.limits.heap_words);
        self.world.set_words_ceiling(self.line_words_ceiling);
        let begun = shell::begin(self, chunk);
        self.world.set_words_ceiling(u64::MAX);
        match begun {
            Ok(running) => {
                self.running = Some(Box::new(running));
                Progress::Running
            }
            Err(out) => Progress::Done(out),
        }
    }

    /// Runs the line under way for at most `steps` more steps (a step is a
    /// slice of the shell's reductions or one world event); `Done` with
    /// its output once it ended. Without a line under way, `Running` is
    /// never answered: there is nothing to do and the last output is gone,
    /// so an empty error output comes back.
    pub fn resume(&mut self, steps: u64) -> Progress {
        let Some(mut running) = self.running.take() else {
            return Progress::Done(busy_none());
        };
        self.world.set_words_ceiling(self.line_words_ceiling);
        let ceiling = shell::reductions_ceiling(self, &running);
        self.world.set_reductions_ceiling(ceiling);
        let ended = shell::resume(self, &mut running, steps);
        self.world.set_words_ceiling(u64::MAX);
        self.world.set_reductions_ceiling(u64::MAX);
        match ended {
            Some(out) => Progress::Done(out),
            None => {
                self.running = Some(running);
                Progress::Running
            }
        }
    }

    /// Stops the line under way, as iex's break menu interrupts an
    /// evaluator (`** (EXIT) interrupted`); `None` when none is.
    pub fn interrupt(&mut self) -> Option<Output> {
        let running = self.running.take()?;
        Some(shell::interrupt(self, *running))
    }

    /// True while a line started with [`Console::start_line`] runs.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Steps the line under way has taken (0 when none runs): where an
    /// interrupted line stopped, so a replay stops it at the same place.
    pub fn line_steps(&self) -> u64 {
        self.running.as_deref().map_or(0, shell::steps)
    }

    /// True when `text` is an unfinished expression (an open bracket,
    /// string, `do` or a dangling operator), so a terminal should read
    /// another line, as iex does.
    pub fn is_incomplete(text: &str) -> bool {
        matches!(crate::lang::parse(text), Err(e) if e.is_incomplete())
    }

    /// The node the console is attached to.
    pub fn node(&self) -> NodeId {
        self.shell.node
    }

    /// Moves the console to a shell on `node` (made on first visit).
    pub fn attach(&mut self, node: NodeId) {
        self.shells.insert(self.shell.node, self.shell);
        let shell = match self.shells.get(&node) {
            Some(pid) if self.world.is_alive(*pid) => *pid,
            _ => spawn_shell(&mut self.world, node),
        };
        self.shells.insert(node, shell);
        self.shell = shell;
        self.state.vm = VmProc::default();
    }

    /// A shell left outside the cluster (every node was down) moves to the
    /// first node that is up again, before the next line runs.
    fn rehome_shell(&mut self) {
        if self.world.node_alive(self.shell.node) {
            return;
        }
        if let Some(node) = self.first_live_node() {
            self.shells.remove(&self.shell.node);
            self.attach(node);
        }
    }

    fn first_live_node(&self) -> Option<NodeId> {
        (0..self.world.node_count() as NodeId).find(|n| self.world.node_alive(*n))
    }

    /// True while the shell runs on a node that is down: every node is.
    pub fn outside(&self) -> bool {
        !self.world.node_alive(self.shell.node)
    }

    /// Starts a new shell when the old one died; returns the old pid and
    /// its exit reason. When the whole node is down, the console goes back
    /// to the first live node, as a person would open a terminal elsewhere;
    /// with no node up, to a shell outside the cluster ([`World::spawn_outside`]).
    fn revive_shell(&mut self) -> Option<(Pid, Term)> {
        if self.world.is_alive(self.shell) {
            return None;
        }
        let old = self.shell;
        // A new shell, as iex starts one: no bindings, the prompt back at 1.
        self.state = ShellState {
            counter: 1,
            ..ShellState::default()
        };
        if !self.world.node_alive(old.node) {
            self.shells.remove(&old.node);
            match self.first_live_node() {
                Some(node) => self.attach(node),
                None => {
                    self.shell = self
                        .world
                        .spawn_outside(old.node, Atom::new("Elixir.IEx.Evaluator"))
                        .unwrap_or(old);
                    self.world.mark_user(self.shell);
                    self.shells.insert(old.node, self.shell);
                    self.state.vm = VmProc::default();
                }
            }
            return Some((old, Term::atom("noconnection")));
        }
        let reason = self
            .world
            .trace()
            .iter()
            .rev()
            .find_map(|e| match &e.kind {
                TraceKind::Exit { pid, reason } if *pid == old => Some(reason.clone()),
                _ => None,
            })
            .unwrap_or_else(|| Term::atom("killed"));
        self.shell = spawn_shell(&mut self.world, old.node);
        self.shells.insert(old.node, self.shell);
        Some((old, reason))
    }
}

/// The answer to a line typed while another runs.
fn busy() -> Output {
    Output::refusal("** (otpsim) a line is still running: interrupt it or let it finish first")
}

/// The answer to resuming with no line under way.
fn busy_none() -> Output {
    Output::refusal("** (otpsim) no line is running")
}

impl Output {
    /// An error output of a line that ran nothing.
    pub(crate) fn refusal(text: &str) -> Output {
        Output {
            ok: false,
            full: text.to_string(),
            text: text.to_string(),
            printed: Vec::new(),
            value: None,
        }
    }
}

/// Spawns a shell process (`IEx.Evaluator`) on `node`.
fn spawn_shell(world: &mut World, node: NodeId) -> Pid {
    let shell = world
        .spawn(
            node,
            None,
            false,
            Atom::new("Elixir.IEx.Evaluator"),
            ProcessKind::Shell,
        )
        .unwrap_or(Pid {
            node,
            id: 0,
            serial: 0,
        });
    world.mark_user(shell);
    shell
}
