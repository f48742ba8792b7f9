-- The transactional outbox of e-mail notices (docs/outbox.md). Rows are written in the same
-- transaction as the deliveries they announce and sent later by a worker, never inside it.
CREATE TABLE email_outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Local part of the Message-ID, `notice-<id>.<random>`; the header adds `@<mail domain>`.
    message_id TEXT NOT NULL UNIQUE,
    template TEXT NOT NULL,
    delivery_id BIGINT REFERENCES deliveries (id),
    -- NULL when the recipient office has no e-mail address (status no_address).
    to_addr TEXT,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
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
CREATE INDEX email_outbox_due ON email_outbox (status, next_attempt_at);
CREATE INDEX email_outbox_delivery ON email_outbox (delivery_id);
