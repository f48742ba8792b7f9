-- A letter's search document once per letter, not once per delivery (docs/search.md): a
-- national circular inserts thousands of deliveries of one letter in one statement, and the
-- trigger folded the same document for each of them, then compared the long documents to drop
-- duplicates. Now the (office, letter) pairs are made distinct first and each letter's
-- document is folded once.
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
