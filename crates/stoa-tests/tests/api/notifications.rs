//! Pushes to the official mobile apps, against a real HTTP server playing the push proxy: what a
//! post sends and to which device, the signature the apps check, what each contents setting
//! reveals, the `id_loaded` receipt, clears, a device the proxy reports removed, the ping the
//! apps use to warn of a server that cannot push, and one push per post with two nodes.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::pkcs8::DecodePublicKey;
use serde_json::{Value, json};
use stoa_tests::messaging::{Room, say};
use stoa_tests::receiver::{Received, Receiver, Reply};
use stoa_tests::{ApiClient, Fixture, TestServer, TestUser, api_test};

/// Starts a push proxy answering OK, and points the server at it.
async fn proxy(admin: &TestUser, contents: &str) -> Receiver {
    let rx = Receiver::start(Reply::json(json!({"status": "OK"}))).await;
    admin
        .client
        .put(
            "/config/patch",
            json!({"EmailSettings": {
                "SendPushNotifications": true,
                "PushNotificationServer": rx.url(""),
                "PushNotificationContents": contents,
            }}),
        )
        .await
        .expect(200);
    rx
}

/// Logs `user` in again as the mobile app does, with a push device; returns that client.
async fn login_from_phone(t: &TestServer, user: &TestUser, device: &str) -> ApiClient {
    let resp = t
        .anon()
        .post(
            "/users/login",
            json!({"login_id": user.user.username, "password": user.password, "device_id": device}),
        )
        .await
        .expect(200);
    t.anon().with_token(resp.header("token").expect("token"))
}

/// The next push to the proxy, skipping receipts.
async fn next_push(rx: &Receiver) -> Value {
    loop {
        let got: Received = rx.expect_request().await;
        if got.target == "/api/v1/send_push" {
            assert_eq!(got.method, "POST");
            return got.json();
        }
    }
}

async fn no_push(rx: &Receiver) {
    while let Some(got) = rx.next(Duration::from_millis(700)).await {
        assert_ne!(
            got.target,
            "/api/v1/send_push",
            "unexpected push: {:?}",
            got.json()
        );
    }
}

/// Checks the push's JWT as the apps do: ES256 with `AsymmetricSigningPublicKey`, over this
/// push's `ack_id` and `device_id`.
async fn assert_signed(client: &ApiClient, push: &Value) {
    let config = client
        .get("/config/client?format=old")
        .await
        .expect(200)
        .json();
    let key = config["AsymmetricSigningPublicKey"]
        .as_str()
        .expect("the public key is published");
    let der = STANDARD.decode(key).expect("base64 SPKI");
    let verifying = VerifyingKey::from_public_key_der(&der).expect("an EC public key");
    let jwt = push["signature"].as_str().expect("signed");
    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3, "a JWT");
    let header: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).expect("b64")).expect("json");
    assert_eq!(header["alg"], "ES256");
    let claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).expect("b64")).expect("json");
    assert_eq!(claims["ack_id"], push["ack_id"]);
    assert_eq!(claims["device_id"], push["device_id"]);
    let sig = Signature::from_slice(&URL_SAFE_NO_PAD.decode(parts[2]).expect("b64")).expect("r||s");
    verifying
        .verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &sig)
        .expect("the signature verifies");
    assert_eq!(push["server_id"], config["DiagnosticId"]);
}

