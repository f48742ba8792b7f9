-- Notices of deliveries are rendered when they are sent, not in the dispatch's transaction
-- (docs/decisions/0009-notices-rendered-at-send-time.md): their rows keep no body, so
-- `body_text` may be NULL. A row with a stored body (reminder digests, notices queued before
-- this change) is still sent as stored.
ALTER TABLE email_outbox ALTER COLUMN body_text DROP NOT NULL;
