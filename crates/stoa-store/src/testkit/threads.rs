use stoa_model::new_id;
use stoa_model::post::Post;

use super::{add_post, add_reply, add_user, channel, join_all, member, post, reply, sorted, team};
use crate::{Store, StoreError, ThreadMembership, ThreadRecord, ThreadTotals, UserThreadsQuery};

fn following(
    post_id: &str,
    user_id: &str,
    last_viewed: i64,
    last_updated: i64,
) -> ThreadMembership {
    ThreadMembership {
        post_id: post_id.to_owned(),
        user_id: user_id.to_owned(),
        following: true,
        last_viewed,
        last_updated,
        ..Default::default()
    }
}

pub(super) async fn threads_record_and_forget(s: &dyn Store) {
    let (ch, tm) = (new_id(), new_id());
    let (u1, u2, u3) = (new_id(), new_id(), new_id());
    let root = post(&ch, &u1, "root", 1000);
    add_post(s, &root).await;
    assert!(matches!(
        s.get_thread(&root.id).await,
        Err(StoreError::NotFound)
    ));
    add_reply(s, &root, &tm, &u1, 2000).await;
    let first = s.get_thread(&root.id).await.expect("created");
    assert_eq!(
        first,
        ThreadRecord {
            post_id: root.id.clone(),
            channel_id: ch.clone(),
            team_id: tm.clone(),
            reply_count: 1,
            last_reply_at: 2000,
            delete_at: 0,
            participants: vec![u1.clone()],
        }
    );
    add_reply(s, &root, &tm, &u2, 3000).await;
    let last = add_reply(s, &root, &tm, &u1, 4000).await;
    // A reply recorded late (an older time) counts but does not move last_reply_at back.
    add_reply(s, &root, &tm, &u3, 3500).await;
    let t = s.get_thread(&root.id).await.expect("thread");
    assert_eq!((t.reply_count, t.last_reply_at), (4, 4000));
    assert_eq!(
        t.participants,
        [u2.clone(), u3.clone(), u1.clone()],
        "the most recent participant last"
    );
    let p = s.get_post(&root.id).await.expect("root");
    assert_eq!((p.reply_count, p.last_reply_at), (4, 4000));
    let r = s.get_post(&last.id).await.expect("reply");
    assert_eq!((r.reply_count, r.last_reply_at), (4, 4000));

    // Deleting the newest reply: one fewer, last_reply_at from the remaining live replies.
    s.delete_post(&last.id, 5000).await.expect("delete");
    s.forget_reply(&root.id).await.expect("forget");
    let t = s.get_thread(&root.id).await.expect("thread");
    assert_eq!((t.reply_count, t.last_reply_at), (3, 3500));
    // Every reply gone: zero, never below.
    let replies = s
        .get_thread_posts(&crate::ThreadPostsQuery {
            root_id: root.id.clone(),
            ..Default::default()
        })
        .await
        .expect("thread posts");
    for r in replies.iter().filter(|p| !p.root_id.is_empty()) {
        s.delete_post(&r.id, 6000).await.expect("delete");
        s.forget_reply(&root.id).await.expect("forget");
    }
    s.forget_reply(&root.id).await.expect("forget once more");
    let t = s.get_thread(&root.id).await.expect("thread");
    assert_eq!((t.reply_count, t.last_reply_at), (0, 0));
    s.forget_reply(&new_id())
        .await
        .expect("no thread, nothing to forget");

    let other = post(&ch, &u2, "other", 1500);
    add_post(s, &other).await;
    add_reply(s, &other, &tm, &u3, 1600).await;
    let mut got = s
        .get_threads(&[root.id.clone(), other.id.clone(), new_id()])
        .await
        .expect("threads");
    got.sort_by(|a, b| a.post_id.cmp(&b.post_id));
    let mut want = vec![t.clone(), s.get_thread(&other.id).await.expect("other")];
    want.sort_by(|a, b| a.post_id.cmp(&b.post_id));
    assert_eq!(got, want, "with participants");
    assert_eq!(want.len(), 2);
    assert!(s.get_threads(&[]).await.expect("none").is_empty());

    s.delete_thread(&root.id, 7000)
        .await
        .expect("delete thread");
    assert_eq!(
        s.get_thread(&root.id).await.expect("thread").delete_at,
        7000
    );
    assert_eq!(s.get_thread(&other.id).await.expect("other").delete_at, 0);
}

