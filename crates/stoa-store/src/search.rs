//! Full-text search: how text becomes index terms, and the queries every backend answers.
//!
//! Both databases index the same terms, made here rather than by the database's own parser, so
//! that SQLite (FTS5) and PostgreSQL (`tsvector`) give the same answers for the same posts:
//!
//! - Words are runs of letters and digits, lower-cased; English words (ASCII letters) are
//!   reduced to their Snowball stem, so `deployed` finds `deploy`. A word whose stem differs is
//!   also kept as written, for prefix queries (`runn*` finds `running`, whose stem is `run`).
//! - Text without spaces (Chinese, Japanese, Korean) is cut into overlapping pairs of
//!   characters (`東京都` → `東京 京都`), as Lucene's CJK analyser does; a CJK word in a query
//!   becomes the phrase of its pairs, so it is found inside a sentence.
//! - Hashtags are terms of their own (`#incident`), beside the word (`incident`).

use crate::StoreResult;
use stoa_model::post::Post;

/// A post's index terms: the stem stream (positions count, so phrases work) and the words kept
/// as written where they differ from their stem.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchDocument {
    pub stems: Vec<String>,
    /// `(position in stems, word as written)`.
    pub words: Vec<(usize, String)>,
}

/// Longest word indexed (longer runs are noise: hashes, base64).
const MAX_WORD_CHARS: usize = 64;
/// Most terms indexed per post (a 16,383-character message has fewer words than this).
const MAX_TERMS: usize = 8192;

/// The document of a post: nothing for system messages and earlier versions of edited posts,
/// which search never returns.
pub fn post_document(post: &Post) -> SearchDocument {
    if post.is_system() || !post.original_id.is_empty() {
        return SearchDocument::default();
    }
    let mut doc = SearchDocument::default();
    for token in tokens(&post.message) {
        if doc.stems.len() >= MAX_TERMS {
            break;
        }
        push_token(&mut doc, token);
    }
    for tag in post.hashtags.split_whitespace() {
        if let Some(term) = hashtag_term(tag)
            && doc.stems.len() < MAX_TERMS
        {
            doc.stems.push(term);
        }
    }
    doc
}

/// The document of a file name (`release-notes_v2.pdf` → `releas note v2 pdf`).
pub fn name_document(name: &str) -> SearchDocument {
    let mut doc = SearchDocument::default();
    for token in tokens(name) {
        push_token(&mut doc, token);
    }
    doc
}

/// A hashtag's index term: `#` and its letters and digits, lower-cased (`#v2.0` → `#v20`), so
/// that no index tokenizer splits it.
fn hashtag_term(tag: &str) -> Option<String> {
    let body: String = tag
        .trim_start_matches('#')
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    (!body.is_empty()).then(|| format!("#{body}"))
}

fn push_token(doc: &mut SearchDocument, token: Token) {
    match token {
        Token::Word(w) => {
            let stem = stem(&w);
            if stem != w {
                doc.words.push((doc.stems.len(), w));
            }
            doc.stems.push(stem);
        }
        Token::Cjk(run) => doc.stems.extend(cjk_pairs(&run)),
    }
}

/// One clause of a text query, in index terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextClause {
    /// A stem.
    Term(String),
    /// Stems in a row.
    Phrase(Vec<String>),
    /// A stem or a word as written starting with this.
    Prefix(String),
}

/// A text query: clauses that must (or, with `any`, may) match, and clauses that must not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextQuery {
    pub clauses: Vec<TextClause>,
    /// OR the clauses instead of AND-ing them (`is_or_search`).
    pub any: bool,
    pub excluded: Vec<TextClause>,
}

impl TextQuery {
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty() && self.excluded.is_empty()
    }
}

/// The clause a query word (or quoted phrase) stands for; `None` if it has no letters or
/// digits. A trailing `*` makes a prefix query.
pub fn query_clause(text: &str, phrase: bool) -> Option<TextClause> {
    let (text, prefix) = match text.strip_suffix('*') {
        Some(t) if !phrase => (t.trim_end_matches('*'), true),
        _ => (text, false),
    };
    if !phrase
        && text.starts_with('#')
        && let Some(term) = hashtag_term(text)
    {
        return Some(TextClause::Term(term));
    }
    let mut stems = Vec::new();
    let mut last_word = None;
    for token in tokens(text) {
        match token {
            Token::Word(w) => {
                stems.push(stem(&w));
                last_word = Some(w);
            }
            Token::Cjk(run) => {
                stems.extend(cjk_pairs(&run));
                last_word = None;
            }
        }
    }
    if prefix && let Some(word) = last_word {
        // The prefix as typed; earlier words of `a-b*` must still match in a row, which an index
        // of single terms cannot say exactly: the prefix alone is what Mattermost's database
        // search matches too.
        return Some(TextClause::Prefix(word));
    }
    match stems.len() {
        0 => None,
        1 => stems.pop().map(TextClause::Term),
        _ => Some(TextClause::Phrase(stems)),
    }
}

