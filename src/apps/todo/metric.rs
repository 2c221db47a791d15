//! `Todo.load(clients, requests)`: how the current design holds up under
//! concurrent clients.
//!
//! Each client is a process (`Todo.LoadClient`) with a list of its own
//! (`"load-<i>"`). It makes `requests` requests back to back, each one the
//! seed's usage: find the list's server through the current design
//! (`Todo.Cache.server_process/1`, or a `Registry` lookup), then
//! `Todo.Server.entries/2`. A request's latency runs from its start to the
//! entries' reply, in virtual microseconds. All clients start at the same
//! instant.
//!
//! Before measuring, every list's server is started and loaded (through the
//! same design), so the run measures lookups and requests, not database
//! reads. During the run the mailboxes of every process on the request path
//! (the cache, the database and its workers, the server supervisor, each
//! list's server) are sampled whenever virtual time moves on; `max_mailbox`
//! is the longest seen and `busiest` the module of the process that had it.
//!
//! The result is a plain map:
//!
//! ```text
//! iex> Todo.load(100, 20)
//! %{busiest: Todo.Cache, design: :cache, duration_us: 2000000, failed: 0,
//!   max_mailbox: 99, mean_latency_us: 97525, p99_latency_us: 100000, requests: 2000}
//! iex> Todo.use_registry(true); Todo.load(100, 20)
//! %{busiest: nil, design: :registry, duration_us: 0, failed: 0,
//!   max_mailbox: 0, mean_latency_us: 0, p99_latency_us: 0, requests: 2000}
//! ```
//!
//! With the cache every request queues behind the others at the cache,
//! whose every answer costs it a millisecond (`Todo.Cache` says why): its
//! mailbox holds about one request per client and latency grows with the
//! client count. With the registry there is no process between a client
//! and its server, and a server's answer costs no virtual time, so nothing
//! queues. A latency here is the request's queueing plus the cache's work.

use super::pending::{Answer, Pending};
use super::{
    child_spec, design, entries_request, server, server_process_request, started_or_existing,
    Design, CACHE, DATABASE, REGISTRY, SUPERVISOR,
};
use crate::kernel::{Ctx, Time, World};
use crate::otp::call::{call, demonitor_flush, Budget, CallError};
use crate::otp::dynamic_supervisor::start_child_request;
use crate::otp::gen_server::{self, GenServer, Init, Next, StartOpts};
use crate::otp::registry;
use crate::term::{Atom, Pid, Ref, Term};
use std::any::Any;
use std::collections::BTreeMap;

/// `Todo.LoadClient`.
pub const CLIENT: &str = "Elixir.Todo.LoadClient";
/// Most clients one run may start.
pub const MAX_CLIENTS: u64 = 1_000;
/// Most requests one run may make in all (clients × requests).
pub const MAX_REQUESTS: u64 = 100_000;
/// The date every client asks for.
const DATE: &str = "2023-12-19";
/// The message a client sends the driver when it is done.
const DONE: &str = "$todo_load_done";

/// Where a client's current request is.
#[derive(Clone, Debug)]
enum Stage {
    /// Waiting for the cache's `server_process` reply.
    Lookup,
    /// Waiting for `DynamicSupervisor.start_child/2`.
    StartChild,
    /// Waiting for `Todo.Server.entries/2`.
    Entries,
}

/// One load client.
#[derive(Clone)]
struct LoadClient {
    driver: Pid,
    run: Term,
    design: Design,
    list: Term,
    left: u64,
    started: Time,
    latencies: Vec<Term>,
    pending: Option<(Pending, Stage)>,
}

impl LoadClient {
    /// Starts the next request, or reports and stops when none are left.
    fn next(&mut self, ctx: &mut Ctx) -> Next {
        if self.left == 0 {
            let done = Term::tuple([
                Term::atom(DONE),
                self.run.clone(),
                Term::list(std::mem::take(&mut self.latencies)),
            ]);
            ctx.send(self.driver, done);
            return Next::Stop(Term::atom("normal"));
        }
        self.left -= 1;
        self.started = ctx.now();
        match self.design {
            Design::Cache => self.call(
                ctx,
                &Term::atom(CACHE),
                server_process_request(&self.list),
                Stage::Lookup,
            ),
            Design::Registry => {
                let found = registry::whereis(
                    ctx.world_ref(),
                    ctx.node(),
                    &Atom::new(REGISTRY),
                    &self.list,
                );
                match found {
                    Some(pid) => self.entries(ctx, pid),
                    None => {
                        let request = start_child_request(&child_spec(&self.list));
                        self.call(ctx, &Term::atom(SUPERVISOR), request, Stage::StartChild)
                    }
                }
            }
        }
    }

