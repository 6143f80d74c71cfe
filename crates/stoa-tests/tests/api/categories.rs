//! Sidebar categories (`channels` tag): the defaults every team member has, favourites and the
//! legacy preference, custom categories, order, direct messages in every team, muting, who may
//! read and change them, bad input, and the WebSocket events.

use serde_json::{Value, json};
use std::time::Duration;
use stoa_model::channel::{Channel, OrderedSidebarCategories, SidebarCategory};
use stoa_model::team::Team;
use stoa_tests::messaging::Room;
use stoa_tests::ws::{WAIT, WsClient, json_field};
use stoa_tests::{ApiClient, Fixture, TestServer, TestUser, api_test};

/// How long to watch for an event that must not come.
const QUIET: Duration = Duration::from_millis(300);

fn base(user_id: &str, team_id: &str) -> String {
    format!("/users/{user_id}/teams/{team_id}/channels/categories")
}

fn mine(team: &Team) -> String {
    base("me", &team.id)
}

async fn sidebar(c: &ApiClient, team: &Team) -> OrderedSidebarCategories {
    c.get(&mine(team)).await.expect(200).parse()
}

fn of_type<'a>(s: &'a OrderedSidebarCategories, kind: &str) -> &'a SidebarCategory {
    s.categories
        .iter()
        .find(|c| c.category_type == kind)
        .unwrap_or_else(|| panic!("no {kind} category in {s:?}"))
}

/// The channel ids of the category of `kind`.
async fn channels_of(c: &ApiClient, team: &Team, kind: &str) -> Vec<String> {
    of_type(&sidebar(c, team).await, kind).channel_ids.clone()
}

async fn channel_named(c: &ApiClient, team: &Team, name: &str) -> Channel {
    c.get(&format!("/teams/{}/channels/name/{name}", team.id))
        .await
        .expect(200)
        .parse()
}

async fn mark_unread(c: &ApiClient, channel_id: &str) -> String {
    let m = c
        .get(&format!("/channels/{channel_id}/members/me"))
        .await
        .expect(200)
        .json();
    m["notify_props"]["mark_unread"]
        .as_str()
        .expect("mark_unread")
        .to_owned()
}

async fn create(
    c: &ApiClient,
    u: &TestUser,
    team: &Team,
    name: &str,
    ids: &[&str],
) -> SidebarCategory {
    c.post(
        &mine(team),
        json!({"user_id": u.id(), "team_id": team.id, "display_name": name, "channel_ids": ids}),
    )
    .await
    .expect(200)
    .parse()
}

async fn put_one(c: &ApiClient, team: &Team, cat: &SidebarCategory) -> SidebarCategory {
    c.put(
        &format!("{}/{}", mine(team), cat.id),
        serde_json::to_value(cat).expect("json"),
    )
    .await
    .expect(200)
    .parse()
}

async fn dm(a: &TestUser, b: &TestUser) -> Channel {
    a.client
        .post("/channels/direct", json!([a.id(), b.id()]))
        .await
        .expect(201)
        .parse()
}

