//! Collapsed reply threads: who follows, unread replies and mentions, read marks.

use serde_json::{Value, json};
use stoa_tests::messaging::{Room, reply, say};
use stoa_tests::{TestServer, api_test};

async fn threads_of(client: &stoa_tests::ApiClient, team_id: &str, query: &str) -> Value {
    client
        .get(&format!("/users/me/teams/{team_id}/threads?{query}"))
        .await
        .expect(200)
        .json()
}

async fn authors_repliers_and_mentioned_users_follow(t: TestServer) {
    let r = Room::new(&t).await;
    let root = say(&r.alice.client, &r.channel.id, "root by alice").await;
    reply(
        &r.bob.client,
        &root,
        &format!("bob replies and pings @{}", r.admin.user.username),
    )
    .await;
    for (who, name) in [(&r.alice, "alice"), (&r.bob, "bob"), (&r.admin, "admin")] {
        let list = threads_of(&who.client, &r.team.id, "").await;
        assert_eq!(list["total"], 1, "{name} follows the thread");
        assert_eq!(list["threads"][0]["id"], root.id);
        assert_eq!(list["threads"][0]["reply_count"], 1);
        assert_eq!(list["threads"][0]["post"]["message"], "root by alice");
    }
    let alice = threads_of(&r.alice.client, &r.team.id, "").await;
    assert_eq!(alice["threads"][0]["unread_replies"], 1);
    assert_eq!(alice["total_unread_threads"], 1);
    let bob = threads_of(&r.bob.client, &r.team.id, "").await;
    assert_eq!(
        bob["threads"][0]["unread_replies"], 0,
        "his own reply is read"
    );
    let admin = threads_of(&r.admin.client, &r.team.id, "").await;
    assert_eq!(admin["threads"][0]["unread_mentions"], 1);
    assert_eq!(admin["total_unread_mentions"], 1);
    // Participants: ids only unless extended.
    assert_eq!(alice["threads"][0]["participants"][0]["id"], r.bob.id());
    assert_eq!(alice["threads"][0]["participants"][0]["username"], "");
    let ext = threads_of(&r.alice.client, &r.team.id, "extended=true").await;
    assert_eq!(
        ext["threads"][0]["participants"][0]["username"],
        r.bob.user.username
    );
    let totals = threads_of(&r.alice.client, &r.team.id, "totalsOnly=true").await;
    assert_eq!(totals["threads"], json!([]));
    assert_eq!(totals["total"], 1);
}

async fn reading_unfollowing_and_marking_unread(t: TestServer) {
    let r = Room::new(&t).await;
    let root = say(&r.alice.client, &r.channel.id, "root").await;
    let first = reply(&r.bob.client, &root, "one").await;
    let second = reply(
        &r.bob.client,
        &root,
        &format!("two @{}", r.alice.user.username),
    )
    .await;
    let base = format!("/users/me/teams/{}/threads/{}", r.team.id, root.id);
    let one = r.alice.client.get(&base).await.expect(200).json();
    assert_eq!(
        (
            one["unread_replies"].as_i64(),
            one["unread_mentions"].as_i64()
        ),
        (Some(2), Some(1))
    );
    let read = r
        .alice
        .client
        .put(&format!("{base}/read/{}", second.create_at), json!({}))
        .await
        .expect(200)
        .json();
    assert_eq!(
        (
            read["unread_replies"].as_i64(),
            read["unread_mentions"].as_i64()
        ),
        (Some(0), Some(0))
    );
    let unread = r
        .alice
        .client
        .post(&format!("{base}/set_unread/{}", first.id), json!({}))
        .await
        .expect(200)
        .json();
    assert_eq!(unread["unread_replies"], 2);
    assert_eq!(
        unread["unread_mentions"], 1,
        "the mention after the mark counts again"
    );
    assert_eq!(
        threads_of(&r.alice.client, &r.team.id, "unread=true").await["threads"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    r.alice
        .client
        .put(
            &format!("/users/me/teams/{}/threads/read", r.team.id),
            json!({}),
        )
        .await
        .expect(200);
    assert_eq!(
        threads_of(&r.alice.client, &r.team.id, "unread=true").await["threads"],
        json!([])
    );
    // Unfollow: gone from the list, and a new reply does not bring it back.
    r.alice
        .client
        .delete(&format!("{base}/following"))
        .await
        .expect(200);
    assert_eq!(
        threads_of(&r.alice.client, &r.team.id, "").await["total"],
        0
    );
    reply(&r.bob.client, &root, "three").await;
    assert_eq!(
        threads_of(&r.alice.client, &r.team.id, "").await["total"],
        0
    );
    r.alice
        .client
        .put(&format!("{base}/following"), json!({}))
        .await
        .expect(200);
    assert_eq!(
        threads_of(&r.alice.client, &r.team.id, "").await["total"],
        1
    );
    // Others' threads lists are private.
    r.bob
        .client
        .get(&format!(
            "/users/{}/teams/{}/threads",
            r.alice.id(),
            r.team.id
        ))
        .await
        .expect(403);
}

async fn team_unreads_include_threads_when_asked(t: TestServer) {
    let r = Room::new(&t).await;
    let root = say(&r.alice.client, &r.channel.id, "root").await;
    reply(
        &r.bob.client,
        &root,
        &format!("hi @{}", r.alice.user.username),
    )
    .await;
    let teams = r
        .alice
        .client
        .get("/users/me/teams/unread?include_collapsed_threads=true")
        .await
        .expect(200)
        .json();
    let team = teams
        .as_array()
        .expect("array")
        .iter()
        .find(|u| u["team_id"] == r.team.id)
        .expect("team")
        .clone();
    assert_eq!(team["thread_count"], 1);
    assert_eq!(team["thread_mention_count"], 1);
}

async fn paging_threads_by_last_reply(t: TestServer) {
    let r = Room::new(&t).await;
    let mut roots = Vec::new();
    for i in 0..3 {
        let root = say(&r.alice.client, &r.channel.id, &format!("root {i}")).await;
        reply(&r.bob.client, &root, "reply").await;
        roots.push(root);
    }
    let page = threads_of(&r.alice.client, &r.team.id, "per_page=2").await;
    let ids: Vec<&str> = page["threads"]
        .as_array()
        .expect("array")
        .iter()
        .map(|t| t["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        vec![roots[2].id.as_str(), roots[1].id.as_str()],
        "latest reply first"
    );
    let rest = threads_of(
        &r.alice.client,
        &r.team.id,
        &format!("per_page=2&before={}", roots[1].id),
    )
    .await;
    assert_eq!(rest["threads"][0]["id"], roots[0].id);
}

api_test!(
    authors_repliers_and_mentioned_users_follow,
    reading_unfollowing_and_marking_unread,
    team_unreads_include_threads_when_asked,
    paging_threads_by_last_reply,
);
