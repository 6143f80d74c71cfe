//! Status: presence set by hand, batch reads, do-not-disturb ending, and custom statuses with
//! their recent list.

use serde_json::{Value, json};
use stoa_model::status::Status;
use stoa_tests::{Fixture, TestServer, TestUser, api_test};

async fn status_of(reader: &TestUser, user_id: &str) -> Status {
    reader
        .client
        .get(&format!("/users/{user_id}/status"))
        .await
        .expect(200)
        .parse()
}

async fn set(user: &TestUser, body: Value) -> Status {
    user.client
        .put("/users/me/status", body)
        .await
        .expect(200)
        .parse()
}

fn now_secs() -> i64 {
    stoa_model::now_ms() / 1000
}

async fn statuses_default_to_offline_and_are_set_by_hand(t: TestServer) {
    let admin = t.admin().await;
    let alice = t.user(&admin, "alice").await;
    let bob = t.user(&admin, "bob").await;
    // Never seen: offline; anyone may read anyone's status.
    let s = status_of(&bob, alice.id()).await;
    assert_eq!(
        (s.user_id.as_str(), s.status.as_str()),
        (alice.id(), "offline")
    );
    assert!(!s.manual);
    assert_eq!(s.dnd_end_time, 0);

    let before = stoa_model::now_ms();
    let online = set(&alice, json!({"user_id": alice.id(), "status": "online"})).await;
    assert_eq!((online.status.as_str(), online.manual), ("online", false));
    assert!(online.last_activity_at >= before);
    assert_eq!(status_of(&bob, alice.id()).await, online);

    let away = set(&alice, json!({"user_id": alice.id(), "status": "away"})).await;
    assert_eq!((away.status.as_str(), away.manual), ("away", true));
    assert_eq!(
        away.last_activity_at, online.last_activity_at,
        "away keeps the last activity"
    );

    // Do-not-disturb until a time, cut to the whole minute.
    let end = now_secs() + 3600 + 17;
    let dnd = set(
        &alice,
        json!({"user_id": alice.id(), "status": "dnd", "dnd_end_time": end}),
    )
    .await;
    assert_eq!((dnd.status.as_str(), dnd.manual), ("dnd", true));
    assert_eq!(dnd.dnd_end_time, end - end % 60);
    let read = status_of(&bob, alice.id()).await;
    assert_eq!(
        (read.status.as_str(), read.dnd_end_time),
        ("dnd", end - end % 60)
    );
    // Without an end time it lasts until changed.
    let dnd = set(&alice, json!({"user_id": alice.id(), "status": "dnd"})).await;
    assert_eq!((dnd.status.as_str(), dnd.dnd_end_time), ("dnd", 0));

    let off = set(&alice, json!({"user_id": alice.id(), "status": "offline"})).await;
    assert_eq!(
        (off.status.as_str(), off.manual, off.dnd_end_time),
        ("offline", true, 0)
    );
    let json = alice
        .client
        .get("/users/me/status")
        .await
        .expect(200)
        .json();
    assert_eq!(json["status"], "offline");
    assert_eq!(json["manual"], true);
    assert!(json.get("dnd_end_time").is_some() && json.get("last_activity_at").is_some());
}

async fn do_not_disturb_that_has_ended_reads_online(t: TestServer) {
    let admin = t.admin().await;
    let alice = t.user(&admin, "alice").await;
    let past = now_secs() - 600;
    let s = set(
        &alice,
        json!({"user_id": alice.id(), "status": "dnd", "dnd_end_time": past}),
    )
    .await;
    assert_eq!(
        (s.status.as_str(), s.manual, s.dnd_end_time),
        ("online", false, 0)
    );
    let read = status_of(&admin, alice.id()).await;
    assert_eq!((read.status.as_str(), read.dnd_end_time), ("online", 0));
    let batch: Vec<Status> = admin
        .client
        .post("/users/status/ids", json!([alice.id()]))
        .await
        .expect(200)
        .parse();
    assert_eq!(batch[0].status, "online");
}

