//! The executor every query runs through: a pool (reads and writes split on SQLite) or a
//! transaction. SQL text is built only from static fragments; every value is bound.

use sqlx::any::{AnyArguments, AnyRow};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, Arguments, AssertSqlSafe, Row};
use std::sync::Arc;
use stoa_model::StringMap;
use stoa_store::{StoreError, StoreResult};
use tokio::sync::Mutex;

use crate::dialect::Backend;
use crate::health::{Health, is_unreachable};

/// The connection pools of one database.
pub(crate) struct Pools {
    /// Reads. On PostgreSQL the same pool as `write`.
    pub read: AnyPool,
    /// Writes and transactions. On SQLite a single connection, which serialises writers so that
    /// no transaction ever fails with "database is locked".
    pub write: AnyPool,
    /// PostgreSQL's reachability, so that requests fail at once while it is down. `None` on
    /// SQLite, a file that cannot become unreachable.
    pub health: Option<Arc<Health>>,
}

impl Pools {
    /// A connection for one statement or transaction; `Unavailable` at once while PostgreSQL is
    /// known down.
    pub async fn acquire(&self, pool: &AnyPool) -> StoreResult<PoolConnection<Any>> {
        match &self.health {
            Some(h) => h.acquire(pool).await,
            None => pool.acquire().await.map_err(map_err),
        }
    }

    /// A statement's result; a connectivity error marks PostgreSQL down.
    pub fn observe<T>(&self, pool: &AnyPool, r: Result<T, sqlx::Error>) -> StoreResult<T> {
        match &self.health {
            Some(h) => h.observe(pool, r),
            None => r.map_err(map_err),
        }
    }
}

pub(crate) enum Exec {
    Pool(Arc<Pools>),
    Tx(Mutex<Option<sqlx::Transaction<'static, Any>>>),
}

/// Where a repository method runs: the pools, or one transaction.
pub(crate) struct Db {
    pub backend: Backend,
    pub exec: Exec,
}

/// A bound value.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Text(String),
    OptText(Option<String>),
    Int(i64),
    Bool(bool),
    OptBool(Option<bool>),
}

impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::Text(v.to_owned())
    }
}
impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::Text(v)
    }
}
impl From<&String> for Arg {
    fn from(v: &String) -> Self {
        Arg::Text(v.clone())
    }
}
impl From<Option<String>> for Arg {
    fn from(v: Option<String>) -> Self {
        Arg::OptText(v)
    }
}
impl From<&Option<String>> for Arg {
    fn from(v: &Option<String>) -> Self {
        Arg::OptText(v.clone())
    }
}
impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Arg::Int(v)
    }
}
impl From<bool> for Arg {
    fn from(v: bool) -> Self {
        Arg::Bool(v)
    }
}
impl From<Option<bool>> for Arg {
    fn from(v: Option<bool>) -> Self {
        Arg::OptBool(v)
    }
}

/// A statement and its arguments. Placeholders are `$1, $2, …` on both backends; `arg` returns
/// the next one so dynamic filters can be appended safely.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sql {
    pub text: String,
    args: Vec<Arg>,
    /// Planned with its values each time instead of prepared once (see [`Sql::one_off`]).
    one_off: bool,
}

impl Sql {
    pub fn new(text: &str) -> Self {
        Sql {
            text: text.to_owned(),
            args: Vec::new(),
            one_off: false,
        }
    }

    /// Not kept as a prepared statement: PostgreSQL then plans it with the bound values. For
    /// queries whose best plan depends on them (a rare or a common search word), a cached
    /// generic plan can be a hundred times slower than the right one.
    pub fn one_off(mut self) -> Self {
        self.one_off = true;
        self
    }

    /// Binds the next positional value (`$n` in order of `bind` calls).
    pub fn bind(mut self, v: impl Into<Arg>) -> Self {
        self.args.push(v.into());
        self
    }

    /// Adds a value and returns its placeholder, for SQL assembled piece by piece.
    pub fn arg(&mut self, v: impl Into<Arg>) -> String {
        self.args.push(v.into());
        format!("${}", self.args.len())
    }

