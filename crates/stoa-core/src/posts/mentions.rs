//! Who a message mentions: `@username`, `@channel`/`@all`/`@here`, and each member's own
//! mention keys (first name when enabled, custom keys from `mention_keys`), as Mattermost's
//! `getExplicitMentions` reads them.

use std::collections::BTreeSet;
use stoa_store::MentionCandidate;

use super::text::without_code;

/// What a message mentions among a channel's members.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Mentions {
    /// Members mentioned by name or by one of their keys.
    pub users: BTreeSet<String>,
    /// `@channel` or `@all` was used.
    pub channel: bool,
    /// `@here` was used.
    pub here: bool,
}

/// The words of a message as Mattermost splits them: runs of letters, digits and `.-_:@`.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '@')))
        .filter(|w| !w.is_empty())
}

/// A word and the forms left after trimming trailing punctuation one character at a time
/// ("@alice." also tries "@alice").
fn trimmed_forms(word: &str) -> Vec<&str> {
    let mut forms = vec![word];
    let mut w = word;
    while let Some(stripped) = w.strip_suffix(['.', '-', '_', ':']) {
        if stripped.is_empty() {
            break;
        }
        forms.push(stripped);
        w = stripped;
    }
    forms
}

/// Finds the mentions of `message` among `members` (the sender included; the caller drops them).
pub fn parse(message: &str, members: &[MentionCandidate]) -> Mentions {
    let text = without_code(message);
    let mut out = Mentions::default();
    // Custom keys can be phrases; check them on the whole lower-cased text.
    let lower_text = text.to_lowercase();
    for m in members {
        for key in custom_keys(m) {
            if contains_word(&lower_text, &key) {
                out.users.insert(m.user_id.clone());
            }
        }
    }
    for word in words(&text) {
        for form in trimmed_forms(word) {
            let lower = form.to_lowercase();
            match lower.as_str() {
                "@channel" | "@all" => {
                    out.channel = true;
                    break;
                }
                "@here" => {
                    out.here = true;
                    break;
                }
                _ => {}
            }
            if let Some(name) = lower.strip_prefix('@')
                && let Some(m) = members.iter().find(|m| m.username == name)
            {
                out.users.insert(m.user_id.clone());
                break;
            }
            // First names are matched case-sensitively, as Mattermost does.
            if let Some(m) = members
                .iter()
                .find(|m| first_name_key(m).is_some_and(|k| k == form))
            {
                out.users.insert(m.user_id.clone());
                break;
            }
        }
    }
    out
}

fn first_name_key(m: &MentionCandidate) -> Option<&str> {
    (m.user_notify_props.get("first_name").map(String::as_str) == Some("true")
        && !m.first_name.is_empty())
    .then_some(m.first_name.as_str())
}

/// The member's custom keys from `mention_keys` (comma-separated, case-insensitive).
fn custom_keys(m: &MentionCandidate) -> Vec<String> {
    m.user_notify_props
        .get("mention_keys")
        .map(|keys| {
            keys.split(',')
                .map(|k| k.trim().to_lowercase())
                .filter(|k| !k.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Whether `key` appears in `text` as a whole word (not inside a longer word).
fn contains_word(text: &str, key: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(key).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + key.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

/// Properties for any message and any members (the mention parser's fuzz target).
#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    fn member() -> impl Strategy<Value = MentionCandidate> {
        (
            "[a-z][a-z0-9._-]{0,12}",
            "[A-Za-zéİ]{0,8}",
            any::<bool>(),
            "[a-zA-Z ,é]{0,20}",
        )
            .prop_map(|(username, first, by_first_name, keys)| MentionCandidate {
                user_id: format!("id-{username}"),
                username,
                first_name: first,
                active: true,
                user_notify_props: [
                    ("first_name".to_owned(), by_first_name.to_string()),
                    ("mention_keys".to_owned(), keys),
                ]
                .into_iter()
                .collect(),
                ..Default::default()
            })
    }

    /// Text around a mention: anything but what starts code.
    fn filler() -> impl Strategy<Value = String> {
        "[^`~]{0,40}"
    }

    proptest! {
        /// Any message against any members: only members are mentioned.
        #[test]
        fn only_members_are_mentioned(m in any::<String>(), members in prop::collection::vec(member(), 0..6)) {
            let found = parse(&m, &members);
            for id in &found.users {
                prop_assert!(members.iter().any(|c| &c.user_id == id));
            }
        }

        /// `@username` as a word mentions its member, in any case, whatever text is around it.
        #[test]
        fn an_at_username_word_mentions(
            members in prop::collection::vec(member(), 1..6),
            pick in any::<prop::sample::Index>(),
            before in filler(),
            after in filler(),
            upper in any::<bool>(),
        ) {
            let m = pick.get(&members);
            prop_assume!(!matches!(m.username.as_str(), "channel" | "all" | "here"));
            let name = if upper { m.username.to_uppercase() } else { m.username.clone() };
            let found = parse(&format!("{before} @{name} {after}"), &members);
            prop_assert!(found.users.contains(&m.user_id), "{found:?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, username: &str, first: &str, notify: &[(&str, &str)]) -> MentionCandidate {
        MentionCandidate {
            user_id: id.into(),
            username: username.into(),
            first_name: first.into(),
            active: true,
            user_notify_props: notify
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        }
    }

    fn members() -> Vec<MentionCandidate> {
        vec![
            member("a", "alice", "Alice", &[("first_name", "true")]),
            member(
                "b",
                "bob.smith",
                "Bob",
                &[("mention_keys", "deploy, on call")],
            ),
            member("c", "carol", "Carol", &[]),
        ]
    }

    fn users(m: &Mentions) -> Vec<&str> {
        m.users.iter().map(String::as_str).collect()
    }

    #[test]
    fn usernames_with_trailing_punctuation() {
        let m = parse(
            "hey @alice, and @bob.smith. and @carol: and @nobody",
            &members(),
        );
        assert_eq!(users(&m), ["a", "b", "c"]);
        assert!(!m.channel && !m.here);
    }

    #[test]
    fn case_of_usernames_does_not_matter() {
        assert_eq!(users(&parse("@ALICE hi", &members())), ["a"]);
    }

    #[test]
    fn channel_all_here() {
        let m = parse("@channel please", &members());
        assert!(m.channel && !m.here);
        assert!(parse("ping @all!", &members()).channel);
        assert!(parse("@here.", &members()).here);
    }

    #[test]
    fn first_names_only_when_enabled_and_case_sensitive() {
        assert_eq!(users(&parse("Alice, look", &members())), ["a"]);
        assert!(parse("alice, look", &members()).users.is_empty());
        assert!(
            parse("Carol, look", &members()).users.is_empty(),
            "carol did not enable first-name mentions"
        );
    }

    #[test]
    fn custom_keys_are_whole_words_any_case() {
        assert_eq!(users(&parse("Who is ON CALL tonight?", &members())), ["b"]);
        assert_eq!(users(&parse("time to Deploy", &members())), ["b"]);
        assert!(parse("redeployment done", &members()).users.is_empty());
    }

    #[test]
    fn code_does_not_mention() {
        assert!(
            parse("`@alice` and\n```\n@channel\n```", &members())
                .users
                .is_empty()
        );
        assert!(!parse("```\n@channel\n```", &members()).channel);
    }

    #[test]
    fn emails_are_not_mentions() {
        assert!(
            parse("write to alice@example.com", &members())
                .users
                .is_empty()
        );
    }
}
