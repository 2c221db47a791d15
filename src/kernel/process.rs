//! A process: its mailbox, its links and monitors, and the behaviour that
//! handles its messages.

use super::{Cause, Ctx, Time, World};
use crate::term::{Atom, Pid, Ref, Term};
use std::any::Any;
use std::collections::VecDeque;

/// What a handler wants to happen after it returns.
#[derive(Clone, Debug, PartialEq)]
pub enum Flow {
    /// Keep running and wait for the next message.
    Continue,
    /// Exit with this reason (`:normal`, `:shutdown`, anything).
    Stop(Term),
}

/// How a process that reads its own mailbox ([`Behaviour::selective`])
/// left its time slice.
#[derive(Clone, Debug, PartialEq)]
pub enum Resume {
    /// It used up its slice and wants to run again.
    Yield,
    /// It waits in `receive` for a new message, or until the given time.
    Wait(Option<Time>),
    /// It exited with this reason.
    Stop(Term),
}

/// Whether a process counts as a supervisor or a worker (`count_children`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum ProcessKind {
    /// A supervisor (Supervisor, DynamicSupervisor, Registry).
    Supervisor,
    /// Anything else that runs a behaviour.
    Worker,
    /// A console shell: driven from outside the world, never by events.
    Shell,
}

impl ProcessKind {
    /// `"supervisor"`, `"worker"` or `"shell"`, as the process views name it.
    pub fn as_str(self) -> &'static str {
        match self {
            ProcessKind::Supervisor => "supervisor",
            ProcessKind::Worker => "worker",
            ProcessKind::Shell => "shell",
        }
    }
}

/// The code a process runs. Handlers never touch the world directly: they
/// act through [`Ctx`], whose effects the kernel applies.
pub trait Behaviour: 'static {
    /// Handles one message taken from the front of the mailbox.
    fn handle(&mut self, msg: Term, ctx: &mut Ctx) -> Flow;

    /// The module shown in views and `which_children` (`Fleet.UserWorker`).
    fn module(&self) -> Atom;

    /// Supervisor or worker.
    fn kind(&self) -> ProcessKind {
        ProcessKind::Worker
    }

    /// The process state as a term, for views and `:sys.get_state/1`.
    fn state(&self) -> Term {
        Term::nil()
    }

    /// Lets the OTP layer reach its own behaviour types (a supervisor's children).
    fn as_any(&self) -> &dyn Any;

    /// A copy, for a snapshot of the whole world (see
    /// [`crate::console::session`]: seeking starts from the nearest one).
    fn clone_box(&self) -> Box<dyn Behaviour>;

    /// True for processes that take messages out of their mailbox
    /// themselves (compiled code, with `receive`): the kernel then calls
    /// [`Behaviour::resume`] instead of handing over one message at a time.
    fn selective(&self) -> bool {
        false
    }

    /// Runs a selective process for one time slice; its mailbox is the
    /// world's, reached through `slice`.
    fn resume(&mut self, _slice: &mut Slice) -> Resume {
        Resume::Wait(None)
    }
}

/// What the kernel hands a selective process for one time slice.
///
/// Only compiled code is selective, and the interpreter that runs it is the
/// kernel's own process runner, not a behaviour: its natives (`self()`,
/// `send`, `spawn_link`, `:ets` …) are the kernel's operations, and its
/// `receive` reads the mailbox in place. So it gets the world itself —
/// inside this crate only; a behaviour gets a [`Ctx`] and acts through
/// effects.
pub struct Slice<'w> {
    world: &'w mut World,
    me: Pid,
}

impl<'w> Slice<'w> {
    pub(crate) fn new(world: &'w mut World, me: Pid) -> Slice<'w> {
        Slice { world, me }
    }

    /// The process running.
    pub fn me(&self) -> Pid {
        self.me
    }

    /// The world, for the interpreter (`vm::behaviour`) alone.
    pub(crate) fn interpreter_world(&mut self) -> &mut World {
        self.world
    }
}

/// A message waiting in a mailbox, with the cause of the work that sent it
/// (see [`Cause`]): whoever takes it out works on that behalf.
#[derive(Clone, Debug)]
pub(crate) struct Letter {
    pub(crate) msg: Term,
    pub(crate) cause: Cause,
}

/// One relation of a process with another, kept in a single small list to
/// keep idle processes compact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Relation {
    /// A bidirectional link.
    Link(Pid),
    /// `watcher` monitors this process under `Ref`.
    MonitoredBy(Ref, Pid),
    /// This process monitors `target` under `Ref`.
    Monitoring(Ref, Pid),
}

