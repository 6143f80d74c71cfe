-- Full-text search. Each post carries its index terms, made by stoa-store's analyser (the same
-- terms as on SQLite) as a tsvector written with the post: stems at their text positions
-- (weight D, so phrases match) and, at the same positions, words whose stem differs as written
-- (weight B, for prefix queries). PostgreSQL's own parser never sees the text. Results are
-- newest first by `create_at`, then `search_seq` (storage order, as SQLite's index walk);
-- the time index lets a common word stop at the page's end.
ALTER TABLE posts ADD COLUMN search_seq BIGSERIAL;
ALTER TABLE posts ADD COLUMN search_vector TSVECTOR;
CREATE INDEX posts_create_at_search_seq ON posts (create_at, search_seq);
CREATE INDEX posts_search_vector ON posts USING GIN (search_vector);

-- File names as terms, space-delimited (' releas note pdf '), matched with LIKE.
ALTER TABLE file_infos ADD COLUMN search_terms TEXT NOT NULL DEFAULT '';
