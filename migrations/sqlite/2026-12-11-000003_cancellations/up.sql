-- Cancelled receipts and letter numbers (ยกเลิก): the number stays burned and the register
-- shows it as cancelled, with the reason. One cancellation per record.
CREATE TABLE cancellations (
    id INTEGER PRIMARY KEY,
    target_type TEXT NOT NULL CHECK (target_type IN ('receipt', 'letter')),
    target_id BIGINT NOT NULL,
    org_id BIGINT NOT NULL REFERENCES orgs (id),
    reason TEXT NOT NULL,
    cancelled_by BIGINT REFERENCES users (id),
    cancelled_at TIMESTAMP NOT NULL,
    UNIQUE (target_type, target_id)
);
