//! `files`: uploads (multipart or a raw body), downloads with their thumbnails and previews,
//! and public links.

use axum::body::{Body, Bytes};
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json as Out, Router};
use std::collections::BTreeMap;
use stoa_core::files::{
    ByteRange, FileDownload, Rendition, StagedUpload, Upload, UploadError, upload_name,
};
use stoa_core::{Actor, Error, ErrorKind};
use stoa_model::file::{FileInfo, FileUploadResponse};

use super::created;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Auth, Params, drain, next_chunk, valid_id};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/files", post(upload))
        .route("/files/{file_id}", get(get_file))
        .route("/files/{file_id}/thumbnail", get(get_thumbnail))
        .route("/files/{file_id}/preview", get(get_preview))
        .route("/files/{file_id}/info", get(get_info))
        .route("/files/{file_id}/link", get(get_link))
        .route("/posts/{post_id}/files/info", get(post_file_infos))
}

/// Most files in one request (a post holds at most this many).
const MAX_FILES_PER_REQUEST: usize = 10;
/// Largest non-file form field (`channel_id`, `client_ids`), as in Mattermost.
const MAX_FORM_VALUE: usize = 10 * 1024;
fn read_error(detail: impl Into<String>) -> Error {
    Error::new(
        ErrorKind::BadRequest,
        "api.file.upload_file.read_request.app_error",
        "Unable to upload file(s). Error reading or parsing request data.",
    )
    .with_detail(detail)
}

/// POST /api/v4/files — multipart (`channel_id`, then `files` parts with optional `client_ids`)
/// or the file as the raw body with `?channel_id=&filename=&client_id=`.
async fn upload(
    State(state): State<AppState>,
    Auth(actor): Auth,
    p: Params,
    req: Request,
) -> Response {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let mut body = req.into_body();
    let result = if content_type
        .to_ascii_lowercase()
        .starts_with("multipart/form-data")
    {
        upload_multipart(&state, &actor, &p, &content_type, &mut body).await
    } else {
        upload_simple(&state, &actor, &p, &mut body).await
    };
    match result {
        Ok(resp) => created(resp).into_response(),
        Err(e) => {
            // Whatever the refusal (413, 403, 400), read a bounded tail of what the client is
            // still sending, so that it reads the answer instead of a broken pipe.
            drain(&mut body).await;
            e.into_response()
        }
    }
}

/// The raw request body as an upload.
struct RawBody<'a>(&'a mut Body);

#[async_trait::async_trait]
impl Upload for RawBody<'_> {
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, UploadError> {
        next_chunk(self.0)
            .await
            .transpose()
            .map_err(|e| UploadError::Read(e.to_string()))
    }
}

/// One file part of a multipart body as an upload.
struct Part<'r>(multer::Field<'r>);

#[async_trait::async_trait]
impl Upload for Part<'_> {
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, UploadError> {
        self.0
            .chunk()
            .await
            .map_err(|e| UploadError::Read(e.to_string()))
    }
}

async fn upload_simple(
    state: &AppState,
    actor: &Actor,
    p: &Params,
    body: &mut Body,
) -> ApiResult<FileUploadResponse> {
    let channel_id = valid_id(p.str("channel_id").unwrap_or(""), "channel_id")?.to_owned();
    let filename = p
        .text("filename")
        .ok_or_else(|| Error::invalid_param("filename"))?;
    // A name that cannot be stored is refused before the body is read.
    upload_name(&filename)?;
    let client_id = p.text("client_id");
    state.core.check_upload(actor, &channel_id).await?;
    let staged = state.core.stage_upload(&mut RawBody(body)).await?;
    if staged.size() == 0 {
        return Err(read_error("Content-Length should not be 0").into());
    }
    let info = state
        .core
        .store_upload(actor, &channel_id, &filename, staged)
        .await?;
    Ok(FileUploadResponse {
        file_infos: vec![info],
        client_ids: client_id.into_iter().collect(),
    })
}

