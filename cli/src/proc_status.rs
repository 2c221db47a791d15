//! What the soak and fuzz scripts report about their own memory.

/// `VmRSS`, `VmHWM` (the peak) or another KiB field of
/// `/proc/self/status`; 0 where there is no such file (not Linux).
pub fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}
