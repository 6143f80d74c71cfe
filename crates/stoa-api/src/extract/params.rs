//! Query parameters, read leniently as Mattermost does (a bad `page` is 0, not an error), and
//! ids in paths, checked strictly.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use std::collections::HashMap;
use stoa_core::{Actor, Error, Page};

use crate::error::ApiError;

/// The query string as a map (the last value wins).
pub struct Params(HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(query).map_err(|_| Error::invalid_param("query"))?;
        Ok(Params(pairs.into_iter().collect()))
    }
}

impl Params {
    pub fn str(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// A non-empty value.
    pub fn text(&self, key: &str) -> Option<String> {
        self.str(key).filter(|v| !v.is_empty()).map(str::to_owned)
    }

    pub fn bool(&self, key: &str) -> bool {
        self.str(key).is_some_and(|v| v == "true" || v == "1")
    }

    pub fn i64(&self, key: &str) -> Option<i64> {
        self.str(key).and_then(|v| v.parse().ok())
    }

    /// `page` and `per_page` (default 60, at most 200).
    pub fn page(&self) -> Page {
        Page::new(
            self.i64("page").unwrap_or(0),
            self.i64("per_page")
                .unwrap_or(stoa_core::paging::DEFAULT_PER_PAGE),
        )
    }

    /// A search term or autocomplete prefix from the query (empty when absent), at most
    /// [`MAX_SEARCH_TERM`] bytes, or 400 `invalid_url_param`.
    pub fn term(&self, key: &str) -> Result<&str, ApiError> {
        let term = self.str(key).unwrap_or("");
        if term.len() > MAX_SEARCH_TERM {
            return Err(Error::invalid_url_param(key).into());
        }
        Ok(term)
    }

    /// An optional id parameter, validated when present.
    pub fn id(&self, key: &str) -> Result<Option<String>, ApiError> {
        match self.text(key) {
            Some(v) => Ok(Some(valid_id(&v, key)?.to_owned())),
            None => Ok(None),
        }
    }
}

/// Longest search term or autocomplete prefix accepted, in bytes. Mattermost sets none (its
/// PostgreSQL runs a LIKE pattern of any length, and finds nothing, since no searchable field
/// holds more than a few hundred characters); SQLite refuses patterns past 50,000 bytes. So a
/// longer term is refused here, before it costs any work, on both databases alike.
pub const MAX_SEARCH_TERM: usize = 1024;

/// A search term from a request body, at most [`MAX_SEARCH_TERM`] bytes, or 400
/// `invalid_param` (Mattermost's error for a bad `term`).
pub fn search_term<'a>(term: &'a str, name: &str) -> Result<&'a str, ApiError> {
    if term.len() > MAX_SEARCH_TERM {
        return Err(Error::invalid_param(name).into());
    }
    Ok(term)
}

/// A 26-character id from the path, or 400 `invalid_url_param`.
pub fn valid_id<'a>(raw: &'a str, name: &str) -> Result<&'a str, ApiError> {
    if stoa_model::is_valid_id(raw) {
        Ok(raw)
    } else {
        Err(Error::invalid_url_param(name).into())
    }
}

/// A `{user_id}` path parameter: an id, or `me` for the caller.
pub fn user_param(actor: &Actor, raw: &str) -> Result<String, ApiError> {
    if raw == "me" {
        return Ok(actor.user_id().to_owned());
    }
    valid_id(raw, "user_id").map(str::to_owned)
}

/// A `{team_id}` path parameter.
pub fn team_id(raw: &str) -> Result<&str, ApiError> {
    valid_id(raw, "team_id")
}
