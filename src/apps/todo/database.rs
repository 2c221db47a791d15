//! `Todo.Database` and its pool of three `Todo.DatabaseWorker`s.
//!
//! ```elixir
//! def store(key, data), do: key |> choose_worker() |> Todo.DatabaseWorker.store(key, data)
//! def get(key), do: key |> choose_worker() |> Todo.DatabaseWorker.get(key)
//! defp choose_worker(key), do: GenServer.call(__MODULE__, {:choose_worker, key})
//!
//! def handle_call({:choose_worker, key}, _, workers),
//!   do: {:reply, Map.get(workers, :erlang.phash2(key, 3)), workers}
//! ```
//!
//! The database is one named process holding `%{0 => w0, 1 => w1, 2 => w2}`;
//! the same key always reaches the same worker, so writes to one list are
//! serialised while different lists are written concurrently. A worker
//! casts for `store` and calls for `get`, and spends [`WRITE_US`] or
//! [`READ_US`] of virtual time per request, so the disk has a cost and a
//! busy worker's mailbox grows.
//!
//! Files live on the node's simulated disk (`World::disk`) under
//! `"./persist/<key>"`: they outlive any process, and vanish when the node
//! crashes. As in the book's chapter 8, workers are started linked, so a
//! crashed worker takes the database (and its siblings) down with it and
//! `Todo.System` starts a fresh pool; the seed's chapter 7 `start/1` would
//! leave the old workers behind.

use super::pending::Pending;
use crate::kernel::{Ctx, Time, World};
use crate::otp::call::{call, Budget, CallError};
use crate::otp::gen_server::{self, CallReply, From, GenServer, Init, Next, StartOpts};
use crate::otp::reasons::function_clause;
use crate::term::{inspect, phash2_range, Atom, Pid, Term};
use std::any::Any;
use std::collections::BTreeMap;

/// `Todo.Database`, registered under this name on every node.
pub const DATABASE: &str = "Elixir.Todo.Database";
/// `Todo.DatabaseWorker`.
pub const WORKER: &str = "Elixir.Todo.DatabaseWorker";
/// How many workers the pool has.
pub const POOL_SIZE: u32 = 3;
/// The seed's `@db_folder`.
pub const DB_FOLDER: &str = "./persist";
/// Virtual time a worker spends writing one list, in microseconds.
pub const WRITE_US: Time = 2_000;
/// Virtual time a worker spends reading one list, in microseconds.
pub const READ_US: Time = 1_000;

/// `{:choose_worker, key}`, the call `choose_worker/1` makes.
pub fn choose_worker_request(key: &Term) -> Term {
    Term::tuple(vec![Term::atom("choose_worker"), key.clone()])
}

/// `{:get, key}`, the call `Todo.DatabaseWorker.get/2` makes.
pub fn get_request(key: &Term) -> Term {
    Term::tuple(vec![Term::atom("get"), key.clone()])
}

/// `{:"$gen_cast", {:store, key, data}}`, what `Todo.DatabaseWorker.store/3` sends.
pub fn store_message(key: &Term, data: Term) -> Term {
    Term::tuple(vec![
        Term::atom("$gen_cast"),
        Term::tuple(vec![Term::atom("store"), key.clone(), data]),
    ])
}

/// `:erlang.phash2(key, 3)`: the index of the worker that owns `key`.
pub fn worker_index(key: &Term) -> i64 {
    i64::from(phash2_range(key, POOL_SIZE))
}

