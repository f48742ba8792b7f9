-- A receipt's reader row is checked with the office and letter as plpgsql variables, so the
-- lookup in letter_readers reaches only that office's partition. The anti-join of the previous
-- version took them from the transition table, a value PostgreSQL learns only while the join
-- runs: its plan opened and locked all 64 partitions and their indexes on every receipt
-- (0.66 ms a receipt against 0.08 ms now, measured on a database of the bench).
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
