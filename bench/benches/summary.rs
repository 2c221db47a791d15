//! `cargo bench -p otpsim-bench --bench summary`: the summary table of
//! [`otpsim_bench::summary`], built with the bench profile (opt-level 3).

#[global_allocator]
static ALLOCATOR: otpsim_bench::alloc::Counting = otpsim_bench::alloc::Counting;

fn main() {
    otpsim_bench::summary::run(std::env::args().skip(1));
}
