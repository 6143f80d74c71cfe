//! Whether PostgreSQL answers, so that requests fail at once while it does not.
//!
//! Without this, every request made while the database is unreachable waits for the pool's
//! acquire timeout (sqlx retries a refused connection until then) before it fails. The first
//! connectivity error marks the database down: requests still waiting for a connection are
//! released with `Unavailable`, new ones get it without touching the pool, and one background
//! task probes until the database answers, then lets requests through again. SQLite is a file
//! beside the process, never "unreachable": it has no such state.

use sqlx::{Any, AnyPool, pool::PoolConnection};
use std::sync::Arc;
use std::time::{Duration, Instant};
use stoa_store::{StoreError, StoreResult};
use tokio::sync::watch;

use crate::db::map_err;

/// Pause between probes while the database is down. A probe waits up to the acquire timeout
/// itself, and sqlx retries a refused connection within it, so a database that comes back is
/// noticed within a fraction of a second.
const PROBE_PAUSE: Duration = Duration::from_millis(200);

pub(crate) struct Health {
    /// `true` while the database is known unreachable.
    down: watch::Sender<bool>,
}

impl Health {
    pub fn new() -> Arc<Health> {
        Arc::new(Health {
            down: watch::Sender::new(false),
        })
    }

    /// A connection from `pool`, or `Unavailable` at once while the database is down — also
    /// for a request already waiting when it goes down.
    pub async fn acquire(self: &Arc<Self>, pool: &AnyPool) -> StoreResult<PoolConnection<Any>> {
        let mut down = self.down.subscribe();
        if *down.borrow_and_update() {
            return Err(known_down());
        }
        let acquired = tokio::select! {
            r = pool.acquire() => r,
            // Only `Ok` when it went down: the sender lives as long as `self`, and a closed
            // channel must not stop the select as a false "down".
            true = async { down.wait_for(|d| *d).await.is_ok() } => return Err(known_down()),
        };
        self.observe(pool, acquired)
    }

    /// Maps a driver result, marking the database down on a connectivity error.
    pub fn observe<T>(
        self: &Arc<Self>,
        pool: &AnyPool,
        r: Result<T, sqlx::Error>,
    ) -> StoreResult<T> {
        r.map_err(|e| {
            if is_outage(pool, &e) {
                self.trip(pool, &e);
            }
            map_err(e)
        })
    }

    fn trip(self: &Arc<Self>, pool: &AnyPool, cause: &sqlx::Error) {
        let newly_down = self.down.send_if_modified(|d| !std::mem::replace(d, true));
        if newly_down {
            tracing::warn!(error = %cause, "database unreachable: answering 503 until it answers again");
            tokio::spawn(self.clone().probe(pool.clone()));
        }
    }

    /// Runs while the database is down: one `SELECT 1` after another until one succeeds.
    async fn probe(self: Arc<Self>, pool: AnyPool) {
        let since = Instant::now();
        loop {
            tokio::time::sleep(PROBE_PAUSE).await;
            if pool.is_closed() {
                return;
            }
            let answered = match pool.acquire().await {
                Ok(mut conn) => sqlx::query("SELECT 1").execute(&mut *conn).await.is_ok(),
                Err(_) => false,
            };
            if answered {
                self.down.send_replace(false);
                tracing::info!(
                    after_ms = since.elapsed().as_millis() as u64,
                    "database reachable again"
                );
                return;
            }
        }
    }
}

/// Whether `e` from `pool` means the database is gone. A closed pool is a server shutting
/// down, not an outage to probe for. A pool that timed out with every connection open and
/// busy is overloaded, not cut off: that request fails, but the node stays ready (taking it out
/// of a load balancer would only push its load onto the others).
fn is_outage(pool: &AnyPool, e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolClosed => false,
        sqlx::Error::PoolTimedOut => pool.size() < pool.options().get_max_connections(),
        other => is_unreachable(other),
    }
}

fn known_down() -> StoreError {
    StoreError::Unavailable("the database is unreachable; retrying in the background".into())
}

/// Errors meaning "the database could not be reached", as opposed to "it refused this
/// statement". SQLite's busy and locked errors are database errors with SQLite's numeric codes,
/// never these.
pub(crate) fn is_unreachable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|c| {
            // PostgreSQL: connection exceptions (class 08), the server shutting down, crashed or
            // starting up (57P01-57P03), no connection slot left (53300).
            c.starts_with("08") || matches!(&*c, "57P01" | "57P02" | "57P03" | "53300")
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_unreachable;

    #[test]
    fn connectivity_errors_are_unreachable_and_others_are_not() {
        assert!(is_unreachable(&sqlx::Error::PoolTimedOut));
        assert!(is_unreachable(&sqlx::Error::Io(std::io::Error::from(
            std::io::ErrorKind::ConnectionRefused
        ))));
        assert!(!is_unreachable(&sqlx::Error::RowNotFound));
        assert!(!is_unreachable(&sqlx::Error::Protocol("bad".into())));
    }

    /// A pool whose every connection is busy is overloaded, not cut off: a request that times
    /// out waiting fails, but the database is not marked down (readiness stays green).
    #[tokio::test]
    async fn a_full_pool_is_not_an_outage() {
        sqlx::any::install_default_drivers();
        let url = std::env::var("STOA_TEST_PG_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
        let pool = sqlx::any::AnyPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(std::time::Duration::from_millis(300))
            .connect(&url)
            .await;
        let pool = match pool {
            Ok(p) => p,
            Err(e) if std::env::var("CI").is_ok_and(|v| v == "true") => {
                panic!("PostgreSQL is required when CI=true, but {url} is not reachable: {e}")
            }
            Err(e) => {
                eprintln!("NOTICE: PostgreSQL not reachable ({e}); full-pool check skipped.");
                return;
            }
        };
        let health = super::Health::new();
        let held = health.acquire(&pool).await.expect("the one connection");
        let waited = health.acquire(&pool).await.expect_err("the pool is full");
        assert!(matches!(waited, stoa_store::StoreError::Unavailable(_)));
        assert!(
            !*health.down.borrow(),
            "a full pool marked the database down"
        );
        drop(held);
        health
            .acquire(&pool)
            .await
            .expect("served again once a connection is free");
    }

    /// A locked SQLite file is contention, not an outage: it must stay a plain backend error
    /// (500 after the busy timeout), never the 503 of an unreachable database.
    #[tokio::test]
    async fn a_busy_sqlite_file_is_not_unreachable() {
        use sqlx::Connection;
        sqlx::any::install_default_drivers();
        let dir = std::env::temp_dir().join(format!("stoa-busy-{}", stoa_model::new_id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let url = format!("sqlite://{}?mode=rwc", dir.join("busy.db").display());
        let mut holder = sqlx::AnyConnection::connect(&url).await.expect("open");
        sqlx::query("CREATE TABLE t (x INTEGER)")
            .execute(&mut holder)
            .await
            .expect("create");
        sqlx::query("BEGIN EXCLUSIVE")
            .execute(&mut holder)
            .await
            .expect("lock");
        let mut other = sqlx::AnyConnection::connect(&url).await.expect("open");
        sqlx::query("PRAGMA busy_timeout = 0")
            .execute(&mut other)
            .await
            .expect("pragma");
        let busy = sqlx::query("INSERT INTO t VALUES (1)")
            .execute(&mut other)
            .await
            .expect_err("the file is locked");
        assert!(!is_unreachable(&busy), "{busy}");
        assert!(matches!(
            crate::db::map_err(busy),
            stoa_store::StoreError::Backend(_)
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
