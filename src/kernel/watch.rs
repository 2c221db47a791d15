//! Live invariants (`Sim.invariant/2,3`): checks the world runs after its
//! events, so an invariant turns red at the event that broke it rather than
//! when someone next asks.
//!
//! The kernel keeps each check as data (a name, a term saying what to
//! check, how often, and how long it may fail before it counts) and hands
//! the term to the check runner the layers above installed, which knows
//! what `:global` or a user's `fn` means. Checks run after every `every`-th
//! event (numbered by the world, so the same seed checks at the same
//! events), only read the world by contract, and are traced only when an
//! invariant changes colour.

use super::world::World;
use super::{Cause, Time, TraceKind};
use crate::term::Term;
use std::rc::Rc;

/// Runs one check: `Ok` when the invariant holds, or why it does not
/// (the layer above's; see [`World::set_check_runner`]). `None` means the
/// check could not run this time (the line's budget ran out) and says
/// nothing either way.
pub type CheckRunner = fn(&mut World, &Term) -> Option<Result<(), String>>;

/// The invariants being watched and the times each changed colour.
#[derive(Clone, Debug, Default)]
pub(crate) struct Watches {
    runner: Option<CheckRunner>,
    list: Vec<Watched>,
    /// Every change of colour, oldest first, the newest [`MARKS_KEPT`].
    marks: std::collections::VecDeque<InvariantMark>,
    /// True while a check runs: a check's own events check nothing.
    checking: bool,
}

#[derive(Clone, Debug)]
struct Watched {
    name: Rc<str>,
    check: Term,
    every: u64,
    grace: Time,
    /// Since when it has failed, and why: it turns red once this is
    /// `grace` old.
    failing: Option<(Time, Rc<str>)>,
    red: bool,
    /// When it first turned red, and why (kept after it turns green again).
    first_broke: Option<(Time, Rc<str>)>,
}

/// The cause of everything a check itself sets off (a message it sends, a
/// process it spawns): no check runs after those events, so a check with
/// side effects cannot feed itself a storm of events. It names no line.
pub const CHECK_CAUSE: Cause = Cause::MAX;

/// How many changes of colour the world remembers for the time track.
pub const MARKS_KEPT: usize = 1_000;

/// An invariant changing colour on the time track.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvariantMark {
    /// Virtual time (µs) of the event after which it first failed (for a
    /// break) or first held again.
    pub time: Time,
    /// The invariant's name.
    pub name: Rc<str>,
    /// True when it holds from here on, false when it broke here.
    pub holds: bool,
    /// Why it broke (empty when it holds).
    pub why: Rc<str>,
}

/// What `Sim.invariants/0` reports for one invariant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvariantStatus {
    /// Its name.
    pub name: Rc<str>,
    /// True while it is red.
    pub red: bool,
    /// When it first broke and why, if it ever did.
    pub first_broke: Option<(Time, Rc<str>)>,
}

/// How a break reads where it is reported: `invariant kv broke at 3506
/// ms: why` (the console prints it, the sweep lists it).
pub fn broke_text(name: &str, at: Time, why: &str) -> String {
    format!("invariant {name} broke at {} ms: {why}", at / super::MS)
}

impl World {
    /// Makes invariants run through `runner`.
    pub fn set_check_runner(&mut self, runner: CheckRunner) {
        self.watches.runner = Some(runner);
    }

    /// Watches `check` as the invariant `name`, after every `every`-th
    /// event (at least 1); it turns red once it has failed for `grace`.
    /// A name watched already is replaced, its history kept on the track.
    pub fn watch(&mut self, name: &str, check: Term, every: u64, grace: Time) {
        let watched = Watched {
            name: name.into(),
            check,
            every: every.max(1),
            grace,
            failing: None,
            red: false,
            first_broke: None,
        };
        match self.watches.list.iter_mut().find(|w| &*w.name == name) {
            Some(w) => *w = watched,
            None => self.watches.list.push(watched),
        }
        self.track_changes += 1;
        // Judged at once, so a line that breaks it shows on its own event.
        self.check_invariants_now();
    }