async fn defaults_for_a_new_team_member(t: TestServer) {
    let r = Room::new(&t).await;
    let c = &r.alice.client;
    let s = sidebar(c, &r.team).await;
    let (u, team) = (r.alice.id(), r.team.id.as_str());
    assert_eq!(
        s.order,
        [
            format!("favorites_{u}_{team}"),
            format!("channels_{u}_{team}"),
            format!("direct_messages_{u}_{team}"),
        ]
    );
    let shape: Vec<_> = s
        .categories
        .iter()
        .map(|x| {
            (
                x.id.clone(),
                x.category_type.as_str(),
                x.display_name.as_str(),
                x.sort_order,
                x.sorting.as_str(),
                x.muted,
                x.collapsed,
                x.user_id == u && x.team_id == team,
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            (
                s.order[0].clone(),
                "favorites",
                "Favorites",
                0,
                "",
                false,
                false,
                true
            ),
            (
                s.order[1].clone(),
                "channels",
                "Channels",
                10,
                "",
                false,
                false,
                true
            ),
            (
                s.order[2].clone(),
                "direct_messages",
                "Direct Messages",
                20,
                "recent",
                false,
                false,
                true
            ),
        ]
    );
    // Every channel of the team the user is in, by display name; nothing else yet.
    let town = channel_named(c, &r.team, "town-square").await;
    let off = channel_named(c, &r.team, "off-topic").await;
    assert_eq!(
        of_type(&s, "channels").channel_ids,
        [r.channel.id.clone(), off.id.clone(), town.id.clone()]
    );
    assert!(of_type(&s, "favorites").channel_ids.is_empty());
    assert!(of_type(&s, "direct_messages").channel_ids.is_empty());
    // Exactly Mattermost's fields, `channel_ids` an array even when empty.
    let raw = c.get(&mine(&r.team)).await.expect(200);
    assert_eq!(raw.header("content-type"), Some("application/json"));
    let fav = &raw.json()["categories"][0];
    let mut keys: Vec<&str> = fav
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "channel_ids",
            "collapsed",
            "display_name",
            "id",
            "muted",
            "sort_order",
            "sorting",
            "team_id",
            "type",
            "user_id"
        ]
    );
    assert_eq!(fav["channel_ids"], json!([]));
    // The order and each category on its own agree, by id or by `me`.
    let order: Vec<String> = c
        .get(&format!("{}/order", base(u, team)))
        .await
        .expect(200)
        .parse();
    assert_eq!(order, s.order);
    for cat in &s.categories {
        let one: SidebarCategory = c
            .get(&format!("{}/{}", mine(&r.team), cat.id))
            .await
            .expect(200)
            .parse();
        assert_eq!(&one, cat);
    }
    // Another member of the same team has their own.
    let theirs = sidebar(&r.bob.client, &r.team).await;
    assert_eq!(theirs.order[0], format!("favorites_{}_{team}", r.bob.id()));
    // A new channel the user joins appears in `channels`.
    let later = t.channel(&r.alice, &r.team, "P").await;
    assert!(
        channels_of(c, &r.team, "channels")
            .await
            .contains(&later.id)
    );
}

async fn favoriting_moves_a_channel_and_keeps_the_preference(t: TestServer) {
    let r = Room::new(&t).await;
    let c = &r.alice.client;
    let s = sidebar(c, &r.team).await;
    let outsider = t.channel(&r.admin, &r.team, "O").await;
    let mut fav = of_type(&s, "favorites").clone();
    fav.channel_ids = vec![
        r.channel.id.clone(),
        "notachannel".into(),
        outsider.id.clone(),
    ];
    // Several at once; channels the user is not in are dropped silently (as Mattermost).
    let updated: Vec<SidebarCategory> = c
        .put(&mine(&r.team), json!([fav]))
        .await
        .expect(200)
        .parse();
    assert_eq!(updated.len(), 1);
    assert_eq!(updated[0].id, fav.id);
    assert_eq!(updated[0].channel_ids, std::slice::from_ref(&r.channel.id));
    let s = sidebar(c, &r.team).await;
    assert_eq!(
        of_type(&s, "favorites").channel_ids,
        std::slice::from_ref(&r.channel.id)
    );
    assert!(!of_type(&s, "channels").channel_ids.contains(&r.channel.id));
    // Older clients read favourites from preferences: kept in step.
    let prefs = c
        .get(&format!(
            "/users/me/preferences/favorite_channel/name/{}",
            r.channel.id
        ))
        .await
        .expect(200)
        .json();
    assert_eq!(prefs["value"], "true");

    // Out of favourites again: back in `channels`, the preference gone.
    let mut back = of_type(&s, "favorites").clone();
    back.channel_ids.clear();
    assert!(put_one(c, &r.team, &back).await.channel_ids.is_empty());
    assert!(
        channels_of(c, &r.team, "channels")
            .await
            .contains(&r.channel.id)
    );
    c.get("/users/me/preferences/favorite_channel")
        .await
        .expect(404);

    // And the other way: a preference saved by an older client moves the channel.
    let pref = |value: &str| json!([{"user_id": r.alice.id(), "category": "favorite_channel", "name": r.channel.id, "value": value}]);
    c.put("/users/me/preferences", pref("true"))
        .await
        .expect(200);
    let s = sidebar(c, &r.team).await;
    assert_eq!(
        of_type(&s, "favorites").channel_ids,
        std::slice::from_ref(&r.channel.id)
    );
    assert!(!of_type(&s, "channels").channel_ids.contains(&r.channel.id));
    c.put("/users/me/preferences", pref("false"))
        .await
        .expect(200);
    assert!(channels_of(c, &r.team, "favorites").await.is_empty());
    c.put("/users/me/preferences", pref("true"))
        .await
        .expect(200);
    c.post("/users/me/preferences/delete", pref("true"))
        .await
        .expect(200);
    assert!(channels_of(c, &r.team, "favorites").await.is_empty());
    assert!(
        channels_of(c, &r.team, "channels")
            .await
            .contains(&r.channel.id)
    );

    // Favouriting into a category that holds the channel elsewhere takes it out of there.
    let work = create(c, &r.alice, &r.team, "Work", &[&r.channel.id]).await;
    assert_eq!(work.channel_ids, std::slice::from_ref(&r.channel.id));
    let mut fav = of_type(&sidebar(c, &r.team).await, "favorites").clone();
    fav.channel_ids = vec![r.channel.id.clone()];
    put_one(c, &r.team, &fav).await;
    let s = sidebar(c, &r.team).await;
    assert_eq!(
        of_type(&s, "favorites").channel_ids,
        std::slice::from_ref(&r.channel.id)
    );
    assert!(of_type(&s, "custom").channel_ids.is_empty());
}