    /// Appends a static SQL fragment.
    pub fn push(&mut self, fragment: &str) -> &mut Self {
        self.text.push_str(fragment);
        self
    }

    /// `(<$a>, <$b>, …)` for an `IN` list; `(NULL)` when empty so the SQL stays valid.
    pub fn in_list(&mut self, values: &[String]) -> String {
        if values.is_empty() {
            return "(NULL)".to_owned();
        }
        let marks: Vec<String> = values.iter().map(|v| self.arg(v)).collect();
        format!("({})", marks.join(", "))
    }

    fn into_query(self) -> StoreResult<sqlx::query::Query<'static, Any, AnyArguments>> {
        let mut args = AnyArguments::default();
        for a in self.args {
            let r = match a {
                Arg::Text(v) => args.add(v),
                Arg::OptText(v) => args.add(v),
                Arg::Int(v) => args.add(v),
                Arg::Bool(v) => args.add(v),
                Arg::OptBool(v) => args.add(v),
            };
            r.map_err(StoreError::Backend)?;
        }
        Ok(sqlx::query_with(AssertSqlSafe(self.text), args).persistent(!self.one_off))
    }
}

impl Db {
    pub async fn fetch_optional(&self, sql: Sql) -> StoreResult<Option<AnyRow>> {
        let q = sql.into_query()?;
        match &self.exec {
            Exec::Pool(p) => {
                let mut conn = p.acquire(&p.read).await?;
                p.observe(&p.read, q.fetch_optional(&mut *conn).await)
            }
            Exec::Tx(tx) => {
                let mut guard = tx.lock().await;
                let tx = guard.as_mut().ok_or_else(finished)?;
                q.fetch_optional(&mut **tx).await.map_err(map_err)
            }
        }
    }

    pub async fn fetch_one(&self, sql: Sql) -> StoreResult<AnyRow> {
        self.fetch_optional(sql).await?.ok_or(StoreError::NotFound)
    }

    pub async fn fetch_all(&self, sql: Sql) -> StoreResult<Vec<AnyRow>> {
        let q = sql.into_query()?;
        match &self.exec {
            Exec::Pool(p) => {
                let mut conn = p.acquire(&p.read).await?;
                p.observe(&p.read, q.fetch_all(&mut *conn).await)
            }
            Exec::Tx(tx) => {
                let mut guard = tx.lock().await;
                let tx = guard.as_mut().ok_or_else(finished)?;
                q.fetch_all(&mut **tx).await.map_err(map_err)
            }
        }
    }

    /// Runs a write with `RETURNING`, on the writer.
    pub async fn write_returning(&self, sql: Sql) -> StoreResult<Vec<AnyRow>> {
        let q = sql.into_query()?;
        match &self.exec {
            Exec::Pool(p) => {
                let mut conn = p.acquire(&p.write).await?;
                p.observe(&p.write, q.fetch_all(&mut *conn).await)
            }
            Exec::Tx(tx) => {
                let mut guard = tx.lock().await;
                let tx = guard.as_mut().ok_or_else(finished)?;
                q.fetch_all(&mut **tx).await.map_err(map_err)
            }
        }
    }

    /// Runs a write; returns the number of rows affected.
    pub async fn execute(&self, sql: Sql) -> StoreResult<u64> {
        let q = sql.into_query()?;
        match &self.exec {
            Exec::Pool(p) => {
                let mut conn = p.acquire(&p.write).await?;
                p.observe(&p.write, q.execute(&mut *conn).await)
            }
            Exec::Tx(tx) => {
                let mut guard = tx.lock().await;
                let tx = guard.as_mut().ok_or_else(finished)?;
                q.execute(&mut **tx).await.map_err(map_err)
            }
        }
        .map(|r| r.rows_affected())
    }

    /// Runs a write that must touch a row; `NotFound` otherwise.
    pub async fn execute_one(&self, sql: Sql) -> StoreResult<()> {
        match self.execute(sql).await? {
            0 => Err(StoreError::NotFound),
            _ => Ok(()),
        }
    }

    /// Runs a query returning one integer (a count).
    pub async fn scalar(&self, sql: Sql) -> StoreResult<i64> {
        let row = self.fetch_one(sql).await?;
        row.try_get::<i64, _>(0).map_err(map_err)
    }
}

