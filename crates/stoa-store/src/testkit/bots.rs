use stoa_model::bot::Bot;
use stoa_model::now_ms;

use super::user;
use crate::{BotListQuery, Store, StoreError};

fn bot_of(u: &stoa_model::user::User, owner: &str) -> Bot {
    Bot {
        user_id: u.id.clone(),
        username: u.username.clone(),
        display_name: u.first_name.clone(),
        description: u.bot_description.clone(),
        owner_id: owner.to_owned(),
        create_at: u.create_at,
        update_at: u.update_at,
        ..Default::default()
    }
}

pub(super) async fn bots_lifecycle(s: &dyn Store) {
    let owner = user("owner");
    s.insert_user(&owner, "").await.expect("owner");
    let mut bu = user("botty");
    bu.is_bot = true;
    bu.bot_description = "does things".into();
    let bot = bot_of(&bu, &owner.id);
    s.insert_bot(&bu, &bot).await.expect("bot");
    assert_eq!(s.get_bot(&bu.id, false).await.expect("get"), bot);
    let as_user = s.get_user(&bu.id).await.expect("user");
    assert!(as_user.is_bot);
    assert_eq!(as_user.bot_description, "does things");

    // An existing user made a bot, and back.
    let human = user("human");
    s.insert_user(&human, "hash").await.expect("human");
    let converted = bot_of(&human, &human.id);
    s.insert_bot_for_user(&converted).await.expect("convert");
    assert!(s.get_user(&human.id).await.expect("user").is_bot);
    assert!(matches!(
        s.insert_bot_for_user(&converted).await,
        Err(StoreError::Conflict { .. })
    ));

    let all = s
        .list_bots(&BotListQuery {
            limit: 10,
            ..Default::default()
        })
        .await
        .expect("list");
    assert_eq!(all.len(), 2);
    let mine = s
        .list_bots(&BotListQuery {
            owner_id: Some(owner.id.clone()),
            limit: 10,
            ..Default::default()
        })
        .await
        .expect("mine");
    assert_eq!(mine, std::slice::from_ref(&bot));

    // Disabled bots are hidden unless asked for; orphans are bots of deactivated owners.
    let mut disabled = bot.clone();
    disabled.delete_at = now_ms();
    disabled.description = "resting".into();
    s.update_bot(&disabled).await.expect("update");
    assert!(matches!(
        s.get_bot(&bu.id, false).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.get_bot(&bu.id, true).await.expect("get"), disabled);
    let mut gone = owner.clone();
    gone.delete_at = now_ms();
    s.update_user(&gone).await.expect("deactivate owner");
    let orphans = s
        .list_bots(&BotListQuery {
            only_orphaned: true,
            include_deleted: true,
            limit: 10,
            ..Default::default()
        })
        .await
        .expect("orphans");
    assert_eq!(orphans, [disabled]);

    s.delete_bot(&human.id).await.expect("delete");
    let back = s.get_user(&human.id).await.expect("user");
    assert!(!back.is_bot);
    assert_eq!(s.get_password_hash(&human.id).await.expect("hash"), "hash");
}
