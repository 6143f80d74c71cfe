//! Name and field rules, as Mattermost's `model` package enforces them.

pub const USERNAME_MAX_LEN: usize = 64;
pub const USER_EMAIL_MAX_LEN: usize = 128;
pub const USER_NAME_PART_MAX_RUNES: usize = 64;
pub const USER_POSITION_MAX_RUNES: usize = 128;
/// bcrypt only reads 72 bytes; Mattermost refuses longer passwords and so do we.
pub const PASSWORD_MAX_LEN: usize = 72;
pub const USER_LOCALE_MAX_LEN: usize = 5;

pub const TEAM_NAME_MIN_LEN: usize = 2;
pub const TEAM_NAME_MAX_LEN: usize = 64;
pub const TEAM_DISPLAY_NAME_MAX_RUNES: usize = 64;
pub const TEAM_DESCRIPTION_MAX_RUNES: usize = 255;
pub const TEAM_COMPANY_NAME_MAX_RUNES: usize = 64;

pub const CHANNEL_NAME_MAX_LEN: usize = 64;
pub const CHANNEL_DISPLAY_NAME_MAX_RUNES: usize = 64;
pub const CHANNEL_HEADER_MAX_RUNES: usize = 1024;
pub const CHANNEL_PURPOSE_MAX_RUNES: usize = 250;

/// Usernames that would collide with mentions or system senders.
const RESTRICTED_USERNAMES: [&str; 4] = ["all", "channel", "matterbot", "system"];

/// Team names may not start with these: they are paths of the web app.
const RESERVED_TEAM_NAMES: [&str; 17] = [
    "admin",
    "api",
    "channel",
    "claim",
    "error",
    "files",
    "help",
    "landing",
    "login",
    "mfa",
    "oauth",
    "plug",
    "plugins",
    "post",
    "signup",
    "boards",
    "playbooks",
];

/// 1–64 characters of `[a-z0-9.-_]`, not a restricted word.
pub fn is_valid_username(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= USERNAME_MAX_LEN
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b".-_".contains(&b))
        && !RESTRICTED_USERNAMES.contains(&s)
}

/// A plain `local@domain` address without a display name or spaces, ≤ 128 chars.
pub fn is_valid_email(s: &str) -> bool {
    if s.is_empty() || s.len() > USER_EMAIL_MAX_LEN || s.chars().any(|c| c.is_whitespace()) {
        return false;
    }
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.contains(['<', '>', '(', ')', ',', ';', ':', '\\', '"', '[', ']'])
}

/// Mattermost's "alphanumeric with inner hyphens/underscores" format: starts and ends with
/// `[a-z0-9]`, at least two characters.
fn is_formatted_identifier(s: &str, inner_underscore: bool) -> bool {
    let bytes = s.as_bytes();
    let edge = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    bytes.len() >= 2
        && bytes.first().is_some_and(edge)
        && bytes.last().is_some_and(edge)
        && bytes
            .iter()
            .all(|b| edge(b) || *b == b'-' || (inner_underscore && *b == b'_'))
}

/// Channel URL names: `[a-z0-9_-]`, starting and ending with a letter or digit, ≤ 64.
pub fn is_valid_channel_name(s: &str) -> bool {
    s.len() <= CHANNEL_NAME_MAX_LEN && is_formatted_identifier(s, true)
}

/// Team URL names: 2–64 chars of `[a-z0-9-]` (no underscore), not starting with a reserved word.
pub fn is_valid_team_name(s: &str) -> bool {
    s.len() >= TEAM_NAME_MIN_LEN
        && s.len() <= TEAM_NAME_MAX_LEN
        && is_formatted_identifier(s, false)
        && !is_reserved_team_name(s)
}

pub fn is_reserved_team_name(s: &str) -> bool {
    RESERVED_TEAM_NAMES.iter().any(|r| s.starts_with(r))
}

/// Length in Unicode scalar values, which is what Mattermost's "runes" limits count.
pub fn rune_len(s: &str) -> usize {
    s.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        for ok in ["a", "alice", "bob.smith", "x-y_z", "42", &"a".repeat(64)] {
            assert!(is_valid_username(ok), "{ok} should be valid");
        }
        for bad in [
            "",
            "Alice",
            "al ice",
            "all",
            "channel",
            "system",
            "matterbot",
            "é",
            &"a".repeat(65),
            "a@b",
        ] {
            assert!(!is_valid_username(bad), "{bad} should be invalid");
        }
    }

    #[test]
    fn emails() {
        assert!(is_valid_email("alice@example.com"));
        assert!(is_valid_email("a+tag@sub.example.org"));
        for bad in [
            "",
            "alice",
            "@example.com",
            "alice@",
            "a b@example.com",
            "Alice <a@b.c>",
            "a@.com",
        ] {
            assert!(!is_valid_email(bad), "{bad} should be invalid");
        }
    }

    #[test]
    fn channel_names() {
        for ok in ["town-square", "off_topic", "a1", "ab", "x__y"] {
            assert!(is_valid_channel_name(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "-ab",
            "ab-",
            "_ab",
            "Ab",
            "a b",
            "a.b",
            &"a".repeat(65),
        ] {
            assert!(!is_valid_channel_name(bad), "{bad}");
        }
        let dm = format!("{}__{}", crate::new_id(), crate::new_id());
        assert!(is_valid_channel_name(&dm));
    }

    #[test]
    fn team_names() {
        for ok in ["team", "my-team", "t2", "apples"] {
            assert!(is_valid_team_name(ok), "{ok}");
        }
        for bad in [
            "a",
            "my_team",
            "-team",
            "Team",
            "admin",
            "administrators",
            "api",
            "signup2",
            &"a".repeat(65),
        ] {
            assert!(!is_valid_team_name(bad), "{bad}");
        }
    }
}
