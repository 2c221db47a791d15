//! Running one chunk as the shell: parse, compile against the current
//! bindings, run the compiled code as the shell process, and let the world
//! run whenever the shell waits (in `receive`, in a `GenServer.call`) or
//! has used a slice of reductions. The chunk's value and its bindings come
//! back together; errors read as iex prints them.

use super::error::EvalError;
use super::host::{ShellHost, BUDGET_TAG};
use super::{Console, Output, IEX_WIDTH};
use crate::kernel::{Time, MS, SLICE_COST};
use crate::lang::compile::{compile_chunk, ShellEnv};
use crate::otp::call::Budget;
use crate::term::{inspect, inspect_width, Term};
use crate::vm::exception::{banner, Exception};
use crate::vm::ops::Class;
use crate::vm::proc::{Outcome, SLICE};

/// How many results `v/1` can reach back (iex keeps 20 by default).
const HISTORY: usize = 20;

/// How a chunk failed.
enum Failure {
    /// The text iex would print (possibly several lines).
    Text(String),
    /// An exception raised by the chunk.
    Raised(Exception),
    /// The chunk ran out of budget.
    Budget(String),
}

/// What a chunk has spent, against its limits.
#[derive(Clone)]
struct Meter {
    events: u64,
    reductions: u64,
    until: Time,
}

impl Meter {
    fn check(&self, c: &Console) -> Result<(), Failure> {
        let l = c.limits;
        if c.world.events_run() - self.events > l.events {
            return Err(Failure::Budget("event budget exhausted".into()));
        }
        self.check_reductions(c)
    }

    fn check_reductions(&self, c: &Console) -> Result<(), Failure> {
        if c.world.reductions() > self.ceiling(c) {
            return Err(Failure::Budget(
                "reduction budget exhausted (the line computed for too long)".into(),
            ));
        }
        Ok(())
    }

    /// The world's reduction count past which the line has spent its budget.
    fn ceiling(&self, c: &Console) -> u64 {
        self.reductions.saturating_add(c.limits.reductions)
    }

    fn remaining(&self, c: &Console) -> Budget {
        Budget {
            events: c
                .limits
                .events
                .saturating_sub(c.world.events_run() - self.events),
            reductions: c
                .limits
                .reductions
                .saturating_sub(c.world.reductions() - self.reductions),
            until: self.until,
        }
    }
}

/// A line under way: what is needed to go on where it stopped. A line
/// runs in steps (a slice of the shell's code, or one world event), and
/// stops only between them, so a line run in many pieces — the page runs
/// a long one a few milliseconds per frame — ends in exactly the world it
/// would have run to at once.
#[derive(Clone)]
pub(super) struct Running {
    /// What was printed so far (before the line and while it ran).
    printed: Vec<String>,
    meter: Meter,
    /// The chunk's bound names, given their values when it ends.
    outputs: Vec<String>,
    /// The aliases and imports in force after the chunk.
    env: ShellEnv,
    /// The prompt number the line runs at.
    counter: u32,
    phase: Phase,
    /// Steps taken so far: how far an interrupted line got, for replay.
    steps: u64,
}

/// Where a running line is.
#[derive(Clone)]
enum Phase {
    /// The shell's code and the world take turns until the code ends.
    Drive(Drive),
    /// The line has its value; the world settles (at most `left` events).
    Settle { value: Term, left: u64 },
}

/// Where the shell's code is, while it runs.
#[derive(Clone, Copy)]
enum Drive {
    /// The shell's code runs next.
    Shell,
    /// The shell used a slice of reductions: the world runs up to here.
    CatchUp(Time),
    /// The shell waits in `receive` (its mailbox held `before` letters).
    Wait {
        before: usize,
        deadline: Option<Time>,
    },
}

/// How far a call got.
pub enum Progress {
    /// The line ended: its output.
    Done(Output),
    /// The line is still running: call [`Console::resume`] again.
    Running,
}

