//! Who is calling: the session token from the cookie, the `Authorization` header or the query
//! string (first match wins, as in Mattermost), and the CSRF rule for cookie sessions.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use stoa_core::{Actor, Error, ErrorKind};

use crate::error::ApiError;
use crate::state::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenSource {
    Cookie,
    Header,
    Query,
}

/// The value of one cookie.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

fn token_from(parts: &Parts) -> Option<(String, TokenSource)> {
    if let Some(t) = cookie(&parts.headers, "MMAUTHTOKEN").filter(|t| !t.is_empty()) {
        return Some((t, TokenSource::Cookie));
    }
    if let Some(auth) = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let auth = auth.trim();
        if auth.len() > 7 && auth[..7].eq_ignore_ascii_case("bearer ") {
            return Some((auth[7..].trim().to_owned(), TokenSource::Header));
        }
        if let Some(t) = auth
            .strip_prefix("token ")
            .or_else(|| auth.strip_prefix("Token "))
        {
            return Some((t.trim().to_owned(), TokenSource::Header));
        }
    }
    let query = parts.uri.query().unwrap_or("");
    serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .ok()
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "access_token"))
        .map(|(_, v)| (v, TokenSource::Query))
}

/// A required session. Missing or invalid → 401.
pub struct Auth(pub Actor);

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some((token, source)) = token_from(parts) else {
            return Err(Error::new(
                ErrorKind::Unauthorized,
                "api.context.session_expired.app_error",
                "Invalid or expired session, please login again.",
            )
            .with_detail("token not provided")
            .into());
        };
        let actor = state.core.authenticate(&token).await?;
        if source == TokenSource::Query && !actor.session.is_oauth {
            // Only OAuth access tokens may travel in `?access_token=`, as in Mattermost.
            return Err(Error::new(
                ErrorKind::Unauthorized,
                "api.context.token_provided.app_error",
                "Session is not OAuth but token was provided in the query string",
            )
            .into());
        }
        if source == TokenSource::Cookie
            && parts.method != Method::GET
            && parts.method != Method::HEAD
        {
            check_csrf(parts, &actor, state)?;
        }
        Ok(Auth(actor))
    }
}

/// Cookie sessions must prove the request came from our page: the `X-CSRF-Token` header, or
/// (unless strict enforcement is on) `X-Requested-With: XMLHttpRequest`, which browsers do not
/// let other sites send without a CORS preflight.
fn check_csrf(parts: &Parts, actor: &Actor, state: &AppState) -> Result<(), ApiError> {
    let header_token = parts
        .headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let expected = actor.session.csrf_token();
    if !expected.is_empty() && header_token == expected {
        return Ok(());
    }
    let xrw = parts
        .headers
        .get("x-requested-with")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("XMLHttpRequest"));
    if xrw
        && !state
            .core
            .settings()
            .service_settings
            .experimental_strict_csrf_enforcement
    {
        return Ok(());
    }
    Err(Error::session_expired()
        .with_detail("CSRF check failed")
        .into())
}

/// An optional session: routes that work without one (an invalid token is ignored).
pub struct MaybeAuth(pub Option<Actor>);

impl FromRequestParts<AppState> for MaybeAuth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match token_from(parts) {
            Some((token, source @ (TokenSource::Header | TokenSource::Cookie))) => {
                let Ok(actor) = state.core.authenticate(&token).await else {
                    return Ok(MaybeAuth(None));
                };
                // A cookie session must pass the CSRF check on writes here too, as on every
                // Mattermost route that is not marked as trusting its requester (logout
                // included: another site must not end the user's session).
                if source == TokenSource::Cookie
                    && parts.method != Method::GET
                    && parts.method != Method::HEAD
                {
                    check_csrf(parts, &actor, state)?;
                }
                Ok(MaybeAuth(Some(actor)))
            }
            _ => Ok(MaybeAuth(None)),
        }
    }
}

/// What the client says about itself: user agent, and whether it wants cookies.
pub struct ClientMeta {
    pub user_agent: String,
    /// `X-Requested-With: XMLHttpRequest`: browsers, which get session cookies on login.
    pub wants_cookies: bool,
    /// The request came over HTTPS (directly or through a proxy that says so).
    pub secure: bool,
}

impl<S: Send + Sync> FromRequestParts<S> for ClientMeta {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let h = &parts.headers;
        let get = |name: &str| {
            h.get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned()
        };
        Ok(ClientMeta {
            user_agent: get("user-agent"),
            wants_cookies: get("x-requested-with").eq_ignore_ascii_case("XMLHttpRequest"),
            secure: get("x-forwarded-proto").eq_ignore_ascii_case("https")
                || parts.uri.scheme_str() == Some("https"),
        })
    }
}
