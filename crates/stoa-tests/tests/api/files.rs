//! Files: uploading (multipart and raw), attaching to posts, downloading with thumbnails and
//! previews, permissions, size limits, hostile images, byte ranges and public links.

use serde_json::{Value, json};
use std::time::Duration;
use stoa_model::file::{FileInfo, FileUploadResponse};
use stoa_model::post::Post;
use stoa_tests::messaging::Room;
use stoa_tests::ws::WsClient;
use stoa_tests::{ApiClient, Backend, Fixture, Resp, TestServer, api_test};

const BOUNDARY: &str = "XSTOAFILESBOUNDARYX";

/// A multipart body: `channel_id` (when given) first, then `client_ids`, then the files.
pub fn form(channel_id: Option<&str>, client_ids: &[&str], files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    let mut field = |name: &str, value: &str| {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    };
    if let Some(c) = channel_id {
        field("channel_id", c);
    }
    for id in client_ids {
        field("client_ids", id);
    }
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

pub async fn upload_form(client: &ApiClient, body: Vec<u8>) -> Resp {
    client
        .raw(
            reqwest::Method::POST,
            "/files",
            &format!("multipart/form-data; boundary={BOUNDARY}"),
            body,
        )
        .await
}

/// Uploads one file to the channel (201) and returns its info.
pub async fn upload(client: &ApiClient, channel_id: &str, name: &str, bytes: &[u8]) -> FileInfo {
    let resp: FileUploadResponse =
        upload_form(client, form(Some(channel_id), &[], &[(name, bytes)]))
            .await
            .expect(201)
            .parse();
    assert_eq!(resp.file_infos.len(), 1);
    resp.file_infos.into_iter().next().unwrap_or_default()
}

/// A PNG of the given size with a gradient (so that it does not compress to nothing).
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encode png");
    out.into_inner()
}

fn decode(bytes: &[u8]) -> (u32, u32) {
    let img = image::load_from_memory(bytes).expect("decodes as an image");
    (img.width(), img.height())
}

async fn post_with_files(client: &ApiClient, channel_id: &str, file_ids: &[&str]) -> Post {
    client
        .post(
            "/posts",
            json!({"channel_id": channel_id, "message": "see attached", "file_ids": file_ids}),
        )
        .await
        .expect(201)
        .parse()
}

async fn patch_config(t: &TestServer, admin: &ApiClient, files: Value) {
    let _ = t;
    admin
        .put("/config/patch", json!({"FileSettings": files}))
        .await
        .expect(200);
}