/// Starts `chunk` as the console's shell; it runs only when resumed.
pub(super) fn begin(c: &mut Console, chunk: &str) -> Result<Running, Output> {
    c.rehome_shell();
    let mut printed = c.world.take_stdout();
    if c.outside() {
        printed.push(format!(
            "(every node is down: this shell runs outside the cluster until Sim.restart_node(:\"{}\") brings one back)",
            c.world.node_name(c.shell.node).map_or("a@sim", |a| a.as_str())
        ));
    }
    match prepare(c, chunk, &mut printed) {
        Ok((outputs, env)) => Ok(Running {
            printed,
            meter: Meter {
                events: c.world.events_run(),
                reductions: c.world.reductions(),
                until: c
                    .world
                    .now()
                    .saturating_add(c.limits.virtual_ms.saturating_mul(MS)),
            },
            outputs,
            env,
            counter: c.state.counter,
            phase: Phase::Drive(Drive::Shell),
            steps: 0,
        }),
        Err(f) => Err(finish(c, printed, Err(f))),
    }
}

/// Runs `r` for at most `quota` more steps; its output when it ended.
pub(super) fn resume(c: &mut Console, r: &mut Running, quota: u64) -> Option<Output> {
    let stop = r.steps.saturating_add(quota);
    while r.steps < stop {
        r.steps += 1;
        let ended = match &mut r.phase {
            Phase::Settle { value, left } => {
                let now = c.world.now();
                if c.world.next_event_time().is_some_and(|t| t <= now) {
                    if *left == 0 {
                        Some(Err(Failure::Budget(
                            "the world did not settle within the event budget".into(),
                        )))
                    } else {
                        *left -= 1;
                        c.world.step();
                        None
                    }
                } else {
                    Some(Ok(std::mem::replace(value, Term::nil())))
                }
            }
            Phase::Drive(drive) => match drive_step(c, &r.meter, drive) {
                Ok(None) => None,
                Ok(Some(value)) => {
                    r.phase = conclude(c, r, value);
                    None
                }
                Err(f) => Some(Err(f)),
            },
        };
        if let Some(result) = ended {
            let result = result.map_err(|f| explain(c, f, &r.meter));
            return Some(finish(c, std::mem::take(&mut r.printed), result));
        }
    }
    None
}

/// Ends `r` where it stands, as iex's break menu interrupts an evaluator:
/// `** (EXIT) interrupted`. What the line started (processes, messages in
/// flight) goes on; its bindings are not made.
pub(super) fn interrupt(c: &mut Console, r: Running) -> Output {
    c.state.vm.reset_stack();
    if matches!(r.phase, Phase::Settle { .. }) {
        // The value was in: the line is done, only the world's settling stops.
        return finish(
            c,
            r.printed,
            Err(Failure::Budget(
                "interrupted while the world settled".into(),
            )),
        );
    }
    finish(
        c,
        r.printed,
        Err(Failure::Text("** (EXIT) interrupted".into())),
    )
}

/// The world's reduction count at which `r` has spent its budget: natives
/// that would pass it are refused (see `World::set_reductions_ceiling`).
pub(super) fn reductions_ceiling(c: &Console, r: &Running) -> u64 {
    r.meter.ceiling(c)
}

/// How many steps `r` has taken.
pub(super) fn steps(r: &Running) -> u64 {
    r.steps
}

/// What the console prints for a line that ended with `result`.
fn finish(c: &mut Console, mut printed: Vec<String>, result: Result<Term, Failure>) -> Output {
    c.state.vm.reset_stack();
    c.world.check_invariants_now();
    let (after, open) = c.world.take_stdout_open();
    printed.extend(after);
    // iex prints the result right after an unfinished line ("text:ok").
    let prefix = if open {
        printed.pop().unwrap_or_default()
    } else {
        String::new()
    };
    let result = match c.revive_shell() {
        Some((old, reason)) => Err(Failure::Text(
            EvalError::ShellDied {
                shell: Term::Pid(old),
                reason,
            }
            .full(),
        )),
        None => result,
    };
    match result {
        Ok(value) => {
            let text = prefix + &inspect_width(&value, IEX_WIDTH);
            Output {
                ok: true,
                full: text.clone(),
                text,
                printed,
                value: Some(value),
            }
        }
        Err(f) => {
            let full = match f {
                Failure::Text(t) => t,
                Failure::Raised(e) => banner(&e),
                Failure::Budget(why) => format!("** (otpsim) line stopped: {why}"),
            };
            let full = prefix + &full;
            Output {
                ok: false,
                text: full.lines().next().unwrap_or_default().to_string(),
                full,
                printed,
                value: None,
            }
        }
    }
}

