//! Presence from activity: a user is online while connected and active, away after
//! `TeamSettings.UserStatusAwayTimeout` seconds without activity, offline once their last
//! connection closes. A status set by hand (away, do-not-disturb, offline) stays until the user
//! changes it. Statuses are kept in memory and written to the database only when they change.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;
use stoa_model::now_ms;
use stoa_model::status::{AWAY, OFFLINE, ONLINE, Status};

use crate::{Core, Result};

/// Every status this node knows, by user id.
#[derive(Default)]
pub struct StatusCache {
    statuses: Mutex<HashMap<String, Status>>,
}

impl StatusCache {
    pub fn get(&self, user_id: &str) -> Option<Status> {
        self.statuses.lock().ok()?.get(user_id).cloned()
    }

    pub fn put(&self, s: Status) {
        if let Ok(mut m) = self.statuses.lock() {
            m.insert(s.user_id.clone(), s);
        }
    }

    /// Records activity without changing the status.
    fn touch(&self, user_id: &str, at: i64) {
        if let Ok(mut m) = self.statuses.lock()
            && let Some(s) = m.get_mut(user_id)
        {
            s.last_activity_at = at;
        }
    }

    /// Online users, set by activity, idle since before `cutoff`.
    fn idle_since(&self, cutoff: i64) -> Vec<Status> {
        let Ok(m) = self.statuses.lock() else {
            return Vec::new();
        };
        m.values()
            .filter(|s| s.status == ONLINE && !s.manual && s.last_activity_at < cutoff)
            .cloned()
            .collect()
    }

    /// `user_id → status` of every status held (the `get_statuses` WebSocket action).
    pub fn all(&self) -> HashMap<String, String> {
        let Ok(m) = self.statuses.lock() else {
            return HashMap::new();
        };
        m.values()
            .map(|s| (s.user_id.clone(), s.status.clone()))
            .collect()
    }
}

impl Core {
    /// The user's first connection opened (or activity after being away): online, unless they
    /// chose another status.
    pub async fn user_connected(&self, user_id: &str) -> Result<()> {
        self.set_online_if_automatic(user_id).await
    }

    /// Activity (a typing notice, a post, the client saying the user is active).
    pub async fn user_active(&self, user_id: &str) -> Result<()> {
        let now = now_ms();
        match self.current_status(user_id).await? {
            s if s.status == ONLINE => {
                self.status_cache.touch(user_id, now);
                Ok(())
            }
            _ => self.set_online_if_automatic(user_id).await,
        }
    }

    async fn set_online_if_automatic(&self, user_id: &str) -> Result<()> {
        let current = self.current_status(user_id).await?;
        if current.manual && current.status != ONLINE {
            return Ok(());
        }
        let now = now_ms();
        if current.status == ONLINE {
            self.status_cache.touch(user_id, now);
            return Ok(());
        }
        let s = Status {
            user_id: user_id.to_owned(),
            status: ONLINE.into(),
            manual: false,
            last_activity_at: now,
            ..Default::default()
        };
        self.save_status(s).await
    }

    /// The user's last connection closed: offline, unless they chose another status.
    pub async fn user_disconnected(&self, user_id: &str) -> Result<()> {
        let current = self.current_status(user_id).await?;
        if current.manual || current.status == OFFLINE {
            return Ok(());
        }
        let s = Status {
            status: OFFLINE.into(),
            ..current
        };
        self.save_status(s).await
    }

    /// Online users idle for longer than the away timeout become away.
    pub async fn mark_idle_users_away(&self) -> Result<()> {
        let timeout_ms = self
            .settings()
            .team_settings
            .user_status_away_timeout
            .max(1)
            * 1000;
        for s in self.status_cache.idle_since(now_ms() - timeout_ms) {
            self.save_status(Status {
                status: AWAY.into(),
                ..s
            })
            .await?;
        }
        Ok(())
    }

    /// The known statuses, for the `get_statuses` WebSocket action.
    pub fn cached_statuses(&self) -> HashMap<String, String> {
        self.status_cache.all()
    }

    /// Starts the background work core does on its own (idle users becoming away). Stops when
    /// core is dropped.
    pub fn start_background(self: &Arc<Self>) {
        self.start_outgoing_hooks();
        self.start_notifications();
        self.start_mail_queue();
        self.start_email_batching();
        self.start_web_push();
        let weak: Weak<Core> = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut last_check: Option<tokio::time::Instant> = None;
            loop {
                let Some(core) = weak.upgrade() else { return };
                let timeout = core
                    .settings()
                    .team_settings
                    .user_status_away_timeout
                    .max(1);
                // Check a few times per timeout, at most every 30 s.
                let tick = Duration::from_millis(((timeout * 1000) / 4).clamp(250, 30_000) as u64);
                if last_check.is_none_or(|t| t.elapsed() >= tick) {
                    if let Err(e) = core.mark_idle_users_away().await {
                        tracing::warn!(error = %e, "could not update idle users' status");
                    }
                    last_check = Some(tokio::time::Instant::now());
                }
                drop(core);
                // Wake at least every second, so that a shorter timeout set meanwhile applies
                // within a second rather than after the old tick.
                tokio::time::sleep(tick.min(Duration::from_secs(1))).await;
            }
        });
    }
}

impl Core {
    /// Where a user belongs, for routing real-time events: their channels (with each channel's
    /// team, empty for direct and group messages) and their teams.
    pub async fn routing_memberships(
        &self,
        user_id: &str,
    ) -> Result<(Vec<(String, String)>, Vec<String>)> {
        let channels = self
            .store
            .get_channels_for_user(user_id, None, true, 0)
            .await?;
        let teams = self.store.get_team_members_for_user(user_id).await?;
        Ok((
            channels.into_iter().map(|c| (c.id, c.team_id)).collect(),
            teams.into_iter().map(|t| t.team_id).collect(),
        ))
    }

    /// `user_typing` (WebSocket) and `POST /users/{id}/typing`: tells the channel's other members.
    pub async fn user_typing(
        &self,
        actor: &crate::Actor,
        channel_id: &str,
        parent_id: &str,
    ) -> Result<()> {
        if !stoa_model::is_valid_id(channel_id) {
            return Err(crate::Error::invalid_param("channel_id"));
        }
        if !parent_id.is_empty() && !stoa_model::is_valid_id(parent_id) {
            return Err(crate::Error::invalid_param("parent_id"));
        }
        let channel = self
            .load_channel(channel_id)
            .await
            .map_err(|_| crate::Error::invalid_param("channel_id"))?;
        if !self
            .has_channel_permission(actor, &channel, crate::perm::CREATE_POST)
            .await?
        {
            return Err(crate::Error::invalid_param("channel_id"));
        }
        if !self.settings().service_settings.enable_user_typing_messages {
            return Ok(());
        }
        self.publish(
            crate::events::Event::new("typing")
                .with("parent_id", parent_id)
                .with("user_id", actor.user_id())
                .to_channel(channel_id)
                .omitting(actor.user_id()),
        );
        self.user_active(actor.user_id()).await
    }
}
