//! The otpsim side.

use crate::{Run, Timer};
use otpsim::kernel::{Behaviour, Ctx, Flow, ProcessKind, World, WorldConfig};
use otpsim::otp::gen_server::{self, GenServer, StartOpts};
use otpsim::otp::registry;
use otpsim::term::{Atom, Pid, Term};
use std::any::Any;
use std::hint::black_box;

thread_local! {
    static PING_PONG: Atom = Atom::new("Elixir.Bench.PingPong");
    static SOURCE: Atom = Atom::new("Elixir.Bench.Source");
    static SINK: Atom = Atom::new("Elixir.Bench.Sink");
    static IDLE: Atom = Atom::new("Elixir.Bench.Idle");
    static FLEET_REGISTRY: Atom = Atom::new(otpsim::apps::fleet::REGISTRY);
}

fn atom(which: &'static std::thread::LocalKey<Atom>) -> Atom {
    which.with(Atom::clone)
}

/// A fresh world with the trace disabled.
pub fn world() -> World {
    World::new(WorldConfig {
        seed: 42,
        trace: false,
    })
}

/// Replies to its peer until its counter runs out.
#[derive(Clone)]
pub struct PingPong {
    peer: Pid,
    left: u64,
    /// Messages handled so far.
    pub handled: u64,
}

impl Behaviour for PingPong {
    fn clone_box(&self) -> Box<dyn Behaviour> {
        Box::new(self.clone())
    }

    fn handle(&mut self, msg: Term, ctx: &mut Ctx) -> Flow {
        self.handled += 1;
        if self.left > 0 {
            self.left -= 1;
            let n = match msg {
                Term::Int(n) => n,
                _ => 0,
            };
            ctx.send(self.peer, Term::Int(n + 1));
        }
        Flow::Continue
    }

