//! Image bombs, made by the test (nothing large is kept in git): small files that declare, or
//! decompress to, very large images. Each is made as a stream, so making one holds a row or a
//! block at a time, never the image.

use std::io::Write;

/// A PNG of `width`×`height` zero pixels: about a thousandth of its decoded size.
pub fn png_zeros(width: u32, height: u32, color: png::ColorType, depth: png::BitDepth) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(color);
    encoder.set_depth(depth);
    encoder.set_compression(png::Compression::High);
    let channels = color.samples();
    let row_bytes = (width as usize * channels * depth as usize).div_ceil(8);
    let mut writer = encoder.write_header().expect("png header");
    let mut stream = writer.stream_writer().expect("png stream");
    let row = vec![0u8; row_bytes];
    for _ in 0..height {
        stream.write_all(&row).expect("png row");
    }
    stream.finish().expect("png data");
    writer.finish().expect("png end");
    out
}

/// A PNG whose header declares `width`×`height` over a single zero pixel of data.
pub fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    let mut png = stoa_tests::multipart::tiny_png();
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    // The header's checksum, so that the header is well-formed.
    let crc = stoa_tests::multipart::crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

/// A PNG whose rows are a colour gradient (an ordinary picture that compresses as pictures do).
pub fn png_gradient(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().expect("png header");
    let mut stream = writer.stream_writer().expect("png stream");
    let mut row = vec![0u8; width as usize * 3];
    for y in 0..height {
        for (x, px) in row.chunks_mut(3).enumerate() {
            px.copy_from_slice(&[
                (x / 30) as u8,
                (y / 17) as u8,
                ((x + y as usize) / 50) as u8,
            ]);
        }
        stream.write_all(&row).expect("png row");
    }
    stream.finish().expect("png data");
    writer.finish().expect("png end");
    out
}

/// LZW data of a GIF frame of `pixels` zero pixels, in sub-blocks.
fn gif_zeros(pixels: u64) -> Vec<u8> {
    let mut lzw = Vec::new();
    let result = weezl::encode::Encoder::new(weezl::BitOrder::Lsb, 2)
        .into_stream(&mut lzw)
        .encode_all(std::io::BufReader::with_capacity(
            1 << 16,
            std::io::Read::take(std::io::repeat(0), pixels),
        ));
    result.status.expect("lzw");
    let mut out = vec![2u8];
    for block in lzw.chunks(255) {
        out.push(block.len() as u8);
        out.extend_from_slice(block);
    }
    out.push(0);
    out
}

/// A GIF with a `screen` and `frames` frames of `frame` size at the top left, each all zeros.
pub fn gif(screen: (u16, u16), frame: (u16, u16), frames: usize) -> Vec<u8> {
    let mut out = b"GIF89a".to_vec();
    out.extend_from_slice(&screen.0.to_le_bytes());
    out.extend_from_slice(&screen.1.to_le_bytes());
    // A global table of two colours, black and white.
    out.extend_from_slice(&[0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff]);
    let data = gif_zeros(u64::from(frame.0) * u64::from(frame.1));
    for _ in 0..frames {
        // Graphic control: 1/100 s a frame.
        out.extend_from_slice(&[0x21, 0xf9, 4, 0, 1, 0, 0, 0]);
        out.push(b',');
        out.extend_from_slice(&[0, 0, 0, 0]);
        out.extend_from_slice(&frame.0.to_le_bytes());
        out.extend_from_slice(&frame.1.to_le_bytes());
        out.push(0);
        out.extend_from_slice(&data);
    }
    out.push(b';');
    out
}

/// Bits written least significant first, as VP8L reads them.
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    used: u32,
}

impl Bits {
    fn put(&mut self, value: u32, count: u32) {
        for i in 0..count {
            if self.used.is_multiple_of(8) {
                self.out.push(0);
            }
            if value >> i & 1 == 1 {
                *self.out.last_mut().expect("a byte") |= 1 << (self.used % 8);
            }
            self.used += 1;
        }
    }
}

