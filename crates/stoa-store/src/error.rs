use thiserror::Error;

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Debug, Error)]
pub enum StoreError {
    /// The row asked for does not exist.
    #[error("not found")]
    NotFound,
    /// A unique constraint refused the write; `constraint` names it (e.g. `users_username`).
    #[error("conflict on {constraint}")]
    Conflict { constraint: String },
    /// The database cannot be reached (no connection within the pool's timeout, the connection
    /// broke, the server is shutting down). Worth retrying later; nothing was decided. A busy or
    /// locked SQLite file is not this: it is `Backend`.
    #[error("database unavailable: {0}")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The database failed.
    #[error("database error: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, StoreError::NotFound)
    }
}

/// `Ok(None)` for `NotFound`, for lookups where absence is an answer.
pub trait OptionalExt<T> {
    fn optional(self) -> StoreResult<Option<T>>;
}

impl<T> OptionalExt<T> for StoreResult<T> {
    fn optional(self) -> StoreResult<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(StoreError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
