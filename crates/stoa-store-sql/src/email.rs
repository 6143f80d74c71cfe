use crate::db::{RowExt, Sql};
use sqlx::any::AnyRow;
use stoa_store::{BatchAdd, BatchedEmailItem, EmailStore, PendingBatch, QueuedEmail, StoreResult};

const QUEUE_COLUMNS: &str = "id, dedupe_key, kind, create_at, to_address, subject, text_body, \
     html_body, attempts, next_attempt_at";

fn queued(r: &AnyRow) -> StoreResult<QueuedEmail> {
    Ok(QueuedEmail {
        id: r.text("id")?,
        dedupe_key: r.text("dedupe_key")?,
        kind: r.text("kind")?,
        create_at: r.int("create_at")?,
        to_address: r.text("to_address")?,
        subject: r.text("subject")?,
        text_body: r.text("text_body")?,
        html_body: r.text("html_body")?,
        attempts: r.int("attempts")?,
        next_attempt_at: r.int("next_attempt_at")?,
    })
}

/// Unqualified: SQLite's `RETURNING` accepts no table names.
const BATCH_COLUMNS: &str = "id, user_id, post_id, post_at, team_id, channel_id, channel_name, \
     sender_name, message, permalink";

fn batch_item(r: &AnyRow) -> StoreResult<BatchedEmailItem> {
    Ok(BatchedEmailItem {
        id: r.text("id")?,
        user_id: r.text("user_id")?,
        post_id: r.text("post_id")?,
        post_at: r.int("post_at")?,
        team_id: r.text("team_id")?,
        channel_id: r.text("channel_id")?,
        channel_name: r.text("channel_name")?,
        sender_name: r.text("sender_name")?,
        message: r.text("message")?,
        permalink: r.text("permalink")?,
    })
}

fn batch(rows: Vec<AnyRow>) -> StoreResult<Vec<BatchedEmailItem>> {
    let mut items: Vec<BatchedEmailItem> =
        rows.iter().map(batch_item).collect::<StoreResult<_>>()?;
    items.sort_by(|a, b| (a.post_at, &a.id).cmp(&(b.post_at, &b.id)));
    Ok(items)
}

/// Due, and free or claimed so long ago that the claiming node must have died; `now` and
/// `stale_before` are the placeholders of those times.
fn claimable(now: &str, stale_before: &str) -> String {
    format!("next_attempt_at <= {now} AND (claim_token = '' OR claimed_at < {stale_before})")
}

#[async_trait::async_trait]
impl EmailStore for crate::SqlStore {
    async fn enqueue_email(&self, m: &QueuedEmail) -> StoreResult<bool> {
        let sql = Sql::new(&format!(
            "INSERT INTO email_queue ({QUEUE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (dedupe_key) DO NOTHING"
        ))
        .bind(&m.id)
        .bind(&m.dedupe_key)
        .bind(&m.kind)
        .bind(m.create_at)
        .bind(&m.to_address)
        .bind(&m.subject)
        .bind(&m.text_body)
        .bind(&m.html_body)
        .bind(m.attempts)
        .bind(m.next_attempt_at);
        Ok(self.db().execute(sql).await? > 0)
    }

    async fn claim_emails(
        &self,
        token: &str,
        now: i64,
        stale_before: i64,
        limit: i64,
    ) -> StoreResult<Vec<QueuedEmail>> {
        // A read first, so that an idle queue costs no write (SQLite has one writer).
        let due = Sql::new(&format!(
            "SELECT id FROM email_queue WHERE {} ORDER BY next_attempt_at, id LIMIT $3",
            claimable("$1", "$2")
        ))
        .bind(now)
        .bind(stale_before)
        .bind(limit);
        let ids = self
            .db()
            .fetch_all(due)
            .await?
            .iter()
            .map(|r| r.text("id"))
            .collect::<StoreResult<Vec<String>>>()?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // The condition is repeated on the row itself: PostgreSQL re-checks it on the row
        // another node may have claimed meanwhile, so each row goes to one claimer.
        let mut claim = Sql::new(&format!(
            "UPDATE email_queue SET claim_token = $1, claimed_at = $2 WHERE {} AND id IN ",
            claimable("$2", "$3")
        ))
        .bind(token)
        .bind(now)
        .bind(stale_before);
        let list = claim.in_list(&ids);
        claim.push(&list);
        self.db().execute(claim).await?;
        let claimed = Sql::new(&format!(
            "SELECT {QUEUE_COLUMNS} FROM email_queue WHERE claim_token = $1 ORDER BY next_attempt_at, id"
        ))
        .bind(token);
        // From the writer's view: on SQLite a reader could lag behind the claim just made.
        self.db()
            .write_returning(claimed)
            .await?
            .iter()
            .map(queued)
            .collect()
    }