/// A lossless WebP of `width`×`height` (each at most 16384) black pixels in a few dozen bytes:
/// every prefix code has one symbol, so a pixel takes no bits at all.
pub fn webp_lossless(width: u32, height: u32) -> Vec<u8> {
    let mut b = Bits::default();
    b.put(0x2f, 8);
    b.put(width - 1, 14);
    b.put(height - 1, 14);
    b.put(1, 1); // alpha used
    b.put(0, 3); // version
    b.put(0, 1); // no transform
    b.put(0, 1); // no colour cache
    b.put(0, 1); // no meta prefix codes
    // Green, red, blue, alpha, distance: simple codes of one symbol (0, 0, 0, 255, 0).
    for symbol in [0, 0, 0, 255, 0] {
        b.put(1, 1); // simple
        b.put(0, 1); // one symbol
        if symbol < 2 {
            b.put(0, 1);
            b.put(symbol, 1);
        } else {
            b.put(1, 1);
            b.put(symbol, 8);
        }
    }
    let mut chunk = b.out;
    let len = chunk.len() as u32;
    if chunk.len() % 2 == 1 {
        chunk.push(0);
    }
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&(4 + 8 + chunk.len() as u32).to_le_bytes());
    out.extend_from_slice(b"WEBPVP8L");
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&chunk);
    out
}

/// A small JPEG with `segments` extra APP1 (EXIF) segments of 64 KB before its frame.
pub fn jpeg_with_exif(segments: usize) -> Vec<u8> {
    use image::ImageEncoder;
    let pixels =
        image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]));
    let mut small = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut small)
        .write_image(&pixels, 64, 48, image::ExtendedColorType::Rgb8)
        .expect("jpeg");
    let mut out = small[..2].to_vec();
    let mut payload = b"Exif\0\0MM\0*\0\0\0\x08".to_vec();
    payload.resize(65533, 0x5a);
    for _ in 0..segments {
        out.extend_from_slice(&[0xff, 0xe1, 0xff, 0xff]);
        out.extend_from_slice(&payload);
    }
    out.extend_from_slice(&small[2..]);
    out
}

/// A JPEG declaring `width`×`height` with three full-resolution components and almost no
/// data (every block decodes to grey). Baseline, the decoder writes the pixels out as it goes;
/// progressive, it also keeps every coefficient of every block until the last scan.
pub fn jpeg_bomb(width: u16, height: u16, progressive: bool) -> Vec<u8> {
    let mut out = vec![0xff, 0xd8];
    // One quantisation table of ones.
    out.extend_from_slice(&[0xff, 0xdb, 0, 67, 0]);
    out.extend_from_slice(&[1u8; 64]);
    // The frame: 8-bit, three components sampled 1×1, table 0.
    let sof = if progressive { 0xc2 } else { 0xc0 };
    out.extend_from_slice(&[0xff, sof, 0, 17, 8]);
    out.extend_from_slice(&height.to_be_bytes());
    out.extend_from_slice(&width.to_be_bytes());
    out.extend_from_slice(&[3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]);
    // Huffman tables of one code each (length 1): DC difference 0, and AC end of block.
    for class in [0x00, 0x10] {
        out.extend_from_slice(&[0xff, 0xc4, 0, 20, class, 1]);
        out.extend_from_slice(&[0u8; 15]);
        out.push(0);
    }
    // One scan of all three components: DC only when progressive, everything when baseline.
    let end_of_spectrum = if progressive { 0 } else { 63 };
    out.extend_from_slice(&[
        0xff,
        0xda,
        0,
        12,
        3,
        1,
        0,
        2,
        0,
        3,
        0,
        0,
        end_of_spectrum,
        0,
    ]);
    out.extend_from_slice(&[0u8; 64]);
    out.extend_from_slice(&[0xff, 0xd9]);
    out
}

/// The image's size as the image crate reads it (checks that a bomb is well-formed).
pub fn decodes_as(bytes: &[u8]) -> (u32, u32) {
    let img = image::load_from_memory(bytes).expect("a valid image");
    (img.width(), img.height())
}
