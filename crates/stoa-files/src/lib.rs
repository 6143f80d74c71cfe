//! Where uploaded files live: a local directory (the default, under the data dir) or an
//! S3-compatible bucket, both through the `object_store` crate, behind core's `FileStore` port.
//! Nothing else in Stoa knows which one is in use.

use async_trait::async_trait;
use bytes::Bytes;
use futures_util::StreamExt;
use object_store::path::Path as ObjectPath;
use object_store::{GetOptions, GetRange, ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};
use std::io;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;
use stoa_core::ports::{ByteStream, FileStore};
use tokio::io::AsyncReadExt;

/// Chunk size when streaming a staged file into the store (S3's minimum multipart part).
const PART: usize = 5 * 1024 * 1024;

/// S3-compatible bucket settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct S3Config {
    pub bucket: String,
    /// `https://s3.example.org`; empty for AWS itself.
    pub endpoint: String,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    /// Path-style URLs (`endpoint/bucket/key`), which MinIO and most self-hosted stores want.
    pub path_style: bool,
}

pub struct ObjectFileStore {
    store: Arc<dyn ObjectStore>,
}

impl ObjectFileStore {
    /// Files under a local directory (created when missing).
    pub fn local(root: &Path) -> io::Result<Self> {
        std::fs::create_dir_all(root)?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(root).map_err(to_io)?;
        Ok(ObjectFileStore {
            store: Arc::new(store),
        })
    }

    /// Files in an S3-compatible bucket.
    pub fn s3(c: &S3Config) -> io::Result<Self> {
        let mut b = object_store::aws::AmazonS3Builder::new()
            .with_bucket_name(&c.bucket)
            .with_region(if c.region.is_empty() {
                "us-east-1"
            } else {
                &c.region
            })
            .with_access_key_id(&c.access_key_id)
            .with_secret_access_key(&c.secret_access_key)
            .with_virtual_hosted_style_request(!c.path_style);
        if !c.endpoint.is_empty() {
            b = b
                .with_endpoint(&c.endpoint)
                .with_allow_http(c.endpoint.starts_with("http://"));
        }
        Ok(ObjectFileStore {
            store: Arc::new(b.build().map_err(to_io)?),
        })
    }
}

fn to_io(e: object_store::Error) -> io::Error {
    match e {
        object_store::Error::NotFound { .. } => {
            io::Error::new(io::ErrorKind::NotFound, e.to_string())
        }
        other => io::Error::other(other.to_string()),
    }
}

/// A path core made, refusing anything that could climb out of the store's root.
fn object_path(path: &str) -> io::Result<ObjectPath> {
    let clean = !path.is_empty()
        && path
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..");
    if !clean || path.starts_with('/') || path.contains('\\') {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("invalid file path {path:?}"),
        ));
    }
    ObjectPath::parse(path).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))
}

#[async_trait]
impl FileStore for ObjectFileStore {
    async fn write(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        self.store
            .put(&object_path(path)?, PutPayload::from(bytes))
            .await
            .map(|_| ())
            .map_err(to_io)
    }

    async fn put_file(&self, path: &str, local: &Path) -> io::Result<()> {
        let target = object_path(path)?;
        let mut file = tokio::fs::File::open(local).await?;
        let size = file.metadata().await?.len();
        if size <= PART as u64 {
            let mut buf = Vec::with_capacity(size as usize);
            file.read_to_end(&mut buf).await?;
            return self
                .store
                .put(&target, PutPayload::from(buf))
                .await
                .map(|_| ())
                .map_err(to_io);
        }
        let upload = self.store.put_multipart(&target).await.map_err(to_io)?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, PART);
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let n = file.read(&mut buf).await?;
            if n == 0 {
                break;
            }
            // Keep at most two parts in flight: memory stays bounded whatever the file's size.
            writer.wait_for_capacity(2).await.map_err(to_io)?;
            writer.write(&buf[..n]);
        }
        writer.finish().await.map(|_| ()).map_err(to_io)
    }

    async fn read(&self, path: &str) -> io::Result<Option<Vec<u8>>> {
        match self.store.get(&object_path(path)?).await {
            Ok(r) => Ok(Some(r.bytes().await.map_err(to_io)?.to_vec())),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(to_io(e)),
        }
    }

    async fn open(
        &self,
        path: &str,
        range: Option<Range<u64>>,
    ) -> io::Result<Option<(u64, ByteStream)>> {
        let options = GetOptions {
            range: range.map(GetRange::Bounded),
            ..GetOptions::default()
        };
        match self.store.get_opts(&object_path(path)?, options).await {
            Ok(r) => {
                let size = r.meta.size;
                let stream = r
                    .into_stream()
                    .map(|chunk: Result<Bytes, object_store::Error>| chunk.map_err(to_io));
                Ok(Some((size, Box::pin(stream))))
            }
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(to_io(e)),
        }
    }

    async fn remove(&self, path: &str) -> io::Result<()> {
        match self.store.delete(&object_path(path)?).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(to_io(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn local_round_trip_streaming_and_no_escape() {
        let root = std::env::temp_dir().join(format!("stoa-files-{}", std::process::id()));
        let store = ObjectFileStore::local(&root).expect("store");
        store
            .write("a/b/small.txt", b"hello".to_vec())
            .await
            .expect("write");
        assert_eq!(
            store.read("a/b/small.txt").await.expect("read"),
            Some(b"hello".to_vec())
        );
        // A staged file larger than one part streams in several.
        let staged = root.join("staged.bin");
        let big: Vec<u8> = (0..(PART * 2 + 123)).map(|i| (i % 251) as u8).collect();
        std::fs::write(&staged, &big).expect("stage");
        store.put_file("x/big.bin", &staged).await.expect("put");
        let (size, mut stream) = store
            .open("x/big.bin", None)
            .await
            .expect("open")
            .expect("exists");
        assert_eq!(size as usize, big.len());
        let mut got = Vec::new();
        while let Some(chunk) = stream.next().await {
            got.extend_from_slice(&chunk.expect("chunk"));
        }
        assert_eq!(got, big);
        let (size, mut stream) = store
            .open("x/big.bin", Some(10..20))
            .await
            .expect("open")
            .expect("exists");
        assert_eq!(size as usize, big.len());
        let mut part = Vec::new();
        while let Some(chunk) = stream.next().await {
            part.extend_from_slice(&chunk.expect("chunk"));
        }
        assert_eq!(part, big[10..20]);
        store.remove("x/big.bin").await.expect("remove");
        assert!(store.open("x/big.bin", None).await.expect("open").is_none());
        store
            .remove("x/big.bin")
            .await
            .expect("removing twice is fine");
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a//b", "a\\b"] {
            assert!(store.write(bad, vec![]).await.is_err(), "{bad}");
        }
        let _ = std::fs::remove_dir_all(root);
    }
}
