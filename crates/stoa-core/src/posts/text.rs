//! What the server reads out of a message's text: hashtags, and the text with code removed
//! (mentions and hashtags inside code do not count).

/// Removes fenced code blocks (```…```) and inline code spans (`…`).
pub fn without_code(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut in_fence = false;
    for line in message.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            out.push('\n');
            continue;
        }
        if in_fence {
            out.push('\n');
            continue;
        }
        // Inline code: drop text between backtick pairs.
        let mut in_tick = false;
        for c in line.chars() {
            if c == '`' {
                in_tick = !in_tick;
                out.push(' ');
            } else if !in_tick {
                out.push(c);
            }
        }
    }
    out
}

/// Space-separated `#tags` of a message, as Mattermost's `ParseHashtags`: a tag starts with a
/// letter, continues with letters, digits, `_`, `-` or `.`, is at least 3 characters long with
/// the `#`, and loses trailing punctuation. At most 1000 characters in all.
pub fn hashtags(message: &str) -> String {
    let text = without_code(message);
    let mut tags: Vec<String> = Vec::new();
    for word in text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '[' | ']' | '!' | '?' | '"' | '\'')) {
        let Some(rest) = word.strip_prefix('#') else { continue };
        let tag = rest.trim_end_matches(['.', '-', '_', ':']);
        let mut chars = tag.chars();
        let starts_with_letter = chars.next().is_some_and(char::is_alphabetic);
        let valid_rest = tag.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if starts_with_letter && valid_rest && tag.chars().count() >= 2 {
            let tag = format!("#{tag}");
            if !tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
                tags.push(tag);
            }
        }
    }
    let mut out = String::new();
    for t in tags {
        if out.len() + t.len() + 1 > 1000 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&t);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashtags_follow_mattermost_rules() {
        assert_eq!(hashtags("#release shipped, see #incident-42."), "#release #incident-42");
        assert_eq!(hashtags("#a #1abc #ok #Ok"), "#ok");
        assert_eq!(hashtags("no tags here # nor#this"), "");
        assert_eq!(hashtags("`#code` ```\n#block\n```\n#real"), "#real");
    }

    #[test]
    fn code_is_removed() {
        assert_eq!(without_code("a `b` c").trim(), "a     c".trim());
        assert!(!without_code("x\n```\n@alice\n```\ny").contains("@alice"));
    }
}
