//! The `stoa` binary as a child process: started on a data dir and a database, killed with
//! SIGKILL, started again on the same data.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use stoa_tests::Resp;

/// A started server. Dropping it kills the process (only this one: it is our child).
pub struct Stoa {
    child: Option<Child>,
    pub base: String,
}

/// Where a server keeps its data, kept across restarts.
pub struct Site {
    pub data_dir: PathBuf,
    pub database_url: String,
    port: u16,
}

impl Site {
    /// A new data dir; `database_url` empty means SQLite in the data dir.
    pub fn new(database_url: &str) -> Site {
        let data_dir =
            std::env::temp_dir().join(format!("stoa-durability-{}", stoa_model::new_id()));
        std::fs::create_dir_all(&data_dir).expect("data dir");
        Site {
            data_dir,
            database_url: database_url.to_owned(),
            port: free_port(),
        }
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Starts `stoa serve` (its log appended to `<data dir>/stoa.log`) without waiting.
    pub fn spawn(&self) -> Stoa {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_path())
            .expect("log file");
        let child = Command::new(env!("CARGO_BIN_EXE_stoa"))
            .arg("serve")
            .env("STOA_LISTEN", format!("127.0.0.1:{}", self.port))
            .env("STOA_DATA_DIR", &self.data_dir)
            .env("STOA_DATABASE_URL", &self.database_url)
            .env("STOA_DB_MAX_CONNECTIONS", "5")
            // Outage transitions are logged at info by the store; requests are not wanted.
            .env("STOA_LOG", "warn,stoa_store_sql=info")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::from(log))
            .spawn()
            .expect("the stoa binary starts");
        Stoa {
            child: Some(child),
            base: self.base(),
        }
    }

    /// Starts the server and waits until it answers; returns it and how long that took.
    pub async fn start(&self) -> (Stoa, Duration) {
        let started = Instant::now();
        let stoa = self.spawn();
        stoa.wait_ready(self).await;
        (stoa, started.elapsed())
    }

    pub fn log_path(&self) -> PathBuf {
        self.data_dir.join("stoa.log")
    }

    /// The server's log lines containing `word`.
    pub fn log_lines(&self, word: &str) -> Vec<String> {
        let text = std::fs::read_to_string(self.log_path()).unwrap_or_default();
        text.lines()
            .filter(|l| l.contains(word))
            .map(str::to_owned)
            .collect()
    }

    /// The server's log, for failure messages.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(self.log_path()).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("kept for inspection: {}", self.data_dir.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.data_dir);
        }
    }
}

impl Stoa {
    /// Polls `/api/v4/system/ping` until it answers 200 (at most 30 s).
    async fn wait_ready(&self, site: &Site) {
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let ping = http
                .get(format!("{}/api/v4/system/ping", self.base))
                .timeout(Duration::from_secs(2))
                .send()
                .await;
            if ping.is_ok_and(|r| r.status() == 200) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "stoa did not answer within 30 s; its log:\n{}",
                site.log_tail()
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// SIGKILL: no shutdown, no flushing, as a crash or the OOM killer would.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Stoa {
    fn drop(&mut self) {
        self.kill();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Sends a request that may not be answered (the server killed, the database gone): the
/// response, or why there is none.
pub async fn try_send(rb: reqwest::RequestBuilder) -> Result<Resp, String> {
    let r = rb
        .timeout(Duration::from_secs(40))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let body = r.bytes().await.map_err(|e| e.to_string())?.to_vec();
    Ok(Resp {
        status,
        headers,
        body,
    })
}
