use stoa_model::new_id;
use stoa_model::preference::Preference;

use crate::{Store, StoreError};

fn pref(user_id: &str, category: &str, name: &str, value: &str) -> Preference {
    Preference {
        user_id: user_id.to_owned(),
        category: category.to_owned(),
        name: name.to_owned(),
        value: value.to_owned(),
    }
}

pub(super) async fn preferences_upsert_and_delete(s: &dyn Store) {
    let (u1, u2) = (new_id(), new_id());
    let post_id = new_id();
    let military = pref(&u1, "display_settings", "use_military_time", "true");
    let fav_a = pref(&u1, "favorite_channel", "aaa", "true");
    let fav_b = pref(&u1, "favorite_channel", "bbb", "true");
    let flag1 = pref(&u1, "flagged_post", &post_id, "true");
    let flag2 = pref(&u2, "flagged_post", &post_id, "true");
    s.save_preferences(&[
        fav_b.clone(),
        military.clone(),
        flag1.clone(),
        fav_a.clone(),
        flag2.clone(),
    ])
    .await
    .expect("save");
    s.save_preferences(&[]).await.expect("nothing");
    assert_eq!(
        s.get_preferences(&u1).await.expect("all"),
        [
            military.clone(),
            fav_a.clone(),
            fav_b.clone(),
            flag1.clone()
        ],
        "by category, then name"
    );
    assert_eq!(
        s.get_preferences(&u2).await.expect("all"),
        std::slice::from_ref(&flag2)
    );
    assert!(s.get_preferences(&new_id()).await.expect("none").is_empty());

    let civil = pref(&u1, "display_settings", "use_military_time", "false");
    s.save_preferences(std::slice::from_ref(&civil))
        .await
        .expect("upsert");
    assert_eq!(
        s.get_preference(&u1, "display_settings", "use_military_time")
            .await
            .expect("one"),
        civil
    );
    assert_eq!(s.get_preferences(&u1).await.expect("all").len(), 4);
    assert!(matches!(
        s.get_preference(&u1, "display_settings", "nope").await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.get_preference(&u2, "display_settings", "use_military_time")
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        s.get_preferences_by_category(&u1, "favorite_channel")
            .await
            .expect("category"),
        [fav_a.clone(), fav_b.clone()]
    );
    assert!(
        s.get_preferences_by_category(&u2, "favorite_channel")
            .await
            .expect("category")
            .is_empty()
    );

    // Deleting matches user, category and name, whatever the value.
    s.delete_preferences(&[
        pref(&u1, "favorite_channel", "aaa", "ignored"),
        pref(&u1, "favorite_channel", "absent", "true"),
    ])
    .await
    .expect("delete");
    assert_eq!(
        s.get_preferences_by_category(&u1, "favorite_channel")
            .await
            .expect("category"),
        std::slice::from_ref(&fav_b)
    );
    s.delete_preferences(&[]).await.expect("nothing");

    s.delete_preferences_by_name("flagged_post", &post_id)
        .await
        .expect("by name");
    assert_eq!(
        s.get_preferences(&u1).await.expect("all"),
        [civil, fav_b],
        "every user's row of that name is gone, nothing else"
    );
    assert!(s.get_preferences(&u2).await.expect("all").is_empty());
}
