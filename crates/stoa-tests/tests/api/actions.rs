//! Interactive messages and dialogs against a real integration: a button and a menu on a post,
//! the signed cookie of an ephemeral post's action, and a dialog opened with a trigger id.

use std::time::Duration;

use serde_json::{Value, json};
use stoa_tests::messaging::Room;
use stoa_tests::receiver::{Receiver, Reply};
use stoa_tests::ws::WsClient;
use stoa_tests::{ApiClient, Fixture, TestServer, TestUser, api_test};

async fn allow_loopback(t: &TestServer, admin: &TestUser) {
    admin
        .client
        .put(
            "/config/patch",
            json!({"ServiceSettings": {"SiteURL": t.base_url(), "AllowedUntrustedInternalConnections": "127.0.0.1"}}),
        )
        .await
        .expect(200);
}

/// A post by `by` with an approval card: a button and a static menu, both calling `url`.
async fn approval_post(by: &ApiClient, channel_id: &str, url: &str) -> Value {
    by.post(
        "/posts",
        json!({
            "channel_id": channel_id,
            "message": "Deploy request",
            "props": {"attachments": [{
                "text": "Ship v2 to production?",
                "actions": [
                    {"name": "Approve", "type": "button", "style": "primary",
                     "integration": {"url": url, "context": {"request": 42}}},
                    {"name": "Env", "type": "select",
                     "options": [{"text": "Staging", "value": "staging"}, {"text": "Prod", "value": "prod"}],
                     "integration": {"url": url, "context": {"request": 42}}},
                ],
            }]},
        }),
    )
    .await
    .expect(201)
    .json()
}

fn action_id(post: &Value, i: usize) -> String {
    post["props"]["attachments"][0]["actions"][i]["id"]
        .as_str()
        .expect("the server gave the action an id")
        .to_string()
}

async fn a_button_calls_the_integration_which_updates_the_post(t: TestServer) {
    let r = Room::new(&t).await;
    allow_loopback(&t, &r.admin).await;
    let rx = Receiver::start(Reply::json(json!({
        "update": {"message": "Approved", "props": {"attachments": [{"text": "Approved by bob"}]}},
        "ephemeral_text": "You approved <!here>",
    })))
    .await;
    let post = approval_post(&r.admin.client, &r.channel.id, &rx.url("/act")).await;
    let post_id = post["id"].as_str().expect("id");
    let button = action_id(&post, 0);
    let mut ws = WsClient::connect(&t, &r.bob.client.token.clone().expect("token")).await;

    let resp = r
        .bob
        .client
        .post(&format!("/posts/{post_id}/actions/{button}"), json!({}))
        .await
        .expect(200)
        .json();
    assert_eq!(resp["status"], "OK");
    assert!(resp["trigger_id"].as_str().is_some_and(|t| !t.is_empty()));
    let got = rx.expect_request().await;
    let body = got.json();
    assert_eq!(body["user_id"], r.bob.id());
    assert_eq!(body["user_name"], r.bob.user.username.as_str());
    assert_eq!(body["post_id"], post_id);
    assert_eq!(body["channel_id"], r.channel.id.as_str());
    assert_eq!(body["team_domain"], r.team.name.as_str());
    assert_eq!(body["type"], "button");
    assert_eq!(body["context"]["request"], 42);

    // The post everyone sees now says what the integration answered.
    let edited = ws.next_event("post_edited", Duration::from_secs(5)).await;
    let edited: Value =
        serde_json::from_str(edited["data"]["post"].as_str().expect("post")).expect("json");
    assert_eq!(edited["message"], "Approved");
    let stored = r
        .alice
        .client
        .get(&format!("/posts/{post_id}"))
        .await
        .expect(200)
        .json();
    assert_eq!(stored["message"], "Approved");
    assert_eq!(stored["props"]["attachments"][0]["text"], "Approved by bob");
    let note = ws
        .next_event("ephemeral_message", Duration::from_secs(5))
        .await;
    let note: Value =
        serde_json::from_str(note["data"]["post"].as_str().expect("post")).expect("json");
    assert_eq!(note["message"], "You approved @here");
    assert_eq!(note["user_id"], r.bob.id());
    assert!(
        note["props"].get("from_webhook").is_none(),
        "an answer about a user's post is no webhook's post (it shows from System)"
    );

    // A menu sends the chosen option in the context.
    let post = approval_post(&r.admin.client, &r.channel.id, &rx.url("/act")).await;
    let menu = action_id(&post, 1);
    rx.answer(Reply::json(json!({})));
    r.bob
        .client
        .post(
            &format!("/posts/{}/actions/{menu}", post["id"].as_str().expect("id")),
            json!({"selected_option": "prod"}),
        )
        .await
        .expect(200);
    let body = rx.expect_request().await.json();
    assert_eq!(body["type"], "select");
    assert_eq!(body["context"]["selected_option"], "prod");
    assert_eq!(body["context"]["request"], 42);
}