/// Files are stored as they stream in once `channel_id` is known (from the query or a field
/// before them); files that come first are staged and stored at the end, as Mattermost's
/// legacy mode does. Either way one `client_ids` value per file, or none at all.
async fn upload_multipart(
    state: &AppState,
    actor: &Actor,
    p: &Params,
    content_type: &str,
    body: &mut Body,
) -> ApiResult<FileUploadResponse> {
    let boundary = multer::parse_boundary(content_type).map_err(|e| read_error(e.to_string()))?;
    // Borrowed, so that what is left can be drained after a refusal.
    let stream =
        futures_util::stream::unfold(body, |b| async move { next_chunk(b).await.map(|c| (c, b)) });
    let mut form = multer::Multipart::new(stream, boundary);
    let mut channel_id = p.id("channel_id")?;
    if let Some(id) = &channel_id {
        state.core.check_upload(actor, id).await?;
    }
    let mut client_ids: Vec<String> = Vec::new();
    let mut stored: Vec<FileInfo> = Vec::new();
    let mut waiting: Vec<(String, StagedUpload)> = Vec::new();
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| read_error(e.to_string()))?
    {
        let Some(name) = field.name().map(str::to_owned) else {
            continue;
        };
        match field
            .file_name()
            .map(str::to_owned)
            .filter(|f| !f.is_empty())
        {
            None => {
                let value = read_value(field, &name).await?;
                match name.as_str() {
                    "channel_id" => {
                        valid_id(&value, "channel_id")?;
                        if channel_id.as_deref().is_some_and(|c| c != value) {
                            return Err(Error::new(
                                ErrorKind::BadRequest,
                                "api.file.upload_file.multiple_channel_ids.app_error",
                                "Unable to upload file(s). Multiple conflicting channel_ids.",
                            )
                            .into());
                        }
                        if channel_id.is_none() {
                            state.core.check_upload(actor, &value).await?;
                            channel_id = Some(value);
                        }
                    }
                    "client_ids" if client_ids.len() < MAX_FILES_PER_REQUEST => {
                        client_ids.push(value)
                    }
                    other => return Err(Error::invalid_param(other).into()),
                }
            }
            Some(filename) => {
                upload_name(&filename)?;
                if stored.len() + waiting.len() >= MAX_FILES_PER_REQUEST {
                    return Err(Error::invalid_param("files")
                        .with_detail("too many files in one request")
                        .into());
                }
                let staged = state.core.stage_upload(&mut Part(field)).await?;
                match &channel_id {
                    Some(c) => {
                        stored.push(state.core.store_upload(actor, c, &filename, staged).await?)
                    }
                    None => waiting.push((filename, staged)),
                }
            }
        }
    }
    if !waiting.is_empty() {
        let channel = channel_id.ok_or_else(|| Error::invalid_param("channel_id"))?;
        for (filename, staged) in waiting {
            stored.push(
                state
                    .core
                    .store_upload(actor, &channel, &filename, staged)
                    .await?,
            );
        }
    }
    if !client_ids.is_empty() && client_ids.len() != stored.len() {
        return Err(Error::new(
            ErrorKind::BadRequest,
            "api.file.upload_file.incorrect_number_of_client_ids.app_error",
            format!(
                "Unable to upload file(s). Have {} client_ids for {} files.",
                client_ids.len(),
                stored.len()
            ),
        )
        .into());
    }
    Ok(FileUploadResponse {
        file_infos: stored,
        client_ids,
    })
}

async fn read_value(mut field: multer::Field<'_>, name: &str) -> ApiResult<String> {
    let mut value = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|e| read_error(e.to_string()))? {
        if value.len() + chunk.len() > MAX_FORM_VALUE {
            return Err(Error::invalid_param(name).into());
        }
        value.extend_from_slice(&chunk);
    }
    String::from_utf8(value).map_err(|_| Error::invalid_param(name).into())
}

fn file_id(raw: &str) -> ApiResult<&str> {
    valid_id(raw, "file_id")
}

/// `Range: bytes=a-b`, `bytes=a-` or `bytes=-n`; anything else (several ranges included) is
/// ignored and the whole file sent, which HTTP allows.
fn byte_range(headers: &HeaderMap) -> Option<ByteRange> {
    let spec = headers
        .get(header::RANGE)?
        .to_str()
        .ok()?
        .trim()
        .strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (start, end) = spec.split_once('-')?;
    let (start, end) = (start.trim(), end.trim());
    if start.is_empty() {
        return Some(ByteRange::Last(end.parse().ok()?));
    }
    let start = start.parse().ok()?;
    let end = if end.is_empty() {
        None
    } else {
        Some(end.parse().ok()?)
    };
    Some(ByteRange::From { start, end })
}

/// Sends a file as Mattermost does (nosniff, no framing, inline only for media types), with a
/// sandboxing policy on top so that nothing opened from Stoa's origin can run.
fn send(d: FileDownload, force_download: bool) -> Response {
    let attachment = d.attachment || force_download;
    let escaped = escape_filename(&d.info.name);
    let disposition = format!(
        "{};filename=\"{escaped}\"; filename*=UTF-8''{escaped}",
        if attachment { "attachment" } else { "inline" }
    );
    let (status, length) = match &d.range {
        Some(r) => (StatusCode::PARTIAL_CONTENT, r.end - r.start),
        None => (StatusCode::OK, d.total),
    };
    let mut resp = Response::new(Body::from_stream(d.body));
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    let mut set = |name: header::HeaderName, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            h.insert(name, v);
        }
    };
    set(header::CONTENT_TYPE, &d.content_type);
    set(header::CONTENT_LENGTH, &length.to_string());
    set(header::CONTENT_DISPOSITION, &disposition);
    set(header::CACHE_CONTROL, "private, no-cache");
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; img-src 'self'; media-src 'self'; frame-ancestors 'none'; sandbox",
    );
    set(header::ACCEPT_RANGES, "bytes");
    if let Some(r) = &d.range {
        set(
            header::CONTENT_RANGE,
            &format!("bytes {}-{}/{}", r.start, r.end - 1, d.total),
        );
    }
    resp
}

