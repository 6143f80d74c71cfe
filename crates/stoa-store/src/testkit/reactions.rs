use stoa_model::new_id;
use stoa_model::reaction::Reaction;

use super::{add_post, post};
use crate::Store;

fn reaction(post_id: &str, user_id: &str, emoji: &str, at: i64) -> Reaction {
    Reaction {
        user_id: user_id.to_owned(),
        post_id: post_id.to_owned(),
        emoji_name: emoji.to_owned(),
        create_at: at,
        update_at: at,
        delete_at: 0,
        remote_id: None,
        channel_id: String::new(),
    }
}

pub(super) async fn reactions_lifecycle(s: &dyn Store) {
    let ch = new_id();
    let (u1, u2) = (new_id(), new_id());
    let p = post(&ch, &u1, "react to me", 1000);
    let q = post(&ch, &u1, "me too", 1100);
    add_post(s, &p).await;
    add_post(s, &q).await;
    let flag = |id: String| async move {
        let got = s.get_post(&id).await.expect("post");
        (got.has_reactions, got.update_at)
    };

    let smile = Reaction {
        channel_id: ch.clone(),
        ..reaction(&p.id, &u1, "smile", 2000)
    };
    s.save_reaction(&smile).await.expect("save");
    assert_eq!(flag(p.id.clone()).await, (true, 2000), "the post is marked");
    let plus = Reaction {
        channel_id: ch.clone(),
        remote_id: Some("remote-1".into()),
        ..reaction(&p.id, &u2, "+1", 2100)
    };
    s.save_reaction(&plus).await.expect("save");
    let heart = Reaction {
        channel_id: ch.clone(),
        ..reaction(&q.id, &u1, "heart", 2200)
    };
    s.save_reaction(&heart).await.expect("save");
    assert_eq!(
        s.get_reactions(&p.id).await.expect("get"),
        [smile.clone(), plus.clone()],
        "every field round-trips, oldest first"
    );
    assert_eq!(
        s.get_reactions_for_posts(&[p.id.clone(), q.id.clone(), new_id()])
            .await
            .expect("many"),
        [smile.clone(), plus.clone(), heart.clone()]
    );
    assert!(
        s.get_reactions_for_posts(&[])
            .await
            .expect("none")
            .is_empty()
    );

    // Saving a live reaction again keeps one row and its creation time.
    s.save_reaction(&reaction(&p.id, &u1, "smile", 2500))
        .await
        .expect("again");
    let got = s.get_reactions(&p.id).await.expect("get");
    assert_eq!(got.len(), 2);
    assert_eq!((got[0].create_at, got[0].update_at), (2000, 2500));

    assert!(
        s.delete_reaction(&p.id, &u1, "smile", 3000)
            .await
            .expect("delete")
    );
    assert!(
        !s.delete_reaction(&p.id, &u1, "smile", 3001)
            .await
            .expect("delete twice"),
        "nothing left to remove"
    );
    assert_eq!(
        s.get_reactions(&p.id).await.expect("get"),
        std::slice::from_ref(&plus)
    );
    assert_eq!(
        flag(p.id.clone()).await,
        (true, 3000),
        "others remain: still marked"
    );
    assert!(
        s.delete_reaction(&p.id, &u2, "+1", 3100)
            .await
            .expect("delete")
    );
    assert_eq!(flag(p.id.clone()).await, (false, 3100), "none remain");
    assert!(s.get_reactions(&p.id).await.expect("get").is_empty());
    assert!(
        !s.delete_reaction(&p.id, &u2, "nope", 3200)
            .await
            .expect("absent")
    );
    assert_eq!(flag(p.id.clone()).await, (false, 3100), "untouched");
    assert_eq!(
        flag(q.id.clone()).await,
        (true, 2200),
        "other posts untouched"
    );

    // A removed reaction comes back as new.
    s.save_reaction(&Reaction {
        channel_id: ch.clone(),
        ..reaction(&p.id, &u1, "smile", 4000)
    })
    .await
    .expect("revive");
    let got = s.get_reactions(&p.id).await.expect("get");
    assert_eq!(got.len(), 1);
    assert_eq!(
        (got[0].create_at, got[0].update_at, got[0].delete_at),
        (4000, 4000, 0)
    );
    assert_eq!(flag(p.id.clone()).await, (true, 4000));

    // A deleted custom emoji takes its reactions along, on every post.
    for (post_id, user) in [(&p.id, &u1), (&q.id, &u2)] {
        s.save_reaction(&Reaction {
            channel_id: ch.clone(),
            ..reaction(post_id, user, "party_parrot", 5000)
        })
        .await
        .expect("custom reaction");
    }
    s.delete_reactions_by_emoji_name("party_parrot", 6000)
        .await
        .expect("delete by name");
    assert!(
        s.get_reactions(&p.id)
            .await
            .expect("get")
            .iter()
            .all(|r| r.emoji_name != "party_parrot")
    );
    assert!(
        s.get_reactions(&q.id)
            .await
            .expect("get")
            .iter()
            .all(|r| r.emoji_name != "party_parrot")
    );
    assert_eq!(flag(p.id.clone()).await, (true, 6000), "smile remains on p");
}
