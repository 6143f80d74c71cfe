//! Boot configuration: what the process needs before it can reach the database. Read from an
//! optional TOML file, then overridden by `STOA_*` environment variables, validated once.
//! (Runtime settings — the Mattermost config admins edit — live in the database instead.)

use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BootConfig {
    /// Address and port to serve HTTP on (`STOA_LISTEN`).
    pub listen: String,
    /// Where the embedded database and local files live (`STOA_DATA_DIR`).
    pub data_dir: PathBuf,
    /// `postgres://…` or `sqlite://…`; empty means `<data_dir>/stoa.db` (`STOA_DATABASE_URL`).
    pub database_url: String,
    /// The public URL users reach the server at (`STOA_SITE_URL`); empty means unset.
    pub site_url: String,
    /// Log filter, e.g. `info` or `stoa=debug` (`STOA_LOG`).
    pub log: String,
    /// Most pooled database connections (`STOA_DB_MAX_CONNECTIONS`).
    pub db_max_connections: u32,
    /// Events a WebSocket may have waiting to be written before it counts as a slow consumer
    /// and is dropped (`STOA_WS_QUEUE`).
    pub ws_queue: usize,
    /// Where uploaded files go: `local` (under `<data_dir>/files`) or `s3` (`STOA_FILE_STORE`).
    pub file_store: String,
    /// The bucket, for `file_store = "s3"` (`STOA_S3_BUCKET`).
    pub s3_bucket: String,
    /// An S3-compatible endpoint such as `http://minio:9000`; empty for AWS (`STOA_S3_ENDPOINT`).
    pub s3_endpoint: String,
    /// `STOA_S3_REGION`; empty means `us-east-1`.
    pub s3_region: String,
    /// `STOA_S3_ACCESS_KEY_ID`.
    pub s3_access_key_id: String,
    /// `STOA_S3_SECRET_ACCESS_KEY`.
    pub s3_secret_access_key: String,
    /// Path-style bucket URLs, which MinIO and most self-hosted stores need (`STOA_S3_PATH_STYLE`).
    pub s3_path_style: bool,
}

impl Default for BootConfig {
    fn default() -> Self {
        BootConfig {
            listen: "127.0.0.1:8065".into(),
            data_dir: PathBuf::from("./data"),
            database_url: String::new(),
            site_url: String::new(),
            log: "info".into(),
            db_max_connections: 10,
            ws_queue: 256,
            file_store: "local".into(),
            s3_bucket: String::new(),
            s3_endpoint: String::new(),
            s3_region: String::new(),
            s3_access_key_id: String::new(),
            s3_secret_access_key: String::new(),
            s3_path_style: true,
        }
    }
}

