//! Teams: creation with default channels, visibility, membership, roles, archiving.

use serde_json::{Value, json};
use stoa_model::team::Team;
use stoa_tests::{Fixture, TestServer, api_test};

fn ids(v: &Value, key: &str) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x[key].as_str().expect("string").to_owned())
        .collect()
}

async fn creating_a_team_makes_default_channels_and_an_admin(t: TestServer) {
    let admin = t.admin().await;
    let r = admin
        .client
        .post(
            "/teams",
            json!({"name": "core-team", "display_name": "Core", "type": "O"}),
        )
        .await
        .expect(201);
    let team: Team = r.parse();
    assert_eq!(team.id.len(), 26);
    assert_eq!(team.name, "core-team");
    assert!(team.allow_open_invite);
    assert!(team.create_at > 0 && team.update_at == team.create_at && team.delete_at == 0);
    let member = admin
        .client
        .get(&format!("/teams/{}/members/me", team.id))
        .await
        .expect(200)
        .json();
    assert_eq!(member["roles"], "team_user team_admin");
    assert_eq!(member["scheme_admin"], true);
    let channels = admin
        .client
        .get(&format!("/users/me/teams/{}/channels", team.id))
        .await
        .expect(200)
        .json();
    let mut names = ids(&channels, "name");
    names.sort();
    assert_eq!(names, vec!["off-topic", "town-square"]);
    let town = admin
        .client
        .get(&format!("/teams/{}/channels/name/town-square", team.id))
        .await
        .expect(200)
        .json();
    assert_eq!(town["display_name"], "Town Square");
    assert_eq!(town["type"], "O");
    let by_name = admin
        .client
        .get("/teams/name/core-team")
        .await
        .expect(200)
        .json();
    assert_eq!(by_name["id"], team.id);
    let exists = admin
        .client
        .get("/teams/name/core-team/exists")
        .await
        .expect(200)
        .json();
    assert_eq!(exists, json!({"exists": true}));
    assert_eq!(
        admin
            .client
            .get("/teams/name/nope-team/exists")
            .await
            .json(),
        json!({"exists": false})
    );
}

async fn invalid_teams_are_refused(t: TestServer) {
    let admin = t.admin().await;
    t.team(&admin).await;
    let cases = [
        (
            json!({"name": "a", "display_name": "A", "type": "O"}),
            "model.team.is_valid.url.app_error",
        ),
        (
            json!({"name": "Bad_Name", "display_name": "A", "type": "O"}),
            "model.team.is_valid.url.app_error",
        ),
        (
            json!({"name": "admin-team", "display_name": "A", "type": "O"}),
            "model.team.is_valid.reserved.app_error",
        ),
        (
            json!({"name": "good-name", "display_name": "", "type": "O"}),
            "model.team.is_valid.name.app_error",
        ),
        (
            json!({"name": "good-name", "display_name": "A", "type": "X"}),
            "model.team.is_valid.type.app_error",
        ),
        (
            json!({"name": "good-name", "display_name": "A", "type": "O", "description": "d".repeat(256)}),
            "model.team.is_valid.description.app_error",
        ),
    ];
    for (body, id) in cases {
        admin
            .client
            .post("/teams", body)
            .await
            .expect_error(400, id);
    }
    admin
        .client
        .post(
            "/teams",
            json!({"name": "dupe", "display_name": "D", "type": "O"}),
        )
        .await
        .expect(201);
    admin
        .client
        .post(
            "/teams",
            json!({"name": "dupe", "display_name": "D2", "type": "O"}),
        )
        .await
        .expect_error(400, "app.team.save.existing.app_error");
    let all = admin
        .client
        .get("/teams?include_total_count=true")
        .await
        .expect(200)
        .json();
    assert_eq!(all["total_count"], 2);
}

async fn outsiders_see_open_teams_but_not_invite_only_ones(t: TestServer) {
    let admin = t.admin().await;
    let open = t.team(&admin).await;
    let closed: Team = admin
        .client
        .post(
            "/teams",
            json!({"name": "closed", "display_name": "Closed", "type": "I"}),
        )
        .await
        .expect(201)
        .parse();
    assert!(!closed.allow_open_invite);
    let outsider = t.user(&admin, "out").await;
    let listed = outsider.client.get("/teams").await.expect(200).json();
    assert_eq!(ids(&listed, "id"), vec![open.id.clone()]);
    assert_eq!(
        listed[0]["invite_id"], "",
        "non-admins do not see invite ids"
    );
    assert_eq!(listed[0]["email"], "");
    outsider
        .client
        .get(&format!("/teams/{}", open.id))
        .await
        .expect(200);
    outsider
        .client
        .get(&format!("/teams/{}", closed.id))
        .await
        .expect_error(403, "api.context.permissions.app_error");
    outsider.client.get("/teams/name/closed").await.expect(403);
    let all = admin.client.get("/teams").await.expect(200).json();
    assert_eq!(all.as_array().map(Vec::len), Some(2));
}

