//! What the benchmarks read from `/proc`: a process's resident memory and CPU time, the
//! machine's CPU use and load, and this process's open-file limit.

use std::time::Instant;

/// Resident set size of process `pid` in KiB (`VmRSS` in `/proc/<pid>/status`).
pub fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

pub fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// User + system CPU time of a process (`"self"` or a pid) in clock ticks.
fn cpu_ticks(pid: &str) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces; fields are counted after its closing parenthesis.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // Fields 14 and 15 of the whole line (utime, stime) are 12 and 13 after the name.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

/// Busy and total ticks of all CPUs (`/proc/stat`).
fn machine_ticks() -> Option<(u64, u64)> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let line = stat.lines().next()?;
    let v: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .filter_map(|x| x.parse().ok())
        .collect();
    let total: u64 = v.iter().take(8).sum();
    let idle = v.get(3).copied().unwrap_or(0) + v.get(4).copied().unwrap_or(0);
    Some((total - idle, total))
}

pub fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

pub fn cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

/// Linux reports CPU times in USER_HZ, which is 100 on every architecture we run on.
const TICKS_PER_SEC: f64 = 100.0;

/// CPU use over an interval: the server's, this process's and the whole machine's.
pub struct CpuMeter {
    server: Option<u32>,
    at: Instant,
    server_ticks: u64,
    own_ticks: u64,
    machine: (u64, u64),
}

pub struct CpuUse {
    /// Percent of one core (200 % = two cores busy).
    pub server: Option<f64>,
    pub bench: f64,
    /// Percent of all cores of the machine.
    pub machine: f64,
}

impl CpuMeter {
    pub fn start(server: Option<u32>) -> CpuMeter {
        CpuMeter {
            server,
            at: Instant::now(),
            server_ticks: server.and_then(|p| cpu_ticks(&p.to_string())).unwrap_or(0),
            own_ticks: cpu_ticks("self").unwrap_or(0),
            machine: machine_ticks().unwrap_or((0, 0)),
        }
    }

    pub fn stop(&self) -> CpuUse {
        let secs = self.at.elapsed().as_secs_f64().max(1e-9);
        let pct = |ticks: u64| ticks as f64 / TICKS_PER_SEC / secs * 100.0;
        let server = self
            .server
            .and_then(|p| cpu_ticks(&p.to_string()))
            .map(|t| pct(t.saturating_sub(self.server_ticks)));
        let bench = pct(cpu_ticks("self")
            .unwrap_or(0)
            .saturating_sub(self.own_ticks));
        let (busy, total) = machine_ticks().unwrap_or((0, 0));
        let machine = if total > self.machine.1 {
            (busy - self.machine.0) as f64 / (total - self.machine.1) as f64 * 100.0
        } else {
            0.0
        };
        CpuUse {
            server,
            bench,
            machine,
        }
    }
}

impl std::fmt::Display for CpuUse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.server {
            Some(s) => write!(f, "cpu: server {s:.0}%, ")?,
            None => write!(f, "cpu: server ?, ")?,
        }
        write!(
            f,
            "bench {:.0}% (of one core), machine {:.0}% busy of {} cores",
            self.bench,
            self.machine,
            cores()
        )
    }
}

/// This process's soft limit on open files (`/proc/self/limits`).
pub fn open_files_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

/// Fails early, with the fix, when this process cannot hold `sockets` connections.
pub fn check_open_files(sockets: usize) -> Result<(), crate::api::Error> {
    let need = sockets as u64 + 64;
    match open_files_limit() {
        Some(limit) if limit < need => Err(format!(
            "{sockets} sockets need an open-file limit of at least {need}, this process has {limit}: run `ulimit -n {need}` first (the server needs as much)"
        )
        .into()),
        _ => Ok(()),
    }
}

/// The kernel's count of connections dropped because a listen queue was full
/// (`TcpExt: ListenOverflows` in `/proc/net/netstat`; every listener of the network namespace).
pub fn listen_overflows() -> Option<u64> {
    let netstat = std::fs::read_to_string("/proc/net/netstat").ok()?;
    let mut lines = netstat.lines().filter(|l| l.starts_with("TcpExt:"));
    let names = lines.next()?;
    let values = lines.next()?;
    let at = names
        .split_whitespace()
        .position(|n| n == "ListenOverflows")?;
    values.split_whitespace().nth(at)?.parse().ok()
}
