-- Thai search over letters (docs/search.md). Thai has no spaces between words, so a word in the
-- middle of a sentence is found by substring, which FTS5's trigram tokenizer indexes.
--
-- The indexed document is built here in SQL, by triggers, so that every insert path (the model,
-- a later one, the sqlite3 shell) keeps the index in step. It must fold text the same way as
-- thai::normalize::search_key and the PostgreSQL function saraban_search_doc: Thai digits to
-- ASCII, NIKHAHIT + SARA AA to SARA AM (with a tone mark moved before it). Stored texts are
-- already NFC with single spaces (domain::validate::text); case is folded by the matcher.
-- Fields are separated by a newline, which a query never holds, so no match spans two fields.
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

CREATE VIRTUAL TABLE letters_fts USING fts5(doc, tokenize = 'trigram');

INSERT INTO letters_fts (rowid, doc) SELECT id, doc FROM letters_fts_doc;

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
