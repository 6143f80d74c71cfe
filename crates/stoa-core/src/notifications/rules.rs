//! Who gets a push and who gets an email for a post: Mattermost's rules (`SendNotifications`,
//! `ShouldSendPushNotification`, `DoesStatusAllowPushNotification`, `userAllowsEmail` and the
//! collapsed-threads notifiers), as one pure function of the post and of each member's props,
//! status and thread state, so that the whole table can be tested without a server.

use std::collections::BTreeMap;

use stoa_model::StringMap;
use stoa_model::channel::{CHANNEL_DIRECT, CHANNEL_GROUP};

/// Why a member is notified, lowest priority first (Mattermost's `MentionType`): a member
/// mentioned two ways keeps the higher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mention {
    /// Any message of a group message.
    Group,
    /// A reply in a thread the member wrote in (`comments: any`, without collapsed threads).
    Thread,
    /// A reply to the member's own root post (`comments: root`, without collapsed threads).
    Comment,
    /// `@channel`, `@all` or `@here`.
    Channel,
    /// Any message of a direct message.
    Direct,
    /// `@username`, the first name or a mention key.
    Keyword,
}

impl Mention {
    /// Mattermost's "explicit" mention: anything but a group message's implicit one.
    pub fn explicit(self) -> bool {
        self > Mention::Group
    }
}

/// What a push says about why it was sent (the message text depends on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushReason {
    /// A message the member's settings ask to hear about without a mention.
    Activity,
    Mention(Mention),
    /// A reply in a followed thread, for a member with collapsed threads.
    FollowedThread,
}

/// The post, as the rules see it.
#[derive(Debug, Clone)]
pub struct PostFacts<'a> {
    pub channel_id: &'a str,
    pub channel_type: &'a str,
    pub sender_id: &'a str,
    pub root_id: &'a str,
    pub from_webhook: bool,
    pub is_system: bool,
    /// An automatic out-of-office answer.
    pub is_auto_responder: bool,
    /// `ServiceSettings.CollapsedThreads` is not `disabled`.
    pub crt_allowed: bool,
    pub send_push: bool,
    pub send_email: bool,
    /// `EmailSettings.RequireEmailVerification`.
    pub require_verified_email: bool,
    pub now: i64,
}

/// One channel member, as the rules see them.
#[derive(Debug, Clone)]
pub struct Member<'a> {
    pub user_id: &'a str,
    pub is_bot: bool,
    pub active: bool,
    pub email_verified: bool,
    pub user_props: &'a StringMap,
    pub channel_props: &'a StringMap,
    /// `online`, `away`, `offline`, `dnd` or `ooo`.
    pub status: &'a str,
    pub active_channel: &'a str,
    pub last_activity_at: i64,
    /// Collapsed threads are on for this member.
    pub crt: bool,
    /// The member follows the thread the post replies to.
    pub follows_thread: bool,
    /// Why the post mentions the member, if it does (the sender already removed).
    pub mention: Option<Mention>,
}

/// What one member gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub user_id: String,
    pub push: Option<PushReason>,
    pub email: bool,
}

/// How long after the last activity a viewed channel stops counting as open
/// (Mattermost's `StatusChannelTimeout`).
const ACTIVE_CHANNEL_MS: i64 = 20_000;

/// A notify prop, empty when unset.
pub(crate) fn prop<'a>(props: &'a StringMap, key: &str) -> &'a str {
    props.get(key).map(String::as_str).unwrap_or("")
}

/// Decides for every member; members who get nothing are left out.
pub fn decide(post: &PostFacts<'_>, members: &[Member<'_>]) -> Vec<Decision> {
    let mut out: BTreeMap<&str, Decision> = BTreeMap::new();
    let is_reply = !post.root_id.is_empty();
    let own_post = |m: &Member<'_>| m.user_id == post.sender_id && !post.from_webhook;

    // Collapsed-threads followers are told about replies through their thread settings.
    let mut crt_push: Vec<&str> = Vec::new();
    let mut crt_email: Vec<&str> = Vec::new();
    if post.crt_allowed && is_reply {
        for m in members
            .iter()
            .filter(|m| m.follows_thread && m.crt && !own_post(m))
        {
            let (push, email) = crt_follower(m);
            if push {
                crt_push.push(m.user_id);
            }
            if email {
                crt_email.push(m.user_id);
            }
        }
    }

    if post.send_email {
        for m in members {
            let wanted = m.mention.is_some() || crt_email.contains(&m.user_id);
            if !wanted || (post.require_verified_email && !m.email_verified) {
                continue;
            }
            if allows_email(post, m) {
                entry(&mut out, m.user_id).email = true;
            }
        }
    }

    if post.send_push {
        for m in members {
            if crt_push.contains(&m.user_id) {
                if status_allows_push(m, post) {
                    entry(&mut out, m.user_id).push = Some(PushReason::FollowedThread);
                }
                continue;
            }
            let reason = match m.mention {
                Some(kind) => PushReason::Mention(kind),
                None if wants_all_activity(post, m) => PushReason::Activity,
                None => continue,
            };
            let explicit = m.mention.is_some_and(Mention::explicit);
            if props_allow_push(post, m, explicit) && status_allows_push(m, post) {
                entry(&mut out, m.user_id).push = Some(reason);
            }
        }
    }
    out.into_values().collect()
}

