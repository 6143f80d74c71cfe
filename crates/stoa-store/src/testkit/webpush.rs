use stoa_model::session::Session;
use stoa_model::webpush::WebPushSubscription;
use stoa_model::{new_id, now_ms};

use super::user;
use crate::{Store, StoreError};

fn session(user_id: &str, expires_at: i64) -> Session {
    Session {
        id: new_id(),
        token: new_id(),
        create_at: now_ms(),
        expires_at,
        last_activity_at: now_ms(),
        user_id: user_id.to_owned(),
        ..Default::default()
    }
}

fn sub(s: &Session, endpoint: &str, create_at: i64) -> WebPushSubscription {
    WebPushSubscription {
        id: new_id(),
        session_id: s.id.clone(),
        user_id: s.user_id.clone(),
        endpoint: endpoint.to_owned(),
        p256dh: "key".into(),
        auth: "secret".into(),
        create_at,
    }
}

pub(super) async fn web_push_subscriptions(s: &dyn Store) {
    let u = user("wanda");
    s.insert_user(&u, "").await.expect("user");
    let now = now_ms();
    let live = session(&u.id, now + 60_000);
    let forever = session(&u.id, 0);
    let expired = session(&u.id, now - 1);
    for x in [&live, &forever, &expired] {
        s.insert_session(x).await.expect("session");
    }
    let a = sub(&live, "https://push.example/a", 1);
    let b = sub(&forever, "https://push.example/b", 2);
    let c = sub(&expired, "https://push.example/c", 3);
    for x in [&a, &b, &c] {
        s.insert_web_push_subscription(x).await.expect("insert");
    }
    // Newest first; the expired session's is not handed out.
    assert_eq!(
        s.get_web_push_subscriptions(&u.id, now)
            .await
            .expect("list"),
        vec![b.clone(), a.clone()]
    );
    // One per session, one per endpoint.
    let again = sub(&live, "https://push.example/other", 4);
    assert!(matches!(
        s.insert_web_push_subscription(&again).await,
        Err(StoreError::Conflict { .. })
    ));
    let taken = sub(&expired, "https://push.example/a", 4);
    assert!(matches!(
        s.insert_web_push_subscription(&taken).await,
        Err(StoreError::Conflict { .. })
    ));
    // The session's and the endpoint's go together.
    assert_eq!(
        s.delete_web_push_subscriptions_for(&expired.id, "https://push.example/a")
            .await
            .expect("delete for"),
        2
    );
    assert_eq!(
        s.get_web_push_subscriptions(&u.id, now)
            .await
            .expect("list"),
        vec![b.clone()]
    );
    // Trimming keeps the newest.
    let d = sub(&live, "https://push.example/d", 5);
    s.insert_web_push_subscription(&d).await.expect("insert");
    s.trim_web_push_subscriptions(&u.id, 1).await.expect("trim");
    assert_eq!(
        s.get_web_push_subscriptions(&u.id, now)
            .await
            .expect("list"),
        vec![d.clone()]
    );
    s.delete_web_push_subscription(&d.id).await.expect("delete");
    // A subscription goes with its session.
    s.insert_web_push_subscription(&b).await.expect("insert");
    s.delete_session(&forever.id).await.expect("logout");
    assert!(
        s.get_web_push_subscriptions(&u.id, now)
            .await
            .expect("list")
            .is_empty()
    );
}