    /// Stops watching `name`. False when it was not watched.
    pub fn unwatch(&mut self, name: &str) -> bool {
        let before = self.watches.list.len();
        self.watches.list.retain(|w| &*w.name != name);
        self.track_changes += 1;
        self.watches.list.len() != before
    }

    /// Every watched invariant, in the order they were added.
    pub fn invariants(&self) -> Vec<InvariantStatus> {
        self.watches
            .list
            .iter()
            .map(|w| InvariantStatus {
                name: Rc::clone(&w.name),
                red: w.red,
                first_broke: w.first_broke.clone(),
            })
            .collect()
    }

    /// A number that changes whenever what the time track draws does
    /// (faults scheduled or fired, invariants added, dropped or changing
    /// colour), so the page re-reads the track only then. Compare it only
    /// within one world: a replayed world counts from its own start.
    pub fn track_version(&self) -> u64 {
        self.track_changes
    }

    /// Every change of colour kept, oldest first.
    pub fn invariant_marks(&self) -> Vec<InvariantMark> {
        self.watches.marks.iter().cloned().collect()
    }

    /// True when some invariant is watched and the event just run was not
    /// set off by a check (the step loop's one test).
    #[inline]
    pub(crate) fn watching(&self) -> bool {
        !self.watches.list.is_empty() && self.cause != CHECK_CAUSE
    }

    /// Runs every check now, whatever its `every`: the console does after
    /// each line, whose own work (an ETS insert in the shell) is no event.
    pub fn check_invariants_now(&mut self) {
        if !self.watches.list.is_empty() {
            self.check_invariants(true);
        }
    }

    /// Runs the checks due after this event (all of them when `all`).
    pub(crate) fn check_invariants(&mut self, all: bool) {
        let Some(runner) = self.watches.runner else {
            return;
        };
        if self.watches.checking {
            return;
        }
        self.watches.checking = true;
        let n = self.events_run();
        for i in 0..self.watches.list.len() {
            let Some(w) = self.watches.list.get(i) else {
                break;
            };
            if !all && n % w.every != 0 {
                continue;
            }
            let check = w.check.clone();
            let cause = std::mem::replace(&mut self.cause, CHECK_CAUSE);
            let verdict = runner(self, &check);
            self.cause = cause;
            let Some(verdict) = verdict else {
                continue;
            };
            self.judge(i, verdict);
        }
        self.watches.checking = false;
    }

    /// Updates invariant `i` with a check's verdict, marking and tracing
    /// a change of colour.
    fn judge(&mut self, i: usize, verdict: Result<(), String>) {
        let now = self.now;
        let Some(w) = self.watches.list.get_mut(i) else {
            return;
        };
        let change = match verdict {
            Ok(()) => {
                w.failing = None;
                if !w.red {
                    return;
                }
                w.red = false;
                InvariantMark {
                    time: now,
                    name: Rc::clone(&w.name),
                    holds: true,
                    why: "".into(),
                }
            }
            Err(why) => {
                let (since, why) = match &w.failing {
                    // The same failure goes on: keep when it started.
                    Some((since, _)) => (*since, Rc::from(why)),
                    None => (now, Rc::from(why)),
                };
                w.failing = Some((since, Rc::clone(&why)));
                if w.red || now.saturating_sub(since) < w.grace {
                    return;
                }
                w.red = true;
                if w.first_broke.is_none() {
                    w.first_broke = Some((since, Rc::clone(&why)));
                }
                InvariantMark {
                    time: since,
                    name: Rc::clone(&w.name),
                    holds: false,
                    why,
                }
            }
        };
        let text = match change.holds {
            true => format!("** invariant {} holds again", change.name),
            false => format!("** {}", broke_text(&change.name, change.time, &change.why)),
        };
        self.print(text);
        self.record(TraceKind::Invariant {
            name: change.name.to_string(),
            holds: change.holds,
            why: change.why.to_string(),
        });
        if self.watches.marks.len() == MARKS_KEPT {
            self.watches.marks.pop_front();
        }
        self.watches.marks.push_back(change);
        self.track_changes += 1;
    }
}
