#![expect(
    clippy::expect_used,
    reason = "a test suite: a failed expectation is a failed test"
)]

//! The store contract suite: every backend runs these cases on a real, empty database.
//!
//! A backend's `tests/contract.rs` calls [`CASES`] one by one, each on a fresh database, so
//! the cases may count rows and need no clean-up.

use std::future::Future;
use std::pin::Pin;
use stoa_model::channel::{Channel, ChannelMember, default_member_notify_props};
use stoa_model::session::Session;
use stoa_model::team::{Team, TeamMember};
use stoa_model::user::{User, default_notify_props, default_timezone};
use stoa_model::{new_id, now_ms};

use crate::{
    ChannelListQuery, OptionalExt, Store, StoreError, TeamListQuery, UserListQuery, UserSort,
};

pub type CaseFuture<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;
pub type Case = for<'a> fn(&'a dyn Store) -> CaseFuture<'a>;

/// Every case, by name.
pub const CASES: &[(&str, Case)] = &[
    ("users_round_trip", |s| Box::pin(users_round_trip(s))),
    ("users_unique_username_and_email", |s| {
        Box::pin(users_unique_username_and_email(s))
    }),
    ("users_lists_and_filters", |s| {
        Box::pin(users_lists_and_filters(s))
    }),
    ("sessions_lifecycle", |s| Box::pin(sessions_lifecycle(s))),
    ("teams_and_members", |s| Box::pin(teams_and_members(s))),
    ("channels_and_members", |s| {
        Box::pin(channels_and_members(s))
    }),
    ("channel_lists", |s| Box::pin(channel_lists(s))),
    ("transactions_commit_or_roll_back", |s| {
        Box::pin(transactions_commit_or_roll_back(s))
    }),
    ("system_values", |s| Box::pin(system_values(s))),
];

pub fn user(username: &str) -> User {
    let now = now_ms();
    User {
        id: new_id(),
        create_at: now,
        update_at: now,
        username: username.to_owned(),
        email: format!("{username}@example.com"),
        first_name: format!("{username}-first"),
        roles: "system_user".into(),
        locale: "en".into(),
        notify_props: default_notify_props(),
        timezone: default_timezone(),
        ..Default::default()
    }
}

pub fn team(name: &str) -> Team {
    let now = now_ms();
    Team {
        id: new_id(),
        create_at: now,
        update_at: now,
        display_name: name.to_uppercase(),
        name: name.to_owned(),
        team_type: "O".into(),
        invite_id: new_id(),
        allow_open_invite: true,
        ..Default::default()
    }
}

pub fn channel(team_id: &str, name: &str, kind: &str) -> Channel {
    let now = now_ms();
    Channel {
        id: new_id(),
        create_at: now,
        update_at: now,
        team_id: team_id.to_owned(),
        channel_type: kind.to_owned(),
        name: name.to_owned(),
        display_name: name.to_owned(),
        ..Default::default()
    }
}

fn member(channel_id: &str, user_id: &str) -> ChannelMember {
    ChannelMember {
        channel_id: channel_id.to_owned(),
        user_id: user_id.to_owned(),
        notify_props: default_member_notify_props(),
        scheme_user: true,
        ..Default::default()
    }
}

