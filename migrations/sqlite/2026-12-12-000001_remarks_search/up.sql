-- Receipt remarks (หมายเหตุ) in Thai search (docs/search.md). A remark is the receiving office's
-- own note, so it is indexed per receipt and matched only for that office (the query side).
-- Folded exactly like letters_fts_doc, thai::normalize::search_key and saraban_fold.
CREATE VIEW receipt_remarks_fts_doc AS
SELECT id,
    replace(replace(replace(replace(replace(
    replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
        remarks,
        '๐', '0'), '๑', '1'), '๒', '2'), '๓', '3'), '๔', '4'),
        '๕', '5'), '๖', '6'), '๗', '7'), '๘', '8'), '๙', '9'),
        'ํ่า', '่ำ'), 'ํ้า', '้ำ'), 'ํ๊า', '๊ำ'), 'ํ๋า', '๋ำ'), 'ํา', 'ำ') AS doc
FROM receipts
WHERE remarks IS NOT NULL AND remarks <> '';

CREATE VIRTUAL TABLE receipt_remarks_fts USING fts5(doc, tokenize = 'trigram');

INSERT INTO receipt_remarks_fts (rowid, doc) SELECT id, doc FROM receipt_remarks_fts_doc;

CREATE TRIGGER receipt_remarks_fts_insert AFTER INSERT ON receipts BEGIN
    INSERT INTO receipt_remarks_fts (rowid, doc)
        SELECT id, doc FROM receipt_remarks_fts_doc WHERE id = new.id;
END;

CREATE TRIGGER receipt_remarks_fts_update AFTER UPDATE OF remarks ON receipts BEGIN
    DELETE FROM receipt_remarks_fts WHERE rowid = old.id;
    INSERT INTO receipt_remarks_fts (rowid, doc)
        SELECT id, doc FROM receipt_remarks_fts_doc WHERE id = new.id;
END;

CREATE TRIGGER receipt_remarks_fts_delete AFTER DELETE ON receipts BEGIN
    DELETE FROM receipt_remarks_fts WHERE rowid = old.id;
END;
