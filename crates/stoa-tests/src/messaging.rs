//! Helpers for tests that post: a team with two members and a channel, and short calls.

use serde_json::{Value, json};
use stoa_model::channel::Channel;
use stoa_model::post::{Post, PostList};
use stoa_model::team::Team;

use crate::{ApiClient, Fixture, TestServer, TestUser};

/// An admin, two users (alice, bob) in one team, and a public channel all three are in.
pub struct Room {
    pub admin: TestUser,
    pub alice: TestUser,
    pub bob: TestUser,
    pub team: Team,
    pub channel: Channel,
}

impl Room {
    pub async fn new(t: &TestServer) -> Room {
        Self::with_channel_type(t, "O").await
    }

    pub async fn with_channel_type(t: &TestServer, kind: &str) -> Room {
        let admin = t.admin().await;
        let alice = t.user(&admin, "alice").await;
        let bob = t.user(&admin, "bob").await;
        let team = t.team(&admin).await;
        for u in [&alice, &bob] {
            admin
                .client
                .post(
                    &format!("/teams/{}/members", team.id),
                    json!({"team_id": team.id, "user_id": u.id()}),
                )
                .await
                .expect(201);
        }
        let channel = t.channel(&admin, &team, kind).await;
        for u in [&alice, &bob] {
            admin
                .client
                .post(
                    &format!("/channels/{}/members", channel.id),
                    json!({"user_id": u.id()}),
                )
                .await
                .expect(201);
        }
        Room {
            admin,
            alice,
            bob,
            team,
            channel,
        }
    }
}

/// `by` adds `user_id` to a channel (201).
pub async fn add_to_channel(by: &ApiClient, channel_id: &str, user_id: &str) {
    by.post(
        &format!("/channels/{channel_id}/members"),
        json!({"user_id": user_id}),
    )
    .await
    .expect(201);
}

/// `by` adds `user_id` to a team (201).
pub async fn add_to_team(by: &ApiClient, team_id: &str, user_id: &str) {
    by.post(
        &format!("/teams/{team_id}/members"),
        json!({"team_id": team_id, "user_id": user_id}),
    )
    .await
    .expect(201);
}

/// Posts a message (201) and returns the post.
pub async fn say(client: &ApiClient, channel_id: &str, message: &str) -> Post {
    client
        .post(
            "/posts",
            json!({"channel_id": channel_id, "message": message}),
        )
        .await
        .expect(201)
        .parse()
}

/// Replies in a thread (201).
pub async fn reply(client: &ApiClient, root: &Post, message: &str) -> Post {
    client
        .post(
            "/posts",
            json!({"channel_id": root.channel_id, "root_id": root.id, "message": message}),
        )
        .await
        .expect(201)
        .parse()
}

/// `GET /channels/{id}/posts` with a query string.
pub async fn channel_posts(client: &ApiClient, channel_id: &str, query: &str) -> PostList {
    client
        .get(&format!("/channels/{channel_id}/posts?{query}"))
        .await
        .expect(200)
        .parse()
}

/// The caller's unread counts in a channel.
pub async fn unread(client: &ApiClient, channel_id: &str) -> Value {
    client
        .get(&format!("/users/me/channels/{channel_id}/unread"))
        .await
        .expect(200)
        .json()
}

/// Marks a channel viewed by the caller.
pub async fn view(client: &ApiClient, channel_id: &str) {
    client
        .post(
            "/channels/members/me/view",
            json!({"channel_id": channel_id}),
        )
        .await
        .expect(200);
}

/// The messages of a post list in `order` (newest first), system messages left out.
pub fn messages(list: &PostList) -> Vec<String> {
    list.order
        .iter()
        .filter_map(|id| list.posts.get(id))
        .filter(|p| !p.is_system())
        .map(|p| p.message.clone())
        .collect()
}
