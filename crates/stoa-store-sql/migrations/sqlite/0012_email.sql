-- Email waiting to go out. A message is a row until an SMTP server has taken it, so a restart
-- loses none; a node claims rows (claim_token, claimed_at) before sending, and a claim older than
-- a few minutes counts as abandoned (its node died mid-send).
CREATE TABLE email_queue (
    id              TEXT PRIMARY KEY,
    dedupe_key      TEXT NOT NULL,
    kind            TEXT NOT NULL,
    create_at       BIGINT NOT NULL,
    to_address      TEXT NOT NULL,
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claim_token     TEXT NOT NULL DEFAULT '',
    claimed_at      BIGINT NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX email_queue_dedupe_key ON email_queue (dedupe_key);
CREATE INDEX email_queue_next_attempt_at ON email_queue (next_attempt_at);

-- Notification emails collected per user (EmailSettings.EnableEmailBatching) until the user's
-- interval has passed since the first one: stored, so a batch survives a restart. Each row keeps
-- what the batch mail shows of the post, as it was when the notification was decided.
CREATE TABLE email_batch_items (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL,
    post_id      TEXT NOT NULL,
    post_at      BIGINT NOT NULL,
    team_id      TEXT NOT NULL,
    channel_id   TEXT NOT NULL,
    channel_name TEXT NOT NULL,
    sender_name  TEXT NOT NULL,
    message      TEXT NOT NULL,
    permalink    TEXT NOT NULL
);
CREATE UNIQUE INDEX email_batch_items_user_id_post_id ON email_batch_items (user_id, post_id);
CREATE INDEX email_batch_items_user_id_post_at ON email_batch_items (user_id, post_at);