/// A configuration problem, reported as one line.
#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl BootConfig {
    /// The file (if any), then the environment.
    pub fn load(
        file: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<BootConfig, ConfigError> {
        let mut cfg = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    ConfigError(format!("cannot read config file {}: {e}", path.display()))
                })?;
                toml::from_str::<BootConfig>(&text).map_err(|e| {
                    ConfigError(format!(
                        "invalid config file {}: {}",
                        path.display(),
                        e.message()
                    ))
                })?
            }
            None => BootConfig::default(),
        };
        if let Some(v) = env("STOA_LISTEN") {
            cfg.listen = v;
        }
        if let Some(v) = env("STOA_DATA_DIR") {
            cfg.data_dir = PathBuf::from(v);
        }
        if let Some(v) = env("STOA_DATABASE_URL") {
            cfg.database_url = v;
        }
        if let Some(v) = env("STOA_SITE_URL") {
            cfg.site_url = v;
        }
        if let Some(v) = env("STOA_LOG") {
            cfg.log = v;
        }
        if let Some(v) = env("STOA_DB_MAX_CONNECTIONS") {
            cfg.db_max_connections = v.parse().map_err(|_| {
                ConfigError(format!(
                    "STOA_DB_MAX_CONNECTIONS must be a positive number, not {v:?}"
                ))
            })?;
        }
        if let Some(v) = env("STOA_WS_QUEUE") {
            cfg.ws_queue = v.parse().map_err(|_| {
                ConfigError(format!(
                    "STOA_WS_QUEUE must be a positive number, not {v:?}"
                ))
            })?;
        }
        let strings = [
            ("STOA_FILE_STORE", &mut cfg.file_store),
            ("STOA_S3_BUCKET", &mut cfg.s3_bucket),
            ("STOA_S3_ENDPOINT", &mut cfg.s3_endpoint),
            ("STOA_S3_REGION", &mut cfg.s3_region),
            ("STOA_S3_ACCESS_KEY_ID", &mut cfg.s3_access_key_id),
            ("STOA_S3_SECRET_ACCESS_KEY", &mut cfg.s3_secret_access_key),
        ];
        for (key, field) in strings {
            if let Some(v) = env(key) {
                *field = v;
            }
        }
        if let Some(v) = env("STOA_S3_PATH_STYLE") {
            cfg.s3_path_style = v.parse().map_err(|_| {
                ConfigError(format!(
                    "STOA_S3_PATH_STYLE must be true or false, not {v:?}"
                ))
            })?;
        }
        cfg.validate()?;
        Ok(cfg)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        self.listen_addr()?;
        if self.data_dir.as_os_str().is_empty() {
            return Err(ConfigError("data_dir must not be empty".into()));
        }
        let url = self.database_url.trim();
        let known_db = ["postgres://", "postgresql://", "sqlite:"]
            .iter()
            .any(|p| url.starts_with(p));
        if !url.is_empty() && !known_db {
            return Err(ConfigError(format!(
                "STOA_DATABASE_URL must start with postgres:// or sqlite:, got {:?}",
                stoa_store_sql::redact(url)
            )));
        }
        let site = self.site_url.trim();
        let http = site.starts_with("http://") || site.starts_with("https://");
        if !site.is_empty() && !http {
            return Err(ConfigError(format!(
                "STOA_SITE_URL must be an http:// or https:// URL, got {site:?}"
            )));
        }
        if !(1..=1_000_000).contains(&self.ws_queue) {
            return Err(ConfigError("ws_queue must be between 1 and 1000000".into()));
        }
        match self.file_store.as_str() {
            "local" => {}
            "s3" if self.s3_bucket.trim().is_empty() => {
                return Err(ConfigError(
                    "STOA_FILE_STORE=s3 needs STOA_S3_BUCKET".into(),
                ));
            }
            "s3" => {}
            other => {
                return Err(ConfigError(format!(
                    "STOA_FILE_STORE must be local or s3, got {other:?}"
                )));
            }
        }
        if self.db_max_connections == 0 || self.db_max_connections > 1000 {
            return Err(ConfigError(
                "db_max_connections must be between 1 and 1000".into(),
            ));
        }
        Ok(())
    }

    pub fn listen_addr(&self) -> Result<SocketAddr, ConfigError> {
        self.listen.parse().map_err(|_| {
            ConfigError(format!(
                "STOA_LISTEN must be address:port like 127.0.0.1:8065, got {:?}",
                self.listen
            ))
        })
    }

    /// The database URL to open: the configured one, or SQLite inside the data dir.
    pub fn database_url(&self) -> String {
        if self.database_url.trim().is_empty() {
            format!("sqlite://{}", self.data_dir.join("stoa.db").display())
        } else {
            self.database_url.trim().to_owned()
        }
    }

    /// The S3 settings, when files go to a bucket.
    pub fn s3(&self) -> Option<stoa_files::S3Config> {
        (self.file_store == "s3").then(|| stoa_files::S3Config {
            bucket: self.s3_bucket.trim().to_owned(),
            endpoint: self.s3_endpoint.trim().trim_end_matches('/').to_owned(),
            region: self.s3_region.trim().to_owned(),
            access_key_id: self.s3_access_key_id.clone(),
            secret_access_key: self.s3_secret_access_key.clone(),
            path_style: self.s3_path_style,
        })
    }

    pub fn site_url(&self) -> Option<String> {
        let s = self.site_url.trim().trim_end_matches('/');
        (!s.is_empty()).then(|| s.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn defaults_serve_on_8065_with_sqlite_in_data() {
        let cfg = BootConfig::load(None, env(&[])).expect("valid");
        assert_eq!(cfg.listen_addr().expect("addr").port(), 8065);
        assert_eq!(cfg.database_url(), "sqlite://./data/stoa.db");
    }

    #[test]
    fn environment_overrides_the_file() {
        let dir = std::env::temp_dir().join(format!("stoa-cfg-{}", stoa_model::new_id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let file = dir.join("stoa.toml");
        std::fs::write(
            &file,
            "listen = \"0.0.0.0:9000\"\nsite_url = \"https://chat.example.org\"\n",
        )
        .expect("write");
        let cfg = BootConfig::load(Some(&file), env(&[("STOA_LISTEN", "127.0.0.1:9100")]))
            .expect("valid");
        assert_eq!(cfg.listen, "127.0.0.1:9100");
        assert_eq!(cfg.site_url().as_deref(), Some("https://chat.example.org"));
    }

    #[test]
    fn bad_values_give_one_clear_line() {
        let e = BootConfig::load(None, env(&[("STOA_LISTEN", "nonsense")])).expect_err("invalid");
        assert!(e.to_string().contains("STOA_LISTEN"), "{e}");
        let e = BootConfig::load(None, env(&[("STOA_DATABASE_URL", "mysql://x")]))
            .expect_err("invalid");
        assert!(e.to_string().contains("postgres://"), "{e}");
        let e = BootConfig::load(None, env(&[("STOA_SITE_URL", "chat.example.org")]))
            .expect_err("invalid");
        assert!(e.to_string().contains("STOA_SITE_URL"), "{e}");
        let e = BootConfig::load(None, env(&[("STOA_FILE_STORE", "s3")])).expect_err("invalid");
        assert!(e.to_string().contains("STOA_S3_BUCKET"), "{e}");
        let e = BootConfig::load(None, env(&[("STOA_FILE_STORE", "ftp")])).expect_err("invalid");
        assert!(e.to_string().contains("local or s3"), "{e}");
    }

    #[test]
    fn s3_settings_come_from_the_environment() {
        let cfg = BootConfig::load(
            None,
            env(&[
                ("STOA_FILE_STORE", "s3"),
                ("STOA_S3_BUCKET", "chat"),
                ("STOA_S3_ENDPOINT", "http://127.0.0.1:9000/"),
                ("STOA_S3_PATH_STYLE", "false"),
            ]),
        )
        .expect("valid");
        let s3 = cfg.s3().expect("s3");
        assert_eq!(
            (s3.bucket.as_str(), s3.endpoint.as_str(), s3.path_style),
            ("chat", "http://127.0.0.1:9000", false)
        );
        assert!(BootConfig::default().s3().is_none());
    }

    #[test]
    fn the_example_file_matches_the_defaults() {
        let text = include_str!("../../../config.example.toml");
        let parsed: BootConfig = toml::from_str(text).expect("example parses");
        assert_eq!(parsed, BootConfig::default());
    }
}
