-- Every queued dispatch's readers written, then the trigger as migration 2026-12-25-000002 left it.
DO $$
BEGIN
    WHILE saraban_index_dispatch_readers(100000) > 0 LOOP
    END LOOP;
END $$;
DROP FUNCTION saraban_index_dispatch_readers(integer);
CREATE OR REPLACE FUNCTION saraban_readers_of_deliveries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO letter_readers (org_id, letter_id, sort_date, doc)
    WITH docs AS MATERIALIZED (
        SELECT l.id, coalesce(l.dated, DATE '0001-01-01') AS sort_date, saraban_reader_doc(l) AS doc
        FROM letters l WHERE l.id IN (SELECT letter_id FROM new_rows)
    )
    SELECT p.recipient_id, d.id, d.sort_date, d.doc
    FROM (SELECT DISTINCT recipient_id, letter_id FROM new_rows) p
    JOIN docs d ON d.id = p.letter_id
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
-- The receipts' trigger as migration 2026-12-28-000001 left it.
CREATE OR REPLACE FUNCTION saraban_readers_of_receipts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r RECORD;
BEGIN
    FOR r IN SELECT DISTINCT org_id, letter_id FROM new_rows LOOP
        IF NOT EXISTS (SELECT 1 FROM letter_readers
                       WHERE org_id = r.org_id AND letter_id = r.letter_id) THEN
            INSERT INTO letter_readers (org_id, letter_id, sort_date, doc)
            SELECT r.org_id, l.id, coalesce(l.dated, DATE '0001-01-01'), saraban_reader_doc(l)
            FROM letters l
            WHERE l.id = r.letter_id AND l.secrecy = 'normal'
            ON CONFLICT DO NOTHING;
        END IF;
    END LOOP;
    RETURN NULL;
END $$;
DROP TABLE reader_backlog;
