use stoa_model::new_id;
use stoa_model::preference::Preference;

use crate::{BatchAdd, BatchedEmailItem, QueuedEmail, Store};

fn mail(key: &str, due: i64) -> QueuedEmail {
    QueuedEmail {
        id: new_id(),
        dedupe_key: key.to_owned(),
        kind: "notification".into(),
        create_at: due,
        to_address: "alice@example.com".into(),
        subject: format!("subject {key}"),
        text_body: "text".into(),
        html_body: "<p>html</p>".into(),
        attempts: 0,
        next_attempt_at: due,
    }
}

fn item(user_id: &str, post_id: &str, at: i64) -> BatchedEmailItem {
    BatchedEmailItem {
        id: new_id(),
        user_id: user_id.to_owned(),
        post_id: post_id.to_owned(),
        post_at: at,
        team_id: new_id(),
        channel_id: new_id(),
        channel_name: "Town Square".into(),
        sender_name: "@bob".into(),
        message: format!("message {post_id}"),
        permalink: format!("https://chat.example.com/t/pl/{post_id}"),
    }
}

pub(super) async fn email_queue_claims(s: &dyn Store) {
    assert!(s.enqueue_email(&mail("a", 100)).await.expect("enqueue"));
    assert!(
        !s.enqueue_email(&mail("a", 100)).await.expect("enqueue"),
        "one mail per key"
    );
    assert!(s.enqueue_email(&mail("later", 500)).await.expect("enqueue"));

    let first = s.claim_emails("t1", 200, 0, 10).await.expect("claim");
    assert_eq!(first.len(), 1, "only what is due");
    assert_eq!(first[0].dedupe_key, "a");
    assert!(
        s.claim_emails("t2", 200, 0, 10)
            .await
            .expect("claim")
            .is_empty(),
        "a claimed mail goes to one claimer"
    );
    let stolen = s.claim_emails("t2", 200, 300, 10).await.expect("claim");
    assert_eq!(stolen.len(), 1, "an abandoned claim expires");

    // The old claimer's late answer changes nothing; the new one's does.
    s.retry_email(&stolen[0].id, "t1", 1_000, "late")
        .await
        .expect("retry");
    s.retry_email(&stolen[0].id, "t2", 1_000, "refused")
        .await
        .expect("retry");
    assert!(s.claim_emails("t3", 999, 0, 10).await.expect("claim").len() == 1);
    let retried = s.claim_emails("t4", 1_000, 0, 10).await.expect("claim");
    let retried: Vec<&QueuedEmail> = retried.iter().filter(|m| m.dedupe_key == "a").collect();
    assert_eq!(retried.len(), 1);
    assert_eq!(retried[0].attempts, 1);

    s.delete_email(&retried[0].id, "t4").await.expect("delete");
    assert!(
        s.enqueue_email(&mail("a", 2_000)).await.expect("enqueue"),
        "the key is free once the mail is gone"
    );
}

pub(super) async fn email_batches(s: &dyn Store) {
    let (alice, bob) = (new_id(), new_id());
    let add = |i: BatchedEmailItem| async move { s.add_to_email_batch(&i, 2).await.expect("add") };
    assert_eq!(add(item(&alice, "p1", 10)).await, BatchAdd::Added);
    assert_eq!(
        add(item(&alice, "p1", 10)).await,
        BatchAdd::AlreadyThere,
        "a post once per batch"
    );
    assert_eq!(add(item(&alice, "p2", 20)).await, BatchAdd::Added);
    assert_eq!(add(item(&alice, "p3", 30)).await, BatchAdd::Full);
    assert_eq!(add(item(&bob, "p1", 5)).await, BatchAdd::Added);
    s.save_preferences(&[Preference {
        user_id: alice.clone(),
        category: "notifications".into(),
        name: "email_interval".into(),
        value: "3600".into(),
    }])
    .await
    .expect("preference");

    let pending = s.pending_email_batches(10).await.expect("pending");
    let summary: Vec<(&str, i64, Option<&str>)> = pending
        .iter()
        .map(|p| (p.user_id.as_str(), p.first_post_at, p.interval.as_deref()))
        .collect();
    assert_eq!(
        summary,
        vec![(bob.as_str(), 5, None), (alice.as_str(), 10, Some("3600"))]
    );

    s.drop_email_batch_items(&alice, 10).await.expect("drop");
    let left = s.get_email_batch(&alice).await.expect("batch");
    assert_eq!(
        left.iter().map(|i| i.post_id.as_str()).collect::<Vec<_>>(),
        ["p2"]
    );
    assert_eq!(left[0].message, "message p2");

    let taken = s.take_email_batch(&alice).await.expect("take");
    assert_eq!(taken.len(), 1);
    assert!(
        s.take_email_batch(&alice).await.expect("take").is_empty(),
        "a batch is taken once"
    );
    assert_eq!(s.get_email_batch(&bob).await.expect("batch").len(), 1);
}
