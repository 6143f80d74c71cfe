mod categories;

pub(super) use categories::{sidebar_categories, sidebar_category_many_channels};

use stoa_model::channel::{Channel, default_member_notify_props};
use stoa_model::new_id;
use stoa_model::user::User;

use super::{channel, join_all, member, team, user};
use crate::{ChannelCounters, ChannelListQuery, MentionCandidate, OptionalExt, Store, StoreError};

pub(super) async fn channels_and_members(s: &dyn Store) {
    let t = team("gamma");
    s.insert_team(&t).await.expect("team");
    let mut ch = channel(&t.id, "general", "O");
    ch.props = Some(serde_json::json!({"k": [1, 2]}));
    ch.total_msg_count = 7;
    ch.total_msg_count_root = 5;
    s.insert_channel(&ch).await.expect("insert");
    assert_eq!(s.get_channel(&ch.id).await.expect("get"), ch);
    assert_eq!(
        s.get_channel_by_name(&t.id, "general")
            .await
            .expect("name")
            .id,
        ch.id
    );
    match s.insert_channel(&channel(&t.id, "general", "P")).await {
        Err(StoreError::Conflict { constraint }) => assert_eq!(constraint, "channels_team_id_name"),
        other => panic!("expected conflict, got {other:?}"),
    }
    // The same name in DM space ("" team) is another channel.
    s.insert_channel(&channel("", "general", "D"))
        .await
        .expect("dm namespace");

    let u = user("uma");
    s.insert_user(&u, "").await.expect("user");
    let mut m = member(&ch.id, &u.id);
    m.scheme_admin = true;
    s.insert_channel_member(&m).await.expect("member");
    assert!(matches!(
        s.insert_channel_member(&m).await,
        Err(StoreError::Conflict { .. })
    ));
    let got = s.get_channel_member(&ch.id, &u.id).await.expect("get");
    assert_eq!(got.roles, "channel_user channel_admin");
    assert_eq!(got.notify_props["mark_unread"], "all");
    assert_eq!(s.count_channel_members(&ch.id).await.expect("count"), 1);
    assert_eq!(
        s.get_channel_members(&ch.id, 0, 10)
            .await
            .expect("list")
            .len(),
        1
    );
    assert_eq!(
        s.get_channel_members_by_ids(&ch.id, std::slice::from_ref(&u.id))
            .await
            .expect("ids")
            .len(),
        1
    );
    assert_eq!(
        s.get_channel_members_for_user(&u.id, Some(&t.id))
            .await
            .expect("mine")
            .len(),
        1
    );
    assert_eq!(
        s.get_channels_for_user(&u.id, Some(&t.id), false, 0)
            .await
            .expect("channels")
            .len(),
        1
    );

    let mut changed = got.clone();
    changed.notify_props.insert("desktop".into(), "all".into());
    changed.mention_count = 3;
    s.update_channel_member(&changed).await.expect("update");
    assert_eq!(
        s.get_channel_member(&ch.id, &u.id)
            .await
            .expect("get")
            .mention_count,
        3
    );
    let viewed = s
        .mark_channels_viewed(&u.id, &[ch.id.clone(), new_id()], 1234)
        .await
        .expect("view");
    assert_eq!(viewed, vec![ch.id.clone()]);
    let after = s.get_channel_member(&ch.id, &u.id).await.expect("get");
    assert_eq!(
        (
            after.last_viewed_at,
            after.msg_count,
            after.msg_count_root,
            after.mention_count
        ),
        (1234, 7, 5, 0)
    );

    ch.header = "new".into();
    ch.delete_at = 50;
    s.update_channel(&ch).await.expect("update");
    assert!(
        s.get_channels_for_user(&u.id, Some(&t.id), false, 0)
            .await
            .expect("live")
            .is_empty()
    );
    assert_eq!(
        s.get_channels_for_user(&u.id, Some(&t.id), true, 10)
            .await
            .expect("deleted since")
            .len(),
        1
    );
    assert!(
        s.get_channels_for_user(&u.id, Some(&t.id), true, 60)
            .await
            .expect("deleted before")
            .is_empty()
    );

    s.delete_channel_member(&ch.id, &u.id)
        .await
        .expect("remove");
    assert!(matches!(
        s.delete_channel_member(&ch.id, &u.id).await,
        Err(StoreError::NotFound)
    ));
    s.insert_channel_member(&member(&ch.id, &u.id))
        .await
        .expect("again");
    s.delete_channel_members_for_user_in_team(&u.id, &t.id)
        .await
        .expect("leave team");
    assert!(
        s.get_channel_member(&ch.id, &u.id)
            .await
            .optional()
            .expect("lookup")
            .is_none()
    );
    s.delete_channel_permanently(&ch.id).await.expect("delete");
    assert!(matches!(
        s.get_channel(&ch.id).await,
        Err(StoreError::NotFound)
    ));
}