/// The query terms a post's text contains, as they are written in it, for highlighting.
pub fn matched_words(message: &str, query: &TextQuery) -> Vec<String> {
    let mut wanted_stems = Vec::new();
    let mut prefixes = Vec::new();
    for c in &query.clauses {
        match c {
            TextClause::Term(t) => wanted_stems.push(t.as_str()),
            TextClause::Phrase(ts) => wanted_stems.extend(ts.iter().map(String::as_str)),
            TextClause::Prefix(p) => prefixes.push(p.as_str()),
        }
    }
    let mut out: Vec<String> = Vec::new();
    let mut add = |w: &str| {
        if !out.iter().any(|o| o == w) {
            out.push(w.to_owned());
        }
    };
    for (written, token) in spans(message) {
        match token {
            Token::Word(w) => {
                let s = stem(&w);
                if wanted_stems.contains(&s.as_str())
                    || prefixes
                        .iter()
                        .any(|p| w.starts_with(p) || s.starts_with(p))
                {
                    add(written);
                }
            }
            Token::Cjk(run) => {
                let pairs = cjk_pairs(&run);
                if pairs.iter().any(|p| wanted_stems.contains(&p.as_str()))
                    || prefixes.iter().any(|p| run.contains(p))
                {
                    add(written);
                }
            }
        }
    }
    for c in &query.clauses {
        if let TextClause::Term(t) = c
            && t.starts_with('#')
        {
            add(t);
        }
    }
    out
}

/// What a post search asks the store for. Core has resolved names to ids and checked which
/// channels the user may read.
#[derive(Debug, Clone, Default)]
pub struct PostSearchQuery {
    pub text: TextQuery,
    /// Only these channels (never empty: no readable channel means no search).
    pub channel_ids: Vec<String>,
    pub excluded_channel_ids: Vec<String>,
    /// Only posts by these users (empty: anyone).
    pub user_ids: Vec<String>,
    pub excluded_user_ids: Vec<String>,
    /// `create_at` bounds, inclusive; 0 for none.
    pub from_ms: i64,
    pub to_ms: i64,
    /// Excluded `create_at` range (`-on:`), inclusive.
    pub excluded_range: Option<(i64, i64)>,
    pub offset: i64,
    pub limit: i64,
}

/// What a file search asks the store for.
#[derive(Debug, Clone, Default)]
pub struct FileSearchQuery {
    pub text: TextQuery,
    pub channel_ids: Vec<String>,
    pub excluded_channel_ids: Vec<String>,
    pub user_ids: Vec<String>,
    pub excluded_user_ids: Vec<String>,
    /// Lower-case extensions without the dot.
    pub extensions: Vec<String>,
    pub excluded_extensions: Vec<String>,
    pub from_ms: i64,
    pub to_ms: i64,
    pub excluded_range: Option<(i64, i64)>,
    pub offset: i64,
    pub limit: i64,
}

/// Searching, and keeping the index whole.
#[async_trait::async_trait]
pub trait SearchStore {
    /// Live, non-system posts matching the query, newest first.
    async fn search_posts(&self, query: &PostSearchQuery) -> StoreResult<Vec<Post>>;
    /// Live files matching the query, newest first.
    async fn search_files(
        &self,
        query: &FileSearchQuery,
    ) -> StoreResult<Vec<stoa_model::file::FileInfo>>;
    /// Recomputes the index terms of up to `limit` posts after the post id `after` (in id
    /// order), returning the last id done and how many, or `None` when there were no more.
    async fn reindex_posts(&self, after: &str, limit: i64) -> StoreResult<Option<(String, u64)>>;
    /// Rebuilds what the database derives from the stored terms (SQLite's FTS5 table; a no-op
    /// where the index is a plain column index).
    async fn rebuild_search_index(&self) -> StoreResult<()>;
}

/// The version of the terms this build makes; a database whose index was made by another
/// (older) version is reindexed at start.
pub const ANALYZER_VERSION: &str = "1";
/// The `systems` key holding the version the index was built with.
pub const INDEX_VERSION_KEY: &str = "SearchIndexVersion";

/// Recomputes every post's terms and rebuilds the index (`stoa reindex-search`, and at start
/// when the index is missing or older). Returns the number of posts done.
pub async fn reindex_all(store: &dyn crate::Repos) -> StoreResult<u64> {
    const BATCH: i64 = 500;
    // First the index from the stored terms (it may be lost while the terms are right), then
    // the terms, whose changes the index follows.
    store.rebuild_search_index().await?;
    let mut after = String::new();
    let mut done = 0u64;
    while let Some((last, n)) = store.reindex_posts(&after, BATCH).await? {
        after = last;
        done += n;
    }
    store
        .set_system(INDEX_VERSION_KEY, ANALYZER_VERSION)
        .await?;
    Ok(done)
}

/// Reindexes unless the index was built by this version.
pub async fn ensure_index(store: &dyn crate::Repos) -> StoreResult<Option<u64>> {
    if store.get_system(INDEX_VERSION_KEY).await?.as_deref() == Some(ANALYZER_VERSION) {
        return Ok(None);
    }
    reindex_all(store).await.map(Some)
}

