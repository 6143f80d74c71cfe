//! The test process's memory, for tests that bound what the server holds: such a test is its own
//! binary, so the process's peak is the server's and the test's alone.

/// A field of `/proc/self/status` (`VmRSS:`, `VmHWM:`), in bytes.
fn proc_status(field: &str) -> usize {
    let status = std::fs::read_to_string("/proc/self/status").expect("Linux /proc");
    let line = status
        .lines()
        .find(|l| l.starts_with(field))
        .expect("field present");
    let kb: usize = line
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .expect("number");
    kb * 1024
}

/// The peak resident size since the last [`reset_peak`] (`VmHWM`), in bytes.
pub fn peak() -> usize {
    proc_status("VmHWM:")
}

/// Resets the peak resident size to the current one and returns it, in bytes.
pub fn reset_peak() -> usize {
    std::fs::write("/proc/self/clear_refs", "5").expect("reset the peak");
    proc_status("VmRSS:")
}
