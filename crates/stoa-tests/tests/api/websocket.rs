//! The WebSocket: `hello` and gapless sequence numbers, authentication, actions, replay after a
//! reconnect, who receives which event, presence, sessions ending, slow consumers and origins.

use serde_json::{Value, json};
use std::time::Duration;
use stoa_tests::messaging::{Room, reply, say, view};
use stoa_tests::ws::{Connect, WAIT, WsClient, json_field, post_of, wait_for_status};
use stoa_tests::{Fixture, TestServer, TestUser, api_test};

/// How long to watch for an event that must not come.
const QUIET: Duration = Duration::from_millis(300);

fn token(u: &TestUser) -> String {
    u.client.token.clone().expect("logged in")
}

async fn connect(t: &TestServer, u: &TestUser) -> WsClient {
    WsClient::connect(t, &token(u)).await
}

/// Posts `marker` in `channel_id` and checks that it is the next `posted` `ws` sees: whatever
/// was published before it and not seen is not coming.
async fn next_posted_is(ws: &mut WsClient, poster: &TestUser, channel_id: &str, marker: &str) {
    say(&poster.client, channel_id, marker).await;
    let ev = ws.next_event("posted", WAIT).await;
    assert_eq!(post_of(&ev)["message"], marker, "unexpected post: {ev}");
}

/// Events of `ws` up to the `posted` of `marker`, which `poster` posts in `channel_id`.
async fn events_before_marker(
    ws: &mut WsClient,
    poster: &TestUser,
    channel_id: &str,
    marker: &str,
) -> Vec<Value> {
    say(&poster.client, channel_id, marker).await;
    let mut seen = ws
        .events_until("posted", WAIT, |ev| post_of(ev)["message"] == marker)
        .await;
    seen.pop();
    seen
}

fn event_names(events: &[Value]) -> Vec<&str> {
    events
        .iter()
        .map(|e| e["event"].as_str().unwrap_or(""))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// hello and sequence numbers

async fn hello_comes_first_and_events_are_numbered_without_gaps(t: TestServer) {
    let r = Room::new(&t).await;
    let mut alice = connect(&t, &r.alice).await;
    let hello = &alice.log()[0];
    assert_eq!(
        (hello["event"].as_str(), hello["seq"].as_u64()),
        (Some("hello"), Some(0))
    );
    assert_eq!(hello["broadcast"]["user_id"], r.alice.id());
    // Token auth after the upgrade: hello (seq 0) before the OK reply (checked inside).
    let mut admin = WsClient::connect_challenge(&t, &token(&r.admin)).await;
    let hello = &admin.log()[0];
    assert_eq!(
        (hello["event"].as_str(), hello["seq"].as_u64()),
        (Some("hello"), Some(0))
    );
    assert_eq!(hello["broadcast"]["user_id"], r.admin.id());
    assert_ne!(alice.connection_id(), admin.connection_id());

    for i in 0..50 {
        say(&r.bob.client, &r.channel.id, &format!("message {i}")).await;
    }
    for ws in [&mut alice, &mut admin] {
        for i in 0..50 {
            let ev = ws.next_event("posted", WAIT).await;
            let post = post_of(&ev);
            assert_eq!(post["message"], format!("message {i}"));
            assert_eq!(post["user_id"], r.bob.id());
            assert_eq!(post["channel_id"], r.channel.id);
            let d = &ev["data"];
            assert_eq!(d["channel_type"], "O");
            assert_eq!(d["channel_name"], r.channel.name);
            assert_eq!(d["channel_display_name"], r.channel.display_name);
            assert_eq!(d["sender_name"], format!("@{}", r.bob.user.username));
            assert_eq!(d["team_id"], r.team.id);
            assert_eq!(d["set_online"], true);
            assert!(d.get("mentions").is_none(), "{ev}");
            assert_eq!(ev["broadcast"]["channel_id"], r.channel.id);
        }
        // hello + 50 posts at least, numbered 0, 1, 2, … (checked on every read).
        assert!(ws.last_seq() >= Some(50));
    }
}

async fn mentions_name_only_the_mentioned_receiver(t: TestServer) {
    let r = Room::new(&t).await;
    let mut alice = connect(&t, &r.alice).await;
    let mut bob = connect(&t, &r.bob).await;
    let mut admin = connect(&t, &r.admin).await;
    let text = format!("hello @{}", r.alice.user.username);
    say(&r.bob.client, &r.channel.id, &text).await;
    let (ev, _) = alice.next_posted(&text).await;
    assert_eq!(
        ev["data"]["mentions"],
        Value::String(format!("[\"{}\"]", r.alice.id()))
    );
    for ws in [&mut bob, &mut admin] {
        let (ev, _) = ws.next_posted(&text).await;
        assert!(ev["data"].get("mentions").is_none(), "{ev}");
    }
}

// ---------------------------------------------------------------------------------------------
// Authentication, requests and replies

async fn unauthenticated_sockets_and_bad_requests(t: TestServer) {
    let r = Room::new(&t).await;
    // Opened first: closed after ~5 s without a challenge.
    let mut idle = WsClient::connect_anonymous(&t).await;
    let started = tokio::time::Instant::now();

    let mut anon = WsClient::connect_anonymous(&t).await;
    let reply = anon.request("ping", json!({})).await;
    assert_eq!(reply["status"], "FAIL");
    assert_eq!(
        reply["error"]["id"],
        "api.web_socket_router.not_authenticated.app_error"
    );
    assert_eq!(reply["error"]["status_code"], 401);
    let reply = anon.request("user_typing", json!({})).await;
    assert_eq!(reply["error"]["status_code"], 401);
    anon.expect_no_event("hello", QUIET).await;

    // A bad token in the challenge closes the socket, without a reply.
    let mut bad = WsClient::connect_anonymous(&t).await;
    let seq = bad
        .send(
            "authentication_challenge",
            json!({"token": stoa_model::new_id()}),
        )
        .await;
    bad.expect_closed(WAIT).await;
    assert!(!bad.has_reply(seq));

    let mut ws = connect(&t, &r.alice).await;
    // seq 0 is refused.
    ws.send_frame(tokio_tungstenite::tungstenite::Message::text(
        json!({"seq": 0, "action": "ping"}).to_string(),
    ))
    .await;
    let reply = ws.reply(0, WAIT).await;
    assert_eq!(reply["status"], "FAIL");
    assert_eq!(
        reply["error"]["id"],
        "api.web_socket_router.bad_seq.app_error"
    );
    // An unknown action.
    let reply = ws.request("no_such_action", json!({})).await;
    assert_eq!(reply["status"], "FAIL");
    assert_eq!(
        reply["error"]["id"],
        "api.web_socket_router.bad_action.app_error"
    );
    assert_eq!(reply["error"]["status_code"], 500);
    // ping.
    let before = stoa_model::now_ms();
    let reply = ws.request("ping", json!({})).await;
    let version = t
        .anon()
        .get("/system/ping")
        .await
        .header("x-version-id")
        .map(str::to_owned);
    assert_eq!(reply["status"], "OK");
    assert_eq!(reply["data"]["text"], "pong");
    assert_eq!(reply["data"]["version"].as_str(), version.as_deref());
    let server_time = reply["data"]["server_time"].as_i64().expect("server_time");
    assert!(server_time >= before - 1000 && server_time <= stoa_model::now_ms() + 1000);
    // A second challenge on an authenticated socket is ignored, without a reply.
    let ignored = ws
        .send(
            "authentication_challenge",
            json!({"token": token(&r.alice)}),
        )
        .await;
    // MessagePack in a binary frame, and JSON in a binary frame.
    let seq = ws.send_msgpack("ping", json!({})).await;
    let reply = ws.reply(seq, WAIT).await;
    assert_eq!(reply["data"]["text"], "pong", "{reply}");
    assert!(!ws.has_reply(ignored), "the second challenge gets no reply");
    let seq = ws.send_json_binary("ping", json!({})).await;
    assert_eq!(ws.reply(seq, WAIT).await["data"]["text"], "pong");
    let seq = ws
        .send_msgpack("user_typing", json!({"channel_id": r.channel.id}))
        .await;
    assert_eq!(
        ws.reply(seq, WAIT).await,
        json!({"status": "OK", "seq_reply": seq})
    );
    // Frames the server cannot decode close the socket.
    ws.send_frame(tokio_tungstenite::tungstenite::Message::text("not json"))
        .await;
    ws.expect_closed(WAIT).await;
    let mut ws = connect(&t, &r.alice).await;
    ws.send_frame(tokio_tungstenite::tungstenite::Message::binary(vec![
        0xc1, 0xc1, 0xc1,
    ]))
    .await;
    ws.expect_closed(WAIT).await;

    // The idle anonymous socket is closed after the grace period.
    idle.expect_closed(Duration::from_secs(9)).await;
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(4),
        "closed after the grace period, not at once ({waited:?})"
    );
}