pub(super) async fn channel_lists(s: &dyn Store) {
    let t = team("delta");
    s.insert_team(&t).await.expect("team");
    let u = user("ned");
    s.insert_user(&u, "").await.expect("user");
    let public = channel(&t.id, "public-one", "O");
    let private = channel(&t.id, "private-one", "P");
    let mut archived = channel(&t.id, "old-news", "O");
    archived.delete_at = 3;
    let dm = channel("", "x__y", "D");
    for c in [&public, &private, &archived, &dm] {
        s.insert_channel(c).await.expect("insert");
    }
    s.insert_channel_member(&member(&private.id, &u.id))
        .await
        .expect("member");
    s.insert_channel_member(&member(&dm.id, &u.id))
        .await
        .expect("member");
    let names = |cs: Vec<Channel>| cs.into_iter().map(|c| c.name).collect::<Vec<_>>();
    let base = ChannelListQuery {
        team_id: t.id.clone(),
        types: vec!["O".into()],
        limit: 10,
        ..Default::default()
    };
    assert_eq!(
        names(s.list_channels(&base).await.expect("list")),
        ["public-one"]
    );
    let deleted = ChannelListQuery {
        only_deleted: true,
        ..base.clone()
    };
    assert_eq!(
        names(s.list_channels(&deleted).await.expect("list")),
        ["old-news"]
    );
    let all = ChannelListQuery {
        include_deleted: true,
        ..base.clone()
    };
    assert_eq!(s.list_channels(&all).await.expect("list").len(), 2);
    let private_q = ChannelListQuery {
        types: vec!["P".into()],
        member_of: Some(u.id.clone()),
        ..base.clone()
    };
    assert_eq!(
        names(s.list_channels(&private_q).await.expect("list")),
        ["private-one"]
    );
    let not_member = ChannelListQuery {
        types: vec!["O".into(), "P".into()],
        not_member_of: Some(u.id.clone()),
        ..base.clone()
    };
    assert_eq!(
        names(s.list_channels(&not_member).await.expect("list")),
        ["public-one"]
    );
    let search = ChannelListQuery {
        term: Some("PUBLIC".into()),
        ..base.clone()
    };
    assert_eq!(s.list_channels(&search).await.expect("list").len(), 1);
    let mine = s
        .get_channels_for_user(&u.id, Some(&t.id), false, 0)
        .await
        .expect("mine");
    assert_eq!(mine.len(), 2, "the team's channels plus direct messages");
    assert_eq!(
        s.get_channels_for_user(&u.id, None, false, 0)
            .await
            .expect("all")
            .len(),
        2
    );
    let by_ids = s
        .get_channels_by_ids(&[public.id.clone(), dm.id.clone()])
        .await
        .expect("ids");
    assert_eq!(by_ids.len(), 2);
}

