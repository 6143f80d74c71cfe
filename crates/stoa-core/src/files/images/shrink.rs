//! Resampling an image a row at a time, as it is decoded: each output pixel is the average of the
//! source pixels it covers (weighted by their opacity), so a picture is shrunk without ever being
//! held at full size, and without the aliasing of picking pixels.

/// Shrinks (or, along an axis shorter than the output, stretches) a rectangle of a source image
/// to `out_w`×`out_h`. Rows are pushed top to bottom as RGBA.
pub struct Shrinker {
    crop: Rect,
    out_w: u32,
    out_h: u32,
    /// For each output column, the source columns it covers (relative to the crop).
    columns: Vec<(u32, u32)>,
    /// Per output pixel of the row being made: Σ red·alpha, Σ green·alpha, Σ blue·alpha, Σ alpha.
    sums: Vec<u64>,
    /// The output row being made.
    next: u32,
    out: Vec<u8>,
}

/// A rectangle of the source, in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

/// The source range `[start, end)` that output index `i` of `out` covers in `len` (at least one).
fn span(i: u32, out: u32, len: u32) -> (u32, u32) {
    let at = |k: u32| (u64::from(k) * u64::from(len) / u64::from(out)) as u32;
    let start = at(i);
    (start, at(i + 1).max(start + 1).min(len))
}

impl Shrinker {
    /// `crop` must lie within the source and outputs must not be empty.
    pub fn new(crop: Rect, out_w: u32, out_h: u32) -> Shrinker {
        let out_w = out_w.max(1);
        let out_h = out_h.max(1);
        Shrinker {
            crop,
            out_w,
            out_h,
            columns: (0..out_w).map(|i| span(i, out_w, crop.width)).collect(),
            sums: vec![0; out_w as usize * 4],
            next: 0,
            out: Vec::with_capacity(out_w as usize * out_h as usize * 4),
        }
    }

    /// Source row `y` (RGBA, the source's whole width).
    pub fn push(&mut self, y: u32, row: &[u8]) {
        let Some(ry) = y.checked_sub(self.crop.y) else {
            return;
        };
        while self.next < self.out_h {
            let (start, end) = span(self.next, self.out_h, self.crop.height);
            if ry < start || ry >= end {
                return;
            }
            self.add(row);
            if ry + 1 < end {
                return;
            }
            self.emit(end - start);
            // When stretching, the next output row may cover this source row too.
        }
    }

    fn add(&mut self, row: &[u8]) {
        let base = self.crop.x as usize;
        // Plain index loops: this runs for every source pixel, and unoptimised builds (the
        // tests) pay for every iterator adapter.
        for (i, &(start, end)) in self.columns.iter().enumerate() {
            let (mut r, mut g, mut b, mut a) = (0u64, 0u64, 0u64, 0u64);
            let mut at = (base + start as usize) * 4;
            let to = (base + end as usize) * 4;
            while at < to {
                let alpha = u64::from(row[at + 3]);
                r += u64::from(row[at]) * alpha;
                g += u64::from(row[at + 1]) * alpha;
                b += u64::from(row[at + 2]) * alpha;
                a += alpha;
                at += 4;
            }
            let sum = &mut self.sums[i * 4..i * 4 + 4];
            sum[0] += r;
            sum[1] += g;
            sum[2] += b;
            sum[3] += a;
        }
    }

    fn emit(&mut self, rows: u32) {
        for (sum, &(start, end)) in self.sums.chunks_exact_mut(4).zip(&self.columns) {
            let n = u64::from(rows) * u64::from(end - start);
            let a = sum[3];
            // Colours are weighted by opacity; a wholly transparent pixel has none.
            for &s in &sum[..3] {
                self.out.push((s + a / 2).checked_div(a).unwrap_or(0) as u8);
            }
            self.out.push(((a + n / 2) / n) as u8);
            sum.fill(0);
        }
        self.next += 1;
    }

