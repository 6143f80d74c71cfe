//! Preferences: the round trip, who may read and write them, validation, and saved (flagged)
//! posts.

use serde_json::{Value, json};
use stoa_model::channel::Channel;
use stoa_model::post::{Post, PostList};
use stoa_tests::messaging::{Room, say};
use stoa_tests::{ApiClient, Fixture, TestServer, TestUser, api_test};

fn pref(user: &TestUser, category: &str, name: &str, value: &str) -> Value {
    json!({"user_id": user.id(), "category": category, "name": name, "value": value})
}

/// `(category, name, value)` of a list of preferences, sorted.
fn triples(v: &Value) -> Vec<(String, String, String)> {
    let mut out: Vec<_> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|p| {
            let s = |k: &str| p[k].as_str().expect("string").to_owned();
            (s("category"), s("name"), s("value"))
        })
        .collect();
    out.sort();
    out
}

fn t3(c: &str, n: &str, v: &str) -> (String, String, String) {
    (c.to_owned(), n.to_owned(), v.to_owned())
}

async fn preferences_round_trip(t: TestServer) {
    let admin = t.admin().await;
    let alice = t.user(&admin, "alice").await;
    let c = &alice.client;
    let base = format!("/users/{}/preferences", alice.id());
    let body = json!([
        pref(&alice, "display_settings", "use_military_time", "true"),
        pref(&alice, "display_settings", "name_format", "username"),
        pref(&alice, "advanced_settings", "send_on_ctrl_enter", "false"),
    ]);
    let r = c.put(&base, body).await.expect(200).json();
    assert_eq!(r, json!({"status": "OK"}));

    let all = c.get("/users/me/preferences").await.expect(200).json();
    for p in all.as_array().expect("array") {
        assert_eq!(p["user_id"], alice.id());
    }
    let mine: Vec<_> = triples(&all)
        .into_iter()
        .filter(|(cat, _, _)| cat == "display_settings" || cat == "advanced_settings")
        .collect();
    assert_eq!(
        mine,
        vec![
            t3("advanced_settings", "send_on_ctrl_enter", "false"),
            t3("display_settings", "name_format", "username"),
            t3("display_settings", "use_military_time", "true"),
        ]
    );

    // Saving an existing one replaces its value.
    c.put(
        &base,
        json!([pref(
            &alice,
            "display_settings",
            "use_military_time",
            "false"
        )]),
    )
    .await
    .expect(200);
    let display = c
        .get(&format!("{base}/display_settings"))
        .await
        .expect(200)
        .json();
    assert_eq!(
        triples(&display),
        vec![
            t3("display_settings", "name_format", "username"),
            t3("display_settings", "use_military_time", "false"),
        ]
    );
    let one = c
        .get("/users/me/preferences/display_settings/name/use_military_time")
        .await
        .expect(200)
        .json();
    assert_eq!(
        one,
        json!({"user_id": alice.id(), "category": "display_settings", "name": "use_military_time", "value": "false"})
    );

    // Deleting needs only category and name.
    let r = c
        .post(
            &format!("{base}/delete"),
            json!([{"user_id": alice.id(), "category": "display_settings", "name": "use_military_time"}]),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(r, json!({"status": "OK"}));
    c.get(&format!("{base}/display_settings/name/use_military_time"))
        .await
        .expect_error(400, "app.preference.get.app_error");
    let display = c
        .get(&format!("{base}/display_settings"))
        .await
        .expect(200)
        .json();
    assert_eq!(
        triples(&display),
        vec![t3("display_settings", "name_format", "username")]
    );
    // Deleting what is not there is fine; an empty category is 404.
    c.post(
        &format!("{base}/delete"),
        json!([pref(&alice, "nothing_here", "x", "")]),
    )
    .await
    .expect(200);
    c.get(&format!("{base}/nothing_here"))
        .await
        .expect_error(404, "api.preference.preferences_category.get.app_error");
    // Empty arrays are accepted.
    c.put(&base, json!([])).await.expect(200);
    c.post(&format!("{base}/delete"), json!([]))
        .await
        .expect(200);
}

async fn only_the_user_reads_and_writes_their_preferences(t: TestServer) {
    let admin = t.admin().await;
    let alice = t.user(&admin, "alice").await;
    let bob = t.user(&admin, "bob").await;
    let base = format!("/users/{}/preferences", alice.id());
    alice
        .client
        .put(&base, json!([pref(&alice, "display_settings", "a", "1")]))
        .await
        .expect(200);

    let perm = "api.context.permissions.app_error";
    let b = &bob.client;
    b.get(&base).await.expect_error(403, perm);
    b.get(&format!("{base}/display_settings"))
        .await
        .expect_error(403, perm);
    b.get(&format!("{base}/display_settings/name/a"))
        .await
        .expect_error(403, perm);
    b.put(&base, json!([pref(&alice, "display_settings", "a", "2")]))
        .await
        .expect_error(403, perm);
    b.post(
        &format!("{base}/delete"),
        json!([pref(&alice, "display_settings", "a", "")]),
    )
    .await
    .expect_error(403, perm);
    b.get(&format!("/users/{}/posts/flagged", alice.id()))
        .await
        .expect_error(403, perm);
    // Items naming another user are refused even on one's own path, and nothing is written.
    b.put(
        "/users/me/preferences",
        json!([
            pref(&bob, "display_settings", "a", "b"),
            pref(&alice, "display_settings", "a", "3")
        ]),
    )
    .await
    .expect_error(403, "api.preference.update_preferences.set.app_error");
    b.get("/users/me/preferences/display_settings")
        .await
        .expect_error(404, "api.preference.preferences_category.get.app_error");
    b.post(
        "/users/me/preferences/delete",
        json!([pref(&alice, "display_settings", "a", "")]),
    )
    .await
    .expect_error(403, "api.preference.delete_preferences.delete.app_error");

    // Alice's value is untouched; an admin (edit_other_users) may read and write it.
    let one = admin
        .client
        .get(&format!("{base}/display_settings/name/a"))
        .await
        .expect(200)
        .json();
    assert_eq!(one["value"], "1");
    admin
        .client
        .put(&base, json!([pref(&alice, "display_settings", "a", "4")]))
        .await
        .expect(200);
    let one = alice
        .client
        .get(&format!("{base}/display_settings/name/a"))
        .await
        .expect(200)
        .json();
    assert_eq!(one["value"], "4");
    // No session: 401.
    t.anon()
        .get(&base)
        .await
        .expect_error(401, "api.context.session_expired.app_error");
}

async fn invalid_preferences_are_refused_and_nothing_is_written(t: TestServer) {
    let admin = t.admin().await;
    let alice = t.user(&admin, "alice").await;
    let c = &alice.client;
    let base = format!("/users/{}/preferences", alice.id());
    let good = pref(&alice, "display_settings", "good", "1");
    let cases = [
        (
            pref(&alice, "", "n", "v"),
            "model.preference.is_valid.category.app_error",
        ),
        (
            pref(&alice, &"c".repeat(33), "n", "v"),
            "model.preference.is_valid.category.app_error",
        ),
        (
            pref(&alice, "display_settings", &"n".repeat(33), "v"),
            "model.preference.is_valid.name.app_error",
        ),
        (
            pref(&alice, "display_settings", "n", &"é".repeat(20_001)),
            "model.preference.is_valid.value.app_error",
        ),
        (
            pref(&alice, "theme", "", "not a theme"),
            "model.preference.is_valid.theme.app_error",
        ),
        (
            pref(&alice, "sidebar_settings", "limit_visible_dms_gms", "41"),
            "model.preference.is_valid.limit_visible_dms_gms.app_error",
        ),
        (
            pref(&alice, "sidebar_settings", "limit_visible_dms_gms", "ten"),
            "model.preference.is_valid.limit_visible_dms_gms.app_error",
        ),
    ];
    for (bad, id) in cases {
        c.put(&base, json!([good.clone(), bad]))
            .await
            .expect_error(400, id);
    }
    // More than 100 at once.
    let many: Vec<Value> = (0..101)
        .map(|i| pref(&alice, "display_settings", &format!("n{i}"), "v"))
        .collect();
    c.put(&base, Value::Array(many.clone()))
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
    c.post(&format!("{base}/delete"), Value::Array(many))
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
    // Not an array of preferences.
    c.put(&base, json!({"category": "x"}))
        .await
        .expect_error(400, "api.context.invalid_body_param.app_error");
    // Nothing of the refused batches was written.
    c.get(&format!("{base}/display_settings"))
        .await
        .expect_error(404, "api.preference.preferences_category.get.app_error");
    // Bad path words and ids.
    c.get(&format!("{base}/bad-category"))
        .await
        .expect_error(400, "api.context.invalid_url_param.app_error");
    c.get(&format!("{base}/display_settings/name/bad.name"))
        .await
        .expect_error(400, "api.context.invalid_url_param.app_error");
    c.get("/users/not-an-id/preferences")
        .await
        .expect_error(400, "api.context.invalid_url_param.app_error");

    // 100 at once is fine; theme colours that are not colours become white.
    let hundred: Vec<Value> = (0..100)
        .map(|i| pref(&alice, "display_settings", &format!("n{i}"), "v"))
        .collect();
    c.put(&base, Value::Array(hundred)).await.expect(200);
    let theme = r##"{"sidebarBg":"#145dbf","linkColor":"javascript:alert(1)","type":"Custom"}"##;
    c.put(&base, json!([pref(&alice, "theme", "", theme)]))
        .await
        .expect(200);
    let themes = c.get(&format!("{base}/theme")).await.expect(200).json();
    let stored: Value =
        serde_json::from_str(themes[0]["value"].as_str().expect("value")).expect("theme JSON");
    assert_eq!(
        stored,
        json!({"sidebarBg": "#145dbf", "linkColor": "#ffffff", "type": "Custom"})
    );
}

async fn flag(client: &ApiClient, user: &TestUser, post: &Post) {
    client
        .put(
            "/users/me/preferences",
            json!([pref(user, "flagged_post", &post.id, "true")]),
        )
        .await
        .expect(200);
}

async fn flagged(client: &ApiClient, query: &str) -> PostList {
    client
        .get(&format!("/users/me/posts/flagged?{query}"))
        .await
        .expect(200)
        .parse()
}

fn messages(list: &PostList) -> Vec<String> {
    assert_eq!(list.order.len(), list.posts.len(), "only the saved posts");
    list.order
        .iter()
        .map(|id| list.posts[id].message.clone())
        .collect()
}

async fn saved_posts_are_listed_newest_first_and_paged(t: TestServer) {
    let room = Room::new(&t).await;
    let (alice, bob) = (&room.alice, &room.bob);
    let mut posts = Vec::new();
    for m in ["one", "two", "three"] {
        posts.push(say(&bob.client, &room.channel.id, m).await);
    }
    let reply: Post = bob
        .client
        .post(
            "/posts",
            json!({"channel_id": room.channel.id, "root_id": posts[0].id, "message": "four"}),
        )
        .await
        .expect(201)
        .parse();
    assert!(messages(&flagged(&alice.client, "").await).is_empty());
    for p in posts.iter().chain([&reply]) {
        flag(&alice.client, alice, p).await;
    }
    let all = flagged(&alice.client, "").await;
    assert_eq!(messages(&all), vec!["four", "three", "two", "one"]);
    let p0 = flagged(&alice.client, "page=0&per_page=3").await;
    assert_eq!(messages(&p0), vec!["four", "three", "two"]);
    let p1 = flagged(&alice.client, "page=1&per_page=3").await;
    assert_eq!(messages(&p1), vec!["one"]);
    assert!(messages(&flagged(&alice.client, "page=2&per_page=3").await).is_empty());
    // Bob saved nothing; an admin may read Alice's list.
    assert!(messages(&flagged(&bob.client, "").await).is_empty());
    let by_admin: PostList = room
        .admin
        .client
        .get(&format!("/users/{}/posts/flagged", alice.id()))
        .await
        .expect(200)
        .parse();
    assert_eq!(messages(&by_admin).len(), 4);
    // Unflagging is deleting the preference.
    alice
        .client
        .post(
            "/users/me/preferences/delete",
            json!([pref(alice, "flagged_post", &posts[1].id, "true")]),
        )
        .await
        .expect(200);
    assert_eq!(
        messages(&flagged(&alice.client, "").await),
        vec!["four", "three", "one"]
    );
}

async fn saving_needs_a_live_readable_post(t: TestServer) {
    let room = Room::new(&t).await;
    let alice = &room.alice;
    let unknown = stoa_model::new_id();
    for name in [unknown.as_str(), "not-a-post-id"] {
        alice
            .client
            .put(
                "/users/me/preferences",
                json!([pref(alice, "flagged_post", name, "true")]),
            )
            .await
            .expect_error(400, "api.context.invalid_param.app_error");
    }
    let deleted = say(&room.bob.client, &room.channel.id, "gone soon").await;
    room.bob
        .client
        .delete(&format!("/posts/{}", deleted.id))
        .await
        .expect(200);
    alice
        .client
        .put(
            "/users/me/preferences",
            json!([pref(alice, "flagged_post", &deleted.id, "true")]),
        )
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
    // A post in a private channel Alice is not in.
    let private: Channel = t.channel(&room.admin, &room.team, "P").await;
    let secret = say(&room.admin.client, &private.id, "secret").await;
    alice
        .client
        .put(
            "/users/me/preferences",
            json!([pref(alice, "flagged_post", &secret.id, "true")]),
        )
        .await
        .expect_error(403, "api.context.permissions.app_error");
    alice
        .client
        .get("/users/me/preferences/flagged_post")
        .await
        .expect_error(404, "api.preference.preferences_category.get.app_error");
}

async fn saved_posts_drop_out_when_deleted_or_left(t: TestServer) {
    let room = Room::with_channel_type(&t, "P").await;
    let (alice, bob) = (&room.alice, &room.bob);
    let town: Channel = alice
        .client
        .get(&format!(
            "/teams/{}/channels/name/town-square",
            room.team.id
        ))
        .await
        .expect(200)
        .parse();
    let private_post = say(&bob.client, &room.channel.id, "in private").await;
    let public_post = say(&bob.client, &town.id, "in public").await;
    let doomed = say(&bob.client, &town.id, "to be deleted").await;
    for p in [&private_post, &public_post, &doomed] {
        flag(&alice.client, alice, p).await;
    }
    assert_eq!(
        messages(&flagged(&alice.client, "").await),
        vec!["to be deleted", "in public", "in private"]
    );
    bob.client
        .delete(&format!("/posts/{}", doomed.id))
        .await
        .expect(200);
    assert_eq!(
        messages(&flagged(&alice.client, "").await),
        vec!["in public", "in private"]
    );
    alice
        .client
        .delete(&format!(
            "/channels/{}/members/{}",
            room.channel.id,
            alice.id()
        ))
        .await
        .expect(200);
    assert_eq!(
        messages(&flagged(&alice.client, "").await),
        vec!["in public"]
    );
    // Filtering by the left channel shows nothing either.
    let only = flagged(&alice.client, &format!("channel_id={}", room.channel.id)).await;
    assert!(messages(&only).is_empty());
}

async fn saved_posts_filter_by_team_and_channel(t: TestServer) {
    let room = Room::new(&t).await;
    let (alice, bob) = (&room.alice, &room.bob);
    let other_team = t.team(alice).await;
    let other_town: Channel = alice
        .client
        .get(&format!(
            "/teams/{}/channels/name/town-square",
            other_team.id
        ))
        .await
        .expect(200)
        .parse();
    let dm: Channel = alice
        .client
        .post("/channels/direct", json!([alice.id(), bob.id()]))
        .await
        .expect(201)
        .parse();
    let in_room = say(&bob.client, &room.channel.id, "room").await;
    let in_other = say(&alice.client, &other_town.id, "other team").await;
    let in_dm = say(&bob.client, &dm.id, "direct").await;
    for p in [&in_room, &in_other, &in_dm] {
        flag(&alice.client, alice, p).await;
    }
    assert_eq!(
        messages(&flagged(&alice.client, "").await),
        vec!["direct", "other team", "room"]
    );
    // A team: its channels, and direct and group messages.
    assert_eq!(
        messages(&flagged(&alice.client, &format!("team_id={}", room.team.id)).await),
        vec!["direct", "room"]
    );
    assert_eq!(
        messages(&flagged(&alice.client, &format!("team_id={}", other_team.id)).await),
        vec!["direct", "other team"]
    );
    // A channel wins over a team.
    let q = format!("channel_id={}&team_id={}", room.channel.id, other_team.id);
    assert_eq!(messages(&flagged(&alice.client, &q).await), vec!["room"]);
    assert_eq!(
        messages(&flagged(&alice.client, &format!("channel_id={}", dm.id)).await),
        vec!["direct"]
    );
    alice
        .client
        .get("/users/me/posts/flagged?team_id=nope")
        .await
        .expect_error(400, "api.context.invalid_url_param.app_error");
    // The list carries what post reads carry (metadata), and nothing of other users' saves.
    let list = flagged(&alice.client, "").await;
    assert!(list.posts[&in_room.id].metadata.is_some());
    assert!(messages(&flagged(&bob.client, "").await).is_empty());
}

api_test!(
    preferences_round_trip,
    only_the_user_reads_and_writes_their_preferences,
    invalid_preferences_are_refused_and_nothing_is_written,
    saved_posts_are_listed_newest_first_and_paged,
    saving_needs_a_live_readable_post,
    saved_posts_drop_out_when_deleted_or_left,
    saved_posts_filter_by_team_and_channel,
);
