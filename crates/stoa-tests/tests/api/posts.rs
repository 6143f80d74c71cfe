//! Posts: writing, reading in pages and windows, threads, editing, deleting, pins.

use serde_json::json;
use stoa_model::post::{Post, PostList};
use stoa_tests::messaging::{Room, channel_posts, messages, reply, say};
use stoa_tests::{Fixture, TestServer, api_test};

async fn a_post_is_created_read_and_listed(t: TestServer) {
    let r = Room::new(&t).await;
    let body = json!({"channel_id": r.channel.id, "message": "Hello #world, ship #v2.0 today", "pending_post_id": format!("{}:1", r.alice.id()), "props": {"k": [1, 2]}});
    let resp = r.alice.client.post("/posts", body).await.expect(201);
    assert_eq!(resp.header("content-type"), Some("application/json"));
    let p: Post = resp.parse();
    let raw = resp.json();
    assert_eq!(p.id.len(), 26);
    assert_eq!(p.user_id, r.alice.id());
    assert_eq!(p.channel_id, r.channel.id);
    assert_eq!(p.hashtags, "#world #v2.0");
    assert_eq!(p.pending_post_id, format!("{}:1", r.alice.id()));
    assert!(p.create_at > 0 && p.update_at == p.create_at && p.edit_at == 0 && p.delete_at == 0);
    assert_eq!(raw["type"], "");
    assert_eq!(raw["file_ids"], json!([]));
    assert_eq!(raw["props"]["k"], json!([1, 2]));
    assert_eq!(raw["root_id"], "");
    assert_eq!(raw["reply_count"], 0);
    assert!(
        raw["metadata"].is_object(),
        "posts for clients carry metadata"
    );
    let got: Post = r
        .bob
        .client
        .get(&format!("/posts/{}", p.id))
        .await
        .expect(200)
        .parse();
    assert_eq!(got.message, p.message);
    let list = channel_posts(&r.bob.client, &r.channel.id, "").await;
    assert_eq!(list.order.first(), Some(&p.id), "newest first");
    assert_eq!(messages(&list), vec![p.message.clone()]);
    let ch = r
        .bob
        .client
        .get(&format!("/channels/{}", r.channel.id))
        .await
        .json();
    assert!(ch["last_post_at"].as_i64() >= Some(p.create_at));
}

async fn a_repeated_pending_post_id_returns_the_same_post(t: TestServer) {
    let r = Room::new(&t).await;
    let body =
        json!({"channel_id": r.channel.id, "message": "only once", "pending_post_id": "abc:123"});
    let a: Post = r
        .alice
        .client
        .post("/posts", body.clone())
        .await
        .expect(201)
        .parse();
    let b: Post = r
        .alice
        .client
        .post("/posts", body)
        .await
        .expect(201)
        .parse();
    assert_eq!(a.id, b.id);
    assert_eq!(
        messages(&channel_posts(&r.bob.client, &r.channel.id, "").await),
        vec!["only once"]
    );
}

async fn bad_posts_are_refused_and_nothing_is_written(t: TestServer) {
    let r = Room::new(&t).await;
    let long = "x".repeat(16_384);
    r.alice
        .client
        .post(
            "/posts",
            json!({"channel_id": r.channel.id, "message": long}),
        )
        .await
        .expect_error(400, "model.post.is_valid.message_length.app_error");
    let max = "y".repeat(16_383);
    r.alice
        .client
        .post(
            "/posts",
            json!({"channel_id": r.channel.id, "message": max}),
        )
        .await
        .expect(201);
    r.alice
        .client
        .post(
            "/posts",
            json!({"channel_id": r.channel.id, "message": "x", "type": "system_join_channel"}),
        )
        .await
        .expect(400);
    r.alice
        .client
        .post("/posts", json!({"channel_id": "nope", "message": "x"}))
        .await
        .expect(400);
    r.alice
        .client
        .post(
            "/posts",
            json!({"channel_id": stoa_model::new_id(), "message": "x"}),
        )
        .await
        .expect(404);
    r.alice
        .client
        .post(
            "/posts",
            json!({"channel_id": r.channel.id, "message": "x", "file_ids": ["bad"]}),
        )
        .await
        .expect(400);
    // Not a member of a private channel: no posting.
    let private = t.channel(&r.admin, &r.team, "P").await;
    r.alice
        .client
        .post(
            "/posts",
            json!({"channel_id": private.id, "message": "let me in"}),
        )
        .await
        .expect_error(403, "api.context.permissions.app_error");
    // Archived channel.
    r.admin
        .client
        .delete(&format!("/channels/{}", r.channel.id))
        .await
        .expect(200);
    r.alice
        .client
        .post(
            "/posts",
            json!({"channel_id": r.channel.id, "message": "too late"}),
        )
        .await
        .expect_error(400, "api.post.create_post.can_not_post_to_deleted.error");
    let list = channel_posts(&r.admin.client, &r.channel.id, "").await;
    assert_eq!(
        messages(&list),
        vec![max.clone()],
        "only the valid post exists"
    );
}

