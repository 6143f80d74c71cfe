//! Notification emails, as Mattermost's `sendNotificationEmail` and its email batching: for each
//! recipient the rules chose, one mail about the post now, or the post added to the recipient's
//! batch (`EmailSettings.EnableEmailBatching`), which `batch.rs` sends as one mail once the
//! recipient's interval has passed.
//!
//! Both end up in the mail queue (`crate::mail`), so nothing decided here is lost to a restart:
//! a batch is rows in the database, a mail is a row until the SMTP server took it.

mod batch;
mod render;

pub(crate) use render::escape;

use stoa_model::post::Post;
use stoa_model::team::Team;
use stoa_model::user::User;
use stoa_store::{BatchAdd, BatchedEmailItem, OptionalExt};

use super::PostNotice;
use crate::mail::NewMail;
use crate::{Core, Result};

/// The preference that holds how often a user wants notification emails.
pub const INTERVAL_CATEGORY: &str = "notifications";
pub const INTERVAL_NAME: &str = "email_interval";
/// Its values are seconds, as Mattermost's web and mobile apps write them: `30` is
/// "immediately", `900` fifteen minutes, `3600` an hour, `0` never.
pub const INTERVAL_IMMEDIATELY: &str = "30";
pub const INTERVAL_NEVER: &str = "0";
/// The batch interval of a user who has not chosen one (Mattermost's
/// `PreferenceEmailIntervalBatchingSeconds`).
const DEFAULT_BATCH_INTERVAL_S: i64 = 900;

/// `EmailNotificationContentsType` that hides messages.
const CONTENTS_GENERIC: &str = "generic";
/// Characters of a message a mail about one post shows.
const MAX_MESSAGE_CHARS: usize = 4000;
/// Characters of each message a batch shows, and posts a batch holds at most whatever
/// `EmailBatchingBufferSize` says: together they bound a batch mail to about a megabyte.
const MAX_BATCH_MESSAGE_CHARS: usize = 1000;
const MAX_BATCH_POSTS: i64 = 1000;
/// File names listed for a post without text.
const MAX_FILE_NAMES: usize = 20;

impl Core {
    /// Sends, or adds to the recipient's batch, the email about one post (the rules have decided
    /// the recipient gets one). Returns once the mail or the batch entry is stored.
    pub async fn email_notification(&self, notice: &PostNotice, recipient: &User) -> Result<()> {
        let s = self.settings();
        let e = &s.email_settings;
        if !e.send_email_notifications || recipient.email.trim().is_empty() {
            return Ok(());
        }
        let interval = self
            .store
            .get_preference(&recipient.id, INTERVAL_CATEGORY, INTERVAL_NAME)
            .await
            .optional()?
            .map(|p| p.value);
        // The apps write `0` together with the `email` notify prop `false`; either one is
        // enough to mean "never".
        if interval.as_deref() == Some(INTERVAL_NEVER) {
            return Ok(());
        }
        let team = self.email_team(notice, recipient).await?;
        let site_url = s.service_settings.site_url.trim_end_matches('/');
        let link = permalink(site_url, team.as_ref(), &notice.post.id);
        let full = e.email_notification_contents_type != CONTENTS_GENERIC;
        let message = if full {
            self.message_for_notification(&notice.post).await?
        } else {
            String::new()
        };
        let kind = render::Kind::of(&notice.channel.channel_type);
        let channel_name = match kind {
            render::Kind::Direct => notice.sender_name.clone(),
            _ => notice.channel.display_name.clone(),
        };

        // Batched unless the user chose "immediately" (Mattermost batches when unset too).
        if e.enable_email_batching && interval.as_deref() != Some(INTERVAL_IMMEDIATELY) {
            let item = BatchedEmailItem {
                id: stoa_model::new_id(),
                user_id: recipient.id.clone(),
                post_id: notice.post.id.clone(),
                post_at: notice.post.create_at,
                team_id: team.as_ref().map(|t| t.id.clone()).unwrap_or_default(),
                channel_id: notice.channel.id.clone(),
                channel_name: channel_name.clone(),
                sender_name: notice.sender_name.clone(),
                message: bounded(&message, MAX_BATCH_MESSAGE_CHARS),
                permalink: link.clone(),
            };
            let max = e.email_batching_buffer_size.clamp(1, MAX_BATCH_POSTS);
            match self.store.add_to_email_batch(&item, max).await? {
                BatchAdd::Added | BatchAdd::AlreadyThere => return Ok(()),
                // As Mattermost when its batching buffer is full: the mail goes out on its own.
                BatchAdd::Full => tracing::warn!(
                    user_id = %recipient.id,
                    "email batch full (EmailSettings.EmailBatchingBufferSize): sending a notification on its own"
                ),
            }
        }

        let mail = render::single(&render::Single {
            site_name: &s.team_settings.site_name,
            site_url,
            kind,
            sender: &notice.sender_name,
            channel_name: &channel_name,
            team_name: team.as_ref().map_or("", |t| t.display_name.as_str()),
            channel_in_subject: e.use_channel_in_email_notifications,
            full,
            message: &message,
            post_at: notice.post.create_at,
            link: &link,
        });
        self.queue_mail(NewMail {
            kind: "notification",
            // Decided twice (a job run again after a crash), queued once.
            dedupe_key: Some(format!("notification:{}:{}", notice.post.id, recipient.id)),
            to: recipient.email.clone(),
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
        })
        .await
    }

