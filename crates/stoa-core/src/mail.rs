//! The mail queue: every email Stoa sends (notifications now, account emails later) is first a
//! row in the database, then handed to the SMTP server by a worker on whichever node claims it.
//!
//! So a message survives a restart between being decided and being sent, several nodes send
//! each message once (a claim is an `UPDATE` in the database; a claim whose node died expires),
//! and an SMTP server that is down or refuses for a while only delays mail: failed sends are
//! tried again with growing pauses, and given up (logged) after [`MAX_ATTEMPTS`]. A message to an
//! address that does not parse is given up at once.
//!
//! Delivery is at least once: a node that dies after the server took a message but before it
//! recorded that sends it again once the claim expires.

use std::sync::{Arc, Weak};
use std::time::Duration;

use stoa_model::{new_id, now_ms};
use stoa_store::QueuedEmail;
use tokio::sync::Notify;

use crate::ports::{MailError, MailMessage, SmtpConfig, SmtpSecurity};
use crate::settings::{EmailSettings, Settings};
use crate::{Core, Error, ErrorKind, Result};

/// Sends before a message is given up on: with the pauses below, about five and a half hours.
pub const MAX_ATTEMPTS: i64 = 20;
/// The pause after the first failure; it doubles after each further one, up to [`MAX_PAUSE`].
const FIRST_PAUSE: Duration = Duration::from_secs(2);
const MAX_PAUSE: Duration = Duration::from_secs(30 * 60);
/// Messages one claim takes: small, so a slow server holds few messages away from other nodes.
const CLAIM_SIZE: i64 = 5;
/// How often the worker looks for due messages queued by other nodes or due for another try
/// (a message queued on this node wakes it at once).
const POLL: Duration = Duration::from_secs(1);
/// Longest text kept in one message body part: bounds a row and a mail.
pub(crate) const MAX_BODY_BYTES: usize = 1 << 20;

/// Wakes the queue worker of this node.
#[derive(Default)]
pub(crate) struct MailQueue {
    wake: Arc<Notify>,
}

/// The pause after the `attempts`-th failed send.
fn pause_after(attempts: i64) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
    FIRST_PAUSE
        .saturating_mul(2u32.saturating_pow(doublings))
        .min(MAX_PAUSE)
}

/// The SMTP server as the settings describe it.
pub(crate) fn smtp_config(
    e: &EmailSettings,
    site_url: &str,
) -> std::result::Result<SmtpConfig, MailError> {
    let port = e.smtp_port.trim().parse::<u16>().map_err(|_| {
        MailError::Misconfigured("EmailSettings.SMTPPort is not a port number".into())
    })?;
    let security = match e.connection_security.as_str() {
        "TLS" => SmtpSecurity::Tls,
        "STARTTLS" => SmtpSecurity::StartTls,
        _ => SmtpSecurity::None,
    };
    let credentials = e
        .enable_smtp_auth
        .then(|| (e.smtp_username.clone(), e.smtp_password.clone()));
    Ok(SmtpConfig {
        server: e.smtp_server.trim().to_owned(),
        port,
        security,
        skip_certificate_verification: e.skip_server_certificate_verification,
        credentials,
        timeout: Duration::from_secs(e.smtp_server_timeout.clamp(1, 3600) as u64),
        hello_name: host_of(site_url).unwrap_or_else(|| "localhost".to_owned()),
    })
}

/// The host of a URL (`https://chat.example.com:8065/x` → `chat.example.com`), as Mattermost
/// greets the SMTP server with its site's host name.
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next()?,
        None => host.split(':').next()?,
    };
    (!host.is_empty()).then(|| host.to_owned())
}

/// The message as it goes out, with the sender the settings name at the time of sending.
fn outgoing(s: &Settings, mail: &QueuedEmail) -> MailMessage {
    let e = &s.email_settings;
    let from_name = if e.feedback_name.trim().is_empty() {
        s.team_settings.site_name.clone()
    } else {
        e.feedback_name.clone()
    };
    MailMessage {
        from_name,
        from_address: e.feedback_email.clone(),
        to: mail.to_address.clone(),
        reply_to: e.reply_to_address.clone(),
        subject: mail.subject.clone(),
        text: mail.text_body.clone(),
        html: mail.html_body.clone(),
    }
}

