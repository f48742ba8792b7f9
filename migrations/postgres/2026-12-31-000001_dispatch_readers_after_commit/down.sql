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
DROP TABLE reader_backlog;
