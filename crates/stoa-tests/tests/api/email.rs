//! Email notifications against a real SMTP server (aiosmtpd, `tests/smtp/sink.py`): what a
//! mention or a direct message sends and to whom, what each contents setting reveals, the
//! `email_interval` preference, batches grouped by channel that survive a restart, mail that
//! waits for an SMTP server to come back, and the admin's test mail over plain SMTP, STARTTLS and
//! TLS with a login.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use stoa_model::post::Post;
use stoa_model::time::civil_from_days;
use stoa_tests::messaging::{Room, add_to_channel, say};
use stoa_tests::smtp::{Mail, SinkOptions, SinkTls, SmtpSink, free_port};
use stoa_tests::{Fixture, TestServer, TestUser, api_test};

const SITE: &str = "https://chat.example.test";
const WAIT: Duration = Duration::from_secs(20);

/// Points the server's email at `smtp`, with `extra` email settings over the sink's.
async fn send_mail_to(admin: &TestUser, smtp: &Value, extra: Value) {
    let mut email = smtp.clone();
    if let (Some(e), Some(x)) = (email.as_object_mut(), extra.as_object()) {
        e.extend(x.clone());
    }
    admin
        .client
        .put(
            "/config/patch",
            json!({"ServiceSettings": {"SiteURL": SITE}, "EmailSettings": email}),
        )
        .await
        .expect(200);
}

async fn set_interval(user: &TestUser, seconds: &str) {
    user.client
        .put(
            &format!("/users/{}/preferences", user.id()),
            json!([{"user_id": user.id(), "category": "notifications",
                    "name": "email_interval", "value": seconds}]),
        )
        .await
        .expect(200);
}

/// `Month D, YYYY` in UTC, as the subjects show a post's day.
fn day(ms: i64) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (y, m, d) = civil_from_days(ms.div_euclid(86_400_000));
    format!("{} {d}, {y}", MONTHS[(m - 1) as usize])
}

fn permalink(team_name: &str, post: &Post) -> String {
    format!("{SITE}/{team_name}/pl/{}", post.id)
}

/// Waits `settle` and checks nothing more arrived for `address` than `expected`.
async fn no_more_mail(smtp: &SmtpSink, address: &str, expected: usize, settle: Duration) {
    tokio::time::sleep(settle).await;
    let got: Vec<Mail> = smtp.mails_to(address);
    assert_eq!(got.len(), expected, "mail to {address}: {got:#?}");
}

async fn a_mention_is_emailed_at_once(t: TestServer) {
    let Some(smtp) = SmtpSink::start().await else {
        return;
    };
    let r = Room::new(&t).await;
    send_mail_to(&r.admin, &smtp.email_settings(), json!({})).await;
    let message = format!("hello @{} <b>look</b>", r.alice.user.username);
    let post = say(&r.bob.client, &r.channel.id, &message).await;

    let mails = smtp.wait_for(1, WAIT).await;
    let m = &mails[0];
    assert_eq!(m.rcpt_tos, [r.alice.user.email.as_str()]);
    assert_eq!(m.from, "Stoa Notifications <noreply@stoa.test>");
    assert_eq!(m.reply_to, "reply@stoa.test");
    assert_eq!(
        m.subject,
        format!(
            "[Stoa] Notification in {} on {}",
            r.team.display_name,
            day(post.create_at)
        )
    );
    let link = permalink(&r.team.name, &post);
    assert!(m.text.contains(&link), "{}", m.text);
    assert!(m.text.contains(&message), "{}", m.text);
    assert!(m.text.contains(&format!(
        "While you were away, @{} mentioned you in the {} channel.",
        r.bob.user.username, r.channel.display_name
    )));
    assert!(m.html.contains(&format!("href=\"{link}\"")), "{}", m.html);
    assert!(m.html.contains("&lt;b&gt;look&lt;/b&gt;"), "{}", m.html);
    assert!(!m.html.contains("<b>look</b>"));
    // Neither the sender nor the member who was not mentioned.
    no_more_mail(&smtp, &r.bob.user.email, 0, Duration::from_millis(500)).await;
    assert!(smtp.mails_to(&r.admin.user.email).is_empty());
}

