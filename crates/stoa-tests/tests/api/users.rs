//! Accounts: sign-up rules, profiles, what other users may see, lists, search, roles.

use serde_json::{Value, json};
use stoa_model::user::User;
use stoa_tests::multipart::tiny_png;
use stoa_tests::{Fixture, TestServer, api_test};

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|u| u["username"].as_str().expect("username").to_owned())
        .collect()
}

async fn first_user_is_admin_and_later_signups_need_an_open_server(t: TestServer) {
    let admin = t.admin().await;
    assert_eq!(admin.user.roles, "system_user system_admin");
    let signup =
        json!({"username": "walkin", "email": "walkin@example.com", "password": "walkin-pass"});
    t.anon()
        .post("/users", signup.clone())
        .await
        .expect_error(403, "api.user.create_user.no_open_server");
    admin.client.get("/users/username/walkin").await.expect(404);
    admin
        .client
        .put(
            "/config/patch",
            json!({"TeamSettings": {"EnableOpenServer": true}}),
        )
        .await
        .expect(200);
    let user: User = t.anon().post("/users", signup).await.expect(201).parse();
    assert_eq!(user.roles, "system_user");
    assert_eq!(user.username, "walkin");
    admin
        .client
        .put(
            "/config/patch",
            json!({"TeamSettings": {"EnableUserCreation": false}}),
        )
        .await
        .expect(200);
    let other = json!({"username": "late", "email": "late@example.com", "password": "late-pass-1"});
    t.anon().post("/users", other.clone()).await.expect(501);
    // An admin can always create accounts.
    admin.client.post("/users", other).await.expect(201);
}

async fn invite_links_admit_signups_into_the_team(t: TestServer) {
    let admin = t.admin().await;
    let team = t.team(&admin).await;
    let invite_id = team.invite_id.clone();
    assert_eq!(invite_id.len(), 26, "the creator sees the invite id");
    let info = t
        .anon()
        .get(&format!("/teams/invite/{invite_id}"))
        .await
        .expect(200)
        .json();
    assert_eq!(info["name"], team.name);
    let body =
        json!({"username": "invited", "email": "invited@example.com", "password": "invited-pass"});
    let user: User = t
        .anon()
        .post(&format!("/users?iid={invite_id}"), body)
        .await
        .expect(201)
        .parse();
    let member = admin
        .client
        .get(&format!("/teams/{}/members/{}", team.id, user.id))
        .await
        .expect(200)
        .json();
    assert_eq!(member["roles"], "team_user");
    let bad = json!({"username": "nope", "email": "nope@example.com", "password": "nope-pass-1"});
    t.anon()
        .post(&format!("/users?iid={}", stoa_model::new_id()), bad)
        .await
        .expect_error(400, "api.user.create_user.signup_link_invalid.app_error");
}

async fn invalid_accounts_are_refused_and_nothing_is_written(t: TestServer) {
    let admin = t.admin().await;
    let cases = [
        (
            json!({"username": "Has Space", "email": "a@example.com", "password": "password1"}),
            "model.user.is_valid.username.app_error",
        ),
        (
            json!({"username": "all", "email": "a@example.com", "password": "password1"}),
            "model.user.is_valid.username.app_error",
        ),
        (
            json!({"username": "x".repeat(65), "email": "a@example.com", "password": "password1"}),
            "model.user.is_valid.username.app_error",
        ),
        (
            json!({"username": "okname", "email": "not-an-email", "password": "password1"}),
            "model.user.is_valid.email.app_error",
        ),
        (
            json!({"username": "okname", "email": "ok@example.com", "password": "short"}),
            "model.user.is_valid.pwd.app_error",
        ),
        (
            json!({"username": "okname", "email": "ok@example.com", "password": "password1", "nickname": "n".repeat(65)}),
            "model.user.is_valid.nickname.app_error",
        ),
        (
            json!({"username": admin.user.username, "email": "other@example.com", "password": "password1"}),
            "app.user.save.username_exists.app_error",
        ),
        (
            json!({"username": "fresh", "email": admin.user.email.to_uppercase(), "password": "password1"}),
            "app.user.save.email_exists.app_error",
        ),
    ];
    for (body, id) in cases {
        admin
            .client
            .post("/users", body)
            .await
            .expect_error(400, id);
    }
    let stats = admin.client.get("/users/stats").await.expect(200).json();
    assert_eq!(stats["total_users_count"], 1);
}

