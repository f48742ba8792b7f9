-- The tamper-evident audit log (docs/security.md). One hash chain per office ('system' for
-- entries with no office): seq is gapless per chain, each hash is SHA-256 over the previous
-- hash and the entry's canonical content. A trigger refuses UPDATE, DELETE and TRUNCATE.
CREATE TABLE audit_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    chain TEXT NOT NULL,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX audit_heads_chain ON audit_heads (chain, recorded_at);

CREATE FUNCTION saraban_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION saraban_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION saraban_append_only();
CREATE TRIGGER audit_heads_append_only BEFORE UPDATE OR DELETE ON audit_heads
    FOR EACH ROW EXECUTE FUNCTION saraban_append_only();
CREATE TRIGGER audit_heads_no_truncate BEFORE TRUNCATE ON audit_heads
    FOR EACH STATEMENT EXECUTE FUNCTION saraban_append_only();