async fn generic_contents_hide_the_message(t: TestServer) {
    let Some(smtp) = SmtpSink::start().await else {
        return;
    };
    let r = Room::new(&t).await;
    let generic = json!({"EmailNotificationContentsType": "generic",
                         "UseChannelInEmailNotifications": true});
    send_mail_to(&r.admin, &smtp.email_settings(), generic).await;
    let secret = "the launch code is 0000";
    let post = say(
        &r.bob.client,
        &r.channel.id,
        &format!("@{} {secret}", r.alice.user.username),
    )
    .await;

    let m = &smtp.wait_for(1, WAIT).await[0];
    assert_eq!(
        m.subject,
        format!(
            "[Stoa] Notification in {} ({}) on {}",
            r.team.display_name,
            r.channel.display_name,
            day(post.create_at)
        )
    );
    assert!(!m.text.contains(secret), "{}", m.text);
    assert!(!m.html.contains(secret), "{}", m.html);
    // Who wrote where, and the way to the message.
    assert!(m.text.contains(&format!(
        "@{} mentioned you in a message",
        r.bob.user.username
    )));
    assert!(m.text.contains(&r.channel.display_name));
    assert!(m.text.contains(&permalink(&r.team.name, &post)));
}

async fn direct_messages_and_the_never_interval(t: TestServer) {
    let Some(smtp) = SmtpSink::start().await else {
        return;
    };
    let r = Room::new(&t).await;
    send_mail_to(&r.admin, &smtp.email_settings(), json!({})).await;
    set_interval(&r.alice, "0").await;
    let dm = |other: &TestUser| {
        let bob = r.bob.client.clone();
        let ids = json!([r.bob.id(), other.id()]);
        async move {
            let c: Value = bob.post("/channels/direct", ids).await.expect(201).json();
            c["id"].as_str().expect("id").to_owned()
        }
    };
    let to_alice = dm(&r.alice).await;
    let to_admin = dm(&r.admin).await;
    say(&r.bob.client, &to_alice, "for alice, who wants no mail").await;
    let post = say(&r.bob.client, &to_admin, "for the admin").await;

    let mails = smtp.wait_for(1, WAIT).await;
    let m = &mails[0];
    assert_eq!(m.rcpt_tos, [r.admin.user.email.as_str()]);
    assert_eq!(
        m.subject,
        format!(
            "[Stoa] New Direct Message from @{} on {}",
            r.bob.user.username,
            day(post.create_at)
        )
    );
    assert!(m.text.contains("for the admin"));
    // A direct message belongs to no team: the link goes through the recipient's team.
    assert!(
        m.text.contains(&permalink(&r.team.name, &post)),
        "{}",
        m.text
    );
    no_more_mail(&smtp, &r.alice.user.email, 0, Duration::from_secs(1)).await;
}

/// A second channel in the room's team with alice and bob in it.
async fn second_channel(t: &TestServer, r: &Room) -> stoa_model::channel::Channel {
    let c = t.channel(&r.admin, &r.team, "O").await;
    for u in [&r.alice, &r.bob] {
        add_to_channel(&r.admin.client, &c.id, u.id()).await;
    }
    c
}

async fn a_batch_is_one_mail_grouped_by_channel(t: TestServer) {
    let Some(smtp) = SmtpSink::start().await else {
        return;
    };
    let r = Room::new(&t).await;
    let other = second_channel(&t, &r).await;
    let batching = json!({"EnableEmailBatching": true, "EmailBatchingInterval": 1});
    send_mail_to(&r.admin, &smtp.email_settings(), batching).await;
    // The preference is seconds, as Mattermost reads it: 2 s keeps the test short.
    set_interval(&r.alice, "2").await;
    let alice = r.alice.user.username.clone();

    let start = Instant::now();
    let first = say(&r.bob.client, &r.channel.id, &format!("@{alice} first")).await;
    let second = say(&r.bob.client, &other.id, &format!("@{alice} second")).await;
    let third = say(&r.bob.client, &r.channel.id, &format!("@{alice} third")).await;

    let mails = smtp.wait_for(1, WAIT).await;
    assert!(
        start.elapsed() >= Duration::from_secs(2),
        "sent before the interval: {:?}",
        start.elapsed()
    );
    let m = &mails[0];
    assert_eq!(m.rcpt_tos, [r.alice.user.email.as_str()]);
    assert_eq!(
        m.subject,
        format!("[Stoa] New Notifications for {}", day(first.create_at))
    );
    for p in [&first, &second, &third] {
        assert!(m.text.contains(&permalink(&r.team.name, p)), "{}", m.text);
    }
    // Grouped by channel: the room's channel with its two posts, then the other one.
    let at = |s: &str| {
        m.text
            .find(s)
            .unwrap_or_else(|| panic!("{s} in {}", m.text))
    };
    assert!(at(&r.channel.display_name) < at("first"));
    assert!(at("third") < at(&other.display_name));
    assert!(at(&other.display_name) < at("second"));
    assert_eq!(m.text.matches(&r.channel.display_name).count(), 1);
    no_more_mail(&smtp, &r.alice.user.email, 1, Duration::from_millis(1500)).await;
}