async fn a_mention_pushes_a_signed_message_to_the_phone(t: TestServer) {
    let r = Room::new(&t).await;
    let rx = proxy(&r.admin, "full").await;
    let phone = login_from_phone(&t, &r.bob, "android_rn-v2:bob-token").await;
    let sessions = phone
        .get(&format!("/users/{}/sessions", r.bob.id()))
        .await
        .expect(200)
        .json();
    assert!(
        sessions
            .as_array()
            .expect("list")
            .iter()
            .any(|s| s["device_id"] == "android_rn-v2:bob-token"),
        "the session keeps the device: {sessions}"
    );

    // No mention, default settings: the phone stays quiet.
    say(&r.alice.client, &r.channel.id, "morning all").await;
    no_push(&rx).await;

    let post = say(
        &r.alice.client,
        &r.channel.id,
        &format!("**hey** @{} the build is green", r.bob.user.username),
    )
    .await;
    let push = next_push(&rx).await;
    assert_eq!(push["type"], "message");
    assert_eq!(push["platform"], "android_rn-v2");
    assert_eq!(push["device_id"], "bob-token");
    assert_eq!(push["post_id"], post.id);
    assert_eq!(push["channel_id"], r.channel.id);
    assert_eq!(push["team_id"], r.team.id);
    assert_eq!(push["channel_name"], r.channel.display_name);
    assert_eq!(push["sender_id"], r.alice.id());
    let sender = format!("@{}", r.alice.user.username);
    assert_eq!(push["sender_name"], sender);
    assert_eq!(
        push["message"],
        format!("{sender}: hey @{} the build is green", r.bob.user.username)
    );
    assert_eq!(push["badge"], 1, "one unread mention");
    assert_eq!(push["version"], "v2");
    assert_eq!(push["category"], "CAN_REPLY");
    assert_eq!(push["is_id_loaded"], false);
    assert_eq!(push["ack_id"].as_str().map(str::len), Some(26));
    assert_signed(&phone, &push).await;
    no_push(&rx).await;

    // Reading the channel on another device clears the phone, with the new badge.
    r.bob
        .client
        .post(
            "/channels/members/me/view",
            json!({"channel_id": r.channel.id}),
        )
        .await
        .expect(200);
    let clear = next_push(&rx).await;
    assert_eq!(clear["type"], "clear");
    assert_eq!(clear["channel_id"], r.channel.id);
    assert_eq!(clear["device_id"], "bob-token");
    assert!(clear.get("badge").is_none(), "badge 0 is left out: {clear}");
    assert_signed(&phone, &clear).await;

    // Logging out of the phone clears it too; afterwards nothing reaches that device.
    phone.post("/users/logout", json!({})).await.expect(200);
    let clear = next_push(&rx).await;
    assert_eq!(clear["type"], "clear");
    say(
        &r.alice.client,
        &r.channel.id,
        &format!("@{} again", r.bob.user.username),
    )
    .await;
    no_push(&rx).await;
}

async fn each_contents_setting_reveals_only_what_it_says(t: TestServer) {
    let r = Room::new(&t).await;
    let rx = proxy(&r.admin, "generic").await;
    let phone = login_from_phone(&t, &r.bob, "apple_rn-v2:bob-iphone").await;
    let mention = format!("@{} secret plans", r.bob.user.username);
    let sender = format!("@{}", r.alice.user.username);

    say(&r.alice.client, &r.channel.id, &mention).await;
    let push = next_push(&rx).await;
    assert_eq!(push["message"], format!("{sender} mentioned you."));
    assert_eq!(push["channel_name"], r.channel.display_name);

    r.admin
        .client
        .put(
            "/config/patch",
            json!({"EmailSettings": {"PushNotificationContents": "generic_no_channel"}}),
        )
        .await
        .expect(200);
    say(&r.alice.client, &r.channel.id, "@channel secret plans").await;
    let push = next_push(&rx).await;
    assert_eq!(push["message"], format!("{sender} notified the channel."));
    assert!(push.get("channel_name").is_none(), "{push}");

    r.admin
        .client
        .put(
            "/config/patch",
            json!({"EmailSettings": {"PushNotificationContents": "id_loaded"}}),
        )
        .await
        .expect(200);
    let post = say(&r.alice.client, &r.channel.id, &mention).await;
    let push = next_push(&rx).await;
    assert_eq!(push["is_id_loaded"], true);
    assert_eq!(push["message"], "You've received a new message.");
    assert!(push.get("sender_name").is_none() && push.get("channel_name").is_none());
    assert_eq!(push["post_id"], post.id);
    assert_signed(&phone, &push).await;

    // The app fetches the message with its receipt; the receipt goes on to the proxy.
    let ack = json!({
        "id": push["ack_id"], "received_at": 1, "platform": "apple_rn-v2",
        "type": "message", "post_id": post.id, "is_id_loaded": true,
    });
    let answer = phone
        .post("/notifications/ack", ack.clone())
        .await
        .expect(200)
        .json();
    assert_eq!(answer["message"], format!("{sender}: {mention}"));
    assert_eq!(answer["channel_name"], r.channel.display_name);
    assert_eq!(answer["sender_name"], sender);
    let forwarded = loop {
        let got = rx.expect_request().await;
        if got.target == "/api/v1/ack" {
            break got.json();
        }
    };
    assert_eq!(forwarded["id"], push["ack_id"]);

    // Someone who cannot read the channel gets nothing from it.
    let private = t.channel(&r.alice, &r.team, "P").await;
    let hidden = say(&r.alice.client, &private.id, "private words").await;
    let mut other = ack.clone();
    other["post_id"] = hidden.id.clone().into();
    phone.post("/notifications/ack", other).await.expect(403);
    // A plain receipt is acknowledged with OK.
    let mut plain = ack;
    plain["is_id_loaded"] = false.into();
    let ok = phone
        .post("/notifications/ack", plain)
        .await
        .expect(200)
        .json();
    assert_eq!(ok["status"], "OK");
}

