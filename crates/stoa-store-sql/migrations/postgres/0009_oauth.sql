-- Stoa as an OAuth 2.0 provider (Mattermost's OAuthApps, OAuthAuthData, OAuthAccessData).
-- The client secret is kept as is: Mattermost shows it again to whoever manages the app (see
-- docs/COMPATIBILITY.md). Authorization codes and refresh tokens are credentials no one needs
-- back, so only their SHA-256 (hex) is stored. The access token is a session (sessions.is_oauth);
-- a grant names it by session id. Which apps a user authorized is a preference (category
-- 'oauth_app'), as in Mattermost. `callback_urls` is a JSON array as TEXT.

CREATE TABLE oauth_apps (
    id                TEXT PRIMARY KEY,
    creator_id        TEXT NOT NULL,
    create_at         BIGINT NOT NULL,
    update_at         BIGINT NOT NULL,
    client_secret     TEXT NOT NULL,
    name              TEXT NOT NULL,
    description       TEXT NOT NULL DEFAULT '',
    icon_url          TEXT NOT NULL DEFAULT '',
    callback_urls     TEXT NOT NULL DEFAULT '[]',
    homepage          TEXT NOT NULL DEFAULT '',
    is_trusted        BOOLEAN NOT NULL DEFAULT FALSE,
    mattermost_app_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX oauth_apps_creator_id ON oauth_apps (creator_id, create_at);

CREATE TABLE oauth_codes (
    code_hash             TEXT PRIMARY KEY,
    client_id             TEXT NOT NULL REFERENCES oauth_apps (id) ON DELETE CASCADE,
    user_id               TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    create_at             BIGINT NOT NULL,
    expires_in            BIGINT NOT NULL,
    redirect_uri          TEXT NOT NULL,
    state                 TEXT NOT NULL DEFAULT '',
    scope                 TEXT NOT NULL DEFAULT '',
    code_challenge        TEXT NOT NULL DEFAULT '',
    code_challenge_method TEXT NOT NULL DEFAULT ''
);
CREATE INDEX oauth_codes_client_id_user_id ON oauth_codes (client_id, user_id);

CREATE TABLE oauth_access (
    id           TEXT PRIMARY KEY,
    client_id    TEXT NOT NULL REFERENCES oauth_apps (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id   TEXT NOT NULL,
    refresh_hash TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    expires_at   BIGINT NOT NULL,
    scope        TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX oauth_access_refresh_hash ON oauth_access (refresh_hash);
CREATE UNIQUE INDEX oauth_access_user_id_client_id ON oauth_access (user_id, client_id);
CREATE INDEX oauth_access_session_id ON oauth_access (session_id);
