//! Custom emoji: uploading, reading, listing, searching, deleting, using them, switching them off.

use serde_json::{Value, json};
use stoa_model::emoji::Emoji;
use stoa_tests::messaging::{Room, say};
use stoa_tests::multipart::tiny_png;
use stoa_tests::{ApiClient, Fixture, Resp, TestServer, TestUser, api_test};

const BOUNDARY: &str = "XEMOJIBOUNDARYX";

/// A multipart body with an optional `emoji` JSON part and an optional `image` file part.
fn form(emoji: Option<&str>, image: Option<&[u8]>) -> Vec<u8> {
    let mut body = Vec::new();
    if let Some(img) = image {
        body.extend_from_slice(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"emoji.png\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        body.extend_from_slice(img);
        body.extend_from_slice(b"\r\n");
    }
    if let Some(json) = emoji {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"emoji\"\r\n\r\n{json}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn upload(client: &ApiClient, body: Vec<u8>) -> Resp {
    client
        .raw(
            reqwest::Method::POST,
            "/emoji",
            &format!("multipart/form-data; boundary={BOUNDARY}"),
            body,
        )
        .await
}

/// Creates an emoji as `user` (the response, unchecked).
async fn create(user: &TestUser, name: &str, image: &[u8]) -> Resp {
    let meta = json!({"name": name, "creator_id": user.id()}).to_string();
    upload(&user.client, form(Some(&meta), Some(image))).await
}

/// Creates an emoji as `user` (200) and returns it.
async fn created(user: &TestUser, name: &str, image: &[u8]) -> Emoji {
    create(user, name, image).await.expect(200).parse()
}

/// A unique, valid emoji name.
fn unique(prefix: &str) -> String {
    format!("{prefix}_{}", &stoa_model::new_id()[..8])
}

/// A tiny valid GIF (1×1).
fn tiny_gif() -> Vec<u8> {
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;".to_vec()
}

/// The tiny PNG with other dimensions written into its header.
fn png_sized(width: u32, height: u32) -> Vec<u8> {
    let mut png = tiny_png();
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    png
}

/// Names in a JSON array of emoji.
fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("an array")
        .iter()
        .filter_map(|e| e["name"].as_str().map(str::to_owned))
        .collect()
}

/// Emoji images in the server's file store (`emoji/<id>/image`).
fn stored_images(t: &TestServer) -> usize {
    std::fs::read_dir(t.data_dir().join("files").join("emoji"))
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.path().join("image").is_file())
                .count()
        })
        .unwrap_or(0)
}