    /// The team a mail links into: the channel's, or for a direct or group message the
    /// recipient's first team, as Mattermost picks one; `None` for a user in no team.
    async fn email_team(&self, notice: &PostNotice, recipient: &User) -> Result<Option<Team>> {
        if let Some(team) = &notice.team {
            return Ok(Some(team.clone()));
        }
        Ok(self
            .store
            .get_teams_for_user(&recipient.id)
            .await?
            .into_iter()
            .next())
    }

    /// The text a notification shows for a post (Mattermost's `GetMessageForNotification`): the
    /// message, or for a post with only files, what was sent.
    async fn message_for_notification(&self, post: &Post) -> Result<String> {
        if !post.message.trim().is_empty() || post.file_ids.is_empty() {
            return Ok(bounded(&post.message, MAX_MESSAGE_CHARS));
        }
        let infos = self.store.get_file_infos_by_ids(&post.file_ids).await?;
        if infos.is_empty() {
            return Ok(String::new());
        }
        let only_images = infos.iter().all(|f| f.is_image());
        let names: Vec<&str> = infos
            .iter()
            .take(MAX_FILE_NAMES)
            .map(|f| f.name.as_str())
            .collect();
        let (one, many) = if only_images {
            ("image", "images")
        } else {
            ("file", "files")
        };
        let noun = if infos.len() == 1 { one } else { many };
        Ok(bounded(
            &format!("{} {noun} sent: {}", infos.len(), names.join(", ")),
            MAX_MESSAGE_CHARS,
        ))
    }
}

/// `{SiteURL}/{team}/pl/{post_id}`, the link that opens the post; the site itself for a user in
/// no team.
fn permalink(site_url: &str, team: Option<&Team>, post_id: &str) -> String {
    match team {
        Some(t) => format!("{site_url}/{}/pl/{post_id}", t.name),
        None => format!("{site_url}/"),
    }
}

/// At most `max` characters, an ellipsis marking a cut.
fn bounded(message: &str, max: usize) -> String {
    match message.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &message[..cut]),
        None => message.to_owned(),
    }
}

/// A user's batch interval in seconds: their preference, or Mattermost's default when it is
/// unset or not a number.
fn batch_interval_s(preference: Option<&str>) -> i64 {
    preference
        .and_then(|v| v.trim().parse::<i64>().ok())
        .map_or(DEFAULT_BATCH_INTERVAL_S, |s| s.max(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_messages_are_cut() {
        let long = "é".repeat(MAX_MESSAGE_CHARS + 10);
        let cut = bounded(&long, MAX_MESSAGE_CHARS);
        assert_eq!(cut.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(bounded("short", 5), "short");
    }

    #[test]
    fn intervals_default_as_mattermost() {
        assert_eq!(batch_interval_s(None), 900);
        assert_eq!(batch_interval_s(Some("3600")), 3600);
        assert_eq!(batch_interval_s(Some("soon")), 900);
        assert_eq!(batch_interval_s(Some("2")), 2);
    }

    #[test]
    fn permalinks() {
        let team = Team {
            name: "core".into(),
            ..Default::default()
        };
        assert_eq!(
            permalink("https://x", Some(&team), "p"),
            "https://x/core/pl/p"
        );
        assert_eq!(permalink("https://x", None, "p"), "https://x/");
    }
}
