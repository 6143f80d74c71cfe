//! Synced drafts: saving, listing, deleting, their events, the setting, and who may.

use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;
use stoa_model::draft::Draft;
use stoa_tests::messaging::{Room, add_to_channel, add_to_team, reply, say};
use stoa_tests::ws::{WAIT, WsClient, json_field};
use stoa_tests::{ApiClient, Fixture, Resp, TestServer, TestUser, api_test};

use crate::files::upload;

/// `POST /drafts`, optionally naming the caller's WebSocket in `Connection-Id`.
async fn save(client: &ApiClient, body: Value, connection_id: Option<&str>) -> Resp {
    let mut rb = client.request(Method::POST, "/drafts").json(&body);
    if let Some(id) = connection_id {
        rb = rb.header("Connection-Id", id);
    }
    ApiClient::send(rb).await
}

/// Saves a draft (201) and returns it.
async fn draft(client: &ApiClient, channel_id: &str, root_id: &str, message: &str) -> Draft {
    save(
        client,
        json!({"channel_id": channel_id, "root_id": root_id, "message": message}),
        None,
    )
    .await
    .expect(201)
    .parse()
}

/// The caller's drafts in a team, through `users/me`.
async fn drafts(client: &ApiClient, team_id: &str) -> Vec<Draft> {
    client
        .get(&format!("/users/me/teams/{team_id}/drafts"))
        .await
        .expect(200)
        .parse()
}

/// `(channel_id, root_id, message)` of drafts, in order.
fn keys(list: &[Draft]) -> Vec<(String, String, String)> {
    list.iter()
        .map(|d| (d.channel_id.clone(), d.root_id.clone(), d.message.clone()))
        .collect()
}

async fn delete_draft(client: &ApiClient, user: &str, channel_id: &str, root_id: &str) -> Resp {
    let path = match root_id {
        "" => format!("/users/{user}/channels/{channel_id}/drafts"),
        root => format!("/users/{user}/channels/{channel_id}/drafts/{root}"),
    };
    client.delete(&path).await
}

fn token(u: &TestUser) -> String {
    u.client.token.clone().expect("logged in")
}

async fn pause() {
    // Times are milliseconds: make the next save visibly later.
    tokio::time::sleep(Duration::from_millis(5)).await;
}

async fn saving_again_updates_the_draft_and_keeps_its_creation_time(t: TestServer) {
    let r = Room::new(&t).await;
    let resp = save(
        &r.alice.client,
        // Someone else's id in the body is ignored: drafts are the caller's.
        json!({"channel_id": r.channel.id, "message": "hello", "user_id": r.bob.id(),
               "create_at": 0, "update_at": 0, "delete_at": 5}),
        None,
    )
    .await
    .expect(201);
    assert_eq!(resp.header("content-type"), Some("application/json"));
    let body = resp.json();
    assert_eq!(
        body.as_object().map(|o| {
            let mut k: Vec<&str> = o.keys().map(String::as_str).collect();
            k.sort_unstable();
            k
        }),
        Some(vec![
            "channel_id",
            "create_at",
            "delete_at",
            "message",
            "metadata",
            "props",
            "root_id",
            "type",
            "update_at",
            "user_id"
        ]),
        "Mattermost's fields, empty file_ids and priority left out: {body}"
    );
    assert_eq!(body["metadata"], json!({}));
    assert_eq!(body["props"], json!({}));
    let first: Draft = resp.parse();
    assert_eq!(first.user_id, r.alice.id());
    assert_eq!(first.message, "hello");
    assert_eq!(first.delete_at, 0);
    assert!(first.create_at > 0 && first.update_at == first.create_at);

    pause().await;
    let second: Draft = save(
        &r.alice.client,
        json!({"channel_id": r.channel.id, "message": "hello again", "create_at": first.create_at,
               "props": {"k": "v"}, "priority": {"priority": "important"}}),
        None,
    )
    .await
    .expect(201)
    .parse();
    assert_eq!(second.create_at, first.create_at);
    assert!(second.update_at > first.update_at);
    assert_eq!(
        second.props,
        json!({"k": "v"}).as_object().cloned().unwrap_or_default()
    );
    assert_eq!(second.priority["priority"], "important");

    // A client that forgot the creation time does not reset it.
    pause().await;
    let third = draft(&r.alice.client, &r.channel.id, "", "third").await;
    assert_eq!(third.create_at, first.create_at);
    assert!(third.update_at > second.update_at);
    let listed = drafts(&r.alice.client, &r.team.id).await;
    assert_eq!(listed.len(), 1, "one draft per channel: {listed:?}");
    assert_eq!(listed[0].message, "third");
    assert_eq!(listed[0].create_at, first.create_at);
    assert!(
        drafts(&r.bob.client, &r.team.id).await.is_empty(),
        "not bob's"
    );
}