async fn replies_form_threads(t: TestServer) {
    let r = Room::new(&t).await;
    let root = say(&r.alice.client, &r.channel.id, "root").await;
    let a = reply(&r.bob.client, &root, "first reply").await;
    let b = reply(&r.alice.client, &root, "second reply").await;
    assert_eq!(a.root_id, root.id);
    let root_now: Post = r
        .bob
        .client
        .get(&format!("/posts/{}", root.id))
        .await
        .parse();
    assert_eq!(root_now.reply_count, 2);
    assert_eq!(root_now.last_reply_at, b.create_at);
    let reply_now: Post = r.bob.client.get(&format!("/posts/{}", a.id)).await.parse();
    assert_eq!(
        reply_now.reply_count, 2,
        "replies carry their thread's count"
    );
    // A reply to a reply, a root from another channel, or a deleted root: refused.
    r.bob
        .client
        .post(
            "/posts",
            json!({"channel_id": r.channel.id, "root_id": a.id, "message": "nested"}),
        )
        .await
        .expect_error(400, "api.post.create_post.root_id.app_error");
    let other = t.channel(&r.admin, &r.team, "O").await;
    r.admin
        .client
        .post(
            "/posts",
            json!({"channel_id": other.id, "root_id": root.id, "message": "elsewhere"}),
        )
        .await
        .expect_error(400, "api.post.create_post.channel_root_id.app_error");
    let gone = say(&r.alice.client, &r.channel.id, "doomed").await;
    r.alice
        .client
        .delete(&format!("/posts/{}", gone.id))
        .await
        .expect(200);
    r.bob
        .client
        .post(
            "/posts",
            json!({"channel_id": r.channel.id, "root_id": gone.id, "message": "x"}),
        )
        .await
        .expect(400);

    let thread: PostList = r
        .bob
        .client
        .get(&format!("/posts/{}/thread", a.id))
        .await
        .expect(200)
        .parse();
    assert_eq!(
        thread.order,
        vec![a.id.clone(), root.id.clone(), b.id.clone()],
        "the requested post, then the thread oldest first"
    );
    let up: PostList = r
        .bob
        .client
        .get(&format!("/posts/{}/thread?direction=up", root.id))
        .await
        .expect(200)
        .parse();
    assert_eq!(
        up.order,
        vec![root.id.clone(), b.id.clone(), a.id.clone()],
        "up: newest first after the requested post"
    );
    // The channel view adds roots of replies to `posts` without listing them in `order`.
    let page: PostList = r
        .bob
        .client
        .get(&format!("/channels/{}/posts?per_page=1", r.channel.id))
        .await
        .parse();
    assert_eq!(page.order.len(), 1);
    assert!(
        page.posts.contains_key(&root.id),
        "root of the reply in the page"
    );
    let skip: PostList = r
        .bob
        .client
        .get(&format!(
            "/channels/{}/posts?per_page=1&skipFetchThreads=true",
            r.channel.id
        ))
        .await
        .parse();
    assert_eq!(skip.posts.len(), 1);
    // Collapsed threads: only roots, with thread summaries.
    let crt: PostList = r
        .bob
        .client
        .get(&format!(
            "/channels/{}/posts?collapsedThreads=true&collapsedThreadsExtended=true",
            r.channel.id
        ))
        .await
        .parse();
    assert!(crt.order.iter().all(|id| crt.posts[id].root_id.is_empty()));
    let summary = &crt.posts[&root.id];
    assert_eq!(summary.reply_count, 2);
    assert_eq!(
        summary.is_following,
        Some(true),
        "bob replied, so he follows"
    );
    let names: Vec<String> = summary
        .participants
        .clone()
        .unwrap_or_default()
        .into_iter()
        .map(|u| u.username)
        .collect();
    assert_eq!(
        names,
        vec![r.bob.user.username.clone(), r.alice.user.username.clone()]
    );
}

