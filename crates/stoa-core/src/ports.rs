//! Ports: what core needs from the outside world, implemented elsewhere (`crates/stoa` wires
//! them).

use bytes::Bytes;
use futures_core::Stream;
use std::ops::Range;
use std::path::Path;
use std::pin::Pin;

/// The bytes of a stored object, as they arrive.
pub type ByteStream = Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send>>;

/// Blob storage for uploaded files and images (local directory, S3-compatible store). Paths are
/// relative, '/'-separated, and made by core.
#[async_trait::async_trait]
pub trait FileStore: Send + Sync {
    /// Writes a whole (small) object.
    async fn write(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()>;
    /// Stores a staged local file as the object at `path`, streaming it (never whole in memory).
    async fn put_file(&self, path: &str, local: &Path) -> std::io::Result<()>;
    /// Reads a whole (small) object; `Ok(None)` when it does not exist.
    async fn read(&self, path: &str) -> std::io::Result<Option<Vec<u8>>>;
    /// Opens an object for streaming, whole or the given byte range (which core has checked
    /// against the object's size): the object's total size and the bytes; `Ok(None)` when it
    /// does not exist.
    async fn open(
        &self,
        path: &str,
        range: Option<Range<u64>>,
    ) -> std::io::Result<Option<(u64, ByteStream)>>;
    /// Removes the object; absent is fine.
    async fn remove(&self, path: &str) -> std::io::Result<()>;
}

/// The method of an outbound request: integrations only ever read or post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboundMethod {
    Get,
    Post,
}

/// One request to an integration (an outgoing webhook, a slash command, an action's URL).
#[derive(Debug, Clone)]
pub struct OutboundRequest {
    pub method: OutboundMethod,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The whole exchange, connection to last byte.
    pub timeout: std::time::Duration,
    /// `ServiceSettings.AllowedUntrustedInternalConnections` at the time of the request: hosts,
    /// IPs and CIDR ranges, separated by spaces or commas, the guard lets through although they
    /// are internal.
    pub allowed_internal: String,
}

/// What an integration answered (any status: the caller decides what a failure is).
#[derive(Debug, Clone)]
pub struct OutboundResponse {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
}

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum OutboundError {
    /// The URL is not http(s) or does not parse.
    #[error("invalid URL: {0}")]
    InvalidUrl(String),
    /// The guard refused every address of the host (internal and not allowed).
    #[error(
        "address forbidden, you may need to set AllowedUntrustedInternalConnections to allow an integration access to your local network"
    )]
    Forbidden,
    #[error("the request timed out")]
    Timeout,
    /// The answer was longer than the cap.
    #[error("the response is too large")]
    TooLarge,
    #[error("{0}")]
    Failed(String),
}

/// The one way out for integrations. The implementation enforces the SSRF rule on every address
/// it connects to (redirects included), the timeout, and a cap on the response body.
#[async_trait::async_trait]
pub trait Outbound: Send + Sync {
    async fn send(&self, req: OutboundRequest) -> Result<OutboundResponse, OutboundError>;
}
