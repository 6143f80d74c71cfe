//! Versioned schema migrations, embedded in the binary and applied at start.
//!
//! Each migration exists once per backend (`migrations/<backend>/NNNN_name.sql`) and runs in its
//! own transaction. The applied versions are recorded in `stoa_schema`; a database whose version
//! is newer than this binary knows is refused rather than touched.

use crate::db::map_err;
use crate::dialect::Backend;
use sqlx::{AnyPool, Row};
use stoa_store::{StoreError, StoreResult};

pub(crate) struct Migration {
    pub version: i64,
    pub name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

impl Migration {
    fn sql(&self, backend: Backend) -> &'static str {
        match backend {
            Backend::Sqlite => self.sqlite,
            Backend::Postgres => self.postgres,
        }
    }
}

pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        sqlite: include_str!("../migrations/sqlite/0001_foundation.sql"),
        postgres: include_str!("../migrations/postgres/0001_foundation.sql"),
    },
    Migration {
        version: 2,
        name: "messaging",
        sqlite: include_str!("../migrations/sqlite/0002_messaging.sql"),
        postgres: include_str!("../migrations/postgres/0002_messaging.sql"),
    },
    Migration {
        version: 3,
        name: "files",
        sqlite: include_str!("../migrations/sqlite/0003_files.sql"),
        postgres: include_str!("../migrations/postgres/0003_files.sql"),
    },
    Migration {
        version: 4,
        name: "search",
        sqlite: include_str!("../migrations/sqlite/0004_search.sql"),
        postgres: include_str!("../migrations/postgres/0004_search.sql"),
    },
    Migration {
        version: 5,
        name: "sidebar_categories",
        sqlite: include_str!("../migrations/sqlite/0005_sidebar_categories.sql"),
        postgres: include_str!("../migrations/postgres/0005_sidebar_categories.sql"),
    },
    Migration {
        version: 6,
        name: "drafts",
        sqlite: include_str!("../migrations/sqlite/0006_drafts.sql"),
        postgres: include_str!("../migrations/postgres/0006_drafts.sql"),
    },
    Migration {
        version: 7,
        name: "webhooks",
        sqlite: include_str!("../migrations/sqlite/0007_webhooks.sql"),
        postgres: include_str!("../migrations/postgres/0007_webhooks.sql"),
    },
    Migration {
        version: 8,
        name: "bots_tokens",
        sqlite: include_str!("../migrations/sqlite/0008_bots_tokens.sql"),
        postgres: include_str!("../migrations/postgres/0008_bots_tokens.sql"),
    },
    Migration {
        version: 9,
        name: "oauth",
        sqlite: include_str!("../migrations/sqlite/0009_oauth.sql"),
        postgres: include_str!("../migrations/postgres/0009_oauth.sql"),
    },
    Migration {
        version: 10,
        name: "commands",
        sqlite: include_str!("../migrations/sqlite/0010_commands.sql"),
        postgres: include_str!("../migrations/postgres/0010_commands.sql"),
    },
    Migration {
        version: 11,
        name: "notifications",
        sqlite: include_str!("../migrations/sqlite/0011_notifications.sql"),
        postgres: include_str!("../migrations/postgres/0011_notifications.sql"),
    },
    Migration {
        version: 12,
        name: "email",
        sqlite: include_str!("../migrations/sqlite/0012_email.sql"),
        postgres: include_str!("../migrations/postgres/0012_email.sql"),
    },
    Migration {
        version: 13,
        name: "webpush",
        sqlite: include_str!("../migrations/sqlite/0013_webpush.sql"),
        postgres: include_str!("../migrations/postgres/0013_webpush.sql"),
    },
];

/// The newest schema version this binary knows.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map(|m| m.version).unwrap_or(0)
}

/// A fingerprint of every migration's text on both backends: test harnesses name template
/// databases by it, so a changed migration never reuses a stale template.
pub fn schema_fingerprint() -> String {
    // FNV-1a: stable across builds and platforms, unlike std's hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for m in MIGRATIONS {
        for b in m.sqlite.bytes().chain(m.postgres.bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{:016x}", h)
}

/// Why the schema cannot be used.
#[derive(Debug)]
pub struct SchemaTooNew {
    pub found: i64,
    pub known: i64,
}

impl std::fmt::Display for SchemaTooNew {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the database schema is at version {}, newer than this stoa binary knows ({}); \
             run a newer stoa or restore a matching backup",
            self.found, self.known
        )
    }
}

impl std::error::Error for SchemaTooNew {}

/// Applies every migration newer than the database's version. Idempotent; safe to run from
/// several nodes at once.
pub(crate) async fn run(pool: &AnyPool, backend: Backend) -> StoreResult<i64> {
    let mut conn = pool.acquire().await.map_err(map_err)?;
    if let Some((lock, _)) = backend.migration_lock() {
        sqlx::query(lock)
            .execute(&mut *conn)
            .await
            .map_err(map_err)?;
    }
    let result = apply_pending(&mut conn, backend).await;
    if let Some((_, unlock)) = backend.migration_lock() {
        sqlx::query(unlock)
            .execute(&mut *conn)
            .await
            .map_err(map_err)?;
    }
    result
}

async fn apply_pending(conn: &mut sqlx::AnyConnection, backend: Backend) -> StoreResult<i64> {
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS stoa_schema (
            version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
    )
    .execute(&mut *conn)
    .await
    .map_err(map_err)?;
    let mut current = current_version(conn).await?;
    if current > latest_version() {
        return Err(StoreError::Backend(Box::new(SchemaTooNew {
            found: current,
            known: latest_version(),
        })));
    }
    let pending: Vec<&Migration> = MIGRATIONS.iter().filter(|m| m.version > current).collect();
    for m in pending {
        tracing::info!(
            version = m.version,
            name = m.name,
            backend = backend.name(),
            "applying migration"
        );
        let mut tx = sqlx::Connection::begin(&mut *conn).await.map_err(map_err)?;
        sqlx::raw_sql(m.sql(backend))
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        sqlx::query("INSERT INTO stoa_schema (version, name, applied_at) VALUES ($1, $2, $3)")
            .bind(m.version)
            .bind(m.name)
            .bind(stoa_model::now_ms())
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        tx.commit().await.map_err(map_err)?;
        current = m.version;
    }
    Ok(current)
}

pub(crate) async fn current_version(conn: &mut sqlx::AnyConnection) -> StoreResult<i64> {
    let row = sqlx::query("SELECT COALESCE(MAX(version), 0) AS v FROM stoa_schema")
        .fetch_one(&mut *conn)
        .await
        .map_err(map_err)?;
    row.try_get::<i64, _>("v").map_err(map_err)
}
