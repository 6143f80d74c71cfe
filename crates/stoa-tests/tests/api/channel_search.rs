//! Channels across teams, as the official apps and the System Console read them: the search of
//! "Find channels", the console's list, group messages by member names and their profiles, all
//! of a user's memberships, permalink info, and a group message becoming a private channel.

use serde_json::{Value, json};
use stoa_tests::messaging::{Room, add_to_team, say};
use stoa_tests::ws::{WAIT, WsClient};
use stoa_tests::{Fixture, TestServer, TestUser, api_test};

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("an array")
        .iter()
        .filter_map(|c| c["id"].as_str().map(str::to_owned))
        .collect()
}

/// The apps' "Find channels" as `c`.
async fn find_channels(c: &stoa_tests::ApiClient, term: &str) -> Value {
    c.post(
        "/channels/search?system_console=false",
        json!({ "term": term }),
    )
    .await
    .expect(200)
    .json()
}

/// Alice opens a group message with Bob and `third`; its id.
async fn group_of_three(r: &Room, third: &TestUser) -> String {
    let gm: Value = r
        .alice
        .client
        .post(
            "/channels/group",
            json!([r.alice.id(), r.bob.id(), third.id()]),
        )
        .await
        .expect(201)
        .json();
    gm["id"].as_str().expect("id").to_owned()
}

