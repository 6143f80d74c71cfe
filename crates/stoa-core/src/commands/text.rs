//! Pure text handling for commands: splitting the trigger off, `/echo`'s quoting and delay,
//! `/msg`'s target, and the Slack-compatible rewriting Mattermost applies to command output.

/// Splits `/Trigger rest` at the first whitespace character: the lowercased trigger (slash
/// included) and the text after that one character, as Mattermost's `ExecuteCommand`.
pub(super) fn split_command(command: &str) -> (String, &str) {
    match command.char_indices().find(|(_, c)| c.is_whitespace()) {
        Some((i, c)) => (command[..i].to_lowercase(), &command[i + c.len_utf8()..]),
        None => (command.to_lowercase(), ""),
    }
}

/// `/echo`'s argument: `"quoted text" 5` or `text 5` (a trailing integer is the delay in
/// seconds); anything else is the text itself with no delay.
pub(super) fn parse_echo(message: &str) -> (&str, i64) {
    if message.starts_with('"')
        && let Some(end) = message.rfind('"').filter(|&end| end > 1)
    {
        let delay = message[end..]
            .trim_matches(|c| c == ' ' || c == '"')
            .parse()
            .unwrap_or(0);
        return (&message[1..end], delay);
    }
    if let Some(idx) = message.rfind(' ')
        && let Ok(delay) = message[idx..].trim_matches(' ').parse::<i64>()
    {
        return (&message[..idx], delay);
    }
    (message, 0)
}

/// `/msg`'s argument: the username (without its `@`, lowercased) and the message after the
/// first space.
pub(super) fn parse_msg(message: &str) -> (String, &str) {
    let (target, text) = message.split_once(' ').unwrap_or((message, ""));
    let username = target.strip_prefix('@').unwrap_or(target);
    (username.to_lowercase(), text)
}

/// `<!channel>`, `<!here>` and `<!all>` become `@channel`, `@here` and `@all`.
pub(super) fn expand_announcements(text: &str) -> String {
    text.replace("<!channel>", "@channel")
        .replace("<!here>", "@here")
        .replace("<!all>", "@all")
}

/// The ids of Slack user references `<@id>` (ASCII letters and digits), each once.
pub(super) fn user_refs(text: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("<@") {
        let after = &rest[start + 2..];
        let len = after
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(after.len());
        if len > 0 && after[len..].starts_with('>') && !ids.iter().any(|i| i == &after[..len]) {
            ids.push(after[..len].to_owned());
        }
        rest = &after[len..];
    }
    ids
}

/// Slack links `<url|label>` become Markdown `[label](url)`: the URL holds none of `\n < | >`,
/// the label none of `| \n >`, and neither is empty.
pub(crate) fn slack_links_to_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match link_at(after) {
            Some((url, label, used)) => {
                out.push('[');
                out.push_str(label);
                out.push_str("](");
                out.push_str(url);
                out.push(')');
                rest = &after[used..];
            }
            None => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A link right after a `<`: its URL, its label and the bytes it spans (the closing `>`
/// included).
fn link_at(s: &str) -> Option<(&str, &str, usize)> {
    let url_end = s.find(['\n', '<', '|', '>'])?;
    if url_end == 0 || !s[url_end..].starts_with('|') {
        return None;
    }
    let label_start = url_end + 1;
    let label_len = s[label_start..].find(['|', '\n', '>'])?;
    let label_end = label_start + label_len;
    if label_len == 0 || !s[label_end..].starts_with('>') {
        return None;
    }
    Some((&s[..url_end], &s[label_start..label_end], label_end + 1))
}

/// At most `max` bytes of `s`, cut at a character boundary.
pub(super) fn truncate_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trigger_ends_at_the_first_whitespace() {
        assert_eq!(split_command("/ME waves"), ("/me".to_owned(), "waves"));
        assert_eq!(split_command("/me  two"), ("/me".to_owned(), " two"));
        assert_eq!(split_command("/me\nline"), ("/me".to_owned(), "line"));
        assert_eq!(split_command("/away"), ("/away".to_owned(), ""));
        assert_eq!(split_command("/shrug\u{a0}x"), ("/shrug".to_owned(), "x"));
    }

    #[test]
    fn echo_reads_quotes_and_a_trailing_delay() {
        assert_eq!(parse_echo("hello"), ("hello", 0));
        assert_eq!(parse_echo("hello world"), ("hello world", 0));
        assert_eq!(parse_echo("hello world 5"), ("hello world", 5));
        assert_eq!(parse_echo("\"hello 5\" 7"), ("hello 5", 7));
        assert_eq!(parse_echo("\"hello 5\""), ("hello 5", 0));
        assert_eq!(parse_echo("\"quoted\" soon"), ("quoted", 0));
        assert_eq!(parse_echo("\"\""), ("\"\"", 0));
        assert_eq!(parse_echo("count -3"), ("count", -3));
        assert_eq!(parse_echo("42"), ("42", 0));
    }

    #[test]
    fn msg_takes_the_user_then_the_text() {
        assert_eq!(parse_msg("@Bob hi there"), ("bob".to_owned(), "hi there"));
        assert_eq!(parse_msg("bob"), ("bob".to_owned(), ""));
        assert_eq!(parse_msg("@bob "), ("bob".to_owned(), ""));
    }

    #[test]
    fn slack_text_is_rewritten() {
        assert_eq!(
            expand_announcements("<!here> and <!channel>"),
            "@here and @channel"
        );
        assert_eq!(
            slack_links_to_markdown("see <http://a.b|the site> or <x> or <a|b|c>"),
            "see [the site](http://a.b) or <x> or <a|b|c>"
        );
        assert_eq!(slack_links_to_markdown("<<u|l>>"), "<[l](u)>");
        assert_eq!(slack_links_to_markdown("é <ü|ñ> é"), "é [ñ](ü) é");
        assert_eq!(
            user_refs("hi <@abc123> <@abc123> <@no-pe> <@x"),
            vec!["abc123"]
        );
    }

    #[test]
    fn truncation_keeps_characters_whole() {
        assert_eq!(truncate_bytes("héllo", 2), "h");
        assert_eq!(truncate_bytes("hello", 10), "hello");
    }
}
