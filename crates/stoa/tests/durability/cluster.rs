//! A throwaway PostgreSQL cluster of the test's own, on a free loopback port with a temporary
//! data dir, to stop and start at will. The machine's shared server is never touched.
//!
//! Made with the server binaries of the installed PostgreSQL (`STOA_TEST_PG_BIN`, else the
//! newest `/usr/lib/postgresql/<version>/bin`). PostgreSQL refuses to run as root, so as root
//! the cluster runs as the `postgres` user through `runuser`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::process::free_port;

pub struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    as_postgres: bool,
    pub port: u16,
}

/// Why no cluster can be made here.
pub struct Unavailable(pub String);

impl Cluster {
    /// Makes (initdb) and starts a cluster.
    pub fn create() -> Result<Cluster, Unavailable> {
        let bin = server_bin().ok_or_else(|| {
            Unavailable(
                "no PostgreSQL server binaries (initdb, pg_ctl) in /usr/lib/postgresql/*/bin; set STOA_TEST_PG_BIN".into(),
            )
        })?;
        let as_postgres = effective_uid() == Some(0);
        if as_postgres && !run_ok(Command::new("id").args(["-u", "postgres"])) {
            return Err(Unavailable(
                "running as root and there is no `postgres` user to run PostgreSQL as".into(),
            ));
        }
        // initdb makes the directory itself, so that it belongs to whoever runs the cluster.
        let data = std::env::temp_dir().join(format!("stoa-pg-{}", stoa_model::new_id()));
        let cluster = Cluster {
            bin,
            data,
            as_postgres,
            port: free_port(),
        };
        let init = cluster.run(
            "initdb",
            &[
                "-D",
                &cluster.data_str(),
                "-U",
                "postgres",
                "-A",
                "trust",
                "--no-sync",
                "--no-instructions",
            ],
        );
        if !init.status.success() {
            return Err(Unavailable(format!(
                "initdb failed: {}",
                String::from_utf8_lossy(&init.stderr)
            )));
        }
        cluster.start();
        Ok(cluster)
    }

    fn data_str(&self) -> String {
        self.data.display().to_string()
    }

    /// A server binary, run as the cluster's owner.
    fn command(&self, tool: &str) -> Command {
        let path = self.bin.join(tool);
        let mut c = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        };
        // A directory the cluster's owner may enter, whoever runs the test.
        c.current_dir(std::env::temp_dir());
        c
    }

    fn run(&self, tool: &str, args: &[&str]) -> Output {
        self.command(tool)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("a PostgreSQL tool runs")
    }

    /// `postgres://postgres@127.0.0.1:<port>/postgres`.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Starts the server and waits until it accepts connections.
    pub fn start(&self) {
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''",
            self.port
        );
        let log = self.data.join("server.log");
        let out = self.run(
            "pg_ctl",
            &[
                "start",
                "-w",
                "-D",
                &self.data_str(),
                "-l",
                &log.display().to_string(),
                "-o",
                &options,
            ],
        );
        assert!(
            out.status.success(),
            "pg_ctl start failed: {}{}",
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }

    /// Stops the server at once (`-m immediate`): connections are cut, nothing is flushed, and
    /// the next start recovers from the write-ahead log, as after a crash.
    pub fn stop_immediately(&self) {
        let out = self.run(
            "pg_ctl",
            &["stop", "-m", "immediate", "-D", &self.data_str()],
        );
        assert!(
            out.status.success(),
            "pg_ctl stop failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.run(
            "pg_ctl",
            &["stop", "-m", "immediate", "-D", &self.data_str()],
        );
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

fn server_bin() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("STOA_TEST_PG_BIN") {
        return Some(PathBuf::from(dir));
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            has_tools(&bin).then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

fn has_tools(bin: &Path) -> bool {
    ["initdb", "pg_ctl", "postgres"]
        .iter()
        .all(|t| bin.join(t).is_file())
}

/// The effective user id, from `/proc/self/status` (`Uid: real effective …`).
fn effective_uid() -> Option<u32> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("Uid:"))?;
    line.split_whitespace().nth(2)?.parse().ok()
}

fn run_ok(cmd: &mut Command) -> bool {
    cmd.stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
