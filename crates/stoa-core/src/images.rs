//! Images as uploaded: their type and declared dimensions, read from the header without
//! decoding (so an image too large to decode safely is recognised before any pixel is touched).

/// What an uploaded image is: its content type and dimensions, read from the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
}

/// The type and dimensions of a GIF, PNG, JPEG or WebP image, read from its header; `None` for
/// anything else or a header that does not parse.
pub fn image_info(b: &[u8]) -> Option<ImageInfo> {
    let (content_type, width, height) = if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        // The IHDR chunk comes first: length, "IHDR", width, height (big-endian).
        if b.get(12..16)? != b"IHDR" {
            return None;
        }
        ("image/png", be32(b, 16)?, be32(b, 20)?)
    } else if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        // The logical screen descriptor (little-endian), as Go's DecodeConfig reads it.
        ("image/gif", u32::from(le16(b, 6)?), u32::from(le16(b, 8)?))
    } else if b.starts_with(&[0xff, 0xd8]) {
        let (w, h) = jpeg_size(b)?;
        ("image/jpeg", w, h)
    } else if b.len() >= 16 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        let (w, h) = webp_size(b)?;
        ("image/webp", w, h)
    } else {
        return None;
    };
    (width > 0 && height > 0).then_some(ImageInfo {
        content_type,
        width,
        height,
    })
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn le16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn le24(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 3)?;
    Some(u32::from(s[0]) | (u32::from(s[1]) << 8) | (u32::from(s[2]) << 16))
}

/// Walks the JPEG segments to the first frame header: baseline, extended sequential or
/// progressive (the ones Go's decoder reads).
fn jpeg_size(b: &[u8]) -> Option<(u32, u32)> {
    let mut at = 2;
    loop {
        if *b.get(at)? != 0xff {
            return None;
        }
        // Fill bytes: any number of 0xFF before the marker.
        while *b.get(at)? == 0xff {
            at += 1;
        }
        let marker = *b.get(at)?;
        at += 1;
        match marker {
            // Markers without a length.
            0x01 | 0xd0..=0xd8 => continue,
            // End of image or start of scan before any frame header.
            0xd9 | 0xda => return None,
            0xc0..=0xc2 => {
                let height = be16(b, at + 3)?;
                let width = be16(b, at + 5)?;
                return Some((u32::from(width), u32::from(height)));
            }
            // Lossless, hierarchical and arithmetic-coded frames: not decoded by Mattermost.
            0xc3 | 0xc5..=0xc7 | 0xc9..=0xcb | 0xcd..=0xcf => return None,
            _ => {
                let len = usize::from(be16(b, at)?);
                if len < 2 {
                    return None;
                }
                at += len;
            }
        }
    }
}

/// The canvas of a WebP image: lossy (`VP8 `), lossless (`VP8L`) or extended (`VP8X`).
fn webp_size(b: &[u8]) -> Option<(u32, u32)> {
    match b.get(12..16)? {
        b"VP8 " => {
            // Frame tag (3 bytes), start code 9d 01 2a, then 14-bit width and height.
            if b.get(23..26)? != [0x9d, 0x01, 0x2a] {
                return None;
            }
            let w = le16(b, 26)? & 0x3fff;
            let h = le16(b, 28)? & 0x3fff;
            Some((u32::from(w), u32::from(h)))
        }
        b"VP8L" => {
            if *b.get(20)? != 0x2f {
                return None;
            }
            let bits = u32::from_le_bytes(b.get(21..25)?.try_into().ok()?);
            Some((1 + (bits & 0x3fff), 1 + ((bits >> 14) & 0x3fff)))
        }
        b"VP8X" => Some((1 + le24(b, 24)?, 1 + le24(b, 27)?)),
        _ => None,
    }
}

