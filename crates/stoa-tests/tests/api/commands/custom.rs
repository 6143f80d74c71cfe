//! Custom slash commands against a real integration: who may manage them, what Stoa sends when
//! one runs, and what it does with the answers (in the channel, only to the caller, later via
//! `response_url`, extra answers elsewhere).

use std::time::Duration;

use serde_json::{Value, json};
use stoa_tests::messaging::{Room, channel_posts};
use stoa_tests::receiver::{Receiver, Reply};
use stoa_tests::ws::WsClient;
use stoa_tests::{ApiClient, Fixture, Resp, TestServer, TestUser, api_test};

/// The site URL (response URLs need one) and loopback for the test's receivers.
async fn configure(t: &TestServer, admin: &TestUser) {
    admin
        .client
        .put(
            "/config/patch",
            json!({"ServiceSettings": {
                "SiteURL": t.base_url(),
                "AllowedUntrustedInternalConnections": "127.0.0.1",
            }}),
        )
        .await
        .expect(200);
}

async fn create(by: &ApiClient, team_id: &str, trigger: &str, url: &str, extra: Value) -> Resp {
    let mut body = json!({"team_id": team_id, "trigger": trigger, "url": url, "method": "P"});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    by.post("/commands", body).await
}

async fn run(client: &ApiClient, channel_id: &str, command: &str) -> Resp {
    client
        .post(
            "/commands/execute",
            json!({"channel_id": channel_id, "command": command}),
        )
        .await
}

async fn newest_message(client: &ApiClient, channel_id: &str) -> Value {
    let list = channel_posts(client, channel_id, "").await;
    let id = list.order.first().expect("a post").clone();
    serde_json::to_value(&list.posts[&id]).expect("post as JSON")
}

async fn team_admins_manage_custom_commands(t: TestServer) {
    let r = Room::new(&t).await;
    let url = "https://commands.example.com/deploy";
    create(&r.bob.client, &r.team.id, "deploy", url, json!({}))
        .await
        .expect_error(403, "api.context.permissions.app_error");
    let cmd = create(
        &r.admin.client,
        &r.team.id,
        "Deploy",
        url,
        json!({"auto_complete": true, "auto_complete_hint": "[env]", "auto_complete_desc": "Ships it"}),
    )
    .await
    .expect(201)
    .json();
    assert_eq!(cmd["trigger"], "deploy");
    assert_eq!(cmd["creator_id"], r.admin.id());
    let token = cmd["token"].as_str().expect("token").to_string();
    assert_eq!(token.len(), 26);
    let id = cmd["id"].as_str().expect("id").to_string();

    // Triggers are unique in the team and never a built-in's; the URL must be http(s).
    create(&r.admin.client, &r.team.id, "deploy", url, json!({}))
        .await
        .expect_error(400, "api.command.duplicate_trigger.app_error");
    create(&r.admin.client, &r.team.id, "echo", url, json!({}))
        .await
        .expect_error(400, "api.command.duplicate_trigger.app_error");
    create(&r.admin.client, &r.team.id, "x", "ftp://nope", json!({}))
        .await
        .expect_error(400, "model.command.is_valid.url.app_error");
    create(&r.admin.client, &r.team.id, "has space", url, json!({}))
        .await
        .expect_error(400, "model.command.is_valid.trigger.app_error");

    // Members see it to autocomplete, without its token; only managers list custom ones.
    let auto = r
        .bob
        .client
        .get(&format!("/teams/{}/commands/autocomplete", r.team.id))
        .await
        .expect(200)
        .json();
    let listed = auto
        .as_array()
        .expect("list")
        .iter()
        .find(|c| c["trigger"] == "deploy")
        .expect("the custom command is offered")
        .clone();
    assert_eq!(listed["token"], "");
    assert_eq!(listed["auto_complete_hint"], "[env]");
    let hints = r
        .bob
        .client
        .get(&format!(
            "/teams/{}/commands/autocomplete_suggestions?user_input=%2Fdep&channel_id={}",
            r.team.id, r.channel.id
        ))
        .await
        .expect(200)
        .json();
    assert_eq!(hints[0]["Complete"], "deploy");
    assert_eq!(hints[0]["Description"], "Ships it");
    r.bob
        .client
        .get(&format!("/commands?team_id={}&custom_only=true", r.team.id))
        .await
        .expect(403);
    let custom = r
        .admin
        .client
        .get(&format!("/commands?team_id={}&custom_only=true", r.team.id))
        .await
        .expect(200)
        .json();
    assert_eq!(custom[0]["token"], token.as_str());
    r.bob
        .client
        .get(&format!("/commands/{id}"))
        .await
        .expect(403);

    // Edited, given a new token, moved to another team, deleted.
    let mut edited = cmd.clone();
    edited["display_name"] = json!("Deployer");
    let edited = r
        .admin
        .client
        .put(&format!("/commands/{id}"), edited)
        .await
        .expect(200)
        .json();
    assert_eq!(edited["display_name"], "Deployer");
    assert_eq!(edited["token"], token.as_str());
    let regen = r
        .admin
        .client
        .put(&format!("/commands/{id}/regen_token"), json!({}))
        .await
        .expect(200)
        .json();
    assert_ne!(regen["token"], token.as_str());
    let other = t.team(&r.admin).await;
    r.admin
        .client
        .put(
            &format!("/commands/{id}/move"),
            json!({"team_id": other.id}),
        )
        .await
        .expect(200);
    let moved = r
        .admin
        .client
        .get(&format!("/commands/{id}"))
        .await
        .expect(200)
        .json();
    assert_eq!(moved["team_id"], other.id.as_str());
    r.admin
        .client
        .delete(&format!("/commands/{id}"))
        .await
        .expect(200);
    r.admin
        .client
        .get(&format!("/commands/{id}"))
        .await
        .expect_error(404, "store.sql_command.get.missing.app_error");
}

