//! Personal access tokens: made once, shown once, used as a session on REST and the WebSocket,
//! and ended by revoking, disabling, deactivating the user or switching the feature off.

use serde_json::{Value, json};
use stoa_tests::messaging::{Room, say};
use stoa_tests::ws::{WAIT, WsClient};
use stoa_tests::{ApiClient, Fixture, TestServer, TestUser, api_test};

use crate::bots::{allow_bots, make_bot};

async fn allow_tokens(admin: &TestUser, on: bool) {
    admin
        .client
        .put(
            "/config/patch",
            json!({"ServiceSettings": {"EnableUserAccessTokens": on}}),
        )
        .await
        .expect(200);
}

/// Gives `user` the role that lets people make their own tokens.
async fn grant_tokens(admin: &TestUser, user: &TestUser) {
    admin
        .client
        .put(
            &format!("/users/{}/roles", user.id()),
            json!({"roles": "system_user system_user_access_token"}),
        )
        .await
        .expect(200);
}

async fn create_token(by: &ApiClient, user_id: &str) -> Value {
    by.post(
        &format!("/users/{user_id}/tokens"),
        json!({"description": "for scripts"}),
    )
    .await
    .expect(200)
    .json()
}

fn secret(token: &Value) -> &str {
    token["token"].as_str().expect("the secret")
}

async fn a_token_is_a_session_on_rest_and_the_websocket_until_revoked(t: TestServer) {
    let r = Room::new(&t).await;
    allow_tokens(&r.admin, true).await;
    r.alice
        .client
        .post(
            &format!("/users/{}/tokens", r.alice.id()),
            json!({"description": "mine"}),
        )
        .await
        .expect_error(403, "api.context.permissions.app_error");
    grant_tokens(&r.admin, &r.alice).await;
    r.alice
        .client
        .post(&format!("/users/{}/tokens", r.alice.id()), json!({}))
        .await
        .expect_error(400, "api.context.invalid_param.app_error");

    let token = create_token(&r.alice.client, r.alice.id()).await;
    assert_eq!(token["user_id"], r.alice.id());
    assert_eq!(token["description"], "for scripts");
    assert_eq!(token["is_active"], true);
    assert_eq!(secret(&token).len(), 26);
    let token_id = token["id"].as_str().expect("id");

    // The secret is in that answer only.
    let listed = r
        .alice
        .client
        .get(&format!("/users/{}/tokens", r.alice.id()))
        .await
        .expect(200)
        .json();
    assert_eq!(listed[0]["id"], token_id);
    assert!(listed[0].get("token").is_none(), "{listed}");
    let one = r
        .alice
        .client
        .get(&format!("/users/tokens/{token_id}"))
        .await
        .expect(200)
        .json();
    assert!(one.get("token").is_none(), "{one}");
    assert!(!listed.to_string().contains(secret(&token)));

    // REST: the token acts as alice.
    let script = t.anon().with_token(secret(&token));
    let me = script.get("/users/me").await.expect(200).json();
    assert_eq!(me["id"], r.alice.id());
    say(&script, &r.channel.id, "posted with a token").await;
    let sessions = r.alice.client.get("/users/me/sessions").await.json();
    let session = sessions
        .as_array()
        .expect("sessions")
        .iter()
        .find(|s| s["props"]["type"] == "UserAccessToken")
        .expect("the token's session")
        .clone();
    assert_eq!(session["props"]["user_access_token_id"], token_id);
    assert_eq!(session["is_oauth"], false);

    // The WebSocket, both at the upgrade and by challenge.
    let mut ws = WsClient::connect(&t, secret(&token)).await;
    let mut challenged = WsClient::connect_challenge(&t, secret(&token)).await;
    say(&r.bob.client, &r.channel.id, "bob to the script").await;
    ws.next_posted("bob to the script").await;
    challenged.next_posted("bob to the script").await;

    // Revoked: the next request is refused and the sockets close.
    r.alice
        .client
        .post("/users/tokens/revoke", json!({"token_id": token_id}))
        .await
        .expect(200);
    script
        .get("/users/me")
        .await
        .expect_error(401, "api.context.session_expired.app_error");
    ws.expect_closed(WAIT).await;
    challenged.expect_closed(WAIT).await;
    r.alice
        .client
        .get(&format!("/users/tokens/{token_id}"))
        .await
        .expect_error(404, "app.user_access_token.get_by_user.app_error");
    // A socket cannot authenticate with it either.
    let mut refused = WsClient::connect_anonymous(&t).await;
    refused
        .send("authentication_challenge", json!({"token": secret(&token)}))
        .await;
    refused.expect_closed(WAIT).await;
}

async fn a_disabled_token_is_refused_until_enabled(t: TestServer) {
    let admin = t.admin().await;
    allow_tokens(&admin, true).await;
    let token = create_token(&admin.client, admin.id()).await;
    let id = token["id"].as_str().expect("id");
    let script = t.anon().with_token(secret(&token));
    script.get("/users/me").await.expect(200);
    let mut ws = WsClient::connect(&t, secret(&token)).await;

    admin
        .client
        .post("/users/tokens/disable", json!({"token_id": id}))
        .await
        .expect(200);
    script
        .get("/users/me")
        .await
        .expect_error(401, "api.context.session_expired.app_error");
    ws.expect_closed(WAIT).await;
    let listed = admin.client.get("/users/tokens").await.expect(200).json();
    assert_eq!(listed[0]["is_active"], false);

    admin
        .client
        .post("/users/tokens/enable", json!({"token_id": id}))
        .await
        .expect(200);
    script.get("/users/me").await.expect(200);
    admin
        .client
        .post("/users/tokens/disable", json!({}))
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
}

