//! Decoding an image into shrinkers, a row at a time, within a memory limit, and what that
//! takes. PNG rows go to the shrinkers as they are inflated, so a PNG is never held whole;
//! JPEG, GIF, WebP and BMP are decoded whole by the image crate first (its JPEG decoder,
//! zune-jpeg, cannot scale while decoding, nor can the others), and the estimate counts that.

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::{BufRead, Seek};

use super::shrink::Shrinker;
use crate::images::{Format, Header, WebP};

/// Slack for a decoder's own small buffers, tables and streams.
const OVERHEAD: u64 = 1024 * 1024;

/// Bytes that decoding an image of this header holds at most, besides what its rows go into.
/// `file_size` counts for JPEG, which the image crate reads into memory whole.
pub fn cost(header: &Header, file_size: u64) -> u64 {
    let (w, h) = (u64::from(header.width), u64::from(header.height));
    let pixels = w * h;
    // A few rows of the widest kind (16-bit RGBA), inflated, unfiltered and converted.
    let rows = w * 8 * 4;
    OVERHEAD
        + rows
        + match header.format {
            Format::Png { interlaced: false } => 0,
            // The passes fill one 8-bit buffer of up to four channels.
            Format::Png { interlaced: true } => pixels * 4,
            Format::Jpeg(frame) => {
                // CMYK is read as four channels; grey as one; the rest as RGB.
                let channels = match frame.components {
                    1 => 1,
                    4 => 4,
                    _ => 3,
                };
                let coefficients = if frame.progressive {
                    frame.coefficients * 2
                } else {
                    0
                };
                file_size + pixels * channels + coefficients
            }
            // The canvas, and a first frame smaller than the screen in a buffer of its own.
            Format::Gif => pixels * 8,
            Format::WebP(kind) => {
                pixels
                    * match kind {
                        // RGB, beside the luma and chroma planes.
                        WebP::Lossy => 5,
                        WebP::Lossless { alpha: true } => 4,
                        // RGB, decoded through an RGBA buffer.
                        WebP::Lossless { alpha: false } => 7,
                        // Lossy RGB with an alpha plane (RGBA written, planes beside it).
                        WebP::Extended { animated: false } => 7,
                        // The canvas and a frame as large, with its planes.
                        WebP::Extended { animated: true } => 11,
                    }
            }
            Format::Bmp => pixels * 4,
        }
}

/// Decodes the image, pushing each row (as RGBA) into every shrinker `start` makes once the
/// orientation is known. `None` when it does not decode, or would take more than `limit` bytes
/// where the decoder checks, or is not the size its header declared.
pub fn decode<R: BufRead + Seek>(
    src: R,
    header: &Header,
    limit: u64,
    start: impl FnOnce(Orientation) -> Vec<Shrinker>,
) -> Option<(Orientation, Vec<Shrinker>)> {
    match header.format {
        Format::Png { .. } => png_rows(src, header, limit, start),
        Format::Jpeg(_) => image_rows(src, ImageFormat::Jpeg, header, limit, start),
        Format::Gif => image_rows(src, ImageFormat::Gif, header, limit, start),
        Format::WebP(_) => image_rows(src, ImageFormat::WebP, header, limit, start),
        Format::Bmp => image_rows(src, ImageFormat::Bmp, header, limit, start),
    }
}

fn png_rows<R: BufRead + Seek>(
    src: R,
    header: &Header,
    limit: u64,
    start: impl FnOnce(Orientation) -> Vec<Shrinker>,
) -> Option<(Orientation, Vec<Shrinker>)> {
    let bytes = usize::try_from(limit).unwrap_or(usize::MAX);
    let mut decoder = png::Decoder::new_with_limits(src, png::Limits { bytes });
    // Palettes and transparency expanded, 16-bit samples cut to 8: what previews are made of.
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    decoder.set_ignore_text_chunk(true);
    decoder.set_ignore_iccp_chunk(true);
    let mut reader = decoder.read_info().ok()?;
    let info = reader.info();
    if (info.width, info.height) != (header.width, header.height) {
        return None;
    }
    let interlaced = info.interlaced;
    let orientation = info
        .exif_metadata
        .as_deref()
        .and_then(Orientation::from_exif_chunk)
        .unwrap_or(Orientation::NoTransforms);
    let channels = reader.output_color_type().0.samples();
    let mut shrinkers = start(orientation);
    let mut rgba = Vec::with_capacity(header.width as usize * 4);
    let mut push = |y: u32, row: &[u8]| {
        to_rgba(row, channels, &mut rgba);
        for s in &mut shrinkers {
            s.push(y, &rgba);
        }
    };
    if interlaced {
        let mut frame = vec![0; reader.output_buffer_size()?];
        reader.next_frame(&mut frame).ok()?;
        let line = header.width as usize * channels;
        for (y, row) in frame.chunks_exact(line).enumerate() {
            push(y as u32, row);
        }
    } else {
        let mut y = 0;
        while let Some(row) = reader.next_row().ok()? {
            push(y, row.data());
            y += 1;
        }
    }
    Some((orientation, shrinkers))
}

fn image_rows<R: BufRead + Seek>(
    src: R,
    format: ImageFormat,
    header: &Header,
    limit: u64,
    start: impl FnOnce(Orientation) -> Vec<Shrinker>,
) -> Option<(Orientation, Vec<Shrinker>)> {
    let mut reader = ImageReader::with_format(src, format);
    let mut limits = Limits::no_limits();
    limits.max_alloc = Some(limit);
    // What the header declared: a decoder that finds otherwise stops.
    limits.max_image_width = Some(header.width);
    limits.max_image_height = Some(header.height);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().ok()?;
    if decoder.dimensions() != (header.width, header.height) {
        return None;
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let img = DynamicImage::from_decoder(decoder).ok()?;
    let mut shrinkers = start(orientation);
    let (w, channels) = (img.width() as usize, img.color().channel_count() as usize);
    let mut rgba = Vec::with_capacity(w * 4);
    match &img {
        DynamicImage::ImageLuma8(_)
        | DynamicImage::ImageLumaA8(_)
        | DynamicImage::ImageRgb8(_)
        | DynamicImage::ImageRgba8(_) => {
            for (y, row) in img.as_bytes().chunks_exact(w * channels).enumerate() {
                to_rgba(row, channels, &mut rgba);
                for s in &mut shrinkers {
                    s.push(y as u32, &rgba);
                }
            }
        }
        // Deeper samples (none of these formats makes them today): a pixel at a time.
        _ => {
            for y in 0..img.height() {
                rgba.clear();
                for x in 0..img.width() {
                    rgba.extend_from_slice(&image::GenericImageView::get_pixel(&img, x, y).0);
                }
                for s in &mut shrinkers {
                    s.push(y, &rgba);
                }
            }
        }
    }
    Some((orientation, shrinkers))
}

/// A row of 8-bit grey, grey and alpha, RGB or RGBA pixels as RGBA.
fn to_rgba(row: &[u8], channels: usize, out: &mut Vec<u8>) {
    out.clear();
    if channels == 4 {
        out.extend_from_slice(row);
        return;
    }
    out.resize(row.len() / channels * 4, 255);
    // Index loops, as in the shrinker: this runs once per source pixel.
    let (mut from, mut to) = (0, 0);
    while from + channels <= row.len() {
        match channels {
            1 => out[to..to + 3].fill(row[from]),
            2 => {
                out[to..to + 3].fill(row[from]);
                out[to + 3] = row[from + 1];
            }
            _ => out[to..to + 3].copy_from_slice(&row[from..from + 3]),
        }
        from += channels;
        to += 4;
    }
}
