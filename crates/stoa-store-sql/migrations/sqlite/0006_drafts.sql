-- Synced drafts (Mattermost's Drafts): one unsent message per user, channel and thread (`root_id`
-- is '' for the channel's own box). Rows are hard-deleted, as Mattermost now does; `delete_at`
-- stays for the wire shape. Leaving a channel keeps its drafts (listings join the membership, so
-- they show again on rejoining, as in Mattermost); deleting the user or the channel removes them.
-- `props` and `priority` are JSON objects, `file_ids` a JSON array, all as TEXT.
-- SQLite variant: times are INTEGER, otherwise identical to the PostgreSQL file.

CREATE TABLE drafts (
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    channel_id TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    root_id    TEXT NOT NULL DEFAULT '',
    create_at  INTEGER NOT NULL,
    update_at  INTEGER NOT NULL,
    delete_at  INTEGER NOT NULL DEFAULT 0,
    message    TEXT NOT NULL DEFAULT '',
    type       TEXT NOT NULL DEFAULT '',
    props      TEXT NOT NULL DEFAULT '{}',
    file_ids   TEXT NOT NULL DEFAULT '[]',
    priority   TEXT NOT NULL DEFAULT '{}',
    CONSTRAINT drafts_user_id_channel_id_root_id PRIMARY KEY (user_id, channel_id, root_id)
);
-- A user's drafts, newest first.
CREATE INDEX drafts_user_id_update_at ON drafts (user_id, update_at);
-- Deleting a root post removes every user's reply drafts; deleting a channel cascades by it.
CREATE INDEX drafts_channel_id_root_id ON drafts (channel_id, root_id);
