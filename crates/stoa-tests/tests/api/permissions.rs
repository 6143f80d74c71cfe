//! Nothing private leaks across teams or channels.

use serde_json::json;
use stoa_tests::{Fixture, TestServer, api_test};

async fn private_channels_are_invisible_to_non_members(t: TestServer) {
    let admin = t.admin().await;
    let team = t.team(&admin).await;
    let member = t.user(&admin, "member").await;
    admin
        .client
        .post(
            &format!("/teams/{}/members", team.id),
            json!({"team_id": team.id, "user_id": member.id()}),
        )
        .await
        .expect(201);
    let secret = t.channel(&admin, &team, "P").await;
    member
        .client
        .get(&format!("/channels/{}", secret.id))
        .await
        .expect_error(403, "api.context.permissions.app_error");
    member
        .client
        .get(&format!("/channels/{}/members", secret.id))
        .await
        .expect(403);
    member
        .client
        .get(&format!("/channels/{}/stats", secret.id))
        .await
        .expect(403);
    member
        .client
        .get(&format!("/users?in_channel={}", secret.id))
        .await
        .expect(403);
    // By name it looks absent, so names do not leak either.
    member
        .client
        .get(&format!("/teams/{}/channels/name/{}", team.id, secret.name))
        .await
        .expect(404);
    let listed = member
        .client
        .get(&format!("/teams/{}/channels", team.id))
        .await
        .json();
    assert!(
        listed
            .as_array()
            .expect("array")
            .iter()
            .all(|c| c["id"] != secret.id)
    );
    member
        .client
        .get(&format!("/teams/{}/channels/private", team.id))
        .await
        .expect(403);
    member
        .client
        .put(
            &format!("/channels/{}/patch", secret.id),
            json!({"header": "x"}),
        )
        .await
        .expect(403);
    member
        .client
        .delete(&format!("/channels/{}", secret.id))
        .await
        .expect(403);
    member
        .client
        .post(
            &format!("/channels/{}/members", secret.id),
            json!({"user_id": member.id()}),
        )
        .await
        .expect(403);
}

async fn other_teams_stay_closed(t: TestServer) {
    let admin = t.admin().await;
    let alice = t.user(&admin, "alice").await;
    let bob = t.user(&admin, "bob").await;
    let alice_team: stoa_model::team::Team = alice
        .client
        .post(
            "/teams",
            json!({"name": "alices", "display_name": "Alice's", "type": "I"}),
        )
        .await
        .expect(201)
        .parse();
    let public_in_it = t.channel(&alice, &alice_team, "O").await;
    bob.client
        .get(&format!("/teams/{}", alice_team.id))
        .await
        .expect(403);
    bob.client
        .get(&format!("/teams/{}/members", alice_team.id))
        .await
        .expect(403);
    bob.client
        .get(&format!("/teams/{}/channels", alice_team.id))
        .await
        .expect(403);
    bob.client
        .get(&format!("/channels/{}", public_in_it.id))
        .await
        .expect(403);
    bob.client
        .get(&format!("/users?in_team={}", alice_team.id))
        .await
        .expect(403);
    bob.client
        .post(
            &format!("/teams/{}/channels/search", alice_team.id),
            json!({"term": ""}),
        )
        .await
        .expect(403);
    bob.client
        .get(&format!("/users/{}/teams", alice.id()))
        .await
        .expect(403);
    bob.client
        .get(&format!(
            "/users/{}/teams/{}/channels",
            alice.id(),
            alice_team.id
        ))
        .await
        .expect(403);
    bob.client
        .post(
            "/channels",
            json!({"team_id": alice_team.id, "name": "intrude", "display_name": "x", "type": "O"}),
        )
        .await
        .expect(403);
    bob.client
        .post(
            &format!("/teams/{}/members", alice_team.id),
            json!({"team_id": alice_team.id, "user_id": bob.id()}),
        )
        .await
        .expect(403);
}

/// `GET /teams/name/{name}/exists` confirms a name only to those who could see the team: the
/// name of an invite-only team stays hidden from non-members (Mattermost's `teamExists`).
async fn team_names_exist_only_for_those_who_may_see_them(t: TestServer) {
    let admin = t.admin().await;
    let alice = t.user(&admin, "alice").await;
    let bob = t.user(&admin, "bob").await;
    alice
        .client
        .post(
            "/teams",
            json!({"name": "hidden", "display_name": "Hidden", "type": "I"}),
        )
        .await
        .expect(201);
    alice
        .client
        .post(
            "/teams",
            json!({"name": "listed", "display_name": "Listed", "type": "O"}),
        )
        .await
        .expect(201);
    let exists = |c: &stoa_tests::ApiClient, name: &'static str| {
        let c = c.clone();
        async move {
            c.get(&format!("/teams/name/{name}/exists"))
                .await
                .expect(200)
                .json()["exists"]
                .clone()
        }
    };
    assert_eq!(
        exists(&bob.client, "hidden").await,
        false,
        "invite-only, not a member"
    );
    assert_eq!(
        exists(&bob.client, "listed").await,
        true,
        "open teams are listed"
    );
    assert_eq!(exists(&bob.client, "nowhere").await, false);
    assert_eq!(exists(&alice.client, "hidden").await, true, "a member");
    assert_eq!(
        exists(&admin.client, "hidden").await,
        true,
        "a system admin"
    );
}

async fn users_cannot_act_for_others(t: TestServer) {
    let admin = t.admin().await;
    let alice = t.user(&admin, "alice").await;
    let bob = t.user(&admin, "bob").await;
    bob.client
        .put(
            &format!("/users/{}/patch", alice.id()),
            json!({"nickname": "x"}),
        )
        .await
        .expect(403);
    bob.client
        .put(
            &format!("/users/{}/password", alice.id()),
            json!({"new_password": "takeover-1"}),
        )
        .await
        .expect(403);
    bob.client
        .put(
            &format!("/users/{}/active", alice.id()),
            json!({"active": false}),
        )
        .await
        .expect(403);
    bob.client
        .post(
            &format!("/users/{}/sessions/revoke/all", alice.id()),
            json!({}),
        )
        .await
        .expect(403);
    bob.client
        .post("/users/sessions/revoke/all", json!({}))
        .await
        .expect(403);
    bob.client
        .post(
            "/users",
            json!({"username": "sneaky", "email": "s@example.com", "password": "sneaky-pass"}),
        )
        .await
        .expect(403);
    t.login(&alice.user.username, &alice.password).await;
}

api_test!(
    team_names_exist_only_for_those_who_may_see_them,
    private_channels_are_invisible_to_non_members,
    other_teams_stay_closed,
    users_cannot_act_for_others
);