pub(super) async fn thread_replies_concurrent(s: &dyn Store) {
    let ch = new_id();
    let users: Vec<String> = (0..4).map(|_| new_id()).collect();
    let root = post(&ch, &users[0], "root", 1000);
    add_post(s, &root).await;
    let replies = (0..20i64).map(|i| {
        let (root, users) = (&root, &users);
        async move {
            let by = &users[usize::try_from(i).expect("small") % users.len()];
            s.record_reply(&root.id, &root.channel_id, "", by, 2000 + i)
                .await
                .expect("record");
            s.follow_if_new(&root.id, std::slice::from_ref(by), 2000 + i)
                .await
                .expect("follow");
        }
    });
    join_all(replies.collect()).await;
    let t = s.get_thread(&root.id).await.expect("thread");
    assert_eq!(
        (t.reply_count, t.last_reply_at),
        (20, 2019),
        "every concurrent reply counted"
    );
    assert_eq!(sorted(t.participants), sorted(users.clone()));
    assert_eq!(
        s.get_thread_memberships(&root.id)
            .await
            .expect("memberships")
            .len(),
        4
    );
}

pub(super) async fn thread_memberships(s: &dyn Store) {
    let root = new_id();
    let other = new_id();
    let (u1, u2, u3, u4) = (new_id(), new_id(), new_id(), new_id());
    s.follow_if_new(&root, &[u1.clone(), u2.clone()], 100)
        .await
        .expect("follow");
    assert_eq!(
        s.get_thread_membership(&root, &u1).await.expect("u1"),
        following(&root, &u1, 0, 100)
    );
    // An explicit unfollow survives a later automatic follow.
    let unfollowed = ThreadMembership {
        following: false,
        last_viewed: 50,
        last_updated: 150,
        unread_mentions: 2,
        urgent_mentions: 1,
        ..following(&root, &u2, 0, 0)
    };
    s.save_thread_membership(&unfollowed).await.expect("save");
    assert_eq!(
        s.get_thread_membership(&root, &u2).await.expect("u2"),
        unfollowed,
        "every field round-trips"
    );
    s.follow_if_new(&root, &[u2.clone(), u3.clone()], 200)
        .await
        .expect("follow");
    assert_eq!(
        s.get_thread_membership(&root, &u2).await.expect("u2"),
        unfollowed
    );
    assert_eq!(
        s.get_thread_membership(&root, &u3).await.expect("u3"),
        following(&root, &u3, 0, 200)
    );
    assert!(matches!(
        s.get_thread_membership(&root, &u4).await,
        Err(StoreError::NotFound)
    ));
    let all = s.get_thread_memberships(&root).await.expect("all");
    assert_eq!(
        all.iter().map(|m| m.user_id.clone()).collect::<Vec<_>>(),
        sorted(vec![u1.clone(), u2.clone(), u3.clone()]),
        "ordered by user id"
    );
    assert!(
        s.get_thread_memberships(&other)
            .await
            .expect("none")
            .is_empty()
    );

    s.follow_if_new(&other, std::slice::from_ref(&u2), 300)
        .await
        .expect("follow other");
    let mut f = s
        .get_following(&[root.clone(), other.clone(), new_id()], &u2)
        .await
        .expect("following");
    f.sort();
    let mut want = vec![(root.clone(), false), (other.clone(), true)];
    want.sort();
    assert_eq!(f, want);
    assert!(
        s.get_following(std::slice::from_ref(&root), &u4)
            .await
            .expect("none")
            .is_empty()
    );
    assert!(s.get_following(&[], &u1).await.expect("none").is_empty());

    // Mentions count only for followers with a membership.
    let users = [u1.clone(), u2.clone(), u4.clone()];
    s.increment_thread_mentions(&root, &users, true, 400)
        .await
        .expect("urgent mention");
    s.increment_thread_mentions(&root, &users, false, 500)
        .await
        .expect("mention");
    s.increment_thread_mentions(&root, &[], false, 550)
        .await
        .expect("nobody");
    assert_eq!(
        s.get_thread_membership(&root, &u1).await.expect("u1"),
        ThreadMembership {
            unread_mentions: 2,
            urgent_mentions: 1,
            ..following(&root, &u1, 0, 500)
        }
    );
    assert_eq!(
        s.get_thread_membership(&root, &u2).await.expect("u2"),
        unfollowed,
        "not following: unchanged"
    );
    assert!(
        s.get_thread_membership(&root, &u4)
            .await
            .is_err_and(|e| e.is_not_found()),
        "no membership is created"
    );

    s.touch_thread_memberships(&root, 600).await.expect("touch");
    let after: Vec<(String, i64)> = s
        .get_thread_memberships(&root)
        .await
        .expect("all")
        .into_iter()
        .map(|m| (m.user_id, m.last_updated))
        .collect();
    let mut want = vec![(u1.clone(), 600), (u2.clone(), 150), (u3.clone(), 600)];
    want.sort();
    assert_eq!(after, want, "followers only");
    assert_eq!(
        s.get_thread_membership(&other, &u2)
            .await
            .expect("other")
            .last_updated,
        300
    );
}