async fn others_see_a_sanitised_profile(t: TestServer) {
    let admin = t.admin().await;
    let alice = t.user(&admin, "alice").await;
    let bob = t.user(&admin, "bob").await;
    let seen = bob
        .client
        .get(&format!("/users/{}", alice.id()))
        .await
        .expect(200)
        .json();
    assert_eq!(seen["username"], alice.user.username);
    assert_eq!(
        seen["email"], alice.user.email,
        "ShowEmailAddress is on by default"
    );
    assert!(
        seen.get("notify_props").is_none(),
        "notify props are private"
    );
    assert!(seen.get("password").is_none());
    let own = alice.client.get("/users/me").await.expect(200).json();
    assert_eq!(own["notify_props"]["push"], "mention");
    let by_admin = admin
        .client
        .get(&format!("/users/{}", alice.id()))
        .await
        .expect(200)
        .json();
    assert_eq!(by_admin["notify_props"]["email"], "true");

    admin
        .client
        .put(
            "/config/patch",
            json!({"PrivacySettings": {"ShowEmailAddress": false, "ShowFullName": false}}),
        )
        .await
        .expect(200);
    let seen = bob
        .client
        .get(&format!("/users/{}", alice.id()))
        .await
        .expect(200)
        .json();
    assert_eq!(seen["email"], "");
    assert_eq!(seen["first_name"], "");
    let listed = bob
        .client
        .post("/users/ids", json!([alice.id()]))
        .await
        .expect(200)
        .json();
    assert_eq!(listed[0]["email"], "");
    bob.client
        .get(&format!("/users/email/{}", alice.user.email))
        .await
        .expect(403);
    let by_admin = admin
        .client
        .get(&format!("/users/email/{}", alice.user.email))
        .await
        .expect(200)
        .json();
    assert_eq!(by_admin["id"], alice.id());
}

