use stoa_model::new_id;
use stoa_model::post::Post;

use super::{add_post, add_reply, channel, history, post, post_ids, reply, sorted, team};
use crate::{ChannelPostsQuery, PostCounts, PostWindow, Store, StoreError, ThreadPostsQuery};

pub(super) async fn posts_round_trip(s: &dyn Store) {
    let ch = new_id();
    let u = new_id();
    let mut full = post(&ch, &u, "hello #a #b", 1000);
    full.update_at = 1100;
    full.edit_at = 1050;
    full.is_pinned = true;
    full.post_type = "custom_poll".into();
    full.hashtags = "#a #b".into();
    full.has_reactions = true;
    full.remote_id = Some("remote-1".into());
    full.file_ids = vec!["file-1".into(), "file-2".into()];
    full.props = serde_json::json!({
        "from_webhook": "true",
        "attachments": [{"text": "x", "fields": [{"short": true}]}],
        "n": 3,
        "nested": {"k": null},
    })
    .as_object()
    .cloned()
    .expect("object");
    add_post(s, &full).await;
    assert_eq!(
        s.get_post(&full.id).await.expect("get"),
        full,
        "every field round-trips"
    );

    let bare = post(&ch, &u, "", 2000);
    add_post(s, &bare).await;
    let got = s.get_post(&bare.id).await.expect("get");
    assert_eq!(got, bare, "empty props and files, no remote id");
    assert_eq!(got.remote_id, None);
    assert!(got.props.is_empty() && got.file_ids.is_empty());

    assert!(matches!(
        s.get_post(&new_id()).await,
        Err(StoreError::NotFound)
    ));
    match s.insert_post(&full).await {
        Err(StoreError::Conflict { .. }) => {}
        other => panic!("expected conflict, got {other:?}"),
    }
    assert_eq!(
        post_ids(
            &s.get_posts_by_ids(&[full.id.clone(), new_id(), bare.id.clone()])
                .await
                .expect("ids")
        ),
        [bare.id.clone(), full.id.clone()],
        "newest first, unknown ids skipped"
    );
    assert!(s.get_posts_by_ids(&[]).await.expect("empty").is_empty());

    // update_post writes the mutable fields and nothing else.
    let mut changed = full.clone();
    changed.message = "edited".into();
    changed.update_at = 3000;
    changed.edit_at = 3000;
    changed.is_pinned = false;
    changed.has_reactions = false;
    changed.hashtags = String::new();
    changed.file_ids = vec!["file-3".into()];
    changed.props = serde_json::json!({"disable_group_highlight": true})
        .as_object()
        .cloned()
        .expect("object");
    s.update_post(&changed).await.expect("update");
    assert_eq!(s.get_post(&full.id).await.expect("get"), changed);
    let mut sneaky = changed.clone();
    sneaky.channel_id = new_id();
    sneaky.user_id = new_id();
    sneaky.create_at = 1;
    sneaky.delete_at = 5;
    sneaky.root_id = new_id();
    s.update_post(&sneaky).await.expect("update");
    assert_eq!(
        s.get_post(&full.id).await.expect("get"),
        changed,
        "channel, user, creation, deletion and root are not rewritten"
    );
    assert!(matches!(
        s.update_post(&post(&ch, &u, "x", 1)).await,
        Err(StoreError::NotFound)
    ));
}

/// One channel's posts, in creation order:
/// a 1000, b 2000, d 2500 (deleted at 6000), c 3000 (edited twice, history rows at 3000),
/// r 3500 (reply to a), e 4000; and a post of another channel at 3200.
struct Windows {
    ch: String,
    a: Post,
    b: Post,
    c: Post,
    d: Post,
    r: Post,
    e: Post,
}

async fn windows_fixture(s: &dyn Store) -> Windows {
    let t = team("posts");
    s.insert_team(&t).await.expect("team");
    let ch = channel(&t.id, "town", "O");
    s.insert_channel(&ch).await.expect("channel");
    let u = new_id();
    let a = post(&ch.id, &u, "a", 1000);
    let b = post(&ch.id, &u, "b", 2000);
    let mut d = post(&ch.id, &u, "d", 2500);
    d.delete_at = 6000;
    d.update_at = 6000;
    let mut c = post(&ch.id, &u, "c v3", 3000);
    c.edit_at = 7500;
    c.update_at = 7500;
    let e = post(&ch.id, &u, "e", 4000);
    for p in [&a, &b, &d, &c, &e] {
        add_post(s, p).await;
    }
    let r = add_reply(s, &a, &t.id, &new_id(), 3500).await;
    // Edit history rows: one live (so that only `original_id` keeps it out of reads), one
    // deleted as Mattermost saves them; both more recently updated than anything else. The
    // live one sorts before `c` by id, so an adjacency lookup would pick it if not excluded.
    let mut h1 = history(&c, "c v1", 0, 7000);
    h1.id = "00000000000000000000000001".into();
    let mut h2 = history(&c, "c v2", 7000, 7500);
    h2.delete_at = 7500;
    add_post(s, &h1).await;
    add_post(s, &h2).await;
    add_post(s, &post(&new_id(), &u, "elsewhere", 3200)).await;
    Windows {
        ch: ch.id,
        a,
        b,
        c,
        d,
        r,
        e,
    }
}