/// Percent-encodes a file name for `Content-Disposition` (Go's `url.PathEscape`, as
/// Mattermost uses): quotes, control characters and non-ASCII never reach the header raw.
fn escape_filename(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

async fn download(
    state: &AppState,
    actor: &Actor,
    id: &str,
    which: Rendition,
    p: &Params,
    headers: &HeaderMap,
) -> ApiResult<Response> {
    let id = file_id(id)?;
    let d = state
        .core
        .download_file(actor, id, which, byte_range(headers))
        .await?;
    Ok(send(d, p.bool("download")))
}

/// GET /api/v4/files/{file_id}?download=
async fn get_file(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    p: Params,
    headers: HeaderMap,
) -> ApiResult<Response> {
    download(&state, &actor, &id, Rendition::Original, &p, &headers).await
}

/// GET /api/v4/files/{file_id}/thumbnail
async fn get_thumbnail(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    p: Params,
    headers: HeaderMap,
) -> ApiResult<Response> {
    download(&state, &actor, &id, Rendition::Thumbnail, &p, &headers).await
}

/// GET /api/v4/files/{file_id}/preview
async fn get_preview(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    p: Params,
    headers: HeaderMap,
) -> ApiResult<Response> {
    download(&state, &actor, &id, Rendition::Preview, &p, &headers).await
}

/// GET /api/v4/files/{file_id}/info
async fn get_info(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let info = state.core.get_file_info(&actor, file_id(&id)?).await?;
    Ok((
        [(header::CACHE_CONTROL, "max-age=2592000, private")],
        Out(info),
    )
        .into_response())
}

/// GET /api/v4/files/{file_id}/link
async fn get_link(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Out<BTreeMap<String, String>>> {
    let link = state
        .core
        .get_public_link(&actor, file_id(&id)?, &request_base(&headers))
        .await?;
    Ok(Out(BTreeMap::from([("link".to_owned(), link)])))
}

/// `scheme://host` the request was made to, for links when `SiteURL` is not set.
fn request_base(headers: &HeaderMap) -> String {
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    };
    let proto = if get("x-forwarded-proto").eq_ignore_ascii_case("https") {
        "https"
    } else {
        "http"
    };
    let host = get("host");
    if host.is_empty() {
        String::new()
    } else {
        format!("{proto}://{host}")
    }
}

/// GET /files/{file_id}/public?h= (outside `/api/v4`, as in Mattermost) — no session: the
/// hash is the credential.
pub async fn get_public_file(
    State(state): State<AppState>,
    Path(id): Path<String>,
    p: Params,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let id = file_id(&id)?;
    let hash = p.str("h").unwrap_or("");
    let d = state
        .core
        .download_public_file(id, hash, byte_range(&headers))
        .await?;
    Ok(send(d, false))
}

/// GET /api/v4/posts/{post_id}/files/info?include_deleted=
async fn post_file_infos(
    State(state): State<AppState>,
    Auth(actor): Auth,
    Path(id): Path<String>,
    p: Params,
) -> Result<Out<Vec<FileInfo>>, ApiError> {
    let post_id = valid_id(&id, "post_id")?;
    Ok(Out(state
        .core
        .get_post_file_infos(&actor, post_id, p.bool("include_deleted"))
        .await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_parse_like_http_says() {
        let h = |v: &str| {
            let mut m = HeaderMap::new();
            m.insert(header::RANGE, HeaderValue::from_str(v).expect("header"));
            byte_range(&m)
        };
        assert_eq!(
            h("bytes=0-99"),
            Some(ByteRange::From {
                start: 0,
                end: Some(99)
            })
        );
        assert_eq!(
            h("bytes=100-"),
            Some(ByteRange::From {
                start: 100,
                end: None
            })
        );
        assert_eq!(h("bytes=-5"), Some(ByteRange::Last(5)));
        assert_eq!(h("bytes=0-1,5-6"), None);
        assert_eq!(h("items=0-1"), None);
        assert_eq!(h("bytes=x-1"), None);
    }

    #[test]
    fn file_names_are_escaped_for_headers() {
        assert_eq!(escape_filename("report 2026.pdf"), "report%202026.pdf");
        assert_eq!(escape_filename("a\"b\r\n.txt"), "a%22b%0D%0A.txt");
        assert_eq!(escape_filename("é.png"), "%C3%A9.png");
    }
}
