//! A WebSocket test client for `/api/v4/websocket` that checks the protocol as it reads: every
//! event's `seq` is exactly one more than the previous one (from `hello` at 0), replies carry
//! `seq_reply` and no `seq`, and `hello` is the first event of a fresh connection with a 26-char
//! `connection_id` and the server's `X-Version-Id` as `server_version`.
//!
//! Reading happens only inside the calls below (there is no background reader), so a client the
//! test does not read from behaves like a slow consumer.

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio::time::Instant;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::{self, Message};

use crate::{Resp, TestServer};

/// How to open a socket.
#[derive(Debug, Clone, Default)]
pub struct Connect {
    /// Sent as `Authorization: Bearer <token>` with the upgrade request.
    pub token: Option<String>,
    /// `connection_id` and `sequence_number` query parameters.
    pub resume: Option<(String, u64)>,
    /// An `Origin` header.
    pub origin: Option<String>,
    /// The client socket's receive buffer (`SO_RCVBUF`), to make a slow consumer quickly.
    pub recv_buffer: Option<u32>,
}

/// What one read produced.
enum Read {
    Event(Value),
    Reply(Value),
    Closed(Option<CloseFrame>),
    Timeout,
}

/// How the first event of the connection is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// A fresh connection: the first event must be `hello` with `seq` 0.
    Fresh,
    /// A resume asking for this sequence number: the first event continues from it, or is a
    /// fresh `hello` (seq 0) when the server could not resume.
    Resume(u64),
    /// Not authenticated yet: no event may arrive.
    Anonymous,
}

pub struct WsClient {
    ws: WebSocketStream<TcpStream>,
    base: String,
    connection_id: String,
    start: Start,
    /// The `seq` the next event must carry (`None` before the first event).
    next_seq: Option<u64>,
    next_request: i64,
    /// Events read but not yet looked at by `next_event`.
    pending: VecDeque<Value>,
    /// Replies read but not yet asked for.
    replies: Vec<Value>,
    /// Every event received, in order.
    log: Vec<Value>,
    closed: Option<Option<CloseFrame>>,
    /// Whether the first event of a resumed connection was a fresh `hello`.
    fresh_hello: Option<bool>,
}

/// A short default wait for events that should come promptly.
pub const WAIT: Duration = Duration::from_secs(5);

impl WsClient {
    /// Connects with `Authorization: Bearer` at the upgrade and checks the `hello`.
    pub async fn connect(t: &TestServer, token: &str) -> WsClient {
        let mut ws = Self::open(
            t,
            Connect {
                token: Some(token.to_owned()),
                ..Default::default()
            },
        )
        .await
        .unwrap_or_else(|r| panic!("upgrade refused: {} {}", r.status, r.text()));
        ws.start = Start::Fresh;
        ws.next_event("hello", WAIT).await;
        ws
    }

    /// Connects without credentials, then authenticates with `authentication_challenge`
    /// (request seq 1): the `hello` must come before the `OK` reply.
    pub async fn connect_challenge(t: &TestServer, token: &str) -> WsClient {
        let mut ws = Self::connect_anonymous(t).await;
        let seq = ws
            .send("authentication_challenge", json!({"token": token}))
            .await;
        assert_eq!(seq, 1);
        ws.start = Start::Fresh;
        let deadline = Instant::now() + WAIT;
        match ws.read_one(deadline).await {
            Read::Event(ev) => assert_eq!(ev["event"], "hello", "first after the challenge"),
            Read::Reply(r) => panic!("reply before hello: {r}"),
            Read::Closed(f) => panic!("socket closed after the challenge: {f:?}"),
            Read::Timeout => panic!("no hello after the challenge"),
        }
        let reply = ws.reply(seq, WAIT).await;
        assert_eq!(
            reply,
            json!({"status": "OK", "seq_reply": 1}),
            "challenge reply"
        );
        ws
    }

