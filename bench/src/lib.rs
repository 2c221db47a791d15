//! Workloads shared by the criterion benches (`benches/kernel.rs`) and the
//! summary binary (`src/main.rs`).
//!
//! Every workload exists three times, doing the same work:
//!
//! - [`sim`] — otpsim, driven only through its public API (`World::spawn`,
//!   `World::install`, `World::send`, `World::step`, the Registry functions),
//!   with the trace disabled.
//! - [`actors`] — ractor actors on a tokio current-thread runtime.
//! - [`raw`] — a bare `VecDeque` / std-collections loop: the upper bound of
//!   what any single-threaded scheduler could do.
//!
//! Each function returns a [`Run`]: how many operations it did and how long
//! the timed part took. Setup and teardown are never timed.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The result of one timed run.
#[derive(Clone, Copy, Debug)]
pub struct Run {
    /// Operations done (deliveries, spawns, register+lookup pairs).
    pub ops: u64,
    /// Wall-clock time of the timed part only.
    pub elapsed: Duration,
    /// Heap allocations made in the timed part (0 without an allocation probe).
    pub allocs: u64,
}

static ALLOC_PROBE: OnceLock<fn() -> u64> = OnceLock::new();

/// Lets workloads count allocations in their timed part: `probe` returns
/// the number of allocations made so far (by a counting global allocator).
pub fn set_alloc_probe(probe: fn() -> u64) {
    let _ = ALLOC_PROBE.set(probe);
}

fn allocs_now() -> u64 {
    ALLOC_PROBE.get().map_or(0, |probe| probe())
}

/// Times the part of a workload between `start` and `stop`.
pub struct Timer {
    start: Instant,
    allocs: u64,
}

impl Timer {
    /// Starts timing.
    pub fn start() -> Timer {
        let allocs = allocs_now();
        Timer {
            start: Instant::now(),
            allocs,
        }
    }

    /// Stops timing: `ops` operations were done.
    pub fn stop(self, ops: u64) -> Run {
        let elapsed = self.start.elapsed();
        Run {
            ops,
            elapsed,
            allocs: allocs_now() - self.allocs,
        }
    }
}

impl Run {
    /// Operations per second.
    pub fn rate(&self) -> f64 {
        self.ops as f64 / self.elapsed.as_secs_f64().max(1e-12)
    }
}

/// Fan-out width used everywhere (1 → N).
pub const FAN_OUT: usize = 1000;

pub mod sim {
    //! The otpsim side.

    use super::{Run, Timer};
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
    pub struct PingPong {
        peer: Pid,
        left: u64,
        /// Messages handled so far.
        pub handled: u64,
    }

    impl Behaviour for PingPong {
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
    pub struct Source {
        sinks: Vec<Pid>,
    }

    impl Behaviour for Source {
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
    pub struct Sink {
        /// Messages handled so far.
        pub handled: u64,
    }

    impl Behaviour for Sink {
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
    pub struct Idle;

    impl Behaviour for Idle {
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
        let done = handled(&world, a, |p: &PingPong| p.handled)
            + handled(&world, b, |p: &PingPong| p.handled);
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
                .spawn(0, None, false, module.clone(), ProcessKind::Worker)
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
        run_to_end(&mut world);
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
}

pub mod actors {
    //! The ractor side: every actor on one tokio current-thread runtime.

    use super::{Run, Timer};
    use ractor::{pg, Actor, ActorProcessingErr, ActorRef};
    use std::hint::black_box;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Arc;
    use tokio::runtime::Runtime;
    use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};

    /// A tokio current-thread runtime, as the comparison asks for.
    pub fn runtime() -> Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("tokio runtime")
    }

    /// Ping-pong messages.
    pub enum PingMsg {
        /// Who to reply to.
        Peer(ActorRef<PingMsg>),
        /// The ball.
        Ball,
    }

    /// Replies to its peer until its counter runs out, then reports.
    pub struct PingPong;

    /// Its state.
    pub struct PingState {
        peer: Option<ActorRef<PingMsg>>,
        left: u64,
        handled: u64,
        done: UnboundedSender<u64>,
    }

