-- Foundation: users, sessions, teams, channels, memberships, server-wide key/values.
-- SQLite variant: booleans are INTEGER 0/1, otherwise identical to the PostgreSQL file.
-- Ids are the 26-char Mattermost ids as TEXT; every time is INTEGER milliseconds; maps of
-- strings (props, notify_props, timezone) are JSON text, read and written whole.
-- Unique indexes are named <table>_<columns> on both backends so conflicts map to one name.

CREATE TABLE users (
    id                          TEXT PRIMARY KEY,
    create_at                   INTEGER NOT NULL,
    update_at                   INTEGER NOT NULL,
    delete_at                   INTEGER NOT NULL DEFAULT 0,
    username                    TEXT NOT NULL,
    password                    TEXT NOT NULL DEFAULT '',
    auth_data                   TEXT,
    auth_service                TEXT NOT NULL DEFAULT '',
    email                       TEXT NOT NULL,
    email_verified              INTEGER NOT NULL DEFAULT 0,
    nickname                    TEXT NOT NULL DEFAULT '',
    first_name                  TEXT NOT NULL DEFAULT '',
    last_name                   TEXT NOT NULL DEFAULT '',
    position                    TEXT NOT NULL DEFAULT '',
    roles                       TEXT NOT NULL DEFAULT '',
    allow_marketing             INTEGER NOT NULL DEFAULT 0,
    props                       TEXT NOT NULL DEFAULT '{}',
    notify_props                TEXT NOT NULL DEFAULT '{}',
    last_password_update        INTEGER NOT NULL DEFAULT 0,
    last_picture_update         INTEGER NOT NULL DEFAULT 0,
    failed_attempts             INTEGER NOT NULL DEFAULT 0,
    locale                      TEXT NOT NULL DEFAULT 'en',
    timezone                    TEXT NOT NULL DEFAULT '{}',
    mfa_active                  INTEGER NOT NULL DEFAULT 0,
    mfa_secret                  TEXT NOT NULL DEFAULT '',
    last_activity_at            INTEGER NOT NULL DEFAULT 0,
    is_bot                      INTEGER NOT NULL DEFAULT 0,
    bot_description             TEXT NOT NULL DEFAULT '',
    disable_welcome_email       INTEGER NOT NULL DEFAULT 0,
    terms_of_service_id         TEXT NOT NULL DEFAULT '',
    terms_of_service_create_at  INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX users_username ON users (username);
CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX users_update_at ON users (update_at);

CREATE TABLE sessions (
    id               TEXT PRIMARY KEY,
    token            TEXT NOT NULL,
    create_at        INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    last_activity_at INTEGER NOT NULL,
    user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_id        TEXT NOT NULL DEFAULT '',
    roles            TEXT NOT NULL DEFAULT '',
    is_oauth         INTEGER NOT NULL DEFAULT 0,
    expired_notify   INTEGER NOT NULL DEFAULT 0,
    props            TEXT NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX sessions_token ON sessions (token);
CREATE INDEX sessions_user_id ON sessions (user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE teams (
    id                    TEXT PRIMARY KEY,
    create_at             INTEGER NOT NULL,
    update_at             INTEGER NOT NULL,
    delete_at             INTEGER NOT NULL DEFAULT 0,
    display_name          TEXT NOT NULL,
    name                  TEXT NOT NULL,
    description           TEXT NOT NULL DEFAULT '',
    email                 TEXT NOT NULL DEFAULT '',
    type                  TEXT NOT NULL,
    company_name          TEXT NOT NULL DEFAULT '',
    allowed_domains       TEXT NOT NULL DEFAULT '',
    invite_id             TEXT NOT NULL,
    allow_open_invite     INTEGER NOT NULL DEFAULT 0,
    last_team_icon_update INTEGER NOT NULL DEFAULT 0,
    scheme_id             TEXT,
    group_constrained     INTEGER,
    cloud_limits_archived INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX teams_name ON teams (name);
CREATE INDEX teams_invite_id ON teams (invite_id);

CREATE TABLE team_members (
    team_id      TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- explicit roles only; scheme roles come from the flags
    roles        TEXT NOT NULL DEFAULT '',
    delete_at    INTEGER NOT NULL DEFAULT 0,
    scheme_guest INTEGER NOT NULL DEFAULT 0,
    scheme_user  INTEGER NOT NULL DEFAULT 1,
    scheme_admin INTEGER NOT NULL DEFAULT 0,
    create_at    INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT team_members_team_id_user_id PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user_id ON team_members (user_id);

CREATE TABLE channels (
    id                   TEXT PRIMARY KEY,
    create_at            INTEGER NOT NULL,
    update_at            INTEGER NOT NULL,
    delete_at            INTEGER NOT NULL DEFAULT 0,
    -- '' for direct and group channels, which belong to no team
    team_id              TEXT NOT NULL,
    type                 TEXT NOT NULL,
    display_name         TEXT NOT NULL DEFAULT '',
    name                 TEXT NOT NULL,
    header               TEXT NOT NULL DEFAULT '',
    purpose              TEXT NOT NULL DEFAULT '',
    last_post_at         INTEGER NOT NULL DEFAULT 0,
    total_msg_count      INTEGER NOT NULL DEFAULT 0,
    extra_update_at      INTEGER NOT NULL DEFAULT 0,
    creator_id           TEXT NOT NULL DEFAULT '',
    scheme_id            TEXT,
    props                TEXT,
    group_constrained    INTEGER,
    shared               INTEGER,
    total_msg_count_root INTEGER NOT NULL DEFAULT 0,
    last_root_post_at    INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX channels_team_id_name ON channels (team_id, name);
CREATE INDEX channels_update_at ON channels (update_at);

CREATE TABLE channel_members (
    channel_id           TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    user_id              TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    roles                TEXT NOT NULL DEFAULT '',
    last_viewed_at       INTEGER NOT NULL DEFAULT 0,
    msg_count            INTEGER NOT NULL DEFAULT 0,
    mention_count        INTEGER NOT NULL DEFAULT 0,
    mention_count_root   INTEGER NOT NULL DEFAULT 0,
    urgent_mention_count INTEGER NOT NULL DEFAULT 0,
    msg_count_root       INTEGER NOT NULL DEFAULT 0,
    notify_props         TEXT NOT NULL DEFAULT '{}',
    last_update_at       INTEGER NOT NULL DEFAULT 0,
    scheme_guest         INTEGER NOT NULL DEFAULT 0,
    scheme_user          INTEGER NOT NULL DEFAULT 1,
    scheme_admin         INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT channel_members_channel_id_user_id PRIMARY KEY (channel_id, user_id)
);
CREATE INDEX channel_members_user_id ON channel_members (user_id);

CREATE TABLE systems (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
