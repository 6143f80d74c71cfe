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

/// How the connection to the SMTP server is secured (`EmailSettings.ConnectionSecurity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// `""`: plain SMTP.
    None,
    /// `STARTTLS`: plain, then upgraded; refused if the server does not offer it.
    StartTls,
    /// `TLS`: TLS from the first byte (SMTPS).
    Tls,
}

/// The SMTP server to use for one message: the admin's settings at the time of sending (they
/// change at runtime, so they are passed with each message rather than fixed at start).
#[derive(Clone)]
pub struct SmtpConfig {
    pub server: String,
    pub port: u16,
    pub security: SmtpSecurity,
    /// Accept any certificate (`SkipServerCertificateVerification`), for self-signed servers.
    pub skip_certificate_verification: bool,
    /// User name and password for `AUTH`, when `EnableSMTPAuth`.
    pub credentials: Option<(String, String)>,
    /// For each step of the exchange (`SMTPServerTimeout`).
    pub timeout: std::time::Duration,
    /// The name Stoa greets the server with (`EHLO`): the host of the site URL.
    pub hello_name: String,
}

/// Written by hand so that the password never reaches a log line.
impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("server", &self.server)
            .field("port", &self.port)
            .field("security", &self.security)
            .field(
                "skip_certificate_verification",
                &self.skip_certificate_verification,
            )
            .field("username", &self.credentials.as_ref().map(|(u, _)| u))
            .field("timeout", &self.timeout)
            .field("hello_name", &self.hello_name)
            .finish()
    }
}

/// One message: a plain-text and an HTML version of the same content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailMessage {
    pub from_name: String,
    pub from_address: String,
    pub to: String,
    /// Empty for none.
    pub reply_to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum MailError {
    /// The recipient's address cannot be used: no later try can help.
    #[error("the recipient address is not valid")]
    BadRecipient,
    /// The settings cannot work as they are (no server, a sender address that does not parse,
    /// AUTH without encryption): worth trying again once the admin has fixed them.
    #[error("{0}")]
    Misconfigured(String),
    /// Connection, TLS, timeout or the server's refusal (its answer is in the text).
    #[error("{0}")]
    Failed(String),
}

/// The way out for email: one message to one recipient over SMTP.
#[async_trait::async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, smtp: &SmtpConfig, mail: &MailMessage) -> Result<(), MailError>;
}
