//! Thumbnails, previews and mini previews of uploaded images, at Mattermost's sizes, and square
//! pictures. Decoding is CPU and memory work: callers first read the header ([`inspect`]), wait
//! until the plan's cost in bytes of the decoding budget is free, and then run it on a blocking
//! thread. Pixels go from the decoder straight into shrinkers, so nothing is held at full size
//! that the decoder itself does not hold.

mod decode;
mod shrink;

use image::metadata::Orientation;
use image::{DynamicImage, RgbImage, RgbaImage};
use std::io::{BufRead, Cursor, Seek};

use crate::images::{Header, read_header};
use shrink::{Rect, Shrinker, shrink};

/// Mattermost's thumbnail box and preview width.
pub const THUMBNAIL_WIDTH: u32 = 120;
pub const THUMBNAIL_HEIGHT: u32 = 100;
pub const PREVIEW_WIDTH: u32 = 1920;
/// Mini previews are this many pixels square.
const MINI: u32 = 16;
const JPEG_QUALITY: u8 = 90;
/// The most a JPEG rendition may measure along a side (the format's limit).
const JPEG_MAX_SIDE: u32 = 65_535;

/// What an image upload produces.
pub struct Processed {
    /// Dimensions after applying the EXIF orientation.
    pub width: u32,
    pub height: u32,
    pub thumbnail: Vec<u8>,
    pub preview: Vec<u8>,
    /// Base64 of a tiny JPEG.
    pub mini_preview: String,
}

/// What reading an image's header found.
pub enum Inspected {
    /// Not an image Stoa decodes, or a header that does not parse: kept as a plain file.
    Unreadable,
    /// More pixels than `MaxImageResolution`: kept with its dimensions only.
    TooLarge {
        width: u32,
        height: u32,
    },
    Decodable(Plan),
}

/// An image that may be decoded, and what decoding it will hold.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    header: Header,
    /// Bytes the decoder holds, besides what it renders into.
    decoding: u64,
}

impl Plan {
    /// Dimensions as declared (before the EXIF orientation).
    pub fn size(&self) -> (u32, u32) {
        (self.header.width, self.header.height)
    }

    /// Bytes that making the thumbnail, preview and mini preview holds at most.
    pub fn renditions_cost(&self) -> u64 {
        let (w, h) = self.size();
        let layout = |w, h| {
            let (pw, ph) = preview_size(w, h);
            let (tw, th) = thumbnail_size(w, h);
            pixels(pw, ph) + pixels(tw, th)
        };
        // The orientation is known once decoding starts: the larger of the two layouts.
        self.cost_for(layout(w, h).max(layout(h, w)))
    }

    /// Bytes that making a `side`-pixel square picture holds at most.
    pub fn square_cost(&self, side: u32) -> u64 {
        self.cost_for(pixels(side, side))
    }

    /// While decoding: the decoder's memory and the shrinkers' RGBA output. After it (the
    /// decoder's memory freed): that RGBA while it is flattened to RGB (7 bytes a pixel), then
    /// the RGB with a turned copy of it, or with its JPEG or PNG (at most as large), and slack.
    fn cost_for(&self, output_pixels: u64) -> u64 {
        (self.decoding + output_pixels * 4).max(output_pixels * 8)
    }
}

fn pixels(w: u32, h: u32) -> u64 {
    u64::from(w) * u64::from(h)
}

/// Reads the header of an image (its first bytes; for JPEG, seeking over its metadata to the
/// frame) and checks its declared size against `max_pixels`. Nothing is decoded.
pub fn inspect(src: &mut (impl BufRead + Seek), max_pixels: u64, file_size: u64) -> Inspected {
    let Some(header) = read_header(src) else {
        return Inspected::Unreadable;
    };
    if pixels(header.width, header.height) > max_pixels {
        return Inspected::TooLarge {
            width: header.width,
            height: header.height,
        };
    }
    Inspected::Decodable(Plan {
        header,
        decoding: decode::cost(&header, file_size),
    })
}

