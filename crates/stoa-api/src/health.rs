//! Probes for load balancers and orchestrators, outside `/api/v4` (Mattermost has none): a
//! node whose database does not answer fails readiness and is taken out of rotation, while
//! liveness stays green so it is not restarted for an outage a restart cannot fix.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(liveness))
        .route("/readyz", get(readiness))
}

/// GET /healthz — the process is up and serving HTTP. Touches nothing else.
async fn liveness() -> Response {
    no_store((StatusCode::OK, axum::Json(json!({"status": "OK"}))).into_response())
}

/// GET /readyz — 200 when the database answers, 503 otherwise (at once while it is known down).
async fn readiness(State(state): State<AppState>) -> Response {
    let (status, word) = if state.core.server_status().await.database_ok {
        (StatusCode::OK, "OK")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "UNHEALTHY")
    };
    let body = json!({"status": word, "database_status": word});
    no_store((status, axum::Json(body)).into_response())
}

fn no_store(mut resp: Response) -> Response {
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}