/// The whole life of an image: upload with a client id, renditions, attach, read by another
/// member, list with the post, delete with the post.
async fn image_upload_attach_read_delete(t: TestServer) {
    let room = Room::new(&t).await;
    let (alice, bob) = (&room.alice.client, &room.bob.client);
    let original = png(2400, 600);
    let resp: FileUploadResponse = upload_form(
        alice,
        form(Some(&room.channel.id), &["c-1"], &[("wide.png", &original)]),
    )
    .await
    .expect(201)
    .parse();
    assert_eq!(resp.client_ids, ["c-1"]);
    let info = &resp.file_infos[0];
    assert_eq!(info.id.len(), 26);
    assert_eq!(
        (
            info.name.as_str(),
            info.extension.as_str(),
            info.mime_type.as_str()
        ),
        ("wide.png", "png", "image/png")
    );
    assert_eq!(info.size, original.len() as i64);
    assert_eq!((info.width, info.height), (2400, 600));
    assert!(info.has_preview_image);
    assert!(
        info.mini_preview
            .as_deref()
            .is_some_and(|m| m.starts_with("/9j/")),
        "base64 JPEG"
    );
    assert_eq!(info.user_id, room.alice.id());
    assert!(info.post_id.is_empty());

    // Unattached: only the uploader may read it.
    let got = alice.get(&format!("/files/{}", info.id)).await.expect(200);
    assert_eq!(got.body, original);
    assert_eq!(got.header("content-type"), Some("image/png"));
    assert!(
        got.header("content-disposition")
            .is_some_and(|d| d.starts_with("inline"))
    );
    assert_eq!(got.header("x-content-type-options"), Some("nosniff"));
    bob.get(&format!("/files/{}", info.id)).await.expect(403);
    bob.get(&format!("/files/{}/info", info.id))
        .await
        .expect(403);

    let thumb = alice
        .get(&format!("/files/{}/thumbnail", info.id))
        .await
        .expect(200);
    assert_eq!(thumb.header("content-type"), Some("image/jpeg"));
    assert_eq!(
        decode(&thumb.body),
        (400, 100),
        "Mattermost's thumbnail: 100 high for a wide image"
    );
    let preview = alice
        .get(&format!("/files/{}/preview", info.id))
        .await
        .expect(200);
    assert_eq!(decode(&preview.body), (1920, 480));

    let token = room.bob.client.token.clone().expect("bob is logged in");
    let mut ws = WsClient::connect(&t, &token).await;
    let post = post_with_files(alice, &room.channel.id, &[&info.id]).await;
    assert_eq!(post.file_ids, std::slice::from_ref(&info.id));
    let stats = alice
        .get(&format!("/channels/{}/stats", room.channel.id))
        .await
        .expect(200)
        .json();
    assert_eq!(
        stats["files_count"], 1,
        "the attached file counts in the channel"
    );
    // Clients render the attachment from the event alone.
    let event = ws.next_event("posted", Duration::from_secs(5)).await;
    let sent: Post = serde_json::from_str(
        event["data"]["post"]
            .as_str()
            .expect("post is a JSON string"),
    )
    .expect("a post");
    let files = sent.metadata.expect("metadata").files;
    assert_eq!(
        (
            files[0].id.as_str(),
            files[0].width,
            files[0].has_preview_image
        ),
        (info.id.as_str(), 2400, true)
    );
    let meta = post.metadata.clone().expect("metadata");
    assert_eq!(meta.files.len(), 1);
    assert_eq!(meta.files[0].post_id, post.id);

    // Attached: every member reads it, and it comes with the post.
    assert_eq!(
        bob.get(&format!("/files/{}", info.id))
            .await
            .expect(200)
            .body,
        original
    );
    let seen: FileInfo = bob
        .get(&format!("/files/{}/info", info.id))
        .await
        .expect(200)
        .parse();
    assert_eq!(seen.post_id, post.id);
    let listed: Vec<FileInfo> = bob
        .get(&format!("/posts/{}/files/info", post.id))
        .await
        .expect(200)
        .parse();
    assert_eq!(
        listed.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
        [info.id.as_str()]
    );
    let page: Value = bob
        .get(&format!("/channels/{}/posts", room.channel.id))
        .await
        .expect(200)
        .json();
    assert_eq!(
        page["posts"][&post.id]["metadata"]["files"][0]["id"],
        info.id.as_str()
    );

    alice
        .delete(&format!("/posts/{}", post.id))
        .await
        .expect(200);
    for who in [alice, bob] {
        who.get(&format!("/files/{}", info.id)).await.expect(404);
        who.get(&format!("/files/{}/info", info.id))
            .await
            .expect(404);
    }
}

/// A raw-body upload; what is not a media type is sent as an attachment, and markup never as
/// markup.
async fn raw_uploads_and_safe_downloads(t: TestServer) {
    let room = Room::new(&t).await;
    let alice = &room.alice.client;
    let page = b"<html><script>alert(document.cookie)</script></html>".to_vec();
    let resp: FileUploadResponse = alice
        .raw(
            reqwest::Method::POST,
            &format!(
                "/files?channel_id={}&filename=evil.html&client_id=x1",
                room.channel.id
            ),
            "application/octet-stream",
            page.clone(),
        )
        .await
        .expect(201)
        .parse();
    assert_eq!(resp.client_ids, ["x1"]);
    let info = &resp.file_infos[0];
    assert_eq!(info.name, "evil.html");
    let got = alice.get(&format!("/files/{}", info.id)).await.expect(200);
    assert_eq!(got.body, page);
    assert_eq!(got.header("content-type"), Some("text/plain"));
    assert!(
        got.header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment"))
    );
    assert!(
        got.header("content-security-policy")
            .is_some_and(|c| c.contains("sandbox"))
    );

    // An image is inline unless a download is asked for.
    let img = upload(alice, &room.channel.id, "dot.png", &png(8, 8)).await;
    let inline = alice.get(&format!("/files/{}", img.id)).await.expect(200);
    assert!(
        inline
            .header("content-disposition")
            .is_some_and(|d| d.starts_with("inline"))
    );
    let forced = alice
        .get(&format!("/files/{}?download=1", img.id))
        .await
        .expect(200);
    assert!(
        forced
            .header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment"))
    );
    // Small images are their own thumbnail size.
    assert_eq!(
        decode(
            &alice
                .get(&format!("/files/{}/thumbnail", img.id))
                .await
                .expect(200)
                .body
        ),
        (8, 8)
    );

    // Names lose their directories; files that are not images have no thumbnail.
    let doc = upload(alice, &room.channel.id, "../../etc/notes.txt", b"hello").await;
    assert_eq!(doc.name, "notes.txt");
    assert!(!doc.has_preview_image);
    alice
        .get(&format!("/files/{}/thumbnail", doc.id))
        .await
        .expect_error(400, "api.file.get_file_thumbnail.no_thumbnail.app_error");

    // An empty raw body and missing parameters are refused.
    alice
        .raw(
            reqwest::Method::POST,
            &format!("/files?channel_id={}&filename=a.txt", room.channel.id),
            "text/plain",
            Vec::new(),
        )
        .await
        .expect_error(400, "api.file.upload_file.read_request.app_error");
    alice
        .raw(
            reqwest::Method::POST,
            &format!("/files?channel_id={}", room.channel.id),
            "text/plain",
            b"x".to_vec(),
        )
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
}