async fn a_batch_survives_a_restart(t: TestServer) {
    let Some(smtp) = SmtpSink::start().await else {
        return;
    };
    let r = Room::new(&t).await;
    let other = second_channel(&t, &r).await;
    let batching = json!({"EnableEmailBatching": true, "EmailBatchingInterval": 1});
    send_mail_to(&r.admin, &smtp.email_settings(), batching).await;
    set_interval(&r.alice, "5").await;
    let alice = r.alice.user.username.clone();

    let before = say(&r.bob.client, &r.channel.id, &format!("@{alice} before")).await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    t.restart().await;
    let after = say(&r.bob.client, &other.id, &format!("@{alice} after")).await;

    let m = &smtp.wait_for(1, WAIT).await[0];
    assert!(
        m.text.contains("before") && m.text.contains("after"),
        "{}",
        m.text
    );
    assert!(m.text.contains(&permalink(&r.team.name, &before)));
    assert!(m.text.contains(&permalink(&r.team.name, &after)));
    no_more_mail(&smtp, &r.alice.user.email, 1, Duration::from_millis(1500)).await;
}

async fn a_batch_is_dropped_once_read(t: TestServer) {
    let Some(smtp) = SmtpSink::start().await else {
        return;
    };
    let r = Room::new(&t).await;
    let batching = json!({"EnableEmailBatching": true, "EmailBatchingInterval": 1});
    send_mail_to(&r.admin, &smtp.email_settings(), batching).await;
    set_interval(&r.alice, "2").await;
    set_interval(&r.admin, "2").await;
    say(
        &r.bob.client,
        &r.channel.id,
        &format!(
            "@{} @{} read this",
            r.alice.user.username, r.admin.user.username
        ),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    // Alice comes back and reads the channel: as in Mattermost, her batch has no news for her.
    stoa_tests::messaging::view(&r.alice.client, &r.channel.id).await;

    let mails = smtp.wait_for(1, WAIT).await;
    assert_eq!(mails[0].rcpt_tos, [r.admin.user.email.as_str()]);
    no_more_mail(&smtp, &r.alice.user.email, 0, Duration::from_millis(1500)).await;
}

async fn mail_waits_for_the_smtp_server(t: TestServer) {
    // The sink's Python must exist before the server is made to wait for it.
    let Some(probe) = SmtpSink::start().await else {
        return;
    };
    drop(probe);
    let r = Room::new(&t).await;
    let port = free_port();
    let down = json!({"SMTPServer": "127.0.0.1", "SMTPPort": port.to_string(),
                      "SendEmailNotifications": true, "FeedbackEmail": "noreply@stoa.test",
                      "SMTPServerTimeout": 5});
    send_mail_to(&r.admin, &down, json!({})).await;
    let post = say(
        &r.bob.client,
        &r.channel.id,
        &format!("@{} are you there", r.alice.user.username),
    )
    .await;
    // The first tries fail: nothing listens.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let smtp = SmtpSink::start_with(SinkOptions {
        port,
        ..Default::default()
    })
    .await
    .expect("the sink starts");
    let m = &smtp.wait_for(1, WAIT).await[0];
    assert_eq!(m.rcpt_tos, [r.alice.user.email.as_str()]);
    assert!(m.text.contains(&permalink(&r.team.name, &post)));
    no_more_mail(&smtp, &r.alice.user.email, 1, Duration::from_millis(500)).await;
}

/// The body of `POST /email/test`: a config whose email settings point at `smtp`.
fn test_config(smtp: &SmtpSink, security: &str, extra: Value) -> Value {
    let mut email = smtp.email_settings();
    email["ConnectionSecurity"] = json!(security);
    if let (Some(e), Some(x)) = (email.as_object_mut(), extra.as_object()) {
        e.extend(x.clone());
    }
    json!({"EmailSettings": email})
}

