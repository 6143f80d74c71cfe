//! Requests that once answered 500, found by the probes of issue 13 or by the request fuzzer,
//! each kept as an explicit case on both databases.

use serde_json::json;
use stoa_tests::messaging::Room;
use stoa_tests::{TestServer, api_test};

use crate::files::{form, png, upload_form};

/// Search terms and autocomplete prefixes past 50,000 bytes were a 500 on SQLite ("LIKE or
/// GLOB pattern too complex"). Mattermost sets no limit (PostgreSQL runs any pattern, and a term
/// longer than every searchable field finds nothing); Stoa refuses terms over 1,024 bytes at the
/// edge with Mattermost's error body, on both databases alike.
async fn long_search_terms_are_refused_at_the_edge(t: TestServer) {
    let room = Room::new(&t).await;
    let admin = &room.admin.client;
    let user = &room.alice.client;
    let team = &room.team.id;
    let long = "a".repeat(60_000);
    let bodies = [
        ("/users/search", "term"),
        ("/channels/search", "term"),
        ("/channels/search?system_console=false", "term"),
        (&*format!("/teams/{team}/channels/search"), "term"),
        ("/channels/group/search", "term"),
        ("/emoji/search", "term"),
        ("/teams/search", "term"),
        ("/posts/search", "terms"),
        ("/files/search", "terms"),
    ];
    for (path, field) in bodies {
        admin
            .post(path, json!({ field: long }))
            .await
            .expect_error(400, "api.context.invalid_param.app_error");
    }
    let queries = [
        "/users/autocomplete?name=",
        "/users?role=",
        &*format!("/teams/{team}/channels/autocomplete?name="),
        &*format!("/teams/{team}/channels/search_autocomplete?name="),
        "/emoji/autocomplete?name=",
        "/reports/users?search_term=",
        "/reports/users?role_filter=",
        "/reports/users/count?search_term=",
    ];
    for path in queries {
        admin
            .get(&format!("{path}{long}"))
            .await
            .expect_error(400, "api.context.invalid_url_param.app_error");
    }
    // A plain user is refused the same way, before anything runs.
    user.post("/users/search", json!({"term": long}))
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
    // Up to the bound a term is searched as before.
    let at_bound = "a".repeat(1024);
    admin
        .post("/users/search", json!({"term": at_bound}))
        .await
        .expect(200);
    admin
        .get(&format!("/users/autocomplete?name={at_bound}"))
        .await
        .expect(200);
}

/// Upload names over 255 bytes were a 500 on both databases (the stored name or its rendition's
/// exceeded the file system's 255-byte limit). Past 255 bytes the name is a 400 decided before
/// the file is read; up to it, an image keeps its name and gets its renditions.
async fn long_upload_names_are_refused_or_stored(t: TestServer) {
    let room = Room::new(&t).await;
    let alice = &room.alice.client;
    let channel = &room.channel.id;
    for name in [
        "a".repeat(256),
        "é".repeat(128),
        format!("{}.png", "b".repeat(252)),
    ] {
        upload_form(alice, form(Some(channel), &[], &[(&name, b"x")]))
            .await
            .expect_error(400, "api.context.invalid_param.app_error");
        alice
            .raw(
                reqwest::Method::POST,
                &format!("/files?channel_id={channel}&filename={name}"),
                "application/octet-stream",
                b"x".to_vec(),
            )
            .await
            .expect_error(400, "api.context.invalid_param.app_error");
    }
    assert!(t.stored_files().await.is_empty(), "nothing was stored");
    // 255 bytes: stored under that name, with a thumbnail and a preview.
    let name = format!("{}.png", "c".repeat(251));
    let info = crate::files::upload(alice, channel, &name, &png(40, 30)).await;
    assert_eq!(info.name, name);
    assert!(info.has_preview_image);
    for rendition in ["thumbnail", "preview"] {
        alice
            .get(&format!("/files/{}/{rendition}", info.id))
            .await
            .expect(200);
    }
}

/// A date flag with a time zone offset near `i64::MAX` overflowed the day's bounds (a panic,
/// so a dropped connection, in a debug build; found by the search parser's properties). Such a
/// day matches nothing, as a date that does not parse.
async fn date_flags_with_absurd_time_zones_match_nothing(t: TestServer) {
    let room = Room::new(&t).await;
    let alice = &room.alice.client;
    let team = &room.team.id;
    for offset in [i64::MAX, i64::MIN, 9_223_309_869_549_176] {
        for terms in [
            "on:2026-01-01",
            "after:2026-01-01",
            "-before:0-1-1",
            "before:99999999999-1-1",
        ] {
            let found: serde_json::Value = alice
                .post(
                    &format!("/teams/{team}/posts/search"),
                    json!({"terms": terms, "time_zone_offset": offset}),
                )
                .await
                .expect(200)
                .json();
            assert_eq!(found["order"], json!([]), "{terms} at {offset}");
        }
    }
}

api_test!(
    date_flags_with_absurd_time_zones_match_nothing,
    long_search_terms_are_refused_at_the_edge,
    long_upload_names_are_refused_or_stored,
);
