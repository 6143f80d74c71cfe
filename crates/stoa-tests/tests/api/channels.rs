//! Channels: create, read, update, archive, privacy, members and read state.

use serde_json::{Value, json};
use stoa_model::channel::Channel;
use stoa_tests::{Fixture, TestServer, TestUser, api_test};

fn field(v: &Value, key: &str) -> Vec<String> {
    let mut out: Vec<String> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|x| x[key].as_str().expect("string").to_owned())
        .collect();
    out.sort();
    out
}

async fn join(t: &TestServer, admin: &TestUser, team_id: &str, user: &TestUser) {
    let _ = t;
    admin
        .client
        .post(
            &format!("/teams/{team_id}/members"),
            json!({"team_id": team_id, "user_id": user.id()}),
        )
        .await
        .expect(201);
}

async fn creating_public_and_private_channels(t: TestServer) {
    let admin = t.admin().await;
    let team = t.team(&admin).await;
    let body = json!({"team_id": team.id, "name": "release-2026", "display_name": "Release 2026", "type": "O", "purpose": "ship it", "header": "**v2**"});
    let ch: Channel = admin
        .client
        .post("/channels", body)
        .await
        .expect(201)
        .parse();
    assert_eq!(ch.creator_id, admin.id());
    assert_eq!(ch.purpose, "ship it");
    assert_eq!(ch.total_msg_count, 0);
    let me = admin
        .client
        .get(&format!("/channels/{}/members/me", ch.id))
        .await
        .expect(200)
        .json();
    assert_eq!(me["roles"], "channel_user channel_admin");
    assert_eq!(me["notify_props"]["mark_unread"], "all");
    assert_eq!(me["msg_count"], 0);
    let private: Channel = admin
        .client
        .post(
            "/channels",
            json!({"team_id": team.id, "name": "secret", "display_name": "Secret", "type": "P"}),
        )
        .await
        .expect(201)
        .parse();
    assert_eq!(private.channel_type, "P");
    let public = admin
        .client
        .get(&format!("/teams/{}/channels", team.id))
        .await
        .expect(200)
        .json();
    assert_eq!(
        field(&public, "name"),
        vec!["off-topic", "release-2026", "town-square"]
    );
    let privates = admin
        .client
        .get(&format!("/teams/{}/channels/private", team.id))
        .await
        .expect(200)
        .json();
    assert_eq!(field(&privates, "name"), vec!["secret"]);
    let got = admin
        .client
        .get(&format!("/teams/name/{}/channels/name/secret", team.name))
        .await
        .expect(200)
        .json();
    assert_eq!(got["id"], private.id);
    let stats = admin
        .client
        .get(&format!("/channels/{}/stats", ch.id))
        .await
        .expect(200)
        .json();
    assert_eq!(stats["member_count"], 1);
    assert_eq!(stats["channel_id"], ch.id);
}

async fn invalid_channels_are_refused(t: TestServer) {
    let admin = t.admin().await;
    let team = t.team(&admin).await;
    let cases = [
        (
            json!({"team_id": team.id, "name": "Bad Name", "display_name": "x", "type": "O"}),
            "model.channel.is_valid.2.app_error",
        ),
        (
            json!({"team_id": team.id, "name": "-edge", "display_name": "x", "type": "O"}),
            "model.channel.is_valid.2.app_error",
        ),
        (
            json!({"team_id": team.id, "name": "ok-name", "display_name": "", "type": "O"}),
            "model.channel.is_valid.display_name.app_error",
        ),
        (
            json!({"team_id": team.id, "name": "ok-name", "display_name": "x", "type": "O", "purpose": "p".repeat(251)}),
            "model.channel.is_valid.purpose.app_error",
        ),
        (
            json!({"team_id": team.id, "name": "ok-name", "display_name": "x", "type": "O", "header": "h".repeat(1025)}),
            "model.channel.is_valid.header.app_error",
        ),
        (
            json!({"team_id": team.id, "name": "ok-name", "display_name": "x", "type": "D"}),
            "api.channel.create_channel.direct_channel.app_error",
        ),
        (
            json!({"team_id": team.id, "name": "town-square", "display_name": "again", "type": "O"}),
            "store.sql_channel.save_channel.exists.app_error",
        ),
    ];
    for (body, id) in cases {
        admin
            .client
            .post("/channels", body)
            .await
            .expect_error(400, id);
    }
    admin.client.post("/channels", json!({"team_id": stoa_model::new_id(), "name": "x1", "display_name": "x", "type": "O"})).await.expect(404);
    let all = admin
        .client
        .get(&format!("/teams/{}/channels", team.id))
        .await
        .json();
    assert_eq!(all.as_array().map(Vec::len), Some(2), "nothing was written");
}

