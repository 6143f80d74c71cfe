-- Web push subscriptions (Stoa's own): one per session, the browser's push endpoint and the keys
-- its payloads are encrypted to (RFC 8291). A subscription goes with its session (logout,
-- revocation, expiry clean-up, the user's deletion), so no push reaches a signed-out browser.
-- An endpoint belongs to one subscription: a browser that signs in as someone else takes its
-- endpoint over, and the previous user's pushes stop going there.

CREATE TABLE webpush_subscriptions (
    id         TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL,
    endpoint   TEXT NOT NULL,
    p256dh     TEXT NOT NULL,
    auth       TEXT NOT NULL,
    create_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX webpush_subscriptions_session_id ON webpush_subscriptions (session_id);
CREATE UNIQUE INDEX webpush_subscriptions_endpoint ON webpush_subscriptions (endpoint);
CREATE INDEX webpush_subscriptions_user_id ON webpush_subscriptions (user_id, create_at);
