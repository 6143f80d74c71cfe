//! Web push (RFC 8030/8291/8292) to our web app's service worker.

use stoa_model::push::PushNotification;

use crate::{Core, Result};

impl Core {
    /// Hands one push (a `message`, or a `clear` when the user read the channel elsewhere) to
    /// every web push subscription of the user.
    pub async fn web_push(&self, _user_id: &str, _push: &PushNotification) -> Result<()> {
        Ok(())
    }
}
