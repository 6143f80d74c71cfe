//! The WebSocket half of the authorisation matrix: who may receive which event. An event must
//! reach only users who may read what it describes, and carry only what they may see.

use serde_json::{Value, json};
use std::collections::{BTreeSet, HashSet};
use stoa_tests::messaging::{Room, reply, say};
use stoa_tests::ws::{WAIT, WsClient};
use stoa_tests::{Fixture, TestServer, TestUser, api_test};

use crate::event_payloads::{day_of_events, published_by_core};

async fn connect(t: &TestServer, u: &TestUser) -> WsClient {
    WsClient::connect(t, u.client.token.as_deref().expect("logged in")).await
}

/// Events that only ever concern their receiver (Mattermost sends them with `broadcast.user_id`).
const PERSONAL: &[&str] = &[
    "added_to_team",
    "channel_created",
    "channel_member_updated",
    "channel_viewed",
    "draft_created",
    "draft_deleted",
    "ephemeral_message",
    "memberrole_updated",
    "multiple_channels_viewed",
    "open_dialog",
    "post_unread",
    "preferences_changed",
    "preferences_deleted",
    "sidebar_category_created",
    "sidebar_category_deleted",
    "sidebar_category_order_updated",
    "sidebar_category_updated",
    "status_change",
    "thread_follow_changed",
    "thread_read_changed",
    "thread_updated",
    "user_role_updated",
];

/// What an observer socket received that it must not have: events of channels and teams it is
/// not in, another user's personal events, and other users' email addresses.
fn leaks(
    log: &[Value],
    me: &str,
    my_channels: &HashSet<String>,
    my_teams: &HashSet<String>,
    secrets: &[&str],
) -> Vec<String> {
    let mut out = Vec::new();
    for ev in log {
        let name = ev["event"].as_str().unwrap_or_default();
        if name == "hello" {
            continue;
        }
        let b = &ev["broadcast"];
        let field = |k: &str| b[k].as_str().unwrap_or_default().to_owned();
        let (user, channel, team) = (field("user_id"), field("channel_id"), field("team_id"));
        if !user.is_empty() && user != me {
            out.push(format!("another user's event: {ev}"));
        } else if PERSONAL.contains(&name) && user != me {
            out.push(format!("a personal event not addressed to me: {ev}"));
        } else if !channel.is_empty() && user.is_empty() && !my_channels.contains(&channel) {
            out.push(format!("an event of a channel I am not in: {ev}"));
        } else if !team.is_empty() && user.is_empty() && !my_teams.contains(&team) {
            out.push(format!("an event of a team I am not in: {ev}"));
        }
        let text = ev.to_string();
        for s in secrets {
            if text.contains(s) {
                out.push(format!("names {s}: {ev}"));
            }
        }
    }
    out
}

async fn ids(client: &stoa_tests::ApiClient, path: &str) -> HashSet<String> {
    let list: Vec<Value> = client.get(path).await.expect(200).parse();
    list.iter()
        .filter_map(|v| v["id"].as_str().map(str::to_owned))
        .collect()
}

/// Every event kind core publishes is produced by a day of use in a private channel; the members'
/// sockets receive each kind, while a user of another team and a member of the team who is not
/// in the channel receive nothing that names the channel, the team (for the outsider), another
/// user's personal events, or another user's hidden email address.
async fn events_reach_only_those_who_may_read_them(t: TestServer) {
    let r = Room::with_channel_type(&t, "P").await;
    r.admin
        .client
        .put(
            "/config/patch",
            json!({"PrivacySettings": {"ShowEmailAddress": false}}),
        )
        .await
        .expect(200);
    let outsider = t.user(&r.admin, "outsider").await;
    let elsewhere = t.team(&r.admin).await;
    stoa_tests::messaging::add_to_team(&r.admin.client, &elsewhere.id, outsider.id()).await;
    let teammate = t.user(&r.admin, "teammate").await;
    stoa_tests::messaging::add_to_team(&r.admin.client, &r.team.id, teammate.id()).await;

    let mut observers = Vec::new();
    for u in [&outsider, &teammate] {
        let channels = ids(&u.client, "/users/me/channels").await;
        let teams = ids(&u.client, "/users/me/teams").await;
        observers.push((u, channels, teams, connect(&t, u).await));
    }
    let mut admin_ws = connect(&t, &r.admin).await;
    let mut alice_ws = connect(&t, &r.alice).await;
    let mut bob_ws = connect(&t, &r.bob).await;
    day_of_events(&t, &r, &mut [&mut admin_ws, &mut alice_ws, &mut bob_ws]).await;

    // Every kind reached a member.
    let received: BTreeSet<String> = admin_ws
        .log()
        .iter()
        .chain(alice_ws.log())
        .chain(bob_ws.log())
        .filter_map(|ev| ev["event"].as_str().map(str::to_owned))
        .collect();
    let missing: Vec<String> = published_by_core()
        .into_iter()
        .filter(|n| !received.contains(n))
        .collect();
    assert!(missing.is_empty(), "no member received {missing:?}");

    // A last event everyone receives: what came before it has been delivered.
    let last = t.user(&r.admin, "last").await;
    let secrets = [
        r.admin.user.email.as_str(),
        r.alice.user.email.as_str(),
        r.bob.user.email.as_str(),
        r.channel.id.as_str(),
    ];
    let mut found = Vec::new();
    for (u, channels, teams, ws) in &mut observers {
        ws.next_event_where("new_user", WAIT, |ev| ev["data"]["user_id"] == last.id())
            .await;
        for leak in leaks(ws.log(), u.id(), channels, teams, &secrets) {
            found.push(format!("{}: {leak}", u.user.username));
        }
    }
    assert!(found.is_empty(), "leaked events:\n{}", found.join("\n"));
    assert!(
        observers[1]
            .3
            .log()
            .iter()
            .any(|ev| ev["event"] == "user_updated"),
        "the teammate received the public user updates, so the check above saw them"
    );
}

