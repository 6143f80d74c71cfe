//! One WebSocket connection: authenticates, registers with the hub, then writes the hub's events
//! and answers the client's actions until the socket closes.

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use stoa_core::{Actor, Core};
use tokio::sync::mpsc;

use super::actions::Request;
use super::hub::{HelloData, HubHandle, Memberships, Out, Registered, Registration};

/// Server ping interval and how long the socket may go without a pong (Mattermost: 60 s, 100 s).
const PING_EVERY: Duration = Duration::from_secs(60);
const PONG_WAIT: Duration = Duration::from_secs(100);
/// How long one write may take: a client that reads nothing for this long is gone (Mattermost:
/// 30 s). Without it, a client that stops reading keeps its connection task blocked for ever.
const WRITE_WAIT: Duration = Duration::from_secs(30);
/// An unauthenticated socket must send `authentication_challenge` within this time.
const AUTH_GRACE: Duration = Duration::from_secs(5);

/// Mattermost's close code for a connection the server ended.
const CLOSE_POLICY: u16 = 1008;

/// Frames a client may send per second, sustained, and in one burst. The official apps send a
/// few actions a minute (typing is throttled to one per few seconds, pings every 30 s) and a
/// handful at once on reconnect; a socket past this is a script, and is closed rather than
/// left to cost a core.
const FRAMES_PER_SECOND: f64 = 50.0;
const FRAME_BURST: f64 = 200.0;

/// A token bucket over the frames one socket sends.
struct FrameBudget {
    tokens: f64,
    refilled: Instant,
}

impl FrameBudget {
    fn new() -> Self {
        FrameBudget {
            tokens: FRAME_BURST,
            refilled: Instant::now(),
        }
    }

    /// Takes one frame's token; `false` when the socket has spent its budget.
    fn spend(&mut self) -> bool {
        let now = Instant::now();
        let earned = now.duration_since(self.refilled).as_secs_f64() * FRAMES_PER_SECOND;
        self.tokens = (self.tokens + earned).min(FRAME_BURST);
        self.refilled = now;
        if self.tokens < 1.0 {
            return false;
        }
        self.tokens -= 1.0;
        true
    }
}

pub struct Connection {
    pub core: Arc<Core>,
    pub hub: HubHandle,
    pub actor: Option<Actor>,
    /// `connection_id` and `sequence_number` from the query string.
    pub resume: Option<(String, u64)>,
}

enum Step {
    Continue,
    Close,
}

