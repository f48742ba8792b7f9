-- The search document is folded by saraban_fold(), a function the application registers on
-- each of its connections (src/db/fold.rs), instead of fifteen chained replace() calls: they
-- were a tenth of the writer's time on a receipt, run twice for every new letter (its reader
-- rows, then its trigram index at commit). Same text out, held equal by a unit test.
DROP VIEW letter_readers_doc;
DROP VIEW letters_fts_doc;
DROP VIEW receipt_remarks_fts_doc;

CREATE VIEW letters_fts_doc AS
SELECT id, saraban_fold(
        subject || char(10) || from_name || char(10) || addressee || char(10) ||
        number_raw || char(10) || number_canonical || char(10) || replace(number_canonical, ' ', '')
    ) AS doc
FROM letters;

CREATE VIEW letter_readers_doc AS
SELECT l.id, coalesce(l.dated, '0001-01-01') AS sort_date, lower(f.doc) AS doc
FROM letters l JOIN letters_fts_doc f ON f.id = l.id;

CREATE VIEW receipt_remarks_fts_doc AS
SELECT id, saraban_fold(remarks) AS doc
FROM receipts
WHERE remarks IS NOT NULL AND remarks <> '';
