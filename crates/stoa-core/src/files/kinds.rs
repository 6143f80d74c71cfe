//! What kind of file an upload is, and how safe it is to hand back to a browser.

/// Bytes of an upload kept for recognising its format.
pub const SNIFF_BYTES: usize = 512;

/// The MIME type recorded for an upload: by its extension, as Mattermost does, or by its first
/// bytes when the extension says nothing; empty when neither does (Mattermost's value too).
pub fn mime_type(extension: &str, head: &[u8]) -> String {
    by_extension(extension)
        .or_else(|| image_format(head))
        .or_else(|| head.starts_with(b"%PDF-").then_some("application/pdf"))
        .unwrap_or("")
        .to_owned()
}

/// The image format of a file Stoa makes thumbnails for, from its magic bytes (never from its
/// name: a `.png` that is not a PNG gets no thumbnail).
pub fn image_format(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if head.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        Some("image/webp")
    } else if head.starts_with(b"BM") && head.len() >= 26 {
        Some("image/bmp")
    } else {
        None
    }
}

/// Types a browser may show inline (Mattermost's media list); everything else is sent as an
/// attachment so that no uploaded page or script ever runs in Stoa's origin.
const INLINE_TYPES: &[&str] = &[
    "image/jpeg",
    "image/png",
    "image/bmp",
    "image/gif",
    "image/tiff",
    "image/webp",
    "video/avi",
    "video/mpeg",
    "video/mp4",
    "audio/mpeg",
    "audio/wav",
];

/// Types that are code when a browser opens them: sent as plain text instead.
const SCRIPT_TYPES: &[&str] = &[
    "application/javascript",
    "application/ecmascript",
    "text/javascript",
    "text/ecmascript",
    "application/x-javascript",
    "text/html",
    "application/xhtml+xml",
    "image/svg+xml",
];

pub fn is_inline_safe(content_type: &str) -> bool {
    INLINE_TYPES.iter().any(|t| content_type.starts_with(t))
}

/// The `Content-Type` to send a stored file with.
pub fn response_type(mime: &str) -> &str {
    if mime.is_empty() {
        "application/octet-stream"
    } else if SCRIPT_TYPES.iter().any(|t| mime.starts_with(t)) {
        "text/plain"
    } else {
        mime
    }
}

fn by_extension(ext: &str) -> Option<&'static str> {
    Some(match ext {
        "jpg" | "jpeg" | "jpe" | "jfif" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "bmp" => "image/bmp",
        "tif" | "tiff" => "image/tiff",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "heic" => "image/heic",
        "avif" => "image/avif",
        "psd" => "image/vnd.adobe.photoshop",
        "mp4" | "m4v" => "video/mp4",
        "mov" => "video/quicktime",
        "webm" => "video/webm",
        "avi" => "video/avi",
        "mpeg" | "mpg" => "video/mpeg",
        "mkv" => "video/x-matroska",
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        "ogg" | "oga" => "audio/ogg",
        "m4a" => "audio/mp4",
        "flac" => "audio/flac",
        "pdf" => "application/pdf",
        "txt" | "log" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "text/xml; charset=utf-8",
        "yaml" | "yml" => "application/yaml",
        "zip" => "application/zip",
        "gz" | "tgz" => "application/gzip",
        "tar" => "application/x-tar",
        "7z" => "application/x-7z-compressed",
        "rar" => "application/vnd.rar",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "odp" => "application/vnd.oasis.opendocument.presentation",
        "rtf" => "application/rtf",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_by_extension_then_magic() {
        assert_eq!(mime_type("png", b""), "image/png");
        assert_eq!(mime_type("", b"\x89PNG\r\n\x1a\n...."), "image/png");
        assert_eq!(mime_type("", b"%PDF-1.7"), "application/pdf");
        assert_eq!(mime_type("bin", b"\0\0"), "");
        // A name that lies gets the name's type but no thumbnail.
        assert_eq!(image_format(b"<html>"), None);
    }

    #[test]
    fn pages_and_scripts_never_render() {
        assert_eq!(response_type("text/html; charset=utf-8"), "text/plain");
        assert_eq!(response_type("image/svg+xml"), "text/plain");
        assert_eq!(response_type(""), "application/octet-stream");
        assert!(is_inline_safe("image/png"));
        assert!(!is_inline_safe("application/pdf"));
        assert!(!is_inline_safe("text/plain"));
    }
}
