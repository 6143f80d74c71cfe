//! Upload bombs: images that declare or decompress to far more pixels than their size suggests,
//! uploaded through the real API as files, profile pictures, team icons and custom emoji. Each
//! is refused, stored undecoded, or rendered — and the server's peak memory while it is handled
//! stays under the bound. Its own test binary, so that the process's peak is this test's alone.

#![expect(
    clippy::expect_used,
    reason = "a test suite: a failed expectation is a failed test"
)]

mod bombs;

use serde_json::{Value, json};
use std::sync::LazyLock;
use stoa_tests::memory::{peak, reset_peak};
use stoa_tests::messaging::Room;
use stoa_tests::multipart::{self, Part};
use stoa_tests::{ApiClient, Resp, TestServer, api_test};

const MB: usize = 1024 * 1024;
/// The most the server's resident memory may grow while it handles an upload, however many
/// arrive at once.
const BOUND: usize = 200 * MB;

/// The SQLite and PostgreSQL runs take turns, so that neither measures the other.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Peak growths seen, checked against the bound at the end (so a failing run reports them all).
#[derive(Default)]
struct Peaks(Vec<(String, usize)>);

impl Peaks {
    /// Runs `upload` and records how far the peak resident size rose above where it started.
    async fn measure<T>(&mut self, what: &str, upload: impl Future<Output = T>) -> T {
        let before = reset_peak();
        let started = std::time::Instant::now();
        let out = upload.await;
        let growth = peak().saturating_sub(before);
        eprintln!(
            "{what}: peak grew by {} MB in {} ms",
            growth / MB,
            started.elapsed().as_millis()
        );
        self.0.push((what.to_owned(), growth));
        out
    }

    fn assert_within_bound(&self) {
        let over: Vec<String> = self
            .0
            .iter()
            .filter(|(_, g)| *g > BOUND)
            .map(|(w, g)| format!("{w}: {} MB", g / MB))
            .collect();
        assert!(
            over.is_empty(),
            "peak memory over {} MB: {over:?}",
            BOUND / MB
        );
    }
}

async fn upload_file(client: &ApiClient, channel_id: &str, name: &str, bytes: &[u8]) -> Value {
    let body = multipart::form(&[
        Part::text("channel_id", channel_id),
        Part::file("files", name, bytes),
    ]);
    let resp = client
        .raw(
            reqwest::Method::POST,
            "/files",
            &multipart::content_type(),
            body,
        )
        .await
        .expect(201);
    resp.json()["file_infos"][0].clone()
}

/// What a client reads of an uploaded image: its size and whether it has a preview.
fn seen(info: &Value) -> (i64, i64, bool) {
    (
        info["width"].as_i64().unwrap_or(0),
        info["height"].as_i64().unwrap_or(0),
        info["has_preview_image"].as_bool().unwrap_or(false),
    )
}

// The bombs both databases' runs upload, made once (each takes a second or two).

/// 260 KB of PNG that inflate to 7680×4320 pixels of 16-bit RGBA (265 MB).
static PNG16: LazyLock<Vec<u8>> =
    LazyLock::new(|| bombs::png_zeros(7680, 4320, png::ColorType::Rgba, png::BitDepth::Sixteen));
/// A lossless WebP of 7680×4320 pixels in a few dozen bytes.
static WEBP: LazyLock<Vec<u8>> = LazyLock::new(|| bombs::webp_lossless(7680, 4320));
/// A baseline JPEG of 7680×4320 pixels in a few hundred bytes.
static JPEG: LazyLock<Vec<u8>> = LazyLock::new(|| bombs::jpeg_bomb(7680, 4320, false));
/// A GIF whose 1000×1000 screen holds a first frame of 11000×11000 pixels of LZW-compressed
/// zeros.
static GIF_FRAME: LazyLock<Vec<u8>> =
    LazyLock::new(|| bombs::gif((1000, 1000), (11_000, 11_000), 1));

