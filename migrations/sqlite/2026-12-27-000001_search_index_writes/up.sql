-- A new or changed letter reaches the trigram index (letters_fts) once per transaction instead
-- of once per statement. FTS5 writes the terms it holds in memory out as a new index segment at
-- every savepoint, and every request in a group-commit batch runs in one (src/db/writer.rs), so
-- each receipt's letter became a segment of its own and FTS5 spent its time merging them. The
-- triggers now queue the letter's id; the statement in src/db/backend.rs (`index_queued_letters`)
-- indexes the queue right before each COMMIT, so what is committed is always indexed.
CREATE TABLE letters_fts_queue (id INTEGER PRIMARY KEY);

-- Each commit adds one small segment; merge them 16 at a time instead of 4, so the writer merges
-- a quarter as often (a search reads a few more segments).
INSERT INTO letters_fts (letters_fts, rank) VALUES ('automerge', 16);

DROP TRIGGER letters_fts_insert;
DROP TRIGGER letters_fts_update;
DROP TRIGGER letters_fts_delete;

CREATE TRIGGER letters_fts_insert AFTER INSERT ON letters BEGIN
    INSERT OR IGNORE INTO letters_fts_queue (id) VALUES (new.id);
END;

CREATE TRIGGER letters_fts_update
AFTER UPDATE OF subject, from_name, addressee, number_raw, number_canonical ON letters BEGIN
    DELETE FROM letters_fts WHERE rowid = old.id;
    INSERT OR IGNORE INTO letters_fts_queue (id) VALUES (new.id);
END;

CREATE TRIGGER letters_fts_delete AFTER DELETE ON letters BEGIN
    DELETE FROM letters_fts WHERE rowid = old.id;
    DELETE FROM letters_fts_queue WHERE id = old.id;
END;

-- A receipt without remarks leaves the remarks index alone (it used to join the transaction,
-- and so every later savepoint, with nothing to add).
DROP TRIGGER receipt_remarks_fts_insert;
CREATE TRIGGER receipt_remarks_fts_insert AFTER INSERT ON receipts
WHEN new.remarks IS NOT NULL AND new.remarks <> '' BEGIN
    INSERT INTO receipt_remarks_fts (rowid, doc)
        SELECT id, doc FROM receipt_remarks_fts_doc WHERE id = new.id;
END;

-- A receipt by an office that already reads the letter (its own recorded copy, a delivery to it)
-- no longer folds the letter's document only to have the row ignored.
DROP TRIGGER letter_readers_receipts;
CREATE TRIGGER letter_readers_receipts AFTER INSERT ON receipts
WHEN NOT EXISTS (SELECT 1 FROM letter_readers WHERE org_id = new.org_id AND letter_id = new.letter_id)
BEGIN
    INSERT OR IGNORE INTO letter_readers (org_id, letter_id, sort_date, doc)
        SELECT new.org_id, d.id, d.sort_date, d.doc FROM letter_readers_doc d
        JOIN letters l ON l.id = d.id
        WHERE d.id = new.letter_id AND l.secrecy = 'normal';
END;