async fn settings_and_status_decide_who_is_pushed(t: TestServer) {
    let r = Room::new(&t).await;
    let rx = proxy(&r.admin, "full").await;
    let _phone = login_from_phone(&t, &r.bob, "android:bob-old-app").await;
    let mention = format!("@{} ping", r.bob.user.username);

    // Do not disturb: nothing.
    r.bob
        .client
        .put(
            &format!("/users/{}/status", r.bob.id()),
            json!({"user_id": r.bob.id(), "status": "dnd"}),
        )
        .await
        .expect(200);
    say(&r.alice.client, &r.channel.id, &mention).await;
    no_push(&rx).await;

    // Online again, with "push: all": every message reaches the phone.
    r.bob
        .client
        .put(
            &format!("/users/{}/status", r.bob.id()),
            json!({"user_id": r.bob.id(), "status": "online"}),
        )
        .await
        .expect(200);
    r.bob
        .client
        .put(
            &format!("/users/{}/patch", r.bob.id()),
            json!({"notify_props": {"push": "all", "push_status": "online"}}),
        )
        .await
        .expect(200);
    say(&r.alice.client, &r.channel.id, "just chatting").await;
    let push = next_push(&rx).await;
    assert_eq!(push["platform"], "android");
    assert_eq!(
        push["message"],
        format!("@{}: just chatting", r.alice.user.username)
    );

    // A muted channel stays silent.
    r.bob
        .client
        .put(
            &format!(
                "/channels/{}/members/{}/notify_props",
                r.channel.id,
                r.bob.id()
            ),
            json!({"mark_unread": "mention"}),
        )
        .await
        .expect(200);
    say(&r.alice.client, &r.channel.id, &mention).await;
    no_push(&rx).await;

    // The sender is never pushed for their own message.
    say(
        &r.bob.client,
        &r.channel.id,
        &format!("@{} hi", r.alice.user.username),
    )
    .await;
    no_push(&rx).await;

    // A direct message always counts; it reads without the sender's name in front.
    let dm: Value = r
        .alice
        .client
        .post("/channels/direct", json!([r.alice.id(), r.bob.id()]))
        .await
        .expect(201)
        .json();
    say(&r.alice.client, dm["id"].as_str().expect("id"), "lunch?").await;
    let push = next_push(&rx).await;
    assert_eq!(push["message"], "lunch?");
    assert_eq!(push["channel_name"], format!("@{}", r.alice.user.username));
    assert_eq!(push["team_id"].as_str().unwrap_or(""), "");
}

async fn a_device_the_proxy_reports_removed_is_forgotten(t: TestServer) {
    let r = Room::new(&t).await;
    let rx = proxy(&r.admin, "full").await;
    let phone = login_from_phone(&t, &r.bob, "android_rn-v2:gone").await;
    rx.answer(Reply::json(json!({"status": "REMOVE"})));
    say(
        &r.alice.client,
        &r.channel.id,
        &format!("@{} hi", r.bob.user.username),
    )
    .await;
    next_push(&rx).await;
    // The session stays; only its device is dropped.
    let mut device = String::from("gone");
    for _ in 0..50 {
        let sessions = phone
            .get(&format!("/users/{}/sessions", r.bob.id()))
            .await
            .expect(200)
            .json();
        let list = sessions.as_array().expect("list").clone();
        if let Some(s) = list.iter().find(|s| s["device_id"] == "android_rn-v2:gone") {
            device = s["device_id"].as_str().unwrap_or("").to_owned();
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        }
        device.clear();
        break;
    }
    assert_eq!(device, "", "the device is forgotten");
    rx.answer(Reply::json(json!({"status": "OK"})));
    say(
        &r.alice.client,
        &r.channel.id,
        &format!("@{} hi", r.bob.user.username),
    )
    .await;
    no_push(&rx).await;
}

