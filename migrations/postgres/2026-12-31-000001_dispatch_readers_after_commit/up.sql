-- A dispatch's readers are indexed after its commit, not inside it
-- (docs/decisions/0011-dispatch-readers-after-commit.md). A national circular's 8,450 reader
-- rows, each a copy of the letter's search document in a trigram GIN, were about 60 % of the
-- dispatch's time. Now the dispatch's deliveries queue the dispatch in `reader_backlog`; the
-- upkeep thread of any saraban process writes the rows a chunk of deliveries at a time
-- (saraban_index_dispatch_readers), and until then an office's search also reads the queued
-- dispatches' deliveries (src/db/search_sql.rs), so a letter is found the moment it is
-- delivered. Deliveries made without a dispatch (routing, exchange) still write their row at once.
CREATE TABLE reader_backlog (
    dispatch_id BIGINT PRIMARY KEY REFERENCES dispatches (id),
    letter_id BIGINT NOT NULL REFERENCES letters (id),
    -- Deliveries up to this id already have their reader rows.
    done_through BIGINT NOT NULL DEFAULT 0
);

CREATE OR REPLACE FUNCTION saraban_readers_of_deliveries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO reader_backlog (dispatch_id, letter_id)
    SELECT DISTINCT dispatch_id, letter_id FROM new_rows WHERE dispatch_id IS NOT NULL
    ON CONFLICT DO NOTHING;
    INSERT INTO letter_readers (org_id, letter_id, sort_date, doc)
    WITH docs AS MATERIALIZED (
        SELECT l.id, coalesce(l.dated, DATE '0001-01-01') AS sort_date, saraban_reader_doc(l) AS doc
        FROM letters l
        WHERE l.id IN (SELECT letter_id FROM new_rows WHERE dispatch_id IS NULL)
    )
    SELECT p.recipient_id, d.id, d.sort_date, d.doc
    FROM (SELECT DISTINCT recipient_id, letter_id FROM new_rows WHERE dispatch_id IS NULL) p
    JOIN docs d ON d.id = p.letter_id
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

-- A receipt of a delivery whose dispatch is queued leaves the office's row to the queue: the
-- row is written by saraban_index_dispatch_readers (and read from the queue until then). Written
-- here too, the two inserts of one (office, letter) key would wait on each other, and the
-- receipt would fold the document and add it to the trigram index inside its own request.
CREATE OR REPLACE FUNCTION saraban_readers_of_receipts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r RECORD;
BEGIN
    FOR r IN SELECT DISTINCT org_id, letter_id, delivery_id FROM new_rows LOOP
        IF NOT EXISTS (SELECT 1 FROM letter_readers
                       WHERE org_id = r.org_id AND letter_id = r.letter_id)
           AND NOT EXISTS (SELECT 1 FROM deliveries d
                           JOIN reader_backlog b ON b.dispatch_id = d.dispatch_id
                           WHERE d.id = r.delivery_id AND d.recipient_id = r.org_id) THEN
            INSERT INTO letter_readers (org_id, letter_id, sort_date, doc)
            SELECT r.org_id, l.id, coalesce(l.dated, DATE '0001-01-01'), saraban_reader_doc(l)
            FROM letters l
            WHERE l.id = r.letter_id AND l.secrecy = 'normal'
            ON CONFLICT DO NOTHING;
        END IF;
    END LOOP;
    RETURN NULL;
END $$;

-- Writes the reader rows of up to `chunk` deliveries of the oldest queued dispatch that no other
-- session is working on (found by the letter's index on deliveries, never a scan of the table), and moves its mark (or takes it off the queue once done). Returns 0
-- when nothing was queued, 1 otherwise; each call is meant to be a transaction of its own, so a
-- receipt of the letter never waits long behind rows written here.
CREATE FUNCTION saraban_index_dispatch_readers(chunk integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    b reader_backlog%ROWTYPE;
    last_id bigint;
    n integer;
BEGIN
    SELECT * INTO b FROM reader_backlog ORDER BY dispatch_id LIMIT 1 FOR UPDATE SKIP LOCKED;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;
    SELECT max(id), count(*) INTO last_id, n
    FROM (SELECT id FROM deliveries
          WHERE letter_id = b.letter_id AND dispatch_id = b.dispatch_id AND id > b.done_through
          ORDER BY id LIMIT chunk) s;
    IF n > 0 THEN
        INSERT INTO letter_readers (org_id, letter_id, sort_date, doc)
        SELECT DISTINCT d.recipient_id, x.id, x.sort_date, x.doc
        FROM deliveries d
        CROSS JOIN (SELECT l.id, coalesce(l.dated, DATE '0001-01-01') AS sort_date,
                           saraban_reader_doc(l) AS doc
                    FROM letters l WHERE l.id = b.letter_id) x
        WHERE d.letter_id = b.letter_id AND d.dispatch_id = b.dispatch_id
          AND d.id > b.done_through AND d.id <= last_id
        ON CONFLICT DO NOTHING;
    END IF;
    IF n < chunk THEN
        DELETE FROM reader_backlog WHERE dispatch_id = b.dispatch_id;
    ELSE
        UPDATE reader_backlog SET done_through = last_id WHERE dispatch_id = b.dispatch_id;
    END IF;
    RETURN 1;
END $$;
