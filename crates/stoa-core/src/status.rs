//! Presence: a user's status (online, away, do-not-disturb, offline), set by hand or by
//! activity. Manual statuses are kept until the user changes them (or do-not-disturb ends).
//!
//! Also the custom status ("In a meeting 📅 until 3 pm"): stored on the user as
//! `props.customStatus` (JSON text), with the last five kept as the user's
//! `custom_status`/`recent_custom_statuses` preference.

use std::collections::HashMap;

use stoa_model::preference::Preference;
use stoa_model::status::{AWAY, CustomStatus, DND, OFFLINE, ONLINE, Status};
use stoa_model::time::GoTime;
use stoa_model::{is_valid_id, now_ms};
use stoa_store::OptionalExt;

use crate::events::Event;
use crate::{Actor, Core, Error, ErrorKind, Result, StoreResultExt, perm};

/// The user `props` key holding the custom status.
pub const PROPS_KEY_CUSTOM_STATUS: &str = "customStatus";
/// Preference category and name of the recent custom statuses (a JSON array, newest first).
pub const CATEGORY_CUSTOM_STATUS: &str = "custom_status";
pub const NAME_RECENT_CUSTOM_STATUSES: &str = "recent_custom_statuses";
/// Longer texts are cut to this many characters (as Mattermost).
pub const CUSTOM_STATUS_TEXT_MAX_RUNES: usize = 100;
pub const MAX_RECENT_CUSTOM_STATUSES: usize = 5;
/// The `duration`s a custom status may name (empty: until cleared, or until `expires_at`).
pub const CUSTOM_STATUS_DURATIONS: [&str; 6] = [
    "thirty_minutes",
    "one_hour",
    "four_hours",
    "today",
    "this_week",
    "date_and_time",
];
/// Do-not-disturb ends on a whole minute (Mattermost's expiry job runs every minute).
const DND_EXPIRY_INTERVAL_SECS: i64 = 60;

impl Core {
    /// `GET /users/{user_id}/status`: users never seen are offline.
    pub async fn get_status(&self, _actor: &Actor, user_id: &str) -> Result<Status> {
        self.store.get_user(user_id).await.or_not_found("user")?;
        self.current_status(user_id).await
    }

    pub(crate) async fn current_status(&self, user_id: &str) -> Result<Status> {
        let status = match self.status_cache.get(user_id) {
            Some(s) => s,
            None => {
                let s = self
                    .store
                    .get_status(user_id)
                    .await
                    .optional()?
                    .unwrap_or_else(|| offline(user_id));
                self.status_cache.put(s.clone());
                s
            }
        };
        Ok(effective(status, now_ms()))
    }

    /// `POST /users/status/ids`: unknown users are offline.
    pub async fn get_statuses(&self, _actor: &Actor, user_ids: &[String]) -> Result<Vec<Status>> {
        if user_ids.is_empty()
            || user_ids.len() > crate::users::MAX_BATCH_IDS
            || !user_ids.iter().all(|id| is_valid_id(id))
        {
            return Err(Error::invalid_param("user_ids"));
        }
        let found: HashMap<String, Status> = self
            .store
            .get_statuses(user_ids)
            .await?
            .into_iter()
            .map(|s| (s.user_id.clone(), s))
            .collect();
        let now = now_ms();
        Ok(user_ids
            .iter()
            .map(|id| {
                let s = found.get(id).cloned();
                effective(s.unwrap_or_else(|| offline(id)), now)
            })
            .collect())
    }

    /// `PUT /users/{user_id}/status`: the body names the user again, and must name the same one.
    pub async fn update_status(
        &self,
        actor: &Actor,
        user_id: &str,
        body: &Status,
    ) -> Result<Status> {
        if body.user_id != user_id {
            return Err(Error::invalid_param("user_id"));
        }
        self.set_status(actor, user_id, &body.status, body.dnd_end_time)
            .await
    }

    /// Sets a status by hand (`dnd_end_time` in Unix seconds for do-not-disturb, 0: no end), as
    /// Mattermost's `SetStatusOnline`/`Offline`/`AwayIfNeeded`/`DoNotDisturbTimed` do with
    /// `manual`: online is never manual; away and do-not-disturb keep the last activity time.
    pub async fn set_status(
        &self,
        actor: &Actor,
        user_id: &str,
        status: &str,
        dnd_end_time: i64,
    ) -> Result<Status> {
        if !actor.is(user_id) && !actor.can(perm::EDIT_OTHER_USERS) {
            return Err(Error::forbidden(perm::EDIT_OTHER_USERS.0));
        }
        if ![ONLINE, AWAY, DND, OFFLINE].contains(&status) {
            return Err(Error::invalid_param("status"));
        }
        self.store.get_user(user_id).await.or_not_found("user")?;
        let now = now_ms();
        let last_activity_at = match status {
            ONLINE | OFFLINE => now,
            _ => self
                .store
                .get_status(user_id)
                .await
                .optional()?
                .map_or(0, |s| s.last_activity_at),
        };
        let dnd_end_time = match status {
            DND => {
                let end = dnd_end_time.max(0);
                end - end.rem_euclid(DND_EXPIRY_INTERVAL_SECS)
            }
            _ => 0,
        };
        let s = Status {
            user_id: user_id.to_owned(),
            status: status.to_owned(),
            manual: status != ONLINE,
            last_activity_at,
            active_channel: String::new(),
            dnd_end_time,
        };
        self.save_status(s.clone()).await?;
        Ok(effective(s, now))
    }

