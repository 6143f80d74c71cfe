//! Unread and mention counters, as Mattermost keeps them per channel member and per team.

use serde_json::json;
use stoa_model::post::PostList;
use stoa_tests::messaging::{Room, say, unread, view};
use stoa_tests::{Fixture, TestServer, api_test};

async fn messages_count_as_unread_until_viewed(t: TestServer) {
    let r = Room::new(&t).await;
    view(&r.alice.client, &r.channel.id).await;
    view(&r.bob.client, &r.channel.id).await;
    for i in 0..3 {
        say(&r.bob.client, &r.channel.id, &format!("news {i}")).await;
    }
    let u = unread(&r.alice.client, &r.channel.id).await;
    assert_eq!(u["msg_count"], 3);
    assert_eq!(u["msg_count_root"], 3);
    assert_eq!(u["mention_count"], 0);
    assert_eq!(
        unread(&r.bob.client, &r.channel.id).await["msg_count"],
        0,
        "own posts are read"
    );
    view(&r.alice.client, &r.channel.id).await;
    assert_eq!(unread(&r.alice.client, &r.channel.id).await["msg_count"], 0);
    let m = r
        .alice
        .client
        .get(&format!("/channels/{}/members/me", r.channel.id))
        .await
        .json();
    let ch = r
        .alice
        .client
        .get(&format!("/channels/{}", r.channel.id))
        .await
        .json();
    assert_eq!(
        m["msg_count"], ch["total_msg_count"],
        "seen = total after viewing"
    );
}

async fn mentions_are_counted_for_the_mentioned_only(t: TestServer) {
    let r = Room::new(&t).await;
    for c in [&r.alice, &r.bob, &r.admin] {
        view(&c.client, &r.channel.id).await;
    }
    say(
        &r.bob.client,
        &r.channel.id,
        &format!("hey @{} look", r.alice.user.username),
    )
    .await;
    say(
        &r.bob.client,
        &r.channel.id,
        &format!("again @{}.", r.alice.user.username),
    )
    .await;
    say(
        &r.bob.client,
        &r.channel.id,
        &format!("and `@{}` in code", r.alice.user.username),
    )
    .await;
    let a = unread(&r.alice.client, &r.channel.id).await;
    assert_eq!(a["mention_count"], 2);
    assert_eq!(a["mention_count_root"], 2);
    assert_eq!(
        unread(&r.admin.client, &r.channel.id).await["mention_count"],
        0
    );
    // Custom mention keys and first names, as the user sets them.
    r.admin.client.put("/users/me/patch", json!({"notify_props": {"mention_keys": "deploy", "first_name": "true", "channel": "true"}})).await.expect(200);
    say(&r.bob.client, &r.channel.id, "time to Deploy").await;
    assert_eq!(
        unread(&r.admin.client, &r.channel.id).await["mention_count"],
        1
    );
    view(&r.alice.client, &r.channel.id).await;
    assert_eq!(
        unread(&r.alice.client, &r.channel.id).await["mention_count"],
        0
    );
}

async fn channel_wide_mentions_follow_permissions_and_preferences(t: TestServer) {
    let r = Room::new(&t).await;
    for c in [&r.alice, &r.bob, &r.admin] {
        view(&c.client, &r.channel.id).await;
    }
    r.alice
        .client
        .put(
            &format!("/channels/{}/members/me/notify_props", r.channel.id),
            json!({"ignore_channel_mentions": "on"}),
        )
        .await
        .expect(200);
    say(&r.bob.client, &r.channel.id, "@channel meeting now").await;
    assert_eq!(
        unread(&r.admin.client, &r.channel.id).await["mention_count"],
        1
    );
    assert_eq!(
        unread(&r.alice.client, &r.channel.id).await["mention_count"],
        0,
        "alice ignores channel mentions here"
    );
    assert_eq!(
        unread(&r.bob.client, &r.channel.id).await["mention_count"],
        0,
        "never the sender"
    );
    // Over the configured member count, @channel notifies nobody.
    r.admin
        .client
        .put(
            "/config/patch",
            json!({"TeamSettings": {"MaxNotificationsPerChannel": 2}}),
        )
        .await
        .expect(200);
    say(&r.bob.client, &r.channel.id, "@all again").await;
    assert_eq!(
        unread(&r.admin.client, &r.channel.id).await["mention_count"],
        1
    );
}

async fn every_direct_message_is_a_mention(t: TestServer) {
    let r = Room::new(&t).await;
    let dm = r
        .alice
        .client
        .post("/channels/direct", json!([r.alice.id(), r.bob.id()]))
        .await
        .expect(201)
        .json();
    let dm_id = dm["id"].as_str().expect("id");
    say(&r.alice.client, dm_id, "psst").await;
    say(&r.alice.client, dm_id, "psst again").await;
    let u = unread(&r.bob.client, dm_id).await;
    assert_eq!(
        (u["msg_count"].as_i64(), u["mention_count"].as_i64()),
        (Some(2), Some(2))
    );
    assert_eq!(unread(&r.alice.client, dm_id).await["mention_count"], 0);
}