/// `Path.join(db_folder, to_string(key))`: where `key` is stored.
pub fn file_name(folder: &str, key: &Term) -> Term {
    let name = match key {
        Term::Binary(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        Term::Atom(a) if a.as_str() == "nil" => String::new(),
        Term::Atom(a) => a.as_str().to_string(),
        Term::Int(i) => i.to_string(),
        other => inspect(other),
    };
    Term::string(&format!("{folder}/{name}"))
}

/// The database process: which worker serves which key.
#[derive(Clone)]
struct Database {
    workers: BTreeMap<i64, Pid>,
}

impl GenServer for Database {
    fn module(&self) -> Atom {
        Atom::new(DATABASE)
    }

    fn init(&mut self, ctx: &mut Ctx) -> Init {
        for index in 0..i64::from(POOL_SIZE) {
            let worker = DatabaseWorker {
                folder: DB_FOLDER.to_string(),
            };
            let result = gen_server::start(
                ctx,
                worker,
                StartOpts {
                    name: None,
                    link: true,
                },
            );
            match gen_server::started_pid(&result) {
                Some(pid) => {
                    self.workers.insert(index, pid);
                }
                None => return Init::Stop(result),
            }
        }
        Init::Ok
    }

    fn handle_call(&mut self, request: &Term, _from: &From, _ctx: &mut Ctx) -> CallReply {
        match request.as_tuple() {
            Some([tag, key]) if tag.is_atom("choose_worker") => CallReply::Reply(
                self.workers
                    .get(&worker_index(key))
                    .map_or_else(Term::nil, |p| Term::Pid(*p)),
            ),
            _ => CallReply::Stop(function_clause(DATABASE, "handle_call", 3)),
        }
    }

    fn state(&self) -> Term {
        Term::map(
            self.workers
                .iter()
                .map(|(i, pid)| (Term::Int(*i), Term::Pid(*pid))),
        )
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// One worker: reads and writes files under its folder, one at a time.
#[derive(Clone)]
struct DatabaseWorker {
    folder: String,
}

impl GenServer for DatabaseWorker {
    fn module(&self) -> Atom {
        Atom::new(WORKER)
    }

    fn handle_cast(&mut self, request: &Term, ctx: &mut Ctx) -> Next {
        match request.as_tuple() {
            Some([tag, key, data]) if tag.is_atom("store") => {
                ctx.consume(WRITE_US);
                let path = file_name(&self.folder, key);
                let node = ctx.node();
                if let Some(disk) = ctx.world().disk_mut(node) {
                    disk.insert(path, data.clone());
                }
                Next::NoReply
            }
            _ => Next::Stop(function_clause(WORKER, "handle_cast", 2)),
        }
    }

    fn handle_call(&mut self, request: &Term, _from: &From, ctx: &mut Ctx) -> CallReply {
        match request.as_tuple() {
            Some([tag, key]) if tag.is_atom("get") => {
                ctx.consume(READ_US);
                let path = file_name(&self.folder, key);
                let node = ctx.node();
                let data = ctx
                    .world_ref()
                    .disk(node)
                    .and_then(|disk| disk.get(&path).cloned())
                    .unwrap_or_else(Term::nil);
                CallReply::Reply(data)
            }
            _ => CallReply::Stop(function_clause(WORKER, "handle_call", 3)),
        }
    }

    fn state(&self) -> Term {
        Term::string(&self.folder)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `Todo.Database.start_link()`: the named database with its three workers.
pub(super) fn start_link(ctx: &mut Ctx, _args: &[Term]) -> Result<Term, Term> {
    Ok(gen_server::start(
        ctx,
        Database {
            workers: BTreeMap::new(),
        },
        StartOpts {
            name: Some(Term::atom(DATABASE)),
            link: true,
        },
    ))
}

/// The pool on the database `pid`: worker pids by index, for views.
pub fn workers_of(world: &World, pid: Pid) -> Option<Vec<Pid>> {
    let db = world.behaviour(pid)?.as_any().downcast_ref::<Database>()?;
    Some(db.workers.values().copied().collect())
}

/// `choose_worker(key)` from a shell: the worker's pid.
fn choose_worker(
    world: &mut World,
    caller: Pid,
    key: &Term,
    budget: &mut Budget,
) -> Result<Term, CallError> {
    call(
        world,
        caller,
        &Term::atom(DATABASE),
        choose_worker_request(key),
        Some(5_000),
        budget,
    )
}

/// `Todo.Database.store(key, data)` from a shell: a call to choose the
/// worker, then a cast to it. Returns `:ok` before the write happens.
pub fn store(
    world: &mut World,
    caller: Pid,
    key: &Term,
    data: Term,
    budget: &mut Budget,
) -> Result<Term, CallError> {
    let worker = choose_worker(world, caller, key, budget)?;
    if let Some(pid) = worker.as_pid() {
        world.send(caller, pid, store_message(key, data));
    }
    Ok(Term::ok())
}

/// `Todo.Database.get(key)` from a shell: the stored term or `nil`.
pub fn get(
    world: &mut World,
    caller: Pid,
    key: &Term,
    budget: &mut Budget,
) -> Result<Term, CallError> {
    let worker = choose_worker(world, caller, key, budget)?;
    call(
        world,
        caller,
        &worker,
        get_request(key),
        Some(5_000),
        budget,
    )
}

/// Starts a call to `Todo.Database` for the worker of `key` (from a process).
pub(super) fn choose_worker_async(ctx: &mut Ctx, key: &Term) -> Result<Pending, Term> {
    Pending::call(
        ctx,
        &Term::atom(DATABASE),
        choose_worker_request(key),
        Some(5_000),
    )
}
