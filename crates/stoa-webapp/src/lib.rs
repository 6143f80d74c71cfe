//! Serves the web app at every path outside `/api/v4`: the files `npm run build` wrote to
//! `webapp/dist`, baked into the binary at compile time (`build.rs`).
//!
//! - Files under `assets/` carry a content hash in their names: cached for a year, immutable;
//!   other files (icons, the manifest) for an hour, but the service worker (`sw.js`), which is
//!   never cached.
//! - A path that names a missing file (its last segment has an extension) is 404.
//! - Every other path is a route of the single-page app: `index.html`, never cached (a new
//!   version is picked up on the next load), with a same-origin-only Content-Security-Policy.
//! - Paths under `/api/` are never the app: they answer 404 (the API router serves `/api/v4`).
//!   Methods other than GET and HEAD answer 405.
//!
//! A binary built without the web app answers every page with how to build it; the API works
//! without it.

use axum::Router;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

mod assets {
    include!(concat!(env!("OUT_DIR"), "/assets.rs"));
}

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
    Router::new().fallback(serve)
}

/// Whether this binary carries the web app.
pub fn is_built() -> bool {
    find("index.html").is_some()
}

fn find(path: &str) -> Option<&'static [u8]> {
    assets::FILES
        .binary_search_by(|(p, _)| (*p).cmp(path))
        .ok()
        .map(|i| assets::FILES[i].1)
}

/// The page's policy: everything from this origin only (the app needs nothing else), no
/// plugins, no framing.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; \
    connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
    frame-ancestors 'none'";

async fn serve(method: Method, uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    if path == "api" || path.starts_with("api/") {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, "method not allowed").into_response();
    }
    let Some(index) = find("index.html") else {
        return page(NOT_BUILT.as_bytes(), "text/html; charset=utf-8", "no-cache");
    };
    if !path.is_empty()
        && path != "index.html"
        && let Some(bytes) = find(path)
    {
        let cache = if path.starts_with("assets/") {
            "public, max-age=31536000, immutable"
        } else if path == "sw.js" {
            // The service worker: browsers check for a new one on each load.
            "no-cache"
        } else {
            "public, max-age=3600"
        };
        return page(bytes, content_type(path), cache);
    }
    // A missing file (the last segment has an extension: app routes never do) is a stale page
    // asking for an old build: 404, never the app's HTML in place of a script.
    let last = path.rsplit('/').next().unwrap_or("");
    if last.contains('.') && path != "index.html" {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    let mut resp = page(index, "text/html; charset=utf-8", "no-cache");
    resp.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    resp
}

fn page(body: &'static [u8], content_type: &'static str, cache: &'static str) -> Response {
    let mut resp = (StatusCode::OK, body).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    resp
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_table_is_sorted_for_lookup() {
        assert!(assets::FILES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn content_types() {
        assert_eq!(
            content_type("assets/index-abc.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.unknown"), "application/octet-stream");
    }
}
