//! Bots: who may make, read and manage them, what they look like as users, and turning users into
//! bots and back.

use serde_json::{Value, json};
use stoa_tests::multipart::{self, Part};
use stoa_tests::ws::{WAIT, WsClient};
use stoa_tests::{ApiClient, Fixture, TestServer, TestUser, api_test};

/// Switches bot creation on (it is off by default, as in Mattermost).
pub async fn allow_bots(admin: &TestUser) {
    admin
        .client
        .put(
            "/config/patch",
            json!({"ServiceSettings": {"EnableBotAccountCreation": true}}),
        )
        .await
        .expect(200);
}

/// `by` makes a bot; returns its JSON.
pub async fn make_bot(by: &ApiClient, username: &str) -> Value {
    by.post(
        "/bots",
        json!({"username": username, "display_name": "Build Bot", "description": "Builds things"}),
    )
    .await
    .expect(201)
    .json()
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("a list")
        .iter()
        .filter_map(|b| b["user_id"].as_str())
        .collect()
}

async fn bots_are_made_by_admins_when_the_setting_allows(t: TestServer) {
    let admin = t.admin().await;
    let alice = t.user(&admin, "alice").await;
    let body = json!({"username": "buildbot"});
    admin
        .client
        .post("/bots", body.clone())
        .await
        .expect_error(403, "api.bot.create_disabled");
    allow_bots(&admin).await;
    let client_config = t.anon().get("/config/client?format=old").await.json();
    assert_eq!(client_config["EnableBotAccountCreation"], "true");
    alice
        .client
        .post("/bots", body.clone())
        .await
        .expect_error(403, "api.context.permissions.app_error");

    let bot = make_bot(&admin.client, "buildbot").await;
    let id = bot["user_id"].as_str().expect("user_id");
    assert_eq!(bot["username"], "buildbot");
    assert_eq!(bot["display_name"], "Build Bot");
    assert_eq!(bot["description"], "Builds things");
    assert_eq!(bot["owner_id"], admin.id());
    assert_eq!(bot["delete_at"], 0);
    assert!(bot["create_at"].as_i64() > Some(0));
    assert_eq!(bot["create_at"], bot["update_at"]);

    // The bot is a user others see as a bot.
    let user = alice
        .client
        .get(&format!("/users/{id}"))
        .await
        .expect(200)
        .json();
    assert_eq!(user["is_bot"], true);
    assert_eq!(user["bot_description"], "Builds things");
    assert_eq!(user["username"], "buildbot");
    let found = alice
        .client
        .post("/users/search", json!({"term": "buildb"}))
        .await
        .expect(200)
        .json();
    assert_eq!(found[0]["is_bot"], true);

    admin
        .client
        .post("/bots", body)
        .await
        .expect_error(400, "app.user.save.username_exists.app_error");
    admin
        .client
        .post("/bots", json!({"username": "Not Valid"}))
        .await
        .expect_error(400, "model.bot.is_valid.username.app_error");
    admin
        .client
        .post(
            "/bots",
            json!({"username": "longbot", "description": "x".repeat(1025)}),
        )
        .await
        .expect_error(400, "model.bot.is_valid.description.app_error");
}