async fn joining_open_teams_and_invite_only_teams(t: TestServer) {
    let admin = t.admin().await;
    let open = t.team(&admin).await;
    let closed: Team = admin
        .client
        .post(
            "/teams",
            json!({"name": "closed", "display_name": "Closed", "type": "I"}),
        )
        .await
        .expect(201)
        .parse();
    let user = t.user(&admin, "joiner").await;
    let me = user.id().to_owned();
    let m = user
        .client
        .post(
            &format!("/teams/{}/members", open.id),
            json!({"team_id": open.id, "user_id": me}),
        )
        .await
        .expect(201)
        .json();
    assert_eq!(m["roles"], "team_user");
    // Joining a team joins its default channels.
    let channels = user
        .client
        .get(&format!("/users/me/teams/{}/channels", open.id))
        .await
        .expect(200)
        .json();
    assert_eq!(channels.as_array().map(Vec::len), Some(2));
    user.client
        .post(
            &format!("/teams/{}/members", closed.id),
            json!({"team_id": closed.id, "user_id": me}),
        )
        .await
        .expect(403);
    let invite = admin
        .client
        .get(&format!("/teams/{}", closed.id))
        .await
        .json()["invite_id"]
        .as_str()
        .expect("invite")
        .to_owned();
    user.client
        .post(
            &format!("/teams/members/invite?invite_id={invite}"),
            json!({}),
        )
        .await
        .expect(201);
    let mine = user.client.get("/users/me/teams").await.expect(200).json();
    assert_eq!(mine.as_array().map(Vec::len), Some(2));
    let members = user
        .client
        .get("/users/me/teams/members")
        .await
        .expect(200)
        .json();
    assert_eq!(members.as_array().map(Vec::len), Some(2));
    // A regenerated invite id kills the old link.
    admin
        .client
        .post(
            &format!("/teams/{}/regenerate_invite_id", closed.id),
            json!({}),
        )
        .await
        .expect(200);
    let other = t.user(&admin, "late").await;
    other
        .client
        .post(
            &format!("/teams/members/invite?invite_id={invite}"),
            json!({}),
        )
        .await
        .expect(400);
}

async fn leaving_a_team_leaves_its_channels(t: TestServer) {
    let admin = t.admin().await;
    let team = t.team(&admin).await;
    let user = t.user(&admin, "leaver").await;
    admin
        .client
        .post(
            &format!("/teams/{}/members", team.id),
            json!({"team_id": team.id, "user_id": user.id()}),
        )
        .await
        .expect(201);
    let channel = t.channel(&admin, &team, "P").await;
    admin
        .client
        .post(
            &format!("/channels/{}/members", channel.id),
            json!({"user_id": user.id()}),
        )
        .await
        .expect(201);
    let other = t.user(&admin, "bystander").await;
    admin
        .client
        .post(
            &format!("/teams/{}/members", team.id),
            json!({"team_id": team.id, "user_id": other.id()}),
        )
        .await
        .expect(201);
    // Others cannot remove members without the permission.
    other
        .client
        .delete(&format!("/teams/{}/members/{}", team.id, user.id()))
        .await
        .expect_error(403, "api.context.permissions.app_error");
    user.client
        .delete(&format!("/teams/{}/members/me", team.id))
        .await
        .expect(200);
    user.client
        .get(&format!("/channels/{}", channel.id))
        .await
        .expect(403);
    let members = admin
        .client
        .get(&format!("/channels/{}/members", channel.id))
        .await
        .expect(200)
        .json();
    assert_eq!(ids(&members, "user_id"), vec![admin.id().to_owned()]);
    let team_members = admin
        .client
        .get(&format!("/teams/{}/members", team.id))
        .await
        .expect(200)
        .json();
    assert!(!ids(&team_members, "user_id").contains(&user.id().to_owned()));
    let stats = admin
        .client
        .get(&format!("/teams/{}/stats", team.id))
        .await
        .expect(200)
        .json();
    assert_eq!(stats["total_member_count"], 2);
    // An admin removes the bystander; rejoining works.
    admin
        .client
        .delete(&format!("/teams/{}/members/{}", team.id, other.id()))
        .await
        .expect(200);
    other
        .client
        .post(
            &format!("/teams/{}/members", team.id),
            json!({"team_id": team.id, "user_id": other.id()}),
        )
        .await
        .expect(201);
}