async fn the_apps_learn_whether_this_server_can_push(t: TestServer) {
    let admin = t.admin().await;
    let ping = t
        .anon()
        .get("/system/ping?device_id=android_rn-v2:abc")
        .await
        .expect(200)
        .json();
    assert_eq!(ping["CanReceiveNotifications"], "false", "pushes are off");
    let rx = proxy(&admin, "full").await;
    let ping = t
        .anon()
        .get("/system/ping?device_id=android_rn-v2:abc")
        .await
        .expect(200)
        .json();
    assert_eq!(ping["CanReceiveNotifications"], "true");
    let test = next_push(&rx).await;
    assert_eq!(test["type"], "test");
    assert_eq!(test["device_id"], "abc");
    rx.answer(Reply::json(json!({"status": "REMOVE"})));
    let ping = t
        .anon()
        .get("/system/ping?device_id=android_rn-v2:abc")
        .await
        .expect(200)
        .json();
    assert_eq!(ping["CanReceiveNotifications"], "false");
    rx.answer(Reply::json(json!({"status": "FAIL", "error": "bad cert"})));
    let ping = t
        .anon()
        .get("/system/ping?device_id=android_rn-v2:abc")
        .await
        .expect(200)
        .json();
    assert_eq!(ping["CanReceiveNotifications"], "unknown");
    let plain = t.anon().get("/system/ping").await.expect(200).json();
    assert!(plain.get("CanReceiveNotifications").is_none());
}

async fn the_apps_register_their_device_at_every_connect(t: TestServer) {
    let admin = t.admin().await;
    let user = t.user(&admin, "mobile").await;
    // An empty id, as the apps send before the phone has a token, is accepted.
    user.client
        .put(
            "/users/sessions/device",
            json!({"device_id": "", "device_notification_disabled": false, "mobile_version": "2.30.0"}),
        )
        .await
        .expect(200);
    user.client
        .put(
            "/users/sessions/device",
            json!({"device_id": "apple_rn-v2:tok", "device_notification_disabled": "true",
                   "voip_device_id": "apple_voip:v"}),
        )
        .await
        .expect(200);
    let sessions = user
        .client
        .get(&format!("/users/{}/sessions", user.id()))
        .await
        .expect(200)
        .json();
    let s = sessions
        .as_array()
        .expect("list")
        .iter()
        .find(|s| s["device_id"] == "apple_rn-v2:tok")
        .expect("the session has the device")
        .clone();
    assert_eq!(s["props"]["deviceNotificationDisabled"], "true");
    assert_eq!(s["props"]["mobileVersion"], "2.30.0");
    user.client
        .put("/users/sessions/device", json!({"device_id": "x\u{1}"}))
        .await
        .expect_error(400, "api.context.invalid_body_param.app_error");
    // A phone that turned the app's notifications off gets no push.
    let rx = proxy(&admin, "full").await;
    let team = t.team(&admin).await;
    admin
        .client
        .post(
            &format!("/teams/{}/members", team.id),
            json!({"team_id": team.id, "user_id": user.id()}),
        )
        .await
        .expect(201);
    let dm: Value = admin
        .client
        .post("/channels/direct", json!([admin.id(), user.id()]))
        .await
        .expect(201)
        .json();
    say(&admin.client, dm["id"].as_str().expect("id"), "hello").await;
    no_push(&rx).await;
}

async fn two_nodes_send_each_push_once(t: TestServer) {
    let r = Room::new(&t).await;
    let rx = proxy(&r.admin, "full").await;
    let node = t.another_node().await;
    let _phone = login_from_phone(&t, &r.bob, "android_rn-v2:one").await;
    let alice_on_b = node.anon().with_token(
        node.anon()
            .post(
                "/users/login",
                json!({"login_id": r.alice.user.username, "password": r.alice.password}),
            )
            .await
            .expect(200)
            .header("token")
            .expect("token"),
    );
    let mut posted = Vec::new();
    for i in 0..6 {
        let client = if i % 2 == 0 {
            &r.alice.client
        } else {
            &alice_on_b
        };
        let p = say(
            client,
            &r.channel.id,
            &format!("@{} n{i}", r.bob.user.username),
        )
        .await;
        posted.push(p.id);
    }
    let mut pushed = Vec::new();
    for _ in 0..6 {
        pushed.push(
            next_push(&rx).await["post_id"]
                .as_str()
                .expect("id")
                .to_owned(),
        );
    }
    no_push(&rx).await;
    pushed.sort();
    posted.sort();
    assert_eq!(pushed, posted, "every post pushed exactly once");
    node.stop().await;
}

