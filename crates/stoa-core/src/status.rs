//! Presence: a user's status (online, away, do-not-disturb, offline), set by hand or by
//! activity. Manual statuses are kept until the user changes them (or do-not-disturb ends).

use stoa_model::status::{AWAY, DND, OFFLINE, ONLINE, Status};
use stoa_model::now_ms;
use stoa_store::OptionalExt;

use crate::events::Event;
use crate::{Actor, Core, Error, Result, StoreResultExt, perm};

impl Core {
    /// A user's status; users never seen are offline.
    pub async fn get_status(&self, _actor: &Actor, user_id: &str) -> Result<Status> {
        self.store.get_user(user_id).await.or_not_found("user")?;
        Ok(self.current_status(user_id).await?)
    }

    pub(crate) async fn current_status(&self, user_id: &str) -> Result<Status> {
        let mut status = self.store.get_status(user_id).await.optional()?.unwrap_or_else(|| offline(user_id));
        // Do-not-disturb with an end time falls back to online once it is over.
        if status.status == DND && status.dnd_end_time > 0 && status.dnd_end_time * 1000 <= now_ms() {
            status.status = ONLINE.into();
            status.manual = false;
            status.dnd_end_time = 0;
        }
        Ok(status)
    }

    /// `POST /users/status/ids`.
    pub async fn get_statuses(&self, _actor: &Actor, user_ids: &[String]) -> Result<Vec<Status>> {
        crate::users::check_batch(user_ids, "user_ids")?;
        let found = self.store.get_statuses(user_ids).await?;
        Ok(user_ids
            .iter()
            .map(|id| found.iter().find(|s| &s.user_id == id).cloned().unwrap_or_else(|| offline(id)))
            .collect())
    }

    /// `PUT /users/{user_id}/status`: a manual status (`dnd_end_time` in Unix seconds for
    /// do-not-disturb).
    pub async fn set_status(&self, actor: &Actor, user_id: &str, status: &str, dnd_end_time: i64) -> Result<Status> {
        if !actor.is(user_id) && !actor.can(perm::EDIT_OTHER_USERS) {
            return Err(Error::forbidden(perm::EDIT_OTHER_USERS.0));
        }
        if ![ONLINE, AWAY, DND, OFFLINE].contains(&status) {
            return Err(Error::invalid_body_param("status"));
        }
        let s = Status {
            user_id: user_id.to_owned(),
            status: status.to_owned(),
            manual: status != ONLINE,
            last_activity_at: now_ms(),
            active_channel: String::new(),
            dnd_end_time: if status == DND { dnd_end_time.max(0) } else { 0 },
        };
        self.save_status(s.clone()).await?;
        Ok(s)
    }

    /// Stores a status and tells everyone (`status_change`).
    pub(crate) async fn save_status(&self, s: Status) -> Result<()> {
        self.store.save_status(&s).await?;
        self.publish(Event::new("status_change").with("user_id", s.user_id.clone()).with("status", s.status.clone()));
        Ok(())
    }
}

fn offline(user_id: &str) -> Status {
    Status { user_id: user_id.to_owned(), status: OFFLINE.to_owned(), ..Default::default() }
}