/// A live process.
#[derive(Clone)]
#[repr(C)]
pub(crate) struct Process {
    // The fields a delivery reads come first, in declaration order (see
    // `repr(C)` above): they share the allocation's first cache line, which
    // matters when a thousand nodes' processes take turns.
    pub(crate) pid: Pid,
    /// The cause of the message it received last (or its parent's, before
    /// any): what its next slice of compiled code works for.
    pub(crate) cause: Cause,
    /// `None` for shells, and while the behaviour is out handling a message.
    pub(crate) behaviour: Option<Box<dyn Behaviour>>,
    /// The process may not start its next message before this time.
    pub(crate) busy_until: Time,
    /// Spawned by a shell, or by a process that was: its own timers and
    /// receive timeouts carry on the cause of the line that started it.
    /// Everyone else's periodic work is the system's again at the next
    /// tick, or a line that added a node would own its gossip forever.
    pub(crate) user: bool,
    /// A `Run` event is already queued.
    pub(crate) scheduled: bool,
    /// It runs compiled code that reads its own mailbox.
    pub(crate) selective: bool,
    pub(crate) trap_exit: bool,
    pub(crate) kind: ProcessKind,
    pub(crate) mailbox: VecDeque<Letter>,
    /// The reference it made last and how many messages were waiting then:
    /// none of those can hold the reference, so a `receive` that only
    /// takes messages holding it starts past them (the BEAM's receive
    /// marker), however long the mailbox.
    pub(crate) recv_mark: Option<(Ref, usize)>,
    pub(crate) relations: Vec<Relation>,
    pub(crate) name: Option<Atom>,
    pub(crate) parent: Option<Pid>,
    pub(crate) module: Option<Atom>,
    pub(crate) spawned_at: Time,
    /// The receive timeout a `Wake` event is queued for, if any.
    pub(crate) wake_at: Option<Time>,
    /// What a supervisor written in Elixir tells the views.
    pub(crate) card: Option<Box<super::supervision::SupervisorCard>>,
}

impl Process {
    pub(crate) fn new(pid: Pid, parent: Option<Pid>, now: Time, cause: Cause) -> Process {
        Process {
            pid,
            behaviour: None,
            kind: ProcessKind::Worker,
            mailbox: VecDeque::new(),
            cause,
            user: false,
            recv_mark: None,
            relations: Vec::new(),
            name: None,
            parent,
            module: None,
            busy_until: now,
            spawned_at: now,
            trap_exit: false,
            scheduled: false,
            selective: false,
            wake_at: None,
            card: None,
        }
    }

    pub(crate) fn links(&self) -> impl Iterator<Item = Pid> + '_ {
        self.relations.iter().filter_map(|r| match r {
            Relation::Link(p) => Some(*p),
            _ => None,
        })
    }

    pub(crate) fn is_linked(&self, other: Pid) -> bool {
        self.relations.contains(&Relation::Link(other))
    }

    /// Takes the message at `index` out of the mailbox, keeping the
    /// receive marker on the messages older than its reference.
    pub(crate) fn take_letter(&mut self, index: usize) -> Option<Letter> {
        let letter = self.mailbox.remove(index)?;
        if let Some((_, at)) = &mut self.recv_mark {
            if index < *at {
                *at -= 1;
            }
        }
        Some(letter)
    }

    pub(crate) fn remove_link(&mut self, other: Pid) {
        self.relations.retain(|r| *r != Relation::Link(other));
    }
}

/// A read-only summary of a process, for views and the console.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ProcessInfo {
    /// The pid.
    pub pid: Pid,
    /// Locally registered name, if any.
    pub name: Option<String>,
    /// Module it runs (`Fleet.UserWorker`), printed as Elixir prints it.
    pub module: String,
    /// Supervisor, worker or shell.
    pub kind: ProcessKind,
    /// The process that spawned it.
    pub parent: Option<Pid>,
    /// Pids it is linked to.
    pub links: Vec<Pid>,
    /// Messages waiting.
    pub message_queue_len: usize,
    /// Whether it traps exits.
    pub trap_exit: bool,
    /// Virtual time it was spawned at.
    pub spawned_at: Time,
}

impl Clone for Box<dyn Behaviour> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}
