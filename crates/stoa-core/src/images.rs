//! Images as uploaded: their type and declared dimensions, read from the header without
//! decoding (so an image too large to decode safely is recognised before any pixel is touched),
//! and what decoding them will take.

use std::io::{Read, Seek, SeekFrom};

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
        let frame = jpeg_frame(&mut std::io::Cursor::new(b))?;
        ("image/jpeg", frame.width, frame.height)
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

/// An image's format and size, as far as decoding it is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub width: u32,
    pub height: u32,
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Png {
        /// Interlaced images arrive in passes, so they cannot be read a row at a time.
        interlaced: bool,
    },
    Jpeg(JpegFrame),
    Gif,
    WebP(WebP),
    Bmp,
}

/// The kind of a WebP image, which decides what its decoder holds besides the pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebP {
    /// `VP8 `: the frame's luma and chroma planes.
    Lossy,
    /// `VP8L`: decoded in place when it has alpha, else through an RGBA buffer.
    Lossless { alpha: bool },
    /// `VP8X`: a canvas, maybe animated (frames composed onto it) or with an alpha plane.
    Extended { animated: bool },
}

/// The header of a PNG, JPEG, GIF, WebP or BMP file (the formats Stoa makes previews of).
pub fn read_header(src: &mut (impl Read + Seek)) -> Option<Header> {
    let mut head = [0u8; 32];
    let mut filled = 0;
    while filled < head.len() {
        match src.read(&mut head[filled..]).ok()? {
            0 => break,
            n => filled += n,
        }
    }
    let b = &head[..filled];
    let header = if b.starts_with(&[0xff, 0xd8]) {
        src.seek(SeekFrom::Start(0)).ok()?;
        let frame = jpeg_frame(src)?;
        Header {
            width: frame.width,
            height: frame.height,
            format: Format::Jpeg(frame),
        }
    } else if b.starts_with(b"BM") {
        // BITMAPCOREHEADER (12 bytes) has 16-bit sizes; the later ones signed 32-bit, the
        // height negative for top-down rows.
        let (width, height) = if le32(b, 14)? == 12 {
            (u32::from(le16(b, 18)?), u32::from(le16(b, 20)?))
        } else {
            let w = i32::from_le_bytes(b.get(18..22)?.try_into().ok()?);
            let h = i32::from_le_bytes(b.get(22..26)?.try_into().ok()?);
            (w.unsigned_abs(), h.unsigned_abs())
        };
        Header {
            width,
            height,
            format: Format::Bmp,
        }
    } else {
        let info = image_info(b)?;
        let format = match info.content_type {
            "image/png" => Format::Png {
                interlaced: *b.get(28)? != 0,
            },
            "image/gif" => Format::Gif,
            _ => Format::WebP(match b.get(12..16)? {
                b"VP8L" => WebP::Lossless {
                    alpha: *b.get(24)? & 0x10 != 0,
                },
                b"VP8X" => WebP::Extended {
                    animated: *b.get(20)? & 0x02 != 0,
                },
                _ => WebP::Lossy,
            }),
        };
        Header {
            width: info.width,
            height: info.height,
            format,
        }
    };
    (header.width > 0 && header.height > 0).then_some(header)
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
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

/// A JPEG's frame header: its size, and what its decoder holds besides the pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JpegFrame {
    pub width: u32,
    pub height: u32,
    /// Colour components (1 grey, 3 YCbCr, 4 CMYK).
    pub components: u32,
    /// Progressive: every coefficient of every block is kept until the last scan.
    pub progressive: bool,
    /// Coefficients in all blocks of all components (64 a block), subsampling counted.
    pub coefficients: u64,
}

/// Walks the JPEG segments to the first frame header: baseline, extended sequential or
/// progressive (the ones Go's decoder reads). Seeks over other segments, so a frame behind
/// megabytes of metadata is found without reading them.
pub fn jpeg_frame(src: &mut (impl Read + Seek)) -> Option<JpegFrame> {
    fn byte(src: &mut impl Read) -> Option<u8> {
        let mut b = [0u8; 1];
        src.read_exact(&mut b).ok()?;
        Some(b[0])
    }
    if (byte(src)?, byte(src)?) != (0xff, 0xd8) {
        return None;
    }
    loop {
        if byte(src)? != 0xff {
            return None;
        }
        // Fill bytes: any number of 0xFF before the marker.
        let mut marker = byte(src)?;
        while marker == 0xff {
            marker = byte(src)?;
        }
        match marker {
            // Markers without a length.
            0x01 | 0xd0..=0xd8 => continue,
            // End of image or start of scan before any frame header.
            0xd9 | 0xda => return None,
            0xc0..=0xc2 => return sof(src, marker == 0xc2),
            // Lossless, hierarchical and arithmetic-coded frames: not decoded by Mattermost.
            0xc3 | 0xc5..=0xc7 | 0xc9..=0xcb | 0xcd..=0xcf => return None,
            _ => {
                let mut len = [0u8; 2];
                src.read_exact(&mut len).ok()?;
                let len = u16::from_be_bytes(len);
                if len < 2 {
                    return None;
                }
                src.seek(SeekFrom::Current(i64::from(len) - 2)).ok()?;
            }
        }
    }
}