/// The sizes of an image's renditions, known once its orientation is.
struct Sizes {
    upright: (u32, u32),
    preview: (u32, u32),
    thumbnail: (u32, u32),
}

/// Decodes the image, applies its EXIF orientation and renders the thumbnail, preview and mini
/// preview as JPEG. `None` when it does not decode, or turns out other than its header said.
pub fn render(mut src: impl BufRead + Seek, plan: &Plan) -> Option<Processed> {
    src.rewind().ok()?;
    let (w, h) = plan.size();
    let whole = Rect {
        x: 0,
        y: 0,
        width: w,
        height: h,
    };
    let mut sizes = None;
    let (orientation, shrinkers) =
        decode::decode(src, &plan.header, plan.renditions_cost(), |orientation| {
            let (uw, uh) = upright(w, h, orientation);
            let s = Sizes {
                upright: (uw, uh),
                preview: preview_size(uw, uh),
                thumbnail: thumbnail_size(uw, uh),
            };
            let raw = |(a, b)| upright(a, b, orientation);
            let (pw, ph) = raw(s.preview);
            let mut shrinkers = vec![Shrinker::new(whole, pw, ph)];
            // A thumbnail larger than the preview (very wide pictures) comes from the source.
            if s.thumbnail.0 > s.preview.0 || s.thumbnail.1 > s.preview.1 {
                let (tw, th) = raw(s.thumbnail);
                shrinkers.push(Shrinker::new(whole, tw, th));
            }
            sizes = Some(s);
            shrinkers
        })?;
    let s = sizes?;
    let longest = [s.preview.0, s.preview.1, s.thumbnail.0, s.thumbnail.1];
    if longest.into_iter().max()? > JPEG_MAX_SIDE {
        return None;
    }
    let mut done = shrinkers.into_iter().map(Shrinker::finish);
    let preview = upright_rgb(done.next()??, orientation);
    let thumbnail = match done.next() {
        Some(from_source) => upright_rgb(from_source?, orientation),
        None => flatten(shrink(&preview, s.thumbnail.0, s.thumbnail.1)?),
    };
    let mini = flatten(shrink(&preview, MINI, MINI)?);
    Some(Processed {
        width: s.upright.0,
        height: s.upright.1,
        thumbnail: jpeg(&thumbnail)?,
        preview: jpeg(&preview)?,
        mini_preview: base64(&jpeg(&mini)?),
    })
}

/// Why an image could not become a square picture.
#[derive(Debug, PartialEq, Eq)]
pub enum SquareError {
    /// The header is unreadable, or declares more pixels than may be decoded.
    Limits,
    /// The pixels do not decode.
    Decode,
}

/// An uploaded picture (profile pictures, team icons) made upright, scaled to cover
/// `side`×`side`, cropped to the centre and re-encoded as PNG, so what is served is always small
/// and well-formed.
pub fn square_png(bytes: &[u8], plan: &Plan, side: u32) -> Result<Vec<u8>, SquareError> {
    let (w, h) = plan.size();
    // The centred square holds the same pixels whichever way the picture is turned.
    let s = w.min(h);
    let crop = Rect {
        x: (w - s) / 2,
        y: (h - s) / 2,
        width: s,
        height: s,
    };
    let (orientation, shrinkers) = decode::decode(
        Cursor::new(bytes),
        &plan.header,
        plan.square_cost(side),
        |_| vec![Shrinker::new(crop, side, side)],
    )
    .ok_or(SquareError::Decode)?;
    let square = shrinkers
        .into_iter()
        .next()
        .and_then(Shrinker::finish)
        .ok_or(SquareError::Decode)?;
    let mut square = DynamicImage::ImageRgba8(square);
    square.apply_orientation(orientation);
    if square.as_bytes().chunks_exact(4).all(|p| p[3] == 255) {
        square = DynamicImage::ImageRgb8(square.to_rgb8());
    }
    let mut out = Cursor::new(Vec::new());
    square
        .write_to(&mut out, image::ImageFormat::Png)
        .map_err(|_| SquareError::Decode)?;
    Ok(out.into_inner())
}