async fn team_unreads_sum_channels_and_skip_muted_ones(t: TestServer) {
    let r = Room::new(&t).await;
    let muted = t.channel(&r.admin, &r.team, "O").await;
    r.admin
        .client
        .post(
            &format!("/channels/{}/members", muted.id),
            json!({"user_id": r.alice.id()}),
        )
        .await
        .expect(201);
    // Start from a clean slate for alice.
    for ch in r
        .alice
        .client
        .get(&format!("/users/me/teams/{}/channels", r.team.id))
        .await
        .json()
        .as_array()
        .expect("array")
    {
        view(&r.alice.client, ch["id"].as_str().expect("id")).await;
    }
    r.alice
        .client
        .put(
            &format!("/channels/{}/members/me/notify_props", muted.id),
            json!({"mark_unread": "mention"}),
        )
        .await
        .expect(200);
    say(&r.bob.client, &r.channel.id, "one").await;
    say(&r.admin.client, &muted.id, "quiet").await;
    say(
        &r.admin.client,
        &muted.id,
        &format!("but @{} here", r.alice.user.username),
    )
    .await;
    let teams = r
        .alice
        .client
        .get("/users/me/teams/unread")
        .await
        .expect(200)
        .json();
    let team = teams
        .as_array()
        .expect("array")
        .iter()
        .find(|u| u["team_id"] == r.team.id)
        .expect("team");
    assert_eq!(
        team["msg_count"], 1,
        "the muted channel's messages do not count"
    );
    assert_eq!(team["mention_count"], 1, "its mentions still do");
    let one = r
        .alice
        .client
        .get(&format!("/users/me/teams/{}/unread", r.team.id))
        .await
        .expect(200)
        .json();
    assert_eq!(one["msg_count"], 1);
    let excluded = r
        .alice
        .client
        .get(&format!(
            "/users/me/teams/unread?exclude_team={}",
            r.team.id
        ))
        .await
        .json();
    assert!(
        excluded
            .as_array()
            .expect("array")
            .iter()
            .all(|u| u["team_id"] != r.team.id)
    );
    r.bob
        .client
        .get(&format!("/users/{}/teams/unread", r.alice.id()))
        .await
        .expect(403);
}

async fn marking_unread_from_a_post(t: TestServer) {
    let r = Room::new(&t).await;
    view(&r.alice.client, &r.channel.id).await;
    let first = say(&r.bob.client, &r.channel.id, "one").await;
    say(
        &r.bob.client,
        &r.channel.id,
        &format!("two @{}", r.alice.user.username),
    )
    .await;
    say(&r.bob.client, &r.channel.id, "three").await;
    view(&r.alice.client, &r.channel.id).await;
    assert_eq!(unread(&r.alice.client, &r.channel.id).await["msg_count"], 0);
    let at = r
        .alice
        .client
        .post(
            &format!("/users/me/posts/{}/set_unread", first.id),
            json!({}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(at["msg_count"], 3);
    assert_eq!(at["mention_count"], 1);
    assert_eq!(at["last_viewed_at"], first.create_at - 1);
    assert_eq!(at["channel_id"], r.channel.id);
    let u = unread(&r.alice.client, &r.channel.id).await;
    assert_eq!(
        (u["msg_count"].as_i64(), u["mention_count"].as_i64()),
        (Some(3), Some(1))
    );
    // The posts around the first unread one.
    let around: PostList = r
        .alice
        .client
        .get(&format!(
            "/users/me/channels/{}/posts/unread?limit_before=1&limit_after=2",
            r.channel.id
        ))
        .await
        .expect(200)
        .parse();
    let msgs: Vec<&str> = around
        .order
        .iter()
        .map(|id| around.posts[id].message.as_str())
        .collect();
    assert_eq!(
        msgs[..2],
        [format!("two @{}", r.alice.user.username).as_str(), "one"],
        "the first unread posts, newest first"
    );
    assert_eq!(around.order.len(), 3, "two after plus one before");
    assert_ne!(
        around.next_post_id, "",
        "more unread posts after the window"
    );
    r.bob
        .client
        .post(
            &format!("/users/{}/posts/{}/set_unread", r.alice.id(), first.id),
            json!({}),
        )
        .await
        .expect(403);
}

async fn counters_stay_exact_under_concurrent_posting(t: TestServer) {
    let r = Room::new(&t).await;
    view(&r.alice.client, &r.channel.id).await;
    let mut tasks = Vec::new();
    for i in 0..30 {
        let client = if i % 2 == 0 {
            r.bob.client.clone()
        } else {
            r.admin.client.clone()
        };
        let channel = r.channel.id.clone();
        let name = r.alice.user.username.clone();
        tasks.push(tokio::spawn(async move {
            let msg = if i % 3 == 0 {
                format!("@{name} ping {i}")
            } else {
                format!("msg {i}")
            };
            client
                .post("/posts", json!({"channel_id": channel, "message": msg}))
                .await
                .expect(201);
        }));
    }
    for task in tasks {
        task.await.expect("post task");
    }
    let u = unread(&r.alice.client, &r.channel.id).await;
    assert_eq!(u["msg_count"], 30);
    assert_eq!(u["mention_count"], 10);
}

api_test!(
    messages_count_as_unread_until_viewed,
    mentions_are_counted_for_the_mentioned_only,
    channel_wide_mentions_follow_permissions_and_preferences,
    every_direct_message_is_a_mention,
    team_unreads_sum_channels_and_skip_muted_ones,
    marking_unread_from_a_post,
    counters_stay_exact_under_concurrent_posting,
);