pub(super) async fn channel_post_counters(s: &dyn Store) {
    let t = team("counters");
    s.insert_team(&t).await.expect("team");
    let ch = channel(&t.id, "busy", "O");
    let dm = channel("", "a__b", "D");
    let mut archived = channel(&t.id, "old", "O");
    archived.delete_at = 5;
    for c in [&ch, &dm, &archived] {
        s.insert_channel(c).await.expect("channel");
    }
    let a = user("ann");
    let b = user("ben");
    for u in [&a, &b] {
        s.insert_user(u, "").await.expect("user");
    }
    for c in [&ch, &dm, &archived] {
        s.insert_channel_member(&member(&c.id, &a.id))
            .await
            .expect("member");
    }
    let mut muted = member(&ch.id, &b.id);
    muted
        .notify_props
        .insert("mark_unread".into(), "mention".into());
    s.insert_channel_member(&muted).await.expect("member");

    s.record_post_in_channel(&ch.id, true, 1000)
        .await
        .expect("root");
    s.record_post_in_channel(&ch.id, false, 2000)
        .await
        .expect("reply");
    s.record_post_in_channel(&ch.id, true, 1500)
        .await
        .expect("late root");
    s.record_post_in_channel(&dm.id, true, 1200)
        .await
        .expect("dm");
    assert!(matches!(
        s.record_post_in_channel(&new_id(), true, 1).await,
        Err(StoreError::NotFound)
    ));
    let got = s.get_channel(&ch.id).await.expect("get");
    assert_eq!(
        (
            got.total_msg_count,
            got.total_msg_count_root,
            got.last_post_at,
            got.last_root_post_at
        ),
        (3, 2, 2000, 1500),
        "last post times never move back"
    );

    let users = [a.id.clone(), b.id.clone(), new_id()];
    s.increment_mention_counts(&ch.id, &users, true, false, 3000)
        .await
        .expect("mention");
    s.increment_mention_counts(&ch.id, std::slice::from_ref(&a.id), false, true, 3100)
        .await
        .expect("urgent reply mention");
    s.increment_mention_counts(&ch.id, &[], true, true, 3200)
        .await
        .expect("nobody");
    let am = s.get_channel_member(&ch.id, &a.id).await.expect("member");
    assert_eq!(
        (
            am.mention_count,
            am.mention_count_root,
            am.urgent_mention_count,
            am.last_update_at
        ),
        (2, 1, 1, 3100)
    );

    let counters = |user_id: String| async move {
        let mut v = s
            .get_channel_counters_for_user(&user_id)
            .await
            .expect("counters");
        v.sort_by(|x, y| x.channel_id.cmp(&y.channel_id));
        v
    };
    let ch_counters = ChannelCounters {
        channel_id: ch.id.clone(),
        team_id: t.id.clone(),
        total_msg_count: 3,
        total_msg_count_root: 2,
        msg_count: 0,
        msg_count_root: 0,
        mention_count: 2,
        mention_count_root: 1,
        urgent_mention_count: 1,
        muted: false,
    };
    let dm_counters = ChannelCounters {
        channel_id: dm.id.clone(),
        team_id: String::new(),
        total_msg_count: 1,
        total_msg_count_root: 1,
        ..Default::default()
    };
    let mut want = vec![ch_counters.clone(), dm_counters.clone()];
    want.sort_by(|x, y| x.channel_id.cmp(&y.channel_id));
    assert_eq!(
        counters(a.id.clone()).await,
        want,
        "live channels only, direct ones included"
    );
    assert_eq!(
        counters(b.id.clone()).await,
        [ChannelCounters {
            mention_count: 1,
            mention_count_root: 1,
            urgent_mention_count: 0,
            muted: true,
            ..ch_counters.clone()
        }],
        "mark_unread=mention is muted"
    );
    assert!(counters(new_id()).await.is_empty());

    s.mark_channels_viewed(&a.id, std::slice::from_ref(&ch.id), 4000)
        .await
        .expect("view");
    let mut want = vec![
        ChannelCounters {
            msg_count: 3,
            msg_count_root: 2,
            mention_count: 0,
            mention_count_root: 0,
            urgent_mention_count: 0,
            ..ch_counters
        },
        dm_counters,
    ];
    want.sort_by(|x, y| x.channel_id.cmp(&y.channel_id));
    assert_eq!(counters(a.id.clone()).await, want);
}

