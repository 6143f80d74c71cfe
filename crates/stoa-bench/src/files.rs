//! `stoa-bench files`: upload throughput for 1 MB and 20 MB files, the cost of rendering a
//! 12-megapixel JPEG's thumbnail and preview, and the server's peak memory while a 100 MB file
//! streams in.

use clap::Args;
use futures_util::StreamExt;
use std::time::{Duration, Instant};

use crate::api::{Error, Session};
use crate::stats::{ms, summarize};
use crate::sys;

#[derive(Args)]
pub struct FilesArgs {
    /// Concurrent uploading clients.
    #[arg(long, default_value_t = 4)]
    clients: usize,
    /// 1 MB uploads in all.
    #[arg(long, default_value_t = 400)]
    small: usize,
    /// 20 MB uploads in all.
    #[arg(long, default_value_t = 40)]
    large: usize,
    /// 12-megapixel JPEG uploads (one at a time).
    #[arg(long, default_value_t = 10)]
    photos: usize,
    /// Size of the single upload watched for the server's peak memory, in MB.
    #[arg(long, default_value_t = 100)]
    huge_mb: usize,
}

const MB: usize = 1024 * 1024;

pub async fn run(admin: &Session, server_pid: Option<u32>, a: FilesArgs) -> Result<(), Error> {
    let tag = stoa_model::new_id()[..8].to_owned();
    let uploader = admin
        .new_user(&format!("uploader{tag}"), "bench-pass-1")
        .await?;
    let (_, channel) = admin.team_with_channel(&tag, &[&uploader]).await?;

    throughput(&uploader, &channel, "1 MB", MB, a.small, a.clients).await?;
    throughput(&uploader, &channel, "20 MB", 20 * MB, a.large, a.clients).await?;
    photos(&uploader, &channel, a.photos).await?;
    match server_pid {
        Some(pid) => peak_memory(&uploader, &channel, pid, a.huge_mb * MB).await?,
        None => println!("files peak memory: skipped (pass --server-pid)"),
    }
    Ok(())
}

/// Bytes that do not compress and are not an image: the upload path without renditions.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            // xorshift64: cheap, deterministic, incompressible enough.
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

async fn upload(
    s: &Session,
    channel: &str,
    name: &str,
    body: Vec<u8>,
) -> Result<serde_json::Value, Error> {
    let r = s
        .http
        .post(format!(
            "{}/api/v4/files?channel_id={channel}&filename={name}",
            s.base
        ))
        .bearer_auth(&s.token)
        .header("content-type", "application/octet-stream")
        .body(body)
        .send()
        .await?;
    let status = r.status();
    let text = r.text().await?;
    if status.as_u16() != 201 {
        return Err(format!("upload {name}: {status}: {text}").into());
    }
    Ok(serde_json::from_str(&text)?)
}

async fn throughput(
    s: &Session,
    channel: &str,
    label: &str,
    size: usize,
    n: usize,
    clients: usize,
) -> Result<(), Error> {
    let body = bytes::Bytes::from(noise(size, 7));
    let started = Instant::now();
    let latencies: Vec<Duration> = futures_util::stream::iter(0..n)
        .map(|i| {
            let body = body.clone();
            async move {
                let t0 = Instant::now();
                upload(s, channel, &format!("blob{i}.bin"), body.to_vec()).await?;
                Ok::<_, Error>(t0.elapsed())
            }
        })
        .buffer_unordered(clients.max(1))
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<Result<_, _>>()?;
    let elapsed = started.elapsed().as_secs_f64();
    let st = summarize(latencies);
    println!(
        "files upload {label}: {n} uploads by {clients} clients in {elapsed:.2}s = {rate:.1} uploads/s, {mbs:.0} MB/s; latency p50 {p50:.1} ms, p99 {p99:.1} ms",
        rate = n as f64 / elapsed,
        mbs = (n * size) as f64 / MB as f64 / elapsed,
        p50 = ms(st.p50),
        p99 = ms(st.p99),
    );
    Ok(())
}

/// A 4000×3000 photo-like JPEG, uploaded one at a time: the upload's latency minus that of the
/// same bytes under a name and content that are not an image is the rendering time.
async fn photos(s: &Session, channel: &str, n: usize) -> Result<(), Error> {
    let jpeg = tokio::task::spawn_blocking(photo_12mp).await??;
    let mut with = Vec::new();
    let mut without = Vec::new();
    for i in 0..n.max(1) {
        let t0 = Instant::now();
        let info = upload(s, channel, &format!("photo{i}.jpg"), jpeg.clone()).await?;
        with.push(t0.elapsed());
        if info["file_infos"][0]["has_preview_image"] != true {
            return Err("the photo got no preview".into());
        }
        // Same size, not an image: the first bytes decide, so a zeroed header is enough.
        let mut plain = jpeg.clone();
        plain[..4].copy_from_slice(b"\0\0\0\0");
        let t0 = Instant::now();
        upload(s, channel, &format!("photo{i}.bin"), plain).await?;
        without.push(t0.elapsed());
    }
    let (w, wo) = (summarize(with), summarize(without));
    println!(
        "files 12 MP JPEG ({kb} KB): upload with thumbnail+preview p50 {p50:.0} ms (max {max:.0} ms); same bytes as a plain file p50 {plain:.0} ms; rendering ≈ {render:.0} ms",
        kb = jpeg.len() / 1024,
        p50 = ms(w.p50),
        max = ms(w.max),
        plain = ms(wo.p50),
        render = ms(w.p50) - ms(wo.p50),
    );
    Ok(())
}

fn photo_12mp() -> Result<Vec<u8>, Error> {
    let (width, height) = (4000u32, 3000u32);
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        // Smooth gradients with some texture, so the JPEG is photo-sized (a few MB).
        let n = ((x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)) >> 13) as u8 & 31;
        image::Rgb([
            (x / 16) as u8 ^ n,
            (y / 12) as u8 ^ n,
            ((x + y) / 28) as u8 ^ n,
        ])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90).encode_image(&img)?;
    Ok(out.into_inner())
}

/// Uploads one large file while sampling the server's resident memory every 5 ms.
async fn peak_memory(s: &Session, channel: &str, pid: u32, size: usize) -> Result<(), Error> {
    let body = noise(size, 11);
    let before = sys::rss_kib(pid).ok_or("cannot read the server's memory")?;
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = {
        let done = done.clone();
        tokio::spawn(async move {
            let mut peak = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(sys::rss_kib(pid).unwrap_or(0));
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            peak
        })
    };
    let t0 = Instant::now();
    upload(s, channel, "huge.bin", body).await?;
    let took = t0.elapsed();
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let peak = sampler.await?;
    println!(
        "files peak memory: server RSS {before:.1} MiB before, peak {peak:.1} MiB during a {mb} MB upload (+{grew:.1} MiB), upload took {secs:.2}s",
        before = sys::mib(before),
        peak = sys::mib(peak),
        mb = size / MB,
        grew = sys::mib(peak.saturating_sub(before)),
        secs = took.as_secs_f64(),
    );
    Ok(())
}