/// Parses and compiles `chunk`, and puts its code on the shell's stack.
/// Returns the names it binds and the environment after it.
fn prepare(
    c: &mut Console,
    chunk: &str,
    printed: &mut Vec<String>,
) -> Result<(Vec<String>, ShellEnv), Failure> {
    if chunk.len() > c.limits.line_bytes {
        return Err(Failure::Budget(format!(
            "the input is {} bytes; the console takes at most {}",
            chunk.len(),
            c.limits.line_bytes
        )));
    }
    let counter = c.state.counter;
    if chunk
        .lines()
        .last()
        .is_some_and(|l| l.trim() == "#iex:break")
    {
        return Err(Failure::Text(format!(
            "** (TokenMissingError) iex:{counter}: incomplete expression"
        )));
    }
    // iex reads a line that starts with a binary operator as a
    // continuation of the previous result (`|> Enum.sum()`).
    let piped;
    let chunk = if let Some(op) = leading_operator(chunk) {
        if c.state.last_match {
            let source = chunk.lines().next().unwrap_or("");
            let column = source.len() - source.trim_start().len() + 1;
            return Err(Failure::Text(format!(
                "** (SyntaxError) iex:{counter}:{column}: pipe shorthand is not allowed immediately after a match expression in IEx. To make it work, surround the whole pipeline with parentheses '{op}'\n{}",
                snippet(source, counter, column as u32)
            )));
        }
        piped = format!("v(-1) {}", chunk.trim_start());
        piped.as_str()
    } else {
        chunk
    };
    let ast = crate::lang::parse(chunk).map_err(|e| {
        let line = e.line + counter.saturating_sub(1);
        let description = e.description();
        let mut text = format!(
            "** ({}) iex:{line}:{}: {description}",
            e.kind().name(),
            e.column,
        );
        if description.starts_with("syntax error before:")
            || description.starts_with("missing terminator:")
        {
            let source = chunk
                .lines()
                .nth(e.line.saturating_sub(1) as usize)
                .unwrap_or("");
            text.push('\n');
            text.push_str(&snippet(source, line, e.column));
        }
        Failure::Text(text)
    })?;
    c.state.last_match = matches!(ast.as_call(), Some(("=", [_, _], _)));
    let names: Vec<String> = c.state.bindings.keys().cloned().collect();
    let mut env = c.state.env.clone();
    env.env.line_offset = counter.saturating_sub(1);
    env.env.source = Some(std::rc::Rc::from(chunk));
    let compiled = compile_chunk(&mut c.world, &ast, &mut env, &names);
    env.env.source = None;
    let code = match compiled {
        Ok(code) => code,
        Err(e) => {
            printed.extend(e.warnings.iter().cloned());
            return Err(Failure::Text(e.banner(counter)));
        }
    };
    printed.extend(code.warnings.iter().cloned());
    let values: Vec<Term> = names
        .iter()
        .map(|n| c.state.bindings.get(n).cloned().unwrap_or_else(Term::nil))
        .collect();
    c.state.vm.reset_stack();
    c.attach_after = None;
    c.state
        .vm
        .push_call(code.module.clone(), 0, values)
        .map_err(Failure::Raised)?;
    Ok((code.outputs, env))
}

/// An exception the line raised, as iex prints it (a learner's own
/// exception's `message/1` runs as the shell to say it).
fn explain(c: &mut Console, f: Failure, meter: &Meter) -> Failure {
    match f {
        Failure::Raised(e) => {
            c.state.vm.reset_stack();
            match own_message(c, &e, meter) {
                Some(text) => Failure::Text(text),
                None => budget_or(e),
            }
        }
        other => other,
    }
}