    /// Connects without credentials (no `hello` expected).
    pub async fn connect_anonymous(t: &TestServer) -> WsClient {
        Self::open(t, Connect::default())
            .await
            .unwrap_or_else(|r| panic!("upgrade refused: {} {}", r.status, r.text()))
    }

    /// Reconnects with `connection_id` and `sequence_number` (the next seq expected). Whether
    /// the server resumed shows in the first event: the missed ones from `sequence_number`, or a
    /// fresh `hello`; see [`resumed`](Self::resumed).
    pub async fn connect_resume(
        t: &TestServer,
        token: &str,
        connection_id: &str,
        sequence_number: u64,
    ) -> WsClient {
        Self::open(
            t,
            Connect {
                token: Some(token.to_owned()),
                resume: Some((connection_id.to_owned(), sequence_number)),
                ..Default::default()
            },
        )
        .await
        .unwrap_or_else(|r| panic!("upgrade refused: {} {}", r.status, r.text()))
    }

    /// Opens a socket as described; the HTTP response when the upgrade is refused. No event is
    /// read.
    pub async fn open(t: &TestServer, c: Connect) -> Result<WsClient, Resp> {
        let base = t.base_url().to_owned();
        let host = base.trim_start_matches("http://").to_owned();
        let mut url = format!("ws://{host}/api/v4/websocket");
        if let Some((cid, seq)) = &c.resume {
            url.push_str(&format!("?connection_id={cid}&sequence_number={seq}"));
        }
        let mut req = url.into_client_request().expect("a valid request");
        if let Some(token) = &c.token {
            req.headers_mut().insert(
                "authorization",
                HeaderValue::from_str(&format!("Bearer {token}")).expect("header"),
            );
        }
        if let Some(origin) = &c.origin {
            req.headers_mut()
                .insert("origin", HeaderValue::from_str(origin).expect("header"));
        }
        let addr: std::net::SocketAddr = host.parse().expect("server address");
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        if let Some(size) = c.recv_buffer {
            socket.set_recv_buffer_size(size).expect("SO_RCVBUF");
        }
        let stream = socket.connect(addr).await.expect("connect");
        let ws = match tokio_tungstenite::client_async(req, stream).await {
            Ok((ws, _)) => ws,
            Err(tungstenite::Error::Http(resp)) => {
                let (parts, body) = resp.into_parts();
                return Err(Resp {
                    status: parts.status.as_u16(),
                    headers: parts.headers,
                    body: body.unwrap_or_default(),
                });
            }
            Err(e) => panic!("websocket handshake failed: {e}"),
        };
        let (start, connection_id) = match (&c.token, &c.resume) {
            (None, _) => (Start::Anonymous, String::new()),
            (Some(_), None) => (Start::Fresh, String::new()),
            (Some(_), Some((cid, seq))) => (Start::Resume(*seq), cid.clone()),
        };
        Ok(WsClient {
            ws,
            base,
            connection_id,
            start,
            next_seq: None,
            next_request: 0,
            pending: VecDeque::new(),
            replies: Vec::new(),
            log: Vec::new(),
            closed: None,
            fresh_hello: None,
        })
    }

    /// The connection id from `hello` (or the one resumed).
    pub fn connection_id(&self) -> &str {
        &self.connection_id
    }

    /// The `seq` of the last event received.
    pub fn last_seq(&self) -> Option<u64> {
        self.next_seq.map(|n| n - 1)
    }

    /// The `sequence_number` to reconnect with (last seq + 1).
    pub fn sequence_number(&self) -> u64 {
        self.next_seq.unwrap_or(0)
    }

    /// The oldest event read but not yet consumed by `next_event` (kept by `expect_closed`,
    /// `expect_no_event` and `reply`).
    pub fn take_pending(&mut self) -> Option<Value> {
        self.pending.pop_front()
    }

    /// Every event received so far, in order.
    pub fn log(&self) -> &[Value] {
        &self.log
    }

    /// After [`connect_resume`](Self::connect_resume) and the first event: `Some(true)` when the
    /// server resumed (no `hello`), `Some(false)` when it started over with a fresh `hello`.
    pub fn resumed(&self) -> Option<bool> {
        self.fresh_hello.map(|fresh| !fresh)
    }

