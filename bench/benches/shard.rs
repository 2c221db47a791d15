//! `cargo bench -p otpsim-bench --bench shard`: one key → shard lookup over
//! 64 shards, otpsim's rendezvous and jump beside the `rendezvous_hash` and
//! `jumphash` crates (see [`otpsim_bench::shard`]). Throughput is lookups.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use otpsim_bench::{shard, Run};
use std::time::Duration;

/// Runs `f` `iters` times and adds up only the timed parts.
fn timed(iters: u64, mut f: impl FnMut() -> Run) -> Duration {
    (0..iters).map(|_| f().elapsed).sum()
}

fn lookup(c: &mut Criterion) {
    const KEYS: u64 = 10_000;
    let mut g = c.benchmark_group(format!("shard_lookup_{}", shard::SHARDS));
    g.throughput(Throughput::Elements(KEYS));
    g.bench_function("otpsim_rendezvous", |b| {
        b.iter_custom(|iters| timed(iters, || shard::otpsim_rendezvous(KEYS)))
    });
    g.bench_function("otpsim_jump", |b| {
        b.iter_custom(|iters| timed(iters, || shard::otpsim_jump(KEYS)))
    });
    g.bench_function("rendezvous_hash", |b| {
        b.iter_custom(|iters| timed(iters, || shard::rendezvous_hash_crate(KEYS)))
    });
    g.bench_function("jumphash", |b| {
        b.iter_custom(|iters| timed(iters, || shard::jumphash_crate(KEYS)))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(3));
    targets = lookup
}
criterion_main!(benches);
