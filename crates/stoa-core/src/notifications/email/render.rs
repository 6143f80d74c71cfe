//! What notification emails say: Mattermost's English texts (`app.notification.*`,
//! `api.email_batching.*`), as plain text and as HTML with every value escaped.
//!
//! Dates and times are in UTC: core has no time zone database, so the recipient's time zone is
//! not applied (see docs/COMPATIBILITY.md). Messages are shown as written, not rendered from
//! Markdown.

use stoa_model::time::civil_from_days;
use stoa_store::BatchedEmailItem;

/// Text safe inside HTML elements and quoted attributes.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A message as HTML: escaped, line breaks kept.
fn message_html(s: &str) -> String {
    escape(s).replace("\r\n", "\n").replace('\n', "<br>\n")
}

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

const DAY_MS: i64 = 86_400_000;

/// `Month D, YYYY` of a time in milliseconds.
pub(super) fn date(ms: i64) -> String {
    let (y, m, d) = civil_from_days(ms.div_euclid(DAY_MS));
    let month = MONTHS[usize::try_from(m - 1).unwrap_or(0).min(11)];
    format!("{month} {d}, {y}")
}

/// `HH:MM UTC` of a time in milliseconds (Mattermost's default 24-hour clock).
pub(super) fn clock(ms: i64) -> String {
    let minutes = ms.div_euclid(60_000).rem_euclid(24 * 60);
    format!("{:02}:{:02} UTC", minutes / 60, minutes % 60)
}

/// The kind of channel a notification comes from, which picks the wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Direct,
    Group,
    Channel,
}

impl Kind {
    pub(super) fn of(channel_type: &str) -> Kind {
        match channel_type {
            "D" => Kind::Direct,
            "G" => Kind::Group,
            _ => Kind::Channel,
        }
    }
}

/// The mail about one post.
pub(super) struct Single<'a> {
    pub site_name: &'a str,
    pub site_url: &'a str,
    pub kind: Kind,
    pub sender: &'a str,
    /// The channel's display name (the sender's name for a direct message).
    pub channel_name: &'a str,
    /// The display name of the team the mail links into; empty when there is none.
    pub team_name: &'a str,
    /// `EmailSettings.UseChannelInEmailNotifications`.
    pub channel_in_subject: bool,
    /// `EmailNotificationContentsType` is `full`: the message is shown.
    pub full: bool,
    pub message: &'a str,
    pub post_at: i64,
    pub link: &'a str,
}

/// A rendered mail.
pub(super) struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The subject of the mail about one post.
fn subject(m: &Single<'_>) -> String {
    let (site, on) = (m.site_name, date(m.post_at));
    match m.kind {
        Kind::Direct => format!("[{site}] New Direct Message from {} on {on}", m.sender),
        Kind::Group if m.full => {
            format!("[{site}] New Group Message in {} on {on}", m.channel_name)
        }
        Kind::Group => format!("[{site}] New Group Message on {on}"),
        Kind::Channel if m.channel_in_subject => format!(
            "[{site}] Notification in {} ({}) on {on}",
            m.team_name, m.channel_name
        ),
        Kind::Channel => format!("[{site}] Notification in {} on {on}", m.team_name),
    }
}

/// Both versions share the closing lines.
fn footer(site_name: &str, site_url: &str) -> (String, String) {
    let text = format!(
        "Want to change your notifications settings? Login to {site_name} and go to \
         Settings > Notifications: {site_url}\n"
    );
    let html = format!(
        "<hr><p style=\"color:#72767e;font-size:12px\">Want to change your notifications \
         settings? <a href=\"{}\">Login to {}</a> and go to Settings &gt; Notifications</p>",
        escape(site_url),
        escape(site_name)
    );
    (text, html)
}

const HTML_START: &str = "<!DOCTYPE html>\n<html><body style=\"font-family:-apple-system,\
     'Segoe UI',Helvetica,Arial,sans-serif;color:#3f4350;line-height:1.5\">\n";
const HTML_END: &str = "</body></html>\n";