pub(super) async fn posts_channel_windows(s: &dyn Store) {
    let w = windows_fixture(s).await;
    let read = |window: PostWindow, roots_only: bool, include_deleted: bool| {
        let q = ChannelPostsQuery {
            channel_id: w.ch.clone(),
            window,
            roots_only,
            include_deleted,
        };
        async move { s.get_channel_posts(&q).await.expect("read") }
    };
    let want = |ps: &[&Post]| ps.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
    let (a, b, c, d, r, e) = (&w.a, &w.b, &w.c, &w.d, &w.r, &w.e);

    let page = |offset, limit| PostWindow::Page { offset, limit };
    let all = read(page(0, 100), false, false).await;
    assert_eq!(post_ids(&all), want(&[e, r, c, b, a]), "newest first");
    assert_eq!(
        post_ids(&read(page(1, 2), false, false).await),
        want(&[r, c])
    );
    assert_eq!(
        post_ids(&read(page(0, 100), false, true).await),
        want(&[e, r, c, d, b, a]),
        "deleted posts only when asked"
    );
    assert_eq!(
        post_ids(&read(page(0, 100), true, false).await),
        want(&[e, c, b, a]),
        "roots only"
    );

    // Thread counters come from the thread, for the root and for its replies.
    let by_id = |id: &str| all.iter().find(|p| p.id == id).expect("in page").clone();
    assert_eq!(
        (by_id(&a.id).reply_count, by_id(&a.id).last_reply_at),
        (1, 3500)
    );
    assert_eq!(
        (by_id(&r.id).reply_count, by_id(&r.id).last_reply_at),
        (1, 3500)
    );
    assert_eq!(
        (by_id(&b.id).reply_count, by_id(&b.id).last_reply_at),
        (0, 0)
    );
    assert_eq!(by_id(&c.id), *c, "a read post equals the inserted one");

    let before = |create_at, offset, limit| PostWindow::Before {
        create_at,
        offset,
        limit,
    };
    assert_eq!(
        post_ids(&read(before(3500, 0, 100), false, false).await),
        want(&[c, b, a])
    );
    assert_eq!(
        post_ids(&read(before(3500, 1, 1), false, false).await),
        want(&[b])
    );
    assert_eq!(
        post_ids(&read(before(4000, 0, 100), true, false).await),
        want(&[c, b, a])
    );
    assert_eq!(
        post_ids(&read(before(3000, 0, 100), false, true).await),
        want(&[d, b, a])
    );

    let after = |create_at, offset, limit| PostWindow::After {
        create_at,
        offset,
        limit,
    };
    assert_eq!(
        post_ids(&read(after(2000, 0, 100), false, false).await),
        want(&[c, r, e]),
        "oldest first"
    );
    assert_eq!(
        post_ids(&read(after(2000, 1, 1), false, false).await),
        want(&[r])
    );
    assert_eq!(
        post_ids(&read(after(2000, 0, 100), true, false).await),
        want(&[c, e])
    );
    assert!(read(after(4000, 0, 100), false, false).await.is_empty());

    let since = |update_at, limit| PostWindow::Since { update_at, limit };
    assert_eq!(
        post_ids(&read(since(2999, 100), false, false).await),
        want(&[e, r, c, d]),
        "changed after the time, deleted ones included, history rows never"
    );
    assert_eq!(
        post_ids(&read(since(2999, 100), true, false).await),
        want(&[e, c, d])
    );
    assert_eq!(
        post_ids(&read(since(2999, 2), false, false).await),
        want(&[e, r])
    );
    let deleted = read(since(5000, 100), false, false).await;
    assert_eq!(post_ids(&deleted), want(&[c, d]));
    assert_eq!(deleted[1].delete_at, 6000);

    // The posts just outside a window.
    let adjacent = |at, older, roots_only| {
        let ch = w.ch.clone();
        async move {
            s.get_adjacent_post_id(&ch, at, older, roots_only)
                .await
                .expect("adjacent")
        }
    };
    assert_eq!(
        adjacent(3000, true, false).await,
        Some(b.id.clone()),
        "deleted posts are skipped"
    );
    assert_eq!(adjacent(3000, false, false).await, Some(r.id.clone()));
    assert_eq!(adjacent(3000, false, true).await, Some(e.id.clone()));
    assert_eq!(
        adjacent(2000, false, false).await,
        Some(c.id.clone()),
        "history rows are skipped"
    );
    assert_eq!(adjacent(4000, true, true).await, Some(c.id.clone()));
    assert_eq!(adjacent(1000, true, false).await, None);
    assert_eq!(adjacent(4000, false, false).await, None);
}