async fn bots_are_read_and_managed_by_those_allowed(t: TestServer) {
    let admin = t.admin().await;
    let alice = t.user(&admin, "alice").await;
    allow_bots(&admin).await;
    let bot = make_bot(&admin.client, "readbot").await;
    let id = bot["user_id"].as_str().expect("user_id").to_owned();

    // Without read_bots a bot is "not found", not forbidden: nobody learns which users are bots.
    alice
        .client
        .get("/bots")
        .await
        .expect_error(403, "api.context.permissions.app_error");
    for resp in [
        alice.client.get(&format!("/bots/{id}")).await,
        alice
            .client
            .put(&format!("/bots/{id}"), json!({"display_name": "Mine"}))
            .await,
        alice
            .client
            .post(&format!("/bots/{id}/disable"), json!({}))
            .await,
        alice
            .client
            .post(&format!("/bots/{id}/assign/{}", alice.id()), json!({}))
            .await,
    ] {
        resp.expect_error(404, "store.sql_bot.get.missing.app_error");
    }
    admin
        .client
        .get(&format!("/bots/{}", alice.id()))
        .await
        .expect_error(404, "store.sql_bot.get.missing.app_error");

    let listed = admin.client.get("/bots").await.expect(200).json();
    assert_eq!(ids(&listed), [id.as_str()]);
    assert_eq!(
        admin
            .client
            .get(&format!("/bots/{id}"))
            .await
            .expect(200)
            .json(),
        bot
    );

    // A patch changes the bot's user too, and everyone is told.
    let mut ws = WsClient::connect(&t, alice.client.token.as_deref().expect("token")).await;
    let patched = admin
        .client
        .put(
            &format!("/bots/{id}"),
            json!({"display_name": "CI", "description": "Runs CI"}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(patched["display_name"], "CI");
    assert_eq!(patched["description"], "Runs CI");
    assert!(patched["update_at"].as_i64() > bot["update_at"].as_i64());
    let ev = ws
        .next_event_where("user_updated", WAIT, |e| e["data"]["user"]["id"] == id)
        .await;
    assert_eq!(ev["data"]["user"]["bot_description"], "Runs CI");
    let user = alice.client.get(&format!("/users/{id}")).await.json();
    assert_eq!(user["first_name"], "CI");

    // Disabled bots leave the default list and `GET` unless asked for.
    let disabled = admin
        .client
        .post(&format!("/bots/{id}/disable"), json!({}))
        .await
        .expect(200)
        .json();
    assert!(disabled["delete_at"].as_i64() > Some(0));
    assert!(ids(&admin.client.get("/bots").await.json()).is_empty());
    assert_eq!(
        ids(&admin.client.get("/bots?include_deleted=true").await.json()),
        [id.as_str()]
    );
    admin
        .client
        .get(&format!("/bots/{id}"))
        .await
        .expect_error(404, "store.sql_bot.get.missing.app_error");
    admin
        .client
        .get(&format!("/bots/{id}?include_deleted=true"))
        .await
        .expect(200);
    let user = alice.client.get(&format!("/users/{id}")).await.json();
    assert!(
        user["delete_at"].as_i64() > Some(0),
        "the bot's user is deactivated too"
    );
    let enabled = admin
        .client
        .post(&format!("/bots/{id}/enable"), json!({}))
        .await
        .expect(200)
        .json();
    assert_eq!(enabled["delete_at"], 0);
    assert_eq!(
        alice.client.get(&format!("/users/{id}")).await.json()["delete_at"],
        0
    );

    // A new owner, who must not be a bot.
    admin
        .client
        .post(&format!("/bots/{id}/assign/{id}"), json!({}))
        .await
        .expect_error(403, "api.context.permissions.app_error");
    let assigned = admin
        .client
        .post(&format!("/bots/{id}/assign/{}", alice.id()), json!({}))
        .await
        .expect(200)
        .json();
    assert_eq!(assigned["owner_id"], alice.id());

    // Deactivating the owner disables their bots, which are then "orphaned".
    admin
        .client
        .put(
            &format!("/users/{}/active", alice.id()),
            json!({"active": false}),
        )
        .await
        .expect(200);
    let orphans = admin
        .client
        .get("/bots?only_orphaned=true&include_deleted=true")
        .await
        .json();
    assert_eq!(ids(&orphans), [id.as_str()]);
    assert!(orphans[0]["delete_at"].as_i64() > Some(0));
}

async fn a_bot_cannot_log_in_with_a_password(t: TestServer) {
    let admin = t.admin().await;
    let alice = t.user(&admin, "alice").await;
    allow_bots(&admin).await;
    make_bot(&admin.client, "quietbot").await;
    t.anon()
        .post(
            "/users/login",
            json!({"login_id": "quietbot", "password": "anything-1"}),
        )
        .await
        .expect_error(401, "api.user.login.bot_login_forbidden.app_error");

    // A user made a bot keeps its password, which no longer signs in.
    alice
        .client
        .post(&format!("/users/{}/convert_to_bot", admin.id()), json!({}))
        .await
        .expect_error(403, "api.context.permissions.app_error");
    let bot = admin
        .client
        .post(&format!("/users/{}/convert_to_bot", alice.id()), json!({}))
        .await
        .expect(200)
        .json();
    assert_eq!(bot["user_id"], alice.id());
    assert_eq!(bot["owner_id"], alice.id());
    assert_eq!(bot["username"], alice.user.username);
    let login = json!({"login_id": alice.user.username, "password": alice.password});
    t.anon()
        .post("/users/login", login.clone())
        .await
        .expect_error(401, "api.user.login.bot_login_forbidden.app_error");
    let user = admin
        .client
        .get(&format!("/users/{}", alice.id()))
        .await
        .json();
    assert_eq!(user["is_bot"], true);

    // And back: a password is required, and it signs in again.
    let back = format!("/bots/{}/convert_to_user", alice.id());
    admin
        .client
        .post(&back, json!({"nickname": "x"}))
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
    let user = admin
        .client
        .post(
            &back,
            json!({"password": "new-pass-123", "nickname": "human"}),
        )
        .await
        .expect(200)
        .json();
    assert!(user.get("is_bot").is_none(), "{user}");
    assert_eq!(user["nickname"], "human");
    t.login(&alice.user.username, "new-pass-123").await;
    admin
        .client
        .get(&format!("/bots/{}?include_deleted=true", alice.id()))
        .await
        .expect_error(404, "store.sql_bot.get.missing.app_error");
}

async fn bots_have_pictures(t: TestServer) {
    let admin = t.admin().await;
    let alice = t.user(&admin, "alice").await;
    allow_bots(&admin).await;
    let bot = make_bot(&admin.client, "facebot").await;
    let id = bot["user_id"].as_str().expect("user_id");
    let image = alice
        .client
        .get(&format!("/users/{id}/image"))
        .await
        .expect(200);
    assert_eq!(image.header("content-type"), Some("image/png"));
    assert!(image.body.starts_with(b"\x89PNG"));

    let png = multipart::tiny_png();
    let form = multipart::form(&[Part::file("image", "face.png", &png)]);
    alice
        .client
        .raw(
            reqwest::Method::POST,
            &format!("/users/{id}/image"),
            &multipart::content_type(),
            form.clone(),
        )
        .await
        .expect_error(403, "api.context.permissions.app_error");
    admin
        .client
        .raw(
            reqwest::Method::POST,
            &format!("/users/{id}/image"),
            &multipart::content_type(),
            form,
        )
        .await
        .expect(200);
    let user = alice.client.get(&format!("/users/{id}")).await.json();
    assert!(user["last_picture_update"].as_i64() > Some(0));
}

api_test!(
    bots_are_made_by_admins_when_the_setting_allows,
    bots_are_read_and_managed_by_those_allowed,
    a_bot_cannot_log_in_with_a_password,
    bots_have_pictures,
);
