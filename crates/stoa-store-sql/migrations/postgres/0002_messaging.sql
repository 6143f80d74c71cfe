-- Messaging: posts and their threads, reactions, custom emoji, preferences, statuses.

CREATE TABLE posts (
    id            TEXT PRIMARY KEY,
    create_at     BIGINT NOT NULL,
    update_at     BIGINT NOT NULL,
    edit_at       BIGINT NOT NULL DEFAULT 0,
    delete_at     BIGINT NOT NULL DEFAULT 0,
    is_pinned     BOOLEAN NOT NULL DEFAULT FALSE,
    user_id       TEXT NOT NULL,
    channel_id    TEXT NOT NULL,
    -- '' for roots; the thread root for replies
    root_id       TEXT NOT NULL DEFAULT '',
    -- set on the saved earlier versions of an edited post (edit history), '' otherwise
    original_id   TEXT NOT NULL DEFAULT '',
    message       TEXT NOT NULL DEFAULT '',
    type          TEXT NOT NULL DEFAULT '',
    props         TEXT NOT NULL DEFAULT '{}',
    hashtags      TEXT NOT NULL DEFAULT '',
    file_ids      TEXT NOT NULL DEFAULT '[]',
    has_reactions BOOLEAN NOT NULL DEFAULT FALSE,
    remote_id     TEXT
);
-- Channel reads page by creation time; `since` syncs by update time.
CREATE INDEX posts_channel_id_create_at ON posts (channel_id, create_at);
CREATE INDEX posts_channel_id_update_at ON posts (channel_id, update_at);
CREATE INDEX posts_root_id_create_at ON posts (root_id, create_at) WHERE root_id <> '';
CREATE INDEX posts_original_id ON posts (original_id) WHERE original_id <> '';
CREATE INDEX posts_pinned ON posts (channel_id) WHERE is_pinned;
CREATE INDEX posts_user_id_create_at ON posts (user_id, create_at);

-- One row per root post that has replies.
CREATE TABLE threads (
    post_id       TEXT PRIMARY KEY,
    channel_id    TEXT NOT NULL,
    team_id       TEXT NOT NULL DEFAULT '',
    reply_count   BIGINT NOT NULL DEFAULT 0,
    last_reply_at BIGINT NOT NULL DEFAULT 0,
    delete_at     BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX threads_channel_id ON threads (channel_id);

CREATE TABLE thread_participants (
    post_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    last_at BIGINT NOT NULL,
    CONSTRAINT thread_participants_post_id_user_id PRIMARY KEY (post_id, user_id)
);

CREATE TABLE thread_memberships (
    post_id         TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    following       BOOLEAN NOT NULL DEFAULT TRUE,
    last_viewed     BIGINT NOT NULL DEFAULT 0,
    last_updated    BIGINT NOT NULL DEFAULT 0,
    unread_mentions BIGINT NOT NULL DEFAULT 0,
    urgent_mentions BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT thread_memberships_post_id_user_id PRIMARY KEY (post_id, user_id)
);
CREATE INDEX thread_memberships_user_id ON thread_memberships (user_id, last_updated);

CREATE TABLE reactions (
    post_id    TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    emoji_name TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    create_at  BIGINT NOT NULL,
    update_at  BIGINT NOT NULL,
    delete_at  BIGINT NOT NULL DEFAULT 0,
    remote_id  TEXT,
    CONSTRAINT reactions_post_id_user_id_emoji_name PRIMARY KEY (post_id, user_id, emoji_name)
);

CREATE TABLE emoji (
    id         TEXT PRIMARY KEY,
    create_at  BIGINT NOT NULL,
    update_at  BIGINT NOT NULL,
    delete_at  BIGINT NOT NULL DEFAULT 0,
    creator_id TEXT NOT NULL,
    name       TEXT NOT NULL
);
-- A name is unique among live emoji; a deleted one frees it.
CREATE UNIQUE INDEX emoji_name ON emoji (name) WHERE delete_at = 0;

CREATE TABLE preferences (
    user_id  TEXT NOT NULL,
    category TEXT NOT NULL,
    name     TEXT NOT NULL,
    value    TEXT NOT NULL,
    CONSTRAINT preferences_user_id_category_name PRIMARY KEY (user_id, category, name)
);
CREATE INDEX preferences_category_name ON preferences (category, name);

CREATE TABLE status (
    user_id          TEXT PRIMARY KEY,
    status           TEXT NOT NULL,
    manual           BOOLEAN NOT NULL DEFAULT FALSE,
    last_activity_at BIGINT NOT NULL DEFAULT 0,
    active_channel   TEXT NOT NULL DEFAULT '',
    dnd_end_time     BIGINT NOT NULL DEFAULT 0,
    prev_status      TEXT NOT NULL DEFAULT ''
);