/// The mail about one post: Mattermost's `messages_notification` content.
pub(super) fn single(m: &Single<'_>) -> Rendered {
    let s = m.sender;
    let (title, subtitle) = match m.kind {
        Kind::Direct => (
            format!("{s} sent you a new message"),
            format!("While you were away, {s} sent you a new Direct Message."),
        ),
        Kind::Group => (
            format!("{s} sent you a new message"),
            format!("While you were away, {s} sent a message to your group."),
        ),
        Kind::Channel => (
            format!("{s} mentioned you in a message"),
            format!(
                "While you were away, {s} mentioned you in the {} channel.",
                m.channel_name
            ),
        ),
    };
    let button = format!("Reply in {}", m.site_name);
    let (foot_text, foot_html) = footer(m.site_name, m.site_url);

    let mut text = format!("{title}\n{subtitle}\n\n");
    let mut html = format!(
        "{HTML_START}<h2>{}</h2>\n<p>{}</p>\n",
        escape(&title),
        escape(&subtitle)
    );
    if m.full {
        let when = clock(m.post_at);
        let place = match m.kind {
            Kind::Channel => format!(" in {}", m.channel_name),
            _ => String::new(),
        };
        text.push_str(&format!("{s} - {when}{place}\n{}\n\n", m.message));
        html.push_str(&format!(
            "<div style=\"border-left:3px solid #d8d8d8;padding-left:12px;margin:16px 0\">\
             <p><strong>{}</strong> <span style=\"color:#72767e\">{}{}</span></p>\
             <p>{}</p></div>\n",
            escape(s),
            escape(&when),
            escape(&place),
            message_html(m.message)
        ));
    }
    text.push_str(&format!("{button}: {}\n\n{foot_text}", m.link));
    html.push_str(&format!(
        "<p><a href=\"{}\">{}</a></p>\n{foot_html}\n{HTML_END}",
        escape(m.link),
        escape(&button)
    ));
    Rendered {
        subject: subject(m),
        text,
        html,
    }
}

