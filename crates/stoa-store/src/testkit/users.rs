use stoa_model::new_id;
use stoa_model::team::TeamMember;
use stoa_model::user::User;

use super::{channel, member, team, user};
use crate::{Store, StoreError, UserListQuery, UserSort};

pub(super) async fn users_round_trip(s: &dyn Store) {
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

pub(super) async fn users_unique_username_and_email(s: &dyn Store) {
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

pub(super) async fn users_lists_and_filters(s: &dyn Store) {
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
