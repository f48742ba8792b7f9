INSERT INTO letters_fts (rowid, doc)
    SELECT f.id, f.doc FROM letters_fts_queue q JOIN letters_fts_doc f ON f.id = q.id;

INSERT INTO letters_fts (letters_fts, rank) VALUES ('automerge', 4);

DROP TRIGGER letters_fts_insert;
DROP TRIGGER letters_fts_update;
DROP TRIGGER letters_fts_delete;
DROP TABLE letters_fts_queue;

CREATE TRIGGER letters_fts_insert AFTER INSERT ON letters BEGIN
    INSERT INTO letters_fts (rowid, doc) SELECT id, doc FROM letters_fts_doc WHERE id = new.id;
END;

CREATE TRIGGER letters_fts_update
AFTER UPDATE OF subject, from_name, addressee, number_raw, number_canonical ON letters BEGIN
    DELETE FROM letters_fts WHERE rowid = old.id;
    INSERT INTO letters_fts (rowid, doc) SELECT id, doc FROM letters_fts_doc WHERE id = new.id;
END;

CREATE TRIGGER letters_fts_delete AFTER DELETE ON letters BEGIN
    DELETE FROM letters_fts WHERE rowid = old.id;
END;

DROP TRIGGER receipt_remarks_fts_insert;
CREATE TRIGGER receipt_remarks_fts_insert AFTER INSERT ON receipts BEGIN
    INSERT INTO receipt_remarks_fts (rowid, doc)
        SELECT id, doc FROM receipt_remarks_fts_doc WHERE id = new.id;
END;

DROP TRIGGER letter_readers_receipts;
CREATE TRIGGER letter_readers_receipts AFTER INSERT ON receipts BEGIN
    INSERT OR IGNORE INTO letter_readers (org_id, letter_id, sort_date, doc)
        SELECT new.org_id, d.id, d.sort_date, d.doc FROM letter_readers_doc d
        JOIN letters l ON l.id = d.id
        WHERE d.id = new.letter_id AND l.secrecy = 'normal';
END;