async fn custom_emoji_are_created_read_and_listed(t: TestServer) {
    let admin = t.admin().await;
    let alice = t.user(&admin, "alice").await;
    let name = unique("zed_parrot");
    let resp = create(&alice, &name, &tiny_png()).await.expect(200);
    assert_eq!(resp.header("content-type"), Some("application/json"));
    let emoji: Emoji = resp.parse();
    assert_eq!(emoji.id.len(), 26);
    assert_eq!(emoji.name, name);
    assert_eq!(emoji.creator_id, alice.id());
    assert!(emoji.create_at > 0 && emoji.update_at == emoji.create_at && emoji.delete_at == 0);
    let gif = created(&alice, &unique("alpha_dance"), &tiny_gif()).await;

    // Anyone signed in reads them.
    let got: Emoji = admin
        .client
        .get(&format!("/emoji/{}", emoji.id))
        .await
        .expect(200)
        .parse();
    assert_eq!(got, emoji);
    let by_name: Emoji = admin
        .client
        .get(&format!("/emoji/name/{name}"))
        .await
        .expect(200)
        .parse();
    assert_eq!(by_name, emoji);
    t.anon()
        .get(&format!("/emoji/{}", emoji.id))
        .await
        .expect_error(401, "api.context.session_expired.app_error");

    // The image, as uploaded, with its type.
    let img = admin
        .client
        .get(&format!("/emoji/{}/image", emoji.id))
        .await
        .expect(200);
    assert_eq!(img.header("content-type"), Some("image/png"));
    assert_eq!(img.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(
        img.header("cache-control"),
        Some("max-age=2592000, private")
    );
    assert_eq!(img.body, tiny_png());
    let img = admin
        .client
        .get(&format!("/emoji/{}/image", gif.id))
        .await
        .expect(200);
    assert_eq!(img.header("content-type"), Some("image/gif"));
    assert_eq!(img.body, tiny_gif());

    // Lists: by creation, by name, in pages.
    let mut listed = names(&admin.client.get("/emoji").await.expect(200).json());
    listed.sort();
    assert_eq!(listed, vec![gif.name.clone(), emoji.name.clone()]);
    let list = admin
        .client
        .get("/emoji?sort=name")
        .await
        .expect(200)
        .json();
    assert_eq!(names(&list), vec![gif.name.clone(), emoji.name.clone()]);
    let page = admin
        .client
        .get("/emoji?sort=name&page=1&per_page=1")
        .await
        .expect(200)
        .json();
    assert_eq!(names(&page), vec![emoji.name.clone()]);
    admin
        .client
        .get("/emoji?sort=size")
        .await
        .expect_error(400, "api.context.invalid_url_param.app_error");

    // By names: custom ones only.
    let found = admin
        .client
        .post("/emoji/names", json!([name, "smile", "nobody_made_this"]))
        .await
        .expect(200)
        .json();
    assert_eq!(names(&found), vec![name.clone()]);
    admin
        .client
        .post("/emoji/names", json!([]))
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
    let many: Vec<String> = (0..201).map(|i| format!("name_{i}")).collect();
    admin
        .client
        .post("/emoji/names", json!(many))
        .await
        .expect_error(400, "api.emoji.get_multiple_by_name_too_many.request_error");

    // Misses.
    let unknown = stoa_model::new_id();
    admin
        .client
        .get(&format!("/emoji/{unknown}"))
        .await
        .expect_error(404, "app.emoji.get.no_result");
    admin
        .client
        .get(&format!("/emoji/{unknown}/image"))
        .await
        .expect_error(404, "app.emoji.get.no_result");
    admin
        .client
        .get("/emoji/name/nobody_made_this")
        .await
        .expect_error(404, "app.emoji.get_by_name.no_result");
    admin
        .client
        .get("/emoji/name/not%20valid")
        .await
        .expect_error(400, "api.context.invalid_url_param.app_error");
    admin
        .client
        .get("/emoji/nope")
        .await
        .expect_error(400, "api.context.invalid_url_param.app_error");
}

async fn custom_emoji_work_as_reactions_and_in_post_metadata(t: TestServer) {
    let r = Room::new(&t).await;
    let parrot = created(&r.alice, &unique("parrot"), &tiny_png()).await;
    let post = say(&r.alice.client, &r.channel.id, "look at this").await;
    r.bob
        .client
        .post(
            "/reactions",
            json!({"user_id": r.bob.id(), "post_id": post.id, "emoji_name": parrot.name}),
        )
        .await
        .expect(200);
    let seen = r
        .bob
        .client
        .get(&format!("/posts/{}", post.id))
        .await
        .expect(200)
        .json();
    assert_eq!(seen["metadata"]["reactions"][0]["emoji_name"], parrot.name);
    assert_eq!(seen["metadata"]["emojis"][0]["id"], parrot.id);
    // Also when named in a message.
    let mention = say(
        &r.bob.client,
        &r.channel.id,
        &format!("so :{}: and :smile:", parrot.name),
    )
    .await;
    let seen = r
        .alice
        .client
        .get(&format!("/posts/{}", mention.id))
        .await
        .expect(200)
        .json();
    assert_eq!(
        names(&seen["metadata"]["emojis"]),
        vec![parrot.name.clone()]
    );
}

async fn bad_uploads_are_refused_and_nothing_is_stored(t: TestServer) {
    let admin = t.admin().await;
    let alice = t.user(&admin, "alice").await;
    let bob = t.user(&admin, "bob").await;
    let name = unique("taken");
    created(&alice, &name, &tiny_png()).await;
    assert_eq!(stored_images(&t), 1);

    // Names.
    create(&bob, &name, &tiny_png())
        .await
        .expect_error(400, "api.emoji.create.duplicate.app_error");
    create(&bob, "smile", &tiny_png())
        .await
        .expect_error(400, "model.emoji.system_emoji_name.app_error");
    for bad in ["no spaces", "", "semi;colon", &"a".repeat(65)] {
        create(&bob, bad, &tiny_png())
            .await
            .expect_error(400, "model.emoji.name.app_error");
    }
    // Someone else as creator.
    let meta = json!({"name": unique("forged"), "creator_id": alice.id()}).to_string();
    upload(&bob.client, form(Some(&meta), Some(&tiny_png())))
        .await
        .expect_error(403, "api.emoji.create.other_user.app_error");
    // Missing or broken parts.
    upload(&bob.client, form(None, Some(&tiny_png())))
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
    upload(&bob.client, form(Some("{not json"), Some(&tiny_png())))
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
    let meta = json!({"name": unique("noimage"), "creator_id": bob.id()}).to_string();
    upload(&bob.client, form(Some(&meta), None))
        .await
        .expect_error(400, "api.context.invalid_body_param.app_error");
    bob.client
        .post("/emoji", json!({"name": "x"}))
        .await
        .expect_error(400, "api.emoji.create.parse.app_error");
    // Not an image, or not one of the four formats.
    create(&bob, &unique("html"), b"<script>alert(1)</script>")
        .await
        .expect_error(400, "api.emoji.upload.image.app_error");
    create(&bob, &unique("bmp"), b"BM\x3a\x00\x00\x00\x00\x00\x00\x00")
        .await
        .expect_error(400, "api.emoji.upload.image.app_error");
    // Dimensions: 1028 is the most.
    create(&bob, &unique("wide"), &png_sized(1029, 10))
        .await
        .expect_error(400, "api.emoji.upload.large_image.too_large.app_error");
    create(&bob, &unique("tall"), &png_sized(10, 1029))
        .await
        .expect_error(400, "api.emoji.upload.large_image.too_large.app_error");
    // Size: 512 KiB is the most.
    let mut big = png_sized(64, 64);
    big.resize(600 * 1024, 0);
    create(&bob, &unique("big"), &big)
        .await
        .expect_error(413, "api.emoji.create.too_large.app_error");
    let mut huge = png_sized(64, 64);
    huge.resize(3 * 1024 * 1024, 0);
    create(&bob, &unique("huge"), &huge)
        .await
        .expect_error(413, "api.emoji.create.too_large.app_error");

    let list = bob.client.get("/emoji").await.expect(200).json();
    assert_eq!(names(&list), vec![name.clone()], "only the first was made");
    assert_eq!(
        stored_images(&t),
        1,
        "no image was stored for a refused upload"
    );
    // A large image within the limits is fine.
    let mut fits = png_sized(1028, 1028);
    fits.resize(500 * 1024, 0);
    created(&bob, &unique("fits"), &fits).await;
}

async fn emoji_are_deleted_by_their_creator_or_an_admin(t: TestServer) {
    let r = Room::new(&t).await;
    let (admin, alice, bob) = (&r.admin, &r.alice, &r.bob);
    let first = created(alice, &unique("first"), &tiny_png()).await;
    let second = created(alice, &unique("second"), &tiny_png()).await;
    assert_eq!(stored_images(&t), 2);

    bob.client
        .delete(&format!("/emoji/{}", first.id))
        .await
        .expect_error(403, "api.context.permissions.app_error");
    let ok = alice
        .client
        .delete(&format!("/emoji/{}", first.id))
        .await
        .expect(200)
        .json();
    assert_eq!(ok, json!({"status": "OK"}));
    alice
        .client
        .get(&format!("/emoji/{}", first.id))
        .await
        .expect_error(404, "app.emoji.get.no_result");
    alice
        .client
        .get(&format!("/emoji/{}/image", first.id))
        .await
        .expect_error(404, "app.emoji.get.no_result");
    alice
        .client
        .delete(&format!("/emoji/{}", first.id))
        .await
        .expect_error(404, "app.emoji.get.no_result");
    alice
        .client
        .delete("/emoji/nope")
        .await
        .expect_error(400, "api.context.invalid_url_param.app_error");
    assert_eq!(stored_images(&t), 1, "the image is removed");
    // The system admin deletes anyone's.
    admin
        .client
        .delete(&format!("/emoji/{}", second.id))
        .await
        .expect(200);
    let list = alice.client.get("/emoji").await.expect(200).json();
    assert_eq!(list, json!([]));
    assert_eq!(stored_images(&t), 0);

    // A deleted emoji's name is free again.
    let again = created(bob, &first.name, &tiny_gif()).await;
    assert_ne!(again.id, first.id);
    // Once deleted, reactions cannot use it.
    let post = say(&alice.client, &r.channel.id, "hi").await;
    let body = json!({"user_id": alice.id(), "post_id": post.id, "emoji_name": again.name});
    alice
        .client
        .post("/reactions", body.clone())
        .await
        .expect(200);
    bob.client
        .delete(&format!("/emoji/{}", again.id))
        .await
        .expect(200);
    alice
        .client
        .post("/reactions", body)
        .await
        .expect_error(404, "app.emoji.get_by_name.no_result");
    let seen = alice
        .client
        .get(&format!("/posts/{}", post.id))
        .await
        .expect(200)
        .json();
    assert!(
        seen["metadata"]["emojis"]
            .as_array()
            .is_none_or(|a| a.is_empty()),
        "a deleted emoji is not in metadata: {seen}"
    );
}

async fn emoji_are_searched_and_autocompleted_by_name(t: TestServer) {
    let admin = t.admin().await;
    let tag = &stoa_model::new_id()[..6];
    let party = created(&admin, &format!("party_parrot_{tag}"), &tiny_png()).await;
    let fast = created(&admin, &format!("parrot_fast_{tag}"), &tiny_png()).await;
    let other = created(&admin, &format!("happy_{tag}"), &tiny_png()).await;

    let found = admin
        .client
        .post("/emoji/search", json!({"term": "parrot"}))
        .await
        .expect(200)
        .json();
    assert_eq!(names(&found), vec![fast.name.clone(), party.name.clone()]);
    let found = admin
        .client
        .post(
            "/emoji/search",
            json!({"term": "PARROT", "prefix_only": true}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(
        names(&found),
        vec![fast.name.clone()],
        "case does not matter"
    );
    let found = admin
        .client
        .post("/emoji/search", json!({"term": "nothing_like_it"}))
        .await
        .expect(200)
        .json();
    assert_eq!(found, json!([]));
    admin
        .client
        .post("/emoji/search", json!({"term": ""}))
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
    // LIKE wildcards are literal.
    let found = admin
        .client
        .post("/emoji/search", json!({"term": "%"}))
        .await
        .expect(200)
        .json();
    assert_eq!(found, json!([]));

    let found = admin
        .client
        .get("/emoji/autocomplete?name=hap")
        .await
        .expect(200)
        .json();
    assert_eq!(names(&found), vec![other.name.clone()]);
    let found = admin
        .client
        .get("/emoji/autocomplete?name=par")
        .await
        .expect(200)
        .json();
    assert_eq!(names(&found), vec![fast.name.clone(), party.name.clone()]);
    admin
        .client
        .get("/emoji/autocomplete")
        .await
        .expect_error(400, "api.context.invalid_url_param.app_error");
}

async fn custom_emoji_can_be_switched_off(t: TestServer) {
    let r = Room::new(&t).await;
    let parrot = created(&r.alice, &unique("parrot"), &tiny_png()).await;
    let post = say(&r.alice.client, &r.channel.id, "party").await;
    r.bob
        .client
        .post(
            "/reactions",
            json!({"user_id": r.bob.id(), "post_id": post.id, "emoji_name": parrot.name}),
        )
        .await
        .expect(200);
    let off = json!({"ServiceSettings": {"EnableCustomEmoji": false}});
    r.bob
        .client
        .put("/config/patch", off.clone())
        .await
        .expect(403);
    r.admin.client.put("/config/patch", off).await.expect(200);

    let c = &r.alice.client;
    create(&r.alice, &unique("later"), &tiny_png())
        .await
        .expect_error(501, "api.emoji.disabled.app_error");
    for path in [
        "/emoji".to_owned(),
        format!("/emoji/{}", parrot.id),
        format!("/emoji/{}/image", parrot.id),
        format!("/emoji/name/{}", parrot.name),
    ] {
        c.get(&path)
            .await
            .expect_error(501, "api.emoji.disabled.app_error");
    }
    c.post("/emoji/names", json!([parrot.name]))
        .await
        .expect_error(501, "api.emoji.disabled.app_error");
    c.post("/emoji/search", json!({"term": "parrot"}))
        .await
        .expect_error(403, "api.emoji.disabled.app_error");
    c.get("/emoji/autocomplete?name=par")
        .await
        .expect_error(403, "api.emoji.disabled.app_error");
    c.delete(&format!("/emoji/{}", parrot.id))
        .await
        .expect_error(403, "api.emoji.disabled.app_error");
    // Reactions: custom ones are refused, system ones still work, metadata drops the emoji.
    c.post(
        "/reactions",
        json!({"user_id": r.alice.id(), "post_id": post.id, "emoji_name": parrot.name}),
    )
    .await
    .expect_error(403, "api.emoji.disabled.app_error");
    c.post(
        "/reactions",
        json!({"user_id": r.alice.id(), "post_id": post.id, "emoji_name": "tada"}),
    )
    .await
    .expect(200);
    let seen = c
        .get(&format!("/posts/{}", post.id))
        .await
        .expect(200)
        .json();
    assert!(
        seen["metadata"]["emojis"]
            .as_array()
            .is_none_or(|a| a.is_empty()),
        "{seen}"
    );

    // Back on: everything is still there.
    r.admin
        .client
        .put(
            "/config/patch",
            json!({"ServiceSettings": {"EnableCustomEmoji": true}}),
        )
        .await
        .expect(200);
    let got: Emoji = c
        .get(&format!("/emoji/{}", parrot.id))
        .await
        .expect(200)
        .parse();
    assert_eq!(got, parrot);
}

api_test!(
    custom_emoji_are_created_read_and_listed,
    custom_emoji_work_as_reactions_and_in_post_metadata,
    bad_uploads_are_refused_and_nothing_is_stored,
    emoji_are_deleted_by_their_creator_or_an_admin,
    emoji_are_searched_and_autocompleted_by_name,
    custom_emoji_can_be_switched_off,
);
