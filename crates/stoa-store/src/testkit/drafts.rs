use serde_json::json;
use stoa_model::draft::Draft;
use stoa_model::new_id;

use super::{add_user, channel, member, team};
use crate::{OptionalExt, Store};

fn draft(user_id: &str, channel_id: &str, root_id: &str, message: &str, at: i64) -> Draft {
    Draft {
        create_at: at,
        update_at: at,
        user_id: user_id.to_owned(),
        channel_id: channel_id.to_owned(),
        root_id: root_id.to_owned(),
        message: message.to_owned(),
        ..Default::default()
    }
}

/// `(channel_id, root_id)` of drafts, in order.
fn keys(drafts: &[Draft]) -> Vec<(String, String)> {
    drafts
        .iter()
        .map(|d| (d.channel_id.clone(), d.root_id.clone()))
        .collect()
}

pub(super) async fn drafts_upsert_list_and_delete(s: &dyn Store) {
    let (t, other_team) = (team("drafts"), team("elsewhere"));
    s.insert_team(&t).await.expect("team");
    s.insert_team(&other_team).await.expect("team");
    let u = add_user(s, "drafter").await;
    let v = add_user(s, "other").await;
    let open = channel(&t.id, "open", "O");
    let dm = channel("", &format!("{}__{}", u.id, v.id), "D");
    let away = channel(&other_team.id, "away", "O");
    let left = channel(&t.id, "left", "O");
    for ch in [&open, &dm, &away, &left] {
        s.insert_channel(ch).await.expect("channel");
        s.insert_channel_member(&member(&ch.id, &u.id))
            .await
            .expect("member");
    }
    s.insert_channel_member(&member(&open.id, &v.id))
        .await
        .expect("member");

    // Every field round-trips.
    let root = new_id();
    let full = Draft {
        draft_type: "custom".into(),
        props: json!({"k": [1, "two"]})
            .as_object()
            .cloned()
            .unwrap_or_default(),
        file_ids: vec![new_id(), new_id()],
        priority: json!({"priority": "urgent", "requested_ack": true})
            .as_object()
            .cloned()
            .unwrap_or_default(),
        ..draft(&u.id, &open.id, &root, "a reply in progress", 1000)
    };
    assert_eq!(s.upsert_draft(&full).await.expect("insert"), full);
    assert_eq!(
        s.get_draft(&u.id, &open.id, &root).await.expect("get"),
        full
    );

    // Saving again replaces the content and keeps the creation time.
    let again = Draft {
        create_at: 5000,
        props: Default::default(),
        file_ids: Vec::new(),
        priority: Default::default(),
        draft_type: String::new(),
        ..draft(&u.id, &open.id, &root, "rewritten", 2000)
    };
    let stored = s.upsert_draft(&again).await.expect("update");
    assert_eq!(
        stored,
        Draft {
            create_at: 1000,
            ..again.clone()
        }
    );
    assert_eq!(
        s.get_draft(&u.id, &open.id, &root).await.expect("get"),
        stored
    );

    // The channel's own box is another draft; so is another user's.
    s.upsert_draft(&draft(&u.id, &open.id, "", "channel box", 3000))
        .await
        .expect("channel draft");
    s.upsert_draft(&draft(&v.id, &open.id, &root, "theirs", 3500))
        .await
        .expect("other user's");
    s.upsert_draft(&draft(&u.id, &dm.id, "", "direct", 2500))
        .await
        .expect("dm");
    s.upsert_draft(&draft(&u.id, &away.id, "", "other team", 4000))
        .await
        .expect("other team");
    s.upsert_draft(&draft(&u.id, &left.id, "", "left behind", 4500))
        .await
        .expect("left channel");
    s.delete_channel_member(&left.id, &u.id)
        .await
        .expect("leave");

    // The team's channels and direct messages, newest first, only where still a member.
    let listed = s
        .get_drafts_for_user(&u.id, &t.id, 100)
        .await
        .expect("list");
    assert_eq!(
        keys(&listed),
        [
            (open.id.clone(), String::new()),
            (dm.id.clone(), String::new()),
            (open.id.clone(), root.clone()),
        ]
    );
    assert_eq!(listed[2], stored);
    assert_eq!(
        keys(
            &s.get_drafts_for_user(&u.id, &other_team.id, 100)
                .await
                .expect("other team")
        ),
        [
            (away.id.clone(), String::new()),
            (dm.id.clone(), String::new())
        ]
    );
    assert_eq!(
        s.get_drafts_for_user(&u.id, &t.id, 1)
            .await
            .expect("limited")
            .len(),
        1
    );
    // Rejoining shows the kept draft again.
    s.insert_channel_member(&member(&left.id, &u.id))
        .await
        .expect("rejoin");
    assert_eq!(
        s.get_drafts_for_user(&u.id, &t.id, 100)
            .await
            .expect("list")
            .first()
            .map(|d| d.message.clone()),
        Some("left behind".to_owned())
    );

    // Deleting returns what was there, once.
    let gone = s
        .delete_draft(&u.id, &open.id, "")
        .await
        .expect("delete")
        .expect("was there");
    assert_eq!(gone.message, "channel box");
    assert_eq!(
        s.delete_draft(&u.id, &open.id, "").await.expect("again"),
        None
    );
    assert_eq!(
        s.get_draft(&u.id, &open.id, "")
            .await
            .optional()
            .expect("get"),
        None
    );

    // A deleted root takes every user's reply drafts, and nothing else.
    s.delete_drafts_for_thread(&open.id, &root)
        .await
        .expect("thread");
    for user_id in [&u.id, &v.id] {
        assert_eq!(
            s.get_draft(user_id, &open.id, &root)
                .await
                .optional()
                .expect("get"),
            None
        );
    }
    assert!(s.get_draft(&u.id, &dm.id, "").await.is_ok());

    // Deleting the channel removes its drafts.
    s.delete_channel_permanently(&dm.id).await.expect("delete");
    assert_eq!(
        s.get_draft(&u.id, &dm.id, "")
            .await
            .optional()
            .expect("get"),
        None
    );
}
