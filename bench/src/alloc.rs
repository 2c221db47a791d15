//! A counting global allocator: mimalloc, plus live bytes and allocation
//! counts while counting is switched on. Install it in a binary with
//!
//! ```ignore
//! #[global_allocator]
//! static ALLOCATOR: otpsim_bench::alloc::Counting = otpsim_bench::alloc::Counting;
//! ```
//!
//! Counting is off by default, so timed runs pay one relaxed load per
//! allocation and nothing else.
//!
//! Why mimalloc and not the system allocator: a forming 1,000-node mesh
//! is ten million events over a gigabyte of small objects, each event
//! touching cold ones, and glibc's malloc spent a sixth of that in its own
//! bookkeeping (coalescing free chunks). Without transparent huge pages
//! (`no_thp`): mimalloc's default asks for them, which halved TLB misses
//! in a settled cluster, but the kernel zeroing 2 MiB pages as the burst
//! took memory was a quarter of the set-up; the event loop's prefetching
//! (`kernel/prefetch.rs`) hides most of those misses anyway. Every
//! workload, ractor's and the raw loops' included, runs on it.

use mimalloc::MiMalloc;
use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicU64, Ordering};

/// The allocator.
pub struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

fn counted(bytes: isize, allocations: u64) {
    if COUNTING.load(Ordering::Relaxed) {
        LIVE_BYTES.fetch_add(bytes, Ordering::Relaxed);
        ALLOCATIONS.fetch_add(allocations, Ordering::Relaxed);
    }
}

// SAFETY: every call is forwarded unchanged to `MiMalloc`; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { MiMalloc.alloc(layout) };
        if !p.is_null() {
            counted(layout.size() as isize, 1);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { MiMalloc.alloc_zeroed(layout) };
        if !p.is_null() {
            counted(layout.size() as isize, 1);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { MiMalloc.dealloc(ptr, layout) };
        counted(-(layout.size() as isize), 0);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { MiMalloc.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            counted(new_size as isize - layout.size() as isize, 1);
        }
        p
    }
}

/// Allocations counted so far.
pub fn allocations() -> u64 {
    ALLOCATIONS.load(Ordering::Relaxed)
}

/// Runs `f` with counting on: what it returns (kept alive until after the
/// measurement) and the net bytes it left allocated.
pub fn measure<R>(f: impl FnOnce() -> R) -> (R, isize) {
    let before = LIVE_BYTES.load(Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    let result = f();
    COUNTING.store(false, Ordering::Relaxed);
    (result, LIVE_BYTES.load(Ordering::Relaxed) - before)
}

/// True when [`Counting`] is this binary's global allocator.
pub fn installed() -> bool {
    let before = allocations();
    measure(|| drop(std::hint::black_box(Box::new(1u64))));
    allocations() != before
}