async fn statuses_by_ids_include_unknown_users_as_offline(t: TestServer) {
    let admin = t.admin().await;
    let alice = t.user(&admin, "alice").await;
    let bob = t.user(&admin, "bob").await;
    set(&alice, json!({"user_id": alice.id(), "status": "away"})).await;
    set(&bob, json!({"user_id": bob.id(), "status": "online"})).await;
    let unknown = stoa_model::new_id();
    let list: Vec<Status> = bob
        .client
        .post(
            "/users/status/ids",
            json!([alice.id(), bob.id(), unknown, admin.id()]),
        )
        .await
        .expect(200)
        .parse();
    let got: Vec<(&str, &str)> = list
        .iter()
        .map(|s| (s.user_id.as_str(), s.status.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (alice.id(), "away"),
            (bob.id(), "online"),
            (unknown.as_str(), "offline"),
            (admin.id(), "offline"),
        ]
    );
    let bad = "api.context.invalid_param.app_error";
    for body in [
        json!([]),
        json!(["short"]),
        json!([alice.id(), "x".repeat(26) + "y"]),
    ] {
        bob.client
            .post("/users/status/ids", body)
            .await
            .expect_error(400, bad);
    }
    let too_many: Vec<String> = (0..1001).map(|_| stoa_model::new_id()).collect();
    bob.client
        .post("/users/status/ids", json!(too_many))
        .await
        .expect_error(400, bad);
    t.anon()
        .post("/users/status/ids", json!([alice.id()]))
        .await
        .expect_error(401, "api.context.session_expired.app_error");
}

async fn only_the_user_sets_their_status(t: TestServer) {
    let admin = t.admin().await;
    let alice = t.user(&admin, "alice").await;
    let bob = t.user(&admin, "bob").await;
    let path = format!("/users/{}/status", alice.id());
    bob.client
        .put(&path, json!({"user_id": alice.id(), "status": "away"}))
        .await
        .expect_error(403, "api.context.permissions.app_error");
    assert_eq!(status_of(&bob, alice.id()).await.status, "offline");
    // The body must name the user of the path.
    alice
        .client
        .put(&path, json!({"user_id": bob.id(), "status": "away"}))
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
    alice
        .client
        .put(&path, json!({"status": "away"}))
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
    for bad in ["busy", "", "Online", "ooo"] {
        alice
            .client
            .put(&path, json!({"user_id": alice.id(), "status": bad}))
            .await
            .expect_error(400, "api.context.invalid_param.app_error");
    }
    assert_eq!(status_of(&bob, alice.id()).await.status, "offline");
    // An admin may.
    let s: Status = admin
        .client
        .put(&path, json!({"user_id": alice.id(), "status": "dnd"}))
        .await
        .expect(200)
        .parse();
    assert_eq!(s.status, "dnd");
    assert_eq!(status_of(&bob, alice.id()).await.status, "dnd");
    // Unknown users: 404; bad ids: 400.
    let unknown = stoa_model::new_id();
    admin
        .client
        .put(
            &format!("/users/{unknown}/status"),
            json!({"user_id": unknown, "status": "online"}),
        )
        .await
        .expect_error(404, "app.user.missing_account.const");
    admin
        .client
        .get("/users/nope/status")
        .await
        .expect_error(400, "api.context.invalid_url_param.app_error");
}

async fn me_props(user: &TestUser) -> Value {
    user.client.get("/users/me").await.expect(200).json()["props"].clone()
}

/// The stored custom status, parsed.
async fn custom_status(user: &TestUser) -> Value {
    let props = me_props(user).await;
    match props["customStatus"].as_str() {
        Some("") | None => Value::Null,
        Some(text) => serde_json::from_str(text).expect("customStatus is JSON"),
    }
}

async fn recent(user: &TestUser) -> Value {
    let p = user
        .client
        .get("/users/me/preferences/custom_status/name/recent_custom_statuses")
        .await
        .expect(200)
        .json();
    serde_json::from_str(p["value"].as_str().expect("value")).expect("recent is JSON")
}