/// A reply in a followed thread reaches the phone; reading the thread clears it there.
async fn reading_a_thread_clears_its_push(t: TestServer) {
    let r = Room::new(&t).await;
    let rx = proxy(&r.admin, "full").await;
    let _phone = login_from_phone(&t, &r.bob, "android_rn-v2:threads").await;
    let root = say(&r.alice.client, &r.channel.id, "release plan").await;
    let reply = |client: &ApiClient, text: &str| {
        let (client, text, root_id, channel_id) = (
            client.clone(),
            text.to_owned(),
            root.id.clone(),
            r.channel.id.clone(),
        );
        async move {
            client
                .post(
                    "/posts",
                    json!({"channel_id": channel_id, "root_id": root_id, "message": text}),
                )
                .await
                .expect(201)
                .json()
        }
    };
    reply(&r.bob.client, "count me in").await;
    // Writing made Bob online; his phone rings from "away" on (the default).
    r.bob
        .client
        .put(
            &format!("/users/{}/status", r.bob.id()),
            json!({"user_id": r.bob.id(), "status": "away"}),
        )
        .await
        .expect(200);
    let mention = reply(
        &r.alice.client,
        &format!("@{} you own step 2", r.bob.user.username),
    )
    .await;
    let push = next_push(&rx).await;
    assert_eq!(push["post_id"], mention["id"]);
    assert_eq!(push["root_id"], root.id);
    assert_eq!(push["is_crt_enabled"], true);
    assert_eq!(
        push["channel_name"],
        format!("Reply in {}", r.channel.display_name)
    );

    let now = mention["create_at"].as_i64().expect("time") + 1;
    r.bob
        .client
        .put(
            &format!(
                "/users/{}/teams/{}/threads/{}/read/{now}",
                r.bob.id(),
                r.team.id,
                root.id
            ),
            json!({}),
        )
        .await
        .expect(200);
    let clear = next_push(&rx).await;
    assert_eq!(clear["type"], "clear");
    assert_eq!(clear["channel_id"], r.channel.id);
    assert_eq!(clear["root_id"], root.id);
}

/// A job a stopped node left behind — never claimed, or claimed by a node that died — is finished
/// by a running node.
async fn jobs_left_by_a_stopped_node_are_finished(t: TestServer) {
    let r = Room::new(&t).await;
    let _phone = login_from_phone(&t, &r.bob, "android_rn-v2:later").await;
    // Posted while pushes were off: no job, no push.
    let first = say(
        &r.alice.client,
        &r.channel.id,
        &format!("@{} one", r.bob.user.username),
    )
    .await;
    let second = say(
        &r.alice.client,
        &r.channel.id,
        &format!("@{} two", r.bob.user.username),
    )
    .await;
    // The rows a node writes with the post, as a crash would leave them: one fresh, one claimed
    // two minutes ago by a node that is gone.
    t.sql(&format!(
        "INSERT INTO notification_jobs (post_id, create_at, claimed_at, attempts) VALUES \
         ('{}', 1, 0, 0), ('{}', 2, 1, 1)",
        first.id, second.id
    ))
    .await;
    let rx = proxy(&r.admin, "full").await;
    let mut pushed = vec![
        next_push(&rx).await["post_id"]
            .as_str()
            .unwrap_or("")
            .to_owned(),
        next_push(&rx).await["post_id"]
            .as_str()
            .unwrap_or("")
            .to_owned(),
    ];
    pushed.sort();
    let mut want = vec![first.id, second.id];
    want.sort();
    assert_eq!(pushed, want);
    no_push(&rx).await;
}

api_test!(
    reading_a_thread_clears_its_push,
    jobs_left_by_a_stopped_node_are_finished,
    a_mention_pushes_a_signed_message_to_the_phone,
    each_contents_setting_reveals_only_what_it_says,
    settings_and_status_decide_who_is_pushed,
    a_device_the_proxy_reports_removed_is_forgotten,
    the_apps_learn_whether_this_server_can_push,
    the_apps_register_their_device_at_every_connect,
    two_nodes_send_each_push_once,
);
