CREATE OR REPLACE FUNCTION saraban_readers_of_receipts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO letter_readers (org_id, letter_id, sort_date, doc)
    SELECT DISTINCT n.org_id, l.id, coalesce(l.dated, DATE '0001-01-01'), saraban_reader_doc(l)
    FROM new_rows n JOIN letters l ON l.id = n.letter_id
    WHERE l.secrecy = 'normal'
      AND NOT EXISTS (SELECT 1 FROM letter_readers r
                      WHERE r.org_id = n.org_id AND r.letter_id = n.letter_id)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