async fn the_order_round_trips_and_is_checked(t: TestServer) {
    let r = Room::new(&t).await;
    let c = &r.alice.client;
    let order_url = format!("{}/order", mine(&r.team));
    let before: Vec<String> = c.get(&order_url).await.expect(200).parse();
    let reversed: Vec<String> = before.iter().rev().cloned().collect();
    let answer: Vec<String> = c.put(&order_url, json!(reversed)).await.expect(200).parse();
    assert_eq!(answer, reversed);
    let again: Vec<String> = c.get(&order_url).await.expect(200).parse();
    assert_eq!(again, reversed);
    let s = sidebar(c, &r.team).await;
    assert_eq!(s.order, reversed);
    assert_eq!(
        s.categories
            .iter()
            .map(|x| (x.id.clone(), x.sort_order))
            .collect::<Vec<_>>(),
        [
            (reversed[0].clone(), 0),
            (reversed[1].clone(), 10),
            (reversed[2].clone(), 20)
        ]
    );
    // Leaving one out, naming one twice, or naming someone else's is refused, and changes
    // nothing.
    c.put(&order_url, json!(&reversed[..2]))
        .await
        .expect_error(400, "app.channel.sidebar_categories.app_error");
    c.put(
        &order_url,
        json!([&reversed[0], &reversed[0], &reversed[1]]),
    )
    .await
    .expect_error(400, "app.channel.sidebar_categories.app_error");
    let bobs = sidebar(&r.bob.client, &r.team).await.order;
    c.put(&order_url, json!([&reversed[0], &reversed[1], &bobs[2]]))
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
    c.put(&order_url, json!({"not": "a list"}))
        .await
        .expect(400);
    let after: Vec<String> = c.get(&order_url).await.expect(200).parse();
    assert_eq!(after, reversed);
    // A new category goes first when favourites is not first.
    let work = create(c, &r.alice, &r.team, "Work", &[]).await;
    assert_eq!(work.sort_order, 0);
    let after: Vec<String> = c.get(&order_url).await.expect(200).parse();
    assert_eq!(after[0], work.id);
    assert_eq!(&after[1..], &reversed[..]);
}

