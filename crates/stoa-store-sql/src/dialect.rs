//! The one place where SQLite and PostgreSQL differ. Queries are written once; only what the
//! dialects cannot share lives here.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    /// Case-insensitive `LIKE`. SQLite's `LIKE` already ignores ASCII case.
    pub fn ilike(self) -> &'static str {
        match self {
            Backend::Sqlite => "LIKE",
            Backend::Postgres => "ILIKE",
        }
    }

    /// Session settings run on every new connection.
    pub fn connection_setup(self) -> &'static [&'static str] {
        match self {
            // WAL lets readers run beside the one writer; NORMAL is durable in WAL mode except
            // for the last transactions on power loss; busy_timeout covers the checkpointer.
            Backend::Sqlite => &[
                "PRAGMA journal_mode = WAL",
                "PRAGMA synchronous = NORMAL",
                "PRAGMA foreign_keys = ON",
                "PRAGMA busy_timeout = 10000",
            ],
            Backend::Postgres => &[],
        }
    }

    /// Serialises migrations between several nodes starting at once (PostgreSQL advisory lock;
    /// on SQLite the single writer connection already does).
    pub fn migration_lock(self) -> Option<(&'static str, &'static str)> {
        match self {
            Backend::Sqlite => None,
            Backend::Postgres => Some((
                "SELECT pg_advisory_lock(7106720826)",
                "SELECT pg_advisory_unlock(7106720826)",
            )),
        }
    }
}

/// `%term%` with the LIKE wildcards in `term` escaped (use with `ESCAPE '\'`).
pub fn like_contains(term: &str) -> String {
    format!("%{}%", escape_like(term))
}

/// `term%` with the LIKE wildcards escaped.
pub fn like_prefix(term: &str) -> String {
    format!("{}%", escape_like(term))
}

fn escape_like(term: &str) -> String {
    let mut out = String::with_capacity(term.len());
    for c in term.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
