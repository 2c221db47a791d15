//! `cargo run -p otpsim-bench --release [-- --scale F] [-- --only NAME]`:
//! the summary table of [`otpsim_bench::summary`].

#[global_allocator]
static ALLOCATOR: otpsim_bench::alloc::Counting = otpsim_bench::alloc::Counting;

fn main() {
    otpsim_bench::summary::run(std::env::args().skip(1));
}