async fn custom_categories_are_made_renamed_muted_and_deleted(t: TestServer) {
    let r = Room::new(&t).await;
    let c = &r.alice.client;
    let off = channel_named(c, &r.team, "off-topic").await;
    let work = create(c, &r.alice, &r.team, "Work", &[&r.channel.id, &off.id]).await;
    assert_eq!(work.id.len(), 26);
    assert_eq!(work.category_type, "custom");
    assert_eq!(work.display_name, "Work");
    assert_eq!(work.sort_order, 10, "right after favourites");
    assert_eq!(work.channel_ids, [r.channel.id.clone(), off.id.clone()]);
    assert!(!work.muted);
    let s = sidebar(c, &r.team).await;
    assert_eq!(s.order.len(), 4);
    assert_eq!(s.order[1], work.id);
    assert_eq!(
        s.categories
            .iter()
            .map(|x| x.sort_order)
            .collect::<Vec<_>>(),
        [0, 10, 20, 30]
    );
    let channels = of_type(&s, "channels").channel_ids.clone();
    assert!(!channels.contains(&r.channel.id) && !channels.contains(&off.id));

    // Renaming, re-sorting and collapsing.
    let renamed = put_one(
        c,
        &r.team,
        &SidebarCategory {
            display_name: "Play".into(),
            sorting: "alpha".into(),
            collapsed: true,
            ..work.clone()
        },
    )
    .await;
    assert_eq!(
        (
            renamed.display_name.as_str(),
            renamed.sorting.as_str(),
            renamed.collapsed
        ),
        ("Play", "alpha", true)
    );
    assert_eq!(
        renamed.sort_order, 10,
        "the position is not the body's to change"
    );
    // A default category keeps its name and type (as Mattermost, silently).
    let chan = of_type(&s, "channels").clone();
    let kept = put_one(
        c,
        &r.team,
        &SidebarCategory {
            display_name: "Renamed".into(),
            category_type: "custom".into(),
            ..chan.clone()
        },
    )
    .await;
    assert_eq!(
        (kept.display_name.as_str(), kept.category_type.as_str()),
        ("Channels", "channels")
    );

    // Muting a category mutes its channels; unmuting unmutes them.
    assert_eq!(mark_unread(c, &r.channel.id).await, "all");
    put_one(
        c,
        &r.team,
        &SidebarCategory {
            muted: true,
            ..renamed.clone()
        },
    )
    .await;
    assert_eq!(mark_unread(c, &r.channel.id).await, "mention");
    assert_eq!(mark_unread(c, &off.id).await, "mention");
    // A channel moved out of the muted category is unmuted.
    let mut fav = of_type(&sidebar(c, &r.team).await, "favorites").clone();
    fav.channel_ids = vec![off.id.clone()];
    put_one(c, &r.team, &fav).await;
    assert_eq!(mark_unread(c, &off.id).await, "all");
    assert_eq!(mark_unread(c, &r.channel.id).await, "mention");
    let muted: SidebarCategory = c
        .get(&format!("{}/{}", mine(&r.team), work.id))
        .await
        .expect(200)
        .parse();
    assert!(muted.muted);
    assert_eq!(muted.channel_ids, std::slice::from_ref(&r.channel.id));
    put_one(
        c,
        &r.team,
        &SidebarCategory {
            muted: false,
            ..muted.clone()
        },
    )
    .await;
    assert_eq!(mark_unread(c, &r.channel.id).await, "all");
    // The direct messages category cannot be muted.
    let dms = of_type(&s, "direct_messages").clone();
    let still = put_one(c, &r.team, &SidebarCategory { muted: true, ..dms }).await;
    assert!(!still.muted);

    // Bad input is refused and changes nothing.
    let url = format!("{}/{}", mine(&r.team), work.id);
    let long = "x".repeat(65);
    c.put(&url, json!({"id": work.id, "user_id": r.alice.id(), "team_id": r.team.id, "type": "custom", "display_name": long}))
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
    c.put(&url, json!({"id": work.id, "user_id": r.alice.id(), "team_id": r.team.id, "display_name": "X", "sorting": "sideways"}))
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
    c.put(
        &url,
        json!({"id": work.id, "user_id": r.bob.id(), "team_id": r.team.id, "display_name": "X"}),
    )
    .await
    .expect_error(400, "api.context.invalid_param.app_error");
    c.put(&url, Value::Null).await.expect(400);
    c.post(
        &mine(&r.team),
        json!({"user_id": r.alice.id(), "team_id": r.team.id, "display_name": long}),
    )
    .await
    .expect_error(400, "api.context.invalid_param.app_error");
    c.post(
        &mine(&r.team),
        json!({"user_id": r.alice.id(), "team_id": r.team.id, "display_name": ""}),
    )
    .await
    .expect_error(400, "api.context.invalid_param.app_error");
    c.post(&mine(&r.team), json!({"user_id": r.alice.id(), "team_id": r.team.id, "display_name": "Mine", "channel_ids": vec!["x"; 5_001]}))
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
    // An unknown (well-formed) category is another's as far as the user knows: 403, as
    // Mattermost; an admin acting for the user is told it does not exist.
    let unknown = format!("{}/{}", mine(&r.team), stoa_model::new_id());
    c.get(&unknown)
        .await
        .expect_error(403, "api.context.permissions.app_error");
    c.put(&unknown, serde_json::to_value(&work).expect("json"))
        .await
        .expect_error(403, "api.context.permissions.app_error");
    r.admin
        .client
        .get(&format!(
            "{}/{}",
            base(r.alice.id(), &r.team.id),
            stoa_model::new_id()
        ))
        .await
        .expect_error(404, "app.channel.sidebar_categories.app_error");
    c.get(&format!("{}/not-a-category", mine(&r.team)))
        .await
        .expect_error(400, "api.context.invalid_url_param.app_error");
    c.put(
        &mine(&r.team),
        json!([{"id": stoa_model::new_id(), "user_id": r.alice.id(), "team_id": r.team.id}]),
    )
    .await
    .expect_error(400, "api.context.invalid_param.app_error");
    let unchanged = sidebar(c, &r.team).await;
    assert_eq!(unchanged.order.len(), 4);
    let work_now = of_type(&unchanged, "custom");
    assert_eq!(work_now.display_name, "Play");
    assert_eq!(work_now.sorting, "alpha");

    // Default categories cannot be deleted; a custom one returns its channels.
    c.delete(&format!("{}/{}", mine(&r.team), chan.id))
        .await
        .expect_error(400, "app.channel.sidebar_categories.app_error");
    let ok = c
        .delete(&format!("{}/{}", mine(&r.team), work.id))
        .await
        .expect(200)
        .json();
    assert_eq!(ok, json!({"status": "OK"}));
    let s = sidebar(c, &r.team).await;
    assert_eq!(s.order.len(), 3);
    assert!(of_type(&s, "channels").channel_ids.contains(&r.channel.id));
    assert_eq!(
        of_type(&s, "favorites").channel_ids,
        std::slice::from_ref(&off.id)
    );
    c.delete(&format!("{}/{}", mine(&r.team), work.id))
        .await
        .expect_error(403, "api.context.permissions.app_error");
}