async fn users_round_trip(s: &dyn Store) {
    let mut u = user("alice");
    u.props
        .insert("customStatus".into(), "{\"emoji\":\"coffee\"}".into());
    u.auth_data = Some("ext-1".into());
    s.insert_user(&u, "hash-1").await.expect("insert");
    let got = s.get_user(&u.id).await.expect("get");
    assert_eq!(got, u, "every field round-trips");
    assert_eq!(
        s.get_user_by_username("alice").await.expect("by name").id,
        u.id
    );
    assert_eq!(
        s.get_user_by_email("ALICE@example.com")
            .await
            .expect("by email")
            .id,
        u.id
    );
    assert_eq!(s.get_password_hash(&u.id).await.expect("hash"), "hash-1");
    assert!(matches!(
        s.get_user(&new_id()).await,
        Err(StoreError::NotFound)
    ));

    let mut changed = got.clone();
    changed.nickname = "Al".into();
    changed.roles = "system_user system_admin".into();
    changed.update_at += 1;
    changed.delete_at = 42;
    s.update_user(&changed).await.expect("update");
    assert_eq!(s.get_user(&u.id).await.expect("get"), changed);
    s.update_password(&u.id, "hash-2", 99)
        .await
        .expect("password");
    assert_eq!(s.get_password_hash(&u.id).await.expect("hash"), "hash-2");
    assert_eq!(
        s.get_user(&u.id).await.expect("get").last_password_update,
        99
    );
    s.update_failed_attempts(&u.id, 3).await.expect("attempts");
    assert_eq!(s.get_user(&u.id).await.expect("get").failed_attempts, 3);
    s.update_last_picture_update(&u.id, -5)
        .await
        .expect("picture");
    assert_eq!(
        s.get_user(&u.id).await.expect("get").last_picture_update,
        -5
    );
    assert!(matches!(
        s.update_password(&new_id(), "h", 1).await,
        Err(StoreError::NotFound)
    ));
}

async fn users_unique_username_and_email(s: &dyn Store) {
    let a = user("bob");
    s.insert_user(&a, "").await.expect("insert");
    let mut same_name = user("bob");
    same_name.email = "other@example.com".into();
    match s.insert_user(&same_name, "").await {
        Err(StoreError::Conflict { constraint }) => assert_eq!(constraint, "users_username"),
        other => panic!("expected conflict, got {other:?}"),
    }
    let mut same_email = user("robert");
    same_email.email = a.email.clone();
    match s.insert_user(&same_email, "").await {
        Err(StoreError::Conflict { constraint }) => assert_eq!(constraint, "users_email"),
        other => panic!("expected conflict, got {other:?}"),
    }
    assert_eq!(s.count_users(true, true).await.expect("count"), 1);
}

