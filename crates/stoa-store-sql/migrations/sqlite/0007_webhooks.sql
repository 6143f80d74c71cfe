-- Webhooks (Mattermost's IncomingWebhooks and OutgoingWebhooks). Deleting a hook sets
-- delete_at, as Mattermost does; a deleted hook is never read again. A team's or channel's
-- deletion does not remove its hooks (Mattermost keeps them too); they fail when used.
-- `trigger_words` and `callback_urls` are JSON arrays as TEXT. The outgoing hook's token is kept
-- as is: it is not a credential to this server but what the receiver checks, and the web app
-- shows it again, as Mattermost's does.

CREATE TABLE incoming_webhooks (
    id             TEXT PRIMARY KEY,
    create_at      INTEGER NOT NULL,
    update_at      INTEGER NOT NULL,
    delete_at      INTEGER NOT NULL DEFAULT 0,
    user_id        TEXT NOT NULL,
    channel_id     TEXT NOT NULL,
    team_id        TEXT NOT NULL,
    display_name   TEXT NOT NULL DEFAULT '',
    description    TEXT NOT NULL DEFAULT '',
    username       TEXT NOT NULL DEFAULT '',
    icon_url       TEXT NOT NULL DEFAULT '',
    channel_locked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX incoming_webhooks_team_id ON incoming_webhooks (team_id, create_at);
CREATE INDEX incoming_webhooks_user_id ON incoming_webhooks (user_id);

CREATE TABLE outgoing_webhooks (
    id            TEXT PRIMARY KEY,
    token         TEXT NOT NULL,
    create_at     INTEGER NOT NULL,
    update_at     INTEGER NOT NULL,
    delete_at     INTEGER NOT NULL DEFAULT 0,
    creator_id    TEXT NOT NULL,
    channel_id    TEXT NOT NULL DEFAULT '',
    team_id       TEXT NOT NULL,
    trigger_words TEXT NOT NULL DEFAULT '[]',
    trigger_when  INTEGER NOT NULL DEFAULT 0,
    callback_urls TEXT NOT NULL DEFAULT '[]',
    display_name  TEXT NOT NULL DEFAULT '',
    description   TEXT NOT NULL DEFAULT '',
    content_type  TEXT NOT NULL DEFAULT '',
    username      TEXT NOT NULL DEFAULT '',
    icon_url      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outgoing_webhooks_team_id ON outgoing_webhooks (team_id, create_at);
CREATE INDEX outgoing_webhooks_creator_id ON outgoing_webhooks (creator_id);