async fn team_admins_manage_and_others_do_not(t: TestServer) {
    let admin = t.admin().await;
    let owner = t.user(&admin, "owner").await;
    let team = t.team(&owner).await;
    let member = t.user(&admin, "member").await;
    owner
        .client
        .post(
            &format!("/teams/{}/members", team.id),
            json!({"team_id": team.id, "user_id": member.id()}),
        )
        .await
        .expect(201);
    member
        .client
        .put(
            &format!("/teams/{}/patch", team.id),
            json!({"display_name": "Mine"}),
        )
        .await
        .expect(403);
    let patched = owner
        .client
        .put(
            &format!("/teams/{}/patch", team.id),
            json!({"display_name": "Renamed", "description": "About us"}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(patched["display_name"], "Renamed");
    assert_eq!(patched["name"], team.name, "the URL name is not patchable");
    owner
        .client
        .put(
            &format!("/teams/{}/members/{}/roles", team.id, member.id()),
            json!({"roles": "team_user team_admin"}),
        )
        .await
        .expect(200);
    member
        .client
        .put(
            &format!("/teams/{}/patch", team.id),
            json!({"display_name": "Co-managed"}),
        )
        .await
        .expect(200);
    owner
        .client
        .put(
            &format!("/teams/{}/members/{}/roles", team.id, member.id()),
            json!({"roles": "nonsense"}),
        )
        .await
        .expect(400);
    owner
        .client
        .put(
            &format!("/teams/{}/members/{}/schemeRoles", team.id, member.id()),
            json!({"scheme_user": true, "scheme_admin": false}),
        )
        .await
        .expect(200);
    member
        .client
        .put(
            &format!("/teams/{}/patch", team.id),
            json!({"display_name": "x"}),
        )
        .await
        .expect(403);
    let privacy = owner
        .client
        .put(
            &format!("/teams/{}/privacy", team.id),
            json!({"privacy": "I"}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(privacy["type"], "I");
    assert_eq!(privacy["allow_open_invite"], false);
    owner
        .client
        .put(
            &format!("/teams/{}/privacy", team.id),
            json!({"privacy": "Z"}),
        )
        .await
        .expect(400);
}

async fn archiving_and_restoring_a_team(t: TestServer) {
    let admin = t.admin().await;
    let team = t.team(&admin).await;
    let user = t.user(&admin, "u").await;
    user.client
        .delete(&format!("/teams/{}", team.id))
        .await
        .expect(403);
    admin
        .client
        .delete(&format!("/teams/{}", team.id))
        .await
        .expect(200);
    let archived = admin
        .client
        .get(&format!("/teams/{}", team.id))
        .await
        .expect(200)
        .json();
    assert!(archived["delete_at"].as_i64() > Some(0));
    assert_eq!(admin.client.get("/users/me/teams").await.json(), json!([]));
    let listed = admin.client.get("/teams").await.json();
    assert_eq!(listed, json!([]));
    admin
        .client
        .delete(&format!("/teams/{}?permanent=true", team.id))
        .await
        .expect(401);
    admin
        .client
        .post(&format!("/teams/{}/restore", team.id), json!({}))
        .await
        .expect(200);
    assert_eq!(
        admin
            .client
            .get("/users/me/teams")
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    admin
        .client
        .put(
            "/config/patch",
            json!({"ServiceSettings": {"EnableAPITeamDeletion": true}}),
        )
        .await
        .expect(200);
    admin
        .client
        .delete(&format!("/teams/{}?permanent=true", team.id))
        .await
        .expect(200);
    admin
        .client
        .get(&format!("/teams/{}", team.id))
        .await
        .expect(404);
}

async fn team_search_and_member_lookups(t: TestServer) {
    let admin = t.admin().await;
    admin
        .client
        .post(
            "/teams",
            json!({"name": "alpha-squad", "display_name": "Alpha Squad", "type": "O"}),
        )
        .await
        .expect(201);
    admin
        .client
        .post(
            "/teams",
            json!({"name": "beta", "display_name": "Beta", "type": "O"}),
        )
        .await
        .expect(201);
    let found = admin
        .client
        .post("/teams/search", json!({"term": "squad"}))
        .await
        .expect(200)
        .json();
    assert_eq!(ids(&found, "name"), vec!["alpha-squad"]);
    let team: Team = admin.client.get("/teams/name/beta").await.parse();
    let u = t.user(&admin, "m").await;
    admin
        .client
        .post(
            &format!("/teams/{}/members/batch", team.id),
            json!([{"team_id": team.id, "user_id": u.id()}]),
        )
        .await
        .expect(201);
    let by_ids = admin
        .client
        .post(
            &format!("/teams/{}/members/ids", team.id),
            json!([u.id(), admin.id()]),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(by_ids.as_array().map(Vec::len), Some(2));
    admin
        .client
        .get(&format!(
            "/teams/{}/members/{}",
            team.id,
            stoa_model::new_id()
        ))
        .await
        .expect(404);
    let paged = admin
        .client
        .get(&format!("/teams/{}/members?page=0&per_page=1", team.id))
        .await
        .expect(200)
        .json();
    assert_eq!(paged.as_array().map(Vec::len), Some(1));
}

api_test!(
    creating_a_team_makes_default_channels_and_an_admin,
    invalid_teams_are_refused,
    outsiders_see_open_teams_but_not_invite_only_ones,
    joining_open_teams_and_invite_only_teams,
    leaving_a_team_leaves_its_channels,
    team_admins_manage_and_others_do_not,
    archiving_and_restoring_a_team,
    team_search_and_member_lookups,
);