pub(super) async fn thread_unread_replies(s: &dyn Store) {
    let ch = new_id();
    let (u1, u2, u3, u4) = (new_id(), new_id(), new_id(), new_id());
    let root = post(&ch, &u1, "root", 1000);
    add_post(s, &root).await;
    add_reply(s, &root, "", &u1, 2000).await;
    let mut gone = reply(&root, &u1, "gone", 2600);
    gone.delete_at = 2700;
    add_post(s, &gone).await;
    let r2 = add_reply(s, &root, "", &u2, 3000).await;
    let mut h = r2.clone();
    h.id = new_id();
    h.original_id = r2.id.clone();
    add_post(s, &h).await;
    for m in [
        following(&root.id, &u1, 0, 0),
        following(&root.id, &u2, 0, 0),
        following(&root.id, &u3, 1500, 0),
        ThreadMembership {
            following: false,
            ..following(&root.id, &u4, 0, 0)
        },
    ] {
        s.save_thread_membership(&m).await.expect("membership");
    }
    let mut got = s
        .unread_replies_by_follower(&root.id)
        .await
        .expect("unread");
    got.sort();
    let mut want = vec![
        (u1.clone(), 1), // u2's reply
        (u2.clone(), 1), // u1's live reply
        (u3.clone(), 2), // both, after 1500
    ];
    want.sort();
    assert_eq!(
        got, want,
        "replies by others after the last view; deleted replies, history rows and \
         non-followers left out"
    );
    s.save_thread_membership(&following(&root.id, &u3, 3000, 0))
        .await
        .expect("viewed");
    assert!(
        s.unread_replies_by_follower(&root.id)
            .await
            .expect("unread")
            .contains(&(u3.clone(), 0))
    );
    assert!(
        s.unread_replies_by_follower(&new_id())
            .await
            .expect("none")
            .is_empty()
    );
}

/// A root in `channel_id` with replies at the given times, all by `by`.
async fn thread(s: &dyn Store, channel_id: &str, team_id: &str, by: &str, replies: &[i64]) -> Post {
    let root = post(channel_id, by, "root", replies[0] - 10);
    add_post(s, &root).await;
    for at in replies {
        add_reply(s, &root, team_id, by, *at).await;
    }
    root
}

