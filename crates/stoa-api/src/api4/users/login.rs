//! Login, logout and sessions.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use axum::{Json as Out, Router};
use serde::Deserialize;
use serde_json::Value;
use stoa_core::sessions::{ClientInfo, DeviceRegistration, LoginRequest};
use stoa_model::session::Session;

use super::super::ok;
use crate::error::ApiResult;
use crate::extract::{Auth, ClientMeta, Json, MaybeAuth, user_param, valid_id};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/users/login", post(login))
        .route("/users/logout", post(logout))
        .route("/users/{user_id}/sessions", get(get_sessions))
        .route("/users/{user_id}/sessions/revoke", post(revoke_session))
        .route(
            "/users/{user_id}/sessions/revoke/all",
            post(revoke_all_sessions),
        )
        .route("/users/sessions/revoke/all", post(revoke_every_session))
        .route("/users/sessions/device", put(attach_device))
}

/// Only string values are read, as Mattermost's `MapFromJSON` does.
fn string_field(body: &Value, key: &str) -> String {
    body.get(key)
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned()
}

/// POST /api/v4/users/login — the user, with the session token in the `Token` header (and in
/// cookies for browsers).
async fn login(
    State(state): State<AppState>,
    meta: ClientMeta,
    Json(body): Json<Value>,
) -> ApiResult<impl IntoResponse> {
    let req = LoginRequest {
        login_id: string_field(&body, "login_id"),
        password: string_field(&body, "password"),
        device_id: string_field(&body, "device_id"),
        id: string_field(&body, "id"),
    };
    let settings = state.core.settings();
    let (user, session) = state
        .core
        .login(
            req,
            ClientInfo {
                user_agent: meta.user_agent.clone(),
            },
        )
        .await?;
    let mut headers = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(&session.token) {
        headers.insert("token", v);
    }
    if meta.wants_cookies {
        let max_age = (session.expires_at - session.create_at) / 1000;
        let secure = meta.secure || settings.service_settings.site_url.starts_with("https://");
        let attrs = format!(
            "Path=/; Max-Age={max_age}; SameSite=Lax{}",
            if secure { "; Secure" } else { "" }
        );
        for cookie in [
            format!("MMAUTHTOKEN={}; {attrs}; HttpOnly", session.token),
            format!("MMUSERID={}; {attrs}", user.id),
            format!("MMCSRF={}; {attrs}", session.csrf_token()),
        ] {
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                headers.append(header::SET_COOKIE, v);
            }
        }
    }
    Ok((headers, Out(user)))
}

/// POST /api/v4/users/logout — always `{"status":"OK"}`, with the cookies cleared.
async fn logout(
    State(state): State<AppState>,
    MaybeAuth(actor): MaybeAuth,
) -> ApiResult<impl IntoResponse> {
    if let Some(actor) = actor {
        state.core.logout(&actor).await?;
    }
    let mut headers = HeaderMap::new();
    for name in ["MMAUTHTOKEN", "MMUSERID", "MMCSRF"] {
        let http_only = if name == "MMAUTHTOKEN" {
            "; HttpOnly"
        } else {
            ""
        };
        if let Ok(v) = HeaderValue::from_str(&format!(
            "{name}=; Path=/; Max-Age=0; SameSite=Lax{http_only}"
        )) {
            headers.append(header::SET_COOKIE, v);
        }
    }
    Ok((headers, ok()))
}

/// GET /api/v4/users/{user_id}/sessions
async fn get_sessions(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
) -> ApiResult<Out<Vec<Session>>> {
    let id = user_param(&actor, &user_id)?;
    Ok(Out(state.core.get_sessions(&actor, &id).await?))
}

#[derive(Deserialize)]
struct RevokeBody {
    session_id: String,
}

/// POST /api/v4/users/{user_id}/sessions/revoke
async fn revoke_session(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
    Json(b): Json<RevokeBody>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let id = user_param(&actor, &user_id)?;
    valid_id(&b.session_id, "session_id")?;
    state
        .core
        .revoke_session(&actor, &id, &b.session_id)
        .await?;
    Ok(ok())
}

/// POST /api/v4/users/{user_id}/sessions/revoke/all
async fn revoke_all_sessions(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(user_id): Path<String>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let id = user_param(&actor, &user_id)?;
    state.core.revoke_user_sessions(&actor, &id).await?;
    Ok(ok())
}

/// POST /api/v4/users/sessions/revoke/all
async fn revoke_every_session(
    State(state): State<AppState>,
    Auth(actor): Auth,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    state.core.revoke_every_session(&actor).await?;
    Ok(ok())
}

/// PUT /api/v4/users/sessions/device — `{device_id, device_notification_disabled,
/// mobile_version, voip_device_id}`; the flag arrives as a boolean or as "true"/"false".
async fn attach_device(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Json(body): Json<Value>,
) -> ApiResult<Out<stoa_model::StatusOk>> {
    let flag = match body.get("device_notification_disabled") {
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::String(s)) => Some(s == "true"),
        _ => None,
    };
    let device = DeviceRegistration {
        device_id: string_field(&body, "device_id"),
        voip_device_id: string_field(&body, "voip_device_id"),
        notifications_disabled: flag,
        mobile_version: string_field(&body, "mobile_version"),
    };
    state.core.attach_device(&actor, device).await?;
    Ok(ok())
}