    /// Sends an action as a JSON text frame; returns its `seq`.
    pub async fn send(&mut self, action: &str, data: Value) -> i64 {
        self.next_request += 1;
        let seq = self.next_request;
        let body = json!({"seq": seq, "action": action, "data": data});
        self.send_frame(Message::text(body.to_string())).await;
        seq
    }

    /// Sends an action as a MessagePack binary frame; returns its `seq`.
    pub async fn send_msgpack(&mut self, action: &str, data: Value) -> i64 {
        self.next_request += 1;
        let seq = self.next_request;
        let body = json!({"seq": seq, "action": action, "data": data});
        let bytes = rmp_serde::to_vec_named(&body).expect("MessagePack");
        self.send_frame(Message::binary(bytes)).await;
        seq
    }

    /// Sends an action as JSON inside a binary frame (old Python clients); returns its `seq`.
    pub async fn send_json_binary(&mut self, action: &str, data: Value) -> i64 {
        self.next_request += 1;
        let seq = self.next_request;
        let body = json!({"seq": seq, "action": action, "data": data});
        self.send_frame(Message::binary(body.to_string().into_bytes()))
            .await;
        seq
    }

    /// Sends any frame as is.
    pub async fn send_frame(&mut self, msg: Message) {
        self.ws.send(msg).await.expect("send a frame");
    }

    /// Sends a close frame and waits (briefly) for the socket to end.
    pub async fn close(mut self) {
        let _ = self.ws.close(None).await;
        let deadline = Instant::now() + Duration::from_secs(2);
        while let Ok(Some(Ok(_))) = tokio::time::timeout_at(deadline, self.ws.next()).await {}
    }

    /// Drops the TCP connection without a close frame.
    pub fn abort(self) {
        drop(self);
    }

    /// The next event named `name`, skipping others; panics after `timeout`.
    pub async fn next_event(&mut self, name: &str, timeout: Duration) -> Value {
        self.next_event_where(name, timeout, |_| true).await
    }

    /// The next event named `name` that satisfies `pred`, skipping others.
    pub async fn next_event_where(
        &mut self,
        name: &str,
        timeout: Duration,
        pred: impl Fn(&Value) -> bool,
    ) -> Value {
        self.events_until(name, timeout, pred)
            .await
            .pop()
            .expect("the match is last")
    }

    /// Every event up to and including the next `name` that satisfies `pred`.
    pub async fn events_until(
        &mut self,
        name: &str,
        timeout: Duration,
        pred: impl Fn(&Value) -> bool,
    ) -> Vec<Value> {
        let mut seen = Vec::new();
        while let Some(ev) = self.pending.pop_front() {
            let hit = ev["event"] == name && pred(&ev);
            seen.push(ev);
            if hit {
                return seen;
            }
        }
        let deadline = Instant::now() + timeout;
        loop {
            match self.read_one(deadline).await {
                Read::Event(ev) => {
                    let hit = ev["event"] == name && pred(&ev);
                    seen.push(ev);
                    if hit {
                        return seen;
                    }
                }
                Read::Reply(r) => self.replies.push(r),
                Read::Closed(f) => panic!(
                    "socket closed ({f:?}) while waiting for `{name}`; skipped: {}",
                    names(&seen)
                ),
                Read::Timeout => panic!(
                    "no matching `{name}` within {timeout:?}; skipped: {}; last events: {}",
                    names(&seen),
                    self.tail()
                ),
            }
        }
    }

    /// The next `posted` event whose post has this message (the post parsed in `data.post`).
    pub async fn next_posted(&mut self, message: &str) -> (Value, Value) {
        let ev = self
            .next_event_where("posted", WAIT, |ev| {
                post_of(ev)["message"].as_str() == Some(message)
            })
            .await;
        let post = post_of(&ev);
        (ev, post)
    }

