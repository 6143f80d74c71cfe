//! The OAuth 2.0 provider's endpoints outside `/api/v4`, as Mattermost serves them at the web
//! root: `/oauth/authorize` (the consent page and the user's approval), `/oauth/access_token`
//! (the token endpoint) and `/oauth/deauthorize`. The apps themselves are `api4::oauth`.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use stoa_core::oauth::{AuthorizePage, TokenRequest};
use stoa_core::{Error, ErrorKind};
use stoa_model::StatusOk;
use stoa_model::oauth::AuthorizeRequest;
use tower::ServiceExt;

use crate::error::{ApiError, ApiResult, OAuthErrorCode, status_of};
use crate::extract::{Auth, Json, MaybeAuth, read_limited};
use crate::state::AppState;

/// `web` is the web app: the consent page is its route at `/oauth/authorize`.
pub fn routes(web: Router) -> Router<AppState> {
    Router::new()
        .route(
            "/oauth/authorize",
            get(
                move |state: State<AppState>, auth: MaybeAuth, req: Request| {
                    authorize_page(state, auth, web.clone(), req)
                },
            )
            .post(authorize),
        )
        .route("/oauth/access_token", post(access_token))
        .route("/oauth/deauthorize", post(deauthorize))
}

fn payload_limit(state: &AppState) -> usize {
    usize::try_from(
        state
            .core
            .settings()
            .service_settings
            .maximum_payload_size_bytes,
    )
    .unwrap_or(300_000)
}

fn found(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(v) => (StatusCode::FOUND, [(header::LOCATION, v)]).into_response(),
        Err(_) => StatusCode::BAD_REQUEST.into_response(),
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A refusal shown to a browser: Mattermost's status, a short page saying why.
fn error_page(e: Error) -> Response {
    if e.is_server_failure() {
        return ApiError(e).into_response();
    }
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Authorization \
         failed</title></head><body><h1>Authorization failed</h1><p>{}</p>\
         <p><a href=\"/\">Back</a></p></body></html>",
        html_escape(&e.message)
    );
    let mut resp = (status_of(e.kind), body).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    resp
}

/// GET /oauth/authorize?response_type=&client_id=&redirect_uri=&state=&scope=&code_challenge=&code_challenge_method=
///
/// Without a session: to the login page, which comes back here. A trusted app, or one the
/// user already authorized: straight to its callback with a code. Otherwise the web app's
/// consent page (which POSTs here).
async fn authorize_page(
    State(state): State<AppState>,
    MaybeAuth(actor): MaybeAuth,
    web: Router,
    req: Request,
) -> Response {
    let query = req.uri().query().unwrap_or("");
    let auth_req: AuthorizeRequest = serde_urlencoded::from_str(query).unwrap_or_default();
    match state
        .core
        .oauth_authorize_page(actor.as_ref(), auth_req)
        .await
    {
        Ok(AuthorizePage::Redirect(to)) => found(&to),
        Ok(AuthorizePage::Login) => {
            let back = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/oauth/authorize");
            // `redirect_to` is Mattermost's; `redirect` is what Stoa's login page reads.
            let q = serde_urlencoded::to_string([("redirect_to", back), ("redirect", back)])
                .unwrap_or_default();
            let site = state.core.settings().service_settings.site_url.clone();
            found(&format!("{}/login?{q}", site.trim_end_matches('/')))
        }
        Ok(AuthorizePage::Consent) => match web.oneshot(req).await {
            Ok(resp) => resp,
            Err(never) => match never {},
        },
        Err(e) => error_page(e),
    }
}

/// POST /oauth/authorize — `{response_type, client_id, redirect_uri, state, scope}` →
/// `{"redirect": "<redirect_uri>?code=…&state=…"}`
async fn authorize(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(req): Json<AuthorizeRequest>,
) -> ApiResult<axum::Json<HashMap<&'static str, String>>> {
    let redirect = state.core.allow_oauth_app(&actor, req).await?;
    Ok(axum::Json(HashMap::from([("redirect", redirect)])))
}

