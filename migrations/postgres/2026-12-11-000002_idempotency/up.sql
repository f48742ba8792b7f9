-- Idempotency-Key on the POSTs that allocate a number (docs/security.md): the first answer is
-- stored in the same transaction as the change and replayed for a retry with the same key.
CREATE TABLE idempotency_keys (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('in_progress', 'done')),
    response_status BIGINT,
    response_body TEXT,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (user_id, method, path, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