    /// Panics if an event named `name` arrives within `duration` (or is already waiting).
    /// Other events are kept for later calls.
    pub async fn expect_no_event(&mut self, name: &str, duration: Duration) {
        if let Some(ev) = self.pending.iter().find(|ev| ev["event"] == name) {
            panic!("unexpected `{name}` event: {ev}");
        }
        let deadline = Instant::now() + duration;
        loop {
            match self.read_one(deadline).await {
                Read::Event(ev) => {
                    assert!(ev["event"] != name, "unexpected `{name}` event: {ev}");
                    self.pending.push_back(ev);
                }
                Read::Reply(r) => self.replies.push(r),
                Read::Closed(_) | Read::Timeout => return,
            }
        }
    }

    /// The reply to request `seq` (0 for a reply without `seq_reply`); events read meanwhile are
    /// kept for later calls.
    pub async fn reply(&mut self, seq: i64, timeout: Duration) -> Value {
        let matches = |r: &Value| r.get("seq_reply").and_then(Value::as_i64).unwrap_or(0) == seq;
        if let Some(i) = self.replies.iter().position(matches) {
            return self.replies.remove(i);
        }
        let deadline = Instant::now() + timeout;
        loop {
            match self.read_one(deadline).await {
                Read::Event(ev) => self.pending.push_back(ev),
                Read::Reply(r) if matches(&r) => return r,
                Read::Reply(r) => self.replies.push(r),
                Read::Closed(f) => {
                    panic!("socket closed ({f:?}) while waiting for the reply to {seq}")
                }
                Read::Timeout => panic!("no reply to {seq} within {timeout:?}"),
            }
        }
    }

    /// Sends an action and returns its reply.
    pub async fn request(&mut self, action: &str, data: Value) -> Value {
        let seq = self.send(action, data).await;
        self.reply(seq, WAIT).await
    }

    /// Whether a reply to `seq` has been read (and not taken).
    pub fn has_reply(&self, seq: i64) -> bool {
        self.replies
            .iter()
            .any(|r| r.get("seq_reply").and_then(Value::as_i64) == Some(seq))
    }

    /// Waits until the server ends the socket; returns its close frame, if any. Events read
    /// meanwhile are kept (and checked).
    pub async fn expect_closed(&mut self, timeout: Duration) -> Option<CloseFrame> {
        let deadline = Instant::now() + timeout;
        loop {
            match self.read_one(deadline).await {
                Read::Event(ev) => self.pending.push_back(ev),
                Read::Reply(r) => self.replies.push(r),
                Read::Closed(f) => return f,
                Read::Timeout => panic!(
                    "the socket is still open after {timeout:?}; events: {}",
                    names(&self.pending.iter().cloned().collect::<Vec<_>>())
                ),
            }
        }
    }

