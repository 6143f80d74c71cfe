-- Files: uploaded files and where their bytes (original, thumbnail, preview) are stored.

CREATE TABLE file_infos (
    id                TEXT PRIMARY KEY,
    creator_id        TEXT NOT NULL,
    -- '' until the file is attached to a post
    post_id           TEXT NOT NULL DEFAULT '',
    channel_id        TEXT NOT NULL,
    create_at         BIGINT NOT NULL,
    update_at         BIGINT NOT NULL,
    delete_at         BIGINT NOT NULL DEFAULT 0,
    path              TEXT NOT NULL,
    thumbnail_path    TEXT NOT NULL DEFAULT '',
    preview_path      TEXT NOT NULL DEFAULT '',
    name              TEXT NOT NULL,
    extension         TEXT NOT NULL DEFAULT '',
    size              BIGINT NOT NULL,
    mime_type         TEXT NOT NULL DEFAULT '',
    width             BIGINT NOT NULL DEFAULT 0,
    height            BIGINT NOT NULL DEFAULT 0,
    has_preview_image BOOLEAN NOT NULL DEFAULT FALSE,
    mini_preview      TEXT,
    remote_id         TEXT,
    archived          BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX file_infos_post_id ON file_infos (post_id) WHERE post_id <> '';
CREATE INDEX file_infos_channel_id_create_at ON file_infos (channel_id, create_at);
CREATE INDEX file_infos_creator_id ON file_infos (creator_id);