    async fn delete_email(&self, id: &str, token: &str) -> StoreResult<()> {
        let sql = Sql::new("DELETE FROM email_queue WHERE id = $1 AND claim_token = $2")
            .bind(id)
            .bind(token);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn retry_email(
        &self,
        id: &str,
        token: &str,
        next_attempt_at: i64,
        last_error: &str,
    ) -> StoreResult<()> {
        let sql = Sql::new(
            "UPDATE email_queue SET attempts = attempts + 1, next_attempt_at = $3, \
             last_error = $4, claim_token = '', claimed_at = 0 WHERE id = $1 AND claim_token = $2",
        )
        .bind(id)
        .bind(token)
        .bind(next_attempt_at)
        .bind(last_error);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn add_to_email_batch(
        &self,
        i: &BatchedEmailItem,
        max_items: i64,
    ) -> StoreResult<BatchAdd> {
        // The bound is checked in the same statement as the insert.
        let sql = Sql::new(&format!(
            "INSERT INTO email_batch_items ({BATCH_COLUMNS}) \
             SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 \
             WHERE (SELECT COUNT(*) FROM email_batch_items WHERE user_id = $2) < $11 \
             ON CONFLICT (user_id, post_id) DO NOTHING"
        ))
        .bind(&i.id)
        .bind(&i.user_id)
        .bind(&i.post_id)
        .bind(i.post_at)
        .bind(&i.team_id)
        .bind(&i.channel_id)
        .bind(&i.channel_name)
        .bind(&i.sender_name)
        .bind(&i.message)
        .bind(&i.permalink)
        .bind(max_items);
        if self.db().execute(sql).await? > 0 {
            return Ok(BatchAdd::Added);
        }
        let there =
            Sql::new("SELECT COUNT(*) FROM email_batch_items WHERE user_id = $1 AND post_id = $2")
                .bind(&i.user_id)
                .bind(&i.post_id);
        Ok(match self.db().scalar(there).await? {
            0 => BatchAdd::Full,
            _ => BatchAdd::AlreadyThere,
        })
    }

    async fn pending_email_batches(&self, limit: i64) -> StoreResult<Vec<PendingBatch>> {
        let sql = Sql::new(
            "SELECT b.user_id, b.first_post_at, p.value FROM \
             (SELECT user_id, MIN(post_at) AS first_post_at FROM email_batch_items \
              GROUP BY user_id ORDER BY MIN(post_at), user_id LIMIT $1) b \
             LEFT JOIN preferences p ON p.user_id = b.user_id \
              AND p.category = 'notifications' AND p.name = 'email_interval' \
             ORDER BY b.first_post_at, b.user_id",
        )
        .bind(limit);
        self.db()
            .fetch_all(sql)
            .await?
            .iter()
            .map(|r| {
                Ok(PendingBatch {
                    user_id: r.text("user_id")?,
                    first_post_at: r.int("first_post_at")?,
                    interval: r.opt_text("value")?,
                })
            })
            .collect()
    }

    async fn get_email_batch(&self, user_id: &str) -> StoreResult<Vec<BatchedEmailItem>> {
        let sql = Sql::new(&format!(
            "SELECT {BATCH_COLUMNS} FROM email_batch_items WHERE user_id = $1"
        ))
        .bind(user_id);
        batch(self.db().fetch_all(sql).await?)
    }

    async fn drop_email_batch_items(&self, user_id: &str, at: i64) -> StoreResult<()> {
        let sql = Sql::new("DELETE FROM email_batch_items WHERE user_id = $1 AND post_at <= $2")
            .bind(user_id)
            .bind(at);
        self.db().execute(sql).await.map(|_| ())
    }

    async fn take_email_batch(&self, user_id: &str) -> StoreResult<Vec<BatchedEmailItem>> {
        let sql = Sql::new(&format!(
            "DELETE FROM email_batch_items WHERE user_id = $1 RETURNING {BATCH_COLUMNS}"
        ))
        .bind(user_id);
        batch(self.db().write_returning(sql).await?)
    }
}
