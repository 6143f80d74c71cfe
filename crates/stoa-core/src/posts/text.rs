//! What the server reads out of a message's text: hashtags, and the text with code removed
//! (mentions and hashtags inside code do not count).

/// Removes code: spans between matching runs of backticks (inline code, and fenced blocks,
/// which are runs of three or more) and `~~~` fenced blocks. A run without a match is text.
pub fn without_code(message: &str) -> String {
    let tilde_free = without_tilde_fences(message);
    let chars: Vec<char> = tilde_free.chars().collect();
    let mut out = String::with_capacity(tilde_free.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '`' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let run = chars[i..].iter().take_while(|c| **c == '`').count();
        match find_run(&chars, i + run, run) {
            Some(close) => {
                // Keep line breaks so words on either side stay apart.
                out.push(' ');
                i = close + run;
            }
            None => {
                out.extend(std::iter::repeat_n('`', run));
                i += run;
            }
        }
    }
    out
}

/// The start of the next run of exactly `len` backticks at or after `from`.
fn find_run(chars: &[char], from: usize, len: usize) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        if chars[j] == '`' {
            let run = chars[j..].iter().take_while(|c| **c == '`').count();
            if run == len {
                return Some(j);
            }
            j += run;
        } else {
            j += 1;
        }
    }
    None
}

fn without_tilde_fences(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut in_fence = false;
    for line in message.split_inclusive('\n') {
        if line.trim_start().starts_with("~~~") {
            in_fence = !in_fence;
            out.push('\n');
        } else if in_fence {
            out.push('\n');
        } else {
            out.push_str(line);
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
    for word in text.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ',' | ';' | '(' | ')' | '[' | ']' | '!' | '?' | '"' | '\''
            )
    }) {
        let Some(rest) = word.strip_prefix('#') else {
            continue;
        };
        let tag = rest.trim_end_matches(['.', '-', '_', ':']);
        let mut chars = tag.chars();
        let starts_with_letter = chars.next().is_some_and(char::is_alphabetic);
        let valid_rest = tag
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
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

/// Properties for any message (the Markdown part of the mention parser's fuzz target).
#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    /// Messages heavy in what the parsers look for: backtick runs, fences, hashes.
    fn markdown() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            "`{1,4}",
            Just("~~~".to_owned()),
            Just("\n".to_owned()),
            "#[a-zA-Zé0-9_.:-]{0,8}",
            "[ a-z@.,]{1,6}",
            any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..40).prop_map(|p| p.concat())
    }

    proptest! {
        /// Removing code never adds text: each span becomes one space, each fenced line a
        /// line break.
        #[test]
        fn code_removal_only_shrinks(m in prop_oneof![any::<String>(), markdown()]) {
            prop_assert!(without_code(&m).chars().count() <= m.chars().count());
        }

        /// Hashtags are `#`-words of the message, distinct, within Mattermost's 1000 characters.
        #[test]
        fn hashtags_are_bounded_words_of_the_message(m in prop_oneof![any::<String>(), markdown()]) {
            let tags = hashtags(&m);
            prop_assert!(tags.len() <= 1000);
            for t in tags.split(' ').filter(|t| !t.is_empty()) {
                prop_assert!(t.starts_with('#') && t.chars().count() >= 3 && m.contains(t), "{t:?}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashtags_follow_mattermost_rules() {
        assert_eq!(
            hashtags("#release shipped, see #incident-42."),
            "#release #incident-42"
        );
        assert_eq!(hashtags("#a #1abc #ok #Ok"), "#ok");
        assert_eq!(hashtags("no tags here # nor#this"), "");
        assert_eq!(hashtags("`#code` ```\n#block\n```\n#real"), "#real");
    }

    #[test]
    fn code_is_removed() {
        assert_eq!(without_code("a `b` c"), "a   c");
        assert!(!without_code("x\n```\n@alice\n```\ny").contains("@alice"));
        assert!(!without_code("`#x` ```\n#neither\n``` #yes").contains("#neither"));
        assert!(!without_code("~~~\n@bob\n~~~\n").contains("@bob"));
        assert_eq!(without_code("a ` lone tick"), "a ` lone tick");
        assert_eq!(without_code("``double `inner` span`` after"), "  after");
    }
}