    /// Stores a status and tells the user's sessions (`status_change`; others poll
    /// `POST /users/status/ids`, as with Mattermost).
    pub(crate) async fn save_status(&self, s: Status) -> Result<()> {
        self.store.save_status(&s).await?;
        self.status_cache.put(s.clone());
        self.publish(
            Event::new("status_change")
                .with("user_id", s.user_id.clone())
                .with("status", s.status.clone())
                .to_user(&s.user_id),
        );
        Ok(())
    }

    fn require_custom_statuses(&self, op: &str) -> Result<()> {
        if self.settings().team_settings.enable_custom_user_statuses {
            Ok(())
        } else {
            Err(Error::new(
                ErrorKind::NotImplemented,
                "api.custom_status.disabled",
                "Custom status feature has been disabled. Please contact your system administrator for details.",
            )
            .with_detail(op.to_owned()))
        }
    }

    fn require_edit_status(&self, actor: &Actor, user_id: &str) -> Result<()> {
        if actor.is(user_id) || actor.can(perm::EDIT_OTHER_USERS) {
            Ok(())
        } else {
            Err(Error::forbidden(perm::EDIT_OTHER_USERS.0))
        }
    }

    /// `PUT /users/{user_id}/status/custom`: stored on the user (`user_updated`) and added to the
    /// front of the recent ones.
    pub async fn set_custom_status(
        &self,
        actor: &Actor,
        user_id: &str,
        mut cs: CustomStatus,
    ) -> Result<()> {
        self.require_custom_statuses("updateUserCustomStatus")?;
        let now = now_ms();
        let expires = match cs.expires_at.as_deref() {
            None | Some("") => Some(GoTime::ZERO),
            Some(s) => GoTime::parse(s),
        };
        let valid = expires.filter(|exp| {
            !(cs.emoji.is_empty() && cs.text.is_empty())
                && durations_valid(&cs.duration, *exp, now)
                && (cs.emoji.is_empty() || is_emoji_name(&cs.emoji))
        });
        let Some(expires) = valid else {
            return Err(Error::invalid_param("custom_status"));
        };
        self.require_edit_status(actor, user_id)?;
        // Mattermost's `PreSave`.
        if cs.duration.is_empty() && expires.unix_ms() >= now {
            cs.duration = "date_and_time".to_owned();
        }
        if let Some((cut, _)) = cs.text.char_indices().nth(CUSTOM_STATUS_TEXT_MAX_RUNES) {
            cs.text.truncate(cut);
        }
        cs.expires_at = Some(expires.format());
        let json = serde_json::to_string(&cs).map_err(Error::internal)?;
        self.update_user_props(user_id, json).await?;
        if let Err(e) = self.add_recent_custom_status(user_id, &cs).await {
            tracing::warn!(user_id, error = %e, "cannot add a recent custom status");
        }
        Ok(())
    }

    /// `DELETE /users/{user_id}/status/custom`.
    pub async fn remove_custom_status(&self, actor: &Actor, user_id: &str) -> Result<()> {
        self.require_custom_statuses("removeUserCustomStatus")?;
        self.require_edit_status(actor, user_id)?;
        self.update_user_props(user_id, String::new()).await
    }

    /// Writes `props.customStatus` (Mattermost clears it to an empty string) and announces the
    /// user.
    async fn update_user_props(&self, user_id: &str, custom_status: String) -> Result<()> {
        let mut user = self.store.get_user(user_id).await.or_not_found("user")?;
        user.props
            .insert(PROPS_KEY_CUSTOM_STATUS.to_owned(), custom_status);
        user.update_at = now_ms();
        self.store.update_user(&user).await?;
        self.publish_user_updated(&user);
        Ok(())
    }

    async fn recent_custom_statuses(&self, user_id: &str) -> Result<Option<Preference>> {
        Ok(self
            .store
            .get_preference(user_id, CATEGORY_CUSTOM_STATUS, NAME_RECENT_CUSTOM_STATUSES)
            .await
            .optional()?)
    }

    async fn add_recent_custom_status(&self, user_id: &str, cs: &CustomStatus) -> Result<()> {
        let mut recent = match self.recent_custom_statuses(user_id).await? {
            Some(p) if !p.value.is_empty() => parse_recent(&p.value)?,
            _ => Vec::new(),
        };
        recent.retain(|s| s.text != cs.text);
        recent.insert(0, cs.clone());
        recent.truncate(MAX_RECENT_CUSTOM_STATUSES);
        self.save_recent(user_id, &recent).await
    }