fn entry<'k, 'm>(out: &'m mut BTreeMap<&'k str, Decision>, user_id: &'k str) -> &'m mut Decision {
    out.entry(user_id).or_insert_with(|| Decision {
        user_id: user_id.to_owned(),
        push: None,
        email: false,
    })
}

/// Members who asked for a push on every message (user or channel `push: all`), outside
/// direct messages; replies are for their thread settings when they use collapsed threads.
fn wants_all_activity(post: &PostFacts<'_>, m: &Member<'_>) -> bool {
    post.channel_type != CHANNEL_DIRECT
        && (prop(m.user_props, "push") == "all" || prop(m.channel_props, "push") == "all")
        && (m.user_id != post.sender_id || post.from_webhook)
        && !post.is_system
        && !collapsed_reply(post, m)
}

/// A reply, for a member who sees replies as collapsed threads (their thread settings apply).
fn collapsed_reply(post: &PostFacts<'_>, m: &Member<'_>) -> bool {
    m.crt && !post.root_id.is_empty()
}

/// Mattermost's `DoesNotifyPropsAllowPushNotification`.
fn props_allow_push(post: &PostFacts<'_>, m: &Member<'_>, explicit: bool) -> bool {
    let channel = match prop(m.channel_props, "push") {
        "" => "default",
        v => v,
    };
    let user = prop(m.user_props, "push");
    let level = if channel == "default" {
        if post.channel_type == CHANNEL_GROUP && user == "mention" {
            "all"
        } else {
            user
        }
    } else {
        channel
    };
    if prop(m.channel_props, "mark_unread") == "mention" || post.is_system {
        return false;
    }
    match level {
        "none" => false,
        "mention" => explicit,
        _ => true,
    }
}

/// Mattermost's `DoesStatusAllowPushNotification`: `push_status` says from which status on the
/// phone rings; do-not-disturb and out-of-office never ring it.
fn status_allows_push(m: &Member<'_>, post: &PostFacts<'_>) -> bool {
    if m.status == "dnd" || m.status == "ooo" {
        return false;
    }
    match m.user_props.get("push_status").map(String::as_str) {
        None | Some("online") => {
            m.active_channel != post.channel_id || post.now - m.last_activity_at > ACTIVE_CHANNEL_MS
        }
        Some("away") => m.status == "away" || m.status == "offline",
        Some("offline") => m.status == "offline",
        Some(_) => false,
    }
}

/// Mattermost's `userAllowsEmail`: the user's and the channel's email setting (the channel's
/// is ignored for replies under collapsed threads), not muted, not online or busy, not a bot.
fn allows_email(post: &PostFacts<'_>, m: &Member<'_>) -> bool {
    if m.is_bot || !m.active {
        return false;
    }
    let mut allowed = prop(m.user_props, "email") != "false";
    let channel = prop(m.channel_props, "email");
    if !channel.is_empty() && channel != "default" && !collapsed_reply(post, m) {
        allowed = channel != "false";
    }
    if prop(m.channel_props, "mark_unread") == "mention" {
        allowed = false;
    }
    let status_ok = m.status != "online" && m.status != "dnd";
    let auto_responder = m.status == "ooo" || post.is_auto_responder;
    allowed && status_ok && !auto_responder
}

/// Mattermost's `addFollowerToNotify` for push and email: (push, email).
fn crt_follower(m: &Member<'_>) -> (bool, bool) {
    let mentioned = m.mention.is_some();
    let user = m.user_props;
    let push = prop(user, "push");
    let user_push =
        push != "none" && (mentioned || prop(user, "push_threads") == "all" || push == "all");
    let email =
        prop(user, "email") == "true" && (mentioned || prop(user, "email_threads") == "all");
    let channel = m.channel_props;
    let channel_push_level = prop(channel, "push");
    let channel_push = channel_push_level != "default"
        && channel_push_level != "none"
        && !channel_push_level.is_empty()
        && (mentioned || prop(channel, "push_threads") == "all" || channel_push_level == "all");
    let push = (channel_push_level == "default" && user_push) || channel_push;
    (push, email)
}

#[cfg(test)]
mod tests {
    use super::*;
    use stoa_model::channel::CHANNEL_OPEN;

    fn props(pairs: &[(&str, &str)]) -> StringMap {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn user_defaults() -> StringMap {
        stoa_model::user::default_notify_props()
    }

    fn channel_defaults() -> StringMap {
        stoa_model::channel::default_member_notify_props()
    }

    fn post(channel_type: &'static str) -> PostFacts<'static> {
        PostFacts {
            channel_id: "c",
            channel_type,
            sender_id: "sender",
            root_id: "",
            from_webhook: false,
            is_system: false,
            is_auto_responder: false,
            crt_allowed: true,
            send_push: true,
            send_email: true,
            require_verified_email: false,
            now: 1_000_000,
        }
    }

    struct Case {
        name: &'static str,
        channel_type: &'static str,
        reply: bool,
        user: Vec<(&'static str, &'static str)>,
        channel: Vec<(&'static str, &'static str)>,
        status: &'static str,
        crt: bool,
        follows: bool,
        mention: Option<Mention>,
        push: Option<PushReason>,
        email: bool,
    }

    fn base(name: &'static str) -> Case {
        Case {
            name,
            channel_type: CHANNEL_OPEN,
            reply: false,
            user: vec![],
            channel: vec![],
            status: "offline",
            crt: false,
            follows: false,
            mention: None,
            push: None,
            email: false,
        }
    }

    fn run(c: &Case) -> (Option<PushReason>, bool) {
        let mut user = user_defaults();
        user.extend(props(&c.user));
        let mut channel = channel_defaults();
        channel.extend(props(&c.channel));
        let mut p = post(c.channel_type);
        if c.reply {
            p.root_id = "root";
        }
        let m = Member {
            user_id: "u",
            is_bot: false,
            active: true,
            email_verified: true,
            user_props: &user,
            channel_props: &channel,
            status: c.status,
            active_channel: "",
            last_activity_at: 0,
            crt: c.crt,
            follows_thread: c.follows,
            mention: c.mention,
        };
        match decide(&p, &[m]).pop() {
            Some(d) => (d.push, d.email),
            None => (None, false),
        }
    }

    #[test]
    fn the_rules_as_a_table() {
        use Mention::*;
        use PushReason::Mention as M;
        let cases = vec![
            Case {
                push: Some(M(Keyword)),
                email: true,
                mention: Some(Keyword),
                ..base("a mention, offline: push and email")
            },
            Case {
                push: Some(M(Keyword)),
                mention: Some(Keyword),
                status: "online",
                user: vec![("push_status", "online")],
                ..base("online with push_status online: push, no email")
            },
            Case {
                push: None,
                mention: Some(Keyword),
                status: "online",
                ..base("online with the default push_status away: nothing")
            },
            Case {
                push: None,
                mention: Some(Keyword),
                status: "online",
                user: vec![("push_status", "away")],
                ..base("push_status away while online: nothing")
            },
            Case {
                push: Some(M(Keyword)),
                email: true,
                mention: Some(Keyword),
                status: "away",
                user: vec![("push_status", "away")],
                ..base("push_status away while away: push")
            },
            Case {
                push: None,
                email: true,
                mention: Some(Keyword),
                status: "away",
                user: vec![("push_status", "offline")],
                ..base("push_status offline while away: email only")
            },
            Case {
                push: None,
                email: false,
                mention: Some(Keyword),
                status: "dnd",
                ..base("do not disturb: nothing")
            },
            Case {
                push: None,
                email: true,
                mention: Some(Keyword),
                user: vec![("push", "none")],
                ..base("push none: email only")
            },
            Case {
                push: Some(M(Keyword)),
                email: false,
                mention: Some(Keyword),
                user: vec![("email", "false")],
                ..base("email off: push only")
            },
            Case {
                push: Some(M(Keyword)),
                email: false,
                mention: Some(Keyword),
                channel: vec![("email", "false")],
                ..base("channel email off overrides")
            },
            Case {
                push: Some(M(Keyword)),
                email: true,
                mention: Some(Keyword),
                user: vec![("email", "false")],
                channel: vec![("email", "true")],
                ..base("channel email on overrides")
            },
            Case {
                push: None,
                email: false,
                mention: Some(Keyword),
                channel: vec![("mark_unread", "mention")],
                ..base("muted channel: nothing")
            },
            Case {
                push: None,
                email: true,
                mention: Some(Keyword),
                channel: vec![("push", "none")],
                ..base("channel push none")
            },
            Case {
                push: None,
                email: false,
                ..base("no mention, defaults: nothing")
            },
            Case {
                push: Some(PushReason::Activity),
                user: vec![("push", "all")],
                ..base("push all: every message")
            },
            Case {
                push: Some(PushReason::Activity),
                channel: vec![("push", "all")],
                ..base("channel push all")
            },
            Case {
                push: None,
                user: vec![("push", "all")],
                status: "dnd",
                ..base("push all but busy")
            },
            Case {
                push: Some(M(Channel)),
                email: true,
                mention: Some(Channel),
                ..base("@channel reaches the phone")
            },
            Case {
                push: Some(M(Direct)),
                email: true,
                mention: Some(Direct),
                channel_type: CHANNEL_DIRECT,
                ..base("direct message")
            },
            Case {
                push: Some(M(Group)),
                email: true,
                mention: Some(Group),
                channel_type: CHANNEL_GROUP,
                ..base("group message: push mention counts as all")
            },
            Case {
                push: None,
                email: true,
                mention: Some(Group),
                channel_type: CHANNEL_GROUP,
                channel: vec![("push", "mention")],
                ..base("group message, channel push mention: no push")
            },
            Case {
                push: Some(M(Comment)),
                email: true,
                mention: Some(Comment),
                reply: true,
                ..base("reply to own root without collapsed threads")
            },
            Case {
                push: Some(PushReason::FollowedThread),
                email: true,
                reply: true,
                crt: true,
                follows: true,
                ..base("followed thread, collapsed threads, thread settings all")
            },
            Case {
                push: None,
                email: false,
                reply: true,
                crt: true,
                follows: true,
                user: vec![("push_threads", "mention"), ("email_threads", "mention")],
                ..base("followed thread, only mentions wanted")
            },
            Case {
                push: Some(PushReason::FollowedThread),
                email: true,
                reply: true,
                crt: true,
                follows: true,
                mention: Some(Keyword),
                user: vec![("push_threads", "mention"), ("email_threads", "mention")],
                ..base("followed thread with a mention")
            },
            Case {
                push: None,
                email: false,
                reply: true,
                crt: true,
                follows: false,
                user: vec![("push", "all")],
                ..base("not following, collapsed threads: push all does not reach replies")
            },
            Case {
                push: None,
                email: false,
                reply: true,
                crt: true,
                follows: true,
                status: "dnd",
                user: vec![("email", "false")],
                ..base("followed thread while busy")
            },
        ];
        for c in &cases {
            assert_eq!(run(c), (c.push, c.email), "{}", c.name);
        }
    }

    #[test]
    fn the_sender_and_bots_and_system_messages() {
        let user = user_defaults();
        let channel = channel_defaults();
        let member = |id: &'static str, is_bot: bool, mention: Option<Mention>| Member {
            user_id: id,
            is_bot,
            active: true,
            email_verified: false,
            user_props: &user,
            channel_props: &channel,
            status: "offline",
            active_channel: "",
            last_activity_at: 0,
            crt: false,
            follows_thread: false,
            mention,
        };
        let mut p = post(CHANNEL_OPEN);
        let all = [
            member("bot", true, Some(Mention::Keyword)),
            member("u", false, Some(Mention::Keyword)),
        ];
        let got = decide(&p, &all);
        assert_eq!(got.len(), 2);
        assert!(!got[0].email && got[0].push.is_some(), "bots get no email");
        p.require_verified_email = true;
        assert!(decide(&p, &all).iter().all(|d| !d.email), "unverified");
        p.is_system = true;
        p.require_verified_email = false;
        assert!(
            decide(&p, &all).iter().all(|d| d.push.is_none()),
            "system messages never push"
        );
        p.is_system = false;
        p.send_push = false;
        p.send_email = false;
        assert!(decide(&p, &all).is_empty(), "both off");
    }

    #[test]
    fn an_open_channel_on_screen_does_not_ring_the_phone() {
        let mut user = user_defaults();
        user.insert("push_status".into(), "online".into());
        let channel = channel_defaults();
        let p = post(CHANNEL_OPEN);
        let m = Member {
            user_id: "u",
            is_bot: false,
            active: true,
            email_verified: true,
            user_props: &user,
            channel_props: &channel,
            status: "online",
            active_channel: "c",
            last_activity_at: p.now - 1_000,
            crt: false,
            follows_thread: false,
            mention: Some(Mention::Keyword),
        };
        assert!(decide(&p, std::slice::from_ref(&m)).is_empty());
        let idle = Member {
            last_activity_at: p.now - 60_000,
            ..m
        };
        assert_eq!(decide(&p, &[idle]).len(), 1);
    }
}