/// Who may upload where, and which files a post may take.
async fn upload_and_attach_permissions(t: TestServer) {
    let room = Room::new(&t).await;
    let (alice, bob) = (&room.alice.client, &room.bob.client);
    let carol = t.user(&room.admin, "carol").await;
    let private = t.channel(&room.admin, &room.team, "P").await;

    // Not a member of the channel (or the team): no upload, nothing stored.
    upload_form(
        &carol.client,
        form(Some(&room.channel.id), &[], &[("a.txt", b"a")]),
    )
    .await
    .expect(403);
    upload_form(bob, form(Some(&private.id), &[], &[("a.txt", b"a")]))
        .await
        .expect(403);
    t.anon()
        .raw(
            reqwest::Method::POST,
            "/files",
            &format!("multipart/form-data; boundary={BOUNDARY}"),
            form(Some(&room.channel.id), &[], &[("a.txt", b"a")]),
        )
        .await
        .expect(401);

    // Bob cannot put Alice's upload on his post, nor a file of another channel on a post here.
    let hers = upload(alice, &room.channel.id, "hers.txt", b"hers").await;
    let post = post_with_files(bob, &room.channel.id, &[&hers.id]).await;
    assert!(post.file_ids.is_empty(), "someone else's file is dropped");
    bob.get(&format!("/files/{}", hers.id)).await.expect(403);
    let dm_file = {
        let other = t.channel(&room.admin, &room.team, "O").await;
        room.admin
            .client
            .post(
                &format!("/channels/{}/members", other.id),
                json!({"user_id": room.alice.id()}),
            )
            .await
            .expect(201);
        upload(alice, &other.id, "elsewhere.txt", b"x").await
    };
    let post = post_with_files(alice, &room.channel.id, &[&dm_file.id, &hers.id]).await;
    assert_eq!(
        post.file_ids,
        std::slice::from_ref(&hers.id),
        "only her file of this channel is attached"
    );

    // A file already on a post cannot be moved to another.
    let again = post_with_files(alice, &room.channel.id, &[&hers.id]).await;
    assert!(again.file_ids.is_empty());

    // Someone outside the channel cannot read an attached file.
    carol
        .client
        .get(&format!("/files/{}", hers.id))
        .await
        .expect(403);
    carol
        .client
        .get(&format!("/files/{}/info", hers.id))
        .await
        .expect(403);
    carol
        .client
        .get(&format!("/posts/{}/files/info", post.id))
        .await
        .expect(403);

    // Editing the post to drop the file deletes it; the edit event no longer lists it.
    let mut ws =
        WsClient::connect(&t, room.alice.client.token.as_deref().expect("logged in")).await;
    alice
        .put(
            &format!("/posts/{}/patch", post.id),
            json!({"file_ids": []}),
        )
        .await
        .expect(200);
    let edited = ws.next_event("post_edited", Duration::from_secs(5)).await;
    assert_eq!(
        edited["data"]["post"]
            .as_str()
            .map(|p| p.contains(&hers.id)),
        Some(false)
    );
    alice
        .get(&format!("/files/{}/info", hers.id))
        .await
        .expect(404);

    // Switched off: uploads are refused.
    patch_config(
        &t,
        &room.admin.client,
        json!({"EnableFileAttachments": false}),
    )
    .await;
    upload_form(alice, form(Some(&room.channel.id), &[], &[("a.txt", b"a")]))
        .await
        .expect_error(403, "api.file.attachments.disabled.app_error");
}