/// The size after the EXIF orientation (a quarter turn swaps the sides).
fn upright(w: u32, h: u32, orientation: Orientation) -> (u32, u32) {
    match orientation {
        Orientation::Rotate90
        | Orientation::Rotate270
        | Orientation::Rotate90FlipH
        | Orientation::Rotate270FlipH => (h, w),
        _ => (w, h),
    }
}

/// A shrunk rendition, flattened and turned upright.
fn upright_rgb(img: RgbaImage, orientation: Orientation) -> RgbImage {
    let mut img = DynamicImage::ImageRgb8(flatten(img));
    img.apply_orientation(orientation);
    img.into_rgb8()
}

/// `from`×`num`/`den`, rounded, at least 1.
fn scaled(from: u32, num: u32, den: u32) -> u32 {
    let v = (u64::from(from) * u64::from(num) + u64::from(den) / 2) / u64::from(den);
    u32::try_from(v.max(1)).unwrap_or(u32::MAX)
}

/// Mattermost's preview: 1920 wide, or as it is when narrower.
fn preview_size(w: u32, h: u32) -> (u32, u32) {
    if w > PREVIEW_WIDTH {
        (PREVIEW_WIDTH, scaled(h, PREVIEW_WIDTH, w))
    } else {
        (w, h)
    }
}

/// Mattermost's thumbnail: small images as they are; others scaled to fill the 120×100 box
/// (100 high when wider than the box's shape, else 120 wide), clients cropping the overflow.
fn thumbnail_size(w: u32, h: u32) -> (u32, u32) {
    if w < THUMBNAIL_WIDTH && h < THUMBNAIL_HEIGHT {
        return (w, h);
    }
    let wider =
        u64::from(h) * u64::from(THUMBNAIL_WIDTH) < u64::from(w) * u64::from(THUMBNAIL_HEIGHT);
    if wider {
        (scaled(w, THUMBNAIL_HEIGHT, h), THUMBNAIL_HEIGHT)
    } else {
        (THUMBNAIL_WIDTH, scaled(h, THUMBNAIL_WIDTH, w))
    }
}

/// Transparent pixels become white (JPEG has no alpha, and black would hide dark drawings).
fn flatten(img: RgbaImage) -> RgbImage {
    let (w, h) = img.dimensions();
    let mut out = Vec::with_capacity(w as usize * h as usize * 3);
    for p in img.as_raw().chunks_exact(4) {
        let a = u16::from(p[3]);
        for &c in &p[..3] {
            out.push(((u16::from(c) * a + 255 * (255 - a)) / 255) as u8);
        }
    }
    drop(img);
    RgbImage::from_raw(w, h, out).unwrap_or_default()
}

fn jpeg(img: &RgbImage) -> Option<Vec<u8>> {
    let mut out = Cursor::new(Vec::new());
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
    img.write_with_encoder(encoder).ok()?;
    Some(out.into_inner())
}

