//! Notification emails: one per post and recipient, or collected into batches.

use stoa_model::user::User;

use super::PostNotice;
use crate::{Core, Result};

impl Core {
    /// Sends, or adds to the recipient's batch, the email about one post (the rules have decided
    /// the recipient gets one).
    pub async fn email_notification(&self, _notice: &PostNotice, _recipient: &User) -> Result<()> {
        Ok(())
    }
}