async fn actions_cannot_be_forged_or_used_without_access(t: TestServer) {
    let r = Room::with_channel_type(&t, "P").await;
    allow_loopback(&t, &r.admin).await;
    let rx = Receiver::start(Reply::json(json!({}))).await;
    let post = approval_post(&r.admin.client, &r.channel.id, &rx.url("/act")).await;
    let post_id = post["id"].as_str().expect("id");
    let button = action_id(&post, 0);
    r.bob
        .client
        .post(&format!("/posts/{post_id}/actions/nosuchaction"), json!({}))
        .await
        .expect_error(404, "api.post.do_action.action_id.app_error");
    // Someone outside the private channel cannot click.
    let outsider = t.user(&r.admin, "out").await;
    stoa_tests::messaging::add_to_team(&r.admin.client, &r.team.id, outsider.id()).await;
    outsider
        .client
        .post(&format!("/posts/{post_id}/actions/{button}"), json!({}))
        .await
        .expect(403);
    // A made-up cookie pointing elsewhere is refused before any call.
    r.bob
        .client
        .post(
            &format!("/posts/{post_id}/actions/{button}"),
            json!({"cookie": "7b7d.00ff"}),
        )
        .await
        .expect(400);
    assert!(rx.next(Duration::from_millis(300)).await.is_none());
}

async fn an_ephemeral_posts_actions_carry_a_signed_cookie(t: TestServer) {
    let r = Room::new(&t).await;
    allow_loopback(&t, &r.admin).await;
    let rx = Receiver::start(Reply::json(json!({
        "text": "Pick one",
        "attachments": [{"text": "choices", "actions": [{"name": "Go", "integration": {"url": "PLACEHOLDER", "context": {"k": "v"}}}]}],
    })))
    .await;
    let mut answer = json!({
        "text": "Pick one",
        "attachments": [{"text": "choices", "actions": [{"name": "Go", "integration": {"url": rx.url("/eph"), "context": {"k": "v"}}}]}],
    });
    rx.answer(Reply::json(answer.clone()));
    r.admin
        .client
        .post(
            "/commands",
            json!({"team_id": r.team.id, "trigger": "pick", "url": rx.url("/cmd"), "method": "P"}),
        )
        .await
        .expect(201);
    let mut ws = WsClient::connect(&t, &r.bob.client.token.clone().expect("token")).await;
    r.bob
        .client
        .post(
            "/commands/execute",
            json!({"channel_id": r.channel.id, "command": "/pick"}),
        )
        .await
        .expect(200);
    rx.expect_request().await;
    let event = ws
        .next_event("ephemeral_message", Duration::from_secs(5))
        .await;
    let post: Value =
        serde_json::from_str(event["data"]["post"].as_str().expect("post")).expect("json");
    let action = &post["props"]["attachments"][0]["actions"][0];
    assert!(
        action.get("integration").is_none(),
        "the URL stays in the cookie"
    );
    let cookie = action["cookie"].as_str().expect("a cookie").to_string();
    let id = action["id"].as_str().expect("id").to_string();
    let post_id = post["id"].as_str().expect("post id");

    answer = json!({"ephemeral_text": "went"});
    rx.answer(Reply::json(answer));
    r.bob
        .client
        .post(
            &format!("/posts/{post_id}/actions/{id}"),
            json!({"cookie": cookie}),
        )
        .await
        .expect(200);
    let got = rx.expect_request().await;
    assert_eq!(got.target, "/eph");
    assert_eq!(got.json()["context"]["k"], "v");

    // One changed character and the cookie is worthless.
    let mut tampered = cookie.into_bytes();
    tampered[3] = if tampered[3] == b'0' { b'1' } else { b'0' };
    r.bob
        .client
        .post(
            &format!("/posts/{post_id}/actions/{id}"),
            json!({"cookie": String::from_utf8(tampered).expect("utf8")}),
        )
        .await
        .expect(400);
    assert!(rx.next(Duration::from_millis(300)).await.is_none());
}

