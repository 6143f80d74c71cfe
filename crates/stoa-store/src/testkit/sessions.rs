use stoa_model::session::Session;
use stoa_model::{new_id, now_ms};

use super::user;
use crate::{OptionalExt, Store};

pub(super) async fn sessions_lifecycle(s: &dyn Store) {
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