fn texts(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|s| s["text"].as_str().expect("text").to_owned())
        .collect()
}

async fn custom_status_is_set_cleared_and_remembered(t: TestServer) {
    let admin = t.admin().await;
    let alice = t.user(&admin, "alice").await;
    let c = &alice.client;
    let path = format!("/users/{}/status/custom", alice.id());
    let r = c
        .put(&path, json!({"emoji": "calendar", "text": "In a meeting"}))
        .await
        .expect(200)
        .json();
    assert_eq!(r, json!({"status": "OK"}));
    assert_eq!(
        custom_status(&alice).await,
        json!({"emoji": "calendar", "text": "In a meeting", "duration": "", "expires_at": "0001-01-01T00:00:00Z"})
    );
    // Others see it on the user too.
    let seen = admin
        .client
        .get(&format!("/users/{}", alice.id()))
        .await
        .expect(200)
        .json();
    assert!(
        seen["props"]["customStatus"]
            .as_str()
            .is_some_and(|s| s.contains("In a meeting"))
    );

    // With an expiry: the time is kept as Go writes it; an expiry without a duration is a date.
    c.put(
        &path,
        json!({"emoji": "palm_tree", "text": "Away", "duration": "this_week", "expires_at": "2099-05-01T10:00:00.000Z"}),
    )
    .await
    .expect(200);
    assert_eq!(
        custom_status(&alice).await,
        json!({"emoji": "palm_tree", "text": "Away", "duration": "this_week", "expires_at": "2099-05-01T10:00:00Z"})
    );
    c.put(
        &path,
        json!({"emoji": "", "text": "Lunch", "expires_at": "2099-05-01T12:30:00+02:00"}),
    )
    .await
    .expect(200);
    let cs = custom_status(&alice).await;
    assert_eq!(cs["duration"], "date_and_time");
    assert_eq!(cs["expires_at"], "2099-05-01T12:30:00+02:00");
    // Long texts are cut to 100 characters.
    c.put(
        &path,
        json!({"emoji": "speech_balloon", "text": "é".repeat(150)}),
    )
    .await
    .expect(200);
    assert_eq!(custom_status(&alice).await["text"], "é".repeat(100));

    // Newest first, one per text, at most five.
    assert_eq!(
        texts(&recent(&alice).await),
        vec![
            "é".repeat(100),
            "Lunch".into(),
            "Away".into(),
            "In a meeting".into()
        ]
    );
    c.put(&path, json!({"emoji": "coffee", "text": "Away"}))
        .await
        .expect(200);
    for text in ["a", "b"] {
        c.put(&path, json!({"emoji": "coffee", "text": text}))
            .await
            .expect(200);
    }
    let list = recent(&alice).await;
    assert_eq!(
        texts(&list),
        vec!["b", "a", "Away", "é".repeat(100).as_str(), "Lunch"]
    );
    assert_eq!(
        list[2]["emoji"], "coffee",
        "the same text replaced the older entry"
    );

    // Clearing empties the user's custom status but keeps the recent ones.
    c.delete(&path).await.expect(200);
    assert_eq!(me_props(&alice).await["customStatus"], "");
    assert_eq!(texts(&recent(&alice).await).len(), 5);

    // Removing a recent one: the entry as it was listed (either route).
    let lunch = list[4].clone();
    c.post(&format!("{path}/recent/delete"), lunch.clone())
        .await
        .expect(200);
    assert_eq!(
        texts(&recent(&alice).await),
        vec!["b", "a", "Away", "é".repeat(100).as_str()]
    );
    c.post(&format!("{path}/recent/delete"), lunch)
        .await
        .expect_error(
            400,
            "api.custom_status.recent_custom_statuses.delete.app_error",
        );
    let a = list[1].clone();
    let r = alice
        .client
        .raw(
            reqwest::Method::DELETE,
            &format!("{path}/recent"),
            "application/json",
            serde_json::to_vec(&a).expect("json"),
        )
        .await
        .expect(200);
    assert_eq!(r.json(), json!({"status": "OK"}));
    assert_eq!(
        texts(&recent(&alice).await),
        vec!["b", "Away", "é".repeat(100).as_str()]
    );
    // Same text, other emoji: not the listed entry.
    c.post(
        &format!("{path}/recent/delete"),
        json!({"emoji": "smile", "text": "b", "duration": "", "expires_at": "0001-01-01T00:00:00Z"}),
    )
    .await
    .expect_error(400, "api.custom_status.recent_custom_statuses.delete.app_error");
}

