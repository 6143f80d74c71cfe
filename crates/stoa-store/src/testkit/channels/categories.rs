use stoa_model::channel::{Channel, SidebarCategory, sidebar};
use stoa_model::new_id;
use stoa_model::preference::Preference;
use stoa_model::team::{Team, TeamMember};

use crate::testkit::{add_user, channel, member, team};
use crate::{OptionalExt, Store, StoreError};

async fn join_team(s: &dyn Store, t: &Team, user_id: &str) {
    s.save_team_member(&TeamMember {
        team_id: t.id.clone(),
        user_id: user_id.to_owned(),
        scheme_user: true,
        ..Default::default()
    })
    .await
    .expect("team member");
}

async fn add_channel(
    s: &dyn Store,
    team_id: &str,
    name: &str,
    kind: &str,
    members: &[&str],
) -> Channel {
    let ch = channel(team_id, name, kind);
    s.insert_channel(&ch).await.expect("channel");
    for u in members {
        s.insert_channel_member(&member(&ch.id, u))
            .await
            .expect("member");
    }
    ch
}

/// `(type, channel ids)` of each category, in order.
async fn layout(s: &dyn Store, user_id: &str, team_id: &str) -> Vec<(String, Vec<String>)> {
    s.get_sidebar_categories(user_id, team_id)
        .await
        .expect("categories")
        .into_iter()
        .map(|c| (c.category_type, c.channel_ids))
        .collect()
}

fn kinds(pairs: &[(&str, Vec<&String>)]) -> Vec<(String, Vec<String>)> {
    pairs
        .iter()
        .map(|(k, ids)| ((*k).to_owned(), ids.iter().map(|s| (*s).clone()).collect()))
        .collect()
}

async fn category(s: &dyn Store, id: &str) -> SidebarCategory {
    s.get_sidebar_category(id).await.expect("category")
}

