-- The tamper-evident audit log (docs/security.md). One hash chain per office ('system' for
-- entries with no office): seq is gapless per chain, each hash is SHA-256 over the previous
-- hash and the entry's canonical content. The application never updates or deletes a row.
CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    chain TEXT NOT NULL,
    seq BIGINT NOT NULL CHECK (seq >= 1),
    at TIMESTAMP NOT NULL,
    actor_id BIGINT,
    office_id BIGINT,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id TEXT,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (chain, seq)
);
CREATE INDEX audit_events_office ON audit_events (office_id, id);

-- The live head of each chain; its row is locked while an entry is appended. snapshot_on is
-- the Bangkok date of the chain's latest audit_heads row.
CREATE TABLE audit_chains (
    chain TEXT PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    snapshot_on DATE
);

-- Snapshots of the heads (daily and on every verify), so that deleting the newest entries
-- of a chain is caught too.
CREATE TABLE audit_heads (
    id INTEGER PRIMARY KEY,
    chain TEXT NOT NULL,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX audit_heads_chain ON audit_heads (chain, recorded_at);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_heads_no_update BEFORE UPDATE ON audit_heads
BEGIN SELECT RAISE(ABORT, 'audit_heads is append-only'); END;
CREATE TRIGGER audit_heads_no_delete BEFORE DELETE ON audit_heads
BEGIN SELECT RAISE(ABORT, 'audit_heads is append-only'); END;