/// A socket may send a burst of actions, but one that keeps flooding is closed with 1008,
/// and its user simply connects again.
async fn a_flooding_socket_is_closed(t: TestServer) {
    let r = Room::new(&t).await;
    let mut ws = connect(&t, &r.alice).await;
    // A reconnect's burst (well within the budget) is answered in full.
    let mut last = 0;
    for _ in 0..100 {
        last = ws.send("ping", json!({})).await;
    }
    assert_eq!(ws.reply(last, WAIT).await["data"]["text"], "pong");
    ws.close().await;
    // Thousands of frames back to back: the server closes the socket before answering them all.
    let mut flood = connect(&t, &r.alice).await;
    for _ in 0..2000 {
        flood.send("ping", json!({})).await;
    }
    let frame = flood.expect_closed(WAIT).await.expect("a close frame");
    assert_eq!(u16::from(frame.code), 1008, "{frame:?}");
    let answered = (1..=2000).filter(|&s| flood.has_reply(s)).count();
    assert!(answered < 2000, "every flooded frame was answered");
    let mut again = connect(&t, &r.alice).await;
    let seq = again.send("ping", json!({})).await;
    assert_eq!(again.reply(seq, WAIT).await["data"]["text"], "pong");
}

// ---------------------------------------------------------------------------------------------
// Reconnect and replay