async fn searches_across_teams_and_for_the_console(t: TestServer) {
    let r = Room::new(&t).await;
    let other_team = t.team(&r.admin).await;
    add_to_team(&r.admin.client, &other_team.id, r.alice.id()).await;
    let public = t.channel(&r.admin, &other_team, "O").await;
    let secret = t.channel(&r.admin, &other_team, "P").await;

    // The apps' search: public channels of the caller's teams, never others' private ones.
    let found = find_channels(&r.alice.client, &public.name).await;
    assert!(ids(&found).contains(&public.id), "{found}");
    assert_eq!(found[0]["team_name"], other_team.name);
    let found = find_channels(&r.alice.client, &secret.name).await;
    assert!(!ids(&found).contains(&secret.id), "{found}");
    // Bob is not in the other team: nothing of it.
    let found = find_channels(&r.bob.client, &public.name).await;
    assert!(ids(&found).is_empty(), "{found}");

    // The console's search: every team, private included, for admins only.
    r.alice
        .client
        .post("/channels/search", json!({"term": secret.name}))
        .await
        .expect_error(403, "api.context.permissions.app_error");
    let found = r
        .admin
        .client
        .post("/channels/search", json!({"term": secret.name}))
        .await
        .expect(200)
        .json();
    assert_eq!(ids(&found), vec![secret.id.clone()]);
    let paged = r
        .admin
        .client
        .post(
            "/channels/search",
            json!({"term": "", "page": 0, "per_page": 1}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(paged["channels"].as_array().map(Vec::len), Some(1));
    assert!(paged["total_count"].as_i64().unwrap_or(0) >= 4, "{paged}");
    r.admin
        .client
        .post("/channels/search?system_console=maybe", json!({}))
        .await
        .expect_error(400, "api.context.invalid_param.app_error");

    // The console's list of all channels, with the total.
    let all = r
        .admin
        .client
        .get("/channels?include_total_count=true&per_page=200")
        .await
        .expect(200)
        .json();
    let listed = ids(&all["channels"]);
    for id in [&public.id, &secret.id, &r.channel.id] {
        assert!(listed.contains(id), "{id} in {all}");
    }
    assert_eq!(all["total_count"].as_i64(), Some(listed.len() as i64));
    let plain = r
        .admin
        .client
        .get("/channels?exclude_default_channels=true&per_page=200")
        .await
        .expect(200)
        .json();
    assert!(
        plain
            .as_array()
            .expect("array")
            .iter()
            .all(|c| c["name"] != "town-square" && c["name"] != "off-topic")
    );
    r.bob
        .client
        .get("/channels")
        .await
        .expect_error(403, "api.context.permissions.app_error");
}

async fn group_messages_by_member_names(t: TestServer) {
    let r = Room::new(&t).await;
    let carol = t.user(&r.admin, "carol").await;
    let gm_id = group_of_three(&r, &carol).await;
    let bob_name = r.bob.user.username.clone();

    let found = r
        .alice
        .client
        .post("/channels/group/search", json!({"term": &bob_name[..4]}))
        .await
        .expect(200)
        .json();
    assert_eq!(ids(&found), vec![gm_id.clone()]);
    let none = r
        .admin
        .client
        .post("/channels/group/search", json!({"term": bob_name}))
        .await
        .expect(200)
        .json();
    assert_eq!(ids(&none), Vec::<String>::new(), "not the admin's group");

    let profiles = r
        .alice
        .client
        .post("/users/group_channels", json!([gm_id, r.channel.id]))
        .await
        .expect(200)
        .json();
    let members: Vec<&str> = profiles[&gm_id]
        .as_array()
        .expect("the group's members")
        .iter()
        .filter_map(|u| u["id"].as_str())
        .collect();
    assert_eq!(members.len(), 2, "the others, not alice: {profiles}");
    assert!(members.contains(&r.bob.id()) && members.contains(&carol.id()));
    assert!(profiles.get(&r.channel.id).is_none(), "only group messages");
    assert!(profiles[&gm_id][0].get("password").is_none());
    let outsider = r
        .admin
        .client
        .post("/users/group_channels", json!([gm_id]))
        .await
        .expect(200)
        .json();
    assert_eq!(outsider, json!({}));
    r.alice
        .client
        .post("/users/group_channels", json!([]))
        .await
        .expect_error(400, "api.context.invalid_body_param.app_error");
}

async fn every_membership_of_a_user(t: TestServer) {
    let r = Room::new(&t).await;
    let dm: Value = r
        .alice
        .client
        .post("/channels/direct", json!([r.alice.id(), r.bob.id()]))
        .await
        .expect(201)
        .json();
    let paged = r
        .alice
        .client
        .get("/users/me/channel_members?page=0&per_page=200")
        .await
        .expect(200);
    let rows = paged.json();
    let channels: Vec<&str> = rows
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|m| m["channel_id"].as_str())
        .collect();
    assert!(channels.contains(&r.channel.id.as_str()));
    assert!(channels.contains(&dm["id"].as_str().expect("dm")));
    let in_team = rows
        .as_array()
        .expect("array")
        .iter()
        .find(|m| m["channel_id"] == r.channel.id)
        .expect("the room");
    assert_eq!(in_team["team_name"], r.team.name);
    assert_eq!(in_team["user_id"], r.alice.id());

    // page=-1: every membership, one JSON object a line.
    let all = r
        .alice
        .client
        .get("/users/me/channel_members?page=-1&per_page=100")
        .await
        .expect(200);
    assert_eq!(all.header("content-type"), Some("application/x-ndjson"));
    let lines: Vec<Value> = all
        .text()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON object a line"))
        .collect();
    assert_eq!(lines.len(), channels.len());

    r.bob
        .client
        .get(&format!("/users/{}/channel_members", r.alice.id()))
        .await
        .expect_error(403, "api.context.permissions.app_error");
}

async fn post_info_tells_where_a_permalink_leads(t: TestServer) {
    let r = Room::new(&t).await;
    let open = t.channel(&r.admin, &r.team, "O").await;
    let private = t.channel(&r.admin, &r.team, "P").await;
    let in_open = say(&r.admin.client, &open.id, "public words").await;
    let in_private = say(&r.admin.client, &private.id, "secret words").await;

    let info = r
        .alice
        .client
        .get(&format!("/posts/{}/info", in_open.id))
        .await
        .expect(200)
        .json();
    assert_eq!(info["channel_id"], open.id);
    assert_eq!(info["channel_type"], "O");
    assert_eq!(info["has_joined_channel"], false);
    assert_eq!(info["team_id"], r.team.id);
    assert_eq!(info["has_joined_team"], true);
    r.alice
        .client
        .get(&format!("/posts/{}/info", in_private.id))
        .await
        .expect_error(404, "app.post.get.app_error");
    let own = r
        .admin
        .client
        .get(&format!("/posts/{}/info", in_private.id))
        .await
        .expect(200)
        .json();
    assert_eq!(own["has_joined_channel"], true);
}

async fn a_group_message_becomes_a_private_channel(t: TestServer) {
    let r = Room::new(&t).await;
    let carol = t.user(&r.admin, "carol").await;
    add_to_team(&r.admin.client, &r.team.id, carol.id()).await;
    let gm_id = group_of_three(&r, &carol).await;
    say(&r.bob.client, &gm_id, "before the change").await;

    let teams = r
        .alice
        .client
        .get(&format!("/channels/{gm_id}/common_teams"))
        .await
        .expect(200)
        .json();
    assert_eq!(ids(&teams), vec![r.team.id.clone()]);
    r.alice
        .client
        .get(&format!("/channels/{}/common_teams", r.channel.id))
        .await
        .expect_error(400, "app.channel.get_common_teams.incorrect_channel_type");

    let mut bob_ws = WsClient::connect(&t, r.bob.client.token.as_deref().expect("token")).await;
    let url = format!("/channels/{gm_id}/convert_to_channel");
    let body = |team: &str, name: &str| json!({"channel_id": gm_id, "team_id": team, "name": name, "display_name": "Project"});
    let elsewhere = t.team(&r.admin).await;
    r.alice
        .client
        .post(&url, body(&elsewhere.id, "project"))
        .await
        .expect_error(403, "api.context.permissions.app_error");
    r.alice
        .client
        .post(&url, body(&r.team.id, "Not A Name!"))
        .await
        .expect_error(400, "model.channel.is_valid.2.app_error");
    let ch = r
        .alice
        .client
        .post(&url, body(&r.team.id, "project"))
        .await
        .expect(200)
        .json();
    assert_eq!(ch["id"], gm_id, "the same channel");
    assert_eq!(ch["type"], "P");
    assert_eq!(ch["team_id"], r.team.id);
    assert_eq!(ch["name"], "project");

    let ev = bob_ws.next_event("channel_updated", WAIT).await;
    assert!(
        ev["data"]["channel"]
            .as_str()
            .is_some_and(|c| c.contains("\"type\":\"P\""))
    );
    // Posts stay; the converter became its admin; it is found by name in the team.
    let posts = r
        .bob
        .client
        .get(&format!("/channels/{gm_id}/posts"))
        .await
        .expect(200)
        .json();
    let messages: Vec<&str> = posts["posts"]
        .as_object()
        .expect("posts")
        .values()
        .filter_map(|p| p["message"].as_str())
        .collect();
    assert!(messages.contains(&"before the change"), "{messages:?}");
    assert!(
        posts["posts"]
            .as_object()
            .expect("posts")
            .values()
            .any(|p| p["type"] == "system_gm_to_channel")
    );
    let me = r
        .alice
        .client
        .get(&format!("/channels/{gm_id}/members/me"))
        .await
        .expect(200)
        .json();
    assert_eq!(me["scheme_admin"], true);
    carol
        .client
        .get(&format!("/teams/{}/channels/name/project", r.team.id))
        .await
        .expect(200);
}

api_test!(
    searches_across_teams_and_for_the_console,
    group_messages_by_member_names,
    every_membership_of_a_user,
    post_info_tells_where_a_permalink_leads,
    a_group_message_becomes_a_private_channel,
);