async fn listing_covers_the_team_and_direct_messages_newest_first(t: TestServer) {
    let r = Room::new(&t).await;
    let (alice, bob) = (&r.alice, &r.bob);
    // Nothing yet is an empty array (not null).
    let empty = alice
        .client
        .get(&format!("/users/{}/teams/{}/drafts", alice.id(), r.team.id))
        .await
        .expect(200);
    assert_eq!(empty.json(), json!([]));

    let dm: Value = alice
        .client
        .post("/channels/direct", json!([alice.id(), bob.id()]))
        .await
        .expect(201)
        .json();
    let dm_id = dm["id"].as_str().unwrap_or_default().to_owned();
    let other_team = t.team(&r.admin).await;
    add_to_team(&r.admin.client, &other_team.id, alice.id()).await;
    let away = t.channel(&r.admin, &other_team, "O").await;
    add_to_channel(&r.admin.client, &away.id, alice.id()).await;
    let root = say(&bob.client, &r.channel.id, "a thread").await;

    draft(&alice.client, &r.channel.id, "", "in the channel").await;
    pause().await;
    draft(&alice.client, &away.id, "", "in the other team").await;
    pause().await;
    draft(&alice.client, &dm_id, "", "to bob").await;
    pause().await;
    draft(&alice.client, &r.channel.id, &root.id, "in the thread").await;

    let here = drafts(&alice.client, &r.team.id).await;
    assert_eq!(
        keys(&here),
        [
            (
                r.channel.id.clone(),
                root.id.clone(),
                "in the thread".into()
            ),
            (dm_id.clone(), String::new(), "to bob".into()),
            (r.channel.id.clone(), String::new(), "in the channel".into()),
        ]
    );
    assert_eq!(
        keys(&drafts(&alice.client, &other_team.id).await),
        [
            (dm_id.clone(), String::new(), "to bob".into()),
            (away.id.clone(), String::new(), "in the other team".into()),
        ]
    );
    // The own id works as `me` does.
    let by_id: Vec<Draft> = alice
        .client
        .get(&format!("/users/{}/teams/{}/drafts", alice.id(), r.team.id))
        .await
        .expect(200)
        .parse();
    assert_eq!(by_id, here);

    // Leaving a channel hides its drafts; they are kept, as in Mattermost.
    alice
        .client
        .delete(&format!(
            "/channels/{}/members/{}",
            r.channel.id,
            alice.id()
        ))
        .await
        .expect(200);
    assert_eq!(
        keys(&drafts(&alice.client, &r.team.id).await),
        [(dm_id.clone(), String::new(), "to bob".into())]
    );
    add_to_channel(&r.admin.client, &r.channel.id, alice.id()).await;
    assert_eq!(drafts(&alice.client, &r.team.id).await.len(), 3);
}