async fn a_reconnect_replays_missed_events_with_their_numbers(t: TestServer) {
    let r = Room::new(&t).await;
    let alice_token = token(&r.alice);
    let mut ws = connect(&t, &r.alice).await;
    for i in 0..3 {
        say(&r.bob.client, &r.channel.id, &format!("seen {i}")).await;
    }
    for i in 0..3 {
        ws.next_posted(&format!("seen {i}")).await;
    }
    let cid = ws.connection_id().to_owned();
    let next = ws.sequence_number();
    ws.close().await;
    wait_for_status(&r.bob.client, r.alice.id(), "offline", WAIT).await;

    for i in 0..5 {
        say(&r.bob.client, &r.channel.id, &format!("missed {i}")).await;
    }
    // Someone else's connection id is not theirs to resume.
    let mut bob = WsClient::connect_resume(&t, &token(&r.bob), &cid, next).await;
    bob.next_event("hello", WAIT).await;
    assert_eq!(bob.resumed(), Some(false));
    assert_ne!(bob.connection_id(), cid);
    bob.close().await;
    let mut ws = WsClient::connect_resume(&t, &alice_token, &cid, next).await;
    let mut seqs = Vec::new();
    for i in 0..5 {
        let (ev, _) = ws.next_posted(&format!("missed {i}")).await;
        seqs.push(ev["seq"].as_u64().expect("seq"));
    }
    assert_eq!(ws.resumed(), Some(true), "no new hello");
    // The replay starts at the sequence number asked for (her own status change to offline,
    // then the posts), numbered as they were when published.
    assert_eq!(ws.log()[0]["seq"], next);
    assert!(seqs.windows(2).all(|w| w[1] == w[0] + 1), "{seqs:?}");
    assert_eq!(ws.connection_id(), cid);
    say(&r.bob.client, &r.channel.id, "after").await;
    ws.next_posted("after").await;
    assert!(ws.log().iter().all(|e| e["event"] != "hello"));
    wait_for_status(&r.bob.client, r.alice.id(), "online", WAIT).await;

    // Nothing missed: a lossless resume, nothing replayed, the sequence goes on.
    let next = ws.sequence_number();
    ws.close().await;
    wait_for_status(&r.bob.client, r.alice.id(), "offline", WAIT).await;
    let mut ws = WsClient::connect_resume(&t, &alice_token, &cid, next).await;
    say(&r.bob.client, &r.channel.id, "lossless").await;
    let (ev, _) = ws.next_posted("lossless").await;
    assert_eq!(ws.resumed(), Some(true));
    assert!(ev["seq"].as_u64() >= Some(next));

    // An unknown connection id: a new connection.
    let unknown = stoa_model::new_id();
    let mut fresh = WsClient::connect_resume(&t, &alice_token, &unknown, 5).await;
    fresh.next_event("hello", WAIT).await;
    assert_eq!(fresh.resumed(), Some(false));
    assert_ne!(fresh.connection_id(), unknown);
    assert_ne!(fresh.connection_id(), cid);
    fresh.close().await;

    // More missed than the ring holds (128): a fresh hello and a new id.
    let next = ws.sequence_number();
    ws.close().await;
    wait_for_status(&r.bob.client, r.alice.id(), "offline", WAIT).await;
    for i in 0..130 {
        say(&r.bob.client, &r.channel.id, &format!("flood {i}")).await;
    }
    let mut ws = WsClient::connect_resume(&t, &alice_token, &cid, next).await;
    ws.next_event("hello", WAIT).await;
    assert_eq!(ws.resumed(), Some(false));
    assert_ne!(ws.connection_id(), cid);
    say(&r.bob.client, &r.channel.id, "new life").await;
    let (ev, _) = ws.next_posted("new life").await;
    assert!(ev["seq"].as_u64() >= Some(1));
    // A connection id that is not an id is refused.
    let resp = WsClient::open(
        &t,
        Connect {
            token: Some(alice_token.clone()),
            resume: Some(("nope".into(), 1)),
            ..Default::default()
        },
    )
    .await
    .err()
    .expect("refused");
    assert_eq!(resp.status, 400);
}

// ---------------------------------------------------------------------------------------------
// Typing

