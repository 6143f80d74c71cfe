-- Full-text search. Each post carries its index terms, made by stoa-store's analyser (the same
-- terms on both databases): `search_stems` (stems in text order, so phrases match) and
-- `search_words` (words whose stem differs, as written, for prefix queries). Triggers mirror
-- them into an FTS5 index in the same transaction as the post's write, so a post can never
-- drop out of search. `search_seq` orders results (insertion order, newest first) and keys the
-- index: unlike SQLite's implicit rowid it survives VACUUM.
ALTER TABLE posts ADD COLUMN search_seq INTEGER;
ALTER TABLE posts ADD COLUMN search_stems TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN search_words TEXT NOT NULL DEFAULT '';
UPDATE posts SET search_seq = rowid;
CREATE UNIQUE INDEX posts_search_seq ON posts (search_seq);

CREATE VIRTUAL TABLE posts_fts USING fts5(
    search_stems, search_words,
    content = 'posts', content_rowid = 'search_seq',
    tokenize = "unicode61 remove_diacritics 0 tokenchars '#'",
    -- Prefix indexes: `dep*` reads one entry instead of merging every word starting with it.
    prefix = '2 3 4'
);
CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts WHEN new.search_stems <> '' BEGIN
    INSERT INTO posts_fts (rowid, search_stems, search_words)
    VALUES (new.search_seq, new.search_stems, new.search_words);
END;
CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts WHEN old.search_stems <> '' BEGIN
    INSERT INTO posts_fts (posts_fts, rowid, search_stems, search_words)
    VALUES ('delete', old.search_seq, old.search_stems, old.search_words);
END;
-- Only real changes touch the index: deleting terms FTS5 does not hold would damage it.
CREATE TRIGGER posts_fts_update AFTER UPDATE OF search_stems, search_words ON posts
WHEN old.search_stems <> new.search_stems OR old.search_words <> new.search_words BEGIN
    INSERT INTO posts_fts (posts_fts, rowid, search_stems, search_words)
    SELECT 'delete', old.search_seq, old.search_stems, old.search_words WHERE old.search_stems <> '';
    INSERT INTO posts_fts (rowid, search_stems, search_words)
    SELECT new.search_seq, new.search_stems, new.search_words WHERE new.search_stems <> '';
END;

-- File names as terms, space-delimited (' releas note pdf '), matched with LIKE: files are few
-- next to posts, and LIKE answers the same on both databases.
ALTER TABLE file_infos ADD COLUMN search_terms TEXT NOT NULL DEFAULT '';
