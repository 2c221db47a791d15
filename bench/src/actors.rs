//! The ractor side: every actor on one tokio current-thread runtime.

use crate::{Run, Timer};
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
