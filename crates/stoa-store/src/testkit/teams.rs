use stoa_model::team::TeamMember;

use super::{channel, team, user};
use crate::{Store, StoreError, TeamListQuery};

pub(super) async fn teams_and_members(s: &dyn Store) {
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
