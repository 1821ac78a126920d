//! A figure of a process's `/proc/PID/status` (Linux), for the benchmarks that report memory
//! and threads.

/// The number on the line `key:` of `/proc/{process}/status` (`process`: a PID, or `self`),
/// in the line's own unit (`VmRSS` and `VmHWM` in KiB, `Threads` a count); `None` elsewhere
/// than on Linux.
pub fn proc_status(process: &str, key: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{process}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}
