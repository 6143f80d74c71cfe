-- Posts whose notifications (push, email, web push) are still to be decided and sent. The row is
-- written by the post's own transaction, so an acknowledged post never loses its notifications;
-- a node claims it (claimed_at) before working on it and deletes it when done, and a claim older
-- than a minute is taken to be a node that died.

CREATE TABLE notification_jobs (
    post_id    TEXT PRIMARY KEY,
    create_at  BIGINT NOT NULL,
    claimed_at BIGINT NOT NULL DEFAULT 0,
    attempts   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notification_jobs_claimed_at ON notification_jobs (claimed_at, create_at);

-- Sessions with a push device, found by user when a post notifies.
CREATE INDEX sessions_user_id_device ON sessions (user_id) WHERE device_id <> '';