async fn drafts_are_private_to_their_user(t: TestServer) {
    let r = Room::new(&t).await;
    draft(&r.alice.client, &r.channel.id, "", "alice's secret").await;

    // Naming alice in the path still reads and deletes bob's own drafts (Mattermost's rule):
    // bob never sees or removes alice's.
    let seen: Vec<Draft> = r
        .bob
        .client
        .get(&format!(
            "/users/{}/teams/{}/drafts",
            r.alice.id(),
            r.team.id
        ))
        .await
        .expect(200)
        .parse();
    assert!(seen.is_empty(), "bob sees only his own: {seen:?}");
    let ok = delete_draft(&r.bob.client, r.alice.id(), &r.channel.id, "")
        .await
        .expect(200)
        .json();
    assert_eq!(ok, json!({"status": "OK"}));
    assert_eq!(
        keys(&drafts(&r.alice.client, &r.team.id).await),
        [(r.channel.id.clone(), String::new(), "alice's secret".into())]
    );

    // Outside the team: no listing, no drafting.
    let carol = t.user(&r.admin, "carol").await;
    carol
        .client
        .get(&format!("/users/me/teams/{}/drafts", r.team.id))
        .await
        .expect_error(403, "api.context.permissions.app_error");
    save(
        &carol.client,
        json!({"channel_id": r.channel.id, "message": "let me in"}),
        None,
    )
    .await
    .expect_error(403, "api.context.permissions.app_error");
    // In the team but not in a private channel: no drafting there either.
    add_to_team(&r.admin.client, &r.team.id, carol.id()).await;
    let private = t.channel(&r.admin, &r.team, "P").await;
    save(
        &carol.client,
        json!({"channel_id": private.id, "message": "let me in"}),
        None,
    )
    .await
    .expect_error(403, "api.context.permissions.app_error");
    assert!(drafts(&carol.client, &r.team.id).await.is_empty());
    // Anonymous callers are refused first.
    t.anon()
        .get(&format!("/users/me/teams/{}/drafts", r.team.id))
        .await
        .expect_error(401, "api.context.session_expired.app_error");
}

async fn deleting_drafts_by_channel_and_by_thread(t: TestServer) {
    let r = Room::new(&t).await;
    let root = say(&r.alice.client, &r.channel.id, "root").await;
    draft(&r.alice.client, &r.channel.id, "", "channel box").await;
    draft(&r.alice.client, &r.channel.id, &root.id, "thread box").await;

    let ok = delete_draft(&r.alice.client, "me", &r.channel.id, &root.id)
        .await
        .expect(200);
    assert_eq!(ok.header("content-type"), Some("application/json"));
    assert_eq!(ok.json(), json!({"status": "OK"}));
    assert_eq!(
        keys(&drafts(&r.alice.client, &r.team.id).await),
        [(r.channel.id.clone(), String::new(), "channel box".into())]
    );
    delete_draft(&r.alice.client, r.alice.id(), &r.channel.id, "")
        .await
        .expect(200);
    assert!(drafts(&r.alice.client, &r.team.id).await.is_empty());

    // No draft there (the web app deletes after every post): still OK, as in Mattermost.
    for root_id in ["", root.id.as_str()] {
        let again = delete_draft(&r.alice.client, "me", &r.channel.id, root_id)
            .await
            .expect(200);
        assert_eq!(again.json(), json!({"status": "OK"}));
    }
    delete_draft(&r.alice.client, "me", "not-an-id", "")
        .await
        .expect_error(400, "api.context.invalid_url_param.app_error");
    delete_draft(&r.alice.client, "me", &r.channel.id, "not-an-id")
        .await
        .expect_error(400, "api.context.invalid_url_param.app_error");

    // An empty message deletes instead of saving: 201 with null, as Mattermost.
    draft(&r.alice.client, &r.channel.id, "", "soon empty").await;
    let gone = save(
        &r.alice.client,
        json!({"channel_id": r.channel.id, "message": ""}),
        None,
    )
    .await
    .expect(201);
    assert_eq!(gone.header("content-type"), Some("application/json"));
    assert_eq!(gone.json(), Value::Null);
    assert_eq!(gone.text(), "null");
    assert!(drafts(&r.alice.client, &r.team.id).await.is_empty());
}

