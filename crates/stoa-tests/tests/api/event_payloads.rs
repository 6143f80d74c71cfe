//! Payload parity of the WebSocket events: three people do what people do all day, and every
//! event their sockets receive must carry the `data` fields the official apps read, with
//! Mattermost's types (a JSON-encoded string where Mattermost sends one). The table covers every
//! event core can publish, and the scenario must make each of them happen at least once.

use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use stoa_tests::messaging::{Room, add_to_channel, add_to_team, reply, say};
use stoa_tests::multipart::{self, Part};
use stoa_tests::ws::{WAIT, WsClient, post_of};
use stoa_tests::{Fixture, TestServer, TestUser, api_test};

/// The type a `data` field must have.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Str,
    Num,
    Bool,
    Obj,
    Arr,
    /// A string holding a JSON object (the apps `JSON.parse` it).
    JsonObj,
    /// A string holding a JSON array.
    JsonArr,
}
use Kind::*;

fn has_kind(v: &Value, kind: Kind) -> bool {
    let parsed = || {
        v.as_str()
            .and_then(|s| serde_json::from_str::<Value>(s).ok())
    };
    match kind {
        Str => v.is_string(),
        Num => v.is_number(),
        Bool => v.is_boolean(),
        Obj => v.is_object(),
        Arr => v.is_array(),
        JsonObj => parsed().is_some_and(|p| p.is_object()),
        JsonArr => parsed().is_some_and(|p| p.is_array()),
    }
}

type Shape = &'static [(&'static str, Kind)];

/// Each event's accepted `data` shapes (one per variant Mattermost sends), from
/// `shared/reference/mattermost-api/websocket.md` and what the web and mobile apps read.
const EVENTS: &[(&str, &[Shape])] = &[
    (
        "hello",
        &[&[("server_version", Str), ("connection_id", Str)]],
    ),
    (
        "posted",
        &[&[
            ("post", JsonObj),
            ("channel_type", Str),
            ("channel_display_name", Str),
            ("channel_name", Str),
            ("sender_name", Str),
            ("team_id", Str),
            ("set_online", Bool),
        ]],
    ),
    ("post_edited", &[&[("post", JsonObj)]]),
    ("post_deleted", &[&[("post", JsonObj)]]),
    (
        "post_unread",
        &[&[
            ("msg_count", Num),
            ("msg_count_root", Num),
            ("mention_count", Num),
            ("mention_count_root", Num),
            ("urgent_mention_count", Num),
            ("last_viewed_at", Num),
            ("post_id", Str),
        ]],
    ),
    ("ephemeral_message", &[&[("post", JsonObj)]]),
    ("open_dialog", &[&[("dialog", JsonObj)]]),
    ("reaction_added", &[&[("reaction", JsonObj)]]),
    ("reaction_removed", &[&[("reaction", JsonObj)]]),
    ("typing", &[&[("user_id", Str), ("parent_id", Str)]]),
    ("multiple_channels_viewed", &[&[("channel_times", Obj)]]),
    ("channel_viewed", &[&[("channel_id", Str)]]),
    (
        "channel_created",
        &[&[("channel_id", Str), ("team_id", Str)]],
    ),
    ("channel_updated", &[&[("channel", JsonObj)]]),
    ("channel_converted", &[&[("channel_id", Str)]]),
    (
        "channel_deleted",
        &[&[("channel_id", Str), ("delete_at", Num)]],
    ),
    ("channel_restored", &[&[("channel_id", Str)]]),
    ("channel_member_updated", &[&[("channelMember", JsonObj)]]),
    (
        "direct_added",
        &[&[("creator_id", Str), ("teammate_id", Str)]],
    ),
    ("group_added", &[&[("teammate_ids", JsonArr)]]),
    ("user_added", &[&[("user_id", Str), ("team_id", Str)]]),
    (
        "user_removed",
        &[
            &[("user_id", Str), ("remover_id", Str)],
            &[("channel_id", Str), ("remover_id", Str)],
        ],
    ),
    ("added_to_team", &[&[("team_id", Str), ("user_id", Str)]]),
    ("leave_team", &[&[("user_id", Str), ("team_id", Str)]]),
    ("update_team", &[&[("team", JsonObj)]]),
    ("delete_team", &[&[("team", JsonObj)]]),
    ("restore_team", &[&[("team", JsonObj)]]),
    ("memberrole_updated", &[&[("member", JsonObj)]]),
    ("new_user", &[&[("user_id", Str)]]),
    ("user_updated", &[&[("user", Obj)]]),
    ("user_role_updated", &[&[("user_id", Str), ("roles", Str)]]),
    ("status_change", &[&[("status", Str), ("user_id", Str)]]),
    ("preferences_changed", &[&[("preferences", JsonArr)]]),
    ("preferences_deleted", &[&[("preferences", JsonArr)]]),
    ("emoji_added", &[&[("emoji", JsonObj)]]),
    ("config_changed", &[&[("config", Obj)]]),
    ("thread_updated", &[&[("thread", JsonObj)]]),
    (
        "thread_read_changed",
        &[
            &[
                ("thread_id", Str),
                ("timestamp", Num),
                ("unread_mentions", Num),
                ("unread_replies", Num),
            ],
            &[("timestamp", Num)],
            &[],
        ],
    ),
    (
        "thread_follow_changed",
        &[&[("thread_id", Str), ("state", Bool), ("reply_count", Num)]],
    ),
    ("draft_created", &[&[("draft", JsonObj)]]),
    ("draft_deleted", &[&[("draft", JsonObj)]]),
    ("sidebar_category_created", &[&[("category_id", Str)]]),
    (
        "sidebar_category_updated",
        &[&[("updatedCategories", JsonArr)], &[]],
    ),
    ("sidebar_category_deleted", &[&[("category_id", Str)]]),
    ("sidebar_category_order_updated", &[&[("order", Arr)]]),
];

