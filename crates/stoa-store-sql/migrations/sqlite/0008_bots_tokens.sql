-- Bots and personal access tokens.
-- SQLite variant: times and booleans are INTEGER, otherwise identical to the PostgreSQL file.
--
-- A bot is a user (users.is_bot, its description in users.bot_description) plus this record: its
-- owner and its own times. Deleting the user removes the record.
--
-- A personal access token is stored as the SHA-256 (hex) of its secret, never the secret, and
-- found by that hash. The session a token opens stores the same hash as its token, so a copy of
-- the database holds no usable credential (a presented token is at most 50 characters and is
-- hashed before this lookup; the 64-character hash itself never authenticates).

CREATE TABLE bots (
    user_id          TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    owner_id         TEXT NOT NULL,
    last_icon_update INTEGER NOT NULL DEFAULT 0,
    create_at        INTEGER NOT NULL,
    update_at        INTEGER NOT NULL,
    delete_at        INTEGER NOT NULL DEFAULT 0
);
-- "Bots I own", and orphaned bots (joined to their owner).
CREATE INDEX bots_owner_id ON bots (owner_id);

CREATE TABLE user_access_tokens (
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    description TEXT NOT NULL DEFAULT '',
    is_active   INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX user_access_tokens_token_hash ON user_access_tokens (token_hash);
CREATE INDEX user_access_tokens_user_id ON user_access_tokens (user_id);
