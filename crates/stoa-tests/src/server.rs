//! A real server per test.

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use stoa::{BootConfig, Server};
use tokio::sync::Mutex;

use crate::client::ApiClient;
use crate::pg;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

struct Inner {
    backend: Backend,
    base: String,
    server: Mutex<Option<Server>>,
    data_dir: PathBuf,
    pg_db: Option<String>,
    db_url: String,
    /// Endpoint and bucket, when files go to S3.
    s3: Option<(String, String)>,
}

/// A started server and where to reach it. Cheap to clone.
#[derive(Clone)]
pub struct TestServer {
    inner: Arc<Inner>,
}

impl TestServer {
    /// Starts a server on a fresh database; `None` when the backend is unavailable (PostgreSQL
    /// not running and `CI` not `true`).
    pub async fn start(backend: Backend) -> Option<TestServer> {
        Self::start_with(backend, |_| {}).await
    }

    /// As [`start`](Self::start), letting the test adjust the boot configuration.
    pub async fn start_with(
        backend: Backend,
        adjust: impl FnOnce(&mut BootConfig),
    ) -> Option<TestServer> {
        let data_dir = std::env::temp_dir().join(format!("stoa-test-{}", stoa_model::new_id()));
        let (pg_db, url) = match backend {
            Backend::Sqlite => (None, String::new()),
            Backend::Postgres => {
                let (name, url) = pg::create_test_db().await?;
                (Some(name), url)
            }
        };
        let mut cfg = BootConfig {
            listen: "127.0.0.1:0".into(),
            data_dir: data_dir.clone(),
            database_url: url.clone(),
            db_max_connections: 5,
            ..Default::default()
        };
        adjust(&mut cfg);
        let s3 = cfg.s3().map(|c| (c.endpoint, c.bucket));
        let server = Server::start(cfg).await.expect("server starts");
        let base = format!("http://{}", server.addr());
        Some(TestServer {
            inner: Arc::new(Inner {
                backend,
                base,
                server: Mutex::new(Some(server)),
                data_dir,
                pg_db,
                db_url: url,
                s3,
            }),
        })
    }

    /// Runs one test body against a fresh server and cleans up after it, also when it panics.
    pub async fn run<F, Fut>(backend: Backend, test: F)
    where
        F: FnOnce(TestServer) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        if let Some(t) = TestServer::start(backend).await {
            t.run_test(test).await;
        }
    }

    /// As [`run`](Self::run), with the boot configuration adjusted first.
    pub async fn run_with<F, Fut>(backend: Backend, adjust: impl FnOnce(&mut BootConfig), test: F)
    where
        F: FnOnce(TestServer) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        if let Some(t) = TestServer::start_with(backend, adjust).await {
            t.run_test(test).await;
        }
    }

    async fn run_test<F, Fut>(self, test: F)
    where
        F: FnOnce(TestServer) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let outcome = tokio::spawn(test(self.clone())).await;
        self.stop().await;
        if let Err(e) = outcome {
            if e.is_panic() {
                std::panic::resume_unwind(e.into_panic());
            }
            panic!("test task failed: {e}");
        }
    }

    /// Stops the server gracefully and removes its data.
    pub async fn stop(&self) {
        if let Some(server) = self.inner.server.lock().await.take() {
            server.shutdown().await;
        }
        if let Some(db) = &self.inner.pg_db {
            pg::drop_test_db(db).await;
        }
        let _ = std::fs::remove_dir_all(&self.inner.data_dir);
    }

    pub fn backend(&self) -> Backend {
        self.inner.backend
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> &str {
        &self.inner.base
    }

    pub fn data_dir(&self) -> &std::path::Path {
        &self.inner.data_dir
    }

    /// Every stored object (uploads and their renditions), wherever the server keeps them: keys
    /// in its S3 bucket or paths under its data dir's `files`.
    pub async fn stored_files(&self) -> Vec<String> {
        match &self.inner.s3 {
            Some((endpoint, bucket)) => crate::s3::list_keys(endpoint, bucket).await,
            None => {
                let root = self.inner.data_dir.join("files");
                walk(&root)
                    .into_iter()
                    .filter_map(|p| {
                        p.strip_prefix(&root)
                            .ok()
                            .map(|r| r.to_string_lossy().into_owned())
                    })
                    .collect()
            }
        }
    }

    /// The URL of the test's database.
    pub fn database_url(&self) -> String {
        match &self.inner.pg_db {
            Some(_) => self.inner.db_url.clone(),
            None => format!("sqlite://{}", self.inner.data_dir.join("stoa.db").display()),
        }
    }

    /// Runs SQL directly on the test's database, to simulate what no API does (time passing).
    pub async fn sql(&self, statement: &str) {
        sqlx::any::install_default_drivers();
        let url = self.database_url();
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&url)
            .await
            .expect("connect to the test database");
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement.to_owned()))
            .execute(&mut conn)
            .await
            .expect("statement runs");
    }

    /// A client without a session.
    pub fn anon(&self) -> ApiClient {
        ApiClient::new(&self.inner.base)
    }

    /// A second server process's worth of Stoa on the same database and data directory, as a
    /// second node of a cluster would run. Stopped when dropped or by `Node::stop`.
    pub async fn another_node(&self) -> Node {
        let cfg = BootConfig {
            listen: "127.0.0.1:0".into(),
            data_dir: self.inner.data_dir.clone(),
            database_url: self.inner.db_url.clone(),
            db_max_connections: 5,
            ..Default::default()
        };
        let server = Server::start(cfg).await.expect("second node starts");
        Node {
            base: format!("http://{}", server.addr()),
            server: Some(server),
        }
    }
}

/// Another node on a test's database (`TestServer::another_node`).
pub struct Node {
    base: String,
    server: Option<Server>,
}

impl Node {
    pub fn anon(&self) -> ApiClient {
        ApiClient::new(&self.base)
    }

    pub async fn stop(mut self) {
        if let Some(s) = self.server.take() {
            s.shutdown().await;
        }
    }
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
