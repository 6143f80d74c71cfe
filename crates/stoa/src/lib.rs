//! The composition root: picks the implementations (database from the URL, file store, bus),
//! builds core and the HTTP router, and serves. `Server::start` is also how tests and benchmarks
//! run a real server.

pub mod config;

pub use config::{BootConfig, ConfigError};

use std::net::SocketAddr;
use std::sync::Arc;
use stoa_core::{Core, CoreParts};
use stoa_store_sql::ConnectOptions;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tower::Layer;

/// How many events the in-process bus buffers per subscriber.
const BUS_CAPACITY: usize = 65_536;

/// A running server.
pub struct Server {
    addr: SocketAddr,
    core: Arc<Core>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

/// Why the server could not start.
#[derive(Debug)]
pub struct StartError(pub String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

/// Builds the search index in the background if this database has none from this version
/// (a database from before search, or after an analyser change). Search answers meanwhile,
/// missing the posts not yet done.
async fn ensure_search_index(store: Arc<dyn stoa_store::Store>) {
    match stoa_store::search::ensure_index(store.as_ref()).await {
        Ok(Some(n)) => tracing::info!(posts = n, "search index built"),
        Ok(None) => {}
        Err(e) => {
            tracing::error!(error = %e, "cannot build the search index; run `stoa reindex-search`")
        }
    }
}

/// Opens (and migrates) the configured database.
async fn open_store(cfg: &BootConfig) -> Result<stoa_store_sql::SqlStore, StartError> {
    let url = cfg.database_url();
    stoa_store_sql::connect(&ConnectOptions {
        url: url.clone(),
        max_connections: cfg.db_max_connections,
    })
    .await
    .map_err(|e| {
        StartError(format!(
            "cannot open database {}: {}",
            stoa_store_sql::redact(&url),
            source_chain(&e)
        ))
    })
}

/// `stoa reindex-search`: recomputes the search index of the configured database.
pub async fn reindex_search(cfg: &BootConfig) -> Result<u64, StartError> {
    let store = open_store(cfg).await?;
    let done = stoa_store::search::reindex_all(&store)
        .await
        .map_err(|e| StartError(format!("reindexing failed: {}", source_chain(&e))));
    stoa_store::Store::close(&store).await;
    done
}

impl Server {
    /// Opens the database (migrating it), binds the listener and starts serving.
    pub async fn start(cfg: BootConfig) -> Result<Server, StartError> {
        let addr = cfg.listen_addr().map_err(|e| StartError(e.0))?;
        std::fs::create_dir_all(&cfg.data_dir).map_err(|e| {
            StartError(format!(
                "cannot create data dir {}: {e}",
                cfg.data_dir.display()
            ))
        })?;
        let store: Arc<dyn stoa_store::Store> = Arc::new(open_store(&cfg).await?);
        tokio::spawn(ensure_search_index(store.clone()));
        let core = Core::new(CoreParts {
            store,
            bus: Arc::new(stoa_core::events::LocalBus::new(BUS_CAPACITY)),
            files: open_file_store(&cfg)?,
            outbound: Arc::new(stoa_outbound::HttpOutbound::new()),
            mailer: Arc::new(stoa_mail::SmtpMailer::new()),
            site_url: cfg.site_url(),
            build_number: build_number(),
            staging_dir: cfg.data_dir.join("tmp"),
        })
        .await
        .map_err(|e| StartError(format!("cannot start: {e}")))?;

        core.start_background();
        let hub = stoa_api::HubConfig {
            queue: cfg.ws_queue,
            ..Default::default()
        };
        let router = stoa_api::router(
            stoa_api::AppState::new(core.clone(), hub),
            stoa_webapp::router(),
        );
        let app = tower::util::MapRequestLayer::new(stoa_api::normalize_path).layer(router);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| StartError(format!("cannot listen on {addr}: {e}")))?;
        let addr = listener
            .local_addr()
            .map_err(|e| StartError(e.to_string()))?;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(
                listener,
                axum::ServiceExt::<axum::extract::Request>::into_make_service(app),
            )
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
        });
        tracing::info!(%addr, backend = core.backend(), "stoa is serving");
        Ok(Server {
            addr,
            core,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// The bound address (useful with port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn core(&self) -> &Arc<Core> {
        &self.core
    }

    /// Stops accepting, lets in-flight requests finish, then closes the database.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            match task.await {
                Ok(Err(e)) => tracing::error!(error = %e, "server stopped with an error"),
                Err(e) => tracing::error!(error = %e, "server task failed"),
                Ok(Ok(())) => {}
            }
        }
        self.core.shutdown().await;
    }

    /// Serves until SIGINT or SIGTERM, then shuts down gracefully.
    pub async fn run_until_signal(self) {
        wait_for_signal().await;
        tracing::info!("shutting down: finishing in-flight requests");
        self.shutdown().await;
        tracing::info!("stopped");
    }
}

async fn wait_for_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

/// Stoa's version as a Mattermost-style numeric build number (0.1.0 → "100"): clients split
/// `X-Version-Id` on dots, so the build number must not contain any.
fn build_number() -> String {
    let part = |s: &str| s.parse::<u64>().unwrap_or(0);
    let major = part(env!("CARGO_PKG_VERSION_MAJOR"));
    let minor = part(env!("CARGO_PKG_VERSION_MINOR"));
    let patch = part(env!("CARGO_PKG_VERSION_PATCH"));
    (major * 10_000 + minor * 100 + patch).to_string()
}

/// An error and its causes on one line.
fn source_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        out.push_str(": ");
        out.push_str(&s.to_string());
        cur = s.source();
    }
    out
}

/// The configured file store: a local directory under the data dir, or an S3 bucket.
fn open_file_store(cfg: &BootConfig) -> Result<Arc<dyn stoa_core::ports::FileStore>, StartError> {
    let store = match cfg.s3() {
        Some(s3) => stoa_files::ObjectFileStore::s3(&s3),
        None => stoa_files::ObjectFileStore::local(&cfg.data_dir.join("files")),
    };
    store
        .map(|s| Arc::new(s) as Arc<dyn stoa_core::ports::FileStore>)
        .map_err(|e| StartError(format!("cannot open the file store: {e}")))
}
