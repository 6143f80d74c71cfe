//! A real HTTP server on a free loopback port standing in for an integration (an outgoing
//! webhook's callback, a slash command's URL, an action's URL): it records every request Stoa
//! sends and answers as it is told — JSON, slowly, with an error, or with a redirect.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

/// One request as the receiver read it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    /// Path and query.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("the request body is JSON")
    }

    /// A field of a form body (`+` and `%XX` decoded).
    pub fn form(&self, name: &str) -> Option<String> {
        form_value(std::str::from_utf8(&self.body).ok()?, name)
    }
}

/// Decodes `name`'s value from `a=b&c=d`.
pub fn form_value(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name).then(|| {
            let bytes = v.replace('+', " ").into_bytes();
            let mut out = Vec::new();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'%' && i + 2 < bytes.len() {
                    let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                    if let Ok(b) = u8::from_str_radix(hex, 16) {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                }
                out.push(bytes[i]);
                i += 1;
            }
            String::from_utf8_lossy(&out).into_owned()
        })
    })
}

/// How the receiver answers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
    pub delay: Duration,
    pub location: Option<String>,
}

impl Reply {
    pub fn json(v: serde_json::Value) -> Reply {
        Reply {
            status: 200,
            content_type: "application/json".into(),
            body: v.to_string().into_bytes(),
            delay: Duration::ZERO,
            location: None,
        }
    }

    pub fn empty() -> Reply {
        Reply {
            status: 200,
            content_type: "text/plain".into(),
            body: Vec::new(),
            delay: Duration::ZERO,
            location: None,
        }
    }

    pub fn redirect(to: &str) -> Reply {
        Reply {
            status: 302,
            location: Some(to.to_string()),
            ..Reply::empty()
        }
    }

    pub fn after(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

pub struct Receiver {
    base: String,
    reply: Arc<Mutex<Reply>>,
    rx: tokio::sync::Mutex<mpsc::UnboundedReceiver<Received>>,
}

impl Receiver {
    /// Starts listening on 127.0.0.1, port 0; answers `reply` until told otherwise.
    pub async fn start(reply: Reply) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let reply = Arc::new(Mutex::new(reply));
        let (tx, rx) = mpsc::unbounded_channel();
        let answer = reply.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (tx, answer) = (tx.clone(), answer.clone());
                tokio::spawn(async move {
                    let _ = serve(stream, tx, answer).await;
                });
            }
        });
        Receiver {
            base,
            reply,
            rx: tokio::sync::Mutex::new(rx),
        }
    }

    /// `http://127.0.0.1:<port><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn answer(&self, reply: Reply) {
        *self.reply.lock().expect("reply lock") = reply;
    }

    /// The next request, or `None` within `wait`.
    pub async fn next(&self, wait: Duration) -> Option<Received> {
        tokio::time::timeout(wait, self.rx.lock().await.recv())
            .await
            .ok()
            .flatten()
    }

    /// The next request; fails the test after 10 s.
    pub async fn expect_request(&self) -> Received {
        self.next(Duration::from_secs(10))
            .await
            .expect("the integration receives a request")
    }
}

async fn serve(
    mut stream: TcpStream,
    tx: mpsc::UnboundedSender<Received>,
    answer: Arc<Mutex<Reply>>,
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or("").split(' ');
    let method = first.next().unwrap_or("").to_string();
    let target = first.next().unwrap_or("").to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let _ = tx.send(Received {
        method,
        target,
        headers,
        body,
    });
    let reply = answer.lock().expect("reply lock").clone();
    tokio::time::sleep(reply.delay).await;
    let mut out = format!(
        "HTTP/1.1 {} X\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        reply.status,
        reply.content_type,
        reply.body.len()
    );
    if let Some(loc) = &reply.location {
        out.push_str(&format!("Location: {loc}\r\n"));
    }
    out.push_str("\r\n");
    stream.write_all(out.as_bytes()).await?;
    stream.write_all(&reply.body).await?;
    stream.shutdown().await
}
