-- Thai search over letters (docs/search.md). Thai has no spaces between words, so a word in the
-- middle of a sentence is found by substring (ILIKE '%…%'), which pg_trgm's GIN index serves.
--
-- The indexed document is an expression over the letter's own columns, so PostgreSQL keeps the
-- index in step on every insert and update with no trigger. It must fold text the same way as
-- thai::normalize::search_key and the SQLite view letters_fts_doc: Thai digits to ASCII,
-- NIKHAHIT + SARA AA to SARA AM (with a tone mark moved before it). Stored texts are already NFC
-- with single spaces (domain::validate::text); case is folded by ILIKE. Fields are separated by
-- a newline, which a query never holds, so no match spans two fields.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE FUNCTION saraban_search_doc(
    subject TEXT, from_name TEXT, addressee TEXT, number_raw TEXT, number_canonical TEXT
) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT replace(replace(replace(replace(replace(
        translate(
            subject || chr(10) || from_name || chr(10) || addressee || chr(10) ||
            number_raw || chr(10) || number_canonical || chr(10) || replace(number_canonical, ' ', ''),
            '๐๑๒๓๔๕๖๗๘๙', '0123456789'),
        'ํ่า', '่ำ'), 'ํ้า', '้ำ'), 'ํ๊า', '๊ำ'), 'ํ๋า', '๋ำ'), 'ํา', 'ำ')
$$;

CREATE INDEX letters_search_trgm ON letters
    USING gin (saraban_search_doc(subject, from_name, addressee, number_raw, number_canonical) gin_trgm_ops);