/// Multipart forms the way clients send them, and the ways they go wrong.
async fn multipart_forms(t: TestServer) {
    let room = Room::new(&t).await;
    let alice = &room.alice.client;
    let c = room.channel.id.as_str();
    // Several files with a client id each.
    let resp: FileUploadResponse = upload_form(
        alice,
        form(
            Some(c),
            &["a", "b"],
            &[("1.txt", b"one"), ("2.txt", b"two")],
        ),
    )
    .await
    .expect(201)
    .parse();
    assert_eq!(resp.client_ids, ["a", "b"]);
    assert_eq!(
        resp.file_infos
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>(),
        ["1.txt", "2.txt"]
    );
    // channel_id in the query instead of the form; no client ids at all.
    let resp: FileUploadResponse = alice
        .raw(
            reqwest::Method::POST,
            &format!("/files?channel_id={c}"),
            &format!("multipart/form-data; boundary={BOUNDARY}"),
            form(None, &[], &[("q.txt", b"q")]),
        )
        .await
        .expect(201)
        .parse();
    assert!(resp.client_ids.is_empty());
    // Files before channel_id (legacy order) are kept and stored once the channel is known.
    let mut legacy = Vec::new();
    legacy.extend_from_slice(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"late.txt\"\r\n\r\nlate\r\n").as_bytes());
    legacy.extend_from_slice(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"channel_id\"\r\n\r\n{c}\r\n--{BOUNDARY}--\r\n").as_bytes());
    let resp: FileUploadResponse = upload_form(alice, legacy).await.expect(201).parse();
    assert_eq!(resp.file_infos[0].name, "late.txt");
    // Mismatched client ids, unknown fields, no channel, a body that is not multipart.
    upload_form(
        alice,
        form(Some(c), &["only-one"], &[("1.txt", b"1"), ("2.txt", b"2")]),
    )
    .await
    .expect_error(
        400,
        "api.file.upload_file.incorrect_number_of_client_ids.app_error",
    );
    let mut odd = form(Some(c), &[], &[]);
    odd.splice(
        0..0,
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"surprise\"\r\n\r\nx\r\n")
            .bytes(),
    );
    upload_form(alice, odd)
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
    upload_form(alice, form(None, &[], &[("x.txt", b"x")]))
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
    alice
        .raw(
            reqwest::Method::POST,
            "/files",
            &format!("multipart/form-data; boundary={BOUNDARY}"),
            b"--nonsense".to_vec(),
        )
        .await
        .expect_error(400, "api.file.upload_file.read_request.app_error");
}

