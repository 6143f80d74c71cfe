//! The SQL implementation of the storage traits, written once for SQLite and PostgreSQL.
//!
//! Queries run on sqlx's `Any` driver: ids are `TEXT`, times `BIGINT` milliseconds, string maps
//! JSON `TEXT`. What the dialects cannot share sits in [`dialect`]; the schema is in
//! `migrations/<backend>/`. This crate knows records, not rules: it never depends on core.

mod bots;
mod channels;
mod commands;
mod db;
pub mod dialect;
mod drafts;
mod email;
mod emoji;
mod files;
mod health;
mod migrate;
mod notifications;
mod oauth;
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
mod webhooks;
mod webpush;

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
            Pools {
                read,
                write,
                health: None,
            }
        }
        Backend::Postgres => {
            let pool = pool_options(backend, opts.max_connections.max(2))
                .connect_lazy(&opts.url)
                .map_err(map_err)?;
            wait_for_postgres(&pool).await?;
            migrate::run(&pool, backend).await?;
            Pools {
                read: pool.clone(),
                write: pool,
                health: Some(health::Health::new()),
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

/// How long a request may wait for a PostgreSQL connection. Past it the database counts as
/// unreachable (503), so a client is answered within seconds rather than hanging; a healthy
/// pool hands out connections in milliseconds. SQLite keeps a long wait: there the wait is
/// writers queueing for the one writer connection, not a server that may be gone.
const PG_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);
const SQLITE_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long the server waits at start for PostgreSQL to accept connections (it may be
/// starting alongside).
const PG_STARTUP_WAIT: Duration = Duration::from_secs(30);

fn pool_options(backend: Backend, max: u32) -> AnyPoolOptions {
    let acquire_timeout = match backend {
        Backend::Sqlite => SQLITE_ACQUIRE_TIMEOUT,
        Backend::Postgres => PG_ACQUIRE_TIMEOUT,
    };
    AnyPoolOptions::new()
        .max_connections(max)
        .acquire_timeout(acquire_timeout)
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                for stmt in backend.connection_setup() {
                    sqlx::query(*stmt).execute(&mut *conn).await?;
                }
                Ok(())
            })
        })
}

/// Waits until PostgreSQL accepts a connection, for at most [`PG_STARTUP_WAIT`]; other errors
/// (a wrong password, a missing database) fail at once.
async fn wait_for_postgres(pool: &sqlx::AnyPool) -> StoreResult<()> {
    let started = std::time::Instant::now();
    loop {
        match pool.acquire().await {
            Ok(_) => return Ok(()),
            Err(e) if health::is_unreachable(&e) && started.elapsed() < PG_STARTUP_WAIT => {
                tracing::info!(error = %e, "waiting for PostgreSQL to accept connections");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(e) => return Err(map_err(e)),
        }
    }
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
        let conn = pools.acquire(&pools.write).await?;
        let tx = pools.observe(&pools.write, sqlx::Transaction::begin(conn, None).await)?;
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
        let mut conn = pools.acquire(&pools.read).await?;
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
