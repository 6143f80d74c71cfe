//! Serves the web app at every path outside `/api/v4`.
//!
//! Until the web app is built into the binary, every page explains how to build it; the API
//! works without it.

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

const NOT_BUILT: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stoa</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5}
code{background:#eee;padding:.1rem .3rem;border-radius:3px}</style></head>
<body><h1>Stoa is running</h1>
<p>The API answers under <code>/api/v4</code>, so Mattermost clients can connect to this address.</p>
<p>This binary was built without the web app. Build it with <code>./scripts/run.sh</code> (it runs
<code>npm ci</code> and <code>npm run build</code> in <code>webapp/</code> before building the server).</p>
</body></html>"#;

/// The router for the web app paths.
pub fn router() -> Router {
    Router::new().fallback(not_built)
}

async fn not_built() -> Response {
    let mut resp = (StatusCode::OK, NOT_BUILT).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    resp
}
