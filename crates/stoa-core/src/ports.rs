//! Ports: what core needs from the outside world, implemented elsewhere (`crates/stoa` wires
//! them).

/// Blob storage for uploaded files and images (local directory, S3-compatible store).
#[async_trait::async_trait]
pub trait FileStore: Send + Sync {
    /// Writes the whole object at `path` (a relative, '/'-separated path made by core).
    async fn write(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()>;
    /// Reads the object; `Ok(None)` when it does not exist.
    async fn read(&self, path: &str) -> std::io::Result<Option<Vec<u8>>>;
    /// Removes the object; absent is fine.
    async fn remove(&self, path: &str) -> std::io::Result<()>;
}
