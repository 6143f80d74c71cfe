use stoa_model::new_id;
use stoa_model::status::{AWAY, DND, ONLINE, Status};

use crate::{Store, StoreError};

pub(super) async fn statuses(s: &dyn Store) {
    let (u1, u2) = (new_id(), new_id());
    let online = Status {
        user_id: u1.clone(),
        status: ONLINE.into(),
        manual: false,
        last_activity_at: 100,
        active_channel: new_id(),
        dnd_end_time: 0,
    };
    s.save_status(&online).await.expect("save");
    assert_eq!(s.get_status(&u1).await.expect("get"), online);
    let dnd = Status {
        user_id: u1.clone(),
        status: DND.into(),
        manual: true,
        last_activity_at: 200,
        active_channel: String::new(),
        dnd_end_time: 1_700_000_000,
    };
    s.save_status(&dnd).await.expect("replace");
    assert_eq!(
        s.get_status(&u1).await.expect("get"),
        dnd,
        "every field replaced"
    );
    let away = Status {
        user_id: u2.clone(),
        status: AWAY.into(),
        last_activity_at: 300,
        ..Default::default()
    };
    s.save_status(&away).await.expect("save");
    let mut got = s
        .get_statuses(&[u1.clone(), u2.clone(), new_id()])
        .await
        .expect("batch");
    got.sort_by(|a, b| a.user_id.cmp(&b.user_id));
    let mut want = vec![dnd, away];
    want.sort_by(|a, b| a.user_id.cmp(&b.user_id));
    assert_eq!(got, want);
    assert!(s.get_statuses(&[]).await.expect("none").is_empty());
    assert!(matches!(
        s.get_status(&new_id()).await,
        Err(StoreError::NotFound)
    ));
}