async fn image_files_stay_within_the_memory_bound(t: TestServer) {
    let _turn = ONE_AT_A_TIME.lock().await;
    let room = Room::new(&t).await;
    let alice = &room.alice.client;
    let channel = room.channel.id.as_str();
    let mut peaks = Peaks::default();

    // The 16-bit PNG bomb is within MaxImageResolution, so it is rendered.
    assert!(PNG16.len() < 300 * 1024, "{} bytes", PNG16.len());
    let info = peaks
        .measure(
            "16-bit PNG bomb",
            upload_file(alice, channel, "bomb.png", &PNG16),
        )
        .await;
    assert_eq!(seen(&info), (7680, 4320, true));

    // Headers declaring more pixels than MaxImageResolution: kept undecoded with their size.
    let declared = bombs::png_declaring(50_000, 50_000);
    let info = peaks
        .measure(
            "PNG declaring 50000×50000",
            upload_file(alice, channel, "huge.png", &declared),
        )
        .await;
    assert_eq!(seen(&info), (50_000, 50_000, false));
    let gif = bombs::gif((65_535, 65_535), (1, 1), 1);
    let info = peaks
        .measure(
            "GIF declaring 65535×65535",
            upload_file(alice, channel, "huge.gif", &gif),
        )
        .await;
    assert_eq!(seen(&info), (65_535, 65_535, false));
    let webp = bombs::webp_lossless(16_384, 16_384);
    let info = peaks
        .measure(
            "WebP declaring 16384×16384",
            upload_file(alice, channel, "huge.webp", &webp),
        )
        .await;
    assert_eq!(seen(&info), (16_384, 16_384, false));

    // A GIF frame larger than the screen its header declares is not decoded.
    let info = peaks
        .measure(
            "GIF frame beyond its screen",
            upload_file(alice, channel, "frame.gif", &GIF_FRAME),
        )
        .await;
    assert_eq!(seen(&info), (1000, 1000, false));

    // Thousands of frames: only the first is decoded, for the preview.
    let gif = bombs::gif((1000, 1000), (1000, 1000), 3000);
    let info = peaks
        .measure(
            "GIF of 3000 frames",
            upload_file(alice, channel, "frames.gif", &gif),
        )
        .await;
    assert_eq!(seen(&info), (1000, 1000, true));

    // The WebP bomb is decoded in place, the baseline JPEG bomb row by row into its pixels.
    assert!(WEBP.len() < 100);
    let info = peaks
        .measure("WebP bomb", upload_file(alice, channel, "bomb.webp", &WEBP))
        .await;
    assert_eq!(seen(&info), (7680, 4320, true));
    let info = peaks
        .measure(
            "baseline JPEG bomb",
            upload_file(alice, channel, "bomb.jpg", &JPEG),
        )
        .await;
    assert_eq!(seen(&info), (7680, 4320, true));

    // The same, progressive: its decoder would hold 200 MB of coefficients besides the
    // pixels, more than the decoding budget, so it is stored undecoded.
    let jpeg = bombs::jpeg_bomb(7680, 4320, true);
    let info = peaks
        .measure(
            "progressive JPEG bomb",
            upload_file(alice, channel, "prog.jpg", &jpeg),
        )
        .await;
    assert_eq!(seen(&info), (7680, 4320, false));

    // 20 MB of EXIF segments before a small picture's frame.
    let jpeg = bombs::jpeg_with_exif(320);
    assert!(jpeg.len() > 20_000_000);
    let info = peaks
        .measure(
            "JPEG with 20 MB of EXIF",
            upload_file(alice, channel, "exif.jpg", &jpeg),
        )
        .await;
    assert_eq!(seen(&info), (64, 48, true));

    // An ordinary picture near the pixel limit.
    let picture = bombs::png_gradient(7680, 4320);
    let info = peaks
        .measure(
            "7680×4320 picture",
            upload_file(alice, channel, "big.png", &picture),
        )
        .await;
    assert_eq!(seen(&info), (7680, 4320, true));

    peaks.assert_within_bound();
}

/// Several large images at once: decodes wait for memory rather than add up.
async fn concurrent_image_uploads_stay_within_the_memory_bound(t: TestServer) {
    let _turn = ONE_AT_A_TIME.lock().await;
    let room = Room::new(&t).await;
    let channel = room.channel.id.as_str();
    let uploads: Vec<(&ApiClient, &str, &[u8])> = vec![
        (&room.alice.client, "a.png", &PNG16),
        (&room.bob.client, "b.webp", &WEBP),
        (&room.admin.client, "c.jpg", &JPEG),
        (&room.alice.client, "d.webp", &WEBP),
    ];
    let mut peaks = Peaks::default();
    let infos = peaks
        .measure(
            "four large images at once",
            futures_util::future::join_all(
                uploads
                    .iter()
                    .map(|(client, name, bytes)| upload_file(client, channel, name, bytes)),
            ),
        )
        .await;
    // Each was rendered, in turn as memory allowed.
    for info in &infos {
        assert_eq!(seen(info), (7680, 4320, true), "{info}");
    }
    peaks.assert_within_bound();
}