    fn module(&self) -> Atom {
        atom(&PING_PONG)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Sends one message to each of its sinks for every message it gets.
#[derive(Clone)]
pub struct Source {
    sinks: Vec<Pid>,
}

impl Behaviour for Source {
    fn clone_box(&self) -> Box<dyn Behaviour> {
        Box::new(self.clone())
    }

    fn handle(&mut self, _msg: Term, ctx: &mut Ctx) -> Flow {
        for &sink in &self.sinks {
            ctx.send(sink, Term::Int(1));
        }
        Flow::Continue
    }

    fn module(&self) -> Atom {
        atom(&SOURCE)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Counts what it receives.
#[derive(Clone)]
pub struct Sink {
    /// Messages handled so far.
    pub handled: u64,
}

impl Behaviour for Sink {
    fn clone_box(&self) -> Box<dyn Behaviour> {
        Box::new(self.clone())
    }

    fn handle(&mut self, _msg: Term, _ctx: &mut Ctx) -> Flow {
        self.handled += 1;
        Flow::Continue
    }

    fn module(&self) -> Atom {
        atom(&SINK)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The smallest behaviour: does nothing, holds nothing.
#[derive(Clone)]
pub struct Idle;

impl Behaviour for Idle {
    fn clone_box(&self) -> Box<dyn Behaviour> {
        Box::new(self.clone())
    }

    fn handle(&mut self, _msg: Term, _ctx: &mut Ctx) -> Flow {
        Flow::Continue
    }

    fn module(&self) -> Atom {
        atom(&IDLE)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The smallest GenServer: every callback is the default.
#[derive(Clone)]
pub struct IdleServer;

impl GenServer for IdleServer {
    fn module(&self) -> Atom {
        atom(&IDLE)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn spawn_with(world: &mut World, behaviour: Box<dyn Behaviour>) -> Pid {
    let pid = world
        .spawn(0, None, false, behaviour.module(), ProcessKind::Worker)
        .expect("spawn");
    world.install(pid, behaviour);
    pid
}

fn handled<B: 'static>(world: &World, pid: Pid, count: impl Fn(&B) -> u64) -> u64 {
    world
        .behaviour(pid)
        .and_then(|b| b.as_any().downcast_ref::<B>())
        .map_or(0, count)
}

fn run_to_end(world: &mut World) {
    while world.step() {}
}

/// Ping-pong between two behaviour processes: `deliveries` messages
/// delivered and handled in total (rounded down to an odd number).
pub fn ping_pong(deliveries: u64) -> Run {
    let mut world = world();
    let replies = deliveries.saturating_sub(1) / 2;
    let a = world
        .spawn(0, None, false, atom(&PING_PONG), ProcessKind::Worker)
        .expect("spawn");
    let b = spawn_with(
        &mut world,
        Box::new(PingPong {
            peer: a,
            left: replies,
            handled: 0,
        }),
    );
    world.install(
        a,
        Box::new(PingPong {
            peer: b,
            left: replies,
            handled: 0,
        }),
    );
    let timer = Timer::start();
    world.send(b, a, Term::Int(0));
    run_to_end(&mut world);
    let timed = timer.stop(0);
    let done =
        handled(&world, a, |p: &PingPong| p.handled) + handled(&world, b, |p: &PingPong| p.handled);
    assert_eq!(done, 1 + 2 * replies, "ping-pong lost messages");
    Run { ops: done, ..timed }
}

/// A world with one source and `n` sinks.
pub fn fan_out_world(n: usize) -> (World, Pid, Vec<Pid>) {
    let mut world = world();
    let sinks: Vec<Pid> = (0..n)
        .map(|_| spawn_with(&mut world, Box::new(Sink { handled: 0 })))
        .collect();
    let source = spawn_with(
        &mut world,
        Box::new(Source {
            sinks: sinks.clone(),
        }),
    );
    (world, source, sinks)
}

/// 1 → `n` fan-out, `rounds` times: counts the sinks' deliveries.
pub fn fan_out(n: usize, rounds: u64) -> Run {
    let (mut world, source, sinks) = fan_out_world(n);
    let timer = Timer::start();
    for _ in 0..rounds {
        world.send(source, source, Term::Int(0));
        run_to_end(&mut world);
    }
    let timed = timer.stop(0);
    let done: u64 = sinks
        .iter()
        .map(|&s| handled(&world, s, |k: &Sink| k.handled))
        .sum();
    assert_eq!(done, n as u64 * rounds, "fan-out lost messages");
    Run { ops: done, ..timed }
}

/// Spawns `count` idle processes into `world` (`World::spawn` + `install`).
pub fn spawn_idle(world: &mut World, count: u64) {
    let module = atom(&IDLE);
    for _ in 0..count {
        let pid = world
            .spawn(0, None, false, module, ProcessKind::Worker)
            .expect("spawn");
        world.install(pid, Box::new(Idle));
    }
}

/// `count` spawns of a minimal behaviour process (`World::spawn` + `install`).
pub fn spawn(count: u64) -> Run {
    let mut world = world();
    let timer = Timer::start();
    spawn_idle(&mut world, count);
    let timed = timer.stop(0);
    assert_eq!(world.process_count(0) as u64, count);
    let run = Run {
        ops: count,
        ..timed
    };
    drop(black_box(world));
    run
}

/// A shell process to act as the parent of `gen_server::start`.
pub fn shell(world: &mut World) -> Pid {
    world
        .spawn(0, None, false, Atom::new("shell"), ProcessKind::Shell)
        .expect("spawn")
}

/// Starts `count` trivial GenServers (no link, no name) from `parent`.
pub fn start_idle_servers(world: &mut World, parent: Pid, count: u64) {
    let mut ctx = Ctx::new(world, parent);
    for _ in 0..count {
        let started = gen_server::start(
            &mut ctx,
            IdleServer,
            StartOpts {
                name: None,
                link: false,
            },
        );
        black_box(started);
    }
}

/// `count` spawns through `gen_server::start` of a trivial GenServer.
pub fn spawn_gen_server(count: u64) -> Run {
    let mut world = world();
    let parent = shell(&mut world);
    let timer = Timer::start();
    start_idle_servers(&mut world, parent, count);
    let timed = timer.stop(0);
    assert_eq!(world.process_count(0) as u64, count + 1);
    let run = Run {
        ops: count,
        ..timed
    };
    drop(black_box(world));
    run
}

/// A booted world (`Fleet.Registry` running) and `count` idle processes.
pub fn registry_world(count: u64) -> (World, Vec<Pid>) {
    let mut world = world();
    otpsim::apps::load(&mut world);
    otpsim::apps::boot(&mut world, 0);
    // Apps may keep periodic timers: apply what is due now, not everything.
    assert!(world.settle(1_000_000), "boot did not settle");
    let first = world.pids(0).len();
    spawn_idle(&mut world, count);
    let pids = world.pids(0)[first..].to_vec();
    (world, pids)
}

/// `Registry.register/3` then `Registry.lookup/2` on `Fleet.Registry`:
/// `ops` pairs, each by a different process under its own key (as
/// `Fleet.UserWorker`s register themselves).
pub fn registry(ops: u64) -> Run {
    let (mut world, pids) = registry_world(ops);
    let reg = atom(&FLEET_REGISTRY);
    let keys: Vec<Term> = (0..ops as i64).map(Term::Int).collect();
    let value = Term::nil();
    let timer = Timer::start();
    for (pid, key) in pids.iter().zip(&keys) {
        let r = registry::register(&mut world, *pid, &reg, key, value.clone());
        black_box(r.expect("registry"));
        let found = registry::lookup(&world, 0, &reg, key).expect("registry");
        debug_assert_eq!(found.len(), 1);
        black_box(found);
    }
    let timed = timer.stop(0);
    assert_eq!(
        registry::count(&world, 0, &reg).expect("registry") as u64,
        ops
    );
    let run = Run { ops, ..timed };
    drop(black_box(world));
    run
}

/// The same pairs, all registered by one process under `ops` keys:
/// isolates the cost that grows with the number of registered processes.
pub fn registry_one_pid(ops: u64) -> Run {
    let (mut world, pids) = registry_world(1);
    let reg = atom(&FLEET_REGISTRY);
    let keys: Vec<Term> = (0..ops as i64).map(Term::Int).collect();
    let value = Term::nil();
    let pid = pids[0];
    let timer = Timer::start();
    for key in &keys {
        let r = registry::register(&mut world, pid, &reg, key, value.clone());
        black_box(r.expect("registry"));
        let found = registry::lookup(&world, 0, &reg, key).expect("registry");
        black_box(found);
    }
    let timed = timer.stop(0);
    assert_eq!(
        registry::count(&world, 0, &reg).expect("registry") as u64,
        ops
    );
    let run = Run { ops, ..timed };
    drop(black_box(world));
    run
}