    fn entries(&mut self, ctx: &mut Ctx, server: Pid) -> Next {
        let request = entries_request(&Term::string(DATE));
        self.call(ctx, &Term::Pid(server), request, Stage::Entries)
    }

    fn call(&mut self, ctx: &mut Ctx, dest: &Term, request: Term, stage: Stage) -> Next {
        match Pending::call(ctx, dest, request, None) {
            Ok(call) => {
                self.pending = Some((call, stage));
                Next::NoReply
            }
            Err(reason) => Next::Stop(reason),
        }
    }
}

impl GenServer for LoadClient {
    fn module(&self) -> Atom {
        Atom::new(CLIENT)
    }

    fn init(&mut self, _ctx: &mut Ctx) -> Init {
        Init::Continue(Term::atom("next"))
    }

    fn handle_continue(&mut self, _arg: &Term, ctx: &mut Ctx) -> Next {
        self.next(ctx)
    }

    fn handle_info(&mut self, msg: &Term, ctx: &mut Ctx) -> Next {
        let answer = self.pending.as_ref().and_then(|(call, _)| call.answer(msg));
        let (Some(answer), Some((call, stage))) = (answer, self.pending.take()) else {
            return Next::NoReply;
        };
        call.finish(ctx);
        let value = match answer {
            Answer::Reply(value) => value,
            Answer::Exit(reason) => return Next::Stop(reason),
        };
        let server = match stage {
            Stage::Lookup => value.as_pid(),
            Stage::StartChild => started_or_existing(&value),
            Stage::Entries => {
                let latency = ctx.now().saturating_sub(self.started);
                self.latencies
                    .push(Term::Int(i64::try_from(latency).unwrap_or(i64::MAX)));
                return self.next(ctx);
            }
        };
        match server {
            Some(pid) => self.entries(ctx, pid),
            None => Next::Stop(Term::tuple([Term::atom("no_server"), value])),
        }
    }

