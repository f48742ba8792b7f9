-- Back to a stored body on every row. A notice still waiting to be rendered gets an empty
-- text body (the code of before this migration cannot render one at send time).
UPDATE email_outbox SET body_text = '' WHERE body_text IS NULL;
ALTER TABLE email_outbox ALTER COLUMN body_text SET NOT NULL;
