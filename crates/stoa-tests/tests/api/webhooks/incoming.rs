//! Incoming hooks: who may manage them, and what posting to one does.

use serde_json::json;
use stoa_tests::messaging::{Room, channel_posts};
use stoa_tests::{Fixture, TestServer, api_test};

use super::{incoming_hook, make_team_admin, newest, patch_config, send_json, send_to_hook};

async fn team_admins_manage_their_hooks_and_users_cannot(t: TestServer) {
    let r = Room::new(&t).await;
    // Team users may not make hooks; team admins may.
    r.bob
        .client
        .post("/hooks/incoming", json!({"channel_id": r.channel.id}))
        .await
        .expect_error(403, "api.context.permissions.app_error");
    make_team_admin(&r.admin, &r.team.id, r.alice.id()).await;
    let hook = incoming_hook(
        &r.alice.client,
        &r.channel.id,
        json!({"description": "builds", "channel_locked": true}),
    )
    .await;
    let id = hook["id"].as_str().expect("id").to_string();
    assert_eq!(id.len(), 26);
    assert_eq!(hook["user_id"], r.alice.id());
    assert_eq!(hook["team_id"], r.team.id.as_str());
    assert_eq!(hook["channel_locked"], true);
    assert_eq!(hook["delete_at"], 0);

    // Listed for the team to its admins; not to a team user.
    let listed = r
        .alice
        .client
        .get(&format!("/hooks/incoming?team_id={}", r.team.id))
        .await
        .expect(200)
        .json();
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    r.bob
        .client
        .get(&format!("/hooks/incoming?team_id={}", r.team.id))
        .await
        .expect_error(403, "api.context.permissions.app_error");
    r.bob
        .client
        .get(&format!("/hooks/incoming/{id}"))
        .await
        .expect(403);

    // Updated (201, as Mattermost answers); never moved to another team's channel.
    let updated = r
        .alice
        .client
        .put(
            &format!("/hooks/incoming/{id}"),
            json!({"id": id, "channel_id": r.channel.id, "display_name": "Deploys"}),
        )
        .await
        .expect(201)
        .json();
    assert_eq!(updated["display_name"], "Deploys");
    assert_eq!(updated["create_at"], hook["create_at"]);
    let elsewhere = t.team(&r.admin).await;
    let foreign = t.channel(&r.admin, &elsewhere, "O").await;
    r.admin
        .client
        .put(
            &format!("/hooks/incoming/{id}"),
            json!({"id": id, "channel_id": foreign.id}),
        )
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
    r.alice
        .client
        .put(
            &format!("/hooks/incoming/{id}"),
            json!({"id": "x".repeat(26), "channel_id": r.channel.id}),
        )
        .await
        .expect(400);

    // A private channel the admin-to-be cannot read is refused.
    let secret = t.channel(&r.admin, &r.team, "P").await;
    r.alice
        .client
        .post("/hooks/incoming", json!({"channel_id": secret.id}))
        .await
        .expect_error(403, "api.context.permissions.app_error");

    // Deleted: gone for reads and for senders.
    r.alice
        .client
        .delete(&format!("/hooks/incoming/{id}"))
        .await
        .expect(200);
    r.alice
        .client
        .get(&format!("/hooks/incoming/{id}"))
        .await
        .expect_error(404, "app.webhooks.get_incoming.app_error");
    send_json(&t, &id, json!({"text": "late"}))
        .await
        .expect_error(400, "web.incoming_webhook.invalid.app_error");
}

async fn a_hook_posts_what_a_service_sends(t: TestServer) {
    let r = Room::new(&t).await;
    let hook = incoming_hook(&r.admin.client, &r.channel.id, json!({})).await;
    let id = hook["id"].as_str().expect("id");
    let resp = send_json(
        &t,
        id,
        json!({"text": format!("<!channel> build <https://ci.example/1|#1> passed for <@{}>", r.alice.id())}),
    )
    .await
    .expect(200);
    assert_eq!(resp.text(), "ok");
    let post = newest(&r.bob.client, &r.channel.id).await;
    assert_eq!(
        post.message,
        format!(
            "@channel build [#1](https://ci.example/1) passed for @{}",
            r.alice.user.username
        )
    );
    assert_eq!(post.user_id, r.admin.id());
    assert_eq!(post.props["from_webhook"], "true");
    assert_eq!(post.props["webhook_display_name"], "CI");
    // Overrides are off by default: no name or icon from the payload shows.
    assert!(post.props.get("override_username").is_none());

    // Slack's form encoding, and the overrides once the admin allows them.
    patch_config(
        &r.admin,
        json!({"ServiceSettings": {"EnablePostUsernameOverride": true, "EnablePostIconOverride": true}}),
    )
    .await;
    send_to_hook(
        &t,
        id,
        "application/x-www-form-urlencoded",
        b"payload=%7B%22text%22%3A%22from+a+form%22%2C%22username%22%3A%22jenkins%22%2C%22icon_url%22%3A%22https%3A%2F%2Fci.example%2Fj.png%22%7D",
    )
    .await
    .expect(200);
    let post = newest(&r.bob.client, &r.channel.id).await;
    assert_eq!(post.message, "from a form");
    assert_eq!(post.props["override_username"], "jenkins");
    assert_eq!(post.props["override_icon_url"], "https://ci.example/j.png");

    // Another channel of the team by name, and a direct message by @username.
    let other = t.channel(&r.admin, &r.team, "O").await;
    send_json(
        &t,
        id,
        json!({"text": "over there", "channel": format!("#{}", other.name)}),
    )
    .await
    .expect(200);
    assert_eq!(
        newest(&r.admin.client, &other.id).await.message,
        "over there"
    );
    send_json(
        &t,
        id,
        json!({"text": "psst", "channel": format!("@{}", r.bob.user.username)}),
    )
    .await
    .expect(200);
    let dm = r
        .bob
        .client
        .post("/channels/direct", json!([r.bob.id(), r.admin.id()]))
        .await
        .json();
    let dm_id = dm["id"].as_str().expect("dm id");
    assert_eq!(newest(&r.bob.client, dm_id).await.message, "psst");

    // A message longer than a post is split in order.
    let long = "x".repeat(16383 + 10);
    send_json(&t, id, json!({"text": long})).await.expect(200);
    let list = channel_posts(&r.bob.client, &r.channel.id, "").await;
    let lengths: Vec<usize> = list.order[..2]
        .iter()
        .map(|p| list.posts[p].message.chars().count())
        .collect();
    assert_eq!(lengths, vec![10, 16383]);
}

