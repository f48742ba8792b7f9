-- Exchange between saraban instances (docs/exchange.md).

-- This instance's Ed25519 key pair; the newest row signs. The secret stays in the database.
CREATE TABLE instance_keys (
    id INTEGER PRIMARY KEY,
    secret_key TEXT NOT NULL,
    public_key TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);

-- Other saraban instances this one trusts: their base URL and public key.
CREATE TABLE peers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    public_key TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    synced_at TIMESTAMP
);

-- An office hosted by a peer (NULL: hosted here), and its e-CMS organisation ID.
-- (No REFERENCES here: SQLite cannot drop a column that takes part in a foreign key.)
ALTER TABLE orgs ADD COLUMN peer_id BIGINT;
ALTER TABLE orgs ADD COLUMN ecms_id TEXT;
CREATE UNIQUE INDEX orgs_ecms_id ON orgs (ecms_id);
CREATE INDEX orgs_peer ON orgs (peer_id);

-- A delivery taken back by its sender (withdrawn_at set): its status stays, so the kept counts
-- do not move; it can no longer be received or answered.
ALTER TABLE deliveries ADD COLUMN withdrawn_at TIMESTAMP;
ALTER TABLE deliveries ADD COLUMN withdrawn_reason TEXT;

-- Signed messages waiting to go to a peer, sent by the exchange worker with retries.
CREATE TABLE exchange_outbox (
    id INTEGER PRIMARY KEY,
    peer_id BIGINT NOT NULL REFERENCES peers (id),
    message_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('letter', 'status', 'withdraw')),
    delivery_id BIGINT REFERENCES deliveries (id),
    -- The message without sent_at (added, and signed, at each attempt).
    body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'dead')),
    attempts BIGINT NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    last_error TEXT,
    response TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX exchange_outbox_due ON exchange_outbox (status, next_attempt_at);

-- Every message taken from a peer, once: a repeated message_id answers the stored acknowledgement.
CREATE TABLE exchange_inbox (
    id INTEGER PRIMARY KEY,
    peer_id BIGINT NOT NULL REFERENCES peers (id),
    message_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    ack TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX exchange_inbox_once ON exchange_inbox (peer_id, message_id);

-- A delivery that crosses to (out) or from (in) a peer; remote_ref is the letter message's id.
CREATE TABLE exchange_links (
    delivery_id BIGINT PRIMARY KEY REFERENCES deliveries (id),
    peer_id BIGINT NOT NULL REFERENCES peers (id),
    direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),
    remote_ref TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'delivered', 'registered', 'rejected', 'invalid', 'failed', 'withdrawn')),
    updated_at TIMESTAMP NOT NULL,
    remote_number BIGINT,
    remote_year_be BIGINT,
    remote_received_at TIMESTAMP,
    remote_received_on DATE,
    remote_received_time TEXT
);
CREATE UNIQUE INDEX exchange_links_ref ON exchange_links (peer_id, direction, remote_ref);