/// Standard base64 with padding (what Mattermost's `mini_preview` holds).
pub fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(T[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn write_png(path: &Path, w: u32, h: u32) {
        let img = image::RgbaImage::from_fn(w, h, |x, y| {
            image::Rgba([(x % 256) as u8, (y % 256) as u8, 90, 255])
        });
        img.save(path).expect("save png");
    }

    fn process(path: &Path, max_pixels: u64) -> Option<Processed> {
        let size = std::fs::metadata(path).expect("file").len();
        let mut src = std::io::BufReader::new(std::fs::File::open(path).expect("open"));
        match inspect(&mut src, max_pixels, size) {
            Inspected::Decodable(plan) => render(src, &plan),
            _ => None,
        }
    }

    fn inspect_file(path: &Path, max_pixels: u64) -> Inspected {
        let mut src = std::io::BufReader::new(std::fs::File::open(path).expect("open"));
        inspect(&mut src, max_pixels, 0)
    }

    #[test]
    fn thumbnails_fit_mattermost_sizes() {
        let dir = std::env::temp_dir().join(format!("stoa-img-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let p = dir.join("wide.png");
        write_png(&p, 2400, 600);
        let out = process(&p, 100_000_000).expect("renders");
        assert_eq!((out.width, out.height), (2400, 600));
        let thumb = image::load_from_memory(&out.thumbnail).expect("thumb decodes");
        // Wider than the box: 100 high, as Mattermost makes it.
        assert_eq!((thumb.width(), thumb.height()), (400, 100));
        let preview = image::load_from_memory(&out.preview).expect("preview decodes");
        assert_eq!((preview.width(), preview.height()), (1920, 480));
        assert!(!out.mini_preview.is_empty());
        // Over the pixel limit: not decoded, dimensions kept.
        assert!(matches!(
            inspect_file(&p, 1000),
            Inspected::TooLarge {
                width: 2400,
                height: 600
            }
        ));
        std::fs::write(&p, b"\x89PNG\r\n\x1a\nnot really").expect("write");
        assert!(matches!(inspect_file(&p, 1000), Inspected::Unreadable));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn very_wide_pictures_get_their_thumbnail_from_the_source() {
        let dir = std::env::temp_dir().join(format!("stoa-wide-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let p = dir.join("strip.png");
        write_png(&p, 4000, 100);
        let out = process(&p, 100_000_000).expect("renders");
        let thumb = image::load_from_memory(&out.thumbnail).expect("thumb decodes");
        assert_eq!((thumb.width(), thumb.height()), (4000, 100));
        let preview = image::load_from_memory(&out.preview).expect("preview decodes");
        assert_eq!((preview.width(), preview.height()), (1920, 48));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn transparent_pictures_are_flattened_onto_white() {
        let dir = std::env::temp_dir().join(format!("stoa-alpha-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let p = dir.join("clear.png");
        image::RgbaImage::from_pixel(300, 200, image::Rgba([0, 0, 0, 0]))
            .save(&p)
            .expect("save");
        let out = process(&p, 100_000_000).expect("renders");
        let preview = image::load_from_memory(&out.preview).expect("decodes");
        assert!(
            preview
                .to_rgb8()
                .pixels()
                .all(|px| px.0.iter().all(|&c| c > 250))
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn exif_orientation_is_applied() {
        use image::ImageEncoder;
        let dir = std::env::temp_dir().join(format!("stoa-exif-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let p = dir.join("phone.jpg");
        // A 40×20 picture a phone took sideways: EXIF orientation 6 (turn 90° clockwise).
        let pixels = image::RgbImage::from_fn(40, 20, |x, _| image::Rgb([(x * 6) as u8, 0, 0]));
        let exif: Vec<u8> = [
            &b"MM\0*\0\0\0\x08"[..],
            &[0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0],
            &[0, 0, 0, 0],
        ]
        .concat();
        let mut out = Vec::new();
        let mut encoder = image::codecs::jpeg::JpegEncoder::new(&mut out);
        encoder.set_exif_metadata(exif).expect("exif");
        encoder
            .write_image(&pixels, 40, 20, image::ExtendedColorType::Rgb8)
            .expect("encode");
        std::fs::write(&p, &out).expect("write");
        let r = process(&p, 1_000_000).expect("renders");
        assert_eq!((r.width, r.height), (20, 40), "upright");
        let preview = image::load_from_memory(&r.preview)
            .expect("decodes")
            .to_rgb8();
        assert_eq!((preview.width(), preview.height()), (20, 40));
        // Turned clockwise: the picture's left (dark) edge is now its top.
        assert!(preview.get_pixel(10, 0).0[0] < preview.get_pixel(10, 39).0[0]);
        // A square picture of it is upright too.
        let Inspected::Decodable(plan) = inspect(&mut Cursor::new(&out), 1_000_000, 0) else {
            panic!("decodable")
        };
        let square = square_png(&out, &plan, 8).expect("square");
        let square = image::load_from_memory(&square).expect("decodes").to_rgb8();
        assert_eq!(square.dimensions(), (8, 8));
        assert!(square.get_pixel(4, 0).0[0] < square.get_pixel(4, 7).0[0]);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