/// A run of text: a word, or a run of CJK characters.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Cjk(String),
}

fn tokens(text: &str) -> impl Iterator<Item = Token> + '_ {
    spans(text).map(|(_, t)| t)
}

/// Tokens with the text they were made from.
fn spans(text: &str) -> impl Iterator<Item = (&str, Token)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        loop {
            let (start, c) = chars.next()?;
            if !c.is_alphanumeric() {
                continue;
            }
            let cjk = is_cjk(c);
            let mut end = start + c.len_utf8();
            while let Some(&(i, n)) = chars.peek() {
                if !n.is_alphanumeric() || is_cjk(n) != cjk {
                    break;
                }
                end = i + n.len_utf8();
                chars.next();
            }
            let written = &text[start..end];
            if cjk {
                return Some((written, Token::Cjk(written.to_owned())));
            }
            if written.chars().count() > MAX_WORD_CHARS {
                continue;
            }
            return Some((written, Token::Word(written.to_lowercase())));
        }
    })
}

/// Scripts written without spaces between words.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x31F0..=0x31FF    // Katakana extensions
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFF9F    // half-width Katakana
        | 0x20000..=0x2FA1F  // CJK extensions B–F, compatibility supplement
    )
}

/// Overlapping pairs of characters; a single character stands alone.
fn cjk_pairs(run: &str) -> Vec<String> {
    let chars: Vec<char> = run.chars().collect();
    if chars.len() < 2 {
        return vec![run.to_owned()];
    }
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

/// The English Snowball stem of an ASCII word; other words as they are.
fn stem(word: &str) -> String {
    if word.len() < 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_owned();
    }
    thread_local! {
        static STEMMER: rust_stemmers::Stemmer =
            rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    }
    STEMMER.with(|s| s.stem(word).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(message: &str, hashtags: &str) -> Post {
        Post {
            message: message.to_owned(),
            hashtags: hashtags.to_owned(),
            ..Default::default()
        }
    }

    #[test]
    fn english_words_are_stemmed_and_kept_as_written() {
        let d = post_document(&post("Deployed the RUNNING builds, v2.1!", ""));
        assert_eq!(d.stems, ["deploy", "the", "run", "build", "v2", "1"]);
        assert_eq!(
            d.words,
            [
                (0, "deployed".to_owned()),
                (2, "running".to_owned()),
                (3, "builds".to_owned())
            ]
        );
    }

    #[test]
    fn cjk_text_becomes_pairs() {
        let d = post_document(&post("会議は東京都で", ""));
        assert_eq!(d.stems, ["会議", "議は", "は東", "東京", "京都", "都で"]);
        assert_eq!(
            query_clause("東京都", false),
            Some(TextClause::Phrase(vec!["東京".into(), "京都".into()]))
        );
        assert_eq!(
            query_clause("東", false),
            Some(TextClause::Term("東".into()))
        );
        // Mixed text splits where the script changes.
        assert_eq!(
            post_document(&post("Stoa是聊天", "")).stems,
            ["stoa", "是聊", "聊天"]
        );
    }

    #[test]
    fn hashtags_are_their_own_terms() {
        let d = post_document(&post("see #Incident", "#Incident"));
        assert_eq!(d.stems, ["see", "incid", "#incident"]);
        assert_eq!(
            query_clause("#incident", false),
            Some(TextClause::Term("#incident".into()))
        );
    }

    #[test]
    fn query_words() {
        assert_eq!(
            query_clause("deploying", false),
            Some(TextClause::Term("deploy".into()))
        );
        assert_eq!(
            query_clause("release notes", true),
            Some(TextClause::Phrase(vec!["releas".into(), "note".into()]))
        );
        assert_eq!(
            query_clause("runn*", false),
            Some(TextClause::Prefix("runn".into()))
        );
        assert_eq!(
            query_clause("well-known", false),
            Some(TextClause::Phrase(vec!["well".into(), "known".into()]))
        );
        assert_eq!(query_clause("***", false), None);
        assert_eq!(query_clause("--", false), None);
    }

    #[test]
    fn system_messages_and_old_versions_are_not_indexed() {
        let mut p = post("joined the channel", "");
        p.post_type = "system_join_channel".into();
        assert!(post_document(&p).stems.is_empty());
        let mut p = post("old text", "");
        p.original_id = "x".into();
        assert!(post_document(&p).stems.is_empty());
    }

    #[test]
    fn highlights_are_the_words_as_written() {
        let q = TextQuery {
            clauses: vec![
                TextClause::Term("deploy".into()),
                TextClause::Prefix("stag".into()),
            ],
            ..Default::default()
        };
        assert_eq!(
            matched_words("Deployed to Staging, then deploys.", &q),
            ["Deployed", "Staging", "deploys"]
        );
    }

    #[test]
    fn file_names() {
        assert_eq!(
            name_document("Release-Notes_v2.PDF").stems,
            ["releas", "note", "v2", "pdf"]
        );
    }
}
