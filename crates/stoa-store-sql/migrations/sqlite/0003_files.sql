-- Files: uploaded files and where their bytes (original, thumbnail, preview) are stored.
-- SQLite variant: booleans are INTEGER 0/1, otherwise identical to the PostgreSQL file.

CREATE TABLE file_infos (
    id                TEXT PRIMARY KEY,
    creator_id        TEXT NOT NULL,
    -- '' until the file is attached to a post
    post_id           TEXT NOT NULL DEFAULT '',
    channel_id        TEXT NOT NULL,
    create_at         INTEGER NOT NULL,
    update_at         INTEGER NOT NULL,
    delete_at         INTEGER NOT NULL DEFAULT 0,
    path              TEXT NOT NULL,
    thumbnail_path    TEXT NOT NULL DEFAULT '',
    preview_path      TEXT NOT NULL DEFAULT '',
    name              TEXT NOT NULL,
    extension         TEXT NOT NULL DEFAULT '',
    size              INTEGER NOT NULL,
    mime_type         TEXT NOT NULL DEFAULT '',
    width             INTEGER NOT NULL DEFAULT 0,
    height            INTEGER NOT NULL DEFAULT 0,
    has_preview_image INTEGER NOT NULL DEFAULT 0,
    mini_preview      TEXT,
    remote_id         TEXT,
    archived          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX file_infos_post_id ON file_infos (post_id) WHERE post_id <> '';
CREATE INDEX file_infos_channel_id_create_at ON file_infos (channel_id, create_at);
CREATE INDEX file_infos_creator_id ON file_infos (creator_id);