async fn a_custom_command_calls_its_integration_and_posts_the_answer(t: TestServer) {
    let r = Room::new(&t).await;
    configure(&t, &r.admin).await;
    let rx = Receiver::start(Reply::json(json!({
        "response_type": "in_channel",
        "text": "Deploying <https://ci.example/7|build 7> for <!here>",
        "attachments": [{"color": "good", "title": "staging", "fields": [{"title": "by", "value": 7, "short": true}]}],
    })))
    .await;
    let cmd = create(
        &r.admin.client,
        &r.team.id,
        "deploy",
        &rx.url("/cmd?src=stoa"),
        json!({}),
    )
    .await
    .expect(201)
    .json();
    let resp = run(&r.bob.client, &r.channel.id, "/deploy staging now")
        .await
        .expect(200)
        .json();
    assert_eq!(resp["response_type"], "in_channel");

    let got = rx.expect_request().await;
    assert_eq!(got.method, "POST");
    assert_eq!(got.target, "/cmd?src=stoa");
    assert_eq!(
        got.header("authorization"),
        Some(format!("Token {}", cmd["token"].as_str().expect("token")).as_str())
    );
    assert_eq!(got.form("command").as_deref(), Some("/deploy"));
    assert_eq!(got.form("text").as_deref(), Some("staging now"));
    assert_eq!(
        got.form("user_name").as_deref(),
        Some(r.bob.user.username.as_str())
    );
    assert_eq!(
        got.form("channel_name").as_deref(),
        Some(r.channel.name.as_str())
    );
    assert_eq!(
        got.form("team_domain").as_deref(),
        Some(r.team.name.as_str())
    );
    assert_eq!(got.form("token"), cmd["token"].as_str().map(str::to_string));
    assert!(got.form("trigger_id").is_some_and(|t| !t.is_empty()));
    let response_url = got.form("response_url").expect("response_url");
    assert!(response_url.starts_with(&format!("{}/hooks/commands/", t.base_url())));

    let post = newest_message(&r.alice.client, &r.channel.id).await;
    assert_eq!(post["user_id"], r.bob.id());
    assert_eq!(
        post["message"],
        "Deploying [build 7](https://ci.example/7) for @here"
    );
    assert_eq!(post["type"], "slack_attachment");
    assert_eq!(post["props"]["attachments"][0]["fields"][0]["value"], "7");
    assert_eq!(post["props"]["from_webhook"], "true");

    // A later answer through the response URL lands in the same channel, as the caller.
    let later = |text: &str| {
        reqwest::Client::new()
            .post(&response_url)
            .json(&json!({"response_type": "in_channel", "text": text}))
    };
    ApiClient::send(later("all done")).await.expect(200);
    let post = newest_message(&r.alice.client, &r.channel.id).await;
    assert_eq!(post["message"], "all done");
    assert_eq!(post["user_id"], r.bob.id());
    for i in 0..4 {
        ApiClient::send(later(&format!("more {i}")))
            .await
            .expect(200);
    }
    ApiClient::send(later("one too many"))
        .await
        .expect_error(400, "app.command_webhook.try_use.invalid");
}

