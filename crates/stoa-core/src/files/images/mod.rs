//! Thumbnails, previews and mini previews of uploaded images, at Mattermost's sizes. Decoding is
//! CPU work: callers run it on a blocking thread, a few at a time.

use image::{DynamicImage, GenericImageView, ImageReader, Limits};
use std::io::Cursor;
use std::path::Path;

/// Mattermost's thumbnail box and preview width.
pub const THUMBNAIL_WIDTH: u32 = 120;
pub const THUMBNAIL_HEIGHT: u32 = 100;
pub const PREVIEW_WIDTH: u32 = 1920;
/// Mini previews are this many pixels square.
const MINI: u32 = 16;
const JPEG_QUALITY: u8 = 90;
/// Most bytes the decoder may allocate for one image.
const MAX_ALLOC: u64 = 512 * 1024 * 1024;

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

/// What became of an uploaded image.
pub enum Outcome {
    Rendered(Processed),
    /// Its header declares more pixels than may be decoded: kept with its dimensions only.
    TooLarge {
        width: u32,
        height: u32,
    },
    /// Not an image the decoder reads (or a damaged one): kept as a plain file.
    Unreadable,
}

/// Reads the image's declared size from its header and, within `max_pixels`, decodes it,
/// applies its EXIF orientation and renders the thumbnail, preview and mini preview as JPEG.
pub fn process(path: &Path, max_pixels: u64) -> Outcome {
    let Some((width, height)) = declared_size(path) else {
        return Outcome::Unreadable;
    };
    if u64::from(width) * u64::from(height) > max_pixels {
        return Outcome::TooLarge { width, height };
    }
    render(path).map_or(Outcome::Unreadable, Outcome::Rendered)
}

fn reader(path: &Path) -> Option<ImageReader<std::io::BufReader<std::fs::File>>> {
    let mut reader = ImageReader::open(path).ok()?.with_guessed_format().ok()?;
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    Some(reader)
}

/// The dimensions the header declares, before any pixel is decoded.
fn declared_size(path: &Path) -> Option<(u32, u32)> {
    reader(path)?
        .into_dimensions()
        .ok()
        .filter(|&(w, h)| w > 0 && h > 0)
}