async fn direct_messages_show_in_every_team(t: TestServer) {
    let r = Room::new(&t).await;
    let c = &r.alice.client;
    let other = t.team(&r.alice).await;
    let direct = dm(&r.alice, &r.bob).await;
    let group: Channel = c
        .post(
            "/channels/group",
            json!([r.alice.id(), r.bob.id(), r.admin.id()]),
        )
        .await
        .expect(201)
        .parse();
    for team in [&r.team, &other] {
        let dms = channels_of(c, team, "direct_messages").await;
        assert_eq!(dms.len(), 2, "{dms:?}");
        assert!(dms.contains(&direct.id) && dms.contains(&group.id));
    }
    // Placed in a category of one team, it stays in direct messages of the other.
    let people = create(c, &r.alice, &r.team, "People", &[&direct.id]).await;
    assert_eq!(people.channel_ids, std::slice::from_ref(&direct.id));
    assert_eq!(
        channels_of(c, &r.team, "direct_messages").await,
        std::slice::from_ref(&group.id)
    );
    assert!(
        channels_of(c, &other, "direct_messages")
            .await
            .contains(&direct.id)
    );
    // Naming it in direct messages moves it back there.
    let s = sidebar(c, &r.team).await;
    let mut dms = of_type(&s, "direct_messages").clone();
    dms.channel_ids.push(direct.id.clone());
    put_one(c, &r.team, &dms).await;
    assert!(
        channels_of(c, &r.team, "direct_messages")
            .await
            .contains(&direct.id)
    );
    assert!(channels_of(c, &r.team, "custom").await.is_empty());

    // Leaving a channel takes it out of its category.
    let mut fav = of_type(&s, "favorites").clone();
    fav.channel_ids = vec![r.channel.id.clone()];
    put_one(c, &r.team, &fav).await;
    c.delete(&format!(
        "/channels/{}/members/{}",
        r.channel.id,
        r.alice.id()
    ))
    .await
    .expect(200);
    let s = sidebar(c, &r.team).await;
    assert!(of_type(&s, "favorites").channel_ids.is_empty());
    assert!(!of_type(&s, "channels").channel_ids.contains(&r.channel.id));

    // Leaving the team takes the categories; joining again starts from the defaults.
    let stay = create(c, &r.alice, &other, "Stays", &[]).await;
    c.delete(&format!("/teams/{}/members/{}", r.team.id, r.alice.id()))
        .await
        .expect(200);
    c.get(&mine(&r.team))
        .await
        .expect_error(403, "api.context.permissions.app_error");
    r.admin
        .client
        .post(
            &format!("/teams/{}/members", r.team.id),
            json!({"team_id": r.team.id, "user_id": r.alice.id()}),
        )
        .await
        .expect(201);
    let s = sidebar(c, &r.team).await;
    assert_eq!(s.order.len(), 3);
    assert!(
        of_type(&s, "direct_messages")
            .channel_ids
            .contains(&direct.id)
    );
    assert_eq!(sidebar(c, &other).await.order[1], stay.id);
}

