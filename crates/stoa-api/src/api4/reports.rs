//! `reports`: the System Console's user list (`/reports/users`), and the statistics pages' other
//! reads kept beside it — `/users/stats/filtered` (tag `users`), `/analytics/old` and
//! `/config/environment` (tag `system`).

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json as Out, Router};
use stoa_core::reports::{
    REPORT_DEFAULT_PAGE_SIZE, UserCountFilter, UserReportFilter, UserReportOptions,
};
use stoa_model::report::{AnalyticsRow, UserReport};
use stoa_model::user::UsersStats;

use crate::error::ApiResult;
use crate::extract::{Auth, Params};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/reports/users", get(users_report))
        .route("/reports/users/count", get(users_report_count))
        .route("/users/stats/filtered", get(filtered_user_stats))
        .route("/analytics/old", get(analytics))
        .route("/config/environment", get(environment_config))
}

/// The report's flags are true only when spelled `true` (Mattermost compares the string).
fn flag(p: &Params, key: &str) -> bool {
    p.str(key) == Some("true")
}

/// Go's `strconv.ParseBool`: anything else is false.
fn go_bool(p: &Params, key: &str) -> bool {
    matches!(p.str(key), Some("1" | "t" | "T" | "true" | "TRUE" | "True"))
}

fn text(p: &Params, key: &str) -> String {
    p.str(key).unwrap_or_default().to_owned()
}

/// The report's filters; the two matched as patterns are bounded as search terms.
fn report_filter(p: &Params) -> ApiResult<UserReportFilter> {
    Ok(UserReportFilter {
        role_filter: p.term("role_filter")?.to_owned(),
        team_filter: text(p, "team_filter"),
        has_no_team: flag(p, "has_no_team"),
        hide_active: flag(p, "hide_active"),
        hide_inactive: flag(p, "hide_inactive"),
        search_term: p.term("search_term")?.to_owned(),
    })
}

/// GET /api/v4/reports/users?sort_column=&sort_direction=&direction=&from_column_value=&from_id=
/// &page_size=&date_range=&role_filter=&team_filter=&has_no_team=&hide_active=&hide_inactive=
/// &search_term= — one keyset page of users with their statistics.
async fn users_report(
    State(state): State<AppState>,
    Auth(actor): Auth,
    p: Params,
) -> ApiResult<Out<Vec<UserReport>>> {
    let o = UserReportOptions {
        filter: report_filter(&p)?,
        sort_column: text(&p, "sort_column"),
        sort_desc: p.str("sort_direction") == Some("desc"),
        previous: p.str("direction") == Some("prev"),
        from_column_value: text(&p, "from_column_value"),
        from_id: text(&p, "from_id"),
        page_size: p.i64("page_size").unwrap_or(REPORT_DEFAULT_PAGE_SIZE),
        date_range: text(&p, "date_range"),
    };
    Ok(Out(state.core.users_report(&actor, o).await?))
}

/// GET /api/v4/reports/users/count — the report's filters only; a bare number.
async fn users_report_count(
    State(state): State<AppState>,
    Auth(actor): Auth,
    p: Params,
) -> ApiResult<Out<i64>> {
    Ok(Out(state
        .core
        .users_report_count(&actor, report_filter(&p)?)
        .await?))
}

/// GET /api/v4/users/stats/filtered?in_team=&in_channel=&include_deleted=&include_bots=&roles=
/// &channel_roles=&team_roles=
async fn filtered_user_stats(
    State(state): State<AppState>,
    Auth(actor): Auth,
    p: Params,
) -> ApiResult<Out<UsersStats>> {
    let f = UserCountFilter {
        in_team: text(&p, "in_team"),
        in_channel: text(&p, "in_channel"),
        include_deleted: go_bool(&p, "include_deleted"),
        include_bots: go_bool(&p, "include_bots"),
        roles: text(&p, "roles"),
        channel_roles: text(&p, "channel_roles"),
        team_roles: text(&p, "team_roles"),
    };
    Ok(Out(state.core.filtered_user_stats(&actor, f).await?))
}

/// GET /api/v4/analytics/old?name=&team_id= — `standard` (the default), `post_counts_day`,
/// `bot_post_counts_day`, `user_counts_with_posts_day` or `extra_counts`.
async fn analytics(
    State(state): State<AppState>,
    Auth(actor): Auth,
    p: Params,
) -> ApiResult<Out<Vec<AnalyticsRow>>> {
    let name = p.str("name").unwrap_or_default();
    Ok(Out(state
        .core
        .analytics(&actor, name, p.str("team_id"))
        .await?))
}

/// GET /api/v4/config/environment — the settings environment variables override: none.
async fn environment_config(State(state): State<AppState>, Auth(actor): Auth) -> Response {
    let mut resp = Out(state.core.environment_config(&actor)).into_response();
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache, no-store, must-revalidate"),
    );
    resp
}
