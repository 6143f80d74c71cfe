//! Multipart bodies as browsers and the official apps send them, for uploads of pictures.

/// The boundary every body made here uses.
pub const BOUNDARY: &str = "XSTOATESTBOUNDARYX";

/// The `Content-Type` of a body made here.
pub fn content_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

/// A part of a form: a file (`filename` set) or a text field.
pub struct Part<'a> {
    pub name: &'a str,
    pub filename: Option<&'a str>,
    pub bytes: &'a [u8],
}

impl<'a> Part<'a> {
    pub fn file(name: &'a str, filename: &'a str, bytes: &'a [u8]) -> Self {
        Part {
            name,
            filename: Some(filename),
            bytes,
        }
    }

    pub fn text(name: &'a str, value: &'a str) -> Self {
        Part {
            name,
            filename: None,
            bytes: value.as_bytes(),
        }
    }
}

/// The body of a form with these parts.
pub fn form(parts: &[Part<'_>]) -> Vec<u8> {
    let mut body = Vec::new();
    for p in parts {
        let disposition = match p.filename {
            Some(f) => format!(
                "form-data; name=\"{}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream",
                p.name
            ),
            None => format!("form-data; name=\"{}\"", p.name),
        };
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(p.bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// A valid 1×1 PNG.
pub fn tiny_png() -> Vec<u8> {
    vec![
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90,
        0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x08, 0xd7, 0x63, 0xf8,
        0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xdd, 0x8d, 0xb0, 0x00, 0x00, 0x00,
        0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ]
}

/// The tiny PNG claiming other dimensions in its header (an image bomb when they are large).
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut png = tiny_png();
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    png
}

/// PNG's chunk checksum (CRC-32, IEEE), so that a rewritten header is still a valid one.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