async fn thread_paging(t: TestServer) {
    let r = Room::new(&t).await;
    let root = say(&r.alice.client, &r.channel.id, "root").await;
    let mut replies = Vec::new();
    for i in 0..5 {
        replies.push(reply(&r.bob.client, &root, &format!("r{i}")).await);
    }
    let first: PostList = r
        .alice
        .client
        .get(&format!(
            "/posts/{}/thread?perPage=2&direction=down",
            root.id
        ))
        .await
        .expect(200)
        .parse();
    assert_eq!(first.has_next, Some(true));
    assert_eq!(
        first.order,
        vec![root.id.clone(), replies[0].id.clone()],
        "the root counts in the page"
    );
    let next: PostList = r
        .alice
        .client
        .get(&format!(
            "/posts/{}/thread?perPage=2&fromPost={}&direction=down",
            root.id, replies[1].id
        ))
        .await
        .expect(200)
        .parse();
    assert_eq!(
        next.order,
        vec![
            root.id.clone(),
            replies[2].id.clone(),
            replies[3].id.clone()
        ]
    );
    let last: PostList = r
        .alice
        .client
        .get(&format!(
            "/posts/{}/thread?perPage=2&fromPost={}&direction=down",
            root.id, replies[3].id
        ))
        .await
        .expect(200)
        .parse();
    assert_eq!(last.has_next, Some(false));
}

async fn pages_and_cursors(t: TestServer) {
    let r = Room::new(&t).await;
    let mut posts = Vec::new();
    for i in 0..7 {
        posts.push(say(&r.alice.client, &r.channel.id, &format!("m{i}")).await);
    }
    let skip_sys = |l: &PostList| messages(l);
    let page0 = channel_posts(
        &r.bob.client,
        &r.channel.id,
        "page=0&per_page=3&skipFetchThreads=true",
    )
    .await;
    assert_eq!(skip_sys(&page0), vec!["m6", "m5", "m4"]);
    assert_eq!(page0.next_post_id, "");
    assert_eq!(page0.prev_post_id, posts[3].id);
    let page1 = channel_posts(&r.bob.client, &r.channel.id, "page=1&per_page=3").await;
    assert_eq!(skip_sys(&page1), vec!["m3", "m2", "m1"]);
    let before = channel_posts(
        &r.bob.client,
        &r.channel.id,
        &format!("before={}&per_page=2", posts[4].id),
    )
    .await;
    assert_eq!(skip_sys(&before), vec!["m3", "m2"]);
    assert_eq!(before.next_post_id, posts[4].id);
    assert_eq!(before.prev_post_id, posts[1].id);
    let after = channel_posts(
        &r.bob.client,
        &r.channel.id,
        &format!("after={}&per_page=2", posts[2].id),
    )
    .await;
    assert_eq!(
        skip_sys(&after),
        vec!["m4", "m3"],
        "newest first, just after the cursor"
    );
    assert_eq!(after.prev_post_id, posts[2].id);
    assert_eq!(after.next_post_id, posts[5].id);
    let end = channel_posts(
        &r.bob.client,
        &r.channel.id,
        &format!("after={}&per_page=5", posts[4].id),
    )
    .await;
    assert_eq!(skip_sys(&end), vec!["m6", "m5"]);
    assert_eq!(end.next_post_id, "", "fewer than asked: the end");
    // since: edits and deletions after a time, deleted ones included.
    let since = stoa_model::now_ms();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    r.alice
        .client
        .put(
            &format!("/posts/{}/patch", posts[0].id),
            json!({"message": "m0 edited"}),
        )
        .await
        .expect(200);
    r.alice
        .client
        .delete(&format!("/posts/{}", posts[1].id))
        .await
        .expect(200);
    let changed = channel_posts(&r.bob.client, &r.channel.id, &format!("since={since}")).await;
    let mut ids = changed.order.clone();
    ids.sort();
    let mut want = vec![posts[0].id.clone(), posts[1].id.clone()];
    want.sort();
    assert_eq!(ids, want);
    assert!(changed.posts[&posts[1].id].delete_at > 0);
    assert_eq!(changed.posts[&posts[0].id].message, "m0 edited");
    // Unknown cursor.
    r.bob
        .client
        .get(&format!(
            "/channels/{}/posts?before={}",
            r.channel.id,
            stoa_model::new_id()
        ))
        .await
        .expect(400);
}