async fn users_lists_and_filters(s: &dyn Store) {
    let t = team("crew");
    s.insert_team(&t).await.expect("team");
    let mut ids = Vec::new();
    for name in ["carl", "cara", "dana", "eve"] {
        let u = user(name);
        s.insert_user(&u, "").await.expect("insert");
        ids.push(u.id);
    }
    for id in &ids[..2] {
        s.save_team_member(&TeamMember {
            team_id: t.id.clone(),
            user_id: id.clone(),
            scheme_user: true,
            ..Default::default()
        })
        .await
        .expect("member");
    }
    let ch = channel(&t.id, "general", "O");
    s.insert_channel(&ch).await.expect("channel");
    s.insert_channel_member(&member(&ch.id, &ids[0]))
        .await
        .expect("cm");
    let names = |users: Vec<User>| users.into_iter().map(|u| u.username).collect::<Vec<_>>();
    let q = |f: fn(&mut UserListQuery)| {
        let mut q = UserListQuery {
            limit: 100,
            include_bots: true,
            ..Default::default()
        };
        f(&mut q);
        q
    };
    let tid = t.id.clone();
    let mut in_team = q(|_| {});
    in_team.in_team = Some(tid.clone());
    assert_eq!(
        names(s.list_users(&in_team).await.expect("list")),
        ["cara", "carl"]
    );
    let mut not_in = q(|_| {});
    not_in.not_in_team = Some(tid.clone());
    assert_eq!(
        names(s.list_users(&not_in).await.expect("list")),
        ["dana", "eve"]
    );
    let mut in_ch = q(|_| {});
    in_ch.in_channel = Some(ch.id.clone());
    assert_eq!(names(s.list_users(&in_ch).await.expect("list")), ["carl"]);
    let mut not_in_ch = in_team.clone();
    not_in_ch.not_in_channel = Some(ch.id.clone());
    assert_eq!(
        names(s.list_users(&not_in_ch).await.expect("list")),
        ["cara"]
    );
    let mut without = q(|_| {});
    without.without_team = true;
    assert_eq!(
        names(s.list_users(&without).await.expect("list")),
        ["dana", "eve"]
    );
    let mut term = q(|_| {});
    term.term = Some("CAR".into());
    assert_eq!(
        names(s.list_users(&term).await.expect("list")),
        ["cara", "carl"]
    );
    term.term = Some("100%_".into());
    assert!(
        s.list_users(&term).await.expect("list").is_empty(),
        "LIKE wildcards in terms are literal"
    );
    let mut paged = q(|_| {});
    paged.limit = 2;
    paged.offset = 2;
    assert_eq!(
        names(s.list_users(&paged).await.expect("list")),
        ["dana", "eve"]
    );
    let mut deleted = s.get_user(&ids[3]).await.expect("eve");
    deleted.delete_at = 1;
    s.update_user(&deleted).await.expect("deactivate");
    let mut active = q(|_| {});
    active.active = Some(true);
    assert_eq!(s.list_users(&active).await.expect("list").len(), 3);
    active.active = Some(false);
    assert_eq!(names(s.list_users(&active).await.expect("list")), ["eve"]);
    let mut admin = s.get_user(&ids[2]).await.expect("dana");
    admin.roles = "system_user system_admin".into();
    s.update_user(&admin).await.expect("promote");
    let mut role = q(|_| {});
    role.role = Some("system_admin".into());
    assert_eq!(names(s.list_users(&role).await.expect("list")), ["dana"]);
    role.role = Some("system".into());
    assert!(
        s.list_users(&role).await.expect("list").is_empty(),
        "roles match whole words"
    );
    let mut newest = q(|_| {});
    newest.sort = UserSort::CreateAt;
    assert_eq!(s.list_users(&newest).await.expect("list").len(), 4);
    assert_eq!(s.count_users(false, true).await.expect("count"), 3);
    assert_eq!(s.count_users(true, true).await.expect("count"), 4);
    let by_ids = s.get_users_by_ids(&ids[..2]).await.expect("ids");
    assert_eq!(by_ids.len(), 2);
    assert!(s.get_users_by_ids(&[]).await.expect("empty").is_empty());
    assert_eq!(
        s.get_users_by_usernames(&["eve".into(), "zed".into()])
            .await
            .expect("names")
            .len(),
        1
    );
    let since = s
        .get_users_updated_since(&ids, deleted.update_at - 1)
        .await
        .expect("since");
    assert!(!since.is_empty());
}