pub(super) async fn posts_pinned_history_and_counts(s: &dyn Store) {
    let w = windows_fixture(s).await;
    let (a, b, c, d, r, e) = (&w.a, &w.b, &w.c, &w.d, &w.r, &w.e);
    // Pin b, c and e; d is deleted. The history rows of c were saved while c was pinned.
    for p in [b, c, d, e] {
        let mut pinned = s.get_post(&p.id).await.expect("get");
        pinned.is_pinned = true;
        s.update_post(&pinned).await.expect("pin");
    }
    for h in s.get_edit_history(&c.id).await.expect("history") {
        let mut pinned = h.clone();
        pinned.is_pinned = true;
        s.update_post(&pinned).await.expect("pin history");
    }
    assert_eq!(
        post_ids(&s.get_pinned_posts(&w.ch).await.expect("pinned")),
        [e.id.clone(), c.id.clone(), b.id.clone()],
        "live pinned posts, newest first, without history rows"
    );
    assert_eq!(s.count_pinned_posts(&w.ch).await.expect("count"), 3);
    assert_eq!(s.count_pinned_posts(&new_id()).await.expect("count"), 0);
    assert!(
        s.get_pinned_posts(&new_id())
            .await
            .expect("pinned")
            .is_empty()
    );

    // Earlier versions, newest first.
    let hist = s.get_edit_history(&c.id).await.expect("history");
    assert_eq!(
        hist.iter().map(|p| p.message.as_str()).collect::<Vec<_>>(),
        ["c v2", "c v1"]
    );
    assert!(hist.iter().all(|h| h.original_id == c.id));
    assert!(s.get_edit_history(&a.id).await.expect("history").is_empty());

    // Counting and reading from a time on: live posts only, no history rows.
    assert_eq!(
        s.count_posts_from(&w.ch, 2000).await.expect("count"),
        PostCounts { all: 4, roots: 3 },
        "b, c, r, e"
    );
    assert_eq!(
        s.count_posts_from(&w.ch, 1000).await.expect("count"),
        PostCounts { all: 5, roots: 4 }
    );
    assert_eq!(
        s.count_posts_from(&w.ch, 9999).await.expect("count"),
        PostCounts::default()
    );
    assert_eq!(
        post_ids(&s.get_posts_from(&w.ch, 2000, 100).await.expect("from")),
        [b.id.clone(), c.id.clone(), r.id.clone(), e.id.clone()],
        "oldest first"
    );
    assert_eq!(
        post_ids(&s.get_posts_from(&w.ch, 2000, 2).await.expect("from")),
        [b.id.clone(), c.id.clone()]
    );
    assert!(
        s.get_posts_from(&w.ch, 4001, 10)
            .await
            .expect("from")
            .is_empty()
    );
}

