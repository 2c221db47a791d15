//! The console: the iex-like language that is the one front door to a world.
//!
//! - `ast` — the syntax tree of a line.
//! - `lexer`, `parser` — text to [`ast::Expr`], with iex-style syntax errors.
//! - `eval` — evaluation as the shell process; `pattern` — matching.
//! - `value` — ranges, anonymous functions, enumerables.
//! - `builtins` — the fixed table of callable functions.
//! - `error` — errors, printed as iex prints them.
//! - `session` — a console that records its inputs and travels in time by replay.
//!
//! A [`Console`] owns a world booted with the built-in applications and a
//! shell process on the first node. Each line runs under a budget of events
//! and virtual time, then the world settles: everything due at the current
//! instant happens before the next line, as if the user paused to type.

pub mod ast;
pub mod builtins;
pub mod error;
pub mod eval;
pub mod lexer;
pub mod parser;
pub mod pattern;
pub mod session;
pub mod value;

use crate::kernel::{NodeId, ProcessKind, Time, TraceKind, World, WorldConfig, MS};
use crate::otp::call::Budget;
use crate::term::{inspect_width, Atom, Pid, Term};
use error::EvalError;
use eval::{Env, Eval};
use value::Closure;

/// The width IEx pretty-prints results to.
pub const IEX_WIDTH: usize = 80;

/// Limits on what one line may do.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Evaluation steps plus world events per line.
    pub events: u64,
    /// Virtual milliseconds a line may advance the clock by.
    pub virtual_ms: u64,
    /// Longest line accepted, in bytes.
    pub line_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            events: 2_000_000,
            virtual_ms: 24 * 3_600 * 1_000,
            line_bytes: 64 * 1024,
        }
    }
}

/// The result of one line.
#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    /// True when the line evaluated to a value.
    pub ok: bool,
    /// The value as `inspect` prints it, or the error's first line.
    pub text: String,
    /// The whole error text (several lines for some errors); `text` when ok.
    pub full: String,
    /// Lines printed while evaluating (`IO.puts/1`, `flush/0`).
    pub printed: Vec<String>,
    /// The value, when ok.
    pub value: Option<Term>,
}

/// An iex-like session against one world.
#[derive(Clone)]
pub struct Console {
    world: World,
    /// The shell on the node the console is attached to.
    shell: Pid,
    /// Shells on other nodes the console has been attached to, by node.
    shells: std::collections::BTreeMap<NodeId, Pid>,
    env: Env,
    closures: Vec<Closure>,
    limits: Limits,
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
        world.settle(u64::MAX);
        let shell = spawn_shell(&mut world, 0);
        Console {
            world,
            shell,
            shells: std::collections::BTreeMap::from([(0, shell)]),
            env: Env::new(),
            closures: Vec::new(),
            limits: Limits::default(),
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

    /// The shell process lines run as.
    pub fn shell(&self) -> Pid {
        self.shell
    }

    /// Current bindings, in name order.
    pub fn bindings(&self) -> &Env {
        &self.env
    }

    /// Sets the per-line limits.
    pub fn set_limits(&mut self, limits: Limits) {
        self.limits = limits;
    }

    /// Advances virtual time by `ms`, running what falls due (the UI's play).
    /// Returns false when the event budget ran out first.
    pub fn advance(&mut self, ms: u64, max_events: u64) -> bool {
        self.advance_us(ms.saturating_mul(MS), max_events)
    }

    /// [`Console::advance`] in microseconds.
    pub fn advance_us(&mut self, us: Time, max_events: u64) -> bool {
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

    /// Runs exactly the next `n` events (fewer if the queue empties): how a
    /// replay repeats an advance that stopped at its event cap.
    pub fn run_events(&mut self, n: u64) {
        for _ in 0..n {
            if !self.world.step() {
                break;
            }
        }
        self.revive_shell();
    }

    /// Evaluates one line.
    pub fn eval_line(&mut self, line: &str) -> Output {
        let now = self.world.now();
        self.world.record(TraceKind::Console {
            line: line.to_string(),
        });
        let mut printed = Vec::new();
        let result = if line.len() > self.limits.line_bytes {
            Err(EvalError::Budget(format!(
                "the line is {} bytes; the console takes at most {}",
                line.len(),
                self.limits.line_bytes
            )))
        } else {
            match parser::parse(line) {
                Err(e) => Err(EvalError::Syntax(e.to_string())),
                Ok(expr) => {
                    let mut budget = Budget {
                        events: self.limits.events,
                        until: now.saturating_add(self.limits.virtual_ms.saturating_mul(MS)),
                    };
                    let mut env = self.env.clone();
                    let mut ev = Eval::new(
                        &mut self.world,
                        self.shell,
                        &mut budget,
                        &mut self.closures,
                        &mut printed,
                    );
                    let value = ev.eval(&expr, &mut env);
                    let attach = ev.attach;
                    if let (Ok(_), Some(node)) = (&value, attach) {
                        self.attach(node);
                    }
                    if value.is_ok() {
                        self.env = env;
                    }
                    let settled = self.world.settle(budget.events.max(10_000));
                    match value {
                        Ok(_) if !settled => Err(EvalError::Budget(
                            "the world did not settle within the event budget".into(),
                        )),
                        other => other,
                    }
                }
            }
        };
        let result = match self.revive_shell() {
            Some((old, reason)) => Err(EvalError::ShellDied {
                shell: Term::Pid(old),
                reason,
            }),
            None => result,
        };
        match result {
            Ok(value) => {
                let text = inspect_width(&value, IEX_WIDTH);
                Output {
                    ok: true,
                    full: text.clone(),
                    text,
                    printed,
                    value: Some(value),
                }
            }
            Err(e) => Output {
                ok: false,
                text: e.first_line(),
                full: e.full(),
                printed,
                value: None,
            },
        }
    }

    /// True when `text` is an unfinished expression (an open bracket,
    /// string or `fn`), so a terminal should read another line, as iex does.
    pub fn is_incomplete(text: &str) -> bool {
        matches!(parser::parse(text), Err(e) if e.is_incomplete())
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
    }

    /// Starts a new shell when the old one died; returns the old pid and
    /// its exit reason. When the whole node is down, the console goes back
    /// to the first live node, as a person would open a terminal elsewhere.
    fn revive_shell(&mut self) -> Option<(Pid, Term)> {
        if self.world.is_alive(self.shell) {
            return None;
        }
        let old = self.shell;
        if !self.world.node_alive(old.node) {
            let live = (0..self.world.node_count() as NodeId).find(|n| self.world.node_alive(*n));
            if let Some(node) = live {
                self.shells.remove(&old.node);
                self.attach(node);
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

/// Spawns a shell process (`IEx.Evaluator`) on `node`.
fn spawn_shell(world: &mut World, node: NodeId) -> Pid {
    world
        .spawn(
            node,
            None,
            false,
            Atom::new("Elixir.IEx.Evaluator"),
            ProcessKind::Shell,
        )
        .unwrap_or(crate::term::Pid {
            node,
            id: 0,
            serial: 0,
        })
}
