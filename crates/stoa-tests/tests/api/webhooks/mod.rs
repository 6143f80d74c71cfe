//! Webhooks: incoming hooks managed over `/hooks/incoming` and posted to at `/hooks/{id}`
//! (with the payloads real services send), outgoing hooks calling a real receiver.

mod incoming;
mod outgoing;
mod payloads;

use serde_json::{Value, json};
use stoa_model::post::Post;
use stoa_tests::messaging::channel_posts;
use stoa_tests::{ApiClient, Resp, TestServer, TestUser};

/// Posts `body` to the public hook URL, as an outside service (no session).
async fn send_to_hook(t: &TestServer, hook_id: &str, content_type: &str, body: &[u8]) -> Resp {
    ApiClient::send(
        reqwest::Client::new()
            .post(format!("{}/hooks/{hook_id}", t.base_url()))
            .header("content-type", content_type)
            .body(body.to_vec()),
    )
    .await
}

async fn send_json(t: &TestServer, hook_id: &str, body: Value) -> Resp {
    send_to_hook(t, hook_id, "application/json", body.to_string().as_bytes()).await
}

/// The newest post of a channel.
async fn newest(client: &ApiClient, channel_id: &str) -> Post {
    let list = channel_posts(client, channel_id, "").await;
    let id = list.order.first().expect("a post").clone();
    list.posts.get(&id).expect("listed").clone()
}

async fn patch_config(admin: &TestUser, patch: Value) {
    admin.client.put("/config/patch", patch).await.expect(200);
}

async fn make_team_admin(admin: &TestUser, team_id: &str, user_id: &str) {
    admin
        .client
        .put(
            &format!("/teams/{team_id}/members/{user_id}/roles"),
            json!({"roles": "team_user team_admin"}),
        )
        .await
        .expect(200);
}

/// An incoming hook to `channel_id` made by `by`.
async fn incoming_hook(by: &ApiClient, channel_id: &str, extra: Value) -> Value {
    let mut body = json!({"channel_id": channel_id, "display_name": "CI"});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    by.post("/hooks/incoming", body).await.expect(201).json()
}