async fn sessions_lifecycle(s: &dyn Store) {
    let u = user("sam");
    s.insert_user(&u, "").await.expect("user");
    let mk = |expires: i64, device: &str| Session {
        id: new_id(),
        token: new_id(),
        create_at: now_ms(),
        expires_at: expires,
        last_activity_at: now_ms(),
        user_id: u.id.clone(),
        device_id: device.to_owned(),
        roles: "system_user".into(),
        props: [("csrf".to_owned(), new_id())].into_iter().collect(),
        ..Default::default()
    };
    let a = mk(now_ms() + 10_000, "");
    let b = mk(1, "apple:123");
    let c = mk(now_ms() + 10_000, "apple:123");
    for x in [&a, &b, &c] {
        s.insert_session(x).await.expect("insert");
    }
    assert_eq!(s.get_session_by_token(&a.token).await.expect("by token"), a);
    assert_eq!(
        s.get_session_by_id(&a.id).await.expect("by id").token,
        a.token
    );
    assert_eq!(s.get_sessions_for_user(&u.id).await.expect("list").len(), 3);
    s.update_session_activity(&a.id, 5, 6)
        .await
        .expect("activity");
    let got = s.get_session_by_id(&a.id).await.expect("get");
    assert_eq!((got.last_activity_at, got.expires_at), (5, 6));
    s.update_sessions_roles(&u.id, "system_user system_admin")
        .await
        .expect("roles");
    assert_eq!(
        s.get_session_by_id(&c.id).await.expect("get").roles,
        "system_user system_admin"
    );
    assert_eq!(
        s.delete_expired_sessions(100).await.expect("expired"),
        2,
        "a (expires 6) and b (expires 1)"
    );
    s.delete_sessions_for_device(&u.id, "apple:123", &c.id)
        .await
        .expect("device");
    assert_eq!(s.get_sessions_for_user(&u.id).await.expect("list").len(), 1);
    s.update_session_device(&c.id, "android:9", 77)
        .await
        .expect("device");
    assert_eq!(
        s.get_session_by_id(&c.id).await.expect("get").device_id,
        "android:9"
    );
    let d = mk(0, "");
    s.insert_session(&d).await.expect("insert");
    let mut gone = s.delete_sessions_for_user(&u.id).await.expect("delete all");
    gone.sort();
    let mut want = vec![c.id.clone(), d.id.clone()];
    want.sort();
    assert_eq!(gone, want);
    assert!(
        s.get_session_by_token(&d.token)
            .await
            .optional()
            .expect("lookup")
            .is_none()
    );
    s.delete_session(&d.id)
        .await
        .expect("deleting an absent session is fine");
}