pub(crate) async fn sidebar_categories(s: &dyn Store) {
    let u = add_user(s, "sidney").await;
    let v = add_user(s, "vera").await;
    let (t, t2) = (team("side"), team("other"));
    for x in [&t, &t2] {
        s.insert_team(x).await.expect("team");
        join_team(s, x, &u.id).await;
    }
    join_team(s, &t, &v.id).await;
    let alpha = add_channel(s, &t.id, "alpha", "O", &[&u.id, &v.id]).await;
    let beta = add_channel(s, &t.id, "beta", "P", &[&u.id]).await;
    let mut gone = channel(&t.id, "gone", "O");
    gone.delete_at = 1;
    s.insert_channel(&gone).await.expect("archived");
    s.insert_channel_member(&member(&gone.id, &u.id))
        .await
        .expect("member");
    let elsewhere = add_channel(s, &t2.id, "elsewhere", "O", &[&u.id]).await;
    let dm = add_channel(s, "", &format!("{}__{}", u.id, v.id), "D", &[&u.id, &v.id]).await;
    add_channel(s, &t.id, "notmine", "O", &[&v.id]).await;

    assert!(
        s.get_sidebar_categories(&u.id, &t.id)
            .await
            .expect("none yet")
            .is_empty()
    );
    // A favourite chosen before the categories existed lands in the new favourites.
    s.save_preferences(&[Preference {
        user_id: u.id.clone(),
        category: "favorite_channel".into(),
        name: beta.id.clone(),
        value: "true".into(),
    }])
    .await
    .expect("pref");
    s.create_initial_sidebar_categories(&u.id, &t.id)
        .await
        .expect("defaults");
    s.create_initial_sidebar_categories(&u.id, &t.id)
        .await
        .expect("idempotent");
    let cats = s
        .get_sidebar_categories(&u.id, &t.id)
        .await
        .expect("categories");
    let fav_id = sidebar::default_category_id(sidebar::FAVORITES, &u.id, &t.id);
    let chan_id = sidebar::default_category_id(sidebar::CHANNELS, &u.id, &t.id);
    let dms_id = sidebar::default_category_id(sidebar::DIRECT_MESSAGES, &u.id, &t.id);
    assert_eq!(
        cats.iter()
            .map(|c| (
                c.id.as_str(),
                c.sort_order,
                c.sorting.as_str(),
                c.category_type.as_str(),
                c.display_name.as_str(),
                c.muted || c.collapsed,
                c.user_id == u.id && c.team_id == t.id
            ))
            .collect::<Vec<_>>(),
        [
            (
                fav_id.as_str(),
                0,
                "",
                "favorites",
                "Favorites",
                false,
                true
            ),
            (
                chan_id.as_str(),
                10,
                "",
                "channels",
                "Channels",
                false,
                true
            ),
            (
                dms_id.as_str(),
                20,
                "recent",
                "direct_messages",
                "Direct Messages",
                false,
                true
            ),
        ]
    );
    // Unplaced live channels show in the defaults: not the archived one, not others'.
    assert_eq!(
        layout(s, &u.id, &t.id).await,
        kinds(&[
            ("favorites", vec![&beta.id]),
            ("channels", vec![&alpha.id]),
            ("direct_messages", vec![&dm.id]),
        ])
    );
    s.create_initial_sidebar_categories(&u.id, &t2.id)
        .await
        .expect("second team");
    // The favourite was of the first team; the direct channel shows in every team.
    assert_eq!(
        layout(s, &u.id, &t2.id).await,
        kinds(&[
            ("favorites", vec![]),
            ("channels", vec![&elsewhere.id]),
            ("direct_messages", vec![&dm.id]),
        ])
    );

    // A custom category takes channels out of the defaults, in the order given.
    let custom = SidebarCategory {
        id: new_id(),
        user_id: u.id.clone(),
        team_id: t.id.clone(),
        sort_order: 30,
        category_type: sidebar::CUSTOM.into(),
        display_name: "Work".into(),
        ..Default::default()
    };
    s.insert_sidebar_category(&custom).await.expect("custom");
    s.set_sidebar_category_channels(&custom, &[dm.id.clone(), alpha.id.clone(), gone.id.clone()])
        .await
        .expect("place");
    assert_eq!(
        layout(s, &u.id, &t.id).await,
        kinds(&[
            ("favorites", vec![&beta.id]),
            ("channels", vec![]),
            ("direct_messages", vec![]),
            ("custom", vec![&dm.id, &alpha.id, &gone.id]),
        ])
    );
    assert_eq!(
        layout(s, &u.id, &t2.id).await[2],
        ("direct_messages".to_owned(), vec![dm.id.clone()]),
        "other teams keep their own placement"
    );
    // Moving a channel into favourites takes it out of the custom category.
    let fav = category(s, &fav_id).await;
    s.set_sidebar_category_channels(&fav, &[alpha.id.clone(), beta.id.clone()])
        .await
        .expect("favourite");
    assert_eq!(
        category(s, &custom.id).await.channel_ids,
        [dm.id.clone(), gone.id.clone()]
    );
    assert_eq!(
        category(s, &fav_id).await.channel_ids,
        [alpha.id.clone(), beta.id.clone()]
    );
    // A default category read alone is filled as in the list.
    s.remove_sidebar_channels(&u.id, &t.id, std::slice::from_ref(&dm.id))
        .await
        .expect("back to the defaults");
    assert_eq!(
        category(s, &dms_id).await.channel_ids,
        std::slice::from_ref(&dm.id)
    );

    // Order and fields.
    let order = vec![
        custom.id.clone(),
        chan_id.clone(),
        fav_id.clone(),
        dms_id.clone(),
    ];
    s.set_sidebar_category_order(&u.id, &t.id, &order)
        .await
        .expect("order");
    assert_eq!(
        s.get_sidebar_category_order(&u.id, &t.id)
            .await
            .expect("order"),
        order
    );
    assert_eq!(category(s, &fav_id).await.sort_order, 20);
    let renamed = SidebarCategory {
        display_name: "Play".into(),
        sorting: sidebar::SORT_ALPHA.into(),
        muted: true,
        collapsed: true,
        ..category(s, &custom.id).await
    };
    s.update_sidebar_category(&renamed).await.expect("update");
    let back = category(s, &custom.id).await;
    assert_eq!(back, renamed);
    assert_eq!(back.sort_order, 0);
    assert!(matches!(
        s.update_sidebar_category(&SidebarCategory {
            id: new_id(),
            ..renamed.clone()
        })
        .await,
        Err(StoreError::NotFound)
    ));

    // Leaving a channel takes it out of its category.
    s.delete_channel_member(&beta.id, &u.id)
        .await
        .expect("leave");
    assert_eq!(
        category(s, &fav_id).await.channel_ids,
        std::slice::from_ref(&alpha.id)
    );

    // Deleting a category returns its channels to the defaults.
    s.set_sidebar_category_channels(&renamed, std::slice::from_ref(&alpha.id))
        .await
        .expect("place");
    s.delete_sidebar_category(&custom.id).await.expect("delete");
    assert!(matches!(
        s.delete_sidebar_category(&custom.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(
        s.get_sidebar_category(&custom.id)
            .await
            .optional()
            .expect("read")
            .is_none()
    );
    assert_eq!(
        layout(s, &u.id, &t.id).await,
        kinds(&[
            ("channels", vec![&alpha.id]),
            ("favorites", vec![]),
            ("direct_messages", vec![&dm.id]),
        ])
    );

    // Someone else's categories are their own.
    s.create_initial_sidebar_categories(&v.id, &t.id)
        .await
        .expect("vera");
    let theirs = layout(s, &v.id, &t.id).await;
    assert_eq!(theirs[1].1.len(), 2, "alpha and notmine: {theirs:?}");
    assert_eq!(theirs[2].1, std::slice::from_ref(&dm.id));

    // Leaving the team clears the user's categories there, not elsewhere.
    s.delete_sidebar_categories_for_user_in_team(&u.id, &t.id)
        .await
        .expect("clear");
    assert!(layout(s, &u.id, &t.id).await.is_empty());
    assert_eq!(layout(s, &u.id, &t2.id).await.len(), 3);
    assert_eq!(layout(s, &v.id, &t.id).await.len(), 3);
}

/// Channel lists longer than one statement's chunk keep their order.
pub(crate) async fn sidebar_category_many_channels(s: &dyn Store) {
    let u = add_user(s, "manny").await;
    let t = team("many");
    s.insert_team(&t).await.expect("team");
    join_team(s, &t, &u.id).await;
    let tx = s.begin().await.expect("begin");
    let mut ids = Vec::new();
    for i in 0..1_100 {
        let ch = channel(&t.id, &format!("c{i:04}"), "O");
        tx.insert_channel(&ch).await.expect("channel");
        tx.insert_channel_member(&member(&ch.id, &u.id))
            .await
            .expect("member");
        ids.push(ch.id);
    }
    tx.commit().await.expect("commit");
    s.create_initial_sidebar_categories(&u.id, &t.id)
        .await
        .expect("defaults");
    let fav = s
        .get_sidebar_category(&sidebar::default_category_id(
            sidebar::FAVORITES,
            &u.id,
            &t.id,
        ))
        .await
        .expect("favourites");
    ids.reverse();
    s.set_sidebar_category_channels(&fav, &ids)
        .await
        .expect("place");
    let back = s.get_sidebar_category(&fav.id).await.expect("read");
    assert_eq!(back.channel_ids, ids);
    let layout = layout(s, &u.id, &t.id).await;
    assert!(layout[1].1.is_empty(), "all moved out of channels");
    s.remove_sidebar_channels(&u.id, &t.id, &ids[..600])
        .await
        .expect("remove");
    assert_eq!(
        s.get_sidebar_category(&fav.id)
            .await
            .expect("read")
            .channel_ids,
        ids[600..]
    );
}
