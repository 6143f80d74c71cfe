use stoa_model::new_id;
use stoa_model::token::UserAccessToken;

use super::user;
use crate::{Store, StoreError};

pub(super) async fn access_tokens_lifecycle(s: &dyn Store) {
    let alice = user("alice");
    let bob = user("bob");
    for u in [&alice, &bob] {
        s.insert_user(u, "").await.expect("user");
    }
    let mk = |user_id: &str| UserAccessToken {
        id: new_id(),
        token: String::new(),
        user_id: user_id.to_owned(),
        description: "d".into(),
        is_active: true,
    };
    let (a, b) = (mk(&alice.id), mk(&bob.id));
    s.insert_access_token(&a, "hash-a").await.expect("a");
    s.insert_access_token(&b, "hash-b").await.expect("b");
    assert!(matches!(
        s.insert_access_token(&mk(&alice.id), "hash-a").await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(s.get_access_token(&a.id).await.expect("get"), a);
    assert_eq!(
        s.get_access_token_by_hash("hash-b").await.expect("by hash"),
        b
    );
    assert!(matches!(
        s.get_access_token_by_hash(&a.id).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        s.list_access_tokens_for_user(&alice.id, 0, 10)
            .await
            .expect("alice's"),
        std::slice::from_ref(&a)
    );
    assert_eq!(s.list_access_tokens(0, 10).await.expect("all").len(), 2);
    assert_eq!(s.list_access_tokens(1, 10).await.expect("page").len(), 1);
    let found = s.search_access_tokens("BOB", 10).await.expect("search");
    assert_eq!(found, std::slice::from_ref(&b));

    s.update_access_token_active(&a.id, false)
        .await
        .expect("disable");
    assert!(!s.get_access_token(&a.id).await.expect("get").is_active);
    s.delete_access_token(&a.id).await.expect("delete");
    assert!(matches!(
        s.get_access_token(&a.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.delete_access_token(&a.id).await,
        Err(StoreError::NotFound)
    ));
}