async fn bad_payloads_are_refused_and_post_nothing(t: TestServer) {
    let r = Room::new(&t).await;
    let hook = incoming_hook(
        &r.admin.client,
        &r.channel.id,
        json!({"channel_locked": true}),
    )
    .await;
    let id = hook["id"].as_str().expect("id");
    let before = channel_posts(&r.bob.client, &r.channel.id, "")
        .await
        .order
        .len();
    send_to_hook(&t, id, "application/json", b"{not json")
        .await
        .expect_error(400, "web.incoming_webhook.parse.app_error");
    send_json(&t, id, json!({"username": "x"}))
        .await
        .expect_error(400, "web.incoming_webhook.text.app_error");
    send_json(&t, "nosuchhooknosuchhooknosuch", json!({"text": "x"}))
        .await
        .expect_error(400, "web.incoming_webhook.invalid.app_error");
    send_json(&t, id, json!({"text": "x", "channel": "no-such-channel"}))
        .await
        .expect_error(404, "web.incoming_webhook.channel.app_error");
    let other = t.channel(&r.admin, &r.team, "O").await;
    send_json(&t, id, json!({"text": "x", "channel": other.name}))
        .await
        .expect_error(403, "web.incoming_webhook.channel_locked.app_error");
    send_json(&t, id, json!({"text": "x", "type": "system_join_channel"}))
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
    send_json(&t, id, json!({"text": "nul \u{0000} inside"}))
        .await
        .expect_error(400, "web.incoming_webhook.parse.app_error");
    let after = channel_posts(&r.bob.client, &r.channel.id, "")
        .await
        .order
        .len();
    assert_eq!(before, after, "nothing was posted");

    // Switched off by the admin: 501, nothing posted.
    patch_config(
        &r.admin,
        json!({"ServiceSettings": {"EnableIncomingWebhooks": false}}),
    )
    .await;
    send_json(&t, id, json!({"text": "x"}))
        .await
        .expect_error(501, "web.incoming_webhook.disabled.app_error");
    r.admin
        .client
        .get(&format!("/hooks/incoming/{id}"))
        .await
        .expect_error(501, "api.incoming_webhook.disabled.app_error");
}

async fn a_flooding_sender_is_slowed_per_hook(t: TestServer) {
    let r = Room::new(&t).await;
    let noisy = incoming_hook(&r.admin.client, &r.channel.id, json!({})).await;
    let calm = incoming_hook(&r.admin.client, &r.channel.id, json!({})).await;
    let noisy = noisy["id"].as_str().expect("id");
    // All at once, so that how fast the machine answers does not refill the budget meanwhile:
    // 120 posts against a burst of 30 must meet the limit.
    let sends = (0..120).map(|i| send_json(&t, noisy, json!({"text": format!("spam {i}")})));
    let statuses: Vec<u16> = futures_util::future::join_all(sends)
        .await
        .iter()
        .map(|r| r.status)
        .collect();
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 429),
        "only posted or limited: {statuses:?}"
    );
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert!(limited > 0, "a flood of 120 posts at once is limited");
    assert!(statuses.contains(&200), "the burst itself is posted");
    // Another hook is not affected.
    send_json(
        &t,
        calm["id"].as_str().expect("id"),
        json!({"text": "calm"}),
    )
    .await
    .expect(200);
}

api_test!(
    team_admins_manage_their_hooks_and_users_cannot,
    a_hook_posts_what_a_service_sends,
    bad_payloads_are_refused_and_post_nothing,
    a_flooding_sender_is_slowed_per_hook,
);