async fn editing_keeps_history_and_respects_ownership(t: TestServer) {
    let r = Room::new(&t).await;
    let p = say(&r.alice.client, &r.channel.id, "first version").await;
    r.bob
        .client
        .put(
            &format!("/posts/{}/patch", p.id),
            json!({"message": "hijack"}),
        )
        .await
        .expect_error(403, "api.context.permissions.app_error");
    let edited: Post = r
        .alice
        .client
        .put(
            &format!("/posts/{}/patch", p.id),
            json!({"message": "second version #tag"}),
        )
        .await
        .expect(200)
        .parse();
    assert!(edited.edit_at > 0);
    assert_eq!(edited.hashtags, "#tag");
    let mut whole: serde_json::Value = r.alice.client.get(&format!("/posts/{}", p.id)).await.json();
    whole["message"] = json!("third version");
    r.alice
        .client
        .put(&format!("/posts/{}", p.id), whole)
        .await
        .expect(200);
    let history: Vec<Post> = r
        .alice
        .client
        .get(&format!("/posts/{}/edit_history", p.id))
        .await
        .expect(200)
        .parse();
    let versions: Vec<&str> = history.iter().map(|h| h.message.as_str()).collect();
    assert_eq!(versions, vec!["second version #tag", "first version"]);
    r.bob
        .client
        .get(&format!("/posts/{}/edit_history", p.id))
        .await
        .expect(403);
    // Earlier versions never show up in the channel.
    assert_eq!(
        messages(&channel_posts(&r.bob.client, &r.channel.id, "").await),
        vec!["third version"]
    );
    // Admins may edit others' posts.
    r.admin
        .client
        .put(
            &format!("/posts/{}/patch", p.id),
            json!({"message": "moderated"}),
        )
        .await
        .expect(200);
    let fresh = say(&r.alice.client, &r.channel.id, "never edited").await;
    r.alice
        .client
        .get(&format!("/posts/{}/edit_history", fresh.id))
        .await
        .expect(404);
    // System messages cannot be edited.
    let list = channel_posts(&r.admin.client, &r.channel.id, "").await;
    let sys = list
        .posts
        .values()
        .find(|p| p.is_system())
        .expect("join messages exist");
    r.admin
        .client
        .put(&format!("/posts/{}/patch", sys.id), json!({"message": "x"}))
        .await
        .expect(400);
}

async fn deleting_a_root_takes_its_replies(t: TestServer) {
    let r = Room::new(&t).await;
    let root = say(&r.alice.client, &r.channel.id, "root").await;
    let keep = say(&r.alice.client, &r.channel.id, "keep").await;
    let a = reply(&r.bob.client, &root, "reply a").await;
    let b = reply(&r.bob.client, &root, "reply b").await;
    r.alice
        .client
        .delete(&format!("/posts/{}", a.id))
        .await
        .expect(403);
    r.bob
        .client
        .delete(&format!("/posts/{}", b.id))
        .await
        .expect(200);
    let root_now: Post = r
        .alice
        .client
        .get(&format!("/posts/{}", root.id))
        .await
        .parse();
    assert_eq!(root_now.reply_count, 1, "a deleted reply no longer counts");
    r.alice
        .client
        .delete(&format!("/posts/{}", root.id))
        .await
        .expect(200);
    for id in [&root.id, &a.id, &b.id] {
        r.bob.client.get(&format!("/posts/{id}")).await.expect(404);
    }
    assert_eq!(
        messages(&channel_posts(&r.bob.client, &r.channel.id, "").await),
        vec![keep.message.clone()]
    );
    // Admins delete others' posts.
    r.admin
        .client
        .delete(&format!("/posts/{}", keep.id))
        .await
        .expect(200);
    r.alice
        .client
        .delete(&format!("/posts/{}", keep.id))
        .await
        .expect(404);
}