async fn ephemeral_and_extra_answers_and_get_commands(t: TestServer) {
    let r = Room::new(&t).await;
    configure(&t, &r.admin).await;
    let other = t.channel(&r.admin, &r.team, "O").await;
    stoa_tests::messaging::add_to_channel(&r.admin.client, &other.id, r.bob.id()).await;
    let rx = Receiver::start(Reply::json(json!({
        "text": "only you can see this",
        "extra_responses": [{"response_type": "in_channel", "channel_id": other.id, "text": "announced"}],
    })))
    .await;
    create(
        &r.admin.client,
        &r.team.id,
        "away",
        &rx.url("/q"),
        json!({"method": "G"}),
    )
    .await
    .expect_error(400, "api.command.duplicate_trigger.app_error");
    create(
        &r.admin.client,
        &r.team.id,
        "peek",
        &rx.url("/q"),
        json!({"method": "G"}),
    )
    .await
    .expect(201);
    let token = r.bob.client.token.clone().expect("token");
    let mut ws = WsClient::connect(&t, &token).await;
    let before = channel_posts(&r.bob.client, &r.channel.id, "")
        .await
        .order
        .len();
    run(&r.bob.client, &r.channel.id, "/peek a b")
        .await
        .expect(200);
    let got = rx.expect_request().await;
    assert_eq!(got.method, "GET");
    let query = got.target.split_once('?').map(|(_, q)| q).unwrap_or("");
    assert_eq!(
        stoa_tests::receiver::form_value(query, "text").as_deref(),
        Some("a b")
    );
    let event = ws
        .next_event("ephemeral_message", Duration::from_secs(5))
        .await;
    let post: Value =
        serde_json::from_str(event["data"]["post"].as_str().expect("post")).expect("json");
    assert_eq!(post["message"], "only you can see this");
    assert_eq!(post["type"], "system_ephemeral");
    let after = channel_posts(&r.bob.client, &r.channel.id, "")
        .await
        .order
        .len();
    assert_eq!(before, after, "an ephemeral answer is not stored");
    assert_eq!(
        newest_message(&r.bob.client, &other.id).await["message"],
        "announced"
    );
}

async fn failing_integrations_are_reported(t: TestServer) {
    let r = Room::new(&t).await;
    let rx = Receiver::start(Reply::json(json!({"text": "x"}))).await;
    create(
        &r.admin.client,
        &r.team.id,
        "flaky",
        &rx.url("/"),
        json!({}),
    )
    .await
    .expect(201);
    // Without a site URL there is no response URL to give: refused before any call.
    run(&r.bob.client, &r.channel.id, "/flaky")
        .await
        .expect_error(
            400,
            "api.command.execute_command.site_url_required.app_error",
        );
    // With one, but loopback not allowed: the guard refuses the call.
    r.admin
        .client
        .put(
            "/config/patch",
            json!({"ServiceSettings": {"SiteURL": t.base_url()}}),
        )
        .await
        .expect(200);
    run(&r.bob.client, &r.channel.id, "/flaky")
        .await
        .expect_error(500, "api.command.execute_command.failed.app_error");
    assert!(rx.next(Duration::from_millis(300)).await.is_none());
    configure(&t, &r.admin).await;
    rx.answer(Reply {
        status: 500,
        ..Reply::empty()
    });
    run(&r.bob.client, &r.channel.id, "/flaky")
        .await
        .expect_error(500, "api.command.execute_command.failed_resp.app_error");
    rx.answer(Reply::empty());
    run(&r.bob.client, &r.channel.id, "/flaky")
        .await
        .expect_error(500, "api.command.execute_command.failed_empty.app_error");
}

api_test!(
    team_admins_manage_custom_commands,
    a_custom_command_calls_its_integration_and_posts_the_answer,
    ephemeral_and_extra_answers_and_get_commands,
    failing_integrations_are_reported,
);