async fn typing_reaches_the_other_members(t: TestServer) {
    let r = Room::new(&t).await;
    let mut alice = connect(&t, &r.alice).await;
    let mut bob = connect(&t, &r.bob).await;
    let mut admin = connect(&t, &r.admin).await;
    let reply = alice
        .request(
            "user_typing",
            json!({"channel_id": r.channel.id, "parent_id": ""}),
        )
        .await;
    assert_eq!(reply["status"], "OK", "{reply}");
    let ev = bob.next_event("typing", WAIT).await;
    assert_eq!(ev["data"]["user_id"], r.alice.id());
    assert_eq!(ev["data"]["parent_id"], "");
    assert_eq!(ev["broadcast"]["channel_id"], r.channel.id);
    alice.expect_no_event("typing", QUIET).await;

    let root = say(&r.bob.client, &r.channel.id, "root").await;
    alice
        .request(
            "user_typing",
            json!({"channel_id": r.channel.id, "parent_id": root.id}),
        )
        .await;
    let ev = bob.next_event("typing", WAIT).await;
    assert_eq!(ev["data"]["parent_id"], root.id);

    // Over HTTP.
    r.bob
        .client
        .post("/users/me/typing", json!({"channel_id": r.channel.id}))
        .await
        .expect(200);
    let ev = alice.next_event("typing", WAIT).await;
    assert_eq!(ev["data"]["user_id"], r.bob.id());
    assert_eq!(ev["data"]["parent_id"], "");
    assert_eq!(ev["broadcast"]["channel_id"], r.channel.id);
    bob.expect_no_event("typing", QUIET).await;

    // Not in the channel: an error reply, nothing sent.
    let private = t.channel(&r.admin, &r.team, "P").await;
    let reply = alice
        .request("user_typing", json!({"channel_id": private.id}))
        .await;
    assert_eq!(reply["status"], "FAIL", "{reply}");
    assert_eq!(reply["error"]["status_code"], 400);
    let reply = alice
        .request("user_typing", json!({"channel_id": "bad"}))
        .await;
    assert_eq!(reply["status"], "FAIL", "{reply}");
    // The admin (in both channels) saw the notices of the open channel and nothing of the
    // private one: up to bob's last one, four, all in the open channel.
    bob.request(
        "user_typing",
        json!({"channel_id": r.channel.id, "parent_id": root.id}),
    )
    .await;
    let seen = admin
        .events_until("typing", WAIT, |e| {
            e["data"]["user_id"] == r.bob.id() && e["data"]["parent_id"] == root.id
        })
        .await;
    let typing: Vec<&Value> = seen.iter().filter(|e| e["event"] == "typing").collect();
    assert_eq!(typing.len(), 4, "{typing:?}");
    assert!(
        typing
            .iter()
            .all(|e| e["broadcast"]["channel_id"] == r.channel.id),
        "{typing:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Privacy

async fn private_channels_reach_members_only_as_membership_changes(t: TestServer) {
    let r = Room::new(&t).await;
    let private = t.channel(&r.admin, &r.team, "P").await;
    r.admin
        .client
        .post(
            &format!("/channels/{}/members", private.id),
            json!({"user_id": r.bob.id()}),
        )
        .await
        .expect(201);
    let mut alice = connect(&t, &r.alice).await;
    let mut bob = connect(&t, &r.bob).await;

    say(&r.admin.client, &private.id, "secret 1").await;
    bob.next_posted("secret 1").await;
    alice.expect_no_event("posted", QUIET).await;
    next_posted_is(&mut alice, &r.admin, &r.channel.id, "public 1").await;

    // Added: from now on.
    r.admin
        .client
        .post(
            &format!("/channels/{}/members", private.id),
            json!({"user_id": r.alice.id()}),
        )
        .await
        .expect(201);
    let ev = alice
        .next_event_where("user_added", WAIT, |e| {
            e["broadcast"]["user_id"] == r.alice.id()
        })
        .await;
    assert_eq!(ev["broadcast"]["channel_id"], private.id);
    say(&r.admin.client, &private.id, "secret 2").await;
    alice.next_posted("secret 2").await;

    // Removed: no more.
    r.admin
        .client
        .delete(&format!(
            "/channels/{}/members/{}",
            private.id,
            r.alice.id()
        ))
        .await
        .expect(200);
    let ev = alice
        .next_event_where("user_removed", WAIT, |e| {
            e["broadcast"]["user_id"] == r.alice.id()
        })
        .await;
    assert_eq!(ev["data"]["channel_id"], private.id);
    assert_eq!(ev["data"]["remover_id"], r.admin.id());
    say(&r.admin.client, &private.id, "secret 3").await;
    bob.next_posted("secret 3").await;
    let seen = events_before_marker(&mut alice, &r.admin, &r.channel.id, "public 2").await;
    assert!(
        !seen.iter().any(|e| e["event"] == "posted"),
        "no post of the private channel after removal: {seen:?}"
    );

    // Leaving the team: its channels stop; a direct channel goes on.
    let dm: Value = r
        .admin
        .client
        .post("/channels/direct", json!([r.admin.id(), r.alice.id()]))
        .await
        .expect(201)
        .json();
    let dm_id = dm["id"].as_str().expect("id").to_owned();
    alice.next_event("direct_added", WAIT).await;
    r.alice
        .client
        .delete(&format!("/teams/{}/members/{}", r.team.id, r.alice.id()))
        .await
        .expect(200);
    let ev = alice
        .next_event_where("leave_team", WAIT, |e| {
            e["broadcast"]["user_id"] == r.alice.id()
        })
        .await;
    assert_eq!(ev["data"]["team_id"], r.team.id);
    assert_eq!(ev["data"]["user_id"], r.alice.id());
    // Bob (still in the team) hears that she left.
    let ev = bob.next_event("leave_team", WAIT).await;
    assert_eq!(ev["data"]["user_id"], r.alice.id());
    assert_eq!(ev["broadcast"]["team_id"], r.team.id);
    say(&r.bob.client, &r.channel.id, "team news").await;
    bob.next_posted("team news").await;
    let seen = events_before_marker(&mut alice, &r.admin, &dm_id, "direct").await;
    assert!(
        !seen.iter().any(|e| e["event"] == "posted"),
        "no post of the team's channels after leaving: {seen:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Events of the other areas

async fn post_events_reach_the_channel(t: TestServer) {
    let r = Room::new(&t).await;
    let mut alice = connect(&t, &r.alice).await;
    let mut bob = connect(&t, &r.bob).await;
    let mut admin = connect(&t, &r.admin).await;
    let post = say(&r.bob.client, &r.channel.id, "original").await;

    r.bob
        .client
        .put(
            &format!("/posts/{}/patch", post.id),
            json!({"message": "edited"}),
        )
        .await
        .expect(200);
    for ws in [&mut alice, &mut admin] {
        let ev = ws.next_event("post_edited", WAIT).await;
        let p = post_of(&ev);
        assert_eq!(
            (p["id"].as_str(), p["message"].as_str()),
            (Some(post.id.as_str()), Some("edited"))
        );
        assert_eq!(ev["broadcast"]["channel_id"], r.channel.id);
    }

    // Reactions.
    r.alice
        .client
        .post(
            "/reactions",
            json!({"user_id": r.alice.id(), "post_id": post.id, "emoji_name": "smile"}),
        )
        .await
        .expect(200);
    let ev = bob.next_event("reaction_added", WAIT).await;
    let reaction = json_field(&ev, "reaction");
    assert_eq!(reaction["user_id"], r.alice.id());
    assert_eq!(reaction["post_id"], post.id);
    assert_eq!(reaction["emoji_name"], "smile");
    assert_eq!(ev["broadcast"]["channel_id"], r.channel.id);
    r.alice
        .client
        .delete(&format!(
            "/users/{}/posts/{}/reactions/smile",
            r.alice.id(),
            post.id
        ))
        .await
        .expect(200);
    let ev = bob.next_event("reaction_removed", WAIT).await;
    assert_eq!(json_field(&ev, "reaction")["emoji_name"], "smile");

    // Threads: followers hear of replies.
    let root = say(&r.alice.client, &r.channel.id, "thread root").await;
    reply(&r.bob.client, &root, "a reply").await;
    let ev = alice.next_event("thread_updated", WAIT).await;
    let thread = json_field(&ev, "thread");
    assert_eq!(thread["id"], root.id);
    assert_eq!(thread["reply_count"], 1);
    assert_eq!(ev["broadcast"]["user_id"], r.alice.id());
    let seen = events_before_marker(&mut admin, &r.bob, &r.channel.id, "marker 1").await;
    assert!(
        !event_names(&seen).contains(&"thread_updated"),
        "not a follower: {seen:?}"
    );

    // Deleting: admins also learn who deleted it.
    r.bob
        .client
        .delete(&format!("/posts/{}", post.id))
        .await
        .expect(200);
    let ev = alice.next_event("post_deleted", WAIT).await;
    assert_eq!(post_of(&ev)["id"], post.id);
    assert!(ev["data"].get("delete_by").is_none(), "{ev}");
    let ev = admin.next_event("post_deleted", WAIT).await;
    assert_eq!(post_of(&ev)["id"], post.id);
    assert_eq!(ev["data"]["delete_by"], r.bob.id());
    let seen = events_before_marker(&mut admin, &r.bob, &r.channel.id, "marker 2").await;
    assert!(
        !event_names(&seen).contains(&"post_deleted"),
        "admins get one copy: {seen:?}"
    );
    let seen = events_before_marker(&mut alice, &r.bob, &r.channel.id, "marker 3").await;
    assert!(!event_names(&seen).contains(&"post_deleted"), "{seen:?}");
}

async fn channel_events_reach_the_right_people(t: TestServer) {
    let r = Room::new(&t).await;
    let carol = t.user(&r.admin, "carol").await;
    r.admin
        .client
        .post(
            &format!("/teams/{}/members", r.team.id),
            json!({"team_id": r.team.id, "user_id": carol.id()}),
        )
        .await
        .expect(201);
    let mut alice = connect(&t, &r.alice).await;
    let mut bob = connect(&t, &r.bob).await;
    let mut carol_ws = connect(&t, &carol).await;

    // Viewing: to the viewer only.
    say(&r.bob.client, &r.channel.id, "to read").await;
    alice.next_posted("to read").await;
    view(&r.alice.client, &r.channel.id).await;
    let mut seen = alice
        .events_until("multiple_channels_viewed", WAIT, |_| true)
        .await;
    let ev = seen.pop().expect("the match");
    assert!(
        ev["data"]["channel_times"][&r.channel.id].as_i64() > Some(0),
        "{ev}"
    );
    assert_eq!(ev["broadcast"]["user_id"], r.alice.id());
    // The legacy `channel_viewed` may come too.
    for cv in seen.iter().filter(|e| e["event"] == "channel_viewed") {
        assert_eq!(cv["data"]["channel_id"], r.channel.id);
        assert_eq!(cv["broadcast"]["user_id"], r.alice.id());
    }
    let seen = events_before_marker(&mut bob, &r.admin, &r.channel.id, "m1").await;
    assert!(
        !event_names(&seen)
            .iter()
            .any(|n| *n == "multiple_channels_viewed" || *n == "channel_viewed"),
        "{seen:?}"
    );

    // Added and removed.
    r.admin
        .client
        .post(
            &format!("/channels/{}/members", r.channel.id),
            json!({"user_id": carol.id()}),
        )
        .await
        .expect(201);
    let ev = alice.next_event("user_added", WAIT).await;
    assert_eq!(ev["data"]["user_id"], carol.id());
    assert_eq!(ev["data"]["team_id"], r.team.id);
    assert_eq!(ev["broadcast"]["channel_id"], r.channel.id);
    let ev = carol_ws.next_event("user_added", WAIT).await;
    assert_eq!(ev["data"]["user_id"], carol.id());
    assert_eq!(ev["broadcast"]["channel_id"], r.channel.id);
    assert_eq!(ev["broadcast"]["user_id"], carol.id());
    r.admin
        .client
        .delete(&format!(
            "/channels/{}/members/{}",
            r.channel.id,
            carol.id()
        ))
        .await
        .expect(200);
    let ev = alice.next_event("user_removed", WAIT).await;
    assert_eq!(ev["data"]["user_id"], carol.id());
    assert_eq!(ev["data"]["remover_id"], r.admin.id());
    assert_eq!(ev["broadcast"]["channel_id"], r.channel.id);
    let ev = carol_ws.next_event("user_removed", WAIT).await;
    assert_eq!(ev["data"]["channel_id"], r.channel.id);
    assert_eq!(ev["data"]["remover_id"], r.admin.id());

    // Created: to the creator only.
    let created = t.channel(&r.alice, &r.team, "O").await;
    let ev = alice.next_event("channel_created", WAIT).await;
    assert_eq!(ev["data"]["channel_id"], created.id);
    assert_eq!(ev["data"]["team_id"], r.team.id);
    let seen = events_before_marker(&mut bob, &r.admin, &r.channel.id, "m2").await;
    assert!(!event_names(&seen).contains(&"channel_created"), "{seen:?}");

    // Updated: to the members.
    r.admin
        .client
        .put(
            &format!("/channels/{}/patch", r.channel.id),
            json!({"display_name": "Renamed"}),
        )
        .await
        .expect(200);
    let ev = bob.next_event("channel_updated", WAIT).await;
    let ch = json_field(&ev, "channel");
    assert_eq!(ch["id"], r.channel.id);
    assert_eq!(ch["display_name"], "Renamed");

    // Direct: one event to the channel, both members.
    let dm: Value = r
        .alice
        .client
        .post("/channels/direct", json!([r.alice.id(), r.bob.id()]))
        .await
        .expect(201)
        .json();
    for ws in [&mut alice, &mut bob] {
        let ev = ws.next_event("direct_added", WAIT).await;
        assert_eq!(ev["data"]["creator_id"], r.alice.id());
        assert_eq!(ev["data"]["teammate_id"], r.bob.id());
        assert_eq!(ev["broadcast"]["channel_id"], dm["id"]);
    }
    say(&r.alice.client, dm["id"].as_str().expect("id"), "dm hi").await;
    bob.next_posted("dm hi").await;

    // Group: one event per member.
    let gm: Value = r
        .alice
        .client
        .post(
            "/channels/group",
            json!([r.alice.id(), r.bob.id(), carol.id()]),
        )
        .await
        .expect(201)
        .json();
    for ws in [&mut alice, &mut bob, &mut carol_ws] {
        let ev = ws.next_event("group_added", WAIT).await;
        assert_eq!(ev["broadcast"]["channel_id"], gm["id"]);
        let mut ids: Vec<String> =
            serde_json::from_str(ev["data"]["teammate_ids"].as_str().expect("a JSON string"))
                .expect("ids");
        ids.sort();
        let mut want = vec![
            r.alice.id().to_owned(),
            r.bob.id().to_owned(),
            carol.id().to_owned(),
        ];
        want.sort();
        assert_eq!(ids, want);
    }
    say(&r.bob.client, gm["id"].as_str().expect("id"), "gm hi").await;
    carol_ws.next_posted("gm hi").await;
}

async fn team_user_and_preference_events(t: TestServer) {
    let r = Room::new(&t).await;
    let mut alice = connect(&t, &r.alice).await;
    let mut bob = connect(&t, &r.bob).await;

    // Teams.
    let carol = t.user(&r.admin, "carol").await;
    let mut carol_ws = connect(&t, &carol).await;
    r.admin
        .client
        .post(
            &format!("/teams/{}/members", r.team.id),
            json!({"team_id": r.team.id, "user_id": carol.id()}),
        )
        .await
        .expect(201);
    let ev = carol_ws.next_event("added_to_team", WAIT).await;
    assert_eq!(ev["data"]["team_id"], r.team.id);
    assert_eq!(ev["data"]["user_id"], carol.id());
    // Now a member: she hears the team's public channel once she joins it.
    join(&carol, &r.channel.id).await;
    say(&r.bob.client, &r.channel.id, "welcome").await;
    carol_ws.next_posted("welcome").await;
    r.admin
        .client
        .delete(&format!("/teams/{}/members/{}", r.team.id, carol.id()))
        .await
        .expect(200);
    let ev = carol_ws.next_event("leave_team", WAIT).await;
    assert_eq!(ev["data"]["team_id"], r.team.id);
    assert_eq!(ev["data"]["user_id"], carol.id());
    let ev = alice.next_event("leave_team", WAIT).await;
    assert_eq!(ev["data"]["user_id"], carol.id());
    assert_eq!(ev["broadcast"]["team_id"], r.team.id);

    // Preferences: to the user.
    let prefs = json!([{"user_id": r.alice.id(), "category": "display_settings", "name": "use_military_time", "value": "true"}]);
    r.alice
        .client
        .put("/users/me/preferences", prefs)
        .await
        .expect(200);
    let ev = alice.next_event("preferences_changed", WAIT).await;
    let p = json_field(&ev, "preferences");
    assert_eq!(p[0]["name"], "use_military_time");
    assert_eq!(p[0]["value"], "true");

    // Status: to the user only.
    r.alice
        .client
        .put(
            "/users/me/status",
            json!({"user_id": r.alice.id(), "status": "dnd"}),
        )
        .await
        .expect(200);
    let ev = alice
        .next_event_where("status_change", WAIT, |e| e["data"]["status"] == "dnd")
        .await;
    assert_eq!(ev["data"]["user_id"], r.alice.id());
    assert_eq!(ev["broadcast"]["user_id"], r.alice.id());

    // Users: the email stays private when ShowEmailAddress is off.
    r.admin
        .client
        .put(
            "/config/patch",
            json!({"PrivacySettings": {"ShowEmailAddress": false}}),
        )
        .await
        .expect(200);
    r.alice
        .client
        .put("/users/me/patch", json!({"nickname": "Ali"}))
        .await
        .expect(200);
    let ev = bob.next_event("user_updated", WAIT).await;
    let user = &ev["data"]["user"];
    assert!(user.is_object(), "user is an object: {ev}");
    assert_eq!(user["id"], r.alice.id());
    assert_eq!(user["nickname"], "Ali");
    assert!(
        user.get("email").is_none_or(|e| e == ""),
        "no email for others: {ev}"
    );
    assert!(user.get("password").is_none_or(|p| p == ""));
    let ev = alice.next_event("user_updated", WAIT).await;
    assert_eq!(ev["data"]["user"]["email"], r.alice.user.email);
    assert_eq!(ev["data"]["user"]["nickname"], "Ali");

    // Everyone: new users, custom emoji.
    let dave = t.user(&r.admin, "dave").await;
    for ws in [&mut alice, &mut bob] {
        let ev = ws
            .next_event_where("new_user", WAIT, |e| e["data"]["user_id"] == dave.id())
            .await;
        assert!(ev["broadcast"]["user_id"] == "" || ev["broadcast"]["user_id"].is_null());
    }
    let name = format!("party_{}", &stoa_model::new_id()[..8]);
    let meta = json!({"name": name, "creator_id": r.alice.id()}).to_string();
    r.alice
        .client
        .raw(
            reqwest::Method::POST,
            "/emoji",
            &format!("multipart/form-data; boundary={BOUNDARY}"),
            emoji_form(&meta),
        )
        .await
        .expect(200);
    for ws in [&mut alice, &mut bob, &mut carol_ws] {
        let ev = ws.next_event("emoji_added", WAIT).await;
        let emoji = json_field(&ev, "emoji");
        assert_eq!(emoji["name"], name);
        assert_eq!(emoji["creator_id"], r.alice.id());
    }
    // Bob saw none of alice's own events.
    let seen = events_before_marker(&mut bob, &r.admin, &r.channel.id, "m").await;
    let names = event_names(&seen);
    for own in ["preferences_changed", "status_change", "added_to_team"] {
        assert!(!names.contains(&own), "{own} is not for bob: {names:?}");
    }
    assert!(
        !bob.log()
            .iter()
            .any(|e| e["event"] == "status_change" && e["data"]["user_id"] == r.alice.id()),
        "others' presence is not pushed"
    );
}

/// `user` joins a public channel.
async fn join(user: &TestUser, channel_id: &str) {
    user.client
        .post(
            &format!("/channels/{channel_id}/members"),
            json!({"user_id": user.id()}),
        )
        .await
        .expect(201);
}

const BOUNDARY: &str = "XWSBOUNDARYX";

/// A multipart body for `POST /emoji` with a 1×1 PNG.
fn emoji_form(meta: &str) -> Vec<u8> {
    const PNG: [u8; 69] = [
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90,
        0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x08, 0xd7, 0x63, 0xf8,
        0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xdd, 0x8d, 0xb0, 0x00, 0x00, 0x00,
        0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];
    let mut body = Vec::new();
    body.extend_from_slice(format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"e.png\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
    body.extend_from_slice(&PNG);
    body.extend_from_slice(
        format!("\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"emoji\"\r\n\r\n{meta}\r\n--{BOUNDARY}--\r\n")
            .as_bytes(),
    );
    body
}

// ---------------------------------------------------------------------------------------------
// Presence

async fn presence_follows_connections_and_activity(t: TestServer) {
    let r = Room::new(&t).await;
    let reader = &r.bob.client;
    let alice_id = r.alice.id();
    wait_for_status(reader, alice_id, "offline", WAIT).await;
    let ws = connect(&t, &r.alice).await;
    wait_for_status(reader, alice_id, "online", WAIT).await;
    ws.close().await;
    wait_for_status(reader, alice_id, "offline", WAIT).await;

    // Two sockets: offline only when both are gone.
    let a = connect(&t, &r.alice).await;
    wait_for_status(reader, alice_id, "online", WAIT).await;
    let mut b = connect(&t, &r.alice).await;
    a.close().await;
    b.expect_no_event("status_change", QUIET).await;
    wait_for_status(reader, alice_id, "online", WAIT).await;
    b.close().await;
    wait_for_status(reader, alice_id, "offline", WAIT).await;

    // A status chosen by hand stays across connects and disconnects.
    for manual in ["away", "dnd"] {
        r.alice
            .client
            .put(
                "/users/me/status",
                json!({"user_id": alice_id, "status": manual}),
            )
            .await
            .expect(200);
        let mut ws = connect(&t, &r.alice).await;
        ws.expect_no_event("status_change", QUIET).await;
        wait_for_status(reader, alice_id, manual, WAIT).await;
        ws.close().await;
        tokio::time::sleep(QUIET).await;
        wait_for_status(reader, alice_id, manual, WAIT).await;
    }
    r.alice
        .client
        .put(
            "/users/me/status",
            json!({"user_id": alice_id, "status": "online"}),
        )
        .await
        .expect(200);

    // Idle → away; activity → online.
    r.admin
        .client
        .put(
            "/config/patch",
            json!({"TeamSettings": {"UserStatusAwayTimeout": 1}}),
        )
        .await
        .expect(200);
    let mut ws = connect(&t, &r.alice).await;
    let ev = ws
        .next_event_where("status_change", Duration::from_secs(6), |e| {
            e["data"]["status"] == "away"
        })
        .await;
    assert_eq!(ev["data"]["user_id"], alice_id);
    assert_eq!(status_of_user(reader, alice_id).await, "away");
    let reply = ws
        .request("user_update_active_status", json!({"user_is_active": true}))
        .await;
    assert_eq!(reply["status"], "OK", "{reply}");
    ws.next_event_where("status_change", WAIT, |e| e["data"]["status"] == "online")
        .await;
    ws.next_event_where("status_change", Duration::from_secs(6), |e| {
        e["data"]["status"] == "away"
    })
    .await;
    say(&r.alice.client, &r.channel.id, "back").await;
    ws.next_event_where("status_change", WAIT, |e| e["data"]["status"] == "online")
        .await;

    // Status actions.
    let reply = ws.request("get_statuses", json!({})).await;
    assert_eq!(reply["status"], "OK", "{reply}");
    assert!(reply["data"].is_object());
    assert!(reply["data"][alice_id].is_string(), "{reply}");
    let unknown = stoa_model::new_id();
    let reply = ws
        .request(
            "get_statuses_by_ids",
            json!({"user_ids": [alice_id, r.bob.id(), unknown]}),
        )
        .await;
    assert_eq!(reply["status"], "OK", "{reply}");
    assert!(reply["data"][alice_id].is_string());
    assert_eq!(reply["data"][r.bob.id()], "offline");
    assert_eq!(reply["data"][&unknown], "offline");
    let reply = ws
        .request("get_statuses_by_ids", json!({"user_ids": []}))
        .await;
    assert_eq!(reply["status"], "FAIL", "{reply}");
    assert_eq!(reply["error"]["status_code"], 400);
    let reply = ws.request("get_statuses_by_ids", json!({})).await;
    assert_eq!(reply["status"], "FAIL", "{reply}");
}

async fn status_of_user(reader: &stoa_tests::ApiClient, user_id: &str) -> String {
    reader
        .get(&format!("/users/{user_id}/status"))
        .await
        .expect(200)
        .json()["status"]
        .as_str()
        .unwrap_or("")
        .to_owned()
}

// ---------------------------------------------------------------------------------------------
// Sessions

async fn ending_a_session_closes_its_sockets(t: TestServer) {
    let r = Room::new(&t).await;
    let mut alice = connect(&t, &r.alice).await;
    r.alice
        .client
        .post("/users/logout", json!({}))
        .await
        .expect(200);
    alice.expect_closed(WAIT).await;

    // Two sessions of bob: logging one out leaves the other.
    let second = t.login(&r.bob.user.username, &r.bob.password).await;
    let mut first_ws = connect(&t, &r.bob).await;
    let mut second_ws = WsClient::connect(&t, second.token.as_deref().expect("token")).await;
    r.bob
        .client
        .post("/users/logout", json!({}))
        .await
        .expect(200);
    first_ws.expect_closed(WAIT).await;
    say(&r.admin.client, &r.channel.id, "still here").await;
    second_ws.next_posted("still here").await;

    // Deactivation ends every session.
    r.admin
        .client
        .put(
            &format!("/users/{}/active", r.bob.id()),
            json!({"active": false}),
        )
        .await
        .expect(200);
    second_ws.expect_closed(WAIT).await;
    // A revoked token cannot open a socket that receives anything.
    let mut anon = WsClient::connect_anonymous(&t).await;
    anon.send(
        "authentication_challenge",
        json!({"token": second.token.clone().expect("token")}),
    )
    .await;
    anon.expect_closed(WAIT).await;
}

// ---------------------------------------------------------------------------------------------
// Slow consumers

/// A post of about 250 KB, so that a few fill the socket buffers.
async fn big_post(poster: &TestUser, channel_id: &str, message: &str) {
    let filler = "x".repeat(250_000);
    poster
        .client
        .post(
            "/posts",
            json!({"channel_id": channel_id, "message": message, "props": {"filler": filler}}),
        )
        .await
        .expect(201);
}

/// Opens a socket with a tiny receive buffer as `user` and reads its hello; it is then not read
/// from until [`drain`].
async fn slow_socket(t: &TestServer, user: &TestUser, reader: &TestUser) -> WsClient {
    let mut slow = WsClient::open(
        t,
        Connect {
            token: Some(token(user)),
            recv_buffer: Some(4096),
            ..Default::default()
        },
    )
    .await
    .expect("upgrade");
    slow.next_event("hello", WAIT).await;
    wait_for_status(&reader.client, user.id(), "online", WAIT).await;
    slow
}

/// `poster` sends big posts (each read by `normal`) until the server has dropped the sockets of
/// all `slow` users (seen as each going offline: it was their only socket). Returns the
/// messages posted.
async fn flood_until_dropped(r: &Room, slow: &[&TestUser], normal: &mut WsClient) -> Vec<String> {
    let mut posted = Vec::new();
    for i in 0..400 {
        let msg = format!("big {i}");
        big_post(&r.admin, &r.channel.id, &msg).await;
        normal.next_posted(&msg).await;
        posted.push(msg);
        let mut all_dropped = true;
        for u in slow {
            all_dropped &= status_of_user(&r.admin.client, u.id()).await == "offline";
        }
        if all_dropped {
            return posted;
        }
    }
    panic!("the slow consumers were never dropped");
}

/// Reads what a dropped socket still delivers until the server closes it; returns the
/// messages of the `posted` events read.
async fn drain(slow: &mut WsClient) -> Vec<String> {
    let frame = slow.expect_closed(Duration::from_secs(20)).await;
    if let Some(f) = frame {
        assert_eq!(u16::from(f.code), 1008, "closed as a slow consumer: {f:?}");
    }
    let mut got = Vec::new();
    while let Some(ev) = slow.take_pending() {
        if ev["event"] == "posted" {
            got.push(post_of(&ev)["message"].as_str().unwrap_or("").to_owned());
        }
    }
    got
}

async fn a_slow_consumer_is_dropped_and_catches_up(t: TestServer) {
    TestServer::run_with(t.backend(), |cfg| cfg.ws_queue = 8, slow_consumer).await;
}

async fn slow_consumer(t: TestServer) {
    let r = Room::new(&t).await;
    let carol = t.user(&r.admin, "carol").await;
    r.admin
        .client
        .post(
            &format!("/teams/{}/members", r.team.id),
            json!({"team_id": r.team.id, "user_id": carol.id()}),
        )
        .await
        .expect(201);
    join(&carol, &r.channel.id).await;
    let mut normal = connect(&t, &r.alice).await;
    // Bob will catch up within the ring; carol will have missed too much.
    let mut bob = slow_socket(&t, &r.bob, &r.admin).await;
    let mut carol_ws = slow_socket(&t, &carol, &r.admin).await;
    let mut posted = flood_until_dropped(&r, &[&r.bob, &carol], &mut normal).await;
    // More than the queue holds (8) happen before they come back.
    for i in 0..20 {
        let msg = format!("later {i}");
        say(&r.admin.client, &r.channel.id, &msg).await;
        normal.next_posted(&msg).await;
        posted.push(msg);
    }

    // Within the ring: the missed events are replayed.
    let cid = bob.connection_id().to_owned();
    let mut got = drain(&mut bob).await;
    assert!(got.len() < posted.len(), "some were not delivered");
    assert_eq!(got[..], posted[..got.len()], "in order, no gaps");
    let mut resumed =
        WsClient::connect_resume(&t, &token(&r.bob), &cid, bob.sequence_number()).await;
    say(&r.admin.client, &r.channel.id, "caught up").await;
    let replayed = resumed
        .events_until("posted", WAIT, |e| post_of(e)["message"] == "caught up")
        .await;
    assert_eq!(resumed.resumed(), Some(true), "replayed, no hello");
    assert_eq!(resumed.connection_id(), cid);
    for ev in &replayed {
        if ev["event"] == "posted" {
            got.push(post_of(ev)["message"].as_str().unwrap_or("").to_owned());
        }
    }
    assert_eq!(got.pop().as_deref(), Some("caught up"));
    assert_eq!(got, posted, "everything, once, in order");
    normal.next_posted("caught up").await;

    // Beyond the ring: a fresh start.
    let cid = carol_ws.connection_id().to_owned();
    for i in 0..130 {
        say(&r.admin.client, &r.channel.id, &format!("more {i}")).await;
    }
    let got = drain(&mut carol_ws).await;
    assert_eq!(got[..], posted[..got.len()], "in order, no gaps");
    let mut fresh =
        WsClient::connect_resume(&t, &token(&carol), &cid, carol_ws.sequence_number()).await;
    fresh.next_event("hello", WAIT).await;
    assert_eq!(fresh.resumed(), Some(false));
    assert_ne!(fresh.connection_id(), cid);
    // The normal client got everything; bob is current again.
    normal.next_posted("more 129").await;
    resumed.next_posted("more 129").await;
}

// ---------------------------------------------------------------------------------------------
// Origin

async fn origins_are_checked(t: TestServer) {
    let r = Room::new(&t).await;
    let with_origin = |origin: &str| Connect {
        token: Some(token(&r.alice)),
        origin: Some(origin.to_owned()),
        ..Default::default()
    };
    for bad in ["http://evil.example", "null"] {
        let resp = WsClient::open(&t, with_origin(bad))
            .await
            .err()
            .expect("refused");
        resp.expect_error(400, "api.web_socket.connect.upgrade.app_error");
    }
    let mut ok = WsClient::open(&t, with_origin(t.base_url()))
        .await
        .unwrap_or_else(|r| panic!("same origin refused: {}", r.text()));
    ok.next_event("hello", WAIT).await;
    connect(&t, &r.alice).await;
    // Not an upgrade at all: Mattermost's error body.
    r.alice
        .client
        .get("/websocket")
        .await
        .expect_error(400, "api.web_socket.connect.upgrade.app_error");
}

api_test!(
    hello_comes_first_and_events_are_numbered_without_gaps,
    mentions_name_only_the_mentioned_receiver,
    unauthenticated_sockets_and_bad_requests,
    a_flooding_socket_is_closed,
    a_reconnect_replays_missed_events_with_their_numbers,
    typing_reaches_the_other_members,
    private_channels_reach_members_only_as_membership_changes,
    post_events_reach_the_channel,
    channel_events_reach_the_right_people,
    team_user_and_preference_events,
    presence_follows_connections_and_activity,
    ending_a_session_closes_its_sockets,
    a_slow_consumer_is_dropped_and_catches_up,
    origins_are_checked,
);
