-- Foundation: users, sessions, teams, channels, memberships, server-wide key/values.
-- Ids are the 26-char Mattermost ids as TEXT; every time is BIGINT milliseconds; maps of
-- strings (props, notify_props, timezone) are JSON text, read and written whole.
-- Unique indexes are named <table>_<columns> on both backends so conflicts map to one name.

CREATE TABLE users (
    id                          TEXT PRIMARY KEY,
    create_at                   BIGINT NOT NULL,
    update_at                   BIGINT NOT NULL,
    delete_at                   BIGINT NOT NULL DEFAULT 0,
    username                    TEXT NOT NULL,
    password                    TEXT NOT NULL DEFAULT '',
    auth_data                   TEXT,
    auth_service                TEXT NOT NULL DEFAULT '',
    email                       TEXT NOT NULL,
    email_verified              BOOLEAN NOT NULL DEFAULT FALSE,
    nickname                    TEXT NOT NULL DEFAULT '',
    first_name                  TEXT NOT NULL DEFAULT '',
    last_name                   TEXT NOT NULL DEFAULT '',
    position                    TEXT NOT NULL DEFAULT '',
    roles                       TEXT NOT NULL DEFAULT '',
    allow_marketing             BOOLEAN NOT NULL DEFAULT FALSE,
    props                       TEXT NOT NULL DEFAULT '{}',
    notify_props                TEXT NOT NULL DEFAULT '{}',
    last_password_update        BIGINT NOT NULL DEFAULT 0,
    last_picture_update         BIGINT NOT NULL DEFAULT 0,
    failed_attempts             BIGINT NOT NULL DEFAULT 0,
    locale                      TEXT NOT NULL DEFAULT 'en',
    timezone                    TEXT NOT NULL DEFAULT '{}',
    mfa_active                  BOOLEAN NOT NULL DEFAULT FALSE,
    mfa_secret                  TEXT NOT NULL DEFAULT '',
    last_activity_at            BIGINT NOT NULL DEFAULT 0,
    is_bot                      BOOLEAN NOT NULL DEFAULT FALSE,
    bot_description             TEXT NOT NULL DEFAULT '',
    disable_welcome_email       BOOLEAN NOT NULL DEFAULT FALSE,
    terms_of_service_id         TEXT NOT NULL DEFAULT '',
    terms_of_service_create_at  BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX users_username ON users (username);
CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX users_update_at ON users (update_at);

CREATE TABLE sessions (
    id               TEXT PRIMARY KEY,
    token            TEXT NOT NULL,
    create_at        BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    last_activity_at BIGINT NOT NULL,
    user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_id        TEXT NOT NULL DEFAULT '',
    roles            TEXT NOT NULL DEFAULT '',
    is_oauth         BOOLEAN NOT NULL DEFAULT FALSE,
    expired_notify   BOOLEAN NOT NULL DEFAULT FALSE,
    props            TEXT NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX sessions_token ON sessions (token);
CREATE INDEX sessions_user_id ON sessions (user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE teams (
    id                    TEXT PRIMARY KEY,
    create_at             BIGINT NOT NULL,
    update_at             BIGINT NOT NULL,
    delete_at             BIGINT NOT NULL DEFAULT 0,
    display_name          TEXT NOT NULL,
    name                  TEXT NOT NULL,
    description           TEXT NOT NULL DEFAULT '',
    email                 TEXT NOT NULL DEFAULT '',
    type                  TEXT NOT NULL,
    company_name          TEXT NOT NULL DEFAULT '',
    allowed_domains       TEXT NOT NULL DEFAULT '',
    invite_id             TEXT NOT NULL,
    allow_open_invite     BOOLEAN NOT NULL DEFAULT FALSE,
    last_team_icon_update BIGINT NOT NULL DEFAULT 0,
    scheme_id             TEXT,
    group_constrained     BOOLEAN,
    cloud_limits_archived BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE UNIQUE INDEX teams_name ON teams (name);
CREATE INDEX teams_invite_id ON teams (invite_id);

CREATE TABLE team_members (
    team_id      TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- explicit roles only; scheme roles come from the flags
    roles        TEXT NOT NULL DEFAULT '',
    delete_at    BIGINT NOT NULL DEFAULT 0,
    scheme_guest BOOLEAN NOT NULL DEFAULT FALSE,
    scheme_user  BOOLEAN NOT NULL DEFAULT TRUE,
    scheme_admin BOOLEAN NOT NULL DEFAULT FALSE,
    create_at    BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT team_members_team_id_user_id PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user_id ON team_members (user_id);

CREATE TABLE channels (
    id                   TEXT PRIMARY KEY,
    create_at            BIGINT NOT NULL,
    update_at            BIGINT NOT NULL,
    delete_at            BIGINT NOT NULL DEFAULT 0,
    -- '' for direct and group channels, which belong to no team
    team_id              TEXT NOT NULL,
    type                 TEXT NOT NULL,
    display_name         TEXT NOT NULL DEFAULT '',
    name                 TEXT NOT NULL,
    header               TEXT NOT NULL DEFAULT '',
    purpose              TEXT NOT NULL DEFAULT '',
    last_post_at         BIGINT NOT NULL DEFAULT 0,
    total_msg_count      BIGINT NOT NULL DEFAULT 0,
    extra_update_at      BIGINT NOT NULL DEFAULT 0,
    creator_id           TEXT NOT NULL DEFAULT '',
    scheme_id            TEXT,
    props                TEXT,
    group_constrained    BOOLEAN,
    shared               BOOLEAN,
    total_msg_count_root BIGINT NOT NULL DEFAULT 0,
    last_root_post_at    BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX channels_team_id_name ON channels (team_id, name);
CREATE INDEX channels_update_at ON channels (update_at);

CREATE TABLE channel_members (
    channel_id           TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    user_id              TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    roles                TEXT NOT NULL DEFAULT '',
    last_viewed_at       BIGINT NOT NULL DEFAULT 0,
    msg_count            BIGINT NOT NULL DEFAULT 0,
    mention_count        BIGINT NOT NULL DEFAULT 0,
    mention_count_root   BIGINT NOT NULL DEFAULT 0,
    urgent_mention_count BIGINT NOT NULL DEFAULT 0,
    msg_count_root       BIGINT NOT NULL DEFAULT 0,
    notify_props         TEXT NOT NULL DEFAULT '{}',
    last_update_at       BIGINT NOT NULL DEFAULT 0,
    scheme_guest         BOOLEAN NOT NULL DEFAULT FALSE,
    scheme_user          BOOLEAN NOT NULL DEFAULT TRUE,
    scheme_admin         BOOLEAN NOT NULL DEFAULT FALSE,
    CONSTRAINT channel_members_channel_id_user_id PRIMARY KEY (channel_id, user_id)
);
CREATE INDEX channel_members_user_id ON channel_members (user_id);

CREATE TABLE systems (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