/// POST /oauth/deauthorize — `{client_id}`
async fn deauthorize(
    State(state): State<AppState>,
    Auth(actor): Auth,
    req: Request,
) -> ApiResult<axum::Json<StatusOk>> {
    let limit = payload_limit(&state);
    let body = read_limited(req, limit).await?;
    // Read leniently, as Mattermost's `MapFromJSON`: anything else is a missing client id.
    let fields: HashMap<String, serde_json::Value> =
        serde_json::from_slice(&body).unwrap_or_default();
    let client_id = fields
        .get("client_id")
        .and_then(|v| v.as_str())
        .unwrap_or("");
    state.core.deauthorize_oauth_app(&actor, client_id).await?;
    Ok(axum::Json(StatusOk::ok()))
}

/// RFC 6749's `error` code for a token endpoint failure (section 5.2).
fn rfc_error_code(e: &Error) -> &'static str {
    let field =
        e.id.strip_prefix("api.oauth.get_access_token.")
            .and_then(|s| s.strip_suffix(".app_error"));
    match field {
        Some("bad_grant") => "unsupported_grant_type",
        Some("credentials") => "invalid_client",
        Some("disabled") => "unauthorized_client",
        Some("expired_code" | "redirect_uri" | "refresh_token" | "internal_user") => {
            "invalid_grant"
        }
        _ if e.id.starts_with("model.authorize.validate_pkce.") => "invalid_grant",
        _ if e.is_server_failure() => "server_error",
        _ => "invalid_request",
    }
}

fn no_store(resp: &mut Response) {
    let h = resp.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
}

/// A token endpoint failure: Mattermost's error body, plus RFC 6749's `error` and
/// `error_description` so standard OAuth clients read it too.
fn token_failure(e: Error) -> Response {
    let code = rfc_error_code(&e);
    let mut resp = ApiError(e).into_response();
    resp.extensions_mut().insert(OAuthErrorCode(code));
    no_store(&mut resp);
    resp
}

/// POST /oauth/access_token — a form: `grant_type=authorization_code` with `code`,
/// `redirect_uri`, `client_id`, `client_secret` (and `code_verifier` after PKCE), or
/// `grant_type=refresh_token` with `refresh_token`, `client_id`, `client_secret`.
async fn access_token(State(state): State<AppState>, req: Request) -> Response {
    let bad_request = || {
        Error::new(
            ErrorKind::BadRequest,
            "api.oauth.get_access_token.bad_request.app_error",
            "Bad request.",
        )
    };
    // As Go's `FormValue`: the query's values, overridden by the form body's.
    let query = req.uri().query().unwrap_or("").to_owned();
    let Ok(mut fields) = serde_urlencoded::from_str::<HashMap<String, String>>(&query) else {
        return token_failure(bad_request());
    };
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let limit = payload_limit(&state);
    let body = match read_limited(req, limit).await {
        Ok(b) => b,
        Err(ApiError(e)) => return token_failure(e),
    };
    if is_form {
        match serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body) {
            Ok(pairs) => {
                fields.extend(pairs);
            }
            Err(_) => return token_failure(bad_request()),
        }
    }
    let mut take = |k: &str| fields.remove(k).unwrap_or_default();
    let token_req = TokenRequest {
        grant_type: take("grant_type"),
        code: take("code"),
        refresh_token: take("refresh_token"),
        client_id: take("client_id"),
        client_secret: take("client_secret"),
        redirect_uri: take("redirect_uri"),
        code_verifier: take("code_verifier"),
    };
    match state.core.oauth_access_token(token_req).await {
        Ok(answer) => {
            let mut resp = axum::Json(answer).into_response();
            no_store(&mut resp);
            resp
        }
        Err(e) => token_failure(e),
    }
}
