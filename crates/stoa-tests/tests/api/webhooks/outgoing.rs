//! Outgoing hooks against a real receiver: what Stoa sends when a message matches, what it
//! posts from the answer, that posting never waits for the receiver, and the SSRF guard.

use std::time::{Duration, Instant};

use serde_json::json;
use stoa_tests::messaging::{Room, say};
use stoa_tests::receiver::{Receiver, Reply};
use stoa_tests::{TestServer, TestUser, api_test};

use super::{newest, patch_config};

/// Lets integrations reach the test's receivers on loopback, as an admin would list them.
async fn allow_loopback(admin: &TestUser, hosts: &str) {
    patch_config(
        admin,
        json!({"ServiceSettings": {"AllowedUntrustedInternalConnections": hosts}}),
    )
    .await;
}

async fn a_trigger_word_calls_the_receiver_and_its_answer_is_posted(t: TestServer) {
    let r = Room::new(&t).await;
    allow_loopback(&r.admin, "127.0.0.1").await;
    let rx = Receiver::start(Reply::json(
        json!({"text": "deploying <!here>", "response_type": "comment", "username": "bot"}),
    ))
    .await;
    let hook = r
        .admin
        .client
        .post(
            "/hooks/outgoing",
            json!({
                "team_id": r.team.id, "display_name": "Deployer",
                "trigger_words": ["deploy"], "callback_urls": [rx.url("/hook")],
            }),
        )
        .await
        .expect(201)
        .json();
    let token = hook["token"].as_str().expect("token").to_string();
    assert_eq!(token.len(), 26);
    assert_eq!(hook["content_type"], "");

    // A message whose first word is not the trigger calls nothing.
    say(&r.bob.client, &r.channel.id, "please deploy").await;
    let post = say(&r.bob.client, &r.channel.id, "deploy staging now").await;
    let got = rx.expect_request().await;
    assert_eq!(got.method, "POST");
    assert_eq!(got.target, "/hook");
    assert_eq!(
        got.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(got.form("token").as_deref(), Some(token.as_str()));
    assert_eq!(got.form("trigger_word").as_deref(), Some("deploy"));
    assert_eq!(got.form("text").as_deref(), Some("deploy staging now"));
    assert_eq!(got.form("post_id").as_deref(), Some(post.id.as_str()));
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
    assert!(
        rx.next(Duration::from_millis(300)).await.is_none(),
        "one call only"
    );

    // The answer becomes a reply in the message's thread, by the hook's creator.
    let deadline = Instant::now() + Duration::from_secs(10);
    let reply = loop {
        let thread = r
            .bob
            .client
            .get(&format!("/posts/{}/thread", post.id))
            .await
            .expect(200)
            .json();
        if thread["order"].as_array().map(Vec::len) == Some(2) {
            break thread;
        }
        assert!(Instant::now() < deadline, "the answer is posted");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let answer = reply["posts"]
        .as_object()
        .expect("posts")
        .values()
        .find(|p| p["id"] != post.id.as_str())
        .expect("the answer")
        .clone();
    assert_eq!(answer["message"], "deploying @here");
    assert_eq!(answer["root_id"], post.id.as_str());
    assert_eq!(answer["user_id"], r.admin.id());
    assert_eq!(answer["props"]["from_webhook"], "true");
    assert_eq!(answer["props"]["webhook_display_name"], "Deployer");

    // JSON receivers get the same payload as JSON; a new token replaces the old.
    let id = hook["id"].as_str().expect("id");
    let mut edited = hook.clone();
    edited["content_type"] = json!("application/json");
    edited["trigger_words"] = json!(["ship"]);
    edited["trigger_when"] = json!(1);
    r.admin
        .client
        .put(&format!("/hooks/outgoing/{id}"), edited)
        .await
        .expect(200);
    let regen = r
        .admin
        .client
        .post(&format!("/hooks/outgoing/{id}/regen_token"), json!({}))
        .await
        .expect(200)
        .json();
    assert_ne!(regen["token"], hook["token"]);
    rx.answer(Reply::empty());
    say(&r.alice.client, &r.channel.id, "shipit v2").await;
    let got = rx.expect_request().await;
    assert_eq!(got.header("content-type"), Some("application/json"));
    let body = got.json();
    assert_eq!(body["trigger_word"], "ship");
    assert_eq!(body["token"], regen["token"]);
    assert_eq!(body["text"], "shipit v2");
}

async fn a_slow_receiver_never_delays_posting(t: TestServer) {
    let r = Room::new(&t).await;
    allow_loopback(&r.admin, "127.0.0.1").await;
    let rx = Receiver::start(Reply::json(json!({"text": "finally"})).after(Duration::from_secs(5)))
        .await;
    r.admin
        .client
        .post(
            "/hooks/outgoing",
            json!({"team_id": r.team.id, "channel_id": r.channel.id, "callback_urls": [rx.url("/")]}),
        )
        .await
        .expect(201);
    // A channel-bound hook without trigger words fires on every message.
    let started = Instant::now();
    let first = say(&r.bob.client, &r.channel.id, "one").await;
    say(&r.bob.client, &r.channel.id, "two").await;
    rx.expect_request().await;
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "both posts were answered before the receiver answered once"
    );
    // Its late answer still arrives.
    let deadline = Instant::now() + Duration::from_secs(15);
    while newest(&r.bob.client, &r.channel.id).await.message != "finally" {
        assert!(Instant::now() < deadline, "the slow answer is posted");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(!first.id.is_empty());
}

async fn internal_addresses_are_refused_even_through_redirects(t: TestServer) {
    let r = Room::new(&t).await;
    let target = Receiver::start(Reply::json(json!({"text": "reached"}))).await;
    let hook = |url: String, word: &str| json!({"team_id": r.team.id, "trigger_words": [word], "callback_urls": [url]});
    // Not listed: loopback is refused, nothing reaches the receiver.
    r.admin
        .client
        .post("/hooks/outgoing", hook(target.url("/"), "direct"))
        .await
        .expect(201);
    say(&r.bob.client, &r.channel.id, "direct").await;
    assert!(target.next(Duration::from_secs(1)).await.is_none());

    // `localhost` listed by name: a redirect from it to 127.0.0.1 (not listed) is refused.
    allow_loopback(&r.admin, "localhost").await;
    let bouncer = Receiver::start(Reply::redirect(&target.url("/stolen"))).await;
    let via_name = bouncer.url("/").replace("127.0.0.1", "localhost");
    r.admin
        .client
        .post("/hooks/outgoing", hook(via_name, "bounce"))
        .await
        .expect(201);
    say(&r.bob.client, &r.channel.id, "bounce").await;
    bouncer.expect_request().await;
    assert!(
        target.next(Duration::from_secs(1)).await.is_none(),
        "the redirect into loopback was not followed"
    );

    // Metadata addresses are never reached either.
    r.admin
        .client
        .post(
            "/hooks/outgoing",
            hook("http://169.254.169.254/latest/meta-data/".into(), "meta"),
        )
        .await
        .expect(201);
    say(&r.bob.client, &r.channel.id, "meta").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_ne!(
        newest(&r.bob.client, &r.channel.id).await.message,
        "reached"
    );
}

async fn outgoing_hooks_are_validated_and_need_team_admins(t: TestServer) {
    let r = Room::new(&t).await;
    let base = json!({"team_id": r.team.id, "trigger_words": ["go"], "callback_urls": ["https://hooks.example.com/x"]});
    r.bob
        .client
        .post("/hooks/outgoing", base.clone())
        .await
        .expect_error(403, "api.context.permissions.app_error");
    let mut no_trigger = base.clone();
    no_trigger["trigger_words"] = json!([]);
    r.admin
        .client
        .post("/hooks/outgoing", no_trigger)
        .await
        .expect_error(400, "api.webhook.create_outgoing.triggers.app_error");
    let mut bad_url = base.clone();
    bad_url["callback_urls"] = json!(["ftp://x"]);
    r.admin
        .client
        .post("/hooks/outgoing", bad_url)
        .await
        .expect_error(400, "model.outgoing_hook.url.app_error");
    let secret = stoa_tests::Fixture::channel(&t, &r.admin, &r.team, "P").await;
    let mut private = base.clone();
    private["channel_id"] = json!(secret.id);
    r.admin
        .client
        .post("/hooks/outgoing", private)
        .await
        .expect_error(403, "api.webhook.create_outgoing.not_open.app_error");
    let made = r
        .admin
        .client
        .post("/hooks/outgoing", base.clone())
        .await
        .expect(201)
        .json();
    r.admin
        .client
        .post("/hooks/outgoing", base.clone())
        .await
        .expect_error(400, "api.webhook.create_outgoing.intersect.app_error");
    let id = made["id"].as_str().expect("id");
    r.bob
        .client
        .get(&format!("/hooks/outgoing/{id}"))
        .await
        .expect(403);
    let listed = r
        .admin
        .client
        .get(&format!("/hooks/outgoing?team_id={}", r.team.id))
        .await
        .expect(200)
        .json();
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    r.admin
        .client
        .delete(&format!("/hooks/outgoing/{id}"))
        .await
        .expect(200);
    r.admin
        .client
        .get(&format!("/hooks/outgoing/{id}"))
        .await
        .expect_error(404, "app.webhooks.get_outgoing.app_error");
}

api_test!(
    a_trigger_word_calls_the_receiver_and_its_answer_is_posted,
    a_slow_receiver_never_delays_posting,
    internal_addresses_are_refused_even_through_redirects,
    outgoing_hooks_are_validated_and_need_team_admins,
);