impl Connection {
    pub async fn run(mut self, mut socket: WebSocket) {
        let (tx, mut rx) = mpsc::channel::<Out>(self.hub.config.queue);
        let mut tx = Some(tx);
        let mut hub_id: Option<u64> = None;
        if let Some(actor) = self.actor.clone() {
            let Some((id, replay)) = self.register(&actor, &mut tx).await else {
                return;
            };
            hub_id = Some(id);
            if write_replay(&mut socket, replay).await.is_err() {
                self.hub.closed(id);
                return;
            }
        }
        let started = Instant::now();
        let mut budget = FrameBudget::new();
        let mut last_pong = Instant::now();
        let mut ping =
            tokio::time::interval_at(tokio::time::Instant::now() + PING_EVERY, PING_EVERY);
        let mut auth_deadline =
            tokio::time::interval_at(tokio::time::Instant::now() + AUTH_GRACE, AUTH_GRACE);
        loop {
            tokio::select! {
                incoming = socket.recv() => {
                    let Some(Ok(msg)) = incoming else { break };
                    if !matches!(msg, Message::Pong(_) | Message::Close(_)) && !budget.spend() {
                        close(&mut socket, CLOSE_POLICY, "too many messages").await;
                        linger(&mut socket).await;
                        break;
                    }
                    match msg {
                        Message::Pong(_) => last_pong = Instant::now(),
                        Message::Ping(_) => {}
                        Message::Close(_) => break,
                        Message::Text(t) => {
                            if let Step::Close = self.on_request(t.as_bytes(), false, &mut socket, &mut tx, &mut rx, &mut hub_id).await {
                                break;
                            }
                        }
                        Message::Binary(b) => {
                            if let Step::Close = self.on_request(&b, true, &mut socket, &mut tx, &mut rx, &mut hub_id).await {
                                break;
                            }
                        }
                    }
                }
                out = rx.recv(), if hub_id.is_some() => {
                    match out {
                        Some(Out::Event { body, seq }) => {
                            if write_event(&mut socket, &body, seq).await.is_err() {
                                break;
                            }
                        }
                        Some(Out::Close) => {
                            close(&mut socket, 1000, "session ended").await;
                            break;
                        }
                        None => {
                            // The hub stopped writing to us: too slow to keep up.
                            close(&mut socket, CLOSE_POLICY, "slow consumer").await;
                            break;
                        }
                    }
                }
                _ = ping.tick() => {
                    if last_pong.elapsed() > PONG_WAIT && started.elapsed() > PONG_WAIT {
                        break;
                    }
                    // The session may have ended elsewhere (expiry, device replaced).
                    if let Some(actor) = &self.actor
                        && self.core.authenticate(&actor.session.token).await.is_err()
                    {
                        close(&mut socket, 1000, "session ended").await;
                        break;
                    }
                    if send(&mut socket, Message::Ping(axum::body::Bytes::new())).await.is_err() {
                        break;
                    }
                }
                _ = auth_deadline.tick(), if self.actor.is_none() => {
                    close(&mut socket, CLOSE_POLICY, "authentication required").await;
                    break;
                }
            }
        }
        if let Some(id) = hub_id {
            self.hub.closed(id);
        }
    }

    /// Loads the user's memberships (unless the hub has them) and registers; retries if they
    /// changed meanwhile. Returns the hub id and, for a resumed connection, the missed events
    /// to write before anything from the queue.
    async fn register(
        &mut self,
        actor: &Actor,
        tx: &mut Option<mpsc::Sender<Out>>,
    ) -> Option<(u64, Vec<(u64, Arc<str>)>)> {
        let user_id = actor.user_id().to_owned();
        for _ in 0..5 {
            let (indexed, version) = self.hub.prepare(&user_id).await?;
            let memberships = if indexed {
                None
            } else {
                let (channels, teams) = self.core.routing_memberships(&user_id).await.ok()?;
                Some((Memberships { channels, teams }, version))
            };
            let reg = Registration {
                user_id: user_id.clone(),
                session_id: actor.session.id.clone(),
                is_admin: actor.is_system_admin(),
                tx: tx.clone()?,
                resume: self.resume.take(),
                memberships,
                hello: HelloData {
                    server_version: self.core.version_id(),
                    server_hostname: hostname(),
                },
            };
            let resume_again = reg.resume.clone();
            match self.hub.register(reg).await? {
                (id, Registered::New { .. }) => {
                    // The hub holds the only sender now: if it drops it, we are done.
                    tx.take();
                    return Some((id, Vec::new()));
                }
                (id, Registered::Resumed { replay, .. }) => {
                    tx.take();
                    return Some((id, replay));
                }
                (_, Registered::Retry) => self.resume = resume_again,
            }
        }
        None
    }

