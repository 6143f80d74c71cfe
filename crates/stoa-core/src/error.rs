//! Core errors: a kind (which becomes the HTTP status) plus Mattermost's stable error id.

use std::borrow::Cow;
use stoa_store::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    TooLarge,
    /// A `Range` outside the file (416).
    RangeNotSatisfiable,
    RateLimited,
    NotImplemented,
    Internal,
    /// A part the server needs (the database) cannot be reached right now (503); retrying
    /// later may succeed.
    Unavailable,
}

/// An error a client can act on: `id` is Mattermost's i18n key (clients match on some of them),
/// `message` the English text, `detail` extra context for developers.
#[derive(Debug, thiserror::Error)]
#[error("{id}: {message}")]
pub struct Error {
    pub kind: ErrorKind,
    pub id: Cow<'static, str>,
    pub message: Cow<'static, str>,
    pub detail: String,
    #[source]
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(
        kind: ErrorKind,
        id: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Error {
            kind,
            id: id.into(),
            message: message.into(),
            detail: String::new(),
            source: None,
        }
    }

    /// The server failed (internal, or the database unreachable), as opposed to refusing the
    /// request: callers that turn refusals into text keep these as errors.
    pub fn is_server_failure(&self) -> bool {
        matches!(self.kind, ErrorKind::Internal | ErrorKind::Unavailable)
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }

    /// `api.context.invalid_param.app_error` for a bad body or query field.
    pub fn invalid_param(name: &str) -> Self {
        Error::new(
            ErrorKind::BadRequest,
            "api.context.invalid_param.app_error",
            format!("Invalid {name} parameter."),
        )
    }

    /// `api.context.invalid_body_param.app_error`.
    pub fn invalid_body_param(name: &str) -> Self {
        Error::new(
            ErrorKind::BadRequest,
            "api.context.invalid_body_param.app_error",
            format!("Invalid or missing {name} in request body."),
        )
    }

    /// `api.context.invalid_url_param.app_error`.
    pub fn invalid_url_param(name: &str) -> Self {
        Error::new(
            ErrorKind::BadRequest,
            "api.context.invalid_url_param.app_error",
            format!("Invalid or missing {name} parameter in request URL."),
        )
    }

    /// A model-validation failure, as Mattermost's `model.<entity>.is_valid.<field>.app_error`.
    pub fn invalid(entity: &str, field: &str, message: impl Into<Cow<'static, str>>) -> Self {
        Error::new(
            ErrorKind::BadRequest,
            format!("model.{entity}.is_valid.{field}.app_error"),
            message,
        )
    }

    /// 403 `api.context.permissions.app_error`.
    pub fn forbidden(permission: &str) -> Self {
        Error::new(
            ErrorKind::Forbidden,
            "api.context.permissions.app_error",
            "You do not have the appropriate permissions.",
        )
        .with_detail(format!("userId or session lacks permission={permission}"))
    }

    /// 401 `api.context.session_expired.app_error`.
    pub fn session_expired() -> Self {
        Error::new(
            ErrorKind::Unauthorized,
            "api.context.session_expired.app_error",
            "Invalid or expired session, please login again.",
        )
    }

    /// 404 for an entity: `app.<entity>.get.app_error` style ids, as Mattermost's stores return.
    pub fn not_found(entity: &str) -> Self {
        let id = match entity {
            "user" => "app.user.missing_account.const",
            "team" => "app.team.get.find.app_error",
            "channel" => "app.channel.get.existing.app_error",
            "channel_member" => "app.channel.get_member.missing.app_error",
            "team_member" => "app.team.get_member.missing.app_error",
            "session" => "app.session.get.app_error",
            "post" => "app.post.get.app_error",
            "thread" => "app.thread.get_for_user.app_error",
            "role" => "app.role.get_by_name.app_error",
            _ => "app.not_found.app_error",
        };
        Error::new(
            ErrorKind::NotFound,
            id,
            format!("Unable to find the {}.", entity.replace('_', " ")),
        )
    }

    pub fn internal(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Error {
            kind: ErrorKind::Internal,
            id: "app.internal.app_error".into(),
            message: "An internal error occurred.".into(),
            detail: String::new(),
            source: Some(source.into()),
        }
    }

    /// 503 while the database cannot be reached. Mattermost has no id of its own for this (it
    /// answers 500 with the failing store call's id); this one says what happened.
    pub fn database_unavailable(
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Error {
            kind: ErrorKind::Unavailable,
            id: "api.context.database_unavailable.app_error".into(),
            message: "The database is unavailable. Please try again shortly.".into(),
            detail: String::new(),
            source: Some(source.into()),
        }
    }

    pub fn not_implemented(what: &str) -> Self {
        Error::new(
            ErrorKind::NotImplemented,
            "api.not_implemented.app_error",
            format!("{what} is not implemented by this server."),
        )
    }
}

/// Store errors that reach core unexpectedly are internal, or 503 when the database cannot be
/// reached; expected ones (not found, conflict) are mapped by the caller to the Mattermost error
/// for that entity. The one place a store error becomes a status.
impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Error::not_found("resource"),
            StoreError::Conflict { constraint } => Error::new(
                ErrorKind::Conflict,
                "app.conflict.app_error",
                "The item already exists.",
            )
            .with_detail(constraint),
            StoreError::Unavailable(source) => Error::database_unavailable(source),
            StoreError::Backend(source) => Error::internal(source),
        }
    }
}

/// Maps `NotFound` to the entity's 404; other store errors as usual.
pub trait StoreResultExt<T> {
    fn or_not_found(self, entity: &str) -> Result<T>;
}

impl<T> StoreResultExt<T> for Result<T, StoreError> {
    fn or_not_found(self, entity: &str) -> Result<T> {
        self.map_err(|e| match e {
            StoreError::NotFound => Error::not_found(entity),
            other => other.into(),
        })
    }
}
