//! `cargo bench -p otpsim-bench`: criterion benches of otpsim's kernel, each
//! workload paired with ractor (tokio current-thread) and a raw std loop.
//! Throughput is reported in elements: deliveries, spawns, or
//! register+lookup pairs.

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use otpsim_bench::{actors, raw, sim, Run, FAN_OUT};
use std::time::Duration;

/// Runs `f` `iters` times and adds up only the timed parts.
fn timed(iters: u64, mut f: impl FnMut() -> Run) -> Duration {
    (0..iters).map(|_| f().elapsed).sum()
}

fn ping_pong(c: &mut Criterion) {
    const DELIVERIES: u64 = 10_001;
    let rt = actors::runtime();
    let mut g = c.benchmark_group("ping_pong");
    g.throughput(Throughput::Elements(DELIVERIES));
    g.bench_function("otpsim", |b| {
        b.iter_custom(|iters| timed(iters, || sim::ping_pong(DELIVERIES)))
    });
    g.bench_function("ractor", |b| {
        b.iter_custom(|iters| timed(iters, || actors::ping_pong(&rt, DELIVERIES)))
    });
    g.bench_function("raw_vecdeque", |b| {
        b.iter_custom(|iters| timed(iters, || raw::ping_pong(DELIVERIES)))
    });
    g.finish();
}

fn fan_out(c: &mut Criterion) {
    const ROUNDS: u64 = 10;
    let rt = actors::runtime();
    let mut g = c.benchmark_group(format!("fan_out_1_to_{FAN_OUT}"));
    g.throughput(Throughput::Elements(FAN_OUT as u64 * ROUNDS));
    g.bench_function("otpsim", |b| {
        b.iter_custom(|iters| timed(iters, || sim::fan_out(FAN_OUT, ROUNDS)))
    });
    g.bench_function("ractor", |b| {
        b.iter_custom(|iters| timed(iters, || actors::fan_out(&rt, FAN_OUT, ROUNDS)))
    });
    g.bench_function("raw_vecdeque", |b| {
        b.iter_custom(|iters| timed(iters, || raw::fan_out(FAN_OUT, ROUNDS)))
    });
    g.finish();
}

fn spawn(c: &mut Criterion) {
    const SPAWNS: u64 = 10_000;
    let rt = actors::runtime();
    let mut g = c.benchmark_group("spawn");
    g.throughput(Throughput::Elements(SPAWNS));
    // ractor's iterations are long: one sample of several iterations each.
    g.sampling_mode(SamplingMode::Flat);
    g.bench_function("otpsim_world_spawn_install", |b| {
        b.iter_custom(|iters| timed(iters, || sim::spawn(SPAWNS)))
    });
    g.bench_function("otpsim_gen_server_start", |b| {
        b.iter_custom(|iters| timed(iters, || sim::spawn_gen_server(SPAWNS)))
    });
    g.bench_function("ractor", |b| {
        b.iter_custom(|iters| timed(iters, || actors::spawn(&rt, SPAWNS)))
    });
    g.bench_function("raw_boxed_record", |b| {
        b.iter_custom(|iters| timed(iters, || raw::spawn(SPAWNS)))
    });
    g.finish();
}

fn registry(c: &mut Criterion) {
    const OPS: u64 = 1_000;
    let rt = actors::runtime();
    let mut g = c.benchmark_group("registry_register_lookup");
    g.throughput(Throughput::Elements(OPS));
    g.bench_function("otpsim", |b| {
        b.iter_custom(|iters| timed(iters, || sim::registry(OPS)))
    });
    g.bench_function("ractor_pg", |b| {
        b.iter_custom(|iters| timed(iters, || actors::registry(&rt, OPS)))
    });
    g.bench_function("raw_btreemap", |b| {
        b.iter_custom(|iters| timed(iters, || raw::registry(OPS)))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20);
    targets = ping_pong, fan_out, spawn, registry
}
criterion_main!(benches);
