//! Mattermost's search syntax: words, `"phrases"`, `-excluded`, `prefix*`, `#hashtags` and the
//! flags `from:`, `in:`/`channel:`, `before:`, `after:`, `on:`, `ext:` (each also negated with
//! `-`, and with its value either attached or in the next word), split as Mattermost's
//! `ParseSearchParams` splits them.

/// A word or quoted phrase of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Without quotes, `-` or surrounding punctuation; a trailing `*` kept.
    pub text: String,
    pub phrase: bool,
    pub exclude: bool,
}

/// The query split into its parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Terms {
    pub words: Vec<Word>,
    pub from: Vec<String>,
    pub excluded_from: Vec<String>,
    pub in_channels: Vec<String>,
    pub excluded_channels: Vec<String>,
    pub after: Option<String>,
    pub excluded_after: Option<String>,
    pub before: Option<String>,
    pub excluded_before: Option<String>,
    pub on: Option<String>,
    pub excluded_on: Option<String>,
    pub extensions: Vec<String>,
    pub excluded_extensions: Vec<String>,
}

impl Terms {
    /// Whether anything at all is asked (words or a flag).
    pub fn is_empty(&self) -> bool {
        *self == Terms::default()
    }
}

const FLAGS: [&str; 7] = ["from", "channel", "in", "before", "after", "on", "ext"];

pub fn parse(text: &str) -> Terms {
    let mut terms = Terms::default();
    let input = split_words(text);
    let mut i = 0;
    while i < input.len() {
        let word = &input[i];
        i += 1;
        if let Some((name, value, exclude)) = flag(word) {
            let value = if value.is_empty() {
                match input.get(i) {
                    Some(next) => {
                        i += 1;
                        next.clone()
                    }
                    // `from:` with nothing after it is an ordinary word.
                    None => {
                        push_word(&mut terms, word);
                        continue;
                    }
                }
            } else {
                value.to_owned()
            };
            let (list, single) = match (name, exclude) {
                ("from", false) => (Some(&mut terms.from), None),
                ("from", true) => (Some(&mut terms.excluded_from), None),
                ("in" | "channel", false) => (Some(&mut terms.in_channels), None),
                ("in" | "channel", true) => (Some(&mut terms.excluded_channels), None),
                ("ext", false) => (Some(&mut terms.extensions), None),
                ("ext", true) => (Some(&mut terms.excluded_extensions), None),
                ("after", false) => (None, Some(&mut terms.after)),
                ("after", true) => (None, Some(&mut terms.excluded_after)),
                ("before", false) => (None, Some(&mut terms.before)),
                ("before", true) => (None, Some(&mut terms.excluded_before)),
                ("on", false) => (None, Some(&mut terms.on)),
                _ => (None, Some(&mut terms.excluded_on)),
            };
            if let Some(list) = list {
                list.push(value);
            } else if let Some(single) = single {
                *single = Some(value);
            }
            continue;
        }
        push_word(&mut terms, word);
    }
    terms
}

/// `name:value` or `-name:value` for a known flag name (any case).
fn flag(word: &str) -> Option<(&'static str, &str, bool)> {
    let colon = word.find(':')?;
    let (name, exclude) = match word.strip_prefix('-') {
        Some(rest) => (&rest[..colon - 1], true),
        None => (&word[..colon], false),
    };
    let known = FLAGS.iter().find(|f| f.eq_ignore_ascii_case(name))?;
    Some((known, &word[colon + 1..], exclude))
}

fn push_word(terms: &mut Terms, raw: &str) {
    let exclude = raw.starts_with('-');
    let trimmed = raw
        .trim_start_matches(|c: char| {
            !(c.is_alphanumeric() || c.is_whitespace() || c == '#' || c == '"')
        })
        .trim_end_matches(|c: char| {
            !(c.is_alphanumeric() || c.is_whitespace() || c == '*' || c == '"')
        });
    // `##tag` is `#tag`.
    let hashes = trimmed.len() - trimmed.trim_start_matches('#').len();
    let trimmed = if hashes > 1 {
        &trimmed[hashes - 1..]
    } else {
        trimmed
    };
    let (text, phrase) = match trimmed.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) => (inner.trim(), true),
        None => (trimmed.trim_matches('"'), false),
    };
    if text.is_empty() {
        return;
    }
    terms.words.push(Word {
        text: text.to_owned(),
        phrase,
        exclude,
    });
}

/// Whitespace-separated words, a quoted section (with a `-` right before it) being one word.
fn split_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut in_quote = false;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c != '"' {
            continue;
        }
        if in_quote {
            words.push(text[start..=i].to_owned());
            in_quote = false;
            start = i + 1;
        } else {
            let quote_start = if text[..i].ends_with('-') { i - 1 } else { i };
            words.extend(
                text[start..quote_start]
                    .split_whitespace()
                    .map(str::to_owned),
            );
            in_quote = true;
            start = quote_start;
        }
    }
    words.extend(text[start..].split_whitespace().map(str::to_owned));
    words
}

