DROP TRIGGER letter_readers_deliveries;
CREATE TRIGGER letter_readers_deliveries AFTER INSERT ON deliveries BEGIN
    INSERT OR IGNORE INTO letter_readers (org_id, letter_id, sort_date, doc)
        SELECT new.recipient_id, id, sort_date, doc FROM letter_readers_doc WHERE id = new.letter_id;
END;