fn render(path: &Path) -> Option<Processed> {
    let reader = reader(path)?;
    let mut decoder = reader.into_decoder().ok()?;
    let orientation = image::ImageDecoder::orientation(&mut decoder).ok();
    let mut img = DynamicImage::from_decoder(decoder).ok()?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    let (width, height) = img.dimensions();
    // Downscaling by area averaging (`thumbnail`): no floating-point copy of a large image, and
    // the full-size pixels are held once.
    let flat = flatten(img);
    let thumbnail = jpeg(&thumbnail(&flat))?;
    let preview = if width > PREVIEW_WIDTH {
        jpeg(&flat.thumbnail(PREVIEW_WIDTH, u32::MAX))?
    } else {
        jpeg(&flat)?
    };
    let mini = jpeg(&flat.thumbnail_exact(MINI, MINI))?;
    Some(Processed {
        width,
        height,
        thumbnail,
        preview,
        mini_preview: base64(&mini),
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

/// An uploaded picture (team icons) made upright, scaled to cover `side`×`side`, cropped to
/// the centre and re-encoded as PNG, so what is served is always small and well-formed. Its
/// declared size is checked against `max_pixels` before a pixel is decoded.
pub fn square_png(bytes: &[u8], side: u32, max_pixels: u64) -> Result<Vec<u8>, SquareError> {
    let reader = || -> Result<ImageReader<Cursor<&[u8]>>, SquareError> {
        let mut r = ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|_| SquareError::Limits)?;
        let mut limits = Limits::default();
        limits.max_alloc = Some(MAX_ALLOC);
        r.limits(limits);
        Ok(r)
    };
    let (w, h) = reader()?
        .into_dimensions()
        .map_err(|_| SquareError::Limits)?;
    if w == 0 || h == 0 || u64::from(w) * u64::from(h) > max_pixels {
        return Err(SquareError::Limits);
    }
    let mut decoder = reader()?.into_decoder().map_err(|_| SquareError::Decode)?;
    let orientation = image::ImageDecoder::orientation(&mut decoder).ok();
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| SquareError::Decode)?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    let square = img.resize_to_fill(side, side, image::imageops::FilterType::Lanczos3);
    let mut out = Cursor::new(Vec::new());
    square
        .write_to(&mut out, image::ImageFormat::Png)
        .map_err(|_| SquareError::Decode)?;
    Ok(out.into_inner())
}

/// Mattermost's thumbnail: small images as they are; others scaled to fill the 120×100 box
/// (100 high when wider than the box's shape, else 120 wide), clients cropping the overflow.
fn thumbnail(img: &DynamicImage) -> DynamicImage {
    let (w, h) = (img.width(), img.height());
    if w < THUMBNAIL_WIDTH && h < THUMBNAIL_HEIGHT {
        return img.clone();
    }
    let wider =
        u64::from(h) * u64::from(THUMBNAIL_WIDTH) < u64::from(w) * u64::from(THUMBNAIL_HEIGHT);
    if wider {
        img.thumbnail(u32::MAX, THUMBNAIL_HEIGHT)
    } else {
        img.thumbnail(THUMBNAIL_WIDTH, u32::MAX)
    }
}

/// Transparent pixels become white (JPEG has no alpha, and black would hide dark drawings).
fn flatten(img: DynamicImage) -> DynamicImage {
    if let DynamicImage::ImageRgb8(_) = img {
        return img;
    }
    if !img.color().has_alpha() {
        return DynamicImage::ImageRgb8(img.to_rgb8());
    }
    let rgba = img.to_rgba8();
    let mut out = image::RgbImage::new(rgba.width(), rgba.height());
    for (x, y, p) in rgba.enumerate_pixels() {
        let a = u16::from(p[3]);
        let mix = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
        out.put_pixel(x, y, image::Rgb([mix(p[0]), mix(p[1]), mix(p[2])]));
    }
    DynamicImage::ImageRgb8(out)
}

fn jpeg(img: &DynamicImage) -> Option<Vec<u8>> {
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

    fn write_png(path: &Path, w: u32, h: u32) {
        let img = image::RgbaImage::from_fn(w, h, |x, y| {
            image::Rgba([(x % 256) as u8, (y % 256) as u8, 90, 255])
        });
        img.save(path).expect("save png");
    }

    #[test]
    fn thumbnails_fit_mattermost_sizes() {
        let dir = std::env::temp_dir().join(format!("stoa-img-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let p = dir.join("wide.png");
        write_png(&p, 2400, 600);
        let Outcome::Rendered(out) = process(&p, 100_000_000) else {
            panic!("renders")
        };
        assert_eq!((out.width, out.height), (2400, 600));
        let thumb = image::load_from_memory(&out.thumbnail).expect("thumb decodes");
        // Wider than the box: 100 high, as Mattermost makes it.
        assert_eq!((thumb.width(), thumb.height()), (400, 100));
        let preview = image::load_from_memory(&out.preview).expect("preview decodes");
        assert_eq!(preview.width(), 1920);
        assert!(!out.mini_preview.is_empty());
        // Over the pixel limit: not decoded, dimensions kept.
        assert!(matches!(
            process(&p, 1000),
            Outcome::TooLarge {
                width: 2400,
                height: 600
            }
        ));
        std::fs::write(&p, b"\x89PNG\r\n\x1a\nnot really").expect("write");
        assert!(matches!(process(&p, 1000), Outcome::Unreadable));
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
        std::fs::write(&p, out).expect("write");
        let Outcome::Rendered(r) = process(&p, 1_000_000) else {
            panic!("renders")
        };
        assert_eq!((r.width, r.height), (20, 40), "upright");
        let preview = image::load_from_memory(&r.preview).expect("decodes");
        assert_eq!((preview.width(), preview.height()), (20, 40));
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
