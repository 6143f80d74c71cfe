//! PostgreSQL databases for tests: one template per schema fingerprint, migrated once, and a
//! copy of it per test, dropped afterwards.

use sqlx::{Connection, PgConnection};
use std::io::Write;
use tokio::sync::OnceCell;

/// Where the test PostgreSQL is: `STOA_TEST_PG_URL`, by default the machine's local server.
pub fn admin_url() -> String {
    std::env::var("STOA_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

fn url_for(db: &str) -> String {
    let base = admin_url();
    match base.rfind('/') {
        Some(i) => format!("{}/{db}", &base[..i]),
        None => format!("{base}/{db}"),
    }
}

async fn admin() -> Result<PgConnection, sqlx::Error> {
    PgConnection::connect(&admin_url()).await
}

static TEMPLATE: OnceCell<Result<String, String>> = OnceCell::const_new();

/// Creates (once per process) the migrated template database and returns its name, or why
/// PostgreSQL is unavailable.
async fn template() -> Result<String, String> {
    TEMPLATE
        .get_or_init(|| async {
            let name = format!("stoa_tpl_{}", stoa_store_sql::schema_fingerprint());
            let mut conn = admin().await.map_err(|e| e.to_string())?;
            // Several test processes may start at once: one creates, the others wait.
            sqlx::query("SELECT pg_advisory_lock(7106720827)")
                .execute(&mut conn)
                .await
                .map_err(|e| e.to_string())?;
            let made = make_template(&mut conn, &name).await;
            let _ = sqlx::query("SELECT pg_advisory_unlock(7106720827)")
                .execute(&mut conn)
                .await;
            drop_orphans(&mut conn).await;
            made.map(|()| name)
        })
        .await
        .clone()
}

async fn make_template(conn: &mut PgConnection, name: &str) -> Result<(), String> {
    let exists: Option<(i32,)> = sqlx::query_as("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(name)
        .fetch_optional(&mut *conn)
        .await
        .map_err(|e| e.to_string())?;
    if exists.is_some() {
        return Ok(());
    }
    let building = format!("{name}_building");
    exec(
        conn,
        &format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"),
    )
    .await?;
    exec(conn, &format!("CREATE DATABASE {building}")).await?;
    let store = stoa_store_sql::connect(&stoa_store_sql::ConnectOptions::new(url_for(&building)))
        .await
        .map_err(|e| e.to_string())?;
    stoa_store::Store::close(&store).await;
    // Renamed only once complete, so a crash never leaves a half-migrated template behind.
    exec(conn, &format!("ALTER DATABASE {building} RENAME TO {name}")).await
}

/// Drops test databases left by processes that died before cleaning up.
async fn drop_orphans(conn: &mut PgConnection) {
    let names: Vec<(String,)> =
        sqlx::query_as("SELECT datname FROM pg_database WHERE datname LIKE 'stoa_t_%'")
            .fetch_all(&mut *conn)
            .await
            .unwrap_or_default();
    for (name,) in names {
        let pid = name.split('_').nth(2).and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|p| !std::path::Path::new(&format!("/proc/{p}")).exists()) {
            let _ = exec(
                conn,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            )
            .await;
        }
    }
}

async fn exec(conn: &mut PgConnection, sql: &str) -> Result<(), String> {
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// A fresh database for one test: its URL, or `None` when PostgreSQL is not reachable (and
/// `CI` is not `true`).
pub async fn create_test_db() -> Option<(String, String)> {
    let template = match template().await {
        Ok(t) => t,
        Err(e) => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!(
                    "PostgreSQL is required when CI=true, but it is not reachable at {}: {e}",
                    admin_url()
                );
            }
            notice_once(&e);
            return None;
        }
    };
    let name = format!("stoa_t_{}_{}", std::process::id(), stoa_model::new_id());
    let mut conn = admin().await.expect("connect to PostgreSQL");
    exec(
        &mut conn,
        &format!("CREATE DATABASE {name} TEMPLATE {template}"),
    )
    .await
    .expect("create test database");
    Some((name.clone(), url_for(&name)))
}

pub async fn drop_test_db(name: &str) {
    if let Ok(mut conn) = admin().await {
        let _ = exec(
            &mut conn,
            &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        )
        .await;
    }
}

fn notice_once(reason: &str) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // Written to the real stderr, not the captured test output, so it is always seen.
        let _ = writeln!(
            std::io::stderr(),
            "NOTICE: PostgreSQL not reachable at {} ({reason}); PostgreSQL API tests are skipped (set CI=true to fail instead).",
            admin_url()
        );
    });
}
