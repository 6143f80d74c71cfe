//! The batch worker, as Mattermost's email batching job: every `EmailBatchingInterval` seconds it
//! looks at the users with a pending batch and sends one mail to each whose interval (their
//! `email_interval` preference) has passed since the batch's first post.
//!
//! As in Mattermost, a user who has viewed a channel since the batch began (in the batch's
//! teams, or a direct or group message) has been back and seen their messages: what was posted
//! before that view is dropped, and what came after starts a new batch.
//!
//! Batches are rows, so they survive a restart; taking a batch and queueing its mail happen in
//! one transaction, and two nodes taking the same batch at once get it once between them.

use std::sync::{Arc, Weak};
use std::time::Duration;

use stoa_model::now_ms;
use stoa_store::{BatchedEmailItem, OptionalExt, PendingBatch};

use super::{CONTENTS_GENERIC, INTERVAL_NEVER, batch_interval_s, render};
use crate::mail::NewMail;
use crate::settings::Settings;
use crate::{Core, Result};

/// Users looked at per run: bounds one run's work; the rest wait for the next run.
const USERS_PER_RUN: i64 = 1000;

impl Core {
    /// Starts the batch worker. Stops when core is dropped.
    pub(crate) fn start_email_batching(self: &Arc<Self>) {
        let weak: Weak<Core> = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut last_run: Option<tokio::time::Instant> = None;
            loop {
                let Some(core) = weak.upgrade() else { return };
                let every = core
                    .settings()
                    .email_settings
                    .email_batching_interval
                    .clamp(1, 86_400);
                if last_run.is_none_or(|t| t.elapsed() >= Duration::from_secs(every as u64)) {
                    last_run = Some(tokio::time::Instant::now());
                    if let Err(e) = core.send_due_batches().await {
                        tracing::warn!(error = %e, "email batching: a run failed");
                    }
                }
                drop(core);
                // Wake every second, so that a shorter interval set meanwhile applies within a
                // second rather than after the old one.
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        });
    }

    /// One run: a mail for each batch that is due.
    async fn send_due_batches(&self) -> Result<()> {
        let pending = self.store.pending_email_batches(USERS_PER_RUN).await?;
        if pending.is_empty() {
            return Ok(());
        }
        let s = self.settings();
        let now = now_ms();
        for p in pending {
            if let Err(e) = self.send_batch_if_due(&s, &p, now).await {
                tracing::warn!(user_id = %p.user_id, error = %e, "email batching: cannot send a batch");
            }
        }
        Ok(())
    }

    async fn send_batch_if_due(&self, s: &Settings, p: &PendingBatch, now: i64) -> Result<()> {
        // Turned off meanwhile (by the admin, or the user choosing "never"): the batch goes.
        if !s.email_settings.send_email_notifications
            || p.interval.as_deref() == Some(INTERVAL_NEVER)
        {
            self.store.take_email_batch(&p.user_id).await?;
            return Ok(());
        }
        let interval_ms = batch_interval_s(p.interval.as_deref()).saturating_mul(1000);
        if now - p.first_post_at <= interval_ms {
            return Ok(());
        }
        let items = self.store.get_email_batch(&p.user_id).await?;
        let seen = self.last_viewed(&p.user_id, &items).await?;
        if seen >= p.first_post_at {
            self.store.drop_email_batch_items(&p.user_id, seen).await?;
            match items.iter().find(|i| i.post_at > seen) {
                Some(next) if now - next.post_at > interval_ms => {}
                _ => return Ok(()),
            }
        }
        let Some(user) = self.store.get_user(&p.user_id).await.optional()? else {
            self.store.take_email_batch(&p.user_id).await?;
            return Ok(());
        };
        if user.delete_at != 0 || user.email.trim().is_empty() {
            self.store.take_email_batch(&p.user_id).await?;
            return Ok(());
        }

        let tx = self.store.begin().await?;
        let taken = tx.take_email_batch(&p.user_id).await?;
        if taken.is_empty() {
            // Another node sent it.
            return Ok(());
        }
        let full = s.email_settings.email_notification_contents_type != CONTENTS_GENERIC;
        let site_url = s.service_settings.site_url.trim_end_matches('/');
        let mail = render::batch(&s.team_settings.site_name, site_url, &taken, full);
        let row = NewMail {
            kind: "batch",
            dedupe_key: None,
            to: user.email,
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
        }
        .into_row();
        tx.enqueue_email(&row).await?;
        tx.commit().await?;
        self.wake_mail_queue();
        Ok(())
    }

    /// When the user last viewed a channel of the batch's teams or a direct or group message
    /// (all their channels when the batch names no team).
    async fn last_viewed(&self, user_id: &str, items: &[BatchedEmailItem]) -> Result<i64> {
        let mut teams: Vec<&str> = Vec::new();
        for i in items {
            if !i.team_id.is_empty() && !teams.contains(&i.team_id.as_str()) {
                teams.push(&i.team_id);
            }
        }
        let scopes: Vec<Option<&str>> = if teams.is_empty() {
            vec![None]
        } else {
            teams.into_iter().map(Some).collect()
        };
        let mut seen = 0;
        for team in scopes {
            for m in self
                .store
                .get_channel_members_for_user(user_id, team)
                .await?
            {
                seen = seen.max(m.last_viewed_at);
            }
        }
        Ok(seen)
    }
}