async fn members_join_public_channels_and_are_added_to_private_ones(t: TestServer) {
    let admin = t.admin().await;
    let team = t.team(&admin).await;
    let user = t.user(&admin, "joe").await;
    join(&t, &admin, &team.id, &user).await;
    let public = t.channel(&admin, &team, "O").await;
    let private = t.channel(&admin, &team, "P").await;
    let m = user
        .client
        .post(
            &format!("/channels/{}/members", public.id),
            json!({"user_id": user.id()}),
        )
        .await
        .expect(201)
        .json();
    assert_eq!(m["roles"], "channel_user");
    user.client
        .post(
            &format!("/channels/{}/members", private.id),
            json!({"user_id": user.id()}),
        )
        .await
        .expect_error(403, "api.context.permissions.app_error");
    admin
        .client
        .post(
            &format!("/channels/{}/members", private.id),
            json!({"user_id": user.id()}),
        )
        .await
        .expect(201);
    // Adding again returns the membership.
    admin
        .client
        .post(
            &format!("/channels/{}/members", private.id),
            json!({"user_id": user.id()}),
        )
        .await
        .expect(201);
    let members = admin
        .client
        .get(&format!("/channels/{}/members", private.id))
        .await
        .expect(200)
        .json();
    assert_eq!(field(&members, "user_id").len(), 2);
    let mine = user
        .client
        .get(&format!("/users/me/teams/{}/channels", team.id))
        .await
        .expect(200)
        .json();
    let mut expected = vec![
        "off-topic".to_owned(),
        "town-square".to_owned(),
        public.name.clone(),
        private.name.clone(),
    ];
    expected.sort();
    assert_eq!(field(&mine, "name"), expected);
    let my_members = user
        .client
        .get(&format!("/users/me/teams/{}/channels/members", team.id))
        .await
        .expect(200)
        .json();
    assert_eq!(my_members.as_array().map(Vec::len), Some(4));
    // Someone outside the team cannot be added.
    let stranger = t.user(&admin, "stranger").await;
    admin
        .client
        .post(
            &format!("/channels/{}/members", public.id),
            json!({"user_id": stranger.id()}),
        )
        .await
        .expect(403);
    // Several at once.
    let a = t.user(&admin, "a").await;
    let b = t.user(&admin, "b").await;
    join(&t, &admin, &team.id, &a).await;
    join(&t, &admin, &team.id, &b).await;
    let added = admin
        .client
        .post(
            &format!("/channels/{}/members", public.id),
            json!({"user_ids": [a.id(), b.id()]}),
        )
        .await
        .expect(201)
        .json();
    assert_eq!(added.as_array().map(Vec::len), Some(2));
    let by_ids = admin
        .client
        .post(
            &format!("/channels/{}/members/ids", public.id),
            json!([a.id(), b.id(), stranger.id()]),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(by_ids.as_array().map(Vec::len), Some(2));
}

async fn leaving_and_removing_members(t: TestServer) {
    let admin = t.admin().await;
    let team = t.team(&admin).await;
    let user = t.user(&admin, "lee").await;
    let peer = t.user(&admin, "peer").await;
    join(&t, &admin, &team.id, &user).await;
    join(&t, &admin, &team.id, &peer).await;
    let ch = t.channel(&admin, &team, "P").await;
    for u in [&user, &peer] {
        admin
            .client
            .post(
                &format!("/channels/{}/members", ch.id),
                json!({"user_id": u.id()}),
            )
            .await
            .expect(201);
    }
    let town = admin
        .client
        .get(&format!("/teams/{}/channels/name/town-square", team.id))
        .await
        .json();
    user.client
        .delete(&format!(
            "/channels/{}/members/me",
            town["id"].as_str().expect("id")
        ))
        .await
        .expect_error(400, "api.channel.remove.default.app_error");
    // In Mattermost's default scheme channel members hold manage_private_channel_members, so a
    // member may remove another member.
    peer.client
        .delete(&format!("/channels/{}/members/{}", ch.id, user.id()))
        .await
        .expect(200);
    user.client
        .get(&format!("/channels/{}", ch.id))
        .await
        .expect(403);
    peer.client
        .delete(&format!("/channels/{}/members/me", ch.id))
        .await
        .expect(200);
    peer.client
        .delete(&format!("/channels/{}/members/me", ch.id))
        .await
        .expect_error(404, "app.channel.get_member.missing.app_error");
    let members = admin
        .client
        .get(&format!("/channels/{}/members", ch.id))
        .await
        .json();
    assert_eq!(field(&members, "user_id"), vec![admin.id().to_owned()]);
}

async fn updating_channels_and_who_may(t: TestServer) {
    let admin = t.admin().await;
    let team = t.team(&admin).await;
    let outsider = t.user(&admin, "outsider").await;
    let ch = t.channel(&admin, &team, "O").await;
    let patched = admin
        .client
        .put(
            &format!("/channels/{}/patch", ch.id),
            json!({"header": "New header", "purpose": "Why"}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(patched["header"], "New header");
    assert_eq!(patched["display_name"], ch.display_name);
    assert!(patched["update_at"].as_i64() > Some(ch.update_at - 1));
    outsider
        .client
        .put(
            &format!("/channels/{}/patch", ch.id),
            json!({"header": "x"}),
        )
        .await
        .expect(403);
    admin
        .client
        .put(
            &format!("/channels/{}/patch", ch.id),
            json!({"name": "off-topic"}),
        )
        .await
        .expect_error(400, "store.sql_channel.save_channel.exists.app_error");
    let town = admin
        .client
        .get(&format!("/teams/{}/channels/name/town-square", team.id))
        .await
        .json();
    let town_id = town["id"].as_str().expect("id");
    admin
        .client
        .put(
            &format!("/channels/{town_id}/patch"),
            json!({"name": "plaza"}),
        )
        .await
        .expect_error(400, "api.channel.update_channel.tried.app_error");
    let mut whole: Value = admin
        .client
        .get(&format!("/channels/{}", ch.id))
        .await
        .json();
    whole["display_name"] = json!("Whole Update");
    let updated = admin
        .client
        .put(&format!("/channels/{}", ch.id), whole)
        .await
        .expect(200)
        .json();
    assert_eq!(updated["display_name"], "Whole Update");
    assert_eq!(updated["header"], "New header");
}

async fn archiving_restoring_and_converting(t: TestServer) {
    let admin = t.admin().await;
    let team = t.team(&admin).await;
    let ch = t.channel(&admin, &team, "O").await;
    let town = admin
        .client
        .get(&format!("/teams/{}/channels/name/town-square", team.id))
        .await
        .json();
    admin
        .client
        .delete(&format!("/channels/{}", town["id"].as_str().expect("id")))
        .await
        .expect_error(400, "api.channel.delete_channel.cannot.app_error");
    admin
        .client
        .delete(&format!("/channels/{}", ch.id))
        .await
        .expect(200);
    admin
        .client
        .delete(&format!("/channels/{}", ch.id))
        .await
        .expect_error(400, "api.channel.delete_channel.deleted.app_error");
    let archived = admin
        .client
        .get(&format!("/channels/{}", ch.id))
        .await
        .expect(200)
        .json();
    assert!(archived["delete_at"].as_i64() > Some(0));
    let deleted = admin
        .client
        .get(&format!("/teams/{}/channels/deleted", team.id))
        .await
        .expect(200)
        .json();
    assert_eq!(field(&deleted, "id"), vec![ch.id.clone()]);
    let live = admin
        .client
        .get(&format!("/teams/{}/channels", team.id))
        .await
        .json();
    assert!(!field(&live, "id").contains(&ch.id));
    admin
        .client
        .get(&format!("/teams/{}/channels/name/{}", team.id, ch.name))
        .await
        .expect(404);
    admin
        .client
        .get(&format!(
            "/teams/{}/channels/name/{}?include_deleted=true",
            team.id, ch.name
        ))
        .await
        .expect(200);
    admin
        .client
        .put(
            &format!("/channels/{}/patch", ch.id),
            json!({"header": "x"}),
        )
        .await
        .expect(400);
    let mine = admin
        .client
        .get(&format!(
            "/users/me/teams/{}/channels?include_deleted=true",
            team.id
        ))
        .await
        .json();
    assert!(field(&mine, "id").contains(&ch.id));
    admin
        .client
        .post(&format!("/channels/{}/restore", ch.id), json!({}))
        .await
        .expect(200);
    admin
        .client
        .post(&format!("/channels/{}/restore", ch.id), json!({}))
        .await
        .expect_error(400, "api.channel.restore_channel.restored.app_error");
    let converted = admin
        .client
        .put(
            &format!("/channels/{}/privacy", ch.id),
            json!({"privacy": "P"}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(converted["type"], "P");
    admin
        .client
        .put(
            &format!("/channels/{}/privacy", town["id"].as_str().expect("id")),
            json!({"privacy": "P"}),
        )
        .await
        .expect(400);
    let back = admin
        .client
        .put(
            &format!("/channels/{}/privacy", ch.id),
            json!({"privacy": "O"}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(back["type"], "O");
}

async fn member_roles_and_notify_props(t: TestServer) {
    let admin = t.admin().await;
    let team = t.team(&admin).await;
    let user = t.user(&admin, "mod").await;
    join(&t, &admin, &team.id, &user).await;
    let ch = t.channel(&admin, &team, "O").await;
    admin
        .client
        .post(
            &format!("/channels/{}/members", ch.id),
            json!({"user_id": user.id()}),
        )
        .await
        .expect(201);
    user.client
        .put(
            &format!("/channels/{}/members/{}/roles", ch.id, user.id()),
            json!({"roles": "channel_user channel_admin"}),
        )
        .await
        .expect(403);
    admin
        .client
        .put(
            &format!("/channels/{}/members/{}/roles", ch.id, user.id()),
            json!({"roles": "channel_user channel_admin"}),
        )
        .await
        .expect(200);
    let m = user
        .client
        .get(&format!("/channels/{}/members/me", ch.id))
        .await
        .json();
    assert_eq!(m["roles"], "channel_user channel_admin");
    assert_eq!(m["scheme_admin"], true);
    admin
        .client
        .put(
            &format!("/channels/{}/members/{}/roles", ch.id, user.id()),
            json!({"roles": "boss"}),
        )
        .await
        .expect(400);
    user.client
        .put(
            &format!("/channels/{}/members/me/notify_props", ch.id),
            json!({"mark_unread": "mention", "desktop": "all", "custom_sound": "bing"}),
        )
        .await
        .expect(200);
    let m = user
        .client
        .get(&format!("/channels/{}/members/me", ch.id))
        .await
        .json();
    assert_eq!(m["notify_props"]["mark_unread"], "mention");
    assert_eq!(
        m["notify_props"]["custom_sound"], "bing",
        "unknown keys are kept"
    );
    assert_eq!(m["notify_props"]["push"], "default", "untouched keys stay");
    user.client
        .put(
            &format!("/channels/{}/members/me/notify_props", ch.id),
            json!({"desktop": "sometimes"}),
        )
        .await
        .expect(400);
    user.client
        .put(
            &format!("/channels/{}/members/{}/notify_props", ch.id, admin.id()),
            json!({"desktop": "all"}),
        )
        .await
        .expect(403);
}

async fn viewing_a_channel_records_the_read_time(t: TestServer) {
    let admin = t.admin().await;
    let team = t.team(&admin).await;
    let a = t.channel(&admin, &team, "O").await;
    let b = t.channel(&admin, &team, "O").await;
    let before = stoa_model::now_ms();
    let r = admin
        .client
        .post(
            "/channels/members/me/view",
            json!({"channel_id": a.id, "prev_channel_id": b.id}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(r["status"], "OK");
    let times = r["last_viewed_at_times"].as_object().expect("map");
    assert_eq!(times.len(), 2);
    assert!(times[&a.id].as_i64() >= Some(before));
    let m = admin
        .client
        .get(&format!("/channels/{}/members/me", a.id))
        .await
        .json();
    assert!(m["last_viewed_at"].as_i64() >= Some(before));
    let unread = admin
        .client
        .get(&format!("/users/me/channels/{}/unread", a.id))
        .await
        .expect(200)
        .json();
    assert_eq!(unread["msg_count"], 0);
    assert_eq!(unread["mention_count"], 0);
    assert_eq!(unread["team_id"], team.id);
    let other = t.user(&admin, "o").await;
    other
        .client
        .post(
            &format!("/channels/members/{}/view", admin.id()),
            json!({"channel_id": a.id}),
        )
        .await
        .expect(403);
    admin
        .client
        .post("/channels/members/me/view", json!({"channel_id": "bad"}))
        .await
        .expect(400);
}

async fn channel_search_and_autocomplete(t: TestServer) {
    let admin = t.admin().await;
    let team = t.team(&admin).await;
    for (name, kind) in [
        ("design-review", "O"),
        ("design-private", "P"),
        ("ops", "O"),
    ] {
        admin
            .client
            .post(
                "/channels",
                json!({"team_id": team.id, "name": name, "display_name": name, "type": kind}),
            )
            .await
            .expect(201);
    }
    let user = t.user(&admin, "finder").await;
    join(&t, &admin, &team.id, &user).await;
    let found = user
        .client
        .post(
            &format!("/teams/{}/channels/search", team.id),
            json!({"term": "design"}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(
        field(&found, "name"),
        vec!["design-review"],
        "private channels of others are not found"
    );
    let ac = admin
        .client
        .get(&format!(
            "/teams/{}/channels/autocomplete?name=design",
            team.id
        ))
        .await
        .expect(200)
        .json();
    assert_eq!(field(&ac, "name"), vec!["design-private", "design-review"]);
    let mine = user
        .client
        .get(&format!(
            "/teams/{}/channels/search_autocomplete?name=town",
            team.id
        ))
        .await
        .expect(200)
        .json();
    assert_eq!(field(&mine, "name"), vec!["town-square"]);
    let all = admin
        .client
        .get("/users/me/channels")
        .await
        .expect(200)
        .json();
    assert!(
        all.as_array()
            .expect("array")
            .iter()
            .all(|c| c["team_name"] == team.name)
    );
    let ids: Vec<String> = field(&ac, "id");
    let by_ids = user
        .client
        .post(&format!("/teams/{}/channels/ids", team.id), json!(ids))
        .await
        .expect(200)
        .json();
    assert_eq!(field(&by_ids, "name"), vec!["design-review"]);
}

api_test!(
    creating_public_and_private_channels,
    invalid_channels_are_refused,
    members_join_public_channels_and_are_added_to_private_ones,
    leaving_and_removing_members,
    updating_channels_and_who_may,
    archiving_restoring_and_converting,
    member_roles_and_notify_props,
    viewing_a_channel_records_the_read_time,
    channel_search_and_autocomplete,
);