/// Properties for any bytes (the image header reader's fuzz target).
#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    /// Bytes that start like one of the formats, then anything.
    fn headerish() -> impl Strategy<Value = Vec<u8>> {
        let magic = prop_oneof![
            Just(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec()),
            Just(b"GIF89a".to_vec()),
            Just(vec![0xff, 0xd8, 0xff]),
            Just(b"RIFF\x00\x00\x00\x00WEBPVP8 ".to_vec()),
            Just(b"RIFF\x00\x00\x00\x00WEBPVP8L".to_vec()),
            Just(b"RIFF\x00\x00\x00\x00WEBPVP8X".to_vec()),
        ];
        (magic, prop::collection::vec(any::<u8>(), 0..64)).prop_map(|(mut m, rest)| {
            m.extend(rest);
            m
        })
    }

    proptest! {
        /// Any bytes: a known type with both dimensions above zero, or nothing.
        #[test]
        fn headers_give_positive_dimensions_or_none(b in prop_oneof![prop::collection::vec(any::<u8>(), 0..64), headerish()]) {
            if let Some(i) = image_info(&b) {
                prop_assert!(i.width > 0 && i.height > 0);
                prop_assert!(["image/png", "image/gif", "image/jpeg", "image/webp"].contains(&i.content_type));
            }
        }

        /// A PNG header declaring any size is read back as declared.
        #[test]
        fn png_dimensions_read_back(w in 1u32.., h in 1u32.., tail in prop::collection::vec(any::<u8>(), 0..16)) {
            let mut b = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
            b.extend_from_slice(&w.to_be_bytes());
            b.extend_from_slice(&h.to_be_bytes());
            b.extend(tail);
            prop_assert_eq!(image_info(&b).map(|i| (i.width, i.height)), Some((w, h)));
        }

        /// A JPEG whose frame header follows any number of other segments is read as declared.
        #[test]
        fn jpeg_dimensions_read_back(w in 1u16.., h in 1u16.., segments in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..40), 0..4)) {
            let mut b = vec![0xff, 0xd8];
            for s in segments {
                b.extend_from_slice(&[0xff, 0xe1]);
                b.extend_from_slice(&(s.len() as u16 + 2).to_be_bytes());
                b.extend(s);
            }
            b.extend_from_slice(&[0xff, 0xc0, 0x00, 0x11, 0x08]);
            b.extend_from_slice(&h.to_be_bytes());
            b.extend_from_slice(&w.to_be_bytes());
            prop_assert_eq!(image_info(&b).map(|i| (i.width, i.height)), Some((u32::from(w), u32::from(h))));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(b: &[u8]) -> Option<(&'static str, u32, u32)> {
        image_info(b).map(|i| (i.content_type, i.width, i.height))
    }

    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
        b.extend_from_slice(&w.to_be_bytes());
        b.extend_from_slice(&h.to_be_bytes());
        b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        b
    }

    #[test]
    fn reads_png_and_gif_headers() {
        assert_eq!(info(&png(3, 1030)), Some(("image/png", 3, 1030)));
        let gif = b"GIF89a\x10\x00\x20\x00\x80\x00\x00";
        assert_eq!(info(gif), Some(("image/gif", 16, 32)));
        assert_eq!(info(&png(0, 5)), None, "no empty images");
        assert_eq!(info(b"\x89PNG\r\n\x1a\n"), None, "truncated");
        assert_eq!(info(b"<svg></svg>"), None);
        assert_eq!(info(b"BM\x00\x00"), None, "BMP is not an emoji format");
    }

    #[test]
    fn reads_jpeg_frame_headers_past_other_segments() {
        // SOI, APP0 (JFIF, 16 bytes), SOF0 (17 bytes: precision 8, height 40, width 50).
        let mut j = vec![0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10];
        j.extend_from_slice(b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00");
        j.extend_from_slice(&[0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x28, 0x00, 0x32, 0x03]);
        j.extend_from_slice(&[0u8; 9]);
        assert_eq!(info(&j), Some(("image/jpeg", 50, 40)));
        assert_eq!(
            info(&[0xff, 0xd8, 0xff, 0xda, 0x00]),
            None,
            "scan before frame"
        );
        assert_eq!(info(&[0xff, 0xd8, 0xff]), None);
    }

    #[test]
    fn reads_webp_canvases() {
        // Lossless: width-1 and height-1 in 14-bit fields.
        let mut lossless = b"RIFF\x00\x00\x00\x00WEBPVP8L\x00\x00\x00\x00\x2f".to_vec();
        lossless.extend_from_slice(&(99u32 | (49 << 14)).to_le_bytes());
        assert_eq!(info(&lossless), Some(("image/webp", 100, 50)));
        // Extended: 24-bit canvas width-1 and height-1.
        let mut extended = b"RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x10\x00\x00\x00".to_vec();
        extended.extend_from_slice(&[0x03, 0x04, 0x00, 0xff, 0x03, 0x00]);
        assert_eq!(info(&extended), Some(("image/webp", 1028, 1024)));
    }
}