fn finished() -> StoreError {
    StoreError::Backend("transaction already finished".into())
}

/// Maps a driver error: unique violations become `Conflict` with a backend-neutral constraint
/// name (`<table>_<columns>`), connectivity errors `Unavailable`, the rest `Backend`.
pub(crate) fn map_err(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        _ if is_unreachable(&e) => StoreError::Unavailable(Box::new(e)),
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            let constraint = db.constraint().map(str::to_owned).unwrap_or_else(|| {
                // SQLite: "UNIQUE constraint failed: channels.team_id, channels.name"
                let msg = db.message();
                let cols = msg.split(": ").nth(1).unwrap_or("");
                let mut parts = cols
                    .split(", ")
                    .map(|c| c.split_once('.').unwrap_or(("", c)));
                let mut name = String::new();
                if let Some((table, col)) = parts.next() {
                    name = format!("{table}_{col}");
                }
                for (_, col) in parts {
                    name.push('_');
                    name.push_str(col);
                }
                name
            });
            StoreError::Conflict { constraint }
        }
        _ => StoreError::Backend(Box::new(e)),
    }
}

/// Typed column access with store errors, and the conversions our schema needs (booleans are
/// `INTEGER` on SQLite, JSON maps are `TEXT` on both).
pub(crate) trait RowExt {
    fn text(&self, col: &str) -> StoreResult<String>;
    fn opt_text(&self, col: &str) -> StoreResult<Option<String>>;
    fn int(&self, col: &str) -> StoreResult<i64>;
    fn boolean(&self, col: &str) -> StoreResult<bool>;
    fn opt_bool(&self, col: &str) -> StoreResult<Option<bool>>;
    fn string_map(&self, col: &str) -> StoreResult<StringMap>;
    fn json(&self, col: &str) -> StoreResult<Option<serde_json::Value>>;
}

impl RowExt for AnyRow {
    fn text(&self, col: &str) -> StoreResult<String> {
        Ok(self.opt_text(col)?.unwrap_or_default())
    }

    fn opt_text(&self, col: &str) -> StoreResult<Option<String>> {
        self.try_get::<Option<String>, _>(col).map_err(map_err)
    }

    fn int(&self, col: &str) -> StoreResult<i64> {
        match self.try_get::<Option<i64>, _>(col) {
            Ok(v) => Ok(v.unwrap_or(0)),
            Err(_) => self
                .try_get::<Option<i32>, _>(col)
                .map(|v| i64::from(v.unwrap_or(0)))
                .map_err(map_err),
        }
    }

    fn boolean(&self, col: &str) -> StoreResult<bool> {
        Ok(self.opt_bool(col)?.unwrap_or(false))
    }

    fn opt_bool(&self, col: &str) -> StoreResult<Option<bool>> {
        match self.try_get::<Option<bool>, _>(col) {
            Ok(v) => Ok(v),
            Err(_) => self
                .try_get::<Option<i64>, _>(col)
                .map(|v| v.map(|n| n != 0))
                .map_err(map_err),
        }
    }

    fn string_map(&self, col: &str) -> StoreResult<StringMap> {
        let raw = self.text(col)?;
        if raw.is_empty() {
            return Ok(StringMap::new());
        }
        serde_json::from_str(&raw).map_err(|e| StoreError::Backend(Box::new(e)))
    }

    fn json(&self, col: &str) -> StoreResult<Option<serde_json::Value>> {
        match self.opt_text(col)? {
            None => Ok(None),
            Some(raw) if raw.is_empty() => Ok(None),
            Some(raw) => serde_json::from_str(&raw)
                .map(Some)
                .map_err(|e| StoreError::Backend(Box::new(e))),
        }
    }
}

/// JSON text of a string map, for `TEXT` columns.
pub(crate) fn map_json(map: &StringMap) -> String {
    serde_json::to_string(map).unwrap_or_else(|_| "{}".to_owned())
}

/// JSON text of an optional value, for nullable `TEXT` columns.
pub(crate) fn opt_json(v: &Option<serde_json::Value>) -> Option<String> {
    v.as_ref().map(|v| v.to_string())
}
