//! The local-directory file store (the default): objects are files under `<data_dir>/files`.

use std::path::{Component, Path, PathBuf};
use stoa_core::ports::FileStore;

pub struct LocalFileStore {
    root: PathBuf,
}

impl LocalFileStore {
    pub fn new(root: PathBuf) -> Self {
        LocalFileStore { root }
    }

    /// Joins a relative path made by core, refusing anything that could leave the root.
    fn resolve(&self, path: &str) -> std::io::Result<PathBuf> {
        let rel = Path::new(path);
        if path.is_empty() || rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("invalid file path {path:?}"),
            ));
        }
        Ok(self.root.join(rel))
    }
}

#[async_trait::async_trait]
impl FileStore for LocalFileStore {
    async fn write(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        let target = self.resolve(path)?;
        if let Some(parent) = target.parent() {
            tokio::fs::create_dir_all(parent).await?;
        }
        // Write beside, then rename: a reader never sees half a file.
        let tmp = target.with_extension(format!("tmp-{}", stoa_model::new_id()));
        tokio::fs::write(&tmp, bytes).await?;
        tokio::fs::rename(&tmp, &target).await
    }

    async fn read(&self, path: &str) -> std::io::Result<Option<Vec<u8>>> {
        match tokio::fs::read(self.resolve(path)?).await {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn remove(&self, path: &str) -> std::io::Result<()> {
        match tokio::fs::remove_file(self.resolve(path)?).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn round_trip_and_no_escape() {
        let root = std::env::temp_dir().join(format!("stoa-files-{}", stoa_model::new_id()));
        let store = LocalFileStore::new(root.clone());
        store
            .write("users/a/profile.img", b"hello".to_vec())
            .await
            .expect("write");
        assert_eq!(
            store.read("users/a/profile.img").await.expect("read"),
            Some(b"hello".to_vec())
        );
        store.remove("users/a/profile.img").await.expect("remove");
        assert_eq!(store.read("users/a/profile.img").await.expect("read"), None);
        for bad in ["../x", "/etc/passwd", "a/../../b", ""] {
            assert!(store.write(bad, vec![]).await.is_err(), "{bad}");
        }
        let _ = std::fs::remove_dir_all(root);
    }
}
