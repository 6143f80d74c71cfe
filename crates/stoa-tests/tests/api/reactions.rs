//! Reactions: adding, removing, reading one post's and many posts' reactions, and who may.

use serde_json::{Value, json};
use stoa_model::post::Post;
use stoa_model::reaction::Reaction;
use stoa_tests::messaging::{Room, say};
use stoa_tests::{ApiClient, Fixture, Resp, TestServer, api_test};

async fn react(client: &ApiClient, user_id: &str, post_id: &str, emoji: &str) -> Resp {
    client
        .post(
            "/reactions",
            json!({"user_id": user_id, "post_id": post_id, "emoji_name": emoji}),
        )
        .await
}

async fn unreact(client: &ApiClient, user_id: &str, post_id: &str, emoji: &str) -> Resp {
    client
        .delete(&format!(
            "/users/{user_id}/posts/{post_id}/reactions/{emoji}"
        ))
        .await
}

async fn reactions_of(client: &ApiClient, post_id: &str) -> Vec<Reaction> {
    client
        .get(&format!("/posts/{post_id}/reactions"))
        .await
        .expect(200)
        .parse()
}

/// `(user_id, emoji_name)` of the reactions in a post's metadata, sorted.
fn metadata_reactions(post: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = post["metadata"]["reactions"]
        .as_array()
        .map(|rs| {
            rs.iter()
                .map(|r| {
                    (
                        r["user_id"].as_str().unwrap_or_default().to_owned(),
                        r["emoji_name"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

async fn reacting_twice_is_one_reaction_and_the_post_shows_it(t: TestServer) {
    let r = Room::new(&t).await;
    let post = say(&r.alice.client, &r.channel.id, "react to me").await;
    let resp = react(&r.bob.client, r.bob.id(), &post.id, "+1")
        .await
        .expect(200);
    assert_eq!(resp.header("content-type"), Some("application/json"));
    let first: Reaction = resp.parse();
    assert_eq!(first.user_id, r.bob.id());
    assert_eq!(first.post_id, post.id);
    assert_eq!(first.emoji_name, "+1");
    assert_eq!(first.channel_id, r.channel.id);
    assert!(first.create_at > 0 && first.delete_at == 0);

    let again: Reaction = react(&r.bob.client, r.bob.id(), &post.id, "+1")
        .await
        .expect(200)
        .parse();
    assert_eq!(again.create_at, first.create_at, "the same reaction");
    let listed = reactions_of(&r.alice.client, &post.id).await;
    assert_eq!(
        listed.len(),
        1,
        "reacting twice is one reaction: {listed:?}"
    );
    assert_eq!(listed[0].user_id, r.bob.id());

    react(&r.alice.client, r.alice.id(), &post.id, "tada")
        .await
        .expect(200);
    let seen = r
        .bob
        .client
        .get(&format!("/posts/{}", post.id))
        .await
        .expect(200)
        .json();
    assert_eq!(seen["has_reactions"], true);
    assert!(seen["update_at"].as_i64() > Some(post.update_at));
    let mut expected = vec![
        (r.bob.id().to_owned(), "+1".to_owned()),
        (r.alice.id().to_owned(), "tada".to_owned()),
    ];
    expected.sort();
    assert_eq!(metadata_reactions(&seen), expected);
    // Channel listings carry them too.
    let list = r
        .bob
        .client
        .get(&format!("/channels/{}/posts", r.channel.id))
        .await
        .expect(200)
        .json();
    assert_eq!(metadata_reactions(&list["posts"][&post.id]).len(), 2);

    // Removing one keeps the flag; removing the last clears it.
    let ok = unreact(&r.bob.client, r.bob.id(), &post.id, "+1")
        .await
        .expect(200)
        .json();
    assert_eq!(ok, json!({"status": "OK"}));
    let seen: Value = r
        .bob
        .client
        .get(&format!("/posts/{}", post.id))
        .await
        .json();
    assert_eq!(seen["has_reactions"], true);
    assert_eq!(
        metadata_reactions(&seen),
        vec![(r.alice.id().to_owned(), "tada".to_owned())]
    );
    unreact(&r.alice.client, "me", &post.id, "tada")
        .await
        .expect(200);
    let seen: Post = r
        .bob
        .client
        .get(&format!("/posts/{}", post.id))
        .await
        .parse();
    assert!(!seen.has_reactions);
    assert!(seen.metadata.is_none_or(|m| m.reactions.is_empty()));
    let empty = r
        .alice
        .client
        .get(&format!("/posts/{}/reactions", post.id))
        .await
        .expect(200);
    assert_eq!(empty.json(), json!([]), "an empty array, not null");

    // Reacting again after removing brings it back.
    react(&r.bob.client, r.bob.id(), &post.id, "+1")
        .await
        .expect(200);
    assert_eq!(reactions_of(&r.alice.client, &post.id).await.len(), 1);
}

async fn bad_reactions_are_refused_and_nothing_is_written(t: TestServer) {
    let r = Room::new(&t).await;
    let post = say(&r.alice.client, &r.channel.id, "hello").await;
    let bob = &r.bob.client;
    react(bob, r.alice.id(), &post.id, "+1")
        .await
        .expect_error(403, "api.reaction.save_reaction.user_id.app_error");
    react(bob, r.bob.id(), "nope", "+1")
        .await
        .expect_error(400, "api.reaction.save_reaction.invalid.app_error");
    react(bob, r.bob.id(), &post.id, "")
        .await
        .expect_error(400, "api.reaction.save_reaction.invalid.app_error");
    react(bob, r.bob.id(), &post.id, &"a".repeat(65))
        .await
        .expect_error(400, "api.reaction.save_reaction.invalid.app_error");
    react(bob, r.bob.id(), &post.id, "not_an_emoji_at_all")
        .await
        .expect_error(404, "app.emoji.get_by_name.no_result");
    react(bob, r.bob.id(), &stoa_model::new_id(), "+1")
        .await
        .expect(404);
    bob.post("/reactions", json!({"user_id": 1}))
        .await
        .expect_error(400, "api.context.invalid_body_param.app_error");
    t.anon()
        .post(
            "/reactions",
            json!({"user_id": r.bob.id(), "post_id": post.id, "emoji_name": "+1"}),
        )
        .await
        .expect_error(401, "api.context.session_expired.app_error");
    assert!(reactions_of(&r.alice.client, &post.id).await.is_empty());
    let seen: Post = bob.get(&format!("/posts/{}", post.id)).await.parse();
    assert!(!seen.has_reactions);
}

async fn private_deleted_and_archived_posts_take_no_reactions(t: TestServer) {
    let r = Room::new(&t).await;
    // A private channel alice is not in.
    let private = t.channel(&r.admin, &r.team, "P").await;
    let secret = say(&r.admin.client, &private.id, "members only").await;
    react(&r.admin.client, r.admin.id(), &secret.id, "eyes")
        .await
        .expect(200);
    react(&r.alice.client, r.alice.id(), &secret.id, "+1")
        .await
        .expect_error(403, "api.context.permissions.app_error");
    r.alice
        .client
        .get(&format!("/posts/{}/reactions", secret.id))
        .await
        .expect_error(403, "api.context.permissions.app_error");
    unreact(&r.alice.client, r.admin.id(), &secret.id, "eyes")
        .await
        .expect_error(403, "api.context.permissions.app_error");
    assert_eq!(reactions_of(&r.admin.client, &secret.id).await.len(), 1);

    // A deleted post.
    let gone = say(&r.alice.client, &r.channel.id, "soon gone").await;
    react(&r.bob.client, r.bob.id(), &gone.id, "wave")
        .await
        .expect(200);
    r.alice
        .client
        .delete(&format!("/posts/{}", gone.id))
        .await
        .expect(200);
    react(&r.bob.client, r.bob.id(), &gone.id, "+1")
        .await
        .expect(404);
    r.bob
        .client
        .get(&format!("/posts/{}/reactions", gone.id))
        .await
        .expect(404);
    unreact(&r.bob.client, r.bob.id(), &gone.id, "wave")
        .await
        .expect(404);

    // An archived channel: nothing changes any more.
    let post = say(&r.alice.client, &r.channel.id, "before archiving").await;
    react(&r.bob.client, r.bob.id(), &post.id, "+1")
        .await
        .expect(200);
    r.admin
        .client
        .delete(&format!("/channels/{}", r.channel.id))
        .await
        .expect(200);
    react(&r.alice.client, r.alice.id(), &post.id, "tada")
        .await
        .expect_error(403, "api.reaction.save.archived_channel.app_error");
    unreact(&r.bob.client, r.bob.id(), &post.id, "+1")
        .await
        .expect_error(403, "api.reaction.delete.archived_channel.app_error");
    let left = reactions_of(&r.alice.client, &post.id).await;
    assert_eq!(left.len(), 1, "{left:?}");
}

async fn removing_others_reactions_needs_the_permission(t: TestServer) {
    let r = Room::new(&t).await;
    let post = say(&r.alice.client, &r.channel.id, "hi").await;
    react(&r.bob.client, r.bob.id(), &post.id, "+1")
        .await
        .expect(200);
    unreact(&r.alice.client, r.bob.id(), &post.id, "+1")
        .await
        .expect_error(403, "api.context.permissions.app_error");
    assert_eq!(reactions_of(&r.alice.client, &post.id).await.len(), 1);
    unreact(&r.alice.client, r.bob.id(), &post.id, "bad%20name")
        .await
        .expect_error(400, "api.context.invalid_url_param.app_error");
    unreact(&r.alice.client, r.bob.id(), "nope", "+1")
        .await
        .expect_error(400, "api.context.invalid_url_param.app_error");
    // The system admin may.
    unreact(&r.admin.client, r.bob.id(), &post.id, "+1")
        .await
        .expect(200);
    assert!(reactions_of(&r.alice.client, &post.id).await.is_empty());
    // Removing what is not there is fine.
    unreact(&r.bob.client, r.bob.id(), &post.id, "+1")
        .await
        .expect(200);
}

async fn bulk_reactions_map_every_readable_post(t: TestServer) {
    let r = Room::new(&t).await;
    let with = say(&r.alice.client, &r.channel.id, "with reactions").await;
    let without = say(&r.alice.client, &r.channel.id, "without").await;
    for (u, e) in [(&r.alice, "smile"), (&r.bob, "smile"), (&r.bob, "heart")] {
        react(&u.client, u.id(), &with.id, e).await.expect(200);
    }
    let private = t.channel(&r.admin, &r.team, "P").await;
    let secret = say(&r.admin.client, &private.id, "hidden").await;
    react(&r.admin.client, r.admin.id(), &secret.id, "eyes")
        .await
        .expect(200);
    let unknown = stoa_model::new_id();
    let map = r
        .alice
        .client
        .post(
            "/posts/ids/reactions",
            json!([with.id, without.id, secret.id, unknown, with.id]),
        )
        .await
        .expect(200)
        .json();
    let obj = map.as_object().expect("an object keyed by post id");
    assert_eq!(obj.len(), 2, "only readable posts: {map}");
    assert_eq!(obj[&without.id], json!([]));
    let mut names: Vec<&str> = obj[&with.id]
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|r| r["emoji_name"].as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["heart", "smile", "smile"]);
    // The admin reads the private one as well.
    let map = r
        .admin
        .client
        .post("/posts/ids/reactions", json!([secret.id]))
        .await
        .expect(200)
        .json();
    assert_eq!(map[&secret.id][0]["emoji_name"], "eyes");
    let empty = r
        .alice
        .client
        .post("/posts/ids/reactions", json!([]))
        .await
        .expect(200);
    assert_eq!(empty.json(), json!({}));
    r.alice
        .client
        .post("/posts/ids/reactions", json!({"ids": []}))
        .await
        .expect(400);
}

/// 51 system emoji names.
const NAMES: [&str; 51] = [
    "abacus",
    "accept",
    "accordion",
    "adult",
    "airplane",
    "alembic",
    "alien",
    "ambulance",
    "amphora",
    "anchor",
    "angel",
    "anger",
    "angry",
    "anguished",
    "ant",
    "apple",
    "aquarius",
    "aries",
    "art",
    "artist",
    "astonished",
    "astronaut",
    "atm",
    "avocado",
    "axe",
    "baby",
    "back",
    "bacon",
    "badger",
    "bagel",
    "balloon",
    "bamboo",
    "banana",
    "bangbang",
    "banjo",
    "bank",
    "barber",
    "baseball",
    "basket",
    "basketball",
    "bat",
    "bath",
    "bathtub",
    "battery",
    "beans",
    "bear",
    "beaver",
    "bed",
    "bee",
    "beer",
    "beetle",
];

async fn a_post_takes_at_most_fifty_distinct_emoji(t: TestServer) {
    let r = Room::new(&t).await;
    let post = say(&r.alice.client, &r.channel.id, "popular").await;
    for name in &NAMES[..50] {
        react(&r.alice.client, r.alice.id(), &post.id, name)
            .await
            .expect(200);
    }
    react(&r.bob.client, r.bob.id(), &post.id, NAMES[50])
        .await
        .expect_error(400, "app.reaction.save.save.too_many_reactions");
    // Joining an emoji already there is still fine.
    react(&r.bob.client, r.bob.id(), &post.id, NAMES[0])
        .await
        .expect(200);
    assert_eq!(reactions_of(&r.bob.client, &post.id).await.len(), 51);
}

api_test!(
    reacting_twice_is_one_reaction_and_the_post_shows_it,
    bad_reactions_are_refused_and_nothing_is_written,
    private_deleted_and_archived_posts_take_no_reactions,
    removing_others_reactions_needs_the_permission,
    bulk_reactions_map_every_readable_post,
    a_post_takes_at_most_fifty_distinct_emoji,
);