    /// Handles one client request frame.
    async fn on_request(
        &mut self,
        raw: &[u8],
        binary: bool,
        socket: &mut WebSocket,
        tx: &mut Option<mpsc::Sender<Out>>,
        rx: &mut mpsc::Receiver<Out>,
        hub_id: &mut Option<u64>,
    ) -> Step {
        let Some(Request { seq, action, data }) = super::actions::parse(raw, binary) else {
            // Mattermost closes sockets that send what it cannot decode.
            return Step::Close;
        };
        if seq <= 0 {
            return reply_error(
                socket,
                seq,
                "api.web_socket_router.bad_seq.app_error",
                "Invalid sequence for WebSocket message.",
                400,
            )
            .await;
        }
        if action.is_empty() {
            return reply_error(
                socket,
                seq,
                "api.web_socket_router.no_action.app_error",
                "No websocket action.",
                400,
            )
            .await;
        }
        if action == "authentication_challenge" {
            if self.actor.is_some() {
                // Already authenticated: ignored, without a reply (as Mattermost).
                return Step::Continue;
            }
            let token = data.get("token").and_then(Value::as_str).unwrap_or("");
            let Ok(actor) = self.core.authenticate(token).await else {
                return Step::Close;
            };
            let Some((id, replay)) = self.register(&actor, tx).await else {
                return Step::Close;
            };
            self.actor = Some(actor);
            *hub_id = Some(id);
            if write_replay(socket, replay).await.is_err() {
                return Step::Close;
            }
            // `hello` goes out before the reply.
            while let Ok(Out::Event { body, seq }) = rx.try_recv() {
                if write_event(socket, &body, seq).await.is_err() {
                    return Step::Close;
                }
            }
            return reply_ok(socket, seq, None).await;
        }
        let Some(actor) = self.actor.clone() else {
            if action == "presence" {
                return Step::Continue;
            }
            return reply_error(
                socket,
                seq,
                "api.web_socket_router.not_authenticated.app_error",
                "The connection is not authenticated.",
                401,
            )
            .await;
        };
        match super::actions::handle(&self.core, &actor, &action, &data).await {
            Ok(reply) => reply_ok(socket, seq, reply).await,
            Err(e) => {
                let status = crate::error::status_of(e.kind).as_u16();
                reply_error(socket, seq, &e.id, &e.message, status).await
            }
        }
    }
}

/// Writes the events a resumed connection missed.
async fn write_replay(
    socket: &mut WebSocket,
    replay: Vec<(u64, Arc<str>)>,
) -> Result<(), axum::Error> {
    for (seq, body) in replay {
        write_event(socket, &body, seq).await?;
    }
    Ok(())
}

async fn write_event(socket: &mut WebSocket, body: &str, seq: u64) -> Result<(), axum::Error> {
    let mut text = String::with_capacity(body.len() + 16);
    text.push_str(body);
    text.push_str(",\"seq\":");
    text.push_str(&seq.to_string());
    text.push('}');
    send(socket, Message::Text(Utf8Bytes::from(text))).await
}

async fn reply_ok(socket: &mut WebSocket, seq: i64, data: Option<Value>) -> Step {
    let mut reply = json!({"status": "OK", "seq_reply": seq});
    if let Some(d) = data {
        reply["data"] = d;
    }
    send_json(socket, reply).await
}

async fn reply_error(
    socket: &mut WebSocket,
    seq: i64,
    id: &str,
    message: &str,
    status: u16,
) -> Step {
    let mut reply = json!({
        "status": "FAIL",
        "error": {"id": id, "message": message, "detailed_error": "", "status_code": status},
    });
    if seq > 0 {
        reply["seq_reply"] = seq.into();
    }
    send_json(socket, reply).await
}

async fn send_json(socket: &mut WebSocket, v: Value) -> Step {
    match send(socket, Message::Text(Utf8Bytes::from(v.to_string()))).await {
        Ok(()) => Step::Continue,
        Err(_) => Step::Close,
    }
}

async fn close(socket: &mut WebSocket, code: u16, reason: &'static str) {
    let frame = CloseFrame {
        code,
        reason: Utf8Bytes::from_static(reason),
    };
    let _ = send(socket, Message::Close(Some(frame))).await;
}

/// After closing a socket that is still sending: reads (and drops) what it sends for a moment,
/// until it answers the close, so that it reads our close frame instead of a reset connection.
async fn linger(socket: &mut WebSocket) {
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        while let Some(Ok(msg)) = socket.recv().await {
            if matches!(msg, Message::Close(_)) {
                break;
            }
        }
    })
    .await;
}

/// Sends one frame, giving up after [`WRITE_WAIT`].
async fn send(socket: &mut WebSocket, msg: Message) -> Result<(), axum::Error> {
    tokio::time::timeout(WRITE_WAIT, socket.send(msg))
        .await
        .map_err(axum::Error::new)?
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_owned())
        .unwrap_or_default()
}