/// Cuts `s` to at most `max` bytes on a character boundary.
pub(crate) fn truncate_bytes(s: &mut String, max: usize) {
    if s.len() > max {
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
}

/// A message to queue.
pub(crate) struct NewMail {
    /// See [`QueuedEmail::kind`].
    pub kind: &'static str,
    /// See [`QueuedEmail::dedupe_key`]; `None` for a message that is never a duplicate.
    pub dedupe_key: Option<String>,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl NewMail {
    pub(crate) fn into_row(self) -> QueuedEmail {
        let id = new_id();
        let now = now_ms();
        let (mut text, mut html) = (self.text, self.html);
        truncate_bytes(&mut text, MAX_BODY_BYTES);
        truncate_bytes(&mut html, MAX_BODY_BYTES);
        QueuedEmail {
            dedupe_key: self.dedupe_key.unwrap_or_else(|| id.clone()),
            id,
            kind: self.kind.to_owned(),
            create_at: now,
            to_address: self.to,
            subject: self.subject,
            text_body: text,
            html_body: html,
            attempts: 0,
            next_attempt_at: now,
        }
    }
}

impl Core {
    /// Queues a message; it is sent by the queue worker of some node. Returns once it is stored.
    pub(crate) async fn queue_mail(&self, mail: NewMail) -> Result<()> {
        self.store.enqueue_email(&mail.into_row()).await?;
        self.wake_mail_queue();
        Ok(())
    }

    /// Tells this node's queue worker that a message is waiting (one queued in a transaction
    /// is announced after its commit).
    pub(crate) fn wake_mail_queue(&self) {
        self.mail_queue.wake.notify_one();
    }

    /// Starts the worker that sends queued mail. Stops when core is dropped.
    pub(crate) fn start_mail_queue(self: &Arc<Self>) {
        let weak: Weak<Core> = Arc::downgrade(self);
        let wake = self.mail_queue.wake.clone();
        // One token per worker: its claims are recognisable, and a late answer to a claim
        // another node has since taken over changes nothing.
        let token = new_id();
        tokio::spawn(async move {
            loop {
                let Some(core) = weak.upgrade() else { return };
                let claimed = match core.send_due_mail(&token).await {
                    Ok(n) => n,
                    Err(e) => {
                        tracing::warn!(error = %e, "mail queue: cannot claim mail");
                        0
                    }
                };
                drop(core);
                if claimed < CLAIM_SIZE as usize {
                    tokio::select! {
                        _ = wake.notified() => {}
                        _ = tokio::time::sleep(POLL) => {}
                    }
                }
            }
        });
    }

    /// Claims due messages and sends them one by one; returns how many were claimed.
    async fn send_due_mail(&self, token: &str) -> Result<usize> {
        let s = self.settings();
        let timeout = s.email_settings.smtp_server_timeout.clamp(1, 3600);
        // Longer than any claimed message can take (three timeouts each, see stoa-mail), so a
        // live node's claim never expires under it.
        let claim_ms = (CLAIM_SIZE * timeout * 3 + 60) * 1000;
        let now = now_ms();
        let mails = self
            .store
            .claim_emails(token, now, now - claim_ms, CLAIM_SIZE)
            .await?;
        for mail in &mails {
            let outcome = match smtp_config(&s.email_settings, &s.service_settings.site_url) {
                Ok(smtp) => self.mailer.send(&smtp, &outgoing(&s, mail)).await,
                Err(e) => Err(e),
            };
            self.settle(token, mail, outcome).await?;
        }
        Ok(mails.len())
    }

    /// Records what became of one claimed message.
    async fn settle(
        &self,
        token: &str,
        mail: &QueuedEmail,
        outcome: std::result::Result<(), MailError>,
    ) -> Result<()> {
        let attempts = mail.attempts + 1;
        match outcome {
            Ok(()) => {
                tracing::debug!(id = %mail.id, kind = %mail.kind, "mail sent");
                self.store.delete_email(&mail.id, token).await?;
            }
            Err(e @ MailError::BadRecipient) => self.give_up(token, mail, attempts, &e).await?,
            Err(e) if attempts >= MAX_ATTEMPTS => self.give_up(token, mail, attempts, &e).await?,
            // Settings the admin may still fix, a server that may come back or change its mind
            // (a refusal for a full mailbox or a wrong password is not the message's fault).
            Err(e) => {
                let pause = pause_after(attempts);
                tracing::warn!(
                    id = %mail.id, kind = %mail.kind, attempts, retry_in_s = pause.as_secs(),
                    error = %e, "mail not sent; will try again"
                );
                let next = now_ms() + i64::try_from(pause.as_millis()).unwrap_or(i64::MAX / 2);
                let mut error = e.to_string();
                truncate_bytes(&mut error, 1000);
                self.store
                    .retry_email(&mail.id, token, next, &error)
                    .await?;
            }
        }
        Ok(())
    }

    async fn give_up(
        &self,
        token: &str,
        mail: &QueuedEmail,
        attempts: i64,
        e: &MailError,
    ) -> Result<()> {
        tracing::error!(
            id = %mail.id, kind = %mail.kind, attempts, error = %e, "mail given up"
        );
        self.store.delete_email(&mail.id, token).await?;
        Ok(())
    }

    /// `POST /email/test`: sends a test message to the admin with the SMTP settings in `patch`
    /// (a config, full or partial, over the current one), at once rather than through the queue,
    /// so the admin sees the server's answer.
    pub async fn send_test_email(
        &self,
        actor: &crate::Actor,
        patch: &serde_json::Value,
    ) -> Result<()> {
        if !actor.can(crate::perm::TEST_EMAIL) {
            return Err(Error::forbidden(crate::perm::TEST_EMAIL.0));
        }
        let current = self.settings();
        let candidate = if patch.is_object() {
            check_masked_password(&current.email_settings, patch)?;
            current.patched(patch)?
        } else {
            (*current).clone()
        };
        let e = &candidate.email_settings;
        if e.smtp_server.trim().is_empty() {
            return Err(Error::new(
                ErrorKind::BadRequest,
                "api.admin.test_email.missing_server",
                "SMTP Server is required",
            )
            .with_detail("Invalid SMTPServer parameter."));
        }
        let user = self.store.get_user(actor.user_id()).await?;
        let site = &candidate.team_settings.site_name;
        let body = format!("It appears your {site} email is setup correctly!");
        let mail = NewMail {
            kind: "test",
            dedupe_key: None,
            to: user.email,
            subject: format!("{site} - Testing Email Settings"),
            html: format!("<p>{}</p>", crate::notifications::email::escape(&body)),
            text: body,
        }
        .into_row();
        let sent = match smtp_config(e, &candidate.service_settings.site_url) {
            Ok(smtp) => self.mailer.send(&smtp, &outgoing(&candidate, &mail)).await,
            Err(e) => Err(e),
        };
        sent.map_err(|e| {
            Error::new(
                ErrorKind::Internal,
                "app.admin.test_email.failure",
                format!("Connection unsuccessful: {e}"),
            )
        })
    }
}

/// Mattermost's rule for a test with the password left masked: the stored password is only used
/// for the stored server, port and user name, so that the test cannot send it elsewhere.
fn check_masked_password(current: &EmailSettings, patch: &serde_json::Value) -> Result<()> {
    let Some(email) = patch.get("EmailSettings") else {
        return Ok(());
    };
    let field = |name: &str, stored: &str| -> bool {
        email
            .get(name)
            .and_then(|v| v.as_str())
            .is_none_or(|v| v == stored)
    };
    let masked =
        email.get("SMTPPassword").and_then(|v| v.as_str()) == Some(crate::settings::SECRET_MASK);
    if masked
        && !(field("SMTPServer", &current.smtp_server)
            && field("SMTPPort", &current.smtp_port)
            && field("SMTPUsername", &current.smtp_username))
    {
        return Err(Error::new(
            ErrorKind::BadRequest,
            "api.admin.test_email.reenter_password",
            "The SMTP server, port, or username has changed. Please re-enter the SMTP password to test connection.",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_double_up_to_half_an_hour() {
        assert_eq!(pause_after(1), Duration::from_secs(2));
        assert_eq!(pause_after(2), Duration::from_secs(4));
        assert_eq!(pause_after(5), Duration::from_secs(32));
        assert_eq!(pause_after(MAX_ATTEMPTS), MAX_PAUSE);
        let total: Duration = (1..MAX_ATTEMPTS).map(pause_after).sum();
        assert!(total > Duration::from_secs(4 * 3600), "{total:?}");
    }

    #[test]
    fn hosts_of_site_urls() {
        assert_eq!(
            host_of("https://chat.example.com:8065/sub").as_deref(),
            Some("chat.example.com")
        );
        assert_eq!(host_of("http://[::1]:8065").as_deref(), Some("::1"));
        assert_eq!(host_of("").as_deref(), None);
    }

    #[test]
    fn a_masked_password_stays_with_its_server() {
        let current = EmailSettings {
            smtp_server: "smtp.example.com".into(),
            smtp_password: "secret".into(),
            ..Default::default()
        };
        let same = serde_json::json!({"EmailSettings": {
            "SMTPServer": "smtp.example.com", "SMTPPassword": crate::settings::SECRET_MASK}});
        assert!(check_masked_password(&current, &same).is_ok());
        let elsewhere = serde_json::json!({"EmailSettings": {
            "SMTPServer": "evil.example.com", "SMTPPassword": crate::settings::SECRET_MASK}});
        assert!(check_masked_password(&current, &elsewhere).is_err());
        let typed = serde_json::json!({"EmailSettings": {
            "SMTPServer": "evil.example.com", "SMTPPassword": "typed"}});
        assert!(check_masked_password(&current, &typed).is_ok());
    }

    #[test]
    fn truncation_keeps_characters_whole() {
        let mut s = "ééé".to_owned();
        truncate_bytes(&mut s, 3);
        assert_eq!(s, "é");
    }
}