async fn tokens_need_the_setting_except_for_bots(t: TestServer) {
    let admin = t.admin().await;
    admin
        .client
        .post(
            &format!("/users/{}/tokens", admin.id()),
            json!({"description": "off"}),
        )
        .await
        .expect_error(501, "app.user_access_token.disabled");
    let client_config = t.anon().get("/config/client?format=old").await.json();
    assert_ne!(client_config["EnableUserAccessTokens"], "true");

    allow_tokens(&admin, true).await;
    let token = create_token(&admin.client, admin.id()).await;
    let script = t.anon().with_token(secret(&token));
    script.get("/users/me").await.expect(200);
    allow_tokens(&admin, false).await;
    script
        .get("/users/me")
        .await
        .expect_error(401, "api.context.session_expired.app_error");

    // Bots' tokens work whatever the setting says, as in Mattermost.
    allow_bots(&admin).await;
    let bot = make_bot(&admin.client, "tokenbot").await;
    let bot_id = bot["user_id"].as_str().expect("user_id");
    let bot_token = create_token(&admin.client, bot_id).await;
    let as_bot = t.anon().with_token(secret(&bot_token));
    let me = as_bot.get("/users/me").await.expect(200).json();
    assert_eq!(me["id"], bot_id);
    assert_eq!(me["is_bot"], true);
    let sessions = admin
        .client
        .get(&format!("/users/{bot_id}/sessions"))
        .await
        .json();
    assert_eq!(sessions[0]["props"]["is_bot"], "true");

    // Disabling the bot ends its token's use.
    admin
        .client
        .post(&format!("/bots/{bot_id}/disable"), json!({}))
        .await
        .expect(200);
    as_bot.get("/users/me").await.expect(401);
}

async fn deactivating_the_user_stops_its_tokens(t: TestServer) {
    let admin = t.admin().await;
    let alice = t.user(&admin, "alice").await;
    allow_tokens(&admin, true).await;
    let token = create_token(&admin.client, alice.id()).await;
    let script = t.anon().with_token(secret(&token));
    script.get("/users/me").await.expect(200);
    admin
        .client
        .put(
            &format!("/users/{}/active", alice.id()),
            json!({"active": false}),
        )
        .await
        .expect(200);
    script.get("/users/me").await.expect(401);
    admin
        .client
        .put(
            &format!("/users/{}/active", alice.id()),
            json!({"active": true}),
        )
        .await
        .expect(200);
    script.get("/users/me").await.expect(200);
}

async fn tokens_of_others_are_out_of_reach(t: TestServer) {
    let admin = t.admin().await;
    let alice = t.user(&admin, "alice").await;
    let bob = t.user(&admin, "bob").await;
    allow_tokens(&admin, true).await;
    grant_tokens(&admin, &alice).await;
    grant_tokens(&admin, &bob).await;
    let token = create_token(&alice.client, alice.id()).await;
    let id = token["id"].as_str().expect("id");

    let forbidden = "api.context.permissions.app_error";
    bob.client
        .post(
            &format!("/users/{}/tokens", alice.id()),
            json!({"description": "hers"}),
        )
        .await
        .expect_error(403, forbidden);
    bob.client
        .get(&format!("/users/{}/tokens", alice.id()))
        .await
        .expect_error(403, forbidden);
    bob.client
        .get(&format!("/users/tokens/{id}"))
        .await
        .expect_error(403, forbidden);
    for action in ["revoke", "disable", "enable"] {
        bob.client
            .post(&format!("/users/tokens/{action}"), json!({"token_id": id}))
            .await
            .expect_error(403, forbidden);
    }
    bob.client
        .get("/users/tokens")
        .await
        .expect_error(403, forbidden);
    bob.client
        .post("/users/tokens/search", json!({"term": "a"}))
        .await
        .expect_error(403, forbidden);
    t.anon()
        .with_token(secret(&token))
        .get("/users/me")
        .await
        .expect(200);

    // Admins list and search every token.
    let all = admin.client.get("/users/tokens").await.expect(200).json();
    assert!(all.to_string().contains(id));
    assert!(!all.to_string().contains(secret(&token)));
    for term in [alice.user.username.as_str(), alice.id(), id] {
        let found = admin
            .client
            .post("/users/tokens/search", json!({"term": term}))
            .await
            .expect(200)
            .json();
        assert_eq!(found[0]["id"], id, "search by {term}");
    }
    admin
        .client
        .post("/users/tokens/search", json!({"term": ""}))
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
}

api_test!(
    a_token_is_a_session_on_rest_and_the_websocket_until_revoked,
    a_disabled_token_is_refused_until_enabled,
    tokens_need_the_setting_except_for_bots,
    deactivating_the_user_stops_its_tokens,
    tokens_of_others_are_out_of_reach,
);