/// The frame header after its marker: length, precision, height, width, then three bytes per
/// component (id, sampling factors, table).
fn sof(src: &mut impl Read, progressive: bool) -> Option<JpegFrame> {
    let mut head = [0u8; 8];
    src.read_exact(&mut head).ok()?;
    let height = u32::from(u16::from_be_bytes([head[3], head[4]]));
    let width = u32::from(u16::from_be_bytes([head[5], head[6]]));
    let components = u32::from(head[7]);
    if components == 0 || components > 4 {
        return None;
    }
    let mut sampling = Vec::with_capacity(components as usize);
    for _ in 0..components {
        let mut c = [0u8; 3];
        src.read_exact(&mut c).ok()?;
        let (h, v) = (u64::from(c[1] >> 4), u64::from(c[1] & 15));
        if h == 0 || v == 0 {
            return None;
        }
        sampling.push((h, v));
    }
    let h_max = sampling.iter().map(|s| s.0).max()?;
    let v_max = sampling.iter().map(|s| s.1).max()?;
    // Whole MCUs are decoded, so every component is padded to them.
    let mcus_x = u64::from(width).div_ceil(8 * h_max);
    let mcus_y = u64::from(height).div_ceil(8 * v_max);
    let coefficients = sampling
        .iter()
        .map(|&(h, v)| mcus_x * h * mcus_y * v * 64)
        .sum();
    Some(JpegFrame {
        width,
        height,
        components,
        progressive,
        coefficients,
    })
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
            // Three components (YCbCr 4:2:0), as the frame header's length of 17 says.
            b.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
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
        j.extend_from_slice(&[1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]);
        assert_eq!(info(&j), Some(("image/jpeg", 50, 40)));
        assert_eq!(
            info(&[0xff, 0xd8, 0xff, 0xda, 0x00]),
            None,
            "scan before frame"
        );
        assert_eq!(info(&[0xff, 0xd8, 0xff]), None);
        let mut no_sampling = j.clone();
        no_sampling[j.len() - 8] = 0;
        assert_eq!(info(&no_sampling), None, "a component without samples");
    }

    #[test]
    fn finds_jpeg_frames_behind_large_segments() {
        // SOI, three 64 KB APP1 segments, then a progressive frame of 4:2:0 YCbCr, 100×60.
        let mut j = vec![0xff, 0xd8];
        for _ in 0..3 {
            j.extend_from_slice(&[0xff, 0xe1, 0xff, 0xff]);
            j.extend_from_slice(&[0u8; 65533]);
        }
        j.extend_from_slice(&[0xff, 0xc2, 0x00, 0x11, 0x08, 0x00, 0x3c, 0x00, 0x64, 0x03]);
        j.extend_from_slice(&[1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        let frame = jpeg_frame(&mut std::io::Cursor::new(&j)).expect("a frame");
        assert_eq!(
            (frame.width, frame.height, frame.progressive),
            (100, 60, true)
        );
        // MCUs of 16×16: 7×4 of them, four luma blocks and one of each chroma in each.
        assert_eq!(frame.coefficients, 7 * 4 * 6 * 64);
        let header = read_header(&mut std::io::Cursor::new(&j)).expect("a header");
        assert_eq!((header.width, header.height), (100, 60));
        assert_eq!(info(&j), Some(("image/jpeg", 100, 60)));
    }

    #[test]
    fn reads_png_interlacing_and_bmp_sizes() {
        let mut p = png(300, 20);
        assert_eq!(
            read_header(&mut std::io::Cursor::new(&p)).map(|h| h.format),
            Some(Format::Png { interlaced: false })
        );
        p[28] = 1;
        assert_eq!(
            read_header(&mut std::io::Cursor::new(&p)).map(|h| h.format),
            Some(Format::Png { interlaced: true })
        );
        let mut bmp = b"BM".to_vec();
        bmp.resize(14, 0);
        bmp.extend_from_slice(&40u32.to_le_bytes());
        bmp.extend_from_slice(&640i32.to_le_bytes());
        bmp.extend_from_slice(&(-480i32).to_le_bytes());
        bmp.resize(54, 0);
        let h = read_header(&mut std::io::Cursor::new(&bmp)).expect("bmp");
        assert_eq!((h.width, h.height, h.format), (640, 480, Format::Bmp));
    }

    #[test]
    fn reads_webp_canvases() {
        // Lossless: width-1 and height-1 in 14-bit fields.
        let mut lossless = b"RIFF\x00\x00\x00\x00WEBPVP8L\x00\x00\x00\x00\x2f".to_vec();
        lossless.extend_from_slice(&(99u32 | (49 << 14)).to_le_bytes());
        assert_eq!(info(&lossless), Some(("image/webp", 100, 50)));
        let header = |b: &[u8]| read_header(&mut std::io::Cursor::new(b)).map(|h| h.format);
        assert_eq!(
            header(&lossless),
            Some(Format::WebP(WebP::Lossless { alpha: false }))
        );
        lossless[24] |= 0x10;
        assert_eq!(
            header(&lossless),
            Some(Format::WebP(WebP::Lossless { alpha: true }))
        );
        // Extended: 24-bit canvas width-1 and height-1.
        let mut extended = b"RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x10\x00\x00\x00".to_vec();
        extended.extend_from_slice(&[0x03, 0x04, 0x00, 0xff, 0x03, 0x00]);
        assert_eq!(info(&extended), Some(("image/webp", 1028, 1024)));
        assert_eq!(
            header(&extended),
            Some(Format::WebP(WebP::Extended { animated: false }))
        );
        extended[20] |= 0x02;
        assert_eq!(
            header(&extended),
            Some(Format::WebP(WebP::Extended { animated: true }))
        );
    }
}