    impl Actor for PingPong {
        type Msg = PingMsg;
        type State = PingState;
        type Arguments = (u64, UnboundedSender<u64>);

        async fn pre_start(
            &self,
            _me: ActorRef<PingMsg>,
            (left, done): Self::Arguments,
        ) -> Result<PingState, ActorProcessingErr> {
            Ok(PingState {
                peer: None,
                left,
                handled: 0,
                done,
            })
        }

        async fn handle(
            &self,
            _me: ActorRef<PingMsg>,
            msg: PingMsg,
            state: &mut PingState,
        ) -> Result<(), ActorProcessingErr> {
            match msg {
                PingMsg::Peer(peer) => state.peer = Some(peer),
                PingMsg::Ball => {
                    state.handled += 1;
                    match (&state.peer, state.left) {
                        (Some(peer), left) if left > 0 => {
                            state.left -= 1;
                            let _ = peer.send_message(PingMsg::Ball);
                        }
                        _ => {
                            let _ = state.done.send(state.handled);
                        }
                    }
                }
            }
            Ok(())
        }

        async fn post_stop(
            &self,
            _me: ActorRef<PingMsg>,
            state: &mut PingState,
        ) -> Result<(), ActorProcessingErr> {
            let _ = state.done.send(state.handled);
            Ok(())
        }
    }

    async fn stop_all<M: ractor::Message>(refs: Vec<ActorRef<M>>) {
        for r in &refs {
            r.stop(None);
        }
        for r in refs {
            let _ = r.wait(None).await;
        }
    }

    /// Ping-pong between two actors, `deliveries` balls in total (odd).
    pub fn ping_pong(rt: &Runtime, deliveries: u64) -> Run {
        rt.block_on(async {
            let replies = deliveries.saturating_sub(1) / 2;
            let (tx, mut rx) = unbounded_channel();
            let (a, _) = Actor::spawn(None, PingPong, (replies, tx.clone()))
                .await
                .expect("spawn");
            let (b, _) = Actor::spawn(None, PingPong, (replies, tx))
                .await
                .expect("spawn");
            a.send_message(PingMsg::Peer(b.clone())).expect("send");
            b.send_message(PingMsg::Peer(a.clone())).expect("send");
            tokio::task::yield_now().await;
            let timer = Timer::start();
            a.send_message(PingMsg::Ball).expect("send");
            let last = rx.recv().await.expect("done");
            let timed = timer.stop(0);
            black_box(last);
            stop_all(vec![a, b]).await;
            let handled = rx.recv().await.unwrap_or(0) + rx.recv().await.unwrap_or(0);
            assert_eq!(handled, 1 + 2 * replies, "ping-pong lost messages");
            Run {
                ops: handled,
                ..timed
            }
        })
    }

    /// Sends one message to each sink per `Go`.
    pub struct Source;

    impl Actor for Source {
        type Msg = ();
        type State = Vec<ActorRef<u64>>;
        type Arguments = Vec<ActorRef<u64>>;

        async fn pre_start(
            &self,
            _me: ActorRef<()>,
            sinks: Self::Arguments,
        ) -> Result<Self::State, ActorProcessingErr> {
            Ok(sinks)
        }

        async fn handle(
            &self,
            _me: ActorRef<()>,
            _msg: (),
            sinks: &mut Self::State,
        ) -> Result<(), ActorProcessingErr> {
            for sink in sinks.iter() {
                let _ = sink.send_message(1);
            }
            Ok(())
        }
    }

    /// Counts deliveries in a shared counter; reports each `every`-th.
    pub struct Sink;

    /// A sink's state.
    pub struct SinkState {
        count: Arc<AtomicU64>,
        every: u64,
        done: UnboundedSender<u64>,
    }

    impl Actor for Sink {
        type Msg = u64;
        type State = SinkState;
        type Arguments = SinkState;

        async fn pre_start(
            &self,
            _me: ActorRef<u64>,
            state: SinkState,
        ) -> Result<SinkState, ActorProcessingErr> {
            Ok(state)
        }