/// Past `MaxFileSize` an upload is refused with 413 and leaves nothing behind.
async fn oversized_uploads_leave_nothing(t: TestServer) {
    let room = Room::new(&t).await;
    let alice = &room.alice.client;
    patch_config(&t, &room.admin.client, json!({"MaxFileSize": 1024 * 1024})).await;
    let big = vec![7u8; 3 * 1024 * 1024];
    upload_form(
        alice,
        form(Some(&room.channel.id), &[], &[("big.bin", &big)]),
    )
    .await
    .expect_error(413, "api.file.upload_file.too_large_detailed.app_error");
    alice
        .raw(
            reqwest::Method::POST,
            &format!("/files?channel_id={}&filename=big.bin", room.channel.id),
            "application/octet-stream",
            big,
        )
        .await
        .expect_error(413, "api.file.upload_file.too_large_detailed.app_error");
    // One byte under the limit is fine.
    let fits = vec![1u8; 1024 * 1024];
    upload(alice, &room.channel.id, "fits.bin", &fits).await;
    let files = t.stored_files().await;
    assert_eq!(
        files.len(),
        1,
        "only the file that fit is stored: {files:?}"
    );
    let staging = std::fs::read_dir(t.data_dir().join("tmp"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(staging, 0, "no staging file is left");
}

/// A tiny PNG declaring 20000×20000 pixels (a decompression bomb), an image over the
/// configured resolution and a damaged one are all stored, none decoded.
async fn hostile_images_are_not_decoded(t: TestServer) {
    let room = Room::new(&t).await;
    let alice = &room.alice.client;
    let bomb = {
        // Header of a real 1×1 PNG, rewritten to declare 20000×20000: decoding it would need
        // 1.2 GB; its header alone is read.
        let mut b = png(1, 1);
        b[16..20].copy_from_slice(&20_000u32.to_be_bytes());
        b[20..24].copy_from_slice(&20_000u32.to_be_bytes());
        let crc = stoa_tests::multipart::crc32(&b[12..29]);
        b[29..33].copy_from_slice(&crc.to_be_bytes());
        b
    };
    let info = upload(alice, &room.channel.id, "bomb.png", &bomb).await;
    assert_eq!((info.width, info.height), (20_000, 20_000));
    assert!(!info.has_preview_image);
    alice
        .get(&format!("/files/{}/preview", info.id))
        .await
        .expect(400);
    assert_eq!(
        alice
            .get(&format!("/files/{}", info.id))
            .await
            .expect(200)
            .body,
        bomb
    );

    patch_config(
        &t,
        &room.admin.client,
        json!({"MaxImageResolution": 100 * 100}),
    )
    .await;
    let info = upload(alice, &room.channel.id, "big.png", &png(200, 200)).await;
    assert_eq!(
        (info.width, info.height, info.has_preview_image),
        (200, 200, false)
    );

    let mut broken = png(64, 64);
    broken.truncate(60);
    let info = upload(alice, &room.channel.id, "broken.png", &broken).await;
    assert!(!info.has_preview_image);
    assert_eq!(info.mime_type, "image/png");
}

/// Players seek with `Range`; one range is served, a range past the end is 416.
async fn byte_ranges(t: TestServer) {
    let room = Room::new(&t).await;
    let alice = &room.alice.client;
    let bytes: Vec<u8> = (0..1000u32).map(|i| (i % 251) as u8).collect();
    let info = upload(alice, &room.channel.id, "clip.mp4", &bytes).await;
    let path = format!("/files/{}", info.id);
    let part = ApiClient::send(
        alice
            .request(reqwest::Method::GET, &path)
            .header("range", "bytes=10-19"),
    )
    .await
    .expect(206);
    assert_eq!(part.body, bytes[10..20]);
    assert_eq!(part.header("content-range"), Some("bytes 10-19/1000"));
    let tail = ApiClient::send(
        alice
            .request(reqwest::Method::GET, &path)
            .header("range", "bytes=-5"),
    )
    .await
    .expect(206);
    assert_eq!(tail.body, bytes[995..]);
    ApiClient::send(
        alice
            .request(reqwest::Method::GET, &path)
            .header("range", "bytes=5000-"),
    )
    .await
    .expect(416);
    let whole = ApiClient::send(
        alice
            .request(reqwest::Method::GET, &path)
            .header("range", "bytes=0-1,4-5"),
    )
    .await
    .expect(200);
    assert_eq!(whole.body, bytes);
}

/// Public links: off by default, anyone with the link while on, dead once off or re-salted.
async fn public_links(t: TestServer) {
    let room = Room::new(&t).await;
    let alice = &room.alice.client;
    let admin = &room.admin.client;
    let info = upload(alice, &room.channel.id, "share.txt", b"shared words").await;
    alice
        .get(&format!("/files/{}/link", info.id))
        .await
        .expect_error(403, "api.file.get_public_link.disabled.app_error");
    patch_config(&t, admin, json!({"EnablePublicLink": true})).await;
    // Only files on a post get links.
    alice
        .get(&format!("/files/{}/link", info.id))
        .await
        .expect_error(400, "api.file.get_public_link.no_post.app_error");
    post_with_files(alice, &room.channel.id, &[&info.id]).await;
    let link: Value = alice
        .get(&format!("/files/{}/link", info.id))
        .await
        .expect(200)
        .json();
    let link = link["link"].as_str().expect("link").to_owned();
    assert!(
        link.starts_with(&format!("{}/files/{}/public?h=", t.base_url(), info.id)),
        "{link}"
    );

    let http = reqwest::Client::new();
    let fetch = |url: String| {
        let http = http.clone();
        async move {
            let r = http.get(url).send().await.expect("reaches the server");
            (r.status().as_u16(), r.bytes().await.expect("body").to_vec())
        }
    };
    assert_eq!(fetch(link.clone()).await, (200, b"shared words".to_vec()));
    let forged = format!("{}/files/{}/public?h=AAAA", t.base_url(), info.id);
    assert_eq!(fetch(forged).await.0, 400);

    // The salt is masked when read back, and changing it kills old links.
    let cfg: Value = admin.get("/config").await.expect(200).json();
    assert_eq!(
        cfg["FileSettings"]["PublicLinkSalt"],
        "********************************"
    );
    patch_config(
        &t,
        admin,
        json!({"PublicLinkSalt": "a-new-salt-that-is-32-chars-long!"}),
    )
    .await;
    assert_eq!(fetch(link.clone()).await.0, 400);
    let fresh: Value = alice
        .get(&format!("/files/{}/link", info.id))
        .await
        .expect(200)
        .json();
    let fresh = fresh["link"].as_str().expect("link").to_owned();
    assert_ne!(fresh, link);
    assert_eq!(fetch(fresh.clone()).await.0, 200);

    patch_config(&t, admin, json!({"EnablePublicLink": false})).await;
    assert_eq!(fetch(fresh).await.0, 403);
}

/// A file larger than one multipart part (5 MB) goes to the store in parts and comes back
/// whole; with an image, four objects are stored.
async fn large_files_stream_in_parts(t: TestServer) {
    let room = Room::new(&t).await;
    let alice = &room.alice.client;
    let big: Vec<u8> = (0..12 * 1024 * 1024u32).map(|i| (i % 253) as u8).collect();
    let file = upload(alice, &room.channel.id, "big.bin", &big).await;
    let image = upload(alice, &room.channel.id, "wide.png", &png(2400, 600)).await;
    post_with_files(alice, &room.channel.id, &[&file.id, &image.id]).await;
    assert_eq!(
        room.bob
            .client
            .get(&format!("/files/{}", file.id))
            .await
            .expect(200)
            .body,
        big
    );
    let part = ApiClient::send(
        alice
            .request(reqwest::Method::GET, &format!("/files/{}", file.id))
            .header("range", "bytes=6000000-6000009"),
    )
    .await
    .expect(206);
    assert_eq!(part.body, big[6_000_000..6_000_010]);
    let keys = t.stored_files().await;
    assert_eq!(
        keys.len(),
        4,
        "original, image, thumbnail, preview: {keys:?}"
    );
    assert!(
        keys.iter()
            .any(|k| k.ends_with(&format!("/{}/big.bin", file.id))),
        "{keys:?}"
    );
    assert!(
        keys.iter().any(|k| k.ends_with("wide_thumb.jpg")),
        "{keys:?}"
    );
}

/// Runs a file test with files in a fresh bucket of the S3-compatible test server.
async fn on_s3<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(TestServer) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let Some(endpoint) = stoa_tests::s3::endpoint() else {
        return;
    };
    let bucket = stoa_tests::s3::new_bucket(&endpoint).await;
    TestServer::run_with(
        backend,
        |cfg| stoa_tests::s3::use_bucket(cfg, &endpoint, &bucket),
        test,
    )
    .await;
}

/// Each test on SQLite and PostgreSQL with files on local disk (`sqlite::`, `postgres::`), and
/// again with files in S3 (`s3::<test>::sqlite`, `s3::<test>::postgres`).
macro_rules! files_test {
    ($($name:ident),+ $(,)?) => {
        api_test!($($name),+);
        mod s3 {
            $(
                mod $name {
                    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                    async fn sqlite() {
                        super::super::on_s3(stoa_tests::Backend::Sqlite, super::super::$name).await;
                    }
                    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                    async fn postgres() {
                        super::super::on_s3(stoa_tests::Backend::Postgres, super::super::$name).await;
                    }
                }
            )+
        }
    };
}

files_test!(
    image_upload_attach_read_delete,
    raw_uploads_and_safe_downloads,
    upload_and_attach_permissions,
    multipart_forms,
    oversized_uploads_leave_nothing,
    hostile_images_are_not_decoded,
    byte_ranges,
    public_links,
    large_files_stream_in_parts,
);
