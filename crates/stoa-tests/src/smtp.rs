//! A real SMTP server for the email tests: `tests/smtp/sink.py` (aiosmtpd), one process per test
//! on a free loopback port, keeping every message it receives. Its Python comes from
//! `STOA_TEST_SMTP_PYTHON` or `tests/smtp/.venv`, which `scripts/smtp-test-sink.sh setup`
//! installs (`scripts/test.sh` runs it). Without it a test is skipped with a notice, unless
//! `CI=true`, where it fails.

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// How the sink secures its connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SinkTls {
    None,
    StartTls,
    /// TLS from the first byte.
    Implicit,
}

/// How to start a sink.
#[derive(Debug, Clone)]
pub struct SinkOptions {
    /// 0: any free port.
    pub port: u16,
    pub tls: SinkTls,
    /// A login the sink requires.
    pub auth: Option<(String, String)>,
}

impl Default for SinkOptions {
    fn default() -> Self {
        SinkOptions {
            port: 0,
            tls: SinkTls::None,
            auth: None,
        }
    }
}

/// One received message.
#[derive(Debug, Clone, Deserialize)]
pub struct Mail {
    pub mail_from: String,
    pub rcpt_tos: Vec<String>,
    pub from: String,
    pub to: String,
    pub reply_to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Whether the session was encrypted.
    pub tls: bool,
    /// Who logged in, when the sink required a login.
    pub auth_login: Option<String>,
}

/// A running sink; stopped when dropped.
pub struct SmtpSink {
    child: Child,
    port: u16,
    out: PathBuf,
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The sink's Python, or `None` (with a notice) when it is not installed; under `CI=true` a
/// missing sink fails the test instead.
fn python() -> Option<PathBuf> {
    let path = match std::env::var("STOA_TEST_SMTP_PYTHON") {
        Ok(p) if !p.is_empty() => PathBuf::from(p),
        _ => repo_root().join("tests/smtp/.venv/bin/python"),
    };
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "the SMTP test server is not installed ({}) and CI=true: run scripts/smtp-test-sink.sh setup",
        path.display()
    );
    eprintln!(
        "NOTICE: the SMTP test server is not installed (scripts/smtp-test-sink.sh setup): email test skipped."
    );
    None
}

/// A port nothing listens on right now (for a server that starts later in the test).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl SmtpSink {
    /// A plain SMTP sink on a free port; `None` when the sink is not installed (see module).
    pub async fn start() -> Option<SmtpSink> {
        Self::start_with(SinkOptions::default()).await
    }

    pub async fn start_with(opts: SinkOptions) -> Option<SmtpSink> {
        let python = python()?;
        let out = std::env::temp_dir().join(format!("stoa-smtp-{}.jsonl", stoa_model::new_id()));
        let tls = match opts.tls {
            SinkTls::None => "none",
            SinkTls::StartTls => "starttls",
            SinkTls::Implicit => "tls",
        };
        let mut cmd = Command::new(python);
        cmd.arg(repo_root().join("tests/smtp/sink.py"))
            .arg("--out")
            .arg(&out)
            .arg("--port")
            .arg(opts.port.to_string())
            .arg("--tls")
            .arg(tls)
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true);
        if let Some((user, password)) = &opts.auth {
            cmd.arg("--auth").arg(format!("{user}:{password}"));
        }
        let mut child = cmd.spawn().expect("the SMTP test server starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let first = tokio::time::timeout(Duration::from_secs(20), lines.next_line())
            .await
            .expect("the SMTP test server says its port within 20 s")
            .expect("read its output")
            .expect("the SMTP test server prints its port");
        let port = first
            .strip_prefix("PORT ")
            .and_then(|p| p.trim().parse().ok())
            .expect("PORT <n>");
        Some(SmtpSink { child, port, out })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `EmailSettings` that send notifications through this sink (plain SMTP, no login).
    pub fn email_settings(&self) -> Value {
        json!({
            "SendEmailNotifications": true,
            "SMTPServer": "127.0.0.1",
            "SMTPPort": self.port.to_string(),
            "ConnectionSecurity": "",
            "EnableSMTPAuth": false,
            "FeedbackName": "Stoa Notifications",
            "FeedbackEmail": "noreply@stoa.test",
            "ReplyToAddress": "reply@stoa.test",
            "SMTPServerTimeout": 5,
        })
    }

    /// Every message received so far, in order.
    pub fn mails(&self) -> Vec<Mail> {
        let Ok(text) = std::fs::read_to_string(&self.out) else {
            return Vec::new();
        };
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).expect("a mail record"))
            .collect()
    }

    /// Waits until at least `n` messages arrived (fails the test after `timeout`).
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Mail> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let mails = self.mails();
            if mails.len() >= n {
                return mails;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "expected {n} mail(s) within {timeout:?}, got {}: {mails:#?}",
                mails.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The messages sent to one address.
    pub fn mails_to(&self, address: &str) -> Vec<Mail> {
        self.mails()
            .into_iter()
            .filter(|m| m.rcpt_tos.iter().any(|r| r.eq_ignore_ascii_case(address)))
            .collect()
    }

    /// Stops the server now (a test of an SMTP server going away).
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
        let _ = std::fs::remove_file(&self.out);
    }
}