        async fn handle(
            &self,
            _me: ActorRef<u64>,
            msg: u64,
            state: &mut SinkState,
        ) -> Result<(), ActorProcessingErr> {
            let c = state.count.fetch_add(msg, Ordering::Relaxed) + msg;
            if c % state.every == 0 {
                let _ = state.done.send(c);
            }
            Ok(())
        }
    }

    /// 1 → `n` fan-out, `rounds` times.
    pub fn fan_out(rt: &Runtime, n: usize, rounds: u64) -> Run {
        rt.block_on(async {
            let count = Arc::new(AtomicU64::new(0));
            let (tx, mut rx) = unbounded_channel();
            let mut sinks = Vec::with_capacity(n);
            for _ in 0..n {
                let state = SinkState {
                    count: count.clone(),
                    every: n as u64,
                    done: tx.clone(),
                };
                let (s, _) = Actor::spawn(None, Sink, state).await.expect("spawn");
                sinks.push(s);
            }
            let (source, _) = Actor::spawn(None, Source, sinks.clone())
                .await
                .expect("spawn");
            tokio::task::yield_now().await;
            let timer = Timer::start();
            for _ in 0..rounds {
                source.send_message(()).expect("send");
                black_box(rx.recv().await.expect("done"));
            }
            let timed = timer.stop(0);
            let done = count.load(Ordering::Relaxed);
            assert_eq!(done, n as u64 * rounds, "fan-out lost messages");
            stop_all(vec![source]).await;
            stop_all(sinks).await;
            Run { ops: done, ..timed }
        })
    }

    /// An actor that does nothing.
    pub struct Idle;

    impl Actor for Idle {
        type Msg = ();
        type State = ();
        type Arguments = ();

        async fn pre_start(&self, _me: ActorRef<()>, _: ()) -> Result<(), ActorProcessingErr> {
            Ok(())
        }
    }

    /// Spawns `count` idle actors into `refs`.
    pub async fn spawn_idle(count: u64, refs: &mut Vec<ActorRef<()>>) {
        for _ in 0..count {
            let (r, _) = Actor::spawn(None, Idle, ()).await.expect("spawn");
            refs.push(r);
        }
    }

    /// Stops every actor and waits for them.
    pub fn stop(rt: &Runtime, refs: Vec<ActorRef<()>>) {
        rt.block_on(stop_all(refs));
    }

    /// `count` spawns of an idle actor (timed until every `spawn` returned).
    pub fn spawn(rt: &Runtime, count: u64) -> Run {
        let (timed, refs) = rt.block_on(async {
            let mut refs = Vec::with_capacity(count as usize);
            let timer = Timer::start();
            spawn_idle(count, &mut refs).await;
            let timed = timer.stop(0);
            tokio::task::yield_now().await;
            (timed, refs)
        });
        stop(rt, refs);
        Run {
            ops: count,
            ..timed
        }
    }

    /// `pg::join` of one actor under its own group then `pg::get_members`:
    /// ractor's nearest thing to `Registry.register/3` + `lookup/2`.
    pub fn registry(rt: &Runtime, ops: u64) -> Run {
        let mut refs = Vec::with_capacity(ops as usize);
        rt.block_on(spawn_idle(ops, &mut refs));
        let keys: Vec<String> = (0..ops).map(|i| format!("bench.key.{i}")).collect();
        let mut owned = keys.clone();
        let timer = Timer::start();
        for ((r, key), owned) in refs.iter().zip(&keys).zip(owned.drain(..)) {
            pg::join(owned, vec![r.get_cell()]);
            let found = pg::get_members(key);
            debug_assert_eq!(found.len(), 1);
            black_box(found);
        }
        let timed = timer.stop(0);
        for (r, key) in refs.iter().zip(keys) {
            pg::leave(key, vec![r.get_cell()]);
        }
        stop(rt, refs);
        Run { ops, ..timed }
    }