async fn teams_and_members(s: &dyn Store) {
    let mut t = team("alpha");
    s.insert_team(&t).await.expect("insert");
    assert_eq!(s.get_team(&t.id).await.expect("get"), t);
    assert_eq!(s.get_team_by_name("alpha").await.expect("name").id, t.id);
    assert_eq!(
        s.get_team_by_invite_id(&t.invite_id)
            .await
            .expect("invite")
            .id,
        t.id
    );
    assert!(matches!(
        s.insert_team(&team("alpha")).await,
        Err(StoreError::Conflict { .. })
    ));
    let mut closed = team("beta");
    closed.allow_open_invite = false;
    closed.team_type = "I".into();
    s.insert_team(&closed).await.expect("insert");
    let open = TeamListQuery {
        open_only: true,
        limit: 10,
        ..Default::default()
    };
    assert_eq!(s.list_teams(&open).await.expect("list").len(), 1);
    assert_eq!(
        s.count_teams(&TeamListQuery {
            limit: 10,
            ..Default::default()
        })
        .await
        .expect("count"),
        2
    );
    let search = TeamListQuery {
        term: Some("BET".into()),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(
        s.list_teams(&search).await.expect("search")[0].id,
        closed.id
    );

    let u = user("tina");
    let v = user("vic");
    s.insert_user(&u, "").await.expect("user");
    s.insert_user(&v, "").await.expect("user");
    let m = TeamMember {
        team_id: t.id.clone(),
        user_id: u.id.clone(),
        scheme_user: true,
        scheme_admin: true,
        explicit_roles: "team_post_all".into(),
        ..Default::default()
    };
    s.save_team_member(&m).await.expect("member");
    let got = s.get_team_member(&t.id, &u.id).await.expect("get");
    assert_eq!(got.roles, "team_user team_admin team_post_all");
    s.save_team_member(&TeamMember {
        team_id: t.id.clone(),
        user_id: v.id.clone(),
        scheme_user: true,
        ..Default::default()
    })
    .await
    .expect("member");
    assert_eq!(s.count_team_members(&t.id).await.expect("count"), (2, 2));
    assert_eq!(
        s.get_team_members(&t.id, 0, 1).await.expect("page").len(),
        1
    );
    assert_eq!(
        s.get_team_members_by_ids(&t.id, std::slice::from_ref(&v.id))
            .await
            .expect("ids")
            .len(),
        1
    );
    assert_eq!(s.get_teams_for_user(&u.id).await.expect("teams").len(), 1);
    // Leaving keeps the row with delete_at; saving again revives it.
    s.save_team_member(&TeamMember {
        delete_at: 5,
        ..m.clone()
    })
    .await
    .expect("leave");
    assert_eq!(
        s.get_team_member(&t.id, &u.id)
            .await
            .expect("row")
            .delete_at,
        5
    );
    assert!(
        s.get_team_members_for_user(&u.id)
            .await
            .expect("mine")
            .is_empty()
    );
    assert_eq!(s.count_team_members(&t.id).await.expect("count"), (1, 1));
    s.save_team_member(&m).await.expect("rejoin");
    assert_eq!(
        s.get_team_members_for_user(&u.id)
            .await
            .expect("mine")
            .len(),
        1
    );

    t.display_name = "Alpha Prime".into();
    t.delete_at = 9;
    s.update_team(&t).await.expect("update");
    assert_eq!(
        s.get_team(&t.id).await.expect("get").display_name,
        "Alpha Prime"
    );
    assert!(
        s.get_teams_for_user(&u.id).await.expect("teams").is_empty(),
        "archived teams are not listed"
    );
    let ch = channel(&t.id, "town-square", "O");
    s.insert_channel(&ch).await.expect("channel");
    s.delete_team_permanently(&t.id).await.expect("delete");
    assert!(matches!(s.get_team(&t.id).await, Err(StoreError::NotFound)));
    assert!(matches!(
        s.get_channel(&ch.id).await,
        Err(StoreError::NotFound)
    ));
}

async fn channels_and_members(s: &dyn Store) {
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

async fn channel_lists(s: &dyn Store) {
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

async fn transactions_commit_or_roll_back(s: &dyn Store) {
    let kept = user("kept");
    let tx = s.begin().await.expect("begin");
    tx.insert_user(&kept, "").await.expect("insert");
    assert_eq!(
        tx.get_user(&kept.id).await.expect("read own write").id,
        kept.id
    );
    tx.commit().await.expect("commit");
    assert!(s.get_user(&kept.id).await.is_ok());

    let dropped = user("dropped");
    {
        let tx = s.begin().await.expect("begin");
        tx.insert_user(&dropped, "").await.expect("insert");
    }
    assert!(
        matches!(s.get_user(&dropped.id).await, Err(StoreError::NotFound)),
        "dropped without commit rolls back"
    );

    // A failing statement inside a transaction leaves nothing behind once rolled back.
    let t = team("epsilon");
    let tx = s.begin().await.expect("begin");
    tx.insert_team(&t).await.expect("team");
    assert!(tx.insert_user(&kept, "").await.is_err());
    drop(tx);
    assert!(matches!(s.get_team(&t.id).await, Err(StoreError::NotFound)));

    // Concurrent transactions all land (SQLite serialises them instead of failing).
    let mut handles = Vec::new();
    for i in 0..8 {
        let u = user(&format!("conc{i}"));
        handles.push(async move {
            let tx = s.begin().await.expect("begin");
            tx.insert_user(&u, "").await.expect("insert");
            tokio::task::yield_now().await;
            tx.commit().await.expect("commit");
        });
    }
    for h in handles {
        h.await;
    }
    assert_eq!(s.count_users(true, true).await.expect("count"), 9);
}

async fn system_values(s: &dyn Store) {
    assert_eq!(s.get_system("k").await.expect("get"), None);
    assert_eq!(s.init_system("k", "first").await.expect("init"), "first");
    assert_eq!(
        s.init_system("k", "second").await.expect("init"),
        "first",
        "init keeps an existing value"
    );
    s.set_system("k", "third").await.expect("set");
    assert_eq!(
        s.get_system("k").await.expect("get").as_deref(),
        Some("third")
    );
    s.ping().await.expect("ping");
    assert!(s.schema_version().await.expect("version") >= 1);
}