async fn the_admin_test_mail(t: TestServer) {
    let Some(smtp) = SmtpSink::start().await else {
        return;
    };
    let admin = t.admin().await;
    let user = t.user(&admin, "user").await;
    let body = test_config(&smtp, "", json!({}));
    user.client
        .post("/email/test", body.clone())
        .await
        .expect_error(403, "api.context.permissions.app_error");
    let ok = admin
        .client
        .post("/email/test", body)
        .await
        .expect(200)
        .json();
    assert_eq!(ok, json!({"status": "OK"}));
    let m = &smtp.wait_for(1, WAIT).await[0];
    assert_eq!(m.rcpt_tos, [admin.user.email.as_str()]);
    assert_eq!(m.subject, "Stoa - Testing Email Settings");
    assert!(!m.tls);

    admin
        .client
        .post("/email/test", json!({"EmailSettings": {"SMTPServer": ""}}))
        .await
        .expect_error(400, "api.admin.test_email.missing_server");

    // The stored password is only ever offered to the stored server.
    admin
        .client
        .put(
            "/config/patch",
            json!({"EmailSettings": {"SMTPServer": "127.0.0.1", "SMTPPassword": "stored"}}),
        )
        .await
        .expect(200);
    let elsewhere = json!({"EmailSettings": {"SMTPServer": "mail.example.test",
        "SMTPPassword": "********************************"}});
    admin
        .client
        .post("/email/test", elsewhere)
        .await
        .expect_error(400, "api.admin.test_email.reenter_password");
    // A server that does not answer: the admin sees why.
    let nobody = json!({"EmailSettings": {"SMTPServer": "127.0.0.1",
        "SMTPPort": free_port().to_string()}});
    admin
        .client
        .post("/email/test", nobody)
        .await
        .expect_error(500, "app.admin.test_email.failure");
}

async fn the_test_mail_over_tls_with_a_login(t: TestServer) {
    let login = Some(("mailer".to_owned(), "s3cret".to_owned()));
    let Some(starttls) = SmtpSink::start_with(SinkOptions {
        tls: SinkTls::StartTls,
        auth: login.clone(),
        ..Default::default()
    })
    .await
    else {
        return;
    };
    let admin = t.admin().await;
    let auth = json!({"EnableSMTPAuth": true, "SMTPUsername": "mailer", "SMTPPassword": "s3cret"});

    // A self-signed certificate is refused unless the admin says otherwise.
    admin
        .client
        .post(
            "/email/test",
            test_config(&starttls, "STARTTLS", auth.clone()),
        )
        .await
        .expect_error(500, "app.admin.test_email.failure");
    let mut skip = auth.clone();
    skip["SkipServerCertificateVerification"] = json!(true);
    admin
        .client
        .post(
            "/email/test",
            test_config(&starttls, "STARTTLS", skip.clone()),
        )
        .await
        .expect(200);
    let m = &starttls.wait_for(1, WAIT).await[0];
    assert!(m.tls, "STARTTLS encrypted the session");
    assert_eq!(m.auth_login.as_deref(), Some("mailer"));

    let mut wrong = skip.clone();
    wrong["SMTPPassword"] = json!("wrong");
    admin
        .client
        .post("/email/test", test_config(&starttls, "STARTTLS", wrong))
        .await
        .expect_error(500, "app.admin.test_email.failure");

    let implicit = SmtpSink::start_with(SinkOptions {
        tls: SinkTls::Implicit,
        auth: login,
        ..Default::default()
    })
    .await
    .expect("the sink starts");
    admin
        .client
        .post("/email/test", test_config(&implicit, "TLS", skip))
        .await
        .expect(200);
    let m = &implicit.wait_for(1, WAIT).await[0];
    assert!(m.tls, "TLS from the first byte");
    assert_eq!(m.auth_login.as_deref(), Some("mailer"));
}

api_test!(
    a_mention_is_emailed_at_once,
    generic_contents_hide_the_message,
    direct_messages_and_the_never_interval,
    a_batch_is_one_mail_grouped_by_channel,
    a_batch_survives_a_restart,
    a_batch_is_dropped_once_read,
    mail_waits_for_the_smtp_server,
    the_admin_test_mail,
    the_test_mail_over_tls_with_a_login,
);