async fn send_image(client: &ApiClient, path: &str, bytes: &[u8]) -> Resp {
    client
        .raw(
            reqwest::Method::POST,
            path,
            &multipart::content_type(),
            multipart::form(&[Part::file("image", "bomb.png", bytes)]),
        )
        .await
}

/// Profile pictures, team icons and custom emoji under the same limits.
async fn pictures_stay_within_the_memory_bound(t: TestServer) {
    let _turn = ONE_AT_A_TIME.lock().await;
    let room = Room::new(&t).await;
    let alice = &room.alice.client;
    let admin = &room.admin.client;
    let mut peaks = Peaks::default();
    // Profile pictures: re-encoded to 128×128, whatever they declare within the limits.
    for (what, bytes) in [("16-bit PNG bomb", &*PNG16), ("WebP bomb", &*WEBP)] {
        peaks
            .measure(
                &format!("profile picture: {what}"),
                send_image(alice, "/users/me/image", bytes),
            )
            .await
            .expect(200);
        let picture = alice.get("/users/me/image").await.expect(200);
        assert_eq!(bombs::decodes_as(&picture.body), (128, 128));
    }
    peaks
        .measure(
            "profile picture: GIF frame beyond its screen",
            send_image(alice, "/users/me/image", &GIF_FRAME),
        )
        .await
        .expect_error(400, "api.user.upload_profile_user.decode.app_error");

    // Team icons.
    let icon = format!("/teams/{}/image", room.team.id);
    peaks
        .measure(
            "team icon: 16-bit PNG bomb",
            send_image(admin, &icon, &PNG16),
        )
        .await
        .expect(200);
    peaks
        .measure(
            "team icon: GIF frame beyond its screen",
            send_image(admin, &icon, &GIF_FRAME),
        )
        .await
        .expect_error(400, "api.team.set_team_icon.decode.app_error");

    // Custom emoji are stored as uploaded, never decoded: their header is checked.
    let emoji = |name: &str, bytes: &[u8]| {
        let meta = json!({"name": name, "creator_id": room.alice.id()}).to_string();
        multipart::form(&[
            Part::file("image", "emoji.png", bytes),
            Part::text("emoji", &meta),
        ])
    };
    let resp = peaks
        .measure(
            "emoji: 16-bit PNG bomb",
            alice.raw(
                reqwest::Method::POST,
                "/emoji",
                &multipart::content_type(),
                emoji("upload_bomb_png", &PNG16),
            ),
        )
        .await;
    resp.expect_error(400, "api.emoji.upload.large_image.too_large.app_error");
    let frames = bombs::gif((128, 128), (128, 128), 2000);
    assert!(frames.len() < 1024 * 1024);
    peaks
        .measure(
            "emoji: GIF of 2000 frames",
            alice.raw(
                reqwest::Method::POST,
                "/emoji",
                &multipart::content_type(),
                emoji("upload_bomb_frames", &frames),
            ),
        )
        .await
        .expect(200);

    peaks.assert_within_bound();
}

/// The bombs are what they claim: small versions decode.
#[test]
fn bombs_are_valid_images() {
    assert_eq!(
        bombs::decodes_as(&bombs::png_zeros(
            300,
            200,
            png::ColorType::Rgba,
            png::BitDepth::Sixteen
        )),
        (300, 200)
    );
    assert_eq!(
        bombs::decodes_as(&bombs::png_gradient(300, 200)),
        (300, 200)
    );
    assert_eq!(bombs::decodes_as(&bombs::png_declaring(1, 1)), (1, 1));
    assert_eq!(
        bombs::decodes_as(&bombs::gif((30, 20), (30, 20), 5)),
        (30, 20)
    );
    assert_eq!(
        bombs::decodes_as(&bombs::webp_lossless(300, 200)),
        (300, 200)
    );
    assert_eq!(bombs::decodes_as(&bombs::jpeg_with_exif(3)), (64, 48));
    assert_eq!(
        bombs::decodes_as(&bombs::jpeg_bomb(300, 200, false)),
        (300, 200)
    );
    assert_eq!(
        bombs::decodes_as(&bombs::jpeg_bomb(300, 200, true)),
        (300, 200)
    );
}

api_test!(
    image_files_stay_within_the_memory_bound,
    concurrent_image_uploads_stay_within_the_memory_bound,
    pictures_stay_within_the_memory_bound
);