    fn state(&self) -> Term {
        Term::map([
            (Term::atom("list"), self.list.clone()),
            (
                Term::atom("left"),
                Term::Int(i64::try_from(self.left).unwrap_or(i64::MAX)),
            ),
        ])
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The longest mailbox seen so far, and whose.
#[derive(Default)]
struct Peak {
    len: usize,
    module: Option<Atom>,
}

impl Peak {
    fn sample(&mut self, world: &World, watched: &[Pid]) {
        for pid in watched {
            let len = world.mailbox_len(*pid);
            if len > self.len {
                self.len = len;
                self.module = world.module_of(*pid);
            }
        }
    }
}

/// `Todo.load(clients, requests)` run by `shell`: starts the clients,
/// runs the world until all are done, and returns the result map.
/// `clients` and `requests` must be at least 1 and within [`MAX_CLIENTS`]
/// and [`MAX_REQUESTS`] (the console checks).
pub fn load(
    world: &mut World,
    shell: Pid,
    clients: u64,
    requests: u64,
    budget: &mut Budget,
) -> Result<Term, CallError> {
    let design = design(world);
    let node = shell.node;
    let lists: Vec<Term> = (0..clients)
        .map(|i| Term::string(&format!("load-{i}")))
        .collect();

    // Warm up: every list's server started and loaded before the clock runs.
    let mut watched = Vec::new();
    for list in &lists {
        watched.push(server(world, shell, list, budget)?);
    }
    for pid in watched.clone() {
        call(
            world,
            shell,
            &Term::Pid(pid),
            entries_request(&Term::string(DATE)),
            Some(5_000),
            budget,
        )?;
    }
    let mut path: Vec<Pid> = [CACHE, DATABASE, SUPERVISOR]
        .iter()
        .filter_map(|name| world.whereis(node, &Atom::new(name)))
        .collect();
    if let Some(db) = world.whereis(node, &Atom::new(DATABASE)) {
        // The database's workers: the processes it started and links to.
        path.extend(world.started_children(db));
    }
    path.extend(watched);
    let watched = path;

    // The run.
    let run = Term::Ref(world.make_ref(node));
    let began = world.now();
    let mut monitors: BTreeMap<Ref, Pid> = BTreeMap::new();
    let mut failed = 0_i64;
    for list in lists {
        let client = LoadClient {
            driver: shell,
            run: run.clone(),
            design,
            list,
            left: requests,
            started: began,
            latencies: Vec::new(),
            pending: None,
        };
        let started = gen_server::start(
            &mut Ctx::new(world, shell),
            client,
            StartOpts {
                name: None,
                link: false,
            },
        );
        match gen_server::started_pid(&started) {
            Some(pid) => {
                monitors.insert(world.monitor(shell, pid), pid);
            }
            None => failed += 1,
        }
    }
    let mut peak = Peak::default();
    let mut latencies: Vec<u64> = Vec::new();
    let is_ours = |m: &Term, monitors: &BTreeMap<Ref, Pid>| match m.as_tuple() {
        Some([done, r, _]) => done.is_atom(DONE) && *r == run,
        Some([down, Term::Ref(r), ..]) => down.is_atom("DOWN") && monitors.contains_key(r),
        _ => false,
    };
    loop {
        while let Some(msg) = world.take_message(shell, |m| is_ours(m, &monitors)) {
            match msg.as_tuple() {
                Some([_, _, times @ Term::List(_)]) => latencies.extend(
                    times
                        .list_iter()
                        .filter_map(Term::as_int)
                        .map(|t| u64::try_from(t).unwrap_or(0)),
                ),
                Some([_, Term::Ref(r), _, _, reason]) => {
                    monitors.remove(r);
                    if !reason.is_atom("normal") {
                        failed += 1;
                    }
                }
                _ => {}
            }
        }
        if monitors.is_empty() {
            break;
        }
        let Some(next) = world.next_event_time() else {
            return Err(CallError::Budget(
                "the load clients would wait forever: nothing else can happen".into(),
            ));
        };
        if next > world.now() {
            // The instant is over: every mailbox is as long as it gets now.
            peak.sample(world, &watched);
        }
        if budget.events == 0 {
            return Err(stop_clients(
                world,
                shell,
                monitors,
                "event budget exhausted",
            ));
        }
        if next > budget.until {
            return Err(stop_clients(
                world,
                shell,
                monitors,
                "virtual time budget exhausted",
            ));
        }
        budget.events -= 1;
        world.step();
    }
    peak.sample(world, &watched);
    Ok(summary(
        design,
        &mut latencies,
        failed,
        &peak,
        world.now().saturating_sub(began),
    ))
}

/// Kills the clients still running when the line runs out of budget.
fn stop_clients(
    world: &mut World,
    shell: Pid,
    monitors: BTreeMap<Ref, Pid>,
    why: &str,
) -> CallError {
    for (mref, pid) in monitors {
        demonitor_flush(world, shell, mref);
        world.die(pid, Term::atom("killed"));
    }
    CallError::Budget(why.into())
}

/// The result map.
fn summary(
    design: Design,
    latencies: &mut [u64],
    failed: i64,
    peak: &Peak,
    duration: Time,
) -> Term {
    latencies.sort_unstable();
    let n = latencies.len();
    let mean = if n == 0 {
        0
    } else {
        latencies.iter().map(|l| u128::from(*l)).sum::<u128>() / n as u128
    };
    // Nearest rank: the smallest latency at or above 99 % of the requests.
    let p99 = match n {
        0 => 0,
        _ => latencies[(n * 99).div_ceil(100).saturating_sub(1)],
    };
    let int = |v: u128| Term::Int(i64::try_from(v).unwrap_or(i64::MAX));
    let busiest = peak.module.map_or_else(Term::nil, Term::Atom);
    Term::map([
        (Term::atom("design"), design.to_term()),
        (Term::atom("requests"), int(n as u128)),
        (Term::atom("failed"), Term::Int(failed)),
        (Term::atom("max_mailbox"), int(peak.len as u128)),
        (Term::atom("busiest"), busiest),
        (Term::atom("mean_latency_us"), int(mean)),
        (Term::atom("p99_latency_us"), int(u128::from(p99))),
        (Term::atom("duration_us"), int(u128::from(duration))),
    ])
}
