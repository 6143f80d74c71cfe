//! The `stoa` binary as an admin runs it: bad configuration, first start, graceful stop.

#![expect(
    clippy::expect_used,
    reason = "a test suite: a failed expectation is a failed test"
)]
#![expect(
    clippy::disallowed_methods,
    reason = "a synchronous test polling a child process: no async runtime to block"
)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn stoa() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stoa"))
}

fn temp_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("stoa-cli-{}", stoa_model::new_id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// A plain HTTP/1.1 GET; the status line and body.
fn http_get(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    Some(out)
}

#[test]
fn invalid_configuration_is_one_line_and_a_nonzero_exit() {
    for (key, value, expect) in [
        ("STOA_LISTEN", "not-an-address", "STOA_LISTEN"),
        (
            "STOA_DATABASE_URL",
            "mysql://root@localhost/x",
            "STOA_DATABASE_URL",
        ),
        ("STOA_SITE_URL", "chat.example.org", "STOA_SITE_URL"),
    ] {
        let out = stoa()
            .env(key, value)
            .env("STOA_DATA_DIR", temp_dir())
            .output()
            .expect("runs");
        assert!(!out.status.success(), "{key}={value} must fail");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
        assert!(stderr.contains(expect), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let dir = temp_dir();
    let file = dir.join("bad.toml");
    std::fs::write(&file, "listen = 8065\nunknown_key = true\n").expect("write");
    let out = stoa().arg("--config").arg(&file).output().expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid config file"));
}

#[test]
fn starts_on_an_empty_data_dir_and_stops_gracefully_on_sigterm() {
    let dir = temp_dir().join("data");
    let port = free_port();
    let mut child = stoa()
        .arg("serve")
        .env("STOA_LISTEN", format!("127.0.0.1:{port}"))
        .env("STOA_DATA_DIR", &dir)
        .env("STOA_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + Duration::from_secs(20);
    let ping = loop {
        if let Some(resp) = http_get(port, "/api/v4/system/ping") {
            break resp;
        }
        assert!(Instant::now() < deadline, "server did not answer");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(ping.starts_with("HTTP/1.1 200"), "{ping}");
    assert!(ping.contains("\"status\":\"OK\""));
    assert!(
        dir.join("stoa.db").exists(),
        "SQLite database created in the data dir"
    );

    let status = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .expect("kill");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(code) = child.try_wait().expect("wait") {
            break code;
        }
        assert!(Instant::now() < deadline, "server did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "clean exit: {exit:?}");
    let mut log = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut log)
        .expect("log");
    assert!(
        log.contains("request")
            && log.contains("/api/v4/system/ping")
            && log.contains("status=200"),
        "{log}"
    );
    assert!(log.contains("stopped"), "{log}");
}