async fn posting_leaves_the_draft_to_the_client_and_deleting_the_root_removes_reply_drafts(
    t: TestServer,
) {
    let r = Room::new(&t).await;
    let root = say(&r.alice.client, &r.channel.id, "root").await;
    let other_root = say(&r.alice.client, &r.channel.id, "another root").await;
    draft(&r.alice.client, &r.channel.id, "", "about to send").await;
    draft(&r.alice.client, &r.channel.id, &root.id, "alice replying").await;
    draft(&r.bob.client, &r.channel.id, &root.id, "bob replying").await;
    draft(
        &r.bob.client,
        &r.channel.id,
        &other_root.id,
        "bob elsewhere",
    )
    .await;

    // Mattermost's server keeps the draft when the post is created; its web app then deletes
    // it with `DELETE …/drafts`, which answers OK.
    say(&r.alice.client, &r.channel.id, "about to send").await;
    reply(&r.alice.client, &root, "alice replying").await;
    assert_eq!(drafts(&r.alice.client, &r.team.id).await.len(), 2);
    delete_draft(&r.alice.client, "me", &r.channel.id, "")
        .await
        .expect(200);

    // Deleting a root post removes every user's drafts of replies to it, and nothing else.
    r.alice
        .client
        .delete(&format!("/posts/{}", root.id))
        .await
        .expect(200);
    assert!(drafts(&r.alice.client, &r.team.id).await.is_empty());
    assert_eq!(
        keys(&drafts(&r.bob.client, &r.team.id).await),
        [(
            r.channel.id.clone(),
            other_root.id.clone(),
            "bob elsewhere".into()
        )]
    );
}