async fn pins_and_posts_by_ids(t: TestServer) {
    let r = Room::new(&t).await;
    let a = say(&r.alice.client, &r.channel.id, "pin me").await;
    let b = say(&r.alice.client, &r.channel.id, "not me").await;
    r.bob
        .client
        .post(&format!("/posts/{}/pin", a.id), json!({}))
        .await
        .expect(200);
    let got: Post = r
        .alice
        .client
        .get(&format!("/posts/{}", a.id))
        .await
        .parse();
    assert!(got.is_pinned);
    let pinned: PostList = r
        .alice
        .client
        .get(&format!("/channels/{}/pinned", r.channel.id))
        .await
        .expect(200)
        .parse();
    assert_eq!(pinned.order, vec![a.id.clone()]);
    let stats_path = format!("/channels/{}/stats", r.channel.id);
    let stats = r.alice.client.get(&stats_path).await.expect(200).json();
    assert_eq!(
        stats["pinnedpost_count"], 1,
        "the channel header's pin count"
    );
    r.bob
        .client
        .post(&format!("/posts/{}/unpin", a.id), json!({}))
        .await
        .expect(200);
    let stats = r.alice.client.get(&stats_path).await.expect(200).json();
    assert_eq!(stats["pinnedpost_count"], 0);
    let pinned: PostList = r
        .alice
        .client
        .get(&format!("/channels/{}/pinned", r.channel.id))
        .await
        .parse();
    assert!(pinned.order.is_empty());
    let private = t.channel(&r.admin, &r.team, "P").await;
    let secret = say(&r.admin.client, &private.id, "secret").await;
    let by_ids: Vec<Post> = r
        .bob
        .client
        .post("/posts/ids", json!([a.id, b.id, secret.id]))
        .await
        .expect(200)
        .parse();
    let mut got: Vec<String> = by_ids.into_iter().map(|p| p.id).collect();
    got.sort();
    let mut want = vec![a.id.clone(), b.id.clone()];
    want.sort();
    assert_eq!(got, want, "the private channel's post is left out");
    r.bob
        .client
        .get(&format!("/posts/{}", secret.id))
        .await
        .expect(403);
    r.bob
        .client
        .post(&format!("/posts/{}/pin", secret.id), json!({}))
        .await
        .expect(403);
    r.bob
        .client
        .get(&format!("/channels/{}/posts", private.id))
        .await
        .expect(403);
}

async fn membership_changes_write_system_messages(t: TestServer) {
    let r = Room::new(&t).await;
    let carol = t.user(&r.admin, "carol").await;
    r.admin
        .client
        .post(
            &format!("/teams/{}/members", r.team.id),
            json!({"team_id": r.team.id, "user_id": carol.id()}),
        )
        .await
        .expect(201);
    carol
        .client
        .post(
            &format!("/channels/{}/members", r.channel.id),
            json!({"user_id": carol.id()}),
        )
        .await
        .expect(201);
    carol
        .client
        .delete(&format!("/channels/{}/members/me", r.channel.id))
        .await
        .expect(200);
    r.admin
        .client
        .delete(&format!(
            "/channels/{}/members/{}",
            r.channel.id,
            r.bob.id()
        ))
        .await
        .expect(200);
    r.admin
        .client
        .put(
            &format!("/channels/{}/patch", r.channel.id),
            json!({"header": "New header", "purpose": "New purpose"}),
        )
        .await
        .expect(200);
    let list = channel_posts(&r.admin.client, &r.channel.id, "per_page=200").await;
    let kinds: Vec<(String, String)> = list
        .order
        .iter()
        .rev()
        .map(|id| {
            (
                list.posts[id].post_type.clone(),
                list.posts[id].message.clone(),
            )
        })
        .collect();
    let types: Vec<&str> = kinds.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        types,
        vec![
            "system_add_to_channel",
            "system_add_to_channel",
            "system_join_channel",
            "system_leave_channel",
            "system_remove_from_channel",
            "system_header_change",
            "system_purpose_change",
        ]
    );
    let header = list
        .posts
        .values()
        .find(|p| p.post_type == "system_header_change")
        .expect("header change");
    assert_eq!(header.props["new_header"], "New header");
    assert_eq!(header.props["old_header"], "");
    let added = list
        .posts
        .values()
        .find(|p| p.post_type == "system_add_to_channel")
        .expect("added");
    assert_eq!(added.props["username"], r.admin.user.username);
    let town = r
        .admin
        .client
        .get(&format!("/teams/{}/channels/name/town-square", r.team.id))
        .await
        .json();
    let town_posts = channel_posts(
        &r.admin.client,
        town["id"].as_str().expect("id"),
        "per_page=200",
    )
    .await;
    assert!(
        town_posts
            .posts
            .values()
            .any(|p| p.post_type == "system_add_to_team"
                && p.props["addedUsername"] == carol.user.username)
    );
}

async fn hashtags_and_mentions_in_code_are_ignored(t: TestServer) {
    let r = Room::new(&t).await;
    let p = say(
        &r.alice.client,
        &r.channel.id,
        "`#notatag` ```\n#neither\n``` #yes",
    )
    .await;
    assert_eq!(p.hashtags, "#yes");
}

api_test!(
    a_post_is_created_read_and_listed,
    a_repeated_pending_post_id_returns_the_same_post,
    bad_posts_are_refused_and_nothing_is_written,
    replies_form_threads,
    thread_paging,
    pages_and_cursors,
    editing_keeps_history_and_respects_ownership,
    deleting_a_root_takes_its_replies,
    pins_and_posts_by_ids,
    membership_changes_write_system_messages,
    hashtags_and_mentions_in_code_are_ignored,
);