pub(super) async fn user_threads_lists_and_totals(s: &dyn Store) {
    let t = team("threads");
    let t2 = team("elsewhere");
    s.insert_team(&t).await.expect("team");
    s.insert_team(&t2).await.expect("team");
    let me = add_user(s, "me").await;
    let other = add_user(s, "other").await;
    let ch = channel(&t.id, "town", "O");
    let ch2 = channel(&t2.id, "town", "O");
    let dm = channel("", "me__other", "D");
    let gm = channel("", "group", "G");
    let not_mine = channel(&t.id, "private", "P");
    let mut archived = channel(&t.id, "old", "O");
    archived.delete_at = 1;
    for c in [&ch, &ch2, &dm, &gm, &not_mine, &archived] {
        s.insert_channel(c).await.expect("channel");
    }
    for c in [&ch, &ch2, &dm, &gm, &archived] {
        s.insert_channel_member(&member(&c.id, &me.id))
            .await
            .expect("member");
    }

    // t1: team channel, a reply by the other user after my view: unread.
    let t1 = thread(s, &ch.id, &t.id, &other.id, &[2000]).await;
    // t2: direct channel, only my replies: read, but one urgent mention.
    let t2r = thread(s, &dm.id, "", &me.id, &[3000]).await;
    // t3: another team's channel.
    let t3 = thread(s, &ch2.id, &t2.id, &other.id, &[3500]).await;
    // t4: unfollowed.
    let t4 = thread(s, &ch.id, &t.id, &other.id, &[3600]).await;
    // t5: deleted thread.
    let t5 = thread(s, &ch.id, &t.id, &other.id, &[3700]).await;
    // t6: group channel, viewed after the last reply.
    let t6 = thread(s, &gm.id, "", &other.id, &[4500, 5000]).await;
    // t7: a channel I am not a member of; t8: an archived channel.
    let t7 = thread(s, &not_mine.id, &t.id, &other.id, &[5500]).await;
    let t8 = thread(s, &archived.id, &t.id, &other.id, &[5600]).await;
    for (root, last_viewed, last_updated) in [
        (&t1, 0, 100),
        (&t2r, 0, 300),
        (&t3, 0, 400),
        (&t5, 0, 450),
        (&t6, 6000, 500),
        (&t7, 0, 600),
        (&t8, 0, 700),
    ] {
        s.save_thread_membership(&following(&root.id, &me.id, last_viewed, last_updated))
            .await
            .expect("follow");
    }
    s.save_thread_membership(&ThreadMembership {
        following: false,
        ..following(&t4.id, &me.id, 0, 800)
    })
    .await
    .expect("unfollow");
    s.increment_thread_mentions(&t2r.id, std::slice::from_ref(&me.id), true, 300)
        .await
        .expect("mention");
    s.delete_thread(&t5.id, 9000).await.expect("delete");

    let base = UserThreadsQuery {
        user_id: me.id.clone(),
        team_id: t.id.clone(),
        limit: 100,
        ..Default::default()
    };
    let list = |q: UserThreadsQuery| async move {
        s.get_user_threads(&q)
            .await
            .expect("threads")
            .into_iter()
            .map(|u| u.thread.post_id)
            .collect::<Vec<_>>()
    };
    let want = |ps: &[&Post]| ps.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
    assert_eq!(
        list(base.clone()).await,
        want(&[&t6, &t2r, &t1]),
        "followed, live, in the team or direct/group channels I am in; newest reply first"
    );
    let full = s.get_user_threads(&base).await.expect("threads");
    let first = full.iter().find(|u| u.thread.post_id == t1.id).expect("t1");
    assert_eq!(first.unread_replies, 1);
    assert_eq!(
        first.membership,
        following(&t1.id, &me.id, 0, 100),
        "membership fields"
    );
    assert_eq!(
        first.thread,
        s.get_thread(&t1.id).await.expect("thread"),
        "thread fields with participants"
    );
    assert_eq!(first.thread.participants, std::slice::from_ref(&other.id));
    let dm_thread = full
        .iter()
        .find(|u| u.thread.post_id == t2r.id)
        .expect("t2");
    assert_eq!(
        (
            dm_thread.unread_replies,
            dm_thread.membership.unread_mentions,
            dm_thread.membership.urgent_mentions
        ),
        (0, 1, 1),
        "my own replies are never unread"
    );

    assert_eq!(
        list(UserThreadsQuery {
            unread_only: true,
            ..base.clone()
        })
        .await,
        want(&[&t2r, &t1]),
        "unread replies or unread mentions"
    );
    assert_eq!(
        list(UserThreadsQuery {
            since: 200,
            ..base.clone()
        })
        .await,
        want(&[&t6, &t2r]),
        "membership updated after the time"
    );
    assert_eq!(
        list(UserThreadsQuery {
            before: Some(3000),
            ..base.clone()
        })
        .await,
        want(&[&t1])
    );
    assert_eq!(
        list(UserThreadsQuery {
            after: Some(2000),
            ..base.clone()
        })
        .await,
        want(&[&t6, &t2r])
    );
    assert_eq!(
        list(UserThreadsQuery {
            include_deleted: true,
            ..base.clone()
        })
        .await,
        want(&[&t6, &t5, &t2r, &t1])
    );
    assert_eq!(
        list(UserThreadsQuery {
            limit: 1,
            ..base.clone()
        })
        .await,
        want(&[&t6])
    );
    assert_eq!(
        list(UserThreadsQuery {
            team_id: t2.id.clone(),
            ..base.clone()
        })
        .await,
        want(&[&t6, &t3, &t2r]),
        "direct and group channels show in every team"
    );
    assert!(
        list(UserThreadsQuery {
            user_id: other.id.clone(),
            ..base.clone()
        })
        .await
        .is_empty(),
        "only the user's own memberships"
    );

    assert_eq!(
        s.count_user_threads(&me.id, &t.id).await.expect("totals"),
        ThreadTotals {
            total: 3,
            unread_threads: 2,
            unread_mentions: 1,
            unread_urgent_mentions: 1,
        }
    );
    assert_eq!(
        s.count_user_threads(&other.id, &t.id)
            .await
            .expect("totals"),
        ThreadTotals::default()
    );

    // One thread, as the user sees it, followed or not.
    let one = s.get_user_thread(&me.id, &t4.id).await.expect("t4");
    assert!(!one.membership.following);
    assert_eq!((one.thread.reply_count, one.unread_replies), (1, 1));
    let viewed = s.get_user_thread(&me.id, &t6.id).await.expect("t6");
    assert_eq!(
        (
            viewed.thread.reply_count,
            viewed.thread.last_reply_at,
            viewed.unread_replies
        ),
        (2, 5000, 0)
    );
    assert!(matches!(
        s.get_user_thread(&me.id, &new_id()).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.get_user_thread(&other.id, &t1.id).await,
        Err(StoreError::NotFound)
    ));
}
