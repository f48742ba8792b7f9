-- Notices of deliveries are rendered when they are sent, not in the dispatch's transaction
-- (docs/decisions/0009-notices-rendered-at-send-time.md): their rows keep no body, so
-- `body_text` may be NULL. A row with a stored body (reminder digests, notices queued before
-- this change) is still sent as stored.
--
-- SQLite cannot drop NOT NULL in place: the table is rebuilt with its columns in the same
-- order. `reminder_runs.notice_id` refers to it by name; with foreign keys deferred to the
-- commit, its references are checked against the rebuilt table holding the same ids.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE email_outbox_copy AS SELECT * FROM email_outbox;
DROP TABLE email_outbox;
CREATE TABLE email_outbox (
    id INTEGER PRIMARY KEY,
    -- Local part of the Message-ID, `notice-<id>.<random>`; the header adds `@<mail domain>`.
    message_id TEXT NOT NULL UNIQUE,
    template TEXT NOT NULL,
    delivery_id BIGINT REFERENCES deliveries (id),
    -- NULL when the recipient office has no e-mail address (status no_address).
    to_addr TEXT,
    subject TEXT NOT NULL,
    -- NULL: rendered from the delivery when the notice is sent.
    body_text TEXT,
    body_html TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'dead', 'no_address')),
    attempts BIGINT NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    last_error TEXT,
    -- The acknowledgement link: the raw token only until the mail is sent, its SHA-256 always.
    ack_token TEXT,
    ack_token_hash TEXT UNIQUE,
    ack_expires_at TIMESTAMP,
    ack_used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
INSERT INTO email_outbox (id, message_id, template, delivery_id, to_addr, subject, body_text,
    body_html, status, attempts, next_attempt_at, locked_until, last_error, ack_token,
    ack_token_hash, ack_expires_at, ack_used_at, created_at, sent_at)
SELECT id, message_id, template, delivery_id, to_addr, subject, body_text,
    body_html, status, attempts, next_attempt_at, locked_until, last_error, ack_token,
    ack_token_hash, ack_expires_at, ack_used_at, created_at, sent_at
FROM email_outbox_copy;
DROP TABLE email_outbox_copy;
CREATE INDEX email_outbox_due ON email_outbox (status, next_attempt_at);
CREATE INDEX email_outbox_delivery ON email_outbox (delivery_id);