async fn others_cannot_read_or_change_categories(t: TestServer) {
    let r = Room::new(&t).await;
    let alices = sidebar(&r.alice.client, &r.team).await;
    let work = create(&r.alice.client, &r.alice, &r.team, "Work", &[]).await;
    let theirs = base(r.alice.id(), &r.team.id);
    let bob = &r.bob.client;
    let denied = "api.context.permissions.app_error";
    bob.get(&theirs).await.expect_error(403, denied);
    bob.get(&format!("{theirs}/order"))
        .await
        .expect_error(403, denied);
    bob.get(&format!("{theirs}/{}", work.id))
        .await
        .expect_error(403, denied);
    bob.post(
        &theirs,
        json!({"user_id": r.alice.id(), "team_id": r.team.id, "display_name": "Mine"}),
    )
    .await
    .expect_error(403, denied);
    bob.put(&theirs, json!([work]))
        .await
        .expect_error(403, denied);
    bob.put(
        &format!("{theirs}/{}", work.id),
        serde_json::to_value(&work).expect("json"),
    )
    .await
    .expect_error(403, denied);
    bob.put(&format!("{theirs}/order"), json!(alices.order))
        .await
        .expect_error(403, denied);
    bob.delete(&format!("{theirs}/{}", work.id))
        .await
        .expect_error(403, denied);
    // Nor through their own path with someone else's category.
    let own = mine(&r.team);
    bob.get(&format!("{own}/{}", work.id))
        .await
        .expect_error(403, denied);
    bob.delete(&format!("{own}/{}", work.id))
        .await
        .expect_error(403, denied);
    bob.put(&own, json!([work]))
        .await
        .expect_error(400, "api.context.invalid_param.app_error");
    // Nothing changed for her.
    let s = sidebar(&r.alice.client, &r.team).await;
    assert_eq!(s.order.len(), 4);
    assert_eq!(of_type(&s, "custom").display_name, "Work");
    // Only in teams the user belongs to.
    let carol = t.user(&r.admin, "carol").await;
    carol
        .client
        .get(&mine(&r.team))
        .await
        .expect_error(403, denied);
    // A system admin (edit_other_users) may read them.
    let seen: OrderedSidebarCategories = r.admin.client.get(&theirs).await.expect(200).parse();
    assert_eq!(seen.order, s.order);
    t.anon().get(&theirs).await.expect(401);
}

