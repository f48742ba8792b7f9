-- A letter's search document once per letter, not once per delivery (docs/search.md): a
-- national circular inserts thousands of deliveries of one letter, and each folded the same
-- document again (fifteen replace() and a lower() over the letter's text) only for
-- INSERT OR IGNORE to store it. Every reader row of a letter holds the same sort_date and doc
-- (letter_readers_follow updates them all), so a delivery copies the row of the letter's issuer
-- (or recorder), found by the (org_id, letter_id) index; the document is folded only when
-- that row is missing.
DROP TRIGGER letter_readers_deliveries;
CREATE TRIGGER letter_readers_deliveries AFTER INSERT ON deliveries BEGIN
    INSERT OR IGNORE INTO letter_readers (org_id, letter_id, sort_date, doc)
        SELECT new.recipient_id, r.letter_id, r.sort_date, r.doc
        FROM letters l JOIN letter_readers r
            ON r.org_id = coalesce(l.issuer_id, l.recorded_by_org_id) AND r.letter_id = l.id
        WHERE l.id = new.letter_id;
    INSERT OR IGNORE INTO letter_readers (org_id, letter_id, sort_date, doc)
        SELECT new.recipient_id, id, sort_date, doc FROM letter_readers_doc
        WHERE id = new.letter_id
          AND NOT EXISTS (SELECT 1 FROM letter_readers
                          WHERE org_id = new.recipient_id AND letter_id = new.letter_id);
END;
