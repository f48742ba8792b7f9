DROP TRIGGER IF EXISTS letters_fts_delete;
DROP TRIGGER IF EXISTS letters_fts_update;
DROP TRIGGER IF EXISTS letters_fts_insert;
DROP TABLE IF EXISTS letters_fts;
DROP VIEW IF EXISTS letters_fts_doc;