/// Broadcast fields handlers read, per event.
const BROADCAST: &[(&str, &[&str])] = &[
    ("posted", &["channel_id"]),
    ("typing", &["channel_id"]),
    ("post_unread", &["channel_id", "team_id"]),
    ("user_added", &["channel_id"]),
    ("channel_member_updated", &["user_id"]),
    ("sidebar_category_created", &["team_id", "user_id"]),
    ("sidebar_category_deleted", &["team_id", "user_id"]),
    ("sidebar_category_order_updated", &["team_id", "user_id"]),
];

/// Every event name core publishes (`Event::new("…")` and `publish_team_event("…"` in its
/// sources; the empty name is the internal routing event).
pub(crate) fn published_by_core() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../stoa-core/src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("core sources") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source");
                for marker in ["Event::new(\"", "publish_team_event(\""] {
                    for chunk in text.split(marker).skip(1) {
                        if let Some((name, _)) = chunk.split_once('"')
                            && !name.is_empty()
                        {
                            out.insert(name.to_owned());
                        }
                    }
                }
            }
        }
    }
    out
}

#[track_caller]
fn ok(resp: stoa_tests::Resp) -> Value {
    assert!(
        (200..300).contains(&resp.status),
        "{} {}",
        resp.status,
        resp.text()
    );
    if resp.text().is_empty() {
        Value::Null
    } else {
        resp.json()
    }
}

async fn connect(t: &TestServer, u: &TestUser) -> WsClient {
    WsClient::connect(t, u.client.token.as_deref().expect("logged in")).await
}