async fn websocket_events_reach_the_user(t: TestServer) {
    let r = Room::new(&t).await;
    let token = |u: &TestUser| u.client.token.clone().expect("logged in");
    let mut alice = WsClient::connect(&t, &token(&r.alice)).await;
    let mut bob = WsClient::connect(&t, &token(&r.bob)).await;
    let c = &r.alice.client;
    let to_alice = |ev: &Value| {
        assert_eq!(ev["broadcast"]["user_id"], r.alice.id(), "{ev}");
        assert_eq!(ev["broadcast"]["team_id"], r.team.id, "{ev}");
    };

    let work = create(c, &r.alice, &r.team, "Work", &[&r.channel.id]).await;
    let ev = alice.next_event("sidebar_category_created", WAIT).await;
    assert_eq!(ev["data"], json!({"category_id": work.id}));
    to_alice(&ev);

    let muted = put_one(
        c,
        &r.team,
        &SidebarCategory {
            display_name: "Quiet".into(),
            muted: true,
            ..work.clone()
        },
    )
    .await;
    let ev = alice.next_event("sidebar_category_updated", WAIT).await;
    to_alice(&ev);
    let updated = json_field(&ev, "updatedCategories");
    assert_eq!(updated, json!([muted]));
    let ev = alice.next_event("channel_member_updated", WAIT).await;
    let member = json_field(&ev, "channelMember");
    assert_eq!(member["channel_id"], r.channel.id);
    assert_eq!(member["notify_props"]["mark_unread"], "mention");

    let mut order: Vec<String> = c
        .get(&format!("{}/order", mine(&r.team)))
        .await
        .expect(200)
        .parse();
    order.reverse();
    c.put(&format!("{}/order", mine(&r.team)), json!(order))
        .await
        .expect(200);
    let ev = alice
        .next_event("sidebar_category_order_updated", WAIT)
        .await;
    assert_eq!(ev["data"]["order"], json!(order));
    to_alice(&ev);

    c.delete(&format!("{}/{}", mine(&r.team), work.id))
        .await
        .expect(200);
    let ev = alice.next_event("sidebar_category_deleted", WAIT).await;
    assert_eq!(ev["data"], json!({"category_id": work.id}));
    to_alice(&ev);

    // A preference change may move favourites: clients are told to reload (no data, no team).
    c.put(
        "/users/me/preferences",
        json!([{"user_id": r.alice.id(), "category": "favorite_channel", "name": r.channel.id, "value": "true"}]),
    )
    .await
    .expect(200);
    let ev = alice.next_event("sidebar_category_updated", WAIT).await;
    assert_eq!(ev["data"], json!({}));
    assert_eq!(ev["broadcast"]["user_id"], r.alice.id());
    assert_eq!(ev["broadcast"]["team_id"], "");
    alice.next_event("preferences_changed", WAIT).await;

    // Nobody else hears about it.
    for name in [
        "sidebar_category_created",
        "sidebar_category_updated",
        "sidebar_category_order_updated",
        "sidebar_category_deleted",
    ] {
        bob.expect_no_event(name, QUIET).await;
    }
}

api_test!(
    defaults_for_a_new_team_member,
    favoriting_moves_a_channel_and_keeps_the_preference,
    the_order_round_trips_and_is_checked,
    custom_categories_are_made_renamed_muted_and_deleted,
    direct_messages_show_in_every_team,
    others_cannot_read_or_change_categories,
    websocket_events_reach_the_user,
);