pub(super) async fn posts_thread_pages(s: &dyn Store) {
    let ch = new_id();
    let (u, v) = (new_id(), new_id());
    let root = post(&ch, &u, "root", 1000);
    add_post(s, &root).await;
    let r1 = add_reply(s, &root, "", &v, 2000).await;
    let mut gone = reply(&root, &v, "gone", 2500);
    gone.delete_at = 2600;
    add_post(s, &gone).await;
    let r2 = add_reply(s, &root, "", &u, 3000).await;
    let r3 = add_reply(s, &root, "", &v, 4000).await;
    add_post(s, &history(&r2, "old", 0, 3100)).await;
    let other = post(&ch, &u, "other", 1500);
    add_post(s, &other).await;
    add_post(s, &reply(&other, &v, "other reply", 2200)).await;

    let page = |from: Option<&Post>, newest_first: bool, limit: i64, include_deleted: bool| {
        let q = ThreadPostsQuery {
            root_id: root.id.clone(),
            from: from.map(|p| (p.create_at, Some(p.id.clone()))),
            newest_first,
            limit,
            include_deleted,
        };
        async move { post_ids(&s.get_thread_posts(&q).await.expect("thread")) }
    };
    let want = |ps: &[&Post]| ps.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
    assert_eq!(
        page(None, false, 0, false).await,
        want(&[&root, &r1, &r2, &r3]),
        "root and live replies, oldest first, no history rows"
    );
    assert_eq!(
        page(None, false, 0, true).await,
        want(&[&root, &r1, &gone, &r2, &r3])
    );
    assert_eq!(
        page(None, true, 0, false).await,
        want(&[&r3, &r2, &r1, &root]),
        "newest first"
    );
    assert_eq!(
        page(Some(&r1), false, 0, false).await,
        want(&[&r2, &r3]),
        "after the cursor"
    );
    assert_eq!(
        page(Some(&r3), true, 0, false).await,
        want(&[&r2, &r1, &root]),
        "before the cursor"
    );
    assert_eq!(
        page(Some(&r1), false, 1, false).await,
        want(&[&r2]),
        "the limit"
    );
    assert_eq!(page(None, false, 2, false).await, want(&[&root, &r1]));
    // Equal times: the id breaks the tie, so no post is skipped or repeated.
    let twin_a = add_reply(s, &root, "", &u, 5000).await;
    let twin_b = add_reply(s, &root, "", &v, 5000).await;
    let (first, second) = if twin_a.id < twin_b.id {
        (&twin_a, &twin_b)
    } else {
        (&twin_b, &twin_a)
    };
    assert_eq!(page(Some(first), false, 0, false).await, want(&[second]));

    let got = s
        .get_thread_posts(&ThreadPostsQuery {
            root_id: root.id.clone(),
            ..Default::default()
        })
        .await
        .expect("thread");
    assert!(
        got.iter()
            .all(|p| p.reply_count == 5 && p.last_reply_at == 5000),
        "every post of the thread carries the thread's counters"
    );
}

pub(super) async fn posts_delete(s: &dyn Store) {
    let ch = new_id();
    let (u, v) = (new_id(), new_id());
    let root = post(&ch, &u, "root", 1000);
    let keep = post(&ch, &u, "keep", 1100);
    add_post(s, &root).await;
    add_post(s, &keep).await;
    let x = add_reply(s, &root, "", &v, 2000).await;
    let y = add_reply(s, &root, "", &u, 3000).await;
    let mut earlier = reply(&root, &v, "deleted before", 1500);
    earlier.delete_at = 1600;
    earlier.update_at = 1600;
    add_post(s, &earlier).await;
    let hist = history(&x, "x v1", 0, 2100);
    add_post(s, &hist).await;
    let lone = add_reply(s, &keep, "", &v, 2500).await;

    // Inside a transaction that is dropped, nothing is deleted.
    {
        let tx = s.begin().await.expect("begin");
        assert_eq!(
            tx.delete_post(&root.id, 4000).await.expect("delete").len(),
            3
        );
    }
    assert_eq!(s.get_post(&x.id).await.expect("get").delete_at, 0);

    // A reply alone.
    assert_eq!(
        s.delete_post(&lone.id, 5000).await.expect("delete reply"),
        std::slice::from_ref(&lone.id)
    );
    assert_eq!(s.get_post(&keep.id).await.expect("root").delete_at, 0);

    // A root and its live replies; neither earlier deletions nor history rows are returned.
    let deleted = s.delete_post(&root.id, 9000).await.expect("delete root");
    assert_eq!(
        sorted(deleted),
        sorted(vec![root.id.clone(), x.id.clone(), y.id.clone()])
    );
    for id in [&root.id, &x.id, &y.id] {
        let p = s.get_post(id).await.expect("still readable");
        assert_eq!((p.delete_at, p.update_at), (9000, 9000));
    }
    assert_eq!(
        s.get_post(&earlier.id).await.expect("get").delete_at,
        1600,
        "an earlier deletion keeps its time"
    );
    assert_eq!(s.get_post(&keep.id).await.expect("get").delete_at, 0);
    assert!(
        s.delete_post(&root.id, 9500)
            .await
            .expect("again")
            .is_empty(),
        "deleting twice deletes nothing"
    );
    assert!(
        s.delete_post(&new_id(), 1)
            .await
            .expect("absent")
            .is_empty()
    );
}