/// The whole day: every event of the table, at least once, reaching one of the three sockets.
pub(crate) async fn day_of_events(t: &TestServer, r: &Room, sockets: &mut [&mut WsClient]) {
    let (admin, alice, bob) = (&r.admin.client, &r.alice.client, &r.bob.client);
    let (team, ch) = (&r.team.id, &r.channel.id);

    // Messaging.
    let root = say(bob, ch, "root").await;
    ok(bob
        .put(
            &format!("/posts/{}/patch", root.id),
            json!({"message": "root, edited"}),
        )
        .await);
    ok(alice
        .post(
            "/reactions",
            json!({"user_id": r.alice.id(), "post_id": root.id, "emoji_name": "smile"}),
        )
        .await);
    ok(alice
        .delete(&format!("/users/me/posts/{}/reactions/smile", root.id))
        .await);
    sockets[2]
        .send("user_typing", json!({"channel_id": ch, "parent_id": ""}))
        .await;
    let answer = reply(alice, &root, "a reply").await;
    let threads = format!("/users/me/teams/{team}/threads/{}", root.id);
    ok(bob.delete(&format!("{threads}/following")).await);
    ok(bob.put(&format!("{threads}/following"), json!({})).await);
    ok(bob
        .put(&format!("{threads}/read/{}", answer.create_at), json!({}))
        .await);
    ok(alice
        .post(
            &format!("/users/{}/posts/{}/set_unread", r.alice.id(), root.id),
            json!({}),
        )
        .await);
    ok(alice
        .post("/channels/members/me/view", json!({"channel_id": ch}))
        .await);
    let gone = say(bob, ch, "to delete").await;
    ok(bob.delete(&format!("/posts/{}", gone.id)).await);
    ok(alice
        .post(
            "/commands/execute",
            json!({"channel_id": ch, "command": "/echo"}),
        )
        .await);

    // Integrations: clicking a button gives the integration a trigger id, with which it opens
    // a dialog for the clicker.
    ok(admin
        .put(
            "/config/patch",
            json!({"ServiceSettings": {"AllowedUntrustedInternalConnections": "127.0.0.1"}}),
        )
        .await);
    let integration =
        stoa_tests::receiver::Receiver::start(stoa_tests::receiver::Reply::json(json!({}))).await;
    let card = ok(bob
        .post(
            "/posts",
            json!({"channel_id": ch, "message": "approve?", "props": {"attachments": [{"actions": [
                {"name": "Yes", "integration": {"url": integration.url("/")}}
            ]}]}}),
        )
        .await);
    let action = card["props"]["attachments"][0]["actions"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let clicked = ok(bob
        .post(
            &format!(
                "/posts/{}/actions/{action}",
                card["id"].as_str().unwrap_or_default()
            ),
            json!({}),
        )
        .await);
    ok(t.anon()
        .post(
            "/actions/dialogs/open",
            json!({"trigger_id": clicked["trigger_id"], "url": integration.url("/"),
                   "dialog": {"title": "Why?", "elements": []}}),
        )
        .await);

    // Drafts, synced to the user's other devices.
    ok(alice
        .post(
            "/drafts",
            json!({"user_id": r.alice.id(), "channel_id": ch, "root_id": "", "message": "half a thought"}),
        )
        .await);
    ok(alice
        .delete(&format!("/users/me/channels/{ch}/drafts"))
        .await);

    // Channels.
    let created = ok(alice
        .post(
            "/channels",
            json!({"team_id": team, "name": "payloads", "display_name": "Payloads", "type": "O"}),
        )
        .await);
    let new_ch = created["id"].as_str().expect("id").to_owned();
    ok(alice
        .put(
            &format!("/channels/{new_ch}/patch"),
            json!({"header": "a header"}),
        )
        .await);
    add_to_channel(alice, &new_ch, r.bob.id()).await;
    ok(alice
        .put(
            &format!("/channels/{new_ch}/members/{}/notify_props", r.alice.id()),
            json!({"desktop": "all"}),
        )
        .await);
    ok(admin
        .put(
            &format!("/channels/{new_ch}/privacy"),
            json!({"privacy": "P"}),
        )
        .await);
    ok(alice
        .delete(&format!("/channels/{new_ch}/members/{}", r.bob.id()))
        .await);
    ok(alice.delete(&format!("/channels/{new_ch}")).await);
    ok(admin
        .post(&format!("/channels/{new_ch}/restore"), json!({}))
        .await);
    ok(bob
        .post("/channels/direct", json!([r.bob.id(), r.alice.id()]))
        .await);
    ok(bob
        .post(
            "/channels/group",
            json!([r.bob.id(), r.alice.id(), r.admin.id()]),
        )
        .await);

    // Teams.
    let other = t.team(&r.admin).await;
    add_to_team(admin, &other.id, r.alice.id()).await;
    ok(admin
        .put(
            &format!("/teams/{}/members/{}/roles", other.id, r.alice.id()),
            json!({"roles": "team_user team_admin"}),
        )
        .await);
    ok(admin
        .put(
            &format!("/teams/{}/patch", other.id),
            json!({"description": "described"}),
        )
        .await);
    ok(admin.delete(&format!("/teams/{}", other.id)).await);
    ok(admin
        .post(&format!("/teams/{}/restore", other.id), json!({}))
        .await);
    ok(admin
        .delete(&format!("/teams/{}/members/{}", other.id, r.alice.id()))
        .await);

    // Users, status, preferences, emoji, config.
    t.user(&r.admin, "newcomer").await;
    ok(alice
        .put("/users/me/patch", json!({"nickname": "Ali"}))
        .await);
    ok(admin
        .put(
            &format!("/users/{}/roles", r.bob.id()),
            json!({"roles": "system_user system_post_all"}),
        )
        .await);
    ok(alice
        .put(
            "/users/me/status",
            json!({"user_id": r.alice.id(), "status": "dnd"}),
        )
        .await);
    let pref = json!([{"user_id": r.alice.id(), "category": "display_settings", "name": "use_military_time", "value": "true"}]);
    ok(alice.put("/users/me/preferences", pref.clone()).await);
    ok(alice.post("/users/me/preferences/delete", pref).await);
    let png = multipart::tiny_png();
    let meta = json!({"name": "payload_emoji", "creator_id": r.alice.id()}).to_string();
    ok(alice
        .raw(
            reqwest::Method::POST,
            "/emoji",
            &multipart::content_type(),
            multipart::form(&[
                Part::file("image", "e.png", &png),
                Part::text("emoji", &meta),
            ]),
        )
        .await);
    ok(admin
        .put(
            "/config/patch",
            json!({"TeamSettings": {"SiteName": "Payloads"}}),
        )
        .await);

    // Sidebar categories.
    let cats = format!("/users/me/teams/{team}/channels/categories");
    let cat = ok(alice
        .post(
            &cats,
            json!({"user_id": r.alice.id(), "team_id": team, "display_name": "Mine", "channel_ids": []}),
        )
        .await);
    let cat_id = cat["id"].as_str().expect("category id").to_owned();
    let order: Value = ok(alice.get(&format!("{cats}/order")).await);
    ok(alice.put(&format!("{cats}/order"), order).await);
    ok(alice.put(&format!("{cats}/{cat_id}"), cat).await);
    ok(alice.delete(&format!("{cats}/{cat_id}")).await);
    let _ = ok(alice.get(&cats).await);

    // A last post that every socket sees: what came before it has been delivered.
    say(admin, ch, "end of day").await;
    for ws in sockets.iter_mut() {
        ws.next_event_where("posted", WAIT, |ev| post_of(ev)["message"] == "end of day")
            .await;
    }
}

async fn every_event_carries_what_the_apps_read(t: TestServer) {
    let r = Room::new(&t).await;
    let mut admin_ws = connect(&t, &r.admin).await;
    let mut alice_ws = connect(&t, &r.alice).await;
    let mut bob_ws = connect(&t, &r.bob).await;
    day_of_events(&t, &r, &mut [&mut admin_ws, &mut alice_ws, &mut bob_ws]).await;

    let table: BTreeMap<&str, &[Shape]> = EVENTS.iter().copied().collect();
    let broadcast: BTreeMap<&str, &[&str]> = BROADCAST.iter().copied().collect();
    let mut seen = BTreeSet::new();
    let mut wrong = Vec::new();
    for ev in admin_ws
        .log()
        .iter()
        .chain(alice_ws.log())
        .chain(bob_ws.log())
    {
        let name = ev["event"].as_str().unwrap_or_default();
        seen.insert(name.to_owned());
        let Some(shapes) = table.get(name) else {
            wrong.push(format!("{name}: not in the table: {ev}"));
            continue;
        };
        let data = &ev["data"];
        let fits = shapes.iter().any(|shape| {
            shape
                .iter()
                .all(|(field, kind)| has_kind(&data[*field], *kind))
        });
        if !fits {
            wrong.push(format!("{name}: data does not match {shapes:?}: {data}"));
        }
        for field in broadcast.get(name).copied().unwrap_or_default() {
            if ev["broadcast"][*field].as_str().is_none_or(str::is_empty) {
                wrong.push(format!("{name}: broadcast.{field} is empty: {ev}"));
            }
        }
    }
    assert!(wrong.is_empty(), "payloads differ:\n{}", wrong.join("\n"));

    let never: Vec<&str> = table
        .keys()
        .copied()
        .filter(|n| !seen.contains(*n))
        .collect();
    assert!(never.is_empty(), "the scenario never produced {never:?}");
    let untabled: Vec<String> = published_by_core()
        .into_iter()
        .filter(|n| !table.contains_key(n.as_str()))
        .collect();
    assert!(
        untabled.is_empty(),
        "core publishes events the table does not check: {untabled:?}"
    );
}

api_test!(every_event_carries_what_the_apps_read);