/// Draft events seen on `ws` up to and including the next `draft_created` carrying `marker`.
async fn draft_events_until(ws: &mut WsClient, marker: &str) -> Vec<(String, String)> {
    ws.events_until("draft_created", WAIT, |ev| {
        json_field(ev, "draft")["message"] == marker
    })
    .await
    .iter()
    .filter(|ev| {
        ev["event"]
            .as_str()
            .is_some_and(|e| e.starts_with("draft_"))
    })
    .map(|ev| {
        (
            ev["event"].as_str().unwrap_or_default().to_owned(),
            json_field(ev, "draft")["message"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        )
    })
    .collect()
}

async fn draft_events_reach_the_users_other_connections(t: TestServer) {
    let r = Room::new(&t).await;
    let mut typing = WsClient::connect(&t, &token(&r.alice)).await;
    let mut other = WsClient::connect(&t, &token(&r.alice)).await;
    let mut bob = WsClient::connect(&t, &token(&r.bob)).await;
    let own = typing.connection_id().to_owned();

    // Saved from the `typing` connection: the others hear of it, the typing one does not.
    let saved: Draft = save(
        &r.alice.client,
        json!({"channel_id": r.channel.id, "message": "first words"}),
        Some(&own),
    )
    .await
    .expect(201)
    .parse();
    let ev = other.next_event("draft_created", WAIT).await;
    let sent: Draft = serde_json::from_value(json_field(&ev, "draft")).expect("a draft");
    assert_eq!(sent, saved, "the draft as the reply has it");
    assert_eq!(json_field(&ev, "draft")["metadata"], json!({}));
    assert_eq!(ev["broadcast"]["user_id"], r.alice.id());
    assert_eq!(ev["broadcast"]["channel_id"], r.channel.id);
    assert_eq!(ev["broadcast"]["omit_connection_id"], own);

    // An update is `draft_created` again (Mattermost never sends `draft_updated`).
    save(
        &r.alice.client,
        json!({"channel_id": r.channel.id, "message": "more words", "create_at": saved.create_at}),
        Some(&own),
    )
    .await
    .expect(201);
    let ev = other.next_event("draft_created", WAIT).await;
    assert_eq!(json_field(&ev, "draft")["message"], "more words");
    assert_eq!(json_field(&ev, "draft")["create_at"], saved.create_at);

    // Deleting from `typing`: `draft_deleted` with the draft as it was.
    delete_draft(&r.alice.client, "me", &r.channel.id, "")
        .await
        .expect(200);
    let ev = other.next_event("draft_deleted", WAIT).await;
    let gone = json_field(&ev, "draft");
    assert_eq!(gone["message"], "more words");
    assert_eq!(gone["user_id"], r.alice.id());
    assert_eq!(gone["channel_id"], r.channel.id);
    assert_eq!(gone["root_id"], "");
    assert_eq!(ev["broadcast"]["user_id"], r.alice.id());
    // Deleting again, or saving an empty message, sends nothing.
    delete_draft(&r.alice.client, "me", &r.channel.id, "")
        .await
        .expect(200);
    save(
        &r.alice.client,
        json!({"channel_id": r.channel.id, "message": ""}),
        None,
    )
    .await
    .expect(201);

    // A marker saved without `Connection-Id` reaches every connection of alice's: what came
    // before it on each tells what each was sent.
    draft(&r.alice.client, &r.channel.id, "", "marker").await;
    assert_eq!(
        draft_events_until(&mut typing, "marker").await,
        [
            ("draft_deleted".to_owned(), "more words".to_owned()),
            ("draft_created".to_owned(), "marker".to_owned()),
        ],
        "the typing connection hears only of what another did"
    );
    assert_eq!(
        draft_events_until(&mut other, "marker").await,
        [("draft_created".to_owned(), "marker".to_owned())],
        "nothing for the second delete or the empty save"
    );
    // Bob hears of none of alice's drafts, only of his own.
    draft(&r.bob.client, &r.channel.id, "", "bob's marker").await;
    assert_eq!(
        draft_events_until(&mut bob, "bob's marker").await,
        [("draft_created".to_owned(), "bob's marker".to_owned())]
    );
}

async fn synced_drafts_can_be_turned_off(t: TestServer) {
    let r = Room::new(&t).await;
    // Signed-in clients read it (it is not in the limited config).
    let client_config = |u: &TestUser| {
        let client = u.client.clone();
        async move {
            client
                .get("/config/client?format=old")
                .await
                .expect(200)
                .json()
        }
    };
    assert_eq!(client_config(&r.alice).await["AllowSyncedDrafts"], "true");
    draft(&r.alice.client, &r.channel.id, "", "kept").await;

    r.admin
        .client
        .put(
            "/config/patch",
            json!({"ServiceSettings": {"AllowSyncedDrafts": false}}),
        )
        .await
        .expect(200);
    assert_eq!(client_config(&r.alice).await["AllowSyncedDrafts"], "false");
    let disabled = "api.drafts.disabled.app_error";
    save(
        &r.alice.client,
        json!({"channel_id": r.channel.id, "message": "no"}),
        None,
    )
    .await
    .expect_error(501, disabled);
    // Checked before the body is read, as in Mattermost.
    r.alice
        .client
        .raw(Method::POST, "/drafts", "application/json", b"{".to_vec())
        .await
        .expect_error(501, disabled);
    r.alice
        .client
        .get(&format!("/users/me/teams/{}/drafts", r.team.id))
        .await
        .expect_error(501, disabled);
    delete_draft(&r.alice.client, "me", &r.channel.id, "")
        .await
        .expect_error(501, disabled);

    r.admin
        .client
        .put(
            "/config/patch",
            json!({"ServiceSettings": {"AllowSyncedDrafts": true}}),
        )
        .await
        .expect(200);
    assert_eq!(client_config(&r.alice).await["AllowSyncedDrafts"], "true");
    assert_eq!(
        keys(&drafts(&r.alice.client, &r.team.id).await),
        [(r.channel.id.clone(), String::new(), "kept".into())],
        "nothing changed while off"
    );
}

async fn bad_drafts_are_refused_and_change_nothing(t: TestServer) {
    let r = Room::new(&t).await;
    let alice = &r.alice.client;
    draft(alice, &r.channel.id, "", "the good one").await;
    let before = drafts(alice, &r.team.id).await;
    let invalid = "api.context.invalid_param.app_error";

    // A channel that does not exist: a user may not draft there; an admin learns it is not.
    let nowhere = stoa_model::new_id();
    save(alice, json!({"channel_id": nowhere, "message": "x"}), None)
        .await
        .expect_error(403, "api.context.permissions.app_error");
    save(
        &r.admin.client,
        json!({"channel_id": nowhere, "message": "x"}),
        None,
    )
    .await
    .expect_error(400, invalid);
    save(alice, json!({"message": "no channel"}), None)
        .await
        .expect_error(403, "api.context.permissions.app_error");
    // Not JSON, or not a draft.
    alice
        .raw(Method::POST, "/drafts", "application/json", b"{".to_vec())
        .await
        .expect_error(400, invalid);
    save(
        alice,
        json!({"channel_id": r.channel.id, "message": 5}),
        None,
    )
    .await
    .expect_error(400, invalid);
    // Mattermost's `Draft.IsValid` limits (its store answers 500 for these; here they are 400).
    let long = "é".repeat(16_384);
    save(
        alice,
        json!({"channel_id": r.channel.id, "message": long}),
        None,
    )
    .await
    .expect_error(400, "model.draft.is_valid.message_length.app_error");
    let at_limit = "é".repeat(16_383);
    let ids: Vec<String> = (0..11).map(|_| stoa_model::new_id()).collect();
    save(
        alice,
        json!({"channel_id": r.channel.id, "message": "files", "file_ids": ids}),
        None,
    )
    .await
    .expect_error(400, "model.draft.is_valid.file_ids.app_error");
    save(
        alice,
        json!({"channel_id": r.channel.id, "root_id": "not-an-id", "message": "x"}),
        None,
    )
    .await
    .expect_error(400, "model.draft.is_valid.root_id.app_error");
    // An archived channel takes no drafts.
    let archived = t.channel(&r.admin, &r.team, "O").await;
    add_to_channel(&r.admin.client, &archived.id, r.alice.id()).await;
    r.admin
        .client
        .delete(&format!("/channels/{}", archived.id))
        .await
        .expect(200);
    save(
        alice,
        json!({"channel_id": archived.id, "message": "too late"}),
        None,
    )
    .await
    .expect_error(400, "api.draft.create_draft.can_not_draft_to_deleted.error");
    assert_eq!(drafts(alice, &r.team.id).await, before, "nothing changed");

    // The longest message and ten files are fine.
    let ten: Vec<String> = ids[..10].to_vec();
    let saved: Draft = save(
        alice,
        json!({"channel_id": r.channel.id, "message": at_limit, "file_ids": ten}),
        None,
    )
    .await
    .expect(201)
    .parse();
    assert_eq!(saved.file_ids, ten);
}

async fn draft_files_show_only_the_users_own_unattached_uploads(t: TestServer) {
    let r = Room::new(&t).await;
    let mine = upload(&r.alice.client, &r.channel.id, "mine.txt", b"alice's").await;
    let theirs = upload(&r.bob.client, &r.channel.id, "theirs.txt", b"bob's").await;
    let unknown = stoa_model::new_id();
    let saved: Draft = save(
        &r.alice.client,
        json!({"channel_id": r.channel.id, "message": "with files",
               "file_ids": [mine.id, theirs.id, mine.id, unknown]}),
        None,
    )
    .await
    .expect(201)
    .parse();
    // Duplicates go; the ids are kept as sent, the metadata shows what alice may attach.
    assert_eq!(
        saved.file_ids,
        [mine.id.clone(), theirs.id.clone(), unknown.clone()]
    );
    let files = |d: &Draft| -> Vec<String> {
        d.metadata
            .as_ref()
            .map(|m| m.files.iter().map(|f| f.id.clone()).collect())
            .unwrap_or_default()
    };
    assert_eq!(files(&saved), [mine.id.as_str()]);
    let listed = drafts(&r.alice.client, &r.team.id).await;
    assert_eq!(files(&listed[0]), [mine.id.as_str()]);
    assert_eq!(
        listed[0].metadata.as_ref().map(|m| m.files[0].name.clone()),
        Some("mine.txt".to_owned())
    );

    // Once the file is attached to a post it is no longer the draft's to show.
    r.alice
        .client
        .post(
            "/posts",
            json!({"channel_id": r.channel.id, "message": "sent", "file_ids": [mine.id]}),
        )
        .await
        .expect(201);
    let listed = drafts(&r.alice.client, &r.team.id).await;
    assert!(files(&listed[0]).is_empty(), "{listed:?}");
    assert_eq!(listed[0].file_ids.len(), 3);
}

api_test!(
    saving_again_updates_the_draft_and_keeps_its_creation_time,
    listing_covers_the_team_and_direct_messages_newest_first,
    drafts_are_private_to_their_user,
    deleting_drafts_by_channel_and_by_thread,
    posting_leaves_the_draft_to_the_client_and_deleting_the_root_removes_reply_drafts,
    draft_events_reach_the_users_other_connections,
    synced_drafts_can_be_turned_off,
    bad_drafts_are_refused_and_change_nothing,
    draft_files_show_only_the_users_own_unattached_uploads,
);
