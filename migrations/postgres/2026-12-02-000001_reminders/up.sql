-- One row per office and reminder period (docs/outbox.md, Reminders): the digest of that
-- period was queued, in the same transaction as its outbox row. The unique key is what keeps
-- two workers from mailing an office twice in one period.
CREATE TABLE reminder_runs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs (id),
    -- The Bangkok date on which the period began, YYYY-MM-DD.
    period_key TEXT NOT NULL,
    -- The digest in the outbox; set in the same transaction as the row.
    notice_id BIGINT REFERENCES email_outbox (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, period_key)
);
