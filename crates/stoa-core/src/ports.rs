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