    /// The same, one actor joining `ops` groups.
    pub fn registry_one_pid(rt: &Runtime, ops: u64) -> Run {
        let mut refs = Vec::with_capacity(1);
        rt.block_on(spawn_idle(1, &mut refs));
        let keys: Vec<String> = (0..ops).map(|i| format!("bench.key.{i}")).collect();
        let mut owned = keys.clone();
        let cell = refs[0].get_cell();
        let timer = Timer::start();
        for (key, owned) in keys.iter().zip(owned.drain(..)) {
            pg::join(owned, vec![cell.clone()]);
            black_box(pg::get_members(key));
        }
        let timed = timer.stop(0);
        for key in keys {
            pg::leave(key, vec![cell.clone()]);
        }
        stop(rt, refs);
        Run { ops, ..timed }
    }
}

pub mod raw {
    //! The upper bound: the same work as bare loops over std collections.

    use super::{Run, Timer};
    use otpsim::term::{Pid, Term};
    use std::collections::{BTreeMap, VecDeque};
    use std::hint::black_box;

    /// Ping-pong through one `VecDeque` run queue.
    pub fn ping_pong(deliveries: u64) -> Run {
        let replies = deliveries.saturating_sub(1) / 2;
        let mut left = [replies; 2];
        let mut handled = [0u64; 2];
        let mut queue: VecDeque<(usize, i64)> = VecDeque::new();
        let timer = Timer::start();
        queue.push_back((0, 0));
        while let Some((to, n)) = queue.pop_front() {
            handled[to] += 1;
            if left[to] > 0 {
                left[to] -= 1;
                queue.push_back((1 - to, black_box(n) + 1));
            }
        }
        let timed = timer.stop(0);
        let done = handled[0] + handled[1];
        assert_eq!(done, 1 + 2 * replies);
        Run { ops: done, ..timed }
    }

    /// 1 → `n` fan-out through one `VecDeque`, `rounds` times.
    pub fn fan_out(n: usize, rounds: u64) -> Run {
        let mut handled = vec![0u64; n];
        let mut queue: VecDeque<(usize, i64)> = VecDeque::new();
        let timer = Timer::start();
        for _ in 0..rounds {
            for to in 0..n {
                queue.push_back((to, 1));
            }
            while let Some((to, m)) = queue.pop_front() {
                handled[to] += black_box(m) as u64;
            }
        }
        let timed = timer.stop(0);
        let done: u64 = handled.iter().sum();
        assert_eq!(done, n as u64 * rounds);
        Run { ops: done, ..timed }
    }

    /// A process record of the bare minimum: an id, a mailbox, a counter.
    pub struct RawProcess {
        /// Its number.
        pub id: u32,
        /// Its mailbox.
        pub mailbox: VecDeque<i64>,
        /// Messages handled.
        pub handled: u64,
    }

    /// Pushes `count` boxed process records into `table`.
    pub fn spawn_into(table: &mut Vec<Box<RawProcess>>, count: u64) {
        for _ in 0..count {
            let id = table.len() as u32;
            table.push(Box::new(RawProcess {
                id,
                mailbox: VecDeque::new(),
                handled: 0,
            }));
        }
    }

    /// `count` boxed process records pushed into a table.
    pub fn spawn(count: u64) -> Run {
        let mut table = Vec::new();
        let timer = Timer::start();
        spawn_into(&mut table, count);
        let timed = timer.stop(0);
        drop(black_box(table));
        Run {
            ops: count,
            ..timed
        }
    }

    /// `BTreeMap<Term, (Pid, Term)>` insert then get, same keys as otpsim's.
    pub fn registry(ops: u64) -> Run {
        let keys: Vec<Term> = (0..ops as i64).map(Term::Int).collect();
        let value = Term::nil();
        let mut map: BTreeMap<Term, (Pid, Term)> = BTreeMap::new();
        let timer = Timer::start();
        for (i, key) in keys.iter().enumerate() {
            let pid = Pid {
                node: 0,
                id: 100 + i as u32,
                serial: 0,
            };
            map.insert(key.clone(), (pid, value.clone()));
            black_box(map.get(key));
        }
        let timed = timer.stop(0);
        assert_eq!(map.len() as u64, ops);
        drop(black_box(map));
        Run { ops, ..timed }
    }
}