/// One mail for a user's batch (`api.email_batching.*`): the posts grouped by channel, each
/// channel where its first post falls, each post with its permalink.
pub(super) fn batch(
    site_name: &str,
    site_url: &str,
    items: &[BatchedEmailItem],
    full: bool,
) -> Rendered {
    let first_at = items.first().map_or(0, |i| i.post_at);
    let noun = if items.len() == 1 {
        "Notification"
    } else {
        "Notifications"
    };
    let subject = format!("[{site_name}] New {noun} for {}", date(first_at));
    let (title, subtitle) = (
        "You have new messages",
        "See below for a summary of your new messages.",
    );
    let mut text = format!("{title}\n{subtitle}\n");
    let mut html = format!("{HTML_START}<h2>{title}</h2>\n<p>{subtitle}</p>\n");

    let mut channels: Vec<&str> = Vec::new();
    for i in items {
        if !channels.contains(&i.channel_id.as_str()) {
            channels.push(&i.channel_id);
        }
    }
    for channel in channels {
        let posts: Vec<&BatchedEmailItem> =
            items.iter().filter(|i| i.channel_id == channel).collect();
        let name = posts.first().map_or("", |p| p.channel_name.as_str());
        text.push_str(&format!("\n{name}\n"));
        html.push_str(&format!(
            "<h3 style=\"margin-bottom:4px\">{}</h3>\n",
            escape(name)
        ));
        for p in posts {
            let when = clock(p.post_at);
            text.push_str(&format!("  {} - {when}\n", p.sender_name));
            html.push_str(&format!(
                "<div style=\"border-left:3px solid #d8d8d8;padding-left:12px;margin:8px 0\">\
                 <p><strong>{}</strong> <span style=\"color:#72767e\">{}</span></p>",
                escape(&p.sender_name),
                escape(&when)
            ));
            if full {
                for line in p.message.lines() {
                    text.push_str(&format!("  {line}\n"));
                }
                html.push_str(&format!("<p>{}</p>", message_html(&p.message)));
            }
            text.push_str(&format!("  View this message: {}\n", p.permalink));
            html.push_str(&format!(
                "<p><a href=\"{}\">View this message</a></p></div>\n",
                escape(&p.permalink)
            ));
        }
    }
    let button = format!("Open {site_name}");
    let (foot_text, foot_html) = footer(site_name, site_url);
    text.push_str(&format!("\n{button}: {site_url}\n\n{foot_text}"));
    html.push_str(&format!(
        "<p><a href=\"{}\">{}</a></p>\n{foot_html}\n{HTML_END}",
        escape(site_url),
        escape(&button)
    ));
    Rendered {
        subject,
        text,
        html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(full: bool) -> Single<'static> {
        Single {
            site_name: "Stoa",
            site_url: "https://chat.example.com",
            kind: Kind::Channel,
            sender: "@bob",
            channel_name: "Town <Square>",
            team_name: "Core Team",
            channel_in_subject: false,
            full,
            message: "hi @alice\n<script>alert(1)</script>",
            post_at: 1_700_000_000_000,
            link: "https://chat.example.com/core/pl/abc",
        }
    }

    #[test]
    fn dates_and_times_in_utc() {
        assert_eq!(date(1_700_000_000_000), "November 14, 2023");
        assert_eq!(clock(1_700_000_000_000), "22:13 UTC");
        assert_eq!(date(0), "January 1, 1970");
    }

    #[test]
    fn subjects_follow_mattermost() {
        let mut m = mention(true);
        assert_eq!(
            subject(&m),
            "[Stoa] Notification in Core Team on November 14, 2023"
        );
        m.channel_in_subject = true;
        assert_eq!(
            subject(&m),
            "[Stoa] Notification in Core Team (Town <Square>) on November 14, 2023"
        );
        m.kind = Kind::Direct;
        assert_eq!(
            subject(&m),
            "[Stoa] New Direct Message from @bob on November 14, 2023"
        );
        m.kind = Kind::Group;
        m.channel_name = "alice, bob, carol";
        assert_eq!(
            subject(&m),
            "[Stoa] New Group Message in alice, bob, carol on November 14, 2023"
        );
        m.full = false;
        assert_eq!(subject(&m), "[Stoa] New Group Message on November 14, 2023");
    }

    #[test]
    fn html_is_escaped_and_generic_hides_the_message() {
        let full = single(&mention(true));
        assert!(full.html.contains("&lt;script&gt;"), "{}", full.html);
        assert!(!full.html.contains("<script>"));
        assert!(full.html.contains("Town &lt;Square&gt;"));
        assert!(full.text.contains("<script>alert(1)</script>"));
        let generic = single(&mention(false));
        assert!(!generic.text.contains("hi @alice"));
        assert!(!generic.html.contains("hi @alice"));
        assert!(generic.text.contains("@bob mentioned you in a message"));
        assert!(
            generic
                .text
                .contains("https://chat.example.com/core/pl/abc")
        );
    }

    #[test]
    fn a_batch_groups_posts_by_channel() {
        let item = |post: &str, channel: &str, at: i64| BatchedEmailItem {
            id: post.into(),
            user_id: "u".into(),
            post_id: post.into(),
            post_at: at,
            team_id: "t".into(),
            channel_id: channel.into(),
            channel_name: format!("Channel {channel}"),
            sender_name: "@bob".into(),
            message: format!("message {post}"),
            permalink: format!("https://x/t/pl/{post}"),
        };
        let items = [item("p1", "a", 1), item("p2", "b", 2), item("p3", "a", 3)];
        let r = batch("Stoa", "https://x", &items, true);
        assert_eq!(r.subject, "[Stoa] New Notifications for January 1, 1970");
        let a = r.text.find("Channel a").expect("channel a");
        let (p1, p3) = (r.text.find("message p1"), r.text.find("message p3"));
        let b = r.text.find("Channel b").expect("channel b");
        assert!(a < p1.expect("p1") && p3.expect("p3") < b, "{}", r.text);
        assert_eq!(r.text.matches("Channel a").count(), 1);
        let one = batch("Stoa", "https://x", &items[..1], false);
        assert_eq!(one.subject, "[Stoa] New Notification for January 1, 1970");
        assert!(!one.text.contains("message p1"));
        assert!(one.text.contains("https://x/t/pl/p1"));
    }
}
