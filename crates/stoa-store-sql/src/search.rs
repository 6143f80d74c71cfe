//! Full-text search over the terms `stoa_store::search` makes: FTS5 on SQLite, a `tsvector`
//! with a GIN index on PostgreSQL. Both index the same terms and are asked the same clauses, so
//! they give the same answers; only the spelling of the index and of the query differs.

use crate::db::{Arg, RowExt, Sql};
use crate::dialect::Backend;
use crate::posts;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use stoa_model::file::FileInfo;
use stoa_model::post::Post;
use stoa_store::search::{SearchDocument, TextClause, TextQuery, name_document, post_document};
use stoa_store::{FileSearchQuery, PostSearchQuery, SearchStore, StoreResult};

/// The index columns of a post, for `INSERT` (column list and values, each starting with
/// `, `) and `UPDATE` (assignments).
pub(crate) struct PostIndexColumns {
    pub insert_columns: &'static str,
    pub insert_values: String,
    pub assignments: String,
}

/// Binds a post's document into `sql` and returns the SQL that writes it.
pub(crate) fn post_index_columns(backend: Backend, post: &Post, sql: &mut Sql) -> PostIndexColumns {
    let doc = post_document(post);
    match backend {
        Backend::Sqlite => {
            let stems = sql.arg(doc.stems.join(" "));
            let words = sql.arg(
                doc.words
                    .iter()
                    .map(|(_, w)| w.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            PostIndexColumns {
                insert_columns: ", search_seq, search_stems, search_words",
                // Writes are serialised on SQLite (one writer), so MAX + 1 cannot race.
                insert_values: format!(
                    ", (SELECT COALESCE(MAX(search_seq), 0) + 1 FROM posts), {stems}, {words}"
                ),
                assignments: format!("search_stems = {stems}, search_words = {words}"),
            }
        }
        Backend::Postgres => {
            let vector = sql.arg(Arg::OptText(tsvector(&doc)));
            PostIndexColumns {
                insert_columns: ", search_vector",
                insert_values: format!(", CAST({vector} AS tsvector)"),
                assignments: format!("search_vector = CAST({vector} AS tsvector)"),
            }
        }
    }
}

/// A file name's terms, space-delimited on both sides for `LIKE '% term %'`.
pub(crate) fn file_terms(name: &str) -> String {
    let doc = name_document(name);
    let mut out = String::from(" ");
    for t in doc.stems.iter().chain(doc.words.iter().map(|(_, w)| w)) {
        out.push_str(t);
        out.push(' ');
    }
    out
}

/// Most positions PostgreSQL keeps per lexeme, and the highest position it stores.
const PG_MAX_POSITIONS: usize = 255;
const PG_MAX_POSITION: usize = 16383;

/// The tsvector literal of a document: `'run':1 'running':1B 'fast':2`; `None` when empty.
fn tsvector(doc: &SearchDocument) -> Option<String> {
    if doc.stems.is_empty() {
        return None;
    }
    let mut lexemes: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (i, stem) in doc.stems.iter().enumerate().take(PG_MAX_POSITION) {
        lexemes.entry(stem).or_default().push((i + 1).to_string());
    }
    for (i, word) in &doc.words {
        if *i < PG_MAX_POSITION {
            lexemes.entry(word).or_default().push(format!("{}B", i + 1));
        }
    }
    let mut out = String::new();
    for (lexeme, positions) in lexemes {
        if !out.is_empty() {
            out.push(' ');
        }
        let _ = write!(out, "{}:", quote(lexeme, '\''));
        let kept = &positions[..positions.len().min(PG_MAX_POSITIONS)];
        out.push_str(&kept.join(","));
    }
    Some(out)
}

/// `'…'` or `"…"` with the quote (and, for tsquery/tsvector, backslash) escaped.
fn quote(term: &str, q: char) -> String {
    let mut out = String::with_capacity(term.len() + 2);
    out.push(q);
    for c in term.chars() {
        if c == q {
            out.push(q);
        } else if c == '\\' && q == '\'' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push(q);
    out
}

/// An FTS5 query expression for one clause.
fn fts5_clause(c: &TextClause) -> String {
    match c {
        TextClause::Term(t) => format!("search_stems : {}", quote(t, '"')),
        TextClause::Phrase(ts) => format!("search_stems : {}", quote(&ts.join(" "), '"')),
        TextClause::Prefix(p) => format!("{{search_stems search_words}} : {} *", quote(p, '"')),
    }
}

/// A tsquery expression for one clause (stems have weight D, words as written B).
fn tsquery_clause(c: &TextClause) -> String {
    match c {
        TextClause::Term(t) => format!("{}:D", quote(t, '\'')),
        TextClause::Phrase(ts) => {
            let parts: Vec<String> = ts.iter().map(|t| format!("{}:D", quote(t, '\''))).collect();
            format!("({})", parts.join(" <-> "))
        }
        TextClause::Prefix(p) => format!("{}:*", quote(p, '\'')),
    }
}

fn join(clauses: &[TextClause], op: &str, one: fn(&TextClause) -> String) -> String {
    let parts: Vec<String> = clauses.iter().map(|c| format!("({})", one(c))).collect();
    parts.join(op)
}

/// The search condition on `p` (a post or file row alias) for a text query; for SQLite posts
/// it is the FTS5 join instead (see [`search_posts`]).
fn tsquery(q: &TextQuery) -> String {
    let op = if q.any { " | " } else { " & " };
    let positive = join(&q.clauses, op, tsquery_clause);
    let negative = join(&q.excluded, " | ", tsquery_clause);
    match (positive.is_empty(), negative.is_empty()) {
        (false, true) => positive,
        (false, false) => format!("({positive}) & !({negative})"),
        (true, _) => format!("!({negative})"),
    }
}

/// FTS5 expressions: what must match, and what must not (FTS5's `NOT` needs a left side).
fn fts5(q: &TextQuery) -> (String, String) {
    let op = if q.any { " OR " } else { " AND " };
    (
        join(&q.clauses, op, fts5_clause),
        join(&q.excluded, " OR ", fts5_clause),
    )
}

/// `AND col IN (…)` / `AND col NOT IN (…)` for non-empty lists.
fn push_in(sql: &mut Sql, col: &str, values: &[String], negate: bool) {
    if values.is_empty() {
        return;
    }
    let list = sql.in_list(values);
    let not = if negate { "NOT " } else { "" };
    sql.push(&format!(" AND {col} {not}IN {list}"));
}

fn push_range(sql: &mut Sql, col: &str, from: i64, to: i64, excluded: Option<(i64, i64)>) {
    if from > 0 {
        let v = sql.arg(from);
        sql.push(&format!(" AND {col} >= {v}"));
    }
    if to > 0 {
        let v = sql.arg(to);
        sql.push(&format!(" AND {col} <= {v}"));
    }
    if let Some((a, b)) = excluded {
        let (a, b) = (sql.arg(a), sql.arg(b));
        sql.push(&format!(" AND NOT ({col} >= {a} AND {col} <= {b})"));
    }
}

/// `LIKE` conditions of a file query's clauses on `search_terms`.
fn file_text_condition(sql: &mut Sql, backend: Backend, q: &TextQuery) {
    let like = backend.ilike();
    let one = |sql: &mut Sql, c: &TextClause| -> String {
        let pattern = match c {
            TextClause::Term(t) => format!(" {} ", escape_like(t)),
            TextClause::Phrase(ts) => format!(" {} ", escape_like(&ts.join(" "))),
            TextClause::Prefix(p) => format!(" {}", escape_like(p)),
        };
        let v = sql.arg(format!("%{pattern}%"));
        format!("f.search_terms {like} {v} ESCAPE '\\'")
    };
    if !q.clauses.is_empty() {
        let parts: Vec<String> = q.clauses.iter().map(|c| one(sql, c)).collect();
        let op = if q.any { " OR " } else { " AND " };
        sql.push(&format!(" AND ({})", parts.join(op)));
    }
    for c in &q.excluded {
        let cond = one(sql, c);
        sql.push(&format!(" AND NOT ({cond})"));
    }
}

fn escape_like(term: &str) -> String {
    term.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[async_trait::async_trait]
impl SearchStore for crate::SqlStore {
    async fn search_posts(&self, q: &PostSearchQuery) -> StoreResult<Vec<Post>> {
        let backend = self.db().backend;
        let mut sql = Sql::new(posts::COLUMNS);
        let (positive, negative) = fts5(&q.text);
        // SQLite: walk the FTS index newest first and stop at the page's end; the posts table is
        // joined by key. (CROSS JOIN keeps SQLite from reordering the loop.)
        let fts_driven = backend == Backend::Sqlite && !positive.is_empty();
        if fts_driven {
            sql.push(" FROM posts_fts CROSS JOIN posts p ON p.search_seq = posts_fts.rowid");
        } else {
            sql.push(" FROM posts p");
        }
        sql.push(posts::THREAD_JOIN);
        sql.push(
            " WHERE p.delete_at = 0 AND p.original_id = '' AND p.type NOT LIKE 'system\\_%' ESCAPE '\\'",
        );
        push_in(&mut sql, "p.channel_id", &q.channel_ids, false);
        push_in(&mut sql, "p.channel_id", &q.excluded_channel_ids, true);
        push_in(&mut sql, "p.user_id", &q.user_ids, false);
        push_in(&mut sql, "p.user_id", &q.excluded_user_ids, true);
        push_range(
            &mut sql,
            "p.create_at",
            q.from_ms,
            q.to_ms,
            q.excluded_range,
        );
        match backend {
            Backend::Sqlite => {
                if fts_driven {
                    let m = if negative.is_empty() {
                        sql.arg(positive)
                    } else {
                        sql.arg(format!("({positive}) NOT ({negative})"))
                    };
                    sql.push(&format!(" AND posts_fts MATCH {m}"));
                } else if !negative.is_empty() {
                    let m = sql.arg(negative);
                    sql.push(&format!(
                        " AND p.search_seq NOT IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH {m})"
                    ));
                }
            }
            Backend::Postgres => {
                if !q.text.is_empty() {
                    let t = sql.arg(tsquery(&q.text));
                    sql.push(&format!(" AND p.search_vector @@ CAST({t} AS tsquery)"));
                }
            }
        }
        let (limit, offset) = (sql.arg(q.limit), sql.arg(q.offset));
        // Newest first: by time (the indexes on channel, user and time serve it), or, on
        // SQLite's index walk, by storage order, which is the same for every post Stoa writes.
        if fts_driven {
            sql.push(&format!(
                " ORDER BY posts_fts.rowid DESC LIMIT {limit} OFFSET {offset}"
            ));
        } else {
            sql.push(&format!(
                " ORDER BY p.create_at DESC, p.search_seq DESC LIMIT {limit} OFFSET {offset}"
            ));
        }
        posts::all(self.db().fetch_all(sql.one_off()).await?)
    }

    async fn search_files(&self, q: &FileSearchQuery) -> StoreResult<Vec<FileInfo>> {
        let backend = self.db().backend;
        let mut sql = Sql::new(&format!("{} f", crate::files::SELECT));
        sql.push(" WHERE f.delete_at = 0 AND f.post_id <> ''");
        push_in(&mut sql, "f.channel_id", &q.channel_ids, false);
        push_in(&mut sql, "f.channel_id", &q.excluded_channel_ids, true);
        push_in(&mut sql, "f.creator_id", &q.user_ids, false);
        push_in(&mut sql, "f.creator_id", &q.excluded_user_ids, true);
        push_in(&mut sql, "LOWER(f.extension)", &q.extensions, false);
        push_in(&mut sql, "LOWER(f.extension)", &q.excluded_extensions, true);
        push_range(
            &mut sql,
            "f.create_at",
            q.from_ms,
            q.to_ms,
            q.excluded_range,
        );
        file_text_condition(&mut sql, backend, &q.text);
        let (limit, offset) = (sql.arg(q.limit), sql.arg(q.offset));
        sql.push(&format!(
            " ORDER BY f.create_at DESC, f.id DESC LIMIT {limit} OFFSET {offset}"
        ));
        crate::files::all(self.db().fetch_all(sql.one_off()).await?)
    }

    async fn reindex_posts(&self, after: &str, limit: i64) -> StoreResult<Option<(String, u64)>> {
        let rows = self
            .db()
            .fetch_all(
                Sql::new(&format!(
                    "{} WHERE p.id > $1 ORDER BY p.id LIMIT $2",
                    posts::SELECT
                ))
                .bind(after)
                .bind(limit),
            )
            .await?;
        let batch = posts::all(rows)?;
        let Some(last) = batch.last().map(|p| p.id.clone()) else {
            return Ok(None);
        };
        let backend = self.db().backend;
        for post in &batch {
            let mut sql = Sql::new("");
            let id = sql.arg(&post.id);
            let cols = post_index_columns(backend, post, &mut sql);
            sql.push(&format!(
                "UPDATE posts SET {} WHERE id = {id}",
                cols.assignments
            ));
            self.db().execute(sql).await?;
        }
        let mut sql = Sql::new("SELECT id, name FROM file_infos WHERE post_id IN ");
        let list = sql.in_list(&batch.iter().map(|p| p.id.clone()).collect::<Vec<_>>());
        sql.push(&list);
        let files = self.db().fetch_all(sql).await?;
        for f in files {
            let sql = Sql::new("UPDATE file_infos SET search_terms = $2 WHERE id = $1")
                .bind(f.text("id")?)
                .bind(file_terms(&f.text("name")?));
            self.db().execute(sql).await?;
        }
        Ok(Some((last, batch.len() as u64)))
    }

    async fn rebuild_search_index(&self) -> StoreResult<()> {
        if self.db().backend == Backend::Sqlite {
            self.db()
                .execute(Sql::new(
                    "INSERT INTO posts_fts (posts_fts) VALUES ('rebuild')",
                ))
                .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsvector_literals() {
        let doc = SearchDocument {
            stems: vec!["run".into(), "fast".into(), "run".into()],
            words: vec![(0, "running".into())],
        };
        assert_eq!(
            tsvector(&doc).as_deref(),
            Some("'fast':2 'run':1,3 'running':1B")
        );
        assert_eq!(tsvector(&SearchDocument::default()), None);
    }

    #[test]
    fn query_spellings() {
        let q = TextQuery {
            clauses: vec![
                TextClause::Term("deploy".into()),
                TextClause::Phrase(vec!["releas".into(), "note".into()]),
                TextClause::Prefix("stag".into()),
            ],
            any: false,
            excluded: vec![TextClause::Term("prod".into())],
        };
        assert_eq!(
            tsquery(&q),
            "(('deploy':D) & (('releas':D <-> 'note':D)) & ('stag':*)) & !(('prod':D))"
        );
        let (pos, neg) = fts5(&q);
        assert_eq!(
            pos,
            "(search_stems : \"deploy\") AND (search_stems : \"releas note\") AND ({search_stems search_words} : \"stag\" *)"
        );
        assert_eq!(neg, "(search_stems : \"prod\")");
        assert_eq!(quote("a'b", '\''), "'a''b'");
        assert_eq!(quote("a\"b", '"'), "\"a\"\"b\"");
    }
}