/// The shell's code ended with `value` (`{result, bindings...}`): the
/// bindings, the history and an attach take effect, and the world settles.
fn conclude(c: &mut Console, r: &mut Running, value: Term) -> Phase {
    c.state.vm.reset_stack();
    let parts = value.as_tuple().map(<[Term]>::to_vec).unwrap_or_default();
    let mut parts = parts.into_iter();
    let result = parts.next().unwrap_or_else(Term::nil);
    for (name, v) in r.outputs.iter().zip(parts) {
        c.state.bindings.insert(name.clone(), v);
    }
    c.state.env = std::mem::take(&mut r.env);
    c.state.counter += 1;
    // `v/1` reads past results from the shell's dictionary, as IEx keeps them.
    let key = Term::atom("$iex_history");
    let mut history: Vec<Term> = c
        .state
        .vm
        .state
        .dict
        .get(&key)
        .map(|h| h.list_iter().take(HISTORY - 1).cloned().collect())
        .unwrap_or_default();
    history.insert(
        0,
        Term::tuple([Term::Int(i64::from(r.counter)), result.clone()]),
    );
    c.state.vm.state.dict.insert(key, Term::list(history));
    if let Some(node) = c.attach_after.take() {
        c.attach(node);
    }
    let budget = r.meter.remaining(c);
    Phase::Settle {
        value: result,
        left: budget.events.max(10_000),
    }
}

/// The banner of an exception whose module defines its own `message/1`
/// (a `defexception` in the learner's code): that function runs as the
/// shell, as iex runs it. `None` for Elixir's own exceptions.
fn own_message(c: &mut Console, e: &Exception, meter: &Meter) -> Option<String> {
    if e.class != Class::Error {
        return None;
    }
    let ex = crate::vm::exception::normalize(e);
    let module = ex.struct_name()?;
    let loaded = crate::vm::code_server::module(&c.world, module)?;
    loaded.export(crate::term::Atom::new("message"), 1)?;
    let name = crate::vm::exception::exception_name(&ex);
    c.state.vm.reset_stack();
    let fun = Term::Fun(std::rc::Rc::new(crate::term::Fun::Export {
        module,
        function: crate::term::Atom::new("message"),
        arity: 1,
    }));
    let world = &c.world;
    if c.state
        .vm
        .push_apply(world, &fun, vec![ex.clone()])
        .is_err()
    {
        return None;
    }
    let text = match drive(c, meter) {
        Ok(Term::Binary(b)) => String::from_utf8_lossy(&b).into_owned(),
        Ok(other) => format!(
            "got {} while retrieving Exception.message/1 for {} (expected a string)",
            inspect(&other),
            inspect(&ex)
        ),
        Err(Failure::Raised(inner)) => format!(
            "got {} with message {} while retrieving Exception.message/1 for {}",
            crate::vm::exception::exception_name(&crate::vm::exception::normalize(&inner)),
            inspect(&Term::string(&crate::vm::exception::message(
                &crate::vm::exception::normalize(&inner)
            ))),
            inspect(&ex)
        ),
        Err(_) => return None,
    };
    Some(format!("** ({name}) {text}"))
}

/// The binary operator a chunk starts with, if any (`|> Enum.sum()`):
/// the operators iex continues the previous result with.
fn leading_operator(chunk: &str) -> Option<&'static str> {
    const OPS: &[&str] = &[
        "|>", "<<<", ">>>", "|||", "<<~", "~>>", "<~>", "<|>", "<~", "~>", "+++", "---", "++",
        "--", "<>", "===", "!==", "==", "!=", "=~", "<=", ">=", "&&&", "&&", "||", "*", "/",
    ];
    let text = chunk.trim_start();
    // Longer operators come first in the list, so `|||` is not read as `||`.
    OPS.iter().find(|op| text.starts_with(**op)).copied()
}

