use super::{team, user};
use crate::{Store, StoreError};

pub(super) async fn transactions_commit_or_roll_back(s: &dyn Store) {
    let kept = user("kept");
    let tx = s.begin().await.expect("begin");
    tx.insert_user(&kept, "").await.expect("insert");
    assert_eq!(
        tx.get_user(&kept.id).await.expect("read own write").id,
        kept.id
    );
    tx.commit().await.expect("commit");
    assert!(s.get_user(&kept.id).await.is_ok());

    let dropped = user("dropped");
    {
        let tx = s.begin().await.expect("begin");
        tx.insert_user(&dropped, "").await.expect("insert");
    }
    assert!(
        matches!(s.get_user(&dropped.id).await, Err(StoreError::NotFound)),
        "dropped without commit rolls back"
    );

    // A failing statement inside a transaction leaves nothing behind once rolled back.
    let t = team("epsilon");
    let tx = s.begin().await.expect("begin");
    tx.insert_team(&t).await.expect("team");
    assert!(tx.insert_user(&kept, "").await.is_err());
    drop(tx);
    assert!(matches!(s.get_team(&t.id).await, Err(StoreError::NotFound)));

    // Concurrent transactions all land (SQLite serialises them instead of failing).
    let mut handles = Vec::new();
    for i in 0..8 {
        let u = user(&format!("conc{i}"));
        handles.push(async move {
            let tx = s.begin().await.expect("begin");
            tx.insert_user(&u, "").await.expect("insert");
            tokio::task::yield_now().await;
            tx.commit().await.expect("commit");
        });
    }
    for h in handles {
        h.await;
    }
    assert_eq!(s.count_users(true, true).await.expect("count"), 9);
}

pub(super) async fn system_values(s: &dyn Store) {
    assert_eq!(s.get_system("k").await.expect("get"), None);
    assert_eq!(s.init_system("k", "first").await.expect("init"), "first");
    assert_eq!(
        s.init_system("k", "second").await.expect("init"),
        "first",
        "init keeps an existing value"
    );
    s.set_system("k", "third").await.expect("set");
    assert_eq!(
        s.get_system("k").await.expect("get").as_deref(),
        Some("third")
    );
    s.ping().await.expect("ping");
    assert!(s.schema_version().await.expect("version") >= 1);
}