pub(super) async fn channel_counters_concurrent(s: &dyn Store) {
    let t = team("rush");
    s.insert_team(&t).await.expect("team");
    let ch = channel(&t.id, "busy", "O");
    s.insert_channel(&ch).await.expect("channel");
    let a = user("amy");
    s.insert_user(&a, "").await.expect("user");
    s.insert_channel_member(&member(&ch.id, &a.id))
        .await
        .expect("member");
    let who = [a.id.clone()];
    let posts = (0..20i64).map(|i| {
        let id = ch.id.clone();
        async move {
            s.record_post_in_channel(&id, i % 2 == 0, 1000 + i)
                .await
                .expect("record");
        }
    });
    let mentions = (0..20i64).map(|i| {
        let id = ch.id.clone();
        let who = &who;
        async move {
            s.increment_mention_counts(&id, who, i % 2 == 0, i % 4 == 0, 2000 + i)
                .await
                .expect("mention");
        }
    });
    join_all(posts.collect()).await;
    join_all(mentions.collect()).await;
    let got = s.get_channel(&ch.id).await.expect("get");
    assert_eq!(
        (
            got.total_msg_count,
            got.total_msg_count_root,
            got.last_post_at,
            got.last_root_post_at
        ),
        (20, 10, 1019, 1018),
        "every concurrent post counted"
    );
    let m = s.get_channel_member(&ch.id, &a.id).await.expect("member");
    assert_eq!(
        (
            m.mention_count,
            m.mention_count_root,
            m.urgent_mention_count
        ),
        (20, 10, 5),
        "every concurrent mention counted"
    );
}

pub(super) async fn channel_mention_candidates(s: &dyn Store) {
    let t = team("mentions");
    s.insert_team(&t).await.expect("team");
    let ch = channel(&t.id, "talk", "O");
    s.insert_channel(&ch).await.expect("channel");
    let mut ann = user("ann");
    ann.notify_props
        .insert("mention_keys".into(), "annie,@ann-team".into());
    ann.notify_props.insert("first_name".into(), "true".into());
    let mut bot = user("helper-bot");
    bot.is_bot = true;
    let mut gone = user("gone");
    gone.delete_at = 5;
    let outsider = user("outsider");
    for u in [&ann, &bot, &gone, &outsider] {
        s.insert_user(u, "").await.expect("user");
    }
    let mut quiet = member(&ch.id, &ann.id);
    quiet
        .notify_props
        .insert("ignore_channel_mentions".into(), "on".into());
    s.insert_channel_member(&quiet).await.expect("member");
    for u in [&bot, &gone] {
        s.insert_channel_member(&member(&ch.id, &u.id))
            .await
            .expect("member");
    }
    let mut got = s.get_mention_candidates(&ch.id).await.expect("candidates");
    got.sort_by(|x, y| x.user_id.cmp(&y.user_id));
    let candidate = |u: &User, member_props: &stoa_model::StringMap| MentionCandidate {
        user_id: u.id.clone(),
        username: u.username.clone(),
        first_name: u.first_name.clone(),
        is_bot: u.is_bot,
        active: u.delete_at == 0,
        user_notify_props: u.notify_props.clone(),
        member_notify_props: member_props.clone(),
    };
    let defaults = default_member_notify_props();
    let mut want = vec![
        candidate(&ann, &quiet.notify_props),
        candidate(&bot, &defaults),
        candidate(&gone, &defaults),
    ];
    want.sort_by(|x, y| x.user_id.cmp(&y.user_id));
    assert_eq!(got, want, "members only, with their props and flags");
    assert!(
        s.get_mention_candidates(&new_id())
            .await
            .expect("none")
            .is_empty()
    );
}