    /// The output, once every source row of the crop was pushed.
    pub fn finish(self) -> Option<image::RgbaImage> {
        if self.next < self.out_h {
            return None;
        }
        image::RgbaImage::from_raw(self.out_w, self.out_h, self.out)
    }
}

/// Shrinks an image already in memory (a preview, to its thumbnail).
pub fn shrink(img: &image::RgbImage, out_w: u32, out_h: u32) -> Option<image::RgbaImage> {
    let crop = Rect {
        x: 0,
        y: 0,
        width: img.width(),
        height: img.height(),
    };
    let mut s = Shrinker::new(crop, out_w, out_h);
    let mut rgba = Vec::with_capacity(img.width() as usize * 4);
    for (y, row) in img
        .as_raw()
        .chunks_exact(img.width() as usize * 3)
        .enumerate()
    {
        rgba.clear();
        for p in row.chunks_exact(3) {
            rgba.extend_from_slice(&[p[0], p[1], p[2], 255]);
        }
        s.push(y as u32, &rgba);
    }
    s.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(img: &image::RgbaImage, crop: Rect, w: u32, h: u32) -> Option<image::RgbaImage> {
        let mut s = Shrinker::new(crop, w, h);
        for (y, row) in img
            .as_raw()
            .chunks_exact(img.width() as usize * 4)
            .enumerate()
        {
            s.push(y as u32, row);
        }
        s.finish()
    }

    fn whole(w: u32, h: u32) -> Rect {
        Rect {
            x: 0,
            y: 0,
            width: w,
            height: h,
        }
    }

    #[test]
    fn averages_what_each_pixel_covers() {
        // Four columns: black, white, red, blue; two rows alike.
        let img = image::RgbaImage::from_fn(4, 2, |x, _| {
            image::Rgba(match x {
                0 => [0, 0, 0, 255],
                1 => [255, 255, 255, 255],
                2 => [255, 0, 0, 255],
                _ => [0, 0, 255, 255],
            })
        });
        let out = run(&img, whole(4, 2), 2, 1).expect("done");
        assert_eq!(out.get_pixel(0, 0).0, [128, 128, 128, 255]);
        assert_eq!(out.get_pixel(1, 0).0, [128, 0, 128, 255]);
    }

    #[test]
    fn transparent_pixels_lend_no_colour() {
        // Opaque red beside transparent black: the average is half-transparent red.
        let img = image::RgbaImage::from_fn(2, 1, |x, _| {
            image::Rgba(if x == 0 {
                [255, 0, 0, 255]
            } else {
                [0, 0, 0, 0]
            })
        });
        let out = run(&img, whole(2, 1), 1, 1).expect("done");
        assert_eq!(out.get_pixel(0, 0).0, [255, 0, 0, 128]);
    }

    #[test]
    fn stretches_short_sides_and_crops() {
        let img = image::RgbaImage::from_fn(3, 1, |x, _| image::Rgba([x as u8 * 100, 0, 0, 255]));
        let out = run(&img, whole(3, 1), 6, 2).expect("done");
        assert_eq!(out.dimensions(), (6, 2));
        assert_eq!(out.get_pixel(1, 1).0, [0, 0, 0, 255]);
        assert_eq!(out.get_pixel(5, 0).0, [200, 0, 0, 255]);
        let middle = Rect {
            x: 1,
            y: 0,
            width: 1,
            height: 1,
        };
        let out = run(&img, middle, 2, 2).expect("done");
        assert!(out.pixels().all(|p| p.0 == [100, 0, 0, 255]));
        // Rows missing: no output.
        let mut s = Shrinker::new(whole(3, 2), 1, 1);
        s.push(0, img.as_raw());
        assert!(s.finish().is_none());
        // An RGB image in memory, as previews are.
        let rgb = image::RgbImage::from_fn(4, 4, |_, _| image::Rgb([10, 20, 30]));
        let out = shrink(&rgb, 2, 2).expect("done");
        assert!(out.pixels().all(|p| p.0 == [10, 20, 30, 255]));
    }
}
