-- Custom slash commands (Mattermost's Commands) and the response URLs handed to their
-- integrations (CommandWebhooks). Deleting a command sets delete_at, as Mattermost does. The
-- command's token is kept as is: the integration checks it, and the web app shows it again.

CREATE TABLE commands (
    id                 TEXT PRIMARY KEY,
    token              TEXT NOT NULL,
    create_at          BIGINT NOT NULL,
    update_at          BIGINT NOT NULL,
    delete_at          BIGINT NOT NULL DEFAULT 0,
    creator_id         TEXT NOT NULL,
    team_id            TEXT NOT NULL,
    trigger_word       TEXT NOT NULL,
    method             TEXT NOT NULL DEFAULT 'P',
    username           TEXT NOT NULL DEFAULT '',
    icon_url           TEXT NOT NULL DEFAULT '',
    auto_complete      BOOLEAN NOT NULL DEFAULT FALSE,
    auto_complete_desc TEXT NOT NULL DEFAULT '',
    auto_complete_hint TEXT NOT NULL DEFAULT '',
    display_name       TEXT NOT NULL DEFAULT '',
    description        TEXT NOT NULL DEFAULT '',
    url                TEXT NOT NULL
);
CREATE INDEX commands_team_id ON commands (team_id, delete_at);

CREATE TABLE command_webhooks (
    id         TEXT PRIMARY KEY,
    create_at  BIGINT NOT NULL,
    command_id TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    root_id    TEXT NOT NULL DEFAULT '',
    use_count  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX command_webhooks_create_at ON command_webhooks (create_at);
