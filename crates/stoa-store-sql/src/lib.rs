//! The SQL implementation of the storage traits, written once for SQLite and PostgreSQL.
//!
//! Queries run on sqlx's `Any` driver: ids are `TEXT`, times `BIGINT` milliseconds, string maps
//! JSON `TEXT`. What the dialects cannot share sits in [`dialect`]; the schema is in
//! `migrations/<backend>/`. This crate knows records, not rules: it never depends on core.

mod channels;
mod db;
pub mod dialect;
mod drafts;
mod emoji;
mod files;
mod migrate;
mod posts;
mod preferences;
mod reactions;
mod reports;
mod search;
mod sessions;
mod status;
mod system;
mod teams;
mod threads;
mod users;

use db::{Db, Exec, Pools, map_err};
pub use dialect::Backend;
pub use migrate::{SchemaTooNew, latest_version, schema_fingerprint};
use sqlx::any::AnyPoolOptions;
use std::sync::Arc;
use std::time::Duration;
use stoa_store::{Store, StoreError, StoreResult, Transaction};

/// How to open the database.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// `sqlite://path/to/file.db` or `postgres://…`.
    pub url: String,
    /// Upper bound of pooled connections (reads on SQLite, everything on PostgreSQL).
    pub max_connections: u32,
}

impl ConnectOptions {
    pub fn new(url: impl Into<String>) -> Self {
        ConnectOptions {
            url: url.into(),
            max_connections: 10,
        }
    }
}

/// The database, over its connection pools or inside one transaction. The same type serves both
/// so that every query is written once; `Store` methods need the pool form, `commit` the
/// transaction form (core only ever sees them as `dyn Store` and `dyn Transaction`).
pub struct SqlStore {
    db: Db,
}

impl SqlStore {
    pub(crate) fn db(&self) -> &Db {
        &self.db
    }
}

/// Opens the database named by `opts.url`, applies pending migrations and returns the store.
pub async fn connect(opts: &ConnectOptions) -> StoreResult<SqlStore> {
    sqlx::any::install_default_drivers();
    let backend = Backend::from_url(&opts.url).ok_or_else(|| {
        StoreError::Backend(
            format!(
                "unsupported database URL (want sqlite: or postgres://): {}",
                redact(&opts.url)
            )
            .into(),
        )
    })?;
    let pools = match backend {
        Backend::Sqlite => {
            let url = sqlite_url(&opts.url);
            let write = pool_options(backend, 1)
                .connect(&url)
                .await
                .map_err(map_err)?;
            // Migrate before opening readers so they never see a half-made schema.
            migrate::run(&write, backend).await?;
            let read = pool_options(backend, opts.max_connections.max(1))
                .connect(&url)
                .await
                .map_err(map_err)?;
            Pools { read, write }
        }
        Backend::Postgres => {
            let pool = pool_options(backend, opts.max_connections.max(2))
                .connect(&opts.url)
                .await
                .map_err(map_err)?;
            migrate::run(&pool, backend).await?;
            Pools {
                read: pool.clone(),
                write: pool,
            }
        }
    };
    Ok(SqlStore {
        db: Db {
            backend,
            exec: Exec::Pool(Arc::new(pools)),
        },
    })
}

fn pool_options(backend: Backend, max: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(max)
        .acquire_timeout(Duration::from_secs(30))
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                for stmt in backend.connection_setup() {
                    sqlx::query(*stmt).execute(&mut *conn).await?;
                }
                Ok(())
            })
        })
}

/// SQLite URLs are opened read-write-create unless the caller chose a mode.
fn sqlite_url(url: &str) -> String {
    if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

impl SqlStore {
    fn pools(&self) -> Option<&Arc<Pools>> {
        match &self.db.exec {
            Exec::Pool(p) => Some(p),
            Exec::Tx(_) => None,
        }
    }
}

#[async_trait::async_trait]
impl Store for SqlStore {
    async fn begin(&self) -> StoreResult<Box<dyn Transaction>> {
        let pools = self
            .pools()
            .ok_or_else(|| StoreError::Backend("not a pool".into()))?;
        let tx = pools.write.begin().await.map_err(map_err)?;
        Ok(Box::new(SqlStore {
            db: Db {
                backend: self.db.backend,
                exec: Exec::Tx(tokio::sync::Mutex::new(Some(tx))),
            },
        }))
    }

    fn backend(&self) -> &'static str {
        self.db.backend.name()
    }

    async fn schema_version(&self) -> StoreResult<i64> {
        let pools = self
            .pools()
            .ok_or_else(|| StoreError::Backend("not a pool".into()))?;
        let mut conn = pools.read.acquire().await.map_err(map_err)?;
        migrate::current_version(&mut conn).await
    }

    async fn ping(&self) -> StoreResult<()> {
        self.db.scalar(db::Sql::new("SELECT 1")).await.map(|_| ())
    }

    async fn close(&self) {
        if let Some(p) = self.pools() {
            p.read.close().await;
            p.write.close().await;
        }
    }
}

#[async_trait::async_trait]
impl Transaction for SqlStore {
    async fn commit(self: Box<Self>) -> StoreResult<()> {
        match self.db.exec {
            Exec::Tx(m) => match m.into_inner() {
                Some(tx) => tx.commit().await.map_err(map_err),
                None => Err(StoreError::Backend("transaction already finished".into())),
            },
            Exec::Pool(_) => Err(StoreError::Backend("not a transaction".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn redact_hides_the_password_only() {
        assert_eq!(
            super::redact("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(super::redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            super::redact("sqlite://data/stoa.db"),
            "sqlite://data/stoa.db"
        );
    }
}