async fn lookups_by_ids_usernames_and_since(t: TestServer) {
    let admin = t.admin().await;
    let a = t.user(&admin, "ann").await;
    let b = t.user(&admin, "ben").await;
    let got = admin
        .client
        .post("/users/ids", json!([a.id(), b.id(), stoa_model::new_id()]))
        .await
        .expect(200)
        .json();
    assert_eq!(got.as_array().map(Vec::len), Some(2));
    let got = admin
        .client
        .post(
            "/users/usernames",
            json!([a.user.username.to_uppercase(), "nobody"]),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(names(&got), vec![a.user.username.clone()]);
    admin
        .client
        .get(&format!("/users/username/{}", b.user.username))
        .await
        .expect(200);
    admin
        .client
        .get("/users/username/nobody")
        .await
        .expect_error(404, "app.user.missing_account.const");
    admin
        .client
        .get(&format!("/users/{}", stoa_model::new_id()))
        .await
        .expect(404);
    let since = stoa_model::now_ms();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    b.client
        .put("/users/me/patch", json!({"nickname": "benny"}))
        .await
        .expect(200);
    let changed = admin
        .client
        .post(
            &format!("/users/ids?since={since}"),
            json!([a.id(), b.id()]),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(names(&changed), vec![b.user.username.clone()]);
    admin.client.post("/users/ids", json!([])).await.expect(400);
}

async fn lists_filter_by_team_and_channel_and_page(t: TestServer) {
    let admin = t.admin().await;
    let team = t.team(&admin).await;
    let inside = t.user(&admin, "inside").await;
    let outside = t.user(&admin, "outside").await;
    admin
        .client
        .post(
            &format!("/teams/{}/members", team.id),
            json!({"team_id": team.id, "user_id": inside.id()}),
        )
        .await
        .expect(201);
    let in_team = admin
        .client
        .get(&format!("/users?in_team={}", team.id))
        .await
        .expect(200)
        .json();
    let in_team = names(&in_team);
    assert!(in_team.contains(&inside.user.username) && !in_team.contains(&outside.user.username));
    let not_in = names(
        &admin
            .client
            .get(&format!("/users?not_in_team={}", team.id))
            .await
            .expect(200)
            .json(),
    );
    assert_eq!(not_in, vec![outside.user.username.clone()]);
    let channel = t.channel(&admin, &team, "O").await;
    let in_channel = names(
        &admin
            .client
            .get(&format!("/users?in_channel={}", channel.id))
            .await
            .expect(200)
            .json(),
    );
    assert_eq!(in_channel, vec![admin.user.username.clone()]);
    let not_in_channel = names(
        &admin
            .client
            .get(&format!(
                "/users?in_team={}&not_in_channel={}",
                team.id, channel.id
            ))
            .await
            .expect(200)
            .json(),
    );
    assert_eq!(not_in_channel, vec![inside.user.username.clone()]);
    let page0 = names(
        &admin
            .client
            .get("/users?page=0&per_page=2")
            .await
            .expect(200)
            .json(),
    );
    let page1 = names(
        &admin
            .client
            .get("/users?page=1&per_page=2")
            .await
            .expect(200)
            .json(),
    );
    assert_eq!(page0.len(), 2);
    assert_eq!(page1.len(), 1);
    assert!(page0.iter().all(|n| !page1.contains(n)));
    // Silly paging values are clamped, not refused.
    admin
        .client
        .get("/users?page=-4&per_page=100000")
        .await
        .expect(200);
    // Outsiders cannot list a team's members.
    outside
        .client
        .get(&format!("/users?in_team={}", team.id))
        .await
        .expect_error(403, "api.context.permissions.app_error");
}

async fn search_and_autocomplete_rank_exact_and_prefix_matches(t: TestServer) {
    let admin = t.admin().await;
    let team = t.team(&admin).await;
    let mut users = Vec::new();
    for (username, first) in [("sam", "Zed"), ("samantha", "Sam"), ("xavier", "Samuel")] {
        let body = json!({"username": username, "email": format!("{username}@example.com"), "password": "search-pass", "first_name": first});
        let u: User = admin.client.post("/users", body).await.expect(201).parse();
        admin
            .client
            .post(
                &format!("/teams/{}/members", team.id),
                json!({"team_id": team.id, "user_id": u.id}),
            )
            .await
            .expect(201);
        users.push(u);
    }
    let found = admin
        .client
        .post("/users/search", json!({"term": "sam", "team_id": team.id}))
        .await
        .expect(200)
        .json();
    assert_eq!(names(&found), vec!["sam", "samantha", "xavier"]);
    let found = admin
        .client
        .post("/users/search", json!({"term": "SAMU"}))
        .await
        .expect(200)
        .json();
    assert_eq!(names(&found), vec!["xavier"]);
    admin
        .client
        .post("/users/search", json!({"term": ""}))
        .await
        .expect(400);
    let channel = t.channel(&admin, &team, "O").await;
    admin
        .client
        .post(
            &format!("/channels/{}/members", channel.id),
            json!({"user_id": users[1].id}),
        )
        .await
        .expect(201);
    let ac = admin
        .client
        .get(&format!(
            "/users/autocomplete?in_team={}&in_channel={}&name=sam",
            team.id, channel.id
        ))
        .await
        .expect(200)
        .json();
    assert_eq!(names(&ac["users"]), vec!["samantha"]);
    assert_eq!(names(&ac["out_of_channel"]), vec!["sam", "xavier"]);
    let ac = admin
        .client
        .get(&format!("/users/autocomplete?in_team={}&name=sa", team.id))
        .await
        .expect(200)
        .json();
    assert_eq!(names(&ac["users"])[0], "sam");
}

async fn profile_updates_and_who_may_make_them(t: TestServer) {
    let admin = t.admin().await;
    let alice = t.user(&admin, "alice").await;
    let bob = t.user(&admin, "bob").await;
    let patched = alice.client.put("/users/me/patch", json!({"nickname": "Al", "position": "Lead", "notify_props": {"push": "all", "mention_keys": "ali"}})).await.expect(200).json();
    assert_eq!(patched["nickname"], "Al");
    assert_eq!(patched["notify_props"]["push"], "all");
    assert!(patched["update_at"].as_i64() > Some(alice.user.update_at));
    bob.client
        .put(
            &format!("/users/{}/patch", alice.id()),
            json!({"nickname": "hacked"}),
        )
        .await
        .expect_error(403, "api.context.permissions.app_error");
    admin
        .client
        .put(
            &format!("/users/{}/patch", alice.id()),
            json!({"nickname": "Admin set"}),
        )
        .await
        .expect(200);
    alice
        .client
        .put("/users/me/patch", json!({"username": bob.user.username}))
        .await
        .expect_error(400, "app.user.save.username_exists.app_error");
    let me = alice.client.get("/users/me").await.json();
    assert_eq!(me["nickname"], "Admin set");
    assert_eq!(
        me["username"], alice.user.username,
        "a refused change writes nothing"
    );
    // PUT takes the whole user.
    let mut whole = me.clone();
    whole["first_name"] = json!("Alicia");
    let updated = alice
        .client
        .put("/users/me", whole)
        .await
        .expect(200)
        .json();
    assert_eq!(updated["first_name"], "Alicia");
    alice
        .client
        .put(&format!("/users/{}", bob.id()), me)
        .await
        .expect(400);
}

async fn roles_are_changed_by_admins_only(t: TestServer) {
    let admin = t.admin().await;
    let user = t.user(&admin, "climber").await;
    user.client
        .put(
            &format!("/users/{}/roles", user.id()),
            json!({"roles": "system_user system_admin"}),
        )
        .await
        .expect(403);
    admin
        .client
        .put(
            &format!("/users/{}/roles", user.id()),
            json!({"roles": "system_user bogus"}),
        )
        .await
        .expect(400);
    admin
        .client
        .put(
            &format!("/users/{}/roles", user.id()),
            json!({"roles": "system_user system_admin"}),
        )
        .await
        .expect(200);
    // The new role applies to the existing session at once.
    user.client.get("/config").await.expect(200);
    let listed = admin
        .client
        .get("/users?role=system_admin")
        .await
        .expect(200)
        .json();
    assert_eq!(listed.as_array().map(Vec::len), Some(2));
}

async fn deactivation_ends_sessions_and_blocks_login(t: TestServer) {
    let admin = t.admin().await;
    let user = t.user(&admin, "leaver").await;
    user.client
        .put(
            &format!("/users/{}/active", admin.id()),
            json!({"active": false}),
        )
        .await
        .expect(403);
    admin
        .client
        .put(
            &format!("/users/{}/active", user.id()),
            json!({"active": false}),
        )
        .await
        .expect(200);
    user.client.get("/users/me").await.expect(401);
    t.anon()
        .post(
            "/users/login",
            json!({"login_id": user.user.username, "password": user.password}),
        )
        .await
        .expect_error(401, "api.user.login.inactive.app_error");
    let inactive = names(
        &admin
            .client
            .get("/users?inactive=true")
            .await
            .expect(200)
            .json(),
    );
    assert_eq!(inactive, vec![user.user.username.clone()]);
    let seen = admin
        .client
        .get(&format!("/users/{}", user.id()))
        .await
        .json();
    assert!(seen["delete_at"].as_i64() > Some(0));
    admin
        .client
        .put(
            &format!("/users/{}/active", user.id()),
            json!({"active": true}),
        )
        .await
        .expect(200);
    t.login(&user.user.username, &user.password).await;
    admin
        .client
        .delete(&format!("/users/{}", user.id()))
        .await
        .expect(200);
    t.anon()
        .post(
            "/users/login",
            json!({"login_id": user.user.username, "password": user.password}),
        )
        .await
        .expect(401);
}

async fn profile_pictures_default_upload_and_reset(t: TestServer) {
    let admin = t.admin().await;
    let user = t.user(&admin, "pic").await;
    let r = admin
        .client
        .get(&format!("/users/{}/image", user.id()))
        .await
        .expect(200);
    assert_eq!(r.header("content-type"), Some("image/png"));
    assert!(r.body.starts_with(b"\x89PNG"));
    let default = admin
        .client
        .get(&format!("/users/{}/image/default", user.id()))
        .await
        .expect(200);
    assert_eq!(default.body, r.body);

    let png = tiny_png();
    let boundary = "XBOUNDARYX";
    let mut body = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"me.png\"\r\nContent-Type: image/png\r\n\r\n").into_bytes();
    body.extend_from_slice(&png);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let ct = format!("multipart/form-data; boundary={boundary}");
    let other = t.user(&admin, "other").await;
    other
        .client
        .raw(
            reqwest::Method::POST,
            &format!("/users/{}/image", user.id()),
            &ct,
            body.clone(),
        )
        .await
        .expect(403);
    user.client
        .raw(reqwest::Method::POST, "/users/me/image", &ct, body)
        .await
        .expect(200);
    let got = admin
        .client
        .get(&format!("/users/{}/image", user.id()))
        .await
        .expect(200);
    // Stored re-encoded: a 128×128 PNG whatever was sent.
    let img =
        image::load_from_memory_with_format(&got.body, image::ImageFormat::Png).expect("a PNG");
    assert_eq!((img.width(), img.height()), (128, 128));
    let me = user.client.get("/users/me").await.json();
    let stamp = me["last_picture_update"].as_i64();
    assert!(stamp > Some(0));
    // An image bomb (a tiny PNG declaring 50000×50000 pixels) is refused before decoding,
    // and the picture stays as it was.
    let bomb = stoa_tests::multipart::png_claiming(50_000, 50_000);
    let mut body = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"bomb.png\"\r\n\r\n").into_bytes();
    body.extend_from_slice(&bomb);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    user.client
        .raw(reqwest::Method::POST, "/users/me/image", &ct, body)
        .await
        .expect_error(
            400,
            "api.user.upload_profile_user.check_image_limits.app_error",
        );
    assert_eq!(
        user.client.get("/users/me").await.json()["last_picture_update"].as_i64(),
        stamp
    );
    let same = admin
        .client
        .get(&format!("/users/{}/image", user.id()))
        .await
        .expect(200);
    assert_eq!(same.body, got.body);
    // Over the upload limit by its declared length: 413 before the body is parsed, whatever
    // its type (Mattermost checks `Content-Length` first), for pictures and team icons alike.
    let oversized = vec![0u8; 11 * 1024 * 1024];
    user.client
        .raw(
            reqwest::Method::POST,
            "/users/me/image",
            "application/octet-stream",
            oversized.clone(),
        )
        .await
        .expect_error(413, "api.user.upload_profile_user.too_large.app_error");
    let team = admin
        .client
        .post(
            "/teams",
            json!({"name": "pics", "display_name": "Pics", "type": "O"}),
        )
        .await
        .expect(201)
        .json();
    admin
        .client
        .raw(
            reqwest::Method::POST,
            &format!("/teams/{}/image", team["id"].as_str().unwrap_or_default()),
            "application/octet-stream",
            oversized,
        )
        .await
        .expect_error(413, "api.team.set_team_icon.too_large.app_error");
    // Not an image: refused.
    let mut bad = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.html\"\r\n\r\n").into_bytes();
    bad.extend_from_slice(b"<script>alert(1)</script>");
    bad.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    user.client
        .raw(reqwest::Method::POST, "/users/me/image", &ct, bad)
        .await
        .expect(400);
    user.client.delete("/users/me/image").await.expect(200);
    let back = admin
        .client
        .get(&format!("/users/{}/image", user.id()))
        .await
        .expect(200);
    assert_eq!(back.body, default.body);
    assert!(user.client.get("/users/me").await.json()["last_picture_update"].as_i64() < Some(0));
}

api_test!(
    first_user_is_admin_and_later_signups_need_an_open_server,
    invite_links_admit_signups_into_the_team,
    invalid_accounts_are_refused_and_nothing_is_written,
    others_see_a_sanitised_profile,
    lookups_by_ids_usernames_and_since,
    lists_filter_by_team_and_channel_and_page,
    search_and_autocomplete_rank_exact_and_prefix_matches,
    profile_updates_and_who_may_make_them,
    roles_are_changed_by_admins_only,
    deactivation_ends_sessions_and_blocks_login,
    profile_pictures_default_upload_and_reset,
);
