//! `system`: health, client configuration, license, and the admin configuration.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json as Out, Router};
use serde_json::{Value, json};
use stoa_core::settings::Settings;
use stoa_core::{Error, ErrorKind};

use crate::error::ApiResult;
use crate::extract::{Auth, Json, MaybeAuth, Params};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/system/ping", get(ping))
        .route("/config/client", get(client_config))
        .route("/license/client", get(client_license))
        .route("/config", get(get_config).put(put_config))
        .route("/config/patch", put(patch_config))
        .route("/system/timezones", get(timezones))
        .route("/system/notices/{team_id}", get(product_notices))
        .route("/system/notices/view", put(notices_viewed))
        .route("/redirect_location", get(redirect_location))
        .route("/limits/server", get(server_limits))
        .route("/trial-license/prev", get(previous_trial_license))
        .route("/license/load_metric", get(license_load_metric))
        .route("/client_perf", post(client_perf))
}

/// GET /api/v4/system/timezones
async fn timezones(State(state): State<AppState>, Auth(_actor): Auth) -> Out<Vec<&'static str>> {
    Out(state.core.supported_timezones())
}

/// GET /api/v4/system/notices/{team_id}?client=&clientVersion= — product notices come from
/// Mattermost's notices service, which a self-hosted Stoa never calls: always none.
async fn product_notices(
    Auth(_actor): Auth,
    Path(team_id): Path<String>,
    p: Params,
) -> ApiResult<Out<Vec<Value>>> {
    crate::extract::team_id(&team_id)?;
    match p.str("client") {
        Some("web" | "desktop" | "mobile-ios" | "mobile-android") => Ok(Out(Vec::new())),
        _ => Err(Error::invalid_param("client")
            .with_detail("Invalid client type supplied".to_owned())
            .into()),
    }
}

/// PUT /api/v4/system/notices/view — `[notice_id, …]`.
async fn notices_viewed(
    Auth(_actor): Auth,
    Json(_ids): Json<Vec<String>>,
) -> Out<stoa_model::StatusOk> {
    super::ok()
}

/// GET /api/v4/redirect_location?url= — Stoa makes no outbound requests to resolve links, so
/// the answer is always Mattermost's "unknown" (`{"location": ""}`), which clients take as
/// "use the link as it is".
async fn redirect_location(Auth(_actor): Auth) -> Out<Value> {
    Out(json!({"location": ""}))
}

/// GET /api/v4/limits/server
async fn server_limits(
    State(state): State<AppState>,
    Auth(actor): Auth,
) -> ApiResult<Out<stoa_core::system::ServerLimits>> {
    Ok(Out(state.core.server_limits(&actor).await?))
}

/// GET /api/v4/trial-license/prev — no licence was ever held.
async fn previous_trial_license(Auth(_actor): Auth) -> Out<Value> {
    Out(json!({"IsLicensed": "false"}))
}

/// GET /api/v4/license/load_metric — monthly active users per licensed seat, × 1000; with no
/// licence there are no seats, and Mattermost answers 0.
async fn license_load_metric(Auth(_actor): Auth) -> Out<Value> {
    Out(json!({"load": 0}))
}

/// POST /api/v4/client_perf — performance reports are dropped unread, as a Mattermost server
/// without metrics does (200, empty body); `EnableClientMetrics` is "false" so clients send none.
async fn client_perf(Auth(_actor): Auth) -> StatusCode {
    StatusCode::OK
}

/// GET /api/v4/system/ping — `get_server_status=true` adds the database's health.
async fn ping(State(state): State<AppState>, p: Params) -> Response {
    let mut body = json!({
        "status": "OK",
        "AndroidLatestVersion": "", "AndroidMinVersion": "",
        "IosLatestVersion": "", "IosMinVersion": "",
        "ActiveSearchBackend": "database",
    });
    let mut status = StatusCode::OK;
    if let Some(device_id) = p
        .str("device_id")
        .filter(|d| !d.is_empty() && d.len() <= 512)
    {
        body["CanReceiveNotifications"] =
            state.core.can_receive_notifications(device_id).await.into();
    }
    if p.bool("get_server_status") {
        let health = state.core.server_status().await;
        let db = if health.database_ok {
            "OK"
        } else {
            "UNHEALTHY"
        };
        body["database_status"] = db.into();
        body["filestore_status"] = "OK".into();
        if !health.database_ok {
            body["status"] = "UNHEALTHY".into();
            if !p.bool("use_rest_semantics") {
                status = StatusCode::INTERNAL_SERVER_ERROR;
            }
        }
    }
    (status, Out(body)).into_response()
}

fn no_cache(mut resp: Response) -> Response {
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache, no-store, must-revalidate"),
    );
    resp
}

/// GET /api/v4/config/client?format=old
async fn client_config(
    State(state): State<AppState>,
    MaybeAuth(actor): MaybeAuth,
) -> ApiResult<Response> {
    let config = state.core.client_config(actor.as_ref()).await?;
    Ok(no_cache(Out(config).into_response()))
}

/// GET /api/v4/license/client?format=old — `format=old` is required, as in Mattermost.
async fn client_license(State(state): State<AppState>, p: Params) -> ApiResult<Response> {
    match p.str("format") {
        Some("old") => Ok(no_cache(Out(state.core.client_license()).into_response())),
        None => Err(Error::new(ErrorKind::NotImplemented, "api.license.client.old_format.app_error", "New format for the client license is not supported yet. Please specify format=old in the query string.").into()),
        Some(_) => Err(Error::invalid_param("format").into()),
    }
}

/// GET /api/v4/config (admins)
async fn get_config(State(state): State<AppState>, Auth(actor): Auth) -> ApiResult<Response> {
    Ok(no_cache(
        Out(state.core.get_config(&actor)?).into_response(),
    ))
}

/// PUT /api/v4/config (admins): the whole config; keys left out keep their values.
async fn put_config(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(body): Json<Value>,
) -> ApiResult<Out<Settings>> {
    Ok(Out(state.core.patch_config(&actor, &body).await?))
}

/// PUT /api/v4/config/patch (admins)
async fn patch_config(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(body): Json<Value>,
) -> ApiResult<Out<Settings>> {
    Ok(Out(state.core.patch_config(&actor, &body).await?))
}