/// A follower removed from a private channel hears nothing more of its threads (Mattermost skips
/// followers who are not in the channel).
async fn removed_follower_gets_no_thread_updates(t: TestServer) {
    let r = Room::with_channel_type(&t, "P").await;
    let root = say(&r.alice.client, &r.channel.id, "a root").await;
    reply(&r.bob.client, &root, "bob now follows").await;
    r.admin
        .client
        .delete(&format!(
            "/channels/{}/members/{}",
            r.channel.id,
            r.bob.id()
        ))
        .await
        .expect(200);
    let mut bob_ws = connect(&t, &r.bob).await;
    reply(&r.alice.client, &root, "said after bob left").await;
    let pref = json!([{"user_id": r.bob.id(), "category": "display_settings", "name": "use_military_time", "value": "true"}]);
    r.bob
        .client
        .put("/users/me/preferences", pref)
        .await
        .expect(200);
    let seen = bob_ws
        .events_until("preferences_changed", WAIT, |_| true)
        .await;
    let leaked: Vec<&Value> = seen
        .iter()
        .filter(|ev| ev["event"] == "thread_updated")
        .collect();
    assert!(
        leaked.is_empty(),
        "thread of a channel bob left: {leaked:?}"
    );
}

/// A system admin demoted while connected gets the copies for non-admins from then on: not the
/// admin-only `post_deleted` naming who deleted the post.
async fn demoted_admin_socket_gets_sanitised_copies(t: TestServer) {
    let r = Room::new(&t).await;
    let second = t.user(&r.admin, "second").await;
    let roles = format!("/users/{}/roles", second.id());
    r.admin
        .client
        .put(&roles, json!({"roles": "system_user system_admin"}))
        .await
        .expect(200);
    stoa_tests::messaging::add_to_team(&r.admin.client, &r.team.id, second.id()).await;
    stoa_tests::messaging::add_to_channel(&r.admin.client, &r.channel.id, second.id()).await;
    let mut ws = connect(&t, &second).await;
    r.admin
        .client
        .put(&roles, json!({"roles": "system_user"}))
        .await
        .expect(200);
    ws.next_event("user_role_updated", WAIT).await;
    let post = say(&r.bob.client, &r.channel.id, "to delete").await;
    r.bob
        .client
        .delete(&format!("/posts/{}", post.id))
        .await
        .expect(200);
    let ev = ws.next_event("post_deleted", WAIT).await;
    assert!(
        ev["data"].get("delete_by").is_none(),
        "a user no longer admin learns who deleted the post: {ev}"
    );
}

/// `user_updated` as Mattermost sends it: other users get the public view (no email the privacy
/// settings hide), system admins the admin view, the user their own.
async fn user_updates_are_sanitised_per_receiver(t: TestServer) {
    let r = Room::new(&t).await;
    r.admin
        .client
        .put(
            "/config/patch",
            json!({"PrivacySettings": {"ShowEmailAddress": false}}),
        )
        .await
        .expect(200);
    let mut admin_ws = connect(&t, &r.admin).await;
    let mut bob_ws = connect(&t, &r.bob).await;
    let mut alice_ws = connect(&t, &r.alice).await;
    r.alice
        .client
        .put("/users/me/patch", json!({"nickname": "Ali"}))
        .await
        .expect(200);
    let email = &r.alice.user.email;
    let user_of = |ev: Value| ev["data"]["user"].clone();
    let seen = user_of(alice_ws.next_event("user_updated", WAIT).await);
    assert_eq!(seen["email"], email.as_str(), "the user's own copy");
    let seen = user_of(admin_ws.next_event("user_updated", WAIT).await);
    assert_eq!(seen["email"], email.as_str(), "the admin copy");
    let seen = bob_ws.events_until("user_updated", WAIT, |_| true).await;
    let copies: Vec<&Value> = seen
        .iter()
        .filter(|e| e["event"] == "user_updated")
        .collect();
    assert_eq!(copies.len(), 1, "one copy for another user");
    assert_eq!(
        copies[0]["data"]["user"]["email"], "",
        "no hidden email: {}",
        copies[0]
    );
    r.admin
        .client
        .put("/users/me/patch", json!({"nickname": "Boss"}))
        .await
        .expect(200);
    let ev = admin_ws.next_event("user_updated", WAIT).await;
    assert_eq!(
        ev["data"]["user"]["nickname"], "Boss",
        "only the admin's own copy"
    );
}

api_test!(
    events_reach_only_those_who_may_read_them,
    removed_follower_gets_no_thread_updates,
    demoted_admin_socket_gets_sanitised_copies,
    user_updates_are_sanitised_per_receiver,
);
