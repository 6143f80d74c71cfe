//! Email out: one SMTP exchange per message, with the settings passed in for that message (the
//! admin changes them at runtime). Implements core's [`Mailer`] port with `lettre`.
//!
//! Security follows Mattermost: `ConnectionSecurity` is plain, `STARTTLS` (required, not
//! opportunistic) or `TLS`; certificates are checked unless the admin turns that off; AUTH is
//! refused over an unencrypted connection to anything but this machine, so a password never
//! crosses a network in clear.

use std::net::IpAddr;
use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use stoa_core::ports::{MailError, MailMessage, Mailer, SmtpConfig, SmtpSecurity};

/// Sends each message over a connection of its own: mail volume is low and the settings may
/// differ from one message to the next, so a pool would buy little.
#[derive(Debug, Default, Clone)]
pub struct SmtpMailer;

impl SmtpMailer {
    pub fn new() -> Self {
        SmtpMailer
    }
}

#[async_trait::async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, smtp: &SmtpConfig, mail: &MailMessage) -> Result<(), MailError> {
        let message = build_message(mail)?;
        let transport = transport(smtp)?;
        // lettre's timeout bounds each step; this bounds the whole exchange, so that a server
        // trickling bytes cannot hold the queue worker for ever.
        let whole = smtp.timeout.saturating_mul(3).max(Duration::from_secs(1));
        match tokio::time::timeout(whole, transport.send(message)).await {
            Err(_) => Err(MailError::Failed("the SMTP exchange timed out".into())),
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(MailError::Failed(e.to_string())),
        }
    }
}

fn mailbox(name: &str, address: &str) -> Option<Mailbox> {
    let address = address.trim().parse().ok()?;
    let name = (!name.trim().is_empty()).then(|| name.trim().to_owned());
    Some(Mailbox::new(name, address))
}

fn build_message(mail: &MailMessage) -> Result<Message, MailError> {
    let from = mailbox(&mail.from_name, &mail.from_address).ok_or_else(|| {
        MailError::Misconfigured("EmailSettings.FeedbackEmail is not a valid address".into())
    })?;
    let to = mailbox("", &mail.to).ok_or(MailError::BadRecipient)?;
    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(one_line(&mail.subject));
    if !mail.reply_to.trim().is_empty() {
        let reply_to = mailbox("", &mail.reply_to).ok_or_else(|| {
            MailError::Misconfigured("EmailSettings.ReplyToAddress is not a valid address".into())
        })?;
        builder = builder.reply_to(reply_to);
    }
    builder
        .multipart(MultiPart::alternative_plain_html(
            mail.text.clone(),
            mail.html.clone(),
        ))
        .map_err(|e| MailError::Misconfigured(e.to_string()))
}

/// A header value on one line: names that reach the subject (site, team, channel, sender) could
/// carry line breaks.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn transport(smtp: &SmtpConfig) -> Result<AsyncSmtpTransport<Tokio1Executor>, MailError> {
    let server = smtp.server.trim();
    if server.is_empty() {
        return Err(MailError::Misconfigured("no SMTP server is set".into()));
    }
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(server)
        .port(smtp.port)
        .timeout(Some(smtp.timeout))
        .hello_name(hello(&smtp.hello_name));
    match smtp.security {
        SmtpSecurity::None => {}
        SmtpSecurity::StartTls => builder = builder.tls(Tls::Required(tls_parameters(smtp)?)),
        SmtpSecurity::Tls => builder = builder.tls(Tls::Wrapper(tls_parameters(smtp)?)),
    }
    if let Some((user, password)) = &smtp.credentials {
        if smtp.security == SmtpSecurity::None && !is_local(server) {
            return Err(MailError::Misconfigured(
                "SMTP authentication needs TLS or STARTTLS unless the server is on this machine"
                    .into(),
            ));
        }
        builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
    }
    Ok(builder.build())
}

/// The `EHLO` argument: a domain, or an address literal for a site reached by IP.
fn hello(name: &str) -> ClientId {
    match name.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => ClientId::Ipv4(ip),
        Ok(IpAddr::V6(ip)) => ClientId::Ipv6(ip),
        Err(_) => ClientId::Domain(name.to_owned()),
    }
}

fn tls_parameters(smtp: &SmtpConfig) -> Result<TlsParameters, MailError> {
    TlsParameters::builder(smtp.server.trim().to_owned())
        .dangerous_accept_invalid_certs(smtp.skip_certificate_verification)
        .dangerous_accept_invalid_hostnames(smtp.skip_certificate_verification)
        .build_rustls()
        .map_err(|e| MailError::Failed(e.to_string()))
}

/// This machine: where a password in clear stays off the network.
fn is_local(server: &str) -> bool {
    let host = server.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail() -> MailMessage {
        MailMessage {
            from_name: "Stoa".into(),
            from_address: "noreply@example.com".into(),
            to: "alice@example.com".into(),
            reply_to: String::new(),
            subject: "Hello\r\nBcc: mallory@example.com".into(),
            text: "hi".into(),
            html: "<p>hi</p>".into(),
        }
    }

    fn smtp(security: SmtpSecurity, server: &str) -> SmtpConfig {
        SmtpConfig {
            server: server.into(),
            port: 25,
            security,
            skip_certificate_verification: false,
            credentials: Some(("user".into(), "secret".into())),
            timeout: Duration::from_secs(1),
            hello_name: "localhost".into(),
        }
    }

    #[test]
    fn a_subject_cannot_add_headers() {
        let raw =
            String::from_utf8(build_message(&mail()).expect("builds").formatted()).expect("utf-8");
        assert!(!raw.contains("\r\nBcc:"), "{raw}");
    }

    #[test]
    fn bad_addresses_are_invalid_not_retried() {
        let mut m = mail();
        m.to = "not an address".into();
        assert!(matches!(build_message(&m), Err(MailError::BadRecipient)));
    }

    #[test]
    fn auth_in_clear_only_to_this_machine() {
        assert!(matches!(
            transport(&smtp(SmtpSecurity::None, "smtp.example.com")),
            Err(MailError::Misconfigured(_))
        ));
        assert!(transport(&smtp(SmtpSecurity::None, "127.0.0.1")).is_ok());
        assert!(transport(&smtp(SmtpSecurity::None, "localhost")).is_ok());
        assert!(transport(&smtp(SmtpSecurity::StartTls, "smtp.example.com")).is_ok());
    }

    #[test]
    fn the_password_stays_out_of_debug_output() {
        let shown = format!("{:?}", smtp(SmtpSecurity::Tls, "smtp.example.com"));
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("user"), "{shown}");
    }
}