async fn a_dialog_opens_with_a_trigger_id_and_submits_to_the_integration(t: TestServer) {
    let r = Room::new(&t).await;
    allow_loopback(&t, &r.admin).await;
    let rx = Receiver::start(Reply::json(json!({}))).await;
    let post = approval_post(&r.admin.client, &r.channel.id, &rx.url("/act")).await;
    let clicked = r
        .bob
        .client
        .post(
            &format!(
                "/posts/{}/actions/{}",
                post["id"].as_str().expect("id"),
                action_id(&post, 0)
            ),
            json!({}),
        )
        .await
        .expect(200)
        .json();
    rx.expect_request().await;
    let trigger_id = clicked["trigger_id"]
        .as_str()
        .expect("trigger id")
        .to_string();

    // The integration opens a dialog with the trigger id alone (no session).
    let mut ws = WsClient::connect(&t, &r.bob.client.token.clone().expect("token")).await;
    let dialog = json!({
        "callback_id": "incident", "title": "Report an incident", "submit_label": "File",
        "state": "s1",
        "elements": [
            {"display_name": "Summary", "name": "summary", "type": "text", "min_length": 5},
            {"display_name": "Severity", "name": "sev", "type": "select",
             "options": [{"text": "High", "value": "high"}, {"text": "Low", "value": "low"}]},
        ],
    });
    t.anon()
        .post(
            "/actions/dialogs/open",
            json!({"trigger_id": trigger_id, "url": rx.url("/dialog"), "dialog": dialog}),
        )
        .await
        .expect(200);
    let opened = ws.next_event("open_dialog", Duration::from_secs(5)).await;
    let inner: Value =
        serde_json::from_str(opened["data"]["dialog"].as_str().expect("dialog")).expect("json");
    assert_eq!(inner["dialog"]["title"], "Report an incident");
    assert_eq!(inner["url"], rx.url("/dialog"));
    t.anon()
        .post(
            "/actions/dialogs/open",
            json!({"trigger_id": format!("{trigger_id}0"), "url": rx.url("/dialog"), "dialog": dialog}),
        )
        .await
        .expect(400);

    // Submitting sends the values as the user; field errors come back.
    rx.answer(Reply::json(
        json!({"errors": {"summary": "Too short"}, "secret": "not for clients"}),
    ));
    let answer = r
        .bob
        .client
        .post(
            "/actions/dialogs/submit",
            json!({
                "url": rx.url("/dialog"), "callback_id": "incident", "state": "s1",
                "user_id": r.alice.id(), "channel_id": r.channel.id, "team_id": r.team.id,
                "submission": {"summary": "db", "sev": "high"}, "cancelled": false,
            }),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(answer, json!({"errors": {"summary": "Too short"}}));
    let got = rx.expect_request().await.json();
    assert_eq!(got["type"], "dialog_submission");
    assert_eq!(
        got["user_id"],
        r.bob.id(),
        "the submitter is the caller, whatever the body says"
    );
    assert_eq!(got["submission"]["sev"], "high");
    assert_eq!(got["state"], "s1");
}

api_test!(
    a_button_calls_the_integration_which_updates_the_post,
    actions_cannot_be_forged_or_used_without_access,
    an_ephemeral_posts_actions_carry_a_signed_cookie,
    a_dialog_opens_with_a_trigger_id_and_submits_to_the_integration,
);