/// The source line under a syntax error, with a caret at the column, as
/// Elixir 1.14 prints it:
///
/// ```text
///     |
///  12 | 1 +* 2
///     |    ^
/// ```
fn snippet(source: &str, line: u32, column: u32) -> String {
    let number = line.to_string();
    let width = number.len().max(2);
    let gutter = " ".repeat(width);
    let indent = " ".repeat(column.saturating_sub(1) as usize);
    format!(" {gutter} |\n {number:>width$} | {source}\n {gutter} | {indent}^")
}

/// An exit carrying a host function's budget stop reads as one.
fn budget_or(e: Exception) -> Failure {
    if e.class == Class::Exit {
        if let Some([tag, why]) = e.reason.as_tuple() {
            if tag.is_atom(BUDGET_TAG) {
                let text = why
                    .as_binary()
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .unwrap_or_else(|| inspect(why));
                return Failure::Budget(text);
            }
        }
    }
    Failure::Raised(e)
}

/// Runs the shell's code to the end, letting the world run when it waits
/// (for `message/1` of a learner's exception, at once).
fn drive(c: &mut Console, meter: &Meter) -> Result<Term, Failure> {
    let mut phase = Drive::Shell;
    loop {
        if let Some(value) = drive_step(c, meter, &mut phase)? {
            return Ok(value);
        }
    }
}

/// One step of the shell's code and the world: a slice of the shell, or
/// one event while the world catches up with it or it waits. The shell's
/// value once its code ended.
fn drive_step(c: &mut Console, meter: &Meter, phase: &mut Drive) -> Result<Option<Term>, Failure> {
    match *phase {
        Drive::Shell => {
            let shell = c.shell;
            if !c.world.is_alive(shell) {
                return Err(Failure::Text(String::new()));
            }
            let mut budget = meter.remaining(c);
            let mut host = ShellHost {
                budget: &mut budget,
                attach: None,
            };
            // The shell works for its line, whatever ran in between.
            c.world.set_cause(c.lines);
            let outcome = c.state.vm.run(&mut c.world, shell, &mut host, SLICE);
            if let Some(node) = host.attach {
                c.attach_after = Some(node);
            }
            match outcome {
                Outcome::Done(v) => return Ok(Some(v)),
                Outcome::Raised(e) => return Err(Failure::Raised(e)),
                Outcome::Yield => {
                    *phase = Drive::CatchUp(c.world.now().saturating_add(SLICE_COST));
                }
                Outcome::Wait(deadline) => {
                    *phase = Drive::Wait {
                        before: c.world.mailbox_len(shell),
                        deadline,
                    };
                }
            }
            Ok(None)
        }
        Drive::CatchUp(target) => {
            // The world runs up to `target`, within the budget.
            if c.world.next_event_time().is_some_and(|t| t <= target) {
                meter.check(c)?;
                c.world.step();
                return Ok(None);
            }
            if target > meter.until {
                return Err(Failure::Budget("virtual time budget exhausted".into()));
            }
            c.world.run_until(target);
            meter.check(c)?;
            *phase = Drive::Shell;
            Ok(None)
        }
        Drive::Wait { before, deadline } => {
            // The world runs until a message reaches the shell or the deadline passes.
            let shell = c.shell;
            if c.world.mailbox_len(shell) != before || !c.world.is_alive(shell) {
                meter.check(c)?;
                *phase = Drive::Shell;
                return Ok(None);
            }
            match (c.world.next_event_time(), deadline) {
                (Some(t), d) if d.is_none_or(|d| t <= d) => {
                    if t > meter.until {
                        return Err(Failure::Budget("virtual time budget exhausted".into()));
                    }
                    meter.check(c)?;
                    c.world.step();
                }
                (_, Some(d)) => {
                    if d > meter.until {
                        return Err(Failure::Budget("virtual time budget exhausted".into()));
                    }
                    c.world.run_until(d);
                    meter.check(c)?;
                    *phase = Drive::Shell;
                }
                (_, None) => {
                    return Err(Failure::Budget(
                        "the shell would wait forever: nothing else can happen".into(),
                    ))
                }
            }
            Ok(None)
        }
    }
}