    /// Reads one frame and checks it.
    async fn read_one(&mut self, deadline: Instant) -> Read {
        if let Some(f) = &self.closed {
            return Read::Closed(f.clone());
        }
        loop {
            let msg = match tokio::time::timeout_at(deadline, self.ws.next()).await {
                Err(_) => return Read::Timeout,
                Ok(None) | Ok(Some(Err(_))) => {
                    self.closed = Some(None);
                    return Read::Closed(None);
                }
                Ok(Some(Ok(m))) => m,
            };
            let text = match msg {
                Message::Text(t) => t.as_str().to_owned(),
                Message::Close(f) => {
                    self.closed = Some(f.clone());
                    return Read::Closed(f);
                }
                Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => continue,
                Message::Binary(b) => panic!("the server sent a binary frame: {b:?}"),
            };
            let v: Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("the server sent invalid JSON ({e}): {text}"));
            assert!(v.is_object(), "a frame that is not an object: {text}");
            if v.get("event").is_some() {
                self.check_event(&v).await;
                self.log.push(v.clone());
                return Read::Event(v);
            }
            assert!(v.get("seq").is_none(), "a reply carries no seq: {text}");
            assert!(
                matches!(v["status"].as_str(), Some("OK" | "FAIL")),
                "a reply has status OK or FAIL: {text}"
            );
            if v["status"] == "FAIL" {
                assert!(
                    v["error"]["id"].is_string(),
                    "FAIL carries an error: {text}"
                );
                assert_eq!(v["error"]["detailed_error"], "", "{text}");
            }
            if let Some(s) = v.get("seq_reply") {
                assert!(s.as_i64().is_some_and(|s| s > 0), "seq_reply: {text}");
            }
            return Read::Reply(v);
        }
    }

    /// The sequence and `hello` rules.
    async fn check_event(&mut self, ev: &Value) {
        let seq = ev["seq"]
            .as_u64()
            .unwrap_or_else(|| panic!("an event without a numeric seq: {ev}"));
        let is_hello = ev["event"] == "hello";
        match (self.next_seq, self.start) {
            (_, Start::Anonymous) => panic!("an event on an unauthenticated socket: {ev}"),
            (None, Start::Fresh) => {
                assert!(is_hello, "the first event is hello: {ev}");
                assert_eq!(seq, 0, "hello has seq 0: {ev}");
            }
            (None, Start::Resume(n)) => {
                let fresh = is_hello && seq == 0;
                if !fresh {
                    assert_eq!(seq, n, "a resumed connection continues from {n}: {ev}");
                }
                self.fresh_hello = Some(fresh);
            }
            (Some(next), _) => {
                assert!(!is_hello, "hello only comes first: {ev}");
                assert_eq!(
                    seq, next,
                    "event seq must be exactly previous + 1 (no gap, no repeat): {ev}"
                );
            }
        }
        if is_hello {
            self.check_hello(ev).await;
        }
        self.next_seq = Some(seq + 1);
    }

    async fn check_hello(&mut self, ev: &Value) {
        let cid = ev["data"]["connection_id"].as_str().unwrap_or("");
        assert_eq!(cid.len(), 26, "hello connection_id: {ev}");
        assert!(ev["data"]["server_hostname"].is_string(), "{ev}");
        let version = crate::ApiClient::new(&self.base)
            .get("/system/ping")
            .await
            .header("x-version-id")
            .map(str::to_owned);
        assert_eq!(
            ev["data"]["server_version"].as_str(),
            version.as_deref(),
            "hello server_version is X-Version-Id: {ev}"
        );
        assert!(
            ev["broadcast"]["user_id"]
                .as_str()
                .is_some_and(|u| u.len() == 26)
        );
        self.connection_id = cid.to_owned();
    }
}

/// `data.post` of a `posted`/`post_edited`/`post_deleted` event, parsed (it is a JSON string).
pub fn post_of(ev: &Value) -> Value {
    json_field(ev, "post")
}

/// A `data` field that Mattermost sends as JSON text, parsed; panics if it is not a string.
pub fn json_field(ev: &Value, key: &str) -> Value {
    let text = ev["data"][key]
        .as_str()
        .unwrap_or_else(|| panic!("data.{key} is a JSON string: {ev}"));
    serde_json::from_str(text).unwrap_or_else(|e| panic!("data.{key} is JSON ({e}): {ev}"))
}

impl WsClient {
    /// The last few events received, for failure messages.
    fn tail(&self) -> String {
        let start = self.log.len().saturating_sub(4);
        self.log[start..]
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn names(events: &[Value]) -> String {
    let names: Vec<String> = events
        .iter()
        .map(|e| format!("{}#{}", e["event"].as_str().unwrap_or("?"), e["seq"]))
        .collect();
    format!("[{}]", names.join(", "))
}

/// Polls `GET /users/{id}/status` until it is `status`; panics after `timeout`.
pub async fn wait_for_status(
    reader: &crate::ApiClient,
    user_id: &str,
    status: &str,
    timeout: Duration,
) {
    let deadline = Instant::now() + timeout;
    loop {
        let s = reader
            .get(&format!("/users/{user_id}/status"))
            .await
            .expect(200)
            .json();
        if s["status"] == status {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "status of {user_id} is still {} after {timeout:?}, expected {status}",
            s["status"]
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}
