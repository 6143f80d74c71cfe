//! An oversized upload is refused with 413 while it streams: the server never holds it. Its own
//! test binary, so that the process's peak memory below is this test's alone.

use stoa_tests::memory::{peak, reset_peak};
use stoa_tests::messaging::Room;
use stoa_tests::{ApiClient, TestServer, api_test};

const MB: usize = 1024 * 1024;
/// Three times the default `MaxFileSize` of 100 MB.
const UPLOAD: usize = 300 * MB;
/// What the server may hold at once: buffers, not the file.
const ALLOWED_GROWTH: usize = 32 * MB;

/// The SQLite and PostgreSQL runs take turns, so that neither measures the other (password
/// hashing alone takes 19 MB a login).
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn oversized_upload_is_refused_while_streaming(t: TestServer) {
    let _turn = ONE_AT_A_TIME.lock().await;
    let room = Room::new(&t).await;
    let before = reset_peak();
    // The body is made as it is sent, 1 MB at a time: the client holds none of it either.
    let chunks = futures_util::stream::iter(
        (0..UPLOAD / MB).map(|_| Ok::<_, std::io::Error>(vec![0x5a_u8; MB])),
    );
    let rb = room
        .alice
        .client
        .request(
            reqwest::Method::POST,
            &format!("/files?channel_id={}&filename=huge.bin", room.channel.id),
        )
        .header("content-type", "application/octet-stream")
        .header("content-length", UPLOAD.to_string())
        .body(reqwest::Body::wrap_stream(chunks));
    let resp = rb.send().await;
    let growth = peak().saturating_sub(before);
    eprintln!(
        "peak memory grew by {} KB during a {} MB upload",
        growth / 1024,
        UPLOAD / MB
    );
    match resp {
        Ok(r) => assert_eq!(r.status().as_u16(), 413),
        // The server stops reading after refusing; a client still sending may see the
        // connection close instead of the answer. What matters here is what it held.
        Err(e) => eprintln!("upload cut off after the refusal: {e}"),
    }
    assert!(
        growth < ALLOWED_GROWTH,
        "peak memory grew by {} MB for a {} MB upload",
        growth / MB,
        UPLOAD / MB
    );
    // Nothing was stored.
    let infos = ApiClient::send(room.alice.client.request(
        reqwest::Method::GET,
        &format!("/channels/{}/posts", room.channel.id),
    ))
    .await;
    assert_eq!(infos.status, 200);
    assert!(
        std::fs::read_dir(t.data_dir().join("files"))
            .map(|d| d.count())
            .unwrap_or(0)
            == 0
    );
}

api_test!(oversized_upload_is_refused_while_streaming);
