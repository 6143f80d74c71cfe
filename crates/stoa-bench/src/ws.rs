//! The WebSocket client side of the `ws-*` benchmarks: opening authenticated sockets (with or
//! without a resume), waiting for `hello`, and reading just enough of each frame.
//!
//! Frames are not parsed as JSON: the server writes every event as
//! `{"event":"<name>","data":…,"broadcast":…,"seq":N}`, so the name is at the start and the
//! sequence number at the end, and the benchmark's own marker is found in the raw text.

use futures_util::StreamExt;
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

use crate::api::Error;

pub type Ws = WebSocketStream<TcpStream>;

/// Read buffer of sockets that mostly wait (the bench holds up to ~20,000 of them).
pub const SMALL_READS: usize = 4096;
/// Read buffer of sockets that receive a stream of events. Not larger: tungstenite zeroes the
/// free part of the buffer before every read.
pub const LARGE_READS: usize = 8 * 1024;

/// Microseconds on this process's monotonic clock (from the first call).
pub fn now_us() -> u64 {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    EPOCH.get_or_init(Instant::now).elapsed().as_micros() as u64
}

/// `host:port` of a base URL such as `http://127.0.0.1:8065`.
pub fn host_port(base: &str) -> String {
    base.trim_start_matches("http://")
        .trim_start_matches("https://")
        .trim_end_matches('/')
        .to_owned()
}

/// Opens `/api/v4/websocket` with the token in `Authorization`, optionally resuming
/// (`connection_id`, next `sequence_number`). The TCP stream is plain, so dropping the returned
/// socket closes the connection without a WebSocket close handshake.
///
/// `read_buffer` is how much is read from the socket at once: small for idle sockets, larger for
/// busy ones (several frames per read when the client falls behind).
pub async fn connect(
    host_port: &str,
    token: &str,
    resume: Option<(&str, u64)>,
    read_buffer: usize,
) -> Result<Ws, Error> {
    let query = match resume {
        Some((cid, seq)) => format!("?connection_id={cid}&sequence_number={seq}"),
        None => String::new(),
    };
    let mut req = format!("ws://{host_port}/api/v4/websocket{query}").into_client_request()?;
    req.headers_mut().insert(
        "Authorization",
        HeaderValue::from_str(&format!("Bearer {token}"))?,
    );
    let tcp = TcpStream::connect(host_port).await?;
    tcp.set_nodelay(true)?;
    let config = WebSocketConfig::default()
        .read_buffer_size(read_buffer)
        .write_buffer_size(0);
    let (ws, _) = tokio_tungstenite::client_async_with_config(req, tcp, Some(config)).await?;
    Ok(ws)
}

/// Reads until the `hello` event; its `connection_id`.
pub async fn wait_hello(ws: &mut Ws, within: Duration) -> Result<String, Error> {
    let read = async {
        while let Some(msg) = ws.next().await {
            if let Message::Text(t) = msg?
                && event_name(&t) == Some("hello")
            {
                return connection_id(&t)
                    .map(str::to_owned)
                    .ok_or_else(|| Error::from("hello without connection_id"));
            }
        }
        Err(Error::from("socket closed before hello"))
    };
    tokio::time::timeout(within, read)
        .await
        .map_err(|_| Error::from("no hello in time"))?
}

/// The event name of an event frame (`None` for replies).
pub fn event_name(frame: &str) -> Option<&str> {
    let rest = frame.strip_prefix("{\"event\":\"")?;
    Some(&rest[..rest.find('"')?])
}

/// The `seq` of an event frame: the server appends `,"seq":N}` last. (Inside the nested,
/// string-encoded objects every quote is escaped, so `,"seq":` cannot match there.)
pub fn seq_of(frame: &str) -> Option<u64> {
    let body = frame.strip_suffix('}')?;
    let at = body.rfind(",\"seq\":")?;
    body[at + 7..].parse().ok()
}

fn connection_id(frame: &str) -> Option<&str> {
    const KEY: &str = "\"connection_id\":\"";
    let at = frame.find(KEY)? + KEY.len();
    frame.get(at..at + 26)
}

/// The marker the benchmarks put in a post's message: `wsb <run>:<k>:<sent_us> `.
pub fn marker(run: usize, k: usize, sent_us: u64) -> String {
    format!("wsb {run}:{k}:{sent_us} ")
}

/// The marker's fields, found in a raw `posted` frame.
pub fn find_marker(frame: &str) -> Option<(usize, usize, u64)> {
    let at = frame.find("wsb ")? + 4;
    let mut parts = frame[at..].splitn(4, [':', ' ']);
    let run = parts.next()?.parse().ok()?;
    let k = parts.next()?.parse().ok()?;
    let sent = parts.next()?.parse().ok()?;
    Some((run, k, sent))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_frames_without_parsing_them() {
        let f = r#"{"event":"posted","data":{"post":"{\"id\":\"x\",\"message\":\"wsb 2:17:123456 load\",\"seq\":4}"},"broadcast":{"channel_id":"c"},"seq":42}"#;
        assert_eq!(event_name(f), Some("posted"));
        assert_eq!(seq_of(f), Some(42));
        assert_eq!(find_marker(f), Some((2, 17, 123456)));
        assert_eq!(event_name(r#"{"status":"OK","seq_reply":1}"#), None);
        let hello = r#"{"event":"hello","data":{"connection_id":"abcdefghijklmnopqrstuvwxyz","server_version":"1"},"broadcast":{},"seq":0}"#;
        assert_eq!(connection_id(hello), Some("abcdefghijklmnopqrstuvwxyz"));
        assert_eq!(seq_of(hello), Some(0));
    }
}