/// Milliseconds of the start of a `YYYY-MM-DD` day (single-digit parts allowed) in a zone
/// `offset_seconds` east of UTC. Years have at most four digits, as in Mattermost's
/// `2006-01-02` layout; an offset that would overflow (the client sends any integer) finds no
/// day, and the answer is kept far enough from the ends of `i64` that callers may add a day.
pub fn start_of_day_ms(date: &str, offset_seconds: i64) -> Option<i64> {
    let mut parts = date.split('-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    if parts.next().is_some()
        || !(0..=9999).contains(&year)
        || !(1..=12).contains(&month)
        || day == 0
        || day > 31
    {
        return None;
    }
    let start = (days_from_civil(year, month, day) * DAY_MS)
        .checked_sub(offset_seconds.checked_mul(1000)?)?;
    (start.checked_abs()? < i64::MAX / 2).then_some(start)
}

pub const DAY_MS: i64 = 86_400_000;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Properties of the parser for any input (the fuzz target of the search query parser, run by
/// proptest; `PROPTEST_CASES` sets how many, `scripts/fuzz.sh` runs many).
#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    /// Queries built from the syntax's pieces, so that flags, quotes and negations meet.
    fn query() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            "[a-zA-Z0-9éß漢字İΣ]{1,12}",
            Just("\"".to_owned()),
            Just("-".to_owned()),
            Just("#".to_owned()),
            Just("*".to_owned()),
            Just(" ".to_owned()),
            "(from|in|channel|on|after|before|ext|FROM|-in|-on):",
            "[0-9]{1,20}-[0-9]{1,3}-[0-9]{1,3}",
            any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..24).prop_map(|p| p.concat())
    }

    fn check(text: &str) {
        let t = parse(text);
        for w in &t.words {
            assert!(!w.text.is_empty() && text.contains(&w.text), "{w:?}");
        }
        let lists = [
            &t.from,
            &t.excluded_from,
            &t.in_channels,
            &t.excluded_channels,
        ];
        let singles = [
            &t.after,
            &t.before,
            &t.on,
            &t.excluded_after,
            &t.excluded_before,
        ];
        let values = lists
            .into_iter()
            .flatten()
            .chain(singles.into_iter().flatten())
            .chain(&t.extensions);
        for v in values {
            assert!(!v.is_empty() && text.contains(v.as_str()), "{v:?}");
        }
    }

    proptest! {
        #[test]
        fn any_text_parses_into_words_taken_from_it(text in any::<String>()) {
            check(&text);
        }

        #[test]
        fn any_query_parses_into_words_taken_from_it(text in query()) {
            check(&text);
        }

        /// Whatever the date and the client's time zone offset, a day's start is found or not,
        /// never by overflowing, and a day can be added to it.
        #[test]
        fn days_never_overflow(date in "[0-9+-]{0,24}|[0-9]{1,20}-[0-9]{1,3}-[0-9]{1,3}", offset in any::<i64>()) {
            if let Some(start) = start_of_day_ms(&date, offset) {
                prop_assert!(start.checked_add(DAY_MS).is_some() && start.checked_sub(DAY_MS).is_some());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str, phrase: bool, exclude: bool) -> Word {
        Word {
            text: text.into(),
            phrase,
            exclude,
        }
    }

    #[test]
    fn the_example_from_the_issue() {
        let t =
            parse("deploy from:alice in:ops after:2026-01-01 -staging \"release notes\" #incident");
        assert_eq!(
            t.words,
            [
                w("deploy", false, false),
                w("staging", false, true),
                w("release notes", true, false),
                w("#incident", false, false),
            ]
        );
        assert_eq!(t.from, ["alice"]);
        assert_eq!(t.in_channels, ["ops"]);
        assert_eq!(t.after.as_deref(), Some("2026-01-01"));
    }

    #[test]
    fn flags_take_the_next_word_and_negate() {
        let t =
            parse("FROM: bob -in:random channel:dev -\"not this\" -from:carol on:2026-3-4 ext:PDF");
        assert_eq!(t.from, ["bob"]);
        assert_eq!(t.excluded_from, ["carol"]);
        assert_eq!(t.in_channels, ["dev"]);
        assert_eq!(t.excluded_channels, ["random"]);
        assert_eq!(t.on.as_deref(), Some("2026-3-4"));
        assert_eq!(t.extensions, ["PDF"]);
        assert_eq!(t.words, [w("not this", true, true)]);
        // A flag with nothing after it is a word; unknown flags are words.
        let t = parse("todo: from:");
        assert_eq!(t.words, [w("todo", false, false), w("from", false, false)]);
    }

    #[test]
    fn punctuation_is_trimmed_but_wildcards_and_hashtags_stay() {
        let t = parse("@alice (deploy*) ##tag, ...");
        assert_eq!(
            t.words,
            [
                w("alice", false, false),
                w("deploy*", false, false),
                w("#tag", false, false)
            ]
        );
        assert!(parse("   ").is_empty());
    }

    #[test]
    fn days_in_a_time_zone() {
        assert_eq!(start_of_day_ms("1970-01-01", 0), Some(0));
        assert_eq!(start_of_day_ms("2026-01-01", 0), Some(1_767_225_600_000));
        // UTC+2: the day starts two hours earlier in UTC.
        assert_eq!(
            start_of_day_ms("2026-01-01", 7200),
            Some(1_767_225_600_000 - 7_200_000)
        );
        assert_eq!(
            start_of_day_ms("2024-3-1", 0),
            start_of_day_ms("2024-03-01", 0)
        );
        assert_eq!(start_of_day_ms("2026-13-01", 0), None);
        assert_eq!(start_of_day_ms("yesterday", 0), None);
    }
}
