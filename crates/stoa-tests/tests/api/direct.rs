//! Direct and group messages.

use serde_json::json;
use stoa_model::channel::Channel;
use stoa_tests::{Fixture, TestServer, api_test};

async fn a_direct_channel_is_made_once_for_both_users(t: TestServer) {
    let admin = t.admin().await;
    let a = t.user(&admin, "a").await;
    let b = t.user(&admin, "b").await;
    let ch: Channel = a
        .client
        .post("/channels/direct", json!([a.id(), b.id()]))
        .await
        .expect(201)
        .parse();
    assert_eq!(ch.channel_type, "D");
    assert_eq!(ch.team_id, "");
    assert_eq!(ch.display_name, "");
    let mut sorted = [a.id().to_owned(), b.id().to_owned()];
    sorted.sort();
    assert_eq!(ch.name, format!("{}__{}", sorted[0], sorted[1]));
    // The other way round, by the other user: the same channel (still 201, as Mattermost).
    let again: Channel = b
        .client
        .post("/channels/direct", json!([b.id(), a.id()]))
        .await
        .expect(201)
        .parse();
    assert_eq!(again.id, ch.id);
    let members = a
        .client
        .get(&format!("/channels/{}/members", ch.id))
        .await
        .expect(200)
        .json();
    assert_eq!(members.as_array().map(Vec::len), Some(2));
    // DMs show up in every team's channel list of both users.
    let team = t.team(&a).await;
    let mine = a
        .client
        .get(&format!("/users/me/teams/{}/channels", team.id))
        .await
        .expect(200)
        .json();
    assert!(
        mine.as_array()
            .expect("array")
            .iter()
            .any(|c| c["id"] == ch.id)
    );
    // Nobody else reads it.
    let c = t.user(&admin, "c").await;
    c.client
        .get(&format!("/channels/{}", ch.id))
        .await
        .expect(403);
    c.client
        .get(&format!("/channels/{}/members", ch.id))
        .await
        .expect(403);
    // Only participants (or admins) open a DM between two users.
    c.client
        .post("/channels/direct", json!([a.id(), b.id()]))
        .await
        .expect(403);
    // Members cannot be added to or removed from a DM, nor can it be archived.
    a.client
        .post(
            &format!("/channels/{}/members", ch.id),
            json!({"user_id": c.id()}),
        )
        .await
        .expect(400);
    a.client
        .delete(&format!("/channels/{}/members/{}", ch.id, b.id()))
        .await
        .expect(400);
    a.client
        .delete(&format!("/channels/{}", ch.id))
        .await
        .expect_error(400, "api.channel.delete_channel.type.invalid");
    // Its header is anyone-in-it's to set; its name is not.
    a.client
        .put(
            &format!("/channels/{}/patch", ch.id),
            json!({"header": "our dm"}),
        )
        .await
        .expect(200);
    a.client
        .put(
            &format!("/channels/{}/patch", ch.id),
            json!({"name": "renamed"}),
        )
        .await
        .expect(400);
}

async fn a_self_dm_and_bad_direct_requests(t: TestServer) {
    let admin = t.admin().await;
    let me: Channel = admin
        .client
        .post("/channels/direct", json!([admin.id(), admin.id()]))
        .await
        .expect(201)
        .parse();
    assert_eq!(me.name, format!("{0}__{0}", admin.id()));
    admin
        .client
        .post("/channels/direct", json!([admin.id()]))
        .await
        .expect(400);
    admin
        .client
        .post("/channels/direct", json!([admin.id(), "nope"]))
        .await
        .expect(400);
    admin
        .client
        .post(
            "/channels/direct",
            json!([admin.id(), stoa_model::new_id()]),
        )
        .await
        .expect_error(
            400,
            "api.channel.create_direct_channel.invalid_user.app_error",
        );
}

async fn restricted_direct_messages_need_a_shared_team(t: TestServer) {
    let admin = t.admin().await;
    admin
        .client
        .put(
            "/config/patch",
            json!({"TeamSettings": {"RestrictDirectMessage": "team"}}),
        )
        .await
        .expect(200);
    let a = t.user(&admin, "a").await;
    let b = t.user(&admin, "b").await;
    a.client
        .post("/channels/direct", json!([a.id(), b.id()]))
        .await
        .expect_error(
            403,
            "api.channel.create_direct_channel.team_restricted_error",
        );
    let team = t.team(&admin).await;
    for u in [&a, &b] {
        admin
            .client
            .post(
                &format!("/teams/{}/members", team.id),
                json!({"team_id": team.id, "user_id": u.id()}),
            )
            .await
            .expect(201);
    }
    a.client
        .post("/channels/direct", json!([a.id(), b.id()]))
        .await
        .expect(201);
}

async fn group_channels_for_three_to_eight(t: TestServer) {
    let admin = t.admin().await;
    let mut users = Vec::new();
    for n in ["gary", "gina", "gus"] {
        users.push(t.user(&admin, n).await);
    }
    // The caller is added when not listed.
    let ids = json!([users[1].id(), users[2].id()]);
    let ch: Channel = users[0]
        .client
        .post("/channels/group", ids)
        .await
        .expect(201)
        .parse();
    assert_eq!(ch.channel_type, "G");
    assert_eq!(ch.name.len(), 40, "hex SHA-1 of the member ids");
    let mut names: Vec<String> = users.iter().map(|u| u.user.username.clone()).collect();
    names.sort();
    assert_eq!(ch.display_name, names.join(", "));
    let again: Channel = users[2]
        .client
        .post(
            "/channels/group",
            json!([users[0].id(), users[1].id(), users[2].id()]),
        )
        .await
        .expect(201)
        .parse();
    assert_eq!(again.id, ch.id);
    let members = users[1]
        .client
        .get(&format!("/channels/{}/members", ch.id))
        .await
        .expect(200)
        .json();
    assert_eq!(members.as_array().map(Vec::len), Some(3));
    // Two people are a DM, nine are too many.
    users[0]
        .client
        .post("/channels/group", json!([users[1].id()]))
        .await
        .expect_error(400, "api.channel.create_group.bad_size.app_error");
    let mut nine = Vec::new();
    for i in 0..8 {
        nine.push(t.user(&admin, &format!("n{i}")).await.user.id);
    }
    users[0]
        .client
        .post("/channels/group", json!(nine))
        .await
        .expect_error(400, "api.channel.create_group.bad_size.app_error");
    // A member may leave a group message.
    users[2]
        .client
        .delete(&format!("/channels/{}/members/me", ch.id))
        .await
        .expect(200);
    users[2]
        .client
        .get(&format!("/channels/{}", ch.id))
        .await
        .expect(403);
}

api_test!(
    a_direct_channel_is_made_once_for_both_users,
    a_self_dm_and_bad_direct_requests,
    restricted_direct_messages_need_a_shared_team,
    group_channels_for_three_to_eight,
);
