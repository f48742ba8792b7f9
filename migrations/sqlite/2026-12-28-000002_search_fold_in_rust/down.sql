DROP VIEW letter_readers_doc;
DROP VIEW letters_fts_doc;
DROP VIEW receipt_remarks_fts_doc;

CREATE VIEW letters_fts_doc AS
SELECT id,
    replace(replace(replace(replace(replace(
    replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
        subject || char(10) || from_name || char(10) || addressee || char(10) ||
        number_raw || char(10) || number_canonical || char(10) || replace(number_canonical, ' ', ''),
        '๐', '0'), '๑', '1'), '๒', '2'), '๓', '3'), '๔', '4'),
        '๕', '5'), '๖', '6'), '๗', '7'), '๘', '8'), '๙', '9'),
        'ํ่า', '่ำ'), 'ํ้า', '้ำ'), 'ํ๊า', '๊ำ'), 'ํ๋า', '๋ำ'), 'ํา', 'ำ') AS doc
FROM letters;

CREATE VIEW letter_readers_doc AS
SELECT l.id, coalesce(l.dated, '0001-01-01') AS sort_date, lower(f.doc) AS doc
FROM letters l JOIN letters_fts_doc f ON f.id = l.id;

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