    /// `DELETE /users/{user_id}/status/custom/recent` and
    /// `POST /users/{user_id}/status/custom/recent/delete`: removes an entry equal to `cs`.
    pub async fn remove_recent_custom_status(
        &self,
        actor: &Actor,
        user_id: &str,
        cs: CustomStatus,
    ) -> Result<()> {
        self.require_custom_statuses("removeUserRecentCustomStatus")?;
        self.require_edit_status(actor, user_id)?;
        let pref = self
            .recent_custom_statuses(user_id)
            .await?
            .ok_or_else(crate::preferences::preference_missing)?;
        let not_there = || {
            Error::new(
                ErrorKind::BadRequest,
                "api.custom_status.recent_custom_statuses.delete.app_error",
                "Failed to delete recent custom status. Please try adding the custom status first or contact your system administrator for details.",
            )
        };
        if pref.value.is_empty() || (cs.emoji.is_empty() && cs.text.is_empty()) {
            return Err(not_there());
        }
        let mut recent = parse_recent(&pref.value)?;
        let target = canonical(&cs);
        let before = recent.len();
        recent.retain(|s| canonical(s) != target);
        if recent.len() == before {
            return Err(not_there());
        }
        self.save_recent(user_id, &recent).await
    }

    async fn save_recent(&self, user_id: &str, recent: &[CustomStatus]) -> Result<()> {
        let pref = Preference {
            user_id: user_id.to_owned(),
            category: CATEGORY_CUSTOM_STATUS.to_owned(),
            name: NAME_RECENT_CUSTOM_STATUSES.to_owned(),
            value: serde_json::to_string(recent).map_err(Error::internal)?,
        };
        crate::preferences::validate_preference(&pref)?;
        self.save_preferences_unchecked(user_id, &[pref]).await
    }
}

pub(crate) fn offline(user_id: &str) -> Status {
    Status {
        user_id: user_id.to_owned(),
        status: OFFLINE.to_owned(),
        ..Default::default()
    }
}

/// The status as clients should see it at `now_ms`: do-not-disturb with an end time falls back
/// to online once it is over.
pub(crate) fn effective(mut status: Status, now_ms: i64) -> Status {
    if status.status == DND
        && status.dnd_end_time > 0
        && status.dnd_end_time.saturating_mul(1000) <= now_ms
    {
        status.status = ONLINE.into();
        status.manual = false;
        status.dnd_end_time = 0;
    }
    status
}

/// Mattermost's `AreDurationAndExpirationTimeValid`.
fn durations_valid(duration: &str, expires: GoTime, now_ms: i64) -> bool {
    let not_past = expires.unix_ms() >= now_ms;
    (duration.is_empty() && (expires.is_zero() || not_past))
        || (CUSTOM_STATUS_DURATIONS.contains(&duration) && not_past)
}

/// A custom emoji's name or a system emoji's (some of which are longer than custom names may be).
fn is_emoji_name(name: &str) -> bool {
    stoa_model::emoji::is_valid_emoji_name(name) || crate::emoji_names::is_system_emoji(name)
}

fn parse_recent(value: &str) -> Result<Vec<CustomStatus>> {
    serde_json::from_str(value).map_err(|e| {
        Error::new(
            ErrorKind::BadRequest,
            "api.unmarshal_error",
            "Unable to read the recent custom statuses.",
        )
        .with_detail(e.to_string())
    })
}

/// A custom status with its expiry time written as Go writes it, for comparing entries sent
/// back by clients with those stored (Mattermost compares their JSON).
fn canonical(cs: &CustomStatus) -> CustomStatus {
    let expires = match cs.expires_at.as_deref() {
        None | Some("") => Some(GoTime::ZERO.format()),
        Some(s) => Some(GoTime::parse(s).map_or_else(|| s.to_owned(), |t| t.format())),
    };
    CustomStatus {
        expires_at: expires,
        ..cs.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_expiry() {
        let now = 1_700_000_000_000;
        let future = GoTime::from_unix_secs(now / 1000 + 60);
        let past = GoTime::from_unix_secs(now / 1000 - 60);
        assert!(durations_valid("", GoTime::ZERO, now));
        assert!(durations_valid("", future, now));
        assert!(!durations_valid("", past, now));
        assert!(durations_valid("one_hour", future, now));
        assert!(!durations_valid("one_hour", GoTime::ZERO, now));
        assert!(!durations_valid("forever", future, now));
    }

    #[test]
    fn dnd_ends_on_time() {
        let dnd = |end: i64| Status {
            user_id: "u".into(),
            status: DND.into(),
            manual: true,
            dnd_end_time: end,
            ..Default::default()
        };
        assert_eq!(effective(dnd(0), 5_000).status, DND);
        assert_eq!(effective(dnd(10), 5_000).status, DND);
        let over = effective(dnd(5), 5_000);
        assert_eq!(
            (over.status.as_str(), over.manual, over.dnd_end_time),
            (ONLINE, false, 0)
        );
    }
}