async fn invalid_custom_statuses_are_refused(t: TestServer) {
    let admin = t.admin().await;
    let alice = t.user(&admin, "alice").await;
    let bob = t.user(&admin, "bob").await;
    let path = format!("/users/{}/status/custom", alice.id());
    let bad = "api.context.invalid_param.app_error";
    for body in [
        json!({}),
        json!({"emoji": "", "text": ""}),
        json!({"emoji": "smile", "text": "x", "duration": "forever", "expires_at": "2099-01-01T00:00:00Z"}),
        json!({"emoji": "smile", "text": "x", "duration": "one_hour"}),
        json!({"emoji": "smile", "text": "x", "duration": "one_hour", "expires_at": "2001-01-01T00:00:00Z"}),
        json!({"emoji": "smile", "text": "x", "expires_at": "2001-01-01T00:00:00Z"}),
        json!({"emoji": "smile", "text": "x", "expires_at": "tomorrow"}),
        json!({"emoji": "<script>", "text": "x"}),
        json!({"emoji": "a b", "text": ""}),
    ] {
        alice.client.put(&path, body).await.expect_error(400, bad);
    }
    alice
        .client
        .put(&path, json!({"emoji": 5}))
        .await
        .expect_error(400, "api.context.invalid_body_param.app_error");
    // Nothing was stored.
    assert_eq!(custom_status(&alice).await, Value::Null);
    alice
        .client
        .get("/users/me/preferences/custom_status/name/recent_custom_statuses")
        .await
        .expect_error(400, "app.preference.get.app_error");
    // Removing a recent one when there are none.
    alice
        .client
        .post(
            &format!("{path}/recent/delete"),
            json!({"emoji": "smile", "text": "x"}),
        )
        .await
        .expect_error(400, "app.preference.get.app_error");

    // Another user may not set, clear or edit the recent list of Alice.
    let perm = "api.context.permissions.app_error";
    bob.client
        .put(&path, json!({"emoji": "smile", "text": "hacked"}))
        .await
        .expect_error(403, perm);
    bob.client.delete(&path).await.expect_error(403, perm);
    bob.client
        .post(
            &format!("{path}/recent/delete"),
            json!({"emoji": "smile", "text": "x"}),
        )
        .await
        .expect_error(403, perm);
    assert_eq!(custom_status(&alice).await, Value::Null);
    // An admin may.
    admin
        .client
        .put(&path, json!({"emoji": "smile", "text": "set by admin"}))
        .await
        .expect(200);
    assert_eq!(custom_status(&alice).await["text"], "set by admin");

    // Turned off: 501 everywhere.
    admin
        .client
        .put(
            "/config/patch",
            json!({"TeamSettings": {"EnableCustomUserStatuses": false}}),
        )
        .await
        .expect(200);
    let off = "api.custom_status.disabled";
    alice
        .client
        .put(&path, json!({"emoji": "smile", "text": "x"}))
        .await
        .expect_error(501, off);
    alice.client.delete(&path).await.expect_error(501, off);
    alice
        .client
        .post(
            &format!("{path}/recent/delete"),
            json!({"emoji": "smile", "text": "set by admin"}),
        )
        .await
        .expect_error(501, off);
    assert_eq!(custom_status(&alice).await["text"], "set by admin");
}

api_test!(
    statuses_default_to_offline_and_are_set_by_hand,
    do_not_disturb_that_has_ended_reads_online,
    statuses_by_ids_include_unknown_users_as_offline,
    only_the_user_sets_their_status,
    custom_status_is_set_cleared_and_remembered,
    invalid_custom_statuses_are_refused,
);
